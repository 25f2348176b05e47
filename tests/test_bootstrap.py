from tpbis import metrics
from tpbis.bootstrap import bootstrap
from tpbis.store import open_store


def test_second_run_does_nothing(demo_db):
    store = open_store(demo_db)
    try:
        assert bootstrap(store, "programme") == []
        assert metrics.is_demo(store)
        assert store.scalar("SELECT count(*) FROM province") == 34
        assert store.scalar("SELECT count(*) FROM regency") == 514
    finally:
        store.close()


def test_demo_headline_matches_generator(demo_db, demo_records):
    store = open_store(demo_db)
    try:
        numbers = metrics.headline(store, metrics.Scope())
    finally:
        store.close()
    assert numbers["libraries"] == len(demo_records["library"])
    assert numbers["provinces"] == 34


def test_demo_came_in_through_the_import_checks(demo_db):
    from tpbis import importer
    store = open_store(demo_db)
    try:
        log = importer.log(store)
    finally:
        store.close()
    assert list(log["imported_by"]) == ["generator data demo"]
    assert '"activity":' in log.iloc[0]["counts"]

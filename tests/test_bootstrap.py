from tpbis import metrics
from tpbis.bootstrap import bootstrap
from tpbis.store import Store


def test_second_run_does_nothing(demo_db):
    store = Store(demo_db)
    try:
        assert bootstrap(store, "programme") == []
        assert metrics.is_demo(store)
        assert store.scalar("SELECT count(*) FROM province") == 34
        assert store.scalar("SELECT count(*) FROM regency") == 514
    finally:
        store.close()


def test_demo_headline_matches_generator(demo_db, demo_records):
    store = Store(demo_db)
    try:
        numbers = metrics.headline(store, metrics.Scope())
    finally:
        store.close()
    assert numbers["libraries"] == len(demo_records["library"])
    assert numbers["provinces"] == 34

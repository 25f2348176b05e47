from tpbis import metrics
from tpbis.bootstrap import bootstrap
from tpbis.filters import Filters


def test_second_run_does_nothing(demo_store):
    assert bootstrap(demo_store, "programme") == []
    assert metrics.is_demo(demo_store)
    assert demo_store.scalar("SELECT count(*) FROM province") == 34
    assert demo_store.scalar("SELECT count(*) FROM regency") == 514


def test_demo_headline_matches_generator(demo_records, demo_store):
    numbers = metrics.headline(demo_store, Filters())
    assert numbers["libraries"] == len(demo_records["library"])
    assert numbers["provinces"] == 34


def test_demo_came_in_through_the_import_checks(demo_store):
    from tpbis.imports import apply as applying

    log = applying.log(demo_store)
    assert list(log["imported_by"]) == ["generator data demo"]
    assert '"activity":' in log.iloc[0]["counts"]

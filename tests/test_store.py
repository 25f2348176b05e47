import pandas as pd
import pytest

from tpbis.store import answering, migrations, open_store


def test_migrations_numbered_and_idempotent(new_database):
    versions = [v for v, _, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    location = new_database()
    store = open_store(location)
    assert store.migrate() == versions
    assert store.migrate() == []
    assert store.schema_version() == versions[-1]
    store.close()
    with open_store(location) as again:
        assert again.schema_version() == versions[-1]


def test_transaction_rolls_back_everything(new_database):
    with open_store(new_database()) as store:
        store.migrate()
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.execute("INSERT INTO province VALUES ('99', 'Uji')")
                raise RuntimeError("stop")
        assert store.scalar("SELECT count(*) FROM province") == 0


def test_insert_frame_replaces_on_key(new_database):
    with open_store(new_database()) as store:
        store.migrate()
        store.insert_frame("province", pd.DataFrame({"code": ["11", "12"], "name": ["A", "B"]}))
        store.insert_frame("province", pd.DataFrame({"code": ["12"], "name": ["B2"]}), key=["code"])
        assert store.query("SELECT name FROM province ORDER BY code")["name"].tolist() == ["A", "B2"]


def test_named_parameters_not_confused_with_casts(new_database):
    with open_store(new_database()) as store:
        assert store.scalar("SELECT CAST(:x AS INTEGER) + '1'::INTEGER", {"x": "41"}) == 42


def test_dataset_facts_round_trip(new_database):
    with open_store(new_database()) as store:
        store.migrate()
        store.set_dataset_facts({"is_demo": "1", "as_of": "2024-12-31"})
        store.set_dataset_facts({"as_of": "2025-01-31"})
        assert store.dataset_facts() == {"is_demo": "1", "as_of": "2025-01-31"}


def test_facts_are_read_once_per_data_version_while_answering(new_database):
    with open_store(new_database()) as store:
        store.migrate()
        store.set_dataset_facts({"as_of": "2026-10-31"})
        with answering("1-0"):
            assert store.dataset_facts()["as_of"] == "2026-10-31"
            store.set_dataset_facts({"as_of": "2026-11-30"})  # as another worker's import would
            assert store.dataset_facts()["as_of"] == "2026-10-31"
        with answering("2-0"):  # the import's new version
            assert store.dataset_facts()["as_of"] == "2026-11-30"
        assert store.dataset_facts()["as_of"] == "2026-11-30"  # outside an answer: always read


def test_many_short_threads_share_a_few_connections(new_database):
    """Streamlit runs each script run in a new thread: the store must not open a connection each time."""
    import threading

    from tests import databases

    if not databases.on_postgres():
        pytest.skip("connection pooling is PostgreSQL's; DuckDB is one file in this process")
    location = new_database()
    store = open_store(location)
    for _ in range(30):
        worker = threading.Thread(target=store.scalar, args=("SELECT 1",))
        worker.start()
        worker.join()
    name = location.rsplit("/", 1)[1]
    assert store.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = :d", {"d": name}) <= 3
    store.close()

"""Shared fixtures: the reference geography (read once), a small hand-countable store and a
programme-scale demo store on disk for page and browser tests."""
from __future__ import annotations

import pytest

from tests.fixtures import AS_OF, small_records
from tpbis import demo
from tpbis.bootstrap import bootstrap
from tpbis.geography import load_reference
from tpbis.loader import apply_records, load_reference as load_reference_into
from tpbis.store import Store


@pytest.fixture(scope="session")
def geography():
    return load_reference()


@pytest.fixture(scope="session")
def reference_store(geography):
    store = Store(":memory:")
    store.migrate()
    load_reference_into(store, geography)
    return store


@pytest.fixture()
def small_store(geography):
    store = Store(":memory:")
    store.migrate()
    load_reference_into(store, geography)
    apply_records(store, small_records(), {"as_of": AS_OF.isoformat()})
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A DuckDB file with the programme-scale demo, set up exactly as `make run` does."""
    path = tmp_path_factory.mktemp("db") / "demo.duckdb"
    store = Store(path)
    bootstrap(store, "programme")
    store.close()
    return str(path)


@pytest.fixture(scope="session")
def demo_records(geography):
    return demo.generate(geography.villages, geography.regencies.set_index("code")["name"])

"""Shared fixtures: the reference geography (read once), a small hand-countable store and a
programme-scale demo store on disk for page and browser tests."""

from __future__ import annotations

import fcntl
import inspect
import os
import time

import pytest

from tests import databases
from tests.fixtures import AS_OF, small_records
from tpbis import demo
from tpbis.bootstrap import bootstrap
from tpbis.geography import load_reference
from tpbis.loader import apply_records
from tpbis.loader import load_reference as load_reference_into
from tpbis.store import Store, open_store

# The app servers the browser tests start make no answers ahead while idle (tpbis_ui.warming):
# their browsers draw pages while the server is idle, on the same 2 cores as two more test runs.
os.environ.setdefault("TPBIS_WARM_BUDGET_MB", "0")

DATABASE_FIXTURES = {"reference_template", "reference_store", "new_database", "small_store", "demo_db", "demo_store"}


def _runs_on_postgres(item: pytest.Item) -> bool:
    """What the PostgreSQL run repeats: tests that write or check the database. Tests that open
    none, and page renders that only read the demo (AppTest without own_store), ran on DuckDB
    already and would only repeat themselves; tests marked for it run there as well."""
    if item.get_closest_marker("both_backends") or item.get_closest_marker("serve"):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    if "open_page" in fixtures and "own_store" not in fixtures:
        return False
    if DATABASE_FIXTURES & fixtures:
        return True
    source = inspect.getsource(item.function) if hasattr(item, "function") else ""
    return "databases." in source or "open_store(" in source


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL (make test's third run) only the tests _runs_on_postgres keeps."""
    if not databases.on_postgres():
        return
    kept = [item for item in items if _runs_on_postgres(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


SLOW_TEARDOWN = 3.0  # seconds: a fixture's teardown this long is named at the end of the run


class _TeardownClock:
    """Names the fixtures whose teardown was slow. A plugin of its own, not conftest hooks: the
    session's fixtures end under the session node, which does not see a conftest's hooks."""

    def __init__(self) -> None:
        self.since = 0.0
        self.slow: list[tuple[float, str, str]] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        self.since = time.perf_counter()
        try:
            return (yield)
        finally:
            self.since = 0.0

    def pytest_fixture_post_finalizer(self, fixturedef, request) -> None:
        # fixtures end one after another: the time since the previous one ended is this one's
        now = time.perf_counter()
        if self.since and now - self.since > SLOW_TEARDOWN:
            self.slow.append((now - self.since, fixturedef.argname, fixturedef.scope))
        if self.since:
            self.since = now

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for seconds, name, scope in self.slow:
            terminalreporter.write_line(f"slow teardown: {name} ({scope}) {seconds:.1f} s")


class _RerunReasons:
    """Says why a test was run again (make test's --reruns): the summary names it only."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def pytest_runtest_logreport(self, report) -> None:
        if report.outcome == "rerun":
            lines = [line for line in report.longreprtext.splitlines() if line.startswith("E ")]
            self.reasons.append(f"{report.nodeid} ({report.when}): {' | '.join(lines[:3])[:400]}")

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for reason in self.reasons:
            terminalreporter.write_line(f"ran again: {reason}")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_TeardownClock(), "tpbis-teardown-clock")
    config.pluginmanager.register(_RerunReasons(), "tpbis-rerun-reasons")


@pytest.fixture(scope="session")
def geography():
    return load_reference()


@pytest.fixture(scope="session", autouse=True)
def _test_databases_of_earlier_runs_dropped():
    """This run's databases stay at the end: dropping the few hundred a run makes took 28 s
    (55 s under make test's load), and make test starts on a new server each time."""
    databases.drop_all()


@pytest.fixture(scope="session")
def reference_template(geography) -> str | None:
    """On PostgreSQL, a database with the reference geography that others are cloned from."""
    if not databases.on_postgres():
        return None
    location = databases.new_database()
    store = open_store(location)
    store.migrate()
    load_reference_into(store, geography)
    store.close()
    return databases.freeze(location)


def _with_reference(geography, template) -> Store:
    if template:
        return open_store(databases.copy_of(template, None))
    store = open_store(":memory:")
    store.migrate()
    load_reference_into(store, geography)
    return store


@pytest.fixture(scope="session")
def reference_store(geography, reference_template):
    with _with_reference(geography, reference_template) as store:
        yield store


@pytest.fixture()
def new_database(tmp_path):
    """An empty database (DuckDB file or a new PostgreSQL database), as a location."""
    return lambda: databases.new_database(tmp_path)


@pytest.fixture(scope="session")
def small_template(geography, reference_template, tmp_path_factory) -> str:
    """The hand-countable store, built once (the reference geography alone takes seconds)."""
    if reference_template:
        location = databases.copy_of(reference_template, None)
    else:
        location = str(tmp_path_factory.mktemp("small") / "small.duckdb")
        with open_store(location) as store:
            store.migrate()
            load_reference_into(store, geography)
    with open_store(location) as store:
        apply_records(store, small_records(), {"as_of": AS_OF.isoformat()})
    return databases.freeze(location)


@pytest.fixture()
def small_store(small_template, tmp_path):
    """A copy of the hand-countable store of its own for each test."""
    store = open_store(databases.copy_of(small_template, tmp_path))
    yield store
    store.close()


def _bootstrapped(location: str) -> str:
    with open_store(location) as store:
        bootstrap(store, "programme")
    return location


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A database with the programme-scale demo, set up exactly as `make run` does. The DuckDB
    runs of `make test` build it once between them (TPBIS_TEST_SHARED_DEMO, under a lock) and
    each takes its own copy."""
    folder = tmp_path_factory.mktemp("db")
    shared = os.environ.get("TPBIS_TEST_SHARED_DEMO")
    if databases.on_postgres() or not shared:
        return databases.freeze(_bootstrapped(databases.new_database(folder)))
    with open(shared + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other run waits while the first builds it
        if not os.path.exists(shared):
            os.replace(_bootstrapped(databases.new_database(folder)), shared)
    return databases.copy_of(shared, folder)


@pytest.fixture(scope="session")
def demo_store(demo_db):
    """One store on the demo database for the tests that read it (closed at the end)."""
    with open_store(demo_db) as store:
        yield store


@pytest.fixture(scope="session")
def demo_records(geography):
    return demo.generate(geography.villages, geography.regencies.set_index("code")["name"])


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test."""
    import os

    from tests.browser import CHROMIUM, launch_chromium

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url(demo_db, tmp_path_factory):
    """The app served for the browser tests (one for the session), on its own copy of the demo
    (it holds the DuckDB file for writing) with one admin, tests.browser.ADMIN."""
    from tests.browser import ADMIN, running_app
    from tpbis import accounts

    folder = tmp_path_factory.mktemp("app")
    database = databases.copy_of(demo_db, folder)
    with open_store(database) as store:
        accounts.save_user(store, ADMIN[0], "Admin Rapat", "admin", password=ADMIN[1])
    with running_app(database, folder / "streamlit.log") as url:
        yield url


@pytest.fixture()
def own_store(demo_db, tmp_path):
    """A copy of the demo database for a test that writes (open_page then shows this copy)."""
    with open_store(databases.copy_of(demo_db, tmp_path)) as store:
        yield store


@pytest.fixture()
def open_page(request, demo_db, monkeypatch):
    """Opens a page of the app in AppTest, on the demo database (or the test's own_store):
    open_page(navigation.TRAINING, province="32")."""
    from tests import app

    location = request.getfixturevalue("own_store").path if "own_store" in request.fixturenames else demo_db
    for name, value in databases.environment(location).items():
        monkeypatch.setenv(name, value)
    return app.open_page

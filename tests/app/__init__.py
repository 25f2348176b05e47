"""The app under AppTest: a new app, and a fixture that opens one page with URL parameters."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tpbis_ui import navigation

ENTRY = Path(__file__).parent / "entry.py"


def app_test(timeout: int = 60) -> AppTest:
    """A new AppTest of the whole app (dashboard.py), not yet run."""
    return AppTest.from_file(str(ENTRY), default_timeout=timeout)


def page_path(page: navigation.PageSpec) -> str:
    """The page's file as AppTest.switch_page wants it: relative to the entry script."""
    return os.path.relpath(navigation.PAGES_DIR / f"{page.module}.py", ENTRY.parent)


def open_page(page: navigation.PageSpec = navigation.OVERVIEW, /, **params: str) -> AppTest:
    """The app run with these URL parameters, then switched to `page` (AppTest needs a first run
    to know the pages st.navigation registers)."""
    app = app_test()
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page is not navigation.OVERVIEW:
        app.switch_page(page_path(page)).run()
    assert not app.exception, app.exception
    return app

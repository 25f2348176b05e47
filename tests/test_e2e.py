"""End to end: the real app in headless Chromium, offline."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser import CHROMIUM, launch_chromium, running_app

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def app_url(demo_db, tmp_path_factory):
    with running_app(demo_db, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    import os
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def test_overview_opens_without_error_and_offline(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside = []
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", "localhost")
            and not r.url.startswith(("data:", "blob:")) and outside.append(r.url))
    page.goto(f"{app_url}/?cohort=2022")
    page.get_by_role("heading", name="Ringkasan Program TPBIS").wait_for(timeout=30_000)
    page.get_by_text("Perpustakaan desa", exact=True).wait_for()
    assert page.get_by_text("DATA DEMO").first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "cohort=2022" in page.url
    assert outside == [], f"requests left the machine: {outside[:5]}"
    page.close()

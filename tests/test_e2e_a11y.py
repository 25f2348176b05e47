"""Accessibility in headless Chromium: axe-core's WCAG 2.1 A and AA rules on every page a visitor
or a signed-in admin reaches, in both languages and in presenter mode; the map's drill-down from
the keyboard alone."""

from __future__ import annotations

import functools
import json
import tarfile

import pytest

from tests.browser import ADMIN, MAP_CANVAS, sign_in, wait_idle
from tpbis import sources
from tpbis.i18n import t
from tpbis_ui import navigation

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Findings in Streamlit's own frontend that the app cannot change: (rule, where, why). Only these.
ALLOWED = [
    # a disabled picker's label is pale on purpose; WCAG 1.4.3 exempts inactive controls, but
    # axe cannot tell that Streamlit's separate label element belongs to one
    ("color-contrast", '[data-testid="stSelectbox"]:has(input:disabled) > [data-testid="stWidgetLabel"]'),
]
VISITOR = [spec for spec in navigation.ALL if spec is not navigation.USERS]  # the users page is for admins
SIGNED_IN = [navigation.DATA_IMPORT, navigation.USERS, navigation.FOLLOW_UPS]  # forms only editors see
AXE_RUN = """async ([tags, allowed]) => {
  const found = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const excused = (rule, target) => allowed.some(([r, where]) =>
    r === rule && document.querySelector(target.at(-1))?.closest(where));
  return found.violations.flatMap(v => v.nodes.filter(n => !excused(v.id, n.target))
    .map(n => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.split('\\n')[1] || ''}`));
}"""


@functools.cache
def _axe_source() -> str:
    with tarfile.open(sources.fetch(sources.AXE_CORE)) as package:
        member = package.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode()


def violations(page, lang: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA findings on the page as it stands, but for ALLOWED; and <html lang>."""
    wait_idle(page)
    page.wait_for_function(f"document.documentElement.lang === {lang!r}", timeout=30_000)
    label = json.dumps(t("frame.menu", lang))  # the page's styles of this language are in place
    page.wait_for_function(
        f"getComputedStyle(document.documentElement).getPropertyValue('--tpbis-menu-label').trim() === {label!r}",
        timeout=10_000,
    )
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    return page.evaluate(AXE_RUN, [WCAG, ALLOWED])


def open_from_menu(page, spec: navigation.PageSpec, lang: str) -> None:
    """Switch page in the same session, as a visitor does, and wait for its title."""
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.url_path}"]').click()
    title = f"{t(spec.title_key, lang)} · TPBIS Monitor"
    try:
        page.wait_for_function(f"document.title === {title!r}", timeout=30_000)
    except playwright_api.TimeoutError:  # e.g. the language lost on the way: say which page came
        raise AssertionError(f"{title!r} expected, {page.title()!r} shown at {page.url}") from None


def test_every_page_meets_wcag_21_aa_in_both_languages_presenting_and_signed_in(app_url, browser, demo_store):
    library = demo_store.scalar("SELECT min(library_code) FROM library")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    found: dict[str, list[str]] = {}
    for lang in ("id", "en"):
        page.goto(f"{app_url}/?lang={lang}")
        page.get_by_role("heading", name=t("overview.title", lang)).wait_for(timeout=30_000)
        for spec in VISITOR:
            if spec is not navigation.OVERVIEW:
                open_from_menu(page, spec, lang)
            found[f"{lang} /{spec.url_path}"] = violations(page, lang)
        page.goto(f"{app_url}/perpustakaan?library={library}&lang={lang}")
        page.locator("h1").first.wait_for(timeout=30_000)
        found[f"{lang} profile"] = violations(page, lang)
    for path in ("/presentasi?presenter=1", "/peta?presenter=1"):
        page.goto(app_url + path)
        page.locator(".st-key-presenter-exit").wait_for(timeout=30_000)
        found[path] = violations(page, "id")

    page.goto(app_url)
    sign_in(page, *ADMIN)
    for spec in SIGNED_IN:
        open_from_menu(page, spec, "id")
        found[f"admin /{spec.url_path}"] = violations(page, "id")
    page.goto(f"{app_url}/perpustakaan?library={library}")
    page.get_by_text(t("follow_up.add")).wait_for(timeout=30_000)  # the follow-up form
    found["admin profile"] = violations(page, "id")
    page.close()
    assert {where: v for where, v in found.items() if v} == {}


def test_the_keyboard_alone_drills_down_to_a_library_in_15_presses(app_url, browser):
    """Indonesia -> province -> regency -> library profile: after each pick the next picker has
    the focus, so a keyboard user goes straight on."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{app_url}/peta")
    page.locator(MAP_CANVAS).wait_for(state="visible", timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1000)  # Streamlit moves the focus to the page once it has loaded
    presses = []

    def press(key: str) -> None:
        presses.append(key)
        page.keyboard.press(key)

    def focused_picker() -> str | None:
        return page.evaluate("document.activeElement.getAttribute('aria-label')")

    def pick_first(picker: str) -> None:
        wait_idle(page)  # a key pressed while the page still runs can be lost
        page.wait_for_timeout(500)
        page.wait_for_function(f"document.activeElement.getAttribute('aria-label') === {t(picker)!r}", timeout=30_000)
        press("ArrowDown")  # opens the list on its first entry after "— choose —"
        options = page.locator('[role="option"]').nth(1)
        try:
            options.wait_for(timeout=5_000)
        except playwright_api.TimeoutError:  # a redraw closed the list: open it again, counted
            wait_idle(page)
            press("ArrowDown")
            options.wait_for(timeout=10_000)
        press("Enter")

    press("Tab")
    press("Enter")  # Streamlit's "Skip to main content"
    while focused_picker() != t("map.goto.province") and len(presses) < 15:
        press("Tab")
    pick_first("map.goto.province")  # then the focus is on the next picker, without a key
    pick_first("map.goto.regency")
    pick_first("map.goto.library")
    page.wait_for_function("location.pathname.endsWith('/perpustakaan')", timeout=30_000)
    page.locator("h1").first.wait_for(timeout=30_000)
    assert "library=" in page.url
    assert len(presses) <= 15, presses
    page.close()

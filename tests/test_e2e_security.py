"""End to end: text that editors, files, URLs and accounts bring in shows as typed everywhere,
never as HTML, Markdown, LaTeX or a link; the browser asks nothing of another host."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests import databases
from tests.browser import SIGNED_IN, requests_leaving_the_machine, running_app, sign_in, wait_idle
from tpbis.i18n import t
from tpbis.imports import apply as applying
from tpbis.imports import checks

pytestmark = pytest.mark.e2e
pytest.importorskip("playwright.sync_api")

EVIL = "evil.example"
NAME = (
    '<iframe srcdoc="<script>parent.document.title=1</script>"></iframe>Perpustakaan Uji '
    f"[Sesi berakhir](https://{EVIL}/a) ![p](https://{EVIL}/p.png) $x^2$ :red[merah] **tebal** "
    f"www.{EVIL} <img src=https://{EVIL}/i.png>"
)
STORY = f"![cerita](https://{EVIL}/s.png) Kisah :smile: <b>tebal</b> [tautan](https://{EVIL}/k)"
ACTIVITY_TYPE = f'<a href="https://{EVIL}/t">Klik</a> Literasi'
FILE_NAME = f"![berkas](https://{EVIL}/f.png) <b>impor</b>.xlsx"
DISPLAY_NAME = f"[Admin](https://{EVIL}/u) :blue[biru]"


def _import(store, records: dict, user) -> None:
    raw = checks.as_text(records)
    dry = checks.check_frames(store, FILE_NAME, hashlib.sha256(FILE_NAME.encode()).hexdigest(), raw, user=user)
    assert dry.ok, dry.problems_frame()
    applying.apply(store, dry, user)


@pytest.fixture(scope="module")
def hostile(demo_db, tmp_path_factory):
    """A copy of the demo where a red library, one of its activities and a success story carry
    hostile text, imported the way an editor would; an admin with a hostile display name."""
    from tpbis import accounts
    from tpbis.filters import Filters
    from tpbis.status import RED, library_status
    from tpbis.store import open_store

    folder = tmp_path_factory.mktemp("hostile")
    database = databases.copy_of(demo_db, folder)
    with open_store(database) as store:
        status = library_status(store, Filters())
        target = status[status["status"] == RED].iloc[0]
        code = target["library_code"]
        library = (
            store.query("SELECT * FROM library WHERE library_code = :c", {"c": code})
            .drop(columns=["regency_code", "province_code"])
            .assign(name=NAME)
        )
        activity = store.query(
            "SELECT a.* FROM activity a JOIN library l USING (library_code) "
            "WHERE l.regency_code = :r ORDER BY a.activity_date DESC LIMIT 1",
            {"r": target["regency_code"]},
            dates=("activity_date",),
        ).assign(activity_type=ACTIVITY_TYPE)
        story = store.query("SELECT * FROM success_story LIMIT 1", dates=("published_on",)).assign(
            library_code=code, story_code="UJI-XSS-1", title=STORY, summary=STORY
        )
        accounts.save_user(store, "admin", DISPLAY_NAME, "admin", None, "kata-sandi-panjang")
        admin = accounts.sign_in(store, "admin", "kata-sandi-panjang")
        _import(store, {"library": library, "activity": activity, "success_story": story}, admin)
        regency = store.scalar("SELECT regency_code FROM library WHERE library_code = :c", {"c": code})
    with running_app(database, folder / "streamlit.log") as url:
        yield {"url": url, "code": code, "regency": regency, "province": regency[:2]}


def _visible(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2060", ""))


def _nothing_interpreted(page) -> None:
    """No link or picture leads away from the app, no formula, no injected frame or script ran."""
    found = page.evaluate("""() => ({
        links: [...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => !h.startsWith(location.origin)),
        images: [...document.querySelectorAll('img[src]')].map(i => i.src)
                  .filter(s => !s.startsWith(location.origin) && !s.startsWith('data:')),
        iframes: document.querySelectorAll('iframe[srcdoc]').length,
        formulas: document.querySelectorAll('.katex').length,
        title: document.title})""")
    assert found["links"] == [] and found["images"] == [], found
    assert found["iframes"] == 0 and found["formulas"] == 0 and found["title"] != "1", found
    assert page.locator('[data-testid="stException"]').count() == 0


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    wait_idle(page, 60_000)
    page.wait_for_timeout(500)


def _shows(page, text: str, where: str) -> None:
    """Waits for `text` in the page's visible text: a page that normalises its URL runs twice."""
    try:
        page.wait_for_function(
            "t => document.body.innerText.replaceAll('\\u2060', '').replace(/\\s+/g, ' ').includes(t)",
            arg=_visible(text),
            timeout=30_000,
        )
    except Exception:
        raise AssertionError(f"{where}: {_visible(page.inner_text('body'))[:500]}") from None


def test_hostile_text_shows_as_typed_on_every_page(hostile, browser):
    base, code, regency, province = hostile["url"], hostile["code"], hostile["regency"], hostile["province"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = requests_leaving_the_machine(page)
    area = f"province={province}&regency={regency}"

    _open(page, f"{base}/perpustakaan?library={code}")  # header, status, stories
    text = _visible(page.inner_text("body"))
    assert _visible(NAME) in text and _visible(STORY) in text
    _nothing_interpreted(page)

    _open(page, f"{base}/perpustakaan")
    page.get_by_label("Cari perpustakaan").fill("Perpustakaan Uji")  # search results as links to the profile
    page.keyboard.press("Enter")
    page.locator('[data-testid="stPageLink"]').first.wait_for(timeout=30_000)
    assert _visible(NAME) in _visible(page.inner_text("body"))
    _nothing_interpreted(page)

    for path in (
        f"/presentasi?{area}&slide=6",
        f"/presentasi?{area}&slide=6&presenter=1",
        f"/peta?{area}&presenter=1",
        f"/kegiatan?{area}",
        f"/kegiatan?{area}&presenter=1",
        f"/peta?{area}",
        f"/?{area}",
        f"/pelatihan?{area}",
        f"/kualitas?{area}",
    ):
        _open(page, base + path)
        _nothing_interpreted(page)
        if "slide=6" in path or "presenter=1" in path and "peta" in path:
            _shows(page, NAME, path)

    # an unknown URL parameter is named in a message, as typed
    _open(page, f"{base}/?zz=%5BSesi%20berakhir%5D(https%3A%2F%2F{EVIL}%2Fx)")
    toast = page.locator('[data-testid="stToast"]').first
    toast.wait_for(timeout=10_000)
    assert f"[Sesi berakhir](https://{EVIL}/x)" in _visible(toast.inner_text())
    _nothing_interpreted(page)

    # signed in: the account's display name, and the import log's file name
    sign_in(page, "admin", "kata-sandi-panjang")
    page.get_by_text(SIGNED_IN).wait_for(timeout=30_000)
    assert _visible(DISPLAY_NAME) in _visible(page.locator("[data-testid=stSidebar]").inner_text())
    _nothing_interpreted(page)
    _open(page, f"{base}/impor")
    assert _visible(FILE_NAME) in _visible(page.inner_text("body"))
    _nothing_interpreted(page)
    assert outside == [], f"requests left the machine: {outside[:5]}"
    page.close()


def test_many_unknown_parameters_get_a_few_messages(hostile, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    query = "&".join(f"x{n}=1" for n in range(300))
    page.goto(f"{hostile['url']}/?{query}")
    # the "297 more" toast comes after the others; they all go after 10 s, so counted at once
    page.locator('[data-testid="stToast"]').filter(has_text="297").wait_for(timeout=60_000)
    toasts = page.locator('[data-testid="stToast"]').all_inner_texts()
    assert 1 <= len(toasts) <= 4
    assert any("297" in text for text in toasts)
    page.wait_for_function("() => !location.search.includes('x250')")  # dropped after the toasts that name them
    page.close()


def test_the_users_page_works_opened_directly_reloaded_and_after_the_account_check(demo_db, browser, tmp_path):
    from tpbis import accounts
    from tpbis.store import open_store

    database = databases.copy_of(demo_db, tmp_path)
    with open_store(database) as store:
        accounts.save_user(store, "admin", "Admin Pusat", "admin", None, "kata-sandi-panjang")
    with running_app(database, tmp_path / "streamlit.log", env={"TPBIS_ACCOUNT_RECHECK_SECONDS": "1"}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _open(page, url)
        sign_in(page, "admin", "kata-sandi-panjang")
        page.get_by_text(SIGNED_IN).wait_for(timeout=30_000)
        page.wait_for_timeout(500)  # the server sets the sign-in cookie
        for _ in range(2):  # opened directly (a new session from the cookie), then reloaded
            _open(page, f"{url}/admin")
            page.get_by_role("heading", name=t("admin.title")).wait_for(timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0
        page.wait_for_timeout(1500)  # past the account re-check
        page.get_by_label("Nama pengguna").last.fill("rina")
        page.get_by_label("Nama lengkap").fill("Rina")
        page.get_by_label("Kata sandi baru").fill("rahasia-panjang")
        page.get_by_role("button", name="Tambah atau ubah pengguna").click()
        page.get_by_text(t("admin.saved", user="rina")).wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()

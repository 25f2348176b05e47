"""The pages: their modules in pages/ (named for what they show) and the URL paths people have
bookmarked (Indonesian, unchanged), as st.Page objects for st.navigation, links and switches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from tpbis.i18n import t

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    module: str  # pages/<module>.py
    url_path: str  # the page's URL, e.g. /peta
    title_key: str
    icon: str


OVERVIEW = PageSpec("overview", "ringkasan", "nav.overview", ":material/dashboard:")
COVERAGE_MAP = PageSpec("coverage_map", "peta", "nav.map", ":material/map:")
LIBRARY_LIST = PageSpec("library_list", "daftar", "nav.list", ":material/format_list_bulleted:")
FOLLOW_UPS = PageSpec("follow_ups", "tindak-lanjut", "nav.follow_ups", ":material/task_alt:")
TRAINING = PageSpec("training", "pelatihan", "nav.training", ":material/school:")
ACTIVITIES = PageSpec("activities", "kegiatan", "nav.activities", ":material/groups:")
BRIEFING = PageSpec("briefing", "presentasi", "nav.briefing", ":material/slideshow:")
DATA_QUALITY = PageSpec("data_quality", "kualitas", "nav.quality", ":material/fact_check:")
DATA_IMPORT = PageSpec("data_import", "impor", "nav.import", ":material/upload_file:")
LIBRARY_PROFILE = PageSpec("library_profile", "perpustakaan", "nav.library", ":material/local_library:")
USERS = PageSpec("users", "admin", "nav.admin", ":material/manage_accounts:")
ALL = (
    OVERVIEW,
    COVERAGE_MAP,
    LIBRARY_LIST,
    FOLLOW_UPS,
    TRAINING,
    ACTIVITIES,
    BRIEFING,
    DATA_QUALITY,
    DATA_IMPORT,
    LIBRARY_PROFILE,
    USERS,
)


def page(spec: PageSpec, lang: str = "id", hidden: bool = False) -> st.Page:
    """The st.Page of a page, for st.navigation, st.page_link and st.switch_page."""
    return st.Page(
        PAGES_DIR / f"{spec.module}.py",
        title=t(spec.title_key, lang),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec is OVERVIEW,
        visibility="hidden" if hidden else "visible",
    )


def navigation(lang: str, is_admin: bool):
    """Every page; the users page is listed for admins only (its URL answers others with a message).
    A session makes its pages once per language and role (each st.Page resolves its file on disk,
    a tenth of a plain page's run); st.navigation marks the one it runs, so sessions never share them."""
    made = st.session_state.setdefault("navigation-pages", {})
    if (lang, is_admin) not in made:
        made[lang, is_admin] = [page(spec, lang, hidden=spec is USERS and not is_admin) for spec in ALL]
    return st.navigation(made[lang, is_admin])


def leave_legacy_pages_mode() -> bool:
    """Streamlit runs a folder named pages/ beside the main script as an old-style multipage app
    (each file a page named after its file) until st.navigation has run once in the process;
    then a deep link such as /peta would find no file of that name. This sets the private flag
    that st.navigation itself sets (streamlit/commands/navigation.py); True if it was still on.
    tests/test_navigation.py fails if Streamlit renames or drops the flag."""
    from streamlit.runtime.pages_manager import PagesManager

    was_on = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return was_on

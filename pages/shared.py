"""Streamlit glue shared by every page: the store, the scope <-> URL round trip, the
sidebar filters, the demo label, cached metric calls and table downloads.

Not a page itself (dashboard.py lists the pages). The URL is the scope's public form;
st.session_state keeps it across page switches, which clear the query string.
"""
from __future__ import annotations

import html
import logging
import os
import time
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from tpbis import (accounts, briefing, date_axes, escaping, exports, importer, map_picture, map_views, metrics,
                   programme, quality, status)
from tpbis.i18n import SEPARATORS, day, number, t, table_formats
from tpbis.scope import SCOPE_PARAMS, Known, Scope, parse, to_params  # noqa: F401 (to_params for pages)
from tpbis.config import client_address_header, database_location
from tpbis.store import Store, StoreError, is_postgres, open_store
from tpbis_ui import session_cookie
from tpbis_ui.database import shared_store


def _left_legacy_multipage_mode() -> bool:
    """Streamlit treats a folder named pages/ as an old-style multipage app until st.navigation
    has run once in the process, so the first deep link after start-up runs its page alone,
    without dashboard.py. Turn that mode off; True if this run was in it."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


log = logging.getLogger("tpbis")
SCOPE = "scope"
WRITTEN = "scope_params"
PENDING = "scope_pending"
PAGE_PARAMS = ("metric", "library", "slide")  # read by one page each; the rest of the URL is the scope
FIRST_MONTH = date(2019, 1, 1)


def get_store() -> Store:
    """The shared store, or a stop with a message saying how to set it up."""
    location = database_location()
    if not is_postgres(location) and not Path(location).exists():
        log.error("no database file at %s (TPBIS_DATABASE_PATH)", location)
        st.error(t("error.no_database", current_lang()))
        st.stop()
    try:
        return shared_store(location)
    except StoreError as error:
        log.error("the database cannot be used: %s", error)
        st.error(f"{t('error.no_database', current_lang())}\n\n{escaping.markdown(error.text(current_lang()))}")
        st.stop()


# Everything a page may ask of the store for a scope; each answer is cached.
QUERIES = {
    "headline": metrics.headline,
    "reference_date": metrics.reference_date,
    "previous_scope": metrics.previous_scope,
    "provinces_with_coverage": metrics.provinces_with_coverage,
    "regencies_with_coverage": metrics.regencies_with_coverage,
    "library_status": status.library_status,
    "briefing_slides": briefing.slides,
    "briefing_stamp": briefing.stamp,
    **{name: getattr(programme, name) for name in (
        "cohorts", "cohorts_with_published", "status_counts", "monthly_activity", "activity_change", "by_type",
        "regency_activity", "lapsed_libraries", "partners", "training_batches", "training_by_area",
        "untrained_libraries")},
    **{name: getattr(quality, name) for name in (
        "reporting_rates", "silent_libraries", "activity_outliers", "missing_fields")},
}
# Map views are big and read-only: cached as one shared object, never copied. A copy of a
# figure would also serialise differently from the original, and a chart whose spec changes
# between runs loses the selection a click just made.
VIEWS = {"area_view": map_views.area_view, "regency_view": map_views.regency_view}


_version_seen: dict[str, tuple[float, str]] = {}


def data_version() -> str:
    """Changes with every import or revert, on any instance sharing the database: part of every
    cache key, so no instance shows numbers older than a second. Read at most once a second."""
    store = get_store()
    seen = _version_seen.get(store.path)
    if seen is None or time.monotonic() - seen[0] > 1.0:
        seen = _version_seen[store.path] = (time.monotonic(), importer.data_version(store))
    return seen[1]


@st.cache_data(show_spinner=False, ttl=3600, max_entries=500)
def _metric(name: str, db: str, version: str, scope: Scope, options: tuple) -> object:
    return QUERIES[name](get_store(), scope, **dict(options))


def metric(name: str, scope: Scope, **options):
    """One of QUERIES for the scope, cached by database, data version, scope and options."""
    return _metric(name, get_store().path, data_version(), scope, tuple(sorted(options.items())))


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=300)
def _view(name: str, db: str, version: str, scope: Scope, options: tuple) -> map_views.MapView:
    return VIEWS[name](get_store(), scope, **dict(options))


def map_view(name: str, scope: Scope, **options) -> map_views.MapView:
    """One of VIEWS for the scope, shared by every session (do not modify it)."""
    return _view(name, get_store().path, data_version(), scope, tuple(sorted(options.items())))


@st.cache_data(show_spinner=False, ttl=3600)
def _facts(db: str, version: str) -> dict[str, str]:
    return get_store().dataset_facts()


def data_changed() -> None:
    """After an import or revert here: the next run reads the new data version at once."""
    _version_seen.clear()


def dataset_facts() -> dict[str, str]:
    """What is loaded (is_demo, as_of, source), read once per database and data version."""
    return _facts(get_store().path, data_version())


def data_date() -> date:
    as_of = dataset_facts().get("as_of")
    return date.fromisoformat(as_of) if as_of else date.today()


def is_demo() -> bool:
    return dataset_facts().get("is_demo") == "1"


@st.cache_data(show_spinner=False, ttl=3600)
def _known(db: str, version: str) -> Known:
    return metrics.known_values(get_store())


@st.cache_data(show_spinner=False, ttl=600)
def _names(db: str) -> tuple[dict[str, str], dict[str, str]]:
    store = get_store()
    provinces = store.query("SELECT code, name FROM province ORDER BY code")
    regencies = store.query("SELECT code, name FROM regency ORDER BY code")
    return dict(zip(provinces["code"], provinces["name"])), dict(zip(regencies["code"], regencies["name"]))


def area_names() -> tuple[dict[str, str], dict[str, str]]:
    """Province and regency names by code."""
    return _names(get_store().path)


def current_lang() -> str:
    scope = st.session_state.get(SCOPE)
    if scope is not None:
        return scope.lang
    lang = st.query_params.get("lang", "id")
    return lang if lang in ("id", "en") else "id"


def current_scope() -> Scope:
    """The scope dashboard.py read for this run; a page started without it reruns the app."""
    if _left_legacy_multipage_mode() or SCOPE not in st.session_state:
        st.rerun()
    return st.session_state[SCOPE]


def _url_scope_params() -> dict[str, str]:
    return {k: st.query_params[k] for k in SCOPE_PARAMS if k in st.query_params}


def read_scope(store: Store) -> Scope:
    """The scope for this run: from the URL when it was opened or edited, else the session's."""
    pending = st.session_state.pop(PENDING, None)
    if pending is not None:  # a click on a map or breadcrumb asked for this scope
        _seed_widgets(pending)
        write_scope(pending)
        return pending
    current = _url_scope_params()
    written = st.session_state.get(WRITTEN)
    if written is not None and current in (written, {}):
        if current != written:  # a page switch cleared the query string: put it back
            for key, value in written.items():
                st.query_params[key] = value
        return st.session_state[SCOPE]
    scope, dropped = parse(current, _known(store.path, data_version()))
    unknown = [(k, st.query_params[k]) for k in st.query_params
               if k not in SCOPE_PARAMS and k not in PAGE_PARAMS and k != "embed"]
    refused = dropped + unknown
    for name, value in refused[:MAX_PARAM_TOASTS]:
        _refuse_param(name, value, scope.lang)
    if len(refused) > MAX_PARAM_TOASTS:
        st.toast(t("error.params_more", scope.lang, count=len(refused) - MAX_PARAM_TOASTS), icon="⚠️",
                 duration="long")
    for name, _ in refused[MAX_PARAM_TOASTS:]:
        st.query_params.pop(name, None)
    _seed_widgets(scope)
    write_scope(scope)
    return scope


MAX_PARAM_TOASTS = 3  # a link with many wrong parameters gets these and one message for the rest


def _refuse_param(name: str, value: str, lang: str) -> None:
    """Say that a URL parameter was not understood (as typed, never as markup) and drop it."""
    st.toast(t("error.param", lang, name=escaping.markdown(name[:40]), value=escaping.markdown(value[:80])),
             icon="⚠️", duration="long")
    st.query_params.pop(name, None)


def ask_for(scope: Scope) -> None:
    """Make the next run show this scope (from a widget callback, which runs before it)."""
    st.session_state[PENDING] = scope


def go_to(scope: Scope) -> None:
    """Show another area now: the sidebar follows."""
    ask_for(scope)
    st.rerun()


def page_param(name: str, allowed, default: str, lang: str) -> str:
    """A page's own URL parameter, checked; a bad value gives a message and the default."""
    value = st.query_params.get(name)
    if value is None:
        return default
    if value not in allowed:
        _refuse_param(name, value, lang)
        return default
    return value


def scope_description(scope: Scope) -> str:
    """The scope in words, for file notes and captions."""
    return briefing.describe(get_store(), scope)


def write_scope(scope: Scope) -> None:
    params = to_params(scope)
    for key in SCOPE_PARAMS:
        if key in st.query_params and key not in params:
            del st.query_params[key]
    for key, value in params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[SCOPE] = scope
    st.session_state[WRITTEN] = params


def _months(until: date) -> list[str]:
    """Months as 'YYYY-MM', the form they take in the URL."""
    return [d.strftime("%Y-%m") for d in pd.date_range(FIRST_MONTH, until, freq="MS")]


def _month_label(month: str, lang: str) -> str:
    return day(date.fromisoformat(month + "-01"), lang)[2:].strip()


def _first_day(month: str) -> date:
    return date.fromisoformat(month + "-01")


def _seed_widgets(scope: Scope) -> None:
    st.session_state["flt_cohort"] = list(scope.cohorts)
    st.session_state["flt_province"] = scope.province or ""
    st.session_state["flt_regency"] = scope.regency or ""
    st.session_state["flt_lang"] = scope.lang
    st.session_state["flt_presenter"] = scope.presenter
    st.session_state.pop("flt_from", None)
    st.session_state.pop("flt_to", None)
    st.session_state["flt_period_seed"] = tuple(d.strftime("%Y-%m") if d else None
                                                for d in (scope.period_from, scope.period_to))


def _clear_filters(lang: str) -> None:
    kept = Scope(lang=lang, presenter=st.session_state[SCOPE].presenter)
    _seed_widgets(kept)
    write_scope(kept)


def sidebar_filters(store: Store, scope: Scope) -> Scope:
    """The shared filters in the sidebar; returns the scope they describe now."""
    lang = scope.lang
    known = _known(store.path, data_version())
    provinces, regencies = area_names()
    with st.sidebar:
        st.header(t("filter.header", lang))
        cohorts = st.multiselect(t("filter.cohort", lang), sorted(known.cohorts), key="flt_cohort",
                                 placeholder=t("filter.cohort.all", lang))
        # "" stands for "all" so that the choice can always be undone
        province = st.selectbox(t("filter.province", lang), ["", *provinces], key="flt_province",
                                format_func=lambda c: provinces.get(c, t("filter.all", lang)))
        options = ["", *(c for c in regencies if province and c.startswith(province + "."))]
        if st.session_state.get("flt_regency") not in options:
            st.session_state["flt_regency"] = ""
        regency = st.selectbox(t("filter.regency", lang), options, key="flt_regency",
                               disabled=not province,
                               format_func=lambda c: regencies.get(c, t("filter.all", lang)))
        months = _months(data_date())
        if "flt_from" not in st.session_state:
            start, end = st.session_state.pop("flt_period_seed", (None, None))
            st.session_state["flt_from"] = start if start in months else months[0]
            st.session_state["flt_to"] = end if end in months else months[-1]
        st.caption(t("filter.period", lang))
        left, right = st.columns(2)
        start = left.selectbox(t("filter.from", lang), months, key="flt_from",
                               format_func=lambda m: _month_label(m, lang))
        end = right.selectbox(t("filter.to", lang), [m for m in months if m >= start], key="flt_to",
                              format_func=lambda m: _month_label(m, lang))
        new_lang = st.radio(t("filter.language", lang), ["id", "en"], key="flt_lang", horizontal=True,
                            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code])
        presenter = st.toggle(t("presenter.toggle", lang), key="flt_presenter", help=t("presenter.help", lang))
        st.button(t("filter.reset", lang), width="stretch", on_click=_clear_filters, args=(lang,), key="clear-filters")
    chosen = Scope(cohorts=tuple(sorted(cohorts)), province=province or None, regency=regency or None,
                   period_from=_first_day(start) if start != months[0] else None,
                   period_to=_first_day(end) if end != months[-1] else None, lang=new_lang,
                   presenter=presenter)
    if chosen != scope:
        write_scope(chosen)
        if chosen.lang != scope.lang:
            st.rerun()  # redraw the sidebar in the new language
    return chosen


# -- who is using the app --------------------------------------------------------------
def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets  # [auth] in .streamlit/secrets.toml: OIDC through st.login
    except Exception:  # no secrets file at all
        return False


USER_RECHECK_SECONDS = float(os.environ.get("TPBIS_ACCOUNT_RECHECK_SECONDS", "30"))
# session_state keys of the sign-in; named apart from any widget or form key a page may use
USER, TOKEN, CHECKED = "signed-in-user", "signed-in-token", "signed-in-checked"


def _recheck(user: accounts.User) -> accounts.User:
    """The account as it is now: role changes apply; a disabled account, or a sign-in ended
    elsewhere (sign-out, new password), falls back to anonymous."""
    token = st.session_state.get(TOKEN)
    return accounts.resume_session(get_store(), token) if token else accounts.current(get_store(), user)


def current_user() -> accounts.User:
    """The signed-in user (by password, in this tab or by the sign-in cookie of an earlier one,
    or by OIDC mapped through their e-mail), else anonymous."""
    user = st.session_state.get(USER)
    if user is not None:
        if time.monotonic() - st.session_state.get(CHECKED, 0) > USER_RECHECK_SECONDS:
            user = st.session_state[USER] = _recheck(user)
            st.session_state[CHECKED] = time.monotonic()
        if user.signed_in:
            return user
        st.session_state.pop(USER)
        return user
    token = st.context.cookies.get(session_cookie.COOKIE)
    # once per tab: the cookies are those the tab opened with (and AppTest hands out a stand-in, no str)
    if isinstance(token, str) and token and not st.session_state.get("cookie-tried"):
        st.session_state["cookie-tried"] = True
        user = accounts.resume_session(get_store(), token)
        if user.signed_in:
            st.session_state.update({USER: user, TOKEN: token, CHECKED: time.monotonic()})
            return user
    if _sso_configured() and st.user.get("is_logged_in", False):
        user = st.session_state[USER] = accounts.user_for_email(get_store(), st.user.get("email") or "",
                                                                st.user.get("name") or "")
        st.session_state[CHECKED] = time.monotonic()
        return user
    return accounts.ANONYMOUS


def _sign_out() -> None:
    st.session_state.pop(USER, None)
    if token := st.session_state.pop(TOKEN, None):
        accounts.end_session(get_store(), token)
    st.session_state["cookie-script"] = session_cookie.clear_script()
    st.session_state["cookie-tried"] = True
    if _sso_configured() and st.user.get("is_logged_in", False):
        st.logout()


def client_address() -> str | None:
    """Where this browser connects from, as the proxy in front says, else as the connection does."""
    header = client_address_header()
    value = st.context.headers.get(header) if header else st.context.ip_address
    if not isinstance(value, str):  # none, or AppTest's stand-in
        return None
    return value.split(",")[0].strip() or None


def _try_sign_in(store: Store) -> None:
    # a callback: it runs before the script, so its result is in place for the whole run
    try:
        user = st.session_state[USER] = accounts.sign_in(store, st.session_state.get("signin-user", ""),
                                                         st.session_state.get("signin-password", ""),
                                                         address=client_address())
        st.session_state[CHECKED] = time.monotonic()
        started = accounts.start_session(store, user)
        st.session_state[TOKEN] = started.token
        st.session_state["cookie-script"] = session_cookie.set_script(started.handoff)
        st.session_state["cookie-tried"] = True
        st.session_state.pop("signin-error", None)
    except accounts.SignInError as error:
        st.session_state["signin-error"] = error.text(current_lang())


def sign_in_form(store: Store, lang: str) -> None:
    """Password sign-in (and the SSO button when OIDC is configured)."""
    with st.form("sign-in", border=False, clear_on_submit=True):
        st.text_input(t("signin.username", lang), key="signin-user", max_chars=accounts.MAX_USERNAME)
        st.text_input(t("signin.password", lang), type="password", key="signin-password", max_chars=200)
        st.form_submit_button(t("signin.submit", lang), key="sign-in-submit", on_click=_try_sign_in, args=(store,))
    if "signin-error" in st.session_state:
        st.error(st.session_state.pop("signin-error"))
    if _sso_configured():
        st.button(t("signin.sso", lang), on_click=st.login, key="sso")


def sign_in_box(store: Store, lang: str) -> accounts.User:
    """Who is signed in and a way out, or the sign-in form: in the sidebar, or in place of the
    page when viewing is closed to anonymous users."""
    user = current_user()
    if script := st.session_state.pop("cookie-script", None):
        # asks the server to set (or clear) the HttpOnly sign-in cookie; see tpbis_ui/session_cookie.py
        st.sidebar.html(script, unsafe_allow_javascript=True)
    if not user.signed_in and not accounts.viewing_is_open():
        st.info(t("signin.required", lang))
        sign_in_form(store, lang)
        st.stop()
    with st.sidebar:
        if user.signed_in:
            region = f", {user.region_code}" if user.region_code and not user.is_admin() else ""
            st.caption(t("signin.as", lang, name=escaping.markdown(user.display_name),
                         role=t(f"role.{user.role}", lang), region=escaping.markdown(region)))
            st.button(t("signin.out", lang), on_click=_sign_out, key="sign-out")
        else:
            with st.expander(t("signin.header", lang)):
                sign_in_form(store, lang)
    return user


# Presenter mode: readable on a shared 1920x1080 screen from the back of the room.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stApp { color: #000 !important; }
.stApp p, .stApp li, .stApp label, .stApp button, .stApp [data-testid="stCaptionContainer"] {
  font-size: 24px !important; }
.stApp p, .stApp li, .stApp label { color: #000 !important; }
.stApp button[kind="primary"]:not(:disabled) p { color: #fff !important; }
.stApp [data-testid="stMarkdownContainer"] div { font-size: 24px !important; }
.stApp [data-testid="stTable"] th, .stApp [data-testid="stTable"] td { font-size: 20px !important; color: #000; }
.stApp h1 { font-size: 56px !important; } .stApp h2, .stApp h3 { font-size: 40px !important; }
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] * {
  font-size: 80px !important; font-weight: 700 !important; line-height: 1.1 !important; }
.stApp [data-testid="stMetricLabel"], .stApp [data-testid="stMetricLabel"] * { font-size: 28px !important; }
.block-container { padding-top: 1.5rem !important; max-width: 100% !important; }
</style>
"""


def presenter_frame(scope: Scope) -> None:
    """In presenter mode: the large-type theme and the one way out (the sidebar is hidden)."""
    if not scope.presenter:
        return
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    st.button(t("presenter.exit", scope.lang), key="presenter-exit", type="tertiary",
              on_click=ask_for, args=(scope.with_(presenter=False),))


def record_run_time(started: float) -> None:
    """With TPBIS_TIMING_LOG set, append this script run's server time (ms) to that file,
    marked as a session's first run or a rerun."""
    log = os.environ.get("TPBIS_TIMING_LOG")
    if log:
        kind = "rerun" if st.session_state.get("timed") else "first"
        st.session_state["timed"] = True
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{kind} {(time.perf_counter() - started) * 1000:.1f}\n")


def demo_banner(lang: str) -> None:
    """The data's date, and on every page a visible DATA DEMO label while demo data is loaded."""
    as_of = day(data_date(), lang)
    if is_demo():  # a fixed template; its words are escaped all the same
        words = html.escape(f'{t("demo.explain", lang)} {t("data.as_of", lang, date=as_of)}')
        st.markdown(
            f'<div data-testid="demo-badge" style="background:#b45309;color:#fff;padding:.45rem .9rem;'
            f'border-radius:.4rem;font-weight:700;letter-spacing:.04em;margin-bottom:.6rem">'
            f'{html.escape(t("demo.badge", lang))} · <span style="font-weight:400">{words}</span></div>',
            unsafe_allow_html=True)
    else:
        st.caption(t("data.as_of", lang, date=as_of))


# One toolbar button: save the chart as PNG (drawn in the browser, so it works offline).
PNG_ONLY = {"displayModeBar": True, "displaylogo": False, "modeBarButtons": [["toImage"]],
            "toImageButtonOptions": {"format": "png", "scale": 2}}


def presenting() -> bool:
    return st.session_state.get(SCOPE, Scope()).presenter


def chart_config() -> dict:
    """plotly's toolbar: none on a shared screen, else only 'save as PNG'."""
    return {"displayModeBar": False} if presenting() else PNG_ONLY


def chart(figure, lang: str, where=st, **options):
    """A plotly chart with the language's number separators and a 'save as PNG' button."""
    escaping.plotly_figure(figure)
    figure.update_layout(separators=SEPARATORS[lang])
    date_axes.localise(figure, lang)
    if presenting():  # type for the back of the room; axes set apart, as Streamlit's chart theme sets them
        figure.update_layout(font_size=20, legend_font_size=20, hoverlabel_font_size=22,
                             height=max(figure.layout.height or 450, 600))  # room for every label
        figure.update_xaxes(tickfont_size=20, title_font_size=22)
        figure.update_yaxes(tickfont_size=20, title_font_size=22)
        figure.update_traces(textfont_size=18, selector={"type": "bar"})
    return where.plotly_chart(figure, config={**chart_config(), **options.pop("config", {})}, **options)


# The still picture (a markdown image: the one element whose script every browser already has)
# lies over the interactive map in one grid cell, centred at 1:1 as MapLibre draws, and fades
# out once MapLibre has drawn its canvas; clicks and hovers go through it.
PICTURE_CSS = """<style>
.st-key-map-frame { display: grid !important; grid-template-columns: minmax(0, 1fr); }
.st-key-map-frame > * { grid-area: 1 / 1; }
.st-key-map-frame > *:has([data-testid="stMarkdown"]) { z-index: 3; pointer-events: none; align-self: start;
  overflow: hidden; background: #fff; }
.st-key-map-frame [data-testid="stMarkdown"] img { display: block; margin: 0 auto; max-width: none; }
.st-key-map-frame:has(.maplibregl-canvas) > *:has([data-testid="stMarkdown"]) { opacity: 0;
  transition: opacity .3s .3s; }
</style>"""


def interactive_map(figure, picture: str | None, alt: str, **options):
    """st.plotly_chart of a map, over the map's still SVG `picture`. The picture is what a new
    browser shows while it loads plotly (seconds), what shows after a click until the
    next map draws, and all a browser without WebGL (e.g. many virtual desktops) can show."""
    with st.container(key="map-frame"):
        if picture:
            st.markdown(f"![{alt.replace('[', '(').replace(']', ')')}]({map_picture.data_uri(picture)})")
            st.html(PICTURE_CSS)
        return st.plotly_chart(figure, **options)


def delta(change: float | None, lang: str, digits: int = 0, unit: str = "") -> dict:
    """st.metric's options for a change, written the language's way; none when there is
    nothing to compare (NaN). One that shows as zero is grey and without an arrow, where
    Streamlit would draw a green rise."""
    if change is None or change != change:
        return {}
    options = {"delta": number(change, lang, digits) + unit}
    if round(change, digits) == 0:
        options.update(delta_color="off", delta_arrow="off")
    return options


# Column names the core uses -> their heading in the catalogue; a page names the rest.
COLUMN_KEYS = {
    "code": "field.code", "library_code": "field.code", "batch_code": "field.code", "cohort_year": "col.cohort",
    "regency": "col.regency", "province": "col.province", "libraries": "col.libraries",
    "activities": "col.activities", "participants": "col.participants", "male": "col.male", "female": "col.female",
    "month": "col.month", "activity_type": "col.type", "skill_category": "col.skill", "managers": "col.managers",
    "last_activity": "col.last_activity", "per_library": "col.per_library", "partner_kind": "col.partner_kind",
    "partner_name": "col.partner", "partnerships": "col.partnerships", "with_mou": "col.with_mou",
    "start_date": "col.start", "end_date": "col.end", "place": "col.place", "mode": "col.mode",
    "completed": "col.completed", "pre_score": "col.pre", "post_score": "col.post",
}


def labelled(frame: pd.DataFrame, lang: str, /, **keys: str) -> pd.DataFrame:
    """The frame with headings in the page's language: COLUMN_KEYS, then `keys` (column=key)."""
    wanted = {**COLUMN_KEYS, **keys}
    return frame.rename(columns={c: t(wanted[c], lang) for c in frame.columns if c in wanted})


def list_to_follow_up(frame: pd.DataFrame, none_key: str, file_name: str, scope: Scope, /, **labels: str) -> None:
    """A downloadable list (headings as labelled()), or the sentence saying nobody is on it."""
    if frame.empty:
        st.success(t(none_key, scope.lang))
    else:
        table_with_download(labelled(frame, scope.lang, **labels), file_name, scope)


MAX_SHOWN = 500  # rows drawn on the page; downloads carry them all
PRESENTER_TABLE_ROWS = 40  # up to this many rows, presenter mode shows a plain table in large type


def show_table(frame: pd.DataFrame, lang: str, where=st, **dataframe_options) -> None:
    """A sortable table whose numbers and dates read as the language writes them (1.234,5 and
    25 Nov 2026 in Indonesian); sorting still uses the values. Empty cells show '–'. A long
    list shows its first MAX_SHOWN rows and says so: formatting every row of a national list
    would cost seconds a run."""
    if len(frame) > MAX_SHOWN:
        where.caption(t("table.first_rows", lang, shown=number(MAX_SHOWN, lang), total=number(len(frame), lang)))
        frame = frame.head(MAX_SHOWN)
    # the dataframe's placeholder draws the gaps of number and date columns, which keep them so
    # that they still sort as numbers/dates; text columns get the same dash as text
    formats = table_formats(frame, lang)
    text = [c for c in frame.columns if c not in formats and frame[c].isna().any()
            and (pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object)]
    frame = frame.assign(**{c: frame[c].fillna("–") for c in text}) if text else frame
    styled = frame.style.format(formats, na_rep="–")
    if presenting() and len(frame) <= PRESENTER_TABLE_ROWS:
        # the grid draws its text on a canvas that CSS cannot enlarge; a plain table takes the large type,
        # and reads its cells as Markdown
        words = [c for c in frame.columns if c not in formats and frame[c].dtype == object]
        styled = frame.assign(**{c: frame[c].map(escaping.markdown) for c in words}).style.format(formats, na_rep="–")
        where.table(styled, hide_index=True, border="horizontal", height=dataframe_options.get("height", "content"))
        return
    where.dataframe(styled, **{"hide_index": True, "width": "stretch", "placeholder": "–", **dataframe_options})


def table_with_download(frame: pd.DataFrame, name: str, scope: Scope, **dataframe_options) -> None:
    """A sortable table with CSV and Excel downloads that say what they hold."""
    lang = scope.lang
    show_table(frame, lang, **dataframe_options)
    source = dataset_facts().get("source", "")
    notes = [t("export.source", lang, source=source + (" — " + t("demo.badge", lang) if is_demo() else "")),
             t("export.scope", lang, scope=scope_description(scope)),
             t("export.date", lang, date=day(data_date(), lang), today=day(date.today(), lang))]
    left, right = st.columns(2)
    # the files are made when a button is pressed, not on every run
    left.download_button(t("download.csv", lang), lambda: exports.csv_bytes(frame), file_name=f"{name}.csv",
                         mime="text/csv", key=f"csv-{name}", width="stretch")
    right.download_button(t("download.xlsx", lang), lambda: exports.xlsx_bytes(frame, name, notes),
                          file_name=f"{name}.xlsx", key=f"xlsx-{name}", width="stretch",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

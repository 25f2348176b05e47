"""The filters and display of this run, kept in the URL (its public form: a copied address
reopens the same view) and in session_state across page switches, which clear the query string.

Two functions read the state (`current_filters`, `current_display`); `read_from_url` sets it
once per run in dashboard.py; `show_next` asks for another view from a widget callback.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import streamlit as st

from tpbis import escaping
from tpbis.filters import DISPLAY_PARAMS, FILTER_PARAMS, Display, Filters, parse_display, parse_filters, to_params
from tpbis.i18n import t
from tpbis_ui import data

FILTERS, DISPLAY = "view-filters", "view-display"
WRITTEN = "view-params"  # the query parameters last written, to tell a page switch from an edit
PENDING = "view-pending"  # a view asked for by a callback, shown by the next run
PAGE_PARAMS = (
    "metric",
    "library",
    "slide",
    "setup",
    "year",
    "status",
    "reason",
    "q",
    "state",
    "since",
)  # read by one page each
VIEW_PARAMS = FILTER_PARAMS + DISPLAY_PARAMS
MAX_PARAM_TOASTS = 3  # a link with many wrong parameters gets these and one message for the rest
# the sidebar's widgets, seeded from the URL whenever it names another view
WIDGETS = {
    "cohorts": "flt_cohort",
    "province": "flt_province",
    "regency": "flt_regency",
    "edition": "flt_edition",
    "lang": "flt_lang",
    "presenter": "flt_presenter",
    "from": "flt_from",
    "to": "flt_to",
    "period_seed": "flt_period_seed",
}


def current_filters() -> Filters:
    return st.session_state.get(FILTERS, Filters())


def current_display() -> Display:
    """The language and mode of this run; before dashboard.py has read the URL, the URL's."""
    display = st.session_state.get(DISPLAY)
    return display if display is not None else parse_display(st.query_params.to_dict())[0]


def link_params(filters: Filters | None = None, display: Display | None = None) -> dict[str, str]:
    """The query parameters of a link to this view (or to these filters)."""
    return to_params(filters or current_filters(), display or current_display())


def read_from_url() -> tuple[Filters, Display]:
    """The view for this run: one a callback asked for, else the URL when it was opened or edited,
    else the session's (a page switch cleared the query string: it is put back)."""
    pending = st.session_state.pop(PENDING, None)
    if pending is not None:
        _seed_widgets(*pending)
        write(*pending)
        return pending
    current = {k: st.query_params[k] for k in VIEW_PARAMS if k in st.query_params}
    written = st.session_state.get(WRITTEN)
    if written is not None and current in (written, {}):
        if current != written:
            for key, value in written.items():
                st.query_params[key] = value
        return current_filters(), current_display()
    display, dropped = parse_display(current)
    filters, more = parse_filters(current, data.valid_values())
    unknown = [
        (k, st.query_params[k])
        for k in st.query_params
        if k not in VIEW_PARAMS and k not in PAGE_PARAMS and k != "embed"
    ]
    refused = dropped + more + unknown
    for name, value in refused[:MAX_PARAM_TOASTS]:
        refuse_param(name, value, display.lang)
    if len(refused) > MAX_PARAM_TOASTS:
        st.toast(t("error.params_more", display.lang, count=len(refused) - MAX_PARAM_TOASTS), icon="⚠️", duration="long")
    for name, _ in refused[MAX_PARAM_TOASTS:]:
        st.query_params.pop(name, None)
    _seed_widgets(filters, display)
    write(filters, display)
    return filters, display


def refuse_param(name: str, value: str, lang: str, message: str = "error.param", **more: str) -> None:
    """Say why a URL parameter is not used (it is named as typed, never as markup; `message` and
    `more` for a reason other than not being understood) and drop it."""
    st.toast(
        t(message, lang, name=escaping.markdown(name[:40]), value=escaping.markdown(value[:80]), **more),
        icon="⚠️",
        duration="long",
    )
    st.query_params.pop(name, None)


def write(filters: Filters, display: Display) -> None:
    """Make this the view of the session and of the URL."""
    params = to_params(filters, display)
    for key in VIEW_PARAMS:
        if key in st.query_params and key not in params:
            del st.query_params[key]
    for key, value in params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[FILTERS], st.session_state[DISPLAY], st.session_state[WRITTEN] = filters, display, params


def show_next(filters: Filters | None = None, display: Display | None = None) -> None:
    """Make the next run show this view (from a widget callback, which runs before it)."""
    st.session_state[PENDING] = (filters or current_filters(), display or current_display())


def go_to(filters: Filters) -> None:
    """Show another area now: the sidebar follows."""
    show_next(filters)
    st.rerun()


def page_param(name: str, allowed: Collection[str], default: str) -> str:
    """A page's own URL parameter, checked; a bad value gives a message and the default."""
    value = st.query_params.get(name)
    if value is None:
        return default
    if value not in allowed:
        refuse_param(name, value, current_display().lang)
        return default
    return value


def date_param(name: str, default: date) -> date:
    """A page's own date in the URL (YYYY-MM-DD); a bad one gives a message and the default."""
    value = st.query_params.get(name)
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        refuse_param(name, value, current_display().lang)
        return default


def _month_text(day: date | None) -> str | None:
    return day.strftime("%Y-%m") if day else None


def _seed_widgets(filters: Filters, display: Display) -> None:
    st.session_state[WIDGETS["cohorts"]] = list(filters.cohorts)
    st.session_state[WIDGETS["province"]] = filters.province or ""
    st.session_state[WIDGETS["regency"]] = filters.regency or ""
    st.session_state[WIDGETS["edition"]] = filters.edition
    st.session_state[WIDGETS["lang"]] = display.lang
    st.session_state[WIDGETS["presenter"]] = display.presenter
    st.session_state.pop(WIDGETS["from"], None)
    st.session_state.pop(WIDGETS["to"], None)
    st.session_state[WIDGETS["period_seed"]] = (_month_text(filters.period_from), _month_text(filters.period_to))


def clear_filters() -> None:
    """The sidebar's 'clear' button: every filter back to all, the display as it is."""
    _seed_widgets(Filters(), current_display())
    write(Filters(), current_display())

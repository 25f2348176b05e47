"""The shared filters, language and presenter switch in the sidebar."""

from __future__ import annotations

import functools
from datetime import date

import pandas as pd
import streamlit as st

from tpbis.editions import EDITIONS
from tpbis.filters import Display, Filters, in_edition
from tpbis.i18n import LANGUAGE_NAMES, day, t
from tpbis_ui import data, url_filters
from tpbis_ui.url_filters import WIDGETS

FIRST_MONTH = date(2019, 1, 1)


@functools.lru_cache(maxsize=8)
def _months(until: date) -> tuple[str, ...]:
    """Months as 'YYYY-MM', the form they take in the URL (made once per data date: a tenth of
    the sidebar's time, every run)."""
    return tuple(d.strftime("%Y-%m") for d in pd.date_range(FIRST_MONTH, until, freq="MS"))


@functools.lru_cache(maxsize=1024)
def _month_label(month: str, lang: str) -> str:
    return day(date.fromisoformat(month + "-01"), lang)[2:].strip()


def _first_day(month: str) -> date:
    return date.fromisoformat(month + "-01")


def _tell_the_browser_every_value() -> None:
    """Every run sends the sidebar's values to the browser, not only a run that changed them. On a
    first visit the browser draws the widgets only once their scripts have loaded; a page switch
    before that sent no values, the next run (sending none either) left the widgets on their first
    option, and the next click sent those back: Bahasa Indonesia and Jan 2019 for an English view
    of all months. A value set from session_state is one the browser takes."""
    for key in SIDEBAR_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


SIDEBAR_KEYS = [key for name, key in WIDGETS.items() if name != "period_seed"]


def sidebar_filters(filters: Filters, display: Display) -> tuple[Filters, Display]:
    """The shared filters in the sidebar; returns the view they describe now."""
    lang = display.lang
    valid = data.valid_values()
    _tell_the_browser_every_value()
    with st.sidebar:
        st.header(t("filter.header", lang))
        cohorts = st.multiselect(
            t("filter.cohort", lang),
            sorted(valid.cohorts),
            key=WIDGETS["cohorts"],
            placeholder=t("filter.cohort.all", lang),
        )
        edition = st.radio(
            t("filter.edition", lang),
            EDITIONS,
            key=WIDGETS["edition"],
            format_func=lambda e: t(f"filter.edition.{e}", lang),
            help=t("filter.edition.help", lang),
        )
        if edition != filters.edition:  # the same area in the other map (Papua Selatan -> Papua)
            moved = in_edition(filters, edition, valid)
            st.session_state[WIDGETS["province"]] = moved.province or ""
            st.session_state[WIDGETS["regency"]] = moved.regency or ""
        provinces, regencies = data.area_names(edition)
        # "" stands for "all" so that the choice can always be undone
        province = st.selectbox(
            t("filter.province", lang),
            ["", *provinces],
            key=WIDGETS["province"],
            format_func=lambda c: provinces.get(c, t("filter.all", lang)),
        )
        options = ["", *data.regencies_in(province, edition)]
        if st.session_state.get(WIDGETS["regency"]) not in options:
            st.session_state[WIDGETS["regency"]] = ""
        regency = st.selectbox(
            t("filter.regency", lang),
            options,
            key=WIDGETS["regency"],
            disabled=not province,
            format_func=lambda c: regencies.get(c, t("filter.all", lang)),
        )
        months = _months(data.data_date())
        if WIDGETS["from"] not in st.session_state:
            start, end = st.session_state.pop(WIDGETS["period_seed"], (None, None))
            for name, month in (("from", start), ("to", end)):
                if month is not None and month not in months:  # a link's month outside the data
                    first, last = _month_label(months[0], lang), _month_label(months[-1], lang)
                    url_filters.refuse_param(name, month, lang, "error.month", first=first, last=last)
            st.session_state[WIDGETS["from"]] = start if start in months else months[0]
            st.session_state[WIDGETS["to"]] = end if end in months else months[-1]
        st.caption(t("filter.period", lang))
        left, right = st.columns(2)
        start = left.selectbox(
            t("filter.from", lang), months, key=WIDGETS["from"], format_func=lambda m: _month_label(m, lang)
        )
        end = right.selectbox(
            t("filter.to", lang),
            [m for m in months if m >= start],
            key=WIDGETS["to"],
            format_func=lambda m: _month_label(m, lang),
        )
        new_lang = st.radio(
            t("filter.language", lang),
            list(LANGUAGE_NAMES),
            key=WIDGETS["lang"],
            horizontal=True,
            format_func=LANGUAGE_NAMES.get,
        )
        presenter = st.toggle(t("presenter.toggle", lang), key=WIDGETS["presenter"], help=t("presenter.help", lang))
        st.button(t("filter.reset", lang), width="stretch", on_click=url_filters.clear_filters, key="clear-filters")
    chosen = Filters(
        cohorts=tuple(sorted(cohorts)),
        province=province or None,
        regency=regency or None,
        period_from=_first_day(start) if start != months[0] else None,
        period_to=_first_day(end) if end != months[-1] else None,
        edition=edition,
    )
    shown = Display(lang=new_lang, presenter=presenter)
    if (chosen, shown) != (filters, display):
        url_filters.write(chosen, shown)
        if shown.lang != display.lang:
            st.rerun()  # redraw the sidebar in the new language
    return chosen, shown

"""Presenter mode's scope picker: province, regency and cohorts in the slide header, since the
sidebar is hidden there. A choice becomes the next run's filters (URL and sidebar follow)."""

from __future__ import annotations

import streamlit as st

from tpbis.filters import Filters
from tpbis.i18n import t
from tpbis_ui import data, url_filters

KEYS = {"province": "presenter-province", "regency": "presenter-regency", "cohorts": "presenter-cohorts"}


def _chosen(field: str) -> None:
    """A widget callback: the current filters with this field as picked."""
    filters, value = url_filters.current_filters(), st.session_state[KEYS[field]]
    if field == "province":
        url_filters.show_next(filters.with_(province=value or None, regency=None))
    elif field == "regency":
        url_filters.show_next(filters.with_(regency=value or None))
    else:
        url_filters.show_next(filters.with_(cohorts=tuple(sorted(value))))


def scope_picker(filters: Filters, lang: str) -> None:
    """Three compact pickers side by side, showing the filters of this run."""
    provinces, regencies = data.area_names(filters.edition)
    in_province = data.regencies_in(filters.province, filters.edition)
    st.session_state[KEYS["province"]] = filters.province or ""
    st.session_state[KEYS["regency"]] = filters.regency or ""
    st.session_state[KEYS["cohorts"]] = list(filters.cohorts)
    everywhere = f"{t('filter.province', lang)}: {t('filter.all', lang)}"
    every_regency = f"{t('filter.regency', lang)}: {t('filter.all', lang)}"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.selectbox(
            t("filter.province", lang),
            ["", *provinces],
            key=KEYS["province"],
            format_func=lambda c: provinces.get(c, everywhere),
            on_change=_chosen,
            args=("province",),
            label_visibility="collapsed",
        )
        st.selectbox(
            t("filter.regency", lang),
            ["", *in_province],
            key=KEYS["regency"],
            format_func=lambda c: regencies.get(c, every_regency),
            disabled=not filters.province,
            on_change=_chosen,
            args=("regency",),
            label_visibility="collapsed",
        )
        st.multiselect(
            t("filter.cohort", lang),
            sorted(data.valid_values().cohorts),
            key=KEYS["cohorts"],
            placeholder=f"{t('filter.cohort', lang)}: {t('filter.cohort.all', lang)}",
            on_change=_chosen,
            args=("cohorts",),
            label_visibility="collapsed",
        )

"""Daftar Perpustakaan: every library of the chosen area with its status and the reasons for it
first, filtered by status and reason, a page of rows at a time, downloadable whole."""

import streamlit as st

from tpbis import briefing, escaping, profile, status
from tpbis.i18n import number, t
from tpbis_ui import navigation, tables, url_filters
from tpbis_ui.data import query

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
scope = query(briefing.area_name, filters)
st.title(t("list.title", lang, area=scope))

everyone = query(status.status_list, filters, lang=lang)
shown_status = url_filters.page_param("status", [status.RED, status.YELLOW, status.GREEN], "")
shown_reason = url_filters.page_param("reason", status.REASONS, "")
pick_status, pick_reason = st.columns(2)
chosen_status = pick_status.selectbox(
    t("list.status", lang),
    ["", status.RED, status.YELLOW, status.GREEN],
    index=["", status.RED, status.YELLOW, status.GREEN].index(shown_status),
    format_func=lambda s: t(f"status.{s}", lang) if s else t("list.all", lang),
    key="list_status",
)
chosen_reason = pick_reason.selectbox(
    t("list.reason", lang),
    ["", *status.REASONS],
    index=["", *status.REASONS].index(shown_reason),
    format_func=lambda r: status.reason_label(r, lang) if r else t("list.all", lang),
    key="list_reason",
)
for name, value in (("status", chosen_status), ("reason", chosen_reason)):
    if value:  # the link reopens the same list
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)

search = st.query_params.get("q", "")
if search:
    st.info(t("list.search", lang, text=escaping.markdown(search)))
picked = everyone[profile.matches(everyone, search)] if search else everyone
if chosen_status:
    picked = picked[picked["status"] == chosen_status]
if chosen_reason:
    # an area without libraries gives an empty column of no type, which has no .str
    reasons = picked["reason_codes"].fillna("").astype(str).str.split(",")
    picked = picked[reasons.map(lambda codes: chosen_reason in codes)]
counts = everyone["status"].value_counts()
st.caption(
    t(
        "list.counts",
        lang,
        shown=number(len(picked), lang),
        total=number(len(everyone), lang),
        red=number(int(counts.get(status.RED, 0)), lang),
        yellow=number(int(counts.get(status.YELLOW, 0)), lang),
        green=number(int(counts.get(status.GREEN, 0)), lang),
    )
)
if picked.empty:
    st.info(t("list.none", lang))
else:
    names = {s: t(f"status.{s}", lang) for s in status.COLOURS}
    words = picked.assign(status=tables.words_for(picked["status"], names))
    words = words.drop(columns=["reason_codes", "village_code"])
    words = tables.with_next_follow_up(words, filters, lang, "reasons")
    tables.table_with_download(
        tables.labelled(
            words,
            lang,
            status="col.status",
            reasons="col.reasons",
            follow_up="col.follow_up",
            name="col.library",
            village="col.village",
            district="col.district",
            trained="col.trained",
            last_report_month="col.last_report",
        ),
        "daftar_perpustakaan",
        filters,
        # a shared screen has room for the reasons in large type only beside a few other columns
        on_screen=["status", "name", "reasons", "follow_up", "regency"] if display.presenter else None,
    )
    st.page_link(
        navigation.page(navigation.LIBRARY_PROFILE, lang),
        label=t("list.profile", lang),
        icon=":material/local_library:",
        query_params={**url_filters.link_params(), "library": picked["library_code"].iloc[0]},
    )

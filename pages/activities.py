"""Kegiatan: community activities by month, type, skill and gender; the most and least
active regencies; libraries with no activity in 90 days; partners."""

from itertools import cycle

import pandas as pd
import plotly.express as px
import streamlit as st

from tpbis import activities
from tpbis.filters import Filters
from tpbis.i18n import number, t
from tpbis_ui import charts, tables, url_filters
from tpbis_ui.data import query, shaped

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
st.title(t("activities.title", lang))

monthly = query(activities.monthly_activity, filters)
if monthly.empty:
    st.info(t("activities.empty", lang))
else:
    change = query(activities.activity_change, filters)
    columns = st.container(key="kpis").columns(3)  # two a row on a phone (phone.css)
    columns[0].metric(t("col.activities", lang), number(int(monthly["activities"].sum()), lang))
    columns[1].metric(t("col.participants", lang), number(int(monthly["male"].sum() + monthly["female"].sum()), lang))
    columns[2].metric(
        t("kpi.activities_90", lang),  # as on the overview: the long sentence is its help
        number(change["activities_now"], lang),
        help=t("activities.change", lang),
        **charts.delta(change["activities_now"] - change["activities_before"], lang),
    )

    st.subheader(t("activities.monthly", lang))
    chart, table = charts.beside()
    charts.plot(
        "bar",
        query(activities.participants_by_month, filters),
        lang,
        chart,
        x="month",
        y="people",
        color="gender",
        height=340,
        labels={"month": t("col.month", lang), "people": t("col.participants", lang), "gender": ""},
        color_discrete_sequence=["#6baed6", "#08519c"],
    )
    with table:
        tables.table_with_download(tables.labelled(monthly, lang), "kegiatan_bulanan", filters, height=340)

    st.subheader(t("activities.by_type", lang))
    kinds = query(activities.by_type, filters)
    # under its chart: the legend takes a third of a laptop's column, and beside it the counts were past the edge
    chart, table = charts.beside(stacked=True)
    charts.plot(
        "bar",
        kinds,
        lang,
        chart,
        x="activities",
        y="activity_type",
        color="skill_category",
        orientation="h",
        height=380,
        labels={"activities": t("col.activities", lang), "activity_type": "", "skill_category": t("col.skill", lang)},
        color_discrete_map=dict(zip(query(activities.skill_categories, Filters()), cycle(px.colors.qualitative.Safe))),
    )
    with table:
        tables.table_with_download(tables.labelled(kinds, lang), "kegiatan_jenis", filters, height=380)

if not monthly.empty and not filters.regency:  # one regency: its own figures are the KPIs above
    st.subheader(t("activities.regencies", lang))
    # most activities per library first
    regencies = shaped(pd.DataFrame.round, query(activities.regency_activity, filters), 1)
    ends = min(10, len(regencies) // 2)
    if ends:
        short = regencies[["name", "per_library", "province"]]  # what ranks them in sight on a laptop
        most, least = st.container(key="regency-ends").columns(2)  # one under the other when narrow: page.css
        most.caption(t("activities.most", lang, n=ends))
        tables.show_table(tables.labelled(short.head(ends), lang, name="col.regency"), lang, most)
        least.caption(t("activities.least", lang, n=ends))
        tables.show_table(tables.labelled(short.tail(ends).iloc[::-1], lang, name="col.regency"), lang, least)
        st.caption(t("activities.all_regencies", lang, n=number(len(regencies), lang)))
    tables.table_with_download(
        tables.labelled(regencies, lang, name="col.regency"), "kegiatan_kabupaten", filters, height=390
    )

lapsed = query(activities.lapsed_libraries, filters)
if not (monthly.empty and lapsed.empty):  # both empty: no library here, and nothing to say of one
    st.subheader(t("activities.lapsed", lang))
    tables.list_to_follow_up(lapsed, "activities.lapsed.none", "tanpa_kegiatan_90_hari", filters, name="col.library")

partners = query(activities.partners, filters)
if not partners.empty:
    st.subheader(t("activities.partners", lang))
    tables.table_with_download(tables.labelled(partners, lang), "mitra", filters)

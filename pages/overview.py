"""Ringkasan: the programme's headline numbers for the current scope, its cohorts, the
libraries' status, the monthly trend and the provinces ranked."""

import streamlit as st

from tpbis import activities, briefing, cohorts, escaping, metrics, status
from tpbis.i18n import number, percent, t
from tpbis.status import COLOURS
from tpbis_ui import charts, tables, url_filters
from tpbis_ui.data import query, shaped

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
st.title(t("overview.title", lang))
# the area in the heading's line, as the other pages name it: a shared screen says what it shows
area = query(briefing.area_name, filters)
st.caption(f"{t('app.subtitle', lang)} · **{escaping.markdown(area)}**")

numbers = query(metrics.headline, filters)
if numbers["libraries"] == 0:
    st.info(t("overview.empty", lang))
    st.stop()

columns = st.container(key="kpis").columns(6)
columns[0].metric(t("kpi.provinces", lang), number(numbers["provinces"], lang))
columns[1].metric(t("kpi.regencies", lang), number(numbers["regencies"], lang))
columns[2].metric(t("kpi.libraries", lang), number(numbers["libraries"], lang))
before = query(metrics.headline, query(metrics.months_earlier, filters))
columns[3].metric(
    t("kpi.trained", lang),
    percent(numbers["trained_share"], lang),
    **charts.delta((numbers["trained_share"] - before["trained_share"]) * 100, lang, 1, " pp"),
    help=t("kpi.trained.help", lang, total=number(numbers["managers"], lang)) + " " + t("kpi.delta", lang),
)
columns[4].metric(
    t("kpi.active", lang),
    percent(numbers["active_share"], lang),
    **charts.delta((numbers["active_share"] - before["active_share"]) * 100, lang, 1, " pp"),
    help=t("kpi.active.help", lang, date=query(metrics.reference_date, filters).isoformat())
    + " "
    + t("kpi.delta", lang),
)
change = query(activities.activity_change, filters)
columns[5].metric(
    t("kpi.activities_90", lang),
    number(change["activities_now"], lang),
    **charts.delta(change["activities_now"] - change["activities_before"], lang),
    help=t("activities.change", lang),
)

left, middle = charts.beside((1, 1))  # in presenter mode one under the other: the large type needs the width
with left:
    st.subheader(t("overview.cohorts", lang))
    by_cohort = tables.labelled(
        query(cohorts.cohorts_with_published, filters),
        lang,
        {
            "libraries_published": f"{t('col.libraries', lang)} ({t('col.published', lang)})",
            "regencies_published": f"{t('col.regency', lang)} ({t('col.published', lang)})",
            "provinces_published": f"{t('col.province', lang)} ({t('col.published', lang)})",
        },
        regencies="col.regency",
        provinces="col.province",
    )
    tables.table_with_download(by_cohort, "angkatan", filters)
with middle:
    st.subheader(t("overview.status", lang))
    by_status = shaped(status.counts_named, query(status.status_counts, filters), lang)
    charts.plot(
        "bar",
        by_status,
        lang,
        layout={"showlegend": False, "margin": {"t": 10, "b": 10}},
        x="label",
        y="libraries",
        color="status",
        height=260,
        color_discrete_map=COLOURS,
        labels={"label": "", "libraries": t("col.libraries", lang)},
    )
    tables.show_table(tables.labelled(by_status[["label", "libraries"]], lang, label="col.status"), lang)

st.subheader(t("overview.trend", lang))
monthly = query(activities.monthly_activity, filters)
if monthly.empty:
    st.info(t("activities.empty", lang))
else:
    names = {c: t(f"col.{c}", lang) for c in ("activities", "participants")}
    trend = shaped(activities.trend_lines, monthly, names)
    charts.plot(
        "line",
        trend,
        lang,
        x="month",
        y=list(names.values()),
        y_right=names["participants"],
        height=300,
        labels={"month": t("col.month", lang), "value": "", "variable": ""},
    )

# every province whatever the area (one answer for all of them)
by_province = query(metrics.provinces_with_coverage, filters.with_(province=None, regency=None))
if filters.province:  # inside a province: its regencies, for comparison, never the province's own totals alone
    province = by_province.loc[by_province["code"] == filters.province, "name"].iloc[0]
    st.subheader(t("overview.by_regency", lang, province=province))
    if filters.regency:
        st.caption(t("overview.by_regency.compare", lang, province=province))
    areas = query(metrics.regencies_with_coverage, filters.with_(regency=None))
    columns, stem = ("code", "name", "libraries"), "cakupan_kabupaten_kota"
else:
    st.subheader(t("overview.by_province", lang))
    areas, columns, stem = by_province, ("code", "name", "libraries", "regencies"), "cakupan_provinsi"
tables.table_with_download(
    tables.labelled(
        shaped(metrics.coverage_rows, areas, columns),
        lang,
        code="col.code",
        name="col.regency" if filters.province else "col.province",
        regencies="col.regencies",
        trained_pct="col.trained_share",
        active_pct="col.active_share",
    ),
    stem,
    filters,
)

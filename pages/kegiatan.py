"""Kegiatan: community activities by month, type, skill and gender; the most and least
active regencies; libraries with no activity in 90 days; partners."""
import plotly.express as px
import streamlit as st

from pages import shared
from tpbis.i18n import number, t

scope = shared.current_scope()
lang = scope.lang
st.title(t("activities.title", lang))

monthly = shared.metric("monthly_activity", scope)
if monthly.empty:
    st.info(t("activities.empty", lang))
else:
    change = shared.metric("activity_change", scope)
    columns = st.columns(3)
    columns[0].metric(t("col.activities", lang), number(int(monthly["activities"].sum()), lang))
    columns[1].metric(t("col.participants", lang), number(int(monthly["male"].sum() + monthly["female"].sum()), lang))
    columns[2].metric(t("activities.change", lang), number(change["activities_now"], lang),
                      **shared.delta(change["activities_now"] - change["activities_before"], lang))

    st.subheader(t("activities.monthly", lang))
    long = monthly.melt(id_vars="month", value_vars=["male", "female"], var_name="gender", value_name="people")
    long["gender"] = long["gender"].map({"male": t("col.male", lang), "female": t("col.female", lang)})
    chart, table = st.columns([3, 2])
    figure = px.bar(long, x="month", y="people", color="gender", height=340,
                     labels={"month": t("col.month", lang), "people": t("col.participants", lang), "gender": ""},
                     color_discrete_sequence=["#6baed6", "#08519c"])
    shared.chart(figure, lang, chart)
    with table:
        shared.table_with_download(shared.labelled(monthly, lang), "kegiatan_bulanan", scope, height=340)

    st.subheader(t("activities.by_type", lang))
    kinds = shared.metric("by_type", scope)
    chart, table = st.columns([3, 2])
    figure = px.bar(kinds, x="activities", y="activity_type", color="skill_category", orientation="h",
                     height=380, labels={"activities": t("col.activities", lang), "activity_type": "",
                                         "skill_category": t("col.skill", lang)},
                     color_discrete_sequence=px.colors.qualitative.Safe)
    shared.chart(figure, lang, chart)
    with table:
        shared.table_with_download(shared.labelled(kinds, lang), "kegiatan_jenis", scope, height=380)

    st.subheader(t("activities.regencies", lang))
    regencies = shared.metric("regency_activity", scope).round(1)  # most activities per library first
    ends = min(10, len(regencies) // 2)
    if ends:
        short = shared.labelled(regencies[["name", "province", "per_library"]], lang, name="col.regency")
        most, least = st.columns(2)
        most.caption(t("activities.most", lang, n=ends))
        shared.show_table(short.head(ends), lang, most)
        least.caption(t("activities.least", lang, n=ends))
        shared.show_table(short.tail(ends).iloc[::-1], lang, least)
        st.caption(t("activities.all_regencies", lang, n=number(len(regencies), lang)))
    shared.table_with_download(shared.labelled(regencies, lang, name="col.regency"), "kegiatan_kabupaten", scope,
                               height=390)

st.subheader(t("activities.lapsed", lang))
lapsed = shared.metric("lapsed_libraries", scope)
shared.list_to_follow_up(lapsed, "activities.lapsed.none", "tanpa_kegiatan_90_hari", scope, name="col.library")

partners = shared.metric("partners", scope)
if not partners.empty:
    st.subheader(t("activities.partners", lang))
    shared.table_with_download(shared.labelled(partners, lang), "mitra", scope)

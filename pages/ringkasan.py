"""Ringkasan: the programme's headline numbers for the current scope."""
import streamlit as st

from pages import shared
from tpbis.i18n import number, percent, t

scope = shared.current_scope()
lang = scope.lang
st.title(t("overview.title", lang))
st.caption(t("app.subtitle", lang))

numbers = shared.metric("headline", scope)
if numbers["libraries"] == 0:
    st.info(t("overview.empty", lang))
    st.stop()

columns = st.columns(5)
columns[0].metric(t("kpi.provinces", lang), number(numbers["provinces"], lang))
columns[1].metric(t("kpi.regencies", lang), number(numbers["regencies"], lang))
columns[2].metric(t("kpi.libraries", lang), number(numbers["libraries"], lang))
columns[3].metric(t("kpi.trained", lang), percent(numbers["trained_share"], lang),
                  help=t("kpi.trained.help", lang, total=number(numbers["managers"], lang)))
columns[4].metric(t("kpi.active", lang), percent(numbers["active_share"], lang),
                  help=t("kpi.active.help", lang, date=shared.metric("reference_date", scope).isoformat()))

st.subheader(t("overview.by_province", lang))
by_province = shared.metric("provinces_with_coverage", scope)
if scope.province:
    by_province = by_province[by_province["code"] == scope.province]
table = by_province.assign(
    trained_pct=(by_province["trained_share"] * 100).round(1),
    active_pct=(by_province["active_share"] * 100).round(1),
)[["code", "name", "libraries", "regencies", "trained_pct", "active_pct", "activities", "participants"]]
table.columns = [t("col.code", lang), t("col.province", lang), t("col.libraries", lang), t("col.regencies", lang),
                 t("col.trained_share", lang), t("col.active_share", lang), t("col.activities", lang),
                 t("col.participants", lang)]
shared.table_with_download(table, "cakupan_provinsi", scope)

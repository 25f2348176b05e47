"""Peta Cakupan: Indonesia -> province -> regency -> village library, by click or by keyboard."""
import pandas as pd
import streamlit as st

from pages import shared
from tpbis import boundaries, maps
from tpbis.i18n import number, percent, t
from tpbis.metrics import MAP_METRICS
from tpbis.status import reasons

scope = shared.current_scope()
lang = scope.lang
provinces, regencies = shared.area_names()
st.title(t("map.title", lang))

try:
    boundaries.manifest()
except boundaries.BoundariesMissing:
    st.error(t("map.missing", lang))
    st.stop()

# -- breadcrumb: Indonesia › province › regency, each part goes back up ------------------
trail = [("Indonesia", scope.with_(province=None, regency=None))]
if scope.province:
    trail.append((provinces[scope.province], scope.with_(regency=None)))
if scope.regency:
    trail.append((regencies[scope.regency], scope))
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    for index, (label, target) in enumerate(trail):
        if index:
            st.markdown("›")
        if st.button(label, key=f"crumb-{index}", type="tertiary", disabled=index == len(trail) - 1):
            shared.go_to(target)

metric = shared.page_param("metric", MAP_METRICS, "libraries", lang)
chosen = st.segmented_control(t("map.metric", lang), list(MAP_METRICS), default=metric, key=f"metric-{metric}",
                              format_func=lambda m: t(f"metric.{m}", lang))
if chosen and chosen != metric:
    st.query_params["metric"] = chosen
    st.rerun()
column, kind = MAP_METRICS[metric]
value_label = t(f"metric.{metric}", lang)


def value_text(value) -> str:
    if kind == "share":
        return percent(value, lang)
    return number(value, lang, 1 if kind == "ratio" else 0)


def area_table(frame: pd.DataFrame) -> pd.DataFrame:
    """code, name, value, texts for hover, covered: what the area map needs."""
    covered = frame["libraries"] > 0
    ranks = frame["value"].where(covered).rank(ascending=False, method="min")
    total = int(covered.sum())
    return frame.assign(
        covered=covered,
        value_text=[value_text(v) for v in frame["value"]],
        value=frame["value"] * (100 if kind == "share" else 1),  # shares are drawn as percent
        rank_text=[t("map.rank", lang, rank=int(r), total=total) if pd.notna(r) else "" for r in ranks])


def go_to_library(code: str) -> None:
    st.switch_page("pages/perpustakaan.py", query_params={**shared.to_params(scope), "library": code})


def clicked(event) -> str | None:
    points = event.selection.points if event and event.selection else []
    return points[0]["customdata"][0] if points and points[0].get("customdata") else None


map_column, table_column = st.columns([3, 2], gap="medium")

if scope.regency:  # -- one regency: its libraries, coloured by status ------------------
    status = shared.metric("library_status", scope)
    status = status.assign(reasons_text=[", ".join(reasons(row, lang)) for _, row in status.iterrows()])
    outline = None
    if scope.regency in boundaries.with_polygon():
        shapes = boundaries.regencies(scope.province)
        outline = {"type": "FeatureCollection",
                   "features": [f for f in shapes["features"] if f["properties"]["code"] == scope.regency]}
    with map_column:
        if status.empty:
            st.info(t("map.no_libraries", lang, area=regencies[scope.regency]))
        else:
            st.caption(t("map.hint.regency", lang) + " " + t(
                "map.status_counts", lang, green=(status["status"] == "hijau").sum(),
                yellow=(status["status"] == "kuning").sum(), red=(status["status"] == "merah").sum()))
            labels = {s: t(f"status.{s}", lang) for s in ("hijau", "kuning", "merah")}
            figure = maps.library_map(status, labels, outline, boundaries.bounds(scope.regency))
            event = st.plotly_chart(figure, on_select="rerun", selection_mode="points",
                                    key=f"map-{scope.regency}", config={"displayModeBar": False})
            if code := clicked(event):
                go_to_library(code)
        names = dict(zip(status["library_code"], status["name"]))
        pick = st.selectbox(t("map.goto.library", lang), [""] + list(names), key=f"pick-{scope.regency}",
                            format_func=lambda c: names.get(c, t("map.choose", lang)))
        if pick:
            go_to_library(pick)
    with table_column:
        table = status[["library_code", "name", "cohort_year", "status", "reasons_text"]].assign(
            status=lambda f: f["status"].map(lambda s: t(f"status.{s}", lang)))
        table.columns = [t("field.code", lang), t("col.library", lang), t("col.cohort", lang),
                         t("col.status", lang), t("col.reasons", lang)]
        shared.table_with_download(table, f"perpustakaan_{scope.regency}", scope)

else:  # -- Indonesia by province, or one province by regency ------------------------------
    if scope.province:
        frame = shared.metric("regencies_with_coverage", scope)
        geojson = boundaries.regencies(scope.province)
        hint, goto_label, area_label = "map.hint.province", "map.goto.regency", "col.regency"
    else:
        frame = shared.metric("provinces_with_coverage", scope)
        geojson = boundaries.provinces()
        hint, goto_label, area_label = "map.hint.national", "map.goto.province", "col.province"
    table = area_table(frame.assign(value=frame[column].astype(float).fillna(0)))
    drawn = {f["properties"]["code"] for f in geojson["features"]}
    points = table[~table["code"].isin(drawn)]
    with map_column:
        st.caption(t(hint, lang))
        figure = maps.area_map(geojson, table[table["code"].isin(drawn)], value_label,
                               {"uncovered": t("map.uncovered", lang)},
                               boundaries.bounds(scope.province) if scope.province else None,
                               points=points if len(points) else None)
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points",
                                key=f"map-{scope.province or 'id'}-{metric}", config={"displayModeBar": False})
        if len(points):
            st.caption(t("map.no_polygon", lang, count=len(points)))
        names = dict(zip(table["code"], table["name"]))
        pick = st.selectbox(t(goto_label, lang), [""] + list(names), key=f"pick-{scope.province or 'id'}",
                            format_func=lambda c: names.get(c, t("map.choose", lang)))
        code = clicked(event) or pick
        if code:
            shared.go_to(scope.with_(regency=code) if scope.province else scope.with_(province=code))
    with table_column:
        shown = frame.assign(trained=frame["trained_share"] * 100, active=frame["active_share"] * 100)
        shown = shown[["code", "name", "libraries", "regencies", "trained", "active", "activities",
                       "activities_per_library", "participants"]]
        sort_by = {"trained_share": "trained", "active_share": "active"}.get(column, column)
        shown = shown.sort_values(sort_by, ascending=False, na_position="last")
        if scope.province:
            shown = shown.drop(columns="regencies")
        headers = {"code": t("field.code", lang), "name": t(area_label, lang),
                   "libraries": t("col.libraries", lang), "regencies": t("col.regencies", lang),
                   "trained": t("col.trained_share", lang), "active": t("col.active_share", lang),
                   "activities": t("col.activities", lang), "activities_per_library": t("col.per_library", lang),
                   "participants": t("col.participants", lang)}
        shared.table_with_download(
            shown.rename(columns=headers), f"cakupan_{scope.province or 'nasional'}", scope,
            column_config={headers[c]: st.column_config.NumberColumn(format="%.1f")
                           for c in ("trained", "active", "activities_per_library")}, height=560)

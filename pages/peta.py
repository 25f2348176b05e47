"""Peta Cakupan: Indonesia -> province -> regency -> village library, by click or by keyboard."""
from functools import partial

import streamlit as st

from pages import shared
from tpbis import boundaries, escaping
from tpbis.i18n import t
from tpbis.metrics import MAP_METRICS

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
        # a callback, not the button's return value: it runs before dashboard.py reads the scope
        st.button(escaping.markdown(label), key=f"crumb-{index}", type="tertiary", disabled=index == len(trail) - 1,
                  on_click=shared.ask_for, args=(target,))


def open_library(code: str) -> None:
    st.switch_page("pages/perpustakaan.py", query_params={**shared.to_params(scope), "library": code})


def clicked(event) -> str | None:
    points = event.selection.points if event and event.selection else []
    return points[0]["customdata"][0] if points and points[0].get("customdata") else None


def open_clicked_area(chart_key: str) -> None:
    """On a click on a province or regency: the run the click starts already shows it."""
    if code := clicked(st.session_state.get(chart_key)):
        shared.ask_for(scope.with_(regency=code) if scope.province else scope.with_(province=code))


if scope.regency:
    view = shared.map_view("regency_view", scope)
    hint, pick_label, name = "map.hint.regency", "map.goto.library", f"perpustakaan_{scope.regency}"
else:
    metric = shared.page_param("metric", MAP_METRICS, "libraries", lang)
    chosen = st.segmented_control(t("map.metric", lang), list(MAP_METRICS), default=metric,
                                  key=f"metric-{metric}", format_func=lambda m: t(f"metric.{m}", lang))
    if chosen and chosen != metric:
        st.query_params["metric"] = chosen
        st.rerun()
    view = shared.map_view("area_view", scope, metric=metric)
    hint = "map.hint.province" if scope.province else "map.hint.national"
    pick_label = "map.goto.regency" if scope.province else "map.goto.province"
    name = f"cakupan_{scope.province or 'nasional'}"

map_column, table_column = st.columns([3, 2], gap="medium")
with map_column:
    if view.figure is None:
        st.info(t("map.no_libraries", lang, area=regencies[scope.regency]))
    else:
        caption = t(hint, lang)
        if view.counts:
            caption += " " + t("map.status_counts", lang, green=view.counts["hijau"],
                               yellow=view.counts["kuning"], red=view.counts["merah"])
        st.caption(caption)
        chart_key = f"map-{scope.regency or scope.province or 'id'}-{st.query_params.get('metric')}"
        event = shared.interactive_map(
            view.figure, view.picture, t("map.title", lang), selection_mode="points", key=chart_key,
            config=shared.chart_config(),
            on_select="rerun" if scope.regency else partial(open_clicked_area, chart_key))
        if view.points:
            st.caption(t("map.no_polygon", lang, count=view.points))
    pick = st.selectbox(t(pick_label, lang), ["", *view.choices], key=f"pick-{scope.regency or scope.province or 'id'}",
                        format_func=lambda c: view.choices.get(c, t("map.choose", lang)))
    code = (clicked(event) if view.figure is not None and scope.regency else None) or pick
    if code:
        if scope.regency:
            open_library(code)
        shared.go_to(scope.with_(regency=code) if scope.province else scope.with_(province=code))
with table_column:
    shared.table_with_download(view.table, name, scope, height=560)

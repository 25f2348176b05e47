"""Peta Cakupan: Indonesia -> province -> regency -> village library, by click or by keyboard."""

from functools import partial

import streamlit as st

from tpbis import boundaries, coverage_growth, escaping, map_picture, map_views
from tpbis.filters import Filters
from tpbis.i18n import number, t
from tpbis.metrics import MAP_METRICS
from tpbis.status import GREEN, RED, YELLOW
from tpbis_ui import charts, data, frame, navigation, tables, url_filters

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
provinces, regencies = data.area_names(filters.edition)
st.title(t("map.title", lang))

try:
    boundaries.manifest()
except boundaries.BoundariesMissing:
    st.error(t("map.missing", lang))
    st.stop()

# -- breadcrumb: Indonesia › province › regency, each part goes back up ------------------
trail = [("Indonesia", filters.with_(province=None, regency=None))]
if filters.province:
    trail.append((provinces[filters.province], filters.with_(regency=None)))
if filters.regency:
    trail.append((regencies[filters.regency], filters))
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    for index, (label, target) in enumerate(trail):
        if index:
            st.markdown("›")
        # a callback, not the button's return value: it runs before dashboard.py reads the URL
        st.button(
            escaping.markdown(label),
            key=f"crumb-{index}",
            type="tertiary",
            disabled=index == len(trail) - 1,
            on_click=url_filters.show_next,
            args=(target,),
        )


if filters.province:
    st.page_link(
        navigation.page(navigation.LIBRARY_LIST, lang),
        label=t("list.link", lang, area=escaping.markdown(trail[-1][0])),
        icon=":material/format_list_bulleted:",
        query_params=url_filters.link_params(),
    )


def picker_key(area: Filters) -> str:
    return f"pick-{area.regency or area.province or 'id'}"


def open_library(code: str) -> None:
    st.switch_page(
        navigation.page(navigation.LIBRARY_PROFILE), query_params={**url_filters.link_params(), "library": code}
    )


def clicked(event) -> str | None:
    points = event.selection.points if event and event.selection else []
    return points[0]["customdata"][0] if points and points[0].get("customdata") else None


def open_clicked_area(chart_key: str) -> None:
    """On a click on a province or regency: the run the click starts already shows it."""
    if code := clicked(st.session_state.get(chart_key)):
        url_filters.show_next(filters.with_(regency=code) if filters.province else filters.with_(province=code))


if filters.regency:
    view = data.shared_view(map_views.regency_view, filters, display)
    hint, pick_label, name = "map.hint.regency", "map.goto.library", f"perpustakaan_{filters.regency}"
else:
    # within a province a regency is covered or not, which the map's grey already says
    offered = [m for m in MAP_METRICS if m != "regencies" or not filters.province]
    metric = url_filters.page_param("metric", MAP_METRICS, "libraries")
    if metric not in offered:  # a link or a click from the national map: no message
        metric = "libraries"
    chosen = st.segmented_control(
        t("map.metric", lang),
        offered,
        default=metric,
        key=f"metric-{metric}",
        format_func=lambda m: t(f"metric.{m}", lang),
    )
    if chosen and chosen != metric:
        st.query_params["metric"] = chosen
        st.rerun()
    view = data.shared_view(map_views.area_view, filters, display, metric=metric, phone=frame.on_phone())
    hint = "map.hint.province" if filters.province else "map.hint.national"
    pick_label = "map.goto.regency" if filters.province else "map.goto.province"
    name = f"cakupan_{filters.province or 'nasional'}"

# Indonesia is wide: beside its table, the national map filled a fifth of its box; across the page
# it is larger, and the table below shows all its columns
map_column, table_column = charts.beside(stacked=not filters.province, gap="medium")
with map_column:
    if view.figure is None:
        st.info(t("map.no_libraries", lang, area=regencies[filters.regency]))
    else:
        caption = t(hint, lang)
        if view.counts:
            caption += " " + t(
                "map.status_counts", lang, green=view.counts[GREEN], yellow=view.counts[YELLOW], red=view.counts[RED]
            )
        st.caption(caption)
        chart_key = f"map-{filters.regency or filters.province or 'id'}-{st.query_params.get('metric')}"
        event = charts.interactive_map(
            view.figure,
            view.picture,
            t("map.title", lang),
            selection_mode="points",
            key=chart_key,
            config=charts.chart_config(),
            on_select="rerun" if filters.regency else partial(open_clicked_area, chart_key),
        )
        if view.points:
            st.caption(t("map.no_polygon", lang, count=view.points))
    pick = st.selectbox(
        t(pick_label, lang),
        ["", *view.choices],
        key=picker_key(filters),
        format_func=lambda c: view.choices.get(c, t("map.choose", lang)),
    )
    code = (clicked(event) if view.figure is not None and filters.regency else None) or pick
    if code:
        if filters.regency:
            open_library(code)
        area = filters.with_(regency=code) if filters.province else filters.with_(province=code)
        frame.focus_next_run(picker_key(area))  # keyboard users go on with the next picker
        url_filters.go_to(area)
with table_column:
    table, keys = view.table, view.table_keys
    if filters.regency and not table.empty:
        table = tables.with_next_follow_up(table, filters, lang, "reasons_text")
        keys = {**keys, "follow_up": "col.follow_up"}
    tall = {"height": 560} if len(table) > 14 else {}  # a short table without empty ruled rows under it
    tables.table_with_download(tables.labelled(table, lang, **keys), name, filters, **tall)

if not filters.regency and st.toggle(t("map.growth", lang), key="growth"):
    steps = data.query(coverage_growth.steps, filters, lang=lang)
    if steps:
        years = [step.year for step in steps]
        year = st.select_slider(t("map.growth.year", lang), years, value=years[-1], key="growth-year")
        step = steps[years.index(year)]
        area_word = t("briefing.areas.regency" if filters.province else "briefing.areas.province", lang)
        st.markdown(f"![{escaping.markdown(t('map.growth', lang))} {year}]({map_picture.data_uri(step.picture)})")
        st.caption(
            t(
                "map.growth.caption",
                lang,
                year=year,
                libraries=number(step.libraries, lang),
                areas=number(step.areas, lang),
                area_word=area_word,
            )
        )

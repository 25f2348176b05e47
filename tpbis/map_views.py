"""What each level of the coverage map shows: the numbers, their texts and the figure.

National and province levels colour areas by a metric; the regency level shows its village
libraries by status. Each view returns the figure with the table that goes beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tpbis import boundaries, map_picture, maps, type_sizes
from tpbis.filters import Display, Filters
from tpbis.i18n import SEPARATORS, number, percent, t
from tpbis.metrics import MAP_METRICS, provinces_with_coverage, regencies_with_coverage
from tpbis.slide_charts import INK
from tpbis.status import GREEN, RED, YELLOW, library_status, reasons_of
from tpbis.store import Store

NATIONAL_HEIGHT = 440  # Indonesia is wide: a lower map wastes less of the screen


@dataclass
class MapView:
    figure: maps.ReadyFigure | None
    table: pd.DataFrame  # what is drawn, one row per area or library, under the core's column names
    table_keys: dict[str, str]  # column -> catalogue key of its heading
    choices: dict[str, str]  # code -> name of what one can open from here
    points: int = 0  # areas drawn as points (no polygon)
    counts: dict | None = None  # libraries per status, at the regency level
    bounds: list[float] | None = None  # what the map shows, [west, south, east, north]
    picture: str | None = None  # the same map as a still SVG (tpbis.map_picture)


def _value_text(value, kind: str, lang: str) -> str:
    if kind == "share":
        return percent(value, lang)
    return number(value, lang, 1 if kind == "ratio" else 0)


def with_hover(frame: pd.DataFrame, column: str, kind: str, lang: str) -> pd.DataFrame:
    """The areas with what a map draws and says on hover: covered, value, its text and rank."""
    covered = frame["libraries"] > 0
    value = frame[column].astype(float).fillna(0)
    ranks = value.where(covered).rank(ascending=False, method="min")
    total = int(covered.sum())
    return frame.assign(
        covered=covered,
        value_text=[_value_text(v, kind, lang) for v in value],
        rank_text=[t("map.rank", lang, rank=int(r), total=total) if pd.notna(r) else "" for r in ranks],
        value=value * (100 if kind == "share" else 1),
    )  # shares are drawn as percent


def _display_table(frame: pd.DataFrame, column: str, with_regencies: bool) -> pd.DataFrame:
    shown = frame.assign(trained=frame["trained_share"] * 100, active=frame["active_share"] * 100)
    columns = [
        "code",
        "name",
        "libraries",
        "regencies",
        "trained",
        "active",
        "activities",
        "activities_per_library",
        "participants",
    ]
    if not with_regencies:
        columns.remove("regencies")
    sort_by = {"trained_share": "trained", "active_share": "active"}.get(column, column)
    # what the map is coloured by next to the names: beside a province's map at 1280 px the table
    # shows three columns, and the rest scroll sideways
    columns = [*columns[:2], sort_by, *(c for c in columns[2:] if c != sort_by)]
    return shown[columns].sort_values([sort_by, "libraries"], ascending=False, na_position="last")


def _area_table_keys(area_label: str) -> dict[str, str]:
    return dict(
        code="field.code",
        name=area_label,
        libraries="col.libraries",
        regencies="col.regencies",
        trained="col.trained_share",
        active="col.active_share",
        activities="col.activities",
        activities_per_library="col.per_library",
        participants="col.participants",
    )


def _readable(figure, display: Display) -> None:
    """Numbers as the language writes them; in presenter mode, type big enough for a shared screen."""
    figure.update_layout(separators=SEPARATORS[display.lang])
    if display.presenter:
        # the colour bar's type is set apart: Streamlit's chart theme sets it
        size = type_sizes.PRESENTER
        figure.update_layout(
            font_size=size.text,
            legend_font_size=size.legend,
            hoverlabel_font_size=size.hover,
            coloraxis_colorbar={  # in ink: the theme's grey is faint at the back of the room
                "tickfont": {"size": size.colorbar_tick, "color": INK},
                "title": {"font": {"size": size.colorbar_title, "color": INK}},
                "thickness": 18,
            },
        )


def area_view(
    store: Store, filters: Filters, display: Display, metric: str, fluid: bool = True, phone: bool = False
) -> MapView:
    """Indonesia by province, or the filters' province by regency, coloured by the metric; the
    still picture as wide as the page's map box, or (not `fluid`) of its own size, for slides;
    for a `phone`, only as tall as the area needs at a phone's width."""
    lang = display.lang
    column, kind = MAP_METRICS[metric]
    if filters.province:
        frame = regencies_with_coverage(store, filters)
        geojson, bounds, area_label = (
            boundaries.regencies(filters.province, filters.edition),
            boundaries.bounds(filters.province, filters.edition),
            "col.regency",
        )
    else:
        frame = provinces_with_coverage(store, filters)
        geojson, bounds, area_label = boundaries.provinces(filters.edition), None, "col.province"
    with_polygon, points = maps.by_shape(geojson, with_hover(frame, column, kind, lang))
    height = maps.HEIGHT if filters.province else NATIONAL_HEIGHT
    if phone:
        height = maps.height_on_phone(bounds, height)
    label = t(f"metric.{metric}", lang)
    figure = maps.area_map(
        geojson,
        with_polygon,
        label,
        {"uncovered": t("map.uncovered", lang)},
        bounds,
        points=points,
        height=height,
        large_type=display.presenter,
    )
    _readable(figure, display)
    picture = map_picture.area_picture(
        geojson,
        with_polygon,
        label,
        bounds,
        height,
        points=points,
        large_type=display.presenter,
        fluid=fluid,
    )
    return MapView(
        maps.ReadyFigure(figure),
        _display_table(frame, column, not filters.province),
        _area_table_keys(area_label),
        dict(zip(frame["code"], frame["name"])),
        points=0 if points is None else len(points),
        bounds=bounds,
        picture=picture,
    )


def regency_view(store: Store, filters: Filters, display: Display) -> MapView:
    """The filters' regency: its village libraries as points coloured by status."""
    assert filters.regency and filters.province, "a regency view needs a regency"
    lang = display.lang
    status = library_status(store, filters)
    status = status.assign(reasons_text=reasons_of(status, lang)[1])
    counts = {s: int((status["status"] == s).sum()) for s in (GREEN, YELLOW, RED)}
    table = status[["status", "reasons_text", "name", "library_code", "cohort_year"]].assign(
        status=lambda f: f["status"].map(lambda s: t(f"status.{s}", lang))
    )
    keys = dict(
        status="col.status",
        reasons_text="col.reasons",
        name="col.library",
        library_code="field.code",
        cohort_year="col.cohort",
    )
    if status.empty:
        return MapView(None, table, keys, {}, counts=counts)
    outline = None
    if filters.regency in boundaries.with_polygon():
        outline = {
            "type": "FeatureCollection",
            "features": [
                f
                for f in boundaries.regencies(filters.province, filters.edition)["features"]
                if f["properties"]["code"] == filters.regency
            ],
        }
    labels = {s: t(f"status.{s}", lang) for s in (GREEN, YELLOW, RED)}
    figure = maps.library_map(status, labels, outline, boundaries.bounds(filters.regency))
    _readable(figure, display)
    picture = map_picture.library_picture(
        status, labels, outline, boundaries.bounds(filters.regency), large_type=display.presenter, fluid=True
    )
    return MapView(
        maps.ReadyFigure(figure),
        table,
        keys,
        dict(zip(status["library_code"], status["name"])),
        counts=counts,
        picture=picture,
    )

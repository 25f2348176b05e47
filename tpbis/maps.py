"""Map figures for the three levels (pure: data in, plotly figure out).

All maps are MapLibre maps on the "white-bg" style: boundaries only, no tiles, no fonts
or scripts from the internet. Every clickable trace carries the area or library code as
the first item of its customdata, which is what a click hands back.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io

from tpbis import escaping, type_sizes
from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.status import COLOURS, GREEN, RED, YELLOW

# Every run turns each chart into JSON (plotly.io.to_json). With orjson installed plotly's "auto"
# picks it, and that path first walks the whole figure in Python: the national map took 20-22 ms
# a run instead of 5 ms with the json module. So the json module, whatever else is installed.
plotly.io.json.config.default_engine = "json"

UNCOVERED = "#d9d9d9"
# ColorBrewer "Blues": sequential and colour-blind safe; starts visibly above the grey.
SCALE: list[list[Any]] = [[0.0, "#c6dbef"], [0.25, "#9ecae1"], [0.5, "#6baed6"], [0.75, "#3182bd"], [1.0, "#08519c"]]
HEIGHT = 560
WIDTH = 560  # the width the server fits a view to; the browser refits it to the map's real width
INDONESIA = [94.9, -11.1, 141.1, 6.1]
MARGIN = 0.15  # zoom steps of white left around a fitted area


class ReadyFigure(go.Figure):
    """A finished figure whose dict is made once. st.plotly_chart asks a figure for its dict
    on every run, and for a map that deep copy of the GeoJSON is the slowest part of a rerun.
    Its areas' outlines are shared with every other ready map of them: each map view cached
    for an area and metric otherwise held its own copy (0.3 MB a province, 0.9 MB the nation)."""

    def __init__(self, figure: go.Figure):
        super().__init__()
        ready = figure.to_dict()
        for trace in ready.get("data", []):
            outlines = trace.get("geojson")
            if isinstance(outlines, dict) and isinstance(outlines.get("features"), list):
                trace["geojson"] = {**outlines, "features": [_shared(feature) for feature in outlines["features"]]}
        self._ready = ReadyDict(ready)

    def to_dict(self) -> dict:
        return self._ready


class ReadyDict(dict):
    """A ReadyFigure's dict: never changed, so its JSON may be made once (tpbis_ui/ready_json.py)."""


_FEATURES: dict[bytes, dict] = {}  # one copy of each outline (a set-up file's feature: a bounded set)


def _shared(feature: dict) -> dict:
    try:
        key = hashlib.blake2b(json.dumps(feature, sort_keys=True).encode(), digest_size=16).digest()
    except (TypeError, ValueError):  # not plain JSON (e.g. arrays): kept as it is, never mistaken for another
        return feature
    return _FEATURES.setdefault(key, feature)


def _mercator(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def extent(bounds: list[float] | None) -> tuple[float, float]:
    """Width and height of [west, south, east, north] (None: Indonesia) in pixels of MapLibre's
    world at zoom 0, which is 512 px wide."""
    west, south, east, north = bounds or INDONESIA
    return max(east - west, 0.02) * 512 / 360, max(_mercator(north) - _mercator(south), 0.02) * 512 / 360


PHONE_WIDTH = 400  # px a map gets on the widest phones (430 px screens, less the page's margins)
PHONE_MIN_HEIGHT = 160  # px: room to tap an area


def height_on_phone(bounds: list[float] | None, height: int) -> int:
    """A map `height` px tall made as low as its area needs at a phone's width: Indonesia is ~2.7
    times wider than tall, and at 358 px wide it filled a quarter of a 440 px map."""
    span_x, span_y = extent(bounds)
    return min(height, max(PHONE_MIN_HEIGHT, math.ceil(PHONE_WIDTH * span_y / span_x)))


def view(bounds: list[float] | None, width: int = WIDTH, height: int = HEIGHT) -> dict:
    """MapLibre centre and zoom that fit [west, south, east, north] into a width x height box.
    tpbis_ui/static/map_fit.js computes the same in the browser, for the map's real width."""
    west, south, east, north = bounds or INDONESIA
    span_x, span_y = extent(bounds)
    zoom = min(math.log2(width / span_x), math.log2(height / span_y)) - MARGIN
    return {"center": {"lon": (west + east) / 2, "lat": (south + north) / 2}, "zoom": round(zoom, 2)}


def fit(bounds: list[float] | None, camera: dict) -> dict:
    """What the browser needs to refit a map to its real width (layout.meta.fit, read by
    tpbis_ui/static/map_fit.js): the area, the margin, and the view as sent, which it leaves
    alone once a reader has zoomed away from it."""
    return {
        "bounds": [float(b) for b in bounds or INDONESIA],
        "margin": MARGIN,
        "sent": [camera["center"]["lon"], camera["center"]["lat"], camera["zoom"]],
    }


def placeable(points: pd.DataFrame) -> pd.DataFrame:
    """The rows whose lat/lon lie in Indonesia. A bad coordinate stored before imports checked
    them (999, inf, NaN, swapped) is left off the map instead of breaking it; the quality
    page lists such libraries (quality.bad_coordinates)."""
    lat = pd.to_numeric(points["lat"], errors="coerce")
    lon = pd.to_numeric(points["lon"], errors="coerce")
    return points[lat.between(*LIBRARY_LAT) & lon.between(*LIBRARY_LON)]


def by_shape(geojson: dict, table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The areas `geojson` has a polygon for, and the others (None when there are none), which
    area_map and map_picture.area_picture draw as points."""
    with_polygon = table["code"].isin({f["properties"]["code"] for f in geojson["features"]})
    points = table[~with_polygon]
    return table[with_polygon], points if len(points) else None


def _features(geojson: dict, codes: set[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["code"] in codes],
    }


def _layout(figure: go.Figure, bounds, height: int, band: int = 0) -> go.Figure:
    """The map `height` px tall, with a `band` px under it for a legend."""
    camera = view(bounds, height=height)
    figure.update_layout(
        map={"style": "white-bg", **camera},
        meta={"fit": fit(bounds, camera)},
        margin={"l": 0, "r": 0, "t": 0, "b": band},
        height=height + band,
        showlegend=False,
        hoverlabel={"font_size": 15},
        dragmode=False,
        clickmode="event+select",
        uirevision=str(bounds),
    )
    return figure


def scale_top(table: pd.DataFrame) -> float:
    """Where an area map's colour scale ends: the largest value of a covered area."""
    covered = table.loc[table["covered"].astype(bool), "value"]
    return float(covered.max()) if len(covered) else 1.0


def area_map(
    geojson: dict,
    table: pd.DataFrame,
    value_label: str,
    hover: dict,
    bounds=None,
    points: pd.DataFrame | None = None,
    height: int = HEIGHT,
    large_type: bool = False,
) -> go.Figure:
    """Areas coloured by `table.value`; areas with no library grey; the colour bar in a band
    under the map (over it, it hid Bali and Nusa Tenggara), as tall as `large_type` needs.

    table: code, name, value, value_text, rank_text, covered (bool).
    points: the same columns plus lat/lon, for areas with no polygon.
    hover: {"uncovered": text} in the page's language.
    """
    covered = table[table["covered"]]
    uncovered = table[~table["covered"]]
    top = scale_top(table)
    figure = go.Figure()
    line = {"color": "#ffffff", "width": 0.8}
    if len(uncovered):
        figure.add_trace(
            go.Choroplethmap(
                geojson=_features(geojson, set(uncovered["code"])),
                featureidkey="properties.code",
                locations=uncovered["code"],
                z=[0] * len(uncovered),
                showscale=False,
                colorscale=[[0, UNCOVERED], [1, UNCOVERED]],
                marker={"line": line},
                customdata=uncovered[["code", "name"]],
                hovertemplate="<b>%{customdata[1]}</b><br>" + hover["uncovered"] + "<extra></extra>",
            )
        )
    if len(covered):
        figure.add_trace(
            go.Choroplethmap(
                geojson=_features(geojson, set(covered["code"])),
                featureidkey="properties.code",
                locations=covered["code"],
                z=covered["value"],
                coloraxis="coloraxis",
                marker={"line": line},
                customdata=covered[["code", "name", "value_text", "rank_text"]],
                hovertemplate="<b>%{customdata[1]}</b><br>"
                + value_label
                + ": %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            )
        )
    points = placeable(points) if points is not None else None
    if points is not None and len(points):
        figure.add_trace(
            go.Scattermap(
                lat=points["lat"],
                lon=points["lon"],
                mode="markers",
                marker={"size": 16, "color": points["value"].where(points["covered"]), "coloraxis": "coloraxis"},
                customdata=points[["code", "name", "value_text", "rank_text"]],
                hovertemplate="<b>%{customdata[1]}</b><br>"
                + value_label
                + ": %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            )
        )
    figure.update_layout(
        coloraxis={
            "colorscale": SCALE,
            "cmin": 0,
            "cmax": top or 1,
            "colorbar": {
                "title": {"text": value_label, "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 0.5,
                "x": 0.01,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
            },
        }
    )
    return _layout(figure, bounds, height, type_sizes.for_mode(large_type).legend_band)


def library_bounds(libraries: pd.DataFrame, bounds=None) -> list[float] | None:
    """The regency's bounds, or without a polygon, the libraries' own with a margin."""
    libraries = placeable(libraries)
    if bounds is None and len(libraries):
        pad = 0.05
        bounds = [
            libraries["lon"].min() - pad,
            libraries["lat"].min() - pad,
            libraries["lon"].max() + pad,
            libraries["lat"].max() + pad,
        ]
    return bounds


# A second cue beside the colour: the more a library needs attention, the larger its point.
MARKER_SIZE = {RED: 19, YELLOW: 14, GREEN: 10}


def library_map(
    libraries: pd.DataFrame, status_labels: dict[str, str], outline: dict | None, bounds=None, height: int = HEIGHT
) -> go.Figure:
    """Village libraries as points coloured by status, over their regency's outline.

    libraries: library_code, name, lat, lon, status, reasons_text."""
    libraries = placeable(libraries)
    figure = go.Figure()
    if outline is not None:
        figure.add_trace(
            go.Choroplethmap(
                geojson=outline,
                featureidkey="properties.code",
                locations=[f["properties"]["code"] for f in outline["features"]],
                z=[0] * len(outline["features"]),
                showscale=False,
                colorscale=[[0, "#f0f0f0"], [1, "#f0f0f0"]],
                marker={"line": {"color": "#636363", "width": 1.5}},
                hoverinfo="skip",
            )
        )
    for status in (RED, YELLOW, GREEN):
        part = libraries[libraries["status"] == status]
        if part.empty:
            continue
        figure.add_trace(
            go.Scattermap(
                lat=part["lat"],
                lon=part["lon"],
                mode="markers",
                name=status_labels[status],
                marker={"size": MARKER_SIZE[status], "color": COLOURS[status]},
                customdata=part[["library_code", "name", "reasons_text"]].assign(
                    name=part["name"].map(escaping.plotly)
                ),
                hovertemplate="<b>%{customdata[1]}</b><br>"
                + status_labels[status]
                + ": %{customdata[2]}<extra></extra>",
            )
        )
    figure = _layout(figure, library_bounds(libraries, bounds), height)
    figure.update_layout(
        showlegend=True, legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": 15}}
    )
    return figure

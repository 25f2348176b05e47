"""A still picture of a map, drawn on the server as SVG.

The same map as the interactive one (projection, view, colours, legend), shown at once while
a new browser loads plotly and MapLibre (4.7 MB of JavaScript, seconds) or the next map draws
after a click, and all that a browser without WebGL can show. Pure: data in, SVG text out.
"""

from __future__ import annotations

import base64
import html
import math
import re

import pandas as pd

from tpbis import maps, type_sizes
from tpbis.status import COLOURS, GREEN, RED, YELLOW

FONT = 'font-family="sans-serif" fill="#31333f"'


def _world(lon: float, lat: float, size: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates, as MapLibre places them in a world `size` px wide."""
    lat = max(min(lat, 85.0), -85.0)
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _path(geometry: dict, place) -> str:
    """One SVG path in whole pixels and relative steps; steps under a pixel dropped."""
    parts = []
    for ring in _rings(geometry):
        points = [place(lon, lat) for lon, lat, *_ in ring]
        steps, (x0, y0) = [], points[0]
        for x, y in points[1:]:
            if (x, y) != (x0, y0):
                steps.append(f"{x - x0} {y - y0}")
                x0, y0 = x, y
        if len(steps) >= 2:
            parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def colour(value: float, top: float) -> str:
    """The colour plotly gives `value` on maps.SCALE running from 0 to `top` (linear in RGB)."""
    share = min(max(value / top if top else 0.0, 0.0), 1.0)
    for (left, low), (right, high) in zip(maps.SCALE, maps.SCALE[1:]):
        if share <= right:
            part = (share - left) / (right - left)
            return "#{:02x}{:02x}{:02x}".format(*(round(a + (b - a) * part) for a, b in zip(_rgb(low), _rgb(high))))
    return maps.SCALE[-1][1]


def _legend(value_label: str, top_text: str, top: int, size: int) -> str:
    """The colour bar, under the map from `top` px down, half the picture wide as plotly's;
    `size` is its type size in px."""
    stops = "".join(f'<stop offset="{share}" stop-color="{c}"/>' for share, c in maps.SCALE)
    bar = round(size * 0.8)
    font = f'{FONT} font-size="{size}"'
    return (
        f'<defs><linearGradient id="scale">{stops}</linearGradient></defs>'
        f'<svg x="8" y="{top + 6}" width="50%" height="{3 * size + bar}" overflow="visible">'
        f'<text y="{size * 0.8:.0f}" {font}>{html.escape(value_label)}</text>'
        f'<rect y="{size + 2}" width="100%" height="{bar}" fill="url(#scale)"/>'
        f'<text y="{2 * size + bar + 2}" {font}>0</text>'
        f'<text x="100%" y="{2 * size + bar + 2}" text-anchor="end" {font}>{html.escape(top_text)}</text>'
        "</svg>"
    )


class _Canvas:
    """Pixel positions around the view maps._layout gives at maps.WIDTH x `height`. The picture
    is as wide as the map's box and `height` tall, and its shapes are framed (viewBox) to the
    area plus the margin: fitted to any width as the browser fits the interactive map. A picture
    not `fluid` is maps.WIDTH wide, for pages and slides that show it on its own."""

    def __init__(self, bounds, height: int, fluid: bool = False):
        camera = maps.view(bounds, height=height)
        self.size = 512 * 2 ** camera["zoom"]
        cx, cy = _world(camera["center"]["lon"], camera["center"]["lat"], self.size)
        self.left, self.top, self.height = cx - maps.WIDTH / 2, cy - height / 2, height
        scale = 2 ** (camera["zoom"] + maps.MARGIN)
        self.frame = [span * scale for span in maps.extent(bounds)]
        self.fluid = fluid
        # on its own, no taller than the area drawn at maps.WIDTH: a slide's map of Indonesia had
        # white bands above and below it; over an interactive map, the height of its box
        width, tall = self.frame
        self.map_height = height if fluid else min(height, round(maps.WIDTH * tall / width))

    def place(self, lon: float, lat: float) -> tuple[int, int]:
        x, y = _world(lon, lat, self.size)
        return round(x - self.left), round(y - self.top)

    def svg(self, shapes: list[str], legend: str = "", band: int = 0) -> str:
        """The map, and under it a `band` px tall holding the `legend`."""
        width, height = self.frame
        box = f"{(maps.WIDTH - width) / 2:.1f} {(self.height - height) / 2:.1f} {width:.1f} {height:.1f}"
        whole = self.map_height + band
        size = (
            f'width="100%" height="{whole}"'
            if self.fluid
            else f'width="{maps.WIDTH}" height="{whole}" viewBox="0 0 {maps.WIDTH} {whole}"'
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" {size}>'
            f'<svg width="100%" height="{self.map_height}" viewBox="{box}">{"".join(shapes)}</svg>{legend}</svg>'
        )


def area_picture(
    geojson: dict,
    table: pd.DataFrame,
    value_label: str,
    bounds,
    height: int,
    points: pd.DataFrame | None = None,
    large_type: bool = False,
    scale: tuple[float, str] | None = None,
    legend: bool = True,
    fluid: bool = False,
) -> str:
    """The SVG of a still area map, as maps.area_map draws it (`table` and `points` as there);
    large type for presenter mode; `scale` (top value, its text) where several pictures share one;
    `fluid`: as wide as the map's box it lies over (charts.interactive_map)."""
    canvas = _Canvas(bounds, height, fluid)
    covered = table["covered"].astype(bool)
    if scale:
        top, top_text = scale
    else:
        top = maps.scale_top(table)
        top_text = table.loc[table.loc[covered, "value"].idxmax(), "value_text"] if covered.any() else ""
    fills = {
        code: colour(value, top) if is_covered else maps.UNCOVERED
        for code, value, is_covered in zip(table["code"], table["value"], covered)
    }
    shapes = [
        f'<path data-code="{code}" fill="{fills[code]}" d="{_path(f["geometry"], canvas.place)}"/>'
        for f in geojson["features"]
        if (code := f["properties"]["code"]) in fills
    ]
    if points is not None:
        points = maps.placeable(points)
        for code, lon, lat, value, is_covered in zip(
            points["code"], points["lon"], points["lat"], points["value"], points["covered"]
        ):
            x, y = canvas.place(lon, lat)
            fill = colour(value, top) if is_covered else maps.UNCOVERED
            shapes.append(f'<circle data-code="{code}" cx="{x}" cy="{y}" r="8" fill="{fill}"/>')
    sizes = type_sizes.for_mode(large_type)
    return canvas.svg(
        [f'<g stroke="#ffffff" stroke-width="0.8" fill-rule="evenodd">{"".join(shapes)}</g>'],
        _legend(value_label, top_text, canvas.map_height, sizes.picture_legend) if legend else "",
        sizes.legend_band if legend else 0,
    )


def library_picture(
    libraries: pd.DataFrame,
    status_labels: dict[str, str],
    outline: dict | None,
    bounds,
    height: int = maps.HEIGHT,
    large_type: bool = False,
    fluid: bool = False,
) -> str:
    """The SVG of a still library map, as maps.library_map draws it (same arguments); large
    type for presenter mode; `fluid` as in area_picture."""
    libraries = maps.placeable(libraries)
    canvas = _Canvas(maps.library_bounds(libraries, bounds), height, fluid)
    shapes = [
        f'<path fill="#f0f0f0" stroke="#636363" stroke-width="1.5" fill-rule="evenodd" '
        f'd="{_path(f["geometry"], canvas.place)}"/>'
        for f in (outline or {}).get("features", [])
    ]
    legend: list[str] = []
    size = type_sizes.for_mode(large_type).picture_points
    for status in (RED, YELLOW, GREEN):
        part = libraries[libraries["status"] == status]
        if part.empty:
            continue
        radius = maps.MARKER_SIZE[status] / 2
        dots = "".join(
            '<circle cx="{}" cy="{}" r="{}"/>'.format(*canvas.place(lon, lat), radius)
            for lon, lat in zip(part["lon"], part["lat"])
        )
        shapes.append(f'<g fill="{COLOURS[status]}">{dots}</g>')
        y = 16 + round(1.5 * size) * len(legend)
        legend.append(
            f'<circle cx="16" cy="{y}" r="{size * 0.4 * maps.MARKER_SIZE[status] / maps.MARKER_SIZE[RED]:.0f}" '
            f'fill="{COLOURS[status]}"/>'
            f'<text x="{16 + size}" y="{y + size * 0.35:.0f}" {FONT} font-size="{size}">'
            f"{html.escape(status_labels[status])}</text>"
        )
    return canvas.svg(shapes, "".join(legend))


MARK = "#000000"  # the outline of the area a picture is about (a regency on its province's map)


def marked(svg: str, code: str) -> str:
    """An area_picture with area `code` outlined on top of its neighbours (a ring around an area
    drawn as a point); as it was when the picture has no such area."""
    code = re.escape(code)
    shape = re.search(f'<path data-code="{code}" fill="[^"]*" d="([^"]*)"/>', svg)
    point = re.search(f'<circle data-code="{code}" cx="([^"]*)" cy="([^"]*)" r="([^"]*)"', svg)
    end = svg.find("</g></svg>")
    if end < 0 or not (shape or point):
        return svg
    if shape:
        drawn = f'<path fill="none" stroke-linejoin="round" d="{shape[1]}" '
    else:
        assert point is not None
        drawn = f'<circle fill="none" cx="{point[1]}" cy="{point[2]}" r="{float(point[3]) + 3:g}" '
    outline = f'{drawn}stroke="#ffffff" stroke-width="6"/>{drawn}stroke="{MARK}" stroke-width="3"/>'
    at = end + len("</g>")
    return svg[:at] + outline + svg[at:]


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

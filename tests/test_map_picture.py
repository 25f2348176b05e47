import re

import pandas as pd
import plotly.colors
import pytest

from tpbis import boundaries, map_picture, maps, type_sizes


def _table(codes, values):
    return pd.DataFrame(
        {"code": codes, "value": values, "value_text": [str(v) for v in values], "covered": [v > 0 for v in values]}
    )


@pytest.mark.parametrize("share", [0.0, 0.1, 0.25, 0.4, 0.5, 0.77, 1.0])
def test_colours_are_the_ones_plotly_gives(share):
    expected = plotly.colors.sample_colorscale(maps.SCALE, [share])[0]
    assert plotly.colors.hex_to_rgb(map_picture.colour(share * 80, 80)) == plotly.colors.unlabel_rgb(expected)


def test_national_picture_colours_covered_and_greys_the_rest():
    geojson = boundaries.provinces()
    codes = [f["properties"]["code"] for f in geojson["features"]]
    values = [0] * 4 + list(range(1, len(codes) - 3))
    svg = map_picture.area_picture(geojson, _table(codes, values), "Perpustakaan desa", None, 440)
    fills = re.findall(r'<path data-code="[^"]+" fill="(#[0-9a-f]{6})"', svg)
    assert len(fills) == len(codes)
    assert fills.count(maps.UNCOVERED) == 4
    assert map_picture.colour(max(values), max(values)) in fills
    assert "Perpustakaan desa" in svg and ">30</text>" in svg  # the legend
    assert len(svg) < 40_000  # sent to every new browser before plotly


def test_the_picture_has_the_maps_projection_and_view():
    """Whatever lies at the view's centre is drawn at the picture's centre, and a degree of
    longitude spans as many pixels as on the MapLibre map at that zoom."""
    west, south, east, north = 106.0, -7.0, 108.0, -6.0
    square = {
        "type": "Polygon",
        "coordinates": [[[106.5, -6.8], [107.5, -6.8], [107.5, -6.2], [106.5, -6.2], [106.5, -6.8]]],
    }
    geojson = {"type": "FeatureCollection", "features": [{"properties": {"code": "X"}, "geometry": square}]}
    svg = map_picture.area_picture(geojson, _table(["X"], [5]), "x", [west, south, east, north], 560)
    x, _, steps = re.search(r'd="M(-?\d+) (-?\d+)l([^z"]+)z', svg).groups()
    size = 512 * 2 ** maps.view([west, south, east, north], height=560)["zoom"]
    assert int(x) == pytest.approx(maps.WIDTH / 2 - (107 - 106.5) * size / 360, abs=1)
    steps = [int(v) for v in steps.split()]
    assert steps[0] == pytest.approx(size / 360, abs=1) and steps[1] == 0  # one degree east


def test_regencies_without_polygon_are_drawn_as_dots():
    geojson = boundaries.regencies("32")
    points = _table(["32.18"], [2]).assign(lat=[-7.7], lon=[108.6])
    svg = map_picture.area_picture(geojson, _table(["32.01"], [3]), "x", boundaries.bounds("32"), 560, points=points)
    assert svg.count("<circle") == 1 and svg.count("<path") == 1
    shared = map_picture.area_picture(geojson, _table(["32.01"], [3]), "x", None, 560, points=points, scale=(8, "8"))
    assert f'fill="{map_picture.colour(2, 8)}"/>' in shared  # on the scale several pictures share


def test_library_picture_shows_each_status_in_its_colour_over_the_outline():
    from tpbis.status import COLOURS

    libraries = pd.DataFrame(
        {"lat": [-6.5, -6.6, -6.7], "lon": [106.8, 106.9, 107.0], "status": ["hijau", "merah", "hijau"]}
    )
    outline = {
        "type": "FeatureCollection",
        "features": [f for f in boundaries.regencies("32")["features"] if f["properties"]["code"] == "32.01"],
    }
    labels = {"hijau": "Aktif", "kuning": "Perlu perhatian", "merah": "Tidak aktif"}
    svg = map_picture.library_picture(libraries, labels, outline, boundaries.bounds("32.01"))
    assert svg.count("<circle") == 3 + 2  # three libraries, two legend entries
    assert f'<g fill="{COLOURS["hijau"]}">' in svg and "Tidak aktif" in svg and "Perlu perhatian" not in svg
    assert 'stroke="#636363"' in svg  # the regency's outline


@pytest.mark.parametrize("width", [358, 476, 560, 860])
@pytest.mark.parametrize("area", [None, "32", "32.01", "91"])
def test_shown_at_any_width_the_picture_fits_its_area_as_the_map_does(area, width):
    """The picture is as wide as the map's box and fits its area (viewBox) into it: its scale
    there is the zoom the browser fits the interactive map to (maps.view at that width)."""
    bounds = boundaries.bounds(area) if area else None
    svg = map_picture.area_picture(boundaries.provinces(), _table(["32"], [5]), "x", bounds, 440, fluid=True)
    band = type_sizes.SCREEN.legend_band  # the colour bar's, under the map
    assert svg.startswith(f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{440 + band}">')
    assert '<svg width="100%" height="440" viewBox=' in svg
    left, top, box_width, box_height = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    assert left + box_width / 2 == pytest.approx(maps.WIDTH / 2, abs=0.1)  # the view's centre
    assert top + box_height / 2 == pytest.approx(440 / 2, abs=0.1)
    scale = min(width / box_width, 440 / box_height)
    fitted, drawn = maps.view(bounds, width, 440)["zoom"], maps.view(bounds, height=440)["zoom"]
    assert scale == pytest.approx(2 ** (fitted - drawn), rel=0.01)  # both zooms rounded to 0.01


def test_a_picture_on_its_own_is_no_taller_than_its_area():
    """A slide's map of Indonesia had white bands above and below it: the picture now ends where
    the area drawn at maps.WIDTH does, with its colour bar right under it."""
    band = type_sizes.SCREEN.legend_band
    for bounds in (None, boundaries.bounds("32")):
        svg = map_picture.area_picture(boundaries.provinces(), _table(["32"], [5]), "x", bounds, 560)
        outer = int(re.match(r'<svg [^>]*height="(\d+)"', svg).group(1))
        inner, box = re.search(r'<svg width="100%" height="(\d+)" viewBox="([^"]+)"', svg).groups()
        _, _, box_width, box_height = map(float, box.split())
        assert int(inner) == min(560, round(maps.WIDTH * box_height / box_width)) and outer == int(inner) + band
        assert f'y="{int(inner) + 6}"' in svg  # the colour bar under the map
    assert int(inner) < 560  # Jawa Barat too is wider than the square box

import pandas as pd
import pytest

from tpbis import boundaries, maps, type_sizes
from tpbis.status import COLOURS, GREEN


def _table(codes, values):
    return pd.DataFrame(
        {
            "code": codes,
            "name": codes,
            "value": values,
            "value_text": map(str, values),
            "rank_text": "",
            "covered": [v > 0 for v in values],
        }
    )


def test_view_fits_indonesia():
    view = maps.view(None)
    assert 2.5 < view["zoom"] < 4.5 and view["center"]["lon"] == pytest.approx(118, abs=0.1)
    assert maps.view([106.0, -7.0, 107.0, -6.0])["zoom"] > 7


def test_national_map_is_offline_and_clickable():
    geojson = boundaries.provinces()
    codes = [f["properties"]["code"] for f in geojson["features"]]
    figure = maps.area_map(
        geojson,
        _table(codes, [0] * 10 + list(range(1, len(codes) - 9))),
        "Perpustakaan",
        {"uncovered": "Belum tercakup"},
    )
    assert figure.layout.map.style == "white-bg"
    grey, coloured = figure.data
    assert len(grey.locations) == 10 and len(grey.geojson["features"]) == 10
    assert len(coloured.geojson["features"]) == len(codes) - 10  # no geometry sent twice
    assert list(coloured.customdata[0][:1]) == [coloured.locations[0]]
    assert "mapbox" not in figure.to_json()


def test_regencies_without_polygon_become_points():
    geojson = boundaries.regencies("32")
    table = _table(["32.01", "32.18"], [3, 2])
    points = table[table["code"] == "32.18"].assign(lat=[-7.7], lon=[108.6])
    figure = maps.area_map(geojson, table[table["code"] == "32.01"], "x", {"uncovered": ""}, points=points)
    assert figure.data[-1].type == "scattermap" and list(figure.data[-1].customdata[0])[0] == "32.18"


def test_library_map_colours_by_status():
    libraries = pd.DataFrame(
        {
            "library_code": ["A", "B"],
            "name": ["a", "b"],
            "lat": [-6.5, -6.6],
            "lon": [106.8, 106.9],
            "status": ["hijau", "merah"],
            "reasons_text": ["", ""],
        }
    )
    figure = maps.library_map(libraries, {"hijau": "Hijau", "kuning": "Kuning", "merah": "Merah"}, None)
    assert [t.name for t in figure.data] == ["Merah", "Hijau"]
    assert figure.data[1].marker.color == COLOURS[GREEN]


def test_map_view_hands_out_one_finished_figure(small_store):
    """st.plotly_chart asks for the dict on every run: it is made once and never changes."""
    from tpbis.filters import Display, Filters
    from tpbis.map_views import area_view

    view = area_view(small_store, Filters(), Display(), "libraries")
    first = view.figure.to_dict()
    assert view.figure.to_dict() is first
    assert first["layout"]["map"]["style"] == "white-bg" and len(first["data"]) == 2
    assert set(view.choices) == {f["properties"]["code"] for f in boundaries.provinces()["features"]}


def test_a_phone_gets_a_map_as_low_as_its_area_needs(small_store):
    """At a phone's width Indonesia filled a quarter of the 440 px map; a tall province keeps its height."""
    from tpbis.filters import Display, Filters
    from tpbis.map_views import NATIONAL_HEIGHT, area_view

    band = type_sizes.SCREEN.legend_band
    phone = area_view(small_store, Filters(), Display(), "libraries", phone=True)
    span_x, span_y = maps.extent(None)
    assert phone.figure.to_dict()["layout"]["height"] == maps.PHONE_MIN_HEIGHT + band
    assert maps.PHONE_WIDTH * span_y / span_x <= maps.PHONE_MIN_HEIGHT < NATIONAL_HEIGHT
    assert area_view(small_store, Filters(), Display(), "libraries").figure.to_dict()["layout"]["height"] == (
        NATIONAL_HEIGHT + band
    )
    assert f'height="{maps.PHONE_MIN_HEIGHT + band}"' in phone.picture  # the still picture matches it
    papua = boundaries.bounds("91", 2019)  # taller than wide
    assert maps.height_on_phone(papua, maps.HEIGHT) == maps.HEIGHT
    assert maps.PHONE_MIN_HEIGHT < maps.height_on_phone(boundaries.bounds("32", 2019), maps.HEIGHT) < maps.HEIGHT


def test_cached_maps_of_the_same_areas_share_their_outlines(small_store):
    """Each cached map view held its own deep copy of the GeoJSON (0.3 MB a province): ready
    figures over the same areas now hold one copy, and send the same JSON."""
    import json

    import plotly.io as pio

    from tpbis.filters import Display, Filters
    from tpbis.map_views import area_view

    views = [area_view(small_store, Filters(), Display(), metric) for metric in ("libraries", "activities")]
    outlines = [
        {
            feature["properties"]["code"]: feature
            for trace in view.figure.to_dict()["data"]
            if "geojson" in trace
            for feature in trace["geojson"]["features"]
        }
        for view in views
    ]
    assert outlines[0].keys() == outlines[1].keys() and len(outlines[0]) == len(boundaries.provinces()["features"])
    assert all(outlines[0][code] is outlines[1][code] for code in outlines[0])
    sent = json.loads(pio.to_json(views[0].figure, validate=False))
    assert {
        f["properties"]["code"] for trace in sent["data"] if "geojson" in trace for f in trace["geojson"]["features"]
    } == set(outlines[0])


def test_presenter_mode_maps_have_large_type(small_store):
    from tpbis import map_views
    from tpbis.filters import Display, Filters

    normal = map_views.area_view(small_store, Filters(), Display(), "libraries").figure.to_dict()["layout"]
    shown = map_views.area_view(small_store, Filters(), Display(presenter=True), "libraries").figure.to_dict()["layout"]
    assert "font" not in normal and shown["font"]["size"] >= 20 and shown["hoverlabel"]["font"]["size"] >= 20
    assert shown["coloraxis"]["colorbar"]["tickfont"]["size"] >= 18


def _libraries_with_bad_coordinates() -> pd.DataFrame:
    """Coordinates stored before imports checked them."""
    return pd.DataFrame(
        {
            "library_code": list("ABCDEF"),
            "name": list("abcdef"),
            "lat": [-6.5, 999.0, float("inf"), float("nan"), 1e308, -6.6],
            "lon": [106.8, 106.8, 106.8, 106.8, 106.8, float("-inf")],
            "status": ["hijau", "merah", "kuning", "hijau", "merah", "kuning"],
            "reasons_text": [""] * 6,
        }
    )


@pytest.mark.parametrize("bounds", [None, [106.0, -7.0, 107.5, -6.0]])
def test_a_library_map_leaves_off_coordinates_outside_indonesia(bounds):
    from tpbis import map_picture

    labels = {"hijau": "Hijau", "kuning": "Kuning", "merah": "Merah"}
    libraries = _libraries_with_bad_coordinates()
    figure = maps.library_map(libraries, labels, None, bounds)
    assert [list(t.customdata[:, 0]) for t in figure.data] == [["A"]]
    svg = map_picture.library_picture(libraries, labels, None, bounds)
    assert svg.count("<circle") == 1 + 1  # the one library and its legend entry
    assert maps.library_bounds(libraries) == pytest.approx([106.75, -6.55, 106.85, -6.45])


def test_the_regency_view_draws_with_a_bad_stored_coordinate(small_store):
    from tpbis.filters import Display, Filters
    from tpbis.map_views import regency_view

    small_store.execute(
        "UPDATE library SET lat = CAST('NaN' AS DOUBLE PRECISION), lon = 106.8 WHERE library_code = 'L1'"
    )
    small_store.execute("UPDATE library SET lat = 999, lon = 999 WHERE library_code = 'L2'")
    view = regency_view(small_store, Filters(province="32", regency="32.01"), Display())
    assert view.figure is not None and view.picture.startswith("<svg")
    assert set(view.choices) == {"L1", "L2"}  # still listed beside the map


@pytest.mark.parametrize("bounds", [None, [106.0, -7.0, 107.5, -6.0]])
def test_a_map_carries_its_area_for_the_browser_to_fit_it_to_its_width(bounds):
    """static/map_fit.js refits the view to the map's real width from layout.meta.fit."""
    figure = maps.area_map(boundaries.provinces(), _table(["32"], [3]), "x", {"uncovered": ""}, bounds)
    fit, camera = figure.layout.meta["fit"], figure.layout.map
    assert fit["bounds"] == (bounds or maps.INDONESIA) and fit["margin"] == maps.MARGIN
    assert fit["sent"] == [camera.center.lon, camera.center.lat, camera.zoom]  # the view as sent
    assert maps.view(bounds, 358)["zoom"] < camera.zoom < maps.view(bounds, 860)["zoom"]


@pytest.mark.parametrize("large_type", [False, True])
def test_the_colour_bar_lies_under_the_map_not_over_its_islands(large_type):
    """Over the map's bottom left, half its width, the bar hid Bali and Nusa Tenggara."""
    band = type_sizes.for_mode(large_type).legend_band
    figure = maps.area_map(
        boundaries.provinces(), _table(["32"], [3]), "x", {"uncovered": ""}, height=440, large_type=large_type
    )
    bar = figure.layout.coloraxis.colorbar
    assert (bar.y, bar.yanchor, figure.layout.margin.b) == (0, "top", band)  # hangs into the bottom margin
    assert figure.layout.height == 440 + band  # the map keeps its own 440 px
    assert maps.view(None, height=440)["zoom"] == figure.layout.map.zoom


def test_an_outline_that_is_not_plain_json_is_kept_as_it_is():
    import numpy as np

    feature = {"type": "Feature", "properties": {"code": "X"}, "geometry": {"coordinates": np.array([1.0, 2.0])}}
    assert maps._shared(feature) is feature


def test_figures_become_json_with_the_json_module_even_where_orjson_is_installed():
    import plotly.io

    assert plotly.io.json.config.default_engine == "json"

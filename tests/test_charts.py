"""Charts on screen: what tpbis_ui.charts._figure makes of a page's options."""

import json

import pandas as pd
import plotly.io as pio

from tpbis_ui import charts


def _layout(figure) -> dict:
    return json.loads(pio.to_json(figure, validate=False))["layout"]


def test_a_line_with_a_second_axis_titles_each_axis_in_its_lines_colour():
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    frame = pd.DataFrame({"Bulan": months, "Kegiatan": range(12), "Peserta": range(0, 240, 20)})
    figure = charts._figure("line", frame, x="Bulan", y=["Kegiatan", "Peserta"], y_right="Peserta", height=360)
    layout = _layout(figure)
    first, second = (trace.line.color for trace in figure.data)
    assert [trace.yaxis for trace in figure.data] == ["y", "y2"]
    assert layout["yaxis"]["title"] == {"text": "Kegiatan", "font": {"color": first}}
    assert layout["yaxis2"]["title"] == {"text": "Peserta", "font": {"color": second}}
    assert layout["yaxis2"]["side"] == "right" and layout["yaxis2"]["overlaying"] == "y"
    assert layout["legend"]["orientation"] == "h" and layout["legend"]["title"]["text"] == "variable"
    assert layout["height"] == 360 and layout["margin"] == {"t": 30} and layout["xaxis"]["title"]["text"] == "Bulan"


def test_stacked_bars_by_colour_with_their_legend_and_a_range():
    frame = pd.DataFrame({"Status": ["Hijau", "Merah", "Hijau"], "Jumlah": [3, 1, 2], "Jenis": ["a", "a", "b"]})
    figure = charts._figure(
        "bar", frame, x="Jumlah", y="Jenis", color="Status", orientation="h", labels={"Status": "S"}, range_x=[0, 10]
    )
    layout = _layout(figure)
    assert [trace.name for trace in figure.data] == ["Hijau", "Merah"]
    assert layout["barmode"] == "relative" and layout["legend"]["title"]["text"] == "S"
    assert layout["xaxis"]["range"] == [0, 10] and layout["xaxis"]["ticklabeloverflow"] == "allow"
    assert all(trace.showlegend for trace in figure.data)
    alone = charts._figure("bar", frame, x="Status", y="Jumlah")
    assert "legend" not in _layout(alone) and alone.data[0].showlegend is False
    assert _layout(alone)["yaxis"]["title"]["text"] == "Jumlah"

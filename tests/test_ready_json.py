"""A cached map's JSON is made once, not on every run (tpbis_ui/ready_json.py)."""

import inspect

import plotly.graph_objects as go
import plotly.io
import plotly.tools
from streamlit.elements.plotly_chart import PlotlyMixin

from tpbis import maps
from tpbis_ui import ready_json


def test_streamlit_still_turns_a_chart_into_json_through_plotly_io():
    """What ready_json replaces: if Streamlit stops calling it so, the JSON is made every run again."""
    assert "plotly.io.to_json(figure, validate=False)" in inspect.getsource(PlotlyMixin.plotly_chart)


def test_a_ready_figures_json_is_made_once_and_reads_as_plotlys(monkeypatch):
    original, calls = plotly.io.to_json, []

    def counted(fig, *args, **options):
        calls.append(type(fig).__name__)
        return original(fig, *args, **options)

    monkeypatch.setattr(plotly.io, "to_json", counted)
    ready_json.for_ready_figures()
    ready_json.for_ready_figures()  # twice: still one layer
    figure = maps.ReadyFigure(go.Figure(go.Bar(x=["a", "b"], y=[3, 4])))
    as_streamlit_has_it = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)
    first = plotly.io.to_json(as_streamlit_has_it, validate=False)
    again = plotly.io.to_json(as_streamlit_has_it, validate=False)
    assert again is first and first == original(figure.to_dict(), validate=False)
    assert calls == ["ReadyDict"]
    plain = go.Figure(go.Bar(x=["a"], y=[1])).to_dict()  # any other figure: made each time, as before
    plotly.io.to_json(plain, validate=False)
    plotly.io.to_json(plain, validate=False)
    assert calls == ["ReadyDict", "dict", "dict"]
    assert plotly.io.to_json(as_streamlit_has_it, pretty=True) != first  # other options: made as asked

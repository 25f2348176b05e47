"""A briefing chart as data (what it shows, in what colours, with which labels) and its plotly
figure. The page and the PDF draw the figure; the PowerPoint file draws the same data with
PowerPoint's own charts (tpbis/briefing_files.py), so both show the same bars and words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tpbis import date_axes
from tpbis.i18n import SEPARATORS

# A slide is 1920 x 1080 px; charts are drawn at that scale, so a 20 px label stays 20 px on it.
SLIDE = (1920, 1080)
CHART = (1800, 840)  # the area under a slide's title and note
MAP = (1200, 840)  # the map leaves room beside it for its legend in words
INK = "#333333"  # 12.6:1 on white
GRID = "#d9d9d9"
TEXT_PX = 22
SMALL_TEXT_PX = 18  # for long rankings, so every bar keeps its name
BAR = "#08519c"
WEAK = "#a63603"  # the weakest bars of a ranking and their labels (7:1 on white)
MARKED = "#000000"  # the bar of the regency a briefing is about, among its province's
ACTIVITIES = "#08519c"
PARTICIPANTS = "#d95f02"
THICKEST_BAR = 64  # px, for stacked bars of only a few areas
DONE = "#1b7837"  # follow-ups done (5.9:1 on white; white labels on it)


@dataclass(frozen=True)
class Chart:
    """kind "bar": horizontal bars, first category at the top; kind "line": one series over months;
    kind "stack": one part of horizontal stacked bars (a figure takes all the parts together)."""

    kind: str
    name: str  # what the values are
    categories: list[str]  # full names, or months as text
    values: list[float]
    labels: list[str]  # each value as the language writes it
    colours: list[str]  # one per bar; a line takes the first
    maximum: float | None = None  # the value axis's end, else the largest value
    months: list[date] | None = None  # the dates behind a line's categories

    @property
    def text_px(self) -> int:
        return SMALL_TEXT_PX if self.kind in ("bar", "stack") and len(self.categories) > 20 else TEXT_PX


def figure(charts: list[Chart], lang: str) -> go.Figure:
    """One chart, or several stacked as panels that share the x axis, at slide scale."""
    if len(charts) == 1 and charts[0].kind == "bar":
        result = _bars(charts[0])
    elif charts and charts[0].kind == "stack":
        result = _stacked(charts)
    else:
        result = _lines(charts, lang)
    result.update_layout(
        width=CHART[0],
        height=CHART[1],
        separators=SEPARATORS[lang],
        font={"size": TEXT_PX, "color": INK},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=bool(charts) and charts[0].kind == "stack",
    )
    result.update_xaxes(tickfont={"size": TEXT_PX, "color": INK}, gridcolor=GRID, zeroline=False)
    return result


def _bars(chart: Chart) -> go.Figure:
    top = chart.maximum or max(chart.values, default=1) or 1
    result = go.Figure(
        go.Bar(
            x=chart.values,
            y=chart.categories,
            orientation="h",
            marker_color=chart.colours,
            text=chart.labels,
            textposition="outside",
            textangle=0,
            cliponaxis=False,
            textfont={"size": chart.text_px, "color": [WEAK if c == WEAK else INK for c in chart.colours]},
            name=chart.name,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    result.update_layout(bargap=0.25, margin={"l": 10, "r": 30, "t": 10, "b": 10}, uniformtext={"mode": False})
    # every category keeps its name, the first at the top; headroom for the labels outside the bars
    result.update_yaxes(
        autorange="reversed", dtick=1, automargin=True, tickfont={"size": chart.text_px, "color": INK}, ticksuffix="  "
    )
    result.update_xaxes(range=[0, top * 1.12], showticklabels=False, showgrid=False)
    return result


def stack_gap(count: int) -> float:
    """The share of each row left blank, so that a few bars stay bars rather than blocks."""
    return max(0.25, 1 - THICKEST_BAR * count / CHART[1])


def _stacked(parts: list[Chart]) -> go.Figure:
    """Horizontal bars made of the parts, the first category at the top, each part's count
    written inside it, the parts named in a legend above."""
    first = parts[0]
    result = go.Figure(
        [
            go.Bar(
                x=part.values,
                y=part.categories,
                orientation="h",
                marker_color=part.colours[0],
                text=part.labels,
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"size": part.text_px, "color": "white"},
                name=part.name,
                hovertemplate="%{y}: %{x:,.0f}<extra>" + part.name + "</extra>",
            )
            for part in parts
        ]
    )
    result.update_layout(
        barmode="stack",
        bargap=stack_gap(len(first.categories)),
        margin={"l": 10, "r": 30, "t": 60, "b": 10},
        uniformtext={"mode": False},
        legend={
            "orientation": "h",
            "traceorder": "normal",
            "x": 0,
            "y": 1.01,
            "yanchor": "bottom",
            "font": {"size": TEXT_PX, "color": INK},
        },
    )
    result.update_yaxes(
        autorange="reversed", dtick=1, automargin=True, tickfont={"size": first.text_px, "color": INK}, ticksuffix="  "
    )
    result.update_xaxes(range=[0, (first.maximum or 1) * 1.02], showticklabels=False, showgrid=False)
    return result


def _lines(charts: list[Chart], lang: str) -> go.Figure:
    result = make_subplots(rows=len(charts), cols=1, shared_xaxes=True, vertical_spacing=0.1)
    for row, chart in enumerate(charts, start=1):
        colour = chart.colours[0]
        result.add_trace(
            go.Scatter(
                x=chart.months,
                y=chart.values,
                mode="lines",
                line={"color": colour, "width": 5},
                name=chart.name,
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        # the line's name and its last value written by it, in its colour
        result.add_annotation(
            x=0,
            xref="paper",
            y=1.02,
            yref=f"y{row if row > 1 else ''} domain",
            text=f"<b>{chart.name}</b> · {chart.categories[-1]}: {chart.labels[-1]}",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": TEXT_PX + 2, "color": colour},
        )
        result.update_yaxes(
            row=row,
            col=1,
            rangemode="tozero",
            tickformat=",d",  # 80.000, not plotly's 80k
            tickfont={"size": TEXT_PX, "color": INK},
            gridcolor=GRID,
            automargin=True,
        )
    # months a little lower: the lowest panel's "0" reached down into the first month's name
    result.update_xaxes(ticklabelstandoff=12)
    result.update_layout(margin={"l": 10, "r": 40, "t": 50, "b": 10})
    date_axes.localise(result, lang)
    return result

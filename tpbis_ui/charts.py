"""Figures on screen: plotly charts in the language's number format with a 'save as PNG'
button, maps over their still picture, and KPI changes."""

from __future__ import annotations

import copy
from collections.abc import Hashable
from contextlib import nullcontext

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from tpbis import date_axes, escaping, map_picture, maps, type_sizes
from tpbis.i18n import SEPARATORS, number, with_value_labels
from tpbis.slide_charts import INK
from tpbis_ui import frame, url_filters
from tpbis_ui.data import digest

# One toolbar button: save the chart as PNG (drawn in the browser, so it works offline).
PNG_ONLY = {
    "displayModeBar": True,
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
# on a phone: the legend above the plot (beside it, it took a third of the width), and room for
# the last tick label (100 %) at the right edge
PHONE_LAYOUT = {"legend": LEGEND_ABOVE, "margin_r": 24}
PHONE_LEGEND_LINE = 22  # px a legend entry takes when the legend stands above the plot


def presenting() -> bool:
    return url_filters.current_display().presenter


def beside(weights: tuple[int, ...] = (3, 2), stacked: bool = False, **options) -> tuple:
    """Places for a chart and its table: side by side, or one under the other at the page's width
    when `stacked` and always in presenter mode (the table's large type ran past a narrow column's
    right edge)."""
    if stacked or presenting():
        return st.container(), st.container()
    return tuple(st.columns(list(weights), **options))


def chart_config() -> dict:
    """plotly's toolbar: only 'save as PNG'; none on a shared screen, nor on a phone, where it lay
    over the corner of a map made as low as its area (a phone keeps a chart as a screenshot)."""
    return {"displayModeBar": False} if presenting() or frame.on_phone() else PNG_ONLY


def plot(kind: str, rows: pd.DataFrame, lang: str, where=st, layout: dict | None = None, **px_options) -> None:
    """chart() of a plotly express figure (`kind`: "bar", "line") of `rows`, made once per rows, language,
    presenter mode and options for every session: Streamlit replays a cached function's elements,
    and building a figure, then its JSON, costs more than the rest of a rerun. `layout` is passed
    to update_layout."""
    presenter, config, layout = presenting(), chart_config(), layout or {}
    phone = frame.on_phone() and not presenter
    if phone:
        layout = {**layout, **PHONE_LAYOUT}
        if px_options.get("color") and px_options.get("height"):
            # the legend above stands one entry a line on a phone: room for it, beside the plot's
            # own height (seven activity types squeezed the bars into 50 px under a scrolled legend)
            entries = rows[px_options["color"]].nunique() + 1
            px_options = {**px_options, "height": px_options["height"] + PHONE_LEGEND_LINE * entries}
    with nullcontext() if where is st else where:
        _plotted(
            key=digest(kind, rows, lang, presenter, phone, layout, px_options, config),
            _how=(kind, rows, lang, presenter, phone, layout, px_options, config),
        )


@st.cache_data(max_entries=500, show_spinner=False)
def _plotted(*, key: bytes, _how: tuple) -> None:
    kind, frame, lang, presenter, phone, layout, px_options, config = _how  # named by `key`
    figure = _figure(kind, with_value_labels(frame, lang), **px_options)
    figure.update_layout(**layout)
    if px_options.get("orientation") == "h":
        figure.update_yaxes(dtick=1, automargin=True)  # every category keeps its label
    st.plotly_chart(_styled(figure, lang, presenter, phone), config=config)


def _figure(
    kind: str,
    frame: pd.DataFrame,
    x: str,
    y: str | list[str],
    color: str | None = None,
    orientation: str = "v",
    labels: dict | None = None,
    height: int | None = None,
    color_discrete_sequence: list[str] | None = None,
    color_discrete_map: dict | None = None,
    range_x: list | None = None,
    y_right: str | None = None,
) -> go.Figure:
    """What plotly express's bar and line make of these options, built from graph objects: a
    tenth of the time, which a rerun for a new area otherwise spends on its charts. A line
    chart's `y_right` column gets an axis of its own at the right, each axis titled in its
    line's colour (a count twenty times another's drew the other flat). The layout is given
    whole to the figure: each update_layout costs ~2 ms, several times a figure's making."""
    labels, colours = labels or {}, color_discrete_sequence or px.colors.qualitative.Plotly
    traces: list = []
    # no title over the chart (the page's heading says what it is): no 100 px blank band above it
    layout: dict = {"height": height, "margin": {"t": 30}, "xaxis": {"title": {"text": labels.get(x, x)}}}
    layout["yaxis"] = {"title": {}}
    if kind == "line":
        columns = y if isinstance(y, list) else [y]
        colour_of = {column: colours[index % len(colours)] for index, column in enumerate(columns)}
        for column in columns:
            axis = "y2" if column == y_right else "y"
            traces.append(
                go.Scatter(
                    x=frame[x], y=frame[column], mode="lines", name=column, line_color=colour_of[column], yaxis=axis
                )
            )
        y_title = labels.get("value", "value") if isinstance(y, list) else labels.get(y, y)
        layout["legend"] = {"title": {"text": labels.get("variable", "variable")}}
        if y_right:  # the legend above: at the right it lay over the second axis's numbers
            y_title = next(c for c in columns if c != y_right)
            layout["yaxis"].update(title={"font": {"color": colour_of[y_title]}}, rangemode="tozero")
            layout["yaxis2"] = {
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
                "automargin": True,
                "title": {"text": y_right, "font": {"color": colour_of[y_right]}},
            }
            layout["legend"] = {**LEGEND_ABOVE, **layout["legend"]}
    else:
        assert isinstance(y, str)
        groups = [(None, frame)] if color is None else [(v, frame[frame[color] == v]) for v in pd.unique(frame[color])]
        for index, (value, part) in enumerate(groups):
            fill = (color_discrete_map or {}).get(value) or colours[index % len(colours)]
            traces.append(
                go.Bar(
                    x=part[x],
                    y=part[y],
                    orientation=orientation,
                    name="" if value is None else str(value),
                    marker_color=fill,
                    showlegend=color is not None,
                )
            )
        y_title = labels.get(y, y)
        layout["barmode"] = "relative"
        if color:
            layout["legend"] = {"title": {"text": labels.get(color, color)}}
    layout["yaxis"]["title"]["text"] = y_title
    if range_x:  # its last tick (100 %) lies on the edge: shown, where plotly drops it
        layout["xaxis"].update(range=range_x, ticklabeloverflow="allow")
    return go.Figure(data=traces, layout=layout)


def chart(figure, lang: str, where=st, key: Hashable = None, height: int | None = None, **options):
    """A plotly chart with the language's number separators and a 'save as PNG' button; words
    from the data are shown as typed. The figure itself is left as it was (it may be a cached
    one); with a `key` naming what it shows, the styled copy is made once per key. `height`
    replaces the figure's own (a slide drawn for a file, shown on a screen below its header)."""
    presenter = presenting()
    phone = frame.on_phone() and not presenter
    styled = (
        _styled_copy(key=key, _figure=figure, lang=lang, presenter=presenter, phone=phone, height=height)
        if key is not None
        else None
    )
    figure = styled or _styled_anew(figure, lang, presenter, phone, height)
    return where.plotly_chart(figure, config={**chart_config(), **options.pop("config", {})}, **options)


@st.cache_resource(max_entries=300, show_spinner=False)
def _styled_copy(*, key: Hashable, _figure, lang: str, presenter: bool, phone: bool, height: int | None):
    return maps.ReadyFigure(_styled_anew(_figure, lang, presenter, phone, height))


def _styled_anew(figure, lang: str, presenter: bool, phone: bool, height: int | None):
    """_styled of a copy (the figure given may be a cached one), at `height` when given."""
    copied = copy.deepcopy(figure)
    if height:
        copied.update_layout(height=height)
    return _styled(copied, lang, presenter, phone)


def _styled(figure, lang: str, presenter: bool, phone: bool):
    """The figure with words escaped, the language's separators and dates (fewer on a phone),
    and presenter type."""
    escaping.plotly_figure(figure)
    figure.update_layout(separators=SEPARATORS[lang])
    date_axes.localise(figure, lang, date_axes.PHONE_TICKS if phone else date_axes.MAX_TICKS)
    _numbers_written_out(figure)
    if presenter:  # type for the back of the room; axes set apart, as Streamlit's chart theme sets them
        size = type_sizes.PRESENTER
        figure.update_layout(
            font_size=size.text,
            legend_font_size=size.legend,
            legend_title_font_size=size.legend,
            legend_title_font_color=INK,
            hoverlabel_font_size=size.hover,
            height=max(figure.layout.height or 450, size.chart_min_height),
        )

        def in_ink(axis) -> None:
            """Ticks and title in the page's ink, as the legend's title: Streamlit's theme greys
            them, faint at the back of the room (a title in its line's colour keeps it)."""
            axis.update(
                tickfont_size=size.tick,
                tickfont_color=INK,
                title_font_size=size.axis_title,
                title_font_color=axis.title.font.color or INK,
            )

        figure.for_each_xaxis(in_ink)
        figure.for_each_yaxis(in_ink)
        figure.update_traces(textfont_size=size.bar_label, selector={"type": "bar"})
    return figure


def _numbers_written_out(figure) -> None:
    """Value axes in the language's digits: 4.000 and 80.000, not plotly's 4000 and 80k (nor
    "76,7k" on a second axis that copied the first one's steps); whole steps for counts under
    5 (a regency's 2 libraries drew 0,5 and 1,5)."""
    tops: dict[str, float] = {}
    whole: dict[str, bool] = {}
    for trace in figure.data:
        if trace.type not in ("bar", "scatter"):
            continue
        across = trace.type == "bar" and trace.orientation == "h"
        values = pd.to_numeric(pd.Series(trace.x if across else trace.y, dtype=object), errors="coerce").dropna()
        if values.empty:
            continue
        axis = (trace.xaxis or "x") if across else (trace.yaxis or "y")
        stacked = trace.type == "bar" and figure.layout.barmode in ("relative", "stack")
        tops[axis] = tops.get(axis, 0) + float(values.max()) if stacked else max(tops.get(axis, 0), float(values.max()))
        whole[axis] = whole.get(axis, True) and bool((values == values.round()).all())
    for name, top in tops.items():
        axis = figure.layout[name.replace("x", "xaxis").replace("y", "yaxis")]
        if axis.type in ("date", "category") or axis.tickformat:
            continue
        steps = {"tickmode": "linear", "dtick": 1, "tick0": 0} if whole[name] and top < 5 else {"tickmode": "auto"}
        axis.update(tickformat=",", exponentformat="none", **steps)


def interactive_map(figure, picture: str | None, alt: str, **options):
    """st.plotly_chart of a map, over the map's still SVG `picture`. The picture is what a new
    browser shows while it loads plotly (seconds), what shows after a click until the
    next map draws, and all a browser without WebGL (e.g. many virtual desktops) can show.
    Both fit the map's area into the width the page gives them (static/map_fit.js, part of every
    page's one script: frame.document)."""
    with st.container(key="map-frame"):
        if picture:
            st.markdown(f"![{escaping.markdown(alt)}]({map_picture.data_uri(picture)})")
            frame.style("map_frame")
        return st.plotly_chart(figure, **options)


def delta(change: float | None, lang: str, digits: int = 0, unit: str = "") -> dict:
    """st.metric's options for a change, written the language's way; none when there is
    nothing to compare (NaN). One that shows as zero is grey and without an arrow, where
    Streamlit would draw a green rise."""
    if change is None or change != change:
        return {}
    options = {"delta": number(change, lang, digits) + unit}
    if round(change, digits) == 0:
        options.update(delta_color="off", delta_arrow="off")
    return options

"""Date axes that read in the chart's language. Plotly names months in English whatever the
page says; its own locales need a script from the internet. So the month ticks get their text here."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tpbis.i18n import month

MAX_TICKS = 12
PHONE_TICKS = 6  # a phone's plot is ~300 px wide: 12 month names stood on end there


def localise(figure, lang: str, max_ticks: int = MAX_TICKS):
    """Month ticks ('Okt 2024') and hover dates ('Okt 2024') on every date x axis of the figure;
    ticks a year or more apart fall on Januaries and name the year only ('2024')."""
    dated = [trace for trace in figure.data if _is_date(getattr(trace, "x", None))]
    dates = [pd.to_datetime(pd.Series(trace.x)) for trace in dated]
    if not dates:
        return figure
    first, last = min(d.min() for d in dates), max(d.max() for d in dates)
    months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
    step = max(1, -(-len(months) // max_ticks))
    for allowed in (1, 2, 3, 4, 6, 12, 24):  # a step that lands on quarters and years
        if allowed >= step:
            step = allowed
            break
    if step in (3, 6, 12, 24):  # on quarters, half years, Januaries, every other January
        ticks = [m for m in months if (m.year * 12 + m.month - 1) % step == 0]
    else:
        ticks = list(months[::step])
    figure.update_xaxes(tickvals=ticks, ticktext=[str(m.year) if step >= 12 else month(m, lang) for m in ticks])
    for trace in dated:
        if trace.customdata is None and "%{x}" in (trace.hovertemplate or ""):
            trace.update(
                customdata=[[month(d, lang)] for d in pd.to_datetime(pd.Series(trace.x))],
                hovertemplate=trace.hovertemplate.replace("%{x}", "%{customdata[0]}"),
            )
    return figure


def _is_date(values) -> bool:
    if values is None or isinstance(values, dict) or not len(values):  # a dict: plotly's packed numbers
        return False
    first = values[0]
    return (
        hasattr(first, "year")
        or isinstance(first, np.datetime64)
        or (isinstance(first, str) and len(first) >= 7 and first[4] == "-")
    )

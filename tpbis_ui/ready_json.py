"""A cached figure's JSON made once: st.plotly_chart turns its figure into JSON on every run
(plotly.io.to_json), ~6 ms for the national map and ~2 ms for a province's, though a map view is
one cached figure that never changes (tpbis.maps.ReadyFigure). The JSON of the latest
JSON_KEPT ready figures is kept; any other figure is turned into JSON as before."""

from __future__ import annotations

import functools
from collections.abc import Callable

import plotly.io

from tpbis.maps import ReadyDict
from tpbis_ui.data import MadeOncePerObject

JSON_KEPT = 48  # a national map's JSON is ~150 KB, a province's or regency's ~60 KB


def _keeping(to_json: Callable[..., str]) -> Callable[..., str]:
    kept = MadeOncePerObject(JSON_KEPT)

    @functools.wraps(to_json)
    def to_json_kept(fig: object, *args: object, **options: object) -> str:
        if not isinstance(fig, ReadyDict) or args or options != {"validate": False}:
            return to_json(fig, *args, **options)
        return kept.get(fig, "json", lambda: to_json(fig, validate=False))

    to_json_kept.keeps_ready_json = True  # type: ignore[attr-defined]
    return to_json_kept


def for_ready_figures() -> None:
    """From now on, plotly.io.to_json(ready_figure_dict, validate=False), as Streamlit calls it,
    makes a ready figure's JSON once."""
    if not getattr(plotly.io.to_json, "keeps_ready_json", False):
        plotly.io.to_json = _keeping(plotly.io.to_json)

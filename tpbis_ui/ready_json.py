"""A cached figure's JSON made once: st.plotly_chart turns its figure into JSON on every run
(plotly.io.to_json), ~6 ms for the national map and ~2 ms for a province's, though a map view is
one cached figure that never changes (tpbis.maps.ReadyFigure). The JSON of the latest
JSON_KEPT ready figures is kept; any other figure is turned into JSON as before."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable

import plotly.io

from tpbis.maps import ReadyDict

JSON_KEPT = 48  # a national map's JSON is ~150 KB, a province's or regency's ~60 KB


def _keeping(to_json: Callable[..., str]) -> Callable[..., str]:
    kept: OrderedDict[int, tuple[ReadyDict, str]] = OrderedDict()  # id -> (the dict, held: no other takes its id)
    lock = threading.Lock()

    @functools.wraps(to_json)
    def to_json_kept(fig: object, *args: object, **options: object) -> str:
        if not isinstance(fig, ReadyDict) or args or options != {"validate": False}:
            return to_json(fig, *args, **options)
        with lock:
            entry = kept.get(id(fig))
            if entry is not None and entry[0] is fig:
                kept.move_to_end(id(fig))
                return entry[1]
        made = to_json(fig, validate=False)
        with lock:
            kept[id(fig)] = (fig, made)
            if len(kept) > JSON_KEPT:
                kept.popitem(last=False)
        return made

    to_json_kept.keeps_ready_json = True  # type: ignore[attr-defined]
    return to_json_kept


def for_ready_figures() -> None:
    """From now on, plotly.io.to_json(ready_figure_dict, validate=False), as Streamlit calls it,
    makes a ready figure's JSON once."""
    if not getattr(plotly.io.to_json, "keeps_ready_json", False):
        plotly.io.to_json = _keeping(plotly.io.to_json)

"""What frames every page: the styles, presenter mode's one way out, the data's date and the
DATA DEMO label, and the run's server time for the benchmarks."""

from __future__ import annotations

import functools
import html
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from tpbis.filters import Display
from tpbis.i18n import day, t
from tpbis_ui import data, page_runs, url_filters

STATIC = Path(__file__).parent / "static"


@functools.cache
def _css(name: str) -> str:
    return (STATIC / f"{name}.css").read_text(encoding="utf-8")


def style(name: str) -> None:
    """Apply tpbis_ui/static/<name>.css to the page (read from disk once per process)."""
    st.html(f"<style>{_css(name)}</style>")


def on_phone() -> bool:
    """Whether the browser says it is a phone: "Mobi" in its User-Agent, as MDN advises. Its
    width is the browser's alone to know; a phone's maps are made lower (tpbis.maps.height_on_phone)."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


FOCUS = "focus-next"  # the widget a drill-down pick asks the next run to focus
PAGE_SCRIPTS = ("page", "slide_keys", "map_fit")  # fixed files, run in one script element on every page


@functools.cache
def _scripts() -> str:
    return "\n".join((STATIC / f"{name}.js").read_text(encoding="utf-8") for name in PAGE_SCRIPTS)


def _key_class(key: str) -> str:
    """The class Streamlit gives a widget's element for its key (frontend: st-key- + key, with
    characters outside [a-zA-Z0-9_-] as dashes): also what makes it safe in a selector."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def focus_next_run(widget_key: str) -> None:
    """After a pick that shows another view: the next run puts the keyboard focus on this
    widget (the next picker), so a keyboard user goes on from there."""
    st.session_state[FOCUS] = widget_key


def document(page_title: str, lang: str) -> None:
    """The browser tab's title names the page ("Peta Cakupan · TPBIS Monitor"), the phone layout
    (with the menu button's label in the language) and the page's one script: <html lang>, the
    focus after a drill-down pick, the presenter's slide keys, the maps' fit. One script element: a
    second one on a page once kept the slide keys from running."""
    st.set_page_config(page_title=f"{page_title} · TPBIS Monitor")
    code = "en" if lang == "en" else "id"  # a fixed code, never text from the URL
    label = json.dumps(t("frame.menu", code))  # a catalogue text, as a CSS string
    st.html(f"<style>:root {{ --tpbis-menu-label: {label}; }}\n{_css('phone')}\n{_css('page')}</style>")
    focus = st.session_state.pop(FOCUS, None)
    settings = json.dumps({"lang": code, "focus": _key_class(focus) if focus else None})
    st.html(f"<script>(function (page) {{\n{_scripts()}\n}})({settings});</script>", unsafe_allow_javascript=True)


def presenter_frame(display: Display) -> None:
    """In presenter mode: the large-type theme and the one way out (the sidebar is hidden)."""
    if not display.presenter:
        return
    style("presenter")
    st.button(
        t("presenter.exit", display.lang),
        key="presenter-exit",
        type="tertiary",
        on_click=url_filters.show_next,
        kwargs={"display": display.with_(presenter=False)},
    )


def demo_banner(lang: str) -> None:
    """The data's date, and on every page a visible DATA DEMO label while demo data is loaded."""
    as_of = day(data.data_date(), lang)
    if data.is_demo():  # a fixed template; its words are escaped all the same
        style("banner")
        words = html.escape(f"{t('demo.explain', lang)} {t('data.as_of', lang, date=as_of)}")
        st.markdown(
            f'<div class="tpbis-demo-badge" data-testid="demo-badge">{html.escape(t("demo.badge", lang))} · '
            f"<span>{words}</span></div>",
            unsafe_allow_html=True,
        )
    else:
        st.caption(t("data.as_of", lang, date=as_of))


def record_run_time(started: float, page: str) -> None:
    """With TPBIS_TIMING_LOG set, append a line for this script run to that file: a session's
    first run or a rerun, the page and its query, the ms it waited for a turn, and last (as
    ../shared/tools/loadtest.py reads it) its server time in ms."""
    log = os.environ.get("TPBIS_TIMING_LOG")
    if log:
        kind = "rerun" if st.session_state.get("timed") else "first"
        st.session_state["timed"] = True
        query = urlencode({k: v for k, v in st.query_params.to_dict().items() if k != "setup"}) or "-"  # a secret
        waited = page_runs.waited() * 1000
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{kind} /{page} {query} {waited:.1f} {(time.perf_counter() - started) * 1000:.1f}\n")

"""Presentasi: the briefing for the chosen filters, one slide at a time, for coordination
meetings; the same slides download as PDF and PowerPoint (tpbis/briefing.py)."""

import streamlit as st

from tpbis import briefing, escaping
from tpbis.i18n import t
from tpbis_ui import charts, url_filters
from tpbis_ui.data import data_version, query

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
deck = query(briefing.slides, filters, lang=lang)
slide = int(url_filters.page_param("slide", [str(n) for n in range(1, len(deck) + 1)], "1"))


def go(to: int) -> None:
    st.query_params["slide"] = str(to)


with st.container(horizontal=True, vertical_alignment="center"):
    st.button(t("briefing.previous", lang), disabled=slide == 1, on_click=go, args=(slide - 1,), key="previous")
    st.markdown(
        f"**{t('briefing.counter', lang, n=slide, total=len(deck))}** · "
        f"{escaping.markdown(query(briefing.describe, filters, lang=lang))}"
    )
    st.button(
        t("briefing.next", lang),
        disabled=slide == len(deck),
        on_click=go,
        args=(slide + 1,),
        key="next",
        type="primary",
    )

current = deck[slide - 1]
st.title(current.title)
if current.figure is not None:
    charts.chart(
        current.figure,
        lang,
        key=(filters, data_version(), current.key),
        config={"staticPlot": current.key == "map"},
    )
for row in range(0, len(current.kpis), 3):
    for column, (label, value) in zip(st.columns(3), current.kpis[row : row + 3]):
        column.metric(label, value)
marker = ":red[●] " if current.key == "attention" else ""
for line in current.lines:  # names typed by editors: shown as typed
    st.markdown(marker + escaping.markdown(line))

if not display.presenter and not briefing.can_draw():
    st.caption(t("briefing.no_chromium", lang))
elif not display.presenter:
    stamp = query(briefing.stamp, filters, lang=lang)
    left, right = st.columns(2)
    left.download_button(
        t("download.pdf", lang),
        lambda: briefing.pdf_bytes(deck, stamp),
        file_name="briefing.pdf",
        mime="application/pdf",
        key="briefing-pdf",
        width="stretch",
    )
    right.download_button(
        t("download.pptx", lang),
        lambda: briefing.pptx_bytes(deck, stamp),
        file_name="briefing.pptx",
        key="briefing-pptx",
        width="stretch",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )

"""Presentasi: the briefing for the chosen filters, one slide at a time, for coordination
meetings; the same slides download as PDF and PowerPoint (tpbis/briefing.py)."""

import io
from datetime import date

import streamlit as st

from tpbis import briefing, briefing_files, briefing_pack, escaping, follow_ups, map_picture, status
from tpbis.i18n import t
from tpbis_ui import charts, follow_up_forms, page_runs, scope_picker, tables, url_filters
from tpbis_ui.data import data_version, derived, follow_up_query, get_store, query

PACK = "briefing-pack"  # the last pack made in this session: (what it was made for, zip)
filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
default_since = briefing.default_since()
since = url_filters.date_param("since", default_since)
KEYS = [*briefing.PROGRAMME_SLIDES, "follow_ups"]
ON_SCREEN_HEIGHT = 640  # px: a chart slide under the header, title and note of presenter mode
slide = int(url_filters.page_param("slide", [str(n) for n in range(1, len(KEYS) + 1)], "1"))
described = query(briefing.describe, filters, lang=lang)  # the area and filters, in words


def follow_up_slide() -> briefing.Slide:
    """Changes with every follow-up written: cached by the follow-ups' version too."""
    return follow_up_query(briefing.follow_up_slide, filters, lang=lang, since=since, today=date.today())


def whole_deck() -> list[briefing.Slide]:
    """For the files, made when one is asked for."""
    return [*query(briefing.programme_slides, filters, lang=lang), follow_up_slide()]


def go(to: int) -> None:
    st.query_params["slide"] = str(to)


def since_changed() -> None:
    picked = st.session_state.get("briefing_since") or default_since
    if picked == default_since:
        st.query_params.pop("since", None)
    else:
        st.query_params["since"] = picked.isoformat()


if display.presenter:  # the slide keys come with every page's script (frame.document)
    scope_picker.scope_picker(filters, lang)

# both buttons first: on a phone the counter and scope wrap under them, not between them
with st.container(horizontal=True, vertical_alignment="center"):
    st.button(t("briefing.previous", lang), disabled=slide == 1, on_click=go, args=(slide - 1,), key="previous")
    st.button(
        t("briefing.next", lang),
        disabled=slide == len(KEYS),
        on_click=go,
        args=(slide + 1,),
        key="next",
        type="primary",
    )
    st.markdown(f"**{t('briefing.counter', lang, n=slide, total=len(KEYS))}** · {escaping.markdown(described)}")

slide_key = KEYS[slide - 1]
current = (
    follow_up_slide()
    if slide_key == "follow_ups"
    else query(briefing.programme_slide, briefing.slide_filters(filters, slide_key), lang=lang, key=slide_key)
)
if filters.regency and slide_key in briefing.AREA_SLIDES:  # its province's slide, the regency marked on it
    current = derived(briefing.marked, current, filters.regency, lang)
st.title(current.title)
if current.key == "follow_ups":
    st.date_input(
        t("briefing.follow_ups.since", lang),
        since,
        format="DD/MM/YYYY",
        help=t("briefing.follow_ups.since_help", lang),
        key="briefing_since",
        on_change=since_changed,
        width=260,
    )
if current.note:
    st.markdown(f"*{escaping.markdown(current.note)}*")
# a map's names beside it, as on the slide (a phone stacks them under it)
body, beside = st.columns([3, 2]) if current.picture and current.lines else (st.container(), st.container())
if current.picture:  # a figure's height stays put on a narrow screen: a picture scales
    with body.container(key="slide-map"):
        alt = escaping.markdown(f"{current.title}: {described}")
        st.markdown(f"![{alt}]({map_picture.data_uri(current.picture)})")
elif current.figure is not None:
    # on a shared 1920 x 1080 screen the whole slide shows below its header, without scrolling
    height = ON_SCREEN_HEIGHT if display.presenter else None
    charts.chart(current.figure, lang, key=(filters, data_version(), current.key), height=height)
for row in range(0, len(current.kpis), 3):
    for column, (label, value) in zip(st.columns(3), current.kpis[row : row + 3]):
        column.metric(label, value)
MARKERS = {status.COLOURS[status.RED]: ":red[●] ", status.COLOURS[status.YELLOW]: ":orange[●] "}
# follow-ups change without an import, so they are added here, not in the cached slides
planned = (
    follow_up_query(follow_ups.beside_status, filters, lang=lang, today=date.today())
    if current.key == "attention"
    else {}
)
written = []  # one block: each heading a paragraph, its items one line each, as on the slide
for line in current.lines:  # names typed by editors: shown as typed
    text = escaping.markdown(line.text)
    if line.library_code in planned:
        text += " · " + escaping.markdown(t("col.follow_up", lang) + ": " + planned[line.library_code])
    if line.level:
        written.append(MARKERS.get(line.colour, "● ") if line.colour else "• ")
        written.append(text + "  \n")  # a line break, not a new paragraph
    else:
        written.append("\n\n" + (f"**{text}**" if len(current.lines) > 1 else text) + "  \n")
if written:
    beside.markdown("".join(written).strip())
if current.key == "attention":
    follow_up_forms.slide_adder(current, lang)
if current.table is not None and len(current.table) and not display.presenter:
    table = current.table
    if current.key == "attention":
        table = table.assign(follow_up=table["library_code"].map(planned))
        table.insert(table.columns.get_loc("reasons") + 1, "follow_up", table.pop("follow_up"))
    tables.table_with_download(
        tables.labelled(
            table,
            lang,
            library="col.library",
            status="col.status",
            reasons="col.reasons",
            follow_up="col.follow_up",
            last_report="col.last_report",
        ),
        f"{current.key}-{filters.province or 'indonesia'}",
        filters,
    )

if not display.presenter and not briefing_files.can_draw():
    st.caption(t("briefing.no_chromium", lang))
elif not display.presenter:
    stamp = query(briefing.stamp, filters, lang=lang)
    info = query(briefing.file_info, filters, lang=lang)
    area = query(briefing.area_name, filters)
    stem = briefing_pack.file_stem(filters.regency or filters.province, area, filters.edition)
    left, right = st.columns(2)
    left.download_button(
        t("download.pdf", lang),
        lambda: briefing_files.pdf_bytes(whole_deck(), stamp, info),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="briefing-pdf",
        width="stretch",
    )
    right.download_button(
        t("download.pptx", lang),
        lambda: briefing_files.pptx_bytes(whole_deck(), stamp, info),
        file_name=f"{stem}.pptx",
        key="briefing-pptx",
        width="stretch",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    pack_for = (filters.with_(province=None, regency=None), lang, data_version())
    making = st.button(t("briefing.pack.make", lang), help=t("briefing.pack.help", lang), key="briefing-pack-make")
    if making and not briefing_pack.ONE_AT_A_TIME.acquire(blocking=False):
        st.info(t("briefing.pack.busy", lang))
    elif making:
        try:
            bar, made = st.progress(0.0), io.BytesIO()
            with page_runs.long_work():
                for step in briefing_pack.write_zip(get_store(), pack_for[0], lang, made):
                    words = t("briefing.pack.progress", lang, done=step.done, total=step.total, area=step.area)
                    bar.progress(step.done / step.total, text=escaping.markdown(words))
            bar.empty()
            st.session_state[PACK] = (pack_for, made.getvalue())
        finally:
            briefing_pack.ONE_AT_A_TIME.release()
    pack = st.session_state.get(PACK)
    if pack and pack[0] == pack_for:
        st.download_button(
            t("briefing.pack.download", lang),
            pack[1],
            file_name=briefing_pack.zip_name(get_store(), filters.edition),
            mime="application/zip",
            key="briefing-pack-zip",
            type="primary",
        )

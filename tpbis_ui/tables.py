"""Tables on screen and their downloads: headings in the page's language, numbers and dates
written the language's way (sorting keeps the values), CSV and Excel files that say what they hold."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from tpbis import briefing, escaping, exports, follow_ups
from tpbis.filters import Filters
from tpbis.i18n import day, number, t, table_formats, with_value_labels
from tpbis_ui import data, url_filters
from tpbis_ui.charts import presenting

# Column names the core uses -> their heading in the catalogue; a page names the rest.
COLUMN_KEYS = {
    "code": "field.code",
    "library_code": "field.code",
    "batch_code": "field.code",
    "cohort_year": "col.cohort",
    "regency": "col.regency",
    "province": "col.province",
    "libraries": "col.libraries",
    "activities": "col.activities",
    "participants": "col.participants",
    "male": "col.male",
    "female": "col.female",
    "month": "col.month",
    "activity_type": "col.type",
    "skill_category": "col.skill",
    "managers": "col.managers",
    "last_activity": "col.last_activity",
    "per_library": "col.per_library",
    "partner_kind": "col.partner_kind",
    "partner_name": "col.partner",
    "partnerships": "col.partnerships",
    "with_mou": "col.with_mou",
    "start_date": "col.start",
    "end_date": "col.end",
    "place": "col.place",
    "mode": "col.mode",
    "completed": "col.completed",
    "pre_score": "col.pre",
    "post_score": "col.post",
}


@dataclass(frozen=True, eq=False)
class Labelled:
    """A table as the core made it, with the heading each column shows in the page's language.
    Its fixed values (types, statuses, yes/no) are written in the language only where they are
    shown: in the table's element, made once per rows (tables.show_table), and in the downloads.
    Formats are chosen from the core's column names and types (years stay 2024, counts become
    1.234), never from a heading, which changes with the language."""

    frame: pd.DataFrame
    lang: str
    headings: Mapping[Hashable, str]

    def shown(self) -> pd.DataFrame:
        """The frame under its headings, values in the language, as the downloads carry it."""
        return with_value_labels(self.frame, self.lang).rename(columns=self.headings)


def labelled(
    frame: pd.DataFrame, lang: str, headings: Mapping[Hashable, str] | None = None, /, **keys: str
) -> Labelled:
    """The frame with headings in the page's language: COLUMN_KEYS, then `keys` (column=catalogue
    key), then `headings` (column -> heading already written, e.g. a month or a compound heading)."""
    wanted = {**COLUMN_KEYS, **keys}
    named = {c: t(wanted[c], lang) for c in frame.columns if c in wanted}
    return Labelled(frame, lang, {**named, **(headings or {})})


def list_to_follow_up(frame: pd.DataFrame, none_key: str, file_name: str, filters: Filters, /, **labels: str) -> None:
    """A downloadable list (headings as labelled()), or the sentence saying nobody is on it."""
    lang = url_filters.current_display().lang
    if frame.empty:
        st.success(t(none_key, lang))
    else:
        table_with_download(labelled(frame, lang, **labels), file_name, filters)


PAGE_ROWS = 100  # rows drawn at a time; a longer list gets pages, and the downloads carry it whole
PRESENTER_TABLE_ROWS = 40  # up to this many rows, presenter mode shows a plain table in large type


def _page(frame: pd.DataFrame, lang: str, where, key: str, size: int) -> tuple[pd.DataFrame, int]:
    """The rows of the page picked under a table longer than `size` (formatting every row of a
    national list would cost seconds a run), with a line saying which rows these are; and the
    first one's position."""
    if len(frame) <= size:
        return frame, 0
    pages = -(-len(frame) // size)
    left, right = where.columns([1, 3], vertical_alignment="bottom")
    page = left.number_input(t("table.page", lang, pages=pages), 1, pages, 1, key=key)
    first = (int(page) - 1) * size
    last = min(first + size, len(frame))
    right.caption(
        t("table.rows", lang, first=number(first + 1, lang), last=number(last, lang), total=number(len(frame), lang))
    )
    return frame.iloc[first:last], first


def _by_value(formats: Mapping[Hashable, Callable[..., str]], frame: pd.DataFrame) -> dict[Hashable, Callable]:
    """Each format applied once per distinct value of its column (Babel is slow per cell)."""
    faster: dict[Hashable, Callable] = {}
    for column, format_ in formats.items():
        texts = {v: format_(v) for v in frame[column].dropna().unique()}
        faster[column] = lambda v, texts=texts, format_=format_: texts[v] if v in texts else format_(v)
    return faster


def show_table(table: Labelled, lang: str, where=st, key: str | None = None, **dataframe_options) -> None:
    """A sortable table whose numbers and dates read as the language writes them (1.234,5 and
    25 Nov 2026 in Indonesian); sorting still uses the values. Empty cells show '–'. A list
    longer than PAGE_ROWS is shown a page at a time (`key` names the page picker); in presenter
    mode PRESENTER_TABLE_ROWS at a time, so that every page is a plain table in large type."""
    presenter = presenting()
    size = PRESENTER_TABLE_ROWS if presenter else PAGE_ROWS
    picker = f"page-{key or '|'.join(map(str, table.frame.columns))}" + ("-presenter" if presenter else "")
    with nullcontext() if where is st else where:
        frame, first = _page(table.frame, lang, st, picker, size)
        # a page of a list digested already (a cached answer) is named by the list and its place
        whole = data.known_digest(table.frame) if len(frame) < len(table.frame) else None
        rows = data.digest(whole, first, len(frame)) if whole else frame
        headings = dict(table.headings)
        _draw(
            key=data.digest(rows, headings, lang, presenter, dataframe_options),
            _how=(frame, headings, lang, presenter, dataframe_options),
        )


@st.cache_data(max_entries=2000, show_spinner=False)
def _draw(*, key: bytes, _how: tuple) -> None:
    """The table's element, made once per rows (the frame's digest), headings, language and mode:
    Streamlit replays a cached function's elements, and formatting a table costs more than the rest
    of a rerun."""
    frame, headings, lang, presenter, options = _how  # named by `key`
    frame = with_value_labels(frame, lang)
    by_value = _by_value(table_formats(frame, lang), frame)
    formats = {headings.get(c, c): f for c, f in by_value.items()}
    as_written = all(_reads_the_same(frame[c], f) for c, f in by_value.items())
    whole = [headings.get(c, c) for c in frame.columns if pd.api.types.is_integer_dtype(frame[c].dtype)]
    frame = frame.rename(columns=headings)
    # the dataframe's placeholder draws the gaps of number and date columns, which keep them so
    # that they still sort as numbers/dates; text columns get the same dash as text
    words = [
        c
        for c in frame.columns
        if c not in formats and (pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object)
    ]
    text = [c for c in words if frame[c].isna().any()]
    frame = frame.assign(**{c: frame[c].fillna("–") for c in text}) if text else frame
    if presenter and len(frame) <= PRESENTER_TABLE_ROWS:
        # the grid draws its text on a canvas that CSS cannot enlarge; a plain table takes the large type,
        # and reads its cells as Markdown; all its rows in sight (a box sized to sit beside a chart
        # showed 7 of 40, and scrolling inside it is awkward on a shared screen)
        styled = frame.assign(**{c: frame[c].map(escaping.markdown) for c in words}).style.format(formats, na_rep="–")
        st.table(styled, hide_index=True, border="horizontal", height="content")
        return
    widths = {**_text_widths(frame, words), **options.get("column_config", {})}
    options = {"hide_index": True, "width": "stretch", "placeholder": "–", **options, "column_config": widths}
    if not as_written or not all(c in words or c in whole for c in frame.columns):
        st.dataframe(frame.style.format(formats, na_rep="–"), **options)
        return
    # only text and whole numbers that read the same in every language (years, counts under a
    # thousand): the grid draws them as they are, without a Styler's text for each cell (~8 ms
    # of a regency's first map page)
    plain = {c: st.column_config.NumberColumn(format="%d") for c in whole}
    st.dataframe(frame, **{**options, "column_config": {**plain, **widths}})


def _reads_the_same(values: pd.Series, format_: Callable[..., str]) -> bool:
    """Whether a column of whole numbers reads in the format as it is written plainly."""
    return pd.api.types.is_integer_dtype(values.dtype) and all(format_(v) == str(v) for v in values.dropna().unique())


# Streamlit's 14 px Source Sans: widths of narrow, wide, capital and other letters, in pixels
NARROW, WIDE = frozenset("fijlrtI.,:;'!|() "), frozenset("mwMW")
CELL_PADDING_PX, LONGEST_PX = 26, 360


def _text_px(text: str) -> float:
    return sum(3.9 if c in NARROW else 10.4 if c in WIDE else 8.2 if c.isupper() else 6.8 for c in text)


def _text_widths(frame: pd.DataFrame, words: list) -> dict:
    """Widths for the text columns longer than their heading, to fit their longest value (up to
    LONGEST_PX): sized by the grid itself, "Kepulauan Bangka Belitung" was cut to "Kepulauan
    Bangka" in a table beside a chart."""
    widths = {}
    for column in words:
        longest = max((_text_px(v) for v in frame[column].dropna().unique() if isinstance(v, str)), default=0.0)
        if longest > _text_px(str(column)):
            widths[column] = st.column_config.Column(width=min(LONGEST_PX, round(longest + CELL_PADDING_PX)))
    return widths


def with_next_follow_up(frame: pd.DataFrame, filters: Filters, lang: str, reasons: str) -> pd.DataFrame:
    """Libraries with their next open follow-up, and status, name, reasons and that follow-up
    first: status and name fit a phone's width. Follow-ups change without an import, so this is
    added to the cached lists on each run, from an answer cached by the follow-ups' version."""
    beside = data.follow_up_query(follow_ups.beside_status, filters, lang=lang, today=date.today())
    frame = frame.assign(follow_up=words_for(frame["library_code"], beside))
    return columns_first(frame, ["status", "name", reasons, "follow_up"])


def columns_first(frame: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    """The frame with the columns `first` before the others, each in its order."""
    return frame[first + [c for c in frame.columns if c not in first]]


def words_for(codes: pd.Series, words: Mapping[str, str]) -> pd.Series:
    """codes.map(words) for a long column of codes, looked up in Arrow: 2 ms instead of 12 for
    the national list's 83,441 rows, each run. Codes without words get none."""
    if not words:
        return pd.Series(None, index=codes.index, dtype="str")
    found = pc.index_in(pa.array(codes.array), value_set=pa.array(list(words)))
    return pd.Series(pd.array(pc.take(pa.array(list(words.values())), found), dtype="str"), index=codes.index)


def table_with_download(
    table: Labelled, name: str, filters: Filters, on_screen: list[str] | None = None, **dataframe_options
) -> None:
    """A sortable table with CSV and Excel downloads that say what they hold, under the same headings.
    `on_screen`: the columns shown, when fewer than the downloads carry."""
    lang = url_filters.current_display().lang
    shown = replace(table, frame=table.frame[on_screen]) if on_screen else table
    show_table(shown, lang, key=name, **dataframe_options)
    source = data.dataset_facts().get("source", "")
    notes = [
        t("export.source", lang, source=source + (" — " + t("demo.badge", lang) if data.is_demo() else "")),
        t("export.scope", lang, scope=data.query(briefing.describe, filters, lang=lang)),
        t("export.date", lang, date=day(data.data_date(), lang), today=day(date.today(), lang)),
    ]
    left, right = st.columns(2)
    # the files are made when a button is pressed, not on every run
    left.download_button(
        t("download.csv", lang),
        lambda: exports.csv_bytes(table.shown()),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        width="stretch",
    )
    right.download_button(
        t("download.xlsx", lang),
        lambda: exports.xlsx_bytes(table.shown(), name, notes),
        file_name=f"{name}.xlsx",
        key=f"xlsx-{name}",
        width="stretch",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

"""Tables as downloadable files: CSV safe to open in a spreadsheet, and formatted xlsx."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_NOT_XML = re.compile("[\ufffe\uffff]")  # not characters of XML either, beside openpyxl's list


def cell_text(value):
    """A value an xlsx cell can hold: control characters (in data from before the importer
    refused them) would stop the whole file being written."""
    return _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(escape_formula) for c in text})


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # utf-8-sig so that Excel opens names like "Perpustakaan Desa Ujung" correctly
    return _safe(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str, notes: Iterable[str] = ()) -> bytes:
    """One sheet with a bold, filled, frozen header; notes (source, filters, date) below it."""
    book = Workbook()
    table = book.active
    table.title = sheet[:31]
    table.append(list(frame.columns))
    for row in _safe(frame).itertuples(index=False):
        table.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else cell_text(v)) for v in row])
    for cell in table[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B5394")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    table.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        table.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 50)
    notes = list(notes)
    if notes:
        about = book.create_sheet("Keterangan")
        for line in notes:
            about.append([line])
        about.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""Reading a file as text: xlsx (one sheet per record kind) or one CSV named after its kind,
with the checks that refuse a file before it is parsed (size, xlsx bombs)."""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from datetime import date, datetime, time

import pandas as pd
from openpyxl import load_workbook

from tpbis.imports.spec import EXAMPLE_MARK, KIND_OF_SHEET, MAX_ROWS, SHEETS, Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100  # the widest record kind has a dozen
# An xlsx is a zip: refused before parsing when it would unpack into far more than its size
# suggests. Real sheets unpack ~15 times; deflate reaches ~1000 on repeated bytes.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100


def read(file_name: str, data: bytes) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The file's sheets as text frames keyed by record kind, or the problems that stop it."""
    if not data:
        return {}, [Problem(file_name, None, "", "", "problem.empty_file")]
    if len(data) > MAX_BYTES:
        return {}, [
            Problem(file_name, None, "", f"{len(data):,} byte", "problem.too_big", {"mb": MAX_BYTES // 1024 // 1024})
        ]
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        frames, problems = _read_xlsx(file_name, data)
    elif lower.endswith(".csv"):
        frames, problems = _read_csv(file_name, data)
    else:
        return {}, [Problem(file_name, None, "", "", "problem.file_type")]
    frames, examples = _without_examples(frames)
    if examples and not frames and not problems:
        problems = [
            Problem(file_name, None, "", "", "problem.only_examples", {"count": examples, "mark": EXAMPLE_MARK})
        ]
    return frames, problems


def _without_examples(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """The frames without the template's example rows (first cell starting with EXAMPLE_MARK),
    and how many there were. A sheet that held nothing else is left out, as if deleted."""
    kept, examples = {}, 0
    for kind, frame in frames.items():
        marked = (
            frame.iloc[:, 0].astype(str).str.strip().str.upper().str.startswith(EXAMPLE_MARK)
            if frame.shape[1]
            else pd.Series(False, index=frame.index)
        )
        examples += int(marked.sum())
        if not (marked.any() and marked.all()):
            kept[kind] = frame[~marked]
    return kept, examples


def _kind_of(name: str, where: str) -> tuple[str | None, list[Problem]]:
    key = name.strip().lower()
    if key in KIND_OF_SHEET:
        return KIND_OF_SHEET[key], []
    close = difflib.get_close_matches(key, list(SHEETS.values()), n=1)
    if close:
        return None, [Problem(where, None, "", name, "problem.sheet.close", {"name": name, "close": close[0]})]
    return None, [
        Problem(where, None, "", name, "problem.sheet.unknown", {"name": name, "known": ", ".join(SHEETS.values())})
    ]


def _read_xlsx(file_name: str, data: bytes):
    try:
        problems = _unpacking_problems(file_name, data)
        if problems:
            return {}, problems
        # a formula's value as Excel saved it: "=D2&..." is not the title a person sees
        return _sheets(load_workbook(io.BytesIO(data), read_only=True, data_only=True))
    except Exception:  # openpyxl raises many kinds for a damaged file, also half-way through a sheet
        return {}, [Problem(file_name, None, "", "", "problem.bad_xlsx")]


_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# The sheet's extent as its writer declares it, near the top of the sheet's XML: "A1:I2001".
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")


def _unpacking_problems(file_name: str, data: bytes) -> list[Problem]:
    """An xlsx bomb, seen from the zip's directory and the first bytes of each sheet only:
    too much unpacked in all, a part packed absurdly tight, a sheet declaring too many rows or
    columns. (Python's zipfile never unpacks more than a part's declared size.)"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED:
            return [
                Problem(
                    file_name,
                    None,
                    "",
                    f"{unpacked:,} byte",
                    "problem.xlsx.unpacked",
                    {"mb": unpacked // 2**20, "max": MAX_UNPACKED // 2**20},
                )
            ]
        for part in parts:
            if part.file_size > 2**20 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                return [
                    Problem(
                        file_name,
                        None,
                        "",
                        part.filename,
                        "problem.xlsx.ratio",
                        {"ratio": part.file_size // max(part.compress_size, 1)},
                    )
                ]
        sheets = [part for part in parts if _SHEET_PART.match(part.filename)]
        found = [problem for part in sheets for problem in _dimension_problems(file_name, archive, part)]
        return found or [problem for part in sheets for problem in _uncalculated(file_name, archive, part)]


# A formula with no value saved beside it (a file written by a program, never opened in
# Excel), unless its value is text, which may be empty (LibreOffice's =IF(...;"";"")); and a
# formula whose saved value is an error (#N/A of a failed VLOOKUP): neither is data
_UNCALCULATED = re.compile(
    rb'<(?:\w+:)?c\b(?![^>]*\bt="(?:str|inlineStr|s)")[^>]*\br="([A-Z]+\d+)"[^>]*>\s*'
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)"
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|</(?:\w+:)?c>)"
)
_ERROR_VALUE = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*\bt="e")[^>]*\br="([A-Z]+\d+)"[^>]*>.*?<(?:\w+:)?v>([^<]*)<', re.S)


def _uncalculated(file_name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> list[Problem]:
    xml = archive.read(part)
    if found := _UNCALCULATED.search(xml):
        cell = found.group(1).decode()
        return [Problem(file_name, None, "", cell, "problem.xlsx.uncalculated", {"cell": cell})]
    if found := _ERROR_VALUE.search(xml):
        cell, value = found.group(1).decode(), found.group(2).decode(errors="replace")
        return [Problem(file_name, None, "", value, "problem.xlsx.error_value", {"cell": cell, "value": value})]
    return []


def _dimension_problems(file_name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> list[Problem]:
    with archive.open(part) as xml:
        found = _DIMENSION.search(xml.read(4096))
    if not found:
        return _counted_rows_problems(file_name, archive, part)
    columns, rows = _column_number(found.group(1).decode()), int(found.group(2))
    if rows <= MAX_ROWS + 1 and columns <= MAX_COLUMNS:
        return []
    return [
        Problem(
            file_name,
            None,
            "",
            f"{rows:,} × {columns}",
            "problem.xlsx.dimension",
            {"rows": rows, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS},
        )
    ]


_ROW = re.compile(rb"<(?:\w{1,10}:)?row[\s>/]")


def _counted_rows_problems(file_name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> list[Problem]:
    """A sheet without a dimension: its rows counted in the raw XML, stopping at MAX_ROWS + 1,
    because openpyxl would parse it whole merely to find out that it has none."""
    rows, tail = 0, b""
    with archive.open(part) as xml:
        while chunk := xml.read(2**20):
            text = tail + chunk
            rows += sum(1 for found in _ROW.finditer(text) if found.end() > len(tail))  # not counted last time
            if rows > MAX_ROWS + 1:
                return [Problem(file_name, None, "", f"> {MAX_ROWS:,}", "problem.too_many_rows", {"max": MAX_ROWS})]
            tail = text[-20:]
    return []


def _column_number(letters: str) -> int:
    """'A' is 1, 'Z' 26, 'AA' 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheets(book):
    frames, problems, seen = {}, [], {}
    for sheet in book.worksheets:
        if sheet.title.lower() == "petunjuk":
            continue
        kind, found = _kind_of(sheet.title, sheet.title)
        hidden = getattr(sheet, "sheet_state", "visible") != "visible"
        if kind is None:
            # Excel's own empty Sheet1 beside the data is no problem, nor a hidden list for drop-downs
            if not hidden and not _empty(sheet):
                problems += found
            continue
        if hidden and not _empty(sheet):  # data no one looking at the file would see
            problems.append(Problem(sheet.title, None, "", sheet.title, "problem.sheet.hidden", {"name": sheet.title}))
            continue
        if kind in seen:  # e.g. 'kegiatan' and 'activity': neither may silently replace the other
            problems.append(
                Problem(
                    sheet.title,
                    None,
                    "",
                    sheet.title,
                    "problem.sheet.twice",
                    {"first": seen[kind], "second": sheet.title},
                )
            )
            continue
        seen[kind] = sheet.title
        rows, too_big = _rows_of(sheet)
        if too_big:
            problems.append(too_big)
        elif header := _header_below(rows):  # a title above the table: say where headers go
            problems.append(Problem(sheet.title, header, "", "", "problem.header_not_first", {"row": header}))
        elif rows:
            frames[kind] = _text_frame(
                rows[0][1], [r[: len(rows[0][1])] for _, r in rows[1:]], [number - 2 for number, _ in rows[1:]]
            )
    return frames, problems


def _header_below(rows: list[tuple[int, list[str]]]) -> int | None:
    """The row number of the table's header when row 1 holds at most a title (one cell)."""
    if sum(bool(cell) for cell in rows[0][1]) > 1:
        return None
    return next((number for number, cells in rows[1:] if sum(bool(cell) for cell in cells) > 1), None)


def _empty(sheet) -> bool:
    return not any(value not in (None, "") for row in sheet.iter_rows(values_only=True) for value in row)


def _rows_of(sheet) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """The header and every non-empty row as text, each with its row number, read one row at
    a time: a sheet is refused as soon as it passes MAX_ROWS rows or MAX_COLUMNS columns."""
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            return [], Problem(sheet.title, None, "", f"> {MAX_ROWS:,}", "problem.too_many_rows", {"max": MAX_ROWS})
        if len(values) > MAX_COLUMNS:
            return [], Problem(
                sheet.title, number, "", str(len(values)), "problem.too_many_columns", {"max": MAX_COLUMNS}
            )
        if number == 1 or any(v not in (None, "") for v in values):
            rows.append((number, [_cell_text(v) for v in values]))
    return rows, None


def _text_frame(header, rows: list[list[str]], index: list[int] | None = None) -> pd.DataFrame:
    """A sheet's rows as text under its header (the * of required columns dropped), indexed by
    row number - 2 (the header is row 1). A column with neither a header nor a value is no
    column (trailing commas, formatted empty cells); a header given twice stays twice, for the
    check to name."""
    names = ["" if h is None else str(h).replace("*", "").strip() for h in header]
    rows = [row + [""] * (len(names) - len(row)) for row in rows]  # a sheet whose last cells are empty
    frame = pd.DataFrame(rows, columns=range(len(names)), index=index, dtype=str).fillna("")
    keep = [i for i, name in enumerate(names) if name or frame[i].ne("").any()]
    frame = frame[keep]
    frame.columns = [names[i] for i in keep]
    return frame


def _cell_text(value) -> str:
    """An Excel cell as the text a CSV would hold: a date cell as YYYY-MM-DD (with its time of
    day, if it has one, for the date check to drop)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(file_name: str, data: bytes):
    kind, problems = _kind_of(file_name.rsplit("/", 1)[-1][:-4], file_name)
    if kind is None:
        return {}, problems
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [Problem(file_name, None, "", "", "problem.not_utf8")]
    if "\r\n" not in text and text.count("\r") > text.count("\n"):  # lines ended by CR alone (Mac
        text = text.replace("\r", "\n")  # spreadsheets; a line break inside a cell is then LF)
    csv.field_size_limit(MAX_BYTES)  # a long cell is reported by its row and column, not as a parse error
    try:  # no header row for pandas: it would rename a repeated header to name.1
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None, engine="python", header=None)
    except pd.errors.EmptyDataError:
        return {}, [Problem(file_name, None, "", "", "problem.empty_file")]
    except (pd.errors.ParserError, csv.Error) as error:
        fields = _FIELDS.search(str(error))
        if fields:  # pandas' words in English: the same in the file's language
            expected, row, seen = (int(n) for n in fields.groups())
            params = {"expected": expected, "seen": seen}
            return {}, [Problem(file_name, row, "", "", "problem.csv_fields", params)]
        return {}, [Problem(file_name, None, "", "", "problem.bad_csv", {"error": str(error)})]
    return {kind: _text_frame(list(table.iloc[0]), table.iloc[1:].values.tolist())}, []

"""Importing spreadsheets: templates, a dry run that lists every problem, an atomic apply
with an audit log, and revert.

A file (xlsx with one sheet per record kind, or one CSV named after its kind) is read as
text, checked with pandera against the store's own schema plus the programme's rules, and
compared with the store by natural key. Nothing is written until `apply`, which writes the
new and changed rows and the audit entry in one transaction.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import logging
import re
import secrets
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

import numpy as np
import pandas as pd
import pandera.pandas as pa
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tpbis.accounts import User, current
from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.i18n import CatalogueError, number, t
from tpbis.loader import RECORD_KEYS, with_region
from tpbis.store import Store

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100  # the widest record kind has a dozen
# An xlsx is a zip: refused before parsing when it would unpack into far more than its size
# suggests. Real sheets unpack ~15 times; deflate reaches ~1000 on repeated bytes.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_CELL = 5_000  # characters: a success story fits, a pasted document does not
EXAMPLE_MARK = "CONTOH:"  # starts the first cell of the template's example rows, which are never imported
PROGRAMME_START = date(2018, 1, 1)
SHEETS = {"library": "perpustakaan", "person": "pengelola", "training_batch": "bimtek",
          "training_attendance": "kehadiran_bimtek", "meeting": "pertemuan",
          "meeting_attendance": "kehadiran_pertemuan", "activity": "kegiatan", "monthly_report": "laporan_bulanan",
          "partnership": "mitra", "aid": "bantuan", "success_story": "kisah_sukses"}
KIND_OF_SHEET = {sheet: kind for kind, sheet in SHEETS.items()} | {kind: kind for kind in SHEETS}
DERIVED = {"library": {"regency_code", "province_code"}}
# Optional columns that are checked, not stored: the village's name beside its code catches a
# code typed wrong (a valid code of another village).
CHECK_ONLY = {"library": {"village_name": "village_code"}}
CHOICES = {("library", "funding"): ["apbn", "replikasi"], ("person", "role"): ["pengelola", "staf"],
           ("person", "gender"): ["L", "P"], ("training_batch", "mode"): ["daring", "luring"],
           ("meeting", "kind"): ["plm", "stakeholder"]}
UPPER_LIMITS = {"participants_male": 2000, "participants_female": 2000, "participants": 500, "visits": 100_000,
                "loans": 100_000, "members": 100_000, "days_attended": 31, "pre_score": 100, "post_score": 100,
                "value_idr": 10_000_000_000}
# Where a library can be: the import refuses anything else (999, 1e308, a swapped lat/lon).
RANGES = {"lat": LIBRARY_LAT, "lon": LIBRARY_LON}
CODE_FORMAT = {"village_code": r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", "regency_code": r"^\d{2}\.\d{2}$"}
REFERENCES = {"village_code": ("village", "code"), "regency_code": ("regency", "code"),
              "library_code": ("library", "library_code"), "person_code": ("person", "person_code"),
              "batch_code": ("training_batch", "batch_code"), "meeting_code": ("meeting", "meeting_code")}
EXAMPLES = {"library_code": "PD-3201011001", "village_code": "32.01.01.1001", "regency_code": "32.01",
            "person_code": "PD-3201011001-P1", "batch_code": "SPPTIK-2022-001", "meeting_code": "MTG-3201-2022-1",
            "activity_code": "PD-3201011001-K1", "partnership_code": "PD-3201011001-M1",
            "aid_code": "PD-3201011001-B1", "story_code": "PD-3201011001-S1", "cohort_year": 2022,
            "name": "Perpustakaan Desa Pondok Rajeg", "place": "Jakarta", "activity_type": "Literasi anak",
            "skill_category": "TIK", "title": "Kelas komputer untuk ibu-ibu PKK", "partner_name": "BUMDes",
            "partner_kind": "bumdes", "source": "Perpusnas", "phone": "081234567890", "partner": "Karang Taruna",
            "summary": "Peserta kini mengelola toko daring desa.", "description": "Komputer dan printer",
            "lat": -6.45, "lon": 106.84}


SUMMARY_COLUMNS = ["kind", "sheet", "rows", "insert", "update", "unchanged", "reject"]
_logger = logging.getLogger("tpbis")


@dataclass
class Problem:
    sheet: str
    row: int | None        # the spreadsheet's row number (header is row 1)
    column: str
    value: str
    key: str               # the message in the catalogue (problem.*), said in either language
    params: dict = field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        return t(self.key, lang, **{k: _said(v, lang) for k, v in self.params.items()})

    @property
    def message(self) -> str:
        return self.text("id")


def _said(value, lang: str):
    """A message parameter in the language: counts as 1.234, words from the catalogue."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, lang)
    return t(value, lang) if str(value).startswith("word.") else value


@dataclass
class DryRun:
    file_name: str
    sha256: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)     # rows to write, typed
    problems: list[Problem] = field(default_factory=list)
    summary: pd.DataFrame | None = None   # kind, rows, insert, update, unchanged, reject

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_frame(self, lang: str = "id") -> pd.DataFrame:
        return pd.DataFrame([(p.sheet, p.row, p.column, p.value, p.text(lang)) for p in self.problems],
                            columns=["sheet", "row", "column", "value", "message"])


def columns_of(store: Store, kind: str) -> pd.DataFrame:
    """The importable columns of a record kind: name, SQL type, required."""
    frame = store.columns(kind)
    return frame[~frame["name"].isin(DERIVED.get(kind, set()))].reset_index(drop=True)


# -- templates ---------------------------------------------------------------------------
def template_xlsx(store: Store) -> bytes:
    """One workbook: instructions in Bahasa Indonesia, a sheet per record kind with its
    headers, an example row and dropdowns for coded fields."""
    book = Workbook()
    guide = book.active
    guide.title = "petunjuk"
    for line in [
        "Templat impor TPBIS Monitor",
        "Isi satu lembar per jenis data; lembar yang tidak dipakai boleh dihapus. Baris 2 (kode diawali "
        f"{EXAMPLE_MARK}) hanya contoh dan tidak pernah diimpor: biarkan, hapus, atau timpa dengan data Anda.",
        "Kode wilayah memakai kode Kemendagri bertitik (mis. desa 32.01.01.1001).",
        "Tanggal ditulis TTTT-BB-HH (mis. 2022-03-07) atau sebagai sel tanggal Excel; jam di belakangnya "
        "diabaikan, zona waktu dan bentuk lain (07/03/2022, 7 Maret 2022) ditolak. Angka tanpa pemisah ribuan.",
        "Koordinat perpustakaan (lat, lon) dalam derajat desimal di wilayah Indonesia: "
        f"lat {LIBRARY_LAT[0]} s.d. {LIBRARY_LAT[1]}, lon {LIBRARY_LON[0]} s.d. {LIBRARY_LON[1]}.",
        "Kolom bertanda * wajib diisi; village_name (nama desa) boleh kosong, tetapi bila diisi harus "
        "cocok dengan kode desanya. Data dengan kode yang sudah ada akan diperbarui, bukan digandakan.",
        "Unggah berkas di halaman Impor: sistem memeriksa dulu (uji coba) sebelum menyimpan apa pun.",
    ]:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    for kind, sheet_name in SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        columns = columns_of(store, kind)
        extra = list(CHECK_ONLY.get(kind, {}))
        sheet.append([f"{c}{' *' if r else ''}" for c, r in zip(columns["name"], columns["required"])] + extra)
        sheet.append(_example_row(store, kind, columns, extra))
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B5394")
        for cell in sheet[2]:
            cell.font = Font(italic=True, color="7F7F7F")
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns["name"], start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(14, len(name) + 4)
            if (kind, name) in CHOICES:
                rule = DataValidation(type="list", formula1='"' + ",".join(CHOICES[kind, name]) + '"',
                                      allow_blank=True)
                sheet.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{MAX_ROWS}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _example_row(store: Store, kind: str, columns: pd.DataFrame, extra: list[str]) -> list:
    """A valid row of the kind whose first cell carries EXAMPLE_MARK, so that reading skips it."""
    row = [_example(kind, name, sql_type) for name, sql_type in zip(columns["name"], columns["type"])]
    row += [_official_names(store, [EXAMPLES["village_code"]]).get(EXAMPLES["village_code"], "") for _ in extra]
    return [f"{EXAMPLE_MARK} {row[0]}", *row[1:]]


def _example(kind: str, name: str, sql_type: str):
    if (kind, name) in CHOICES:
        return CHOICES[kind, name][0]
    if kind == "aid" and name == "kind":
        return "Komputer"
    if name in EXAMPLES:
        return EXAMPLES[name]
    return {"DATE": "2022-03-07", "INTEGER": 10, "BIGINT": 1000000, "DOUBLE": 75.5, "BOOLEAN": "ya"}.get(sql_type, "")


# -- reading -----------------------------------------------------------------------------
def read(file_name: str, data: bytes) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The file's sheets as text frames keyed by record kind, or the problems that stop it."""
    if not data:
        return {}, [Problem(file_name, None, "", "", "problem.empty_file")]
    if len(data) > MAX_BYTES:
        return {}, [Problem(file_name, None, "", f"{len(data):,} byte", "problem.too_big",
                            {"mb": MAX_BYTES // 1024 // 1024})]
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        frames, problems = _read_xlsx(file_name, data)
    elif lower.endswith(".csv"):
        frames, problems = _read_csv(file_name, data)
    else:
        return {}, [Problem(file_name, None, "", "", "problem.file_type")]
    frames, examples = _without_examples(frames)
    if examples and not frames and not problems:
        problems = [Problem(file_name, None, "", "", "problem.only_examples",
                            {"count": examples, "mark": EXAMPLE_MARK})]
    return frames, problems


def _without_examples(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """The frames without the template's example rows (first cell starting with EXAMPLE_MARK),
    and how many there were. A sheet that held nothing else is left out, as if deleted."""
    kept, examples = {}, 0
    for kind, frame in frames.items():
        marked = (frame.iloc[:, 0].astype(str).str.strip().str.upper().str.startswith(EXAMPLE_MARK)
                  if frame.shape[1] else pd.Series(False, index=frame.index))
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
    return None, [Problem(where, None, "", name, "problem.sheet.unknown",
                          {"name": name, "known": ", ".join(SHEETS.values())})]


def _read_xlsx(file_name: str, data: bytes):
    try:
        problems = _unpacking_problems(file_name, data)
        if problems:
            return {}, problems
        return _sheets(load_workbook(io.BytesIO(data), read_only=True, data_only=False))
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
            return [Problem(file_name, None, "", f"{unpacked:,} byte", "problem.xlsx.unpacked",
                            {"mb": unpacked // 2 ** 20, "max": MAX_UNPACKED // 2 ** 20})]
        for part in parts:
            if part.file_size > 2 ** 20 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                return [Problem(file_name, None, "", part.filename, "problem.xlsx.ratio",
                                {"ratio": part.file_size // max(part.compress_size, 1)})]
        return [problem for part in parts if _SHEET_PART.match(part.filename)
                for problem in _dimension_problems(file_name, archive, part)]


def _dimension_problems(file_name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> list[Problem]:
    with archive.open(part) as xml:
        found = _DIMENSION.search(xml.read(4096))
    if not found:
        return _counted_rows_problems(file_name, archive, part)
    columns, rows = _column_number(found.group(1).decode()), int(found.group(2))
    if rows <= MAX_ROWS + 1 and columns <= MAX_COLUMNS:
        return []
    return [Problem(file_name, None, "", f"{rows:,} × {columns}", "problem.xlsx.dimension",
                    {"rows": rows, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS})]


_ROW = re.compile(rb"<(?:\w{1,10}:)?row[\s>/]")


def _counted_rows_problems(file_name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> list[Problem]:
    """A sheet without a dimension: its rows counted in the raw XML, stopping at MAX_ROWS + 1,
    because openpyxl would parse it whole merely to find out that it has none."""
    rows, tail = 0, b""
    with archive.open(part) as xml:
        while chunk := xml.read(2 ** 20):
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
        problems += found
        if kind is None:
            continue
        if kind in seen:  # e.g. 'kegiatan' and 'activity': neither may silently replace the other
            problems.append(Problem(sheet.title, None, "", sheet.title, "problem.sheet.twice",
                                    {"first": seen[kind], "second": sheet.title}))
            continue
        seen[kind] = sheet.title
        rows, too_big = _rows_of(sheet)
        if too_big:
            problems.append(too_big)
        elif rows:
            frames[kind] = _text_frame(rows[0][1], [r[:len(rows[0][1])] for _, r in rows[1:]],
                                       [number - 2 for number, _ in rows[1:]])
    return frames, problems


def _rows_of(sheet) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """The header and every non-empty row as text, each with its row number, read one row at
    a time: a sheet is refused as soon as it passes MAX_ROWS rows or MAX_COLUMNS columns."""
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            return [], Problem(sheet.title, None, "", f"> {MAX_ROWS:,}", "problem.too_many_rows", {"max": MAX_ROWS})
        if len(values) > MAX_COLUMNS:
            return [], Problem(sheet.title, number, "", str(len(values)), "problem.too_many_columns",
                               {"max": MAX_COLUMNS})
        if number == 1 or any(v not in (None, "") for v in values):
            rows.append((number, [_cell_text(v) for v in values]))
    return rows, None


def _text_frame(header, rows: list[list[str]], index: list[int] | None = None) -> pd.DataFrame:
    """A sheet's rows as text under its header (the * of required columns dropped), indexed by
    row number - 2 (the header is row 1). A column with neither a header nor a value is no
    column (trailing commas, formatted empty cells); a header given twice stays twice, for the
    check to name."""
    names = ["" if h is None else str(h).replace("*", "").strip() for h in header]
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


def _read_csv(file_name: str, data: bytes):
    kind, problems = _kind_of(file_name.rsplit("/", 1)[-1][:-4], file_name)
    if kind is None:
        return {}, problems
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [Problem(file_name, None, "", "", "problem.not_utf8")]
    csv.field_size_limit(MAX_BYTES)  # a long cell is reported by its row and column, not as a parse error
    try:  # no header row for pandas: it would rename a repeated header to name.1
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None, engine="python",
                            header=None)
    except pd.errors.EmptyDataError:
        return {}, [Problem(file_name, None, "", "", "problem.empty_file")]
    except (pd.errors.ParserError, csv.Error) as error:
        return {}, [Problem(file_name, None, "", "", "problem.bad_csv", {"error": str(error)})]
    return {kind: _text_frame(list(table.iloc[0]), table.iloc[1:].values.tolist())}, []


# -- checking ----------------------------------------------------------------------------
_TYPES = {"TEXT": str, "INTEGER": "Int64", "BIGINT": "Int64", "DOUBLE": float,
          "DATE": "datetime64[ns]", "BOOLEAN": "boolean"}
_BOOLEAN = {"ya": True, "y": True, "true": True, "1": True, "benar": True,
            "tidak": False, "t": False, "false": False, "0": False, "salah": False}


def _schema(kind: str, columns: pd.DataFrame, until: date) -> pa.DataFrameSchema:
    specs = {}
    for name, sql_type, required in columns.itertuples(index=False):
        checks = []
        if (kind, name) in CHOICES:
            allowed = CHOICES[kind, name]
            checks.append(pa.Check.isin(allowed, error=_keyed("problem.choice", allowed=", ".join(allowed))))
        if name in UPPER_LIMITS:
            checks.append(pa.Check.in_range(0, UPPER_LIMITS[name],
                                            error=_keyed("problem.range", max=UPPER_LIMITS[name])))
        if name in RANGES:
            low, high = RANGES[name]
            checks.append(pa.Check.in_range(low, high, error=_keyed("problem.between", low=low, high=high)))
        if name in CODE_FORMAT:
            checks.append(pa.Check.str_matches(CODE_FORMAT[name], error=_keyed("problem.code_format")))
        if sql_type == "DATE":
            checks.append(pa.Check.in_range(pd.Timestamp(PROGRAMME_START), pd.Timestamp(until),
                                            error=_keyed("problem.date_range", start=PROGRAMME_START, end=until)))
        if name == "cohort_year":
            checks.append(pa.Check.in_range(2018, until.year, error=_keyed("problem.cohort_year", last=str(until.year))))
        if sql_type == "TEXT" and required:
            checks.append(pa.Check.str_length(min_value=1, error=_keyed("problem.required")))
        specs[name] = pa.Column(_TYPES.get(sql_type, str), checks, nullable=not required, required=True,
                                coerce=True)
    return pa.DataFrameSchema(specs, strict=True, coerce=True,
                              unique=RECORD_KEYS[kind], report_duplicates="exclude_first")


def _keyed(key: str, **params) -> str:
    """A pandera check's error as a catalogue key and its parameters, read back by _from_pandera."""
    return json.dumps({"key": key, "params": {k: v if isinstance(v, int) else str(v) for k, v in params.items()}})


_MESSAGES = {"coerce_dtype": "problem.not_a", "column_in_dataframe": "problem.column_missing",
             "column_in_schema": "problem.column_unknown", "not_nullable": "problem.required",
             "field_uniqueness": "problem.duplicate_key", "multiple_fields_uniqueness": "problem.duplicate_key"}


_NUMBERS = ("INTEGER", "BIGINT", "DOUBLE")
# The only dates taken: ISO YYYY-MM-DD, optionally with a time of day that is dropped (the
# columns hold days). 03/04/2023 could be March or April, and a time zone can move the day.
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$")


def _prepare(frame: pd.DataFrame, columns: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for name, sql_type in zip(columns["name"], columns["type"]):
        if name not in frame:
            continue
        text = frame[name].astype(str).str.strip()
        blank = frame[name].isna() | text.eq("")
        if sql_type not in _NUMBERS + ("DATE",):  # a typed "nan" in a number column is no number, not a gap
            blank |= text.str.lower().isin(["nan", "none"])
        if sql_type == "BOOLEAN":
            frame[name] = text.str.lower().map(_BOOLEAN).where(~blank, None)
        elif sql_type == "DOUBLE":
            frame[name] = text.str.replace(",", ".", regex=False).where(~blank, None)  # 75,5 is 75.5
        else:
            frame[name] = text.where(~blank, None)
    return frame


def _numbers(given: pd.Series, sql_type: str) -> pd.Series:
    """The cells as numbers; empty where a cell is no finite number (or, for a count, no whole one)."""
    read = pd.to_numeric(given, errors="coerce").astype(float)
    read = read.where(np.isfinite(read))
    return read if sql_type == "DOUBLE" else read.where(read == read.round())  # 2.5 is not a count


def _iso_dates(given: pd.Series) -> pd.Series:
    """The cells' days as YYYY-MM-DD; empty where a cell is not an ISO date of the calendar."""
    days = given.astype(object).where(given.notna(), "").astype(str).str.extract(_ISO_DATE)[0]
    return days.where(pd.to_datetime(days, format="%Y-%m-%d", errors="coerce").notna())


def _unreadable(sheet: str, frame: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    """Cells that are not a number or a date where one is expected, reported one by one and then
    emptied in `frame`, so that the column's other checks (ranges, dates) still run on the rest.
    Dates that are read are written back as YYYY-MM-DD."""
    problems = []
    for name, sql_type in zip(columns["name"], columns["type"]):
        if name not in frame or sql_type not in _NUMBERS + ("DATE",):
            continue
        given = frame[name]
        read = _iso_dates(given) if sql_type == "DATE" else _numbers(given, sql_type)
        bad = given.notna() & read.isna()
        key, params = ("problem.date_format", {}) if sql_type == "DATE" else ("problem.not_a", {"what": "word.number"})
        for index in bad.index[bad]:
            problems.append(Problem(sheet, int(index) + 2, name, str(given[index]), key, params))
        frame[name] = read.where(~bad, None) if sql_type == "DATE" else given.where(~bad, None)
    return problems


def _long_cells(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for column in frame.columns:
        lengths = frame[column].astype(str).str.len()
        for index in lengths.index[lengths > MAX_CELL]:
            problems.append(Problem(sheet, int(index) + 2, str(column), str(frame.at[index, column])[:40] + "…",
                                    "problem.long_cell", {"length": int(lengths[index]), "max": MAX_CELL}))
    return problems


def _shape_problems(sheet: str, frame: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    """What stops a sheet being read column by column: a header given twice, an oversized
    cell, unknown or missing headers (the first of these found)."""
    return _duplicate_headers(sheet, frame) or _long_cells(sheet, frame) or _header_problems(sheet, frame, columns)


def _duplicate_headers(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    counts = pd.Series(list(frame.columns)).value_counts(sort=False)
    return [Problem(sheet, 1, str(name), str(name), "problem.header.duplicate", {"name": str(name), "count": int(n)})
            for name, n in counts.items() if n > 1]


def _header_problems(sheet: str, frame: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    problems = []
    known = list(columns["name"])
    optional = set(CHECK_ONLY.get(KIND_OF_SHEET[sheet], {}))
    for header in frame.columns:
        if header in optional:
            continue
        if header not in known:
            close = difflib.get_close_matches(header, known, n=1)
            problems.append(Problem(sheet, 1, header, header, "problem.header.close", {"close": close[0]}) if close
                            else Problem(sheet, 1, header, header, "problem.header.unknown"))
    for name in known:
        if name not in frame.columns:
            problems.append(Problem(sheet, 1, name, "", "problem.header.missing"))
    return problems


def check(store: Store, file_name: str, data: bytes, user: User | None = None) -> DryRun:
    """The dry run: every problem with sheet, row, column, value and message; what would change.
    Whatever goes wrong is a problem (an unforeseen error: one with an id the log has), never
    an exception for the page."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        raw, problems = read(file_name, data)
        return check_frames(store, file_name, sha256, raw, problems, user)
    except Exception:
        error_id = _logged(f"checking {file_name!r} failed")
        return DryRun(file_name, sha256, problems=[Problem(file_name, None, "", "", "problem.unexpected",
                                                            {"error_id": error_id})],
                      summary=pd.DataFrame(columns=SUMMARY_COLUMNS))


def _logged(what: str) -> str:
    """A short id for the exception being handled, logged with its traceback: the message
    tells the id, the log tells an admin what happened."""
    error_id = secrets.token_hex(4)
    _logger.exception("%s: error id %s", what, error_id)
    return error_id


def as_text(records: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Records as a spreadsheet would hold them: every cell text, empty cells empty."""
    text = {}
    for kind, frame in records.items():
        columns = {}
        for name, values in frame.items():
            if values.dtype.kind == "M":
                values = values.dt.strftime("%Y-%m-%d")
            columns[name] = values.astype(object).where(values.notna(), "").astype(str)
        text[kind] = pd.DataFrame(columns)
    return text


def check_frames(store: Store, file_name: str, sha256: str, raw: dict[str, pd.DataFrame],
                 problems: list[Problem] | None = None, user: User | None = None) -> DryRun:
    """The dry run over sheets already read as text (one frame per record kind). With a user,
    a file touching any region outside theirs is rejected whole."""
    dry = DryRun(file_name, sha256)
    given_names: dict[str, pd.DataFrame] = {}
    dry.problems = list(problems or [])
    if not raw and not dry.problems:
        dry.problems.append(Problem(file_name, None, "", "", "problem.no_sheets"))
    until = date.today()  # nothing recorded can have happened after today
    for kind, frame in raw.items():
        sheet = SHEETS[kind]
        if len(frame) > MAX_ROWS:
            dry.problems.append(Problem(sheet, None, "", str(len(frame)), "problem.too_many_rows", {"max": MAX_ROWS}))
            continue
        if frame.empty:
            dry.problems.append(Problem(sheet, None, "", "", "problem.empty_sheet"))
            continue
        columns = columns_of(store, kind)
        shape = _shape_problems(sheet, frame, columns)
        if shape:
            dry.problems += shape
            continue
        given_names[kind] = frame[[c for c in CHECK_ONLY.get(kind, {}) if c in frame]]
        prepared = _prepare(frame.drop(columns=given_names[kind].columns), columns)
        unreadable = _unreadable(sheet, prepared, columns)  # such cells go blank: the rest is still checked
        try:
            typed = _schema(kind, columns, until).validate(prepared, lazy=True)
        except pa.errors.SchemaErrors as errors:
            said = {(p.row, p.column) for p in unreadable}
            dry.problems += unreadable + [p for p in _from_pandera(sheet, errors.failure_cases, columns)
                                          if (p.row, p.column) not in said]
            continue
        if unreadable:
            dry.problems += unreadable
            continue
        dry.frames[kind] = typed
    if not dry.problems:
        dry.problems += _reference_problems(store, dry.frames)
    if not dry.problems:
        dry.problems += _name_problems(store, dry.frames, given_names)
    if not dry.problems and user is not None:
        dry.problems += _region_problems(store, dry.frames, user)
    if dry.problems:
        dry.frames = {}
    dry.summary = _summary(store, dry.frames, raw, dry.problems)
    return dry


def _from_pandera(sheet: str, failures: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    types = dict(zip(columns["name"], columns["type"]))
    problems, seen = [], set()
    uncoerced = set()
    for failure in failures.itertuples(index=False):
        check = str(failure.check)
        name = "coerce_dtype" if check.startswith("dtype(") else check.split("(")[0]
        if name == "coerce_dtype":
            uncoerced.add(failure.column)
        elif pd.isna(failure.index) and failure.column in uncoerced:
            continue  # a column that is not all numbers cannot be range-checked; its rows are listed
        if check.startswith("{"):
            keyed = json.loads(check)
            key, params = keyed["key"], keyed["params"]
        else:
            what = {"DATE": "word.date", "BOOLEAN": "word.yes_no"}.get(types.get(failure.column), "word.number")
            key, params = _MESSAGES.get(name, "problem.other"), {"what": what, "check": check}
        row = None if pd.isna(failure.index) else int(failure.index) + 2
        value = failure.failure_case
        if isinstance(value, pd.Timestamp) and value == value.normalize():
            value = str(value.date())
        value = "" if pd.isna(value) else str(value)
        if (row, failure.column, key) not in seen:
            seen.add((row, failure.column, key))
            problems.append(Problem(sheet, row, str(failure.column or ""), value, key, params))
    return problems


def _reference_problems(store: Store, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Codes that point at nothing: not in the store and not in this file."""
    problems = []
    for kind, frame in frames.items():
        for column, (table, key) in REFERENCES.items():
            if column not in frame or (table == kind and column == RECORD_KEYS[kind][0]):
                continue
            values = frame[column].dropna()
            known = set(store.query(f"SELECT {key} FROM {table} WHERE {key} = ANY(:v)",
                                    {"v": sorted(set(values))})[key])
            if table in frames:
                known |= set(frames[table][key])
            for index, value in values[~values.isin(known)].items():
                key = "problem.unknown_village" if column == "village_code" else "problem.unknown_reference"
                problems.append(Problem(SHEETS[kind], int(index) + 2, column, str(value), key, {"column": column}))
    return problems


def _normal(name: str) -> str:
    name = re.sub(r"[^a-z0-9 ]", " ", str(name).lower())
    return " ".join(w for w in name.split() if w not in ("desa", "kelurahan", "kel", "ds"))


def _official_names(store: Store, codes) -> dict[str, str]:
    frame = store.query("SELECT code, name FROM village WHERE code = ANY(:c)", {"c": sorted(set(codes))})
    return dict(zip(frame["code"], frame["name"]))


def _name_problems(store: Store, frames, given_names) -> list[Problem]:
    """Village names that do not match their code, with the code (or name) that was probably meant."""
    problems = []
    for kind, names in given_names.items():
        for column, code_column in CHECK_ONLY.get(kind, {}).items():
            if column not in names or kind not in frames:
                continue
            given = names[column].astype(str).str.strip()
            given = given[given.ne("") & ~given.str.lower().isin(["nan", "none"])]
            codes = frames[kind].loc[given.index, code_column]
            official = _official_names(store, codes)
            for index, name in given.items():
                code = codes[index]
                if _normal(name) == _normal(official.get(code, "")):
                    continue
                problems.append(Problem(SHEETS[kind], int(index) + 2, column, name, *_name_mismatch(
                    store, name, code, official.get(code, "?"))))
    return problems


def _name_mismatch(store: Store, name: str, code: str, official: str) -> tuple[str, dict]:
    """The message key and its parameters: the village of that name in the same regency (a
    mistyped code), else the closest name there, else just the mismatch."""
    nearby = store.query("SELECT code, name FROM village WHERE code LIKE :r ORDER BY code", {"r": code[:5] + ".%"})
    normal = nearby["name"].map(_normal)
    said = {"code": code, "official": official}
    exact = nearby[normal.eq(_normal(name))]
    if len(exact):
        return "problem.village_name.code", {**said, "meant": exact["code"].iloc[0], "meant_name": exact["name"].iloc[0]}
    close = difflib.get_close_matches(_normal(name), list(normal), n=1, cutoff=0.75)
    if close:
        row = nearby[normal.eq(close[0])].iloc[0]
        return "problem.village_name.name", {**said, "meant": row["code"], "meant_name": row["name"]}
    return "problem.village_name", said


def _codes(frames, column: str) -> list[str]:
    """Every value of `column` in the given frames."""
    return sorted({code for frame in frames.values() if column in frame for code in frame[column].dropna()})


def _stored_places(store: Store, frames) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stored people (person_code, library_code) and libraries (library_code,
    village_code) that the frames' rows name, directly or through a person."""
    people = store.query("SELECT person_code, library_code FROM person WHERE person_code = ANY(:c)",
                         {"c": _codes(frames, "person_code")})
    libraries = store.query("SELECT library_code, village_code FROM library WHERE library_code = ANY(:c)",
                            {"c": sorted(set(_codes(frames, "library_code")) | set(people["library_code"]))})
    return people, libraries


def _regions_of(frame: pd.DataFrame, people: pd.DataFrame, libraries: pd.DataFrame) -> pd.Series:
    """The village or regency code each row belongs to (None: national, e.g. a Bimtek batch)."""
    village_of = libraries.drop_duplicates("library_code", keep="last").set_index("library_code")["village_code"]
    library_of = people.drop_duplicates("person_code", keep="last").set_index("person_code")["library_code"]
    if "village_code" in frame:
        return frame["village_code"]
    if "library_code" in frame:
        return frame["library_code"].map(village_of)
    if "person_code" in frame:
        return frame["person_code"].map(library_of).map(village_of)
    if "regency_code" in frame:
        return frame["regency_code"]
    return pd.Series(None, index=frame.index, dtype=object)


def _row_regions(store: Store, frames) -> dict[str, pd.Series]:
    """For each kind, the region of each file row as the file has it: a library or person in
    the file counts where the file puts it."""
    people, libraries = _stored_places(store, frames)
    if "library" in frames:
        libraries = pd.concat([libraries, frames["library"][["library_code", "village_code"]]])
    if "person" in frames:
        people = pd.concat([people, frames["person"][["person_code", "library_code"]]])
    return {kind: _regions_of(frame, people, libraries) for kind, frame in frames.items()}


def _replaced_regions(store: Store, frames) -> dict[str, pd.Series]:
    """For each kind, the region of the stored row each file row would replace, indexed by
    the file row (rows that are new are absent). Only the store counts here: a file cannot
    move a record out of another region by also moving its library or person."""
    stored = {kind: _stored_rows(store, kind, frame) for kind, frame in frames.items()}
    people, libraries = _stored_places(store, stored)
    return {kind: _regions_of(rows, people, libraries).set_axis(rows["file_index"].to_numpy())
            for kind, rows in stored.items() if len(rows)}


def _outside(regions: pd.Series, user: User) -> pd.Series:
    """The regions that are not the user's; a row without one (national) is outside too."""
    return regions[[region is None or pd.isna(region) or not user.covers(str(region)) for region in regions]]


def _said_region(region) -> str:
    return "" if region is None or pd.isna(region) else str(region)


def _region_problems(store: Store, frames, user: User) -> list[Problem]:
    """A regional editor's file may neither add rows outside their region nor replace rows
    stored outside it."""
    if not user.can_import():
        return [Problem("", None, "", user.username, "problem.role")]
    if user.is_admin() or not user.region_code:
        return []
    problems = []
    for kind, regions in _row_regions(store, frames).items():
        for index, region in _outside(regions, user).items():
            problems.append(Problem(SHEETS[kind], int(index) + 2, "", _said_region(region), "problem.region",
                                    {"region": user.region_code}))
    for kind, regions in _replaced_regions(store, frames).items():
        for index, region in _outside(regions, user).items():
            problems.append(Problem(SHEETS[kind], int(index) + 2, RECORD_KEYS[kind][0], _said_region(region),
                                    "problem.region_replaced", {"region": user.region_code,
                                                                "stored": _said_region(region) or "–"}))
    return problems


def _summary(store: Store, frames, raw, problems) -> pd.DataFrame:
    rejected = pd.Series(list({(p.sheet, p.row) for p in problems if p.row and p.row > 1})).map(
        lambda sheet_row: sheet_row[0]).value_counts()
    rows = []
    for kind, frame in raw.items():
        typed = frames.get(kind)
        new = changed = same = 0
        if typed is not None:
            new, changed, same = _compare(store, kind, typed)
        rows.append({"kind": kind, "sheet": SHEETS[kind], "rows": len(frame), "insert": new, "update": changed,
                     "unchanged": same, "reject": int(rejected.get(SHEETS[kind], 0))})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _existing(store: Store, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The stored rows that the frame's rows have the natural keys of."""
    return _stored_rows(store, kind, frame).drop(columns="file_index")


def _stored_rows(store: Store, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The stored rows that the frame's rows have the natural keys of, each with the index
    of its row in the frame (file_index)."""
    key = RECORD_KEYS[kind]
    joined = " AND ".join(f"t.{k} = i.{k}" for k in key)
    with store.frame_as_table("incoming_keys", frame[key].assign(file_index=frame.index.to_numpy())):
        return store.query(f"SELECT t.*, i.file_index FROM {kind} t JOIN incoming_keys i ON {joined}")


def _changed_rows(store: Store, kind: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incoming rows that are new or differ from the store, and the stored rows they replace."""
    key = RECORD_KEYS[kind]
    before = _existing(store, kind, frame)
    if kind == "library":
        frame = with_region(frame)
    if before.empty:
        return frame, before
    columns = list(frame.columns)
    merged = frame.merge(before[columns], on=key, how="left", suffixes=("", "__old"), indicator=True)
    differs = merged["_merge"].eq("left_only")
    for column in columns:
        if column in key:
            continue
        new, old = merged[column], merged[f"{column}__old"]
        if new.dtype.kind == "M" or old.dtype.kind == "M":
            new, old = pd.to_datetime(new), pd.to_datetime(old)
        differs |= ~((new == old) | (new.isna() & old.isna())).fillna(False)
    return frame[differs.to_numpy()], before


def _compare(store: Store, kind: str, frame: pd.DataFrame) -> tuple[int, int, int]:
    changed, before = _changed_rows(store, kind, frame)
    existing = set(map(tuple, before[RECORD_KEYS[kind]].astype(str).to_numpy())) if len(before) else set()
    keys = [tuple(map(str, k)) for k in changed[RECORD_KEYS[kind]].to_numpy()]
    updates = sum(1 for k in keys if k in existing)
    return len(keys) - updates, updates, len(frame) - len(keys)


# -- applying and reverting ---------------------------------------------------------------
class ImportRefused(CatalogueError, ValueError):
    """An import or revert that may not be made (now); nothing was written."""


class ImportFailed(CatalogueError, RuntimeError):
    """An import or revert the database failed to write (full disk, lost connection); nothing
    was written. The message carries the id under which the log has the error."""


REFUSALS = (ImportRefused, ImportFailed)  # what apply and revert raise for a page to show


@contextmanager
def _failure_said(key: str):
    """Any error but a refusal becomes an ImportFailed with its logged id."""
    try:
        yield
    except CatalogueError:
        raise
    except Exception as error:
        raise ImportFailed(key, error_id=_logged(key)) from error


def apply(store: Store, dry: DryRun, user: User) -> int:
    """Write what the dry run found, with its audit entry, in one transaction; the import's id.
    The account is read again inside that transaction, so a user disabled, demoted or moved to
    another region since the dry run writes nothing (ImportRefused)."""
    _must_be_clean(dry)
    with _failure_said("problem.apply_failed"), store.transaction(exclusive=True):  # imports queue
        _may_import(store, dry, user)
        return _write(store, dry, user.username)


def apply_without_account(store: Store, dry: DryRun, imported_by: str) -> int:
    """`apply` for the set-up from the shell (the demo data), which runs before any account
    exists; never for a page."""
    _must_be_clean(dry)
    with store.transaction(exclusive=True):
        return _write(store, dry, imported_by)


def _must_be_clean(dry: DryRun) -> None:
    if not dry.ok:
        raise ImportRefused("import.not_checked")


def _may_import(store: Store, dry: DryRun, user: User) -> None:
    """Refuses unless the account, as the database has it now, may write these rows."""
    now = current(store, user)
    if not now.signed_in:
        raise ImportRefused("import.refused.account")
    if not now.can_import():
        raise ImportRefused("import.refused.role")
    if _region_problems(store, dry.frames, now):
        raise ImportRefused("import.refused.region", region=now.region_code)


def _write(store: Store, dry: DryRun, imported_by: str) -> int:
    """The new and changed rows, what they replaced and the log entry (inside a transaction)."""
    counts = {}
    import_id = int(store.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log"))
    for kind in RECORD_KEYS:
        if kind not in dry.frames:
            continue
        rows, before = _changed_rows(store, kind, dry.frames[kind])
        counts[kind] = len(rows)
        if rows.empty:
            continue
        key = RECORD_KEYS[kind]
        replaced = before.merge(rows[key], on=key) if len(before) else before
        old = dict(zip(_key_json(replaced, key), _rows_json(replaced)))
        changes = pd.DataFrame({"import_id": import_id, "kind": kind, "record_key": _key_json(rows, key)})
        changes["before"] = changes["record_key"].map(old)
        store.insert_frame("import_change", changes)
        store.insert_frame(kind, rows, key=key)
    store.execute("INSERT INTO import_log (import_id, file_name, sha256, imported_by, imported_at, counts) "
                  "VALUES (:i, :f, :s, :u, :t, :c)",
                  {"i": import_id, "f": dry.file_name, "s": dry.sha256, "u": imported_by,
                   "t": datetime.now(timezone.utc).replace(tzinfo=None), "c": json.dumps(counts)})
    return import_id


def _key_json(frame: pd.DataFrame, key: list[str]) -> list[str]:
    """Each row's natural key as JSON text, dates as YYYY-MM-DD (how revert finds the row again)."""
    columns = []
    for name in sorted(key):
        values = frame[name]
        if values.dtype.kind == "M" or (len(values) and hasattr(values.iloc[0], "year")):
            values = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        columns.append(values.astype(str).tolist())
    names = sorted(key)
    return [json.dumps(dict(zip(names, row))) for row in zip(*columns)] if columns else []


def _rows_json(frame: pd.DataFrame) -> list[str]:
    """Each row as JSON text (one pass over the frame)."""
    if frame.empty:
        return []
    return frame.to_json(orient="records", lines=True, date_format="iso").splitlines()


def revert(store: Store, import_id: int, user: User) -> None:
    """Undo one import: rows it added go, rows it changed get their old values back. Only an
    admin may, as the database has the account at that moment (else ImportRefused)."""
    with _failure_said("problem.revert_failed"), store.transaction(exclusive=True):
        if not current(store, user).is_admin():
            raise ImportRefused("import.refused.admin")
        _must_be_revertible(store, import_id)
        _undo(store, import_id)


def _must_be_revertible(store: Store, import_id: int) -> None:
    """Refuses an unknown or reverted import, and one whose rows a later import (not reverted)
    changed again: undoing it first would throw the later values away unlogged."""
    state = store.query("SELECT reverted_at FROM import_log WHERE import_id = :i", {"i": import_id})
    if state.empty:
        raise ImportRefused("import.revert.unknown", id=import_id)
    if pd.notna(state["reverted_at"].iloc[0]):
        raise ImportRefused("import.revert.done", id=import_id)
    later = store.scalar("""
        SELECT max(c.import_id) FROM import_change mine
        JOIN import_change c ON c.kind = mine.kind AND c.record_key = mine.record_key AND c.import_id > mine.import_id
        JOIN import_log l ON l.import_id = c.import_id AND l.reverted_at IS NULL
        WHERE mine.import_id = :i""", {"i": import_id})
    if later is not None:
        raise ImportRefused("import.revert.later", id=int(later))


def _undo(store: Store, import_id: int) -> None:
    changes = store.query("SELECT kind, record_key, before FROM import_change WHERE import_id = :i",
                          {"i": import_id})
    for kind in reversed(list(RECORD_KEYS)):
        part = changes[changes["kind"] == kind]
        if part.empty:
            continue
        keys = pd.DataFrame([json.loads(k) for k in part["record_key"]])
        joined = " AND ".join(f"CAST(t.{k} AS TEXT) = r.{k}" for k in keys.columns)
        with store.frame_as_table("reverted_keys", keys):
            store.execute(f"DELETE FROM {kind} t WHERE EXISTS (SELECT 1 FROM reverted_keys r WHERE {joined})")
        olds = [json.loads(b) for b in part["before"].dropna()]
        if olds:
            frame = pd.DataFrame(olds)
            for column in frame.columns:
                if column.endswith(("_date", "_on", "_month")):
                    frame[column] = pd.to_datetime(frame[column]).dt.date
            store.insert_frame(kind, frame)
    store.execute("UPDATE import_log SET reverted_at = :t WHERE import_id = :i",
                  {"t": datetime.now(timezone.utc).replace(tzinfo=None), "i": import_id})


def data_version(store: Store) -> str:
    """A token that changes with every import and revert (what the app's caches are keyed on)."""
    row = store.query("SELECT coalesce(max(import_id), 0) AS last, count(reverted_at) AS reverted FROM import_log")
    return f"{int(row['last'].iloc[0])}-{int(row['reverted'].iloc[0])}"


def log(store: Store) -> pd.DataFrame:
    return store.query("SELECT import_id, file_name, sha256, imported_by, imported_at, counts, reverted_at "
                       "FROM import_log ORDER BY import_id DESC")

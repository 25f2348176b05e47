"""The dry run: a file's rows checked against the store's schema, the programme's rules, the
codes they point at and the user's region, and compared with the store by natural key."""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from tpbis.accounts import User
from tpbis.imports import follow_up_sheet
from tpbis.imports.editions import CodeEditions, read_editions
from tpbis.imports.reading import read
from tpbis.imports.spec import (
    CHECK_ONLY,
    CHOICES,
    CODE_FORMAT,
    FUTURE_DATES,
    KIND_OF_SHEET,
    MAX_CELL,
    MAX_ROWS,
    PROGRAMME_START,
    RANGES,
    REFERENCES,
    SHEETS,
    UPPER_LIMITS,
    Problem,
    columns_of,
)
from tpbis.loader import RECORD_KEYS, with_region
from tpbis.store import Store

KEYS = {**RECORD_KEYS, follow_up_sheet.KIND: [follow_up_sheet.KEY]}  # the natural key of each kind
SUMMARY_COLUMNS = ["kind", "sheet", "rows", "insert", "update", "unchanged", "reject"]
_logger = logging.getLogger("tpbis")


@dataclass
class DryRun:
    file_name: str
    sha256: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # rows to write, typed
    problems: list[Problem] = field(default_factory=list)
    summary: pd.DataFrame | None = None  # kind, rows, insert, update, unchanged, reject
    code_editions: CodeEditions | None = None  # which edition the region codes were given in

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_frame(self, lang: str = "id") -> pd.DataFrame:
        return pd.DataFrame(
            [(p.sheet, p.row, p.column, p.value, p.text(lang)) for p in self.problems],
            columns=["sheet", "row", "column", "value", "message"],
        )


_TYPES = {
    "TEXT": str,
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "DOUBLE": float,
    "DATE": "datetime64[ns]",
    "BOOLEAN": "boolean",
}
_BOOLEAN = {
    "ya": True,
    "y": True,
    "true": True,
    "1": True,
    "benar": True,
    "tidak": False,
    "false": False,
    "0": False,
    "salah": False,
    "yes": True,
    "no": False,
}


def _schema(kind: str, columns: pd.DataFrame, until: date) -> pa.DataFrameSchema:
    specs = {}
    for name, sql_type, required in columns.itertuples(index=False):
        checks = []
        if (kind, name) in CHOICES:
            allowed = CHOICES[kind, name]
            checks.append(pa.Check.isin(allowed, error=_keyed("problem.choice", allowed=", ".join(allowed))))
        if name in UPPER_LIMITS:
            checks.append(
                pa.Check.in_range(0, UPPER_LIMITS[name], error=_keyed("problem.range", max=UPPER_LIMITS[name]))
            )
        if name in RANGES:
            low, high = RANGES[name]
            checks.append(pa.Check.in_range(low, high, error=_keyed("problem.between", low=low, high=high)))
        if name in CODE_FORMAT:
            checks.append(pa.Check.str_matches(CODE_FORMAT[name], error=_keyed("problem.code_format")))
        if sql_type == "DATE":
            last = until.replace(year=until.year + FUTURE_DATES[name]) if name in FUTURE_DATES else until
            checks.append(
                pa.Check.in_range(
                    pd.Timestamp(PROGRAMME_START),
                    pd.Timestamp(last),
                    error=_keyed("problem.date_range", start=PROGRAMME_START, end=last),
                )
            )
        if name == "report_month":  # the month's first day: 2024-03-15 beside 2024-03-01 made two reports
            checks.append(pa.Check(lambda days: days.dt.day == 1, error=_keyed("problem.first_of_month")))
        if name == "cohort_year":
            checks.append(
                pa.Check.in_range(2018, until.year, error=_keyed("problem.cohort_year", last=str(until.year)))
            )
        if sql_type == "TEXT" and required:
            checks.append(pa.Check.str_length(min_value=1, error=_keyed("problem.required")))
        specs[name] = pa.Column(_TYPES.get(sql_type, str), checks, nullable=not required, required=True, coerce=True)
    # a follow-up row without an id is a new one: follow_up_sheet.duplicate_ids checks the rest
    unique = None if kind == follow_up_sheet.KIND else KEYS[kind]
    return pa.DataFrameSchema(specs, strict=True, coerce=True, unique=unique, report_duplicates="exclude_first")


def _keyed(key: str, **params) -> str:
    """A pandera check's error as a catalogue key and its parameters, read back by _from_pandera."""
    return json.dumps({"key": key, "params": {k: v if isinstance(v, int) else str(v) for k, v in params.items()}})


_MESSAGES = {
    "coerce_dtype": "problem.not_a",
    "column_in_dataframe": "problem.column_missing",
    "column_in_schema": "problem.column_unknown",
    "not_nullable": "problem.required",
    "field_uniqueness": "problem.duplicate_key",
    "multiple_fields_uniqueness": "problem.duplicate_key",
}


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
        if sql_type == "BOOLEAN":  # a word not understood stays, to be named as no ya/tidak
            read = text.str.lower().map(_BOOLEAN)
            frame[name] = read.astype(object).where(read.notna(), text).where(~blank, None)
        elif sql_type == "DOUBLE":
            frame[name] = text.str.replace(",", ".", regex=False).where(~blank, None)  # 75,5 is 75.5
        elif name == "phone":
            frame[name] = _dialled(text).where(~blank, None)
        elif name == "owner_username":  # stored in lower case: JABAR beside jabar is no change
            frame[name] = text.str.lower().where(~blank, None)
        else:
            frame[name] = text.where(~blank, None)
    return frame


def _dialled(phones: pd.Series) -> pd.Series:
    """Mobile numbers a spreadsheet kept as numbers, as dialled again: 81234567890 (its 0 dropped)
    is 081234567890, 6281234567890 (its + dropped) +6281234567890. Other numbers that lost their
    0 or + are named by _phone_problems: which was lost cannot be told."""
    phones = phones.str.replace(r"^([0-9]+)\.0+$", r"\1", regex=True)  # a number cell read as 81234567890.0
    mobile = phones.str.fullmatch(r"8[0-9]{8,11}")
    abroad = phones.str.fullmatch(r"628[0-9]{8,11}")
    return phones.mask(mobile, "0" + phones).mask(abroad, "+" + phones)


def _phone_problems(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    """Phone numbers that are numbers without their leading 0 or +, or written as 8.12E+10 (the
    last digits gone): a spreadsheet that stored them as numbers."""
    if "phone" not in frame:
        return []
    phones = frame["phone"].dropna().astype(str)
    lost = phones.str.fullmatch(r"[1-9][0-9]*") | phones.str.fullmatch(r"[0-9]([.,][0-9]+)?[eE]\+?[0-9]+")
    return [Problem(sheet, int(i) + 2, "phone", phones[i], "problem.phone_as_number") for i in lost.index[lost]]


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
            problems.append(
                Problem(
                    sheet,
                    int(index) + 2,
                    str(column),
                    str(frame.at[index, column])[:40] + "…",
                    "problem.long_cell",
                    {"length": int(lengths[index]), "max": MAX_CELL},
                )
            )
    return problems


# invisible characters no name or title holds (tab and line breaks are kept): an xlsx cannot
# hold them, and PostgreSQL refuses NUL, so the export or the import's save would fail later
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _control_characters(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for column in frame.columns:
        text = frame[column].astype(str)
        for index in text.index[text.str.contains(_CONTROL)]:
            shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text[index])
            found = " ".join(sorted({f"\\x{ord(c):02x}" for c in _CONTROL.findall(text[index])}))
            problems.append(
                Problem(sheet, int(index) + 2, str(column), shown[:60], "problem.control_char", {"chars": found})
            )
    return problems


# (column, column that may not come before it); a row naming one without the other
_IN_ORDER = (("end_date", "start_date"), ("submitted_on", "report_month"))
_TOGETHER = (("lat", "lon"),)


def _pair_problems(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    """Two columns of a row that contradict each other: a Bimtek ending before it starts, a
    report sent before its month began, a latitude without its longitude."""
    problems = []
    for later, earlier in _IN_ORDER:
        if later in frame and earlier in frame:
            wrong = frame[later] < frame[earlier]
            for index in wrong.index[wrong.fillna(False)]:
                value = f"{frame.at[index, later]:%Y-%m-%d}"
                params = {"column": earlier, "value": f"{frame.at[index, earlier]:%Y-%m-%d}"}
                problems.append(Problem(sheet, int(index) + 2, later, value, "problem.before", params))
    for one, other in _TOGETHER:
        if one in frame and other in frame:
            alone = frame[one].isna() != frame[other].isna()
            for index in alone.index[alone]:
                problems.append(
                    Problem(
                        sheet, int(index) + 2, f"{one}/{other}", "", "problem.together", {"one": one, "other": other}
                    )
                )
    return problems


def _shape_problems(sheet: str, frame: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    """What stops a sheet being read column by column: a header given twice, an oversized
    cell or one with invisible control characters, unknown or missing headers (the first of
    these found)."""
    return (
        _duplicate_headers(sheet, frame)
        or _long_cells(sheet, frame)
        or _control_characters(sheet, frame)
        or _header_problems(sheet, frame, columns)
    )


def _duplicate_headers(sheet: str, frame: pd.DataFrame) -> list[Problem]:
    counts = pd.Series(list(frame.columns)).value_counts(sort=False)
    return [
        Problem(sheet, 1, str(name), str(name), "problem.header.duplicate", {"name": str(name), "count": int(n)})
        for name, n in counts.items()
        if n > 1
    ]


def _header_problems(sheet: str, frame: pd.DataFrame, columns: pd.DataFrame) -> list[Problem]:
    problems = []
    known = list(columns["name"])
    optional = set(CHECK_ONLY.get(KIND_OF_SHEET[sheet], {}))
    for header in frame.columns:
        if header in optional:
            continue
        if header not in known:
            close = difflib.get_close_matches(header, known, n=1)
            problems.append(
                Problem(sheet, 1, header, header, "problem.header.close", {"close": close[0]})
                if close
                else Problem(sheet, 1, header, header, "problem.header.unknown")
            )
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
        error_id = logged_error(f"checking {file_name!r} failed")
        return DryRun(
            file_name,
            sha256,
            problems=[Problem(file_name, None, "", "", "problem.unexpected", {"error_id": error_id})],
            summary=pd.DataFrame(columns=SUMMARY_COLUMNS),
        )


def logged_error(what: str) -> str:
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


def check_frames(
    store: Store,
    file_name: str,
    sha256: str,
    raw: dict[str, pd.DataFrame],
    problems: list[Problem] | None = None,
    user: User | None = None,
) -> DryRun:
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
        if frame.empty:  # the template's other sheets, left with their headers only, are no problem
            if not any(len(other) for other in raw.values()) and not problems:
                dry.problems.append(Problem(sheet, None, "", "", "problem.empty_sheet"))
            continue
        columns = columns_of(store, kind)
        shape = _shape_problems(sheet, frame, columns)
        if shape:
            dry.problems += shape
            continue
        given_names[kind] = frame[[c for c in CHECK_ONLY.get(kind, {}) if c in frame]]
        prepared = _prepare(frame.drop(columns=given_names[kind].columns), columns)
        # unreadable cells go blank, so that the rest is still checked
        unreadable = _unreadable(sheet, prepared, columns) + _phone_problems(sheet, prepared)
        try:
            typed = _schema(kind, columns, until).validate(prepared, lazy=True)
        except pa.errors.SchemaErrors as errors:
            said = {(p.row, p.column) for p in unreadable}
            dry.problems += unreadable + [
                p for p in _from_pandera(sheet, errors.failure_cases, columns) if (p.row, p.column) not in said
            ]
            continue
        if unreadable:
            dry.problems += unreadable
            continue
        if kind == follow_up_sheet.KIND:  # the rules of the follow-up form, row by row
            ruled = follow_up_sheet.duplicate_ids(typed) + follow_up_sheet.rule_problems(store, typed)
            if ruled:
                dry.problems += ruled
                continue
        paired = _pair_problems(sheet, typed)
        if paired:
            dry.problems += paired
            continue
        dry.frames[kind] = typed
    names_2022: dict[str, pd.Series] = {}
    if not dry.problems:
        edition_problems, dry.code_editions, names_2022 = read_editions(store, dry.frames, given_names)
        dry.problems += (
            edition_problems + _reference_problems(store, dry.frames) + _new_code_problems(store, dry.frames)
        )
    if not dry.problems:
        dry.problems += _name_problems(store, dry.frames, given_names, names_2022)
    if not dry.problems and user is not None:
        dry.problems += region_problems(store, dry.frames, user)
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
            what = {"DATE": "word.date", "BOOLEAN": "word.yes_no"}.get(
                types.get(str(failure.column), ""), "word.number"
            )
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


_UNKNOWN = {"village_code": "problem.unknown_village", "regency_code": "problem.unknown_regency"}


def _reference_problems(store: Store, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Codes that point at nothing: not in the store and not in this file."""
    problems = []
    for kind, frame in frames.items():
        for column, (table, key) in REFERENCES.items():
            if column not in frame or (table == kind and column == KEYS[kind][0]):
                continue
            values = frame[column].dropna()
            known = set(
                store.query(f"SELECT {key} FROM {table} WHERE {key} = ANY(:v)", {"v": sorted(set(values))})[key]
            )
            if table in frames:
                known |= set(frames[table][key])
            for index, value in values[~values.isin(known)].items():
                key = _UNKNOWN.get(column, "problem.unknown_reference")
                params = {"column": column, "code": str(value)}
                problems.append(Problem(SHEETS[kind], int(index) + 2, column, str(value), key, params))
    return problems


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def _squeezed(codes: pd.Series) -> pd.Series:
    return codes.str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)


def _new_code_problems(store: Store, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A record's new code (one not stored yet: those stored keep working as they are) holds no
    space or invisible character; a new library's code is not a stored one or another in the
    file but for case and punctuation (pd-1304062002 beside PD-1304062002: one library typed
    twice)."""
    problems = []
    for kind, frame in frames.items():
        (key, *others) = KEYS[kind]
        if others or not key.endswith("_code") or key not in frame:  # a record's own code only
            continue
        codes = frame[key].astype(str)
        # the file's codes only (5 M activities nationally), but every library's, for near misses
        if kind == "library":
            stored = store.query(f"SELECT {key} FROM {kind}")[key]
        else:
            stored = store.query(f"SELECT {key} FROM {kind} WHERE {key} = ANY(:v)", {"v": sorted(set(codes))})[key]
        new = codes[~codes.isin(set(stored))]
        written = new.str.match(_CODE)
        for index, code in new[~written].items():
            problems.append(Problem(SHEETS[kind], int(index) + 2, key, code, "problem.code_chars"))
        if kind != "library":
            continue
        new = new[written]
        known = dict(zip(_squeezed(stored), stored))
        for index, (code, squeezed) in enumerate(zip(new, _squeezed(new))):
            near = known.get(squeezed)
            if near is not None and near != code:
                row = int(new.index[index]) + 2
                problems.append(Problem(SHEETS[kind], row, key, code, "problem.code_near", {"known": near}))
            known.setdefault(squeezed, code)  # the file's own codes, for the rows after
    return problems


def _normal(name: str) -> str:
    name = re.sub(r"[^a-z0-9 ]", " ", str(name).lower())
    return " ".join(w for w in name.split() if w not in ("desa", "kelurahan", "kel", "ds"))


def official_names(store: Store, codes) -> dict[str, str]:
    frame = store.query("SELECT code, name FROM village WHERE code = ANY(:c)", {"c": sorted(set(codes))})
    return dict(zip(frame["code"], frame["name"]))


def _name_problems(store: Store, frames, given_names, names_2022: dict[str, pd.Series]) -> list[Problem]:
    """Village names that do not match their code, with the code (or name) that was probably
    meant. Today's name of a village whose code or name changed since 2019 matches too."""
    problems = []
    for kind, names in given_names.items():
        for column, code_column in CHECK_ONLY.get(kind, {}).items():
            if column not in names or kind not in frames:
                continue
            given = names[column].astype(str).str.strip()
            given = given[given.ne("") & ~given.str.lower().isin(["nan", "none"])]
            codes = frames[kind].loc[given.index, code_column]
            official = official_names(store, codes)
            current = names_2022.get(kind, pd.Series(dtype=object))
            for index, name in given.items():
                code = codes[index]
                if _normal(name) in {_normal(official.get(code, "")), _normal(current.get(index, ""))} - {""}:
                    continue
                problems.append(
                    Problem(
                        SHEETS[kind],
                        int(index) + 2,
                        column,
                        name,
                        *_name_mismatch(store, name, code, official.get(code, "?")),
                    )
                )
    return problems


def _name_mismatch(store: Store, name: str, code: str, official: str) -> tuple[str, dict]:
    """The message key and its parameters: the village of that name in the same regency (a
    mistyped code), else the closest name there, else just the mismatch."""
    nearby = store.query("SELECT code, name FROM village WHERE code LIKE :r ORDER BY code", {"r": code[:5] + ".%"})
    normal = nearby["name"].map(_normal)
    said = {"code": code, "official": official}
    exact = nearby[normal.eq(_normal(name))]
    if len(exact):
        return "problem.village_name.code", {
            **said,
            "meant": exact["code"].iloc[0],
            "meant_name": exact["name"].iloc[0],
        }
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
    people = store.query(
        "SELECT person_code, library_code FROM person WHERE person_code = ANY(:c)", {"c": _codes(frames, "person_code")}
    )
    libraries = store.query(
        "SELECT library_code, village_code FROM library WHERE library_code = ANY(:c)",
        {"c": sorted(set(_codes(frames, "library_code")) | set(people["library_code"]))},
    )
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
    return {
        kind: _regions_of(rows, people, libraries).set_axis(rows["file_index"].to_numpy())
        for kind, rows in stored.items()
        if len(rows)
    }


def _outside(regions: pd.Series, user: User) -> pd.Series:
    """The regions that are not the user's; a row without one (national) is outside too."""
    return regions[[region is None or pd.isna(region) or not user.covers(str(region)) for region in regions]]


def _said_region(region) -> str:
    return "" if region is None or pd.isna(region) else str(region)


def region_problems(store: Store, frames, user: User) -> list[Problem]:
    """A regional editor's file may neither add rows outside their region nor replace rows
    stored outside it."""
    if not user.can_import():
        return [Problem("", None, "", user.username, "problem.role")]
    if user.is_admin() or not user.region_code:
        return []
    problems = []
    for kind, regions in _row_regions(store, frames).items():
        for index, region in _outside(regions, user).items():
            problems.append(
                Problem(
                    SHEETS[kind],
                    int(index) + 2,
                    "",
                    _said_region(region),
                    "problem.region",
                    {"region": user.region_code},
                )
            )
    for kind, regions in _replaced_regions(store, frames).items():
        for index, region in _outside(regions, user).items():
            problems.append(
                Problem(
                    SHEETS[kind],
                    int(index) + 2,
                    KEYS[kind][0],
                    _said_region(region),
                    "problem.region_replaced",
                    {"region": user.region_code, "stored": _said_region(region) or "–"},
                )
            )
    return problems


def _summary(store: Store, frames, raw, problems) -> pd.DataFrame:
    rejected = (
        pd.Series(list({(p.sheet, p.row) for p in problems if p.row and p.row > 1}))
        .map(lambda sheet_row: sheet_row[0])
        .value_counts()
    )
    rows = []
    for kind, frame in raw.items():
        typed = frames.get(kind)
        new = changed = same = 0
        if typed is not None:
            new, changed, same = _compare(store, kind, typed)
        rows.append(
            {
                "kind": kind,
                "sheet": SHEETS[kind],
                "rows": len(frame),
                "insert": new,
                "update": changed,
                "unchanged": same,
                "reject": int(rejected.get(SHEETS[kind], 0)),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _existing(store: Store, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The stored rows that the frame's rows have the natural keys of."""
    return _stored_rows(store, kind, frame).drop(columns="file_index")


def _stored_rows(store: Store, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The stored rows that the frame's rows have the natural keys of, each with the index
    of its row in the frame (file_index)."""
    key = KEYS[kind]
    joined = " AND ".join(f"t.{k} = i.{k}" for k in key)
    with store.frame_as_table("incoming_keys", frame[key].assign(file_index=frame.index.to_numpy())):
        return store.query(f"SELECT t.*, i.file_index FROM {kind} t JOIN incoming_keys i ON {joined}")


def changed_rows(store: Store, kind: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incoming rows that are new or differ from the store, and the stored rows they replace."""
    key = KEYS[kind]
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
    changed, before = changed_rows(store, kind, frame)
    existing = set(_key_texts(before[KEYS[kind]])) if len(before) else set()
    given = changed[KEYS[kind]]
    if kind == follow_up_sheet.KIND:  # ids with gaps (new rows): numpy would make them floats
        given = given.astype(object)
    keys = _key_texts(given)
    updates = sum(1 for k in keys if k in existing)
    return len(keys) - updates, updates, len(frame) - len(keys)


def _key_texts(keys: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each row's key as text, a day as YYYY-MM-DD however it is held (a stored report month
    and the same month read from a file once never matched, and every update counted as new)."""
    columns = []
    for name in keys.columns:
        values = keys[name]
        if values.dtype.kind == "M" or (len(values) and hasattr(values.iloc[0], "year")):
            values = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        columns.append(values.astype(str).tolist())
    return list(zip(*columns))

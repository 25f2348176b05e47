"""Follow-ups as a sheet (tindak_lanjut): the same template, dry run, apply, audit and revert as
other data, with the rules of the form (tpbis/follow_ups.py) checked row by row, and an export
in the same layout so that a list can be sent back and imported again.

Unlike other records a follow-up has no code of its own: a row without follow_up_id is a new
one (it gets the next id), a row with one changes that follow-up. Every follow-up written or
restored keeps a version in follow_up_change, marked with the import that wrote it."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pandas as pd

from tpbis.exports import cell_text
from tpbis.follow_ups import CANCELLED, DONE, keep_version
from tpbis.imports.spec import Problem
from tpbis.store import Store

KIND, SHEET, KEY = "follow_up", "tindak_lanjut", "follow_up_id"
# the sheet's columns: name, type, required (follow_up_id, last: empty for a new follow-up)
COLUMNS = pd.DataFrame(
    [
        ("library_code", "TEXT", True),
        ("action", "TEXT", True),
        ("detail", "TEXT", False),
        ("owner_username", "TEXT", False),
        ("owner_name", "TEXT", False),
        ("owner_office", "TEXT", False),
        ("due_on", "DATE", True),
        ("state", "TEXT", True),
        ("outcome", "TEXT", False),
        ("follow_up_id", "INTEGER", False),
    ],
    columns=["name", "type", "required"],
)
EXAMPLE = {
    "follow_up_id": "",
    "owner_username": "",
    "owner_name": "Bu Sri",
    "owner_office": "Dinas Perpustakaan Kabupaten Bogor",
    "detail": "Hubungi kepala desa",
    "outcome": "",
}


def columns() -> pd.DataFrame:
    return COLUMNS.copy()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def rule_problems(store: Store, frame: pd.DataFrame, today: date | None = None) -> list[Problem]:
    """The form's rules for each typed row: a known follow-up when an id is given, a known
    and active user or a named person with their office, a due date not in the past for a new
    follow-up, a detail for 'other', an outcome for one done or cancelled."""
    today = today or date.today()
    problems = []
    ids = sorted({int(i) for i in frame[KEY].dropna()})
    known = set(store.query(f"SELECT {KEY} FROM follow_up WHERE {KEY} = ANY(:i)", {"i": ids})[KEY].astype(int))
    names = sorted(set(frame["owner_username"].dropna()))  # in lower case already (checks._prepare)
    users = set(
        store.query("SELECT username FROM app_user WHERE username = ANY(:u) AND NOT disabled", {"u": names})["username"]
    )
    for index, row in frame.iterrows():
        for column, key, params in _broken_rules(row, known, users, today):
            value = row[column]
            shown = "" if value is None or pd.isna(value) else str(value)
            if isinstance(value, pd.Timestamp):
                shown = value.date().isoformat()
            problems.append(Problem(SHEET, int(str(index)) + 2, column, shown, key, params))
    return problems


def _broken_rules(row: pd.Series, known: set[int], users: set[str], today: date) -> list[tuple[str, str, dict]]:
    """(column, message key, parameters) for each rule a row breaks."""
    broken: list[tuple[str, str, dict]] = []
    new = pd.isna(row[KEY])
    if not new and int(row[KEY]) not in known:
        broken.append((KEY, "problem.follow_up.unknown", {}))
    user = row["owner_username"]
    if pd.notna(user) and user not in users:
        broken.append(("owner_username", "problem.follow_up.unknown_user", {}))
    elif pd.isna(user) and (pd.isna(row["owner_name"]) or pd.isna(row["owner_office"])):
        column = "owner_name" if pd.isna(row["owner_name"]) else "owner_office"
        broken.append((column, "problem.follow_up.needs_owner", {}))
    if new and pd.notna(row["due_on"]) and pd.Timestamp(row["due_on"]).date() < today:
        broken.append(("due_on", "problem.follow_up.due_in_past", {"today": today.isoformat()}))
    if row["action"] == "other" and pd.isna(row["detail"]):
        broken.append(("detail", "problem.follow_up.other_needs_detail", {}))
    if row["state"] in (DONE, CANCELLED) and pd.isna(row["outcome"]):
        broken.append(("outcome", "problem.follow_up.needs_outcome", {}))
    return broken


def duplicate_ids(frame: pd.DataFrame) -> list[Problem]:
    """A follow-up named on two rows (rows without an id are new ones, never duplicates)."""
    ids = frame[KEY]
    twice = ids.notna() & ids.duplicated(keep="first")
    return [Problem(SHEET, int(i) + 2, KEY, str(ids[i]), "problem.duplicate_key") for i in ids.index[twice]]


def stored(store: Store, ids) -> pd.DataFrame:
    """The stored follow-ups with these ids."""
    return store.query(
        f"SELECT * FROM follow_up WHERE {KEY} = ANY(:i)", {"i": sorted({int(i) for i in ids})}, dates=("due_on",)
    )


def write(store: Store, rows: pd.DataFrame, import_id: int, imported_by: str) -> tuple[int, pd.DataFrame]:
    """New and changed follow-ups of an import (inside its transaction): each written, kept as a
    version marked with the import, and listed for the audit (record_key, before)."""
    before = stored(store, rows[KEY].dropna())
    old = {int(r[KEY]): r for r in before.to_dict("records")}
    next_id = int(store.scalar(f"SELECT coalesce(max({KEY}), 0) + 1 FROM follow_up"))
    now, audit = _now(), []
    for record in rows.to_dict("records"):
        record = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}
        record["due_on"] = pd.Timestamp(record["due_on"]).date()
        if record[KEY] is None:
            record.update({KEY: next_id, "created_by": imported_by, "created_at": now})
            next_id += 1
            previous = None
        else:
            record[KEY] = int(record[KEY])
            previous = old[record[KEY]]
            record.update(created_by=previous["created_by"], created_at=previous["created_at"])
            store.execute(f"DELETE FROM follow_up WHERE {KEY} = :i", {"i": record[KEY]})
        record.update(changed_by=imported_by, changed_at=now)
        store.insert_frame("follow_up", pd.DataFrame([record]))
        keep_version(store, record, marks={"import_id": import_id})
        audit.append({"record_key": json.dumps({KEY: str(record[KEY])}), "before": _json(previous)})
    return len(audit), pd.DataFrame(audit, columns=["record_key", "before"])


def _json(row: dict | None) -> str | None:
    if row is None:
        return None
    return json.dumps({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}, default=str)


def changed_since(store: Store, import_id: int) -> bool:
    """Whether a follow-up this import wrote was changed again afterwards (closed on a profile,
    or by a later import): reverting it would throw that change away."""
    keys = store.query(
        "SELECT record_key FROM import_change WHERE import_id = :n AND kind = :k", {"n": import_id, "k": KIND}
    )
    ids = sorted({int(json.loads(key)[KEY]) for key in keys["record_key"]})
    latest = store.query(
        """
        SELECT c.row_after FROM follow_up_change c
        WHERE c.follow_up_id = ANY(:i)
          AND c.version = (SELECT max(version) FROM follow_up_change l WHERE l.follow_up_id = c.follow_up_id)""",
        {"i": ids},
    )
    return any(json.loads(text).get("import_id") != import_id for text in latest["row_after"])


def undo(store: Store, changes: pd.DataFrame, import_id: int, reverted_by: str) -> None:
    """Revert an import's follow-ups: new ones go, changed ones get their old values back; each
    leaves a version saying so."""
    now = _now()
    for change in changes.itertuples():
        follow_up_id = int(json.loads(change.record_key)[KEY])
        row = stored(store, [follow_up_id])
        store.execute(f"DELETE FROM follow_up WHERE {KEY} = :i", {"i": follow_up_id})
        if change.before is None or (not isinstance(change.before, str) and pd.isna(change.before)):
            gone = row.iloc[0].to_dict() if len(row) else {KEY: follow_up_id}
            gone.update(state="removed", changed_by=reverted_by, changed_at=now)
            keep_version(store, gone, marks={"reverted_import": import_id})
            continue
        old = json.loads(change.before)
        old["due_on"] = date.fromisoformat(str(old["due_on"])[:10])
        for column in ("created_at", "changed_at"):
            old[column] = pd.Timestamp(old[column]).to_pydatetime()
        store.insert_frame("follow_up", pd.DataFrame([old]))
        keep_version(store, {**old, "changed_by": reverted_by, "changed_at": now}, marks={"reverted_import": import_id})


def sheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Follow-ups (as follow_ups.in_scope lists them) in the sheet's columns and order."""
    out = frame.reindex(columns=list(COLUMNS["name"])).copy()
    out["due_on"] = pd.to_datetime(out["due_on"]).dt.strftime("%Y-%m-%d")
    return out


def export_xlsx(frame: pd.DataFrame) -> bytes:
    """An xlsx with one sheet, tindak_lanjut, in the template's layout: it imports back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([f"{c}{' *' if r else ''}" for c, r in zip(COLUMNS["name"], COLUMNS["required"])])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B5394")
    for row in sheet_frame(frame).itertuples(index=False):
        sheet.append([None if not isinstance(v, str) and pd.isna(v) else cell_text(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that starts with "=" stays text: opened, it runs nothing
                cell.data_type = "s"
    for index, name in enumerate(COLUMNS["name"], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, len(name) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

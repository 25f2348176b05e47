"""Writing a checked file: apply with its audit entry in one transaction, revert, and the log."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime

import pandas as pd

from tpbis import follow_ups, summaries
from tpbis.accounts import User, current
from tpbis.i18n import CatalogueError, number, t
from tpbis.imports import follow_up_sheet
from tpbis.imports.checks import DryRun, changed_rows, logged_error, region_problems
from tpbis.imports.spec import SHEETS
from tpbis.loader import RECORD_KEYS
from tpbis.metrics import data_date
from tpbis.store import Store


class ImportRefused(CatalogueError, ValueError):
    """An import or revert that may not be made (now); nothing was written."""


class ImportFailed(CatalogueError, RuntimeError):
    """An import or revert the database failed to write (full disk, lost connection); nothing
    was written. The message carries the id under which the log has the error."""


REFUSALS = (ImportRefused, ImportFailed)  # what apply and revert raise for a page to show


@contextmanager
def _failure_said(key: str):
    """Any error but a refusal becomes an ImportFailed carrying the id it is logged under."""
    try:
        yield
    except CatalogueError:
        raise
    except Exception as error:
        raise ImportFailed(key, error_id=logged_error(key)) from error


def apply(store: Store, dry: DryRun, user: User) -> int:
    """Write what the dry run found, with its audit entry, in one transaction; the import's id.
    The account is read again inside that transaction, so a user disabled, demoted or moved to
    another region since the dry run writes nothing (ImportRefused); so does a file that would
    change nothing now (the same file again, or one another session imported since its dry run):
    the log would list an import that did nothing."""
    _must_be_clean(dry)
    with _failure_said("problem.apply_failed"), store.transaction(exclusive=True):  # imports queue
        _may_import(store, dry, user)
        return _write(store, dry, user.username, nothing_new=ImportRefused("import.nothing_new"))


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
    if region_problems(store, dry.frames, now):
        raise ImportRefused("import.refused.region", region=now.region_code)


def _write(store: Store, dry: DryRun, imported_by: str, nothing_new: Exception | None = None) -> int:
    """The new and changed rows, what they replaced and the log entry (inside a transaction);
    `nothing_new` is raised instead of writing a log entry for no change."""
    counts = {}
    import_id = int(store.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM import_log"))
    for kind in RECORD_KEYS:
        if kind not in dry.frames:
            continue
        rows, before = changed_rows(store, kind, dry.frames[kind])
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
    if follow_up_sheet.KIND in dry.frames:  # written one by one, each keeping its history
        rows, _ = changed_rows(store, follow_up_sheet.KIND, dry.frames[follow_up_sheet.KIND])
        count, audit = follow_up_sheet.write(store, rows, import_id, imported_by)
        counts[follow_up_sheet.KIND] = count
        if count:
            store.insert_frame(
                "import_change",
                audit.assign(import_id=import_id, kind=follow_up_sheet.KIND)[
                    ["import_id", "kind", "record_key", "before"]
                ],
            )
    if nothing_new is not None and not any(counts.values()):
        raise nothing_new
    store.execute(
        "INSERT INTO import_log (import_id, file_name, sha256, imported_by, imported_at, counts) "
        "VALUES (:i, :f, :s, :u, :t, :c)",
        {
            "i": import_id,
            "f": dry.file_name,
            "s": dry.sha256,
            "u": imported_by,
            "t": datetime.now(UTC).replace(tzinfo=None),
            "c": json.dumps(counts),
        },
    )
    summaries.rebuild(store, data_date(store))
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
    # 15 digits: a revert puts a coordinate back exactly (pandas' default of 10 rounded it)
    return frame.to_json(orient="records", lines=True, date_format="iso", double_precision=15).splitlines()


def revert(store: Store, import_id: int, user: User) -> None:
    """Undo one import: rows it added go, rows it changed get their old values back. Only an
    admin may, as the database has the account at that moment (else ImportRefused)."""
    with _failure_said("problem.revert_failed"), store.transaction(exclusive=True):
        if not current(store, user).is_admin():
            raise ImportRefused("import.refused.admin")
        _must_be_revertible(store, import_id)
        _undo(store, import_id, user.username)
        _nothing_left_pointing_at_removed_rows(store, import_id)  # else the transaction rolls back


# (table, column) rows that name a row of (table, column): what a revert must not leave dangling
REFERENCES = (
    ("person", "library_code", "library", "library_code"),
    ("meeting_attendance", "library_code", "library", "library_code"),
    ("activity", "library_code", "library", "library_code"),
    ("monthly_report", "library_code", "library", "library_code"),
    ("partnership", "library_code", "library", "library_code"),
    ("aid", "library_code", "library", "library_code"),
    ("success_story", "library_code", "library", "library_code"),
    ("follow_up", "library_code", "library", "library_code"),
    ("training_attendance", "person_code", "person", "person_code"),
    ("training_attendance", "batch_code", "training_batch", "batch_code"),
    ("meeting_attendance", "meeting_code", "meeting", "meeting_code"),
)


def _nothing_left_pointing_at_removed_rows(store: Store, import_id: int) -> None:
    """After the undo: a row this import added and the undo removed may still be named by rows
    added since (activities of a new library, by a later import or a follow-up): refused, naming
    the later import when one added them."""
    added = store.query(
        "SELECT kind, record_key FROM import_change WHERE import_id = :i AND before IS NULL", {"i": import_id}
    )
    for child, column, parent, key in REFERENCES:
        codes = [json.loads(record)[key] for record in added.loc[added["kind"] == parent, "record_key"]]
        if not codes:
            continue
        with store.frame_as_table("removed_keys", pd.DataFrame({"code": codes})):
            # a closed or cancelled follow-up is history: it stays, and holds nothing up
            still_open = f" AND c.state = '{follow_ups.OPEN}'" if child == "follow_up" else ""
            dangling = store.query(
                f"""SELECT c.* FROM {child} c JOIN removed_keys r ON r.code = c.{column}
                WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column}){still_open} LIMIT 1"""
            )
        if dangling.empty:
            continue
        if child == "follow_up":
            raise ImportRefused("import.revert.open_follow_up", id=import_id, code=dangling[column].iloc[0])
        later = store.scalar(
            """SELECT max(c.import_id) FROM import_change c JOIN import_log l ON l.import_id = c.import_id
            WHERE c.kind = :kind AND c.record_key = :record AND l.reverted_at IS NULL""",
            {"kind": child, "record": _key_json(dangling, RECORD_KEYS[child])[0]},
        )
        if later is not None:
            raise ImportRefused("import.revert.used_by", id=int(later), code=dangling[column].iloc[0])
        raise ImportRefused("import.revert.referenced", id=import_id, code=dangling[column].iloc[0])


def _must_be_revertible(store: Store, import_id: int) -> None:
    """Refuses an unknown or reverted import, and one whose rows a later import (not reverted)
    changed again: undoing it first would throw the later values away unlogged."""
    state = store.query("SELECT reverted_at FROM import_log WHERE import_id = :i", {"i": import_id})
    if state.empty:
        raise ImportRefused("import.revert.unknown", id=import_id)
    if pd.notna(state["reverted_at"].iloc[0]):
        raise ImportRefused("import.revert.done", id=import_id)
    later = store.scalar(
        """
        SELECT max(c.import_id) FROM import_change mine
        JOIN import_change c ON c.kind = mine.kind AND c.record_key = mine.record_key AND c.import_id > mine.import_id
        JOIN import_log l ON l.import_id = c.import_id AND l.reverted_at IS NULL
        WHERE mine.import_id = :i""",
        {"i": import_id},
    )
    if later is not None:
        raise ImportRefused("import.revert.later", id=int(later))
    if follow_up_sheet.changed_since(store, import_id):
        raise ImportRefused("import.revert.follow_up_changed", id=import_id)


def _undo(store: Store, import_id: int, reverted_by: str) -> None:
    changes = store.query("SELECT kind, record_key, before FROM import_change WHERE import_id = :i", {"i": import_id})
    follow_ups = changes[changes["kind"] == follow_up_sheet.KIND]
    if len(follow_ups):
        follow_up_sheet.undo(store, follow_ups, import_id, reverted_by)
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
    store.execute(
        "UPDATE import_log SET reverted_at = :t WHERE import_id = :i",
        {"t": datetime.now(UTC).replace(tzinfo=None), "i": import_id},
    )
    summaries.rebuild(store, data_date(store))


def counts_text(counts: str, lang: str) -> str:
    """An import's rows per sheet as the log shows them: "perpustakaan 2.380 · kegiatan 166.524"."""
    try:
        rows = json.loads(counts)
    except (TypeError, ValueError):
        return ""
    return " · ".join(
        f"{t(f'value.sheet.{SHEETS[kind]}', lang) if kind in SHEETS else kind} {number(count, lang)}"
        for kind, count in rows.items()
    )


def log(store: Store) -> pd.DataFrame:
    return store.query(
        "SELECT import_id, file_name, sha256, imported_by, imported_at, counts, reverted_at "
        "FROM import_log ORDER BY import_id DESC"
    )

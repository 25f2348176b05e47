"""Fault tests: an import killed or failing in the middle of its apply leaves the store as it was,
and every failure ends in a message."""

from __future__ import annotations

import errno
import io
import logging
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import traceback

import pandas as pd
import pytest

from tests import databases
from tpbis import accounts
from tpbis.accounts import User
from tpbis.config import ROOT
from tpbis.imports import apply as applying
from tpbis.imports import checks
from tpbis.store import Store, open_store

APPLY_IN_CHILD = textwrap.dedent("""
    import sys, pathlib
    from tpbis import accounts
    from tpbis.imports import apply as applying, checks
    from tpbis.store import Store, open_store
    store = open_store(sys.argv[1])
    accounts.save_user(store, "fault", "Fault test", "admin")
    data = pathlib.Path(sys.argv[2]).read_bytes()
    dry = checks.check(store, "kegiatan.csv", data)
    assert dry.ok, dry.problems[:3]
    pathlib.Path(sys.argv[3]).write_text("applying")   # the parent kills us from here on
    applying.apply(store, dry, accounts.User("fault", "Fault test", "admin"))
    pathlib.Path(sys.argv[3]).write_text("done")
""")


def _big_activity_file(store: Store, rows: int) -> bytes:
    libraries = store.query("SELECT library_code FROM library ORDER BY 1 LIMIT 500")["library_code"]
    frame = pd.DataFrame(
        {
            "activity_code": [f"F{i}" for i in range(rows)],
            "library_code": libraries.iloc[[i % len(libraries) for i in range(rows)]].to_numpy(),
            "activity_date": "2024-06-01",
            "activity_type": "Literasi anak",
            "skill_category": "TIK",
            "title": "Uji gangguan",
            "participants_male": "3",
            "participants_female": "4",
            "partner": "",
        }
    )
    return frame.to_csv(index=False).encode()


def test_killed_apply_changes_nothing(demo_db, tmp_path):
    database = databases.copy_of(demo_db, tmp_path)
    store = open_store(database)
    before = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log", "import_change")}
    (tmp_path / "kegiatan.csv").write_bytes(_big_activity_file(store, 100_000))
    store.close()

    marker = tmp_path / "state"
    child = subprocess.Popen(
        [sys.executable, "-c", APPLY_IN_CHILD, str(database), str(tmp_path / "kegiatan.csv"), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.time() + 120
    while not (marker.exists() and marker.read_text() == "applying"):
        assert child.poll() is None and time.time() < deadline, "the import never reached its apply"
        time.sleep(0.01)
    time.sleep(0.2)  # well inside the apply of 100,000 rows
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert marker.read_text() == "applying", "the apply finished before the kill: make the file bigger"

    store = open_store(database)
    after = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log", "import_change")}
    store.close()
    assert after == before


# -- failures that end in a message, not a traceback ----------------------------------------
def _library_rows() -> list[list[str]]:
    return [
        ["library_code", "village_code", "name", "cohort_year", "funding", "lat", "lon", "name"],
        ["L9", "32.01.01.1001", "Satu", "2022", "apbn", "", "", "Dua"],
    ]


def _xlsx(sheet: str, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "file_name, data",
    [
        ("t.xlsx", _xlsx("perpustakaan", _library_rows())),
        ("perpustakaan.csv", "\n".join(",".join(row) for row in _library_rows()).encode()),
        ("perpustakaan.csv", "\n".join(";".join(row) for row in _library_rows()).encode()),
    ],
)
def test_a_header_given_twice_is_named(small_store, file_name, data):
    dry = checks.check(small_store, file_name, data)
    assert [(p.sheet, p.row, p.column, p.key, p.params) for p in dry.problems] == [
        ("perpustakaan", 1, "name", "problem.header.duplicate", {"name": "name", "count": 2})
    ]
    assert "'name'" in dry.problems[0].text("en")


def test_empty_columns_without_a_header_are_ignored(small_store):
    rows = [row[:-1] + ["", ""] for row in _library_rows()]
    assert checks.check(small_store, "t.xlsx", _xlsx("perpustakaan", rows)).ok
    assert checks.check(small_store, "perpustakaan.csv", "\n".join(",".join(r) for r in rows).encode()).ok


def _admin(store) -> User:
    accounts.save_user(store, "made", "Made", "admin")
    return User("made", "Made", "admin")


def _counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log", "import_change")}


def test_a_full_disk_during_apply_writes_nothing_and_says_so(small_store, monkeypatch, caplog):
    admin = _admin(small_store)
    dry = checks.check(small_store, "kegiatan.csv", _big_activity_file(small_store, 20))
    assert dry.ok, dry.problems
    before = _counts(small_store)
    insert = small_store.insert_frame

    def insert_until_the_disk_is_full(table, frame, key=None):
        if table == "activity":  # import_change is written by then: the transaction must undo it
            raise OSError(errno.ENOSPC, "No space left on device")
        return insert(table, frame, key)

    monkeypatch.setattr(small_store, "insert_frame", insert_until_the_disk_is_full)
    with caplog.at_level(logging.ERROR, logger="tpbis"), pytest.raises(applying.ImportFailed) as failed:
        applying.apply(small_store, dry, admin)
    error_id = failed.value.params["error_id"]
    assert failed.value.key == "problem.apply_failed" and re.fullmatch(r"[0-9a-f]{8}", error_id)
    assert error_id in failed.value.text("en")
    assert _counts(small_store) == before
    logged = [r for r in caplog.records if r.name == "tpbis" and error_id in r.getMessage()]
    assert logged and "No space left on device" in "".join(traceback.format_exception(*logged[0].exc_info))
    monkeypatch.undo()
    assert applying.apply(small_store, dry, admin) == 1  # the store is usable afterwards


def test_a_database_failure_during_revert_reverts_nothing(small_store, monkeypatch):
    admin = _admin(small_store)
    import_id = applying.apply(
        small_store, checks.check(small_store, "kegiatan.csv", _big_activity_file(small_store, 20)), admin
    )
    before = _counts(small_store)
    original = small_store.execute

    def fail_on_the_log(sql, params=None):
        if sql.startswith("UPDATE import_log"):  # the rows are deleted by then: the transaction must undo it
            raise OSError(errno.EIO, "Input/output error")
        return original(sql, params)

    monkeypatch.setattr(small_store, "execute", fail_on_the_log)
    with pytest.raises(applying.ImportFailed) as failed:
        applying.revert(small_store, import_id, admin)
    assert failed.value.key == "problem.revert_failed"
    monkeypatch.undo()
    assert _counts(small_store) == before and applying.log(small_store)["reverted_at"].isna().all()


def test_an_unforeseen_error_in_a_check_is_one_problem_with_a_logged_id(small_store, monkeypatch, caplog):
    def broken(*args):
        raise KeyError("a bug")

    monkeypatch.setattr(checks, "_reference_problems", broken)
    with caplog.at_level(logging.ERROR, logger="tpbis"):
        dry = checks.check(small_store, "kegiatan.csv", _big_activity_file(small_store, 3))
    [problem] = dry.problems
    assert problem.key == "problem.unexpected" and re.fullmatch(r"[0-9a-f]{8}", problem.params["error_id"])
    assert not dry.ok and dry.frames == {} and dry.summary.empty and "kind" in dry.summary
    assert any(problem.params["error_id"] in r.getMessage() and r.exc_info for r in caplog.records)

"""Follow-ups in bulk: the tindak_lanjut sheet through the same dry run, apply, audit and revert
as other data, with the form's rules row by row, and an export that imports back unchanged."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pandas as pd
import pytest
from openpyxl import load_workbook

from tpbis import follow_ups
from tpbis.accounts import User, write_user
from tpbis.filters import Filters
from tpbis.imports import apply as applying
from tpbis.imports import checks, follow_up_sheet, template
from tpbis.imports.apply import ImportRefused

ADMIN = User("admin", "Admin", "admin")
WEST_JAVA = User("jabar", "Editor Jabar", "editor", "32")
SOON = date.today() + timedelta(days=10)


@pytest.fixture()
def store(small_store):
    for user in (ADMIN, WEST_JAVA):
        write_user(small_store, user.username, user.display_name, user.role, user.region_code, "rahasia-123")
    follow_ups.create(small_store, ADMIN, "L1", "visit", SOON, owner_name="Pak Budi", owner_office="Dinas")
    follow_ups.create(small_store, ADMIN, "L4", "call", SOON, owner_username="jabar")
    return small_store


def _sheet(rows: list[dict]) -> bytes:
    """A CSV named like the sheet, every cell text."""
    return pd.DataFrame(rows, dtype=str).to_csv(index=False).encode()


def _exported(store, filters: Filters | None = None) -> pd.DataFrame:
    filters = filters or Filters()
    book = load_workbook(io.BytesIO(follow_up_sheet.export_xlsx(follow_ups.in_scope(store, filters))))
    assert book.sheetnames == ["tindak_lanjut"]
    rows = list(book.active.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=[str(h).replace(" *", "") for h in rows[0]], dtype=object)


def test_the_template_has_the_sheet_and_its_example_is_never_imported(store):
    book = load_workbook(io.BytesIO(template.template_xlsx(store)))
    sheet = book["tindak_lanjut"]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["library_code *", "action *"] and headers[-1] == "follow_up_id"
    assert str(sheet["A2"].value).startswith("CONTOH:")


def test_the_export_imports_back_unchanged(store):
    data = follow_up_sheet.export_xlsx(follow_ups.in_scope(store, Filters()))
    dry = checks.check(store, "tindak_lanjut.xlsx", data, user=ADMIN)
    assert dry.ok, dry.problems_frame()
    assert dry.summary[["rows", "insert", "update", "unchanged"]].values.tolist() == [[2, 0, 0, 2]]


def test_text_that_looks_like_a_formula_is_exported_as_text_and_imports_back(store):
    """The follow-up sheet kept =HYPERLINK(...) as a live formula in the file it hands out."""
    hostile = '=HYPERLINK("http://evil.example/x","Klik")'
    follow_ups.create(store, ADMIN, "L2", "visit", SOON, owner_name="=1+1", owner_office="Dinas", detail=hostile)
    data = follow_up_sheet.export_xlsx(follow_ups.in_scope(store, Filters()))
    cells = [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {hostile, "=1+1"} <= {cell.value for cell in cells}
    dry = checks.check(store, "tindak_lanjut.xlsx", data, user=ADMIN)
    assert dry.ok, dry.problems_frame().to_dict("records")
    assert dry.summary[["insert", "update"]].values.tolist() == [[0, 0]]


def test_an_import_adds_and_closes_keeps_the_history_and_reverts(store):
    rows = _exported(store)
    rows.loc[rows["library_code"] == "L1", ["state", "outcome"]] = ["done", "Sudah dikunjungi"]
    new = {"follow_up_id": "", "library_code": "L2", "action": "aid", "due_on": SOON.isoformat(), "state": "open"}
    rows = pd.concat([rows, pd.DataFrame([{**new, "owner_name": "Bu Ani", "owner_office": "Dinas"}])])
    dry = checks.check(store, "tindak_lanjut.csv", _sheet(rows.to_dict("records")), user=ADMIN)
    assert dry.ok, dry.problems_frame()
    assert dry.summary[["insert", "update", "unchanged"]].values.tolist() == [[1, 1, 1]]
    import_id = applying.apply(store, dry, ADMIN)

    listed = follow_ups.in_scope(store, Filters()).set_index("library_code")
    assert listed.loc["L1", ["state", "outcome", "changed_by"]].tolist() == ["done", "Sudah dikunjungi", "admin"]
    assert listed.loc["L2", ["state", "created_by"]].tolist() == ["open", "admin"]
    changes = store.query("SELECT kind, record_key, before FROM import_change WHERE import_id = :i", {"i": import_id})
    assert set(changes["kind"]) == {"follow_up"} and changes["before"].isna().sum() == 1
    history = store.query("SELECT follow_up_id, version, row_after FROM follow_up_change ORDER BY 1, 2")
    imported = [json.loads(r) for r in history["row_after"] if json.loads(r).get("import_id") == import_id]
    assert sorted(r["state"] for r in imported) == ["done", "open"]

    applying.revert(store, import_id, ADMIN)
    back = follow_ups.in_scope(store, Filters())
    assert sorted(back["library_code"]) == ["L1", "L4"] and set(back["state"]) == {"open"}
    kept = store.query("SELECT follow_up_id, version, row_after FROM follow_up_change ORDER BY 1, 2")
    assert len(kept) == len(history) + 2  # nothing is lost: the revert adds a version per follow-up
    removed = [json.loads(r) for r in kept["row_after"] if json.loads(r).get("state") == "removed"]
    assert [r["library_code"] for r in removed] == ["L2"] and removed[0]["reverted_import"] == import_id


@pytest.mark.parametrize(
    "row, column, key",
    [
        ({"follow_up_id": "99"}, "follow_up_id", "problem.follow_up.unknown"),
        ({"owner_username": "nobody", "owner_name": ""}, "owner_username", "problem.follow_up.unknown_user"),
        ({"owner_office": ""}, "owner_office", "problem.follow_up.needs_owner"),
        ({"owner_name": "", "owner_office": ""}, "owner_name", "problem.follow_up.needs_owner"),
        ({"due_on": "2024-01-02"}, "due_on", "problem.follow_up.due_in_past"),
        ({"action": "other"}, "detail", "problem.follow_up.other_needs_detail"),
        ({"state": "done"}, "outcome", "problem.follow_up.needs_outcome"),
        ({"state": "cancelled"}, "outcome", "problem.follow_up.needs_outcome"),
        ({"state": "selesai"}, "state", "problem.choice"),
        ({"library_code": "L99"}, "library_code", "problem.unknown_reference"),
    ],
)
def test_a_bad_row_gets_its_message_and_nothing_is_applied(store, row, column, key):
    good = dict.fromkeys(follow_up_sheet.COLUMNS["name"], "") | {
        "library_code": "L2",
        "action": "call",
        "due_on": SOON.isoformat(),
        "state": "open",
        "owner_name": "Bu Ani",
        "owner_office": "Dinas",
    }
    before = store.query("SELECT * FROM follow_up ORDER BY follow_up_id")
    dry = checks.check(store, "tindak_lanjut.csv", _sheet([good, {**good, **row}]), user=ADMIN)
    assert not dry.ok and dry.frames == {}
    assert [(p.sheet, p.row, p.column, p.key) for p in dry.problems] == [("tindak_lanjut", 3, column, key)]
    assert dry.problems[0].text("id") and dry.problems[0].text("en")
    with pytest.raises(ImportRefused):
        applying.apply(store, dry, ADMIN)
    assert store.query("SELECT * FROM follow_up ORDER BY follow_up_id").equals(before)


def test_a_regional_editor_imports_only_inside_the_region(store):
    rows = _exported(store)  # L1 in 32, L4 in 33
    dry = checks.check(store, "tindak_lanjut.csv", _sheet(rows.to_dict("records")), user=WEST_JAVA)
    assert not dry.ok and {(p.row, p.key) for p in dry.problems} == {
        (3, "problem.region"),
        (3, "problem.region_replaced"),
    }
    mine = _exported(store, Filters(province="32"))
    assert checks.check(store, "tindak_lanjut.csv", _sheet(mine.to_dict("records")), user=WEST_JAVA).ok
    moved = mine.assign(library_code="L4")  # a follow-up of 32 may not be moved out of it either
    assert not checks.check(store, "tindak_lanjut.csv", _sheet(moved.to_dict("records")), user=WEST_JAVA).ok


def test_a_revert_that_would_undo_a_later_close_is_refused(store):
    rows = _exported(store, Filters(province="32")).assign(detail="Bawa formulir")
    import_id = applying.apply(store, checks.check(store, "tindak_lanjut.csv", _sheet(rows.to_dict("records"))), ADMIN)
    closed = int(follow_ups.in_scope(store, Filters(province="32"))["follow_up_id"].iloc[0])
    follow_ups.close(store, ADMIN, closed, "done", "Sudah")
    with pytest.raises(ImportRefused) as refused:
        applying.revert(store, import_id, ADMIN)
    assert refused.value.key == "import.revert.follow_up_changed"
    assert follow_ups.in_scope(store, Filters(province="32"))["state"].tolist() == ["done"]


def test_an_owner_written_in_capitals_is_the_same_owner(store):
    """Owners are stored in lower case: the export with JABAR for jabar changes nothing, and is
    not logged as an import every time it comes back."""
    frame = follow_up_sheet.sheet_frame(follow_ups.in_scope(store, Filters())).astype(object)
    assert frame["owner_username"].notna().any()
    frame["owner_username"] = frame["owner_username"].map(lambda u: f" {u.upper()} " if isinstance(u, str) else u)
    dry = checks.check(store, "tindak_lanjut.csv", frame.where(frame.notna(), "").to_csv(index=False).encode())
    assert dry.ok, dry.problems
    assert not dry.summary[["insert", "update"]].to_numpy().any()

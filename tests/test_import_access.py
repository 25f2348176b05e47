"""Who may write what: a regional editor's region on both sides of every row."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tpbis import accounts, follow_ups
from tpbis.accounts import User
from tpbis.imports import apply as applying
from tpbis.imports import checks, spec
from tpbis.loader import apply_records

EDITOR_32 = User("jabar", "Editor Jabar", "editor", "32")
IN_32 = "32.01.01.1001"  # L1's village


@pytest.fixture()
def store(small_store):
    """The small fixture plus one stored record of every library-bound kind in province 33 (L4)."""
    apply_records(
        small_store,
        {
            "meeting": pd.DataFrame(
                {
                    "meeting_code": ["M33"],
                    "kind": ["plm"],
                    "meeting_date": [date(2024, 5, 2)],
                    "place": ["Cilacap"],
                    "regency_code": ["33.01"],
                }
            ),
            "meeting_attendance": pd.DataFrame({"meeting_code": ["M33"], "library_code": ["L4"], "participants": [3]}),
            "monthly_report": pd.DataFrame(
                {
                    "library_code": ["L4"],
                    "report_month": [date(2024, 11, 1)],
                    "visits": [5],
                    "loans": [2],
                    "members": [9],
                    "submitted_on": [date(2024, 12, 3)],
                }
            ),
            "partnership": pd.DataFrame(
                {
                    "partnership_code": ["PA4"],
                    "library_code": ["L4"],
                    "partner_name": ["BUMDes"],
                    "partner_kind": ["bumdes"],
                    "mou_signed_on": [None],
                    "description": [None],
                }
            ),
            "aid": pd.DataFrame(
                {
                    "aid_code": ["AI4"],
                    "library_code": ["L4"],
                    "received_on": [date(2023, 1, 9)],
                    "source": ["Perpusnas"],
                    "kind": ["Komputer"],
                    "description": [None],
                    "value_idr": [1_000_000],
                }
            ),
            "success_story": pd.DataFrame(
                {
                    "story_code": ["ST4"],
                    "library_code": ["L4"],
                    "published_on": [date(2024, 2, 1)],
                    "title": ["Kisah"],
                    "summary": ["Baik"],
                }
            ),
        },
    )
    admin = User("admin", "Admin", "admin")
    accounts.save_user(small_store, "admin", "Admin", "admin", None, "rahasia-panjang")
    follow_ups.create(small_store, admin, "L4", "visit", date.today(), owner_name="Bu Sri", owner_office="Dinas")
    return small_store


# For each kind, a file row that points into 32 while the record it replaces is stored in 33,
# with the rows that make its own region 32 (a library or person moved in the same file).
REPLACING_33 = {
    "follow_up": {  # the follow-up stored for L4, moved to L1
        "follow_up": [
            {
                "follow_up_id": "1",
                "library_code": "L1",
                "action": "visit",
                "detail": "",
                "owner_username": "",
                "owner_name": "Bu Sri",
                "owner_office": "Dinas",
                "due_on": date.today().isoformat(),
                "state": "open",
                "outcome": "",
            }
        ]
    },
    "library": {
        "library": [
            {
                "library_code": "L4",
                "village_code": IN_32,
                "name": "Pindah",
                "cohort_year": "2022",
                "funding": "apbn",
                "lat": "",
                "lon": "",
            }
        ]
    },
    "person": {
        "person": [
            {
                "person_code": "P4",
                "library_code": "L1",
                "name": "Joko",
                "role": "pengelola",
                "gender": "L",
                "phone": "0812",
            }
        ]
    },
    "training_attendance": {
        "person": [
            {"person_code": "P6", "library_code": "L1", "name": "Made", "role": "pengelola", "gender": "L", "phone": ""}
        ],
        "training_attendance": [
            {
                "batch_code": "B2022",
                "person_code": "P6",
                "days_attended": "5",
                "completed": "ya",
                "pre_score": "45",
                "post_score": "99",
            }
        ],
    },
    "training_batch": {
        "training_batch": [
            {
                "batch_code": "B2022",
                "name": "Bimtek",
                "start_date": "2022-03-07",
                "end_date": "2022-03-11",
                "place": "Bandung",
                "mode": "luring",
            }
        ]
    },
    "meeting": {
        "meeting": [
            {
                "meeting_code": "M33",
                "kind": "plm",
                "meeting_date": "2024-05-02",
                "place": "Bogor",
                "regency_code": "32.01",
            }
        ]
    },
    "meeting_attendance": {
        "library": [
            {
                "library_code": "L4",
                "village_code": IN_32,
                "name": "Pindah",
                "cohort_year": "2022",
                "funding": "apbn",
                "lat": "",
                "lon": "",
            }
        ],
        "meeting_attendance": [{"meeting_code": "M33", "library_code": "L4", "participants": "9"}],
    },
    "activity": {
        "activity": [
            {
                "activity_code": "A4",
                "library_code": "L1",
                "activity_date": "2024-10-10",
                "activity_type": "Literasi anak",
                "skill_category": "TIK",
                "title": "Ditimpa",
                "participants_male": "1",
                "participants_female": "1",
                "partner": "",
            }
        ]
    },
    "monthly_report": {
        "library": [
            {
                "library_code": "L4",
                "village_code": IN_32,
                "name": "Pindah",
                "cohort_year": "2022",
                "funding": "apbn",
                "lat": "",
                "lon": "",
            }
        ],
        "monthly_report": [
            {
                "library_code": "L4",
                "report_month": "2024-11-01",
                "visits": "0",
                "loans": "0",
                "members": "0",
                "submitted_on": "2024-12-03",
            }
        ],
    },
    "partnership": {
        "partnership": [
            {
                "partnership_code": "PA4",
                "library_code": "L1",
                "partner_name": "BUMDes",
                "partner_kind": "bumdes",
                "mou_signed_on": "",
                "description": "",
            }
        ]
    },
    "aid": {
        "aid": [
            {
                "aid_code": "AI4",
                "library_code": "L1",
                "received_on": "2023-01-09",
                "source": "Perpusnas",
                "kind": "Komputer",
                "description": "",
                "value_idr": "1",
            }
        ]
    },
    "success_story": {
        "success_story": [
            {
                "story_code": "ST4",
                "library_code": "L1",
                "published_on": "2024-02-01",
                "title": "Kisah",
                "summary": "Ditimpa",
            }
        ]
    },
}


def _frames(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    return {kind: pd.DataFrame(found, dtype=str) for kind, found in rows.items()}


def test_every_kind_is_covered():
    assert set(REPLACING_33) == set(spec.SHEETS)


@pytest.mark.parametrize("kind", list(REPLACING_33))
def test_a_regional_editor_may_not_replace_a_record_stored_outside_their_region(store, kind):
    raw = _frames(REPLACING_33[kind])
    dry = checks.check_frames(store, "f.xlsx", "x", raw, user=EDITOR_32)
    replaced = [p for p in dry.problems if p.key == "problem.region_replaced"]
    assert not dry.ok and dry.frames == {}
    assert [(p.sheet, p.row, p.column) for p in replaced if p.sheet == spec.SHEETS[kind]] == [
        (spec.SHEETS[kind], 2, checks.KEYS[kind][0])
    ]
    assert checks.check_frames(store, "f.xlsx", "x", raw, user=User("a", "A", "admin")).ok


def test_a_regional_editor_may_replace_records_stored_inside_their_region(store):
    raw = _frames(
        {
            "activity": [{**REPLACING_33["activity"]["activity"][0], "activity_code": "A1"}],
            "person": [{**REPLACING_33["person"]["person"][0], "person_code": "P2"}],
        }
    )
    dry = checks.check_frames(store, "f.xlsx", "x", raw, user=EDITOR_32)
    assert dry.ok, dry.problems
    assert dry.summary.set_index("kind")["update"].to_dict() == {"activity": 1, "person": 1}


def test_the_problem_names_the_stored_region_in_both_languages(store):
    dry = checks.check_frames(store, "f.xlsx", "x", _frames(REPLACING_33["person"]), user=EDITOR_32)
    problem = next(p for p in dry.problems if p.key == "problem.region_replaced")
    assert problem.value == "33.01.01.2001"
    assert "33.01.01.2001" in problem.text("id") and "33.01.01.2001" in problem.text("en")


def _activity_file(library: str = "L1") -> bytes:
    return (
        pd.DataFrame(
            {
                "activity_code": ["N1"],
                "library_code": [library],
                "activity_date": ["2024-01-05"],
                "activity_type": ["Literasi anak"],
                "skill_category": ["TIK"],
                "title": ["Baru"],
                "participants_male": ["5"],
                "participants_female": ["2"],
                "partner": [""],
            }
        )
        .to_csv(index=False)
        .encode()
    )


def _written(store) -> dict[str, int]:
    return {
        table: store.scalar(f"SELECT count(*) FROM {table}") for table in ("activity", "import_log", "import_change")
    }


def _account(store, name: str, role: str, region: str | None = None, disabled: bool = False) -> User:
    accounts.save_user(store, name, name.title(), role, region, disabled=disabled)
    return User(name, name.title(), role, region)


@pytest.mark.parametrize(
    "change, key",
    [
        ({"role": "editor", "region": "32", "disabled": True}, "import.refused.account"),
        ({"role": "viewer"}, "import.refused.role"),
        ({"role": "editor", "region": "33"}, "import.refused.region"),
    ],
)
def test_apply_reads_the_account_again_and_writes_nothing_it_may_no_longer_write(store, change, key):
    editor = _account(store, "siti", "editor", "32")
    dry = checks.check(store, "kegiatan.csv", _activity_file(), user=editor)
    assert dry.ok, dry.problems
    _account(store, "siti", **change)  # an admin changes the account between the check and the apply
    before = _written(store)
    with pytest.raises(applying.ImportRefused) as refused:
        applying.apply(store, dry, editor)
    assert refused.value.key == key and refused.value.text("en")
    assert _written(store) == before


def test_an_account_that_does_not_exist_writes_nothing(store):
    dry = checks.check(store, "kegiatan.csv", _activity_file())
    with pytest.raises(applying.ImportRefused) as refused:
        applying.apply(store, dry, User("hantu", "Hantu", "admin"))
    assert refused.value.key == "import.refused.account" and store.scalar("SELECT count(*) FROM import_log") == 0


def test_a_national_editor_made_regional_is_held_to_the_new_region(store):
    editor = _account(store, "budi", "editor")
    dry = checks.check(store, "kegiatan.csv", _activity_file("L3"), user=editor)  # L3: 32.04
    _account(store, "budi", "editor", "32.01")
    with pytest.raises(applying.ImportRefused, match="32.01"):
        applying.apply(store, dry, editor)
    _account(store, "budi", "editor", "32")
    assert applying.apply(store, dry, editor) == 1


def test_an_admin_demoted_before_reverting_reverts_nothing(store):
    admin = _account(store, "made", "admin")
    import_id = applying.apply(store, checks.check(store, "kegiatan.csv", _activity_file()), admin)
    _account(store, "made", "editor")
    with pytest.raises(applying.ImportRefused) as refused:
        applying.revert(store, import_id, admin)
    assert refused.value.key == "import.refused.admin"
    assert store.scalar("SELECT count(*) FROM activity WHERE activity_code = 'N1'") == 1
    assert applying.log(store)["reverted_at"].isna().all()
    _account(store, "made", "admin")
    applying.revert(store, import_id, admin)
    assert store.scalar("SELECT count(*) FROM activity WHERE activity_code = 'N1'") == 0


def _library_file(name: str) -> bytes:
    return (
        pd.DataFrame(
            {
                "library_code": ["L1"],
                "village_code": [IN_32],
                "name": [name],
                "cohort_year": ["2022"],
                "funding": ["apbn"],
                "lat": [""],
                "lon": [""],
            }
        )
        .to_csv(index=False)
        .encode()
    )


def test_an_import_whose_rows_a_later_import_changed_is_reverted_only_after_that_one(store):
    admin = _account(store, "made", "admin")
    original = store.scalar("SELECT name FROM library WHERE library_code = 'L1'")
    first = applying.apply(store, checks.check(store, "perpustakaan.csv", _library_file("Nama A")), admin)
    second = applying.apply(store, checks.check(store, "perpustakaan.csv", _library_file("Nama B")), admin)
    with pytest.raises(applying.ImportRefused) as refused:
        applying.revert(store, first, admin)
    assert (refused.value.key, refused.value.params) == ("import.revert.later", {"id": second})
    assert f"#{second}" in refused.value.text("en")
    assert store.scalar("SELECT name FROM library WHERE library_code = 'L1'") == "Nama B"
    assert applying.log(store)["reverted_at"].isna().all()
    applying.revert(store, second, admin)
    assert store.scalar("SELECT name FROM library WHERE library_code = 'L1'") == "Nama A"
    applying.revert(store, first, admin)
    assert store.scalar("SELECT name FROM library WHERE library_code = 'L1'") == original
    with pytest.raises(applying.ImportRefused, match=f"#{first}"):
        applying.revert(store, first, admin)  # twice would put back what the first revert removed
    with pytest.raises(applying.ImportRefused) as unknown:
        applying.revert(store, 99, admin)
    assert unknown.value.key == "import.revert.unknown"


def test_a_later_import_of_other_rows_does_not_hold_a_revert_up(store):
    admin = _account(store, "made", "admin")
    first = applying.apply(store, checks.check(store, "perpustakaan.csv", _library_file("Nama A")), admin)
    applying.apply(store, checks.check(store, "kegiatan.csv", _activity_file()), admin)
    applying.revert(store, first, admin)
    assert store.scalar("SELECT count(*) FROM activity WHERE activity_code = 'N1'") == 1


def _new_library_file() -> bytes:
    frame = pd.read_csv(pd.io.common.BytesIO(_library_file("Perpustakaan Desa Baru")), dtype=str).fillna("")
    return frame.assign(library_code="L-BARU").to_csv(index=False).encode()


def test_a_revert_never_leaves_rows_naming_a_library_it_removes(store):
    """A new library, then its activities in a later import: reverting the first alone left the
    activities pointing at no library."""
    admin = _account(store, "made", "admin")
    added = applying.apply(store, checks.check(store, "perpustakaan.csv", _new_library_file()), admin)
    used = applying.apply(store, checks.check(store, "kegiatan.csv", _activity_file("L-BARU")), admin)
    with pytest.raises(applying.ImportRefused) as refused:
        applying.revert(store, added, admin)
    assert (refused.value.key, refused.value.params) == ("import.revert.used_by", {"id": used, "code": "L-BARU"})
    assert store.scalar("SELECT count(*) FROM library WHERE library_code = 'L-BARU'") == 1  # nothing undone
    assert applying.log(store)["reverted_at"].isna().all()
    applying.revert(store, used, admin)
    applying.revert(store, added, admin)  # in that order, both go
    assert store.scalar("SELECT count(*) FROM library WHERE library_code = 'L-BARU'") == 0
    # a follow-up written in the app for a new library holds its import's revert up too
    added = applying.apply(store, checks.check(store, "perpustakaan.csv", _new_library_file()), admin)
    planned = follow_ups.create(store, admin, "L-BARU", "call", date(2099, 1, 1), owner_name="Bu Sri")
    with pytest.raises(applying.ImportRefused) as refused:
        applying.revert(store, added, admin)
    assert refused.value.key == "import.revert.open_follow_up"
    follow_ups.close(store, admin, planned, follow_ups.CANCELLED, "Salah impor")  # history: holds nothing up
    applying.revert(store, added, admin)
    assert store.scalar("SELECT count(*) FROM library WHERE library_code = 'L-BARU'") == 0


def test_a_file_that_changes_nothing_now_is_not_logged_as_an_import(store):
    """Two sessions checked the same file; the second to apply it would log an import that
    changed nothing (and so would the same file imported again)."""
    admin = _account(store, "made", "admin")
    file = _library_file("Nama Baru")
    first_check = checks.check(store, "perpustakaan.csv", file)
    second_check = checks.check(store, "perpustakaan.csv", file)
    applying.apply(store, first_check, admin)
    entries = len(applying.log(store))
    with pytest.raises(applying.ImportRefused) as refused:
        applying.apply(store, second_check, admin)
    assert refused.value.key == "import.nothing_new"
    assert len(applying.log(store)) == entries
    assert store.scalar("SELECT name FROM library WHERE library_code = 'L1'") == "Nama Baru"

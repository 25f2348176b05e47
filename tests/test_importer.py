"""Importing spreadsheets: templates, the dry run's problems, atomic apply, audit and revert."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests import databases
from tpbis import accounts
from tpbis.accounts import User
from tpbis.imports import apply as applying
from tpbis.imports import checks, reading, spec, template
from tpbis.store import open_store


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _admin(store, name: str) -> User:
    """An admin account in the store (apply and revert read the account again)."""
    accounts.save_user(store, name, name.title(), "admin")
    return accounts.current(store, User(name, name, "admin"))


def _activities(**changes) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "activity_code": ["N1", "N2"],
            "library_code": ["L1", "L2"],
            "activity_date": ["2024-01-05", "2024-02-01"],
            "activity_type": ["Literasi anak"] * 2,
            "skill_category": ["TIK"] * 2,
            "title": ["=1+1", "Dongeng"],
            "participants_male": ["5", "6"],
            "participants_female": ["2", "3"],
            "partner": ["", "BUMDes"],
        }
    )
    return frame.assign(**changes)


def test_template_has_a_sheet_per_kind_and_valid_example_rows(small_store):
    data = template.template_xlsx(small_store)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["petunjuk", *spec.SHEETS.values()]
    assert [c.value for c in book["kegiatan"][1]][:2] == ["activity_code *", "library_code *"]
    assert book["perpustakaan"].data_validations.dataValidation  # dropdown for funding
    for sheet in book.worksheets[1:]:  # the examples are valid rows once they are no longer marked
        assert sheet["A2"].value.startswith(spec.EXAMPLE_MARK)
        sheet["A2"] = sheet["A2"].value.removeprefix(spec.EXAMPLE_MARK).strip()
    unmarked = io.BytesIO()
    book.save(unmarked)
    dry = checks.check(small_store, "templat.xlsx", unmarked.getvalue())
    assert dry.ok, dry.problems_frame().to_string()
    assert dry.summary.set_index("kind")["insert"].eq(1).all()


def test_apply_is_audited_idempotent_and_revertible(small_store):
    before = small_store.scalar("SELECT count(*) FROM activity")
    dry = checks.check(small_store, "kegiatan.csv", _csv(_activities()))
    assert dry.ok and dry.summary.iloc[0][["insert", "update"]].tolist() == [2, 0]
    import_id = applying.apply(small_store, dry, _admin(small_store, "siti"))
    assert small_store.scalar("SELECT count(*) FROM activity") == before + 2
    assert small_store.scalar("SELECT title FROM activity WHERE activity_code = 'N1'") == "=1+1"  # stored as text
    again = checks.check(small_store, "kegiatan.csv", _csv(_activities()))
    assert again.summary.iloc[0][["insert", "update", "unchanged"]].tolist() == [0, 0, 2]
    changed = checks.check(small_store, "kegiatan.csv", _csv(_activities(title=["Baru", "Dongeng"])))
    assert changed.summary.iloc[0][["insert", "update", "unchanged"]].tolist() == [0, 1, 1]
    budi = _admin(small_store, "budi")
    second = applying.apply(small_store, changed, budi)
    applying.revert(small_store, second, budi)
    assert small_store.scalar("SELECT title FROM activity WHERE activity_code = 'N1'") == "=1+1"
    applying.revert(small_store, import_id, budi)
    assert small_store.scalar("SELECT count(*) FROM activity") == before
    log = applying.log(small_store)
    assert list(log["imported_by"]) == ["budi", "siti"] and log["reverted_at"].notna().all()
    assert log["sha256"].str.len().eq(64).all()


@pytest.mark.parametrize(
    "file_name, data, message",
    [
        ("kegiatan.csv", b"", "Berkas kosong"),
        ("kegiatan.xlsx", b"\x00\x01 not a workbook", "rusak"),
        ("kegiatn.csv", b"a,b\n1,2\n", "Maksud Anda 'kegiatan'"),
        ("kegiatan.csv", "activity_code\nÄ\n".encode("latin-1"), "bukan UTF-8"),
        ("kegiatan.pdf", b"%PDF", "Jenis berkas tidak dikenal"),
        ("kegiatan.csv", b"x" * (reading.MAX_BYTES + 1), "lebih dari 20 MB"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(small_store, file_name, data, message):
    before = small_store.scalar("SELECT count(*) FROM activity")
    dry = checks.check(small_store, file_name, data)
    assert not dry.ok and any(message in p.message for p in dry.problems), dry.problems
    with pytest.raises(ValueError):
        applying.apply(small_store, dry, _admin(small_store, "x"))
    assert small_store.scalar("SELECT count(*) FROM activity") == before


def test_every_row_problem_is_reported_with_sheet_row_column_and_value(small_store):
    frame = _activities(
        participants_male=["-1", "6"], participants_female=["2", "lima"], activity_date=["2031-01-01", "2024-02-01"]
    )
    frame.loc[1, "activity_code"] = "N1"
    problems = checks.check(small_store, "kegiatan.csv", _csv(frame)).problems_frame()
    found = {(row.row, row.column, row.message.split(" (")[0]) for row in problems.itertuples()}
    assert (2, "participants_male", "harus antara 0 dan 2.000") in found
    assert (3, "participants_female", "bukan angka yang sah") in found
    assert (2, "activity_date", "tanggal di luar program") in found
    assert any(message == "kunci ganda di dalam berkas" for _, _, message in found)
    mixed = _activities(
        participants_male=["9999", "lima"]
    )  # a word in the column: the number beside it is still checked
    found = {(p.row, p.column, p.message) for p in checks.check(small_store, "kegiatan.csv", _csv(mixed)).problems}
    assert found == {
        (2, "participants_male", "harus antara 0 dan 2.000"),
        (3, "participants_male", "bukan angka yang sah"),
    }


def test_wrong_header_gets_a_suggestion_and_unknown_codes_are_named(small_store):
    renamed = _activities().rename(columns={"participants_male": "participant_male"})
    problems = checks.check(small_store, "kegiatan.csv", _csv(renamed)).problems
    assert any("Maksud Anda 'participants_male'" in p.message for p in problems)
    unknown = checks.check(small_store, "kegiatan.csv", _csv(_activities(library_code=["L1", "L99"]))).problems
    assert [(p.row, p.column, p.value) for p in unknown] == [(3, "library_code", "L99")]
    village = pd.DataFrame(
        {
            "library_code": ["L9"],
            "village_code": ["32.99.99.9999"],
            "name": ["X"],
            "cohort_year": ["2022"],
            "funding": ["apbn"],
            "lat": [""],
            "lon": [""],
        }
    )
    problems = checks.check(small_store, "perpustakaan.csv", _csv(village)).problems
    assert [(p.key, p.params["code"]) for p in problems] == [("problem.unknown_village", "32.99.99.9999")]
    assert "32.99.99.9999" in problems[0].message


def test_two_imports_at_once_from_two_sessions_both_land_whole(small_store):
    # two app instances on PostgreSQL are two connections; on DuckDB, two sessions are two threads
    other = open_store(small_store.path) if databases.on_postgres() else small_store
    before = small_store.scalar("SELECT count(*) FROM activity")
    files = [
        pd.DataFrame(
            {
                "activity_code": [f"X{i}" for i in range(first, first + 2000)],
                "library_code": library,
                "activity_date": "2024-03-01",
                "activity_type": "Literasi anak",
                "skill_category": "TIK",
                "title": "Paralel",
                "participants_male": "1",
                "participants_female": "1",
                "partner": "",
            }
        )
        for first, library in ((0, "L1"), (2000, "L2"))
    ]
    checked = [checks.check(small_store, "kegiatan.csv", _csv(frame)) for frame in files]
    start, users = threading.Barrier(2), (_admin(small_store, "siti"), _admin(small_store, "budi"))

    def apply(store, dry, user):
        start.wait()
        return applying.apply(store, dry, user)

    with ThreadPoolExecutor(2) as pool:
        ids = list(pool.map(apply, (small_store, other), checked, users))
    assert sorted(ids) == [1, 2]
    assert small_store.scalar("SELECT count(*) FROM activity") == before + 4000
    assert small_store.scalar("SELECT count(*) FROM import_change") == 4000
    applying.revert(other, ids[0], users[1])
    assert small_store.scalar("SELECT count(*) FROM activity WHERE activity_code LIKE 'X%'") == 2000
    assert set(
        small_store.query("SELECT library_code FROM activity WHERE activity_code LIKE 'X%'")["library_code"]
    ) == {"L2"}
    if other is not small_store:
        other.close()


def test_a_village_name_that_does_not_match_its_code_gets_the_code_meant(small_store):
    names = small_store.query("SELECT code, name FROM village WHERE code LIKE '32.01.01.%' ORDER BY code LIMIT 2")
    (code, name), (other_code, other_name) = names.itertuples(index=False, name=None)
    library = pd.DataFrame(
        {
            "library_code": ["L7", "L8"],
            "village_code": [code, code],
            "name": ["A", "B"],
            "cohort_year": ["2022"] * 2,
            "funding": ["apbn"] * 2,
            "lat": [""] * 2,
            "lon": [""] * 2,
            "village_name": [f"Desa {name.upper()}", other_name],
        }
    )
    problems = checks.check(small_store, "perpustakaan.csv", _csv(library)).problems
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "village_name", other_name)]
    assert f"kode {code} ({name})" in problems[0].message and f"Maksud Anda kode {other_code}" in problems[0].message
    book = load_workbook(io.BytesIO(template.template_xlsx(small_store)))
    assert [c.value for c in book["perpustakaan"][1]][-1] == "village_name"


@pytest.mark.parametrize(
    "role, region, allowed",
    [
        ("editor", "32", True),
        ("editor", None, True),
        ("admin", "33", True),
        ("editor", "33", False),
        ("editor", "32.04", False),
        ("viewer", None, False),
    ],
)
def test_a_regional_editor_imports_only_inside_their_region(small_store, role, region, allowed):
    user = User("u", "U", role, region)
    dry = checks.check(small_store, "kegiatan.csv", _csv(_activities()), user=user)  # L1 and L2: 32.01
    assert dry.ok is allowed, dry.problems
    if not allowed:
        assert dry.frames == {} and all(("wilayah" in p.message or "Peran" in p.message) for p in dry.problems)
        with pytest.raises(ValueError):
            applying.apply(small_store, dry, user)


def test_national_records_need_an_admin_or_a_national_editor(small_store):
    batch = pd.DataFrame(
        {
            "batch_code": ["B9"],
            "name": ["Bimtek"],
            "start_date": ["2022-03-07"],
            "end_date": ["2022-03-11"],
            "place": ["Jakarta"],
            "mode": ["luring"],
        }
    )
    regional = checks.check(small_store, "bimtek.csv", _csv(batch), user=User("u", "U", "editor", "32"))
    assert not regional.ok and "Data nasional" in regional.problems[0].message
    assert checks.check(small_store, "bimtek.csv", _csv(batch), user=User("a", "A", "admin")).ok


def _workbook_with(sheet: str, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_more_bad_files_each_get_a_clear_message_and_change_nothing(small_store):
    before = {t: small_store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log")}
    workbook = template.template_xlsx(small_store)
    wrong_types = _activities(participants_male=["lima", "enam"]).sample(100_000, replace=True, random_state=1)
    wrong_types["activity_code"] = [f"W{i}" for i in range(len(wrong_types))]
    huge = _activities(title=["x" * 200_000, "Dongeng"])
    cases = {
        "truncated xlsx": ("templat.xlsx", workbook[: len(workbook) // 2], "rusak"),
        "broken CSV quoting": ("kegiatan.csv", b'activity_code,title\n"N1,"a"b"c\n"N2', "tidak dapat dibaca"),
        "100,000 rows of wrong types": ("kegiatan.csv", _csv(wrong_types), "bukan angka yang sah"),
        "a 200,000-character cell": ("kegiatan.csv", _csv(huge), "terlalu panjang"),
    }
    checked = {}
    for case, (name, data, message) in cases.items():
        dry = checked[case] = checks.check(small_store, name, data)
        assert not dry.ok and any(message in p.message for p in dry.problems), (case, dry.problems[:3])
        with pytest.raises(ValueError):
            applying.apply(small_store, dry, _admin(small_store, "x"))
    assert len(checked["100,000 rows of wrong types"].problems) >= 100_000
    assert {t: small_store.scalar(f"SELECT count(*) FROM {t}") for t in before} == before


def test_text_that_looks_like_a_formula_is_kept_as_text_and_escaped_on_export(small_store):
    """(A formula in an Excel cell imports as the value Excel saved: test_import_values.)"""
    from tpbis import exports

    frame = _activities().assign(title='=HYPERLINK("http://x")')
    dry = checks.check(small_store, "kegiatan.csv", _csv(frame))
    assert dry.ok, dry.problems
    applying.apply(small_store, dry, _admin(small_store, "siti"))
    stored = small_store.query("SELECT activity_code, title FROM activity WHERE activity_code IN ('N1', 'N2')")
    assert set(stored["title"]) == {'=HYPERLINK("http://x")'}
    assert b"'=HYPERLINK" in exports.csv_bytes(stored)


def test_revert_finds_rows_by_a_key_with_a_date(small_store):
    def report(visits: str) -> bytes:
        return _csv(
            pd.DataFrame(
                {
                    "library_code": ["L1", "L2"],
                    "report_month": ["2024-11-01", "2024-12-01"],
                    "visits": [visits, "7"],
                    "loans": ["1", "2"],
                    "members": ["3", "4"],
                    "submitted_on": ["2024-12-05", "2024-12-30"],
                }
            )
        )

    admin = _admin(small_store, "siti")
    first = applying.apply(small_store, checks.check(small_store, "laporan_bulanan.csv", report("10")), admin)
    again = checks.check(small_store, "laporan_bulanan.csv", report("99"))
    # a stored month and the same month read from the file: an update, not a new report
    assert again.summary[["insert", "update", "unchanged"]].values.tolist() == [[0, 1, 1]]
    second = applying.apply(small_store, again, admin)
    assert small_store.scalar("SELECT sum(visits) FROM monthly_report") == 99 + 7
    applying.revert(small_store, second, admin)
    assert small_store.scalar("SELECT sum(visits) FROM monthly_report") == 10 + 7
    applying.revert(small_store, first, admin)
    assert small_store.scalar("SELECT count(*) FROM monthly_report") == 0


def test_a_report_month_is_the_first_day_of_its_month(small_store):
    """2024-03-15 beside a stored 2024-03-01 made the month two reports."""
    frame = pd.DataFrame(
        {
            "library_code": ["L1", "L2"],
            "report_month": ["2024-11-15", "2024-12-01"],
            "visits": ["1", "2"],
            "loans": ["1", "2"],
            "members": ["3", "4"],
            "submitted_on": ["2024-12-05", "2024-12-30"],
        }
    )
    dry = checks.check(small_store, "laporan_bulanan.csv", _csv(frame))
    assert [(p.row, p.column, p.key) for p in dry.problems] == [(2, "report_month", "problem.first_of_month")]


def test_a_revert_puts_coordinates_back_exactly(small_store):
    """They came back rounded to 10 digits: the original file then showed its rows as updates
    (a file's coordinates have at most 15 digits: a double holds them exactly)."""

    def library(lat: str, lon: str) -> bytes:
        frame = small_store.query(
            "SELECT library_code, village_code, name, cohort_year, funding FROM library ORDER BY 1 LIMIT 1"
        )
        return _csv(frame.astype(str).assign(lat=lat, lon=lon))

    admin = _admin(small_store, "siti")
    applying.apply(
        small_store, checks.check(small_store, "perpustakaan.csv", library("-6.12345678901234", "106.1")), admin
    )
    later = applying.apply(small_store, checks.check(small_store, "perpustakaan.csv", library("-6.2", "106.2")), admin)
    applying.revert(small_store, later, admin)
    again = checks.check(small_store, "perpustakaan.csv", library("-6.12345678901234", "106.1"))
    assert again.summary[["insert", "update", "unchanged"]].values.tolist() == [[0, 0, 1]]

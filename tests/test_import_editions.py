"""Region codes of either edition in an import: today's (2022) codes are stored as the
programme's 2019 codes, the dry run says which edition a file used, and a code that is
unknown, ambiguous or new since 2019 is refused on its row."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tpbis import accounts
from tpbis.accounts import User
from tpbis.imports import apply as applying
from tpbis.imports import checks

# Merauke's Samkai: 91.01.01.1002 in 2019, 93.01.01.1002 in Papua Selatan today
SAMKAI_2019, SAMKAI_2022 = "91.01.01.1002", "93.01.01.1002"
GUNUNG_PULO = "11.01.02.2004"  # the same code today, respelt Gunong Pulo
KISAM = "11.02.03.2002"  # Kisam in 2019; today the code of Kuta Buluh, a village new since 2019


def _libraries(villages: list[str], names: list[str] | None = None) -> pd.DataFrame:
    n = len(villages)
    frame = pd.DataFrame(
        {
            "library_code": [f"E{i}" for i in range(n)],
            "village_code": villages,
            "name": [f"Perpustakaan Edisi {i}" for i in range(n)],
            "cohort_year": ["2023"] * n,
            "funding": ["apbn"] * n,
            "lat": [""] * n,
            "lon": [""] * n,
        }
    )
    return frame if names is None else frame.assign(village_name=names)


def _meetings(regencies: list[str]) -> pd.DataFrame:
    n = len(regencies)
    return pd.DataFrame(
        {
            "meeting_code": [f"M{i}" for i in range(n)],
            "kind": ["stakeholder"] * n,
            "meeting_date": ["2024-05-02"] * n,
            "place": ["Merauke"] * n,
            "regency_code": regencies,
        }
    )


def _xlsx(**sheets: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _admin(store) -> User:
    accounts.save_user(store, "siti", "Siti", "admin")
    return accounts.current(store, User("siti", "Siti", "admin"))


def test_a_file_with_2022_codes_is_stored_with_the_2019_codes_and_says_so(small_store):
    data = _xlsx(
        perpustakaan=_libraries([SAMKAI_2022, "32.01.01.1001"], ["Samkai", "Pondok Rajeg"]),
        pertemuan=_meetings(["93.01"]),
    )
    dry = checks.check(small_store, "edisi_2022.xlsx", data)
    assert dry.ok, dry.problems_frame().to_string()
    assert dry.code_editions is not None and dry.code_editions.key == "import.edition.2022"
    assert (dry.code_editions.only_2022, dry.code_editions.mapped) == (2, 2)
    assert "38 provinsi" in dry.code_editions.text("id") and "2019" in dry.code_editions.text("id")
    applying.apply(small_store, dry, _admin(small_store))
    stored = small_store.query(
        "SELECT village_code, regency_code, province_code FROM library WHERE library_code = 'E0'"
    ).iloc[0]
    assert tuple(stored) == (SAMKAI_2019, "91.01", "91")
    assert small_store.scalar("SELECT regency_code FROM meeting WHERE meeting_code = 'M0'") == "91.01"


@pytest.mark.parametrize(
    "villages, key",
    [
        ([SAMKAI_2019], "import.edition.2019"),
        (["32.01.01.1001"], "import.edition.same"),
        ([SAMKAI_2019, SAMKAI_2022.replace("1002", "1003")], "import.edition.mixed"),
    ],
)
def test_the_dry_run_names_the_edition_of_the_codes(small_store, villages, key):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries(villages)))
    assert dry.ok, dry.problems_frame().to_string()
    assert dry.code_editions is not None and dry.code_editions.key == key
    assert set(dry.frames["library"]["village_code"].str[:5]) <= {"91.01", "32.01"}


def test_a_file_without_region_codes_says_nothing_of_editions(small_store):
    activity = pd.DataFrame(
        {
            "activity_code": ["N1"],
            "library_code": ["L1"],
            "activity_date": ["2024-01-05"],
            "activity_type": ["Literasi anak"],
            "skill_category": ["TIK"],
            "title": ["Dongeng"],
            "participants_male": ["5"],
            "participants_female": ["2"],
            "partner": [""],
        }
    )
    dry = checks.check(small_store, "kegiatan.csv", _csv(activity))
    assert dry.ok and dry.code_editions is not None and dry.code_editions.text() is None


def test_todays_spelling_of_a_village_name_matches_its_code(small_store):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([GUNUNG_PULO], ["Gunong Pulo"])))
    assert dry.ok, dry.problems_frame().to_string()


def test_unknown_and_ambiguous_codes_are_refused_on_their_rows_and_nothing_is_applied(small_store):
    frame = _libraries(["32.01.01.1001", KISAM, "32.99.99.9999"])
    dry = checks.check(small_store, "perpustakaan.csv", _csv(frame))
    assert {(p.row, p.column, p.value, p.key) for p in dry.problems} == {
        (3, "village_code", KISAM, "problem.edition.ambiguous_village"),
        (4, "village_code", "32.99.99.9999", "problem.unknown_village"),
    }
    ambiguous = next(p for p in dry.problems if p.key == "problem.edition.ambiguous_village")
    assert ambiguous.params == {"code": KISAM, "name_2019": "Kisam", "name_2022": "Kuta Buluh"}
    assert "Kisam" in ambiguous.text("id") and "Kuta Buluh" in ambiguous.text("en")
    assert not dry.frames and dry.summary["reject"].sum() == 2
    before = small_store.scalar("SELECT count(*) FROM library")
    with pytest.raises(applying.ImportRefused):
        applying.apply(small_store, dry, _admin(small_store))
    assert small_store.scalar("SELECT count(*) FROM library") == before


def test_a_current_code_without_a_2019_village_is_refused_naming_it(small_store):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([KISAM], ["Kuta Buluh"])))
    assert [(p.row, p.value, p.key) for p in dry.problems] == [(2, KISAM, "problem.edition.no_2019_village")]
    assert KISAM in dry.problems[0].text("id") and "Kuta Buluh" in dry.problems[0].text("id")


@pytest.mark.parametrize(
    "other, problems, key",
    [
        (SAMKAI_2019, [], "import.edition.2019"),  # a 2019 file: Kisam
        (SAMKAI_2022, ["problem.edition.no_2019_village"], None),  # a 2022 file: Kuta Buluh, new since 2019
    ],
)
def test_a_code_of_two_villages_is_read_in_the_edition_of_the_files_other_codes(small_store, other, problems, key):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([other, KISAM])))
    assert [p.key for p in dry.problems] == problems
    if key:
        assert dry.code_editions is not None and dry.code_editions.key == key
        assert dry.code_editions.by_file == 1 and dry.frames["library"]["village_code"].tolist() == [other, KISAM]


def test_the_village_name_decides_a_code_both_editions_give_to_different_villages(small_store):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([KISAM], ["Desa Kisam"])))
    assert dry.ok, dry.problems_frame().to_string()
    assert dry.frames["library"]["village_code"].tolist() == [KISAM]
    assert dry.code_editions is not None and dry.code_editions.key == "import.edition.2019"


def test_an_unknown_regency_code_is_named_in_both_editions(small_store):
    dry = checks.check(small_store, "pertemuan.csv", _csv(_meetings(["93.99", "91.01"])))
    assert [(p.row, p.key, p.params["code"]) for p in dry.problems] == [(2, "problem.unknown_regency", "93.99")]


def test_a_regional_editor_of_2019_papua_may_import_papua_selatan_codes(small_store):
    accounts.save_user(small_store, "yohan", "Yohan", "editor", region_code="91")
    editor = accounts.current(small_store, User("yohan", "Yohan", "editor", region_code="91"))
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([SAMKAI_2022])), user=editor)
    assert dry.ok, dry.problems_frame().to_string()
    applying.apply(small_store, dry, editor)
    assert small_store.scalar("SELECT village_code FROM library WHERE library_code = 'E0'") == SAMKAI_2019

"""Values an import takes: numbers inside their domain, dates only in forms that cannot be misread."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from tpbis.imports import checks, spec


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _activities(dates: list[str]) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame(
        {
            "activity_code": [f"N{i}" for i in range(n)],
            "library_code": ["L1"] * n,
            "activity_date": dates,
            "activity_type": ["Literasi anak"] * n,
            "skill_category": ["TIK"] * n,
            "title": ["Dongeng"] * n,
            "participants_male": ["5"] * n,
            "participants_female": ["2"] * n,
            "partner": [""] * n,
        }
    )


def _libraries(lat: list[str], lon: list[str]) -> pd.DataFrame:
    n = len(lat)
    return pd.DataFrame(
        {
            "library_code": [f"LX{i}" for i in range(n)],
            "village_code": ["32.01.01.1001"] * n,
            "name": ["X"] * n,
            "cohort_year": ["2022"] * n,
            "funding": ["apbn"] * n,
            "lat": lat,
            "lon": lon,
        }
    )


def _found(dry) -> set[tuple]:
    return {(p.row, p.column, p.value, p.key) for p in dry.problems}


def test_every_number_column_has_a_domain(small_store):
    unlimited = [
        (kind, name)
        for kind in spec.SHEETS
        for name, sql_type, _ in spec.columns_of(small_store, kind).itertuples(index=False)
        if sql_type in ("INTEGER", "BIGINT", "DOUBLE")
        and name not in spec.UPPER_LIMITS
        and name not in spec.RANGES
        and name != "cohort_year"
    ]
    assert unlimited == []


@pytest.mark.parametrize(
    "lat, lon, columns",
    [
        ("999", "106.8", {"lat"}),
        ("inf", "106.8", {"lat"}),
        ("nan", "106.8", {"lat"}),
        ("1e308", "106.8", {"lat"}),
        ("-6.2", "-inf", {"lon"}),
        ("-6.2", "200", {"lon"}),
        ("106.8", "-6.2", {"lat", "lon"}),  # swapped
        ("-6.2", "NaN", {"lon"}),
        ("-12", "106.8", {"lat"}),
        ("-6.2", "93.9", {"lon"}),
    ],
)
def test_coordinates_outside_indonesia_or_not_finite_are_refused(small_store, lat, lon, columns):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries([lat], [lon])))
    assert not dry.ok and {(p.row, p.column) for p in dry.problems} == {(2, c) for c in columns}, dry.problems
    assert {p.key for p in dry.problems} <= {"problem.between", "problem.not_a"}


def test_coordinates_inside_indonesia_load(small_store):
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries(["-6.2", "5,9", ""], ["106.8", "95.3", ""])))
    assert dry.ok, dry.problems
    assert dry.frames["library"]["lat"].tolist()[:2] == [-6.2, 5.9]


@pytest.mark.parametrize("value", ["-1", "inf", "-inf", "nan", "1e308", "999999", "2.5"])
def test_counts_must_be_whole_finite_and_plausible(small_store, value):
    frame = _activities(["2024-01-05"]).assign(participants_male=[value])
    dry = checks.check(small_store, "kegiatan.csv", _csv(frame))
    assert [(p.row, p.column, p.value) for p in dry.problems] in (
        [(2, "participants_male", value)],
        [(2, "participants_male", str(float(value)))],
    ), dry.problems


@pytest.mark.parametrize(
    "given",
    [
        "03/04/2023",
        "07/03/2023",
        "4 Maret 2023",
        "2023-02-30",
        "20230307",
        "2023-3-7",
        "2023-03-07T10:00:00+07:00",
        "2023-03-07 10:00Z",
        "45000",
        "2023-03-07 25:00",
        "nan",
    ],
)
def test_a_date_not_in_iso_form_is_refused_on_its_row(small_store, given):
    dry = checks.check(small_store, "kegiatan.csv", _csv(_activities(["2023-03-01", given])))
    assert _found(dry) == {(3, "activity_date", given, "problem.date_format")}
    assert "YYYY-MM-DD" in dry.problems[0].text("en")


def test_dates_with_mixed_time_zones_are_each_named_and_nothing_raises(small_store):
    dates = ["2023-03-07", "2023-03-07T10:00:00+07:00", "2023-03-08T01:00:00Z", "2023-03-09T10:00:00-05:00"]
    dry = checks.check(small_store, "kegiatan.csv", _csv(_activities(dates)))
    assert _found(dry) == {
        (row, "activity_date", value, "problem.date_format") for row, value in zip((3, 4, 5), dates[1:])
    }


def test_a_time_of_day_after_an_iso_date_is_dropped(small_store):
    dry = checks.check(
        small_store, "kegiatan.csv", _csv(_activities(["2023-03-07", "2023-03-07 10:00", "2023-03-07T23:59:59"]))
    )
    assert dry.ok, dry.problems
    assert set(dry.frames["activity"]["activity_date"].dt.date) == {date(2023, 3, 7)}


def test_excel_date_cells_are_read_as_iso_dates_and_text_dates_are_checked(small_store):
    frame = _activities(["", "", "", ""])
    book = Workbook()
    sheet = book.active
    sheet.title = "kegiatan"
    sheet.append(list(frame.columns))
    cells = [datetime(2023, 3, 7), datetime(2023, 3, 8, 14, 30), date(2023, 3, 9), "07/03/2023"]
    for row, cell in zip(frame.itertuples(index=False), cells):
        sheet.append([row.activity_code, row.library_code, cell, *row[3:]])
    sheet["C2"].number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    dry = checks.check(small_store, "kegiatan.xlsx", buffer.getvalue())
    assert _found(dry) == {(5, "activity_date", "07/03/2023", "problem.date_format")}
    dry = checks.check(small_store, "kegiatan.xlsx", _without_last(book))
    assert dry.ok, dry.problems
    assert list(dry.frames["activity"]["activity_date"].dt.date) == [
        date(2023, 3, 7),
        date(2023, 3, 8),
        date(2023, 3, 9),
    ]


def _without_last(book: Workbook) -> bytes:
    book.active.delete_rows(book.active.max_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_no_problem_value_is_nan_and_none_is_row_less(small_store):
    frame = _activities(["2023-03-07", "x", ""]).assign(participants_male=["", "lima", "nan"], title=["", "a", "b"])
    dry = checks.check(small_store, "kegiatan.csv", _csv(frame))
    assert dry.problems and all(p.row and p.column for p in dry.problems)
    assert "nan" not in {p.value for p in dry.problems if p.key != "problem.not_a"}


def test_invisible_control_characters_are_refused_on_their_cell(small_store):
    """A vertical tab in a name stopped every Excel download of its area; a NUL made
    PostgreSQL refuse the save after a clean dry run."""
    frame = _libraries(["", "", ""], ["", "", ""]).assign(
        name=["Perpustakaan Desa Buo\x0b Baru", "Desa\x00", "Desa\uffff"]
    )
    dry = checks.check(small_store, "perpustakaan.csv", _csv(frame))
    assert not dry.ok
    found = {(p.row, p.column, p.key) for p in dry.problems}
    assert found == {(row, "name", "problem.control_char") for row in (2, 3, 4)}
    lines = frame.iloc[:2].assign(name=["Baris satu\nbaris dua\tdengan tab", "Biasa"])
    assert checks.check(small_store, "perpustakaan.csv", _csv(lines)).ok  # line breaks and tabs are text


def test_an_excel_download_drops_control_characters_already_stored():
    from openpyxl import load_workbook

    from tpbis.exports import xlsx_bytes

    book = load_workbook(io.BytesIO(xlsx_bytes(pd.DataFrame({"Nama": ["Buo\x0b Baru"]}), "daftar")))
    assert book.active["A2"].value == "Buo Baru"


def _formula_xlsx(cached: str | None) -> bytes:
    """An activity sheet whose title is a formula, with the value Excel would have saved or none."""
    import re
    import zipfile

    book = Workbook()
    sheet = book.active
    sheet.title = "kegiatan"
    frame = _activities(["2024-03-05"])
    sheet.append(list(frame.columns))
    sheet.append([*frame.iloc[0, :5], '=D2&" untuk "&E2', 5, 2])
    plain = io.BytesIO()
    book.save(plain)
    if cached is None:
        return plain.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<c r="F2"><f>(.*?)</f><v\s*/?>(</v>)?',
                    rb'<c r="F2" t="str"><f>\1</f><v>' + cached.encode() + rb"</v>",
                    data,
                )
            target.writestr(part, data)
    return out.getvalue()


def test_a_formula_imports_as_the_value_excel_saved_and_an_uncalculated_one_is_refused(small_store):
    saved = checks.check(small_store, "kegiatan.xlsx", _formula_xlsx("Literasi anak untuk TIK"))
    assert saved.ok, saved.problems_frame()
    assert saved.frames["activity"]["title"].tolist() == ["Literasi anak untuk TIK"]  # not "=D2&..."
    never = checks.check(small_store, "kegiatan.xlsx", _formula_xlsx(None))
    assert [(p.key, p.params) for p in never.problems] == [("problem.xlsx.uncalculated", {"cell": "F2"})]


def test_columns_of_a_row_that_contradict_each_other_are_refused(small_store):
    bimtek = pd.DataFrame(
        {
            "batch_code": ["SPPTIK-2024-X1"],
            "name": ["Bimtek uji"],
            "start_date": ["2024-05-10"],
            "end_date": ["2024-05-01"],
            "place": ["Jakarta"],
            "mode": ["luring"],
        }
    )
    dry = checks.check(small_store, "bimtek.csv", _csv(bimtek))
    assert [(p.row, p.column, p.key) for p in dry.problems] == [(2, "end_date", "problem.before")]
    report = pd.DataFrame(
        {
            "library_code": ["L1"],
            "report_month": ["2024-03-01"],
            "visits": ["1"],
            "loans": ["1"],
            "members": ["1"],
            "submitted_on": ["2024-02-10"],
        }
    )
    dry = checks.check(small_store, "laporan_bulanan.csv", _csv(report))
    assert [(p.column, p.key) for p in dry.problems] == [("submitted_on", "problem.before")]
    dry = checks.check(small_store, "perpustakaan.csv", _csv(_libraries(["-6.5", ""], ["", ""])))
    assert [(p.row, p.key) for p in dry.problems] == [(2, "problem.together")]


def test_yes_or_no_in_english_is_understood_and_another_word_is_named(small_store):
    def attendance(completed: str) -> bytes:
        frame = pd.DataFrame(
            {
                "batch_code": ["B1"],
                "person_code": ["P1"],
                "days_attended": ["3"],
                "completed": [completed],
                "pre_score": ["50"],
                "post_score": ["60"],
            }
        )
        return _csv(frame)

    assert not [
        p
        for p in checks.check(small_store, "kehadiran_bimtek.csv", attendance("yes")).problems
        if p.column == "completed"
    ]
    (problem,) = [
        p
        for p in checks.check(small_store, "kehadiran_bimtek.csv", attendance("mungkin")).problems
        if p.column == "completed"
    ]
    assert problem.key == "problem.not_a" and problem.value == "mungkin"  # not "required" of an empty cell


def test_excel_sheets_left_empty_are_passed_over_and_a_title_row_is_named(small_store):
    frame = _activities(["2024-03-05"])
    book = Workbook()
    book.active.title = "kegiatan"
    book.active.append(list(frame.columns))
    book.active.append(list(frame.iloc[0]))
    book.create_sheet("Sheet2")  # Excel's own, left empty
    data = io.BytesIO()
    book.save(data)
    assert checks.check(small_store, "kegiatan.xlsx", data.getvalue()).ok
    titled = Workbook()
    titled.active.title = "kegiatan"
    titled.active.append(["Laporan kegiatan Kab. Bogor"])
    titled.active.append([])
    titled.active.append(list(frame.columns))
    titled.active.append(list(frame.iloc[0]))
    data = io.BytesIO()
    titled.save(data)
    dry = checks.check(small_store, "kegiatan.xlsx", data.getvalue())
    assert [(p.key, p.params) for p in dry.problems] == [("problem.header_not_first", {"row": 3})]


def test_a_library_code_with_a_space_or_almost_a_stored_one_is_refused(small_store):
    """`pd-…`, `PD …` and a zero-width space each made a second library in the same village."""
    stored = small_store.scalar("SELECT library_code FROM library ORDER BY 1 LIMIT 1")
    frame = _libraries(["", "", ""], ["", "", ""]).assign(
        library_code=[stored.lower(), stored.replace("L", "L "), stored + "\u200b"]
    )
    found = [(p.row, p.key) for p in checks.check(small_store, "perpustakaan.csv", _csv(frame)).problems]
    assert found == [(3, "problem.code_chars"), (4, "problem.code_chars"), (2, "problem.code_near")]
    near = checks.check(small_store, "perpustakaan.csv", _csv(frame.iloc[:1]))
    assert [(p.key, p.params) for p in near.problems] == [("problem.code_near", {"known": stored})]
    twice = _libraries(["", ""], ["", ""]).assign(library_code=["PD-9999", "pd-9999"])  # the same file
    found = [(p.row, p.key, p.params) for p in checks.check(small_store, "perpustakaan.csv", _csv(twice)).problems]
    assert found == [(3, "problem.code_near", {"known": "PD-9999"})]


def test_a_code_stored_before_the_rule_still_takes_its_records(small_store):
    """A library stored as 'TBM Melati' (a space) keeps taking reports and updates."""
    small_store.execute("UPDATE library SET library_code = 'TBM Melati' WHERE library_code = 'L1'")
    frame = _libraries([""], [""]).assign(library_code=["TBM Melati"], name=["TBM Melati"])
    assert checks.check(small_store, "perpustakaan.csv", _csv(frame)).ok


def _sheet_bytes(book) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_sheets_a_person_would_not_mean_as_data(small_store):
    """Headers left in the template's other sheets and a hidden list of choices pass; a hidden
    sheet of data is named; rows shorter than the header are read."""
    frame = _activities(["2024-03-05"])
    book = Workbook()
    book.active.title = "kegiatan"
    book.active.append(list(frame.columns))
    book.active.append(list(frame.iloc[0])[:-1])  # no partner: the row stops one cell early
    book.create_sheet("mitra").append(["partnership_code", "library_code", "partner_name"])
    choices = book.create_sheet("daftar")
    choices.append(["Literasi anak"])
    choices.sheet_state = "hidden"
    assert checks.check(small_store, "kegiatan.xlsx", _sheet_bytes(book)).ok
    book["kegiatan"].sheet_state = "hidden"
    book.active = 1
    dry = checks.check(small_store, "kegiatan.xlsx", _sheet_bytes(book))
    assert [p.key for p in dry.problems] == ["problem.sheet.hidden"]


def test_mac_csv_lines_and_line_breaks_inside_cells(small_store):
    frame = _activities(["2024-03-05"]).assign(title="Dongeng\nanak")
    mac = _csv(frame).replace(b"\r\n", b"\n").replace(b"\n", b"\r").replace(b"Dongeng\ranak", b"Dongeng\nanak")
    dry = checks.check(small_store, "kegiatan.csv", mac)
    assert dry.ok, dry.problems_frame()
    assert dry.frames["activity"]["title"].tolist() == ["Dongeng\nanak"]


def test_t_is_neither_yes_nor_no(small_store):
    """'t' was read as tidak, so a PostgreSQL export's t (true) imported as false."""
    frame = pd.DataFrame(
        {
            "batch_code": ["B1"],
            "person_code": ["P1"],
            "days_attended": ["3"],
            "completed": ["t"],
            "pre_score": [""],
            "post_score": [""],
        }
    )
    problems = checks.check(small_store, "kehadiran_bimtek.csv", _csv(frame)).problems
    assert [(p.column, p.key) for p in problems if p.column == "completed"] == [("completed", "problem.not_a")]


def test_a_formula_error_or_an_empty_text_result(small_store):
    import re
    import zipfile

    def rewritten(cell_xml: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(_formula_xlsx(None))) as source, zipfile.ZipFile(out, "w") as target:
            for part in source.infolist():
                data = source.read(part)
                if part.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb'<c r="F2"><f>.*?</f><v\s*/?>(</v>)?', cell_xml, data)
                target.writestr(part, data)
        return out.getvalue()

    error = rewritten(b'<c r="F2" t="e"><f>NA()</f><v>#N/A</v>')
    dry = checks.check(small_store, "kegiatan.xlsx", error)
    assert [(p.key, p.params) for p in dry.problems] == [("problem.xlsx.error_value", {"cell": "F2", "value": "#N/A"})]
    empty_text = rewritten(b'<c r="F2" t="str"><f>IF(1=0,"x","")</f><v></v>')  # LibreOffice's empty result
    assert not [
        p for p in checks.check(small_store, "kegiatan.xlsx", empty_text).problems if p.key.startswith("problem.xlsx")
    ]


def test_a_phone_number_kept_as_a_number_is_dialled_again_or_named(small_store):
    """Excel keeps 081234567890 typed in a General cell as the number 81234567890: a mobile
    number gets its 0 (or its +62) back; a number that lost a 0 or + that cannot be told, or
    its last digits (8.12E+10), is named on its row."""
    book = Workbook()
    sheet = book.active
    sheet.title = spec.SHEETS["person"]
    sheet.append(["person_code", "library_code", "name", "role", "gender", "phone"])
    phones = [81234567890, 6281234567890, "0274123456", "+62 274 123456", ""]
    for i, phone in enumerate(phones):
        sheet.append([f"P{i}", "L1", f"Orang {i}", "staf", "P", phone])
    out = io.BytesIO()
    book.save(out)
    dry = checks.check(small_store, "pengelola.xlsx", out.getvalue())
    assert dry.ok, dry.problems
    dialled = ["081234567890", "+6281234567890", "0274123456", "+62 274 123456"]
    assert dry.frames["person"]["phone"].tolist()[:4] == dialled

    frame = pd.DataFrame(
        {
            "person_code": ["P1", "P2", "P3"],
            "library_code": ["L1"] * 3,
            "name": ["A", "B", "C"],
            "role": ["staf"] * 3,
            "gender": ["L"] * 3,
            "phone": ["274123456", "8.12346E+10", "81234567890.0"],  # pandas writes a column with gaps as floats
        }
    )
    dry = checks.check(small_store, f"{spec.SHEETS['person']}.csv", _csv(frame))
    assert [(p.row, p.value, p.key) for p in dry.problems] == [
        (2, "274123456", "problem.phone_as_number"),
        (3, "8.12346E+10", "problem.phone_as_number"),
    ]
    mobile = frame.iloc[[2]]
    dry = checks.check(small_store, f"{spec.SHEETS['person']}.csv", _csv(mobile))
    assert dry.ok, dry.problems
    assert dry.frames["person"]["phone"].tolist() == ["081234567890"]

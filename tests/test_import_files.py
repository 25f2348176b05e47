"""Files an import refuses as files: xlsx bombs, a record kind given twice, the template's examples."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tpbis.imports import checks, reading, spec, template

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="kegiatan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
BOMB_ROWS = 3_000_000


def _crafted_xlsx(rows: int | list[int], dimension: str | None, cells: bytes = b'<c r="A%d"><v>1</v></c>') -> bytes:
    """A workbook with one sheet 'kegiatan' of `rows` rows (or rows with these numbers) of one
    repeated cell, written straight into the zip (no spreadsheet library would write such a file)."""
    numbers = range(1, rows + 1) if isinstance(rows, int) else rows
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ):
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(b'<dimension ref="%s"/>' % dimension.encode())
            sheet.write(b"<sheetData>")
            row = b'<row r="%d">' + cells + b"</row>"
            for first in range(0, len(numbers), 100_000):
                sheet.write(b"".join(row % (i, i) for i in numbers[first : first + 100_000]))
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def three_million_rows() -> bytes:
    return _crafted_xlsx(BOMB_ROWS, f"A1:A{BOMB_ROWS}")


def _timed_check(store, data: bytes):
    started = time.perf_counter()
    dry = checks.check(store, "bom.xlsx", data)
    return dry, time.perf_counter() - started


def test_the_crafted_workbook_is_a_workbook():
    book = load_workbook(io.BytesIO(_crafted_xlsx(3, "A1:A3")), read_only=True)
    assert [row for row in book["kegiatan"].iter_rows(values_only=True)] == [(1,), (1,), (1,)]


def test_a_sheet_declaring_three_million_rows_is_refused_before_parsing(small_store, three_million_rows):
    assert len(three_million_rows) < reading.MAX_BYTES
    dry, seconds = _timed_check(small_store, three_million_rows)
    assert [p.key for p in dry.problems] == ["problem.xlsx.dimension"] and seconds < 2
    assert dry.problems[0].params["rows"] == BOMB_ROWS and "3,000,000" in dry.problems[0].text("en")


def test_a_sheet_declaring_too_many_columns_is_refused(small_store):
    dry = checks.check(small_store, "bom.xlsx", _crafted_xlsx(3, "A1:XFD3"))
    assert [p.key for p in dry.problems] == ["problem.xlsx.dimension"]
    assert dry.problems[0].params["columns"] == 16384


def test_without_a_dimension_the_rows_are_counted_before_parsing(small_store):
    dry, seconds = _timed_check(small_store, _crafted_xlsx(BOMB_ROWS // 3, None))
    assert [(p.key, p.params) for p in dry.problems] == [("problem.too_many_rows", {"max": spec.MAX_ROWS})]
    assert seconds < 2  # stopped after row 200,002, where openpyxl would parse all 1,000,000 first


def test_rows_a_sheet_skips_to_are_counted_as_they_are_read(small_store):
    dry, seconds = _timed_check(small_store, _crafted_xlsx([1, BOMB_ROWS], None))
    assert [p.key for p in dry.problems] == ["problem.too_many_rows"] and seconds < 2  # openpyxl fills the gap


def test_a_row_wider_than_any_record_is_refused_as_it_is_read(small_store):
    dry = checks.check(small_store, "bom.xlsx", _crafted_xlsx(2, None, b'<c r="XFD%d"><v>1</v></c>'))
    assert [(p.key, p.row) for p in dry.problems] == [("problem.too_many_columns", 1)]


def test_a_part_packed_absurdly_tight_is_refused(small_store):
    data = _crafted_xlsx(2, "A1:A2")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 50 * 2**20)
    dry, seconds = _timed_check(small_store, buffer.getvalue())
    assert [p.key for p in dry.problems] == ["problem.xlsx.ratio"] and dry.problems[0].value == "xl/media/padding.bin"


def test_a_workbook_that_unpacks_into_too_much_is_refused(small_store, monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED", 2**20)
    dry = checks.check(small_store, "bom.xlsx", _crafted_xlsx(50_000, "A1:A50000"))
    assert [p.key for p in dry.problems] == ["problem.xlsx.unpacked"]


def test_problems_name_the_sheet_row_even_after_empty_rows(small_store):
    book = Workbook()
    sheet = book.active
    sheet.title = "kegiatan"
    sheet.append(
        [
            "activity_code",
            "library_code",
            "activity_date",
            "activity_type",
            "skill_category",
            "title",
            "participants_male",
            "participants_female",
            "partner",
        ]
    )
    sheet.append(["N1", "L1", "2024-01-05", "Literasi anak", "TIK", "Dongeng", 5, 2, None])
    sheet.append([])
    sheet.append([])
    sheet.append(["N2", "L1", "2024-01-05", "Literasi anak", "TIK", "Dongeng", -5, 2, None])
    buffer = io.BytesIO()
    book.save(buffer)
    dry = checks.check(small_store, "kegiatan.xlsx", buffer.getvalue())
    assert [(p.row, p.column) for p in dry.problems] == [(5, "participants_male")]


def _activity_sheet(book: Workbook, title: str, code: str) -> None:
    sheet = book.create_sheet(title)
    sheet.append(
        [
            "activity_code",
            "library_code",
            "activity_date",
            "activity_type",
            "skill_category",
            "title",
            "participants_male",
            "participants_female",
            "partner",
        ]
    )
    sheet.append([code, "L1", "2024-01-05", "Literasi anak", "TIK", "Dongeng", 5, 2, None])


@pytest.mark.parametrize("titles", [("kegiatan", "activity"), ("activity", "Kegiatan "), ("Activity", "kegiatan")])
def test_two_sheets_of_one_kind_are_refused_naming_both(small_store, titles):
    book = Workbook()
    book.remove(book.active)
    for title, code in zip(titles, ("N1", "N2")):
        _activity_sheet(book, title, code)
    buffer = io.BytesIO()
    book.save(buffer)
    dry = checks.check(small_store, "dua.xlsx", buffer.getvalue())
    assert [(p.key, p.params) for p in dry.problems] == [
        ("problem.sheet.twice", {"first": titles[0], "second": titles[1]})
    ]
    assert titles[0] in dry.problems[0].text("en") and titles[1] in dry.problems[0].text("en")
    assert dry.frames == {}


def test_the_template_uploaded_unchanged_imports_nothing_and_says_why(small_store):
    dry = checks.check(small_store, "t.xlsx", template.template_xlsx(small_store))
    assert [(p.key, p.params["count"]) for p in dry.problems] == [("problem.only_examples", len(spec.SHEETS))]
    assert not dry.ok and dry.frames == {}
    assert dry.summary[["insert", "update"]].to_numpy().sum() == 0
    assert "CONTOH:" in dry.problems[0].text("id") and "example" in dry.problems[0].text("en")


def test_rows_written_under_the_example_are_imported_without_it(small_store):
    book = load_workbook(io.BytesIO(template.template_xlsx(small_store)))
    book["kegiatan"].append(["N1", "L1", "2024-01-05", "Literasi anak", "TIK", "Dongeng", 5, 2, None])
    book["kegiatan"].append(["N2", "L1", "2024-01-05", "Literasi anak", "TIK", "Dongeng", -1, 2, None])
    buffer = io.BytesIO()
    book.save(buffer)
    dry = checks.check(small_store, "t.xlsx", buffer.getvalue())
    assert [(p.sheet, p.row, p.column) for p in dry.problems] == [("kegiatan", 4, "participants_male")]
    book["kegiatan"].delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    dry = checks.check(small_store, "t.xlsx", buffer.getvalue())
    assert dry.ok, dry.problems
    # the other sheets hold only their examples: left out, as if deleted
    assert dry.summary[["kind", "rows", "insert"]].values.tolist() == [["activity", 1, 1]]


def test_a_csv_of_the_example_row_imports_nothing(small_store):
    data = b"activity_code,library_code\ncontoh: PD-3201011001-K1,PD-3201011001\n"
    assert [p.key for p in checks.check(small_store, "kegiatan.csv", data).problems] == ["problem.only_examples"]

"""The briefing pack: exported PPTX and PDF opened back and checked against the numbers."""

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tpbis import briefing, metrics
from tpbis.filters import Filters
from tpbis.i18n import number, percent

FILTERS = Filters(province="32", cohorts=(2021, 2022))


@pytest.fixture(scope="module")
def exported(demo_db, demo_store):
    store = demo_store
    deck = briefing.slides(store, FILTERS, "id")
    stamp = briefing.stamp(store, FILTERS, "id")
    numbers = metrics.headline(store, FILTERS)
    files = {"pptx": briefing.pptx_bytes(deck, stamp), "pdf": briefing.pdf_bytes(deck, stamp)}
    return deck, stamp, numbers, files


def test_six_slides_with_a_stamp(exported):
    deck, stamp, _, _ = exported
    assert [s.key for s in deck] == ["map", "kpis", "ranking", "training", "activities", "attention"]
    assert stamp.startswith("DATA DEMO") and "Jawa Barat" in stamp and "2021, 2022" in stamp
    assert "31 Des 2024" in stamp


def _expected_numbers(numbers) -> list[str]:
    return [number(numbers["libraries"]), percent(numbers["trained_share"]), percent(numbers["active_share"])]


def test_pptx_holds_the_same_slides_and_numbers(exported):
    deck, stamp, numbers, files = exported
    presentation = Presentation(io.BytesIO(files["pptx"]))
    texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in presentation.slides
    ]
    assert len(texts) == 6
    assert all(stamp in text for text in texts)
    assert [slide.title in text for slide, text in zip(deck, texts)] == [True] * 6
    assert all(value in texts[1] for value in _expected_numbers(numbers))
    pictures = sum(1 for slide in presentation.slides for shape in slide.shapes if shape.shape_type == 13)
    assert pictures == sum(1 for slide in deck if slide.figure is not None)


def test_pdf_holds_the_same_slides_and_numbers(exported):
    deck, stamp, numbers, files = exported
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages]
    assert len(pages) == 6
    assert all("DATA DEMO" in page and "Jawa Barat" in page for page in pages)
    assert all(value in pages[1] for value in _expected_numbers(numbers))
    assert deck[5].lines[0].split(" (")[0] in pages[5]


def test_names_typed_by_editors_are_written_as_typed_in_the_files(small_store):
    """Slide text is drawn as text in both files: markup in a name is never read as markup."""
    from tpbis.status import RED, library_status

    hostile = "<b>Desa</b> [x](https://evil.example/a) ![p](https://evil.example/p.png) $x^2$ :red[m]"
    status = library_status(small_store, Filters())
    red = status[status["status"] == RED].iloc[0]
    small_store.execute(
        "UPDATE library SET name = :n WHERE library_code = :c", {"n": hostile, "c": red["library_code"]}
    )
    filters = Filters(regency=red["regency_code"], province=red["regency_code"][:2])
    deck = [slide for slide in briefing.slides(small_store, filters, "id") if slide.key == "attention"]
    assert any(line.startswith(hostile) for line in deck[0].lines)
    pptx = Presentation(io.BytesIO(briefing.pptx_bytes(deck, "stempel")))
    assert any(hostile in shape.text_frame.text for shape in pptx.slides[0].shapes if shape.has_text_frame)
    pdf = PdfReader(io.BytesIO(briefing.pdf_bytes(deck, "stempel")))
    assert hostile in pdf.pages[0].extract_text()

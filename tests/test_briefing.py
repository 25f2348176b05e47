"""The briefing pack: exported PPTX and PDF opened back and checked against the numbers and
against what a person in the room would see."""

import io
import time
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from tpbis import briefing, briefing_files, metrics, training
from tpbis.filters import Filters
from tpbis.i18n import number, percent
from tpbis.status import RED, library_status

FILTERS = Filters(province="32", cohorts=(2021, 2022))
SINCE = date(2024, 1, 1)  # every demo follow-up done counts, whenever the demo was made


@pytest.fixture(scope="module")
def exported(demo_db, demo_store):
    store = demo_store
    deck = briefing.slides(store, FILTERS, "id", since=SINCE)
    stamp = briefing.stamp(store, FILTERS, "id")
    info = briefing.file_info(store, FILTERS, "id")
    numbers = metrics.headline(store, FILTERS)
    files = {
        "pptx": briefing_files.pptx_bytes(deck, stamp, info),
        "pdf": briefing_files.pdf_bytes(deck, stamp, info),
    }
    return deck, stamp, numbers, files


def test_eight_slides_with_a_stamp(exported):
    deck, stamp, _, _ = exported
    assert [s.key for s in deck] == [
        "map",
        "kpis",
        "ranking",
        "training",
        "activities",
        "attention",
        "growth",
        "follow_ups",
    ]
    assert stamp.startswith("DATA DEMO") and "Jawa Barat" in stamp and "2021, 2022" in stamp
    assert "31 Des 2024" in stamp


def _expected_numbers(numbers) -> list[str]:
    return [number(numbers["libraries"]), percent(numbers["trained_share"]), percent(numbers["active_share"])]


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def test_pptx_holds_the_same_slides_and_numbers(exported):
    deck, stamp, numbers, files = exported
    presentation = Presentation(io.BytesIO(files["pptx"]))
    texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in presentation.slides
    ]
    assert len(texts) == len(deck) == 8
    assert all(stamp in text for text in texts)
    assert [slide.title in text for slide, text in zip(deck, texts)] == [True] * len(deck)
    assert all(value in texts[1] for value in _expected_numbers(numbers))
    pictures = [
        shape for slide in presentation.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 2  # the map and its growth; every bar and line chart is PowerPoint's own
    assert [len(_charts(slide)) for slide in presentation.slides] == [0, 0, 1, 1, 2, 0, 0, 1]
    assert presentation.core_properties.author == briefing_files.AUTHOR


def test_pptx_charts_name_every_area_in_full(exported, demo_store):
    _, _, _, files = exported
    slides = Presentation(io.BytesIO(files["pptx"])).slides
    regencies = set(demo_store.query("SELECT name FROM regency WHERE province_code = '32'")["name"])
    ranking = _charts(slides[2])[0]
    assert set(ranking.plots[0].categories) == regencies  # all of them, names not cut
    assert list(ranking.plots[0].series[0].values) == sorted(ranking.plots[0].series[0].values, reverse=True)
    trained = set(training.training_by_area(demo_store, FILTERS)["name"])
    assert set(_charts(slides[3])[0].plots[0].categories) == trained
    for chart in (ranking, _charts(slides[3])[0]):
        axis = chart._chartSpace.find(".//{*}catAx/{*}tickLblSkip")
        assert axis is not None and axis.get("val") == "1"  # PowerPoint skips no name
        assert chart.category_axis.tick_labels.font.size.pt >= 9  # >= 18 px on a 1920 px slide


def test_pptx_activities_and_participants_have_their_own_axes_and_colours(exported):
    _, _, _, files = exported
    charts = _charts(Presentation(io.BytesIO(files["pptx"])).slides[4])
    colours = [chart.plots[0].series[0].format.line.color.rgb for chart in charts]
    assert len(charts) == 2 and colours[0] != colours[1]
    assert [chart.chart_title.text_frame.text.split(" · ")[0] for chart in charts] == ["Kegiatan", "Peserta"]


def test_pdf_holds_the_same_slides_and_numbers(exported):
    deck, stamp, numbers, files = exported
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages]
    assert len(pages) == len(deck)
    assert all("DATA DEMO" in page and "Jawa Barat" in page for page in pages)
    assert all(value in pages[1] for value in _expected_numbers(numbers))
    assert deck[5].lines[1].text.split(" (")[0].split(":")[0] in pages[5]
    assert all(line.text in pages[6] for line in deck[6].lines[1:])  # coverage by year, in words
    # charts are vectors: their names and numbers are text in the PDF, not pixels
    assert all(name in pages[2] for name in deck[2].charts[0].categories)


def test_pdf_says_what_it_is(exported):
    _, stamp, _, files = exported
    info = PdfReader(io.BytesIO(files["pdf"])).metadata
    assert info.title == "Presentasi TPBIS — Jawa Barat"
    assert info.author == "Perpusnas — TPBIS Monitor"
    assert info.subject == stamp and "2021, 2022" in info.subject
    assert "DATA DEMO" in info["/Keywords"]


@pytest.mark.e2e
def test_pdf_pages_show_no_chart_text_cut_at_an_edge(exported, browser, tmp_path):
    """Each page drawn by Chromium: the page's margins and the chart area's first and last
    columns are background, so no name or label runs off the page or the plot."""
    from tests.pdf_pages import page_pictures
    from tpbis.slide_charts import SLIDE

    deck, _, _, files = exported
    pictures = page_pictures(browser, files["pdf"], tmp_path, len(deck))
    left, top, width, height = briefing_files.BODY
    for slide, picture in zip(deck, pictures):
        grey = picture.convert("L")
        scale = grey.width / SLIDE[0]
        assert grey.getextrema()[0] < 100, f"{slide.key}: nothing drawn"
        rows = range(int(top * scale), int((top + height) * scale))
        edges = [*range(0, int(40 * scale)), *range(grey.width - int(40 * scale), grey.width)]
        if slide.charts:
            edges += [*range(int(left * scale), int(left * scale) + 3)]
            edges += [*range(int((left + width) * scale) - 3, int((left + width) * scale))]
        dark = [(x, y) for x in edges for y in rows if grey.getpixel((x, y)) < 200]
        assert not dark, f"{slide.key}: something drawn at the edge, e.g. {dark[:3]}"


def test_attention_ranks_the_whole_country_by_province(demo_store):
    slide = next(s for s in briefing.slides(demo_store, Filters(), "id") if s.key == "attention")
    status = library_status(demo_store, Filters())
    red_provinces = status[status["status"] == RED]["province_code"].nunique()
    headings = [line.text.split(":")[0] for line in slide.lines if line.level == 0 and not line.colour]
    provinces = set(demo_store.query("SELECT name FROM province")["name"])
    named = [heading for heading in headings if heading in provinces]
    assert red_provinces > 1 and len(named) > 1
    assert slide.table is not None and len(slide.table) == status["status"].isin([RED, "kuning"]).sum()
    assert list(slide.table["status"]).index("Kuning") == (status["status"] == RED).sum()  # red first
    # under each province, its most severe library first
    first_under = slide.lines[
        slide.lines.index(next(line for line in slide.lines if line.text.startswith(named[0]))) + 1
    ]
    worst = slide.table[slide.table["province"] == named[0]].iloc[0]
    assert first_under.colour is not None and first_under.text.startswith(f"{worst['library']} ({worst['regency']})")


def test_names_typed_by_editors_are_written_as_typed_in_the_files(small_store):
    """Slide text is drawn as text in both files: markup in a name is never read as markup."""
    hostile = "<b>Desa</b> [x](https://evil.example/a) ![p](https://evil.example/p.png) $x^2$ :red[m]"
    status = library_status(small_store, Filters())
    red = status[status["status"] == RED].iloc[0]
    small_store.execute(
        "UPDATE library SET name = :n WHERE library_code = :c", {"n": hostile, "c": red["library_code"]}
    )
    filters = Filters(regency=red["regency_code"], province=red["regency_code"][:2])
    deck = [slide for slide in briefing.slides(small_store, filters, "id") if slide.key == "attention"]
    assert any(line.text.startswith(hostile) for line in deck[0].lines)
    info = briefing.file_info(small_store, filters, "id")
    pptx = Presentation(io.BytesIO(briefing_files.pptx_bytes(deck, "stempel", info)))
    assert any(hostile in shape.text_frame.text for shape in pptx.slides[0].shapes if shape.has_text_frame)
    pdf = PdfReader(io.BytesIO(briefing_files.pdf_bytes(deck, "stempel", info)))
    assert hostile in pdf.pages[0].extract_text().replace("\n", " ")


def test_the_shell_writes_one_province_briefing_that_opens_and_names_it(demo_db, tmp_path):
    from tests import databases
    from tpbis import cli

    (tmp_path / "db").mkdir()
    copy = databases.copy_of(demo_db, tmp_path / "db")  # this process holds demo_db open already
    assert cli.main(["briefing", "--province", "32", "--out", str(tmp_path / "out"), "--db", copy]) == 0
    tmp_path = tmp_path / "out"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing-32-jawa-barat.pdf", "briefing-32-jawa-barat.pptx"]
    pdf = PdfReader(tmp_path / "briefing-32-jawa-barat.pdf")
    assert len(pdf.pages) == 8 and "Jawa Barat" in pdf.metadata.title and "Jawa Barat" in pdf.pages[0].extract_text()
    pptx = Presentation(str(tmp_path / "briefing-32-jawa-barat.pptx"))
    assert len(pptx.slides) == 8 and "Jawa Barat" in pptx.core_properties.title


def test_the_pack_holds_a_pdf_and_a_pptx_for_the_nation_and_every_province(demo_store):
    import zipfile

    from tpbis import briefing_pack

    def undrawn(store, filters, lang):  # the files' content is tested above; here only the pack
        stem = briefing_pack.file_stem(filters.province, briefing.area_name(store, filters))
        return {f"{stem}.pdf": b"%PDF", f"{stem}.pptx": filters.province.encode() if filters.province else b""}

    buffer = io.BytesIO()
    steps = list(briefing_pack.write_zip(demo_store, Filters(cohorts=(2022,)), "id", buffer, files=undrawn))
    assert [s.done for s in steps] == list(range(1, 36)) and steps[-1].total == 35
    names = zipfile.ZipFile(buffer).namelist()
    assert len(names) == len(set(names)) == 35 * 2
    assert {"briefing-00-indonesia.pdf", "briefing-32-jawa-barat.pptx", "briefing-31-dki-jakarta.pdf"} <= set(names)
    assert zipfile.ZipFile(buffer).read("briefing-32-jawa-barat.pptx") == b"32"


def test_a_pack_left_early_makes_no_more_areas(demo_store):
    """The visitor went elsewhere while the pack was made: the areas not yet begun are not made."""
    import threading

    from tpbis import briefing_pack

    made, lock, released = [], threading.Lock(), threading.Event()

    def counted(store, filters, lang):
        with lock:
            made.append(filters.province)
        if filters.province is not None:  # the nation's files at once; a province's when released
            released.wait(10)
        return {f"{filters.province}.pdf": b"%PDF"}

    steps = briefing_pack.write_zip(demo_store, Filters(), "id", io.BytesIO(), files=counted)
    assert next(steps).done == 1
    begun = 1 + briefing_pack.AREAS_AT_ONCE  # the nation, then as many areas as run at once
    deadline = time.monotonic() + 10
    while len(made) < begun and time.monotonic() < deadline:  # (a busy machine starts them late)
        time.sleep(0.01)
    threading.Timer(0.5, released.set).start()  # the areas begun end; closing waits for them
    steps.close()
    # the nation among the first begun (threads may start in any order), and none begun after
    assert None in made and len(made) == begun


def test_file_names_are_plain_ascii():
    from tpbis.briefing_pack import file_stem

    assert file_stem(None, "Indonesia") == "briefing-00-indonesia"
    assert file_stem("19", "Kep. Bangka Belitung") == "briefing-19-kep-bangka-belitung"
    assert file_stem("99", "Papua Barat Daya (Sorong)") == "briefing-99-papua-barat-daya-sorong"
    assert file_stem("91", "Papua", 2022) == "briefing-91-papua-38-provinsi"  # not the programme's Papua


def test_a_deck_of_todays_38_provinces_says_so(small_store):
    from tpbis.i18n import t as text

    programme, today = Filters(province="91"), Filters(province="91", edition=2022)
    assert text("filter.edition") not in briefing.stamp(small_store, programme, "id")
    assert f"{text('filter.edition')}: {text('filter.edition.2022')}" in briefing.stamp(small_store, today, "id")


def test_equal_values_get_the_same_colour_in_a_ranking():
    from tpbis.i18n import t as text
    from tpbis.slide_charts import BAR, WEAK

    def ranked(values):
        names = [f"Kab. {n}" for n in range(len(values))]
        return briefing._ranked_bars("x", names, values, [str(v) for v in values], "kabupaten/kota", "id")

    chart, note = ranked([16, 12, 10, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])  # ten at 0: five would be marked
    assert chart.colours == [BAR] * 5 + [WEAK] * 10
    assert note.endswith(text("briefing.ranking.weak_tied", count=10))
    chart, note = ranked([9, 8, 7, 6, 5, 4, 3, 2, 1])  # no ties: the bottom three (a third)
    assert chart.colours == [BAR] * 6 + [WEAK] * 3 and note.endswith(text("briefing.ranking.weak", count=3))
    shares = [90, 80, 70, 68.21, 68.18, 50]  # 68,2% twice: both orange with the bottom one, or neither
    labels = ["90,0%", "80,0%", "70,0%", "68,2%", "68,2%", "50,0%"]
    chart, _ = briefing._ranked_bars("x", list("ABCDEF"), shares, labels, "x", "id")
    assert chart.colours == [BAR] * 3 + [WEAK] * 3
    chart, note = ranked([0] * 7)  # all equal: none is the weakest
    assert chart.colours == [BAR] * 7 and text("briefing.ranking.weak", count=2) not in note


def test_a_cut_ranking_shows_where_it_is_cut():
    from tpbis.i18n import t as text

    values = list(range(40, 0, -1))
    chart, note = briefing._ranked_bars("x", [f"A{v}" for v in values], values, [str(v) for v in values], "x", "id")
    gap = briefing.MAX_BARS - briefing.BOTTOM_KEPT
    assert len(chart.categories) == briefing.MAX_BARS + 1
    assert chart.categories[gap] == text("briefing.ranking.gap", count="6") and chart.values[gap] == 0
    assert chart.labels[gap] == "11 – 16"  # the values left out
    assert chart.categories[gap - 1] == "A17" and chart.categories[gap + 1] == "A10"


def test_the_map_slide_names_no_empty_area_as_most_and_counts_ties(small_store):
    import pandas as pd

    from tpbis.i18n import t as text

    areas = pd.DataFrame(
        {
            "code": [f"99.{n:02d}" for n in range(12)],
            "name": [f"Kab. {c}" for c in "ABCDEFGHIJKL"],
            "libraries": [5, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        }
    )
    slide = briefing._map(small_store, Filters(), areas, text("briefing.areas.province"), "id")
    texts = [line.text for line in slide.lines]
    most = texts[texts.index(text("briefing.map.most")) + 1 : texts.index(text("briefing.map.fewest"))]
    assert most == ["Kab. A: 5", "Kab. B: 3", "Kab. C: 2"]  # not "Kab. D: 0" among the most
    assert texts[-1] == text("briefing.map.tied", count="4", areas=text("briefing.areas.province"), value="0")


def test_a_regencys_map_and_ranking_slides_are_its_provinces_asked_once(small_store):
    """The page asks for them with slide_filters: one answer for all the province's regencies."""
    regency = small_store.scalar("SELECT min(regency_code) FROM library")
    in_regency = Filters(province=regency[:2], regency=regency)
    for key in briefing.PROGRAMME_SLIDES:
        asked = briefing.slide_filters(in_regency, key)
        assert asked == (Filters(province=regency[:2]) if key in ("map", "ranking") else in_regency)
        if key in briefing.AREA_SLIDES:
            alone, with_province = (briefing.programme_slide(small_store, f, "id", key) for f in (in_regency, asked))
            marked = briefing.marked(with_province, regency, "id")  # what the page shows
            assert (alone.title, alone.lines, alone.note) == (marked.title, marked.lines, marked.note)
            assert (alone.picture, alone.charts) == (marked.picture, marked.charts)
            assert (marked.lines, marked.note, marked.charts) != (
                with_province.lines,
                with_province.note,
                with_province.charts,
            )


def test_a_regencys_briefing_marks_the_regency_on_its_provinces_map_and_ranking(demo_store):
    """A regency's briefing showed its province's map and ranking, with nothing to say which of
    the regencies was the one it was about."""
    from tpbis import map_picture, slide_charts
    from tpbis.i18n import t as text

    regencies = metrics.regencies_with_coverage(demo_store, Filters(province="32"))
    ranked = regencies.sort_values(["libraries", "name"], ascending=[False, True])
    third = ranked.iloc[2]  # a regency in the middle of the ranking, with libraries
    deck = briefing.programme_slides(demo_store, Filters(province="32", regency=third["code"]), "id")
    by_key = {slide.key: slide for slide in deck}
    rank = 1 + int((ranked["libraries"] > third["libraries"]).sum())
    words = dict(name=third["name"], libraries=number(third["libraries"]), rank=str(rank), count=str(len(ranked)))
    assert by_key["map"].lines[0].text == text("briefing.map.yours", areas=text("briefing.areas.regency"), **words)
    assert f'stroke="{map_picture.MARK}"' in by_key["map"].picture
    chart = by_key["ranking"].charts[0]
    assert [c for c, colour in zip(chart.categories, chart.colours) if colour == slide_charts.MARKED] == [third["name"]]
    assert by_key["ranking"].note.endswith(text("briefing.ranking.yours", **words))
    province = {slide.key: slide for slide in briefing.programme_slides(demo_store, Filters(province="32"), "id")}
    assert slide_charts.MARKED not in province["ranking"].charts[0].colours
    assert f'stroke="{map_picture.MARK}"' not in province["map"].picture


def test_a_regency_the_ranking_leaves_out_is_named_in_its_note():
    import pandas as pd

    from tpbis.i18n import t as text

    values = list(range(40, 0, -1))
    areas = pd.DataFrame(
        {"code": [f"99.{v:02d}" for v in values], "name": [f"A{v}" for v in values], "libraries": values}
    )
    slide = briefing._ranking(Filters(province="99"), areas, text("briefing.areas.regency"), "id")
    marked = briefing.marked(slide, "99.15", "id")  # 26th of 40: in the part left out
    assert marked.charts == slide.charts
    assert marked.note.endswith(
        text("briefing.ranking.yours_hidden", name="A15", rank="26", count="40", libraries="15")
    )


def test_an_outline_is_added_only_for_an_area_the_picture_has():
    svg = '<svg><svg><g stroke="#ffffff"><path data-code="32.01" fill="#abc" d="M0 0h5v5z"/></g></svg></svg>'
    from tpbis import map_picture

    assert map_picture.marked(svg, "32.02") == svg
    outlined = map_picture.marked(svg, "32.01")
    assert outlined.endswith(
        f'stroke-linejoin="round" d="M0 0h5v5z" stroke="{map_picture.MARK}" stroke-width="3"/></svg></svg>'
    )


def test_an_empty_ranking_says_so(small_store):
    from tpbis.i18n import t as text

    slide = briefing._ranking(Filters(), small_store.query("SELECT 'A' AS name, 0 AS libraries"), "x", "id")
    assert slide.figure is None and [line.text for line in slide.lines] == [text("briefing.growth.none")]


def test_pptx_bar_labels_are_written_as_the_deck_writes_numbers(exported):
    """Not a number format, which PowerPoint shows with the viewer's own separators."""
    deck, _, _, files = exported
    presentation = Presentation(io.BytesIO(files["pptx"]))
    training = next(i for i, slide in enumerate(deck) if slide.key == "training")
    (chart,) = _charts(presentation.slides[training])
    series = chart.plots[0].series[0]
    written = [series.points[i].data_label.text_frame.text for i in range(len(deck[training].charts[0].labels))]
    assert written == deck[training].charts[0].labels and any("," in label for label in written)


def test_coverage_grows_cohort_by_cohort_on_one_colour_scale(small_store):
    from tpbis import coverage_growth

    cohorts = small_store.query("SELECT cohort_year, count(*) AS n FROM library GROUP BY 1 ORDER BY 1")
    steps = coverage_growth.steps(small_store, Filters(), "id")
    assert [step.year for step in steps] == list(cohorts["cohort_year"])
    assert [step.libraries for step in steps] == list(cohorts["n"].cumsum())
    assert steps[-1].libraries == metrics.headline(small_store, Filters())["libraries"]
    assert all(a.areas <= b.areas for a, b in zip(steps, steps[1:]))
    scale_end = number(coverage_growth.top(steps))
    assert all(f">{scale_end}</text>" in step.picture for step in steps)  # one scale: every legend ends alike
    slide = next(s for s in briefing.slides(small_store, Filters(), "id") if s.key == "growth")
    assert [line.text.split(":")[0] for line in slide.lines[1:]] == [str(step.year) for step in steps]


@pytest.mark.parametrize("province", [None, "32"])
def test_the_growth_slide_has_its_colour_bar_in_the_cell_after_the_maps(small_store, province):
    """No empty cell: the maps and, in the cell left over, the colour bar of their shared scale."""
    from tpbis import coverage_growth, maps

    filters = Filters(province=province)
    figure = briefing._growth(small_store, filters, "id").figure
    images, bars = figure.layout.images, [trace.marker for trace in figure.data if trace.marker.showscale]
    assert len(images) == 3 and len(bars) == 1  # three cohorts: a 2 x 2 grid
    assert {image.yanchor for image in images} == {"top"}  # each map right under its year, not far below it
    corners = {(image.x - image.sizex / 2, image.y) for image in images}
    grid = {(x, y) for x in {x for x, _ in corners} for y in {y for _, y in corners}}
    ((left, top),) = grid - corners
    bar, scale_end = bars[0], coverage_growth.top(coverage_growth.steps(small_store, filters, "id"))
    assert left < bar.colorbar.x < left + images[0].sizex and top - images[0].sizey < bar.colorbar.y < top
    assert (bar.cmin, bar.cmax, bar.colorscale) == (0, scale_end, tuple(tuple(stop) for stop in maps.SCALE))
    assert list(bar.colorbar.ticktext) == ["0", number(scale_end)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_lines_break_at_spaces_but_never_inside_the_growth_scale(lang):
    """The legend in words keeps "0 – 16" on one line, however narrow its box."""
    from tpbis.i18n import t as text

    legend = text("briefing.growth.legend", lang, top="16")
    for width in range(60, 400, 5):
        lines = briefing_files._wrapped(legend, "Helvetica-Bold", 13, width)
        assert " ".join(lines) == legend and any("0\u00a0–\u00a016" in line for line in lines), lines


def test_a_map_slide_of_few_areas_names_each_once(small_store):
    from tpbis.i18n import t as text

    slide = briefing.slides(small_store, Filters(province="93", edition=2022), "id")[0]  # Papua Selatan: 4
    names = [line.text.split(":")[0] for line in slide.lines if line.level == 1]
    assert len(names) == 4 == len(set(names))
    assert [line.text for line in slide.lines if line.level == 0][1:] == [text("briefing.map.all")]


def test_a_failed_drawing_is_tried_again_by_the_next_file(monkeypatch):
    """Slides are cached and shared: a drawing that failed once (Chromium busy, killed) must not
    stay failed in them."""
    from concurrent.futures import Future

    import plotly.graph_objects as go

    answers = iter([RuntimeError("Chromium went away"), b"%PDF-drawn"])

    class Browser:
        def draw(self, figure, kind):
            future: Future[bytes] = Future()
            answer = next(answers)
            future.set_exception(answer) if isinstance(answer, Exception) else future.set_result(answer)
            return future

    monkeypatch.setattr(briefing_files, "_browser", Browser)
    slide = briefing.Slide("ranking", "Peringkat", go.Figure())
    with pytest.raises(RuntimeError):
        briefing_files.drawn(slide, "pdf")
    assert briefing_files.drawn(slide, "pdf") == b"%PDF-drawn"
    assert briefing_files.drawn(slide, "pdf") == b"%PDF-drawn"  # and kept once drawn


def test_a_browser_start_that_never_ends_is_given_up_and_tried_once_more(monkeypatch):
    """Once in CI, kaleido's start never ended (Chromium up, no answer), and the briefing
    waited for it for good. Here the first start hangs; the second, real, draws the chart."""
    import asyncio

    import kaleido
    import plotly.graph_objects as go

    starts = []
    real_open = kaleido.Kaleido.open

    async def hangs_the_first_time(self):
        starts.append(self)
        if len(starts) == 1:
            await asyncio.sleep(3600)
        return await real_open(self)

    monkeypatch.setattr(kaleido.Kaleido, "open", hangs_the_first_time)
    monkeypatch.setattr(briefing_files, "OPEN_WITHIN", 15)  # a real start takes 2-5 s
    monkeypatch.setattr(briefing_files, "CLOSE_WITHIN", 3)
    monkeypatch.setattr(briefing_files, "_started", [])  # a browser of its own, closed below
    browser = briefing_files._browser()
    try:
        figure = go.Figure(go.Bar(y=[1, 2]), layout={"width": 200, "height": 100})
        assert browser.draw(figure, "png").result(timeout=60).startswith(b"\x89PNG")
        assert len(starts) == 2
    finally:
        browser.close()


def test_a_regency_without_a_library_gets_no_rank():
    """In a province where every regency had none, each was said to rank 1st."""
    import pandas as pd

    from tpbis.i18n import t as text

    areas = pd.DataFrame({"code": ["99.01", "99.02", "99.03"], "name": ["A", "B", "C"], "libraries": [4, 0, 0]})
    ranking = briefing.marked(briefing._ranking(Filters(province="99"), areas, "x", "id"), "99.02", "id")
    assert ranking.note.endswith(text("briefing.yours.none", name="B")) and "peringkat" not in ranking.note
    assert "#000000" not in ranking.charts[0].colours  # no black bar of zero length; it keeps the weak colour


def test_an_area_drawn_as_a_point_gets_a_ring():
    from tpbis import map_picture

    svg = '<svg><svg><g stroke="#ffffff"><circle data-code="32.18" cx="10" cy="20" r="8" fill="#abc"/></g></svg></svg>'
    ringed = map_picture.marked(svg, "32.18")
    assert f'<circle fill="none" cx="10" cy="20" r="11" stroke="{map_picture.MARK}" stroke-width="3"/>' in ringed


def test_a_note_of_two_lines_moves_the_chart_down_in_the_files():
    """A regency's place after a long ranking note wrapped onto a second line, under the chart."""
    import pandas as pd
    from pptx import Presentation

    values = list(range(40, 0, -1))
    names = [f"Kabupaten Kepulauan Siau Tagulandang Biaro {v}" for v in values]
    areas = pd.DataFrame({"code": [f"99.{v:02d}" for v in values], "name": names, "libraries": values})
    plain = briefing._ranking(Filters(province="99"), areas, "kabupaten/kota", "id")
    slide = briefing.marked(plain, "99.15", "id")  # left out of the cut ranking: the longer sentence
    assert briefing_files._body(plain) == briefing_files.BODY
    left, top, width, height = briefing_files._body(slide)
    assert top > briefing_files.BODY[1] and top + height == sum(briefing_files.BODY[1::2])
    info = briefing.FileInfo("t", "s", "k")
    shown = Presentation(io.BytesIO(briefing_files.pptx_bytes([slide], "footer", info))).slides[0]
    assert [shape.top for shape in shown.shapes if shape.has_chart] == [briefing_files._emu(top)]

"""The briefing as files: PowerPoint with its own (editable) charts and a PDF with the charts as
vectors, laid out on a 1920 x 1080 slide (1 px = 1/144 in in PPTX, 1/2 pt in PDF), with the
stamp on every slide and the scope and DATA DEMO in the files' properties."""

from __future__ import annotations

import asyncio
import atexit
import io
import os
import re
import threading
from concurrent.futures import Future

import plotly.graph_objects as go

from tpbis.briefing import FileInfo, Line, Slide
from tpbis.slide_charts import CHART, INK, MAP, SLIDE, TEXT_PX, WEAK, Chart, stack_gap

CHROMIUM = "/usr/bin/chromium"
AUTHOR = "Perpusnas — TPBIS Monitor"

# where things sit on the slide, in slide pixels: (left, top, width, height)
TITLE = (72, 36, 1776, 80)
NOTE = (72, 118, 1776, 44)
BODY = (60, 170, CHART[0], CHART[1])
TEXT = (72, 180, 1776, 830)  # a slide of lines
BESIDE_MAP = (60 + MAP[0] + 40, 190, SLIDE[0] - MAP[0] - 160, 800)
FOOTER = (72, 1032, 1776, 32)
TITLE_PX, NOTE_PX, LINE_PX, FOOTER_PX, KPI_LABEL_PX, KPI_PX = 56, 28, 26, 20, 32, 96


def can_draw() -> bool:
    """Charts for the files need a Chromium on this machine (no download at run time)."""
    return os.path.exists(CHROMIUM) or bool(os.environ.get("BROWSER_PATH"))


TABS = 3  # kaleido reloads a tab (~0.2 s) after each chart: the others draw meanwhile
# Seconds. Once in CI, kaleido's start never ended (Chromium up, no answer from it), and every
# file waited for it for good; a start that takes longer is given up and tried once more.
OPEN_WITHIN = 60
DRAW_WITHIN = 120  # a chart: ~0.2-2 s
CLOSE_WITHIN = 30


class _Browser:
    """One kaleido browser for the process, with TABS tabs and its own event loop, so that
    several threads' charts are drawn at once."""

    def __init__(self) -> None:
        import kaleido

        if os.path.exists(CHROMIUM):
            os.environ.setdefault("BROWSER_PATH", CHROMIUM)
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido", daemon=True).start()
        self.kaleido = kaleido.Kaleido(n=TABS, mathjax=False)  # no MathJax: nothing from a CDN
        try:
            asyncio.run_coroutine_threadsafe(self.kaleido.open(), self.loop).result(timeout=OPEN_WITHIN)
        except BaseException:
            self.close()
            raise
        atexit.register(self.close)

    def draw(self, figure: go.Figure, kind: str) -> Future[bytes]:
        size = {"width": figure.layout.width, "height": figure.layout.height}
        job = self.kaleido.calc_fig(figure.to_dict(), {"format": kind, **size})
        return asyncio.run_coroutine_threadsafe(job, self.loop)

    def close(self) -> None:
        atexit.unregister(self.close)
        if not self.loop.is_running():  # closed already
            return
        try:
            asyncio.run_coroutine_threadsafe(self.kaleido.close(), self.loop).result(timeout=CLOSE_WITHIN)
        except Exception:  # closing a browser that never answered: its process is left to the system
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)


_started: list[_Browser] = []
_starting = threading.Lock()


def _browser() -> _Browser:
    """The browser, started on the first chart (a second time if the first start hangs)."""
    with _starting:
        if not _started:
            try:
                _started.append(_Browser())
            except TimeoutError:
                _started.append(_Browser())
        return _started[0]


def _give_up_browser() -> None:
    """After a drawing that never came: the next file starts a new browser."""
    with _starting:
        given_up = _started[:]
        _started.clear()
    for browser in given_up:
        threading.Thread(target=browser.close, daemon=True).start()


def start_drawing(deck: list[Slide], charts: bool = True) -> None:
    """Every drawing a file needs, asked for at once: pictures as PNG and (for the PDF, whose
    charts are kaleido's vectors) the charts as PDF."""
    for slide in deck:
        if slide.figure is not None and (charts or not slide.charts):
            drawing(slide, "pdf" if slide.charts else "png")


def drawing(slide: Slide, kind: str) -> Future[bytes]:
    if kind not in slide.drawings:
        assert slide.figure is not None
        slide.drawings[kind] = _browser().draw(slide.figure, kind)
    return slide.drawings[kind]


def drawn(slide: Slide, kind: str) -> bytes:
    """The slide's figure as PNG or PDF at its own size, drawn once for however many files use it."""
    try:
        return drawing(slide, kind).result(timeout=DRAW_WITHIN)
    except TimeoutError:
        slide.drawings.pop(kind, None)
        _give_up_browser()
        raise
    except Exception:
        slide.drawings.pop(kind, None)  # a failed drawing is tried again by the next file
        raise


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def pptx_bytes(deck: list[Slide], footer: str, info: FileInfo) -> bytes:
    """The slides as a PowerPoint file: bar and line charts as PowerPoint charts, the map as a picture."""
    from pptx import Presentation
    from pptx.util import Emu

    start_drawing(deck, charts=False)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(_emu(SLIDE[0])), Emu(_emu(SLIDE[1]))
    properties = presentation.core_properties
    properties.title, properties.author, properties.subject = info.title, AUTHOR, info.subject
    properties.keywords = info.keywords
    blank = presentation.slide_layouts[6]
    for slide in deck:
        page = presentation.slides.add_slide(blank)
        _textbox(page, TITLE, [Line(slide.title)], TITLE_PX, bold=True)
        if slide.note:
            _textbox(page, NOTE, [Line(slide.note)], NOTE_PX)
        _textbox(page, FOOTER, [Line(footer)], FOOTER_PX)
        if slide.charts:
            _native_charts(page, slide.charts, _body(slide))
        elif slide.figure is not None:
            left, top, _, _ = BODY
            page.shapes.add_picture(io.BytesIO(drawn(slide, "png")), _emu(left), _emu(top), _emu(MAP[0]))
        for index, (label, value) in enumerate(slide.kpis):
            left, top = 90 + 600 * (index % 3), 240 + 380 * (index // 3)
            box = _textbox(page, (left, top, 560, 320), [Line(label)], KPI_LABEL_PX)
            paragraph = box.text_frame.add_paragraph()
            paragraph.text, paragraph.font.size, paragraph.font.bold = value, _pt(KPI_PX), True
        if slide.lines:
            area = BESIDE_MAP if slide.figure is not None else TEXT
            _textbox(page, area, slide.lines, LINE_PX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _emu(px: float) -> int:
    return int(px * 914400 / 144)


def _pt(px: float):
    from pptx.util import Pt

    return Pt(px / 2)


def _textbox(page, box: tuple[int, int, int, int], lines: list[Line], px: int, bold: bool = False):
    shape = page.shapes.add_textbox(*(_emu(v) for v in box))
    frame = shape.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if line.colour:
            marker = paragraph.add_run()
            marker.text, marker.font.size = "●  ", _pt(px)
            marker.font.color.rgb = _rgb(line.colour)
        run = paragraph.add_run()
        run.text = line.text
        run.font.size, run.font.bold = _pt(px), bold or (line.level == 0 and len(lines) > 1 and not line.colour)
        run.font.color.rgb = _rgb(INK)
        paragraph.level = line.level
    return shape


def _body(slide: Slide) -> tuple[int, int, int, int]:
    """Where a slide's charts go: BODY, its top lowered under every line of the note after the
    first (a regency's place in its province's ranking follows the ranking's own note)."""
    left, top, width, height = BODY
    lines = len(_wrapped(slide.note, "Helvetica", NOTE_PX / 2, NOTE[2] / 2)) if slide.note else 1
    lower = round(NOTE_PX * 1.3) * max(0, lines - 1)
    return left, top + lower, width, height - lower


def _native_charts(page, charts: list[Chart], body: tuple[int, int, int, int]) -> None:
    """Charts PowerPoint draws itself (its data sheet holds the numbers), stacked in the body."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE

    if charts[0].kind == "stack":
        _stacked_chart(page, charts, body)
        return
    left, top, width, height = body
    each = height / len(charts)
    for index, chart in enumerate(charts):
        data = CategoryChartData(number_format='#,##0.0"%"' if chart.maximum == 100 else "#,##0")
        data.categories = chart.categories
        data.add_series(chart.name, chart.values)
        bar = chart.kind == "bar"
        kind = XL_CHART_TYPE.BAR_CLUSTERED if bar else XL_CHART_TYPE.LINE
        frame = page.shapes.add_chart(kind, _emu(left), _emu(top + index * each), _emu(width), _emu(each), data)
        native = frame.chart
        native.has_legend = False
        native.font.size, native.font.color.rgb = _pt(chart.text_px), _rgb(INK)
        series = native.plots[0].series[0]
        categories, values = native.category_axis, native.value_axis
        categories.tick_labels.font.size = _pt(chart.text_px)
        categories.tick_labels.font.color.rgb = _rgb(INK)
        values.tick_labels.font.size = _pt(chart.text_px)
        values.tick_labels.font.color.rgb = _rgb(INK)
        if bar:
            _every_category_named(native)
            categories.reverse_order = True  # the first (best) at the top
            values.visible, values.has_major_gridlines = False, False
            values.minimum_scale = 0
            values.maximum_scale = (chart.maximum or max(chart.values, default=1) or 1) * 1.12
            native.plots[0].gap_width = 40
            series.invert_if_negative = False
            for point, (colour, label) in enumerate(zip(chart.colours, chart.labels)):
                fill = series.points[point].format.fill
                fill.solid()
                fill.fore_color.rgb = _rgb(colour)
                ink = WEAK if colour == WEAK else INK
                _written_label(series.points[point].data_label, label, chart.text_px, ink)
                series.points[point].data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        else:
            series.smooth = False
            series.marker.style = XL_MARKER_STYLE.NONE
            series.format.line.color.rgb = _rgb(chart.colours[0])
            series.format.line.width = _emu(5)
            values.minimum_scale = 0
            values.major_gridlines.format.line.color.rgb = _rgb("#d9d9d9")
            native.has_title = True
            title = native.chart_title.text_frame
            title.text = f"{chart.name} · {chart.categories[-1]}: {chart.labels[-1]}"
            title.paragraphs[0].runs[0].font.size = _pt(chart.text_px + 2)
            title.paragraphs[0].runs[0].font.bold = True
            title.paragraphs[0].runs[0].font.color.rgb = _rgb(chart.colours[0])
            last = series.points[len(chart.values) - 1].data_label
            _written_label(last, chart.labels[-1], chart.text_px, chart.colours[0])
            last.position = XL_LABEL_POSITION.ABOVE


def _stacked_chart(page, parts: list[Chart], body: tuple[int, int, int, int]) -> None:
    """One PowerPoint stacked bar chart, a series per part, counts inside, legend above."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION

    data = CategoryChartData(number_format="#,##0;-#,##0;")  # a zero is left unwritten
    data.categories = parts[0].categories
    for part in parts:
        data.add_series(part.name, part.values)
    left, top, width, height = body
    native = page.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, _emu(left), _emu(top), _emu(width), _emu(height), data
    ).chart
    text_px = parts[0].text_px
    native.font.size, native.font.color.rgb = _pt(text_px), _rgb(INK)
    native.has_legend = True
    native.legend.position, native.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    native.legend.font.size = _pt(TEXT_PX)
    categories, values = native.category_axis, native.value_axis
    categories.tick_labels.font.size = _pt(text_px)
    categories.tick_labels.font.color.rgb = _rgb(INK)
    _every_category_named(native)
    categories.reverse_order = True  # the first (most overdue) at the top
    values.visible, values.has_major_gridlines = False, False
    values.minimum_scale = 0
    values.maximum_scale = parts[0].maximum or None
    gap = stack_gap(len(parts[0].categories))
    native.plots[0].gap_width, native.plots[0].overlap = min(500, round(gap / (1 - gap) * 100)), 100
    for series, part in zip(native.plots[0].series, parts):
        series.invert_if_negative = False
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(part.colours[0])
    for series, part in zip(native.plots[0].series, parts):
        for point, label in enumerate(part.labels):
            if label:  # a zero is left unwritten
                _written_label(series.points[point].data_label, label, text_px, "#FFFFFF")
                series.points[point].data_label.position = XL_LABEL_POSITION.CENTER


def _written_label(label, text: str, px: int, colour: str) -> None:
    """A data label in the deck's own words: a number format would follow the viewer's Office
    settings (91.7% in an Indonesian deck on an English computer)."""
    label.text_frame.text = text
    for run in label.text_frame.paragraphs[0].runs:
        run.font.size, run.font.color.rgb = _pt(px), _rgb(colour)


def _every_category_named(chart) -> None:
    """PowerPoint skips category names it thinks crowded; a ranking needs every one."""
    from pptx.oxml.ns import qn

    axis = chart._chartSpace.find(".//" + qn("c:catAx"))
    skip = axis.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    after = axis.find(qn("c:noMultiLvlLbl"))
    after.addprevious(skip) if after is not None else axis.append(skip)


def pdf_bytes(deck: list[Slide], footer: str, info: FileInfo) -> bytes:
    """The same slides as a PDF, one 16:9 page each: text as text, charts as vectors (kaleido's
    PDF of the figure laid on the page), the map as a picture."""
    from pypdf import PdfReader, PdfWriter, Transformation

    start_drawing(deck)
    writer = PdfWriter(clone_from=io.BytesIO(_pdf_text(deck, footer)))
    for slide, page in zip(deck, writer.pages):
        if slide.charts and slide.figure is not None:
            chart = PdfReader(io.BytesIO(drawn(slide, "pdf"))).pages[0]
            left, top, width, height = _body(slide)
            scale = min((width / 2) / float(chart.mediabox.width), (height / 2) / float(chart.mediabox.height))
            y = (SLIDE[1] - top - height) / 2
            page.merge_transformed_page(chart, Transformation().scale(scale, scale).translate(left / 2, y))
    writer.add_metadata({"/Title": info.title, "/Author": AUTHOR, "/Subject": info.subject, "/Keywords": info.keywords})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_text(deck: list[Slide], footer: str) -> bytes:
    """The pages without their charts: titles, notes, figures, lines, the map, the stamp."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    width, height = SLIDE[0] / 2, SLIDE[1] / 2
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height))

    def write(text: str, box: tuple[float, ...], px: int, font: str = "Helvetica") -> float:
        """Text wrapped into the box from its top; returns where the next line starts (px)."""
        left, top, box_width, _ = box
        pdf.setFont(font, px / 2)
        for part in _wrapped(text, font, px / 2, box_width / 2):
            top += px * 1.3
            pdf.drawString(left / 2, height - top / 2, part)
        return top

    for slide in deck:
        pdf.setFillColor(HexColor(INK))
        write(slide.title, TITLE, TITLE_PX, "Helvetica-Bold")
        if slide.note:
            write(slide.note, NOTE, NOTE_PX)
        write(footer, FOOTER, FOOTER_PX)
        if slide.figure is not None and not slide.charts:
            left, top, _, _ = BODY
            image = ImageReader(io.BytesIO(drawn(slide, "png")))
            pdf.drawImage(image, left / 2, height - (top + MAP[1]) / 2, width=MAP[0] / 2, height=MAP[1] / 2)
        for index, (label, value) in enumerate(slide.kpis):
            left, top = 90 + 600 * (index % 3), 240 + 380 * (index // 3)
            after = write(label, (left, top, 560, 100), KPI_LABEL_PX)
            write(value, (left, after + 10, 560, 120), KPI_PX, "Helvetica-Bold")
        left, first, box_width, _ = BESIDE_MAP if slide.figure is not None else TEXT
        below: float = first
        for line in slide.lines:
            indent = 44 * line.level
            if line.colour:
                pdf.setFillColor(HexColor(line.colour))
                pdf.circle(
                    (left + indent - 20) / 2, height - (below + LINE_PX * 0.95) / 2, LINE_PX / 6, fill=1, stroke=0
                )
                pdf.setFillColor(HexColor(INK))
            font = "Helvetica-Bold" if line.level == 0 and len(slide.lines) > 1 else "Helvetica"
            below = write(line.text, (left + indent, below, box_width - indent, 0), LINE_PX, font) + LINE_PX * 0.35
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    """Text broken into lines at its spaces, never at a no-break space (reportlab's simpleSplit
    breaks at both): "0\u00a0–\u00a016" stays on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for word in re.split(r"[^\S\u00a0]+", text.strip()):
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
        elif word:
            lines.append(word)
    return lines

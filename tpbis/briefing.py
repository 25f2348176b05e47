"""The briefing for the filters: six slides (coverage map, key figures, ranking, training,
activities, libraries needing attention), shown by the Presentasi page and exported as
PPTX and PDF with the same content, stamped with the area, filters, data date and DATA DEMO."""

from __future__ import annotations

import atexit
import functools
import io
import os
import threading
import warnings
from dataclasses import dataclass, field

import plotly.express as px
import plotly.graph_objects as go

from tpbis import activities, date_axes, map_views, maps, metrics, training
from tpbis.filters import Display, Filters
from tpbis.i18n import SEPARATORS, day, number, percent, t
from tpbis.status import RED, library_status, reasons
from tpbis.store import Store

CHROMIUM = "/usr/bin/chromium"
warnings.filterwarnings("ignore", message="The kopts argument is ignored if using a server")
SIZE = (1600, 900)  # 16:9
FONT = {"font": {"size": 20}}


@dataclass
class Slide:
    key: str
    title: str
    figure: go.Figure | None = None
    kpis: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    _png: bytes | None = field(default=None, repr=False)

    def image(self) -> bytes:
        """The figure as a PNG, drawn once for however many files use it."""
        if self._png is None:
            self._png = png(self.figure)
        return self._png


def describe(store: Store, filters: Filters, lang: str) -> str:
    """The filters in words: area, cohorts, period."""
    names = store.query("SELECT code, name FROM province UNION ALL SELECT code, name FROM regency")
    names = dict(zip(names["code"], names["name"]))
    parts = [
        names.get(filters.regency) or names.get(filters.province) or "Indonesia",
        t("filter.cohort", lang) + ": " + (", ".join(map(str, filters.cohorts)) or t("filter.cohort.all", lang)),
    ]
    if filters.period_from or filters.period_to:
        start = day(filters.period_from, lang) if filters.period_from else "…"
        end = day(filters.period_to, lang) if filters.period_to else "…"
        parts.append(f"{t('filter.period', lang)}: {start} – {end}")
    return "; ".join(parts)


def stamp(store: Store, filters: Filters, lang: str) -> str:
    """What every exported page says about itself."""
    text = f"{describe(store, filters, lang)} · {t('data.as_of', lang, date=day(metrics.data_date(store), lang))}"
    return f"{t('demo.badge', lang)} · {text}" if metrics.is_demo(store) else text


def slides(store: Store, filters: Filters, lang: str) -> list[Slide]:
    result = []
    view = map_views.area_view(store, filters.with_(regency=None), Display(lang), "libraries")
    result.append(Slide("map", t("briefing.map", lang), _refitted(view)))

    numbers = metrics.headline(store, filters)
    result.append(
        Slide(
            "kpis",
            t("briefing.kpis", lang),
            kpis=[
                (t("kpi.provinces", lang), number(numbers["provinces"], lang)),
                (t("kpi.regencies", lang), number(numbers["regencies"], lang)),
                (t("kpi.libraries", lang), number(numbers["libraries"], lang)),
                (t("kpi.trained", lang), percent(numbers["trained_share"], lang)),
                (t("kpi.active", lang), percent(numbers["active_share"], lang)),
                (t("col.activities", lang), number(numbers["activities"], lang)),
            ],
        )
    )

    areas = (metrics.regencies_with_coverage if filters.province else metrics.provinces_with_coverage)(store, filters)
    top = areas[areas["libraries"] > 0].nlargest(15, "libraries").sort_values("libraries")
    ranking = px.bar(
        top,
        x="libraries",
        y="name",
        orientation="h",
        text="libraries",
        labels={"libraries": t("col.libraries", lang), "name": ""},
        color_discrete_sequence=["#08519c"],
    ).update_layout(**FONT)
    result.append(
        Slide(
            "ranking",
            t("briefing.ranking.regency" if filters.province else "briefing.ranking", lang),
            ranking if len(top) else None,
        )
    )

    by_area = training.training_by_area(store, filters)
    by_area = by_area.assign(
        share=by_area["managers_trained"] / by_area["managers"].where(by_area["managers"] > 0) * 100
    )
    figure = px.bar(
        by_area.sort_values("share").tail(20),
        x="share",
        y="name",
        orientation="h",
        range_x=[0, 100],
        labels={"share": t("col.trained_share", lang), "name": ""},
        color_discrete_sequence=["#3182bd"],
    ).update_layout(**FONT)
    result.append(
        Slide(
            "training",
            t("briefing.training", lang),
            figure if len(by_area) else None,
            lines=[] if len(by_area) else [t("training.empty", lang)],
        )
    )

    monthly = activities.monthly_activity(store, filters)
    figure = None
    if len(monthly):
        trend = monthly.assign(participants=monthly["male"] + monthly["female"])
        figure = px.line(
            trend, x="month", y=["activities", "participants"], labels={"month": "", "value": "", "variable": ""}
        ).update_layout(**FONT)
        figure.for_each_trace(lambda tr: tr.update(name=t(f"col.{tr.name}", lang), line={"width": 4}))
        date_axes.localise(figure, lang)
    result.append(
        Slide(
            "activities",
            t("briefing.activities", lang),
            figure,
            lines=[] if len(monthly) else [t("activities.empty", lang)],
        )
    )

    status = library_status(store, filters)
    red = status[status["status"] == RED]
    regency_names = dict(zip(*store.query("SELECT code, name FROM regency").values.T))
    lines = [
        f"{row['name']} ({regency_names[row['regency_code']]}): {', '.join(reasons(row, lang))}"
        for _, row in red.head(10).iterrows()
    ]
    if len(red) > 10:
        lines.append(t("briefing.attention.more", lang, count=number(len(red) - 10, lang)))
    result.append(Slide("attention", t("briefing.attention", lang), lines=lines or [t("activities.lapsed.none", lang)]))
    for slide in result:
        if slide.figure is not None:
            slide.figure.update_layout(separators=SEPARATORS[lang])
    return result


def _refitted(view: map_views.MapView) -> go.Figure:
    """The page's map fitted to a slide."""
    width, height = SIZE[0] - 100, SIZE[1] - 200
    assert view.figure is not None, "every area has a map"
    return go.Figure(view.figure.to_dict()).update_layout(
        width=width, height=height, map=maps.view(view.bounds, width=width, height=height)
    )


def can_draw() -> bool:
    """Charts for the files need a Chromium on this machine (no download at run time)."""
    return os.path.exists(CHROMIUM) or bool(os.environ.get("BROWSER_PATH"))


_drawing = threading.Lock()


@functools.cache
def _drawing_browser() -> None:
    """One kaleido browser for the process, started on the first chart."""
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)


def png(figure: go.Figure, width: int = SIZE[0] - 100, height: int = SIZE[1] - 200) -> bytes:
    """The figure as a PNG, drawn offline by Debian's Chromium through kaleido. The browser stays
    open for the next chart: ~0.2 s a chart instead of ~2 s."""
    if os.path.exists(CHROMIUM):
        os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    with _drawing:
        _drawing_browser()
        return figure.to_image(format="png", width=width, height=height, scale=1)


def pptx_bytes(deck: list[Slide], footer: str) -> bytes:
    """The slides as a PowerPoint file: title, chart or figures, and the stamp on each."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    blank = presentation.slide_layouts[6]
    for slide in deck:
        page = presentation.slides.add_slide(blank)
        _text(page.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)), slide.title, Pt(34), True)
        _text(page.shapes.add_textbox(Inches(0.5), Inches(6.95), Inches(12.3), Inches(0.4)), footer, Pt(12))
        if slide.figure is not None:
            page.shapes.add_picture(io.BytesIO(slide.image()), Inches(0.6), Inches(1.3), height=Inches(5.5))
        for index, (label, value) in enumerate(slide.kpis):
            box = page.shapes.add_textbox(
                Inches(0.6 + 4.2 * (index % 3)), Inches(1.6 + 2.4 * (index // 3)), Inches(4), Inches(2)
            )
            _text(box, label, Pt(22))
            paragraph = box.text_frame.add_paragraph()
            paragraph.text, paragraph.font.size, paragraph.font.bold = value, Pt(54), True
        if slide.lines:
            box = page.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12), Inches(5.4))
            box.text_frame.word_wrap = True
            _text(box, slide.lines[0], Pt(18))
            for line in slide.lines[1:]:
                paragraph = box.text_frame.add_paragraph()
                paragraph.text, paragraph.font.size = line, Pt(18)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _text(box, text: str, size, bold: bool = False) -> None:
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    paragraph = box.text_frame.paragraphs[0]
    paragraph.font.size, paragraph.font.bold = size, bold


def pdf_bytes(deck: list[Slide], footer: str) -> bytes:
    """The same slides as a PDF, one 16:9 page each, text kept as text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    width, height = 960, 540
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height))
    for slide in deck:
        pdf.setFont("Helvetica-Bold", 26)
        pdf.drawString(36, height - 50, slide.title)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(36, 16, footer)
        if slide.figure is not None:
            image = ImageReader(io.BytesIO(slide.image()))
            pdf.drawImage(image, 40, 40, width=width - 80, height=height - 110, preserveAspectRatio=True)
        for index, (label, value) in enumerate(slide.kpis):
            x, y = 50 + 300 * (index % 3), height - 150 - 170 * (index // 3)
            pdf.setFont("Helvetica", 16)
            pdf.drawString(x, y, label)
            pdf.setFont("Helvetica-Bold", 44)
            pdf.drawString(x, y - 52, value)
        pdf.setFont("Helvetica", 12)
        for index, line in enumerate(slide.lines):
            pdf.drawString(40, height - 100 - 22 * index, line[:150])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()

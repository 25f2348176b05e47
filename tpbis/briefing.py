"""The briefing for the filters: eight slides (coverage map, key figures, ranking, training,
activities, libraries needing attention, coverage growing by cohort, follow-ups since the last
meeting), shown by the Presentasi page and exported as PPTX and PDF with the same content
(tpbis/briefing_files.py), stamped with the area, filters, data date and DATA DEMO."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from tpbis import activities, coverage_growth, follow_ups, map_picture, map_views, maps, metrics, slide_charts, training
from tpbis.filters import Display, Filters
from tpbis.i18n import day, month, number, percent, t
from tpbis.slide_charts import INK, Chart
from tpbis.status import COLOURS, RED, YELLOW, library_status, reasons_of
from tpbis.store import Store

MAX_BARS = 34  # a ranking longer than this shows its top and bottom
BOTTOM_KEPT = 10  # of a cut ranking, the weakest that stay
WEAKEST = 5  # bars marked in the weak colour
MAP_NAMED = 5  # areas named on the map slide at each end
ATTENTION_GROUPS = 5  # provinces (or regencies) on the attention slide
ATTENTION_PER_GROUP = 2  # libraries named under each
ATTENTION_ONE_GROUP = 12  # libraries named when the scope is one regency
SINCE_DAYS = 30  # the follow-up slide counts from this many days before the data date, unless told


@dataclass(frozen=True)
class Line:
    text: str
    level: int = 0  # 0: a heading or sentence; 1: an item under the heading above it
    colour: str | None = None  # an item's marker, e.g. a library's status colour
    library_code: str | None = None  # the library an item names (a presenter may add a follow-up)


@dataclass(frozen=True)
class FileInfo:
    title: str
    subject: str  # scope, filters, data date, and DATA DEMO when it is
    keywords: str


@dataclass
class Slide:
    key: str
    title: str
    figure: go.Figure | None = None
    charts: list[Chart] = field(default_factory=list)  # the figure's data, for PowerPoint's own charts
    note: str = ""  # under the title: what the slide leaves out, what colours mean
    kpis: list[tuple[str, str]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    table: pd.DataFrame | None = None  # the full list behind the lines, for download
    picture: str = ""  # a map's SVG: the page shows it as an image, which fits any screen's width
    ranked: tuple[tuple[str, str, int], ...] = ()  # a map's or ranking's areas (code, name, libraries), most first
    drawings: dict[str, Future[bytes]] = field(default_factory=dict, repr=False)  # its PNG, PDF


def area_name(store: Store, filters: Filters) -> str:
    name = None
    if filters.regency:
        name = store.scalar("SELECT name FROM regency WHERE code = :c", {"c": filters.regency})
    if not name and filters.province:
        provinces = metrics.province_names(filters)
        name = store.scalar(f"SELECT name FROM {provinces} WHERE code = :c", {"c": filters.province})
    return name or "Indonesia"


def describe(store: Store, filters: Filters, lang: str) -> str:
    """The filters in words: area, cohorts, period."""
    parts = [
        area_name(store, filters),
        t("filter.cohort", lang) + ": " + (", ".join(map(str, filters.cohorts)) or t("filter.cohort.all", lang)),
    ]
    if filters.period_from or filters.period_to:
        start = day(filters.period_from, lang) if filters.period_from else "…"
        end = day(filters.period_to, lang) if filters.period_to else "…"
        parts.append(f"{t('filter.period', lang)}: {start} – {end}")
    if filters.edition != 2019:  # Papua of 38 provinces is not Papua of the programme's 34
        parts.append(f"{t('filter.edition', lang)}: {t(f'filter.edition.{filters.edition}', lang)}")
    return "; ".join(parts)


def stamp(store: Store, filters: Filters, lang: str) -> str:
    """What every exported page says about itself."""
    text = f"{describe(store, filters, lang)} · {t('data.as_of', lang, date=day(metrics.data_date(store), lang))}"
    return f"{t('demo.badge', lang)} · {text}" if metrics.is_demo(store) else text


def file_info(store: Store, filters: Filters, lang: str) -> FileInfo:
    """What the files say about themselves in their properties."""
    return FileInfo(
        title=f"{t('briefing.file_title', lang)} — {area_name(store, filters)}",
        subject=stamp(store, filters, lang),
        keywords=t("demo.badge", lang) if metrics.is_demo(store) else "",
    )


def slides(store: Store, filters: Filters, lang: str, since: date | None = None) -> list[Slide]:
    """The whole briefing; follow-ups count from `since` (default_since when not given)."""
    return [*programme_slides(store, filters, lang), follow_up_slide(store, filters, lang, since)]


PROGRAMME_SLIDES = ("map", "kpis", "ranking", "training", "activities", "attention", "growth")
AREA_SLIDES = ("map", "ranking")  # the areas of a province, or the provinces: the same for its regencies


def programme_slides(store: Store, filters: Filters, lang: str) -> list[Slide]:
    """The slides that change only with imports (the files and the pack: the page asks for the
    one it shows, programme_slide)."""
    areas = _areas(store, filters)
    return [_slide(store, filters, lang, key, areas) for key in PROGRAMME_SLIDES]


def programme_slide(store: Store, filters: Filters, lang: str, key: str) -> Slide:
    """One of PROGRAMME_SLIDES: a meeting that looks at one slide does not wait for eight."""
    return _slide(store, filters, lang, key, _areas(store, filters) if key in AREA_SLIDES else None)


def slide_filters(filters: Filters, key: str) -> Filters:
    """The filters slide `key` depends on: a regency's map and ranking are its province's, asked
    (and cached) once for all of them."""
    return filters.with_(regency=None) if key in AREA_SLIDES else filters


def _areas(store: Store, filters: Filters) -> pd.DataFrame:
    return (metrics.regencies_with_coverage if filters.province else metrics.provinces_with_coverage)(store, filters)


def _slide(store: Store, filters: Filters, lang: str, key: str, areas: pd.DataFrame | None) -> Slide:
    area_word = t("briefing.areas.regency" if filters.province else "briefing.areas.province", lang)
    if key in AREA_SLIDES:
        assert areas is not None, "the map and the ranking are drawn from the areas"
        if key == "map":
            made = _map(store, filters, areas, area_word, lang)
        else:
            made = _ranking(filters, areas, area_word, lang)
        return marked(made, filters.regency, lang) if filters.regency else made
    if key == "kpis":
        return _kpis(store, filters, lang)
    if key == "training":
        return _training(store, filters, area_word, lang)
    if key == "activities":
        return _activities(store, filters, lang)
    if key == "attention":
        return _attention(store, filters, lang)
    if key == "growth":
        return _growth(store, filters, lang)
    raise ValueError(f"no programme slide {key!r}")


def _map(store: Store, filters: Filters, areas: pd.DataFrame, area_word: str, lang: str) -> Slide:
    large = Display(lang, presenter=True)  # type for the back of the room
    view = map_views.area_view(store, filters.with_(regency=None), large, "libraries", fluid=False)
    ranked = areas.sort_values(["libraries", "name"], ascending=[False, True])
    lines = [Line(t("briefing.map.legend", lang))]
    most, fewest = ranked[ranked["libraries"] > 0].head(MAP_NAMED), ranked.tail(MAP_NAMED)
    parts = [("briefing.map.most", most), ("briefing.map.fewest", fewest.drop(most.index, errors="ignore"))]
    if len(ranked) <= 2 * MAP_NAMED:  # few areas: each named once, the most first
        parts = [("briefing.map.all", ranked)]
    shown = pd.Index([]).append([part.index for _, part in parts])
    for key, part in parts:
        if not len(part):
            continue
        lines.append(Line(t(key, lang)))
        lines += [Line(f"{row.name}: {number(row.libraries, lang)}", 1) for row in part.itertuples()]
        # an area left out with the same number as one named (ten with none, five named)
        edge = part["libraries"].iloc[-1 if key == "briefing.map.most" else 0]
        tied = ranked[(ranked["libraries"] == edge) & ~ranked.index.isin(shown)]
        if len(tied) and key != "briefing.map.all":
            count, value = number(len(tied), lang), number(edge, lang)
            lines.append(Line(t("briefing.map.tied", lang, count=count, areas=area_word, value=value), 1))
    assert view.picture is not None, "every area has a map"
    figure = _still_map(view.picture)
    return Slide("map", t("briefing.map", lang), figure, lines=lines, picture=view.picture, ranked=_ranks(ranked))


def _kpis(store: Store, filters: Filters, lang: str) -> Slide:
    numbers = metrics.headline(store, filters)
    return Slide(
        "kpis",
        t("briefing.kpis", lang),
        kpis=[
            *([] if filters.province else [(t("kpi.provinces", lang), number(numbers["provinces"], lang))]),
            (t("kpi.regencies", lang), number(numbers["regencies"], lang)),
            (t("kpi.libraries", lang), number(numbers["libraries"], lang)),
            (t("kpi.trained", lang), percent(numbers["trained_share"], lang)),
            (t("kpi.active", lang), percent(numbers["active_share"], lang)),
            (t("col.activities", lang), number(numbers["activities"], lang)),
        ],
    )


def _ranking(filters: Filters, areas: pd.DataFrame, area_word: str, lang: str) -> Slide:
    title = t("briefing.ranking.regency" if filters.province else "briefing.ranking", lang)
    ranked = areas.sort_values(["libraries", "name"], ascending=[False, True])
    if not ranked["libraries"].sum():
        return Slide("ranking", title, lines=[Line(t("briefing.growth.none", lang))])
    labels = [number(v, lang) for v in ranked["libraries"]]
    chart, note = _ranked_bars(t("col.libraries", lang), ranked["name"], ranked["libraries"], labels, area_word, lang)
    return Slide("ranking", title, slide_charts.figure([chart], lang), [chart], note, ranked=_ranks(ranked))


def _ranks(ranked: pd.DataFrame) -> tuple[tuple[str, str, int], ...]:
    return tuple(zip(ranked["code"], ranked["name"], ranked["libraries"].astype(int).tolist()))


def marked(slide: Slide, regency: str, lang: str) -> Slide:
    """A map or ranking slide of a regency's province (slide_filters) that shows which regency the
    briefing is about: outlined in black on the map and named with its place beside it; its bar in
    black in the ranking, or its place in the note when the ranking leaves it out. Other slides,
    and a regency not among the slide's areas, as they are."""
    found = [i for i, (code, _, _) in enumerate(slide.ranked) if code == regency]
    if slide.key not in AREA_SLIDES or not found:
        return slide
    _, name, libraries = slide.ranked[found[0]]
    words = {
        "name": name,
        "libraries": number(libraries, lang),
        "rank": number(1 + sum(other > libraries for _, _, other in slide.ranked), lang),
        "count": number(len(slide.ranked), lang),
        "areas": t("briefing.areas.regency", lang),
    }
    if slide.key == "map":
        # a rank among areas without a library says nothing (all 23 of Aceh "1st")
        said = t("briefing.map.yours" if libraries else "briefing.map.yours.none", lang, **words)
        picture = map_picture.marked(slide.picture, regency)
        return replace(
            slide, figure=_still_map(picture), picture=picture, lines=[Line(said), *slide.lines], drawings={}
        )
    if not libraries:
        return replace(slide, note=f"{slide.note} {t('briefing.yours.none', lang, name=name)}", drawings={})
    if not slide.charts:  # no library in the province: nothing ranked
        return slide
    chart = slide.charts[0]
    rows = [i for i, category in enumerate(chart.categories) if category == name]
    if rows:
        colours = [slide_charts.MARKED if i == rows[0] else c for i, c in enumerate(chart.colours)]
        chart = replace(chart, colours=colours)
        note = f"{slide.note} {t('briefing.ranking.yours', lang, **words)}"
    else:
        note = f"{slide.note} {t('briefing.ranking.yours_hidden', lang, **words)}"
    return replace(slide, figure=slide_charts.figure([chart], lang), charts=[chart], note=note, drawings={})


def _training(store: Store, filters: Filters, area_word: str, lang: str) -> Slide:
    title = t("briefing.training", lang)
    by_area = training.training_by_area(store, filters)
    if not len(by_area):
        return Slide("training", title, lines=[Line(t("training.empty", lang))])
    share = by_area["managers_trained"] / by_area["managers"].where(by_area["managers"] > 0)
    ranked = by_area.assign(share=share.fillna(0)).sort_values(["share", "name"], ascending=[False, True])
    labels = [percent(v, lang) for v in ranked["share"]]
    name = t("col.trained_share", lang)
    chart, note = _ranked_bars(name, ranked["name"], ranked["share"] * 100, labels, area_word, lang, maximum=100)
    return Slide("training", title, slide_charts.figure([chart], lang), [chart], note)


def _ranked_bars(
    name: str, names, values, labels: list[str], area_word: str, lang: str, maximum: float | None = None
) -> tuple[Chart, str]:
    """Bars for areas sorted best first: all of them, or the top and the bottom of a long list
    with a row between saying how many are left out, the weakest in their own colour, and the
    note that says so."""
    names, values, labels, count = list(names), [float(v) for v in values], list(labels), len(labels)
    weak = _weakest(values, labels)
    kept: list[int | None] = list(range(count))
    if count > MAX_BARS:
        top = MAX_BARS - BOTTOM_KEPT
        hidden = values[top : count - BOTTOM_KEPT]
        kept = [*range(top), None, *range(count - BOTTOM_KEPT, count)]
        names.append(t("briefing.ranking.gap", lang, count=number(len(hidden), lang)))
        values.append(0.0)  # the row between the two parts: a name, no bar
        labels.append(_span([labels[i] for i in range(top, count - BOTTOM_KEPT)], hidden))
        note = t("briefing.ranking.cut", lang, top=top, bottom=BOTTOM_KEPT, count=count, areas=area_word)
    else:
        note = t("briefing.ranking.all", lang, count=count, areas=area_word)
    rows = [count if i is None else i for i in kept]
    colours = [slide_charts.WEAK if i in weak else slide_charts.BAR for i in rows]
    if weak:
        tied = len(weak) > min(WEAKEST, count // 3)
        note += " " + t("briefing.ranking.weak_tied" if tied else "briefing.ranking.weak", lang, count=len(weak))
    bars = [names[i] for i in rows], [values[i] for i in rows], [labels[i] for i in rows]
    return Chart("bar", name, *bars, colours, maximum=maximum), note


def _weakest(values: list[float], labels: list[str]) -> set[int]:
    """The positions of the weakest of values sorted best first: the last WEAKEST (a third of
    them at most) and every other area that reads the same as one of those (68,2% and 68,2%);
    none when all read the same."""
    count = len(values)
    last = min(WEAKEST, count // 3)
    if not last or labels[count - last] == labels[0]:
        return set()
    cutoff, edge = values[count - last], labels[count - last]
    return {i for i, (value, label) in enumerate(zip(values, labels)) if value <= cutoff or label == edge}


def _span(labels: list[str], values: list[float]) -> str:
    """The values of the areas a cut ranking leaves out, as a range of their labels."""
    high, low = labels[values.index(max(values))], labels[values.index(min(values))]
    return high if high == low else f"{low} – {high}"


def _activities(store: Store, filters: Filters, lang: str) -> Slide:
    title = t("briefing.activities", lang)
    monthly = activities.monthly_activity(store, filters)
    if not len(monthly):
        return Slide("activities", title, lines=[Line(t("activities.empty", lang))])
    months = [m.date() if hasattr(m, "date") else m for m in pd.to_datetime(monthly["month"])]
    texts = [month(m, lang) for m in months]
    charts = [
        Chart(
            "line",
            t(f"col.{name}", lang),
            texts,
            [float(v) for v in values],
            [number(v, lang) for v in values],
            [colour],
            months=months,
        )
        for name, values, colour in (
            ("activities", monthly["activities"], slide_charts.ACTIVITIES),
            ("participants", monthly["male"] + monthly["female"], slide_charts.PARTICIPANTS),
        )
    ]
    return Slide("activities", title, slide_charts.figure(charts, lang), charts, t("briefing.activities.note", lang))


def attention_list(store: Store, filters: Filters, lang: str, status: pd.DataFrame) -> pd.DataFrame:
    """Every red and yellow library of the filters (`status`: library_status of them), the most
    severe first: red before yellow, then the longest without a report or an activity."""
    flagged = status[status["status"].isin([RED, YELLOW])].copy()
    names = store.query(
        "SELECT r.code, r.name AS regency, p.name AS province "
        f"FROM regency r JOIN {metrics.province_names(filters)} p "
        f"ON p.code = {metrics.province_of(filters, 'r', 'code')}"
    ).set_index("code")
    ref = pd.Timestamp(metrics.reference_date(store, filters))
    report_days = (ref - pd.to_datetime(flagged["last_report_month"])).dt.days
    # never reported or never active: quiet since joining (a 2019 library longer than a 2024 one)
    joined = (ref - pd.to_datetime(flagged["cohort_year"].astype("Int64").astype(str) + "-01-01")).dt.days
    quiet = pd.concat([flagged["days_since_activity"].fillna(joined), report_days.fillna(joined)], axis=1)
    flagged["quiet"] = quiet.max(axis=1)
    flagged["rank"] = (flagged["status"] == YELLOW).astype(int)
    flagged = flagged.sort_values(["rank", "quiet", "library_code"], ascending=[True, False, True])
    return pd.DataFrame(
        {
            "province": flagged["regency_code"].map(names["province"]).to_numpy(),
            "regency": flagged["regency_code"].map(names["regency"]).to_numpy(),
            "library": flagged["name"].to_numpy(),
            "library_code": flagged["library_code"].to_numpy(),
            "status": [t(f"status.{s}", lang) for s in flagged["status"]],
            "reasons": reasons_of(flagged, lang)[1],
            "last_activity": flagged["last_activity"].to_numpy(),
            "last_report": flagged["last_report_month"].to_numpy(),
            "colour": [COLOURS[s] for s in flagged["status"]],
        }
    )


def _attention(store: Store, filters: Filters, lang: str) -> Slide:
    title = t("briefing.attention", lang)
    status = library_status(store, filters)
    listed = attention_list(store, filters, lang, status)
    table = listed.drop(columns="colour")
    if not len(listed):
        none = "briefing.attention.none" if len(status) else "briefing.growth.none"  # not "all green" of no one
        return Slide("attention", title, lines=[Line(t(none, lang))], table=table)
    group = "regency" if filters.province else "province"
    red, yellow = t("status.merah", lang).lower(), t("status.kuning", lang).lower()
    counts = (
        listed.assign(red=listed["colour"] == COLOURS[RED])
        .groupby(group, sort=False)
        .agg(red=("red", "sum"), all=("red", "size"))
        .sort_values(["red", "all"], ascending=False)
    )
    shown_groups = counts.head(1 if filters.regency else ATTENTION_GROUPS)
    per_group = ATTENTION_ONE_GROUP if len(shown_groups) == 1 else ATTENTION_PER_GROUP
    lines = []
    for name, row in shown_groups.iterrows():
        heading = f"{name}: {number(row['red'], lang)} {red}, {number(row['all'] - row['red'], lang)} {yellow}"
        lines.append(Line(heading))
        for item in listed[listed[group] == name].head(per_group).itertuples():
            place = f" ({item.regency})" if group == "province" else ""
            lines.append(Line(f"{item.library}{place}: {item.reasons}", 1, item.colour, item.library_code))
    rest = counts.iloc[len(shown_groups) :]
    if len(rest):
        lines.append(
            Line(
                t(
                    "briefing.attention.more",
                    lang,
                    count=number(rest["all"].sum(), lang),
                    areas=number(len(rest), lang),
                    area_word=t(f"briefing.areas.{group}", lang),
                )
            )
        )
    note = t("briefing.attention.note", lang, count=number(len(listed), lang))
    return Slide("attention", title, note=note, lines=lines, table=table)


def _growth(store: Store, filters: Filters, lang: str) -> Slide:
    """Small multiples: the map after each cohort year, on one colour scale, and its colour bar
    in the cell after the last map; the legend in words beside them."""
    title = t("briefing.growth", lang)
    steps = coverage_growth.steps(store, filters, lang, legend=False)
    if not any(step.libraries for step in steps):
        return Slide("growth", title, note=t("briefing.growth.none", lang))
    cells = len(steps) + 1  # the last one for the colour bar
    columns = 3 if filters.province and cells > 4 else 2  # Indonesia is wide: two a row
    rows = -(-cells // columns)
    cell_w, cell_h = 1 / columns, 1 / rows
    label_h = 1.6 * (slide_charts.TEXT_PX + 4) / slide_charts.MAP[1]  # the year above each map
    corners = [((index % columns) * cell_w, 1 - (index // columns) * cell_h) for index in range(cells)]
    figure = _sheet()
    for step, (left, top) in zip(steps, corners):
        _place(figure, step.picture, (left, top - label_h, cell_w, cell_h - label_h), at_top=True)
        figure.add_annotation(
            text=f"<b>{step.year}</b>",
            x=left + cell_w / 2,
            y=top,
            xref="paper",
            yref="paper",
            yanchor="top",
            showarrow=False,
            font={"size": slide_charts.TEXT_PX + 4, "color": INK},
        )
    left, top = corners[-1]
    _colour_bar(figure, (left, top - label_h, cell_w, cell_h - label_h), coverage_growth.top(steps), lang)
    area_word = t("briefing.areas.regency" if filters.province else "briefing.areas.province", lang)
    lines = [Line(t("briefing.growth.legend", lang, top=number(coverage_growth.top(steps), lang)))]
    lines += [
        Line(
            t(
                "briefing.growth.step",
                lang,
                year=step.year,
                libraries=number(step.libraries, lang),
                areas=number(step.areas, lang),
                area_word=area_word,
            ),
            1,
        )
        for step in steps
    ]
    return Slide("growth", title, figure, note=t("briefing.growth.note", lang), lines=lines)


def _colour_bar(figure: go.Figure, area: tuple[float, float, float, float], top: int, lang: str) -> None:
    """The maps' colour bar from 0 to `top`, and the grey of no library under it, in the middle
    of an area (left, top, width, height on the paper) of a figure drawn at its own size."""
    left, area_top, area_w, area_h = area
    thick = 1.2 * slide_charts.TEXT_PX  # px: the bar, and the grey square
    line = slide_charts.TEXT_PX / figure.layout.height  # on the paper
    middle = area_top - area_h / 2
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        hoverinfo="skip",
        marker={
            "color": [0],
            "cmin": 0,
            "cmax": top or 1,
            "colorscale": maps.SCALE,
            "showscale": True,
            "colorbar": {
                "orientation": "h",
                "title": {"text": t("metric.libraries", lang), "side": "top"},
                "tickvals": [0, top],
                "ticktext": [number(0, lang), number(top, lang)],
                "ticks": "",
                "outlinewidth": 0,
                "thickness": thick,
                "len": 0.8 * area_w,
                "xpad": 0,
                "x": left + area_w / 2,
                "xanchor": "center",
                "y": middle + line,
                "yanchor": "bottom",
            },
        },
    )
    x0, y1 = left + 0.1 * area_w, middle - line  # under the bar's left end
    y0 = y1 - thick / figure.layout.height
    figure.add_shape(
        type="rect",
        xref="paper",
        yref="paper",
        x0=x0,
        x1=x0 + thick / figure.layout.width,
        y0=y0,
        y1=y1,
        fillcolor=maps.UNCOVERED,
        line_width=0,
    )
    figure.add_annotation(
        text=t("map.uncovered", lang),
        x=x0 + thick / figure.layout.width,
        y=(y0 + y1) / 2,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="middle",
        xshift=slide_charts.TEXT_PX / 2,
        showarrow=False,
    )


def default_since(today: date | None = None) -> date:
    """Where the follow-up slide starts counting unless told: a month before today (follow-ups
    are written in the app day by day; the data date may be a month or more behind)."""
    return (today or date.today()) - timedelta(days=SINCE_DAYS)


def follow_up_slide(
    store: Store, filters: Filters, lang: str, since: date | None = None, today: date | None = None
) -> Slide:
    """Follow-ups since the last meeting, by province (by regency inside a province): done since
    `since`, still open, and overdue today, as stacked bars; says so when there are none."""
    since = since or default_since(today)
    title = t("briefing.follow_ups", lang)
    counts = follow_ups.progress_by_area(store, filters, since, today)
    if counts.empty:
        return Slide("follow_ups", title, lines=[Line(t("briefing.follow_ups.none", lang, since=day(since, lang)))])
    totals = counts[["done", "open", "overdue"]].sum()
    still_open = totals["open"] + totals["overdue"]
    open_key = "none" if not still_open else ("some_overdue" if totals["overdue"] else "none_overdue")
    note = " ".join(
        (
            t("briefing.follow_ups.note", lang, since=day(since, lang), done=number(totals["done"], lang)),
            t(
                f"briefing.follow_ups.open.{open_key}",
                lang,
                open=number(still_open, lang),
                overdue=number(totals["overdue"], lang),
            ),
        )
    )
    top = float(counts[["done", "open", "overdue"]].sum(axis=1).max())
    charts = [
        Chart(
            "stack",
            t(f"briefing.follow_ups.{part}", lang),
            list(counts["area"]),
            [float(v) for v in counts[part]],
            [number(v, lang) if v else "" for v in counts[part]],
            [colour],
            maximum=top,
        )
        for part, colour in (
            ("done", slide_charts.DONE),
            ("open", slide_charts.BAR),
            ("overdue", slide_charts.WEAK),
        )
        if counts[part].any()  # a legend names only what a bar shows
    ]
    return Slide("follow_ups", title, slide_charts.figure(charts, lang), charts, note)


def _still_map(picture: str) -> go.Figure:
    """The page's still map filling the slide's map box (in the files a picture either way: drawn
    from the SVG it takes ~0.4 s, against ~2.7 s for MapLibre in software WebGL)."""
    figure = _sheet()
    _place(figure, picture, (0, 1, 1, 1))
    return figure


def _sheet() -> go.Figure:
    """A blank figure the size of the slide's map box, its paper running 0 to 1 both ways."""
    width, height = slide_charts.MAP
    return go.Figure().update_layout(
        width=width,
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False, "range": [0, 1]},
        yaxis={"visible": False, "range": [0, 1]},
        font={"size": slide_charts.TEXT_PX, "color": INK},
        showlegend=False,
    )


def _place(figure: go.Figure, picture: str, box: tuple[float, float, float, float], at_top: bool = False) -> None:
    """An SVG picture fitted into box = (left, top, width, height) on the figure's paper, in its
    middle, or at_top: under a label above the box rather than far below it."""
    left, top, width, height = box
    figure.add_layout_image(
        source=map_picture.data_uri(picture),
        xref="paper",
        yref="paper",
        x=left + width / 2,
        y=top if at_top else top - height / 2,
        sizex=width,
        sizey=height,
        xanchor="center",
        yanchor="top" if at_top else "middle",
        sizing="contain",
        layer="below",
    )

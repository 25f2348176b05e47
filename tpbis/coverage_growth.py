"""Coverage growing cohort by cohort: per province (or per regency of the filters' province),
the libraries that had joined the programme by each cohort year, drawn as still maps from the
same map files on one colour scale. The briefing shows them as small multiples, the map page
as a stepper."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tpbis import boundaries, map_picture, map_views, maps
from tpbis.filters import Filters
from tpbis.i18n import number, t
from tpbis.metrics import provinces_with_coverage, regencies_with_coverage, valid_values
from tpbis.store import Store

HEIGHT = {False: 230, True: maps.HEIGHT}  # national (Indonesia is wide), province


def top(steps: list[Step]) -> int:
    """Where the shared colour scale ends: the most libraries any area has in the last step."""
    return steps[-1].top if steps else 0


@dataclass(frozen=True)
class Step:
    year: int
    libraries: int  # joined by the end of `year`
    areas: int  # provinces (or regencies) with at least one of them
    top: int  # the most of them in one area
    picture: str  # SVG


def years(store: Store, filters: Filters) -> list[int]:
    """The cohort years the steps run through: the filters' cohorts, else every cohort."""
    return sorted(filters.cohorts or valid_values(store).cohorts)


def steps(store: Store, filters: Filters, lang: str, legend: bool = True) -> list[Step]:
    """One step per cohort year, each counting that year's cohort and every earlier one; the
    pictures without their colour bar when a slide says it in words."""
    cohorts = years(store, filters)
    by_regency = bool(filters.province)
    counted = regencies_with_coverage if by_regency else provinces_with_coverage
    tables = [
        map_views.with_hover(
            counted(store, filters.with_(regency=None, cohorts=tuple(c for c in cohorts if c <= year))),
            "libraries",
            "count",
            lang,
        )
        for year in cohorts
    ]
    if not tables:
        return []
    last = tables[-1]
    scale_end = maps.scale_top(last)
    scale = (scale_end, number(scale_end, lang))
    if filters.province:
        geojson = boundaries.regencies(filters.province, filters.edition)
        bounds = boundaries.bounds(filters.province, filters.edition)
    else:
        geojson, bounds = boundaries.provinces(filters.edition), None
    label = t("metric.libraries", lang)
    return [
        Step(
            year,
            int(table["libraries"].sum()),
            int(table["covered"].sum()),
            int(table["libraries"].max()),
            _picture(geojson, table, label, bounds, HEIGHT[by_regency], scale, legend),
        )
        for year, table in zip(cohorts, tables)
    ]


def _picture(geojson: dict, table: pd.DataFrame, label: str, bounds, height: int, scale, legend: bool) -> str:
    """A step's map as the live map draws it: areas without a polygon as points."""
    with_polygon, points = maps.by_shape(geojson, table)
    return map_picture.area_picture(
        geojson, with_polygon, label, bounds, height, points=points, scale=scale, legend=legend
    )

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
from tpbis.metrics import libraries_by_cohort, provinces_with_coverage, regencies_with_coverage, valid_values
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
    joined = filters.with_(regency=None, cohorts=tuple(cohorts))
    every = counted(store, joined)  # every area, with the last step's numbers
    per_year = libraries_by_cohort(store, joined, "regency" if by_regency else "province")
    tables = [
        map_views.with_hover(
            every.assign(libraries=_joined_by(per_year, year, every["code"])), "libraries", "count", lang
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


def _joined_by(per_year: pd.DataFrame, year: int, codes: pd.Series) -> pd.Series:
    """Per area code, the libraries of the cohorts up to `year` (one query for every step)."""
    counts = per_year[per_year["cohort_year"] <= year].groupby("area")["libraries"].sum()
    return codes.map(counts).fillna(0).astype("int64")


def _picture(geojson: dict, table: pd.DataFrame, label: str, bounds, height: int, scale, legend: bool) -> str:
    """A step's map as the live map draws it: areas without a polygon as points."""
    with_polygon, points = maps.by_shape(geojson, table)
    return map_picture.area_picture(
        geojson, with_polygon, label, bounds, height, points=points, scale=scale, legend=legend
    )

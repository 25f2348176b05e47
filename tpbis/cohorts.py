"""Programme cohorts (the year a library joined TPBIS) for the filters, beside the programme's
published totals."""

from __future__ import annotations

import pandas as pd

from tpbis.filters import Filters
from tpbis.metrics import library_filter, province_of
from tpbis.store import Store


def cohorts(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries, regencies and provinces per cohort year in the filters."""
    where, params = library_filter(filters)
    return store.query(
        f"""
        SELECT cohort_year, count(*) AS libraries, count(DISTINCT regency_code) AS regencies,
               count(DISTINCT {province_of(filters, "l")}) AS provinces
        FROM library l WHERE {where} GROUP BY cohort_year ORDER BY cohort_year""",
        params,
    )


def cohorts_with_published(store: Store, filters: Filters) -> pd.DataFrame:
    """The cohort table beside the programme's published totals (data/published_figures.csv),
    which are national: inside a province or regency the table stands alone (Jawa Barat's 37
    libraries of 2019 beside "300 published" read as a gap)."""
    from tpbis.demo import PUBLISHED

    if filters.province or filters.regency:
        return cohorts(store, filters)
    published = pd.read_csv(PUBLISHED)[["cohort_year", "libraries", "regencies", "provinces"]]
    return cohorts(store, filters).merge(published, on="cohort_year", how="left", suffixes=("", "_published"))

"""Community activities of the village libraries for the filters: by month, type and skill,
the most and least active regencies, libraries with no recent activity, partners. Aggregation
is in SQL."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tpbis.filters import Filters
from tpbis.metrics import library_and_period_filter, library_filter, reference_date
from tpbis.store import Store


def monthly_activity(store: Store, filters: Filters) -> pd.DataFrame:
    """Activities and participants (male, female) per month within the period."""
    where, params = library_and_period_filter(store, filters)
    return store.query(
        f"""
        SELECT date_trunc('month', a.activity_date) AS month, count(*) AS activities,
               sum(a.participants_male) AS male, sum(a.participants_female) AS female
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date >= :period_from AND a.activity_date <= :ref
        GROUP BY 1 ORDER BY 1""",
        params,
    )


def activity_change(store: Store, filters: Filters) -> dict:
    """Activities and participants in the last 90 days and in the 90 days before them."""
    where, params = library_and_period_filter(store, filters)
    ref = reference_date(store, filters)
    params.update(now_from=ref - timedelta(days=90), before_from=ref - timedelta(days=180))
    row = store.query(
        f"""
        SELECT count(*) FILTER (WHERE a.activity_date > :now_from) AS activities_now,
               count(*) FILTER (WHERE a.activity_date <= :now_from) AS activities_before,
               coalesce(sum(a.participants_male + a.participants_female)
                   FILTER (WHERE a.activity_date > :now_from), 0) AS participants_now,
               coalesce(sum(a.participants_male + a.participants_female)
                   FILTER (WHERE a.activity_date <= :now_from), 0) AS participants_before
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date > :before_from AND a.activity_date <= :ref""",
        params,
    )
    return {k: int(v) for k, v in row.iloc[0].items()}


def by_type(store: Store, filters: Filters) -> pd.DataFrame:
    """Activities and participants by activity type and skill category, within the period."""
    where, params = library_and_period_filter(store, filters)
    return store.query(
        f"""
        SELECT a.activity_type, a.skill_category, count(*) AS activities,
               sum(a.participants_male) AS male, sum(a.participants_female) AS female
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date >= :period_from AND a.activity_date <= :ref
        GROUP BY 1, 2 ORDER BY activities DESC, 1, 2""",
        params,
    )


def regency_activity(store: Store, filters: Filters) -> pd.DataFrame:
    """Per covered regency: libraries, activities in the period and activities per library."""
    where, params = library_and_period_filter(store, filters)
    return store.query(
        f"""
        SELECT r.code, r.name, p.name AS province, count(DISTINCT l.library_code) AS libraries,
               count(a.activity_code) AS activities,
               count(a.activity_code) * 1.0 / count(DISTINCT l.library_code) AS per_library
        FROM library l
        JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        LEFT JOIN activity a ON a.library_code = l.library_code
             AND a.activity_date >= :period_from AND a.activity_date <= :ref
        WHERE {where} GROUP BY 1, 2, 3 ORDER BY per_library DESC, r.code""",
        params,
    )


def lapsed_libraries(store: Store, filters: Filters, days: int = 90) -> pd.DataFrame:
    """Libraries with no activity in the last `days` days: whom to call."""
    where, params = library_and_period_filter(store, filters)
    params["since"] = reference_date(store, filters) - timedelta(days=days)
    return store.query(
        f"""
        SELECT l.library_code, l.name, r.name AS regency, p.name AS province, l.cohort_year,
               max(a.activity_date) AS last_activity
        FROM library l
        JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        LEFT JOIN activity a ON a.library_code = l.library_code AND a.activity_date <= :ref
        WHERE {where}
        GROUP BY 1, 2, 3, 4, 5
        HAVING max(a.activity_date) IS NULL OR max(a.activity_date) <= :since
        ORDER BY last_activity NULLS FIRST, l.library_code""",
        params,
        dates=("last_activity",),
    )


def partners(store: Store, filters: Filters) -> pd.DataFrame:
    """Partners by kind: partnerships, with a signed MoU, libraries involved."""
    where, params = library_filter(filters)
    return store.query(
        f"""
        SELECT m.partner_kind, m.partner_name, count(*) AS partnerships,
               count(m.mou_signed_on) AS with_mou, count(DISTINCT m.library_code) AS libraries
        FROM partnership m JOIN library l ON l.library_code = m.library_code
        WHERE {where} GROUP BY 1, 2 ORDER BY partnerships DESC, 2""",
        params,
    )

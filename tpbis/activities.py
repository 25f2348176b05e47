"""Community activities of the village libraries for the filters: by month, type and skill,
the most and least active regencies, libraries with no recent activity, partners. Read from
the summary tables (tpbis/summaries.py)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tpbis.filters import Filters
from tpbis.metrics import library_filter, province_names, province_of, summary_filter
from tpbis.store import Store


def monthly_activity(store: Store, filters: Filters) -> pd.DataFrame:
    """Activities and participants (male, female) per month within the period."""
    where, params = summary_filter(store, filters)
    frame = store.query(
        f"""
        SELECT s.month, sum(s.activities) AS activities, sum(s.male) AS male, sum(s.female) AS female
        FROM summary_activity_month s
        WHERE {where} AND s.month >= :period_from AND s.month <= :ref
        GROUP BY 1 ORDER BY 1""",
        params,
    )
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def trend_lines(monthly: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """monthly_activity with participants (women and men together), activities and participants
    under the names the chart's lines take."""
    return monthly.assign(participants=monthly["male"] + monthly["female"]).rename(columns=names)


def participants_by_month(store: Store, filters: Filters) -> pd.DataFrame:
    """monthly_activity's participants, a row per month and gender ("male", "female"), for a chart."""
    monthly = monthly_activity(store, filters)
    return monthly.melt(id_vars="month", value_vars=["male", "female"], var_name="gender", value_name="people")


def activity_change(store: Store, filters: Filters) -> dict:
    """Activities and participants in the last 90 days and in the 90 days before them."""
    where, params = summary_filter(store, filters)
    row = store.query(
        f"""
        SELECT coalesce(sum(activities_now), 0) AS activities_now,
               coalesce(sum(activities_before), 0) AS activities_before,
               coalesce(sum(participants_now), 0) AS participants_now,
               coalesce(sum(participants_before), 0) AS participants_before
        FROM summary_activity_window s WHERE s.ref_date = :ref AND {where}""",
        params,
    )
    return {k: int(v) for k, v in row.iloc[0].items()}


def by_type(store: Store, filters: Filters) -> pd.DataFrame:
    """Activities and participants by activity type and skill category, within the period."""
    where, params = summary_filter(store, filters)
    # per province holds no regency, which today's edition needs to place a province
    by_regency = filters.regency or (filters.province and filters.edition != 2019)
    table = "summary_kind_regency" if by_regency else "summary_kind_province"
    return store.query(
        f"""
        SELECT s.activity_type, s.skill_category, sum(s.activities) AS activities,
               sum(s.male) AS male, sum(s.female) AS female
        FROM {table} s
        WHERE {where} AND s.month >= :period_from AND s.month <= :ref
        GROUP BY 1, 2 ORDER BY activities DESC, 1, 2""",
        params,
    )


def skill_categories(store: Store, filters: Filters) -> list[str]:
    """Every skill category in the data, whatever the filters: one colour each, the same in every
    area's chart (a category's colour followed its rank in the area's own data)."""
    frame = store.query("SELECT DISTINCT skill_category FROM summary_kind_province ORDER BY 1")
    return [str(c) for c in frame["skill_category"].dropna()]


def regency_activity(store: Store, filters: Filters) -> pd.DataFrame:
    """Per covered regency: libraries, activities in the period and activities per library."""
    where, params = summary_filter(store, filters)
    return store.query(
        f"""
        WITH libraries AS (
            SELECT s.regency_code, count(*) AS libraries FROM summary_library s
            WHERE s.ref_date = :ref AND {where} GROUP BY 1
        ), activities AS (
            SELECT s.regency_code, sum(s.activities) AS activities FROM summary_activity_month s
            WHERE {where} AND s.month >= :period_from AND s.month <= :ref GROUP BY 1
        )
        SELECT r.code, r.name, p.name AS province, c.libraries, coalesce(x.activities, 0) AS activities,
               coalesce(x.activities, 0) * 1.0 / c.libraries AS per_library
        FROM libraries c JOIN regency r ON r.code = c.regency_code
        JOIN {province_names(filters)} p ON p.code = {province_of(filters, "r", "code")}
        LEFT JOIN activities x ON x.regency_code = c.regency_code
        ORDER BY per_library DESC, r.code""",
        params,
    )


def lapsed_libraries(store: Store, filters: Filters, days: int = 90) -> pd.DataFrame:
    """Libraries with no activity in the last `days` days: whom to call."""
    where, params = summary_filter(store, filters)
    params["since"] = params["ref"] - timedelta(days=days)
    return store.query(
        f"""
        SELECT s.library_code, l.name, r.name AS regency, p.name AS province, s.cohort_year, s.last_activity
        FROM summary_library s JOIN library l ON l.library_code = s.library_code
        JOIN regency r ON r.code = s.regency_code
        JOIN {province_names(filters)} p ON p.code = {province_of(filters, "s")}
        WHERE s.ref_date = :ref AND {where} AND (s.last_activity IS NULL OR s.last_activity <= :since)
        ORDER BY s.last_activity NULLS FIRST, s.library_code""",
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

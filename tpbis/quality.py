"""Data quality: are libraries reporting, on time, completely and plausibly? Lists to chase."""

from __future__ import annotations

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.metrics import library_filter, reference_date
from tpbis.status import RULE, latest_due_month
from tpbis.store import Store


def reporting_rates(store: Store, filters: Filters, months: int = 12) -> pd.DataFrame:
    """Per area (province, or regency inside a province) and month: reports expected (libraries
    that had joined), received, and received on time — DHIS2-style reporting rates."""
    where, params = library_filter(filters)
    ref = reference_date(store, filters)
    last = latest_due_month(ref)
    params.update(
        ref=ref, months=[add_months(last, -k) for k in range(months - 1, -1, -1)], due_days=RULE.report_due_day - 1
    )
    area = "l.regency_code" if filters.province else "l.province_code"
    frame = store.query(
        f"""
        WITH months AS (SELECT CAST(unnest(:months) AS DATE) AS month),
        libs AS (SELECT l.library_code, {area} AS area, make_date(l.cohort_year, 7, 1) AS joined
                 FROM library l WHERE {where}),
        expected AS (SELECT m.month, libs.area, libs.library_code FROM months m JOIN libs ON libs.joined <= m.month)
        SELECT e.area, e.month, count(*) AS expected, count(r.library_code) AS received,
               count(r.library_code) FILTER (
                   WHERE r.submitted_on <= e.month + INTERVAL '1 month' + INTERVAL '9 days') AS on_time
        FROM expected e
        LEFT JOIN monthly_report r ON r.library_code = e.library_code AND r.report_month = e.month
             AND r.submitted_on <= :ref
        GROUP BY 1, 2 ORDER BY 1, 2""",
        params,
        dates=("month",),
    )
    frame["received_rate"] = frame["received"] / frame["expected"]
    frame["on_time_rate"] = frame["on_time"] / frame["expected"]
    return frame


def silent_libraries(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries with no monthly report in the last three due months: whom to call."""
    where, params = library_filter(filters)
    last = latest_due_month(reference_date(store, filters))
    params.update(since=add_months(last, -(RULE.silent_months - 1)), ref=reference_date(store, filters))
    return store.query(
        f"""
        SELECT l.library_code, l.name, r.name AS regency, p.name AS province, max(m.report_month) AS last_report
        FROM library l JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        LEFT JOIN monthly_report m ON m.library_code = l.library_code AND m.submitted_on <= :ref
        WHERE {where}
        GROUP BY 1, 2, 3, 4 HAVING max(m.report_month) IS NULL OR max(m.report_month) < :since
        ORDER BY last_report NULLS FIRST, p.name, r.name, l.name""",
        params,
        dates=("last_report",),
    )


def activity_outliers(store: Store, filters: Filters, factor: float = 5.0, floor: int = 100) -> pd.DataFrame:
    """Activities whose participants are far above the library's usual (more than `factor`
    times its median and more than `floor` people): typing errors to check."""
    where, params = library_filter(filters)
    params.update(factor=factor, floor=floor)
    return store.query(
        f"""
        WITH counted AS (
            SELECT a.activity_code, a.library_code, l.name, a.activity_date, a.title,
                   a.participants_male + a.participants_female AS participants
            FROM activity a JOIN library l ON l.library_code = a.library_code WHERE {where}
        ), usual AS (
            SELECT library_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY participants) AS usual
            FROM counted GROUP BY 1)
        SELECT c.activity_code, c.library_code, c.name, c.activity_date, c.title, c.participants, u.usual
        FROM counted c JOIN usual u ON u.library_code = c.library_code
        WHERE c.participants > :floor AND c.participants > :factor * u.usual
        ORDER BY c.participants DESC""",
        params,
        dates=("activity_date",),
    )


def missing_fields(store: Store, filters: Filters) -> pd.DataFrame:
    """Optional fields left empty, per record kind: what the regions could still fill in."""
    where, params = library_filter(filters)
    return store.query(
        f"""
        SELECT 'perpustakaan' AS sheet, 'lat/lon' AS field, count(*) FILTER (WHERE l.lat IS NULL) AS missing,
               count(*) AS records FROM library l WHERE {where}
        UNION ALL
        SELECT 'pengelola', 'phone', count(*) FILTER (WHERE p.phone IS NULL), count(*)
        FROM person p JOIN library l ON l.library_code = p.library_code WHERE {where}
        UNION ALL
        SELECT 'kegiatan', 'partner', count(*) FILTER (WHERE a.partner IS NULL), count(*)
        FROM activity a JOIN library l ON l.library_code = a.library_code WHERE {where}
        UNION ALL
        SELECT 'mitra', 'mou_signed_on', count(*) FILTER (WHERE m.mou_signed_on IS NULL), count(*)
        FROM partnership m JOIN library l ON l.library_code = m.library_code WHERE {where}""",
        params,
    )


def bad_coordinates(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries whose own coordinates are given but not a place in Indonesia (outside the box
    imports allow, NaN, infinite, or only one of lat/lon): stored before imports checked them.
    The map leaves them off; these are the ones to correct."""
    where, params = library_filter(filters)
    params.update(south=LIBRARY_LAT[0], north=LIBRARY_LAT[1], west=LIBRARY_LON[0], east=LIBRARY_LON[1])
    return store.query(
        f"""
        SELECT l.library_code, l.name, r.name AS regency, p.name AS province, l.lat, l.lon
        FROM library l JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        WHERE {where} AND (l.lat IS NOT NULL OR l.lon IS NOT NULL)
          AND NOT coalesce(l.lat BETWEEN :south AND :north AND l.lon BETWEEN :west AND :east, FALSE)
        ORDER BY p.name, r.name, l.name""",
        params,
    )

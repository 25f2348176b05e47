"""Data quality: are libraries reporting, on time, completely and plausibly? Lists to chase."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.metrics import library_filter, province_names, province_of, summary_filter
from tpbis.rule import RULE, latest_due_month
from tpbis.store import Store


def reporting_rates(store: Store, filters: Filters, months: int = 12) -> pd.DataFrame:
    """Per area (province, or regency inside a province) and month: reports expected (libraries
    that had joined), received, and received on time — DHIS2-style reporting rates."""
    where, params = summary_filter(store, filters)
    ref = params["ref"]
    last = latest_due_month(ref)
    wanted = pd.DataFrame({"month": [add_months(last, -k) for k in range(months - 1, -1, -1)]})
    params["ref_month"] = ref.replace(day=1)
    area = "s.regency_code" if filters.province else province_of(filters, "s")
    with store.frame_as_table("months_wanted", wanted):
        frame = store.query(
            f"""
            WITH months AS (SELECT CAST(month AS DATE) AS month FROM months_wanted),
            joined AS (
                SELECT {area} AS area, s.cohort_year, count(*) AS libraries FROM summary_library s
                WHERE s.ref_date = :ref AND {where} GROUP BY 1, 2
            ), expected AS (
                SELECT m.month, j.area, sum(j.libraries) AS expected FROM months m
                JOIN joined j ON make_date(j.cohort_year, 7, 1) <= m.month GROUP BY 1, 2
            ), received AS (
                SELECT {area} AS area, s.report_month AS month, sum(s.reports) AS received,
                       sum(s.on_time) AS on_time
                FROM summary_reports s
                WHERE {where} AND s.submitted_month <= :ref_month AND make_date(s.cohort_year, 7, 1) <= s.report_month
                  AND s.report_month IN (SELECT month FROM months)
                GROUP BY 1, 2
            )
            SELECT e.area, e.month, e.expected, coalesce(r.received, 0) AS received, coalesce(r.on_time, 0) AS on_time
            FROM expected e LEFT JOIN received r ON r.area = e.area AND r.month = e.month
            ORDER BY 1, 2""",
            params,
            dates=("month",),
        )
    frame[["expected", "received", "on_time"]] = frame[["expected", "received", "on_time"]].astype("int64")
    frame["received_rate"] = frame["received"] / frame["expected"]
    frame["on_time_rate"] = frame["on_time"] / frame["expected"]
    return frame


def rates_by_month(rates: pd.DataFrame, area_names: Mapping[str, str], column: str) -> pd.DataFrame:
    """One rate of reporting_rates as a table: an area (by name) a row, a month a column in
    percent, the newest month first, beside the area's name."""
    named = rates.assign(area=rates["area"].map(area_names))
    table = named.pivot(index="area", columns="month", values=column).mul(100).round(0)
    return table[table.columns[::-1]].reset_index()


def silent_libraries(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries with no monthly report in the last three due months: whom to call."""
    where, params = summary_filter(store, filters)
    params["since"] = add_months(latest_due_month(params["ref"]), -(RULE.silent_months - 1))
    return store.query(
        f"""
        SELECT s.library_code, l.name, r.name AS regency, p.name AS province, s.last_report_month AS last_report
        FROM summary_library s JOIN library l ON l.library_code = s.library_code
        JOIN regency r ON r.code = s.regency_code
        JOIN {province_names(filters)} p ON p.code = {province_of(filters, "s")}
        WHERE s.ref_date = :ref AND {where} AND (s.last_report_month IS NULL OR s.last_report_month < :since)
        ORDER BY last_report NULLS FIRST, p.name, r.name, l.name, s.library_code""",
        params,
        dates=("last_report",),
    )


def activity_outliers(store: Store, filters: Filters) -> pd.DataFrame:
    """Activities whose participants are far above the library's usual (more than 5 times its
    median and more than 100 people, see tpbis/summaries.py): typing errors to check."""
    where, params = library_filter(filters, alias="s")
    return store.query(
        f"""
        SELECT s.activity_code, s.library_code, l.name, s.activity_date, s.title, s.participants, s.usual
        FROM summary_activity_outlier s JOIN library l ON l.library_code = s.library_code
        WHERE {where}
        ORDER BY s.participants DESC, s.activity_code""",
        params,
        dates=("activity_date",),
    )


def missing_fields(store: Store, filters: Filters) -> pd.DataFrame:
    """Optional fields left empty, per record kind: what the regions could still fill in."""
    where, params = library_filter(filters)
    activity_where, _ = library_filter(filters, alias="s")
    return store.query(
        f"""
        SELECT 'perpustakaan' AS sheet, 'lat/lon' AS field, count(*) FILTER (WHERE l.lat IS NULL) AS missing,
               count(*) AS records FROM library l WHERE {where}
        UNION ALL
        SELECT 'pengelola', 'phone', count(*) FILTER (WHERE p.phone IS NULL), count(*)
        FROM person p JOIN library l ON l.library_code = p.library_code WHERE {where}
        UNION ALL
        SELECT 'kegiatan', 'partner', coalesce(sum(s.without_partner), 0), coalesce(sum(s.activities), 0)
        FROM summary_activity_month s WHERE {activity_where}
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
        FROM library l JOIN regency r ON r.code = l.regency_code
        JOIN {province_names(filters)} p ON p.code = {province_of(filters, "l")}
        WHERE {where} AND (l.lat IS NOT NULL OR l.lon IS NOT NULL)
          AND NOT coalesce(l.lat BETWEEN :south AND :north AND l.lon BETWEEN :west AND :east, FALSE)
        ORDER BY p.name, r.name, l.name""",
        params,
    )

"""The figures the pages show, computed from the raw rows as they were before the summary
tables (tpbis/summaries.py): what test_summaries.py compares the summaries' answers with."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.metrics import COUNTS, data_date, library_and_period_filter, library_filter, period_params, reference_date
from tpbis.rule import RULE, StatusRule, latest_due_month
from tpbis.status import with_status
from tpbis.store import Store

_GROUPS = {"province": "l.province_code", "regency": "l.regency_code", None: "'all'"}


def coverage(store: Store, filters: Filters, by: str | None = None) -> pd.DataFrame:
    """Per area (province, regency, library, or one row for the whole filters): libraries,
    regencies covered, managers and those trained, libraries active in the last 90 days,
    activities and participants in the period, and the shares derived from them."""
    where, params = library_filter(filters)
    params.update(period_params(store, filters))
    group = _GROUPS[by]
    sql = f"""
    WITH libs AS (
        SELECT l.library_code, l.regency_code, {group} AS area FROM library l WHERE {where}
    ), library_counts AS (
        SELECT area, count(*) AS libraries, count(DISTINCT regency_code) AS regencies
        FROM libs GROUP BY area
    ), trained AS (
        SELECT DISTINCT a.person_code FROM training_attendance a
        JOIN training_batch b ON b.batch_code = a.batch_code
        WHERE a.completed AND b.end_date <= :ref
    ), manager_counts AS (
        SELECT libs.area, count(*) AS managers, count(trained.person_code) AS managers_trained
        FROM person p JOIN libs ON libs.library_code = p.library_code
        LEFT JOIN trained ON trained.person_code = p.person_code
        WHERE p.role = 'pengelola' GROUP BY libs.area
    ), activity_counts AS (
        SELECT libs.area, count(*) AS activities,
               sum(a.participants_male + a.participants_female) AS participants,
               count(DISTINCT CASE WHEN a.activity_date > :active_since THEN a.library_code END)
                   AS active_libraries
        FROM activity a JOIN libs ON libs.library_code = a.library_code
        WHERE a.activity_date >= :period_from AND a.activity_date <= :ref
        GROUP BY libs.area
    )
    SELECT c.area, c.libraries, c.regencies,
           coalesce(m.managers, 0) AS managers, coalesce(m.managers_trained, 0) AS managers_trained,
           coalesce(x.active_libraries, 0) AS active_libraries,
           coalesce(x.activities, 0) AS activities, coalesce(x.participants, 0) AS participants
    FROM library_counts c
    LEFT JOIN manager_counts m ON m.area = c.area
    LEFT JOIN activity_counts x ON x.area = c.area
    ORDER BY c.area
    """
    frame = store.query(sql, params)
    frame[COUNTS] = frame[COUNTS].astype("int64")
    frame["trained_share"] = frame["managers_trained"] / frame["managers"].where(frame["managers"] > 0)
    frame["active_share"] = frame["active_libraries"] / frame["libraries"].where(frame["libraries"] > 0)
    frame["activities_per_library"] = frame["activities"] / frame["libraries"].where(frame["libraries"] > 0)
    return frame


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


def library_status(
    store: Store, filters: Filters, rule: StatusRule = RULE, library_code: str | None = None
) -> pd.DataFrame:
    """One row per library in the filters: place, the three checks, status and its reasons (codes)."""
    where, params = library_filter(filters)
    if library_code:
        where += " AND l.library_code = :library_code"
        params["library_code"] = library_code
    ref = reference_date(store, filters)
    due = latest_due_month(ref, rule)
    params.update(
        ref=ref,
        due_month=due,
        due_by=add_months(due, 1) + timedelta(days=rule.report_due_day - 1),
        silent_since=add_months(due, -(rule.silent_months - 1)),
    )
    frame = store.query(
        f"""
        WITH libs AS (SELECT l.* FROM library l WHERE {where}),
        training AS (
            SELECT p.library_code,
                   max(CASE WHEN a.completed AND b.end_date <= :ref THEN 1 ELSE 0 END) AS trained,
                   max(CASE WHEN b.start_date <= :ref THEN 1 ELSE 0 END) AS attended
            FROM person p
            JOIN libs ON libs.library_code = p.library_code
            JOIN training_attendance a ON a.person_code = p.person_code
            JOIN training_batch b ON b.batch_code = a.batch_code
            WHERE p.role = 'pengelola'
            GROUP BY p.library_code
        ), activity AS (
            SELECT a.library_code, max(a.activity_date) AS last_activity
            FROM activity a JOIN libs ON libs.library_code = a.library_code
            WHERE a.activity_date <= :ref GROUP BY a.library_code
        ), reports AS (
            SELECT r.library_code,
                   max(r.report_month) AS last_report_month,
                   max(CASE WHEN r.report_month = :due_month AND r.submitted_on <= :due_by THEN 1 ELSE 0 END)
                       AS due_on_time,
                   max(CASE WHEN r.report_month = :due_month THEN 1 ELSE 0 END) AS due_received,
                   max(CASE WHEN r.report_month >= :silent_since THEN 1 ELSE 0 END) AS recent
            FROM monthly_report r JOIN libs ON libs.library_code = r.library_code
            WHERE r.submitted_on <= :ref GROUP BY r.library_code
        )
        SELECT libs.library_code, libs.name, libs.village_code, libs.regency_code, libs.province_code,
               libs.cohort_year, coalesce(libs.lat, v.lat) AS lat, coalesce(libs.lon, v.lon) AS lon,
               coalesce(t.trained, 0) AS trained, coalesce(t.attended, 0) AS attended,
               x.last_activity, r.last_report_month,
               coalesce(r.due_on_time, 0) AS due_on_time, coalesce(r.due_received, 0) AS due_received,
               coalesce(r.recent, 0) AS recent
        FROM libs
        JOIN village v ON v.code = libs.village_code
        LEFT JOIN training t ON t.library_code = libs.library_code
        LEFT JOIN activity x ON x.library_code = libs.library_code
        LEFT JOIN reports r ON r.library_code = libs.library_code
        ORDER BY libs.library_code
    """,
        params,
    )
    return with_status(frame, ref, due, rule)


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
        ORDER BY last_report NULLS FIRST, p.name, r.name, l.name, l.library_code""",
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
        ORDER BY c.participants DESC, c.activity_code""",
        params,
        dates=("activity_date",),
    )


def missing_fields(store: Store, filters: Filters) -> pd.DataFrame:
    """Optional fields left empty, per record kind: what the regions could still fill in."""
    where, params = library_filter(filters)
    params["until"] = data_date(store)  # the summaries count activities up to the data date
    return store.query(
        f"""
        SELECT 'perpustakaan' AS sheet, 'lat/lon' AS field, count(*) FILTER (WHERE l.lat IS NULL) AS missing,
               count(*) AS records FROM library l WHERE {where}
        UNION ALL
        SELECT 'pengelola', 'phone', count(*) FILTER (WHERE p.phone IS NULL), count(*)
        FROM person p JOIN library l ON l.library_code = p.library_code WHERE {where}
        UNION ALL
        SELECT 'kegiatan', 'partner', count(*) FILTER (WHERE a.partner IS NULL), count(*)
        FROM activity a JOIN library l ON l.library_code = a.library_code WHERE {where} AND a.activity_date <= :until
        UNION ALL
        SELECT 'mitra', 'mou_signed_on', count(*) FILTER (WHERE m.mou_signed_on IS NULL), count(*)
        FROM partnership m JOIN library l ON l.library_code = m.library_code WHERE {where}""",
        params,
    )


def status_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries per status, counted from library_status's rows (as the page did before)."""
    frame = library_status(store, filters)
    counts = frame.groupby("status").size().reindex(["hijau", "kuning", "merah"], fill_value=0)
    return counts.rename("libraries").reset_index()

"""Training and activity numbers of the programme for a scope: the training and activities
pages and the overview's trend, cohort and status tables. Aggregation is in SQL."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tpbis.metrics import library_filter, period_params, reference_date
from tpbis.scope import Scope
from tpbis.status import library_status
from tpbis.store import Store


def _scoped(store: Store, scope: Scope) -> tuple[str, dict]:
    where, params = library_filter(scope)
    params.update(period_params(store, scope))
    return where, params


def cohorts(store: Store, scope: Scope) -> pd.DataFrame:
    """Libraries, regencies and provinces per cohort year in the scope."""
    where, params = library_filter(scope)
    return store.query(f"""
        SELECT cohort_year, count(*) AS libraries, count(DISTINCT regency_code) AS regencies,
               count(DISTINCT province_code) AS provinces
        FROM library l WHERE {where} GROUP BY cohort_year ORDER BY cohort_year""", params)


def status_counts(store: Store, scope: Scope) -> pd.DataFrame:
    """Libraries per status (hijau, kuning, merah)."""
    frame = library_status(store, scope)
    return frame.groupby("status").size().reindex(["hijau", "kuning", "merah"], fill_value=0) \
        .rename("libraries").reset_index()


def monthly_activity(store: Store, scope: Scope) -> pd.DataFrame:
    """Activities and participants (male, female) per month within the period."""
    where, params = _scoped(store, scope)
    return store.query(f"""
        SELECT date_trunc('month', a.activity_date) AS month, count(*) AS activities,
               sum(a.participants_male) AS male, sum(a.participants_female) AS female
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date >= :period_from AND a.activity_date <= :ref
        GROUP BY 1 ORDER BY 1""", params)


def activity_change(store: Store, scope: Scope) -> dict:
    """Activities and participants in the last 90 days and in the 90 days before them."""
    where, params = _scoped(store, scope)
    ref = reference_date(store, scope)
    params.update(now_from=ref - timedelta(days=90), before_from=ref - timedelta(days=180))
    row = store.query(f"""
        SELECT count(*) FILTER (WHERE a.activity_date > :now_from) AS activities_now,
               count(*) FILTER (WHERE a.activity_date <= :now_from) AS activities_before,
               coalesce(sum(a.participants_male + a.participants_female)
                   FILTER (WHERE a.activity_date > :now_from), 0) AS participants_now,
               coalesce(sum(a.participants_male + a.participants_female)
                   FILTER (WHERE a.activity_date <= :now_from), 0) AS participants_before
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date > :before_from AND a.activity_date <= :ref""", params)
    return {k: int(v) for k, v in row.iloc[0].items()}


def by_type(store: Store, scope: Scope) -> pd.DataFrame:
    """Activities and participants by activity type and skill category, within the period."""
    where, params = _scoped(store, scope)
    return store.query(f"""
        SELECT a.activity_type, a.skill_category, count(*) AS activities,
               sum(a.participants_male) AS male, sum(a.participants_female) AS female
        FROM activity a JOIN library l ON l.library_code = a.library_code
        WHERE {where} AND a.activity_date >= :period_from AND a.activity_date <= :ref
        GROUP BY 1, 2 ORDER BY activities DESC, 1, 2""", params)


def regency_activity(store: Store, scope: Scope) -> pd.DataFrame:
    """Per covered regency: libraries, activities in the period and activities per library."""
    where, params = _scoped(store, scope)
    return store.query(f"""
        SELECT r.code, r.name, p.name AS province, count(DISTINCT l.library_code) AS libraries,
               count(a.activity_code) AS activities,
               count(a.activity_code) * 1.0 / count(DISTINCT l.library_code) AS per_library
        FROM library l
        JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        LEFT JOIN activity a ON a.library_code = l.library_code
             AND a.activity_date >= :period_from AND a.activity_date <= :ref
        WHERE {where} GROUP BY 1, 2, 3 ORDER BY per_library DESC, r.code""", params)


def lapsed_libraries(store: Store, scope: Scope, days: int = 90) -> pd.DataFrame:
    """Libraries with no activity in the last `days` days: whom to call."""
    where, params = _scoped(store, scope)
    params["since"] = reference_date(store, scope) - timedelta(days=days)
    return store.query(f"""
        SELECT l.library_code, l.name, r.name AS regency, p.name AS province, l.cohort_year,
               max(a.activity_date) AS last_activity
        FROM library l
        JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        LEFT JOIN activity a ON a.library_code = l.library_code AND a.activity_date <= :ref
        WHERE {where}
        GROUP BY 1, 2, 3, 4, 5
        HAVING max(a.activity_date) IS NULL OR max(a.activity_date) <= :since
        ORDER BY last_activity NULLS FIRST, l.library_code""", params, dates=("last_activity",))


def partners(store: Store, scope: Scope) -> pd.DataFrame:
    """Partners by kind: partnerships, with a signed MoU, libraries involved."""
    where, params = library_filter(scope)
    return store.query(f"""
        SELECT m.partner_kind, m.partner_name, count(*) AS partnerships,
               count(m.mou_signed_on) AS with_mou, count(DISTINCT m.library_code) AS libraries
        FROM partnership m JOIN library l ON l.library_code = m.library_code
        WHERE {where} GROUP BY 1, 2 ORDER BY partnerships DESC, 2""", params)


def training_batches(store: Store, scope: Scope) -> pd.DataFrame:
    """Bimtek SPP-TIK batches with participants from the scope."""
    where, params = _scoped(store, scope)
    return store.query(f"""
        SELECT b.batch_code, b.name, b.start_date, b.end_date, b.place, b.mode,
               count(*) AS participants, count(*) FILTER (WHERE a.completed) AS completed
        FROM training_batch b
        JOIN training_attendance a ON a.batch_code = b.batch_code
        JOIN person p ON p.person_code = a.person_code
        JOIN library l ON l.library_code = p.library_code
        WHERE {where} AND b.start_date <= :ref
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY b.start_date, b.batch_code""", params, dates=("start_date", "end_date"))


def training_by_area(store: Store, scope: Scope) -> pd.DataFrame:
    """Per province (or per regency inside a province): managers, trained, completion,
    participants by gender and the average pre/post test scores."""
    where, params = _scoped(store, scope)
    area = "l.regency_code" if scope.province else "l.province_code"
    names = "regency" if scope.province else "province"
    return store.query(f"""
        WITH attended AS (
            SELECT a.person_code, bool_or(a.completed) AS completed, avg(a.pre_score) AS pre,
                   avg(a.post_score) AS post
            FROM training_attendance a JOIN training_batch b ON b.batch_code = a.batch_code
            WHERE b.end_date <= :ref GROUP BY a.person_code
        )
        SELECT {area} AS code, n.name,
               count(*) FILTER (WHERE p.role = 'pengelola') AS managers,
               count(*) FILTER (WHERE p.role = 'pengelola' AND t.completed) AS managers_trained,
               count(t.person_code) AS participants,
               count(t.person_code) FILTER (WHERE p.gender = 'P') AS women,
               count(t.person_code) FILTER (WHERE p.gender = 'L') AS men,
               avg(t.pre) AS pre_score, avg(t.post) AS post_score
        FROM person p JOIN library l ON l.library_code = p.library_code
        JOIN {names} n ON n.code = {area}
        LEFT JOIN attended t ON t.person_code = p.person_code
        WHERE {where} GROUP BY 1, 2 ORDER BY 1""", params)


def untrained_libraries(store: Store, scope: Scope) -> pd.DataFrame:
    """Libraries none of whose managers has completed Bimtek SPP-TIK by the reference date."""
    where, params = _scoped(store, scope)
    return store.query(f"""
        SELECT l.library_code, l.name, r.name AS regency, pr.name AS province, l.cohort_year,
               string_agg(p.name, ', ' ORDER BY p.name) AS managers
        FROM library l
        JOIN regency r ON r.code = l.regency_code JOIN province pr ON pr.code = l.province_code
        LEFT JOIN person p ON p.library_code = l.library_code AND p.role = 'pengelola'
        WHERE {where} AND NOT EXISTS (
            SELECT 1 FROM person q JOIN training_attendance a ON a.person_code = q.person_code
            JOIN training_batch b ON b.batch_code = a.batch_code
            WHERE q.library_code = l.library_code AND q.role = 'pengelola' AND a.completed
              AND b.end_date <= :ref)
        GROUP BY 1, 2, 3, 4, 5 ORDER BY pr.name, r.name, l.name""", params)


def cohorts_with_published(store: Store, scope: Scope) -> pd.DataFrame:
    """The cohort table beside the programme's published totals (data/published_figures.csv)."""
    from tpbis.demo import PUBLISHED
    published = pd.read_csv(PUBLISHED)[["cohort_year", "libraries", "regencies", "provinces"]]
    return cohorts(store, scope).merge(published, on="cohort_year", how="left", suffixes=("", "_published"))

"""Bimtek SPP-TIK training of library managers for the filters: batches, completion by area,
and the libraries whose managers still need it. Aggregation is in SQL."""

from __future__ import annotations

import pandas as pd

from tpbis.filters import Filters
from tpbis.metrics import library_and_period_filter, province_names, province_of, summary_filter
from tpbis.store import Store


def training_batches(store: Store, filters: Filters) -> pd.DataFrame:
    """Bimtek SPP-TIK batches with participants from the filters."""
    where, params = library_and_period_filter(store, filters)
    return store.query(
        f"""
        SELECT b.batch_code, b.name, b.start_date, b.end_date, b.place, b.mode,
               count(*) AS participants, count(*) FILTER (WHERE a.completed) AS completed
        FROM training_batch b
        JOIN training_attendance a ON a.batch_code = b.batch_code
        JOIN person p ON p.person_code = a.person_code
        JOIN library l ON l.library_code = p.library_code
        WHERE {where} AND b.start_date <= :ref
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY b.start_date, b.batch_code""",
        params,
        dates=("start_date", "end_date"),
    )


def batch_years(batches: pd.DataFrame) -> list[int]:
    """The years batches started in, newest first (for a training-year picker)."""
    return sorted({d.year for d in batches["start_date"]}, reverse=True)


def started_in(batches: pd.DataFrame, year: int) -> pd.DataFrame:
    """The batches (training_batches' rows) that started in `year`."""
    return batches[[d.year == year for d in batches["start_date"]]]


def trained_in_year(batches: pd.DataFrame, year: int) -> dict[str, int]:
    """Batches that started in `year` (training_batches' rows), their participants and those who
    completed: the answer to "how many were trained in 2022?", which the cohort filter (the year a
    library joined the programme) does not give."""
    started = started_in(batches, year)
    return {
        "batches": len(started),
        "participants": int(started["participants"].sum()),
        "completed": int(started["completed"].sum()),
    }


def training_by_area(store: Store, filters: Filters) -> pd.DataFrame:
    """Per province (or per regency inside a province): managers, trained, completion,
    participants by gender and the average pre/post test scores."""
    where, params = library_and_period_filter(store, filters)
    area = "l.regency_code" if filters.province else province_of(filters, "l")
    names = "regency" if filters.province else province_names(filters)
    # in an area, the attendance of its people only (indexed by person), not the whole country's
    # grouped first; nationally that lookup costs more than it saves (4x on PostgreSQL)
    in_area = filters.province or filters.regency
    only_people = "AND a.person_code IN (SELECT person_code FROM people)" if in_area else ""
    return store.query(
        f"""
        WITH people AS (
            SELECT p.person_code, p.role, p.gender, {area} AS code
            FROM person p JOIN library l ON l.library_code = p.library_code WHERE {where}
        ), attended AS (
            SELECT a.person_code, bool_or(a.completed) AS completed, avg(a.pre_score) AS pre,
                   avg(a.post_score) AS post
            FROM training_attendance a JOIN training_batch b ON b.batch_code = a.batch_code
            WHERE b.end_date <= :ref {only_people}
            GROUP BY a.person_code
        )
        SELECT x.code, n.name,
               count(*) FILTER (WHERE x.role = 'pengelola') AS managers,
               count(*) FILTER (WHERE x.role = 'pengelola' AND t.completed) AS managers_trained,
               count(t.person_code) AS participants,
               count(t.person_code) FILTER (WHERE x.gender = 'P') AS women,
               count(t.person_code) FILTER (WHERE x.gender = 'L') AS men,
               avg(t.pre) AS pre_score, avg(t.post) AS post_score
        FROM people x JOIN {names} n ON n.code = x.code
        LEFT JOIN attended t ON t.person_code = x.person_code
        GROUP BY 1, 2 ORDER BY 1""",
        params,
    )


def trained_shares(by_area: pd.DataFrame) -> pd.DataFrame:
    """training_by_area with each area's share of managers trained, in percent ("share"; none
    where an area has no managers)."""
    managers = by_area["managers"]
    return by_area.assign(share=by_area["managers_trained"] / managers.where(managers > 0) * 100)


def shares_table(shares: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """trained_shares as the table beside the chart shows them: as the bars, the largest share
    first (then by name), to one decimal."""
    return shares.sort_values(["share", "name"], ascending=[False, True])[list(columns)].round(1)


def untrained_libraries(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries none of whose managers has completed Bimtek SPP-TIK by the reference date (the
    library summary counts them: no scan of the country's attendance)."""
    where, params = summary_filter(store, filters)
    return store.query(
        f"""
        SELECT l.library_code, l.name, r.name AS regency, pr.name AS province, l.cohort_year,
               string_agg(p.name, ', ' ORDER BY p.name) AS managers
        FROM summary_library s
        JOIN library l ON l.library_code = s.library_code
        JOIN regency r ON r.code = l.regency_code
        JOIN {province_names(filters)} pr ON pr.code = {province_of(filters, "l")}
        LEFT JOIN person p ON p.library_code = l.library_code AND p.role = 'pengelola'
        WHERE s.ref_date = :ref AND {where} AND s.managers_trained = 0
        GROUP BY 1, 2, 3, 4, 5 ORDER BY pr.name, r.name, l.name, l.library_code""",
        params,
    )

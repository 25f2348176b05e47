"""The programme's numbers, each a named function of the store and a filters; aggregation in SQL."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from tpbis import editions, summaries
from tpbis.filters import Filters, ValidValues, add_months
from tpbis.store import Store

ACTIVE_DAYS = 90


def data_date(store: Store) -> date:
    """The date the data speaks for: the loaded dataset's as_of, else today."""
    as_of = store.dataset_facts().get("as_of")
    return date.fromisoformat(as_of) if as_of else date.today()


def is_demo(store: Store) -> bool:
    return store.dataset_facts().get("is_demo") == "1"


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def reference_date(store: Store, filters: Filters) -> date:
    """'Now' for the filters: the data date, or the end of the chosen period if earlier."""
    as_of = data_date(store)
    return min(as_of, _month_end(filters.period_to)) if filters.period_to else as_of


def library_filter(filters: Filters, alias: str = "l") -> tuple[str, dict]:
    """A SQL predicate on the library table (as `alias`) for the filters, with its parameters."""
    clauses, params = ["1 = 1"], dict[str, object]()
    if filters.cohorts:
        names = [f"cohort{i}" for i in range(len(filters.cohorts))]
        clauses.append(f"{alias}.cohort_year IN ({', '.join(':' + n for n in names)})")
        params.update(dict(zip(names, filters.cohorts)))
    if filters.regency:
        clauses.append(f"{alias}.regency_code = :regency")
        params["regency"] = filters.regency
    elif filters.province:
        clauses.append(editions.in_province(filters.edition, alias))
        params["province"] = filters.province
    return " AND ".join(clauses), params


def period_params(store: Store, filters: Filters) -> dict:
    ref = reference_date(store, filters)
    return {
        "period_from": filters.period_from or date(1900, 1, 1),
        "ref": ref,
        "active_since": ref - timedelta(days=ACTIVE_DAYS),
    }


def province_of(filters: Filters, alias: str, regency: str = "regency_code") -> str:
    """SQL for the province, in the filters' edition, of a row (as `alias`) with province_code
    and a 2019 regency code in the column `regency`."""
    return editions.province_column(filters.edition, alias, regency)


def province_names(filters: Filters) -> str:
    """The table of the filters' edition's provinces (code, name), for joins."""
    return editions.province_table(filters.edition)


def _group(filters: Filters, by: str | None) -> str:
    return {"province": province_of(filters, "s"), "regency": "s.regency_code", None: "'all'"}[by]


def library_and_period_filter(store: Store, filters: Filters) -> tuple[str, dict]:
    """library_filter's SQL and parameters, with the period's bounds (period_params) added."""
    where, params = library_filter(filters)
    params.update(period_params(store, filters))
    return where, params


def summary_filter(store: Store, filters: Filters) -> tuple[str, dict]:
    """library_and_period_filter for a summary table as `s`, with the reference date's
    summaries built if they were not yet (see tpbis/summaries.py)."""
    where, params = library_filter(filters, alias="s")
    params.update(period_params(store, filters))
    summaries.ensure_ref(store, params["ref"])
    return where, params


def coverage(store: Store, filters: Filters, by: str | None = None) -> pd.DataFrame:
    """Per area (province, regency, or one row for the whole filters): libraries, regencies
    covered, managers and those trained, libraries active in the last 90 days, activities and
    participants in the period, and the shares derived from them."""
    where, params = summary_filter(store, filters)
    group = _group(filters, by)
    frame = store.query(
        f"""
        WITH libraries AS (
            SELECT {group} AS area, count(*) AS libraries, count(DISTINCT s.regency_code) AS regencies,
                   sum(s.managers) AS managers, sum(s.managers_trained) AS managers_trained,
                   count(*) FILTER (WHERE s.last_activity > :active_since AND s.last_activity >= :period_from)
                       AS active_libraries
            FROM summary_library s WHERE s.ref_date = :ref AND {where} GROUP BY 1
        ), activities AS (
            SELECT {group} AS area, sum(s.activities) AS activities, sum(s.male + s.female) AS participants
            FROM summary_activity_month s
            WHERE {where} AND s.month >= :period_from AND s.month <= :ref GROUP BY 1
        )
        SELECT c.area, c.libraries, c.regencies, c.managers, c.managers_trained, c.active_libraries,
               coalesce(x.activities, 0) AS activities, coalesce(x.participants, 0) AS participants
        FROM libraries c LEFT JOIN activities x ON x.area = c.area
        ORDER BY c.area""",
        params,
    )
    frame[COUNTS] = frame[COUNTS].astype("int64")
    frame["trained_share"] = frame["managers_trained"] / frame["managers"].where(frame["managers"] > 0)
    frame["active_share"] = frame["active_libraries"] / frame["libraries"].where(frame["libraries"] > 0)
    frame["activities_per_library"] = frame["activities"] / frame["libraries"].where(frame["libraries"] > 0)
    return frame


def libraries_by_cohort(store: Store, filters: Filters, by: str) -> pd.DataFrame:
    """Libraries per area ("province" or "regency") and cohort year, in the filters."""
    where, params = summary_filter(store, filters)
    return store.query(
        f"""
        SELECT {_group(filters, by)} AS area, s.cohort_year, count(*) AS libraries
        FROM summary_library s WHERE s.ref_date = :ref AND {where} GROUP BY 1, 2 ORDER BY 1, 2""",
        params,
    )


def headline(store: Store, filters: Filters) -> dict:
    """The overview's numbers for the filters (zeros when the filters holds no library)."""
    total = coverage(store, filters)
    if filters.province or filters.regency:  # its own province, if it holds a library
        numbers: dict[str, float] = {"provinces": int(not total.empty and total["libraries"].iloc[0] > 0)}
    else:
        where, params = library_filter(filters)
        row = store.query(
            f"SELECT count(DISTINCT {province_of(filters, 'l')}) AS provinces FROM library l WHERE {where}", params
        )
        numbers = {"provinces": int(row["provinces"].iloc[0])}
    if total.empty:
        numbers.update(
            libraries=0,
            regencies=0,
            managers=0,
            managers_trained=0,
            active_libraries=0,
            activities=0,
            participants=0,
            trained_share=float("nan"),
            active_share=float("nan"),
        )
    else:
        row = total.iloc[0]
        numbers.update(
            {
                k: (float(v) if k.endswith("share") else int(v))
                for k, v in row.drop(["area", "activities_per_library"]).items()
            }
        )
    return numbers


COUNTS = ["libraries", "regencies", "managers", "managers_trained", "active_libraries", "activities", "participants"]


def _zero_filled(frame: pd.DataFrame) -> pd.DataFrame:
    """Areas without libraries get zero counts (their shares stay missing)."""
    frame = frame.drop(columns="area")
    frame[COUNTS] = frame[COUNTS].fillna(0).astype("int64")
    return frame


def provinces_with_coverage(store: Store, filters: Filters) -> pd.DataFrame:
    """All provinces of the edition (34 or 38) with their coverage numbers (zeros where the
    programme is absent)."""
    covered = coverage(store, filters.with_(province=None, regency=None), by="province")
    provinces = editions.provinces(store, filters.edition)
    return _zero_filled(provinces.merge(covered, left_on="code", right_on="area", how="left"))


def valid_values(store: Store) -> ValidValues:
    """Valid codes and cohort years, for checking URL parameters."""
    return ValidValues(
        provinces=set(store.query("SELECT code FROM province")["code"]),
        regencies=set(store.query("SELECT code FROM regency")["code"]),
        cohorts={int(y) for y in store.query("SELECT DISTINCT cohort_year FROM library")["cohort_year"]},
        provinces_2022=set(editions.provinces(store, editions.EDITION_2022)["code"]),
        regency_provinces_2022=editions.regency_provinces(store, editions.EDITION_2022),
    )


def regencies_with_coverage(store: Store, filters: Filters) -> pd.DataFrame:
    """Every regency of the filters' province with its numbers (zeros where not covered)."""
    covered = coverage(store, filters.with_(regency=None), by="regency")
    inside = editions.in_province(filters.edition, "r", "p", "code")
    regencies = store.query(
        f"SELECT code, name, kind, lat, lon FROM regency r WHERE {inside} ORDER BY code",
        {"p": filters.province},
    )
    return _zero_filled(regencies.merge(covered, left_on="code", right_on="area", how="left"))


# The numbers a map can be coloured by: URL name -> (column, kind of number).
MAP_METRICS = {
    "libraries": ("libraries", "count"),
    "regencies": ("regencies", "count"),
    "trained": ("trained_share", "share"),
    "active": ("active_share", "share"),
    "activities": ("activities_per_library", "ratio"),
    "participants": ("participants", "count"),
}


def coverage_rows(areas: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Areas of provinces_with_coverage or regencies_with_coverage as a table shows them: the
    trained and active shares in percent to one decimal after `columns`, activities and
    participants last, the most libraries first."""
    table = areas.assign(
        trained_pct=(areas["trained_share"] * 100).round(1),
        active_pct=(areas["active_share"] * 100).round(1),
    )[[*columns, "trained_pct", "active_pct", "activities", "participants"]]
    return table.sort_values(["libraries", "name"], ascending=[False, True])


def months_earlier(store: Store, filters: Filters, months: int = 3) -> Filters:
    """The same filters, `months` months before their reference date (for a KPI's change)."""
    return filters.with_(period_to=add_months(reference_date(store, filters), -months))

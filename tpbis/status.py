"""The traffic-light status of a village library and the reasons behind it.

One rule, used wherever a status shows. A library is checked on three things at the
reference date (the data's date, or the end of the chosen period):
  1. trained  - a manager (pengelola) completed Bimtek SPP-TIK;
  2. active   - it held an activity within the last `active_days` days;
  3. reporting - its latest due monthly report arrived on time (by `report_due_day` of the
     following month).
Green: all three. Yellow: one missing. Red: two or more missing, or no monthly report at
all for `silent_months` months.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.i18n import MONTHS, number, t
from tpbis.metrics import library_filter, province_names, province_of, summary_filter
from tpbis.rule import RULE, StatusRule, latest_due_month
from tpbis.store import Store

GREEN, YELLOW, RED = "hijau", "kuning", "merah"
# Okabe-Ito: bluish green, orange and vermillion stay apart under deuteranopia and protanopia
COLOURS = {GREEN: "#009e73", YELLOW: "#e69f00", RED: "#d55e00"}


_REASONS = {
    "id": {
        "untrained": "belum ikut Bimtek SPP-TIK",
        "incomplete": "Bimtek SPP-TIK belum tuntas",
        "no_activity": "belum pernah ada kegiatan",
        "lapsed": "tidak ada kegiatan {days} hari",
        "late": "laporan {month} terlambat",
        "missing": "laporan {month} belum masuk",
        "silent": "tidak ada laporan {months} bulan",
        "ok": "semua syarat terpenuhi",
    },
    "en": {
        "untrained": "no Bimtek SPP-TIK yet",
        "incomplete": "Bimtek SPP-TIK not completed",
        "no_activity": "no activity ever",
        "lapsed": "no activity for {days} days",
        "late": "{month} report late",
        "missing": "{month} report missing",
        "silent": "no report for {months} months",
        "ok": "all conditions met",
    },
}


def library_status(
    store: Store, filters: Filters, rule: StatusRule = RULE, library_code: str | None = None
) -> pd.DataFrame:
    """One row per library in the filters: place, the three checks, status and its reasons (codes)."""
    where, params = summary_filter(store, filters)
    if library_code:
        where += " AND s.library_code = :library_code"
        params["library_code"] = library_code
    ref = params["ref"]
    due = latest_due_month(ref, rule)
    params["silent_since"] = add_months(due, -(rule.silent_months - 1))
    frame = store.query(
        f"""
        SELECT s.library_code, l.name, l.village_code, s.regency_code, {province_of(filters, "s")} AS province_code,
               s.cohort_year,
               coalesce(l.lat, v.lat) AS lat, coalesce(l.lon, v.lon) AS lon,
               s.managers_trained > 0 AS trained, s.attended, s.last_activity, s.last_report_month,
               s.due_on_time, s.due_received, coalesce(s.last_report_month >= :silent_since, FALSE) AS recent
        FROM summary_library s JOIN library l ON l.library_code = s.library_code
        JOIN village v ON v.code = l.village_code
        WHERE s.ref_date = :ref AND {where}
        ORDER BY s.library_code""",
        params,
    )
    return with_status(frame, ref, due, rule)


def with_status(frame: pd.DataFrame, ref, due, rule: StatusRule = RULE) -> pd.DataFrame:
    """The rule applied to rows of checks (trained, last_activity, due_on_time, recent): the
    checks as booleans, days since the last activity, and the status."""
    last = pd.to_datetime(frame["last_activity"])
    frame["days_since_activity"] = (pd.Timestamp(ref) - last).dt.days
    frame["trained"] = frame["trained"].astype(bool)
    frame["active"] = frame["days_since_activity"].le(rule.active_days).fillna(False).astype(bool)
    frame["reporting"] = frame["due_on_time"].astype(bool)
    missing = (~frame[["trained", "active", "reporting"]]).sum(axis=1)
    silent = ~frame["recent"].astype(bool)
    frame["status"] = [RED if m >= 2 or s else (YELLOW if m == 1 else GREEN) for m, s in zip(missing, silent)]
    frame["due_month"] = due
    return frame


REASONS = ("untrained", "incomplete", "no_activity", "lapsed", "silent", "late", "missing")


def reason_codes(row) -> list[str]:
    """Why a library has its status, as codes (REASONS); none when all conditions are met."""
    found = []
    if not row["trained"]:
        found.append("incomplete" if row["attended"] else "untrained")
    if not row["active"]:
        found.append("no_activity" if pd.isna(row["days_since_activity"]) else "lapsed")
    if not row["recent"]:
        found.append("silent")
    elif not row["reporting"]:
        found.append("late" if row["due_received"] else "missing")
    return found


def reason_label(code: str, lang: str = "id", rule: StatusRule = RULE) -> str:
    """A reason's name, without a particular library's numbers (for a filter)."""
    return _REASONS[lang][code].format(days=rule.active_days, months=rule.silent_months, month="…")


def reasons(row, lang: str = "id", rule: StatusRule = RULE) -> list[str]:
    """Why a library has its status, in words."""
    text = _REASONS[lang]
    due = row["due_month"]
    values = {
        "month": f"{MONTHS[lang][due.month - 1]} {due.year}",
        "months": rule.silent_months,
        "days": None if pd.isna(row["days_since_activity"]) else number(int(row["days_since_activity"]), lang),
    }
    return [text[code].format(**values) for code in reason_codes(row)] or [text["ok"]]


def reasons_of(frame: pd.DataFrame, lang: str = "id", rule: StatusRule = RULE) -> tuple[list[list[str]], list[str]]:
    """reason_codes and reasons (joined by commas) for every row of library_status, at once: a
    row at a time took half a second for a province's 4,000 libraries."""
    text = _REASONS[lang]
    due = frame["due_month"].iloc[0] if len(frame) else None
    month = f"{MONTHS[lang][due.month - 1]} {due.year}" if due else ""
    trained, active, recent = frame["trained"], frame["active"], frame["recent"].astype(bool)
    late = recent & ~frame["reporting"]
    flags = {  # reason code -> which rows have it, in reason_codes' order
        "untrained": ~trained & ~frame["attended"].astype(bool),
        "incomplete": ~trained & frame["attended"].astype(bool),
        "no_activity": ~active & frame["days_since_activity"].isna(),
        "lapsed": ~active & frame["days_since_activity"].notna(),
        "silent": ~recent,
        "late": late & frame["due_received"].astype(bool),
        "missing": late & ~frame["due_received"].astype(bool),
    }
    codes = [[c for c, has in zip(flags, row) if has] for row in zip(*(f.to_numpy() for f in flags.values()))]
    words = [
        ", ".join(
            text[c].format(days=number(int(d), lang) if c == "lapsed" else "", months=rule.silent_months, month=month)
            for c in row
        )
        or text["ok"]
        for row, d in zip(codes, frame["days_since_activity"].to_numpy())
    ]
    return codes, words


_SEVERITY = {RED: 0, YELLOW: 1, GREEN: 2}


def status_list(store: Store, filters: Filters, lang: str = "id") -> pd.DataFrame:
    """Every library in the filters, those needing attention first (red, then yellow; the longest
    without activity first): status and reasons, place, cohort, trained, last activity and report."""
    frame = library_status(store, filters)
    names = store.query(f"SELECT code, name FROM regency UNION ALL SELECT code, name FROM {province_names(filters)}")
    names = dict(zip(names["code"], names["name"]))
    where, params = library_filter(filters)  # the filters' villages, not the 83,000 of the country
    villages = store.query(
        "SELECT v.code, v.name AS village, d.name AS district FROM village v JOIN district d "
        f"ON d.code = v.district_code WHERE v.code IN (SELECT l.village_code FROM library l WHERE {where})",
        params,
    ).set_index("code")
    frame["severity"] = frame["status"].map(_SEVERITY)
    frame = frame.sort_values(
        ["severity", "days_since_activity", "name", "library_code"],
        ascending=[True, False, True, True],
        na_position="first",
    )
    codes, words = reasons_of(frame, lang)
    return pd.DataFrame(
        {
            "status": frame["status"].to_numpy(),
            "reasons": words,
            "reason_codes": [",".join(c) for c in codes],
            "library_code": frame["library_code"].to_numpy(),
            "name": frame["name"].to_numpy(),
            "village": frame["village_code"].map(villages["village"]).to_numpy(),
            "district": frame["village_code"].map(villages["district"]).to_numpy(),
            "village_code": frame["village_code"].to_numpy(),
            "regency": frame["regency_code"].map(names).to_numpy(),
            "province": frame["province_code"].map(names).to_numpy(),
            "cohort_year": frame["cohort_year"].to_numpy(),
            "trained": frame["trained"].to_numpy(),
            "last_activity": frame["last_activity"].to_numpy(),
            "last_report_month": frame["last_report_month"].to_numpy(),
        }
    )


def status_counts(store: Store, filters: Filters, rule: StatusRule = RULE) -> pd.DataFrame:
    """Libraries per status (hijau, kuning, merah): with_status's rule counted in SQL, so a
    national count does not build 83,000 rows (tests/test_summaries.py holds them equal)."""
    where, params = summary_filter(store, filters)
    due = latest_due_month(params["ref"], rule)
    params.update(
        silent_since=add_months(due, -(rule.silent_months - 1)),
        active_from=params["ref"] - timedelta(days=rule.active_days),
    )
    counted = store.query(
        f"""
        SELECT CASE WHEN missing >= 2 OR NOT recent THEN 'merah' WHEN missing = 1 THEN 'kuning' ELSE 'hijau' END
                   AS status, count(*) AS libraries
        FROM (
            SELECT CASE WHEN s.managers_trained > 0 THEN 0 ELSE 1 END
                   + CASE WHEN s.last_activity >= :active_from THEN 0 ELSE 1 END
                   + CASE WHEN s.due_on_time THEN 0 ELSE 1 END AS missing,
                   coalesce(s.last_report_month >= :silent_since, FALSE) AS recent
            FROM summary_library s WHERE s.ref_date = :ref AND {where}) checks
        GROUP BY 1""",
        params,
    )
    counts = dict(zip(counted["status"], counted["libraries"].astype("int64")))
    return pd.DataFrame({"status": [GREEN, YELLOW, RED], "libraries": [counts.get(s, 0) for s in (GREEN, YELLOW, RED)]})


def counts_named(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """status_counts with each status's name in the language ("label")."""
    return counts.assign(label=counts["status"].map(lambda s: t(f"status.{s}", lang)))

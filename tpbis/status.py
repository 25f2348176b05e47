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

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.i18n import MONTHS
from tpbis.metrics import summary_filter
from tpbis.rule import RULE, StatusRule, latest_due_month
from tpbis.store import Store

GREEN, YELLOW, RED = "hijau", "kuning", "merah"
COLOURS = {GREEN: "#1a9850", YELLOW: "#f4b400", RED: "#d73027"}


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
        SELECT s.library_code, l.name, l.village_code, s.regency_code, s.province_code, s.cohort_year,
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


def reasons(row, lang: str = "id", rule: StatusRule = RULE) -> list[str]:
    """Why a library has its status, in words."""
    text = _REASONS[lang]
    due = row["due_month"]
    month = f"{MONTHS[lang][due.month - 1]} {due.year}"
    found = []
    if not row["trained"]:
        found.append(text["incomplete"] if row["attended"] else text["untrained"])
    if not row["active"]:
        days = row["days_since_activity"]
        found.append(text["no_activity"] if pd.isna(days) else text["lapsed"].format(days=int(days)))
    if not row["recent"]:
        found.append(text["silent"].format(months=rule.silent_months))
    elif not row["reporting"]:
        found.append(text["late" if row["due_received"] else "missing"].format(month=month))
    return found or [text["ok"]]


def status_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Libraries per status (hijau, kuning, merah)."""
    frame = library_status(store, filters)
    return frame.groupby("status").size().reindex([GREEN, YELLOW, RED], fill_value=0).rename("libraries").reset_index()

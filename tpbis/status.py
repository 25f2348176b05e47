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

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from tpbis.filters import Filters, add_months
from tpbis.i18n import MONTHS
from tpbis.metrics import library_filter, reference_date
from tpbis.store import Store

GREEN, YELLOW, RED = "hijau", "kuning", "merah"
COLOURS = {GREEN: "#1a9850", YELLOW: "#f4b400", RED: "#d73027"}


@dataclass(frozen=True)
class StatusRule:
    active_days: int = 90
    report_due_day: int = 10
    silent_months: int = 3


RULE = StatusRule()


def latest_due_month(ref: date, rule: StatusRule = RULE) -> date:
    """The most recent month whose report was due by `ref`."""
    this_month = ref.replace(day=1)
    return add_months(this_month, -1 if ref.day > rule.report_due_day else -2)


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

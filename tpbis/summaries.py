"""The pre-aggregated tables the pages read (migration 0009), like DHIS2's analytics tables.
Each is written in area order (a regency's code begins with its province's), so that an area's
rows lie together: PostgreSQL reads a few pages for a regency instead of one per row (a cold
regency's activities page waited 0.4-1.0 s for 7,000 scattered pages, 2.8 s under 10 users),
and DuckDB skips the blocks whose min/max rule it out. (After a rebuild PostgreSQL's autovacuum
clears the old rows within a minute or so; until then a read visits them too.)

`rebuild` fills them from the raw rows inside the transaction of every load, import and
revert, so a reader sees the summaries of the data it sees. Figures depend on a reference
date ("now" for a filter): the data date, or the last day of the month a filter's period
ends in. Each rebuild builds the data date and the month end three months before it (the
overview's comparison); any other reference date (another period, a new day when the data
date is today) is built the first time it is asked for (`ensure_ref`).
"""

from __future__ import annotations

from datetime import date, timedelta

from tpbis.filters import add_months
from tpbis.rule import RULE, latest_due_month
from tpbis.store import Store

ACTIVE_DAYS = RULE.active_days
TABLES = (
    "summary_library",
    "summary_activity_month",
    "summary_kind_province",
    "summary_kind_regency",
    "summary_activity_window",
    "summary_reports",
    "summary_activity_outlier",
    "summary_ref",
)
OUTLIER_FACTOR, OUTLIER_FLOOR = 5.0, 100  # more than 5x the library's median and over 100 people


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def state(store: Store, data_date: date) -> str:
    """What the summaries must have been built from: the data version, the load and the data date."""
    loaded = store.dataset_facts().get("loaded_at", "")
    return f"{store.data_version()}|{loaded}|{data_date.isoformat()}"


def is_current(store: Store, data_date: date) -> bool:
    built = store.scalar("SELECT value FROM summary_state WHERE key = 'built_from'")
    return built == state(store, data_date)


def reference_dates(data_date: date) -> list[date]:
    """The dates built with every rebuild: the data date and the end of the month three months
    before it (the overview's comparison); others are built when first asked for."""
    return [data_date, month_end(add_months(data_date, -3))]


def rebuild(store: Store, data_date: date) -> None:
    """Empty and refill every summary; call inside the transaction that changed the data."""
    for table in TABLES:
        store.execute(f"DELETE FROM {table}")
    params = {"until": data_date, "factor": OUTLIER_FACTOR, "floor": OUTLIER_FLOOR}
    store.execute(_ACTIVITY_MONTH, params)
    store.execute(_KIND_PROVINCE, params)
    store.execute(_KIND_REGENCY, params)
    store.execute(_REPORTS, params)
    store.execute(_OUTLIERS, params)
    _build_refs(store, reference_dates(data_date))
    store.execute("DELETE FROM summary_state")
    store.execute("INSERT INTO summary_state VALUES ('built_from', :s)", {"s": state(store, data_date)})


def refresh(store: Store, data_date: date) -> bool:
    """Rebuild when the summaries are missing or stale (a restored backup, an older version, a new
    day); True when it rebuilt."""
    if is_current(store, data_date):
        return False
    with store.transaction(exclusive=True):
        if not is_current(store, data_date):  # another worker may have just done it
            rebuild(store, data_date)
            return True
    return False


def ensure_ref(store: Store, ref: date) -> None:
    """Build the per-date summaries for `ref` if they are not there yet. While answering, looked
    up once per data version and day (a rebuild on a new day, when the data has no as_of date,
    drops the other dates): a page's every figure asked the database again."""
    kept = store.kept_for_version()
    key = ("summary_ref", ref, date.today())
    if kept is not None and key in kept:
        return
    if not _ref_built(store, ref):
        with store.transaction(exclusive=True):
            if not _ref_built(store, ref):  # another worker may have just built it
                _build_refs(store, [ref])
    if kept is not None:
        kept[key] = True


def _ref_built(store: Store, ref: date) -> bool:
    return bool(store.scalar("SELECT count(*) FROM summary_ref WHERE ref_date = :r", {"r": ref}))


def _build_refs(store: Store, refs: list[date]) -> None:
    """summary_library and summary_activity_window at each reference date."""
    for ref in refs:
        due = latest_due_month(ref)
        params = {
            "ref": ref,
            "due_month": due,
            "due_by": add_months(due, 1) + timedelta(days=RULE.report_due_day - 1),
            "now_from": ref - timedelta(days=ACTIVE_DAYS),
            "before_from": ref - timedelta(days=2 * ACTIVE_DAYS),
        }
        store.execute(_LIBRARY, params)
        store.execute(_WINDOW, params)
        store.execute("INSERT INTO summary_ref VALUES (:ref)", params)


_LIBRARY = """
INSERT INTO summary_library
WITH acts AS (
    SELECT library_code, max(activity_date) AS last FROM activity WHERE activity_date <= :ref GROUP BY 1
), reps AS (
    SELECT library_code, max(report_month) AS latest FROM monthly_report WHERE submitted_on <= :ref GROUP BY 1
), managers AS (
    SELECT p.library_code, p.person_code,
           bool_or(a.completed AND b.end_date <= :ref) AS trained, bool_or(b.start_date <= :ref) AS started
    FROM person p
    LEFT JOIN training_attendance a ON a.person_code = p.person_code
    LEFT JOIN training_batch b ON b.batch_code = a.batch_code
    WHERE p.role = 'pengelola' GROUP BY 1, 2
), per_library AS (
    SELECT library_code, count(*) AS managers, count(*) FILTER (WHERE trained) AS trained,
           bool_or(coalesce(started, FALSE)) AS attended
    FROM managers GROUP BY 1
)
SELECT CAST(:ref AS DATE), l.library_code, l.regency_code, l.province_code, l.cohort_year,
       coalesce(m.managers, 0), coalesce(m.trained, 0), coalesce(m.attended, FALSE),
       acts.last, reps.latest, d.library_code IS NOT NULL, coalesce(d.submitted_on <= :due_by, FALSE)
FROM library l
LEFT JOIN per_library m ON m.library_code = l.library_code
LEFT JOIN acts ON acts.library_code = l.library_code
LEFT JOIN reps ON reps.library_code = l.library_code
LEFT JOIN monthly_report d ON d.library_code = l.library_code AND d.report_month = :due_month
     AND d.submitted_on <= :ref
ORDER BY l.province_code, l.regency_code, l.library_code
"""

_WINDOW = """
INSERT INTO summary_activity_window
SELECT CAST(:ref AS DATE), l.regency_code, l.province_code, l.cohort_year,
       count(*) FILTER (WHERE a.activity_date > :now_from),
       coalesce(sum(a.participants_male + a.participants_female) FILTER (WHERE a.activity_date > :now_from), 0),
       count(*) FILTER (WHERE a.activity_date <= :now_from),
       coalesce(sum(a.participants_male + a.participants_female) FILTER (WHERE a.activity_date <= :now_from), 0)
FROM activity a JOIN library l ON l.library_code = a.library_code
WHERE a.activity_date > :before_from AND a.activity_date <= :ref
GROUP BY 1, 2, 3, 4
"""

_ACTIVITY_MONTH = """
INSERT INTO summary_activity_month
SELECT l.regency_code, l.province_code, l.cohort_year, CAST(date_trunc('month', a.activity_date) AS DATE),
       count(*), sum(a.participants_male), sum(a.participants_female), count(*) FILTER (WHERE a.partner IS NULL)
FROM activity a JOIN library l ON l.library_code = a.library_code
WHERE a.activity_date <= :until
GROUP BY 1, 2, 3, 4
ORDER BY 1, 4
"""

_KIND_PROVINCE = """
INSERT INTO summary_kind_province
SELECT l.province_code, l.cohort_year, CAST(date_trunc('month', a.activity_date) AS DATE),
       a.activity_type, a.skill_category, count(*), sum(a.participants_male), sum(a.participants_female)
FROM activity a JOIN library l ON l.library_code = a.library_code
WHERE a.activity_date <= :until
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 3
"""

_KIND_REGENCY = """
INSERT INTO summary_kind_regency
SELECT l.regency_code, l.province_code, l.cohort_year, CAST(date_trunc('month', a.activity_date) AS DATE),
       a.activity_type, a.skill_category, count(*), sum(a.participants_male), sum(a.participants_female)
FROM activity a JOIN library l ON l.library_code = a.library_code
WHERE a.activity_date <= :until
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 4
"""

_REPORTS = """
INSERT INTO summary_reports
SELECT l.regency_code, l.province_code, l.cohort_year, r.report_month,
       CAST(date_trunc('month', r.submitted_on) AS DATE), count(*),
       count(*) FILTER (WHERE r.submitted_on <= CAST(r.report_month + INTERVAL '1 month' + INTERVAL '9 days' AS DATE))
FROM monthly_report r JOIN library l ON l.library_code = r.library_code
WHERE r.submitted_on <= :until
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 4
"""

# Over every activity, as quality.activity_outliers was: a typing error is one whatever its date.
_OUTLIERS = """
INSERT INTO summary_activity_outlier
WITH counted AS (
    SELECT a.activity_code, a.library_code, a.activity_date, a.title,
           a.participants_male + a.participants_female AS participants
    FROM activity a
), usual AS (
    SELECT library_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY participants) AS usual
    FROM counted GROUP BY 1)
SELECT c.activity_code, c.library_code, l.regency_code, l.province_code, l.cohort_year, c.activity_date,
       c.title, c.participants, u.usual
FROM counted c JOIN usual u ON u.library_code = c.library_code JOIN library l ON l.library_code = c.library_code
WHERE c.participants > :floor AND c.participants > :factor * u.usual
"""

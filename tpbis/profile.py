"""One village library: who and where it is, its managers' training, its activities; and search."""

from __future__ import annotations

import pandas as pd

from tpbis.store import Store


def identity(store: Store, library_code: str) -> dict | None:
    """The library with its village, district, regency and province (names and codes)."""
    frame = store.query(
        """
        SELECT l.library_code, l.name, l.cohort_year, l.funding,
               v.code AS village_code, v.name AS village, d.code AS district_code, d.name AS district,
               r.code AS regency_code, r.name AS regency, p.code AS province_code, p.name AS province
        FROM library l
        JOIN village v ON v.code = l.village_code
        JOIN district d ON d.code = v.district_code
        JOIN regency r ON r.code = l.regency_code
        JOIN province p ON p.code = l.province_code
        WHERE l.library_code = :code""",
        {"code": library_code},
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def manager_training(store: Store, library_code: str) -> pd.DataFrame:
    """Each manager's and staff member's Bimtek SPP-TIK attendance, managers first."""
    return store.query(
        """
        SELECT p.name, p.role, b.name AS batch, b.start_date, b.end_date, b.mode,
               a.days_attended, a.completed, a.pre_score, a.post_score
        FROM person p
        JOIN training_attendance a ON a.person_code = p.person_code
        JOIN training_batch b ON b.batch_code = a.batch_code
        WHERE p.library_code = :code
        ORDER BY p.role, p.name, b.start_date""",
        {"code": library_code},
    )


def contacts(store: Store, library_code: str) -> pd.DataFrame:
    """Managers' and staff's phone numbers: personal data, for editors and admins only."""
    return store.query(
        "SELECT name, role, phone FROM person WHERE library_code = :code ORDER BY role, name", {"code": library_code}
    )


def activities_by_month(store: Store, library_code: str) -> pd.DataFrame:
    """Activities and participants by month and type."""
    return store.query(
        """
        SELECT date_trunc('month', activity_date) AS month, activity_type, count(*) AS activities,
               sum(participants_male) AS male, sum(participants_female) AS female
        FROM activity WHERE library_code = :code
        GROUP BY 1, 2 ORDER BY 1, 2""",
        {"code": library_code},
    )


def search(store: Store, text: str, limit: int = 20) -> pd.DataFrame:
    """Libraries whose name, village, district, regency, province or code contains the text
    (case-insensitive; % and _ are themselves, not wildcards), the first `limit` by name, with
    `total`: how many matched in all."""
    needle = f"%{_literal(text.strip().lower())}%"
    return store.query(
        """
        SELECT l.library_code, l.name, v.name AS village, r.name AS regency, count(*) OVER () AS total
        FROM library l JOIN village v ON v.code = l.village_code JOIN district d ON d.code = v.district_code
        JOIN regency r ON r.code = l.regency_code JOIN province p ON p.code = l.province_code
        WHERE lower(l.name) LIKE :needle ESCAPE '\\' OR lower(v.name) LIKE :needle ESCAPE '\\'
           OR lower(d.name) LIKE :needle ESCAPE '\\' OR lower(r.name) LIKE :needle ESCAPE '\\'
           OR lower(p.name) LIKE :needle ESCAPE '\\'
           OR lower(l.library_code) LIKE :needle ESCAPE '\\' OR l.village_code LIKE :needle ESCAPE '\\'
        ORDER BY l.name, l.library_code LIMIT :limit""",
        {"needle": needle, "limit": limit},
    )


def matches(frame: pd.DataFrame, text: str) -> pd.Series:
    """Which rows of a library list (status_list) `search` would find for the text."""
    needle = text.strip().lower()
    columns = ["name", "village", "district", "regency", "province", "library_code", "village_code"]
    return frame[columns].apply(lambda c: c.str.lower().str.contains(needle, regex=False)).any(axis=1)


def _literal(text: str) -> str:
    """Text for a LIKE pattern (ESCAPE '\\') that matches only itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def meetings(store: Store, library_code: str) -> pd.DataFrame:
    """Peer Learning and Stakeholder Meetings the library attended."""
    return store.query(
        """
        SELECT m.meeting_date, m.kind, m.place, a.participants
        FROM meeting_attendance a JOIN meeting m ON m.meeting_code = a.meeting_code
        WHERE a.library_code = :code ORDER BY m.meeting_date""",
        {"code": library_code},
        dates=("meeting_date",),
    )


def monthly_reports(store: Store, library_code: str) -> pd.DataFrame:
    """Visits, loans and members by month, with when each report came in."""
    return store.query(
        """
        SELECT report_month, visits, loans, members, submitted_on
        FROM monthly_report WHERE library_code = :code ORDER BY report_month""",
        {"code": library_code},
        dates=("report_month", "submitted_on"),
    )


def partnerships(store: Store, library_code: str) -> pd.DataFrame:
    return store.query(
        """
        SELECT partner_name, partner_kind, mou_signed_on, description
        FROM partnership WHERE library_code = :code ORDER BY partner_name""",
        {"code": library_code},
        dates=("mou_signed_on",),
    )


def aid(store: Store, library_code: str) -> pd.DataFrame:
    return store.query(
        """
        SELECT received_on, source, kind, description, value_idr
        FROM aid WHERE library_code = :code ORDER BY received_on""",
        {"code": library_code},
        dates=("received_on",),
    )


def stories(store: Store, library_code: str) -> pd.DataFrame:
    return store.query(
        """
        SELECT published_on, title, summary FROM success_story
        WHERE library_code = :code ORDER BY published_on DESC""",
        {"code": library_code},
        dates=("published_on",),
    )

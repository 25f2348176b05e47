"""Follow-ups: what a meeting decided for a library that needs attention (call, visit, Bimtek
invitation, aid, report reminder, other), who is responsible, by when, and whether it was done.

Rules: editors create and close follow-ups for libraries inside their region, admins anywhere,
viewers only see that they exist (action, state, due date: no notes, names or outcomes). The
account is read again inside the write. A new follow-up cannot be due in the past; closing
needs an outcome. Every change is kept (follow_up_change)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from tpbis.accounts import User, current
from tpbis.filters import Filters
from tpbis.i18n import CatalogueError, day, t
from tpbis.metrics import library_filter, province_names, province_of
from tpbis.store import Store

ACTIONS = ("call", "visit", "training", "aid", "report_reminder", "other")
OPEN, DONE, CANCELLED = "open", "done", "cancelled"
STATES = (OPEN, DONE, CANCELLED)
MAX_TEXT = 500
PRIVATE = ("detail", "owner_username", "owner_name", "owner_office", "outcome", "created_by", "changed_by")


class FollowUpRefused(CatalogueError, ValueError):
    """A follow-up that may not be written as asked; nothing was written."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _text(value: str | None, name: str) -> str | None:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise FollowUpRefused("follow_up.too_long", field=name, limit=MAX_TEXT)
    return value or None


def _may_edit(store: Store, user: User, library_code: str) -> User:
    """The account as it is now, if it may write follow-ups for this library."""
    user = current(store, user)
    if user.role not in ("editor", "admin"):
        raise FollowUpRefused("follow_up.refused.role")
    village = store.scalar("SELECT village_code FROM library WHERE library_code = :c", {"c": library_code})
    if village is None:
        raise FollowUpRefused("follow_up.unknown_library", code=library_code)
    if not user.covers(village):
        raise FollowUpRefused("follow_up.refused.region", region=user.region_code or "")
    return user


def create(
    store: Store,
    user: User,
    library_code: str,
    action: str,
    due_on: date,
    detail: str | None = None,
    owner_username: str | None = None,
    owner_name: str | None = None,
    owner_office: str | None = None,
    today: date | None = None,
) -> int:
    """A new open follow-up; its id. FollowUpRefused says why when it may not be made."""
    if action not in ACTIONS:
        raise FollowUpRefused("follow_up.unknown_action", action=action)
    detail, owner_name, owner_office = (
        _text(detail, "detail"),
        _text(owner_name, "owner"),
        _text(owner_office, "office"),
    )
    owner_username = (owner_username or "").strip().lower() or None
    if action == "other" and not detail:
        raise FollowUpRefused("follow_up.other_needs_detail")
    if due_on < (today or date.today()):
        raise FollowUpRefused("follow_up.due_in_past")
    if not owner_username and not owner_name:
        raise FollowUpRefused("follow_up.needs_owner")
    with store.transaction(exclusive=True):
        user = _may_edit(store, user, library_code)
        if owner_username and not store.scalar(
            "SELECT count(*) FROM app_user WHERE username = :u AND NOT disabled", {"u": owner_username}
        ):
            raise FollowUpRefused("follow_up.unknown_user", user=owner_username)
        follow_up_id = int(store.scalar("SELECT coalesce(max(follow_up_id), 0) + 1 FROM follow_up"))
        now = _now()
        row = {
            "follow_up_id": follow_up_id,
            "library_code": library_code,
            "action": action,
            "detail": detail,
            "owner_username": owner_username,
            "owner_name": owner_name,
            "owner_office": owner_office,
            "due_on": due_on,
            "state": OPEN,
            "outcome": None,
            "created_by": user.username,
            "created_at": now,
            "changed_by": user.username,
            "changed_at": now,
        }
        store.insert_frame("follow_up", pd.DataFrame([row]))
        _keep(store, row, 1)
    return follow_up_id


def close(store: Store, user: User, follow_up_id: int, state: str, outcome: str) -> None:
    """Mark an open follow-up done or cancelled, with what happened."""
    if state not in (DONE, CANCELLED):
        raise FollowUpRefused("follow_up.unknown_state", state=state)
    outcome_text = _text(outcome, "outcome")
    if not outcome_text:
        raise FollowUpRefused("follow_up.needs_outcome")
    with store.transaction(exclusive=True):
        found = store.query("SELECT * FROM follow_up WHERE follow_up_id = :i", {"i": follow_up_id})
        if found.empty:
            raise FollowUpRefused("follow_up.unknown", id=follow_up_id)
        row = found.iloc[0].to_dict()
        user = _may_edit(store, user, row["library_code"])
        if row["state"] != OPEN:
            raise FollowUpRefused("follow_up.already_closed", id=follow_up_id)
        now = _now()
        store.execute(
            "UPDATE follow_up SET state = :s, outcome = :o, changed_by = :u, changed_at = :t WHERE follow_up_id = :i",
            {"s": state, "o": outcome_text, "u": user.username, "t": now, "i": follow_up_id},
        )
        row.update(state=state, outcome=outcome_text, changed_by=user.username, changed_at=now)
        version = store.scalar(
            "SELECT max(version) + 1 FROM follow_up_change WHERE follow_up_id = :i", {"i": follow_up_id}
        )
        _keep(store, row, int(version or 1))


def _keep(store: Store, row: dict, version: int, marks: dict | None = None) -> None:
    after = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} | (marks or {})
    store.execute(
        "INSERT INTO follow_up_change VALUES (:i, :v, :u, :t, :r)",
        {
            "i": row["follow_up_id"],
            "v": version,
            "u": row["changed_by"],
            "t": row["changed_at"],
            "r": json.dumps(after, default=str),
        },
    )


def keep_version(store: Store, row: dict, marks: dict | None = None) -> None:
    """The follow-up as it is after a change, as its next version, with marks such as the
    import that wrote it (inside the writer's transaction)."""
    version = store.scalar(
        "SELECT coalesce(max(version), 0) + 1 FROM follow_up_change WHERE follow_up_id = :i",
        {"i": row["follow_up_id"]},
    )
    _keep(store, row, int(version), marks)


def version(store: Store) -> str:
    """Changes with every follow-up written (what cached follow-up lists are keyed on)."""
    return str(store.scalar("SELECT count(*) FROM follow_up_change"))


def as_seen_by(frame: pd.DataFrame, user: User) -> pd.DataFrame:
    """Viewers, and editors outside the library's region, see that a follow-up exists, its
    action, state and due date; notes, names and outcomes are blanked."""
    if frame.empty:
        return frame
    hidden = [not user.sees_contacts_of(code) for code in frame["village_code"]]
    frame = frame.copy()
    for column in PRIVATE:
        if column in frame:
            frame[column] = frame[column].astype(object).where(~pd.Series(hidden, index=frame.index), None)
    return frame


def in_scope(store: Store, filters: Filters, today: date | None = None) -> pd.DataFrame:
    """Every follow-up of the libraries in the filters (cohort, province, regency), newest due
    first among the open ones, with place names and whether an open one is overdue."""
    where, params = library_filter(filters)
    frame = store.query(
        f"""
        SELECT f.follow_up_id, f.state, f.action, f.due_on, f.library_code, l.name, l.village_code,
               r.name AS regency, p.name AS province, p.code AS province_code, f.detail, f.owner_username,
               f.owner_name, f.owner_office, f.outcome, f.created_by, f.created_at, f.changed_by, f.changed_at
        FROM follow_up f JOIN library l ON l.library_code = f.library_code
        JOIN regency r ON r.code = l.regency_code
        JOIN {province_names(filters)} p ON p.code = {province_of(filters, "l")}
        WHERE {where}
        ORDER BY CASE f.state WHEN 'open' THEN 0 ELSE 1 END, f.due_on, f.follow_up_id""",
        params,
        dates=("due_on",),
    )
    frame.insert(1, "overdue", (frame["state"] == OPEN) & (frame["due_on"] < (today or date.today())))
    return frame


def for_library(store: Store, library_code: str, today: date | None = None) -> pd.DataFrame:
    """A library's follow-ups, open first."""
    frame = store.query(
        """
        SELECT f.follow_up_id, f.state, f.action, f.due_on, l.village_code, f.detail, f.owner_username,
               f.owner_name, f.owner_office, f.outcome, f.created_by, f.created_at, f.changed_by, f.changed_at
        FROM follow_up f JOIN library l ON l.library_code = f.library_code
        WHERE f.library_code = :c
        ORDER BY CASE f.state WHEN 'open' THEN 0 ELSE 1 END, f.due_on, f.follow_up_id""",
        {"c": library_code},
        dates=("due_on",),
    )
    frame.insert(1, "overdue", (frame["state"] == OPEN) & (frame["due_on"] < (today or date.today())))
    return frame


def next_open(store: Store, filters: Filters) -> pd.DataFrame:
    """Per library in the filters with an open follow-up: the one due first (library_code,
    action, due_on), to show beside its status."""
    where, params = library_filter(filters)
    return store.query(
        f"""
        SELECT library_code, action, due_on FROM (
            SELECT f.library_code, f.action, f.due_on,
                   row_number() OVER (PARTITION BY f.library_code ORDER BY f.due_on, f.follow_up_id) AS n
            FROM follow_up f JOIN library l ON l.library_code = f.library_code
            WHERE f.state = 'open' AND {where}) x
        WHERE n = 1""",
        params,
        dates=("due_on",),
    )


def beside_status(store: Store, filters: Filters, lang: str, today: date | None = None) -> dict[str, str]:
    """Per library with an open follow-up, the one due first in words ("kunjungan, jatuh tempo
    12 Des 2024", and "lewat tenggat" once past), for the column next to a library's status."""
    today = today or date.today()
    words = {}
    for row in next_open(store, filters).itertuples():
        text = t("follow_up.beside", lang, action=t(f"value.action.{row.action}", lang), due=day(row.due_on, lang))
        words[row.library_code] = text + (f" ({t('col.overdue', lang).lower()})" if row.due_on < today else "")
    return words


def load_demo(store: Store, today: date | None = None, seed: int = 20240) -> int:
    """A plausible set of follow-ups for the demo data, so the page is not empty: for libraries
    that are red now, some done, some open and due soon, some overdue. Written directly (a
    follow-up made through `create` cannot be due in the past); returns how many."""
    import numpy as np

    from tpbis.status import RED, library_status

    today = today or date.today()
    red = library_status(store, Filters())
    red = red[red["status"] == RED]
    if red.empty:
        return 0
    rng = np.random.default_rng(seed)
    picked = red.sample(min(60, len(red)), random_state=seed).reset_index(drop=True)
    owners = ["Dinas Perpustakaan Kabupaten", "Pendamping TPBIS Provinsi", "Perpusnas"]
    rows = []
    for index, library in picked.iterrows():
        kind = index % 3  # done, open, overdue
        created = datetime.combine(today - timedelta(days=int(rng.integers(20, 90))), datetime.min.time())
        due = (
            today + timedelta(days=int(rng.integers(5, 40)))
            if kind == 1
            else today - timedelta(days=int(rng.integers(1, 30)))
        )
        action = ACTIONS[int(rng.integers(0, len(ACTIONS) - 1))]
        rows.append(
            {
                "follow_up_id": index + 1,
                "library_code": library["library_code"],
                "action": action,
                "detail": None,
                "owner_username": None,
                "owner_name": f"Petugas {index + 1}",
                "owner_office": owners[index % len(owners)],
                "due_on": due,
                "state": DONE if kind == 0 else OPEN,
                "outcome": "Sudah dihubungi; laporan bulan berikutnya dijanjikan." if kind == 0 else None,
                "created_by": "generator data demo",
                "created_at": created,
                "changed_by": "generator data demo",
                "changed_at": created + timedelta(days=10) if kind == 0 else created,
            }
        )
    with store.transaction(exclusive=True):
        store.execute("DELETE FROM follow_up_change")
        store.execute("DELETE FROM follow_up")
        store.insert_frame("follow_up", pd.DataFrame(rows))
        for row in rows:
            _keep(store, row, 1)
    return len(rows)


def progress_by_area(store: Store, filters: Filters, since: date, today: date | None = None) -> pd.DataFrame:
    """Per province (per regency when the filters name a province): follow-ups done since
    `since`, still open and not yet due, and open past their due date (area, done, open,
    overdue), the areas with the most overdue first; areas with none of the three are left out."""
    listed = in_scope(store, filters, today)
    area = "regency" if filters.province else "province"
    done = (listed["state"] == DONE) & (pd.to_datetime(listed["changed_at"]).dt.date >= since)
    still_open = (listed["state"] == OPEN) & ~listed["overdue"]
    counts = (
        pd.DataFrame({"area": listed[area], "done": done, "open": still_open, "overdue": listed["overdue"]})
        .groupby("area", as_index=False)[["done", "open", "overdue"]]
        .sum()
        .astype({"done": "int64", "open": "int64", "overdue": "int64"})
    )
    counts = counts[counts[["done", "open", "overdue"]].sum(axis=1) > 0]
    return counts.sort_values(["overdue", "open", "done", "area"], ascending=[False, False, False, True]).reset_index(
        drop=True
    )

"""The one path by which data enters the store: reference geography and programme records.

Demo data and (later) imported files both come through `apply_records`, which writes
everything in one transaction: a batch lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd

from tpbis import editions, summaries
from tpbis.geography import Geography
from tpbis.metrics import data_date
from tpbis.store import Store

# Record kinds in the order they must be written, each with its natural key.
RECORD_KEYS: dict[str, list[str]] = {
    "library": ["library_code"],
    "person": ["person_code"],
    "training_batch": ["batch_code"],
    "training_attendance": ["batch_code", "person_code"],
    "meeting": ["meeting_code"],
    "meeting_attendance": ["meeting_code", "library_code"],
    "activity": ["activity_code"],
    "monthly_report": ["library_code", "report_month"],
    "partnership": ["partnership_code"],
    "aid": ["aid_code"],
    "success_story": ["story_code"],
}
REFERENCE_TABLES = {"province": "provinces", "regency": "regencies", "district": "districts", "village": "villages"}


class LoadError(ValueError):
    """A batch was refused; nothing was written. `problems` lists why, in Bahasa Indonesia."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def load_reference(store: Store, geography: Geography) -> None:
    """Replace the reference geography in one transaction."""
    with store.transaction():
        for table, attribute in REFERENCE_TABLES.items():
            store.execute(f"DELETE FROM {table}")
            store.insert_frame(table, getattr(geography, attribute))
        editions.load(store)


def with_region(library: pd.DataFrame) -> pd.DataFrame:
    return library.assign(regency_code=library["village_code"].str[:5], province_code=library["village_code"].str[:2])


def _problems(store: Store, records: Mapping[str, pd.DataFrame]) -> list[str]:
    problems = []
    for kind, frame in records.items():
        if kind not in RECORD_KEYS:
            problems.append(f"Jenis data '{kind}' tidak dikenal.")
            continue
        key = RECORD_KEYS[kind]
        missing = [c for c in key if c not in frame.columns]
        if missing:
            problems.append(f"{kind}: kolom kunci {', '.join(missing)} tidak ada.")
        elif frame.duplicated(key).any():
            problems.append(f"{kind}: {int(frame.duplicated(key).sum())} baris berkunci ganda.")
    library = records.get("library")
    if library is not None and "village_code" in library:
        known = store.query("SELECT code FROM village")["code"]
        unknown = sorted(set(library["village_code"]) - set(known))
        if unknown:
            problems.append(
                f"library: {len(unknown)} kode desa tidak dikenal Kemendagri, mis. {', '.join(unknown[:3])}."
            )
    return problems


def apply_records(
    store: Store, records: Mapping[str, pd.DataFrame], facts: Mapping[str, str] | None = None, replace_all: bool = False
) -> dict[str, int]:
    """Write the batch in one transaction (upsert on natural keys); returns rows per kind.

    With replace_all every programme table is emptied first (the demo data does this)."""
    problems = _problems(store, records)
    if problems:
        raise LoadError(problems)
    counts = {}
    with store.transaction():
        if replace_all:
            for kind in reversed(RECORD_KEYS):
                store.execute(f"DELETE FROM {kind}")
        for kind in RECORD_KEYS:
            if kind not in records:
                continue
            frame = records[kind]
            if kind == "library":
                frame = with_region(frame)
            store.insert_frame(kind, frame, key=None if replace_all else RECORD_KEYS[kind])
            counts[kind] = len(frame)
        store.set_dataset_facts({"loaded_at": datetime.now(UTC).isoformat(timespec="seconds"), **(facts or {})})
        summaries.rebuild(store, data_date(store))
    return counts

"""What an import file holds: its sheets and columns, their limits and choices, the template's
examples, and how a problem with a file is reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from tpbis.follow_ups import ACTIONS, STATES
from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.i18n import number, t
from tpbis.store import Store

MAX_ROWS = 200_000
MAX_CELL = 5_000  # characters: a success story fits, a pasted document does not
EXAMPLE_MARK = "CONTOH:"  # starts the first cell of the template's example rows, which are never imported
PROGRAMME_START = date(2018, 1, 1)
SHEETS = {
    "library": "perpustakaan",
    "person": "pengelola",
    "training_batch": "bimtek",
    "training_attendance": "kehadiran_bimtek",
    "meeting": "pertemuan",
    "meeting_attendance": "kehadiran_pertemuan",
    "activity": "kegiatan",
    "monthly_report": "laporan_bulanan",
    "partnership": "mitra",
    "aid": "bantuan",
    "success_story": "kisah_sukses",
    "follow_up": "tindak_lanjut",  # tpbis/imports/follow_up_sheet.py
}
KIND_OF_SHEET = {sheet: kind for kind, sheet in SHEETS.items()} | {kind: kind for kind in SHEETS}
DERIVED = {"library": {"regency_code", "province_code"}}
# Optional columns that are checked, not stored: the village's name beside its code catches a
# code typed wrong (a valid code of another village).
CHECK_ONLY = {"library": {"village_name": "village_code"}}
CHOICES = {
    ("library", "funding"): ["apbn", "replikasi"],
    ("person", "role"): ["pengelola", "staf"],
    ("person", "gender"): ["L", "P"],
    ("training_batch", "mode"): ["daring", "luring"],
    ("meeting", "kind"): ["plm", "stakeholder"],
    ("follow_up", "action"): list(ACTIONS),
    ("follow_up", "state"): list(STATES),
}
# Dates that may lie ahead (a follow-up's due date), up to this many years
FUTURE_DATES = {"due_on": 5}
UPPER_LIMITS = {
    "participants_male": 2000,
    "participants_female": 2000,
    "participants": 500,
    "visits": 100_000,
    "loans": 100_000,
    "members": 100_000,
    "days_attended": 31,
    "pre_score": 100,
    "post_score": 100,
    "value_idr": 10_000_000_000,
    "follow_up_id": 2**31 - 1,
}
# Where a library can be: the import refuses anything else (999, 1e308, a swapped lat/lon).
RANGES = {"lat": LIBRARY_LAT, "lon": LIBRARY_LON}
CODE_FORMAT = {"village_code": r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", "regency_code": r"^\d{2}\.\d{2}$"}
REFERENCES = {
    "village_code": ("village", "code"),
    "regency_code": ("regency", "code"),
    "library_code": ("library", "library_code"),
    "person_code": ("person", "person_code"),
    "batch_code": ("training_batch", "batch_code"),
    "meeting_code": ("meeting", "meeting_code"),
}
EXAMPLES: dict[str, Any] = {
    "library_code": "PD-3201011001",
    "village_code": "32.01.01.1001",
    "regency_code": "32.01",
    "person_code": "PD-3201011001-P1",
    "batch_code": "SPPTIK-2022-001",
    "meeting_code": "MTG-3201-2022-1",
    "activity_code": "PD-3201011001-K1",
    "partnership_code": "PD-3201011001-M1",
    "aid_code": "PD-3201011001-B1",
    "story_code": "PD-3201011001-S1",
    "cohort_year": 2022,
    "report_month": "2022-03-01",
    "name": "Perpustakaan Desa Pondok Rajeg",
    "place": "Jakarta",
    "activity_type": "Literasi anak",
    "skill_category": "TIK",
    "title": "Kelas komputer untuk ibu-ibu PKK",
    "partner_name": "BUMDes",
    "partner_kind": "bumdes",
    "source": "Perpusnas",
    "phone": "081234567890",
    "partner": "Karang Taruna",
    "summary": "Peserta kini mengelola toko daring desa.",
    "description": "Komputer dan printer",
    "lat": -6.45,
    "lon": 106.84,
}


@dataclass
class Problem:
    sheet: str
    row: int | None  # the spreadsheet's row number (header is row 1)
    column: str
    value: str
    key: str  # the message in the catalogue (problem.*), said in either language
    params: dict = field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        return t(self.key, lang, **{k: _said(v, lang) for k, v in self.params.items()})

    @property
    def message(self) -> str:
        return self.text("id")


def _said(value, lang: str):
    """A message parameter in the language: counts as 1.234, words from the catalogue."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, lang)
    return t(value, lang) if str(value).startswith("word.") else value


def columns_of(store: Store, kind: str) -> pd.DataFrame:
    """The importable columns of a record kind: name, SQL type, required."""
    if kind == "follow_up":  # who wrote it and when is the app's to say, not the file's
        from tpbis.imports.follow_up_sheet import columns

        return columns()
    frame = store.columns(kind)
    return frame[~frame["name"].isin(DERIVED.get(kind, set()))].reset_index(drop=True)

"""The traffic-light rule on the small fixture (as of 2024-12-31; November's report due 10 Dec)."""

from datetime import date

import pandas as pd
import pytest

from tpbis.filters import Filters
from tpbis.loader import apply_records
from tpbis.status import (
    GREEN,
    RED,
    YELLOW,
    StatusRule,
    latest_due_month,
    library_status,
    reason_codes,
    reasons,
    reasons_of,
)


@pytest.fixture()
def with_reports(small_store):
    reports = pd.DataFrame(
        {
            "library_code": ["L1", "L3", "L3", "L6", "L2"],
            "report_month": [
                date(2024, 11, 1),
                date(2024, 11, 1),
                date(2024, 10, 1),
                date(2024, 11, 1),
                date(2024, 5, 1),
            ],
            "visits": [10] * 5,
            "loans": [5] * 5,
            "members": [30] * 5,
            "submitted_on": [
                date(2024, 12, 5),
                date(2024, 12, 20),
                date(2024, 11, 8),
                date(2024, 12, 10),
                date(2024, 6, 3),
            ],
        }
    )
    apply_records(small_store, {"monthly_report": reports})
    return small_store


def test_due_month():
    assert latest_due_month(date(2024, 12, 31)) == date(2024, 11, 1)
    assert latest_due_month(date(2024, 12, 10)) == date(2024, 10, 1)
    assert latest_due_month(date(2025, 1, 5)) == date(2024, 11, 1)


def test_status_and_reasons(with_reports):
    frame = library_status(with_reports, Filters()).set_index("library_code")
    # L1: trained, active, November on time
    assert frame.loc["L1", "status"] == GREEN and reasons(frame.loc["L1"]) == ["semua syarat terpenuhi"]
    # L3: trained, active, November late
    assert frame.loc["L3", "status"] == YELLOW
    assert reasons(frame.loc["L3"]) == ["laporan Nov 2024 terlambat"]
    # L6: trained, active (10 Oct is 82 days back), November on the due day
    assert frame.loc["L6", "status"] == GREEN
    # L2: incomplete training, last activity 1 Jun, last report May: red
    assert frame.loc["L2", "status"] == RED
    assert reasons(frame.loc["L2"]) == [
        "Bimtek SPP-TIK belum tuntas",
        "tidak ada kegiatan 213 hari",
        "tidak ada laporan 3 bulan",
    ]
    # L4: nothing at all
    assert reasons(frame.loc["L4"], "en") == ["no Bimtek SPP-TIK yet", "no activity ever", "no report for 3 months"]
    # L5: its batch is in 2025, so not yet trained on 2024-12-31
    assert not frame.loc["L5", "trained"]


def test_reasons_of_every_row_at_once_are_each_rows_own(with_reports, demo_store):
    """The lists, the attention slide and the regency map word all rows at once (reasons_of); a
    profile words its one row (reasons): the same words, in both languages, 1,000 days and up too."""
    for frame in (library_status(with_reports, Filters()), library_status(demo_store, Filters(province="32"))):
        frame.loc[frame.index[0], ["active", "days_since_activity"]] = [False, 1234]
        rows = [row for _, row in frame.iterrows()]
        for lang in ("id", "en"):
            codes, words = reasons_of(frame, lang)
            assert codes == [reason_codes(row) for row in rows]
            assert words == [", ".join(reasons(row, lang)) for row in rows]
    assert "1.234" in words[0] or "1,234" in words[0]


def test_rule_is_configurable(with_reports):
    lenient = StatusRule(active_days=250, silent_months=12)
    frame = library_status(with_reports, Filters(), lenient).set_index("library_code")
    assert frame.loc["L2", "active"]


def test_libraries_without_coordinates_sit_at_their_village(with_reports, geography):
    frame = library_status(with_reports, Filters(regency="32.01")).set_index("library_code")
    village = geography.villages.set_index("code").loc["32.01.01.1001"]
    assert frame.loc["L1", ["lat", "lon"]].tolist() == pytest.approx([village["lat"], village["lon"]])

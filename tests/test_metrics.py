"""Every number checked against tests/fixtures.py by hand."""

from datetime import date

import pytest

from tpbis import metrics
from tpbis.filters import Filters


def test_headline_whole_programme(small_store):
    numbers = metrics.headline(small_store, Filters())
    assert numbers["provinces"] == 2
    assert numbers["regencies"] == 3
    assert numbers["libraries"] == 6
    assert numbers["managers"] == 6  # staff are not managers
    assert numbers["managers_trained"] == 3  # P1, P3, P6; P2 incomplete, P5's batch is in 2025
    assert numbers["trained_share"] == pytest.approx(0.5)
    assert numbers["active_libraries"] == 3  # L1, L3, L6 within 90 days of 2024-12-31
    assert numbers["active_share"] == pytest.approx(0.5)
    assert numbers["activities"] == 5
    assert numbers["participants"] == 32


def test_headline_one_province(small_store):
    numbers = metrics.headline(small_store, Filters(province="33"))
    assert (numbers["libraries"], numbers["managers_trained"], numbers["active_libraries"]) == (3, 1, 1)
    assert numbers["activities"] == 1 and numbers["participants"] == 2


def test_headline_one_cohort(small_store):
    numbers = metrics.headline(small_store, Filters(cohorts=(2022,)))
    assert (numbers["libraries"], numbers["managers_trained"], numbers["active_libraries"]) == (3, 1, 1)
    assert (numbers["activities"], numbers["participants"]) == (3, 26)


def test_period_moves_the_reference_date(small_store):
    scope = Filters(period_from=date(2024, 1, 1), period_to=date(2024, 6, 1))
    assert metrics.reference_date(small_store, scope) == date(2024, 6, 30)
    numbers = metrics.headline(small_store, scope)
    assert numbers["activities"] == 1  # A2 on 2024-06-01
    assert numbers["active_libraries"] == 1  # L2
    assert numbers["managers_trained"] == 3


def test_empty_scope_gives_zeros(small_store):
    numbers = metrics.headline(small_store, Filters(cohorts=(2019,)))
    assert numbers["libraries"] == 0 and numbers["provinces"] == 0


def test_all_34_provinces_listed(small_store):
    frame = metrics.provinces_with_coverage(small_store, Filters())
    assert len(frame) == 34
    by_code = frame.set_index("code")
    assert by_code.loc["32", "libraries"] == 3 and by_code.loc["32", "regencies"] == 2
    assert by_code.loc["11", "libraries"] == 0


def test_coverage_by_regency(small_store):
    frame = metrics.coverage(small_store, Filters(), by="regency").set_index("area")
    assert frame.loc["32.01", "libraries"] == 2
    assert frame.loc["32.01", "active_share"] == pytest.approx(0.5)


def test_data_date_and_demo_flag(small_store):
    assert metrics.data_date(small_store) == date(2024, 12, 31)
    assert not metrics.is_demo(small_store)


def test_months_earlier_is_three_months_back(small_store):
    before = metrics.months_earlier(small_store, Filters(cohorts=(2022,)))
    assert before == Filters(cohorts=(2022,), period_to=date(2024, 9, 1))
    assert metrics.reference_date(small_store, before) == date(2024, 9, 30)
    assert metrics.headline(small_store, before)["active_libraries"] == 0  # L1's activity is in December


def test_published_totals_stand_beside_the_national_cohorts_only(small_store):
    """The published figures are national: beside one province's cohorts they read as a gap."""
    from tpbis import cohorts

    nation = cohorts.cohorts_with_published(small_store, Filters())
    assert "libraries_published" in nation
    province = cohorts.cohorts_with_published(small_store, Filters(province="32"))
    assert not [c for c in province.columns if c.endswith("_published")]
    assert province.equals(cohorts.cohorts(small_store, Filters(province="32")))

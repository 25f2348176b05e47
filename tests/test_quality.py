"""Data-quality numbers on the small fixture, by hand (as of 2024-12-31; November due 10 Dec)."""

from datetime import date

import pandas as pd
import pytest

from tpbis import quality
from tpbis.filters import Filters
from tpbis.loader import apply_records


@pytest.fixture()
def store(small_store):
    reports = pd.DataFrame(
        {
            "library_code": ["L1", "L3", "L6", "L2"],
            "report_month": [date(2024, 11, 1), date(2024, 11, 1), date(2024, 11, 1), date(2024, 5, 1)],
            "visits": [10] * 4,
            "loans": [5] * 4,
            "members": [30] * 4,
            "submitted_on": [date(2024, 12, 5), date(2024, 12, 20), date(2024, 12, 10), date(2024, 6, 3)],
        }
    )
    typo = pd.DataFrame(
        {
            "activity_code": ["A9"],
            "library_code": ["L1"],
            "activity_date": [date(2024, 7, 1)],
            "activity_type": ["Literasi anak"],
            "skill_category": ["Literasi dasar"],
            "title": ["Dongeng"],
            "participants_male": [140],
            "participants_female": [10],
            "partner": [None],
        }
    )
    apply_records(small_store, {"monthly_report": reports, "activity": typo})
    return small_store


def test_reporting_rates_by_province_and_month(store):
    rates = quality.reporting_rates(store, Filters(), months=3)
    november = rates[rates["month"] == date(2024, 11, 1)].set_index("area")
    assert november.loc["32", ["expected", "received", "on_time"]].tolist() == [3, 2, 1]
    assert november.loc["33", ["expected", "received", "on_time"]].tolist() == [3, 1, 1]
    assert sorted(set(rates["month"])) == [date(2024, 9, 1), date(2024, 10, 1), date(2024, 11, 1)]
    by_regency = quality.reporting_rates(store, Filters(province="32"), months=1).set_index("area")
    assert by_regency.loc["32.01", "expected"] == 2


def test_silent_libraries(store):
    assert set(quality.silent_libraries(store, Filters())["library_code"]) == {"L2", "L4", "L5"}


def test_outliers_and_missing_fields(store):
    outliers = quality.activity_outliers(store, Filters())
    assert list(outliers["activity_code"]) == ["A9"] and outliers.iloc[0]["participants"] == 150
    missing = quality.missing_fields(store, Filters()).set_index("field")
    assert missing.loc["lat/lon", ["missing", "records"]].tolist() == [6, 6]


def test_libraries_with_coordinates_outside_indonesia(small_store):
    stored = {
        "L1": "999, 106.8",
        "L2": "'Infinity', 106.8",
        "L3": "-6.5, 106.8",
        "L4": "'NaN', 110.0",
        "L5": "-6.9, NULL",
        "L6": "NULL, NULL",
    }
    for code, lat_lon in stored.items():  # as stored before imports checked coordinates
        lat, lon = lat_lon.split(", ")
        small_store.execute(
            f"UPDATE library SET lat = CAST({lat} AS DOUBLE PRECISION), "
            f"lon = CAST({lon} AS DOUBLE PRECISION) WHERE library_code = :code",
            {"code": code},
        )
    found = quality.bad_coordinates(small_store, Filters())
    assert set(found["library_code"]) == {"L1", "L2", "L4", "L5"}
    assert list(found.columns) == ["library_code", "name", "regency", "province", "lat", "lon"]
    assert set(quality.bad_coordinates(small_store, Filters(province="33"))["library_code"]) == {"L4", "L5"}

"""Training and activity numbers, checked against tests/fixtures.py by hand."""

from datetime import date

import pandas as pd
import pytest

from tpbis import activities, cohorts, status, training
from tpbis.filters import Filters


def test_cohorts(small_store):
    frame = cohorts.cohorts(small_store, Filters()).set_index("cohort_year")
    assert frame.loc[2021].tolist() == [1, 1, 1]
    assert frame.loc[2022].tolist() == [3, 2, 2]
    assert frame.loc[2023].tolist() == [2, 1, 1]


def test_monthly_activity(small_store):
    frame = activities.monthly_activity(small_store, Filters())
    months = [pd.Timestamp(m).strftime("%Y-%m") for m in frame["month"]]
    assert months == ["2023-05", "2024-06", "2024-10", "2024-11", "2024-12"]
    assert frame["activities"].sum() == 5 and frame["female"].sum() == 17


def test_activity_change(small_store):
    assert activities.activity_change(small_store, Filters()) == {
        "activities_now": 3,
        "activities_before": 0,
        "participants_now": 18,
        "participants_before": 0,
    }


def test_lapsed_libraries(small_store):
    frame = activities.lapsed_libraries(small_store, Filters())
    assert list(frame["library_code"]) == ["L4", "L5", "L2"]


def test_untrained_libraries(small_store):
    frame = training.untrained_libraries(small_store, Filters())
    assert list(frame["library_code"]) == ["L2", "L4", "L5"]  # by province, regency, name
    assert frame.set_index("library_code").loc["L4", "managers"] == "Joko"


def test_training_batches(small_store):
    frame = training.training_batches(small_store, Filters()).set_index("batch_code")
    assert list(frame.index) == ["B2021", "B2022"]  # the 2025 batch has not started
    assert frame.loc["B2022", ["participants", "completed"]].tolist() == [4, 3]


def test_training_by_province(small_store):
    frame = training.training_by_area(small_store, Filters()).set_index("code")
    assert frame.loc["32", ["managers", "managers_trained", "participants", "women", "men"]].tolist() == [3, 2, 4, 3, 1]
    assert frame.loc["33", ["managers", "managers_trained", "participants", "women", "men"]].tolist() == [3, 1, 1, 0, 1]
    assert frame.loc["32", "post_score"] > frame.loc["32", "pre_score"]


def test_training_by_regency_inside_a_province(small_store):
    frame = training.training_by_area(small_store, Filters(province="32")).set_index("code")
    assert set(frame.index) == {"32.01", "32.04"}


def test_training_of_one_regency_counts_its_people_only(small_store):
    columns = ["managers", "managers_trained", "participants", "women", "men"]
    inside = training.training_by_area(small_store, Filters(province="32")).set_index("code")
    alone = training.training_by_area(small_store, Filters(regency="32.01")).set_index("code")
    assert list(alone.index) == ["32"]  # a regency's figures sit under its province, as the page shows them
    assert alone.loc["32", columns].tolist() == inside.loc["32.01", columns].tolist()
    assert alone.loc["32", "post_score"] == pytest.approx(inside.loc["32.01", "post_score"], nan_ok=True)


def test_regency_activity(small_store):
    frame = activities.regency_activity(small_store, Filters()).set_index("code")
    assert frame.loc["32.01", "activities"] == 3 and frame.loc["32.01", "per_library"] == pytest.approx(1.5)
    assert frame.loc["33.01", "per_library"] == pytest.approx(1 / 3)


def test_status_counts_and_empty_lists(small_store):
    counts = status.status_counts(small_store, Filters()).set_index("status")["libraries"]
    assert counts.to_dict() == {"hijau": 0, "kuning": 0, "merah": 6}  # no monthly report at all
    assert activities.partners(small_store, Filters()).empty
    assert activities.lapsed_libraries(small_store, Filters(cohorts=(2021,))).empty


def test_period_limits_activities(small_store):
    scope = Filters(period_from=date(2024, 10, 1), period_to=date(2024, 11, 1))
    assert activities.monthly_activity(small_store, scope)["activities"].sum() == 2


def test_by_type(small_store):
    frame = activities.by_type(small_store, Filters())
    assert frame[["activity_type", "skill_category", "activities", "male", "female"]].values.tolist() == [
        ["Literasi anak", "Literasi dasar", 5, 15, 17]
    ]


def test_trained_in_a_year_is_the_sum_of_that_years_batches(small_store):
    batches = training.training_batches(small_store, Filters())
    assert training.batch_years(batches) == [2022, 2021]  # B2025 starts after the data date
    # B2022: P1 (completed), P2 (2 days, not completed), P6 (completed), S1 (staff, completed)
    assert training.trained_in_year(batches, 2022) == {"batches": 1, "participants": 4, "completed": 3}
    assert training.trained_in_year(batches, 2021) == {"batches": 1, "participants": 1, "completed": 1}
    assert training.trained_in_year(batches, 2019) == {"batches": 0, "participants": 0, "completed": 0}

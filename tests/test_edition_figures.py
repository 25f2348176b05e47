"""Numbers agree in both editions of the map: national totals are the same, and today's six
Papua provinces add up to the programme's two, for every figure the pages read (on the
hand-countable fixture with four Papua libraries added)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from tests.fixtures import AS_OF, small_records
from tpbis import activities, cohorts, follow_ups, metrics, quality, status, training
from tpbis.filters import Filters
from tpbis.loader import apply_records

OLD_PAPUA, NEW_PAPUA = ("91", "92"), ("91", "92", "93", "94", "95", "96")
TODAY = 2022
# the Papua libraries: (code, regency): Merauke and Jayawijaya moved to Papua Selatan and Papua
# Pegunungan, Kab. Jayapura stayed in Papua; Kab. Sorong moved to Papua Barat Daya,
# Manokwari stayed in Papua Barat
PAPUA = [("L7", "91.01"), ("L8", "91.02"), ("L9", "91.03"), ("L10", "92.01"), ("L11", "92.02")]


def _papua_records(villages: pd.DataFrame) -> dict[str, pd.DataFrame]:
    first_village = villages.groupby(villages["code"].str[:5])["code"].min()
    records = small_records()
    codes = [code for code, _ in PAPUA]
    added = {
        "library": pd.DataFrame(
            {
                "library_code": codes,
                "village_code": [first_village[regency] for _, regency in PAPUA],
                "name": [f"Perpustakaan Papua {c}" for c in codes],
                "cohort_year": [2022, 2021, 2022, 2023, 2022],
                "funding": ["apbn"] * 5,
                "lat": [None] * 5,
                "lon": [None] * 5,
            }
        ),
        "person": pd.DataFrame(
            {
                "person_code": [f"Q{c}" for c in codes],
                "library_code": codes,
                "name": ["Yuliana", "Markus", "Ruth", "Yosef", "Maria"],
                "role": ["pengelola"] * 5,
                "gender": ["P", "L", "P", "L", "P"],
                "phone": [None] * 5,
            }
        ),
        "training_attendance": pd.DataFrame(
            {
                "batch_code": ["B2022", "B2021", "B2022"],
                "person_code": ["QL7", "QL8", "QL10"],
                "days_attended": [5, 5, 3],
                "completed": [True, True, False],
                "pre_score": [40.0, 50.0, 45.0],
                "post_score": [70.0, 80.0, None],
            }
        ),
        "activity": pd.DataFrame(
            {
                "activity_code": ["A20", "A21", "A22", "A23", "A24"],
                "library_code": ["L7", "L7", "L9", "L10", "L11"],
                "activity_date": [
                    date(2024, 12, 2),
                    date(2024, 3, 3),
                    date(2024, 11, 20),
                    date(2024, 8, 8),
                    date(2024, 10, 1),
                ],
                "activity_type": ["Literasi anak", "Pelatihan", "Pelatihan", "Literasi anak", "Pelatihan"],
                "skill_category": [
                    "Literasi dasar",
                    "Kewirausahaan",
                    "Kewirausahaan",
                    "Literasi dasar",
                    "Kewirausahaan",
                ],
                "title": ["Dongeng", "Menganyam noken", "Menjahit", "Dongeng", "Pameran"],
                "participants_male": [4, 6, 3, 2, 300],
                "participants_female": [5, 9, 3, 2, 300],
                "partner": [None, "Dinas", None, None, "Bank"],
            }
        ),
        "monthly_report": pd.DataFrame(
            {
                "library_code": ["L7", "L7", "L9", "L10", "L11"],
                "report_month": [
                    date(2024, 10, 1),
                    date(2024, 11, 1),
                    date(2024, 11, 1),
                    date(2024, 9, 1),
                    date(2024, 11, 1),
                ],
                "submitted_on": [
                    date(2024, 11, 5),
                    date(2024, 12, 8),
                    date(2024, 12, 18),
                    date(2024, 10, 2),
                    date(2024, 12, 1),
                ],
                "visits": [10] * 5,
                "loans": [5] * 5,
                "members": [3] * 5,
            }
        ),
    }
    for kind, frame in added.items():
        records[kind] = pd.concat([records[kind], frame], ignore_index=True) if kind in records else frame
    return records


@pytest.fixture(scope="module")
def papua_store(geography, reference_template):
    from tests.conftest import _with_reference

    store = _with_reference(geography, reference_template)
    apply_records(store, _papua_records(geography.villages), {"as_of": AS_OF.isoformat()})
    yield store
    store.close()


# every figure a page reads for a scope: name -> function(store, filters)
FIGURES = {
    "coverage": metrics.coverage,
    "coverage_by_regency": lambda s, f: metrics.coverage(s, f, by="regency"),
    "headline": metrics.headline,
    "cohorts": cohorts.cohorts,
    "monthly_activity": activities.monthly_activity,
    "activity_change": activities.activity_change,
    "by_type": activities.by_type,
    "regency_activity": activities.regency_activity,
    "lapsed_libraries": activities.lapsed_libraries,
    "partners": activities.partners,
    "library_status": status.library_status,
    "status_list": status.status_list,
    "status_counts": status.status_counts,
    "reporting_rates": quality.reporting_rates,
    "silent_libraries": quality.silent_libraries,
    "activity_outliers": quality.activity_outliers,
    "missing_fields": quality.missing_fields,
    "bad_coordinates": quality.bad_coordinates,
    "training_by_area": training.training_by_area,
    "untrained_libraries": training.untrained_libraries,
    "follow_ups": follow_ups.in_scope,
    "next_follow_up": follow_ups.next_open,
}
# counted per area of the edition, so they differ where Papua is split: the provinces touched
BY_EDITION = {"provinces"}
NOT_ADDITIVE = re.compile(r"share|rate|per_library|score|usual|days|^lat$|^lon$")
# figures grouped by province at the national level: name -> function
BY_PROVINCE = {
    "coverage_by_province": lambda s, f: metrics.coverage(s, f, by="province"),
    "provinces_with_coverage": metrics.provinces_with_coverage,
    "reporting_rates": quality.reporting_rates,
    "training_by_area": training.training_by_area,
}


def _totals(answers: list, place: tuple[str, ...] = ("province", "province_code")):
    """What several answers hold together, whichever areas they were split into: a dict's whole
    numbers summed; a frame's rows grouped by their other values (a library, a month, a cohort)
    with its counts summed (the same keys must appear), leaving out the province (named by edition)
    and what does not add up (shares, rates, averages, days, coordinates)."""
    if isinstance(answers[0], dict):
        summed: dict[str, int] = {}
        for answer in answers:
            for key, value in answer.items():
                if isinstance(value, int) and key not in BY_EDITION:
                    summed[key] = summed.get(key, 0) + value
        return summed
    frame = pd.concat(answers, ignore_index=True)
    frame = frame.drop(columns=[c for c in (*BY_EDITION, *place) if c in frame.columns])
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and c != "cohort_year"]
    counts = [c for c in numeric if not NOT_ADDITIVE.search(c)]
    keys = [c for c in frame.columns if c not in numeric]
    if not keys:
        return {c: float(frame[c].sum()) for c in counts}
    frame = frame.assign(**{k: frame[k].astype(str) for k in keys})
    return frame.groupby(keys)[counts].sum().sort_index().reset_index().to_dict("records")


def _summed(store, figure, filters_list):
    return _totals([figure(store, filters) for filters in filters_list])


@pytest.mark.parametrize("name", FIGURES)
def test_national_figures_are_the_same_in_both_editions(papua_store, name):
    figure = FIGURES[name]
    for filters in (Filters(), Filters(cohorts=(2022,)), Filters(period_to=date(2024, 10, 1))):
        place = ("province", "province_code", "area", "code", "name") if name in BY_PROVINCE else ()
        old = _totals([figure(papua_store, filters)], *[place] if place else [])
        new = _totals([figure(papua_store, filters.with_(edition=TODAY))], *[place] if place else [])
        assert old == new


@pytest.mark.parametrize("name", FIGURES)
def test_six_papua_provinces_add_up_to_the_two_old_ones(papua_store, name):
    figure = FIGURES[name]
    old = _summed(papua_store, figure, [Filters(province=p) for p in OLD_PAPUA])
    new = _summed(papua_store, figure, [Filters(province=p, edition=TODAY) for p in NEW_PAPUA])
    assert old == new


@pytest.mark.parametrize("name", BY_PROVINCE)
def test_rows_by_province_agree(papua_store, name):
    old = BY_PROVINCE[name](papua_store, Filters())
    new = BY_PROVINCE[name](papua_store, Filters(edition=TODAY))
    area = next(c for c in ("code", "area") if c in old.columns)
    old_papua, new_papua = old[old[area].isin(OLD_PAPUA)], new[new[area].isin(NEW_PAPUA)]
    place = (area, "name")
    assert _totals([old_papua], place) == _totals([new_papua], place)
    rest_old = old[~old[area].isin(OLD_PAPUA)].reset_index(drop=True)
    rest_new = new[~new[area].isin(NEW_PAPUA)].reset_index(drop=True)
    pd.testing.assert_frame_equal(rest_old, rest_new)


def test_papua_selatan_holds_merauke(papua_store):
    provinces = metrics.provinces_with_coverage(papua_store, Filters(edition=TODAY)).set_index("code")
    assert len(provinces) == 38
    assert provinces.loc["93", ["name", "libraries"]].tolist() == ["Papua Selatan", 1]
    assert provinces.loc["91", "libraries"] == 1  # Kab. Jayapura; Jayawijaya went to Papua Pegunungan
    regencies = metrics.regencies_with_coverage(papua_store, Filters(province="93", edition=TODAY))
    assert regencies["code"].tolist() == ["91.01", "91.16", "91.17", "91.18"]
    assert regencies["libraries"].tolist() == [1, 0, 0, 0]
    listed = status.status_list(papua_store, Filters(province="93", edition=TODAY))
    assert listed["library_code"].tolist() == ["L7"] and listed["province"].tolist() == ["Papua Selatan"]


def test_headline_counts_the_provinces_of_the_edition(papua_store):
    assert metrics.headline(papua_store, Filters())["provinces"] == 4
    assert metrics.headline(papua_store, Filters(edition=TODAY))["provinces"] == 7

import pandas as pd

from tpbis import profile


def test_identity_names_every_level(small_store):
    about = profile.identity(small_store, "L3")
    assert about["regency_code"] == "32.04" and about["province"] == "Jawa Barat"
    assert about["village_code"] == "32.04.05.2001" and about["district_code"] == "32.04.05"
    assert profile.identity(small_store, "nope") is None


def test_training_and_activities(small_store):
    training = profile.manager_training(small_store, "L1")
    assert list(training["role"]) == ["pengelola", "staf"]
    months = profile.activities_by_month(small_store, "L1")
    assert int(months["activities"].sum()) == 2 and int(months["female"].sum()) == 11


def test_search_by_name_village_or_code(small_store):
    assert list(profile.search(small_store, "uji 3")["library_code"]) == ["L3"]
    assert list(profile.search(small_store, "L6")["library_code"]) == ["L6"]
    assert "L1" in set(profile.search(small_store, "pondok rajeg")["library_code"])
    assert profile.search(small_store, "zzzz").empty


def test_empty_sections_of_a_new_library(small_store):
    assert profile.monthly_reports(small_store, "L4").empty
    assert profile.meetings(small_store, "L4").empty
    assert profile.partnerships(small_store, "L4").empty and profile.aid(small_store, "L4").empty
    assert profile.stories(small_store, "L4").empty


def test_search_takes_percent_and_underscore_literally(small_store):
    from tpbis.loader import apply_records

    for text in ("%", "_", "\\", "%%", "uji_1", "u%i"):
        assert profile.search(small_store, text).empty, text
    apply_records(
        small_store,
        {
            "library": pd.DataFrame(
                {
                    "library_code": ["L_7"],
                    "village_code": ["32.01.01.1001"],
                    "name": ["Taman Baca 100% Ceria \\ Desa"],
                    "cohort_year": [2024],
                    "funding": ["replikasi"],
                    "lat": [None],
                    "lon": [None],
                }
            )
        },
    )
    for text in ("%", "_", "\\", "100%", "l_7"):
        assert list(profile.search(small_store, text)["library_code"]) == ["L_7"], text
    assert profile.search(small_store, "1000%").empty and profile.search(small_store, "l_8").empty

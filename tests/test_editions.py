"""The two editions of the map: the programme's 34 provinces and today's 38, and the committed
regency crosswalk between them (data/regency_crosswalk_2022.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.editions import VILLAGE_PASSES, build_crosswalk, build_village_crosswalk, current_villages, village_counts
from tpbis import editions

PAPUA_2022 = {"91", "92", "93", "94", "95", "96"}


@pytest.fixture(scope="module")
def crosswalk():
    return editions.read_crosswalk()


def test_committed_crosswalk_is_what_the_sources_give(crosswalk):
    pd.testing.assert_frame_equal(build_crosswalk().astype(str), crosswalk)


def test_today_has_38_provinces(crosswalk):
    assert crosswalk["province_code_2022"].nunique() == 38
    assert set(crosswalk["province_code_2022"]) - set(crosswalk["province_code"]) == PAPUA_2022 - {"91", "92"}


def test_every_2019_regency_maps_to_one_current_regency_and_province(crosswalk, geography):
    assert sorted(crosswalk["regency_code"]) == sorted(geography.regencies["code"])
    assert crosswalk["regency_code"].is_unique and crosswalk["regency_code_2022"].is_unique
    assert (crosswalk["regency_code_2022"].str[:2] == crosswalk["province_code_2022"]).all()
    assert crosswalk.groupby("province_code_2022")["province_name_2022"].nunique().eq(1).all()
    assert (crosswalk[["regency_code_2022", "regency_name_2022", "province_code_2022"]] != "").all().all()


def test_only_papua_moved(crosswalk):
    moved = crosswalk[crosswalk["province_code"] != crosswalk["province_code_2022"]]
    assert set(moved["province_code"]) == {"91", "92"}
    kept = crosswalk[~crosswalk["province_code"].isin(["91", "92"])]
    assert (kept["regency_code"] == kept["regency_code_2022"]).all()


def test_six_papua_provinces_hold_exactly_the_regencies_of_the_two_old_ones(crosswalk):
    old = set(crosswalk.loc[crosswalk["province_code"].isin(["91", "92"]), "regency_code"])
    new = set(crosswalk.loc[crosswalk["province_code_2022"].isin(PAPUA_2022), "regency_code"])
    assert old == new and len(old) == 42
    merauke = crosswalk.set_index("regency_code").loc["91.01"]
    assert (merauke["regency_code_2022"], merauke["province_name_2022"]) == ("93.01", "Papua Selatan")


def test_no_village_code_lost(crosswalk, geography):
    regency_province = dict(zip(crosswalk["regency_code"], crosswalk["province_code_2022"]))
    provinces = geography.villages["code"].str[:5].map(regency_province)
    assert provinces.notna().all()
    by_old = geography.villages.groupby(geography.villages["code"].str[:2]).size()
    by_new = geography.villages.groupby(provinces).size()
    assert by_new.sum() == by_old.sum() == len(geography.villages)
    assert by_new[sorted(PAPUA_2022)].sum() == by_old[["91", "92"]].sum()


def test_the_store_holds_both_editions(reference_store):
    assert len(editions.provinces(reference_store, editions.EDITION_2019)) == 34
    current = editions.provinces(reference_store, editions.EDITION_2022)
    assert len(current) == 38
    assert dict(zip(current["code"], current["name"]))["93"] == "Papua Selatan"
    mapped = editions.regency_provinces(reference_store, editions.EDITION_2022)
    assert len(mapped) == 514 and mapped["91.01"] == "93" and mapped["32.01"] == "32"


@pytest.fixture(scope="module")
def villages():
    return pd.read_csv(editions.VILLAGE_CROSSWALK, dtype=str, keep_default_na=False)


def test_committed_village_crosswalk_is_what_the_sources_give(villages, geography):
    pd.testing.assert_frame_equal(build_village_crosswalk(geography).astype(str), villages)


def test_every_mapped_current_village_maps_to_exactly_one_2019_village(villages, geography):
    mapped = villages[(villages["village_code"] != "") & (villages["village_code_2022"] != "")]
    assert mapped["village_code_2022"].is_unique and mapped["village_code"].is_unique
    assert (villages[["village_code", "village_code_2022"]] != "").any(axis=1).all()
    assert set(villages["match"]) == {"", *VILLAGE_PASSES} - {"code"}  # same code and name: not listed
    assert set(villages.loc[villages["village_code"] != "", "village_code"]) <= set(geography.villages["code"])
    # a village keeps its regency (through the regency crosswalk) and only Papua's were renumbered with it
    regency_2022 = dict(zip(editions.read_crosswalk()["regency_code"], editions.read_crosswalk()["regency_code_2022"]))
    assert (mapped["village_code"].str[:5].map(regency_2022) == mapped["village_code_2022"].str[:5]).all()


def test_no_village_of_either_edition_is_lost(villages, geography):
    current = current_villages()
    listed_2019 = villages.loc[villages["village_code"] != "", "village_code"]
    listed_2022 = villages.loc[villages["village_code_2022"] != "", "village_code_2022"]
    assert listed_2019.is_unique and listed_2022.is_unique
    # a 2019 village is listed once (mapped, respelt or without a counterpart) or is today's same code
    assert set(geography.villages["code"]) - set(listed_2019) <= set(current["code"])
    assert set(current["code"]) - set(listed_2022) <= set(geography.villages["code"])
    counts = village_counts(villages)
    print(counts)
    assert counts["without_2022"] < 0.005 * len(geography.villages)  # merged or gone since 2019
    assert counts["without_2019"] < 0.01 * len(current)  # created since 2019


def test_papua_selatan_villages_map_to_their_2019_codes(villages):
    merauke = villages[villages["village_code_2022"].str.startswith("93.01.")]
    assert len(merauke) > 100 and (merauke["village_code"].str[:5] == "91.01").all()
    samkai = villages.set_index("village_code_2022").loc["93.01.01.1002"]
    assert (samkai["village_code"], samkai["village_name"]) == ("91.01.01.1002", "Samkai")


VILLAGES = editions.CodeCrosswalk(
    to_2019={"93.01.01.1002": "91.01.01.1002", "11.02.03.2002": "", "93.01.01.2099": ""},
    names_2022={"93.01.01.1002": "Samkai", "11.02.03.2002": "Kuta Buluh", "93.01.01.2099": "Baru"},
    gone=frozenset({"91.01.01.1002", "11.02.03.2002"}),
)
NAMES_2019 = {"91.01.01.1002": "Samkai", "11.02.03.2002": "Kisam", "32.01.01.1001": "Pondok Rajeg"}


@pytest.mark.parametrize(
    "code, name, read",
    [
        ("93.01.01.1002", "", ("91.01.01.1002", editions.EDITION_2022, None)),
        ("91.01.01.1002", "", ("91.01.01.1002", editions.EDITION_2019, None)),
        ("32.01.01.1001", "", ("32.01.01.1001", None, None)),
        ("11.02.03.2002", "", ("11.02.03.2002", None, editions.AMBIGUOUS)),
        ("11.02.03.2002", "Desa Kisam", ("11.02.03.2002", editions.EDITION_2019, None)),
        ("11.02.03.2002", "Kuta Buluh", ("11.02.03.2002", editions.EDITION_2022, editions.NO_2019)),
        ("11.02.03.2002", "Lain", ("11.02.03.2002", None, editions.AMBIGUOUS)),
        ("93.01.01.2099", "", ("93.01.01.2099", editions.EDITION_2022, editions.NO_2019)),
        ("99.99.99.9999", "", ("99.99.99.9999", None, None)),
    ],
)
def test_a_code_of_either_edition_reads_as_its_2019_code(code, name, read):
    reading = editions.read_code(VILLAGES, code, {c: n for c, n in NAMES_2019.items() if c == code}, name)
    assert (reading.code, reading.edition, reading.problem) == read


@pytest.mark.parametrize(
    "file_edition, name, read",
    [
        (editions.EDITION_2019, "", ("11.02.03.2002", editions.EDITION_2019, None, True)),
        (editions.EDITION_2022, "", ("11.02.03.2002", editions.EDITION_2022, editions.NO_2019, True)),
        (editions.EDITION_2022, "Kisam", ("11.02.03.2002", editions.EDITION_2019, None, False)),  # the name first
        (None, "", ("11.02.03.2002", None, editions.AMBIGUOUS, False)),
    ],
)
def test_a_code_of_two_places_reads_in_the_files_edition_unless_the_name_says(file_edition, name, read):
    reading = editions.read_code(VILLAGES, "11.02.03.2002", NAMES_2019, name, file_edition)
    assert (reading.code, reading.edition, reading.problem, reading.by_file) == read


def test_the_committed_crosswalks_read_papua_selatan_and_kept_codes():
    assert editions.village_codes().to_2019["93.01.01.1002"] == "91.01.01.1002"
    assert editions.regency_codes().to_2019["93.01"] == "91.01"
    assert "91.01" in editions.regency_codes().gone and "32.01" not in editions.regency_codes().to_2019

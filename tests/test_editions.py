"""The two editions of the map: the programme's 34 provinces and today's 38, and the committed
regency crosswalk between them (data/regency_crosswalk_2022.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.editions import build_crosswalk
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

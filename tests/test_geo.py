"""The crosswalk from GADM to Kemendagri codes and the built map files."""

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import build as geo_build
from geo.crosswalk import build_crosswalk, read_crosswalk
from geo.gadm import read_level
from tpbis import editions
from tpbis.config import geo_dir

GADM_LACKS = {"32.18": "Pangandaran", "18.13": "Pesisir Barat", "64.11": "Mahakam Ulu", "82.08": "Pulau Taliabu"}


@pytest.fixture(scope="module")
def crosswalk():
    return read_crosswalk()


def test_committed_crosswalk_is_what_the_sources_give(crosswalk):
    fresh = build_crosswalk().fillna("").astype(str)
    pd.testing.assert_frame_equal(fresh, crosswalk.fillna(""))


def test_all_34_provinces_matched(crosswalk):
    provinces = crosswalk[crosswalk["level"] == "province"]
    assert len(provinces) == 34
    assert provinces["kemendagri_code"].notna().all() and provinces["kemendagri_code"].is_unique


def test_every_gadm_regency_matched_once_or_not_a_regency(crosswalk, geography):
    regencies = crosswalk[crosswalk["level"] == "regency"]
    assert set(regencies["status"]) <= {"matched", "renamed", "not_a_regency"}
    coded = regencies[regencies["status"] != "not_a_regency"]
    assert coded["kemendagri_code"].notna().all() and coded["kemendagri_code"].is_unique
    assert coded["kemendagri_code"].isin(geography.regencies["code"]).all()
    assert regencies.loc[regencies["status"] == "not_a_regency", "kemendagri_code"].isna().all()


def test_regencies_gadm_lacks_are_known_and_placed(crosswalk, geography):
    lacking = geography.regencies[~geography.regencies["code"].isin(crosswalk["kemendagri_code"])]
    assert set(GADM_LACKS) <= set(lacking["code"])
    assert len(lacking) < 25
    assert lacking[["lat", "lon"]].notna().all().all()


@pytest.fixture(scope="module")
def built():
    target = geo_dir()
    assert geo_build.is_built(target), "run `make test` (it builds the maps) or `python -m geo.build`"
    return target


def test_one_national_file_and_one_per_province(built):
    provinces = gpd.read_file(built / "provinces.geojson")
    assert len(provinces) == 34 and provinces["code"].is_unique
    for path in [built / "provinces.geojson", *(built / "regencies").glob("*.geojson")]:
        kinds = set(gpd.read_file(path).geom_type)
        assert kinds <= {"Polygon", "MultiPolygon"}, (path.name, kinds)  # what plotly can fill
    files = sorted(p.stem for p in (built / "regencies").glob("*.geojson"))
    assert files == sorted(provinces["code"])


def test_files_are_small(built):
    def compact_size(path):
        return len(json.dumps(json.loads(path.read_text()), separators=(",", ":")))

    assert compact_size(built / "provinces.geojson") < 250_000
    assert max(compact_size(p) for p in (built / "regencies").glob("*.geojson")) < 110_000


def test_neighbours_keep_shared_edges(built):
    regencies = gpd.read_file(built / "regencies" / "32.geojson").set_index("code")
    kab, kota = regencies.loc["32.01", "geometry"], regencies.loc["32.71", "geometry"]  # Bogor
    assert kab.boundary.intersection(kota.boundary).length > 0.1  # the enclave's whole border
    assert kab.intersection(kota).area < 1e-4 * kota.area
    # Rounding to the file's precision (~100 m) may cross edges in narrow places; anything
    # more than a hundredth of a percent would be a visible sliver.
    for path in [*built.glob("provinces*.geojson"), *built.glob("regencies*/*.geojson")]:
        geometries = gpd.read_file(path).geometry.to_numpy()
        total = sum(g.area for g in geometries)
        assert total - shapely.union_all(geometries).area < 1e-4 * total, path.name
        assert all(g.is_valid for g in geometries), path.name


def test_todays_38_provinces_are_dissolved_from_their_regencies(built):
    crosswalk = editions.read_crosswalk()
    today = gpd.read_file(built / "provinces-2022.geojson").set_index("code")
    assert sorted(today.index) == sorted(set(crosswalk["province_code_2022"]))
    assert today.loc["93", "name"] == "Papua Selatan"
    old = gpd.read_file(built / "provinces.geojson").set_index("code")
    old_papua, new_papua = old.loc[["91", "92"]].union_all(), today.loc[list(editions.PAPUA_2022)].union_all()
    assert old_papua.symmetric_difference(new_papua).area < 0.02 * old_papua.area
    assert old.loc["32", "geometry"].equals_exact(today.loc["32", "geometry"], 1e-3)
    manifest = json.loads((built / "manifest.json").read_text())
    with_polygon = set(manifest["regencies_with_polygon"])
    province_today = dict(zip(crosswalk["regency_code"], crosswalk["province_code_2022"]))
    for code in editions.PAPUA_2022:
        regencies = gpd.read_file(built / "regencies-2022" / f"{code}.geojson")
        assert set(regencies["code"]) == {r for r in with_polygon if province_today[r] == code}, code
        assert code in manifest["province_bounds_2022"]


def test_a_failed_build_leaves_the_old_files(tmp_path, monkeypatch):
    target = tmp_path / "geo"
    target.mkdir()
    (target / "manifest.json").write_text("{}")
    real_write, written = geo_build._write, []

    def write_then_fail(frame, path, decimals):  # the disk fills up after the first files
        if len(written) == 3:
            raise OSError("No space left on device")
        written.append(path)
        real_write(frame, path, decimals)

    def three_provinces(level):  # all 34 take half a minute to generalise
        frame = read_level(level)
        return frame[frame["NAME_1"].isin(["Bali", "JakartaRaya", "Yogyakarta"])]

    monkeypatch.setattr(geo_build, "read_level", three_provinces)
    monkeypatch.setattr(geo_build, "_write", write_then_fail)
    with pytest.raises(OSError, match="No space left"):
        geo_build.build(target)
    assert (target / "manifest.json").read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["geo"]

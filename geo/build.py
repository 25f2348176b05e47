"""Set-up time only: GADM boundaries in, small simplified map files out.

    python -m geo.build            # into geo/build/ (TPBIS_GEO_DIR)

Writes provinces.geojson (the national map), regencies/<province>.geojson (one per
province), the same for today's 38 provinces where they differ (provinces-2022.geojson,
regencies-2022/<province>.geojson for the six Papua provinces, dissolved from their
regencies' polygons through data/regency_crosswalk_2022.csv) and manifest.json (bounding
boxes, regencies with no polygon, what was built from what). Neighbours keep shared edges:
shapely's coverage simplification works on the whole tiling at once, after shapely's coverage
cleaning. The output is built in a temporary folder and moved into place in one step, so an
interrupted build never leaves a half-written map behind.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crosswalk import read_crosswalk
from geo.gadm import read_level
from tpbis import editions, sources
from tpbis.config import geo_dir
from tpbis.sources import SourceError

BUILD_VERSION = 5
GAP_WIDTH = 0.001  # degrees (~100 m): narrower gaps between neighbours are slivers
# (simplification tolerance in degrees, smallest island kept in square degrees, decimals)
NATIONAL = (0.025, 0.004, 3)
PROVINCIAL = (0.006, 0.0002, 3)


def repair(geometries: np.ndarray) -> np.ndarray:
    """A clean tiling: valid polygons (GADM has self-intersections and stray lines), no
    overlaps, slivers between neighbours closed, shared edges with identical vertices."""
    valid = shapely.make_valid(geometries, method="structure", keep_collapsed=False)
    return shapely.coverage_clean(valid, gap_width=GAP_WIDTH)


def simplify_preserving_topology(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a tiling so that neighbours keep their shared edges (no gaps, no slivers)."""
    return shapely.coverage_simplify(geometries, tolerance, simplify_boundary=True)


def drop_small_islands(geometry, min_area: float):
    """Polygon parts smaller than min_area go, but never the largest part. Stray lines and
    points left by cleaning go too: map files hold (Multi)Polygons only."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon"]
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p.area >= min_area or p is largest]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _generalise(frame: gpd.GeoDataFrame, settings: tuple[float, float, int]) -> gpd.GeoDataFrame:
    tolerance, min_area, decimals = settings
    geometry = simplify_preserving_topology(repair(frame.geometry.to_numpy()), tolerance)
    # Snap to the grid the file is written at, so writing cannot collapse or cross anything.
    geometry = shapely.set_precision(geometry, 10.0**-decimals)
    geometry = [drop_small_islands(g, min_area) for g in geometry]
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=frame.crs))


def _write(frame: gpd.GeoDataFrame, path: Path, decimals: int) -> None:
    frame.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=decimals, RFC7946="YES", WRITE_BBOX="NO")


def _bounds(frame: gpd.GeoDataFrame) -> dict[str, list[float]]:
    return {code: [round(v, 4) for v in box] for code, box in zip(frame["code"], frame.geometry.bounds.to_numpy())}


def _today(provinces: gpd.GeoDataFrame, regencies: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """Today's 38 provinces: the 32 that did not change as GADM draws them, the six of Papua
    dissolved from their regencies' polygons (the tiling is cleaned and simplified as a whole
    afterwards, so neighbours keep shared edges); and each regency's province today."""
    crosswalk = editions.read_crosswalk()
    province_today = dict(zip(crosswalk["regency_code"], crosswalk["province_code_2022"]))
    names = dict(zip(crosswalk["province_code_2022"], crosswalk["province_name_2022"]))
    kept = provinces[~provinces["code"].isin(editions.PAPUA_2019)]
    papua = regencies[regencies["province_code"].isin(editions.PAPUA_2019)]
    papua = papua.assign(code=papua["code"].map(province_today))[["code", "geometry"]].dissolve(
        by="code", as_index=False
    )
    papua["name"] = papua["code"].map(names)
    today = gpd.GeoDataFrame(
        pd.concat([kept, papua], ignore_index=True).sort_values("code", ignore_index=True), crs=provinces.crs
    )
    return today, province_today


def build(target: Path) -> dict:
    crosswalk = read_crosswalk()
    code_of = dict(zip(crosswalk["gadm_gid"], crosswalk["kemendagri_code"]))
    names = dict(zip(crosswalk["kemendagri_code"], crosswalk["kemendagri_name"]))

    provinces = read_level(1)
    provinces = gpd.GeoDataFrame({"code": provinces["GID_1"].map(code_of)}, geometry=provinces.geometry)
    provinces["name"] = provinces["code"].map(names)
    regencies = read_level(2)
    regencies = regencies[regencies["GID_2"].map(code_of).notna()]
    regencies = gpd.GeoDataFrame({"code": regencies["GID_2"].map(code_of)}, geometry=regencies.geometry)
    regencies["name"] = regencies["code"].map(names)
    regencies["province_code"] = regencies["code"].str[:2]
    # one code may have several GADM polygons in principle; a map feature per code
    regencies = regencies.dissolve(by=["code", "name", "province_code"], as_index=False)
    provinces_2022, regencies_2022 = _today(provinces, regencies)

    work = Path(tempfile.mkdtemp(prefix="geo-build-", dir=target.parent))
    try:
        national = _generalise(provinces, NATIONAL)
        _write(national[["code", "name", "geometry"]], work / "provinces.geojson", NATIONAL[2])
        provincial = _generalise(regencies, PROVINCIAL)
        (work / "regencies").mkdir()
        for code, part in provincial.groupby("province_code"):
            _write(part[["code", "name", "geometry"]], work / "regencies" / f"{code}.geojson", PROVINCIAL[2])
        national_2022 = _generalise(provinces_2022, NATIONAL)
        _write(national_2022[["code", "name", "geometry"]], work / "provinces-2022.geojson", NATIONAL[2])
        (work / "regencies-2022").mkdir()
        moved = provincial.assign(province_code=provincial["code"].map(regencies_2022))
        for code, part in moved[moved["province_code"].isin(editions.PAPUA_2022)].groupby("province_code"):
            _write(part[["code", "name", "geometry"]], work / "regencies-2022" / f"{code}.geojson", PROVINCIAL[2])
        manifest = {
            "build_version": BUILD_VERSION,
            "source": f"{sources.GADM.name}@{sources.GADM.version} (GADM 4.1)",
            "licence": sources.GADM.licence,
            "settings": {"national": NATIONAL, "provincial": PROVINCIAL},
            "province_bounds": _bounds(provinces),
            "province_bounds_2022": _bounds(provinces_2022),
            "regency_bounds": _bounds(regencies),
            "regencies_with_polygon": sorted(regencies["code"]),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def is_built(target: Path) -> bool:
    manifest = target / "manifest.json"
    if not manifest.exists():
        return False
    return json.loads(manifest.read_text()).get("build_version") == BUILD_VERSION


def main() -> int:
    target = geo_dir()
    if is_built(target) and "--force" not in sys.argv:
        print(f"geo: {target} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        manifest = build(target)
    except SourceError as error:
        print(f"GAGAL membangun peta: {error}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in target.rglob("*.geojson"))
    print(
        f"geo: built {len(manifest['province_bounds'])} provinces, "
        f"{len(manifest['regencies_with_polygon'])} regencies into {target} "
        f"({size / 1e6:.1f} MB, {time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

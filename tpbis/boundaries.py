"""The built map files (geo/build): read once, handed out as GeoJSON dicts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tpbis.config import geo_dir
from tpbis.editions import EDITION_2019, PAPUA_2022


class BoundariesMissing(RuntimeError):
    """The map files have not been built (`make run` builds them)."""


def _read(path: Path) -> dict:
    if not path.exists():
        raise BoundariesMissing(f"Berkas peta {path} belum dibangun. Jalankan `make run`.")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def manifest() -> dict:
    return _read(geo_dir() / "manifest.json")


@lru_cache(maxsize=2)
def provinces(edition: int = EDITION_2019) -> dict:
    """The edition's 34 or 38 provinces; each feature's properties hold `code` and `name`."""
    return _read(geo_dir() / ("provinces.geojson" if edition == EDITION_2019 else "provinces-2022.geojson"))


@lru_cache(maxsize=48)
def regencies(province_code: str, edition: int = EDITION_2019) -> dict:
    """The regency polygons of one province of the edition (regencies GADM lacks are not in it);
    features keep the 2019 regency codes records use."""
    if edition != EDITION_2019 and province_code in PAPUA_2022:
        return _read(geo_dir() / "regencies-2022" / f"{province_code}.geojson")
    return _read(geo_dir() / "regencies" / f"{province_code}.geojson")


def bounds(code: str, edition: int = EDITION_2019) -> list[float] | None:
    """[west, south, east, north] of a province of the edition, or of a regency, with a polygon."""
    data = manifest()
    provinces = data["province_bounds"] if edition == EDITION_2019 else data["province_bounds_2022"]
    return provinces.get(code) or data["regency_bounds"].get(code)


def with_polygon() -> set[str]:
    return set(manifest()["regencies_with_polygon"])

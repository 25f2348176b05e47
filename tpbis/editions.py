"""Two editions of Indonesia's map: the programme's 34 provinces (Permendagri 72/2019, the
codes every record keeps) and today's 38 (Papua and Papua Barat split into six in 2022).

Records and summaries keep the 2019 regency; a view in today's edition takes the province
through the committed crosswalk (data/regency_crosswalk_2022.csv, made by geo/editions.py)
at query time, so the second edition costs one small table and a join.
"""

from __future__ import annotations

import pandas as pd

from tpbis.config import ROOT
from tpbis.store import Store

EDITION_2019, EDITION_2022 = 2019, 2022
# the URL's `wilayah` value of each edition: how many provinces it has
URL_VALUES = {EDITION_2019: "34", EDITION_2022: "38"}
EDITIONS = tuple(URL_VALUES)
PAPUA_2019 = ("91", "92")  # Papua and Papua Barat, whose regencies moved in 2022
PAPUA_2022 = ("91", "92", "93", "94", "95", "96")  # ... into these six
CROSSWALK = ROOT / "data" / "regency_crosswalk_2022.csv"


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

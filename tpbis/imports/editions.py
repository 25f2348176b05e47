"""Region codes of either edition in an import: each read as the programme's 2019 code with the
edition it was given in (tpbis.editions.read_code), and what the file as a whole used.

Each row is read on its own, so a file may mix the editions: a code only one edition has is
clear whatever the others are. A code both editions give to different places (176 villages,
mostly renamed, outside Papua) is read in the edition the village's name beside it names,
else in the one edition all the file's other codes were given in (said in the dry run); with
neither, it is refused as ambiguous rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from tpbis import editions
from tpbis.i18n import number, t
from tpbis.imports.spec import SHEETS, Problem
from tpbis.store import Store

# a code column -> the 2019 table it points at and that level's crosswalk
CODE_COLUMNS: dict[str, tuple[str, Callable[[], editions.CodeCrosswalk]]] = {
    "village_code": ("village", editions.village_codes),
    "regency_code": ("regency", editions.regency_codes),
}
NAME_COLUMNS = {"village_code": "village_name"}  # the check-only name that decides an ambiguous code
_PROBLEMS = {
    ("village_code", editions.AMBIGUOUS): "problem.edition.ambiguous_village",
    ("regency_code", editions.AMBIGUOUS): "problem.edition.ambiguous",
    ("village_code", editions.NO_2019): "problem.edition.no_2019_village",
    ("regency_code", editions.NO_2019): "problem.edition.no_2019",
}


@dataclass
class CodeEditions:
    """The region codes of a file: how many were given in only the 2019 edition, only the
    2022 one, or one the same in both, and how many were changed to their 2019 code."""

    only_2019: int = 0
    only_2022: int = 0
    same: int = 0
    mapped: int = 0
    by_file: int = 0  # codes of two places, read in the edition of the file's other codes

    @property
    def key(self) -> str | None:
        """The catalogue key of what the dry run says; None for a file without codes."""
        if self.only_2019 and self.only_2022:
            return "import.edition.mixed"
        if self.only_2022:
            return "import.edition.2022"
        if self.only_2019:
            return "import.edition.2019"
        return "import.edition.same" if self.same else None

    def text(self, lang: str = "id") -> str | None:
        """What the dry run says about the file's codes; None for a file without any."""
        key = self.key
        if key is None:
            return None
        said = {"old": self.only_2019, "new": self.only_2022, "mapped": self.mapped, "count": self.by_file}
        numbers = {k: number(v, lang) for k, v in said.items()}
        text = t(key, lang, **numbers)
        return f"{text} {t('import.edition.by_file', lang, **numbers)}" if self.by_file else text


def read_editions(
    store: Store, frames: dict[str, pd.DataFrame], given_names: dict[str, pd.DataFrame]
) -> tuple[list[Problem], CodeEditions, dict[str, pd.Series]]:
    """Rewrites each code column of `frames` to the 2019 codes (in place). Returns the problems
    (a code both editions give to different places that nothing decides; a current code without
    a 2019 place: such cells are emptied, as they are said here), what the file used, and for
    each kind today's name of each row's village where listed (the name check takes either)."""
    cells = list(_code_cells(store, frames, given_names))
    readings = [editions.read_code(crosswalk, code, names, said) for _, _, _, code, crosswalk, names, said in cells]
    used = {r.edition for r in readings if not r.problem or r.problem == editions.NO_2019} - {None}
    file_edition = used.pop() if len(used) == 1 else None
    problems: list[Problem] = []
    counted = CodeEditions()
    names_2022: dict[str, dict] = {}
    for (kind, column, index, code, crosswalk, names, said), reading in zip(cells, readings):
        if reading.problem == editions.AMBIGUOUS and file_edition:
            reading = editions.read_code(crosswalk, code, names, said, file_edition)
        if column in NAME_COLUMNS and reading.name_2022:
            names_2022.setdefault(kind, {})[index] = reading.name_2022
        if reading.problem:
            problems.append(_problem(kind, index, column, code, reading))
            frames[kind].at[index, column] = None
            continue
        frames[kind].at[index, column] = reading.code
        counted.mapped += reading.code != code
        counted.by_file += reading.by_file
        if reading.code in names or reading.edition:
            counted.only_2019 += reading.edition == editions.EDITION_2019
            counted.only_2022 += reading.edition == editions.EDITION_2022
            counted.same += reading.edition is None
    return problems, counted, {kind: pd.Series(named, dtype=object) for kind, named in names_2022.items()}


def _code_cells(store: Store, frames: dict[str, pd.DataFrame], given_names: dict[str, pd.DataFrame]):
    """Each region code given: kind, column, row index, code, its level's crosswalk, the 2019
    names of that column's codes, and the village's name beside it ("" if none)."""
    for kind, frame in frames.items():
        for column, (table, crosswalk) in CODE_COLUMNS.items():
            if column not in frame:
                continue
            given = frame[column].dropna()
            known = store.query(f"SELECT code, name FROM {table} WHERE code = ANY(:v)", {"v": sorted(set(given))})
            names = dict(zip(known["code"], known["name"]))
            named = given_names.get(kind, pd.DataFrame())
            said = named[NAME_COLUMNS[column]] if NAME_COLUMNS.get(column) in named else pd.Series(dtype=object)
            for index, code in given.items():
                yield kind, column, index, code, crosswalk(), names, _text(said.get(index))


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _problem(kind: str, index, column: str, code: str, reading: editions.CodeReading) -> Problem:
    params = {"code": code, "name_2019": reading.name_2019, "name_2022": reading.name_2022}
    return Problem(SHEETS[kind], int(index) + 2, column, code, _PROBLEMS[column, str(reading.problem)], params)

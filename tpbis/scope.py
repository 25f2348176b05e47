"""The shared scope (filters and language) and its round trip through URL query parameters.

Parsing never raises: a parameter that is unknown or malformed is dropped and reported,
so a pasted link always opens something (the national view at worst).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Mapping

from tpbis.i18n import LANGUAGES


@dataclass(frozen=True)
class Scope:
    cohorts: tuple[int, ...] = ()       # empty: every cohort
    province: str | None = None         # Kemendagri code, e.g. "32"
    regency: str | None = None          # e.g. "32.01"; implies its province
    period_from: date | None = None     # first day of a month
    period_to: date | None = None       # first day of a month (inclusive)
    lang: str = "id"
    presenter: bool = False             # large type, no sidebar, for a shared screen

    def with_(self, **changes) -> "Scope":
        return replace(self, **changes)


@dataclass
class Known:
    """What valid values look like, read from the store."""
    provinces: set[str] = field(default_factory=set)
    regencies: set[str] = field(default_factory=set)
    cohorts: set[int] = field(default_factory=set)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` months after `day`'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(text: str) -> date | None:
    found = _MONTH.match(text)
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return date(int(found.group(1)), int(found.group(2)), 1)


def parse(params: Mapping[str, str], known: Known) -> tuple[Scope, list[tuple[str, str]]]:
    """The scope a URL asks for and the (name, value) pairs that were dropped."""
    dropped: list[tuple[str, str]] = []
    scope = Scope()

    lang = params.get("lang")
    if lang is not None:
        if lang in LANGUAGES:
            scope = scope.with_(lang=lang)
        else:
            dropped.append(("lang", lang))

    presenter = params.get("presenter")
    if presenter is not None:
        if presenter in ("1", "0"):
            scope = scope.with_(presenter=presenter == "1")
        else:
            dropped.append(("presenter", presenter))

    cohort = params.get("cohort")
    if cohort:
        parts = [p.strip() for p in cohort.split(",")]
        if all(p.isdigit() and int(p) in known.cohorts for p in parts):
            scope = scope.with_(cohorts=tuple(sorted({int(p) for p in parts})))
        else:
            dropped.append(("cohort", cohort))

    province, regency = params.get("province"), params.get("regency")
    if regency:
        if regency in known.regencies and (not province or regency.startswith(province + ".")):
            scope = scope.with_(province=regency[:2], regency=regency)
        else:
            dropped.append(("regency", regency))
    if province and scope.province is None:
        if province in known.provinces:
            scope = scope.with_(province=province)
        else:
            dropped.append(("province", province))

    for name in ("from", "to"):
        text = params.get(name)
        if text:
            value = _month(text)
            if value is None:
                dropped.append((name, text))
            else:
                scope = scope.with_(**{"period_from" if name == "from" else "period_to": value})
    if scope.period_from and scope.period_to and scope.period_from > scope.period_to:
        dropped.append(("to", params["to"]))
        scope = scope.with_(period_to=None)
    return scope, dropped


def to_params(scope: Scope) -> dict[str, str]:
    """The query parameters that reopen this scope; defaults are left out."""
    params: dict[str, str] = {}
    if scope.cohorts:
        params["cohort"] = ",".join(map(str, scope.cohorts))
    if scope.regency:
        params["regency"] = scope.regency
    elif scope.province:
        params["province"] = scope.province
    if scope.period_from:
        params["from"] = scope.period_from.strftime("%Y-%m")
    if scope.period_to:
        params["to"] = scope.period_to.strftime("%Y-%m")
    if scope.lang != "id":
        params["lang"] = scope.lang
    if scope.presenter:
        params["presenter"] = "1"
    return params


SCOPE_PARAMS = ("cohort", "province", "regency", "from", "to", "lang", "presenter")


def unrelated(params: Mapping[str, str], page_params: Iterable[str] = ()) -> dict[str, str]:
    """Parameters no one reads: reported like malformed ones."""
    allowed = set(SCOPE_PARAMS) | set(page_params)
    return {k: v for k, v in params.items() if k not in allowed}

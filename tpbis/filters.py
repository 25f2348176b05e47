"""What the pages show (Filters: cohorts, area, period) and how they show it (Display:
language, presenter mode), and their round trip through URL query parameters.

Filters are data: every query takes them, and only them, so one cached answer serves every
language and mode. Parsing never raises: a parameter that is unknown or malformed is dropped
and reported, so a pasted link always opens something (the national view at worst).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from tpbis.i18n import LANGUAGES


@dataclass(frozen=True)
class Filters:
    cohorts: tuple[int, ...] = ()  # programme cohort years; empty: every cohort
    province: str | None = None  # Kemendagri code, e.g. "32"
    regency: str | None = None  # e.g. "32.01"; implies its province
    period_from: date | None = None  # first day of a month
    period_to: date | None = None  # first day of a month (inclusive)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


@dataclass(frozen=True)
class Display:
    lang: str = "id"
    presenter: bool = False  # large type, no sidebar, for a shared screen

    def with_(self, **changes) -> Display:
        return replace(self, **changes)


@dataclass
class ValidValues:
    """The codes and years a URL may name, read from the store."""

    provinces: set[str] = field(default_factory=set)
    regencies: set[str] = field(default_factory=set)
    cohorts: set[int] = field(default_factory=set)


FILTER_PARAMS = ("cohort", "province", "regency", "from", "to")
DISPLAY_PARAMS = ("lang", "presenter")


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


def parse_display(params: Mapping[str, str]) -> tuple[Display, list[tuple[str, str]]]:
    """The display a URL asks for and the (name, value) pairs that were dropped."""
    dropped: list[tuple[str, str]] = []
    display = Display()
    lang = params.get("lang")
    if lang is not None:
        if lang in LANGUAGES:
            display = display.with_(lang=lang)
        else:
            dropped.append(("lang", lang))
    presenter = params.get("presenter")
    if presenter is not None:
        if presenter in ("1", "0"):
            display = display.with_(presenter=presenter == "1")
        else:
            dropped.append(("presenter", presenter))
    return display, dropped


def parse_filters(params: Mapping[str, str], valid: ValidValues) -> tuple[Filters, list[tuple[str, str]]]:
    """The filters a URL asks for and the (name, value) pairs that were dropped."""
    dropped: list[tuple[str, str]] = []
    filters = Filters()

    cohort = params.get("cohort")
    if cohort:
        parts = [p.strip() for p in cohort.split(",")]
        if all(p.isdigit() and int(p) in valid.cohorts for p in parts):
            filters = filters.with_(cohorts=tuple(sorted({int(p) for p in parts})))
        else:
            dropped.append(("cohort", cohort))

    province, regency = params.get("province"), params.get("regency")
    if regency:
        if regency in valid.regencies and (not province or regency.startswith(province + ".")):
            filters = filters.with_(province=regency[:2], regency=regency)
        else:
            dropped.append(("regency", regency))
    if province and filters.province is None:
        if province in valid.provinces:
            filters = filters.with_(province=province)
        else:
            dropped.append(("province", province))

    for name in ("from", "to"):
        text = params.get(name)
        if text:
            value = _month(text)
            if value is None:
                dropped.append((name, text))
            else:
                filters = filters.with_(**{"period_from" if name == "from" else "period_to": value})
    if filters.period_from and filters.period_to and filters.period_from > filters.period_to:
        dropped.append(("to", params["to"]))
        filters = filters.with_(period_to=None)
    return filters, dropped


def to_params(filters: Filters, display: Display = Display()) -> dict[str, str]:
    """The query parameters that reopen this view; defaults are left out."""
    params: dict[str, str] = {}
    if filters.cohorts:
        params["cohort"] = ",".join(map(str, filters.cohorts))
    if filters.regency:
        params["regency"] = filters.regency
    elif filters.province:
        params["province"] = filters.province
    if filters.period_from:
        params["from"] = filters.period_from.strftime("%Y-%m")
    if filters.period_to:
        params["to"] = filters.period_to.strftime("%Y-%m")
    if display.lang != "id":
        params["lang"] = display.lang
    if display.presenter:
        params["presenter"] = "1"
    return params

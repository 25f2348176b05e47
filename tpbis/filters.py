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
    # the map's edition: 2019 (the programme's 34 provinces) or 2022 (today's 38); the province
    # is one of that edition's, the regency always a 2019 code (as records keep it)
    edition: int = 2019

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
    provinces_2022: set[str] = field(default_factory=set)  # today's 38
    regency_provinces_2022: dict[str, str] = field(default_factory=dict)  # 2019 regency -> today's province

    def province_codes(self, edition: int) -> set[str]:
        return self.provinces if edition == 2019 else self.provinces_2022

    def province_of(self, regency: str, edition: int) -> str | None:
        """The edition's province of a (2019) regency code."""
        return regency[:2] if edition == 2019 else self.regency_provinces_2022.get(regency)


FILTER_PARAMS = ("cohort", "province", "regency", "from", "to", "wilayah")
# the `wilayah` parameter: how many provinces the map has -> the edition
EDITION_PARAMS = {"34": 2019, "38": 2022}
DISPLAY_PARAMS = ("lang", "presenter")


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` months after `day`'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")


def _month(text: str) -> date | None:
    found = _MONTH.fullmatch(text)
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    return date(year, month, 1) if year >= 1 and 1 <= month <= 12 else None  # no year 0 in Python


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
        if all(_YEAR.fullmatch(p) and int(p) in valid.cohorts for p in parts):
            filters = filters.with_(cohorts=tuple(sorted({int(p) for p in parts})))
        else:
            dropped.append(("cohort", cohort))

    wilayah = params.get("wilayah")
    if wilayah:
        if wilayah in EDITION_PARAMS:
            filters = filters.with_(edition=EDITION_PARAMS[wilayah])
        else:
            dropped.append(("wilayah", wilayah))

    province, regency = params.get("province"), params.get("regency")
    if regency:
        regency_province = valid.province_of(regency, filters.edition) if regency in valid.regencies else None
        if regency_province and (not province or province == regency_province):
            filters = filters.with_(province=regency_province, regency=regency)
        else:
            dropped.append(("regency", regency))
    if province and filters.province is None:
        if province in valid.province_codes(filters.edition):
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


def in_edition(filters: Filters, edition: int, valid: ValidValues) -> Filters:
    """The same area in another edition: a regency stays and brings its province; a province that
    the other edition lacks becomes the one holding its regencies (Papua Selatan -> Papua)."""
    if edition == filters.edition:
        return filters
    moved = filters.with_(edition=edition)
    if filters.regency:
        return moved.with_(province=valid.province_of(filters.regency, edition))
    if filters.province and filters.province not in valid.province_codes(edition):
        held = [r for r in sorted(valid.regencies) if valid.province_of(r, filters.edition) == filters.province]
        return moved.with_(province=valid.province_of(held[0], edition) if held else None)
    return moved


def to_params(filters: Filters, display: Display = Display()) -> dict[str, str]:
    """The query parameters that reopen this view; defaults are left out."""
    params: dict[str, str] = {}
    if filters.cohorts:
        params["cohort"] = ",".join(map(str, filters.cohorts))
    if filters.regency:
        params["regency"] = filters.regency
    elif filters.province:
        params["province"] = filters.province
    if filters.edition != 2019:
        params["wilayah"] = next(k for k, v in EDITION_PARAMS.items() if v == filters.edition)
    if filters.period_from:
        params["from"] = filters.period_from.strftime("%Y-%m")
    if filters.period_to:
        params["to"] = filters.period_to.strftime("%Y-%m")
    if display.lang != "id":
        params["lang"] = display.lang
    if display.presenter:
        params["presenter"] = "1"
    return params

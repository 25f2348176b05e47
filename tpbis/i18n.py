"""Every user-visible text by key, read from tpbis/locale/<language>.toml (Bahasa Indonesia by default,
and English), and numbers and dates written the language's way."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Hashable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from numbers import Integral
from pathlib import Path

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import (
    NumberPattern,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

LANGUAGES = ("id", "en")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language
LOCALES = {"id": Locale.parse("id_ID"), "en": Locale.parse("en")}  # CLDR's numbers, months and dates
# plotly's layout.separators: decimal then thousands (1.234,5 in Indonesian)
SEPARATORS = {lang: get_decimal_symbol(locale) + get_group_symbol(locale) for lang, locale in LOCALES.items()}
# plotly's month ticks (Jan … Mei … Agu … Des in Indonesian)
MONTHS = {
    lang: [get_month_names("abbreviated", locale=locale)[m] for m in range(1, 13)] for lang, locale in LOCALES.items()
}

LOCALE_DIR = Path(__file__).parent / "locale"


def _read(lang: str) -> dict[str, str]:
    return tomllib.loads((LOCALE_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


# translators edit one TOML file per language; the code looks texts up by key
TEXTS = {lang: _read(lang) for lang in LANGUAGES}  # language -> key -> text
# key -> language -> text, in id.toml's order
CATALOGUE = {key: {lang: TEXTS[lang][key] for lang in LANGUAGES if key in TEXTS[lang]} for key in TEXTS["id"]}


class CatalogueError(Exception):
    """An error whose message is a catalogue entry: Indonesian by default, told in the reader's
    language with text(lang)."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "id", **params))
        self.key, self.params = key, params

    def text(self, lang: str = "id") -> str:
        return t(self.key, lang, **self.params)


def t(key: str, lang: str = "id", **values) -> str:
    text = CATALOGUE[key].get(lang) or CATALOGUE[key]["id"]
    return text.format(**values) if values else text


# Columns whose values come from a fixed list (the programme's activity types, training modes,
# partner kinds, roles...): shown under their name in the language ("value.<column>.<value>").
# A value the catalogue does not know (typed by a region) is shown as typed.
VALUE_COLUMNS = (
    "activity_type",
    "skill_category",
    "mode",
    "partner_kind",
    "role",
    "funding",
    "kind",
    "sheet",
    "action",
    "state",
    "gender",  # male/female of activity participants (the import's L/P are shown as typed)
)


def value_label(column: str, value, lang: str = "id"):
    """A fixed value's name in the language; anything else unchanged."""
    if not isinstance(value, str):
        return value
    return TEXTS[lang].get(f"value.{column}.{value}") or TEXTS["id"].get(f"value.{column}.{value}") or value


def with_value_labels(frame, lang: str = "id"):
    """The frame with its fixed values (VALUE_COLUMNS) and yes/no columns in the language. Each
    distinct value is looked up once: a national list has 83,441 rows and a handful of values."""
    changes = {}
    for column in frame.columns:
        values = frame[column]
        if column in VALUE_COLUMNS:
            names = {v: value_label(column, v, lang) for v in values.dropna().unique()}
            changes[column] = values.map(names).where(values.notna(), values)
        elif values.dtype == bool or str(values.dtype) == "boolean":
            answers = {True: t("value.yes", lang), False: t("value.no", lang)}
            changes[column] = values.astype(object).map(answers).where(values.notna(), values)
    return frame.assign(**changes) if changes else frame


def number(value, lang: str = "id", decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Indonesian, '1,234.5' in English; missing -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    exact = _exact(value)
    return _number_text(exact, exact.is_signed(), decimals, lang)


def percent(share, lang: str = "id", decimals: int = 1) -> str:
    """A share 0..1 as '45,2%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    # multiplied by 100 as a float, as it always was: Babel's exact product would round a tie such as
    # 1/80 (1.25 %) the other way (1,3% instead of 1,2%)
    exact = _exact(share * 100).scaleb(-2)
    return _percent_text(exact, exact.is_signed(), decimals, lang)


def _exact(value) -> Decimal:
    """The number as Babel should round it. Babel reads a float through str(), so 0.15 becomes the
    tie 0.15 and rounds to 0.2; the float is really 0.1499…, which Python rounds (as this app always
    did) to 0.1."""
    if isinstance(value, Integral):
        return Decimal(int(value))
    return value if isinstance(value, Decimal) else Decimal(float(value))


@lru_cache(maxsize=16)
def _pattern(decimals: int, suffix: str = "") -> NumberPattern:
    # explicit patterns: CLDR's own would write 45% (no decimal) and add or drop spaces by locale
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "") + suffix)


# Babel takes some 30 µs a number or date. A page's tables repeat their values, and every rerun
# (each click) formats them all again. `signed` is in the key because -0 equals 0 but is written -0.
@lru_cache(maxsize=16384)
def _number_text(exact: Decimal, signed: bool, decimals: int, lang: str) -> str:
    return format_decimal(exact, _pattern(decimals), locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def _percent_text(exact: Decimal, signed: bool, decimals: int, lang: str) -> str:
    return format_percent(exact, _pattern(decimals, "%"), locale=LOCALES[lang])


YEAR_COLUMNS = {"cohort_year", "year", "import_id"}  # integers that are names, not quantities
MEASURE_ENDINGS = ("share", "score", "per_library")  # one decimal even where every value is whole


def table_formats(frame, lang: str = "id") -> dict[Hashable, Callable[..., str]]:
    """A display format per column for a table in this language: counts as 1.234, measures as
    1.234,5, dates as 25 Nov 2026, months as Nov 2026. Years and text stay as they are. The frame
    has the core's column names (cohort_year), not headings in a language (Angkatan, Cohort)."""
    import pandas as pd

    formats: dict[Hashable, Callable[..., str]] = {}
    for column in frame.columns:
        values = frame[column]
        if column in YEAR_COLUMNS or values.dtype == bool or str(values.dtype) == "boolean":
            continue
        if pd.api.types.is_integer_dtype(values.dtype):
            formats[column] = lambda v: number(v, lang)
        elif pd.api.types.is_float_dtype(values.dtype) or _all_numbers(values):
            numbers = pd.to_numeric(values, errors="coerce").dropna()
            whole = (numbers == numbers.round()).all() and not str(column).endswith(MEASURE_ENDINGS)
            decimals = 0 if whole else 1  # counts with gaps are floats too
            formats[column] = lambda v, d=decimals: number(float(v), lang, d)
        else:
            present = values.dropna()
            if present.empty or not all(isinstance(v, (date, pd.Timestamp)) for v in present.head(50)):
                continue
            months = present.map(lambda v: v.day == 1).all() and present.nunique() > 1
            formats[column] = (lambda v: month(v, lang)) if months else (lambda v: day(v, lang))
    return formats


def _all_numbers(values) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)


def month(value: date, lang: str = "id") -> str:
    """Nov 2026."""
    return _date_text(_day_of(value), "MMM y", lang)


def day(value: date, lang: str = "id") -> str:
    """25 Nov 2026 (both languages use day-month-year)."""
    return _date_text(_day_of(value), "d MMM y", lang)


def _day_of(value: date) -> date:
    # Babel writes today for None, and the cache would keep that day: a missing date must fail as it
    # always did. A Timestamp or datetime becomes its day, one cache entry per day.
    return date(value.year, value.month, value.day)


@lru_cache(maxsize=16384)
def _date_text(value: date, pattern: str, lang: str) -> str:
    return format_date(value, pattern, locale=LOCALES[lang])

"""Every user-visible text by key, read from tpbis/locale/<language>.toml (Bahasa Indonesia by default,
and English), and numbers and dates written the language's way."""
from __future__ import annotations

import math
import tomllib
from datetime import date
from pathlib import Path

LANGUAGES = ("id", "en")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language
# plotly's layout.separators: decimal then thousands (1.234,5 in Indonesian)
SEPARATORS = {"id": ",.", "en": ".,"}
MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

LOCALE_DIR = Path(__file__).parent / "locale"


def _read(lang: str) -> dict[str, str]:
    return tomllib.loads((LOCALE_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


# translators edit one TOML file per language; the code looks texts up by key
TEXTS = {lang: _read(lang) for lang in LANGUAGES}  # language -> key -> text
CATALOGUE = {key: {lang: TEXTS[lang][key] for lang in LANGUAGES if key in TEXTS[lang]}
             for key in TEXTS["id"]}  # key -> language -> text, in id.toml's order


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


def number(value, lang: str = "id", decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Indonesian, '1,234.5' in English; missing -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share, lang: str = "id", decimals: int = 1) -> str:
    """A share 0..1 as '45,2%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return number(share * 100, lang, decimals) + "%"


YEAR_COLUMNS = {"cohort_year", "year", "import_id"}  # integers that are names, not quantities


def table_formats(frame, lang: str = "id") -> dict:
    """A display format per column for a table in this language: counts as 1.234, measures as
    1.234,5, dates as 25 Nov 2026, months as Nov 2026. Years and text stay as they are."""
    import pandas as pd
    years = YEAR_COLUMNS | {t(k, code) for k in ("col.cohort", "field.cohort") for code in ("id", "en")}
    formats = {}
    for column in frame.columns:
        values = frame[column]
        if column in years or values.dtype == bool or str(values.dtype) == "boolean":
            continue
        if pd.api.types.is_integer_dtype(values.dtype):
            formats[column] = lambda v: number(v, lang)
        elif pd.api.types.is_float_dtype(values.dtype) or _all_numbers(values):
            numbers = pd.to_numeric(values, errors="coerce").dropna()
            decimals = 0 if (numbers == numbers.round()).all() else 1  # counts with gaps are floats too
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
    return f"{MONTHS[lang][value.month - 1]} {value.year}"


def day(value: date, lang: str = "id") -> str:
    """25 Nov 2026 (both languages use day-month-year)."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"

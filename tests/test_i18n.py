from datetime import date

from tpbis.i18n import CATALOGUE, LANGUAGES, TEXTS, day, month, number, percent, t


def test_every_string_in_every_language():
    missing = [key for key, texts in CATALOGUE.items() for lang in LANGUAGES if not texts.get(lang)]
    assert missing == []


def test_every_language_file_has_the_same_keys():
    for lang in LANGUAGES:
        # an unquoted dotted key (kpi.provinces = ...) would nest into a table instead of a text
        assert [key for key, text in TEXTS[lang].items() if not isinstance(text, str) or not text] == [], lang
        assert sorted(TEXTS[lang].keys() ^ TEXTS["id"].keys()) == [], lang


def test_every_language_fills_in_the_same_fields():
    from string import Formatter

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    differ = [
        key
        for key, texts in CATALOGUE.items()
        if any(fields(texts.get(lang, "")) != fields(texts["id"]) for lang in LANGUAGES)
    ]
    assert differ == []


def test_number_formats():
    assert number(1234.5, "id", 1) == "1.234,5"
    assert number(1234.5, "en", 1) == "1,234.5"
    assert percent(0.452, "id") == "45,2%"
    assert number(float("nan")) == "–"


def test_numbers_round_the_float_itself_as_they_always_did():
    # Babel on its own reads 0.15 as the decimal tie 0.15 (-> 0,2); the float is 0.1499…
    assert number(0.15, "id", 1) == "0,1" and number(0.05, "en", 1) == "0.1"
    assert percent(1 / 80, "id") == "1,2%"  # the share times 100 as a float: 1.25, a tie, to even
    assert [number(-0.0), number(0.0), number(-0.04, "id", 1)] == ["-0", "0", "-0,0"]


def test_dates():
    assert day(date(2026, 11, 25), "id") == "25 Nov 2026"
    assert day(date(2024, 5, 1), "id") == "1 Mei 2024"
    assert month(date(2024, 8, 1), "id") == "Agu 2024" and month(date(2024, 8, 1), "en") == "Aug 2024"


def test_a_missing_date_fails_instead_of_reading_as_today():
    import pytest

    with pytest.raises(AttributeError):  # Babel would write today's date for None
        day(None)


def test_placeholders():
    assert t("data.as_of", "en", date="1 Jan 2024") == "Data as of 1 Jan 2024"


def test_every_key_the_code_uses_is_in_the_catalogue():
    import re

    from tpbis.config import ROOT
    from tpbis_ui.tables import COLUMN_KEYS

    used = set(COLUMN_KEYS.values())
    for path in [
        ROOT / "dashboard.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "tpbis").rglob("*.py"),
        *(ROOT / "tpbis_ui").rglob("*.py"),
    ]:
        text = path.read_text()
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text))
        # headings given to labelled() and the coverage map's table
        used |= set(re.findall(r'=\s*"((?:col|field|import|signin|admin)\.[a-z0-9_]+)"', text))
        used |= set(re.findall(r'list_to_follow_up\([^,]+,\s*"([a-z_]+\.[a-z0-9_.]+)"', text))
        used |= set(re.findall(r'"((?:problem|word)\.[a-z0-9_.]+)"', text))  # import problems, said later
        used |= set(
            re.findall(r'(?:Error|Refused|Failed)\(\s*"([a-z_]+\.[a-z0-9_.]+)"', text)
        )  # errors told in either language
    assert used, "the pattern found no key at all"
    assert sorted(used - set(CATALOGUE)) == []


def test_import_problems_are_told_in_the_page_language(small_store):
    from tpbis.imports import checks

    data = (
        b"activity_code,library_code,activity_date,activity_type,skill_category,title,participants_male,"
        b"participants_female,partner\nN1,L1,2024-01-05,Literasi anak,TIK,A,9999,1,\n"
    )
    dry = checks.check(small_store, "kegiatan.csv", data)
    assert dry.problems_frame("id")["message"].tolist() == ["harus antara 0 dan 2.000"]
    assert dry.problems_frame("en")["message"].tolist() == ["must be between 0 and 2,000"]
    assert (
        checks.check(small_store, "kegiatn.csv", b"a\n1\n").problems[0].text("en").endswith("Did you mean 'kegiatan'?")
    )


def test_charts_use_the_language_separators(small_store):
    from tpbis.filters import Display, Filters
    from tpbis.map_views import area_view

    assert area_view(small_store, Filters(), Display(), "libraries").figure.to_dict()["layout"]["separators"] == ",."
    english = area_view(small_store, Filters(), Display(lang="en"), "libraries")
    assert english.figure.to_dict()["layout"]["separators"] == ".,"


def test_tables_write_numbers_and_dates_the_languages_way():
    from datetime import date

    import pandas as pd

    from tpbis.i18n import table_formats

    frame = pd.DataFrame(
        {
            "cohort_year": [2022, 2023],
            "activities": [1234, 5],
            "share": [75.84, 3.0],
            "last_activity": [date(2026, 11, 25), date(2026, 1, 3)],
            "month": pd.to_datetime(["2024-10-01", "2024-11-01"]),
            "name": ["A", "B"],
        }
    )
    shown = {
        lang: {c: [f(v) for v in frame[c]] for c, f in table_formats(frame, lang).items()} for lang in ("id", "en")
    }
    assert set(shown["id"]) == {"activities", "share", "last_activity", "month"}  # years and text untouched
    assert shown["id"]["activities"] == ["1.234", "5"] and shown["en"]["activities"] == ["1,234", "5"]
    assert shown["id"]["share"] == ["75,8", "3,0"] and shown["en"]["share"] == ["75.8", "3.0"]
    assert shown["id"]["last_activity"] == ["25 Nov 2026", "3 Jan 2026"]
    assert shown["id"]["month"] == ["Okt 2024", "Nov 2024"] and shown["en"]["month"] == ["Oct 2024", "Nov 2024"]
    # a share of whole values (one regency at 100 %) keeps its decimal, as in every other area
    one_area = pd.DataFrame({"trained_share": [100.0], "libraries": [12.0]})
    assert [f(100.0) for f in table_formats(one_area, "id").values()] == ["100,0", "100"]


def test_the_import_log_counts_rows_per_sheet_in_the_language():
    from tpbis.imports.apply import counts_text

    counts = '{"library": 2380, "activity": 166524, "follow_up": 3}'
    assert counts_text(counts, "id") == "perpustakaan 2.380 · kegiatan 166.524 · tindak_lanjut 3"
    assert counts_text(counts, "en").startswith("libraries (sheet perpustakaan) 2,380 · activities")
    assert counts_text("not json", "en") == ""

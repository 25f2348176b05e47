from datetime import date

from tpbis.filters import Display, Filters, ValidValues, in_edition, parse_display, parse_filters, to_params

VALID = ValidValues(provinces={"32", "33"}, regencies={"32.01", "33.01"}, cohorts={2021, 2022})


def test_round_trip():
    filters = Filters(
        cohorts=(2021, 2022), province="32", regency="32.01", period_from=date(2022, 3, 1), period_to=date(2022, 6, 1)
    )
    display = Display(lang="en", presenter=True)
    params = to_params(filters, display)
    assert parse_filters(params, VALID) == (filters, []) and parse_display(params) == (display, [])


def test_defaults_leave_the_url_empty():
    assert to_params(Filters(), Display()) == {}


def test_malformed_values_are_dropped_not_raised():
    params = {"cohort": "20x", "province": "99", "from": "2022-13", "lang": "fr", "presenter": "ya"}
    filters, dropped = parse_filters(params, VALID)
    display, more = parse_display(params)
    assert filters == Filters() and display == Display()
    assert {name for name, _ in dropped + more} == {"cohort", "province", "from", "lang", "presenter"}
    # what str.isdigit calls digits and int() refuses, more digits than int() reads, year 0
    for digits in ("²", "2019,²⁰", "٢٠١٩", "1" * 5000):
        assert parse_filters({"cohort": digits}, VALID) == (Filters(), [("cohort", digits)])
    for month in ("0000-01", "٢٠٢٢-٠١", "2022-01\n"):
        assert parse_filters({"from": month}, VALID) == (Filters(), [("from", month)])


def test_regency_implies_its_province_and_must_agree():
    assert parse_filters({"regency": "32.01"}, VALID)[0].province == "32"
    filters, dropped = parse_filters({"province": "33", "regency": "32.01"}, VALID)
    assert filters.regency is None and filters.province == "33" and dropped == [("regency", "32.01")]


def test_reversed_period_drops_the_end():
    filters, dropped = parse_filters({"from": "2023-01", "to": "2022-01"}, VALID)
    assert filters.period_from == date(2023, 1, 1) and filters.period_to is None and dropped


PAPUA = ValidValues(
    provinces={"32", "91", "92"},
    regencies={"32.01", "91.01", "91.03", "92.01"},
    cohorts={2022},
    provinces_2022={"32", "91", "92", "93", "96"},
    regency_provinces_2022={"32.01": "32", "91.01": "93", "91.03": "91", "92.01": "96"},
)


def test_wilayah_38_picks_todays_provinces_and_round_trips():
    filters, dropped = parse_filters({"wilayah": "38", "province": "93"}, PAPUA)
    assert filters == Filters(province="93", edition=2022) and dropped == []
    assert to_params(filters) == {"province": "93", "wilayah": "38"}
    assert parse_filters(to_params(filters), PAPUA) == (filters, [])
    assert to_params(Filters(edition=2019)) == {}


def test_a_province_or_wilayah_of_the_other_edition_is_dropped():
    assert parse_filters({"province": "93"}, PAPUA) == (Filters(), [("province", "93")])
    assert parse_filters({"wilayah": "36"}, PAPUA) == (Filters(), [("wilayah", "36")])


def test_regency_implies_its_province_in_the_edition():
    assert parse_filters({"wilayah": "38", "regency": "91.01"}, PAPUA)[0].province == "93"
    filters, dropped = parse_filters({"wilayah": "38", "province": "91", "regency": "91.01"}, PAPUA)
    assert filters.regency is None and dropped == [("regency", "91.01")]


def test_switching_edition_keeps_the_area():
    assert in_edition(Filters(province="93", edition=2022), 2019, PAPUA) == Filters(province="91")
    assert in_edition(Filters(province="91", regency="91.01"), 2022, PAPUA) == Filters(
        province="93", regency="91.01", edition=2022
    )
    assert in_edition(Filters(province="92"), 2022, PAPUA) == Filters(province="92", edition=2022)

from datetime import date

from tpbis.filters import Display, Filters, ValidValues, parse_display, parse_filters, to_params

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


def test_regency_implies_its_province_and_must_agree():
    assert parse_filters({"regency": "32.01"}, VALID)[0].province == "32"
    filters, dropped = parse_filters({"province": "33", "regency": "32.01"}, VALID)
    assert filters.regency is None and filters.province == "33" and dropped == [("regency", "32.01")]


def test_reversed_period_drops_the_end():
    filters, dropped = parse_filters({"from": "2023-01", "to": "2022-01"}, VALID)
    assert filters.period_from == date(2023, 1, 1) and filters.period_to is None and dropped

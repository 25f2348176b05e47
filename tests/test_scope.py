from datetime import date

from tpbis.scope import Known, Scope, parse, to_params

KNOWN = Known(provinces={"32", "33"}, regencies={"32.01", "33.01"}, cohorts={2021, 2022})


def test_round_trip():
    scope = Scope(cohorts=(2021, 2022), province="32", regency="32.01", period_from=date(2022, 3, 1),
                  period_to=date(2022, 6, 1), lang="en", presenter=True)
    parsed, dropped = parse(to_params(scope), KNOWN)
    assert parsed == scope and dropped == []


def test_defaults_leave_the_url_empty():
    assert to_params(Scope()) == {}


def test_malformed_values_are_dropped_not_raised():
    scope, dropped = parse({"cohort": "20x", "province": "99", "from": "2022-13", "lang": "fr"}, KNOWN)
    assert scope == Scope()
    assert {name for name, _ in dropped} == {"cohort", "province", "from", "lang"}


def test_regency_implies_its_province_and_must_agree():
    assert parse({"regency": "32.01"}, KNOWN)[0].province == "32"
    scope, dropped = parse({"province": "33", "regency": "32.01"}, KNOWN)
    assert scope.regency is None and scope.province == "33" and dropped == [("regency", "32.01")]


def test_reversed_period_drops_the_end():
    scope, dropped = parse({"from": "2023-01", "to": "2022-01"}, KNOWN)
    assert scope.period_from == date(2023, 1, 1) and scope.period_to is None and dropped

import pytest

from tests.fixtures import small_records
from tpbis.loader import LoadError, apply_records


def _counts(store):
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("library", "person", "activity")}


def test_apply_fills_region_from_village(small_store):
    row = small_store.query("SELECT regency_code, province_code FROM library WHERE library_code = 'L3'")
    assert row.iloc[0].tolist() == ["32.04", "32"]


def test_same_batch_twice_changes_nothing(small_store):
    before = _counts(small_store)
    apply_records(small_store, small_records())
    assert _counts(small_store) == before


def test_bad_batch_is_refused_whole(small_store):
    records = small_records()
    records["activity"] = records["activity"].assign(activity_code=lambda f: f["activity_code"] + "x")
    records["library"].loc[0, "village_code"] = "99.99.99.9999"
    before = _counts(small_store)
    with pytest.raises(LoadError) as refused:
        apply_records(small_store, records)
    assert "kode desa tidak dikenal" in refused.value.problems[0]
    assert _counts(small_store) == before


def test_duplicate_keys_refused(small_store):
    records = small_records()
    records["person"].loc[1, "person_code"] = "P1"
    with pytest.raises(LoadError, match="berkunci ganda"):
        apply_records(small_store, records)


def test_failure_mid_write_rolls_back(small_store):
    records = small_records()
    records["activity"] = records["activity"].assign(
        activity_code=lambda f: f["activity_code"] + "-new", participants_male=None
    )  # NOT NULL violation
    before = _counts(small_store)
    with pytest.raises(Exception):  # noqa: B017 (each engine raises its own constraint error)
        apply_records(small_store, records)
    assert _counts(small_store) == before

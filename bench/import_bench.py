"""Import throughput: rows per second for a large activities file, checked and applied.

    .venv/bin/python bench/import_bench.py [--rows 150000]

On a copy of the app's database (var/tpbis.duckdb, made by `make run`), times the importer on
a CSV of activities for existing libraries: reading and checking (the dry run) and the audited
apply. The baseline, measured in the same run on another copy, loads the same rows straight
through the loader with no checks and no audit. Prints rows/s and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from tpbis import accounts  # noqa: E402
from tpbis.config import database_path  # noqa: E402
from tpbis.imports import apply as applying  # noqa: E402
from tpbis.imports import checks  # noqa: E402
from tpbis.loader import apply_records  # noqa: E402
from tpbis.store import Store, open_store  # noqa: E402


def activity_file(store: Store, rows: int) -> bytes:
    libraries = store.query("SELECT library_code FROM library ORDER BY 1")["library_code"]
    dates = pd.date_range("2023-01-01", "2024-12-31", freq="D").strftime("%Y-%m-%d")
    return (
        pd.DataFrame(
            {
                "activity_code": [f"B{i}" for i in range(rows)],
                "library_code": libraries.iloc[[i % len(libraries) for i in range(rows)]].to_numpy(),
                "activity_date": [dates[i % len(dates)] for i in range(rows)],
                "activity_type": "Pelatihan TIK",
                "skill_category": "TIK",
                "title": "Kelas komputer",
                "participants_male": [str(i % 20) for i in range(rows)],
                "participants_female": "7",
                "partner": "",
            }
        )
        .to_csv(index=False)
        .encode()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=150_000)
    args = parser.parse_args()
    source = database_path()
    if not source.exists():
        sys.exit(f"{source} is missing: run `make run` once first")
    with tempfile.TemporaryDirectory() as folder:
        ours, plain = Path(folder) / "ours.duckdb", Path(folder) / "plain.duckdb"
        shutil.copy(source, ours)
        shutil.copy(source, plain)
        store = open_store(ours)
        data = activity_file(store, args.rows)
        accounts.save_user(store, "bench", "Bench", "admin")
        bench_user = accounts.User("bench", "Bench", "admin")
        started = time.perf_counter()
        dry = checks.check(store, "kegiatan.csv", data)
        checked = time.perf_counter()
        assert dry.ok, dry.problems[:3]
        applying.apply(store, dry, bench_user)
        applied = time.perf_counter()
        store.close()

        store = open_store(plain)
        frame = pd.read_csv(pd.io.common.BytesIO(data), dtype=str, keep_default_na=False)
        typed = frame.assign(
            activity_date=pd.to_datetime(frame["activity_date"]).dt.date,
            participants_male=frame["participants_male"].astype(int),
            participants_female=frame["participants_female"].astype(int),
            partner=None,
        )
        base_started = time.perf_counter()
        apply_records(store, {"activity": typed})
        base = time.perf_counter() - base_started
        store.close()
    total = applied - started
    print(f"import of {args.rows:,} activity rows (CSV, {len(data) / 1e6:.1f} MB)")
    print(f"  dry run (read + checks):   {checked - started:6.2f} s")
    print(f"  apply (audited, atomic):   {applied - checked:6.2f} s")
    print(f"  TPBIS importer:            {args.rows / total:10,.0f} rows/s")
    print(f"  baseline (loader, no checks, no audit): {args.rows / base:10,.0f} rows/s")
    print(f"  ratio importer/baseline:   {base / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

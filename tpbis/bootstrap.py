"""Set-up of the database: migrate, load the reference geography, load demo data if empty.

    python -m tpbis.bootstrap [--demo programme|national|none] [--reset] [--db PATH]

Idempotent: a database that is already set up is only checked, which takes a moment.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tpbis import demo, editions, follow_ups, metrics, summaries
from tpbis.cli import fail
from tpbis.config import ROOT
from tpbis.geography import load_reference as read_reference
from tpbis.loader import RECORD_KEYS, apply_records, load_reference
from tpbis.metrics import data_date
from tpbis.sources import SourceError
from tpbis.store import Store, StoreError, StoreInUse, open_store


def bootstrap(
    store: Store, demo_scale: str | None = "programme", reset: bool = False, csv_copy: Path | None = None
) -> list[str]:
    """Bring the store up to date; returns what was done, one line each."""
    done = []
    applied = store.migrate()
    if applied:
        done.append(f"migrasi {applied}")
    if reset or not store.scalar("SELECT count(*) FROM province"):
        load_reference(store, read_reference())
        done.append("geografi acuan Kemendagri dimuat")
    elif editions.ensure_loaded(store):
        done.append("wilayah 38 provinsi dimuat")
    if demo_scale and (reset or not store.scalar("SELECT count(*) FROM library")):
        regency_names = store.query("SELECT code, name FROM regency").set_index("code")["name"]
        records = demo.generate(store.query("SELECT * FROM village"), regency_names, scale=demo_scale)
        if demo_scale == "programme":  # the same checks and audited apply as an uploaded file
            counts = _import_demo(store, records)
        else:  # ~5 million rows for benchmarks: loaded directly, unchecked
            counts = apply_records(store, records, demo.demo_facts(demo_scale), replace_all=True)
        store.set_dataset_facts(demo.demo_facts(demo_scale))
        if csv_copy is not None:
            demo.write_csv(records, csv_copy)
        done.append(f"data demo ({demo_scale}) dimuat: {counts['library']} perpustakaan, {counts['activity']} kegiatan")
    if summaries.refresh(store, data_date(store)):
        done.append("tabel ringkasan dibangun ulang")
    if demo_scale == "programme" and metrics.is_demo(store) and not store.scalar("SELECT count(*) FROM follow_up"):
        done.append(f"tindak lanjut demo: {follow_ups.load_demo(store)}")
    return done


def _import_demo(store: Store, records) -> dict[str, int]:
    from tpbis.imports.apply import apply_without_account
    from tpbis.imports.checks import as_text, check_frames

    dry = check_frames(store, "demo", f"seed={demo.SEED}", as_text(records))
    if not dry.ok:
        raise RuntimeError("demo data failed the import checks:\n" + dry.problems_frame().head(20).to_string())
    with store.transaction():
        for kind in reversed(list(RECORD_KEYS)):
            store.execute(f"DELETE FROM {kind}")
    apply_without_account(store, dry, "generator data demo")
    return {kind: len(frame) for kind, frame in records.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        help="DuckDB file or PostgreSQL URL "
        "(default: TPBIS_DATABASE_URL, else TPBIS_DATABASE_PATH or var/tpbis.duckdb)",
    )
    parser.add_argument(
        "--demo",
        "--scale",
        dest="demo",
        choices=["programme", "national", "none"],
        default="programme",
        help="demo data to load into an empty database: the programme's size (default), "
        "national scale (~83,000 libraries, ~5 million activities) or none",
    )
    parser.add_argument("--reset", action="store_true", help="reload reference and demo data")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        store = open_store(args.db)
    except StoreInUse as error:
        return fail("ops.busy.bootstrap", **error.params)
    except StoreError as error:
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    try:
        scale = None if args.demo == "none" else args.demo
        copy = ROOT / "data" / "demo" if scale == "programme" else None
        for line in bootstrap(store, scale, args.reset, copy) or ["basis data sudah siap"]:
            print(f"tpbis: {line}")
    except SourceError as error:
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"tpbis: {store.path} siap ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

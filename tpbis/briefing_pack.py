"""A briefing for the nation and for every province, for a national meeting: a PDF and a PPTX per
area, named by province code and name ("briefing-32-jawa-barat.pdf"), made one area at a time
so the page can show a progress bar and the shell a line per area. `tpbis briefing` runs it."""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tpbis import briefing, briefing_files, editions, metrics
from tpbis.editions import EDITION_2019
from tpbis.filters import Filters, parse_filters
from tpbis.store import Store

AREAS_AT_ONCE = 3
# the app makes one pack at a time: a national pack takes minutes and both cores of a small server
ONE_AT_A_TIME = threading.Lock()
NATIONAL = "00"  # the national briefing's place in the file names, before every province
AreaFiles = Callable[[Store, Filters, str], dict[str, bytes]]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    area: str  # the area just finished


def areas(store: Store, edition: int = EDITION_2019) -> list[tuple[str | None, str]]:
    """The nation, then every province of the edition by code: (province code or None, name)."""
    provinces = editions.provinces(store, edition)
    return [(None, "Indonesia"), *zip(provinces["code"], provinces["name"])]


EDITION_SUFFIX = {2022: "-38-provinsi"}  # in file names


def slug(name: str) -> str:
    """A name as a file name part: 'Kep. Bangka Belitung' -> 'kep-bangka-belitung'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "area"


def file_stem(code: str | None, name: str, edition: int = 2019) -> str:
    """Today's 38 provinces say so: Papua (91) is not the same area in both."""
    return f"briefing-{code or NATIONAL}-{slug(name)}" + EDITION_SUFFIX.get(edition, "")


def area_files(store: Store, filters: Filters, lang: str) -> dict[str, bytes]:
    """The briefing of the filters' area as {file name: PDF or PPTX}."""
    deck = briefing.slides(store, filters, lang)
    stamp, info = briefing.stamp(store, filters, lang), briefing.file_info(store, filters, lang)
    stem = file_stem(filters.province, briefing.area_name(store, filters), filters.edition)
    return {
        f"{stem}.pdf": briefing_files.pdf_bytes(deck, stamp, info),
        f"{stem}.pptx": briefing_files.pptx_bytes(deck, stamp, info),
    }


def make(
    store: Store, filters: Filters, lang: str, save: Callable[[str, bytes], object], files: AreaFiles = area_files
) -> Iterator[Progress]:
    """Every area's files handed to save(name, content), with the filters' cohorts and period;
    yields after each area. AREAS_AT_ONCE areas are made at a time: while some wait for their
    charts, another computes its slides."""
    scope = areas(store, filters.edition)

    def area(code: str | None) -> dict[str, bytes]:
        return files(store, filters.with_(province=code, regency=None), lang)

    with ThreadPoolExecutor(AREAS_AT_ONCE, thread_name_prefix="briefing") as pool:
        made = pool.map(area, [code for code, _ in scope])
        try:
            for done, ((_, name), area_made) in enumerate(zip(scope, made), 1):
                for file_name, content in area_made.items():
                    save(file_name, content)
                yield Progress(done, len(scope), name)
        finally:  # left early (the visitor went elsewhere): the areas not yet begun are not made
            pool.shutdown(wait=False, cancel_futures=True)


def write_zip(
    store: Store, filters: Filters, lang: str, target: IO[bytes], files: AreaFiles = area_files
) -> Iterator[Progress]:
    """The whole pack as one zip written to target (PDF and PPTX are compressed already: stored)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        yield from make(store, filters, lang, archive.writestr, files)


def zip_name(store: Store, edition: int = 2019) -> str:
    return f"briefing-pack-{metrics.data_date(store).isoformat()}{EDITION_SUFFIX.get(edition, '')}.zip"


def main(argv: list[str] | None = None) -> int:
    """`tpbis briefing --all --out DIR` (one zip) or `--province 32 --out DIR` (its PDF and PPTX)."""
    from tpbis.cli import fail
    from tpbis.config import database_location
    from tpbis.store import open_store

    parser = argparse.ArgumentParser(description="Presentasi TPBIS sebagai berkas / the briefing as files")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="the nation and every province, as one zip")
    which.add_argument("--province", help="one province by code, e.g. 32")
    parser.add_argument("--out", type=Path, required=True, help="folder for the files")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--cohort", help="cohort years, e.g. 2021,2022 (default: all)")
    parser.add_argument(
        "--wilayah", choices=("34", "38"), default="34", help="provinces: the programme's 34 or today's 38"
    )
    parser.add_argument("--db", help="DuckDB file or PostgreSQL URL (default: as the app)")
    args = parser.parse_args(argv)
    if not briefing_files.can_draw():
        return fail("briefing.no_chromium")
    with open_store(args.db or database_location(), read_only=True) as store:
        asked = {"province": args.province or "", "cohort": args.cohort or "", "wilayah": args.wilayah}
        filters, refused = parse_filters(asked, metrics.valid_values(store))
        if refused:
            return fail("briefing.pack.unknown", name=refused[0][0], value=refused[0][1])
        args.out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        if args.province:
            for name, content in area_files(store, filters, args.lang).items():
                (args.out / name).write_bytes(content)
                print(args.out / name)
            return 0
        path = args.out / zip_name(store, filters.edition)
        with path.open("wb") as target:
            for step in write_zip(store, filters, args.lang, target):
                print(f"[{step.done}/{step.total}] {step.area} ({time.perf_counter() - started:.0f} s)", flush=True)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

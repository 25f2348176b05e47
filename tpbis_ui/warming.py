"""Answers made before anyone asks. After start the process opens every page itself for the
nation, one province and one regency (tpbis_ui.self_visits), and learns from those runs what
pages ask about a province. Then, while it runs no page and the machine has room, it asks that
about every province and opens every page for every province (maps and tables made once),
until its memory budget: under load most runs were an area's first, at 3-5 times the cost of
a warm one (README, deployment)."""

from __future__ import annotations

import logging
import math
import os
import threading
import time

from tpbis.editions import EDITION_2019, EDITION_2022
from tpbis.filters import Filters
from tpbis_ui import data, page_runs, process_memory, self_visits

log = logging.getLogger("tpbis")
LOADED = time.monotonic()  # about when the server started: serve.py imports this module

QUIET_SECONDS = 0.3  # after a page run, before the next question
LOOK_EVERY = 5.0  # seconds between looks for new questions or data
# Made ahead only while the process is smaller than this, leaving room under 600 MB for the load
# (one process grew 130-180 MB under 100 users nationally, with the warming or without): every
# province's national-scale answers take ~55 MB; a process holding DuckDB is ~420 MB after start.
# 0 turns the warming off (the test suite's servers: it ran while their browsers drew pages).
MEMORY_BUDGET_MB = float(os.environ.get("TPBIS_WARM_BUDGET_MB", "480"))
ASK_AGAIN_AFTER = 3000.0  # seconds; the answers' caches keep them an hour
# At most this often, what the process has made since is frozen (process_memory.
# set_aside_long_lived): a full collection, 0.3-0.4 s nationally, so only after this long
# without a page run (0.3 s was found between runs under 50 users, and the runs waited).
SET_ASIDE_EVERY = 60.0  # seconds
SET_ASIDE_QUIET = 3.0  # seconds
GIVE_UP_AFTER = 3  # failed questions in a row: the database is probably down; look again later


def _wait_until_idle() -> None:
    while not (page_runs.idle(QUIET_SECONDS) and machine_has_room()):
        time.sleep(0.05)


# Only while this share of the machine's processors is idle: the other workers' page runs come
# first (this worker being idle says nothing of them). Opening every province's pages whenever
# a worker was idle measured within the noise at 100 users (national make serve, p50 433-696 ms
# against 257-719 without them), but a page costs 0.2-0.5 s of a processor.
SPARE_SHARE = 0.5
LOOK_AT_LEAST = 0.5  # seconds of processor time compared
_sample: tuple[float, int, int] = (-math.inf, 0, 0)  # when, idle, total (clock ticks, all processors)
_room = True


def _processor_ticks() -> tuple[int, int]:
    with open("/proc/stat") as stat:  # cpu  user nice system idle iowait irq softirq steal ...
        ticks = [int(n) for n in stat.readline().split()[1:9]]
    return ticks[3] + ticks[4], sum(ticks)


def machine_has_room() -> bool:
    """Whether at least SPARE_SHARE of the machine's processors were idle over the last
    LOOK_AT_LEAST seconds or more (always, where /proc/stat is missing)."""
    global _sample, _room
    try:
        now, (idle, total) = time.monotonic(), _processor_ticks()
        if now - _sample[0] > 4 * LOOK_AT_LEAST:  # too old to say what is happening now
            _sample = (now, idle, total)
            time.sleep(LOOK_AT_LEAST)
            now, (idle, total) = time.monotonic(), _processor_ticks()
        if now - _sample[0] >= LOOK_AT_LEAST:
            spent = total - _sample[2]
            _room = spent <= 0 or (idle - _sample[1]) / spent >= SPARE_SHARE
            _sample = (now, idle, total)
        return _room
    except (OSError, ValueError, IndexError):
        return True


_told_over_budget = False


def _over_budget() -> bool:
    global _told_over_budget
    size = process_memory.resident_mb()
    if size > MEMORY_BUDGET_MB:  # part of it may be freed pages the C heap still holds
        process_memory.give_back_freed()
        size = process_memory.resident_mb()
    if size > MEMORY_BUDGET_MB and not _told_over_budget:
        log.info("tpbis: %.0f MB in use (budget %.0f): nothing more made ahead for now", size, MEMORY_BUDGET_MB)
        _told_over_budget = True
    return size > MEMORY_BUDGET_MB


def province_questions(questions: list[data.Question]) -> dict[tuple, data.Question]:
    """Of these questions, one per kind (function, view, options and map) that was asked about a
    whole province with the default cohorts and period: what a page asks for any province."""
    kinds: dict[tuple, data.Question] = {}
    for question in questions:
        filters = question.filters
        if filters.province and filters == Filters(province=filters.province, edition=filters.edition):
            kinds.setdefault((question.key[0], *question.view, question.options, filters.edition), question)
    return kinds


def _provinces(edition: int) -> list[str]:
    valid = data.valid_values()
    return sorted(valid.provinces_2022 if edition == EDITION_2022 else valid.provinces)


def start(db: str, own_url: str | None = None) -> threading.Thread | None:
    """The warming of database `db`'s answers, in a thread of its own, after opening the pages at
    `own_url` (this process's address, not the proxy's); none with a budget of 0."""
    if MEMORY_BUDGET_MB <= 0:
        return None
    thread = threading.Thread(target=_warm_forever, args=(db, own_url), name="tpbis-warm-provinces", daemon=True)
    thread.start()
    return thread


def first_visits() -> list[str]:
    """The scopes the process opens its pages for after start: the nation, the first regency's
    province and that regency."""
    valid = data.valid_values()
    if not valid.regencies:
        return [""]
    regency = min(valid.regencies)
    return ["", f"province={valid.province_of(regency, EDITION_2019)}", f"regency={regency}"]


def open_pages(own_url: str, queries: list[str]) -> None:
    """Each page (in the menu's order: the overview and map first) for every query, one at a time
    while no official's page runs, and a line in the log saying how it went."""
    started, visits = time.monotonic(), []
    try:
        for spec in self_visits.PAGES:
            for query in queries:
                _wait_until_idle()
                if _over_budget():
                    return
                visits.append(self_visits.visit(own_url, self_visits.url_path(spec), query))
    except Exception:
        log.exception("tpbis: opening the pages after start failed")
    finally:
        self_visits.report(visits, time.monotonic() - started)


def _warm_forever(db: str, own_url: str | None = None) -> None:
    # At normal CPU priority: at the lowest (nice 19) the system left it off the processor for
    # long stretches while a page run waited for an answer it was making (Streamlit makes each
    # once) or for Python's lock: a regency's activities page took 15.9 s under 10 users.
    if own_url and self_visits.listening(own_url):
        try:
            open_pages(own_url, first_visits())  # what the pages ask about an area, for warm_once
        except Exception:  # the database is not there yet: the pages say so
            log.exception("tpbis: opening the pages after start failed")
    else:
        own_url = None
    asked: set[tuple] = set()
    version, since, opened = "", time.monotonic(), ""
    set_aside, first_pass = -math.inf, True
    while True:
        time.sleep(LOOK_EVERY)
        try:
            _wait_until_idle()
            # new data, or the caches' time to live (an hour) nearly over: all asked again
            now = data.data_version()
            if now != version or time.monotonic() - since > ASK_AGAIN_AFTER:
                version, asked, since = now, set(), time.monotonic()
            asked |= warm_once(db, version, asked)
            if own_url and opened != version:
                # with the answers made, each province's maps and tables: 0.2-0.5 s a page nationally
                opened = version
                open_pages(own_url, [f"province={code}" for code in _provinces(EDITION_2019)])
            due = time.monotonic() - set_aside > SET_ASIDE_EVERY
            if due and page_runs.idle(SET_ASIDE_QUIET) and machine_has_room():
                process_memory.set_aside_long_lived()
                set_aside = time.monotonic()
            if first_pass:  # bench/load_bench.py waits for this line
                first_pass = False
                took, size = time.monotonic() - LOADED, process_memory.resident_mb()
                log.info("tpbis: made ahead after start in %.0f s (%.0f MB)", took, size)
        except Exception:  # the pages say what is wrong
            log.exception("tpbis: warming the provinces' answers failed")


def warm_once(db: str, version: str, asked: set[tuple]) -> set[tuple]:
    """Every province's answer to each kind of province question asked lately, when idle; returns
    the questions asked (keys), which `asked` already held are skipped."""
    done: set[tuple] = set()
    started, failed = time.monotonic(), 0
    for kind in province_questions(data.recent_questions(db)).values():
        for province in _provinces(kind.filters.edition):
            question = kind.about(kind.filters.with_(province=province))
            if question.key in asked or question.key in done:
                continue
            _wait_until_idle()
            if _over_budget():
                return done  # the next look tries again
            try:
                question.make(version)
                failed = 0
            except Exception:
                log.exception("tpbis: warming %s failed", question.key[0])
                failed += 1
                if failed == GIVE_UP_AFTER:
                    return done
            done.add(question.key)
    if done:
        log.info("tpbis: %d province answers made ahead in %.1f s", len(done), time.monotonic() - started)
    return done

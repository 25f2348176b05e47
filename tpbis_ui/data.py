"""The store, its data version and the cached answers every page reads.

`query(metrics.headline, filters)` calls a core function with the shared store and caches its
answer by function, database, data version, filters and options: an IDE and mypy follow it from
the page to the SQL. Nothing here knows about language or presenter mode, so one cached
answer serves both; `view()` is for render work that does depend on them (maps, slides).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import math
import os
import pickle
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from tpbis import editions, escaping, follow_ups, metrics, summaries
from tpbis.config import database_location
from tpbis.filters import Display, Filters, ValidValues
from tpbis.i18n import t
from tpbis.store import Store, StoreError, answering, no_database_file, open_store
from tpbis_ui import message_batches

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Hashable)
log = logging.getLogger("tpbis")


@functools.cache
def shared_store(location: str) -> Store:
    """One store per location and process: DuckDB lets one process write a file, and several
    app instances share data through PostgreSQL instead (see README, deployment)."""
    store = open_store(location)
    store.migrate()  # a database from an older version is brought up to date on opening
    editions.ensure_loaded(store)  # ... with today's map, which came after it
    if summaries.refresh(store, metrics.data_date(store)):  # a restored backup, a new day
        log.info("summary tables rebuilt for %s", store.path)
    return store


_opened: dict[str, Store] = {}


def open_for(location: str) -> Store:
    """Open the store at start-up (outside any page run), as get_store will find it."""
    store = _opened[location] = shared_store(location)
    return store


def get_store() -> Store:
    """The shared store, or a stop with a message telling an operator what to check."""
    location = database_location()
    if location in _opened:  # a page asks dozens of times a run
        return _opened[location]
    lang = "en" if st.query_params.get("lang") == "en" else "id"
    if no_database_file(location):
        log.error("no database file at %s (TPBIS_DATABASE_PATH)", location)
        st.error(t("error.no_database", lang))
        st.stop()
    try:
        store = _opened[location] = shared_store(location)
        return store
    except StoreError as error:
        log.error("the database cannot be used: %s", error)
        st.error(f"{t('error.no_database', lang)}\n\n{escaping.markdown(error.text(lang))}")
        st.stop()


_version_seen: dict[str, tuple[float, str]] = {}
_follow_ups_seen: dict[str, tuple[float, str]] = {}


def _each_second(seen: dict[str, tuple[float, str]], store: Store, read: Callable[[Store], str]) -> tuple[str, str]:
    """read(store) at most once a second per database: (the value before, the value now)."""
    last = seen.get(store.path)
    if last is not None and time.monotonic() - last[0] <= 1.0:
        return last[1], last[1]
    seen[store.path] = (time.monotonic(), read(store))
    return (last or seen[store.path])[1], seen[store.path][1]


def data_version() -> str:
    """Changes with every import or revert, on any instance sharing the database: part of every
    cache key, so no instance shows numbers older than a second. Read at most once a second.
    A new version has the questions asked lately asked again, in the background."""
    store = get_store()
    before, now = _each_second(_version_seen, store, Store.data_version)
    if before != now:
        ask_again(store.path)
    return now


def follow_up_version() -> str:
    """Changes with every follow-up written, on any instance: follow-ups change without an
    import. Read at most once a second."""
    return _each_second(_follow_ups_seen, get_store(), follow_ups.version)[1]


def data_changed() -> None:
    """After an import, a revert or a follow-up written here: the next run reads the new versions
    at once."""
    for seen in (_version_seen, _follow_ups_seen):
        for path, (_, version) in list(seen.items()):
            seen[path] = (-math.inf, version)  # kept: the next read sees that it changed


@dataclass(frozen=True)
class Question:
    """A question a page asked: cached(name, db, version, filters, *view, options, function, store)."""

    cached: Callable[..., object] = field(compare=False)
    function: Callable = field(compare=False)
    filters: Filters
    view: tuple
    options: tuple
    store: Store = field(compare=False)

    @property
    def key(self) -> tuple:
        return (_name(self.function), self.store.path, self.filters, *self.view, self.options)

    def ask(self, version: str) -> object:
        """Through the front LRU: an answer made already costs a dict lookup."""
        return self._through(_in_front(self.cached), version)

    def make(self, version: str) -> object:
        """Into the cache only, leaving the front LRU to the answers pages ask now."""
        return self._through(self.cached, version)

    def _through(self, cached: Callable[..., object], version: str) -> object:
        filters, function, store = self.filters, self.function, self.store
        return cached(_name(function), store.path, version, filters, *self.view, self.options, function, store)

    def about(self, filters: Filters) -> Question:
        """The same question about other filters (another area)."""
        return replace(self, filters=filters)


# An import makes every cached answer old, and officials often open the link right after one
# (the month's reports imported, then the meeting): the answers asked for lately are made again
# for the new data in a background thread, the latest first, before most people ask.
RECENT_QUESTIONS = 150  # fewer than FRONT_ENTRIES: those asked again stay in front
_recent: OrderedDict[tuple, Question] = OrderedDict()
_recent_lock = threading.Lock()
_asking_again: dict[str, threading.Thread] = {}
GIVE_UP_AFTER = 3  # failed questions


def _remember(question: Question) -> None:
    with _recent_lock:
        _recent[question.key] = question
        _recent.move_to_end(question.key)
        if len(_recent) > RECENT_QUESTIONS:
            _recent.popitem(last=False)


def recent_questions(db: str) -> list[Question]:
    """The questions about database `db` asked lately, the latest first."""
    with _recent_lock:
        return _latest_about(db)


def _latest_about(db: str) -> list[Question]:
    return [question for question in reversed(_recent.values()) if question.store.path == db]


def ask_again(db: str) -> threading.Thread:
    """The recent questions about database `db` asked again for its newest data version (one
    thread at a time; a running one asks with whatever version is newest when it gets there)."""
    with _recent_lock:
        running = _asking_again.get(db)
        if running is not None and running.is_alive():
            return running
        questions = _latest_about(db)
        thread = _asking_again[db] = threading.Thread(
            target=_ask_all, args=(db, questions), name="tpbis-ask-again", daemon=True
        )
    thread.start()
    return thread


def _ask_all(db: str, questions: list[Question]) -> None:
    started, failed = time.monotonic(), 0
    for question in questions:
        try:
            question.ask(_version_seen[db][1])
        except Exception:  # the page that asks it next says what is wrong
            log.exception("tpbis: asking a recent question again failed")
            failed += 1
            if failed == GIVE_UP_AFTER:  # the database is probably down: each try may wait ~30 s
                return
    log.info(
        "tpbis: %d recent answers made again for the new data in %.1f s", len(questions), time.monotonic() - started
    )


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A frame's cache key: its pickle's digest takes a tenth of the time Streamlit's own hashing
    does; frames built differently may miss, never collide. A page's copy of a cached answer (or
    shape) is not pickled: it is named as the original for as long as it holds the same columns,
    index and arrays. Any change to the copy replaces one of them: its arrays are the original's,
    which copy-on-write copies before a write while the original lives (its entry keeps it
    alive). A rerun digests a dozen frames; a national list's pickle takes milliseconds."""
    known = known_digest(frame)
    return known if known is not None else _pickled_digest(frame)


def known_digest(frame: pd.DataFrame) -> bytes | None:
    """The frame's digest if it costs no pickling (see frame_digest), else None."""
    entry = _vouched.get(id(frame))
    if entry is None or not _same_parts(entry[0], _parts(frame)):
        return None
    original = entry[1]
    if isinstance(original, bytes):
        return original
    made = known_digest(original)
    if made is None:  # the cached original's, once: no page changes it
        made = _pickled_digest(original)
        _vouch(original, made)
    return made


def _pickled_digest(value: object) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


# id(frame) -> (its parts when vouched for, its digest or the cached frame it is a copy of); the
# parts are held, so that no other object can take their place at the same address
_vouched: dict[int, tuple[tuple, object]] = {}


def _parts(frame: pd.DataFrame) -> tuple:
    # the axes' names and attrs change in place, on the same objects: compared by value
    described = (tuple(frame.columns.names), tuple(frame.index.names), dict(frame.attrs))
    return (described, frame.columns, frame.index, *frame._mgr.arrays)


def _same_parts(before: tuple, now: tuple) -> bool:
    return (
        len(before) == len(now)
        and before[0] == now[0]
        and all(a is b for a, b in zip(before[1:], now[1:], strict=True))
    )


def _vouch(frame: pd.DataFrame, source: bytes | pd.DataFrame) -> None:
    key = id(frame)
    _vouched[key] = (_parts(frame), source)
    weakref.finalize(frame, _vouched.pop, key, None)


def digest(*parts: object) -> bytes:
    """A cache key of frames, dicts and words together, each frame by its frame_digest: for a
    cached function called by keywords with this key and its other arguments named with a leading
    underscore, Streamlit's key costs 0.14 ms instead of 0.8 (it hashes each argument, and finds
    each positional one's name by inspecting the signature)."""
    return _pickled_digest(tuple(frame_digest(p) if isinstance(p, pd.DataFrame) else p for p in parts))


def shaped(shape: Callable[P, R], *args: P.args, **options: P.kwargs) -> R:
    """shape(*args, **options), made once per process for the same arguments, frames among them
    named by their digest (a page's copy of a cached answer is named for nothing): a page's own
    pandas steps on its answers (a pivot, a sort, a column of percentages, values in the
    language) cost 1–15 ms a run, and most runs ask the same. `shape` is a function of a module,
    not one a page defines (made anew each run), and reads nothing but its arguments."""
    name = getattr(shape, "__qualname__", "<none>")
    if getattr(shape, "__module__", "__main__") == "__main__" or "<" in name or getattr(shape, "__closure__", None):
        # a page's own function, a lambda or a closure: its name does not say what it does
        raise TypeError(f"data.shaped needs a function of a module, not {shape!r}")
    key = (_name(shape), len(args), digest(*args, *(part for item in sorted(options.items()) for part in item)))
    with _shapes_lock:
        made = _shapes.get(key, _shapes)
        if made is not _shapes:
            _shapes.move_to_end(key)
    if made is _shapes:
        made = shape(*args, **options)
        # what is kept is no caller's object (a shape may hand back the frame it was given)
        made = made.copy(deep=False) if isinstance(made, pd.DataFrame) else copy.copy(made)
        with _shapes_lock:
            _shapes[key] = made
            if len(_shapes) > SHAPES_KEPT:
                _shapes.popitem(last=False)
    return _shallow(made)


class MadeOncePerObject:
    """Values made once per object and key, where the object is never changed (a cached answer,
    a cached figure's dict), so named by its identity; the latest `size` kept, each with its
    object, so that no other object takes its address meanwhile."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, thing: object, key: Hashable, make: Callable[[], R]) -> R:
        at = (id(thing), key)
        with self._lock:
            kept = self._kept.get(at)
            if kept is not None and kept[0] is thing:
                self._kept.move_to_end(at)
                return kept[1]  # type: ignore[return-value]
        made = make()
        with self._lock:
            self._kept[at] = (thing, made)
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


def derived(shape: Callable[..., R], answer: object, *args: Hashable) -> R:
    """shape(answer, *args) made once per answer and arguments, where `answer` is an object query()
    hands out as it is (not a frame, series, dict or list: e.g. a slide), since no page changes it.
    The briefing's slide marked for a regency costs 5–11 ms to draw."""
    assert not isinstance(answer, pd.DataFrame | pd.Series | dict | list), "frames go through shaped()"
    return _derived.get(answer, (_name(shape), args), lambda: shape(answer, *args))


# slides hold pictures (tens of KB) and figures; a regency's few, for the regencies in use
_derived = MadeOncePerObject(64)

SHAPES_KEPT = 1000  # a few per area and language a page shows, small; new data makes new keys, the old age out
_shapes: OrderedDict[tuple, object] = OrderedDict()
_shapes_lock = threading.Lock()


@functools.cache
def _in_front(cached: Callable[..., R]) -> Callable[..., R]:
    """A process-wide LRU of the latest answers in front of a Streamlit cache: a hit in Streamlit's
    costs ~1 ms (it inspects the signature and hashes every argument each call, and a page asks
    dozens of times a run), a hit here a dict lookup. Below it Streamlit's cache still computes
    an answer once when several sessions ask for it at the same time."""
    return functools.lru_cache(maxsize=FRONT_ENTRIES)(cached)


FRONT_ENTRIES = 200  # per cache; the objects are the ones Streamlit keeps, not copies


def _asked(cached: Callable[..., object], function: Callable, filters: Filters, view: tuple, options: dict) -> object:
    """cached(name, db, version, filters, *view, options, function, store) through the front LRU,
    remembered to be asked again when the data changes."""
    # the store is kept with the question: asked again in another thread, it must use this one
    question = Question(cached, function, filters, view, tuple(sorted(options.items())), get_store())
    _remember(question)
    return question.ask(data_version())


# Room for every province's answers (tpbis_ui.warming: ~950 at national scale, ~55 MB) and the
# nation's. Beyond them, the regencies people open (~25 answers each) push out the provinces'
# made ahead, which a hit through the front LRU never marks as used here: under 50 users
# nationally ~300 a worker in 2 minutes. `make serve`'s workers, each with a share of the
# sessions, keep 2,500 (439–449 MB at 50 users); one process for everyone keeps 1,000: at 2,500
# `make run` grew to 634 MB under 100 users nationally (README, Deployment).
ANSWERS_KEPT = int(os.environ.get("TPBIS_ANSWERS_KEPT", "1000"))


@contextmanager
def _answering(version: str, store: Store) -> Iterator[None]:
    """Around making an answer that was not cached: first what the run has shown so far goes to
    the browser (the work may hold Python's lock for long), then answering(version) on one of
    the store's connections."""
    message_batches.send_waiting()
    with answering(version), store.one_connection():
        yield


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=ANSWERS_KEPT)
def _answer(
    name: str, db: str, version: str, filters: Filters, options: tuple, _function: Callable, _store: Store
) -> object:
    with _answering(version, _store):
        return _function(_store, filters, **dict(options))


def query(
    function: Callable[Concatenate[Store, Filters, P], R], filters: Filters, *args: P.args, **options: P.kwargs
) -> R:
    """function(store, filters, **options), cached by database, data version, filters and options.
    One answer is kept per process and each caller gets a shallow copy: with pandas' copy-on-write
    a page may change its copy, and no run pays for unpickling a national list."""
    assert not args, "options are passed by name"
    answer = _asked(_answer, function, filters, (), options)
    return _shallow(answer)


def _shallow(answer):
    """The caller's own shallow copy of a cached answer (a frame, series, dict or list)."""
    if isinstance(answer, dict | list):
        return copy.copy(answer)
    if isinstance(answer, pd.Series):
        return answer.copy(deep=False)
    if not isinstance(answer, pd.DataFrame):
        return answer
    mine = answer.copy(deep=False)
    _vouch(mine, answer)  # digested as the answer, until the page changes its copy
    return mine


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=500)
def _follow_up_answer(
    name: str, db: str, version: str, follow_up_version: str, about: Hashable, options: tuple, _function: Callable
) -> object:
    with _answering(version, get_store()):
        return _function(get_store(), about, **dict(options))


def follow_up_query(function: Callable[Concatenate[Store, A, P], R], about: A, *args: P.args, **options: P.kwargs) -> R:
    """function(store, about, **options) about follow-ups, for filters or a library's code: cached
    like query(), and by the follow-ups' own version."""
    assert not args, "options are passed by name"
    versions = data_version(), follow_up_version()
    options_key = tuple(sorted(options.items()))
    answer = _in_front(_follow_up_answer)(_name(function), get_store().path, *versions, about, options_key, function)
    return _shallow(answer)


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=2000)
def _library_answer(name: str, db: str, version: str, library_code: str, _function: Callable) -> object:
    with _answering(version, get_store()):
        return _function(get_store(), library_code)


def for_library(function: Callable[[Store, str], R], library_code: str) -> R:
    """function(store, library_code) for a library's profile, cached like query()."""
    answer = _in_front(_library_answer)(_name(function), get_store().path, data_version(), library_code, function)
    return _shallow(answer)


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=300)
def _shared(
    name: str,
    db: str,
    version: str,
    filters: Filters,
    display: Display,
    options: tuple,
    _function: Callable,
    _store: Store,
) -> object:
    with _answering(version, _store):
        return _function(_store, filters, display, **dict(options))


def shared_view(
    function: Callable[Concatenate[Store, Filters, Display, P], R],
    filters: Filters,
    display: Display,
    *args: P.args,
    **options: P.kwargs,
) -> R:
    """function(store, filters, display, **options): render work (maps) cached as ONE object shared
    by every session, never copied. Do not modify it: a figure whose spec changes between runs
    loses the selection a click just made."""
    assert not args, "options are passed by name"
    return _asked(_shared, function, filters, (display,), options)  # type: ignore[return-value]


@st.cache_data(show_spinner=False, ttl=3600)
def _facts(db: str, version: str) -> dict[str, str]:
    return get_store().dataset_facts()


def dataset_facts() -> dict[str, str]:
    """What is loaded (is_demo, as_of, source), read once per database and data version."""
    return dict(_in_front(_facts)(get_store().path, data_version()))


def data_date() -> date:
    as_of = dataset_facts().get("as_of")
    return date.fromisoformat(as_of) if as_of else date.today()


def is_demo() -> bool:
    return dataset_facts().get("is_demo") == "1"


@st.cache_data(show_spinner=False, ttl=3600)
def _valid(db: str, version: str) -> ValidValues:
    return metrics.valid_values(get_store())


def valid_values() -> ValidValues:
    """The codes and cohort years a URL may name (shared: do not change it)."""
    return _in_front(_valid)(get_store().path, data_version())


@st.cache_data(show_spinner=False, ttl=600)
def _names(db: str, version: str, edition: int) -> tuple[dict[str, str], dict[str, str]]:
    store = get_store()
    provinces = editions.provinces(store, edition)
    regencies = store.query("SELECT code, name FROM regency ORDER BY code")
    return dict(zip(provinces["code"], provinces["name"])), dict(zip(regencies["code"], regencies["name"]))


def area_names(edition: int = editions.EDITION_2019) -> tuple[dict[str, str], dict[str, str]]:
    """The edition's province names and the (2019) regency names, by code (shared: do not change
    them)."""
    return _in_front(_names)(get_store().path, data_version(), edition)


def regencies_in(province: str | None, edition: int) -> list[str]:
    """The (2019) codes of the regencies of the edition's province, in order; none without one."""
    valid = valid_values()
    return [c for c in sorted(valid.regencies) if province and valid.province_of(c, edition) == province]

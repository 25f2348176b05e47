"""The page runs of this process: at most RUNS_AT_ONCE at a time, and whether any runs now (the
background warming waits while one does). Never enter page_run or long_work inside a cached
function or while holding a store's lock: a run with a turn could then wait for one without."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from streamlit.runtime.scriptrunner_utils.script_run_context import get_run_yield_check

# Python runs one thread at a time (the GIL): with every session's run interleaved, each waited
# for all the others, and so did the server thread that sends their pages. Two at once (while
# one waits for the database the other runs) measured, national demo, one process, 50 users,
# warming off, two runs each way (2026-11-27): 13.4-15.4 req/s against 9.4-11.6 unlimited,
# p50 1.1-1.6 s against 2.3-3.6 s, p95 2.1-2.8 s against 4.1-4.8 s; four at once in between.
# A run waits here for its turn, in its own thread; 0 means no limit.
RUNS_AT_ONCE = int(os.environ.get("TPBIS_PAGE_RUNS", "2"))
LOOK_EVERY = 0.1  # seconds: a waiting run still stops or reruns when its visitor moves on


class _Turns:
    """`count` turns, handed to waiting runs in the order they came."""

    def __init__(self, count: int):
        self._free = count
        self._queue: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def take(self, check: Callable[[], None] | None) -> None:
        """A turn, waiting for it in line; check() every LOOK_EVERY may raise to leave the line."""
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return
            mine = threading.Event()
            self._queue.append(mine)
        try:
            while not mine.wait(LOOK_EVERY if check else None):
                if check:
                    check()
        except BaseException:
            with self._lock:
                if mine.is_set():
                    self._hand_on()  # it came just as the run left: the next in line has it
                else:
                    self._queue.remove(mine)
            raise

    def give_back(self) -> None:
        with self._lock:
            self._hand_on()

    def _hand_on(self) -> None:
        if self._queue:
            self._queue.popleft().set()
        else:
            self._free += 1


_turns = _Turns(RUNS_AT_ONCE) if RUNS_AT_ONCE > 0 else None
_holding = threading.local()  # .turn: this thread's run holds a turn; .waited: seconds in line
_lock = threading.Lock()
_running = 0  # runs started, waiting for a turn or not
_last_ended = 0.0


@contextmanager
def page_run() -> Iterator[None]:
    """Around every page run (dashboard.py)."""
    global _running, _last_ended
    with _lock:
        _running += 1
    _holding.waited = 0.0
    try:
        _take_turn()
        yield
    finally:
        _give_back()
        with _lock:
            _running -= 1
            _last_ended = time.monotonic()


@contextmanager
def long_work() -> Iterator[None]:
    """Around work in a page run that takes seconds (a briefing pack, an import's checks): the
    run lets another have its turn meanwhile, and waits for one again after."""
    if not getattr(_holding, "turn", False):
        yield  # outside a page run (a shell task, a test), or no limit
        return
    _give_back()
    try:
        yield
    except Exception:
        _take_turn()  # the page may show the error and go on drawing
        raise
    _take_turn()  # (a stop or rerun raised inside leaves without one)


def _take_turn() -> None:
    if _turns is not None:
        started = time.monotonic()
        # Streamlit acts on a stop or rerun only when the script calls it: while waiting the run
        # asks, as Streamlit's own cache locks do, and leaves the line when it should
        _turns.take(get_run_yield_check())
        _holding.turn = True
        _holding.waited = getattr(_holding, "waited", 0.0) + time.monotonic() - started


def waited() -> float:
    """Seconds this thread's page run has waited for its turns so far."""
    return getattr(_holding, "waited", 0.0)


def _give_back() -> None:
    if getattr(_holding, "turn", False):
        _holding.turn = False
        _turns.give_back()  # type: ignore[union-attr]


def idle(quiet_seconds: float) -> bool:
    """No page runs now, nor did one in the last `quiet_seconds`."""
    with _lock:
        return _running == 0 and time.monotonic() - _last_ended > quiet_seconds

"""How much memory this process holds, and giving back what it freed (Linux; elsewhere nothing)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import math
import os
import time

import pyarrow


def resident_mb() -> float:
    """The process's resident size in MiB (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        return 0.0


def use_system_allocator_for_arrow() -> None:
    """Arrow's own pool (mimalloc) keeps the pages it freed, for the strings of every frame the
    process ever built: at national scale 56 MB more after start-up, and one process under 100
    simulated users peaked at 646 MB instead of 603 (2026-11-27). malloc gives them back."""
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def set_aside_long_lived() -> None:
    """A full collection over everything, then what is left frozen: Python's own full collections
    no longer scan it. What a process keeps (modules, geography, cached answers, maps) grows as it
    warms; unfrozen, national scale, each full collection under 50 users paused every run in the
    worker for 180-340 ms, every ~12 s. Frozen objects that become garbage later are freed by
    reference counting; cycles among them wait for the next call (which unfreezes first)."""
    global _everything_scanned
    _everything_scanned = time.monotonic()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    give_back_freed()


# seconds at most between full collections that scan everything: one national process under 15
# users for 11 minutes peaked 605 MB with 600 here, against 589 MB without freezing at all; with
# 120, 599 MB against 603
SCAN_EVERYTHING_EVERY = 120.0
_everything_scanned = time.monotonic()


def freeze_after_full_collections() -> None:
    """From now on, what survives each of Python's own full collections is frozen: the next one
    scans only what was made since. Under load a worker keeps making answers, maps and tables
    between the warming's quiet moments (set_aside_long_lived); nationally, under 25-50 users on
    one process, each full collection paused every run in it for 60-130 ms every 2-10 s; with
    this 4-25 ms, and more often (2026-11-27, two processes side by side, alternately: p95 at 50
    users 548 and 875 ms against 781 and 961; `make serve`'s two workers, with half the load each,
    the same with and without). What is frozen is whatever was alive at a full collection, a
    page run's objects too: a cycle that dies with a frozen member in it waits for the next scan
    of everything, set_aside_long_lived or, at the latest after SCAN_EVERYTHING_EVERY, the next
    full collection (then one pause of ~0.3-0.5 s nationally)."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def _freeze_survivors(phase: str, info: dict) -> None:
    global _everything_scanned
    if info["generation"] != 2:
        return
    if phase == "start" and time.monotonic() - _everything_scanned >= SCAN_EVERYTHING_EVERY:
        gc.unfreeze()  # this collection scans everything
        _everything_scanned = time.monotonic()
    elif phase == "stop":
        gc.freeze()


_last_given_back = -math.inf
GIVE_BACK_EVERY = 60.0  # seconds at least: it holds malloc's locks while it walks the heap


def give_back_freed() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim): after a start-up's
    large transient frames ~15-30 MB. At most once a GIVE_BACK_EVERY."""
    global _last_given_back
    libc = _libc()
    if libc is not None and time.monotonic() - _last_given_back >= GIVE_BACK_EVERY:
        _last_given_back = time.monotonic()
        libc.malloc_trim(0)


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None

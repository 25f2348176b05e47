"""How much memory this process holds, and giving back what it freed (Linux; elsewhere nothing)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

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
    process ever built: at national scale 56 MB more after start-up, and a 100-user run peaked
    at 646 MB instead of 603 (bench/README figures, 2026-11-27). malloc gives them back."""
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def give_back_freed() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim): after a start-up's
    large transient frames ~15-30 MB."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None

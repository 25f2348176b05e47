import gc
import time
import weakref

from tpbis_ui import process_memory


class _Node:
    pass


def test_what_is_set_aside_is_frozen_and_cycles_frozen_before_are_collected():
    """Frozen objects stay out of Python's full collections; a cycle frozen earlier that has
    become garbage is collected at the next set-aside (it unfreezes first), not leaked."""
    gc.unfreeze()
    try:
        old = _Node()
        old.me = old  # a cycle: reference counting alone never frees it
        gone = weakref.ref(old)
        process_memory.set_aside_long_lived()
        assert gc.get_freeze_count() > 0 and gone() is not None
        del old
        gc.collect()
        assert gone() is not None  # frozen: a full collection passes it by
        kept = _Node()
        assert any(o is kept for o in gc.get_objects())
        process_memory.set_aside_long_lived()
        assert gone() is None
        assert not any(o is kept for o in gc.get_objects())  # frozen: no generation holds it
    finally:
        gc.unfreeze()


def test_what_survives_a_full_collection_is_left_out_of_the_next(monkeypatch):
    """Python's own full collections scan only what was made since the last one: a worker's
    answers and maps made under load no longer pause every run for each collection. A worker
    that is never quiet still has everything scanned every SCAN_EVERYTHING_EVERY, so cycles that
    died frozen are freed."""
    gc.disable()  # no automatic collection in between: each below is the test's own
    gc.unfreeze()
    process_memory.freeze_after_full_collections()
    process_memory.freeze_after_full_collections()  # once is enough, twice changes nothing
    try:
        assert gc.callbacks.count(process_memory._freeze_survivors) == 1
        monkeypatch.setattr(process_memory, "_everything_scanned", time.monotonic())
        kept = [_Node() for _ in range(1000)]
        dead = _Node()
        dead.me = dead
        collected = weakref.ref(dead)
        del dead
        gc.collect(1)  # a younger generation's collection freezes nothing
        assert any(o is kept for o in gc.get_objects())
        gc.collect()  # garbage first, then what is left frozen
        assert collected() is None
        assert gc.get_freeze_count() >= 1000 and not any(o is kept for o in gc.get_objects())
        old = _Node()
        old.me = old
        gone = weakref.ref(old)
        gc.collect()
        del old
        gc.collect()
        assert gone() is not None  # a frozen cycle: passed by
        long_ago = time.monotonic() - process_memory.SCAN_EVERYTHING_EVERY - 1
        monkeypatch.setattr(process_memory, "_everything_scanned", long_ago)
        gc.collect()  # long enough: this one scans everything
        assert gone() is None and gc.get_freeze_count() > 0
    finally:
        if process_memory._freeze_survivors in gc.callbacks:
            gc.callbacks.remove(process_memory._freeze_survivors)
        gc.unfreeze()
        gc.enable()

"""Page runs take turns: two at a time per process (tpbis_ui/page_runs.py)."""

from __future__ import annotations

import threading
import time

from tpbis_ui import page_runs


def test_two_page_runs_at_a_time_the_next_waits_its_turn(monkeypatch):
    """With every session's run interleaved (Python runs one thread at a time) each waited for all
    the others: a run waits for one of two turns. While it waits the process is not idle."""
    monkeypatch.setattr(page_runs, "_turns", page_runs._Turns(2))
    release, inside = threading.Event(), []

    def run(name: str) -> None:
        with page_runs.page_run():
            inside.append(name)
            release.wait(10)

    first, second, third = (threading.Thread(target=run, args=(n,)) for n in ("first", "second", "third"))
    first.start(), second.start()
    time.sleep(0.2)
    third.start()
    time.sleep(0.3)
    assert sorted(inside) == ["first", "second"]  # the third waits for a turn
    assert not page_runs.idle(0)
    release.set()
    for thread in (first, second, third):
        thread.join(5)
    assert sorted(inside) == ["first", "second", "third"]
    time.sleep(0.05)
    assert page_runs.idle(0.01)


def test_long_work_in_a_page_run_lets_another_run_have_the_turn(monkeypatch):
    """A briefing pack takes minutes nationally: meanwhile its run gives up its turn."""
    monkeypatch.setattr(page_runs, "_turns", page_runs._Turns(1))
    in_long_work, other_ran, finish = threading.Event(), threading.Event(), threading.Event()

    def packing() -> None:
        with page_runs.page_run(), page_runs.long_work():
            in_long_work.set()
            finish.wait(10)

    def other() -> None:
        with page_runs.page_run():
            other_ran.set()

    packer = threading.Thread(target=packing)
    packer.start()
    assert in_long_work.wait(5)
    runner = threading.Thread(target=other)
    runner.start()
    assert other_ran.wait(5)  # the one turn was free while the pack was made
    finish.set()
    packer.join(5), runner.join(5)
    with page_runs.long_work():  # outside a page run (a shell task, a test): nothing to give up
        pass
    assert page_runs._turns._free == 1  # the turn came back


def test_a_run_waiting_for_its_turn_leaves_when_its_visitor_moves_on(monkeypatch):
    """Streamlit stops or reruns a script only when it calls Streamlit: a run waiting for a turn
    asks, as Streamlit's own cache locks do, and leaves holding none."""

    class Rerun(BaseException):  # as Streamlit's RerunException
        pass

    moved_on = threading.Event()

    def check() -> None:
        if moved_on.is_set():
            raise Rerun

    monkeypatch.setattr(page_runs, "_turns", page_runs._Turns(1))
    monkeypatch.setattr(page_runs, "get_run_yield_check", lambda: check)
    left = []

    def waiting() -> None:
        try:
            with page_runs.page_run():
                left.append("ran")
        except Rerun:
            left.append("left")

    with page_runs.page_run():
        thread = threading.Thread(target=waiting)
        thread.start()
        time.sleep(0.3)
        moved_on.set()
        thread.join(2)
        assert left == ["left"]
    assert page_runs._turns._free == 1 and not page_runs._turns._queue  # it left the line; no turn lost


def test_turns_go_to_waiting_runs_in_the_order_they_came(monkeypatch):
    monkeypatch.setattr(page_runs, "_turns", page_runs._Turns(1))
    monkeypatch.setattr(page_runs, "get_run_yield_check", lambda: lambda: None)  # runs that look every 0.1 s
    order = []

    def run(n: int) -> None:
        with page_runs.page_run():
            order.append(n)

    with page_runs.page_run():
        threads = []
        for n in range(5):
            threads.append(threading.Thread(target=run, args=(n,)))
            threads[-1].start()
            time.sleep(0.15)  # longer than a waiting run's look (LOOK_EVERY): order kept across looks
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]

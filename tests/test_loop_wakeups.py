import asyncio
import threading
from types import SimpleNamespace

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.runtime import Runtime

from tpbis_ui import loop_wakeups


class _Loop:
    """A real event loop in a thread of its own, counting its wake-ups from other threads."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.wakeups = 0
        self.errors: list[BaseException] = []
        self.loop.set_exception_handler(lambda _loop, context: self.errors.append(context["exception"]))
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        call_soon_threadsafe = self.loop.call_soon_threadsafe

        def counted(*args):
            self.wakeups += 1
            return call_soon_threadsafe(*args)

        self.loop.call_soon_threadsafe = counted  # type: ignore[method-assign]

    def settle(self) -> None:
        done = threading.Event()
        self.loop.call_soon_threadsafe(done.set)
        assert done.wait(5)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def test_a_burst_of_a_runs_calls_wakes_the_loop_once_and_they_run_in_order():
    """Streamlit wrote to the loop's wake-up pipe for every message of a run (17 % of a warm
    overview run): a hundred calls made while the loop is busy now cost one wake-up."""
    loop = _Loop()
    session = SimpleNamespace(_event_loop=loop.loop)
    ran: list[int] = []
    busy, go_on = threading.Event(), threading.Event()
    loop.loop.call_soon_threadsafe(lambda: (busy.set(), go_on.wait(5)))
    assert busy.wait(5)
    woken_before = loop.wakeups
    for i in range(100):
        loop_wakeups._call_soon_on_event_loop(session, lambda i=i: ran.append(i))  # type: ignore[arg-type]
    assert loop.wakeups - woken_before == 1
    go_on.set()
    loop.settle()
    assert ran == list(range(100))
    loop.close()


def test_calls_from_several_threads_all_run_each_threads_in_its_order():
    loop = _Loop()
    session = SimpleNamespace(_event_loop=loop.loop)
    ran: list[tuple[int, int]] = []

    def calls(thread: int) -> None:
        for i in range(500):
            loop_wakeups._call_soon_on_event_loop(session, lambda i=i: ran.append((thread, i)))  # type: ignore[arg-type]

    threads = [threading.Thread(target=calls, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    loop.settle()
    assert len(ran) == 1500
    for n in range(3):
        assert [i for thread, i in ran if thread == n] == list(range(500))
    loop.close()


def test_a_failing_call_is_logged_as_asyncio_logs_it_and_the_next_ones_still_run():
    loop = _Loop()
    session = SimpleNamespace(_event_loop=loop.loop)
    ran: list[str] = []
    loop_wakeups._call_soon_on_event_loop(session, lambda: 1 / 0)  # type: ignore[arg-type]
    loop_wakeups._call_soon_on_event_loop(session, lambda: ran.append("after"))  # type: ignore[arg-type]
    loop.settle()
    assert ran == ["after"]
    assert isinstance(loop.errors[0], ZeroDivisionError)
    loop.close()


def test_the_flush_is_set_directly_on_the_loop_thread_and_through_the_loop_from_others():
    loop = _Loop()
    need_send_data = asyncio.Event()
    runtime = SimpleNamespace(
        _get_async_objs=lambda: SimpleNamespace(eventloop=loop.loop, need_send_data=need_send_data)
    )
    woken_before = loop.wakeups
    loop.loop.call_soon_threadsafe(loop_wakeups._enqueued_some_message, runtime)
    loop.settle()
    assert need_send_data.is_set() and loop.wakeups - woken_before == 2  # the test's own two calls, no more
    need_send_data.clear()
    loop_wakeups._enqueued_some_message(runtime)  # type: ignore[arg-type]
    loop.settle()
    assert need_send_data.is_set() and loop.wakeups - woken_before == 2 + 1 + 1  # its own, and settle()'s
    loop.close()


def test_serve_py_puts_them_in_place_of_streamlits_own(monkeypatch):
    monkeypatch.setattr(AppSession, "_call_soon_on_event_loop", AppSession._call_soon_on_event_loop)
    monkeypatch.setattr(Runtime, "_enqueued_some_message", Runtime._enqueued_some_message)
    loop_wakeups.fewer_wakeups()
    assert AppSession._call_soon_on_event_loop is loop_wakeups._call_soon_on_event_loop
    assert Runtime._enqueued_some_message is loop_wakeups._enqueued_some_message

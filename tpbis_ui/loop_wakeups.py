"""One wake-up of Streamlit's event loop per burst of a run's messages, not one per message.

Streamlit 1.67 hands every message a page run makes (each heading, metric, chart) to the
server's event loop with `call_soon_threadsafe`, which writes a byte to the loop's wake-up pipe:
a system call that lets go of Python's lock, which the run then waits to get back from the loop
thread. py-spy put 17 % of a warm overview run in that write. Here a session's calls wait in a
list of their own, and the loop is woken only when the list was empty; it then runs all of them
in order. The flush of messages to the browser, woken by each message, is set directly when the
loop thread itself asks for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.runtime import Runtime


class _Calls:
    """A session's calls waiting for its event loop, in the order they came."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.waiting: list[Callable[[], None]] = []
        self.lock = threading.Lock()

    def add(self, callback: Callable[[], None]) -> None:
        with self.lock:
            self.waiting.append(callback)
            first = len(self.waiting) == 1
        if first:
            self.loop.call_soon_threadsafe(self.run_all)

    def run_all(self) -> None:
        while True:
            with self.lock:
                calls, self.waiting = self.waiting, []
            if not calls:
                return
            for call in calls:
                try:
                    call()
                except Exception as error:  # as asyncio does for a failed callback: logged, the others run
                    self.loop.call_exception_handler({"message": "Exception in callback", "exception": error})


_calls_lock = threading.Lock()


def _call_soon_on_event_loop(session: AppSession, callback: Callable[[], None]) -> None:
    calls = session.__dict__.get("_tpbis_calls")
    if calls is None:
        with _calls_lock:
            calls = session.__dict__.setdefault("_tpbis_calls", _Calls(session._event_loop))
    try:
        calls.add(callback)
    except RuntimeError:  # as Streamlit's own: a run's last events may come after the loop closed
        if not calls.loop.is_closed():
            raise


def _enqueued_some_message(runtime: Runtime) -> None:
    loop, need_send_data = runtime._get_async_objs().eventloop, runtime._get_async_objs().need_send_data
    try:
        on_loop = asyncio.get_running_loop() is loop
    except RuntimeError:  # not on any loop's thread
        on_loop = False
    if on_loop:
        need_send_data.set()
    else:
        loop.call_soon_threadsafe(need_send_data.set)


def fewer_wakeups() -> None:
    """From now on, every session's calls to its event loop go in bursts. Call before the first session."""
    AppSession._call_soon_on_event_loop = _call_soon_on_event_loop  # type: ignore[method-assign, assignment]
    Runtime._enqueued_some_message = _enqueued_some_message  # type: ignore[method-assign, assignment]

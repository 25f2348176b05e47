"""Page runs send their messages in batches (tpbis_ui/message_batches.py), on a real Streamlit
server: every message arrives, in order, to its own session only, and a run that waits, or
works while holding Python's lock after send_waiting, still shows what it sent before."""

from __future__ import annotations

import asyncio
import subprocess
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from tests.browser import free_port, streamlit_command, wait_until_up
from tpbis.config import ROOT

ENTRY = """
import streamlit as st
from tpbis_ui import message_batches
message_batches.for_every_session()
message_batches.FLUSH_AFTER = 0.3  # longer than the page's query below, even on a busy machine
app = st.App("page.py")
"""
PAGE = """
import time
import streamlit as st
from tpbis_ui import message_batches
who = st.query_params.get("who", "")
for i in range(300):
    st.text(f"{who} {i}")
if st.query_params.get("work"):  # as data.query makes an answer: a query, then pandas
    st.text(f"{who} before the work")
    message_batches.send_waiting()
    time.sleep(0.1)  # the query: Python's lock is free, for less than FLUSH_AFTER
    sum(range(30_000_000))  # pandas: the lock held throughout
time.sleep(float(st.query_params.get("wait", "0")))
st.text(f"{who} after the wait")
"""


async def _run(url: str, who: str, wait: float, work: str = "") -> list[tuple[float, str]]:
    """(seconds since the request, text) of each message of two runs in one session; the
    end of each run as 'finished'."""
    received: list[tuple[float, str]] = []
    async with connect(url, subprotocols=["streamlit"], max_size=None) as socket:
        for _ in range(2):  # the second run has a new ScriptRunner
            request = BackMsg()
            request.rerun_script.query_string = f"who={who}&wait={wait}&work={work}"
            started = time.perf_counter()
            await socket.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await socket.recv())
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.new_element.WhichOneof("type") == "text":
                    received.append((time.perf_counter() - started, message.delta.new_element.text.body))
                if kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    received.append((time.perf_counter() - started, "finished"))
                    break
    return received


async def _sessions(url: str) -> list[list[tuple[float, str]]]:
    """Two sessions at once, then one whose run works while holding Python's lock."""
    together = await asyncio.gather(_run(url, "a", 1.5), _run(url, "b", 0))
    return [*together, await _run(url, "c", 0, work="1")]


def test_messages_arrive_whole_in_order_and_before_a_wait(tmp_path):
    (tmp_path / "entry.py").write_text(ENTRY)
    (tmp_path / "page.py").write_text(PAGE)
    port = free_port()
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(
            streamlit_command(tmp_path / "entry.py", port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server, tmp_path / "server.log")
        a, b, c = asyncio.run(_sessions(f"ws://127.0.0.1:{port}/_stcore/stream"))
    finally:
        server.terminate()
        server.wait(10)

    for who, received in (("a", a), ("b", b), ("c", c)):
        work = [f"{who} before the work"] if who == "c" else []
        one_run = [f"{who} {i}" for i in range(300)] + work + [f"{who} after the wait", "finished"]
        assert [text for _, text in received] == one_run + one_run
    first_run = dict((text, at) for at, text in reversed(a[: len(a) // 2]))
    # sent before the 1.5 s wait, seen well before the run ends
    assert first_run["a after the wait"] - first_run["a 299"] > 1.0
    assert first_run["a 299"] < 1.0
    # sent before the work, seen before it ends: the background thread could not have sent it
    first_run = dict((text, at) for at, text in reversed(c[: len(c) // 2]))
    assert first_run["c after the wait"] - first_run["c before the work"] > 0.2

"""What Streamlit itself costs to send a page of so many elements, against the load bench's floor
(one element): a warm rerun's time, one session, no data work, no load.

    python bench/elements_bench.py [--reruns 40]

Prints, for bare pages of 1 to 100 elements (bench/elements_app.py), the messages a run
sends, its p50 and minimum, and the p50's ratio to the one-element page's, measured in the
same run: first as Streamlit ships, the load bench's floor; then as serve.py serves the app,
a run's messages handed over in batches (bench/elements_batched_app.py), each page's p50 also
against the same one-element page as shipped. This app's pages send 34–100 messages a run
(README, "What the floor costs").
Speaks Streamlit's WebSocket protocol as ../shared/tools/loadtest.py does:
BackMsg.rerun_script, then ForwardMsgs until script_finished.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_bench import _server  # noqa: E402
from tests.browser import free_port, streamlit_command  # noqa: E402

APP = ROOT / "bench" / "elements_app.py"
BATCHED = ROOT / "bench" / "elements_batched_app.py"
PAGES = [("n=1", "markdown"), ("n=20", "markdown"), ("n=60", "markdown"), ("n=100", "markdown")]
PAGES += [("n=60", "metric"), ("n=30", "columns")]
# as `make run` starts Streamlit (.streamlit/config.toml), so that only the page differs
OPTIONS = ("--runner.postScriptGC", "false", "--runner.magicEnabled", "false", "--server.fileWatcherType", "none")


async def _reruns(url: str, query: str, reruns: int) -> tuple[int, list[float]]:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    times, messages = [], 0
    async with connect(url, subprotocols=["streamlit", "bench"], max_size=None) as socket:
        for _ in range(reruns + 3):  # the first three warm the session up
            ask = BackMsg()
            ask.rerun_script.query_string = query
            started, messages = time.perf_counter(), 0
            await socket.send(ask.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await socket.recv())
                messages += 1
                if message.WhichOneof("type") == "script_finished" and message.script_finished != 2:
                    break
            times.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)
    return messages, times[3:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=40)
    reruns = parser.parse_args().reruns
    base = None  # the one-element page as Streamlit ships it: the floor
    for title, app in (("as Streamlit ships", APP), ("as serve.py serves the app (batches)", BATCHED)):
        port = free_port()
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "elements.log"
            with _server(streamlit_command(app, port, *OPTIONS), {}, log, f"http://127.0.0.1:{port}", 60):
                print(f"\n{title}")
                print(f"{'page':24s} {'messages':>8s} {'p50 ms':>7s} {'min ms':>7s} {'p50 / floor':>12s}")
                for size, kind in PAGES:
                    query = f"{size}&kind={kind}"
                    messages, times = asyncio.run(_reruns(f"ws://127.0.0.1:{port}/_stcore/stream", query, reruns))
                    p50 = statistics.median(times)
                    base = base or p50
                    print(f"{kind + ' ' + size:24s} {messages:8d} {p50:7.1f} {min(times):7.1f} {p50 / base:11.1f}×")


if __name__ == "__main__":
    main()

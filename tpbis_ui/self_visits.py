"""Pages this process opens itself after start, as a browser would (Streamlit's WebSocket
protocol, one session per page), before the first official does: the runs fill the caches a
first visit fills (answers, maps, formatted tables), and teach the warming (tpbis_ui.warming)
what the pages ask about a province, so that it can ask that about every other province at
once rather than after an official opened one. Under load most slow runs were an area's first
(README, deployment)."""

from __future__ import annotations

import logging
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from tpbis_ui import navigation

log = logging.getLogger("tpbis")

# what anyone may open with a scope: not the import, a library's profile or the users page
PAGES = tuple(
    spec
    for spec in navigation.ALL
    if spec not in (navigation.DATA_IMPORT, navigation.LIBRARY_PROFILE, navigation.USERS)
)
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
TIMEOUT = 120.0  # seconds for one page: a cold national page took ~8 s before the summaries


def url_path(spec: navigation.PageSpec) -> str:
    """The path a visit asks for: the default page has none (its own answers "not found")."""
    return "" if spec is navigation.OVERVIEW else spec.url_path


@dataclass(frozen=True)
class Visit:
    url_path: str
    query: str  # e.g. "province=32"
    status: str  # "ok", "exception", "timeout" or why the page could not be opened


def visit(base_url: str, url_path: str, query: str, timeout: float = TIMEOUT) -> Visit:
    """One page run in a session of its own: `base_url` is the process's own address
    (http://127.0.0.1:8501, with its base path), never the proxy's; "" is the default page."""
    parts = urllib.parse.urlsplit(base_url)
    stream = urllib.parse.urlunsplit(("ws", parts.netloc, parts.path.rstrip("/") + "/_stcore/stream", "", ""))
    request = BackMsg()
    request.rerun_script.page_name = url_path  # as a deep link: the server finds the page by its path
    request.rerun_script.query_string = query
    status = "ok"
    deadline = time.monotonic() + timeout
    try:
        # the second subprotocol is where the browser puts its XSRF token; none is needed to read
        protocols = [Subprotocol("streamlit"), Subprotocol("tpbis-self-visit")]
        with connect(stream, subprotocols=protocols, open_timeout=10, max_size=None) as ws:
            ws.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(ws.recv(timeout=max(deadline - time.monotonic(), 0.01)))
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
                    status = "exception"
                elif kind == "page_not_found":
                    status = "page_not_found"
                elif kind == "script_finished" and message.script_finished != EARLY_FOR_RERUN:
                    return Visit(url_path, query, status)
    except TimeoutError:
        return Visit(url_path, query, "timeout")
    except (OSError, WebSocketException) as error:
        return Visit(url_path, query, f"{type(error).__name__}: {error}")


def listening(base_url: str, wait: float = 60.0) -> bool:
    """Whether the server at `base_url` answers its health check within `wait` seconds (at
    start, this thread may be ahead of it)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        if time.monotonic() > deadline:
            log.warning("tpbis: %s did not answer within %.0f s: pages not opened after start", base_url, wait)
            return False
        time.sleep(0.5)


def report(visits: list[Visit], seconds: float) -> None:
    """In the server's log: how many pages opened, and the first three that did not."""
    failed = [v for v in visits if v.status != "ok"]
    for v in failed[:3]:
        log.warning("tpbis: opening /%s?%s ahead: %s", v.url_path, v.query, v.status)
    log.info("tpbis: %d pages opened ahead in %.1f s (%d failed)", len(visits), seconds, len(failed))

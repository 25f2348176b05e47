"""Every message a run sends leaves at once: TCP_NODELAY on every connection the server accepts.

Streamlit 1.67 binds its listening socket as socket.socket(family), whose `proto` is 0, and
asyncio sets TCP_NODELAY only on sockets whose `proto` says TCP. So Nagle's algorithm held each
small message after the first of a run until the browser (or nginx) acknowledged the first, and
Linux delays that acknowledgement by ~40 ms: a bare page's first run took ~46 ms instead of ~5.
"""

from __future__ import annotations

import asyncio.base_events
import socket


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def for_every_connection() -> None:
    """From now on, each TCP connection asyncio opens or accepts sends without delay (asyncio's own
    rule, without its check of `proto`). Call before the server accepts its first connection."""
    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]

"""What the app does for its operators, beside the pages (serve.py):

- at start, while the database has no enabled admin, it logs a one-time link to create the
  first one (tpbis.setup_token), as Jupyter and Grafana do;
- with the embedded DuckDB, which only this process may open, it takes backups for
  `tpbis backup` (BACKUP_PATH): accepted from 127.0.0.1 only, not through a proxy, and only
  with the token written at start beside the database file, readable by the app's user only.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tpbis import backup, editions, setup_token
from tpbis.config import database_location
from tpbis.filters import Filters
from tpbis.store import DuckDBStore, Store, StoreError, is_postgres, no_database_file
from tpbis_ui import data, navigation, process_memory, warming
from tpbis_ui.data import shared_store

BACKUP_PATH = "/_tpbis/backup"
PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")
log = logging.getLogger("tpbis")


def _loopback(host: str) -> bool:
    """This machine: 127.0.0.1, ::1, or 127.0.0.1 as an IPv6 socket sees it (::ffff:127.0.0.1,
    when Streamlit listens on every address, as `make run` has it)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _base() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _port() -> int:
    from streamlit import config

    return int(config.get_option("server.port"))


def _host(on_every_address: str = "localhost") -> str:
    """The address the server listens on, or `on_every_address` when it listens on all."""
    from streamlit import config

    address = config.get_option("server.address") or ""
    return address if address not in ("", "0.0.0.0", "::") else on_every_address


def _url(host: str) -> str:
    return f"http://{f'[{host}]' if ':' in host else host}:{_port()}{_base()}"


def own_url() -> str:
    """This process's own address, for the pages it opens itself (never the proxy's)."""
    return _url(_host(on_every_address="127.0.0.1"))


def announce_first_admin_link(location: str) -> str | None:
    """When the database has no enabled admin: a new setup token, and one log line with the
    link that uses it. Returns the token (None when an admin exists or there is no database)."""
    if no_database_file(location):
        return None  # the pages say what to do; the app never creates a database file itself
    try:
        token = setup_token.create(shared_store(location))
    except StoreError as error:
        log.error("the database cannot be used: %s", error)
        return None
    if token:
        link = f"{_url(_host())}/{navigation.USERS.url_path}?setup={token}"
        log.warning("tpbis: no admin yet — create the first one at %s (valid 24 h, once)", link)
    return token


def write_backup_ticket(location: str) -> Path | None:
    """For a DuckDB file: the URL and a new random token for `tpbis backup`, written beside the
    file with mode 0600 (the CLI reads it; anyone else cannot)."""
    if is_postgres(location) or not Path(location).exists():
        return None
    path = backup.token_file(location)
    path.unlink(missing_ok=True)  # a fresh file: no earlier owner or mode carries over
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(
            {"url": f"http://127.0.0.1:{_port()}{_base()}{BACKUP_PATH}", "token": secrets.token_urlsafe(32)}, file
        )
    return path


def _ticket_token(location: str) -> str | None:
    try:
        return str(json.loads(backup.token_file(location).read_text(encoding="utf-8"))["token"])
    except (OSError, ValueError, KeyError):
        return None


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """At start: the first-admin link when needed, the backup ticket and a warm-up; at the end the
    ticket goes."""
    location = database_location()
    ticket = None
    try:
        await run_in_threadpool(announce_first_admin_link, location)
        ticket = await run_in_threadpool(write_backup_ticket, location)
        await run_in_threadpool(warm_up, location)
    except Exception:  # the app must start whatever happens here; the pages will say what is wrong
        log.exception("tpbis: start-up tasks failed")
    try:
        yield
    finally:
        if ticket is not None:
            ticket.unlink(missing_ok=True)


def warm_up(location: str) -> threading.Thread | None:
    """What the first visitor would otherwise wait for: the chart and table libraries loaded, the
    database opened (summaries rebuilt if stale) and the national answers of the pages' heaviest
    questions in the process's cache (the national briefing takes seconds at national scale).
    Today's 38-province view is warmed after that in a background thread, which is returned; then,
    while no page runs, every province's answers to the questions pages ask (tpbis_ui.warming)."""
    started = time.monotonic()
    import pandas.io.formats.style  # noqa: F401
    import plotly.express  # noqa: F401

    if no_database_file(location):
        return None  # the page says what is missing
    store = data.open_for(location)
    _ask_national(Filters())
    log.info("tpbis: warmed up in %.1f s", time.monotonic() - started)
    later = threading.Thread(target=_warm_later, args=(store,), name="tpbis-warm-38", daemon=True)
    later.start()
    return later


def _warm_later(store: Store) -> None:
    _ask_national(Filters(edition=editions.EDITION_2022))  # a cold 38-province briefing took 7 s
    # a full collection every few seconds under load paused every run in the process for 140-180 ms
    process_memory.set_aside_long_lived()
    warming.start(store.path, own_url())


def _ask_national(filters: Filters) -> None:
    from tpbis import activities, briefing, metrics, status

    try:
        for question in (metrics.headline, status.status_counts, metrics.provinces_with_coverage):
            data.query(question, filters)
        data.query(activities.monthly_activity, filters)
        for key in briefing.PROGRAMME_SLIDES:  # as pages/briefing.py asks, a slide at a time
            data.query(briefing.programme_slide, filters, lang="id", key=key)
        data.query(status.status_list, filters, lang="id")  # the national list: ~2 s cold
    except Exception:  # a page asking later says what is wrong
        log.exception("tpbis: warming the caches failed")


async def _backup(request: Request) -> Response:
    """Write a backup of the DuckDB file the app holds to the absolute path asked for."""
    location = database_location()
    client = request.client.host if request.client else ""
    if not _loopback(client) or any(h in request.headers for h in PROXY_HEADERS) or is_postgres(location):
        return Response(status_code=403)
    expected = _ticket_token(location)
    given = request.headers.get("authorization", "").removeprefix("Bearer ")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return Response(status_code=403)
    try:
        target = Path(json.loads(await request.body())["file"])
    except (ValueError, KeyError, TypeError):
        return Response(status_code=400)
    if backup.is_the_database(target, location):
        return JSONResponse({"error": "the target is the database itself"}, status_code=400)
    if not target.is_absolute() or not target.parent.is_dir():
        return JSONResponse({"error": "the target must be an absolute path in an existing folder"}, status_code=400)
    store = shared_store(location)
    if not isinstance(store, DuckDBStore):
        return Response(status_code=409)
    size = await run_in_threadpool(backup.copy_duckdb, store, target)
    log.warning("tpbis: backup written to %s (%s bytes)", target, size)
    return JSONResponse({"file": str(target), "size": size}, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [Route(f"{_base()}{BACKUP_PATH}", _backup, methods=["POST"])]

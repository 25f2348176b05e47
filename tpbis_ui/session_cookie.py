"""The password sign-in cookie, set and cleared by the server so that it is HttpOnly.

Sign-in happens over Streamlit's WebSocket, where no response can carry a Set-Cookie header.
So after a sign-in the page posts a one-time code (accounts.start_session) to SESSION_PATH,
served beside the app (serve.py); the answer sets the cookie with HttpOnly, SameSite=Strict,
and Secure when the browser came over HTTPS (directly or as the proxy says in
X-Forwarded-Proto). Page script never sees the token, so injected script cannot steal it.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tpbis import accounts
from tpbis.config import database_location
from tpbis_ui.data import shared_store

COOKIE = "tpbis_session"
SESSION_PATH = "/_tpbis/session"
MAX_BODY = 1_000


def _url() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{SESSION_PATH}" if base else SESSION_PATH


def set_script(handoff: str) -> str:
    """Page script that turns the one-time code into the cookie (the code is URL-safe base64)."""
    return (
        f"<script>fetch({json.dumps(_url())}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'application/json'}}, body: {json.dumps(json.dumps({'handoff': handoff}))}}})"
        "</script>"
    )


def clear_script() -> str:
    return f"<script>fetch({json.dumps(_url())}, {{method: 'DELETE', credentials: 'same-origin'}})</script>"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def _set(request: Request) -> Response:
    body = await request.body()
    try:
        handoff = json.loads(body[:MAX_BODY]).get("handoff") if len(body) <= MAX_BODY else None
    except (ValueError, AttributeError):
        handoff = None
    token = await run_in_threadpool(
        accounts.redeem_handoff, shared_store(database_location()), handoff if isinstance(handoff, str) else None
    )
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


async def _clear(request: Request) -> Response:
    """Sign-out: the sign-in this cookie holds ends, and the browser forgets it."""
    if token := request.cookies.get(COOKIE):
        await run_in_threadpool(accounts.end_session, shared_store(database_location()), token)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


def routes() -> list[Route]:
    return [Route(_url(), _set, methods=["POST"]), Route(_url(), _clear, methods=["DELETE"])]

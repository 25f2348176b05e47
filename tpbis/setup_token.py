"""The first admin without a shell, as Jupyter and Grafana do it: while no enabled admin exists,
the app makes at start a random one-time token and logs a link to the users page with it
(/admin?setup=TOKEN). The database keeps only the token's SHA-256; it works once, for LIFETIME,
and only while there is still no admin."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from tpbis import accounts
from tpbis.i18n import CatalogueError
from tpbis.store import Store

LIFETIME = timedelta(hours=24)
MAX_TOKEN = 100  # characters; anything longer is not one of ours


class SetupRefused(CatalogueError, ValueError):
    """The setup link cannot create an admin (now); nothing was created."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(store: Store, now: datetime | None = None) -> str | None:
    """A new setup token while no enabled admin exists, else None. Tokens made earlier (by an
    earlier start, or another instance) stay valid until they expire or one is used."""
    now = now or _now()
    token = secrets.token_urlsafe(32)
    with store.transaction(exclusive=True):
        if accounts.has_admin(store):
            return None
        store.execute("DELETE FROM setup_token WHERE expires_at <= :now OR used_at IS NOT NULL", {"now": now})
        store.execute(
            "INSERT INTO setup_token (token_hash, created_at, expires_at) VALUES (:h, :now, :until)",
            {"h": _hash(token), "now": now, "until": now + LIFETIME},
        )
    return token


def is_valid(store: Store, token: str | None, now: datetime | None = None) -> bool:
    """Whether the token is one of ours, unused and unexpired (admin or not)."""
    if not token or len(token) > MAX_TOKEN:
        return False
    return bool(
        store.scalar(
            "SELECT count(*) FROM setup_token WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now",
            {"h": _hash(token), "now": now or _now()},
        )
    )


def check(store: Store, token: str | None, now: datetime | None = None) -> None:
    """SetupRefused unless the token may create the first admin now."""
    if accounts.has_admin(store):
        raise SetupRefused("setup.admin_exists")
    if not is_valid(store, token, now):
        raise SetupRefused("setup.invalid")


def create_first_admin(
    store: Store, token: str | None, username: str, display_name: str, password: str, now: datetime | None = None
) -> str:
    """Create the first admin with a valid setup token, which is used up; returns the user name as
    stored. The token, the absence of an admin and the new user are checked and written in one
    exclusive transaction, so two forms sent at once make one admin. A refused user (AccountError)
    or token (SetupRefused) writes nothing and leaves the token as it was."""
    username = accounts.check_user(store, username, "admin", None, password)
    now = now or _now()
    with store.transaction(exclusive=True):
        check(store, token, now)
        accounts.write_user(store, username, display_name, "admin", None, password)
        used = {"h": _hash(token or ""), "now": now}
        store.execute("UPDATE setup_token SET used_at = :now WHERE token_hash = :h", used)
        store.execute("DELETE FROM setup_token WHERE token_hash <> :h", used)  # other links end too
    return username

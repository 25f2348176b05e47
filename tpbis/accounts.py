"""Users, roles and sign-in: slow password hashes, throttled failures, what each role may do.

Roles: viewer (reads; never sees personal contact details), editor (imports for one region, or
all regions when it has none, and sees contacts there), admin (everything, users, revert). Anyone not signed in is an
anonymous viewer, allowed only when viewing is open (TPBIS_OPEN_VIEWING, on by default).
"""

from __future__ import annotations

import argparse
import base64
import functools
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tpbis.cli import fail
from tpbis.config import database_location
from tpbis.i18n import CatalogueError
from tpbis.store import Store, StoreError, StoreInUse, no_database_file, open_store

ROLES = ("viewer", "editor", "admin")
# scrypt with these costs takes ~50 ms and 16 MB per check: cheap for a sign-in, dear for a guesser
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_FAILURES = 5  # per user name and client address, within LOCKOUT
MAX_FAILURES_ANYWHERE = 50  # per user name from all addresses: bounds guessing from many machines
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)  # an office day: reloads and new tabs keep a sign-in
HANDOFF_LIFETIME = timedelta(minutes=1)  # the page turns its one-time code into the cookie at once
MAX_USERNAME = 64  # characters; a longer name is refused before it reaches the database


class SignInError(CatalogueError, ValueError):
    """Sign-in refused; the message says why."""


class AccountError(CatalogueError, ValueError):
    """A user that cannot be saved as given; the message says why."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str = "viewer"
    region_code: str | None = None  # an editor's province ('32') or regency ('32.01'); None: all

    @property
    def signed_in(self) -> bool:
        return bool(self.username)

    def can_import(self) -> bool:
        return self.role in ("editor", "admin")

    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees_contacts_of(self, region_code: str) -> bool:
        """Whether this user may see the personal contacts (phone numbers) kept for a place:
        admins everywhere, editors inside their region, viewers nowhere."""
        return self.role in ("editor", "admin") and self.covers(region_code)

    def covers(self, region_code: str) -> bool:
        """Whether a province/regency/village code lies in this user's region."""
        mine = None if self.role == "admin" else self.region_code
        return not mine or region_code == mine or region_code.startswith(mine + ".")


ANONYMOUS = User("", "", "viewer")


def viewing_is_open() -> bool:
    return os.environ.get("TPBIS_OPEN_VIEWING", "1").strip().lower() not in ("0", "false", "tidak", "no")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str | None) -> bool:
    try:
        kind, n, r, p, salt, digest = (stored or "").split("$")
    except ValueError:
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    return kind == "scrypt" and hmac.compare_digest(got.hex(), digest)


@functools.cache
def _decoy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def save_user(
    store: Store,
    username: str,
    display_name: str,
    role: str,
    region_code: str | None = None,
    password: str | None = None,
    email: str | None = None,
    disabled: bool = False,
) -> None:
    """Add or change a user; a password of None keeps the current one."""
    username = check_user(store, username, role, region_code, password)
    with store.transaction():
        write_user(store, username, display_name, role, region_code, password, email, disabled)


def check_user(store: Store, username: str, role: str, region_code: str | None, password: str | None) -> str:
    """The user name as stored (trimmed, lower case), or AccountError saying what is wrong."""
    username = username.strip().lower()
    if len(username) > MAX_USERNAME:
        raise AccountError("account.long_username", max=MAX_USERNAME)
    if not username or role not in ROLES:
        raise AccountError("account.invalid", roles=", ".join(ROLES))
    if password is not None and len(password) < 10:
        raise AccountError("account.short_password")
    if region_code:
        known = store.scalar(
            "SELECT count(*) FROM (SELECT code FROM province UNION ALL SELECT code FROM regency) c WHERE code = :c",
            {"c": region_code},
        )
        if not known:
            raise AccountError("account.unknown_region", region=region_code)
    return username


def write_user(
    store: Store,
    username: str,
    display_name: str,
    role: str,
    region_code: str | None = None,
    password: str | None = None,
    email: str | None = None,
    disabled: bool = False,
) -> None:
    """save_user's write, inside the caller's transaction, of a user check_user accepted."""
    old = store.query("SELECT password_hash, created_at FROM app_user WHERE username = :u", {"u": username})
    keep = old["password_hash"].iloc[0] if len(old) else None
    store.execute("DELETE FROM app_user WHERE username = :u", {"u": username})
    if password:  # a new password ends the sign-ins made with the old one
        store.execute("DELETE FROM sign_in_session WHERE username = :u", {"u": username})
    store.execute(
        "INSERT INTO app_user (username, display_name, email, role, region_code, password_hash, disabled, "
        "created_at) VALUES (:u, :n, :e, :r, :g, :h, :d, :t)",
        {
            "u": username,
            "n": display_name.strip() or username,
            "e": (email or "").strip().lower() or None,
            "r": role,
            "g": region_code or None,
            "h": hash_password(password) if password else keep,
            "d": disabled,
            "t": old["created_at"].iloc[0].to_pydatetime() if len(old) else _now(),
        },
    )


def has_admin(store: Store) -> bool:
    """Whether an enabled admin exists (until one does, the app offers a one-time setup link)."""
    return bool(store.scalar("SELECT count(*) FROM app_user WHERE role = 'admin' AND NOT disabled"))


def users(store: Store):
    return store.query(
        "SELECT username, display_name, email, role, region_code, disabled, created_at, "
        "password_hash IS NOT NULL AS has_password FROM app_user ORDER BY username"
    )


def _user(row) -> User:
    return User(row["username"], row["display_name"], row["role"], row["region_code"] or None)


def sign_in(
    store: Store, username: str, password: str, now: datetime | None = None, address: str | None = None
) -> User:
    """The user, or SignInError. After MAX_FAILURES failures within LOCKOUT from one client
    address, the name is locked there for LOCKOUT, right password or not, while the person
    can still sign in from their own machine; after MAX_FAILURES_ANYWHERE from all addresses
    it is locked everywhere. Every attempt is recorded."""
    username, now, address = username.strip().lower()[: MAX_USERNAME + 1], now or _now(), (address or "")[:100]
    if len(username) > MAX_USERNAME:
        raise SignInError("account.wrong")
    here, anywhere = store.query(
        "SELECT count(*) FILTER (WHERE coalesce(address, '') = :a) AS here, count(*) AS anywhere "
        "FROM sign_in_attempt WHERE username = :u AND NOT succeeded AND attempted_at > :since",
        {"u": username, "a": address, "since": now - LOCKOUT},
    ).iloc[0]
    if here >= MAX_FAILURES or anywhere >= MAX_FAILURES_ANYWHERE:
        raise SignInError("account.locked", minutes=int(LOCKOUT.total_seconds() // 60))
    found = store.query("SELECT * FROM app_user WHERE username = :u AND NOT disabled", {"u": username})
    stored = found["password_hash"].iloc[0] if len(found) else None
    # an unknown name costs as much time as a wrong password: no hint which names exist
    ok = password_matches(password, stored if stored else _decoy_hash())
    store.execute(
        "INSERT INTO sign_in_attempt (username, attempted_at, succeeded, address) VALUES (:u, :t, :s, :a)",
        {"u": username, "t": now, "s": bool(ok and stored), "a": address or None},
    )
    if not (ok and stored):
        raise SignInError("account.wrong")
    return _user(found.iloc[0])


def current(store: Store, user: User) -> User:
    """The user as the database has them now: a changed role or region applies, a disabled or
    removed account falls back to anonymous. People from OIDC without a row stay viewers."""
    found = store.query("SELECT * FROM app_user WHERE username = :u", {"u": user.username})
    if found.empty:
        return user if user.role == "viewer" else ANONYMOUS
    return ANONYMOUS if found["disabled"].iloc[0] else _user(found.iloc[0])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewSession:
    token: str  # what the sign-in cookie holds; the database keeps only its SHA-256
    handoff: str  # one-time code the page sends to the cookie endpoint, which answers with the token


def _token_of(handoff: str) -> str:
    return base64.urlsafe_b64encode(hmac.digest(handoff.encode(), b"tpbis-session", "sha256")).decode().rstrip("=")


def start_session(store: Store, user: User, now: datetime | None = None) -> NewSession:
    """A sign-in that holds for SESSION_LIFETIME in this browser. The token is derived from a
    random one-time handoff code, so the server can set it as an HttpOnly cookie when the page
    presents the code (redeem_handoff) without the database ever holding the token itself."""
    handoff, now = secrets.token_urlsafe(32), now or _now()
    token = _token_of(handoff)
    with store.transaction():
        store.execute("DELETE FROM sign_in_session WHERE expires_at <= :now", {"now": now})
        store.execute(
            "INSERT INTO sign_in_session (token_hash, username, created_at, expires_at, handoff_hash, "
            "handoff_until) VALUES (:h, :u, :now, :until, :hh, :hu)",
            {
                "h": _token_hash(token),
                "u": user.username,
                "now": now,
                "until": now + SESSION_LIFETIME,
                "hh": _token_hash(handoff),
                "hu": now + HANDOFF_LIFETIME,
            },
        )
    return NewSession(token, handoff)


def redeem_handoff(store: Store, handoff: str | None, now: datetime | None = None) -> str | None:
    """The session token for a one-time code from start_session, once and within
    HANDOFF_LIFETIME; None for anything else."""
    if not handoff or len(handoff) > 100:
        return None
    found = {"hh": _token_hash(handoff), "now": now or _now()}
    with store.transaction():
        live = store.scalar(
            "SELECT count(*) FROM sign_in_session WHERE handoff_hash = :hh AND handoff_until > :now "
            "AND expires_at > :now",
            found,
        )
        store.execute(
            "UPDATE sign_in_session SET handoff_hash = NULL, handoff_until = NULL WHERE handoff_hash = :hh", found
        )
    return _token_of(handoff) if live else None


def resume_session(store: Store, token: str | None, now: datetime | None = None) -> User:
    """Whom `token` signs in, as the account is now; ANONYMOUS when the token is unknown,
    expired or ended, or its account disabled."""
    if not token:
        return ANONYMOUS
    found = store.query(
        "SELECT u.* FROM sign_in_session s JOIN app_user u ON u.username = s.username "
        "WHERE s.token_hash = :h AND s.expires_at > :now AND NOT u.disabled",
        {"h": _token_hash(token), "now": now or _now()},
    )
    return _user(found.iloc[0]) if len(found) else ANONYMOUS


def end_session(store: Store, token: str | None) -> None:
    if token:
        store.execute("DELETE FROM sign_in_session WHERE token_hash = :h", {"h": _token_hash(token)})


def user_for_email(store: Store, email: str, name: str = "") -> User:
    """Someone signed in through OIDC: their row by e-mail, else a viewer under that name."""
    found = store.query("SELECT * FROM app_user WHERE email = :e AND NOT disabled", {"e": email.strip().lower()})
    if len(found):
        return _user(found.iloc[0])
    return User(email.strip().lower(), name or email, "viewer")


def main(argv: list[str] | None = None) -> int:
    """`python -m tpbis.accounts add NAME --role admin`: add or change a user from the shell (the
    first admin is made this way); the password is asked for, or read from TPBIS_NEW_PASSWORD."""
    parser = argparse.ArgumentParser(description="Kelola pengguna TPBIS Monitor")
    parser.add_argument("action", choices=["add", "list"])
    parser.add_argument("username", nargs="?")
    parser.add_argument("--name", help="display name (default: kept, or the user name for a new user)")
    parser.add_argument("--email", help="default: kept")
    parser.add_argument("--role", choices=ROLES, help="default: kept, or viewer for a new user")
    parser.add_argument("--region", help="kode provinsi (32) atau kabupaten/kota (32.01) untuk editor wilayah")
    parser.add_argument("--db", help="DuckDB file or PostgreSQL URL (default: as the app)")
    args = parser.parse_args(argv)
    location = args.db or database_location()
    if no_database_file(location):
        return fail("ops.db.missing", file=location)
    try:
        store = open_store(location)
    except StoreInUse as error:
        return fail("ops.busy.accounts", **error.params)
    except StoreError as error:
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    try:
        store.migrate()
        if args.action == "list":
            print(users(store).drop(columns="created_at").to_string(index=False))
            return 0
        password = os.environ.get("TPBIS_NEW_PASSWORD")
        if not password and not sys.stdin.isatty():  # getpass would warn in English, then fail
            return fail("ops.accounts.no_password")
        try:
            password = password or getpass.getpass("Kata sandi baru: ")
        except EOFError:
            return fail("ops.accounts.no_password")
        # an existing user keeps what the command does not name (a password reset is not a demotion)
        username = (args.username or "").strip().lower()
        known = users(store).astype(object).set_index("username")
        kept: dict[str, Any] = {
            "role": "viewer",
            "display_name": "",
            "email": None,
            "region_code": None,
            "disabled": False,
        }
        if username in known.index:
            kept.update(known.loc[username].where(known.loc[username].notna(), None))
        given = {"role": args.role, "display_name": args.name, "email": args.email, "region_code": args.region}
        kept.update({field: value for field, value in given.items() if value is not None})
        save_user(
            store,
            args.username or "",
            kept["display_name"] or "",
            kept["role"],
            kept["region_code"] or None,
            password,
            kept["email"] or None,
            bool(kept["disabled"]),
        )
        print(f"Pengguna {args.username} ({kept['role']}) disimpan.")
        return 0
    except ValueError as error:
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())

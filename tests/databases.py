"""Where tests keep their databases: DuckDB files by default, or fresh databases on the
PostgreSQL server named by TPBIS_TEST_POSTGRES (an admin URL; `make test` runs the suite both ways)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

SERVER = os.environ.get("TPBIS_TEST_POSTGRES")
PREFIX = "tpbis_test_"
_templates: dict[str, str] = {}  # database → the frozen copy it was made from


def on_postgres() -> bool:
    return bool(SERVER)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as con:
        con.execute(sql)


def _url(name: str) -> str:
    return SERVER.rsplit("/", 1)[0] + "/" + name


def new_database(folder: Path | None = None, template: str | None = None) -> str:
    """An empty database: ':memory:' or a file in `folder`, or a new PostgreSQL database."""
    if not SERVER:
        return str(folder / f"{uuid.uuid4().hex[:8]}.duckdb") if folder else ":memory:"
    name = PREFIX + uuid.uuid4().hex[:12]
    _admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return _url(name)


def freeze(location: str) -> str:
    """Keep an untouchable copy of a PostgreSQL database (no one connects to it) so that
    copy_of() can clone it; a DuckDB file is copied directly."""
    if SERVER:
        name = location.rsplit("/", 1)[1]
        frozen = f"{name}_frozen"
        _admin(f"CREATE DATABASE {frozen} TEMPLATE {name}")
        _templates[location] = frozen
    return location


def copy_of(location: str, folder: Path) -> str:
    """A separate database with the same content (the app and a test may each hold one)."""
    if SERVER:
        return new_database(template=_templates[location])
    target = folder / f"copy-{uuid.uuid4().hex[:8]}.duckdb"
    shutil.copy(location, target)
    return str(target)


def environment(location: str) -> dict[str, str]:
    """The variables that point the app at this database."""
    if location.startswith("postgresql://"):
        return {"TPBIS_DATABASE_URL": location, "TPBIS_DATABASE_PATH": ""}
    return {"TPBIS_DATABASE_PATH": location, "TPBIS_DATABASE_URL": ""}


def drop_all() -> None:
    """Remove every test database left on the server (this run's and any earlier one's)."""
    if not SERVER:
        return
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as con:
        names = [
            r[0]
            for r in con.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)).fetchall()
        ]
        for name in names:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

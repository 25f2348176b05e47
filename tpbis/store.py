"""The database: connect, migrate, query, load frames in one transaction.

This is the only module that knows which database engine is behind the app. SQL
elsewhere is portable (DuckDB and PostgreSQL) and names its parameters as :name.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Mapping

import duckdb
import pandas as pd

from tpbis.config import database_path

MIGRATIONS = Path(__file__).parent / "migrations"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class StoreError(RuntimeError):
    """The database cannot be used; the message says why in Bahasa Indonesia."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every numbered migration file, in order."""
    found = []
    for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.stem[5:], path.read_text(encoding="utf-8")))
    return found


class Store:
    """A DuckDB database file (or ':memory:')."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = str(path or database_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            raise StoreError(f"Basis data {self.path} tidak dapat dibuka: {error}") from error
        self._local = threading.local()
        self._in_transaction = False

    def _cursor(self):
        # DuckDB connections are not thread-safe; each thread gets its own cursor.
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._con.cursor()
        return cursor

    @staticmethod
    def _bind(sql: str, params: Mapping | None) -> tuple[str, dict]:
        """The SQL in DuckDB's $name style, with only the parameters it names (a shared set
        of scope parameters can then serve every query)."""
        used = set(_PARAM.findall(sql))
        return _PARAM.sub(r"$\1", sql), {k: v for k, v in (params or {}).items() if k in used}

    def query(self, sql: str, params: Mapping | None = None, dates: tuple[str, ...] = ()) -> pd.DataFrame:
        """The result as a DataFrame; the columns named in `dates` as calendar dates, not timestamps."""
        frame = self._cursor().execute(*self._bind(sql, params)).df()
        for column in dates:
            frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame

    def scalar(self, sql: str, params: Mapping | None = None):
        rows = self._cursor().execute(*self._bind(sql, params)).fetchall()  # leaves no open result
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: Mapping | None = None) -> None:
        if params:
            self._cursor().execute(*self._bind(sql, params))
        else:
            self._cursor().execute(sql)

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Everything inside applies together or not at all."""
        cursor = self._cursor()
        cursor.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def table_columns(self, table: str) -> list[str]:
        return self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
            "ORDER BY ordinal_position", {"t": table})["column_name"].tolist()

    @contextmanager
    def frame_as_table(self, name: str, frame: pd.DataFrame) -> Iterator[None]:
        """The frame readable in SQL as table `name` until the block ends."""
        cursor = self._cursor()
        cursor.register(name, frame)
        try:
            yield
        finally:
            cursor.unregister(name)

    def insert_frame(self, table: str, frame: pd.DataFrame, key: list[str] | None = None) -> None:
        """Insert the frame's rows; with a key, rows whose key exists replace the old ones."""
        columns = ", ".join(frame.columns)
        with self.frame_as_table("incoming_frame", frame):
            if key:
                keys = " AND ".join(f"t.{k} = incoming_frame.{k}" for k in key)
                self.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming_frame WHERE {keys})")
            self.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_frame")

    # -- schema -------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.scalar("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_name = 'schema_migration'")
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migration"))

    def migrate(self) -> list[int]:
        """Apply the migrations this database has not had yet; returns their versions."""
        self.execute("CREATE TABLE IF NOT EXISTS schema_migration ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
        current = self.schema_version()
        applied = []
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self.transaction():
                for statement in filter(str.strip, _strip_comments(sql).split(";")):
                    self.execute(statement)
                self.execute("INSERT INTO schema_migration VALUES (:v, :n, :t)",
                             {"v": version, "n": name, "t": datetime.now(timezone.utc).replace(tzinfo=None)})
            applied.append(version)
        return applied

    # -- facts about the loaded data -----------------------------------------------------
    def dataset_facts(self) -> dict[str, str]:
        if self.schema_version() == 0:
            return {}
        frame = self.query("SELECT key, value FROM dataset")
        return dict(zip(frame["key"], frame["value"]))

    def set_dataset_facts(self, facts: Mapping[str, str]) -> None:
        for key, value in facts.items():
            self.execute("DELETE FROM dataset WHERE key = :k", {"k": key})
            self.execute("INSERT INTO dataset (key, value) VALUES (:k, :v)", {"k": key, "v": str(value)})

    def close(self) -> None:
        self._con.close()


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())

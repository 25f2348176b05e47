"""The database: connect, migrate, query, load frames in one transaction.

This is the only module that knows which database engine is behind the app: the embedded
DuckDB file by default, PostgreSQL when TPBIS_DATABASE_URL says so. SQL elsewhere is portable
and names its parameters as :name.
"""

from __future__ import annotations

import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from tpbis.config import database_location
from tpbis.i18n import CatalogueError

MIGRATIONS = Path(__file__).parent / "migrations"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
IMPORT_LOCK = 72_220  # PostgreSQL advisory lock id taken by writers that must not overlap


_TYPE_NAMES = {"VARCHAR": "TEXT", "DOUBLE PRECISION": "DOUBLE", "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP"}


# The data version the answer this thread makes is for (set by the app, tpbis_ui.data): within
# it a store reads the dataset facts once per version, not once for each of a page's figures.
_answering: ContextVar[str | None] = ContextVar("tpbis_answering", default=None)


@contextmanager
def answering(version: str) -> Iterator[None]:
    """Within: this thread reads data of this version (a token from Store.data_version)."""
    token = _answering.set(version)
    try:
        yield
    finally:
        _answering.reset(token)


class StoreError(CatalogueError, RuntimeError):
    """The database cannot be used; the message says why."""


class StoreInUse(StoreError):
    """The DuckDB file is held by another process (the running app): DuckDB lets one process
    open a file, even for reading. Shell tasks catch it and say what to do instead."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every numbered migration file, in order."""
    found = []
    for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.stem[5:], path.read_text(encoding="utf-8")))
    return found


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def no_database_file(location: str | Path) -> bool:
    """A DuckDB path with no file there (a PostgreSQL URL names a server, not a file)."""
    return not is_postgres(location) and not Path(location).exists()


def open_store(location: str | Path | None = None, read_only: bool = False) -> Store:
    """The store at a DuckDB path (or ':memory:') or a PostgreSQL URL; default from the config."""
    location = location or database_location()
    return PostgresStore(str(location)) if is_postgres(location) else DuckDBStore(location, read_only)


class Store(ABC):
    """What every engine offers; subclasses supply the connection-level parts below."""

    path: str  # a file path or a URL without its password: names the data in caches and messages
    engine: str  # "duckdb" or "postgresql"
    _writer_lock: AbstractContextManager  # held by exclusive transactions within this process
    _version_kept: tuple[str, dict] | None = None  # (data version, what was read for it)

    @abstractmethod
    def _frame(self, sql: str, params: dict) -> pd.DataFrame:
        """The rows of a query as a DataFrame (parameters already narrowed to those the SQL names)."""

    @abstractmethod
    def _rows(self, sql: str, params: dict) -> list[tuple]:
        """The rows of a query as tuples, fetched whole."""

    @abstractmethod
    def _run(self, sql: str, params: dict) -> None:
        """Run a statement that returns nothing."""

    @abstractmethod
    def _lock_writers(self) -> None:
        """Inside a transaction: wait until no other process writes an import or revert."""

    @abstractmethod
    def _held(self) -> AbstractContextManager:
        """One connection held for the block (a transaction's statements share it)."""

    @abstractmethod
    def frame_as_table(self, name: str, frame: pd.DataFrame) -> AbstractContextManager[None]:
        """The frame readable in SQL as table `name` until the block ends."""

    @abstractmethod
    def close(self) -> None:
        """Give back every connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _used(self, sql: str, params: Mapping | None) -> dict:
        # only the parameters the SQL names: a shared set of scope parameters can serve every query
        used = set(_PARAM.findall(sql))
        return {k: v for k, v in (params or {}).items() if k in used}

    def query(self, sql: str, params: Mapping | None = None, dates: tuple[str, ...] = ()) -> pd.DataFrame:
        """The result as a DataFrame; the columns named in `dates` as calendar dates, not timestamps."""
        frame = self._frame(sql, self._used(sql, params))
        for column in dates:
            frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame

    def scalar(self, sql: str, params: Mapping | None = None):
        rows = self._rows(sql, self._used(sql, params))
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: Mapping | None = None) -> None:
        self._run(sql, self._used(sql, params))

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[Store]:
        """Everything inside applies together or not at all. `exclusive` also waits until no
        other exclusive transaction (an import, a revert) runs, in this process or another."""
        lock = self._writer_lock if exclusive else nullcontext()
        with lock, self._held():
            self._run("BEGIN TRANSACTION", {})
            try:
                if exclusive:
                    self._lock_writers()
                yield self
            except BaseException:
                self._run("ROLLBACK", {})
                raise
            self._run("COMMIT", {})

    def columns(self, table: str) -> pd.DataFrame:
        """name, type (DATE, INTEGER, BIGINT, DOUBLE, BOOLEAN, TEXT, TIMESTAMP whatever the engine)
        and required, in table order."""
        frame = self.query(
            "SELECT column_name AS name, upper(data_type) AS type, is_nullable = 'NO' AS required "
            "FROM information_schema.columns WHERE table_name = :t AND table_schema = current_schema() "
            "ORDER BY ordinal_position",
            {"t": table},
        )
        frame["type"] = frame["type"].replace(_TYPE_NAMES)
        return frame

    def insert_frame(self, table: str, frame: pd.DataFrame, key: list[str] | None = None) -> None:
        """Insert the frame's rows; with a key, rows whose key exists replace the old ones."""
        columns = ", ".join(frame.columns)
        with self.frame_as_table("incoming_frame", frame):
            if key:
                keys = " AND ".join(f"t.{k} = incoming_frame.{k}" for k in key)
                self.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming_frame WHERE {keys})")
            self.execute(
                f"INSERT INTO {table} ({columns}) SELECT {self._as_columns_of(table, frame)} FROM incoming_frame"
            )

    def _as_columns_of(self, table: str, frame: pd.DataFrame) -> str:
        return ", ".join(frame.columns)

    # -- schema -------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.scalar(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name = 'schema_migration' AND table_schema = current_schema()"
        )
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migration"))

    def migrate(self) -> list[int]:
        """Apply the migrations this database has not had yet; returns their versions."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        applied = []
        for version, name, sql in migrations():
            if version <= self.schema_version():
                continue
            with self.transaction(exclusive=True):
                if version <= self.schema_version():  # another instance got there first
                    continue
                if self.engine in _only_for(sql):
                    for statement in filter(str.strip, _strip_comments(sql).split(";")):
                        self.execute(statement)
                self.execute(
                    "INSERT INTO schema_migration VALUES (:v, :n, :t)",
                    {"v": version, "n": name, "t": datetime.now(UTC).replace(tzinfo=None)},
                )
            applied.append(version)
        return applied

    def one_connection(self) -> AbstractContextManager:
        """Within: this thread's statements share one connection. On PostgreSQL the pool checks a
        connection each time it hands one out (a round trip): an answer of several queries pays once."""
        return self._held()

    def kept_for_version(self) -> dict | None:
        """While answering (see `answering`): a dict kept for that data version, for what need not be
        read again until the data changes; None outside an answer."""
        version = _answering.get()
        if version is None:
            return None
        kept = self._version_kept
        if kept is None or kept[0] != version:
            kept = self._version_kept = (version, {})
        return kept[1]

    # -- facts about the loaded data -----------------------------------------------------
    def dataset_facts(self) -> dict[str, str]:
        kept = self.kept_for_version()
        if kept is None:
            return self._read_facts()
        if "dataset facts" not in kept:
            kept["dataset facts"] = self._read_facts()
        return dict(kept["dataset facts"])

    def _read_facts(self) -> dict[str, str]:
        # once the schema was seen, the information_schema query is not asked again (pages ask often)
        if not getattr(self, "_has_schema", False):
            if self.schema_version() == 0:
                return {}
            self._has_schema = True
        return {key: value for key, value in self._rows("SELECT key, value FROM dataset", {})}

    def data_version(self) -> str:
        """A token that changes with every import and revert (what caches are keyed on)."""
        row = self._rows("SELECT coalesce(max(import_id), 0), count(reverted_at) FROM import_log", {})[0]
        return f"{int(row[0])}-{int(row[1])}"

    def set_dataset_facts(self, facts: Mapping[str, str]) -> None:
        for key, value in facts.items():
            self.execute("DELETE FROM dataset WHERE key = :k", {"k": key})
            self.execute("INSERT INTO dataset (key, value) VALUES (:k, :v)", {"k": key, "v": str(value)})


class DuckDBStore(Store):
    """A DuckDB database file (or ':memory:'). One process may write it."""

    engine = "duckdb"

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            if "Could not set lock" in str(error) or "Conflicting lock" in str(error):
                raise StoreInUse("store.in_use", where=self.path) from error
            raise StoreError("store.cannot_open", where=self.path, error=str(error)) from error
        self._local = threading.local()
        self._writer_lock = threading.Lock()  # one process owns the file: a thread lock is enough

    def _cursor(self):
        # DuckDB connections are not thread-safe; each thread gets its own cursor.
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._con.cursor()
        return cursor

    def _bound(self, sql: str, params: dict):
        return (_PARAM.sub(r"$\1", sql), params) if params else (sql,)

    def _frame(self, sql, params):
        return self._cursor().execute(*self._bound(sql, params)).df()

    def _rows(self, sql, params):
        return self._cursor().execute(*self._bound(sql, params)).fetchall()  # leaves no open result

    def _run(self, sql, params):
        self._cursor().execute(*self._bound(sql, params))

    def _lock_writers(self):
        pass

    def _held(self):
        return nullcontext()  # a thread's cursor is its connection already

    @contextmanager
    def frame_as_table(self, name: str, frame: pd.DataFrame) -> Iterator[None]:
        """The frame readable in SQL as table `name` until the block ends."""
        cursor = self._cursor()
        cursor.register(name, frame)
        try:
            yield
        finally:
            cursor.unregister(name)

    def close(self) -> None:
        self._con.close()


# PostgreSQL type oids whose values pandas should get as datetimes, floats, nullable ints, bools
_PG_DATES, _PG_FLOATS, _PG_INTS, _PG_BOOL = {1082, 1114, 1184}, {700, 701, 1700}, {20, 21, 23}, 16


def _in_utc(connection) -> None:
    connection.execute("SET TIME ZONE 'UTC'")


class PostgresStore(Store):
    """A PostgreSQL database: several app instances can share it. Connections come from a pool
    (TPBIS_DATABASE_POOL per process, default 10): Streamlit runs every script run in a new
    thread, so a connection per thread would never be given back."""

    engine = "postgresql"

    def __init__(self, url: str):
        import psycopg  # only needed when PostgreSQL is configured
        from psycopg_pool import ConnectionPool

        self._psycopg = psycopg
        self.path = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
        try:  # fails fast, with the server's own words, when the database cannot be reached
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as error:
            raise StoreError("store.unreachable", where=self.path, error=str(error)) from error
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=int(os.environ.get("TPBIS_DATABASE_POOL", "10")),
            kwargs={"autocommit": True, "connect_timeout": 10},
            configure=_in_utc,
            # A connection is checked (one empty query) before it is handed out: after the
            # server restarted, the dead ones are replaced instead of failing a page each.
            check=ConnectionPool.check_connection,
            open=True,
        )
        self._local = threading.local()
        self._writer_lock = threading.Lock()  # plus an advisory lock for other processes

    @contextmanager
    def _connection(self):
        """A pooled connection for the block; blocks inside it (a transaction, a temporary
        table) keep using the same one."""
        pinned = getattr(self._local, "con", None)
        if pinned is not None:
            yield pinned
            return
        with self._pool.connection() as con:
            self._local.con = con
            try:
                yield con
            finally:
                self._local.con = None

    def _held(self):
        return self._connection()

    @staticmethod
    def _bound(sql: str, params: dict) -> str:
        return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%")) if params else sql

    def _frame(self, sql, params):
        with self._connection() as con, con.cursor() as cursor:
            cursor.execute(self._bound(sql, params), params or None)
            rows = cursor.fetchall()
            description = cursor.description
        frame = pd.DataFrame.from_records(rows, columns=[d.name for d in description], coerce_float=True)
        for column, kind in zip(frame.columns, (d.type_code for d in description)):
            if kind in _PG_DATES:
                frame[column] = pd.to_datetime(frame[column], utc=kind == 1184)
                if kind == 1184:
                    frame[column] = frame[column].dt.tz_localize(None)
                frame[column] = frame[column].astype("datetime64[us]")
            elif kind in _PG_FLOATS:
                frame[column] = frame[column].astype("float64")
            elif kind in _PG_INTS:
                frame[column] = frame[column].astype("Int64" if frame[column].isna().any() else "int64")
            elif kind == _PG_BOOL:
                frame[column] = frame[column].astype("boolean" if frame[column].isna().any() else "bool")
        return frame

    def _rows(self, sql, params):
        with self._connection() as con, con.cursor() as cursor:
            cursor.execute(self._bound(sql, params), params or None)
            return cursor.fetchall() if cursor.description else []

    def _run(self, sql, params):
        with self._connection() as con:
            con.execute(self._bound(sql, params), params or None)

    def _lock_writers(self):
        self._run(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})", {})

    @contextmanager
    def frame_as_table(self, name: str, frame: pd.DataFrame) -> Iterator[None]:
        """The frame copied into a temporary table `name` until the block ends."""
        columns = ", ".join(f"{c} {_pg_type(frame[c])}" for c in frame.columns)
        with self._connection() as con:
            self._run(f"CREATE TEMPORARY TABLE {name} ({columns})", {})
            try:
                values = frame.astype(object).where(frame.notna(), None)
                with con.cursor() as cursor:
                    with cursor.copy(f"COPY {name} ({', '.join(frame.columns)}) FROM STDIN") as copy:
                        for row in values.itertuples(index=False, name=None):
                            copy.write_row(row)
                yield
            finally:
                failed = con.info.transaction_status == self._psycopg.pq.TransactionStatus.INERROR
                if not failed:  # a failed transaction rolls back, and takes the table with it
                    self._run(f"DROP TABLE IF EXISTS {name}", {})

    def _as_columns_of(self, table: str, frame: pd.DataFrame) -> str:
        types = dict(
            self._rows(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = :t AND table_schema = current_schema()",
                {"t": table},
            )
        )
        return ", ".join(f"CAST({c} AS {types[c]})" for c in frame.columns)

    def close(self) -> None:
        self._pool.close()


def _pg_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind in "iu":
        return "BIGINT"
    if kind == "f":
        return "DOUBLE PRECISION"
    if kind == "b" or str(series.dtype) == "boolean":
        return "BOOLEAN"
    if kind == "M":
        return "TIMESTAMP"
    if str(series.dtype) in ("Int64", "Int32", "Int16", "Int8"):
        return "BIGINT"
    sample = series.dropna()
    first = sample.iloc[0] if len(sample) else ""
    if isinstance(first, bool):
        return "BOOLEAN"
    if isinstance(first, int):
        return "BIGINT"
    if isinstance(first, float):
        return "DOUBLE PRECISION"
    if isinstance(first, datetime):
        return "TIMESTAMP"
    if isinstance(first, date):
        return "DATE"
    return "TEXT"


def _only_for(sql: str) -> set[str]:
    """The engines a migration is for: all, unless its first line says `-- only: <engine>`."""
    first = sql.split("\n", 1)[0]
    return {first.split(":", 1)[1].strip()} if first.startswith("-- only:") else {"duckdb", "postgresql"}


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())

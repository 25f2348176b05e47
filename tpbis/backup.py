"""`tpbis backup FILE` and `tpbis restore FILE`: the whole database to a file and back.

PostgreSQL: pg_dump's custom format (a consistent snapshot by itself) and pg_restore in one
transaction. DuckDB: a new DuckDB file holding one snapshot, copied under the writer lock so no
import or revert is half in it. DuckDB lets one process open a file, so while the app runs the
app itself takes the copy: the CLI asks it over 127.0.0.1 with the token the app wrote beside
the database file at start (readable by the app's user only; tpbis_ui/operations.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from glob import glob
from pathlib import Path

import duckdb

from tpbis.cli import both_languages, fail
from tpbis.config import database_location
from tpbis.i18n import CatalogueError, number, t
from tpbis.store import DuckDBStore, StoreError, StoreInUse, is_postgres, no_database_file, open_store

REQUEST_TIMEOUT = 3600  # seconds the CLI waits for the app to copy a large file


class BackupError(CatalogueError, RuntimeError):
    """A backup or restore that could not be made; the message says why. Nothing was changed."""


# -- DuckDB ------------------------------------------------------------------------------------
def token_file(database: str | Path) -> Path:
    """Where the running app keeps the token that lets the CLI ask it for a backup."""
    path = Path(database)
    return path.with_name(path.name + ".backup-token")


def copy_duckdb(store: DuckDBStore, target: Path) -> int:
    """Copy the store's database into a new DuckDB file at `target` (replaced if it exists) as
    one snapshot taken inside the writer lock: an import or revert is wholly in it or not at
    all. Works on the store a process already holds (the app's). Returns the file's size."""
    target = Path(target).resolve()
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    alias = f"tpbis_backup_{secrets.token_hex(4)}"
    store.execute(f"ATTACH '{_quoted(partial)}' AS {alias}")
    try:
        with store.transaction(exclusive=True):  # waits for an import or revert under way
            source = store.scalar("SELECT current_database()")
            store.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
    except BaseException:
        store.execute(f"DETACH {alias}")
        partial.unlink(missing_ok=True)
        raise
    store.execute(f"DETACH {alias}")  # writes the copy out in full
    os.replace(partial, target)
    return target.stat().st_size


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def backup_duckdb(database: str, target: Path) -> int:
    """A backup of the DuckDB file: taken here when no process holds it, else by the app."""
    try:
        store = open_store(database)
    except StoreInUse:
        return ask_app(database, target)
    if not isinstance(store, DuckDBStore):  # pragma: no cover - guarded by the caller
        raise TypeError(database)
    try:
        return copy_duckdb(store, target)
    finally:
        store.close()


def ask_app(database: str, target: Path) -> int:
    """Have the app that holds the file write the backup (POST /_tpbis/backup, token auth)."""
    try:
        ticket = json.loads(token_file(database).read_text(encoding="utf-8"))
        request = urllib.request.Request(
            ticket["url"],
            data=json.dumps({"file": str(Path(target).resolve())}).encode(),
            headers={"Authorization": f"Bearer {ticket['token']}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:
            return int(json.loads(answer.read())["size"])
    except urllib.error.HTTPError as error:
        reason = f"HTTP {error.code}: {error.read()[:200].decode(errors='replace')}"
    except FileNotFoundError:
        reason = f"{token_file(database).name} missing"
    except (OSError, ValueError, KeyError) as error:
        reason = str(error) or type(error).__name__
    raise BackupError("ops.busy.backup", where=database, reason=reason)


def restore_duckdb(database: str, source: Path) -> Path | None:
    """Replace the DuckDB file with the backup; StoreInUse while a process (the app) holds it.
    What the file held before is kept beside it (returned), unless there was no file."""
    try:
        held = duckdb.connect(str(source), read_only=True)
        try:
            whole = _readable_whole(held, Path(source).stat().st_size)
        finally:
            held.close()
    except duckdb.Error:
        whole = False
    if not whole:
        raise BackupError("ops.restore.not_backup", file=str(source), engine="DuckDB")
    existed = Path(database).exists()
    store = open_store(database)  # StoreInUse: the app runs (the caller says to stop it)
    store.execute("CHECKPOINT")
    store.close()
    path = Path(database)
    incoming = path.with_name(f".{path.name}.{secrets.token_hex(4)}.restore")
    shutil.copyfile(source, incoming)
    # a name of its own: a second restore must not replace what the first one kept
    kept = _unused(path.with_name(f"{path.name}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}")) if existed else None
    if kept:
        os.replace(path, kept)
    else:
        path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)  # a log of the old file must not replay onto the new one
    os.replace(incoming, path)
    return kept


def is_the_database(target: Path, database: str) -> bool:
    """Whether a backup to `target` would replace the database file or its log (the app would
    then write to a deleted file and the database could no longer be opened)."""
    resolved, held = Path(target).resolve(), Path(database).resolve()
    return resolved in (held, held.with_name(held.name + ".wal"))


def _unused(path: Path) -> Path:
    """path, or path-2, path-3, ... the first that does not exist (two restores in one second)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


DUCKDB_HEADERS = 3 * 4096  # a DuckDB file's main header and its two database headers, before the blocks


def _readable_whole(held: duckdb.DuckDBPyConnection, size: int) -> bool:
    """A file as long as the blocks it declares (a copy cut short still opens, and counts its
    rows from its catalogue), and every row of every table read."""
    _, _, block_size, blocks, *_ = held.execute("PRAGMA database_size").fetchall()[0]
    if size < DUCKDB_HEADERS + block_size * blocks:
        return False
    tables = [
        row[0] for row in held.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
    ]
    for table in tables:
        held.execute(f'SELECT count(hash(t)) FROM "{table}" t').fetchall()  # raises on a missing block
    return "schema_migration" in tables


# -- PostgreSQL --------------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """Debian's newest PostgreSQL client program `name` (pg_dump must not be older than the
    server), else one on PATH."""
    found = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.split("/")[4])],
    )
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise BackupError("ops.no_pg_tools", tool=name)
    return tool


def _pg_connection(url: str) -> tuple[str, dict[str, str]]:
    """The connection string without its password, and the environment carrying it, so that the
    password never shows in the process list."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    password = params.pop("password", None)
    env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    return make_conninfo(**params), env


def _run(tool: str, args: list[str], url: str) -> None:
    conninfo, env = _pg_connection(url)
    done = subprocess.run([pg_tool(tool), "--dbname", conninfo, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError("ops.tool_failed", tool=tool, error=done.stderr.strip()[-500:])


def backup_postgres(url: str, target: Path) -> int:
    target = Path(target).resolve()
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        _run("pg_dump", ["--format=custom", "--file", str(partial)], url)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def restore_postgres(url: str, source: Path) -> None:
    with open(source, "rb") as file:
        if file.read(5) != b"PGDMP":
            raise BackupError("ops.restore.not_backup", file=str(source), engine="PostgreSQL")
    _run(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(source)],
        url,
    )


# -- both ----------------------------------------------------------------------------------------
def backup(location: str, target: Path) -> int:
    """The database at `location` (DuckDB file or PostgreSQL URL) into `target`; its size."""
    return backup_postgres(location, target) if is_postgres(location) else backup_duckdb(location, target)


def restore(location: str, source: Path) -> Path | None:
    """Replace the database at `location` with the backup in `source`."""
    if is_postgres(location):
        restore_postgres(location, source)
        return None
    return restore_duckdb(location, source)


def _where(location: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", location)


def _parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--db",
        help="DuckDB file or PostgreSQL URL "
        "(default: TPBIS_DATABASE_URL, else TPBIS_DATABASE_PATH or var/tpbis.duckdb)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """`tpbis backup FILE`: the whole database into FILE, also while the app runs."""
    parser = _parser("Cadangkan basis data TPBIS ke satu berkas / back the database up into one file")
    parser.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    args = parser.parse_args(argv)
    location = args.db or database_location()
    if args.file.is_dir():
        return fail("ops.backup.is_folder", file=str(args.file))
    if not args.file.resolve().parent.is_dir():
        return fail("ops.backup.no_folder", folder=str(args.file.resolve().parent))
    if not is_postgres(location) and is_the_database(args.file, location):
        return fail("ops.backup.onto_database", file=str(args.file))
    if args.file.exists() and not args.overwrite:
        return fail("ops.backup.exists", file=str(args.file))
    if no_database_file(location):
        return fail("ops.db.missing", file=location)
    try:
        size = backup(location, args.file)
    except (BackupError, StoreError) as error:
        return fail(error.key, **error.params)
    said = [t("ops.backup.done", lang, file=str(args.file), size=number(size / 1e6, lang, 1)) for lang in ("id", "en")]
    print(f"tpbis: {' / '.join(said)}")
    return 0


def restore_main(argv: list[str] | None = None) -> int:
    """`tpbis restore FILE`: replace the whole database with a backup (asks first unless --yes)."""
    parser = _parser("Pulihkan basis data TPBIS dari cadangan / restore the database from a backup")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)
    location = args.db or database_location()
    where = _where(location)
    if not args.file.is_file():
        return fail("ops.restore.missing", file=str(args.file))
    if not is_postgres(location) and Path(location).exists():  # refused at once while the app holds it
        try:
            open_store(location).close()
        except StoreInUse:
            return fail("ops.busy.restore", where=where)
        except StoreError as error:
            return fail(error.key, **error.params)
    if not args.yes:
        try:
            answer = input(f"{both_languages('ops.restore.confirm', where=where, file=str(args.file))} [ya/yes] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("ya", "y", "yes"):
            print(both_languages("ops.restore.cancelled"), file=sys.stderr)
            return 1
    try:
        kept = restore(location, args.file)
    except StoreInUse:
        return fail("ops.busy.restore", where=where)
    except (BackupError, StoreError) as error:
        return fail(error.key, **error.params)
    print(f"tpbis: {both_languages('ops.restore.done', where=where, file=str(args.file))}")
    if kept:
        print(f"tpbis: {both_languages('ops.restore.kept', file=str(kept))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

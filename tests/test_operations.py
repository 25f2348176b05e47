"""Shell tasks while the app holds the DuckDB file, and backup/restore on either backend."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tests import databases
from tpbis import accounts, backup, bootstrap
from tpbis.config import ROOT
from tpbis.filters import Filters
from tpbis.imports import apply as applying
from tpbis.imports import checks
from tpbis.store import open_store

IN_USE = "Basis data sedang dipakai aplikasi yang berjalan"
IN_USE_EN = "The database is in use by the running app"


@pytest.fixture()
def held_file(tmp_path):
    """A DuckDB file that another process holds open, as the running app does."""
    path = tmp_path / "held.duckdb"  # made by the holder: this process never opens it, so caches nothing
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; held = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(120)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "ok"
        yield str(path)
    finally:
        holder.terminate()
        holder.wait(10)


def _one_sentence_each(err: str, then: str) -> None:
    assert "Traceback" not in err
    line = err.strip()
    assert line.count("\n") == 0, err
    assert line.startswith(f"GAGAL: {IN_USE}") and f" / {IN_USE_EN}" in line and then in line


def test_shell_tasks_say_what_to_do_while_another_process_holds_the_file(held_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TPBIS_NEW_PASSWORD", "rahasia-panjang")
    assert accounts.main(["add", "admin", "--role", "admin", "--db", held_file]) == 1
    _one_sentence_each(capsys.readouterr().err, "tautan penyiapan di log aplikasi")
    assert accounts.main(["list", "--db", held_file]) == 1
    _one_sentence_each(capsys.readouterr().err, "stop the app first")
    assert bootstrap.main(["--demo", "none", "--db", held_file]) == 1
    _one_sentence_each(capsys.readouterr().err, "then run this command again")
    dump = tmp_path / "some.duckdb"
    dump.write_bytes(b"")
    assert backup.restore_main([str(dump), "--db", held_file, "--yes"]) == 1
    _one_sentence_each(capsys.readouterr().err, "then restore again")
    assert backup.main([str(tmp_path / "copy.duckdb"), "--db", held_file]) == 1  # no app answers for it here
    _one_sentence_each(capsys.readouterr().err, "does not take backup requests")
    assert not (tmp_path / "copy.duckdb").exists()
    # and as an operator types it: the console command, in its own process
    done = subprocess.run(
        [sys.executable, "-m", "tpbis.cli", "accounts", "add", "admin", "--role", "admin", "--db", held_file],
        cwd=ROOT,
        env={**os.environ, "TPBIS_NEW_PASSWORD": "rahasia-panjang"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and done.stdout == ""
    _one_sentence_each(done.stderr, "Users page")


def _activities(store, count: int, mark: str) -> bytes:
    libraries = store.query("SELECT library_code FROM library ORDER BY 1 LIMIT 200")["library_code"]
    return (
        pd.DataFrame(
            {
                "activity_code": [f"{mark}-{n}" for n in range(count)],
                "library_code": [libraries.iloc[n % len(libraries)] for n in range(count)],
                "activity_date": "2025-03-04",
                "activity_type": "Literasi anak",
                "skill_category": "TIK",
                "title": "Uji cadangan",
                "participants_male": "3",
                "participants_female": "4",
                "partner": "",
            }
        )
        .to_csv(index=False)
        .encode()
    )


def _state(store, mark: str) -> tuple[int, int, int, int]:
    """Imports logged, their change rows, activities in all and those of this import."""
    return (
        int(store.scalar("SELECT count(*) FROM import_log")),
        int(store.scalar("SELECT count(*) FROM import_change")),
        int(store.scalar("SELECT count(*) FROM activity")),
        int(store.scalar("SELECT count(*) FROM activity WHERE activity_code LIKE :m", {"m": f"{mark}-%"})),
    )


def test_a_backup_taken_during_an_import_restores_it_whole_or_not_at_all(demo_db, tmp_path, monkeypatch):
    location = databases.copy_of(demo_db, tmp_path)
    store = open_store(location)  # as the app holds it: the backup of DuckDB is taken through it
    try:
        store.migrate()
        accounts.save_user(store, "cadangan", "Cadangan", "admin", None, "rahasia-panjang")
        admin = accounts.User("cadangan", "Cadangan", "admin")
        dry = checks.check(store, "kegiatan.csv", _activities(store, 20_000, "CADANGAN"), admin)
        assert dry.ok, dry.problems_frame().head()
        before = _state(store, "CADANGAN")
        writing, real_insert = threading.Event(), store.insert_frame

        def slow_insert(*args, **kwargs):  # the import is half written, inside its transaction, for a while
            real_insert(*args, **kwargs)
            if not writing.is_set():
                writing.set()
                time.sleep(1.5)

        monkeypatch.setattr(store, "insert_frame", slow_insert)
        done: dict[str, object] = {}
        importer = threading.Thread(target=lambda: done.setdefault("id", applying.apply(store, dry, admin)))
        importer.start()
        assert writing.wait(60)
        target = tmp_path / "during.backup"
        if databases.on_postgres():  # pg_dump, in its own process, as `tpbis backup` runs it
            size = backup.backup(location, target)
        else:  # what the app does for `tpbis backup` while it holds the file (tpbis_ui/operations.py)
            size = backup.copy_duckdb(store, target)
        importer.join(60)
        assert size > 0 and "id" in done
        after = _state(store, "CADANGAN")
    finally:
        store.close()
    assert after[0] == before[0] + 1 and after[3] == 20_000 and before[3] == 0
    fresh = databases.new_database(tmp_path)
    assert backup.restore(fresh, target) is None  # a fresh database: nothing to keep
    with open_store(fresh) as restored:
        state = _state(restored, "CADANGAN")
    assert state in (before, after), (before, state, after)  # never part of the import


def test_only_this_machine_may_ask_for_a_backup():
    from tpbis_ui.operations import _loopback

    assert all(_loopback(host) for host in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"))
    assert not any(_loopback(host) for host in ("10.0.0.5", "::ffff:10.0.0.5", "2001:db8::1", "", "localhost"))


def test_restore_refuses_a_file_that_is_no_backup_and_asks_first(tmp_path, capsys, monkeypatch):
    location = databases.new_database(tmp_path)
    with open_store(location) as store:
        store.migrate()
        accounts.save_user(store, "tetap", "Tetap", "viewer")
    target = tmp_path / "good.backup"
    assert backup.main([str(target), "--db", location]) == 0
    assert "Cadangan disimpan" in capsys.readouterr().out
    assert backup.main([str(target), "--db", location]) == 1  # no overwriting unasked
    assert "--overwrite" in capsys.readouterr().err
    junk = tmp_path / "junk.backup"
    junk.write_text("bukan cadangan")
    assert backup.restore_main([str(junk), "--db", location, "--yes"]) == 1
    assert "bukan cadangan TPBIS" in capsys.readouterr().err
    with open_store(location) as store:
        store.execute("DELETE FROM app_user")
    monkeypatch.setattr("builtins.input", lambda prompt: "tidak")
    assert backup.restore_main([str(target), "--db", location]) == 1
    assert "dibatalkan" in capsys.readouterr().err
    monkeypatch.setattr("builtins.input", lambda prompt: "ya")
    assert backup.restore_main([str(target), "--db", location]) == 0
    with open_store(location) as store:
        assert accounts.users(store)["username"].tolist() == ["tetap"]
    # a backup cut short (a full disk, a copy stopped) still opens and counts its rows: refused
    cut = tmp_path / "cut.backup"
    cut.write_bytes(target.read_bytes()[: int(target.stat().st_size * 0.95)])  # its rows all there, not its end
    assert backup.restore_main([str(cut), "--db", location, "--yes"]) == 1
    said = capsys.readouterr().err  # DuckDB: checked before; PostgreSQL: pg_restore fails, all rolled back
    assert "bukan cadangan TPBIS" in said or "pg_restore gagal" in said
    if not databases.on_postgres():  # the DuckDB file's own cases
        # a second restore, in the same second, keeps what the first one kept
        assert backup.restore_main([str(target), "--db", location, "--yes"]) == 0
        assert backup.restore_main([str(target), "--db", location, "--yes"]) == 0
        assert len(list(tmp_path.glob("*.before-restore-*"))) == 3
        # a backup onto the database itself (the app would go on writing to a deleted file)
        assert backup.main([location, "--db", location, "--overwrite"]) == 1
        assert backup.main([location + ".wal", "--db", location, "--overwrite"]) == 1
        assert "berkas basis data itu sendiri" in capsys.readouterr().err
    with open_store(location) as store:
        assert accounts.users(store)["username"].tolist() == ["tetap"]


def test_shell_tasks_refuse_a_database_that_does_not_exist(tmp_path, capsys):
    missing = str(tmp_path / "salah-ketik.duckdb")
    assert backup.main([str(tmp_path / "x.backup"), "--db", missing]) == 1
    assert accounts.main(["add", "admin2", "--db", missing]) == 1
    assert "tidak ada" in capsys.readouterr().err and not Path(missing).exists()
    assert backup.main([str(tmp_path / "no-folder" / "x.backup"), "--db", missing]) == 1
    assert "Folder" in capsys.readouterr().err


@pytest.mark.skipif(databases.on_postgres(), reason="the running-app path is DuckDB's; pg_dump needs no app")
def test_the_running_app_logs_the_setup_link_and_takes_backups(demo_db, tmp_path, capsys):
    from tests.browser import running_app

    location = databases.copy_of(demo_db, tmp_path)
    with open_store(location) as store:
        store.migrate()
        store.execute("DELETE FROM app_user")
        libraries = int(store.scalar("SELECT count(*) FROM library"))
    log = tmp_path / "streamlit.log"
    # served on every address, as `make run` does: the backup request comes from ::ffff:127.0.0.1
    with running_app(location, log, address=None) as url:
        deadline = time.time() + 30
        while "no admin yet" not in log.read_text() and time.time() < deadline:
            time.sleep(0.2)
        link = re.search(r"tpbis: no admin yet — create the first one at (\S+) \(valid 24 h, once\)", log.read_text())
        port = url.rsplit(":", 1)[1]  # on every address the log names the machine as localhost
        own = rf"http://(?:127\.0\.0\.1|localhost):{port}/admin\?setup=[\w-]{{40,}}"
        assert link and re.fullmatch(own, link.group(1)), log.read_text()
        ticket = backup.token_file(location)
        assert ticket.stat().st_mode & 0o777 == 0o600
        target = tmp_path / "while-running.backup"
        assert backup.main([str(target), "--db", location]) == 0, capsys.readouterr().err
        assert "Backup saved" in capsys.readouterr().out
        assert backup.restore_main([str(target), "--db", location, "--yes"]) == 1
        assert "hentikan aplikasi dulu" in capsys.readouterr().err
    assert not ticket.exists()  # removed when the app stops
    fresh = tmp_path / "fresh.duckdb"
    backup.restore(str(fresh), target)
    with open_store(fresh) as restored:
        assert restored.scalar("SELECT count(*) FROM library") == libraries
        assert restored.scalar("SELECT count(*) FROM setup_token") == 1
    assert not list(Path(tmp_path).glob(".*.part"))


def test_the_warm_up_asks_the_questions_the_national_pages_ask(demo_db, monkeypatch):
    """A cold briefing page took 8 s at national scale when the warm-up asked for a deck the
    page no longer reads (7 s for the 38 provinces' briefing, which it did not ask for)."""
    import gc

    from tpbis import briefing
    from tpbis_ui import data, operations, warming

    asked, warmed = [], []
    # then the pages opened and the provinces' answers made, in the background
    monkeypatch.setattr(warming, "start", lambda db, own_url: warmed.append((db, own_url)))
    monkeypatch.setattr(data, "open_for", lambda location: SimpleNamespace(path="the database"))
    monkeypatch.setattr(data, "query", lambda question, filters, **options: asked.append((question, options)))
    gc.unfreeze()
    try:
        operations.warm_up(str(demo_db)).join()
        slides = [options["key"] for question, options in asked if question is briefing.programme_slide]
        assert slides == [*briefing.PROGRAMME_SLIDES] * 2  # both editions' national briefing
        assert gc.get_freeze_count() > 0  # what start-up made is kept out of full collections
        assert warmed == [("the database", operations.own_url())]
    finally:
        gc.unfreeze()
    page = (ROOT / "pages" / "briefing.py").read_text()
    assert "query(briefing.programme_slide, briefing.slide_filters(filters, slide_key), lang=" in page
    nation = Filters()  # the page asks about the nation as the warm-up does
    assert all(briefing.slide_filters(nation, key) == nation for key in briefing.PROGRAMME_SLIDES)

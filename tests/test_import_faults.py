"""Fault tests: an import killed in the middle of its apply leaves the store as it was."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd

from tests import databases
from tpbis.config import ROOT
from tpbis.store import Store, open_store

APPLY_IN_CHILD = textwrap.dedent("""
    import sys, pathlib
    from tpbis import accounts, importer
    from tpbis.store import Store, open_store
    store = open_store(sys.argv[1])
    accounts.save_user(store, "fault", "Fault test", "admin")
    data = pathlib.Path(sys.argv[2]).read_bytes()
    dry = importer.check(store, "kegiatan.csv", data)
    assert dry.ok, dry.problems[:3]
    pathlib.Path(sys.argv[3]).write_text("applying")   # the parent kills us from here on
    importer.apply(store, dry, accounts.User("fault", "Fault test", "admin"))
    pathlib.Path(sys.argv[3]).write_text("done")
""")


def _big_activity_file(store: Store, rows: int) -> bytes:
    libraries = store.query("SELECT library_code FROM library ORDER BY 1 LIMIT 500")["library_code"]
    frame = pd.DataFrame({
        "activity_code": [f"F{i}" for i in range(rows)],
        "library_code": libraries.iloc[[i % len(libraries) for i in range(rows)]].to_numpy(),
        "activity_date": "2024-06-01", "activity_type": "Literasi anak", "skill_category": "TIK",
        "title": "Uji gangguan", "participants_male": "3", "participants_female": "4", "partner": ""})
    return frame.to_csv(index=False).encode()


def test_killed_apply_changes_nothing(demo_db, tmp_path):
    database = databases.copy_of(demo_db, tmp_path)
    store = open_store(database)
    before = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log", "import_change")}
    (tmp_path / "kegiatan.csv").write_bytes(_big_activity_file(store, 100_000))
    store.close()

    marker = tmp_path / "state"
    child = subprocess.Popen([sys.executable, "-c", APPLY_IN_CHILD, str(database), str(tmp_path / "kegiatan.csv"),
                              str(marker)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.time() + 120
    while not (marker.exists() and marker.read_text() == "applying"):
        assert child.poll() is None and time.time() < deadline, "the import never reached its apply"
        time.sleep(0.01)
    time.sleep(0.2)  # well inside the apply of 100,000 rows
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert marker.read_text() == "applying", "the apply finished before the kill: make the file bigger"

    store = open_store(database)
    after = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("activity", "import_log", "import_change")}
    store.close()
    assert after == before

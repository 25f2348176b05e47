"""`make serve` under faults: two workers behind nginx on one PostgreSQL (tpbis/serve_workers.py),
with simulated users (../shared/tools/loadtest.py) while a worker is killed or PostgreSQL
restarts. Everything runs on free ports and in a temporary folder, and is stopped at the end."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import free_port
from tpbis import serve_workers
from tpbis.config import ROOT
from tpbis.serve_workers import LocalPostgres, Supervisor, site_config
from tpbis_ui import data

pytestmark = [pytest.mark.e2e, pytest.mark.serve]
LOADTEST = ROOT.parent / "shared" / "tools" / "loadtest.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_the_operator_example_is_generated_from_the_template():
    example = (ROOT / "deploy" / "nginx.conf").read_text()
    body = example.split("\n\n", 1)[1]  # after the header that says how it was made
    assert body == site_config(
        ["127.0.0.1:8601", "127.0.0.1:8602"],
        Path("/srv/tpbis/.venv/lib/python3.11/site-packages/streamlit/static/static"),
        server_name="tpbis.internal",
    )


def test_workers_keep_more_answers_than_one_process_for_everyone(tmp_path, monkeypatch):
    monkeypatch.delenv("TPBIS_ANSWERS_KEPT", raising=False)
    supervisor = Supervisor(argparse.Namespace(dir=tmp_path, first_worker_port=8601, workers=2))
    env = supervisor.worker_environment("postgresql://tpbis@db.internal/tpbis")
    assert int(env["TPBIS_ANSWERS_KEPT"]) > data.ANSWERS_KEPT == 1000
    unit = (ROOT / "deploy" / "tpbis-worker@.service").read_text()
    assert f"Environment=TPBIS_ANSWERS_KEPT={env['TPBIS_ANSWERS_KEPT']}\n" in unit
    assert env["MALLOC_ARENA_MAX"] == "2" and "Environment=MALLOC_ARENA_MAX=2\n" in unit
    assert "export MALLOC_ARENA_MAX ?= 2\n" in (ROOT / "Makefile").read_text()  # make run


def test_a_worker_for_every_processor_runs_one_page_at_a_time(tmp_path, monkeypatch):
    """Two runs interleaved in one worker each waited for the other, while the other workers
    had the other processors (README, Deployment); fewer workers keep the one-process default."""
    monkeypatch.delenv("TPBIS_PAGE_RUNS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def environment(workers: int) -> dict[str, str]:
        supervisor = Supervisor(argparse.Namespace(dir=tmp_path, first_worker_port=8601, workers=workers))
        return supervisor.worker_environment("postgresql://tpbis@db.internal/tpbis")

    assert environment(2)["TPBIS_PAGE_RUNS"] == "1"
    assert "TPBIS_PAGE_RUNS" not in environment(1)
    monkeypatch.setenv("TPBIS_PAGE_RUNS", "3")  # the operator's choice stands
    assert environment(2)["TPBIS_PAGE_RUNS"] == "3"
    assert "Environment=TPBIS_PAGE_RUNS=1\n" in (ROOT / "deploy" / "tpbis-worker@.service").read_text()


_THREADS_ALLOCATE = """
import sys, threading
kept, together = [], threading.Barrier(12)
def allocate():
    kept.append([bytes(4096) for _ in range(200)])  # past Python's own allocator: malloc's
    together.wait()  # all alive at once, as a busy server's page runs are
threads = [threading.Thread(target=allocate) for _ in range(12)]
for thread in threads: thread.start()
for thread in threads: thread.join()
heaps = 0
for line in open("/proc/self/maps"):
    start, perm, name = line.split("-")[0], line.split()[1], line.split()[5:]
    heaps += not name and perm.startswith("rw") and int(start, 16) % (64 << 20) == 0
print(heaps)
"""


def test_a_workers_threads_share_two_malloc_heaps():
    """glibc gave each of twelve threads a heap of its own (64 MB-aligned mappings); with the
    workers' FEWER_MALLOC_HEAPS they share two."""
    if not Path("/proc/self/maps").exists() or "glibc" not in " ".join(platform.libc_ver()):
        pytest.skip("glibc on Linux")
    bare = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}

    def heaps(env: dict) -> int:
        run = subprocess.run([sys.executable, "-c", _THREADS_ALLOCATE], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return int(run.stdout)

    assert heaps({**bare, **serve_workers.FEWER_MALLOC_HEAPS}) <= 2 < heaps(bare)


@pytest.fixture(scope="module")
def served():
    """`python -m tpbis.serve_workers` with 2 workers and its own PostgreSQL, programme-free
    (--demo none: loading the demo takes a minute), with six libraries added."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (make serve installs it)")
    if not LOADTEST.exists():
        pytest.skip(f"{LOADTEST} not found")
    folder = Path(tempfile.mkdtemp(prefix="tpbis-serve-test-"))
    folder.chmod(0o755)  # the postgres user must reach its data folder inside
    port, first, pg_port = free_port(), free_port(), free_port()
    while first + 1 in (port, pg_port):
        first = free_port()
    env = {**os.environ, "TPBIS_DATABASE_URL": "", "TPBIS_DATABASE_PATH": "", "TPBIS_DATABASE_POOL": "4"}
    env.pop("TPBIS_DATABASE_URL")
    log = (folder / "supervisor.log").open("w")
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "tpbis.serve_workers", "--workers", "2", "--port", str(port)]
        + ["--first-worker-port", str(first), "--dir", str(folder), "--pg-port", str(pg_port)]
        + ["--demo", "none", "--start-timeout", "90"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 110
        while "ready:" not in (folder / "supervisor.log").read_text():
            if supervisor.poll() is not None or time.time() > deadline:
                raise RuntimeError("make serve did not start:\n" + (folder / "supervisor.log").read_text()[-3000:])
            time.sleep(0.5)
        _add_libraries(LocalPostgres(folder / "postgres", pg_port).url())
        yield {"url": url, "dir": folder, "postgres": LocalPostgres(folder / "postgres", pg_port)}
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(60)
        except subprocess.TimeoutExpired:
            supervisor.kill()
        _kill_leftovers(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _add_libraries(url: str) -> None:
    from tests.fixtures import AS_OF, small_records
    from tpbis.loader import apply_records
    from tpbis.store import open_store

    with open_store(url) as store:
        apply_records(store, small_records(), {"as_of": AS_OF.isoformat()})


def _kill_leftovers(folder: Path) -> None:
    """Whatever a supervisor that did not stop cleanly left running."""
    state = folder / "state.json"
    if state.exists():
        pids = [*json.loads(state.read_text())["workers"].values(), json.loads(state.read_text())["nginx"]]
        for pid in filter(None, pids):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if (folder / "postgres" / "postmaster.pid").exists():
        pg = LocalPostgres.__new__(LocalPostgres)
        pg.data, pg.port, pg.bin = folder / "postgres", 0, LocalPostgres._find_bin()
        pg.stop()


def _worker_pids(folder: Path) -> dict[str, int]:
    return json.loads((folder / "state.json").read_text())["workers"]


def _users(url: str, folder: Path, seconds: float, users: int = 4) -> subprocess.Popen:
    """Simulated users (without a cookie nginx spreads them over both workers)."""
    out = folder / f"load-{time.monotonic_ns()}.json"
    process = subprocess.Popen(
        [sys.executable, str(LOADTEST), url, "--users", str(users), "--duration", str(seconds)]
        + ["--cooldown", "0", "--spawn", "3", "--timeout", "40", "--expect-all", "", "--keep-raw"]
        + ["--libraries", "L1,L2,L3", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.out = out  # type: ignore[attr-defined]
    return process


def _results(process: subprocess.Popen) -> tuple[dict, list[dict]]:
    output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output
    step = json.loads(process.out.read_text())["steps"][0]  # type: ignore[attr-defined]
    return step, step["raw"]


def _get(url: str, cookie: str | None = None) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"tpbis_worker={cookie}"} if cookie else {})
    with _no_proxy.open(request, timeout=10) as answer:
        ours = [c for c in answer.headers.get_all("Set-Cookie") or [] if c.startswith("tpbis_worker=")]
        return answer.headers["X-TPBIS-Worker"], "".join(ours)


def test_a_browser_stays_on_its_worker_and_new_ones_spread(served):
    first = [_get(served["url"] + "/") for _ in range(6)]
    assert {worker for worker, _ in first} == {"w1", "w2"}  # round-robin without a cookie
    assert all(cookie.startswith(f"tpbis_worker={worker};") and "HttpOnly" in cookie for worker, cookie in first)
    for worker in ("w1", "w2"):
        again = [_get(served["url"] + "/_stcore/health", cookie=worker) for _ in range(6)]
        assert again == [(worker, "")] * 6  # the same worker, and no new cookie
    static = next((ROOT / ".venv").glob("lib/python*/site-packages/streamlit/static/static/js/index.*.js"))
    request = urllib.request.Request(f"{served['url']}/static/js/{static.name}", headers={"Accept-Encoding": "gzip"})
    with _no_proxy.open(request, timeout=10) as answer:
        assert "immutable" in answer.headers["Cache-Control"]
        assert answer.headers["Content-Encoding"] == "gzip"
        assert answer.headers["X-TPBIS-Worker"] is None  # nginx served it itself


def _after(raw: list[dict], moment: float) -> list[dict]:
    """The actions that started at `moment` or later (each result is stamped when it ended)."""
    return [r for r in raw if r["t"] - r["latency"] >= moment]


def test_users_move_to_the_other_worker_when_theirs_is_killed(served):
    users = _users(served["url"], served["dir"], seconds=20)
    time.sleep(6)
    port, pid = sorted(_worker_pids(served["dir"]).items())[0]
    os.kill(pid, signal.SIGKILL)
    killed = time.time()
    step, raw = _results(users)
    cut_off = [r for r in raw if r["t"] >= killed and r["status"] == "disconnected"]
    assert cut_off, "no user was on the killed worker"  # the kill was felt...
    settled = [r for r in _after(raw, killed + 3) if r["label"] != "connect"]
    assert len([r for r in settled if r["status"] == "ok"]) >= 8, step  # ...and pages keep loading
    assert [r for r in settled if r["status"] != "ok"] == [], step["error_details"]
    reconnected = {r["user"] for r in _after(raw, killed) if r["status"] == "connected"}
    assert {r["user"] for r in cut_off} <= reconnected
    assert not [r for r in raw if r["status"] == "exception"], step["error_details"]
    log = (served["dir"] / "supervisor.log").read_text()
    assert f"worker {port} stopped" in log  # and the supervisor started it again


def test_workers_recover_when_postgresql_restarts(served):
    users = _users(served["url"], served["dir"], seconds=20)
    time.sleep(6)
    restarted = time.time()
    restart = threading.Thread(target=served["postgres"].restart)
    restart.start()
    restart.join(60)
    back = time.time()
    step, raw = _results(users)
    assert not [r for r in raw if r["status"] == "exception"], step["error_details"]  # no traceback shown
    settled = [r for r in _after(raw, back + 1) if r["label"] != "connect"]
    assert len([r for r in settled if r["status"] == "ok"]) >= 8, step
    assert [r for r in settled if r["status"] != "ok"] == [], step["error_details"]
    assert back - restarted < 30

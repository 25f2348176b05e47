"""Many users at once, side by side in one run: the bare-Streamlit floor, `make run` (one
process, DuckDB) and `make serve` (N workers behind nginx, PostgreSQL).

    python bench/load_bench.py [--scale programme|national] [--users 1,10,25,50,100] [--duration 60]
                               [--workers N] [--targets floor,run,serve] [--out bench/results/load.json]
                               [--keep DIR] [--warm-wait 900]

Simulated users speak Streamlit's own WebSocket protocol (../shared/tools/loadtest.py: each
opens a session, asks for a page, waits for script_finished, thinks 1-3 s, switches page or
area). For each target and user count it prints req/s, p50/p95/p99, errors and timeouts, and
server memory; while 50 users run, a real Chromium (../shared/tools/pageprobe.py) opens the
overview cold and the time until it is idle and the bytes it moved are recorded. The targets
of the scale issue, for `make serve` on this 2-core machine: p50 and p95 at 50 users each at
most 3x the floor's, 0 timeouts and 0 errors at 100 users, Chromium's first page within 4 s
during the 50-user load, a cold page load under 3 MB. Ratios are printed; compare those, not
the milliseconds, which depend on the machine and its other load.

The national scale (83,441 libraries, ~5 million activities) is built once into var/bench/
(DuckDB) and var/bench/serve-national (PostgreSQL), which takes a while the first time: each
target's start-up time is recorded (startup_s). The load on `make run` and `make serve` begins
once each of their processes has logged that its start-up warming is done (warmed_s; at most
--warm-wait seconds, 0 for none). --keep DIR keeps the servers' logs and loadtest's JSON there
instead of in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools"
sys.path.insert(0, str(ROOT))

from tests.browser import free_port, streamlit_command  # noqa: E402
from tpbis.serve_workers import FEWER_MALLOC_HEAPS, healthy  # noqa: E402

PY = sys.executable
BENCH = ROOT / "var" / "bench"
HELLO = ROOT / "bench" / "hello_app.py"


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float, ready: tuple[Path, str] | None) -> None:
    """Until url answers /_stcore/health; with `ready` (log, text), not before the log says text."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped (exit {process.returncode})")
        if ready and ready[1] not in ready[0].read_text():
            time.sleep(0.5)
            continue
        if healthy(url):
            return
        time.sleep(0.5)
    raise RuntimeError(f"{url}: not healthy after {seconds:.0f} s")


WARMED = "tpbis: made ahead after start"  # tpbis_ui/warming.py logs it once a process's start-up warming is done


def _wait_warmed(logs: dict[Path, int], seconds: float) -> float | None:
    """Until each log (from its offset: serve's worker logs are appended to) says WARMED: what
    officials meet after a meeting is a server that has been up for hours. Seconds waited, or
    None when one did not say it in time (the load then starts anyway)."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if all(WARMED in log.read_text(errors="replace")[offset:] for log, offset in logs.items() if log.exists()):
            return round(time.perf_counter() - started, 1)
        time.sleep(1)
    return None


def _log_sizes(folder: Path) -> dict[Path, int]:
    return {log: log.stat().st_size for log in folder.glob("worker-*.log")}


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def _server(command: list[str], env: dict, log: Path, health: str, seconds: float = 600, ready: str = ""):
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        started = time.perf_counter()
        _wait_healthy(health, process, seconds, (log, ready) if ready else None)
        process.startup_s = round(time.perf_counter() - started, 1)
        yield process
    finally:
        _stop(process)


def duckdb_database(scale: str, folder: Path) -> Path:
    """A copy of the scale's DuckDB database (the app holds its file while it runs)."""
    source = ROOT / "var" / "tpbis.duckdb" if scale == "programme" else BENCH / "national.duckdb"
    if not source.exists():
        BENCH.mkdir(parents=True, exist_ok=True)
        subprocess.run([PY, "-m", "tpbis.cli", "bootstrap", "--db", str(source), "--demo", scale], cwd=ROOT, check=True)
    copy = folder / "app.duckdb"
    shutil.copy(source, copy)
    return copy


def loadtest(
    url: str, scenario: str, users: str, duration: float, out: Path, pid: int | None = None, timing: Path | None = None
) -> dict:
    command = [
        PY,
        str(TOOLS / "loadtest.py"),
        url,
        "--scenario",
        scenario,
        "--users",
        users,
        "--duration",
        str(duration),
        "--cooldown",
        "5",
        "--out",
        str(out),
    ]
    if pid:
        command += ["--pid", str(pid)]
    if timing:
        command += ["--server-timing", str(timing)]
    subprocess.run(command, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def chromium_during_load(url: str, scenario: str, duration: float, out: Path, probe_path: str) -> dict:
    """Chromium's cold page while 50 simulated users run: load_ms and bytes, as pageprobe measures."""
    load = threading.Thread(target=loadtest, args=(url, scenario, "50", duration, out))
    load.start()
    time.sleep(min(15.0, duration / 3))
    probe = subprocess.run(
        [PY, str(TOOLS / "pageprobe.py"), url + probe_path, "--json", "--timeout", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    load.join()
    try:
        answer = json.loads(probe.stdout)
        return {**answer["runs"][0], "ok": answer["ok"]}  # one run: load_ms, bytes, failure, errors
    except (ValueError, KeyError, IndexError):
        return {"failure": (probe.stdout + probe.stderr)[-500:], "ok": False}


def _rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        except OSError:
            pass
    return sizes


def run_target(name: str, args, folder: Path) -> dict:
    serve_dir = BENCH / f"serve-{args.scale}"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    timing = folder / f"{name}-timing.log"
    if name == "floor":
        context = _server(streamlit_command(HELLO, port), {}, folder / "floor.log", url)
        scenario, probe_path = "hello", "/"
    elif name == "run":
        database = duckdb_database(args.scale, folder)
        env = {
            **FEWER_MALLOC_HEAPS,  # as `make run` sets it
            "TPBIS_DATABASE_PATH": str(database),
            "TPBIS_DATABASE_URL": "",
            "TPBIS_TIMING_LOG": str(timing),
        }
        context = _server(streamlit_command(ROOT / "serve.py", port), env, folder / "run.log", url)
        scenario, probe_path = "tpbis", "/"
    else:
        command = [
            PY,
            "-m",
            "tpbis.serve_workers",
            "--workers",
            str(args.workers),
            "--port",
            str(port),
            "--first-worker-port",
            str(free_port()),
            "--dir",
            str(serve_dir),
            "--pg-port",
            "54331",
            "--demo",
            args.scale,
        ]
        context = _server(
            command,
            {"TPBIS_DATABASE_URL": "", "TPBIS_TIMING_LOG": str(timing)},
            folder / "serve.log",
            url,
            seconds=3600,
            # nginx before its workers answers 502 and marks them down; loadtest's WebSockets hold
            # that mark (a connection resets it only when it closes), and new ones get 502 for long
            ready="tpbis serve: ready",
        )
        scenario, probe_path = "tpbis", "/"
    before = _log_sizes(serve_dir) if name == "serve" else {}
    with context as process:
        pid, workers = process.pid, 1
        warmed_s = None
        if name == "serve":  # the supervisor uses no memory worth counting: sample its first worker
            pids = _workers(serve_dir)
            pid, workers = next(iter(pids.values())), len(pids)
            logs = [serve_dir / f"worker-{port}.log" for port in pids]
            warmed_s = _wait_warmed({log: before.get(log, 0) for log in logs}, args.warm_wait)
        elif name == "run":
            warmed_s = _wait_warmed({folder / "run.log": 0}, args.warm_wait)
        result = {
            "startup_s": process.startup_s,
            "warmed_s": warmed_s,
            "workers": workers,
            "steps": loadtest(
                url,
                scenario,
                args.users,
                args.duration,
                folder / f"{name}.json",
                pid=pid,
                timing=timing if name != "floor" else None,
            )["steps"],
        }
        result["chromium_during_50"] = chromium_during_load(
            url, scenario, args.duration, folder / f"{name}-during.json", probe_path
        )
        result["worker_rss_mb"] = _rss_mb(list(_workers(serve_dir).values()) if name == "serve" else [process.pid])
    return result


def _workers(serve_dir: Path) -> dict[str, int]:
    """make serve's workers: port -> pid (its state file)."""
    return json.loads((serve_dir / "state.json").read_text())["workers"]


def _step(result: dict, users: int) -> dict | None:
    return next((s for s in result["steps"] if s["users"] == users), None)


def _errors(step: dict) -> int:
    return sum(v for k, v in step["errors"].items() if k != "timeout")


def _verdict(value: float, limit: float, over: str) -> str:
    """'met', or how far value is over limit: `over` formats the difference, e.g. '{:,.0f} ms'."""
    if value <= limit:
        return "met"
    return f"MISSED by {over.format(value - limit)} ({value / limit:.1f} times the target)"


def report(results: dict) -> None:
    print("\n| target | users | req/s | p50 ms | p95 ms | p99 ms | errors | timeouts |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        for step in result["steps"]:
            latency = step["latency"]
            print(
                f"| {name} | {step['users']} | {step['rps']} | {latency.get('p50_ms')} | {latency.get('p95_ms')} | "
                f"{latency.get('p99_ms')} | {_errors(step)} | {step['errors'].get('timeout', 0)} |"
            )
    print("\nThe targets are those of `make serve`; `run` is held to them for comparison.")
    floor = results.get("floor")
    floor50 = _step(floor, 50) if floor else None
    for name, result in results.items():
        warmed = result.get("warmed_s")
        after = (
            ""
            if name == "floor"
            else f"; load began {warmed} s later, its start-up warming done"
            if warmed is not None
            else "; load began before its start-up warming was done"
        )
        print(f"\n{name} (started in {result.get('startup_s')} s{after}, {result.get('workers')} worker(s)):")
        at50 = _step(result, 50)
        if name != "floor" and not (at50 and floor50):
            print("  no 50-user step of both it and the floor: no ratios")
        elif name != "floor":
            for q in ("p50", "p95"):
                ms, floor_ms = at50["latency"].get(f"{q}_ms"), floor50["latency"].get(f"{q}_ms")
                if ms is None or floor_ms is None:
                    print(f"  50 users, {q}: no answer to compare")
                    continue
                ratio = ms / max(floor_ms, 1)
                print(
                    f"  50 users, {q}: {ms} ms = {ratio:.2f}x the floor's {floor_ms} ms (target <= 3x): "
                    f"{_verdict(ratio, 3, '{:.2f}')}"
                )
        at100 = _step(result, 100)
        if name != "floor" and at100:
            timeouts, errors = at100["errors"].get("timeout", 0), _errors(at100)
            print(
                f"  100 users: {timeouts} timeouts, {errors} errors {at100['errors'] or ''}".rstrip()
                + " (target 0 each): "
                + ("met" if timeouts + errors == 0 else f"MISSED by {timeouts + errors}")
            )
            for detail, count in at100.get("error_details", {}).items():
                print(f"    {count} x {detail}")
        probe = result.get("chromium_during_50", {})
        if probe.get("load_ms") is not None:
            megabytes = probe["bytes"] / 1e6
            print(
                f"  Chromium's first page during 50 users: {probe['load_ms']:,} ms (target <= 4,000 ms): "
                f"{_verdict(probe['load_ms'], 4000, '{:,.0f} ms')}; {megabytes:.2f} MB moved (target <= 3 MB): "
                f"{_verdict(megabytes, 3, '{:.2f} MB')}"
            )
        for problem in [probe.get("failure")] + probe.get("console_errors", []) + probe.get("exceptions", []):
            if problem:
                print(f"  Chromium: {problem}")
        peaks = {s["users"]: s["rss_mb"]["peak"] for s in result["steps"] if s.get("rss_mb")}
        per_session = at100.get("rss_per_user_mb") if at100 else None
        if per_session is not None:  # users are spread over the workers: one worker holds 1/N of them
            per_session = round(per_session * result.get("workers", 1), 2)
        print(
            f"  RSS MB per worker after the runs: {result.get('worker_rss_mb')}; "
            f"{'first worker' if name == 'serve' else 'process'} peak by users {peaks}"
            + (f"; per session at 100 users ~{per_session} MB" if per_session is not None else "")
        )
        loads = ", ".join(f"{s['users']}: {s['load_before'][0]}->{s['load_end'][0]}" for s in result["steps"])
        print(f"  load average (1 min) before->after each step: {loads}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["programme", "national"], default="national")
    parser.add_argument("--users", default="1,10,25,50,100")
    parser.add_argument("--duration", type=float, default=60, help="seconds per user count")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--targets", default="floor,run,serve")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"))
    parser.add_argument("--keep", metavar="DIR", help="keep the servers' logs and loadtest's JSON here")
    parser.add_argument(
        "--warm-wait", type=float, default=900, help="seconds at most to wait for the start-up warming (0: none)"
    )
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in args.targets.split(","):
            print(f"== {name} ({args.scale} scale)", flush=True)
            results[name] = run_target(name, args, folder)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"scale": args.scale, "args": vars(args), "results": results}, indent=1, default=str)
    )
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Several app workers behind nginx on one machine, sharing one PostgreSQL: `make serve`.

    python -m tpbis.serve_workers [--workers N] [--port 8501] [--first-worker-port 8601]
                                  [--dir var/serve] [--pg-port 54330] [--demo programme|none]
    python -m tpbis.serve_workers --print-config [--worker HOST:PORT ...] [--listen 80]
                                  [--server-name NAME] [--tls-certificate CRT --tls-key KEY]

Starts, as its own children: N Streamlit processes (`streamlit run serve.py`, ports
first-worker-port…), nginx from Debian's package in front of them (config written from
deploy/nginx-main.conf.in and deploy/nginx-site.conf.in into --dir, which also holds its pid,
logs and temporary files) and, unless TPBIS_DATABASE_URL is set, a PostgreSQL server from
Debian's packages with its data in --dir/postgres (created, and loaded with the programme demo,
on first start). A worker that dies is started again. Ctrl-C or SIGTERM stops everything.
--print-config only prints a site configuration for an operator's own nginx.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tpbis.config import ROOT

# glibc gives each thread that allocates a heap of its own (up to 8 per core), and Streamlit runs
# every page run in a new thread: a national process under 15 users held ~20, their freed pages
# resident. With two, side by side under the same load, 552 MB at the peak against 581 MB, the
# same times (Python runs one thread at a time). Read at the process's start: `make run`, the
# systemd unit and bench/load_bench.py set it too.
FEWER_MALLOC_HEAPS = {"MALLOC_ARENA_MAX": "2"}


DEPLOY = ROOT / "deploy"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
COMPRESSED_TYPES = "application/javascript text/javascript text/css application/json image/svg+xml"
_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # only ever 127.0.0.1


def static_dir() -> Path:
    """Streamlit's hashed JavaScript, CSS and fonts in the installed package."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace(f"@@{key}@@", value)
    left = re.findall(r"@@\w+@@", template)
    if left:
        raise ValueError(f"template placeholders without a value: {left}")
    return template


def site_config(
    workers: list[str],
    static: Path,
    listen: str = "80",
    server_name: str = "_",
    brotli: bool = False,
    tls: tuple[str, str] | None = None,
) -> str:
    """nginx's http-level configuration for these workers (HOST:PORT each), from the template."""
    names = [f"w{i}" for i in range(1, len(workers) + 1)]
    groups = ["upstream tpbis_any {"] + [f"    server {w};" for w in workers] + ["}"]
    for name, primary in zip(names, workers):
        groups.append(f"upstream tpbis_{name} {{")
        groups.append(f"    server {primary};")
        groups += [f"    server {other} backup;" for other in workers if other != primary]
        groups.append("}")
    if tls:
        listen_lines = (
            f"    listen {listen} ssl;\n    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;"
        )
    else:
        listen_lines = f"    listen {listen};"
    brotli_lines = (
        f"    brotli on;\n    brotli_min_length 1024;\n    brotli_types {COMPRESSED_TYPES};"
        if brotli
        else "    # brotli: off (Debian's libnginx-mod-http-brotli-filter is not installed)"
    )
    return _fill(
        (DEPLOY / "nginx-site.conf.in").read_text(),
        {
            "UPSTREAMS": "\n".join(groups),
            "COOKIE_TO_GROUP": "\n".join(f"    {n} tpbis_{n};" for n in names),
            "ADDRESS_TO_NAME": "\n".join(f'    "~(^|[ ,]){re.escape(w)}$" {n};' for n, w in zip(names, workers)),
            "LISTEN": listen_lines,
            "SERVER_NAME": server_name,
            "BROTLI": brotli_lines,
            "STATIC": str(static),
        },
    )


def main_config(run_dir: Path, brotli: bool) -> str:
    load = f"load_module {BROTLI_MODULE};" if brotli else "# (no extra modules)"
    return _fill((DEPLOY / "nginx-main.conf.in").read_text(), {"DIR": str(run_dir), "LOAD_MODULES": load})


def say(line: str) -> None:
    print(f"tpbis serve: {line}", flush=True)


def _is_root() -> bool:
    return os.geteuid() == 0


def _apt_install(*packages: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, stdout=subprocess.DEVNULL)


def find_nginx() -> str:
    """Debian's nginx, installed with apt-get when missing and running as root."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if not _is_root():
        raise SystemExit(
            "nginx tidak ditemukan: jalankan 'sudo apt-get install -y nginx libnginx-mod-http-brotli-filter'."
        )
    say("installing nginx from Debian's packages")
    _apt_install("nginx")
    try:  # smaller JavaScript for browsers that ask for brotli; gzip does without it
        _apt_install("libnginx-mod-http-brotli-filter")
    except subprocess.CalledProcessError:
        say("brotli module not available: gzip only")
    return shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class LocalPostgres:
    """A PostgreSQL server from Debian's packages with its data in `data`, on 127.0.0.1:port."""

    data: Path
    port: int
    bin: Path = field(init=False)

    def __post_init__(self):
        self.bin = self._find_bin()

    @staticmethod
    def _find_bin() -> Path:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if found:
            return found[-1]
        if not _is_root():
            raise SystemExit("PostgreSQL tidak ditemukan: jalankan 'sudo apt-get install -y postgresql'.")
        say("installing PostgreSQL from Debian's packages")
        _apt_install("postgresql")
        return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]

    def _as_owner(self, *command, **kwargs):  # PostgreSQL refuses to run as root
        prefix = ["runuser", "-u", "postgres", "--"] if _is_root() else []
        return subprocess.run([*prefix, *map(str, command)], **kwargs)

    def url(self, database: str = "tpbis") -> str:
        return f"postgresql://tpbis@127.0.0.1:{self.port}/{database}"

    def running(self) -> bool:
        done = self._as_owner(self.bin / "pg_ctl", "-D", self.data, "status", capture_output=True)
        return done.returncode == 0

    def start(self, max_connections: int) -> None:
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(parents=True, exist_ok=True)
            if _is_root():
                shutil.chown(self.data, "postgres", "postgres")
            self._as_owner(
                self.bin / "initdb",
                *("-D", self.data, "-U", "tpbis", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if self.running():  # left over from a run that was killed: start afresh with this sizing
            self.stop()
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections={max_connections}"
        self._as_owner(
            self.bin / "pg_ctl",
            *("-D", self.data, "-l", self.data / "server.log", "-w", "start", "-o", options),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def restart(self) -> None:
        self._as_owner(self.bin / "pg_ctl", "-D", self.data, "-w", "-m", "fast", "restart", check=True)

    def stop(self) -> None:
        self._as_owner(
            self.bin / "pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop", capture_output=True, timeout=60
        )

    def create_database(self, name: str = "tpbis") -> bool:
        """Creates the database unless it exists; True when it is new."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            if con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                return False
            con.execute(f"CREATE DATABASE {name}")
            return True

    def drop_database(self, name: str = "tpbis") -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with _no_proxy.open(f"{url}/_stcore/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


class Supervisor:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.dir: Path = Path(args.dir).resolve()
        self.ports = [args.first_worker_port + i for i in range(args.workers)]
        self.workers: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.postgres: LocalPostgres | None = None
        self.stopping = False
        self.env: dict[str, str] = {}

    # -- parts -------------------------------------------------------------------------------

    def database(self) -> str:
        if os.environ.get("TPBIS_DATABASE_URL"):
            say("database: TPBIS_DATABASE_URL (PostgreSQL max_connections must exceed workers × pool)")
            return os.environ["TPBIS_DATABASE_URL"]
        pool = int(os.environ.get("TPBIS_DATABASE_POOL", "10"))
        max_connections = self.args.workers * pool + 20  # + bootstrap, `tpbis` commands, psql
        self.postgres = LocalPostgres(self.dir / "postgres", self.args.pg_port)
        self.postgres.start(max_connections)
        url = self.postgres.url()
        where = _shown(self.postgres.data)
        if self.postgres.create_database():
            try:
                subprocess.run(
                    [sys.executable, "-m", "tpbis.cli", "bootstrap", "--db", url, "--demo", self.args.demo],
                    cwd=ROOT,
                    check=True,
                )
            except BaseException:
                self.postgres.drop_database()  # so that the next start loads it again
                raise
            loaded = "demo data loaded" if self.args.demo != "none" else "no demo data"
            say(f"local PostgreSQL in {where} (new database, {loaded}), {url}")
        else:
            say(f"local PostgreSQL in {where} (existing database), {url}")
        say(
            f"PostgreSQL max_connections={max_connections}: {self.args.workers} workers × "
            f"TPBIS_DATABASE_POOL={pool}, + 20"
        )
        return url

    def write_nginx_config(self) -> tuple[Path, bool]:
        brotli = BROTLI_MODULE.exists()
        (self.dir / "nginx-temp").mkdir(parents=True, exist_ok=True)
        site = site_config(
            [f"127.0.0.1:{p}" for p in self.ports], static_dir(), listen=f"127.0.0.1:{self.args.port}", brotli=brotli
        )
        (self.dir / "nginx-site.conf").write_text(site)
        main = self.dir / "nginx.conf"
        main.write_text(main_config(self.dir, brotli))
        return main, brotli

    def worker_environment(self, database_url: str) -> dict[str, str]:
        return {
            **FEWER_MALLOC_HEAPS,
            **os.environ,
            "TPBIS_DATABASE_URL": database_url,
            "TPBIS_DATABASE_PATH": "",
            "TPBIS_CLIENT_ADDRESS_HEADER": "X-Real-IP",  # nginx sets it; the connection is nginx's
            "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret(),
            # a worker serves its share of the sessions: room for more answers (tpbis_ui/data.py)
            "TPBIS_ANSWERS_KEPT": os.environ.get("TPBIS_ANSWERS_KEPT", "2500"),
            **self.page_runs(),
        }

    def page_runs(self) -> dict[str, str]:
        """With a worker for every processor, one page run at a time in each: two interleaved in
        one worker each waited for the other (README, Deployment). Fewer workers keep the
        default of one process (tpbis_ui/page_runs.py), which uses a second processor."""
        if "TPBIS_PAGE_RUNS" in os.environ or len(self.ports) < (os.cpu_count() or 1):
            return {}
        return {"TPBIS_PAGE_RUNS": "1"}

    def cookie_secret(self) -> str:
        """One secret for every worker: Streamlit's XSRF cookie from one worker is then accepted
        by another after a failover (uploads keep working)."""
        path = self.dir / "cookie-secret"
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()

    def start_worker(self, port: int) -> None:
        log = (self.dir / f"worker-{port}.log").open("a")
        self.workers[port] = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)]
            + ["--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this supervisor, which stops things in order
        )
        log.close()

    def write_state(self) -> None:
        state = {
            "supervisor": os.getpid(),
            "workers": {str(p): w.pid for p, w in self.workers.items()},
            "nginx": self.nginx.pid if self.nginx else None,
            "postgres": str(self.postgres.data) if self.postgres else None,
            "url": f"http://127.0.0.1:{self.args.port}",
        }
        tmp = self.dir / "state.json.tmp"
        tmp.write_text(json.dumps(state))
        tmp.replace(self.dir / "state.json")

    # -- the run ------------------------------------------------------------------------------

    def run(self) -> int:
        self.dir.mkdir(parents=True, exist_ok=True)
        nginx = find_nginx()
        self.env = self.worker_environment(self.database())
        config, brotli = self.write_nginx_config()
        subprocess.run([nginx, "-t", "-q", "-c", str(config), "-p", str(self.dir)], check=True)
        for port in self.ports:
            self.start_worker(port)
        nginx_log = (self.dir / "nginx-error.log").open("a")
        self.nginx = subprocess.Popen(
            [nginx, "-c", str(config), "-p", str(self.dir)], stderr=nginx_log, start_new_session=True
        )
        nginx_log.close()
        self.write_state()
        deadline = time.monotonic() + self.args.start_timeout
        waiting = set(self.ports)
        while waiting:
            waiting = {p for p in waiting if not healthy(f"http://127.0.0.1:{p}")}
            for port in waiting:
                if self.workers[port].poll() is not None:
                    raise SystemExit(f"worker {port} stopped while starting: see {self.dir}/worker-{port}.log")
            if self.nginx.poll() is not None:
                raise SystemExit(f"nginx stopped: see {self.dir}/nginx-error.log")
            if waiting and time.monotonic() > deadline:
                raise SystemExit(f"workers {sorted(waiting)} not healthy after {self.args.start_timeout:.0f} s")
            time.sleep(0.3)
        public = f"http://127.0.0.1:{self.args.port}"
        # A request that reached nginx before the workers were up marks them down for nginx's
        # fail_timeout (10 s): give it that long before calling nginx broken.
        settle = time.monotonic() + 12
        while not healthy(public):
            if time.monotonic() > settle:
                raise SystemExit(f"nginx does not answer on {public}: see {self.dir}/nginx-error.log")
            time.sleep(0.5)
        say(
            f"{len(self.ports)} workers on 127.0.0.1:{self.ports[0]}–{self.ports[-1]} behind nginx "
            f"(gzip{', brotli' if brotli else ''}, static files, sticky cookie tpbis_worker); "
            f"config, logs and pids in {_shown(self.dir)}"
        )
        say(f"ready: {public}   (Ctrl-C stops everything)")
        while not self.stopping:
            for port, worker in list(self.workers.items()):
                if worker.poll() is not None and not self.stopping:
                    say(f"worker {port} stopped (exit {worker.returncode}); starting it again")
                    self.start_worker(port)
                    self.write_state()
            if self.nginx.poll() is not None and not self.stopping:
                raise SystemExit(f"nginx stopped (exit {self.nginx.returncode}): see {self.dir}/nginx-error.log")
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        self.stopping = True
        children = [*self.workers.values(), *([self.nginx] if self.nginx else [])]
        for child in children:
            if child.poll() is None:
                child.terminate()  # nginx: fast shutdown; Streamlit: closes its sessions
        for child in children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if self.postgres:
            self.postgres.stop()
        (self.dir / "state.json").unlink(missing_ok=True)
        say("stopped workers, nginx" + (" and PostgreSQL" if self.postgres else ""))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _stop_on_signal(supervisor: Supervisor):
    def handler(signum, frame):
        supervisor.stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8501, help="where nginx listens (127.0.0.1)")
    parser.add_argument("--first-worker-port", type=int, default=8601)
    parser.add_argument("--dir", default=str(ROOT / "var" / "serve"), help="config, logs, pids, PostgreSQL data")
    parser.add_argument("--pg-port", type=int, default=54330)
    parser.add_argument("--demo", choices=["programme", "national", "none"], default="programme")
    parser.add_argument("--start-timeout", type=float, default=180)
    config = parser.add_argument_group("--print-config: a site configuration for your own nginx")
    config.add_argument("--print-config", action="store_true")
    config.add_argument("--worker", action="append", metavar="HOST:PORT", help="repeat per worker")
    config.add_argument("--listen", default="80")
    config.add_argument("--server-name", default="_")
    config.add_argument("--tls-certificate")
    config.add_argument("--tls-key")
    config.add_argument("--static", help="Streamlit's static/static folder (default: this venv's)")
    config.add_argument("--brotli", action="store_true", help="needs libnginx-mod-http-brotli-filter")
    args = parser.parse_args(argv)
    if args.print_config:
        workers = args.worker or [f"127.0.0.1:{args.first_worker_port + i}" for i in range(args.workers)]
        tls = (args.tls_certificate, args.tls_key) if args.tls_certificate else None
        static = Path(args.static) if args.static else static_dir()
        print(site_config(workers, static, args.listen, args.server_name, args.brotli, tls), end="")
        return 0
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    supervisor = Supervisor(args)
    _stop_on_signal(supervisor)
    try:
        return supervisor.run()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut the clean-up short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())

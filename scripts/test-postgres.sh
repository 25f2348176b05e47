#!/usr/bin/env bash
# A private PostgreSQL server from Debian's packages for the test suite, started if it is not
# running; prints the URL the tests use. Idempotent: a second call only prints the URL.
# With --fresh (make test), a running server is stopped and its data removed first: a new
# cluster takes ~2 s, dropping the databases of an earlier run took 28-55 s.
set -euo pipefail
port="${TPBIS_TEST_PG_PORT:-54329}"
data="${TPBIS_TEST_PG_DIR:-/tmp/tpbis-test-postgres}"
url="postgresql://tpbis@127.0.0.1:${port}/postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    else
        echo "PostgreSQL tidak ditemukan: jalankan 'sudo apt-get install -y postgresql'." >&2; exit 1
    fi
fi

as_owner() {  # PostgreSQL refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = --fresh ] && [ -f "$data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data"
fi
if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres: "$data"
    as_owner "$bin/initdb" -D "$data" -U tpbis --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w start \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null
fi
echo "$url"

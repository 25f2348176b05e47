#!/usr/bin/env bash
# `make test`: the whole suite on DuckDB and, at the same time, all but the browser tests (run
# once) on a private PostgreSQL server. The browser tests mostly wait, so on 2 cores the two
# runs overlap well. The PostgreSQL run's output is shown after the DuckDB run's. Fails when
# either run fails. Arguments go to both pytest runs.
set -uo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
log=var/test-postgres.log
mkdir -p var

server=$(scripts/test-postgres.sh) || exit 1
started=$(date +%s)
echo "== tests on PostgreSQL, in the background, output in $log ($(date +%T))"
TPBIS_TEST_POSTGRES=$server $py -m pytest -m "not e2e" --durations=15 "$@" >"$log" 2>&1 &
postgres=$!
trap 'kill $postgres 2>/dev/null' EXIT  # on Ctrl-C: the background run ignores it

echo "== tests on DuckDB ($(date +%T))"
$py -m pytest --durations=25 "$@"
duckdb_status=$?
echo "== tests on DuckDB done after $(($(date +%s) - started)) s"
wait $postgres
postgres_status=$?
finished=$(stat -c %Y "$log")  # the log's last write is the run's end
echo "== tests on PostgreSQL done after $((finished - started)) s; its output:"
cat "$log"
echo "== done ($(date +%T)): DuckDB exit $duckdb_status, PostgreSQL exit $postgres_status"
[ $duckdb_status = 0 ] && [ $postgres_status = 0 ]

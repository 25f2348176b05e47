#!/usr/bin/env bash
# `make test`: three pytest runs side by side: the browser tests (once, on DuckDB), all other
# tests on DuckDB, and on a private PostgreSQL server the tests that write or check a database
# (tests/conftest.py, _runs_on_postgres) with make serve's own tests. The
# browser tests mostly wait on the app and Chromium, so on 2 cores the three overlap well.
# Each run's output is shown when all are done, with its time and slowest tests. Fails when
# any run fails. Arguments go to every run.
set -uo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
mkdir -p var/test-runs

server=$(scripts/test-postgres.sh --fresh) || exit 1
started=$(date +%s)
pids=()
run() {  # name, then pytest arguments
    local name=$1
    shift
    (
        $py -m pytest --basetemp="var/test-runs/$name" -p no:cacheprovider "$@" >"var/test-runs/$name.log" 2>&1
        status=$?
        echo "$status $(($(date +%s) - started))" >"var/test-runs/$name.status"
    ) &
    pids+=($!)
}
trap 'kill "${pids[@]}" 2>/dev/null' EXIT  # on Ctrl-C: background runs ignore it

echo "== three test runs from $(date +%T): browser (DuckDB), DuckDB, PostgreSQL; logs in var/test-runs/"
rm -f var/test-runs/*.status var/test-runs/demo.duckdb*
export TPBIS_TEST_SHARED_DEMO=$PWD/var/test-runs/demo.duckdb  # built by the first DuckDB run that needs it
# A browser test that timed out (the app or Chromium starved of CPU by the other two runs) runs
# once more; the log's short summary names it (RERUN), so a test that often needs it is seen.
run browser -m "e2e and not serve" --durations=10 --reruns 1 --only-rerun TimeoutError -raR "$@"
run duckdb -m "not e2e" --durations=15 "$@"
TPBIS_TEST_POSTGRES=$server run postgres -m "not e2e or both_backends or serve" --durations=10 --reruns 1 --only-rerun TimeoutError -raR "$@"
wait "${pids[@]}"

failed=0
ran=0
for name in browser duckdb postgres; do
    read -r status seconds <"var/test-runs/$name.status" || { status=1; seconds="?"; }
    echo "== tests: $name, exit $status after $seconds s; its output:"
    cat "var/test-runs/$name.log"
    case $status in
        0) ran=1 ;;
        5) ;;  # nothing of this kind among the tests asked for
        *) failed=1 ;;
    esac
done
echo "== done ($(date +%T)) after $(($(date +%s) - started)) s"
[ $failed = 0 ] && [ $ran = 1 ]

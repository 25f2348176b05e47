"""Library search benchmark: find a library by name, village or code among ~83,000.

    .venv/bin/python bench/search_bench.py

On the national-scale demo database (built by bench/map_bench.py, or here if missing), times
tpbis.profile.search for 40 queries (village names, partial names, codes) against a naive
baseline measured in the same run: reading the whole library list into pandas and filtering
it with str.contains. Prints p50/p95 of each and their ratio. Target: p95 well under 1 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.map_bench import DATABASE, ensure_database  # noqa: E402
from tpbis import profile  # noqa: E402
from tpbis.store import Store, open_store  # noqa: E402


def naive_search(store: Store, text: str):
    every = store.query("""SELECT l.library_code, l.name, v.name AS village, r.name AS regency
                           FROM library l JOIN village v ON v.code = l.village_code
                           JOIN regency r ON r.code = l.regency_code""")
    needle = text.lower()
    hit = (
        every["name"].str.lower().str.contains(needle, regex=False)
        | every["village"].str.lower().str.contains(needle, regex=False)
        | every["library_code"].str.lower().str.contains(needle, regex=False)
    )
    return every[hit].sort_values("name").head(20)


def timed(function, store, queries) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        function(store, query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    ensure_database()
    store = open_store(DATABASE, read_only=True)
    sample = store.query(
        "SELECT l.library_code, v.name FROM library l JOIN village v ON v.code = l.village_code "
        "USING SAMPLE 20 ROWS (reservoir, 7)"
    )
    queries = list(sample["name"]) + [n[:4] for n in sample["name"][:10]] + list(sample["library_code"][:10])
    profile.search(store, "warm-up")
    ours, naive = timed(profile.search, store, queries), timed(naive_search, store, queries)
    store.close()

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    print(f"library search over {DATABASE.name}: {len(queries)} queries, ms")
    print(f"{'':10}{'p50':>10}{'p95':>10}")
    print(f"{'TPBIS':10}{p(ours, 50):>10.1f}{p(ours, 95):>10.1f}")
    print(f"{'naive':10}{p(naive, 50):>10.1f}{p(naive, 95):>10.1f}")
    print(
        f"ratio p95 {p(ours, 95) / p(naive, 95):.3f}; target p95 < 1000 ms: {'PASS' if p(ours, 95) < 1000 else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`tpbis`: the one shell entry for operators. Each task is a subcommand with its own --help."""

from __future__ import annotations

import sys

TASKS = {
    "bootstrap": ("tpbis.bootstrap", "database: tables, official geography, demo data (--help)"),
    "accounts": ("tpbis.accounts", "users: add or change one, list them (--help)"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in TASKS:
        print("Pemakaian / usage: tpbis TASK [options]\n")
        for name, (_, summary) in TASKS.items():
            print(f"  {name:<10} {summary}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    from importlib import import_module

    return import_module(TASKS[argv[0]][0]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())

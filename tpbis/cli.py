"""`tpbis`: the one shell entry for operators. Each task is a subcommand with its own --help."""

from __future__ import annotations

import sys

TASKS = {
    "bootstrap": ("tpbis.bootstrap", "database: tables, official geography, demo data (--help)"),
    "accounts": ("tpbis.accounts", "users: add or change one, list them (--help)"),
    "backup": ("tpbis.backup", "database: copy it to a file, also while the app runs (--help)"),
    "restore": ("tpbis.backup:restore_main", "database: replace it with a backup file (--help)"),
    "briefing": ("tpbis.briefing_pack", "briefing: PDF and PPTX for a province or all of them (--help)"),
}


def both_languages(key: str, **params) -> str:
    """A catalogue message for the shell: Indonesian, then English after a slash."""
    from tpbis.i18n import t

    return f"{t(key, 'id', **params)} / {t(key, 'en', **params)}"


def fail(key: str, **params) -> int:
    """Say on stderr, in both languages, why a task stopped; the exit code of a failed task."""
    print(f"GAGAL: {both_languages(key, **params)}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in TASKS:
        print("Pemakaian / usage: tpbis TASK [options]\n")
        for name, (_, summary) in TASKS.items():
            print(f"  {name:<10} {summary}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    from importlib import import_module

    module, _, function = TASKS[argv[0]][0].partition(":")
    return getattr(import_module(module), function or "main")(argv[1:])


if __name__ == "__main__":
    sys.exit(main())

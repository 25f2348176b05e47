"""The importer's public names where they were before it became the package tpbis.imports.

Kept for callers not moved yet (pages/shared.py reads data_version here); new code imports
from tpbis.imports.spec, .template, .reading, .checks and .apply.
"""
from tpbis.imports.apply import (REFUSALS, ImportFailed, ImportRefused, apply, apply_without_account,
                                 data_version, log, revert)
from tpbis.imports.checks import DryRun, as_text, check, check_frames
from tpbis.imports.reading import MAX_BYTES, read
from tpbis.imports.spec import MAX_ROWS, SHEETS, Problem, columns_of
from tpbis.imports.template import template_xlsx

__all__ = ["REFUSALS", "ImportFailed", "ImportRefused", "apply", "apply_without_account", "data_version", "log",
           "revert", "DryRun", "as_text", "check", "check_frames", "MAX_BYTES", "read", "MAX_ROWS", "SHEETS",
           "Problem", "columns_of", "template_xlsx"]

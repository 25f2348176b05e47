"""The numbers behind a library's status (see tpbis/status.py): how recent an activity must be,
when a monthly report is due, how long without one counts as silent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tpbis.filters import add_months


@dataclass(frozen=True)
class StatusRule:
    active_days: int = 90
    report_due_day: int = 10
    silent_months: int = 3


RULE = StatusRule()


def latest_due_month(ref: date, rule: StatusRule = RULE) -> date:
    """The most recent month whose report was due by `ref`."""
    this_month = ref.replace(day=1)
    return add_months(this_month, -1 if ref.day > rule.report_due_day else -2)

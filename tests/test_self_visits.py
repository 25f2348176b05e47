"""The pages a worker opens itself after start (tpbis_ui.self_visits), against the served app:
each run is a visitor's, over Streamlit's own WebSocket protocol."""

from __future__ import annotations

import pytest

from tpbis_ui import self_visits
from tpbis_ui.self_visits import Visit

pytestmark = pytest.mark.e2e


def test_a_page_the_process_opens_itself_runs_as_a_visitors_does(app_url, demo_store):
    regency = demo_store.scalar("SELECT min(regency_code) FROM summary_library")
    assert self_visits.listening(app_url, wait=10)
    assert self_visits.visit(app_url, "", f"province={regency[:2]}") == Visit("", f"province={regency[:2]}", "ok")
    assert self_visits.visit(app_url, "peta", f"regency={regency}").status == "ok"
    assert self_visits.visit(app_url, "no-such-page", "").status == "page_not_found"


def test_a_server_that_is_not_there_is_said_so_not_raised():
    nobody = "http://127.0.0.1:9"  # the discard port: nothing listens
    assert not self_visits.listening(nobody, wait=0)
    assert "ConnectionRefused" in self_visits.visit(nobody, "", "").status

"""Follow-ups: who may write them where, states, overdue, history, and bad input refused whole."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tpbis import follow_ups
from tpbis.accounts import User, write_user
from tpbis.filters import Filters
from tpbis.follow_ups import FollowUpRefused
from tpbis.i18n import t

TODAY = date(2024, 12, 2)
ADMIN = User("admin", "Admin", "admin")
WEST_JAVA = User("jabar", "Editor Jabar", "editor", "32")
VIEWER = User("lihat", "Pembaca", "viewer")


@pytest.fixture()
def store(small_store):
    for user in (ADMIN, WEST_JAVA, VIEWER):
        write_user(small_store, user.username, user.display_name, user.role, user.region_code, "rahasia-123")
    return small_store


def _count(store) -> int:
    return int(store.scalar("SELECT count(*) FROM follow_up"))


def test_an_editor_follows_up_inside_the_region_and_closes_with_an_outcome(store):
    new = follow_ups.create(
        store, WEST_JAVA, "L2", "visit", TODAY + timedelta(days=10), owner_username="jabar", today=TODAY
    )
    listed = follow_ups.for_library(store, "L2", today=TODAY)
    assert listed[["follow_up_id", "state", "action", "overdue"]].values.tolist() == [[new, "open", "visit", False]]
    follow_ups.close(store, WEST_JAVA, new, "done", "Dikunjungi, pengelola ikut Bimtek berikutnya")
    row = follow_ups.for_library(store, "L2", today=TODAY).iloc[0]
    assert (row["state"], row["outcome"], row["changed_by"]) == (
        "done",
        "Dikunjungi, pengelola ikut Bimtek berikutnya",
        "jabar",
    )
    history = store.query(
        "SELECT version, row_after FROM follow_up_change WHERE follow_up_id = :i ORDER BY version", {"i": new}
    )
    assert [json.loads(r)["state"] for r in history["row_after"]] == ["open", "done"]


def test_a_regional_editor_cannot_touch_another_region(store):
    with pytest.raises(FollowUpRefused) as refused:
        follow_ups.create(store, WEST_JAVA, "L4", "call", TODAY, owner_name="Bu Sri", today=TODAY)  # L4 is in 33
    assert refused.value.key == "follow_up.refused.region"
    theirs = follow_ups.create(store, ADMIN, "L4", "call", TODAY, owner_name="Bu Sri", today=TODAY)
    with pytest.raises(FollowUpRefused):
        follow_ups.close(store, WEST_JAVA, theirs, "done", "selesai")
    assert follow_ups.for_library(store, "L4")["state"].tolist() == ["open"]


@pytest.mark.parametrize(
    "who, library, action, due, owner, key",
    [
        (VIEWER, "L1", "call", TODAY, {"owner_name": "Pak Budi"}, "follow_up.refused.role"),
        (ADMIN, "L99", "call", TODAY, {"owner_name": "Pak Budi"}, "follow_up.unknown_library"),
        (ADMIN, "L1", "dance", TODAY, {"owner_name": "Pak Budi"}, "follow_up.unknown_action"),
        (ADMIN, "L1", "call", TODAY - timedelta(days=1), {"owner_name": "Pak Budi"}, "follow_up.due_in_past"),
        (ADMIN, "L1", "call", TODAY, {"owner_username": "nobody"}, "follow_up.unknown_user"),
        (ADMIN, "L1", "call", TODAY, {}, "follow_up.needs_owner"),
        (ADMIN, "L1", "other", TODAY, {"owner_name": "Pak Budi"}, "follow_up.other_needs_detail"),
        (ADMIN, "L1", "call", TODAY, {"owner_name": "x" * 501}, "follow_up.too_long"),
    ],
)
def test_bad_input_gets_a_clear_refusal_and_writes_nothing(store, who, library, action, due, owner, key):
    with pytest.raises(FollowUpRefused) as refused:
        follow_ups.create(store, who, library, action, due, today=TODAY, **owner)
    assert refused.value.key == key and refused.value.text("en")
    assert _count(store) == 0


def test_closing_needs_an_outcome_and_an_open_follow_up(store):
    new = follow_ups.create(store, ADMIN, "L1", "report_reminder", TODAY, owner_name="Pak Budi", today=TODAY)
    with pytest.raises(FollowUpRefused) as refused:
        follow_ups.close(store, ADMIN, new, "done", "  ")
    assert refused.value.key == "follow_up.needs_outcome"
    follow_ups.close(store, ADMIN, new, "cancelled", "Laporan sudah masuk")
    with pytest.raises(FollowUpRefused) as refused:
        follow_ups.close(store, ADMIN, new, "done", "lagi")
    assert refused.value.key == "follow_up.already_closed"


def test_overdue_and_what_a_viewer_sees(store):
    follow_ups.create(store, ADMIN, "L1", "visit", TODAY, detail="Bawa buku", owner_name="Pak Budi", today=TODAY)
    later = TODAY + timedelta(days=5)
    listed = follow_ups.in_scope(store, Filters(province="32"), today=later)
    assert listed["overdue"].tolist() == [True]
    seen = follow_ups.as_seen_by(listed, VIEWER)
    assert seen[["state", "action"]].values.tolist() == [["open", "visit"]]
    assert seen[["detail", "owner_name"]].isna().all().all()
    assert follow_ups.as_seen_by(listed, WEST_JAVA)["detail"].tolist() == ["Bawa buku"]
    assert follow_ups.in_scope(store, Filters(province="33"), today=later).empty
    assert follow_ups.next_open(store, Filters())[["library_code", "action"]].values.tolist() == [["L1", "visit"]]


def test_a_disabled_editor_writes_nothing(store):
    write_user(store, "jabar", "Editor Jabar", "editor", "32", disabled=True)
    with pytest.raises(FollowUpRefused):
        follow_ups.create(store, WEST_JAVA, "L1", "call", TODAY, owner_name="Pak Budi", today=TODAY)
    assert _count(store) == 0


def test_the_briefing_counts_done_open_and_overdue_by_area(store):
    from tpbis import briefing

    done = follow_ups.create(store, ADMIN, "L1", "call", TODAY, owner_name="Pak Budi", today=TODAY)
    follow_ups.close(store, ADMIN, done, "done", "Sudah ditelepon")
    follow_ups.create(store, ADMIN, "L2", "visit", TODAY + timedelta(days=30), owner_name="Bu Ani", today=TODAY)
    follow_ups.create(store, ADMIN, "L4", "aid", TODAY + timedelta(days=1), owner_name="Bu Sri", today=TODAY)
    later = TODAY + timedelta(days=5)  # L4's is overdue by then
    counts = follow_ups.progress_by_area(store, Filters(), since=TODAY, today=later)
    assert counts.values.tolist() == [["Jawa Tengah", 0, 0, 1], ["Jawa Barat", 1, 1, 0]]
    future = follow_ups.progress_by_area(store, Filters(), since=date.today() + timedelta(days=1), today=later)
    assert future["done"].sum() == 0 and future["open"].sum() == 1  # done before `since`: not counted

    slide = briefing.follow_up_slide(store, Filters(), "id", since=TODAY, today=later)
    assert [chart.kind for chart in slide.charts] == ["stack"] * 3 and slide.figure is not None
    assert [chart.name for chart in slide.charts] == [
        t(f"briefing.follow_ups.{part}") for part in ("done", "open", "overdue")
    ]
    assert slide.charts[0].categories == ["Jawa Tengah", "Jawa Barat"]
    open_part = t("briefing.follow_ups.open.some_overdue", open="2", overdue="1")
    assert slide.note == t("briefing.follow_ups.note", since="2 Des 2024", done="1") + " " + open_part
    by_regency = briefing.follow_up_slide(store, Filters(province="32"), "id", since=TODAY, today=later)
    regencies = store.query(
        "SELECT DISTINCT r.name FROM library l JOIN regency r ON r.code = l.regency_code "
        "WHERE l.library_code IN ('L1', 'L2')"
    )
    assert set(by_regency.charts[0].categories) == set(regencies["name"])
    assert [chart.name for chart in by_regency.charts] == [  # nothing overdue there: not in the legend
        t(f"briefing.follow_ups.{part}") for part in ("done", "open")
    ]
    assert by_regency.note.endswith(t("briefing.follow_ups.open.none_overdue", open="1"))  # not "0 of them overdue"


def test_the_follow_up_slide_says_when_there_are_none(store):
    from tpbis import briefing

    slide = briefing.follow_up_slide(store, Filters(), "en", since=TODAY, today=TODAY)
    assert slide.figure is None and not slide.charts
    assert [line.text for line in slide.lines] == [t("briefing.follow_ups.none", "en", since="2 Dec 2024")]
    # a month before today, not before the data date: follow-ups are written day by day
    assert briefing.default_since(TODAY) == TODAY - timedelta(days=30)


def test_the_follow_up_slide_in_the_files(store):
    """PowerPoint's own stacked chart with the three parts; the empty state as text in both files."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from tpbis import briefing, briefing_files

    info = briefing.file_info(store, Filters(), "id")
    empty = briefing.follow_up_slide(store, Filters(), "id", since=TODAY, today=TODAY)
    pptx = Presentation(io.BytesIO(briefing_files.pptx_bytes([empty], "stempel", info)))
    assert empty.lines[0].text in " ".join(s.text_frame.text for s in pptx.slides[0].shapes if s.has_text_frame)
    pdf = PdfReader(io.BytesIO(briefing_files.pdf_bytes([empty], "stempel", info)))
    assert empty.lines[0].text in pdf.pages[0].extract_text().replace("\n", " ")

    follow_ups.create(store, ADMIN, "L2", "visit", TODAY + timedelta(days=30), owner_name="Bu Ani", today=TODAY)
    slide = briefing.follow_up_slide(store, Filters(), "id", since=TODAY, today=TODAY)
    pptx = Presentation(io.BytesIO(briefing_files.pptx_bytes([slide], "stempel", info)))
    charts = [shape.chart for shape in pptx.slides[0].shapes if shape.has_chart]
    assert len(charts) == 1 and charts[0].has_legend
    assert [series.name for series in charts[0].plots[0].series] == [chart.name for chart in slide.charts]
    assert list(charts[0].plots[0].categories) == ["Jawa Barat"]

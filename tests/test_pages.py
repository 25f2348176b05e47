"""Every page through Streamlit's AppTest, on the programme-scale demo database."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from tests import databases
from tests.app import app_test, page_path
from tpbis import accounts, escaping, metrics
from tpbis.filters import Filters
from tpbis.i18n import number, t
from tpbis.imports import apply as applying
from tpbis.imports import checks
from tpbis.slide_charts import INK
from tpbis.store import open_store
from tpbis_ui import auth, frame, navigation


def _markdown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_overview_shows_headline_numbers_and_demo_label(open_page):
    app = open_page()
    assert app.title[0].value == t("overview.title")
    assert "DATA DEMO" in _markdown(app)
    labels = {m.label: m.value for m in app.metric}
    assert labels[t("kpi.provinces")] == "34"
    assert labels[t("kpi.libraries")] == "2.380"
    assert labels[t("kpi.trained")].endswith("%")
    assert len(app.dataframe[-1].value) == 34  # provinces ranked
    cohorts = app.dataframe[0].value.set_index(t("col.cohort"))
    assert cohorts.loc[2021, "Perpustakaan"] == 450 == cohorts.loc[2021, "Perpustakaan (Angka resmi)"]
    zero = [m for m in app.metric if m.delta in ("0", "0,0 pp", "-0,0 pp")]
    assert zero and all(m.proto.color == MetricProto.MetricColor.GRAY for m in zero)  # grey, not a green rise
    assert all(m.proto.color != MetricProto.MetricColor.GRAY for m in app.metric if m.delta and m not in zero)


def _import_one_library(store) -> tuple[int, accounts.User]:
    """A library added through an import, as another app instance (or the import page) makes it."""
    village = store.scalar("SELECT code FROM village WHERE code NOT IN (SELECT village_code FROM library) LIMIT 1")
    added = pd.DataFrame(
        {
            "library_code": ["PD-BARU"],
            "village_code": [village],
            "name": ["Perpustakaan Baru"],
            "cohort_year": ["2024"],
            "funding": ["replikasi"],
            "lat": [""],
            "lon": [""],
        }
    )
    accounts.save_user(store, "instans", "Instans lain", "admin")
    admin = accounts.User("instans", "Instans lain", "admin")
    return applying.apply(
        store, checks.check(store, "perpustakaan.csv", added.to_csv(index=False).encode()), admin
    ), admin


def test_an_import_by_another_instance_shows_within_a_second(open_page, own_store):
    app = open_page()
    before = {m.label: m.value for m in app.metric}["Perpustakaan desa"]
    other = open_store(own_store.path)  # what a second app instance (or the import page) writes
    import_id, admin = _import_one_library(other)
    try:
        time.sleep(1.1)
        app.run()
        after = {m.label: m.value for m in app.metric}["Perpustakaan desa"]
        assert int(after.replace(".", "")) == int(before.replace(".", "")) + 1
    finally:
        applying.revert(other, import_id, admin)
        other.close()


def test_after_an_import_the_answers_asked_lately_are_made_again(own_store, monkeypatch):
    """Officials often open the link right after the month's import: the first run that sees the
    new data has the questions asked lately asked again in the background, so most find them."""
    from tpbis_ui import data

    for name, value in databases.environment(own_store.path).items():
        monkeypatch.setenv(name, value)
    versions = []

    def libraries(store, filters):
        versions.append(store.data_version())
        return store.scalar("SELECT count(*) FROM library")

    def broken(store, filters):
        raise RuntimeError("a question that fails")

    before = data.query(libraries, Filters())
    data.query(libraries, Filters())  # answered from the cache
    with pytest.raises(RuntimeError):
        data.query(broken, Filters())  # asked last, so asked again first: it fails again, the rest go on
    _import_one_library(own_store)
    time.sleep(1.1)
    data.data_version()  # what the next page run asks first
    data.ask_again(data.get_store().path).join(30)
    assert versions == [versions[0], own_store.data_version()] and versions[0] != versions[1]
    assert data.query(libraries, Filters()) == before + 1
    assert len(versions) == 2  # the page found the new answer made


def test_after_start_a_worker_opens_every_page_for_the_nation_a_province_and_a_regency(open_page, monkeypatch):
    """What pages ask about an area is learnt from these runs (the warming then asks it about
    every province); not past the memory budget. The runs themselves: tests/test_self_visits.py."""
    from tpbis_ui import data, self_visits, warming

    assert not open_page().exception  # the store opened, as at start
    regency = min(data.valid_values().regencies)
    assert warming.first_visits() == ["", f"province={regency[:2]}", f"regency={regency}"]
    opened: list[tuple[str, str]] = []

    def visit(url, path, query):
        opened.append((path, query))
        return self_visits.Visit(path, query, "ok")

    monkeypatch.setattr(self_visits, "visit", visit)
    monkeypatch.setattr(warming, "machine_has_room", lambda: True)  # (CI's processors are busy)
    monkeypatch.setattr(warming, "MEMORY_BUDGET_MB", 1e6)  # (this test process is larger than a worker)
    warming.open_pages("http://127.0.0.1:8501", ["", "province=32"])
    assert opened == [(self_visits.url_path(p), q) for p in self_visits.PAGES for q in ("", "province=32")]
    assert ("", "") in opened and ("peta", "province=32") in opened  # the overview is the default page
    assert not {"impor", "admin", "perpustakaan"} & {path for path, _ in opened}
    opened.clear()
    monkeypatch.setattr(warming, "MEMORY_BUDGET_MB", 1.0)
    warming.open_pages("http://127.0.0.1:8501", [""])
    assert opened == []


def test_the_warming_waits_while_the_machine_is_busy(monkeypatch):
    """Other workers' page runs come first: the warming looks at the whole machine's processors,
    not only at its own worker's runs."""
    from tpbis_ui import warming

    monkeypatch.setattr(warming, "LOOK_AT_LEAST", 0.05)
    monkeypatch.setattr(warming, "_sample", (float("-inf"), 0, 0))
    monkeypatch.setattr(warming, "SPARE_SHARE", 1.01)  # more than all of it idle: never
    assert not warming.machine_has_room()
    monkeypatch.setattr(warming, "SPARE_SHARE", 0.0)
    time.sleep(0.06)
    assert warming.machine_has_room()
    monkeypatch.setattr(warming, "machine_has_room", lambda: False)
    waiting = threading.Thread(target=warming._wait_until_idle, daemon=True)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()


def test_an_idle_worker_makes_the_answers_pages_asked_about_one_province_for_every_province(
    open_page, own_store, monkeypatch
):
    """Under load most runs were an area's first, at 3-5 times a warm run's cost: while no page
    runs, a worker asks every province what pages asked about one. Not while a page runs, nor
    past its memory budget."""
    import functools
    import threading

    from tpbis import training
    from tpbis_ui import data, page_runs, warming

    provinces = sorted(own_store.query("SELECT DISTINCT province_code FROM summary_library")["province_code"])
    first, other = provinces[0], provinces[-1]
    assert not open_page(navigation.TRAINING, province=first).exception
    db, version = data.get_store().path, data.data_version()
    kinds = {key[0] for key in warming.province_questions(data.recent_questions(db))}
    assert "tpbis.training.training_by_area" in kinds

    monkeypatch.setattr(warming, "machine_has_room", lambda: True)  # (CI's processors are busy)
    monkeypatch.setattr(warming, "MEMORY_BUDGET_MB", 1.0)
    assert warming.warm_once(db, version, set()) == set()  # nothing made past the memory budget
    monkeypatch.setattr(warming, "MEMORY_BUDGET_MB", 1e6)  # (this test process is larger than a worker)
    assert set(provinces) <= set(warming._provinces(2019))  # every province of the map ...
    monkeypatch.setattr(warming, "_provinces", lambda edition: [first, other])  # ... two here: CI's time
    made: list[set] = []
    with page_runs.page_run():
        thread = threading.Thread(target=lambda: made.append(warming.warm_once(db, version, set())))
        thread.start()
        thread.join(1.0)
        assert thread.is_alive() and not made  # waits while a page runs
    thread.join(120)
    assert {key[2].province for key in made[0]} == {first, other}

    asked = []
    for name in ("training_by_area", "training_batches", "untrained_libraries"):
        original = getattr(training, name)
        counted = functools.wraps(original)(lambda *a, original=original, **k: asked.append(1) or original(*a, **k))
        monkeypatch.setattr(training, name, counted)
    assert not open_page(navigation.TRAINING, province=other).exception
    assert asked == []  # every answer was made ahead
    regency = own_store.scalar(f"SELECT min(regency_code) FROM summary_library WHERE province_code = '{other}'")
    assert not open_page(navigation.TRAINING, regency=regency).exception
    assert asked  # (regencies are not made ahead)


def _shown(table) -> pd.DataFrame:
    """What a table displays (its formatted text), not the values it sorts by."""
    import pyarrow as pa

    data = table.proto.arrow_data
    if data.styler.display_values:
        return pa.ipc.open_stream(data.styler.display_values).read_all().to_pandas()
    # drawn without a Styler (text and whole numbers written plainly): gaps show the placeholder
    assert table.proto.placeholder == "–"
    frame = pa.ipc.open_stream(data.data).read_all().to_pandas()
    return frame.map(lambda v: "–" if pd.isna(v) else str(v))


def test_tables_show_numbers_as_the_language_writes_them(open_page):
    indonesian, english = _shown(open_page().dataframe[-1]), _shown(open_page(lang="en").dataframe[-1])
    raw = open_page().dataframe[-1].value
    top = raw.iloc[0]
    assert indonesian.iloc[0]["Peserta"] == f"{top['Peserta']:,}".replace(",", ".")
    assert english.iloc[0]["Participants"] == f"{top['Peserta']:,}"
    assert indonesian.iloc[0]["Pengelola terlatih (%)"] == f"{top['Pengelola terlatih (%)']:.1f}".replace(".", ",")


def test_a_long_list_is_shown_a_page_at_a_time(open_page):
    app = open_page(navigation.TRAINING)
    assert max(len(d.value) for d in app.dataframe) == 100
    assert any(c.value.startswith("Baris 1–100 dari") for c in app.caption)
    pager = next(n for n in app.number_input if n.key.startswith("page-"))
    first = app.dataframe[-1].value.iloc[0].tolist()
    pager.set_value(2).run()
    assert any(c.value.startswith("Baris 101–200 dari") for c in app.caption)
    assert app.dataframe[-1].value.iloc[0].tolist() != first


def test_never_active_libraries_show_a_dash_not_none(open_page):
    for page in (navigation.OVERVIEW, navigation.ACTIVITIES, navigation.DATA_QUALITY, navigation.TRAINING):
        app = open_page(page)
        for table in app.dataframe:
            shown = _shown(table)
            assert not shown.isin(["None", "nan", "NaT", "<NA>"]).any().any(), (page, shown.head())


def test_link_reopens_the_scope(open_page):
    app = open_page(cohort="2022", province="32")
    assert app.multiselect(key="flt_cohort").value == [2022]
    assert app.selectbox(key="flt_province").value == "32"
    assert app.query_params["cohort"] == "2022"
    assert set(app.dataframe[-1].value[t("col.code")].str[:2]) == {"32"}  # the province's regencies


def test_bad_parameter_gives_a_message_and_the_national_view(open_page):
    app = open_page(province="99", cohort="abc", zoom="3")
    messages = " ".join(t.value for t in app.toast)
    assert "province" in messages and "cohort" in messages and "zoom" in messages
    assert "tidak dikenali" in messages
    assert {m.label: m.value for m in app.metric}[t("kpi.provinces")] == "34"
    assert "province" not in app.query_params


def test_empty_scope_explains_itself(open_page, demo_db, demo_store):
    store = demo_store
    covered = set(store.query("SELECT DISTINCT province_code FROM library WHERE cohort_year = 2019")["province_code"])
    empty_province = sorted(
        {
            "11",
            "12",
            "13",
            "14",
            "15",
            "16",
            "17",
            "18",
            "19",
            "21",
            "31",
            "32",
            "33",
            "34",
            "35",
            "36",
            "51",
            "52",
            "53",
        }
        - covered
    )[0]
    app = open_page(cohort="2019", province=empty_province)
    assert app.info[0].value == t("overview.empty")
    assert not app.metric


def test_english_switch(open_page):
    app = open_page(lang="en")
    assert app.title[0].value == "TPBIS Programme Overview"
    assert "DEMO DATA" in _markdown(app)


def test_every_run_tells_the_browser_the_sidebars_values(open_page):
    """On a first visit the browser draws the sidebar's widgets once their scripts have loaded; a
    page switch before that sends no values. Each run sets them, or the widgets would fall back to
    their first option (Bahasa Indonesia, Jan 2019) and the next click would send those back."""
    app = open_page(navigation.ACTIVITIES, lang="en", province="33")
    app.run()  # a run in which nothing changed
    widgets = [app.radio(key="flt_lang"), *(app.selectbox(key=k) for k in ("flt_province", "flt_from", "flt_to"))]
    assert [(w.proto.set_value, w.proto.raw_value) for w in widgets] == [
        (True, "English"),
        (True, "Jawa Tengah"),
        (True, "Jan 2019"),
        (True, "Dec 2024"),
    ]


def test_filter_change_is_written_to_the_url(open_page):
    app = open_page()
    app.selectbox(key="flt_province").set_value("33").run()
    assert app.query_params["province"] == "33"
    app.button(key="clear-filters").click().run()
    assert "province" not in app.query_params


def test_missing_database_tells_the_operator_what_to_check(monkeypatch, tmp_path):
    monkeypatch.setenv("TPBIS_DATABASE_URL", "")
    monkeypatch.setenv("TPBIS_DATABASE_PATH", str(tmp_path / "none.duckdb"))
    app = app_test(timeout=30).run()
    assert not app.exception
    assert app.error[0].value == t("error.no_database")
    # on a production server, a command that builds a fresh (demo) database would replace its data
    assert "make" not in app.error[0].value and "bootstrap" not in app.error[0].value
    assert not (tmp_path / "none.duckdb").exists()


def test_unreachable_postgresql_says_so_in_indonesian(monkeypatch):
    monkeypatch.setenv("TPBIS_DATABASE_URL", "postgresql://tpbis@127.0.0.1:9/tpbis")  # nothing listens there
    app = app_test(timeout=30).run()
    assert not app.exception
    assert "PostgreSQL" in app.error[0].value and "tidak dapat dihubungi" in app.error[0].value


def test_map_national_view(open_page):
    app = open_page(navigation.COVERAGE_MAP)
    assert app.title[0].value == t("map.title")
    assert len(app.get("plotly_chart")) == 1
    assert len(app.dataframe[0].value) == 34
    assert "DATA DEMO" in _markdown(app)


def test_every_map_comes_with_its_still_picture(open_page):
    app = open_page(navigation.COVERAGE_MAP)

    def pictures():
        return [m for m in app.markdown if "data:image/svg+xml;base64," in m.value]

    assert len(pictures()) == 1 and len(app.get("plotly_chart")) == 1
    national = pictures()[0].value
    app.selectbox(key="pick-id").select("32").run()  # on to Jawa Barat
    assert app.query_params.get("province") == "32"
    assert len(pictures()) == 1 and pictures()[0].value != national and len(app.get("plotly_chart")) == 1


def test_the_map_steps_through_coverage_by_year_joined(open_page, demo_store):
    app = open_page(navigation.COVERAGE_MAP, province="32")
    app.toggle(key="growth").set_value(True).run()
    slider = app.select_slider(key="growth-year")
    joined = demo_store.query(
        "SELECT cohort_year, count(*) AS n FROM library WHERE province_code = '32' GROUP BY 1 ORDER BY 1"
    )
    assert list(slider.options) == [str(y) for y in joined["cohort_year"]]
    first = int(joined["cohort_year"].iloc[0])
    slider.set_value(first).run()
    shown = t("map.growth.caption", year=first, libraries=number(int(joined["n"].iloc[0])), areas="", area_word="")
    assert shown.split(" di ")[0] in " ".join(c.value for c in app.caption)


def test_map_keyboard_drill_down_to_the_profile(open_page, demo_db):
    app = open_page(navigation.COVERAGE_MAP, metric="active")
    app.selectbox(key="pick-id").set_value("32").run()
    assert app.query_params["province"] == "32"
    assert app.selectbox(key="flt_province").value == "32"  # the sidebar follows
    assert any(b.label == "Jawa Barat" for b in app.button)
    app.selectbox(key="pick-32").set_value("32.13").run()
    assert app.query_params["regency"] == "32.13"
    app.button(key="crumb-1").click().run()  # breadcrumb back up to the province
    assert app.query_params.get("regency") is None and app.query_params["province"] == "32"
    app.selectbox(key="pick-32").set_value("32.13").run()
    libraries = app.dataframe[0].value
    assert len(libraries) > 0 and set(libraries["Status"]) <= {"Hijau", "Kuning", "Merah"}
    code = libraries.iloc[0]["Kode"]
    app.selectbox(key="pick-32.13").set_value(code).run()
    assert not app.exception
    assert app.query_params["library"] == code
    assert app.header[0].value == libraries.iloc[0]["Perpustakaan"]


def test_a_link_to_months_outside_the_data_says_so(open_page):
    """A month after the data's last (or before its first) was dropped without a word, and the
    page showed the whole period as if the link had asked for it."""
    for name, month in (("from", "2030-01"), ("to", "1990-12")):
        app = open_page(navigation.OVERVIEW, **{name: month})
        assert any(escaping.markdown(month) in toast.value for toast in app.toast), (name, month)
        assert name not in app.query_params


def test_map_bad_metric_falls_back(open_page):
    app = open_page(navigation.COVERAGE_MAP)
    app.query_params["metric"] = "nonsense"
    app.run()
    assert "metric" in " ".join(t.value for t in app.toast)
    assert "metric" not in app.query_params


def test_a_province_map_offers_no_colouring_by_regencies_covered(open_page):
    """Within a province each regency is covered or not (the map's grey): coloured by the number of
    regencies covered, the page failed; a link or click from the national map that names it opens
    the libraries' colours, with no message."""

    def options(app) -> list[str]:
        (control,) = app.get("button_group")
        return [option.content for option in control.proto.options]

    national = open_page(navigation.COVERAGE_MAP, metric="regencies")
    assert options(national) == [t(f"metric.{m}") for m in metrics.MAP_METRICS]
    app = open_page(navigation.COVERAGE_MAP, province="32", metric="regencies")
    assert not app.exception and not app.toast
    assert options(app) == [t(f"metric.{m}") for m in metrics.MAP_METRICS if m != "regencies"]
    assert list(app.dataframe[0].value.columns)[:3] == ["Kode", "Kabupaten/kota", "Perpustakaan"]


@pytest.mark.parametrize("metric", list(metrics.MAP_METRICS))
def test_the_map_opens_coloured_by_each_metric_nationally_and_in_a_province(open_page, metric):
    for area in ({}, {"province": "32"}):
        app = open_page(navigation.COVERAGE_MAP, metric=metric, **area)
        assert not app.exception and not app.toast, (metric, area)
        assert len(app.get("plotly_chart")) == 1 and len(app.dataframe[0].value) > 0


def test_the_table_beside_the_map_shows_its_colours_next_to_the_names(open_page):
    app = open_page(navigation.COVERAGE_MAP, province="32", metric="active")
    assert list(app.dataframe[0].value.columns)[:3] == ["Kode", "Kabupaten/kota", t("col.active_share")]


def test_map_province_with_points_for_missing_polygons(open_page):
    app = open_page(navigation.COVERAGE_MAP, province="32")
    assert {c.value for c in app.caption} & {t("map.no_polygon", count=n) for n in range(1, 40)}
    assert "32.18" in set(app.dataframe[0].value["Kode"])  # Pangandaran, which GADM lacks


def test_library_profile_and_unknown_code(open_page, demo_db, demo_store):
    store = demo_store
    code, name = store.query("SELECT library_code, name FROM library ORDER BY library_code LIMIT 1").iloc[0]
    app = open_page(navigation.LIBRARY_PROFILE, library=code)
    assert app.header[0].value == escaping.markdown(name)
    boxes = [*app.success, *app.warning, *app.error]  # the status: its colour, icon and word
    assert len(boxes) == 1 and boxes[0].value.startswith(f"**{t('library.status')}:")
    app = open_page(navigation.LIBRARY_PROFILE, library="TIDAK-ADA")
    assert app.warning[0].value == t("library.not_found", code=escaping.markdown("TIDAK-ADA"))
    app.text_input(key="library-search").input(name.split()[-1]).run()
    assert not app.exception


def _empty_scope(demo_db, demo_store) -> dict:
    """A cohort and a province with no library of that cohort."""
    store = demo_store
    covered = set(store.query("SELECT DISTINCT province_code FROM library WHERE cohort_year = 2019")["province_code"])
    every = set(store.query("SELECT code FROM province")["code"])
    return {"cohort": "2019", "province": sorted(every - covered)[0]}


def _single_library_scope(demo_db, demo_store) -> dict:
    store = demo_store
    regency = store.query("""SELECT regency_code, cohort_year FROM library GROUP BY 1, 2
                             HAVING count(*) = 1 ORDER BY 1 LIMIT 1""").iloc[0]
    return {"cohort": str(regency["cohort_year"]), "regency": regency["regency_code"]}


@pytest.mark.parametrize(
    "page",
    [
        navigation.TRAINING,
        navigation.ACTIVITIES,
        navigation.OVERVIEW,
        navigation.COVERAGE_MAP,
        navigation.LIBRARY_PROFILE,
    ],
    ids=lambda p: p.module,
)
def test_pages_in_normal_empty_and_single_library_scopes(open_page, demo_db, demo_store, page):
    for params in ({}, _empty_scope(demo_db, demo_store), _single_library_scope(demo_db, demo_store)):
        app = open_page(page, **params)
        texts = " ".join(e.value for e in [*app.info, *app.success, *app.title])
        assert texts, (page, params)


def test_training_page(open_page):
    app = open_page(navigation.TRAINING, province="32")
    assert app.title[0].value == "Bimtek SPP-TIK"
    assert any(m.label == t("kpi.trained") for m in app.metric)
    regencies = app.dataframe[0].value
    assert set(regencies["Kode"]) <= {c for c in regencies["Kode"] if c.startswith("32.")}
    assert any(s.value == t("training.untrained") for s in app.subheader)


def test_activities_page_lists_lapsed_libraries(open_page):
    app = open_page(navigation.ACTIVITIES, cohort="2019")
    assert app.title[0].value == "Kegiatan Masyarakat"
    lapsed = [d.value for d in app.dataframe if "Kegiatan terakhir" in d.value.columns]
    assert lapsed and len(lapsed[0]) > 0


def test_activities_page_names_the_most_and_the_least_active_regencies(open_page):
    app = open_page(navigation.ACTIVITIES)
    tables = [d.value for d in app.dataframe if "Kegiatan/perpustakaan" in d.value.columns]
    most, least, everyone = tables[:3]
    per_library = "Kegiatan/perpustakaan"
    assert len(most) == len(least) == 10 and len(everyone) > 20
    assert list(most[per_library]) == list(everyone[per_library].head(10))
    assert least[per_library].max() <= everyone[per_library].min()  # the list is paged: page 1 has the most active
    assert any("paling kurang aktif" in c.value for c in app.caption)


def test_empty_scope_says_why_on_training_and_activities(open_page, demo_db, demo_store):
    scope = _empty_scope(demo_db, demo_store)
    assert open_page(navigation.TRAINING, **scope).info[0].value == t("training.empty")
    assert open_page(navigation.ACTIVITIES, **scope).info[0].value == t("activities.empty")


def test_an_empty_scope_is_not_said_to_be_all_active_or_all_green(open_page, demo_db, demo_store):
    """Where no library is, the activities page said every library had an activity in 90 days, the
    attention slide that every library is green, the growth slide drew maps with a scale of 0 to 0."""
    scope = _empty_scope(demo_db, demo_store)
    activities_page = _all_text(open_page(navigation.ACTIVITIES, **scope))
    assert t("activities.lapsed.none") not in activities_page and t("activities.empty") in activities_page
    for slide in ("6", "7"):
        shown = _all_text(open_page(navigation.BRIEFING, slide=slide, **scope)).replace("\\", "")  # unescaped
        assert t("briefing.growth.none") in shown and t("briefing.attention.none") not in shown, slide


def test_a_regencys_presentasi_page_marks_the_regency_on_the_map_and_in_the_ranking(open_page, demo_store):
    code, name = demo_store.query(
        "SELECT r.code, r.name FROM regency r JOIN library l ON l.regency_code = r.code "
        "WHERE r.code LIKE '32.%' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    ).iloc[0]
    on_map = _all_text(open_page(navigation.BRIEFING, regency=code)).replace("\\", "")
    assert f"{name} (garis hitam)" in on_map
    in_ranking = _all_text(open_page(navigation.BRIEFING, slide="3", regency=code)).replace("\\", "")
    assert f"{name}, peringkat 1 dari" in in_ranking  # "Hitam:" and a word joiner before it
    assert "garis hitam" not in _all_text(open_page(navigation.BRIEFING, province="32"))


def test_data_quality_before_any_report_was_due_says_so(open_page):
    """Up to January 2019 no library had joined: the page said there was no library at all."""
    assert open_page(navigation.DATA_QUALITY, to="2019-01").info[0].value == t("quality.empty")


def test_a_library_code_with_spaces_around_it_opens_its_profile(open_page, demo_store):
    code, name = demo_store.query("SELECT library_code, name FROM library ORDER BY library_code LIMIT 1").iloc[0]
    assert open_page(navigation.LIBRARY_PROFILE, library=f" {code}\t").header[0].value == name


def test_profile_of_a_library_that_never_reported(open_page, demo_db, demo_store):
    store = demo_store
    code = store.query("""SELECT library_code FROM library WHERE library_code NOT IN
                          (SELECT library_code FROM monthly_report) ORDER BY 1 LIMIT 1""").iloc[0, 0]
    reported = store.query("SELECT library_code FROM monthly_report ORDER BY 1 LIMIT 1").iloc[0, 0]
    app = open_page(navigation.LIBRARY_PROFILE, library=code)
    assert any(i.value == t("library.no_reports") for i in app.info)
    app = open_page(navigation.LIBRARY_PROFILE, library=reported)
    assert any(c.value.startswith("Laporan terakhir") for c in app.caption)


@pytest.mark.parametrize("slide", ["1", "2", "3", "4", "5", "6", "7", "8"])
def test_briefing_slides(open_page, slide):
    app = open_page(navigation.BRIEFING, presenter="1", slide=slide, province="32")
    assert any(f"Slide {slide} dari 8" in m.value for m in app.markdown)
    assert app.query_params["presenter"] == "1"
    for chart in app.get("plotly_chart"):  # type for the back of the room
        spec = json.loads(chart.proto.spec)
        layout, lines = spec["layout"], {trace.get("line", {}).get("color") for trace in spec["data"]}
        assert layout["font"]["size"] >= 20 and layout["height"] >= 600
        for axis in (layout[name] for name in layout if name.startswith(("xaxis", "yaxis"))):
            assert axis["tickfont"]["size"] >= 20 and axis["tickfont"]["color"] == INK
            if axis.get("title", {}).get("text"):  # in ink, or in its line's colour on a two-axis chart
                assert axis["title"]["font"]["color"] in {INK, *lines}


def test_the_map_slide_is_a_picture_that_fits_a_phone(open_page):
    """A figure keeps its height on a narrow screen (on a phone the map slide was a band of map
    between two blank ones): the page shows the map's SVG as an image, which scales with it."""
    app = open_page(navigation.BRIEFING)
    assert not app.get("plotly_chart")
    (picture,) = [m.value for m in app.markdown if "data:image/svg+xml;base64," in m.value]
    alt = picture.split("](")[0]
    assert alt.startswith("![Cakupan TPBIS") and "Indonesia" in alt  # what it shows, for screen readers


def test_presenter_mode_shows_short_tables_as_plain_tables_in_large_type(open_page):
    shown = open_page(presenter="1")
    assert shown.table and t("col.cohort") in shown.table[0].value.columns  # cohorts: a few rows
    assert len(open_page().table) == 0


def test_presenter_mode_shows_a_long_list_in_large_type_a_page_at_a_time(open_page):
    """The grid draws its text on a canvas that stays small on a shared screen."""
    app = open_page(navigation.TRAINING, presenter="1")
    assert not app.dataframe and max(len(table.value) for table in app.table) == 40
    pager = [n for n in app.number_input if n.key.startswith("page-")][-1]  # the last list's
    assert any(c.value.startswith("Baris 1–40 dari") for c in app.caption)
    first = app.table[-1].value.iloc[0].tolist()
    pager.set_value(2).run()
    assert any(c.value.startswith("Baris 41–80 dari") for c in app.caption)
    assert app.table[-1].value.iloc[0].tolist() != first


def test_the_library_list_filters_by_a_reason_in_an_area_without_libraries(open_page, demo_db, demo_store):
    """A reason picked where no library is listed gave the 'unexpected error' box."""
    empty = _empty_scope(demo_db, demo_store)
    for params in (empty, {**empty, "status": "merah"}, {"province": "32"}):
        app = open_page(navigation.LIBRARY_LIST, reason="untrained", **params)
        assert not app.exception and not app.error, params
        assert app.caption[0].value.startswith("0 dari") == ("cohort" in params)


def test_presenter_mode_shows_the_library_list_in_fewer_columns(open_page):
    full = open_page(navigation.LIBRARY_LIST, province="32").dataframe[-1].value
    shown = open_page(navigation.LIBRARY_LIST, province="32", presenter="1").table[-1].value
    words = [t("col.status"), t("col.library"), t("col.reasons"), t("col.follow_up"), t("col.regency")]
    assert list(shown.columns) == words and set(words) < set(full.columns)


def test_presenter_mode_writes_legends_in_ink(open_page):
    """Streamlit's theme greys a legend's title and a colour bar's words: faint on a shared screen."""
    (chart,) = open_page(navigation.COVERAGE_MAP, presenter="1").get("plotly_chart")
    colour_bar = json.loads(chart.proto.spec)["layout"]["coloraxis"]["colorbar"]
    assert colour_bar["tickfont"]["color"] == INK and colour_bar["title"]["font"]["color"] == INK
    by_type = [
        json.loads(chart.proto.spec)["layout"]
        for chart in open_page(navigation.ACTIVITIES, presenter="1").get("plotly_chart")
    ]
    titled = [layout["legend"] for layout in by_type if layout.get("legend", {}).get("title", {}).get("text")]
    assert titled and all(legend["title"]["font"]["color"] == INK for legend in titled)


def test_presenter_mode_puts_the_map_table_under_the_map(open_page):
    """In large type the area table beside the map ran past its column's right edge."""
    beside = open_page(navigation.COVERAGE_MAP, province="32")
    below = open_page(navigation.COVERAGE_MAP, province="32", presenter="1")
    assert len(beside.columns) == len(below.columns) + 2  # only the download buttons' two remain
    assert below.table and t("col.regency") in below.table[-1].value.columns


def test_the_national_map_spans_the_page_with_its_table_under_it(open_page):
    """Indonesia is wide: in a column beside the table the national map filled a fifth of its box."""
    national, province = open_page(navigation.COVERAGE_MAP), open_page(navigation.COVERAGE_MAP, province="32")
    assert len(province.columns) == len(national.columns) + 2  # only the download buttons' two remain
    assert t("col.province") in national.dataframe[-1].value.columns


def test_training_by_area_in_presenter_mode_and_for_one_regency(open_page):
    """In large type the area table beside the chart was cut at its column's right edge; for one
    regency the chart was a single bar as tall as the screen (its share is the metric above)."""
    beside, below = (
        open_page(navigation.TRAINING, province="32"),
        open_page(navigation.TRAINING, province="32", presenter="1"),
    )
    assert len(beside.columns) == len(below.columns) + 2  # the chart's and the table's
    assert t("col.regency") in below.table[0].value.columns and len(below.get("plotly_chart")) == 1
    one = open_page(navigation.TRAINING, province="32", regency="32.01")
    assert not one.get("plotly_chart") and list(one.dataframe[0].value[t("col.regency")]) == ["Kab. Bogor"]


def test_presenter_mode_puts_the_activities_tables_under_their_charts(open_page):
    def in_columns(app) -> int:
        return sum(len(column.get("plotly_chart")) for column in app.columns)

    beside, below = open_page(navigation.ACTIVITIES), open_page(navigation.ACTIVITIES, presenter="1")
    # the monthly chart beside its table; the chart by type and skill, with its legend, above its table
    assert in_columns(beside) == 1 and len(beside.get("plotly_chart")) == 2
    assert in_columns(below) == 0 and len(below.get("plotly_chart")) == 2 and len(below.table) >= 2


def test_presenter_mode_puts_the_overviews_cohort_table_across_the_page(open_page):
    """Beside the status chart, its large type cut the table's last columns on a shared screen."""
    beside, below = open_page(navigation.OVERVIEW), open_page(navigation.OVERVIEW, presenter="1")
    assert any(len(column.dataframe) for column in beside.columns)
    assert not any(len(column.table) or len(column.dataframe) for column in below.columns) and len(below.table) >= 2


def test_a_skill_category_has_one_colour_in_every_area(open_page):
    """Its colour followed its rank in each area's own numbers: TIK light blue for the nation,
    pink for Jawa Barat."""

    def colours(app) -> dict[str, str]:
        by_type = json.loads(app.get("plotly_chart")[1].proto.spec)
        return {trace["name"]: trace["marker"]["color"] for trace in by_type["data"]}

    nation, west_java = (
        colours(open_page(navigation.ACTIVITIES)),
        colours(open_page(navigation.ACTIVITIES, province="32")),
    )
    assert len(nation.keys() & west_java.keys()) >= 5
    assert all(nation[c] == west_java[c] for c in nation.keys() & west_java.keys()), (nation, west_java)
    assert len(set(nation.values())) == len(nation)


def test_a_phone_gets_legends_above_its_charts(open_page, monkeypatch):
    """Beside the plot, the legend took a third of a phone's width."""

    def legend(app) -> dict:
        return json.loads(app.get("plotly_chart")[0].proto.spec)["layout"].get("legend", {})

    assert legend(open_page(navigation.ACTIVITIES)).get("orientation") != "h"
    monkeypatch.setattr(frame, "on_phone", lambda: True)
    assert legend(open_page(navigation.ACTIVITIES)).get("orientation") == "h"


def test_a_phone_gets_a_date_tick_a_year_on_pages_and_slides(open_page, monkeypatch):
    """Twelve month names stood on end under a phone's trend charts."""
    monkeypatch.setattr(frame, "on_phone", lambda: True)
    shown = [*open_page(navigation.OVERVIEW).get("plotly_chart")]
    for slide in "12345678":
        shown += open_page(navigation.BRIEFING, slide=slide).get("plotly_chart")
    layouts = [json.loads(chart.proto.spec)["layout"] for chart in shown]
    dated = [layout["xaxis"]["ticktext"] for layout in layouts if layout.get("xaxis", {}).get("ticktext")]
    assert len(dated) >= 2 and all(re.fullmatch(r"20\d\d", tick) for ticks in dated for tick in ticks), dated


def test_leaving_presenter_mode_keeps_the_scope(open_page):
    app = open_page(navigation.BRIEFING, presenter="1", province="32")
    app.button(key="presenter-exit").click().run()
    assert "presenter" not in app.query_params and app.query_params["province"] == "32"
    assert app.toggle(key="flt_presenter").value is False


def test_presenter_scope_picker_changes_the_filters_and_the_url(open_page, demo_store):
    app = open_page(navigation.BRIEFING, presenter="1", slide="3", province="32")
    assert app.selectbox(key="presenter-province").value == "32"
    assert any("Jawa Barat" in m.value for m in app.markdown)
    app.selectbox(key="presenter-province").set_value("35").run()
    assert app.query_params["province"] == "35" and app.query_params["slide"] == "3"
    assert app.selectbox(key="flt_province").value == "35"  # the hidden sidebar follows
    assert any("Jawa Timur" in m.value for m in app.markdown)
    code, name = demo_store.query("SELECT code, name FROM regency WHERE province_code = '35' ORDER BY code").iloc[0]
    app.selectbox(key="presenter-regency").set_value(code).run()
    assert app.query_params["regency"] == code and any(escaping.markdown(name) in m.value for m in app.markdown)
    app.multiselect(key="presenter-cohorts").set_value([2022]).run()
    assert app.query_params["cohort"] == "2022" and app.query_params["regency"] == code
    app.selectbox(key="presenter-province").set_value("").run()
    assert "province" not in app.query_params and "regency" not in app.query_params
    assert app.query_params["presenter"] == "1" and not app.exception


def test_the_pack_button_offers_one_zip_for_every_province(open_page, monkeypatch):
    import zipfile

    from tpbis import briefing_files, briefing_pack

    monkeypatch.setattr(briefing_files, "can_draw", lambda: True)
    monkeypatch.setattr(briefing_files, "pdf_bytes", lambda deck, stamp, info: info.title.encode())
    monkeypatch.setattr(briefing_files, "pptx_bytes", lambda deck, stamp, info: b"")
    every_area = briefing_pack.areas
    monkeypatch.setattr(briefing_pack, "areas", lambda store, edition: every_area(store, edition)[:3])  # the rest alike
    app = open_page(navigation.BRIEFING, cohort="2022")
    assert not [b for b in app.get("download_button") if "zip" in b.proto.label]
    with briefing_pack.ONE_AT_A_TIME:  # another visitor's pack: one at a time per server
        app.button(key="briefing-pack-make").click().run()
    assert [i.value for i in app.info] == [t("briefing.pack.busy")]
    assert not [b for b in app.get("download_button") if "zip" in b.proto.label]
    app.button(key="briefing-pack-make").click().run()
    assert not app.exception
    (pack,) = [b for b in app.get("download_button") if "zip" in b.proto.label]
    assert pack.proto.label == t("briefing.pack.download")
    names = zipfile.ZipFile(io.BytesIO(app.session_state["briefing-pack"][1])).namelist()
    assert len(names) == 6 and "briefing-11-aceh.pdf" in names  # every province: tests/test_briefing.py


def test_the_slide_keys_script_holds_no_data(open_page):
    app = open_page(navigation.BRIEFING, presenter="1", province="32")
    scripts = [e.proto.body for e in app.get("html") if "<script>" in e.proto.body and "keydown" in e.proto.body]
    assert len(scripts) == 1 and "Jawa" not in scripts[0] and "32" not in scripts[0]
    # the page's one script carries the keys everywhere; they act only beside the presenter's exit
    assert "st-key-presenter-exit" in scripts[0]


def _sign_in(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="signin-user").input(username)
    app.text_input(key="signin-password").input(password)
    app.button(key="sign-in-submit").click().run()
    assert not app.exception, app.exception
    return app


def test_import_needs_an_editor_and_only_admins_revert(open_page, own_store):
    store = own_store
    accounts.save_user(store, "editor32", "Editor Jabar", "editor", "32", "rahasia-panjang")
    accounts.save_user(store, "admin1", "Admin Pusat", "admin", None, "rahasia-panjang")
    app = open_page(navigation.DATA_IMPORT)
    assert app.info[0].value == t("import.sign_in_first") and not app.get("file_uploader")
    app = _sign_in(app, "editor32", "salah-sekali")
    assert app.error[0].value == t("account.wrong")
    app = _sign_in(app, "editor32", "rahasia-panjang")
    assert app.get("file_uploader") and "wilayah 32" in app.info[0].value
    assert any("generator data demo" in m.value for m in app.markdown)  # the demo came in as import #1
    assert not [b for b in app.button if b.key and b.key.startswith("revert-")]
    app.switch_page(page_path(navigation.USERS)).run()
    assert app.warning[0].value == t("admin.only") and not app.get("form")[1:]
    app.button(key="sign-out").click().run()
    app.switch_page(page_path(navigation.DATA_IMPORT)).run()
    app = _sign_in(app, "admin1", "rahasia-panjang")
    assert [b for b in app.button if b.key and b.key.startswith("revert-")]
    app.switch_page(page_path(navigation.USERS)).run()
    assert not app.exception and app.title[0].value == t("admin.title")
    assert "editor32" in app.dataframe[0].value.iloc[:, 0].tolist()
    app.text_input(key="admin-username").input("Rina")
    app.text_input(key="admin-name").input("Rina Jateng")
    app.selectbox(key="admin-role").set_value("editor")
    app.text_input(key="admin-region").input("33")
    app.text_input(key="admin-password").input("rahasia-panjang")
    app.button(key="admin-save").click().run()
    assert app.success[0].value == t("admin.saved", user="rina")
    assert "rina" in app.dataframe[0].value.iloc[:, 0].tolist()
    assert accounts.sign_in(store, "rina", "rahasia-panjang").region_code == "33"


def _a_phone(store, where: str) -> tuple[str, str]:
    return tuple(
        store.query(
            "SELECT p.library_code, p.phone FROM person p JOIN library l USING (library_code) "
            f"WHERE p.phone IS NOT NULL AND {where} ORDER BY 1, 2 LIMIT 1"
        ).iloc[0]
    )


def test_contacts_only_for_admins_and_editors_of_the_region(open_page, own_store):
    store = own_store
    code, phone = _a_phone(store, "l.province_code = '33'")
    elsewhere, other_phone = _a_phone(store, "l.province_code <> '33'")
    app = open_page(navigation.LIBRARY_PROFILE, library=code)
    assert t("admin.contacts.hidden") in [c.value for c in app.caption]
    assert phone not in str([d.value.to_dict() for d in app.dataframe])
    accounts.save_user(store, "editor33", "Editor Jateng", "editor", "33", "rahasia-panjang")
    app.session_state[auth.USER] = accounts.sign_in(store, "editor33", "rahasia-panjang")
    app.run()
    assert phone in str([d.value.to_dict() for d in app.dataframe])
    app.query_params["library"] = elsewhere
    app.run()
    shown = str([d.value.to_dict() for d in app.dataframe])
    assert phone not in shown and other_phone not in shown  # the other library's page, without its contacts
    assert t("admin.contacts.hidden") in [c.value for c in app.caption]


def test_sso_button_appears_when_oidc_is_configured(demo_db, monkeypatch):
    for name, value in databases.environment(demo_db).items():
        monkeypatch.setenv(name, value)
    app = app_test()
    app.run()
    assert not [b for b in app.button if b.key == "sso"]
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "tpbis",
        "client_secret": "s",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception and [b.label for b in app.button if b.key == "sso"] == [t("signin.sso")]


def test_a_disabled_account_is_signed_out_at_its_next_check(open_page, own_store):
    accounts.save_user(own_store, "sementara", "Sementara", "admin", None, "rahasia-panjang")
    app = open_page()
    app.session_state[auth.USER] = accounts.sign_in(own_store, "sementara", "rahasia-panjang")
    app.run()
    assert any("Sementara" in c.value for c in app.caption)
    accounts.save_user(own_store, "sementara", "Sementara", "admin", disabled=True)
    app.session_state[auth.CHECKED] = 0.0  # as if the check interval had passed
    app.run()
    assert not any("Sementara" in c.value for c in app.caption) and app.button(key="sign-in-submit")


def test_closed_viewing_asks_everyone_to_sign_in(open_page, monkeypatch):
    monkeypatch.setenv("TPBIS_OPEN_VIEWING", "0")
    app = open_page()
    assert app.info[0].value == t("signin.required") and not app.metric


def test_quality_page(open_page):
    app = open_page(navigation.DATA_QUALITY, province="32")
    assert app.title[0].value == t("quality.title")
    rates = app.dataframe[0].value
    assert rates.shape[1] == 13 and len(rates) > 0  # regency + 12 months
    assert any(s.value == t("quality.silent") for s in app.subheader)
    # the number to check and the library's usual first: further right they were off a laptop's screen
    outliers = next(d.value for d in app.dataframe if t("col.usual") in d.value.columns)
    assert list(outliers.columns[:3]) == [t("col.activity_code"), t("col.participants"), t("col.usual")]
    # each empty field says what it is, before the import template's sheet and column
    missing = next(d.value for d in app.dataframe if t("quality.missing.what") in d.value.columns)
    assert list(missing.columns[:3]) == [t("quality.missing.what"), t("import.sheet"), t("import.column")]
    assert t("quality.missing.lat/lon") in set(missing[t("quality.missing.what")])


def test_an_unexpected_failure_shows_an_error_id_not_a_traceback(open_page, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(metrics, "headline", broken)
    st.cache_data.clear()  # earlier tests cached the real headline
    app = open_page()
    assert not app.exception
    error_id = re.search(r"kode (\w{8})", app.error[0].value).group(1)
    assert app.error[0].value == t("error.unexpected", id=error_id)
    logged = [r for r in caplog.records if r.name == "tpbis" and error_id in r.getMessage()]
    assert logged and "No space left on device" in str(logged[0].exc_info[1])


def test_a_revert_by_an_admin_demoted_meanwhile_is_refused_on_the_page(open_page, own_store):
    accounts.save_user(own_store, "admin2", "Admin Dua", "admin", None, "rahasia-panjang")
    accounts.save_user(own_store, "admin3", "Admin Tiga", "admin")
    village = own_store.scalar("SELECT code FROM village WHERE code NOT IN (SELECT village_code FROM library) LIMIT 1")
    added = pd.DataFrame(
        {
            "library_code": ["PD-SEMENTARA"],
            "village_code": [village],
            "name": ["Sementara"],
            "cohort_year": ["2024"],
            "funding": ["replikasi"],
            "lat": [""],
            "lon": [""],
        }
    )
    keeper = accounts.User("admin3", "Admin Tiga", "admin")
    import_id = applying.apply(
        own_store, checks.check(own_store, "perpustakaan.csv", added.to_csv(index=False).encode()), keeper
    )
    try:
        app = open_page(navigation.DATA_IMPORT)
        app.session_state[auth.USER] = accounts.sign_in(own_store, "admin2", "rahasia-panjang")
        app.run()
        accounts.save_user(own_store, "admin2", "Admin Dua", "editor")  # while the page still shows Revert
        app.button(key=f"revert-{import_id}").click().run()
        assert not app.exception and app.error[0].value == t("import.refused.admin")
        assert own_store.scalar("SELECT count(*) FROM library WHERE library_code = 'PD-SEMENTARA'") == 1
    finally:
        applying.revert(own_store, import_id, keeper)


def test_an_admin_demoted_meanwhile_cannot_save_users(open_page, own_store):
    accounts.save_user(own_store, "admin4", "Admin Empat", "admin", None, "rahasia-panjang")
    app = open_page()
    app.session_state[auth.USER] = accounts.sign_in(own_store, "admin4", "rahasia-panjang")
    app.switch_page(page_path(navigation.USERS)).run()
    accounts.save_user(own_store, "admin4", "Admin Empat", "viewer")  # while the form is open
    app.text_input(key="admin-username").input("penyusup")
    app.text_input(key="admin-name").input("Penyusup")
    app.selectbox(key="admin-role").set_value("admin")
    app.button(key="admin-save").click().run()
    assert not app.exception and app.error[0].value == t("admin.only")
    assert "penyusup" not in set(accounts.users(own_store)["username"])


def _activity_csv(store, dates: list[str]) -> bytes:
    library = store.scalar("SELECT library_code FROM library ORDER BY 1 LIMIT 1")
    frame = pd.DataFrame(
        {
            "activity_code": [f"UJI-GAGAL-{n}" for n in range(len(dates))],
            "library_code": library,
            "activity_date": dates,
            "activity_type": "Literasi anak",
            "skill_category": "TIK",
            "title": "Uji",
            "participants_male": "3",
            "participants_female": "4",
            "partner": "",
        }
    )
    return frame.to_csv(index=False).encode()


def test_import_failures_show_messages_not_tracebacks(open_page, own_store, monkeypatch):
    """Duplicated headers, mixed date forms and a full disk during apply each end in a message."""
    from openpyxl import Workbook

    accounts.save_user(own_store, "admin5", "Admin Lima", "admin", None, "rahasia-panjang")
    app = open_page()
    app.session_state[auth.USER] = accounts.sign_in(own_store, "admin5", "rahasia-panjang")
    app.switch_page(page_path(navigation.DATA_IMPORT)).run()

    book = Workbook()
    book.active.title = "perpustakaan"
    book.active.append(["library_code", "name", "name", "village_code"])
    book.active.append(["PD-X", "A", "B", "32.01.01.1001"])
    content = io.BytesIO()
    book.save(content)
    app.get("file_uploader")[0].upload("ganda.xlsx", content.getvalue()).run()
    assert not app.exception and app.error[0].value.startswith(t("import.problems", count=1)[:12])

    app.get("file_uploader")[0].upload(
        "kegiatan.csv", _activity_csv(own_store, ["2023-03-07", "2023-03-07T10:00:00+07:00", "03/04/2023"])
    ).run()
    assert not app.exception and app.error[0].value.startswith(t("import.problems", count=2)[:12])
    assert not [b for b in app.button if b.key == "apply"]
    problems = app.dataframe[-1].value
    assert list(problems.iloc[:, 1]) == [3, 4]  # the rows of the two dates not written YYYY-MM-DD

    before = own_store.scalar("SELECT count(*) FROM activity")
    app.get("file_uploader")[0].upload("kegiatan.csv", _activity_csv(own_store, ["2023-03-07"])).run()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(own_store), "insert_frame", full_disk)
    app.button(key="apply").click().run()
    assert not app.exception
    assert any(e.value.startswith(t("problem.apply_failed", error_id="x")[:30]) for e in app.error)
    assert own_store.scalar("SELECT count(*) FROM activity") == before


def test_the_dry_run_is_made_once_per_file_not_per_click(open_page, own_store, monkeypatch):
    """Every rerun of the page checked the file again: ~20 s a click for a national xlsx."""
    from tpbis.imports import checks

    accounts.save_user(own_store, "admin7", "Admin Tujuh", "admin", None, "rahasia-panjang")
    app = open_page()
    app.session_state[auth.USER] = accounts.sign_in(own_store, "admin7", "rahasia-panjang")
    app.switch_page(page_path(navigation.DATA_IMPORT)).run()
    made, check = [], checks.check
    monkeypatch.setattr(checks, "check", lambda *args, **kwargs: made.append(args[1]) or check(*args, **kwargs))
    app.get("file_uploader")[0].upload("kegiatan.csv", _activity_csv(own_store, ["2023-03-07"])).run()
    app.run()
    app.run()
    assert made == ["kegiatan.csv"] and [b for b in app.button if b.key == "apply"]
    app.button(key="apply").click().run()  # the data changed: checked again, every row now unchanged
    assert made == ["kegiatan.csv", "kegiatan.csv"] and not app.exception
    # the same file again would add an entry to the log that changed nothing
    assert t("import.nothing_new") in [i.value for i in app.info]
    assert not [b for b in app.button if b.key == "apply"]


def test_the_quality_page_lists_libraries_with_coordinates_outside_indonesia(open_page, own_store):
    code = own_store.scalar("SELECT library_code FROM library WHERE province_code = '32' ORDER BY 1 LIMIT 1")
    own_store.execute("UPDATE library SET lat = 999, lon = 106.8 WHERE library_code = :c", {"c": code})
    app = open_page(navigation.DATA_QUALITY, province="32")
    assert t("quality.bad_coordinates") in [s.value for s in app.subheader]
    assert code in set(app.dataframe[-1].value.iloc[:, 0])


def test_briefing_charts_keep_their_data_when_the_slides_come_from_the_cache(open_page):
    """Slides are cached; their charts' numbers come back packed and must stay numbers."""
    for _ in range(2):
        app = open_page(navigation.BRIEFING, slide="3")
        spec = json.loads(app.get("plotly_chart")[0].proto.spec)
        names = spec["data"][0]["y"]
        assert "dtype" not in names and "bdata" not in names and len(names) >= 10


def test_managers_trained_in_a_year_in_one_pick(open_page, demo_store):
    """Question: how many managers were trained in 2022? One pick on the training page."""
    from tpbis import training
    from tpbis.filters import Filters
    from tpbis.i18n import number

    app = open_page(navigation.TRAINING)
    app.selectbox(key="training_year").set_value("2022").run()
    assert app.query_params["year"] == "2022"
    year = training.trained_in_year(training.training_batches(demo_store, Filters()), 2022)
    assert year["participants"] > 0
    numbers = {k: number(v) for k, v in year.items()}
    expected = t("training.in_year", year="2022", **numbers)
    assert any(s.value == expected for s in app.success)
    reopened = open_page(navigation.TRAINING, year="2022")
    assert reopened.selectbox(key="training_year").value == "2022"


def _province_code(name: str) -> str:
    from tpbis_ui import data

    provinces, _ = data.area_names()
    return next(code for code, named in provinces.items() if named == name)


def test_question_libraries_of_jawa_barat_with_their_status(open_page, demo_store):
    """From the overview: pick Jawa Barat (1), open the library list (2): every library there,
    with its status, as the status rule gives it."""
    from tpbis import status
    from tpbis.filters import Filters

    app = open_page()
    app.selectbox(key="flt_province").set_value("32").run()  # 1
    app.switch_page(page_path(navigation.LIBRARY_LIST)).run()  # 2
    assert not app.exception
    assert app.title[0].value == t("list.title", area="Jawa Barat")
    expected = status.library_status(demo_store, Filters(province="32"))
    table = app.dataframe[0].value
    assert list(table.columns[:3]) == [t("col.status"), t("col.library"), t("col.reasons")]
    total = f"{len(expected):,}".replace(",", ".")
    assert any(f"dari {total} perpustakaan" in c.value for c in app.caption)
    assert set(table[t("field.code")]) <= set(expected["library_code"])


def test_question_red_libraries_of_jawa_barat_and_why(open_page, demo_store):
    """Three interactions: province, list, status red. The list holds exactly the red ones, with reasons."""
    from tpbis import status
    from tpbis.filters import Filters

    app = open_page()
    app.selectbox(key="flt_province").set_value("32").run()  # 1
    app.switch_page(page_path(navigation.LIBRARY_LIST)).run()  # 2
    app.selectbox(key="list_status").set_value(status.RED).run()  # 3
    assert app.query_params["status"] == status.RED
    expected = status.library_status(demo_store, Filters(province="32"))
    red = expected[expected["status"] == status.RED]
    table = app.dataframe[0].value
    assert set(table[t("col.status")]) == {t("status.merah")}
    assert len(table) == min(len(red), 100)
    row = red.set_index("library_code").loc[table[t("field.code")].iloc[0]]
    assert table[t("col.reasons")].iloc[0] == ", ".join(status.reasons(row.to_dict()))
    shown = f"{len(red):,}".replace(",", ".")
    assert any(c.value.startswith(f"{shown} dari") for c in app.caption)


def test_the_province_map_links_to_its_library_list(open_page):
    app = open_page(navigation.COVERAGE_MAP, province="32")
    links = [p for p in app.get("page_link") if "daftar" in str(p.proto.page)]
    assert links and t("list.link", area="Jawa Barat") in links[0].proto.label


def test_search_finds_areas_says_how_many_and_leads_to_the_full_list(open_page, demo_store):
    from tpbis import profile

    found = profile.search(demo_store, "Jawa Barat")
    total = int(found["total"].iloc[0])
    assert len(found) == 20 and total > 20  # a province's name finds its libraries
    app = open_page(navigation.LIBRARY_PROFILE)
    app.text_input(key="library-search").set_value("Jawa Barat").run()
    assert any(
        c.value == t("library.search.part", shown="20", total=f"{total:,}".replace(",", ".")) for c in app.caption
    )
    link = next(p for p in app.get("page_link") if "daftar" in str(p.proto.page))
    assert "q=Jawa" in link.proto.query_string or "Jawa" in str(link.proto)
    listed = open_page(navigation.LIBRARY_LIST, q="Jawa Barat")
    assert any(f"{total:,}".replace(",", ".") + " dari" in c.value for c in listed.caption)


def _all_text(app) -> str:
    """Everything a page shows as text: elements, table cells, chart data, options."""
    parts = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "info", "success", "warning", "error"):
        parts += [str(e.value) for e in app.get(kind)]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    # an activity's title is typed by its library (free text, often Indonesian): not a fixed value
    parts += [d.value.drop(columns=t("col.title", "en"), errors="ignore").to_csv() for d in app.dataframe]
    parts += [str(c.proto.spec) for c in app.get("plotly_chart")]
    parts += [" ".join(map(str, s.options)) for s in app.selectbox]
    return "\n".join(parts)


INDONESIAN_VALUES = [
    *["Pelatihan keterampilan", "Literasi anak", "Bimbingan belajar", "Diskusi komunitas", "Pameran produk"],
    *["Pelatihan TIK", "Bedah buku", "Ekonomi kreatif", "Pertanian", "Kuliner", "Kerajinan", "Literasi dasar"],
    *["Kesehatan", "daring", "luring", "perguruan_tinggi", "komunitas", "swasta", "pengelola", "True", "False"],
]


@pytest.mark.parametrize(
    "page",
    [
        navigation.OVERVIEW,
        navigation.LIBRARY_LIST,
        navigation.TRAINING,
        navigation.ACTIVITIES,
        navigation.DATA_QUALITY,
        navigation.LIBRARY_PROFILE,
    ],
    ids=lambda p: p.url_path,
)
def test_english_pages_show_no_indonesian_fixed_values(open_page, demo_store, page):
    library = demo_store.scalar("SELECT min(library_code) FROM partnership")
    app = (
        open_page(page, lang="en", library=library)
        if page is navigation.LIBRARY_PROFILE
        else open_page(page, lang="en")
    )
    text = re.sub(r"\(sheet [a-z_]+\)", "", _all_text(app))  # a template sheet's own name, given with its label
    found = [value for value in INDONESIAN_VALUES if re.search(rf"\b{re.escape(value)}\b", text)]
    assert not found, found


def test_follow_ups_page_lists_the_demo_set_and_hides_names_from_viewers(open_page, demo_store):
    from tpbis import follow_ups

    everyone = follow_ups.in_scope(demo_store, Filters())
    assert {"open", "done"} <= set(everyone["state"]) and everyone["overdue"].any()
    app = open_page(navigation.FOLLOW_UPS)
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == min(len(everyone), 100)
    assert set(table[t("col.owner")]) == {"–"} and set(table[t("follow_up.outcome")]) == {"–"}  # blanked
    app.selectbox(key="follow_up_state").set_value("done").run()
    assert app.query_params["state"] == "done"
    assert set(app.dataframe[0].value[t("follow_up.state")]) == {t("value.state.done")}
    app.date_input(key="follow_up_since").set_value(date(2030, 1, 1)).run()
    assert app.query_params["since"] == "2030-01-01" and len(app.dataframe[0].value) == 0
    again = open_page(navigation.FOLLOW_UPS, state="done", since="2030-01-01")  # the link reopens the view
    assert again.date_input(key="follow_up_since").value == date(2030, 1, 1)
    assert again.selectbox(key="follow_up_state").value == "done"


def test_the_regency_map_table_names_the_next_follow_up_beside_the_status(open_page, demo_store):
    from tpbis import follow_ups

    planned = follow_ups.next_open(demo_store, Filters())
    code = planned["library_code"].iloc[0]
    regency = demo_store.scalar("SELECT regency_code FROM library WHERE library_code = :c", {"c": code})
    app = open_page(navigation.COVERAGE_MAP, province=regency[:2], regency=regency)
    table = app.dataframe[0].value
    assert list(table.columns[:4]) == [t("col.status"), t("col.library"), t("col.reasons"), t("col.follow_up")]
    expected = follow_ups.beside_status(demo_store, Filters(regency=regency, province=regency[:2]), "id")
    shown = dict(zip(table[t("field.code")], table[t("col.follow_up")]))
    assert expected and all(shown[code] == text for code, text in expected.items())


def test_a_follow_up_written_by_another_instance_shows_within_a_second(open_page, own_store):
    from datetime import date, timedelta

    from tpbis import follow_ups

    planned = set(follow_ups.next_open(own_store, Filters())["library_code"])
    regency = own_store.scalar("SELECT min(regency_code) FROM library WHERE province_code = '33'")
    code = next(
        c
        for c in own_store.query("SELECT library_code FROM library WHERE regency_code = :r ORDER BY 1", {"r": regency})[
            "library_code"
        ]
        if c not in planned
    )
    area = Filters(province="33", regency=regency)

    def beside() -> str:
        table = open_page(navigation.COVERAGE_MAP, province="33", regency=regency).dataframe[0].value
        return dict(zip(table[t("field.code")], table[t("col.follow_up")]))[code]

    assert beside() == "–"
    accounts.save_user(own_store, "editor33", "Editor Jateng", "editor", "33", "rahasia-panjang")
    editor = accounts.sign_in(own_store, "editor33", "rahasia-panjang")
    follow_ups.create(own_store, editor, code, "visit", date.today() + timedelta(days=7), owner_name="Bu Sri")
    time.sleep(1.1)  # the follow-ups' version is read at most once a second
    assert beside() == follow_ups.beside_status(own_store, area, "id")[code]


def _follow_up_forms(app) -> list:
    return [f for f in app.get("form") if any(b.label == t("follow_up.save") for b in f.button)]


def test_an_editor_adds_a_follow_up_on_the_profile_and_finds_it_on_the_page(open_page, own_store):
    from datetime import date, timedelta

    code = own_store.scalar("SELECT min(library_code) FROM library WHERE province_code = '33'")
    accounts.save_user(own_store, "editor33", "Editor Jateng", "editor", "33", "rahasia-panjang")
    accounts.save_user(own_store, "editor32", "Editor Jabar", "editor", "32", "rahasia-panjang")
    app = open_page(navigation.LIBRARY_PROFILE, library=code)
    assert not _follow_up_forms(app)  # a visitor gets no form
    app.session_state[auth.USER] = accounts.sign_in(own_store, "editor32", "rahasia-panjang")
    app.run()
    assert not _follow_up_forms(app)  # nor an editor of another region
    app.session_state[auth.USER] = accounts.sign_in(own_store, "editor33", "rahasia-panjang")
    app.run()
    form = _follow_up_forms(app)[0]
    add = next(s for s in app.selectbox if s.label == t("follow_up.action"))
    add.set_value("visit")
    next(d for d in app.date_input if d.label == t("follow_up.due_on")).set_value(date.today() + timedelta(days=7))
    next(i for i in app.text_input if i.label == t("follow_up.owner_name")).set_value("Bu Sri")
    next(b for b in form.button if b.label == t("follow_up.save")).click().run()
    assert not app.exception
    assert any(s.value == t("follow_up.saved") for s in app.success)
    listed = open_page(navigation.FOLLOW_UPS, province="33").dataframe[0].value
    assert t("value.action.visit") in set(listed[t("follow_up.action")])


def test_wilayah_38_lists_todays_provinces_everywhere(open_page):
    app = open_page(wilayah="38")
    assert app.radio(key="flt_edition").value == 2022
    assert {m.label: m.value for m in app.metric}[t("kpi.provinces")] in {str(n) for n in range(35, 39)}
    app.selectbox(key="flt_province").set_value("93").run()
    assert app.query_params["wilayah"] == "38" and app.query_params["province"] == "93"
    assert set(app.selectbox(key="flt_regency").options) >= {"Kab. Merauke", "Kab. Asmat"}
    app.radio(key="flt_edition").set_value(2019).run()  # back to the programme's map: Papua
    assert "wilayah" not in app.query_params and app.query_params["province"] == "91"


def test_training_by_todays_provinces(open_page):
    app = open_page(navigation.TRAINING, wilayah="38")
    assert {"93", "96"} <= set(app.dataframe[0].value["Kode"])


def test_map_of_todays_38_provinces_down_to_papua_selatan(open_page):
    app = open_page(navigation.COVERAGE_MAP, wilayah="38")
    assert len(app.dataframe[0].value) == 38 and len(app.get("plotly_chart")) == 1
    app.selectbox(key="pick-id").set_value("93").run()
    assert app.query_params["province"] == "93" and app.query_params["wilayah"] == "38"
    assert any(b.label == "Papua Selatan" for b in app.button)
    assert set(app.dataframe[0].value["Kode"]) == {"91.01", "91.16", "91.17", "91.18"}  # Merauke, Boven Digoel, ...


def test_a_presenter_adds_a_follow_up_from_the_attention_slide(open_page, own_store):
    from datetime import date, timedelta

    from tpbis import briefing, follow_ups

    accounts.save_user(own_store, "editor32", "Editor Jabar", "editor", "32", "rahasia-panjang")
    accounts.save_user(own_store, "editor33", "Editor Jateng", "editor", "33", "rahasia-panjang")
    app = open_page(navigation.BRIEFING, presenter="1", slide="6", province="32")
    assert not _follow_up_forms(app)  # a visitor gets nothing to add
    app.session_state[auth.USER] = accounts.sign_in(own_store, "editor33", "rahasia-panjang")
    app.run()
    assert not _follow_up_forms(app)
    assert any(c.value == t("briefing.follow_ups.none_in_region") for c in app.caption)  # Jabar is not theirs
    app.session_state[auth.USER] = accounts.sign_in(own_store, "editor32", "rahasia-panjang")
    app.run()
    slide = briefing.slides(own_store, Filters(province="32"), "id")[5]
    shown = [line.library_code for line in slide.lines if line.library_code]
    picker = app.selectbox(key="slide-follow-up-library")
    assert picker.options and len(picker.options) == len(shown)
    form = _follow_up_forms(app)[0]
    next(d for d in app.date_input if d.label == t("follow_up.due_on")).set_value(date.today() + timedelta(days=7))
    next(i for i in app.text_input if i.label == t("follow_up.owner_name")).set_value("Bu Sri")
    next(b for b in form.button if b.label == t("follow_up.save")).click().run()
    assert not app.exception and any(s.value == t("follow_up.saved") for s in app.success)
    assert app.query_params["presenter"] == "1" and app.query_params["slide"] == "6"
    added = follow_ups.in_scope(own_store, Filters(province="32"))
    assert shown[0] in set(added[added["owner_name"] == "Bu Sri"]["library_code"])


def test_the_follow_up_slide_counts_since_a_date_kept_in_the_url(open_page):
    from datetime import date, timedelta

    month_ago = date.today() - timedelta(days=30)  # not before the data date: follow-ups are made day by day
    app = open_page(navigation.BRIEFING, slide="8")
    picker = app.date_input(key="briefing_since")
    assert picker.value == month_ago
    assert "since" not in app.query_params
    picker.set_value(date(2025, 1, 15)).run()
    assert app.query_params["since"] == "2025-01-15"
    assert any("Sejak 15 Jan 2025" in m.value for m in app.markdown)
    app = open_page(navigation.BRIEFING, slide="8", since="kemarin")
    assert app.date_input(key="briefing_since").value == month_ago  # a bad date: a message, the default
    assert "since" not in app.query_params


def test_the_dry_run_says_which_edition_the_region_codes_are_in(open_page, own_store):
    accounts.save_user(own_store, "admin6", "Admin Enam", "admin", None, "rahasia-panjang")
    app = open_page()
    app.session_state[auth.USER] = accounts.sign_in(own_store, "admin6", "rahasia-panjang")
    app.switch_page(page_path(navigation.DATA_IMPORT)).run()
    library = pd.DataFrame(
        {
            "library_code": ["PD-EDISI-2022"],
            "village_code": ["93.01.01.1002"],  # Samkai, Merauke, in Papua Selatan since 2022
            "name": ["Perpustakaan Desa Samkai"],
            "cohort_year": ["2023"],
            "funding": ["apbn"],
            "lat": [""],
            "lon": [""],
        }
    )
    app.get("file_uploader")[0].upload("perpustakaan.csv", library.to_csv(index=False).encode()).run()
    assert not app.exception and not app.error
    assert [i.value for i in app.info] == [t("import.edition.2022", mapped="1")]


def test_the_attention_slide_names_each_librarys_next_follow_up(open_page, demo_store):
    from tpbis import follow_ups

    app = open_page(navigation.BRIEFING, slide="6", province="32")
    table = app.dataframe[0].value
    planned = follow_ups.beside_status(demo_store, Filters(province="32"), "id")
    shown = dict(
        zip(table[t("field.code")] if t("field.code") in table else table["library_code"], table[t("col.follow_up")])
    )
    listed = {code: text for code, text in shown.items() if code in planned}
    assert listed and all(text == planned[code] for code, text in listed.items())
    lines = " ".join(m.value for m in app.markdown)
    assert any(escaping.markdown(planned[code]) in lines for code in listed)  # beside the names too


def test_the_regency_map_in_presenter_mode_draws_its_short_table(open_page):
    app = open_page(navigation.COVERAGE_MAP, province="11", regency="11.01", presenter="1")
    assert not app.exception and not app.error
    assert app.get("table")  # presenter mode: a short table as plain text


def test_the_timing_log_names_each_run_and_keeps_no_setup_token(open_page, monkeypatch, tmp_path):
    """TPBIS_TIMING_LOG: a line per run, the server time last (../shared/tools/loadtest.py reads
    it); a first-admin link's token is a secret and stays out of the file."""
    log = tmp_path / "runs.log"
    monkeypatch.setenv("TPBIS_TIMING_LOG", str(log))
    open_page(province="32", setup="not-for-the-log")
    kind, page, query, waited, total = log.read_text().splitlines()[-1].split()
    assert kind in ("first", "rerun") and page.startswith("/") and query == "province=32"
    assert float(waited) >= 0 and float(total) > 0


def test_the_overview_trend_gives_participants_an_axis_of_their_own(open_page):
    """Participants are ~20 times the activities: on one axis the activities drew a flat line."""
    specs = [json.loads(c.proto.spec) for c in open_page().get("plotly_chart")]
    trend = next(s for s in specs if len(s["data"]) == 2 and s["data"][0].get("mode") == "lines")
    assert [trace.get("yaxis", "y") for trace in trend["data"]] == ["y", "y2"]
    assert trend["layout"]["yaxis2"]["title"]["text"] == t("col.participants")
    assert trend["layout"]["yaxis"]["title"]["text"] == t("col.activities")


def test_the_overview_inside_a_province_compares_its_regencies(open_page, own_store):
    """In a regency the last table showed the province's totals beside the regency's KPIs,
    without saying so."""
    regencies = own_store.scalar("SELECT count(*) FROM regency WHERE code LIKE '32.%'")  # covered or not
    app = open_page(province="32", regency="32.01")
    assert not app.exception
    assert "Bogor**" in app.caption[0].value  # the area under the title, as other pages name it
    assert any(h.value == t("overview.by_regency", province="Jawa Barat") for h in app.subheader)
    assert any(c.value == t("overview.by_regency.compare") for c in app.caption)
    assert len(app.dataframe[-1].value) == regencies and t("col.regency") in app.dataframe[-1].value.columns


def test_one_regency_has_no_ranking_of_regencies_on_the_activities_page(open_page):
    """It showed one row over nine empty grid rows."""
    app = open_page(navigation.ACTIVITIES, province="32", regency="32.01")
    assert not app.exception and t("activities.regencies") not in [h.value for h in app.subheader]
    assert t("activities.regencies") in [h.value for h in open_page(navigation.ACTIVITIES, province="32").subheader]

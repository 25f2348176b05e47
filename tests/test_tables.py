"""Tables on screen: a column's format comes from the core's column name and type, whatever
heading it shows under."""

from streamlit.testing.v1 import AppTest

from tpbis.i18n import t, value_label


def _misleading_headings():
    import pandas as pd

    from tpbis_ui import tables

    frame = pd.DataFrame({"cohort_year": [2022], "libraries": [1234], "share": [75.84]})
    # a year headed as a count and a count headed as a year: a format read from the headings gets both wrong
    tables.show_table(tables.labelled(frame, "en", cohort_year="col.libraries", libraries="col.cohort"), "en")


def test_formats_follow_the_core_names_not_the_headings():
    import pyarrow as pa

    app = AppTest.from_function(_misleading_headings, default_timeout=30).run()
    assert not app.exception, app.exception
    shown = pa.ipc.open_stream(app.dataframe[0].proto.arrow_data.styler.display_values).read_all().to_pandas()
    assert list(shown.columns) == ["Libraries", t("col.cohort", "en"), "share"]
    assert shown.iloc[0].tolist() == ["2022", "1,234", "75.8"]


def _text_years_and_small_counts():
    import pandas as pd

    from tpbis_ui import tables

    frame = pd.DataFrame({"name": ["Pustaka Desa", None], "cohort_year": [2022, 2019], "libraries": [12, 999]})
    tables.show_table(tables.labelled(frame, "id", name="col.village"), "id")
    tables.show_table(tables.labelled(frame.assign(libraries=[12, 1234]), "id", name="col.village"), "id")
    gaps = frame.assign(libraries=pd.array([12, None], dtype="Int64"), share=[0.5, 0.25])
    tables.show_table(tables.labelled(gaps, "id", name="col.village"), "id")


def test_a_table_that_reads_the_same_in_every_language_is_drawn_without_a_styler():
    """Text, years and counts under a thousand read the same formatted or not: the grid gets the
    frame itself (no Styler's text for each cell); a count of 1.234 brings the Styler back."""
    import json

    import pyarrow as pa

    app = AppTest.from_function(_text_years_and_small_counts, default_timeout=30).run()
    assert not app.exception, app.exception
    plain, styled = app.dataframe[0].proto, app.dataframe[1].proto
    assert not plain.arrow_data.styler.display_values
    shown = pa.ipc.open_stream(plain.arrow_data.data).read_all().to_pandas()
    libraries, cohort = t("col.libraries"), t("col.cohort")
    assert shown[t("col.village")].tolist() == ["Pustaka Desa", "–"] and shown[libraries].tolist() == [12, 999]
    columns = json.loads(plain.columns)
    assert columns[cohort]["type_config"]["format"] == columns[libraries]["type_config"]["format"] == "%d"
    display = pa.ipc.open_stream(styled.arrow_data.styler.display_values).read_all().to_pandas()
    assert display[libraries].tolist() == ["12", "1.234"] and display[cohort].tolist() == ["2022", "2019"]
    with_gaps = pa.ipc.open_stream(app.dataframe[2].proto.arrow_data.styler.display_values).read_all().to_pandas()
    assert with_gaps[libraries].tolist() == ["12", "–"]  # a count with gaps, in a table the Styler draws


def test_a_text_column_is_as_wide_as_its_longest_value():
    """The grid sized "Provinsi" to ~120 px and cut "Kepulauan Bangka Belitung" beside a chart."""
    import pandas as pd

    from tpbis_ui import tables

    frame = pd.DataFrame({"Provinsi": ["Aceh", "Kepulauan Bangka Belitung", None], "Kode": ["11", "19", "21"]})
    widths = tables._text_widths(frame, ["Provinsi", "Kode"])
    assert list(widths) == ["Provinsi"]  # a column no longer than its heading is left to the grid
    assert 175 <= widths["Provinsi"]["width"] <= 200
    long = pd.DataFrame({"Alasan": ["belum ikut Bimtek SPP-TIK, belum pernah ada kegiatan, tidak ada laporan 3 bulan"]})
    assert tables._text_widths(long, ["Alasan"])["Alasan"]["width"] == tables.LONGEST_PX


def test_a_copy_of_an_answer_is_digested_as_the_answer_until_it_changes():
    """Pages digest their frames as cache keys on every run; a copy of a cached answer is not
    pickled again, and any change to the copy gives it a digest of its own."""
    import pandas as pd

    from tpbis_ui import data

    answer = pd.DataFrame({"code": ["11", "12"], "libraries": [3, 4], "share": [0.5, 0.25]})
    expected = data._pickled_digest(answer)
    first, second = data._shallow(answer), data._shallow(answer)
    assert data.known_digest(first) == data.frame_digest(second) == expected
    assert data.known_digest(pd.DataFrame({"code": ["11"]})) is None  # never digested: would be pickled

    changes = {
        "a value": lambda f: f.loc.__setitem__((0, "libraries"), 9),
        "a new column": lambda f: f.__setitem__("label", ["a", "b"]),
        "a column replaced": lambda f: f.__setitem__("libraries", [3, 5]),
        "an index": lambda f: setattr(f, "index", [7, 8]),
        "headings": lambda f: setattr(f, "columns", ["kode", "libraries", "share"]),
        "the index's name": lambda f: setattr(f.index, "name", "row"),
        "the headings' name": lambda f: setattr(f.columns, "name", "field"),
        "attrs": lambda f: f.attrs.update(unit="%"),
    }
    for change, make in changes.items():
        copy = data._shallow(answer)
        make(copy)
        assert data.known_digest(copy) is None, change
        assert data.frame_digest(copy) == data._pickled_digest(copy) != expected, change
    assert data.frame_digest(answer) == expected  # the answer itself is untouched
    made = pd.DataFrame({"code": ["11"], "libraries": [1]})  # a page's own frame, never vouched for
    before = data.frame_digest(made)
    made.loc[0, "libraries"] = 2  # written in place: no other frame shares its arrays
    assert data.frame_digest(made) != before
    assert data.digest(first, "en") == data.digest(answer, "en") != data.digest(answer, "id")


def test_values_are_written_in_the_language_where_they_are_shown():
    """A table's fixed values are written in the language in its element (a page of rows at a
    time) and in the downloads, not on every run for the whole list."""
    import pandas as pd

    from tpbis_ui import tables

    frame = pd.DataFrame({"code": [f"{i:04d}" for i in range(250)], "mode": ["online"] * 250, "done": [True] * 250})
    table = tables.labelled(frame, "en")
    assert table.frame is frame
    shown = table.shown()
    assert shown[t("field.code", "en")].iloc[0] == "0000"
    assert {*shown[t("col.mode", "en")], *shown["done"]} == {value_label("mode", "online", "en"), t("value.yes", "en")}


_SHAPE_CALLS: list = []


def _counted_rows(frame, columns):
    from tpbis import metrics

    _SHAPE_CALLS.append(columns)
    return metrics.coverage_rows(frame, columns)


def _as_given(frame, *args, **options):  # a shape may hand back what it was given
    _SHAPE_CALLS.append((args, options))
    return frame


def test_a_page_shapes_an_answer_once_and_gets_a_copy_of_its_own():
    """data.shaped: a page's pandas steps on an answer are made once per process for the same
    answer and arguments; each page gets a copy to change as it likes."""
    import pandas as pd
    import pytest

    from tpbis_ui import data

    areas = pd.DataFrame(
        {
            "code": ["11", "12"],
            "name": ["Aceh", "Sumatera Utara"],
            "libraries": [3, 5],
            "trained_share": [0.5, 0.123],
            "active_share": [1.0, 0.2],
            "activities": [7, 9],
            "participants": [70, 90],
        }
    )
    _SHAPE_CALLS.clear()
    first = data.shaped(_counted_rows, data._shallow(areas), ("code", "name", "libraries"))
    second = data.shaped(_counted_rows, data._shallow(areas), ("code", "name", "libraries"))
    assert len(_SHAPE_CALLS) == 1
    assert first.to_dict("list") == {
        "code": ["12", "11"],
        "name": ["Sumatera Utara", "Aceh"],
        "libraries": [5, 3],
        "trained_pct": [12.3, 50.0],
        "active_pct": [20.0, 100.0],
        "activities": [9, 7],
        "participants": [90, 70],
    }
    first["libraries"] = 0  # the page's own copy
    assert second["libraries"].tolist() == [5, 3]
    data.shaped(_counted_rows, areas.assign(libraries=[3, 6]), ("code", "name", "libraries"))
    data.shaped(_counted_rows, areas, ("name", "code", "libraries"))
    assert len(_SHAPE_CALLS) == 3  # other rows, other arguments: made anew

    mine = data._shallow(areas)
    data.shaped(_as_given, mine)
    mine["libraries"] = 0  # the page changes its copy after asking
    assert data.shaped(_as_given, data._shallow(areas))["libraries"].tolist() == [3, 5]
    _SHAPE_CALLS.clear()  # arguments by position or by name are different questions
    data.shaped(_as_given, areas, "n", 2)
    data.shaped(_as_given, areas, n=2)
    assert _SHAPE_CALLS == [(("n", 2), {}), ((), {"n": 2})]

    def page_function(frame):
        return frame

    page_function.__module__ = "__main__"
    for not_a_module_function in (page_function, lambda frame: frame):
        with pytest.raises(TypeError):
            data.shaped(not_a_module_function, areas)

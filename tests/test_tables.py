"""Tables on screen: a column's format comes from the core's column name and type, whatever
heading it shows under."""

from streamlit.testing.v1 import AppTest

from tpbis.i18n import t


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

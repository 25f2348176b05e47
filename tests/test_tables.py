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

"""Kualitas Data: reporting completeness and timeliness by area and month, libraries that
stopped reporting, implausible numbers and empty fields, each list downloadable."""

import streamlit as st

from tpbis import quality
from tpbis.i18n import month, t
from tpbis_ui import data, tables, url_filters
from tpbis_ui.data import query

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
st.title(t("quality.title", lang))
st.caption(t("quality.intro", lang))

rates = query(quality.reporting_rates, filters)
if rates.empty:
    st.info(t("quality.empty", lang))
else:
    provinces, regencies = data.area_names(filters.edition)
    names = regencies if filters.province else provinces
    for column, title in (("received_rate", "quality.received"), ("on_time_rate", "quality.on_time")):
        st.subheader(t(title, lang))
        table = data.shaped(quality.rates_by_month, rates, names, column)
        months = {m: month(m, lang) for m in table.columns[1:]}
        tables.table_with_download(
            tables.labelled(table, lang, months, area="col.regency" if filters.province else "col.province"),
            f"laporan_{column}",
            filters,
            column_config={
                m: st.column_config.ProgressColumn(m, min_value=0, max_value=100, format="%d%%")
                for m in months.values()
            },
        )

st.subheader(t("quality.silent", lang))
silent = query(quality.silent_libraries, filters)
tables.list_to_follow_up(
    silent, "quality.silent.none", "tanpa_laporan_3_bulan", filters, name="col.library", last_report="col.last_report"
)

st.subheader(t("quality.outliers", lang))
outliers = query(quality.activity_outliers, filters)
# the number to check, and the library's usual, before the names: at 1280 px they were off the right edge
tables.list_to_follow_up(
    tables.columns_first(outliers, ["activity_code", "participants", "usual"]),
    "quality.outliers.none",
    "angka_tidak_wajar",
    filters,
    activity_code="col.activity_code",
    name="col.library",
    activity_date="col.date",
    title="col.title",
    usual="col.usual",
)

st.subheader(t("quality.missing", lang))
missing = query(quality.missing_fields, filters)
# what each field is, before the template's sheet and column that the regions fill in
missing.insert(0, "what", [t(f"quality.missing.{field}", lang) for field in missing["field"]])
tables.table_with_download(
    tables.labelled(
        missing,
        lang,
        what="quality.missing.what",
        sheet="import.sheet",
        field="import.column",
        missing="col.missing",
        records="col.records",
    ),
    "kolom_kosong",
    filters,
)

st.subheader(t("quality.bad_coordinates", lang))
bad_places = query(quality.bad_coordinates, filters)
tables.list_to_follow_up(
    bad_places,
    "quality.bad_coordinates.none",
    "koordinat_salah",
    filters,
    name="col.library",
    lat="col.lat",
    lon="col.lon",
)

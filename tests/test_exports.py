import io

import pandas as pd
from openpyxl import load_workbook

from tpbis.exports import csv_bytes, escape_formula, xlsx_bytes


def test_formula_injection_escaped():
    assert escape_formula('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert escape_formula("-1+1") == "'-1+1"
    assert escape_formula("Desa Maju") == "Desa Maju"
    assert escape_formula(-5) == -5
    text = csv_bytes(pd.DataFrame({"name": ["@SUM(A1)", "Biasa"], "n": [1, 2]})).decode("utf-8-sig")
    assert "'@SUM(A1)" in text and "Biasa" in text


def test_xlsx_has_header_frozen_and_notes():
    frame = pd.DataFrame({"Provinsi": ["Aceh", "=1+1"], "Perpustakaan": [3, 4]})
    book = load_workbook(io.BytesIO(xlsx_bytes(frame, "cakupan", ["Sumber: uji", "Cakupan: Indonesia"])))
    sheet = book["cakupan"]
    assert [c.value for c in sheet[1]] == ["Provinsi", "Perpustakaan"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["A3"].value == "'=1+1" and sheet["B3"].value == 4
    assert [r[0].value for r in book["Keterangan"].iter_rows()] == ["Sumber: uji", "Cakupan: Indonesia"]

"""The Excel template: instructions, a sheet per record kind with an example row, dropdowns."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tpbis.geography import LIBRARY_LAT, LIBRARY_LON
from tpbis.imports import follow_up_sheet
from tpbis.imports.checks import official_names
from tpbis.imports.spec import CHECK_ONLY, CHOICES, EXAMPLE_MARK, EXAMPLES, MAX_ROWS, SHEETS, columns_of
from tpbis.store import Store


def template_xlsx(store: Store) -> bytes:
    """One workbook: instructions in Bahasa Indonesia, a sheet per record kind with its
    headers, an example row and dropdowns for coded fields."""
    book = Workbook()
    guide = book.active
    guide.title = "petunjuk"
    for line in [
        "Templat impor TPBIS Monitor",
        "Isi satu lembar per jenis data; lembar yang tidak dipakai boleh dihapus. Baris 2 (kode diawali "
        f"{EXAMPLE_MARK}) hanya contoh dan tidak pernah diimpor: biarkan, hapus, atau timpa dengan data Anda.",
        "Kode wilayah memakai kode Kemendagri bertitik (mis. desa 32.01.01.1001), edisi 2019 (kode program, "
        "34 provinsi) atau edisi 2022 (38 provinsi, mis. 93.01.01.1002 di Papua Selatan); disimpan sebagai kode 2019.",
        "Tanggal ditulis TTTT-BB-HH (mis. 2022-03-07) atau sebagai sel tanggal Excel; jam di belakangnya "
        "diabaikan, zona waktu dan bentuk lain (07/03/2022, 7 Maret 2022) ditolak. Angka tanpa pemisah ribuan.",
        "Koordinat perpustakaan (lat, lon) dalam derajat desimal di wilayah Indonesia: "
        f"lat {LIBRARY_LAT[0]} s.d. {LIBRARY_LAT[1]}, lon {LIBRARY_LON[0]} s.d. {LIBRARY_LON[1]}.",
        "Kolom bertanda * wajib diisi; village_name (nama desa) boleh kosong, tetapi bila diisi harus "
        "cocok dengan kode desanya. Data dengan kode yang sudah ada akan diperbarui, bukan digandakan.",
        "Lembar tindak_lanjut: follow_up_id kosong untuk tindak lanjut baru (jatuh tempo tidak boleh di masa "
        "lalu), diisi untuk mengubah yang sudah ada. Penanggung jawab: owner_username (pengguna aplikasi) atau "
        "owner_name dan owner_office. state: open, done atau cancelled; done dan cancelled wajib diisi outcome. "
        "Unduhan Excel halaman Tindak Lanjut memakai tata letak yang sama dan bisa diimpor kembali.",
        "Unggah berkas di halaman Impor: sistem memeriksa dulu (uji coba) sebelum menyimpan apa pun.",
    ]:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    for kind, sheet_name in SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        columns = columns_of(store, kind)
        extra = list(CHECK_ONLY.get(kind, {}))
        sheet.append([f"{c}{' *' if r else ''}" for c, r in zip(columns["name"], columns["required"])] + extra)
        sheet.append(_example_row(store, kind, columns, extra))
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B5394")
        for cell in sheet[2]:
            cell.font = Font(italic=True, color="7F7F7F")
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns["name"], start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(14, len(name) + 4)
            if (kind, name) in CHOICES:
                rule = DataValidation(type="list", formula1='"' + ",".join(CHOICES[kind, name]) + '"', allow_blank=True)
                sheet.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{MAX_ROWS}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _example_row(store: Store, kind: str, columns: pd.DataFrame, extra: list[str]) -> list:
    """A valid row of the kind whose first cell carries EXAMPLE_MARK, so that reading skips it."""
    row = [_example(kind, name, sql_type) for name, sql_type in zip(columns["name"], columns["type"])]
    row += [official_names(store, [EXAMPLES["village_code"]]).get(EXAMPLES["village_code"], "") for _ in extra]
    return [f"{EXAMPLE_MARK} {row[0]}", *row[1:]]


def _example(kind: str, name: str, sql_type: str):
    if kind == follow_up_sheet.KIND and name in follow_up_sheet.EXAMPLE:
        return follow_up_sheet.EXAMPLE[name]
    if kind == follow_up_sheet.KIND and name == "due_on":
        return (date.today() + timedelta(days=14)).isoformat()
    if (kind, name) in CHOICES:
        return CHOICES[kind, name][0]
    if kind == "aid" and name == "kind":
        return "Komputer"
    if name in EXAMPLES:
        return EXAMPLES[name]
    return {"DATE": "2022-03-07", "INTEGER": 10, "BIGINT": 1000000, "DOUBLE": 75.5, "BOOLEAN": "ya"}.get(sql_type, "")

"""Every user-visible string, in Bahasa Indonesia (default) and English, and number/date formats."""
from __future__ import annotations

import math
from datetime import date

LANGUAGES = ("id", "en")
MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

CATALOGUE: dict[str, dict[str, str]] = {
    "app.title": {"id": "TPBIS Monitor", "en": "TPBIS Monitor"},
    "app.subtitle": {"id": "Transformasi Perpustakaan Berbasis Inklusi Sosial — Perpusnas",
                     "en": "Social Inclusion-Based Library Transformation — Perpusnas"},
    "demo.badge": {"id": "DATA DEMO", "en": "DEMO DATA"},
    "demo.explain": {"id": "Data contoh buatan generator, bukan data resmi program.",
                     "en": "Sample data made by the generator, not official programme data."},
    "data.as_of": {"id": "Data per {date}", "en": "Data as of {date}"},
    "nav.overview": {"id": "Ringkasan", "en": "Overview"},
    "nav.map": {"id": "Peta Cakupan", "en": "Coverage map"},
    "filter.header": {"id": "Filter", "en": "Filters"},
    "filter.cohort": {"id": "Tahun angkatan", "en": "Cohort year"},
    "filter.cohort.all": {"id": "Semua angkatan", "en": "All cohorts"},
    "filter.province": {"id": "Provinsi", "en": "Province"},
    "filter.regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "filter.all": {"id": "Semua", "en": "All"},
    "filter.period": {"id": "Periode kegiatan", "en": "Activity period"},
    "filter.from": {"id": "Dari", "en": "From"},
    "filter.to": {"id": "Sampai", "en": "To"},
    "filter.language": {"id": "Bahasa", "en": "Language"},
    "filter.reset": {"id": "Hapus filter", "en": "Clear filters"},
    "filter.link": {"id": "Tautan ke tampilan ini", "en": "Link to this view"},
    "error.param": {"id": "Parameter tautan '{name}' tidak dikenali ({value}); ditampilkan tampilan nasional.",
                    "en": "Link parameter '{name}' was not understood ({value}); showing the national view."},
    "error.no_database": {"id": "Basis data belum siap. Jalankan `make run` dari folder aplikasi.",
                          "en": "The database is not ready. Run `make run` in the app folder."},
    "kpi.provinces": {"id": "Provinsi", "en": "Provinces"},
    "kpi.regencies": {"id": "Kabupaten/kota", "en": "Regencies/cities"},
    "kpi.libraries": {"id": "Perpustakaan desa", "en": "Village libraries"},
    "kpi.trained": {"id": "Pengelola terlatih", "en": "Managers trained"},
    "kpi.trained.help": {"id": "Pengelola yang menyelesaikan Bimtek SPP-TIK, dari {total} pengelola.",
                         "en": "Managers who completed Bimtek SPP-TIK, out of {total}."},
    "kpi.active": {"id": "Aktif 90 hari terakhir", "en": "Active in last 90 days"},
    "kpi.active.help": {"id": "Perpustakaan dengan kegiatan dalam 90 hari sampai {date}.",
                        "en": "Libraries with an activity in the 90 days up to {date}."},
    "overview.title": {"id": "Ringkasan Program TPBIS", "en": "TPBIS Programme Overview"},
    "overview.by_province": {"id": "Cakupan per provinsi", "en": "Coverage by province"},
    "overview.empty": {"id": "Tidak ada perpustakaan desa dalam cakupan filter ini. Ubah atau hapus filter.",
                       "en": "No village libraries in this filter scope. Change or clear the filters."},
    "col.code": {"id": "Kode", "en": "Code"},
    "col.province": {"id": "Provinsi", "en": "Province"},
    "col.regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "col.libraries": {"id": "Perpustakaan", "en": "Libraries"},
    "col.regencies": {"id": "Kab/kota tercakup", "en": "Regencies covered"},
    "col.trained_share": {"id": "Pengelola terlatih (%)", "en": "Managers trained (%)"},
    "col.active_share": {"id": "Aktif 90 hari (%)", "en": "Active 90 days (%)"},
    "col.activities": {"id": "Kegiatan", "en": "Activities"},
    "col.participants": {"id": "Peserta", "en": "Participants"},
    "download.csv": {"id": "Unduh CSV", "en": "Download CSV"},
}


def t(key: str, lang: str = "id", **values) -> str:
    text = CATALOGUE[key].get(lang) or CATALOGUE[key]["id"]
    return text.format(**values) if values else text


def number(value, lang: str = "id", decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Indonesian, '1,234.5' in English; missing -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share, lang: str = "id", decimals: int = 1) -> str:
    """A share 0..1 as '45,2%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return number(share * 100, lang, decimals) + "%"


def day(value: date, lang: str = "id") -> str:
    """25 Nov 2026 (both languages use day-month-year)."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"

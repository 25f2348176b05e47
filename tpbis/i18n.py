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
    "download.xlsx": {"id": "Unduh Excel", "en": "Download Excel"},
    "export.source": {"id": "Sumber: TPBIS Monitor, {source}", "en": "Source: TPBIS Monitor, {source}"},
    "export.scope": {"id": "Cakupan: {scope}", "en": "Scope: {scope}"},
    "export.date": {"id": "Data per {date}; diunduh {today}", "en": "Data as of {date}; downloaded {today}"},
    "nav.library": {"id": "Profil Perpustakaan", "en": "Library profile"},
    "map.title": {"id": "Peta Cakupan TPBIS", "en": "TPBIS Coverage Map"},
    "map.metric": {"id": "Warnai peta menurut", "en": "Colour the map by"},
    "map.hint.national": {"id": "Klik provinsi pada peta, atau pilih di bawah, untuk melihat kabupaten/kotanya.",
                          "en": "Click a province on the map, or pick one below, to see its regencies."},
    "map.hint.province": {"id": "Klik kabupaten/kota untuk melihat perpustakaan desanya. Abu-abu: belum tercakup.",
                          "en": "Click a regency to see its village libraries. Grey: not covered."},
    "map.hint.regency": {"id": "Klik titik perpustakaan untuk membuka profilnya.",
                         "en": "Click a library point to open its profile."},
    "map.goto.province": {"id": "Buka provinsi", "en": "Open province"},
    "map.goto.regency": {"id": "Buka kabupaten/kota", "en": "Open regency/city"},
    "map.goto.library": {"id": "Buka profil perpustakaan", "en": "Open library profile"},
    "map.choose": {"id": "— pilih —", "en": "— choose —"},
    "map.uncovered": {"id": "Belum tercakup TPBIS", "en": "Not yet covered by TPBIS"},
    "map.rank": {"id": "Peringkat {rank} dari {total}", "en": "Rank {rank} of {total}"},
    "map.no_polygon": {"id": "{count} kabupaten/kota tanpa batas wilayah di peta ditampilkan sebagai titik.",
                       "en": "{count} regencies without a boundary on the map are shown as points."},
    "map.no_libraries": {"id": "Belum ada perpustakaan desa TPBIS di {area} untuk filter ini.",
                         "en": "No TPBIS village library in {area} for these filters."},
    "map.missing": {"id": "Berkas peta belum dibangun. Jalankan `make run` dari folder aplikasi.",
                    "en": "The map files are not built. Run `make run` in the app folder."},
    "map.status_counts": {"id": "Hijau {green} · Kuning {yellow} · Merah {red}",
                          "en": "Green {green} · Yellow {yellow} · Red {red}"},
    "metric.libraries": {"id": "Perpustakaan desa", "en": "Village libraries"},
    "metric.regencies": {"id": "Kabupaten/kota tercakup", "en": "Regencies covered"},
    "metric.trained": {"id": "Pengelola terlatih (%)", "en": "Managers trained (%)"},
    "metric.active": {"id": "Aktif 90 hari (%)", "en": "Active in 90 days (%)"},
    "metric.activities": {"id": "Kegiatan per perpustakaan", "en": "Activities per library"},
    "metric.participants": {"id": "Peserta kegiatan", "en": "Activity participants"},
    "status.hijau": {"id": "Hijau", "en": "Green"},
    "status.kuning": {"id": "Kuning", "en": "Yellow"},
    "status.merah": {"id": "Merah", "en": "Red"},
    "col.library": {"id": "Perpustakaan", "en": "Library"},
    "col.village": {"id": "Desa/kelurahan", "en": "Village"},
    "col.cohort": {"id": "Angkatan", "en": "Cohort"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.reasons": {"id": "Alasan", "en": "Reasons"},
    "col.per_library": {"id": "Kegiatan/perpustakaan", "en": "Activities/library"},
    "library.not_found": {"id": "Perpustakaan tidak ditemukan: {code}", "en": "Library not found: {code}"},
    "library.search": {"id": "Cari perpustakaan (nama, desa, atau kode)", "en": "Find a library (name, village or code)"},
    "library.search.none": {"id": "Tidak ada perpustakaan yang cocok.", "en": "No library matches."},
    "library.pick": {"id": "Pilih perpustakaan dari pencarian atau dari peta.", "en": "Pick a library from the search or the map."},
    "library.identity": {"id": "Identitas", "en": "Identity"},
    "library.status": {"id": "Status", "en": "Status"},
    "library.training": {"id": "Pelatihan pengelola", "en": "Manager training"},
    "library.no_training": {"id": "Belum ada catatan Bimtek SPP-TIK untuk pengelola perpustakaan ini.",
                            "en": "No Bimtek SPP-TIK record for this library's managers."},
    "library.activities": {"id": "Kegiatan per bulan", "en": "Activities per month"},
    "library.no_activities": {"id": "Belum ada kegiatan tercatat.", "en": "No activity recorded."},
    "library.back_to_map": {"id": "Kembali ke peta", "en": "Back to the map"},
    "field.code": {"id": "Kode", "en": "Code"},
    "field.village": {"id": "Desa/kelurahan", "en": "Village"},
    "field.district": {"id": "Kecamatan", "en": "District"},
    "field.regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "field.province": {"id": "Provinsi", "en": "Province"},
    "field.cohort": {"id": "Angkatan TPBIS", "en": "TPBIS cohort"},
    "field.funding": {"id": "Pendanaan", "en": "Funding"},
    "funding.apbn": {"id": "APBN (nasional)", "en": "National budget"},
    "funding.replikasi": {"id": "Replikasi daerah", "en": "Local replication"},
    "col.person": {"id": "Nama", "en": "Name"},
    "col.batch": {"id": "Angkatan Bimtek", "en": "Batch"},
    "col.days": {"id": "Hari hadir", "en": "Days attended"},
    "col.completed": {"id": "Tuntas", "en": "Completed"},
    "col.pre": {"id": "Pre-test", "en": "Pre-test"},
    "col.post": {"id": "Post-test", "en": "Post-test"},
    "col.month": {"id": "Bulan", "en": "Month"},
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

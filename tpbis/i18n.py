"""Every user-visible string, in Bahasa Indonesia (default) and English, and number/date formats."""
from __future__ import annotations

import math
from datetime import date

LANGUAGES = ("id", "en")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language
# plotly's layout.separators: decimal then thousands (1.234,5 in Indonesian)
SEPARATORS = {"id": ",.", "en": ".,"}
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
    "error.no_database": {"id": "Basis data belum siap atau tidak dapat dibuka. Petugas operasi: periksa "
                                "TPBIS_DATABASE_PATH atau TPBIS_DATABASE_URL dan log server (README, bagian Konfigurasi).",
                          "en": "The database is not ready or cannot be opened. Operators: check TPBIS_DATABASE_PATH or "
                                "TPBIS_DATABASE_URL and the server log (README, Configuration)."},
    "error.params_more": {"id": "{count} parameter tautan lain juga tidak dikenali dan diabaikan.",
                          "en": "{count} more link parameters were not understood and were ignored."},
    "error.unexpected": {"id": "Maaf, terjadi kesalahan tak terduga. Kesalahan ini sudah dicatat dengan kode {id}: "
                               "sebutkan kode ini bila menghubungi petugas.",
                         "en": "Sorry, something unexpected went wrong. It was logged under code {id}: "
                               "quote this code when you contact support."},
    "kpi.provinces": {"id": "Provinsi", "en": "Provinces"},
    "kpi.regencies": {"id": "Kabupaten/kota", "en": "Regencies/cities"},
    "kpi.libraries": {"id": "Perpustakaan desa", "en": "Village libraries"},
    "kpi.trained": {"id": "Pengelola terlatih", "en": "Managers trained"},
    "kpi.trained.help": {"id": "Pengelola yang menyelesaikan Bimtek SPP-TIK, dari {total} pengelola.",
                         "en": "Managers who completed Bimtek SPP-TIK, out of {total}."},
    "kpi.active": {"id": "Aktif 90 hari terakhir", "en": "Active in last 90 days"},
    "kpi.active.help": {"id": "Perpustakaan dengan kegiatan dalam 90 hari sampai {date}.",
                        "en": "Libraries with an activity in the 90 days up to {date}."},
    "presenter.toggle": {"id": "Mode presentasi", "en": "Presenter mode"},
    "presenter.help": {"id": "Huruf besar, tanpa panel samping, untuk layar bersama.",
                       "en": "Large type, no sidebar, for a shared screen."},
    "presenter.exit": {"id": "✕ Keluar mode presentasi", "en": "✕ Leave presenter mode"},
    "nav.briefing": {"id": "Presentasi", "en": "Briefing"},
    "briefing.no_chromium": {"id": "Unduhan presentasi memerlukan Chromium di server (apt-get install -y chromium).",
                             "en": "Briefing downloads need Chromium on the server (apt-get install -y chromium)."},
    "briefing.previous": {"id": "← Sebelumnya", "en": "← Previous"},
    "briefing.next": {"id": "Berikutnya →", "en": "Next →"},
    "briefing.counter": {"id": "Slide {n} dari {total}", "en": "Slide {n} of {total}"},
    "briefing.map": {"id": "Cakupan TPBIS", "en": "TPBIS coverage"},
    "briefing.kpis": {"id": "Angka utama", "en": "Key figures"},
    "briefing.ranking": {"id": "Peringkat provinsi", "en": "Provinces ranked"},
    "briefing.ranking.regency": {"id": "Peringkat kabupaten/kota", "en": "Regencies ranked"},
    "briefing.training": {"id": "Pelatihan pengelola", "en": "Manager training"},
    "briefing.activities": {"id": "Kegiatan masyarakat", "en": "Community activities"},
    "briefing.attention": {"id": "Perpustakaan yang perlu perhatian", "en": "Libraries needing attention"},
    "briefing.attention.more": {"id": "dan {count} lainnya (lihat Peta atau unduhan).",
                                "en": "and {count} more (see the map or the downloads)."},
    "kpi.delta": {"id": "Perubahan: dibanding tiga bulan sebelumnya.", "en": "Change: against three months earlier."},
    "kpi.activities_90": {"id": "Kegiatan 90 hari", "en": "Activities, 90 days"},
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
    "nav.training": {"id": "Pelatihan", "en": "Training"},
    "nav.activities": {"id": "Kegiatan", "en": "Activities"},
    "training.title": {"id": "Bimtek SPP-TIK", "en": "Bimtek SPP-TIK training"},
    "training.batches": {"id": "Angkatan Bimtek", "en": "Training batches"},
    "training.by_area": {"id": "Penyelesaian per wilayah", "en": "Completion by area"},
    "training.untrained": {"id": "Perpustakaan yang pengelolanya belum tuntas Bimtek",
                           "en": "Libraries whose managers have not completed the training"},
    "training.untrained.none": {"id": "Semua perpustakaan dalam cakupan ini sudah punya pengelola terlatih.",
                                "en": "Every library in this scope has a trained manager."},
    "training.empty": {"id": "Belum ada Bimtek SPP-TIK yang tercatat untuk cakupan ini.",
                       "en": "No Bimtek SPP-TIK recorded for this scope."},
    "training.gender": {"id": "Peserta menurut jenis kelamin", "en": "Participants by gender"},
    "training.scores": {"id": "Rata-rata pre-test {pre} → post-test {post}",
                        "en": "Average pre-test {pre} → post-test {post}"},
    "activities.title": {"id": "Kegiatan Masyarakat", "en": "Community Activities"},
    "activities.monthly": {"id": "Kegiatan dan peserta per bulan", "en": "Activities and participants per month"},
    "activities.by_type": {"id": "Menurut jenis dan kategori keterampilan", "en": "By type and skill category"},
    "activities.regencies": {"id": "Kabupaten/kota paling dan paling kurang aktif",
                             "en": "Most and least active regencies"},
    "activities.most": {"id": "{n} paling aktif (kegiatan per perpustakaan)",
                        "en": "{n} most active (activities per library)"},
    "activities.least": {"id": "{n} paling kurang aktif", "en": "{n} least active"},
    "activities.all_regencies": {"id": "Semua {n} kabupaten/kota, dari yang paling aktif",
                                 "en": "All {n} regencies, most active first"},
    "activities.lapsed": {"id": "Perpustakaan tanpa kegiatan 90 hari terakhir",
                          "en": "Libraries with no activity in the last 90 days"},
    "activities.lapsed.none": {"id": "Tidak ada: semua perpustakaan berkegiatan dalam 90 hari terakhir.",
                               "en": "None: every library had an activity in the last 90 days."},
    "activities.partners": {"id": "Mitra", "en": "Partners"},
    "activities.empty": {"id": "Belum ada kegiatan tercatat untuk cakupan dan periode ini.",
                         "en": "No activity recorded for this scope and period."},
    "activities.change": {"id": "90 hari terakhir dibanding 90 hari sebelumnya",
                          "en": "Last 90 days against the 90 days before"},
    "overview.cohorts": {"id": "Angkatan TPBIS", "en": "TPBIS cohorts"},
    "overview.status": {"id": "Status perpustakaan", "en": "Library status"},
    "overview.trend": {"id": "Tren kegiatan bulanan", "en": "Monthly activity trend"},
    "col.published": {"id": "Angka resmi", "en": "Published"},
    "col.male": {"id": "Laki-laki", "en": "Men"},
    "col.female": {"id": "Perempuan", "en": "Women"},
    "col.type": {"id": "Jenis kegiatan", "en": "Activity type"},
    "col.skill": {"id": "Kategori keterampilan", "en": "Skill category"},
    "col.last_activity": {"id": "Kegiatan terakhir", "en": "Last activity"},
    "col.managers": {"id": "Pengelola", "en": "Managers"},
    "col.trained": {"id": "Terlatih", "en": "Trained"},
    "col.participants_total": {"id": "Peserta Bimtek", "en": "Trainees"},
    "col.place": {"id": "Tempat", "en": "Place"},
    "col.mode": {"id": "Moda", "en": "Mode"},
    "col.start": {"id": "Mulai", "en": "Start"},
    "col.end": {"id": "Selesai", "en": "End"},
    "col.partner": {"id": "Mitra", "en": "Partner"},
    "col.partner_kind": {"id": "Jenis mitra", "en": "Kind"},
    "col.partnerships": {"id": "Kerja sama", "en": "Partnerships"},
    "col.with_mou": {"id": "Dengan MoU", "en": "With MoU"},
    "col.count": {"id": "Jumlah", "en": "Count"},
    "nav.quality": {"id": "Kualitas Data", "en": "Data quality"},
    "quality.title": {"id": "Kualitas Data", "en": "Data quality"},
    "quality.intro": {"id": "Kelengkapan dan ketepatan laporan bulanan per wilayah (laporan diharapkan dari perpustakaan yang sudah bergabung), dan daftar untuk ditindaklanjuti.",
                      "en": "Completeness and timeliness of monthly reports by area (reports are expected from libraries that have joined), and lists to follow up."},
    "quality.received": {"id": "Laporan diterima (%)", "en": "Reports received (%)"},
    "quality.on_time": {"id": "Laporan tepat waktu (%)", "en": "Reports on time (%)"},
    "quality.silent": {"id": "Perpustakaan tanpa laporan 3 bulan", "en": "Libraries with no report for 3 months"},
    "quality.silent.none": {"id": "Semua perpustakaan melapor dalam 3 bulan terakhir.", "en": "Every library reported in the last 3 months."},
    "quality.outliers": {"id": "Angka tidak wajar (periksa salah ketik)", "en": "Implausible numbers (check for typing errors)"},
    "quality.outliers.none": {"id": "Tidak ada angka peserta yang jauh di atas kebiasaan perpustakaannya.",
                              "en": "No participant count far above its library's usual."},
    "quality.missing": {"id": "Kolom yang belum diisi", "en": "Fields left empty"},
    "col.last_report": {"id": "Laporan terakhir", "en": "Last report"},
    "col.activity_code": {"id": "Kode kegiatan", "en": "Activity code"},
    "col.usual": {"id": "Biasanya", "en": "Usual"},
    "col.missing": {"id": "Kosong", "en": "Empty"},
    "col.records": {"id": "Jumlah data", "en": "Records"},
    "nav.admin": {"id": "Pengguna", "en": "Users"},
    "nav.import": {"id": "Impor Data", "en": "Data import"},
    "import.title": {"id": "Impor Data Program", "en": "Import programme data"},
    "import.intro": {"id": "Unduh templat, isi, lalu unggah. Berkas diperiksa dulu; tidak ada yang disimpan sebelum Anda menekan Terapkan.",
                     "en": "Download the template, fill it in, upload it. The file is checked first; nothing is saved until you press Apply."},
    "import.sign_in_first": {"id": "Impor hanya untuk petugas yang masuk sebagai editor atau admin. Masuk lewat panel kiri (Masuk petugas).",
                             "en": "Importing is for staff signed in as editor or admin. Sign in from the left panel (Staff sign-in)."},
    "import.not_allowed": {"id": "Peran Anda (pembaca) tidak boleh mengimpor. Hubungi admin.",
                           "en": "Your role (viewer) may not import. Ask an admin."},
    "import.region": {"id": "Anda mengimpor untuk wilayah {region}; berkas yang menyentuh wilayah lain ditolak seluruhnya.",
                      "en": "You import for region {region}; a file touching any other region is rejected whole."},
    "import.template": {"id": "Unduh templat Excel", "en": "Download the Excel template"},
    "import.upload": {"id": "Unggah berkas (.xlsx atau .csv)", "en": "Upload a file (.xlsx or .csv)"},
    "import.dry_run": {"id": "Hasil pemeriksaan (uji coba)", "en": "Check result (dry run)"},
    "import.sheet": {"id": "Lembar", "en": "Sheet"},
    "import.rows": {"id": "Baris", "en": "Rows"},
    "import.insert": {"id": "Baru", "en": "New"},
    "import.update": {"id": "Diperbarui", "en": "Updated"},
    "import.unchanged": {"id": "Sama", "en": "Unchanged"},
    "import.reject": {"id": "Ditolak", "en": "Rejected"},
    "import.ready": {"id": "Berkas lolos pemeriksaan.", "en": "The file passed the checks."},
    "import.as": {"id": "Dicatat atas nama {user}.", "en": "Recorded under {user}."},
    "import.apply": {"id": "Terapkan", "en": "Apply"},
    "import.applied": {"id": "Impor #{id} disimpan.", "en": "Import #{id} saved."},
    "import.problems": {"id": "{count} masalah ditemukan; tidak ada yang disimpan. Perbaiki lalu unggah lagi.",
                        "en": "{count} problems found; nothing was saved. Fix them and upload again."},
    "import.row": {"id": "Baris", "en": "Row"},
    "import.column": {"id": "Kolom", "en": "Column"},
    "import.value": {"id": "Nilai", "en": "Value"},
    "import.message": {"id": "Masalah", "en": "Problem"},
    "import.problems.download": {"id": "Unduh daftar masalah", "en": "Download the problems"},
    "import.log": {"id": "Catatan impor", "en": "Import log"},
    "import.log.empty": {"id": "Belum ada impor.", "en": "No import yet."},
    "problem.empty_file": {"id": "Berkas kosong.", "en": "The file is empty."},
    "problem.too_big": {"id": "Berkas lebih dari {mb} MB; pecah menjadi beberapa berkas.",
                        "en": "The file is larger than {mb} MB; split it into several files."},
    "problem.file_type": {"id": "Jenis berkas tidak dikenal: unggah .xlsx atau .csv.",
                          "en": "Unknown kind of file: upload .xlsx or .csv."},
    "problem.sheet.close": {"id": "Lembar/berkas '{name}' tidak dikenal. Maksud Anda '{close}'?",
                            "en": "Sheet/file '{name}' is not known. Did you mean '{close}'?"},
    "problem.sheet.unknown": {"id": "Lembar/berkas '{name}' tidak dikenal. Nama yang dikenal: {known}.",
                              "en": "Sheet/file '{name}' is not known. Known names: {known}."},
    "problem.bad_xlsx": {"id": "Berkas Excel rusak atau bukan xlsx; simpan ulang lalu unggah.",
                         "en": "The Excel file is damaged or not xlsx; save it again and upload it."},
    "problem.not_utf8": {"id": "CSV bukan UTF-8: simpan ulang sebagai 'CSV UTF-8'.",
                         "en": "The CSV is not UTF-8: save it again as 'CSV UTF-8'."},
    "problem.bad_csv": {"id": "CSV tidak dapat dibaca ({error}); periksa tanda kutip dan pemisah kolom, atau simpan ulang dari Excel.",
                        "en": "The CSV cannot be read ({error}); check quotes and separators, or save it again from Excel."},
    "problem.no_sheets": {"id": "Tidak ada lembar data yang dikenal di berkas ini.", "en": "No known data sheet in this file."},
    "problem.too_many_rows": {"id": "Lebih dari {max} baris; pecah berkasnya.", "en": "More than {max} rows; split the file."},
    "problem.empty_sheet": {"id": "Lembar tanpa baris data.", "en": "A sheet without data rows."},
    "problem.long_cell": {"id": "Isi sel terlalu panjang ({length} karakter; paling banyak {max}).",
                          "en": "Cell too long ({length} characters; at most {max})."},
    "problem.header.close": {"id": "Kolom tidak dikenal. Maksud Anda '{close}'?", "en": "Unknown column. Did you mean '{close}'?"},
    "problem.header.unknown": {"id": "Kolom tidak dikenal.", "en": "Unknown column."},
    "problem.header.missing": {"id": "Kolom wajib tidak ada di baris judul.", "en": "A required column is missing from the header row."},
    "problem.choice": {"id": "harus salah satu dari: {allowed}", "en": "must be one of: {allowed}"},
    "problem.range": {"id": "harus antara 0 dan {max}", "en": "must be between 0 and {max}"},
    "problem.code_format": {"id": "format kode Kemendagri salah", "en": "wrong Kemendagri code format"},
    "problem.date_range": {"id": "tanggal di luar program ({start} s.d. {end})", "en": "date outside the programme ({start} to {end})"},
    "problem.cohort_year": {"id": "tahun angkatan 2018 s.d. {last}", "en": "cohort year 2018 to {last}"},
    "problem.required": {"id": "wajib diisi", "en": "required"},
    "problem.not_a": {"id": "bukan {what} yang sah", "en": "not a valid {what}"},
    "problem.column_missing": {"id": "kolom tidak ada", "en": "column missing"},
    "problem.column_unknown": {"id": "kolom tidak dikenal", "en": "unknown column"},
    "problem.duplicate_key": {"id": "kunci ganda di dalam berkas", "en": "duplicate key within the file"},
    "problem.other": {"id": "tidak lolos pemeriksaan {check}", "en": "fails the check {check}"},
    "problem.unknown_village": {"id": "Kode desa Kemendagri tidak dikenal", "en": "Unknown Kemendagri village code"},
    "problem.unknown_reference": {"id": "{column} tidak ada di basis data maupun di berkas ini",
                                  "en": "{column} is neither in the database nor in this file"},
    "problem.village_name": {"id": "Nama desa tidak cocok dengan kode {code} ({official}).",
                             "en": "The village name does not match code {code} ({official})."},
    "problem.village_name.code": {"id": "Nama desa tidak cocok dengan kode {code} ({official}). Maksud Anda kode {meant} ({meant_name})?",
                                  "en": "The village name does not match code {code} ({official}). Did you mean code {meant} ({meant_name})?"},
    "problem.village_name.name": {"id": "Nama desa tidak cocok dengan kode {code} ({official}). Maksud Anda {meant_name} (kode {meant})?",
                                  "en": "The village name does not match code {code} ({official}). Did you mean {meant_name} (code {meant})?"},
    "problem.role": {"id": "Peran Anda tidak boleh mengimpor data.", "en": "Your role may not import data."},
    "problem.region": {"id": "Di luar wilayah Anda ({region}): seluruh berkas ditolak. Data nasional (mis. angkatan Bimtek) diimpor oleh admin.",
                       "en": "Outside your region ({region}): the whole file is rejected. National records (e.g. Bimtek batches) are imported by an admin."},
    "problem.region_replaced": {"id": "Baris ini mengganti data yang tersimpan di luar wilayah Anda ({stored}; wilayah Anda {region}): seluruh berkas ditolak.",
                                "en": "This row replaces a record stored outside your region ({stored}; yours is {region}): the whole file is rejected."},
    "problem.between": {"id": "harus antara {low} dan {high}", "en": "must be between {low} and {high}"},
    "problem.date_format": {"id": "tanggal harus ditulis TTTT-BB-HH (mis. 2023-03-07) atau sebagai sel tanggal Excel",
                            "en": "a date must be written YYYY-MM-DD (e.g. 2023-03-07) or be an Excel date cell"},
    "import.not_checked": {"id": "Berkas masih bermasalah; perbaiki dulu lalu unggah lagi.",
                           "en": "The file still has problems; fix them and upload it again."},
    "import.refused.account": {"id": "Akun Anda sudah dinonaktifkan atau dihapus; tidak ada yang disimpan.",
                               "en": "Your account has been disabled or removed; nothing was saved."},
    "import.refused.role": {"id": "Peran Anda kini tidak boleh mengimpor; tidak ada yang disimpan.",
                            "en": "Your role may no longer import; nothing was saved."},
    "import.refused.region": {"id": "Wilayah Anda kini {region} dan berkas ini menyentuh wilayah lain; tidak ada yang disimpan. Unggah lagi untuk melihat baris mana.",
                              "en": "Your region is now {region} and this file touches another; nothing was saved. Upload it again to see which rows."},
    "import.refused.admin": {"id": "Hanya admin yang boleh membatalkan impor; tidak ada yang dibatalkan.",
                             "en": "Only an admin may revert an import; nothing was reverted."},
    "import.revert.later": {"id": "Impor #{id} kemudian mengubah lagi data yang sama: batalkan impor #{id} dulu; tidak ada yang dibatalkan.",
                            "en": "Import #{id} later changed the same records again: revert import #{id} first; nothing was reverted."},
    "import.revert.done": {"id": "Impor #{id} sudah dibatalkan.", "en": "Import #{id} has already been reverted."},
    "import.revert.unknown": {"id": "Impor #{id} tidak ada.", "en": "There is no import #{id}."},
    "account.invalid": {"id": "Nama pengguna wajib diisi dan peran harus salah satu dari {roles}.",
                        "en": "A user name is required and the role must be one of {roles}."},
    "account.short_password": {"id": "Kata sandi minimal 10 karakter.", "en": "A password needs at least 10 characters."},
    "account.unknown_region": {"id": "Kode wilayah {region} tidak dikenal (kode provinsi atau kabupaten/kota).",
                               "en": "Region code {region} is not known (a province or regency code)."},
    "account.locked": {"id": "Terlalu banyak percobaan gagal. Coba lagi setelah {minutes} menit.",
                       "en": "Too many failed attempts. Try again in {minutes} minutes."},
    "account.wrong": {"id": "Nama pengguna atau kata sandi salah.", "en": "Wrong user name or password."},
    "account.long_username": {"id": "Nama pengguna paling banyak {max} karakter.",
                              "en": "A user name has at most {max} characters."},
    "store.cannot_open": {"id": "Basis data {where} tidak dapat dibuka: {error}", "en": "The database {where} cannot be opened: {error}"},
    "store.unreachable": {"id": "Basis data PostgreSQL {where} tidak dapat dihubungi: {error}",
                          "en": "The PostgreSQL database {where} cannot be reached: {error}"},
    "word.date": {"id": "tanggal", "en": "date"},
    "word.yes_no": {"id": "ya/tidak", "en": "yes/no"},
    "word.number": {"id": "angka", "en": "number"},
    "signin.header": {"id": "Masuk petugas", "en": "Staff sign-in"},
    "signin.username": {"id": "Nama pengguna", "en": "User name"},
    "signin.password": {"id": "Kata sandi", "en": "Password"},
    "signin.submit": {"id": "Masuk", "en": "Sign in"},
    "signin.sso": {"id": "Masuk dengan SSO", "en": "Sign in with SSO"},
    "signin.as": {"id": "Masuk sebagai **{name}** ({role}{region})", "en": "Signed in as **{name}** ({role}{region})"},
    "signin.out": {"id": "Keluar", "en": "Sign out"},
    "signin.required": {"id": "Dasbor ini hanya untuk petugas. Silakan masuk.", "en": "This dashboard is for staff only. Please sign in."},
    "role.viewer": {"id": "pembaca", "en": "viewer"},
    "role.editor": {"id": "editor", "en": "editor"},
    "role.admin": {"id": "admin", "en": "admin"},
    "admin.title": {"id": "Pengguna dan hak akses", "en": "Users and access"},
    "admin.only": {"id": "Halaman ini hanya untuk admin. Masuk lewat panel kiri (Masuk petugas).",
                   "en": "This page is for admins only. Sign in from the left panel (Staff sign-in)."},
    "admin.users": {"id": "Pengguna", "en": "Users"},
    "admin.save": {"id": "Tambah atau ubah pengguna", "en": "Add or change a user"},
    "admin.name": {"id": "Nama lengkap", "en": "Full name"},
    "admin.email": {"id": "E-mail (untuk masuk SSO)", "en": "E-mail (for SSO sign-in)"},
    "admin.role": {"id": "Peran", "en": "Role"},
    "admin.region": {"id": "Wilayah editor (kode provinsi 32 atau kab/kota 32.01; kosong = semua)",
                     "en": "Editor's region (province code 32 or regency 32.01; empty = all)"},
    "admin.password": {"id": "Kata sandi baru (kosong = tidak diubah)", "en": "New password (empty = unchanged)"},
    "admin.disabled": {"id": "Nonaktif", "en": "Disabled"},
    "admin.saved": {"id": "Pengguna {user} disimpan.", "en": "User {user} saved."},
    "admin.contacts.hidden": {"id": "Kontak pengelola hanya terlihat oleh petugas yang masuk sebagai admin, atau editor untuk wilayah perpustakaan ini.",
                              "en": "Managers' contacts are shown only to staff signed in as admin, or as editor for this library's region."},
    "profile.contacts": {"id": "Kontak pengelola", "en": "Managers' contacts"},
    "col.phone": {"id": "Telepon", "en": "Phone"},
    "import.revert": {"id": "Batalkan", "en": "Revert"},
    "import.reverted": {"id": "(dibatalkan)", "en": "(reverted)"},
    "table.first_rows": {"id": "Menampilkan {shown} baris pertama dari {total}; unduhan memuat semuanya.",
                         "en": "Showing the first {shown} of {total} rows; the downloads hold them all."},
    "download.csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "download.pdf": {"id": "Unduh presentasi (PDF)", "en": "Download briefing (PDF)"},
    "download.pptx": {"id": "Unduh presentasi (PowerPoint)", "en": "Download briefing (PowerPoint)"},
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
    "library.meetings": {"id": "Peer Learning & Stakeholder Meeting", "en": "Peer Learning & Stakeholder Meetings"},
    "library.no_meetings": {"id": "Belum ada kehadiran pertemuan tercatat.", "en": "No meeting attendance recorded."},
    "library.reports": {"id": "Laporan bulanan", "en": "Monthly reports"},
    "library.no_reports": {"id": "Perpustakaan ini belum pernah mengirim laporan bulanan.",
                           "en": "This library has never sent a monthly report."},
    "library.last_report": {"id": "Laporan terakhir: {month}, diterima {date} ({days} hari sebelum tanggal data).",
                            "en": "Last report: {month}, received {date} ({days} days before the data date)."},
    "library.partners": {"id": "Mitra dan MoU", "en": "Partners and MoUs"},
    "library.aid": {"id": "Bantuan diterima", "en": "Aid received"},
    "library.stories": {"id": "Kisah sukses", "en": "Success stories"},
    "library.none": {"id": "Belum ada.", "en": "None yet."},
    "meeting.plm": {"id": "Peer Learning Meeting", "en": "Peer Learning Meeting"},
    "meeting.stakeholder": {"id": "Stakeholder Meeting", "en": "Stakeholder Meeting"},
    "col.date": {"id": "Tanggal", "en": "Date"},
    "col.kind": {"id": "Jenis", "en": "Kind"},
    "col.visits": {"id": "Kunjungan", "en": "Visits"},
    "col.loans": {"id": "Peminjaman", "en": "Loans"},
    "col.members": {"id": "Anggota", "en": "Members"},
    "col.submitted": {"id": "Diterima", "en": "Received"},
    "col.source": {"id": "Sumber", "en": "Source"},
    "col.value": {"id": "Nilai (Rp)", "en": "Value (IDR)"},
    "col.description": {"id": "Keterangan", "en": "Description"},
    "col.mou": {"id": "MoU ditandatangani", "en": "MoU signed"},
    "col.title": {"id": "Judul", "en": "Title"},
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


class CatalogueError(Exception):
    """An error whose message is a catalogue entry: Indonesian by default, told in the reader's
    language with text(lang)."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "id", **params))
        self.key, self.params = key, params

    def text(self, lang: str = "id") -> str:
        return t(self.key, lang, **self.params)


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


YEAR_COLUMNS = {"cohort_year", "year", "import_id"}  # integers that are names, not quantities


def table_formats(frame, lang: str = "id") -> dict:
    """A display format per column for a table in this language: counts as 1.234, measures as
    1.234,5, dates as 25 Nov 2026, months as Nov 2026. Years and text stay as they are."""
    import pandas as pd
    years = YEAR_COLUMNS | {t(k, code) for k in ("col.cohort", "field.cohort") for code in ("id", "en")}
    formats = {}
    for column in frame.columns:
        values = frame[column]
        if column in years or values.dtype == bool or str(values.dtype) == "boolean":
            continue
        if pd.api.types.is_integer_dtype(values.dtype):
            formats[column] = lambda v: number(v, lang)
        elif pd.api.types.is_float_dtype(values.dtype) or _all_numbers(values):
            numbers = pd.to_numeric(values, errors="coerce").dropna()
            decimals = 0 if (numbers == numbers.round()).all() else 1  # counts with gaps are floats too
            formats[column] = lambda v, d=decimals: number(float(v), lang, d)
        else:
            present = values.dropna()
            if present.empty or not all(isinstance(v, (date, pd.Timestamp)) for v in present.head(50)):
                continue
            months = present.map(lambda v: v.day == 1).all() and present.nunique() > 1
            formats[column] = (lambda v: month(v, lang)) if months else (lambda v: day(v, lang))
    return formats


def _all_numbers(values) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)


def month(value: date, lang: str = "id") -> str:
    """Nov 2026."""
    return f"{MONTHS[lang][value.month - 1]} {value.year}"


def day(value: date, lang: str = "id") -> str:
    """25 Nov 2026 (both languages use day-month-year)."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"

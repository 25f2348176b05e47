"""Catalogue keys of the operations work (shell tasks while the app runs, first admin, backup):
to be folded into the catalogue; until then tpbis/i18n.py merges this dict into CATALOGUE."""

NEW_KEYS: dict[str, dict[str, str]] = {
    "store.in_use": {
        "id": "Basis data sedang dipakai aplikasi yang berjalan ({where}).",
        "en": "The database is in use by the running app ({where}).",
    },
    "ops.busy.accounts": {
        "id": "Basis data sedang dipakai aplikasi yang berjalan ({where}): hentikan aplikasi dulu, atau buat admin "
        "pertama lewat tautan penyiapan di log aplikasi dan kelola pengguna lain di halaman Pengguna.",
        "en": "The database is in use by the running app ({where}): stop the app first, or create the first admin "
        "through the setup link in the app's log and manage other users on the Users page.",
    },
    "ops.busy.bootstrap": {
        "id": "Basis data sedang dipakai aplikasi yang berjalan ({where}): hentikan aplikasi dulu, "
        "lalu ulangi perintah ini.",
        "en": "The database is in use by the running app ({where}): stop the app first, then run this command again.",
    },
    "ops.busy.restore": {
        "id": "Basis data sedang dipakai aplikasi yang berjalan ({where}): hentikan aplikasi dulu, "
        "lalu ulangi pemulihan.",
        "en": "The database is in use by the running app ({where}): stop the app first, then restore again.",
    },
    "ops.busy.backup": {
        "id": "Basis data sedang dipakai aplikasi yang berjalan ({where}) dan aplikasi tidak menerima permintaan "
        "cadangan ({reason}): jalankan aplikasi dengan `streamlit run serve.py` seperti `make run`, atau hentikan "
        "aplikasi lalu ulangi.",
        "en": "The database is in use by the running app ({where}) and the app does not take backup requests "
        "({reason}): serve it with `streamlit run serve.py` as `make run` does, or stop it and run this again.",
    },
    "ops.backup.done": {"id": "Cadangan disimpan: {file} ({size} MB).", "en": "Backup saved: {file} ({size} MB)."},
    "ops.backup.exists": {
        "id": "Berkas {file} sudah ada: pilih nama lain atau tambahkan --overwrite.",
        "en": "{file} already exists: choose another name or add --overwrite.",
    },
    "ops.restore.done": {
        "id": "Basis data {where} dipulihkan dari {file}.",
        "en": "The database {where} was restored from {file}.",
    },
    "ops.restore.kept": {
        "id": "Isi sebelumnya disimpan di {file}.",
        "en": "What it held before is kept in {file}.",
    },
    "ops.restore.confirm": {
        "id": "Semua data di {where} akan diganti dengan isi {file}. Lanjutkan?",
        "en": "All data in {where} will be replaced by the content of {file}. Continue?",
    },
    "ops.restore.cancelled": {
        "id": "Pemulihan dibatalkan; tidak ada yang diubah.",
        "en": "Restore cancelled; nothing was changed.",
    },
    "ops.restore.missing": {"id": "Berkas {file} tidak ada.", "en": "There is no file {file}."},
    "ops.restore.not_backup": {
        "id": "Berkas {file} bukan cadangan TPBIS untuk basis data {engine}; tidak ada yang diubah.",
        "en": "{file} is not a TPBIS backup for a {engine} database; nothing was changed.",
    },
    "ops.no_pg_tools": {
        "id": "{tool} tidak ditemukan: pasang paket postgresql-client (apt-get install -y postgresql-client).",
        "en": "{tool} was not found: install postgresql-client (apt-get install -y postgresql-client).",
    },
    "ops.tool_failed": {"id": "{tool} gagal: {error}", "en": "{tool} failed: {error}"},
    "setup.title": {"id": "Buat admin pertama", "en": "Create the first admin"},
    "setup.intro": {
        "id": "Belum ada admin. Buat akun admin pertama di sini; setelah itu masuk seperti biasa lewat panel kiri.",
        "en": "There is no admin yet. Create the first admin account here; then sign in as usual from the left panel.",
    },
    "setup.password_again": {"id": "Ulangi kata sandi", "en": "Password again"},
    "setup.submit": {"id": "Buat admin", "en": "Create admin"},
    "setup.mismatch": {
        "id": "Kedua kata sandi tidak sama; tidak ada yang dibuat.",
        "en": "The two passwords differ; nothing was created.",
    },
    "setup.invalid": {
        "id": "Tautan penyiapan ini tidak berlaku (salah, sudah dipakai, atau kedaluwarsa); tidak ada yang dibuat. "
        "Mulai ulang aplikasi untuk mendapat tautan baru di lognya.",
        "en": "This setup link is not valid (wrong, already used or expired); nothing was created. "
        "Restart the app to get a new link in its log.",
    },
    "setup.admin_exists": {
        "id": "Sudah ada admin, jadi tautan penyiapan tidak berlaku lagi; tidak ada yang dibuat. "
        "Masuk lewat panel kiri.",
        "en": "An admin already exists, so the setup link no longer applies; nothing was created. "
        "Sign in from the left panel.",
    },
    "setup.done": {
        "id": "Admin {user} dibuat. Sekarang masuk lewat panel kiri (Masuk petugas).",
        "en": "Admin {user} was created. Now sign in from the left panel (Staff sign-in).",
    },
}

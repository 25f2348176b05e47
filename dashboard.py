"""TPBIS Monitor: the entry point. Page config, navigation, the shared scope and filters."""
import time

import streamlit as st

from pages import shared
from tpbis_ui import errors
from tpbis.i18n import t

started = time.perf_counter()
# An emoji favicon: a Material icon here would be fetched from the internet.
st.set_page_config(page_title="TPBIS Monitor", page_icon="📚", layout="wide")

# Each page's file is named as its URL: Streamlit looks a deep link up among pages/ files
# before st.navigation runs, and shows "page not found" when the names differ.
lang = shared.current_lang()
navigation = st.navigation([
    st.Page("pages/ringkasan.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True),
    st.Page("pages/peta.py", title=t("nav.map", lang), icon=":material/map:"),
    st.Page("pages/pelatihan.py", title=t("nav.training", lang), icon=":material/school:"),
    st.Page("pages/kegiatan.py", title=t("nav.activities", lang), icon=":material/groups:"),
    st.Page("pages/presentasi.py", title=t("nav.briefing", lang), icon=":material/slideshow:"),
    st.Page("pages/kualitas.py", title=t("nav.quality", lang), icon=":material/fact_check:"),
    st.Page("pages/impor.py", title=t("nav.import", lang), icon=":material/upload_file:"),
    st.Page("pages/perpustakaan.py", title=t("nav.library", lang), icon=":material/local_library:"),
    # listed for admins only; its URL still answers others, with a message
    st.Page("pages/admin.py", title=t("nav.admin", lang), icon=":material/manage_accounts:",
            visibility="visible" if shared.current_user().is_admin() else "hidden"),
])
store = shared.get_store()
scope = shared.read_scope(store)
scope = shared.sidebar_filters(store, scope)
shared.sign_in_box(store, scope.lang)
shared.presenter_frame(scope)
shared.demo_banner(scope.lang)
try:
    navigation.run()
except Exception as error:  # st.stop and st.rerun are not Exceptions: they pass
    errors.report(error)
finally:
    shared.record_run_time(started)

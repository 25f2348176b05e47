"""TPBIS Monitor: the entry point. Page config, the shared scope and filters, navigation."""
import streamlit as st

from pages import shared
from tpbis.i18n import t

st.set_page_config(page_title="TPBIS Monitor", page_icon="📚", layout="wide")

store = shared.get_store()
scope = shared.read_scope(store)
scope = shared.sidebar_filters(store, scope)
lang = scope.lang

navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon="📊", url_path="ringkasan", default=True),
])
shared.demo_banner(store, lang)
navigation.run()

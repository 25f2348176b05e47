"""TPBIS Monitor: the entry point. Page config, navigation, the view (filters and display) of
this run, the sidebar and the frame every page shares; then the chosen page."""

import time

import streamlit as st

from tpbis_ui import auth, data, errors, frame, navigation, page_runs, sidebar, url_filters

started = time.perf_counter()
with page_runs.page_run():  # a turn (two at a time); the background warming waits meanwhile
    if navigation.leave_legacy_pages_mode():
        st.rerun()  # only in the process's first run without serve.py (AppTest, `streamlit run dashboard.py`)
    # An emoji favicon: a Material icon here would be fetched from the internet.
    st.set_page_config(page_title="TPBIS Monitor", page_icon="📚", layout="wide")

    lang = url_filters.current_display().lang
    chosen_page = navigation.navigation(lang, auth.current_user().is_admin())
    store = data.get_store()
    filters, display = url_filters.read_from_url()
    filters, display = sidebar.sidebar_filters(filters, display)
    auth.sign_in_box(store, display.lang)
    frame.presenter_frame(display)
    frame.demo_banner(display.lang)
    frame.document(chosen_page.title, display.lang)  # after the styles: its script must not hold them up
    try:
        chosen_page.run()
    except Exception as error:  # st.stop and st.rerun are not Exceptions: they pass
        errors.report(error)
    finally:
        frame.record_run_time(started, chosen_page.url_path)

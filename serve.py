"""What `streamlit run serve.py` serves: the app (dashboard.py), the endpoint that sets the
HttpOnly sign-in cookie, and a short message with an error id in place of any traceback."""

import streamlit as st

from tpbis_ui import errors, navigation, session_cookie

navigation.leave_legacy_pages_mode()  # before the first session: deep links reach st.navigation's pages
app = st.App("dashboard.py", routes=session_cookie.routes(), on_script_error=errors.report)

"""What `streamlit run serve.py` serves: the app (dashboard.py), the endpoint that sets the
HttpOnly sign-in cookie, and a short message with an error id in place of any traceback."""
import streamlit as st

from tpbis_ui import errors, session_cookie

app = st.App("dashboard.py", routes=session_cookie.routes(), on_script_error=errors.report)

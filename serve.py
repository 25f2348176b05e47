"""What `streamlit run serve.py` serves: the app (dashboard.py), the endpoint that sets the
HttpOnly sign-in cookie, the backup endpoint for `tpbis backup`, the first-admin link logged at
start while there is no admin, and a short message with an error id in place of any traceback."""

import logging

import streamlit as st

from tpbis_ui import (
    errors,
    message_batches,
    navigation,
    no_delay,
    operations,
    process_memory,
    ready_json,
    session_cookie,
)

process_memory.use_system_allocator_for_arrow()
process_memory.freeze_after_full_collections()
no_delay.for_every_connection()
message_batches.for_every_session()
ready_json.for_ready_figures()

# the app's own lines (warming, rebuilt summaries) in the server's log, beside Streamlit's
_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
logging.getLogger("tpbis").addHandler(_handler)
logging.getLogger("tpbis").setLevel(logging.INFO)
navigation.leave_legacy_pages_mode()  # before the first session: deep links reach st.navigation's pages
app = st.App(
    "dashboard.py",
    routes=[*session_cookie.routes(), *operations.routes()],
    lifespan=operations.lifespan,
    on_script_error=errors.report,
)

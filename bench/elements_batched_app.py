"""bench/elements_app.py served as serve.py serves the app: a run's messages handed to the
server thread in batches (tpbis_ui/message_batches.py) and sent without Nagle's delay."""

import streamlit as st

from tpbis_ui import message_batches, no_delay

no_delay.for_every_connection()
message_batches.for_every_session()
app = st.App("elements_app.py")

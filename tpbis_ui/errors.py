"""Unexpected failures: logged on the server with their traceback under a short id; the person
sees one sentence in their language with that id, never a traceback."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from tpbis.i18n import t

log = logging.getLogger("tpbis")


def report(error: BaseException) -> bool:
    """Log `error` and say so on the page; True tells Streamlit not to show it itself."""
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s", error_id, exc_info=error)
    lang = "en" if st.query_params.get("lang") == "en" else "id"
    st.error(t("error.unexpected", lang, id=error_id))
    return True

"""Who is using the app: password sign-in (HttpOnly cookie, see session_cookie.py), single
sign-on through st.login, the account re-read every USER_RECHECK_SECONDS, sign-out."""

from __future__ import annotations

import os
import time

import streamlit as st

from tpbis import accounts, escaping
from tpbis.config import client_address_header
from tpbis.i18n import t
from tpbis.store import Store
from tpbis_ui import data, session_cookie, url_filters

# While there is no secrets file, Streamlit looks for one on every question (file checks and an
# exception, ~50 µs, three times a run): that answer is kept this long, for the st.secrets that gave it
NO_SECRETS_RECHECK_SECONDS = 10.0
_no_secrets: tuple[object, float] = (None, 0.0)


def _sso_configured() -> bool:
    global _no_secrets
    secrets, since = _no_secrets
    if secrets is st.secrets and time.monotonic() - since < NO_SECRETS_RECHECK_SECONDS:
        return False
    try:
        return "auth" in st.secrets  # [auth] in .streamlit/secrets.toml: OIDC through st.login
    except Exception:  # no secrets file at all
        _no_secrets = (st.secrets, time.monotonic())
        return False


USER_RECHECK_SECONDS = float(os.environ.get("TPBIS_ACCOUNT_RECHECK_SECONDS", "30"))
# session_state keys of the sign-in; named apart from any widget or form key a page may use
USER, TOKEN, CHECKED = "signed-in-user", "signed-in-token", "signed-in-checked"


def _recheck(user: accounts.User) -> accounts.User:
    """The account as it is now: role changes apply; a disabled account, or a sign-in ended
    elsewhere (sign-out, new password), falls back to anonymous."""
    token = st.session_state.get(TOKEN)
    return accounts.resume_session(data.get_store(), token) if token else accounts.current(data.get_store(), user)


def current_user() -> accounts.User:
    """The signed-in user (by password, in this tab or by the sign-in cookie of an earlier one,
    or by OIDC mapped through their e-mail), else anonymous."""
    user = st.session_state.get(USER)
    if user is not None:
        if time.monotonic() - st.session_state.get(CHECKED, 0) > USER_RECHECK_SECONDS:
            user = st.session_state[USER] = _recheck(user)
            st.session_state[CHECKED] = time.monotonic()
        if user.signed_in:
            return user
        st.session_state.pop(USER)
        return user
    # once per tab: the cookies are those the tab opened with (and AppTest hands out a stand-in, no str)
    token = None if st.session_state.get("cookie-tried") else st.context.cookies.get(session_cookie.COOKIE)
    st.session_state["cookie-tried"] = True
    if isinstance(token, str) and token:
        user = accounts.resume_session(data.get_store(), token)
        if user.signed_in:
            st.session_state.update({USER: user, TOKEN: token, CHECKED: time.monotonic()})
            return user
    if _sso_configured() and st.user.get("is_logged_in", False):
        user = st.session_state[USER] = accounts.user_for_email(
            data.get_store(), str(st.user.get("email") or ""), str(st.user.get("name") or "")
        )
        st.session_state[CHECKED] = time.monotonic()
        return user
    return accounts.ANONYMOUS


def _sign_out() -> None:
    st.session_state.pop(USER, None)
    if token := st.session_state.pop(TOKEN, None):
        accounts.end_session(data.get_store(), token)
    st.session_state["cookie-script"] = session_cookie.clear_script()
    st.session_state["cookie-tried"] = True
    if _sso_configured() and st.user.get("is_logged_in", False):
        st.logout()


def client_address() -> str | None:
    """Where this browser connects from, as the proxy in front says, else as the connection does."""
    header = client_address_header()
    value = st.context.headers.get(header) if header else st.context.ip_address
    if not isinstance(value, str):  # none, or AppTest's stand-in
        return None
    return value.split(",")[0].strip() or None


def _try_sign_in(store: Store) -> None:
    # a callback: it runs before the script, so its result is in place for the whole run
    try:
        user = st.session_state[USER] = accounts.sign_in(
            store,
            st.session_state.get("signin-user", ""),
            st.session_state.get("signin-password", ""),
            address=client_address(),
        )
        st.session_state[CHECKED] = time.monotonic()
        started = accounts.start_session(store, user)
        st.session_state[TOKEN] = started.token
        st.session_state["cookie-script"] = session_cookie.set_script(started.handoff)
        st.session_state["cookie-tried"] = True
        st.session_state.pop("signin-error", None)
    except accounts.SignInError as error:
        st.session_state["signin-error"] = error.text(url_filters.current_display().lang)


def sign_in_form(store: Store, lang: str) -> None:
    """Password sign-in (and the SSO button when OIDC is configured)."""
    with st.form("sign-in", border=False, clear_on_submit=True):
        st.text_input(t("signin.username", lang), key="signin-user", max_chars=accounts.MAX_USERNAME)
        st.text_input(t("signin.password", lang), type="password", key="signin-password", max_chars=200)
        st.form_submit_button(t("signin.submit", lang), key="sign-in-submit", on_click=_try_sign_in, args=(store,))
    if "signin-error" in st.session_state:
        st.error(st.session_state.pop("signin-error"))
    if _sso_configured():
        st.button(t("signin.sso", lang), on_click=st.login, key="sso")


def sign_in_box(store: Store, lang: str) -> accounts.User:
    """Who is signed in and a way out, or the sign-in form: in the sidebar, or in place of the
    page when viewing is closed to anonymous users."""
    user = current_user()
    if script := st.session_state.pop("cookie-script", None):
        # asks the server to set (or clear) the HttpOnly sign-in cookie; see tpbis_ui/session_cookie.py
        st.sidebar.html(script, unsafe_allow_javascript=True)
    if not user.signed_in and not accounts.viewing_is_open():
        st.info(t("signin.required", lang))
        sign_in_form(store, lang)
        st.stop()
    with st.sidebar:
        if user.signed_in:
            region = f", {user.region_code}" if user.region_code and not user.is_admin() else ""
            st.caption(
                t(
                    "signin.as",
                    lang,
                    name=escaping.markdown(user.display_name),
                    role=t(f"role.{user.role}", lang),
                    region=escaping.markdown(region),
                )
            )
            st.button(t("signin.out", lang), on_click=_sign_out, key="sign-out")
        else:
            with st.expander(t("signin.header", lang)):
                sign_in_form(store, lang)
    return user

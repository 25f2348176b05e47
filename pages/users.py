"""Pengguna: admins add users, set roles and regions, reset passwords, disable accounts."""

import streamlit as st

from tpbis import accounts, escaping
from tpbis.i18n import t
from tpbis_ui import auth, data, tables, url_filters

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
store = data.get_store()
st.title(t("admin.title", lang))
if not auth.current_user().is_admin():
    st.warning(t("admin.only", lang))
    st.stop()

people = accounts.users(store)
tables.table_with_download(
    tables.labelled(
        people.drop(columns=["created_at"]),
        lang,
        username="signin.username",
        display_name="admin.name",
        email="admin.email",
        role="admin.role",
        region_code="admin.region",
        disabled="admin.disabled",
        has_password="signin.password",
    ),
    "pengguna",
    filters,
)

st.subheader(t("admin.save", lang))


def save() -> None:
    # a callback: it runs before the script, so the table above shows the change at once
    form = st.session_state
    if not accounts.current(store, auth.current_user()).is_admin():  # as the account is now, not at page load
        form["admin-result"] = ("error", t("admin.only", lang))
        return
    try:
        accounts.save_user(
            store,
            form["admin-username"],
            form["admin-name"],
            form["admin-role"],
            form["admin-region"].strip() or None,
            form["admin-password"] or None,
            form["admin-email"],
            form["admin-disabled"],
        )
        form["admin-result"] = (
            "success",
            t("admin.saved", lang, user=escaping.markdown(form["admin-username"].strip().lower())),
        )
    except accounts.AccountError as error:
        form["admin-result"] = ("error", error.text(lang))


with st.form("user-form", clear_on_submit=True):
    left, right = st.columns(2)
    left.text_input(t("signin.username", lang), key="admin-username", max_chars=accounts.MAX_USERNAME)
    right.text_input(t("admin.name", lang), key="admin-name")
    left.text_input(t("admin.email", lang), key="admin-email")
    right.selectbox(t("admin.role", lang), accounts.ROLES, key="admin-role", format_func=lambda r: t(f"role.{r}", lang))
    left.text_input(t("admin.region", lang), key="admin-region")
    right.text_input(t("admin.password", lang), type="password", key="admin-password")
    st.checkbox(t("admin.disabled", lang), key="admin-disabled")
    st.form_submit_button(t("admin.save", lang), type="primary", on_click=save, key="admin-save")
if result := st.session_state.pop("admin-result", None):
    getattr(st, result[0])(result[1])

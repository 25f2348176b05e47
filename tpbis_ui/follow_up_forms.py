"""Follow-ups on screen: the add and close forms an editor uses on a library's profile (and
the presenter on the attention slide), and a library's follow-ups as a table."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from tpbis import accounts, briefing, escaping, follow_ups
from tpbis.follow_ups import FollowUpRefused
from tpbis.i18n import day, t
from tpbis_ui import auth, data, tables

FLASH = "follow_up_flash"


def owner_text(frame: pd.DataFrame) -> pd.Series:
    """Who is responsible, in one column: the user, or the named person and their office."""
    named = frame["owner_name"].fillna("") + frame["owner_office"].map(
        lambda o: f" ({o})" if isinstance(o, str) else ""
    )
    return frame["owner_username"].where(frame["owner_username"].notna(), named.where(named != "", None))


def shown(frame: pd.DataFrame, user: accounts.User) -> pd.DataFrame:
    """The columns a table shows, private ones blanked for whoever may not see them."""
    frame = follow_ups.as_seen_by(frame, user)
    return frame.assign(owner=owner_text(frame))


def library_section(library_code: str, village_code: str, lang: str) -> None:
    """A library's follow-ups; for an editor of its region, forms to add and close them."""
    st.subheader(t("follow_up.section", lang))
    if flash := st.session_state.pop(FLASH, None):
        st.success(t(flash, lang))
    user = auth.current_user()
    listed = data.follow_up_query(follow_ups.for_library, library_code, today=date.today())
    if listed.empty:
        st.caption(t("follow_up.none.library", lang))
    else:
        columns = ["state", "overdue", "action", "due_on", "detail", "owner", "outcome", "changed_at"]
        tables.show_table(
            tables.labelled(
                shown(listed, user)[columns],
                lang,
                state="follow_up.state",
                overdue="col.overdue",
                action="follow_up.action",
                due_on="follow_up.due_on",
                detail="follow_up.detail",
                owner="col.owner",
                outcome="follow_up.outcome",
                changed_at="col.changed",
            ),
            lang,
            key=f"follow-ups-{library_code}",
        )
        if not user.sees_contacts_of(village_code):
            st.caption(t("follow_up.hidden", lang))
    if user.can_import() and user.covers(village_code):
        add_form(library_code, lang, user)
        open_ones = listed[listed["state"] == follow_ups.OPEN]
        if len(open_ones):
            close_form(open_ones, lang, user)


def add_form(library_code: str, lang: str, user: accounts.User, key: str = "add") -> None:
    store = data.get_store()
    names = [""] + accounts.users(store).query("not disabled")["username"].tolist()
    with st.form(f"follow-up-{key}-{library_code}", clear_on_submit=True):
        st.markdown(f"**{t('follow_up.add', lang)}**")
        left, right = st.columns(2)
        action = left.selectbox(
            t("follow_up.action", lang),
            follow_ups.ACTIONS,
            format_func=lambda a: t(f"value.action.{a}", lang),
        )
        due = right.date_input(t("follow_up.due_on", lang), date.today() + timedelta(days=14), format="DD/MM/YYYY")
        detail = st.text_input(t("follow_up.detail", lang), max_chars=follow_ups.MAX_TEXT)
        owner_user = left.selectbox(t("follow_up.owner_user", lang), names, format_func=lambda n: n or "–")
        owner_name = right.text_input(t("follow_up.owner_name", lang), max_chars=follow_ups.MAX_TEXT)
        office = right.text_input(t("follow_up.owner_office", lang), max_chars=follow_ups.MAX_TEXT)
        if st.form_submit_button(t("follow_up.save", lang), type="primary"):
            try:
                follow_ups.create(
                    store, user, library_code, action, due, detail, owner_user or None, owner_name, office
                )
            except FollowUpRefused as refused:
                st.error(refused.text(lang))
            else:
                data.data_changed()
                st.session_state[FLASH] = "follow_up.saved"  # said after the rerun that lists it
                st.rerun()


def close_form(open_ones: pd.DataFrame, lang: str, user: accounts.User) -> None:
    store = data.get_store()
    labels = {
        int(row.follow_up_id): f"{t(f'value.action.{row.action}', lang)} · {day(row.due_on, lang)}"
        for row in open_ones.itertuples()
    }
    with st.form(f"follow-up-close-{open_ones['follow_up_id'].iloc[0]}", clear_on_submit=True):
        st.markdown(f"**{t('follow_up.close', lang)}**")
        which = st.selectbox(
            t("follow_up.which", lang), list(labels), format_func=lambda i: escaping.markdown(labels[i])
        )
        state = st.radio(
            t("follow_up.state", lang),
            [follow_ups.DONE, follow_ups.CANCELLED],
            format_func=lambda s: t(f"value.state.{s}", lang),
            horizontal=True,
        )
        outcome = st.text_area(t("follow_up.outcome", lang), max_chars=follow_ups.MAX_TEXT)
        if st.form_submit_button(t("follow_up.save", lang)):
            try:
                follow_ups.close(store, user, which, state, outcome)
            except FollowUpRefused as refused:
                st.error(refused.text(lang))
            else:
                data.data_changed()
                st.session_state[FLASH] = "follow_up.closed"
                st.rerun()


def slide_adder(slide: briefing.Slide, lang: str) -> None:
    """Beside the attention slide, for an editor or admin: add a follow-up for one of the
    libraries it names inside their region, without leaving the slide. Others see nothing."""
    if flash := st.session_state.pop(FLASH, None):
        st.success(t(flash, lang))
    user = auth.current_user()
    codes = [line.library_code for line in slide.lines if line.library_code]
    if not user.can_import() or not codes:
        return
    store = data.get_store()
    villages = store.query("SELECT library_code, village_code FROM library WHERE library_code = ANY(:c)", {"c": codes})
    village_of = dict(zip(villages["library_code"], villages["village_code"]))
    mine = [code for code in codes if code in village_of and user.covers(village_of[code])]
    named = {}
    if slide.table is not None and len(slide.table):
        named = {
            row.library_code: f"{row.library} ({row.regency})"
            for row in slide.table[slide.table["library_code"].isin(mine)].itertuples()
        }
    with st.popover(t("briefing.follow_ups.add", lang), icon=":material/add_task:"):
        if not mine:
            st.caption(t("briefing.follow_ups.none_in_region", lang))
            return
        code = st.selectbox(
            t("briefing.follow_ups.library", lang),
            mine,
            format_func=lambda c: escaping.markdown(named.get(c, c)),
            key="slide-follow-up-library",
        )
        add_form(code, lang, user, key="slide")

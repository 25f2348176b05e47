"""Tindak Lanjut: the follow-ups of the chosen area: open ones first (overdue marked), done
since a date, counts by area and by person responsible; downloadable and deep-linkable."""

from datetime import date

import streamlit as st

from tpbis import briefing, follow_ups
from tpbis.i18n import number, t
from tpbis.imports import follow_up_sheet
from tpbis_ui import auth, data, tables, url_filters
from tpbis_ui.data import query
from tpbis_ui.follow_up_forms import shown

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
scope = query(briefing.area_name, filters)
st.title(t("follow_up.title", lang, area=scope))
st.caption(t("follow_up.intro", lang))

listed = data.follow_up_query(follow_ups.in_scope, filters, today=date.today())
if listed.empty:
    st.info(t("follow_up.none", lang))
    st.stop()

states = listed["state"].value_counts()
st.caption(
    t(
        "follow_up.counts",
        lang,
        open=number(int(states.get(follow_ups.OPEN, 0)), lang),
        overdue=number(int(listed["overdue"].sum()), lang),
        done=number(int(states.get(follow_ups.DONE, 0)), lang),
        cancelled=number(int(states.get(follow_ups.CANCELLED, 0)), lang),
    )
)
shown_state = url_filters.page_param("state", follow_ups.STATES, "")
left, right = st.columns(2)
state = left.selectbox(
    t("follow_up.state", lang),
    ["", *follow_ups.STATES],
    index=["", *follow_ups.STATES].index(shown_state),
    format_func=lambda s: t(f"value.state.{s}", lang) if s else t("list.all", lang),
    key="follow_up_state",
)
given = url_filters.date_param("since", date.min) if "since" in st.query_params else date.min
since = right.date_input(
    t("follow_up.done_since", lang),
    value=None if given == date.min else given,
    format="DD/MM/YYYY",
    key="follow_up_since",
)
for name, value in (("state", state), ("since", since.isoformat() if since else "")):  # the link reopens this
    if value:
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)

picked = listed if not state else listed[listed["state"] == state]
if since:
    picked = picked[(picked["state"] != follow_ups.DONE) | (picked["changed_at"].dt.date >= since)]
table = shown(picked, auth.current_user())
columns = ["state", "overdue", "action", "due_on", "name", "regency", "province", "owner", "detail", "outcome"]
tables.table_with_download(
    tables.labelled(
        table[columns],
        lang,
        state="follow_up.state",
        overdue="col.overdue",
        action="follow_up.action",
        due_on="follow_up.due_on",
        name="col.library",
        owner="col.owner",
        detail="follow_up.detail",
        outcome="follow_up.outcome",
    ),
    "tindak_lanjut",
    filters,
)

user = auth.current_user()
if user.can_import():  # the import sheet's layout, for the rows this editor may import back
    mine = picked[[user.covers(code) for code in picked["village_code"]]]
    st.download_button(
        t("follow_up.export", lang),
        lambda: follow_up_sheet.export_xlsx(mine),
        file_name="tindak_lanjut.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        help=t("follow_up.export_help", lang),
        key="follow-up-export",
        disabled=mine.empty,
    )

area, owner = st.columns(2)
by = "regency" if filters.province else "province"
for column, where, title in ((by, area, "follow_up.by_area"), ("owner", owner, "follow_up.by_owner")):
    with where:
        st.subheader(t(title, lang))
        counts = (
            table.assign(open=table["state"] == follow_ups.OPEN, done=table["state"] == follow_ups.DONE)
            .groupby(column, dropna=True)[["open", "overdue", "done"]]
            .sum()
            .astype("int64")
            .reset_index()
            .sort_values(["overdue", "open"], ascending=False)
        )
        if counts.empty:  # e.g. names hidden from a viewer
            st.caption(t("follow_up.by_owner.hidden" if column == "owner" else "follow_up.none", lang))
            continue
        tables.show_table(
            tables.labelled(
                counts, lang, open="value.state.open", overdue="col.overdue", done="value.state.done", owner="col.owner"
            ),
            lang,
            key=f"follow-ups-by-{column}",
        )

"""Profil Perpustakaan: one village library, reached from the map, from search or by URL."""

import plotly.express as px
import streamlit as st

from tpbis import escaping, profile, status
from tpbis.filters import Filters
from tpbis.i18n import day, number, t
from tpbis.status import GREEN, RED, YELLOW, reasons
from tpbis_ui import auth, charts, data, follow_up_forms, navigation, tables, url_filters
from tpbis_ui.data import query

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
store = data.get_store()
st.title(t("nav.library", lang))

code = (st.query_params.get("library") or "").strip() or None  # pasted from a spreadsheet, spaces and all


def search_box() -> None:
    text = st.text_input(t("library.search", lang), key="library-search")
    if text:
        found = profile.search(store, text)
        if found.empty:
            st.info(t("library.search.none", lang))
        elif found["total"].iloc[0] > len(found):
            total = number(int(found["total"].iloc[0]), lang)
            st.caption(t("library.search.part", lang, shown=number(len(found), lang), total=total))
            st.page_link(
                navigation.page(navigation.LIBRARY_LIST, lang),
                label=t("library.search.all", lang),
                icon=":material/format_list_bulleted:",
                query_params={**url_filters.link_params(Filters()), "q": text},
            )
        for row in found.itertuples():
            label = escaping.markdown(f"{row.name} — {row.village}, {row.regency} ({row.library_code})")
            st.page_link(
                navigation.page(navigation.LIBRARY_PROFILE),
                label=label,
                query_params={**url_filters.link_params(), "library": row.library_code},
            )


about = data.for_library(profile.identity, code) if code else None
if about is None:
    if code:
        st.warning(t("library.not_found", lang, code=escaping.markdown(code[:40])))
    else:
        st.info(t("library.pick", lang))
    search_box()
    st.stop()

st.header(escaping.markdown(about["name"]), anchor=False)
st.page_link(
    navigation.page(navigation.COVERAGE_MAP),
    label=t("library.back_to_map", lang),
    icon=":material/map:",
    query_params={
        **url_filters.link_params(
            filters.with_(
                province=data.valid_values().province_of(about["regency_code"], filters.edition),
                regency=about["regency_code"],
            )
        )
    },
)

state = query(
    status.library_status, filters.with_(cohorts=(), province=None, regency=None), library_code=about["library_code"]
).iloc[0]
STATUS_BOX = {GREEN: st.success, YELLOW: st.warning, RED: st.error}  # colour, icon and word together
STATUS_BOX[state["status"]](
    f"**{t('library.status', lang)}: {t('status.' + state['status'], lang)}** — {', '.join(reasons(state, lang))}"
)

follow_up_forms.library_section(about["library_code"], about["village_code"], lang)

left, right = st.columns(2)
with left:
    st.subheader(t("library.identity", lang))
    rows = [
        (t("field.code", lang), about["library_code"]),
        (t("field.village", lang), f"{about['village']} ({about['village_code']})"),
        (t("field.district", lang), f"{about['district']} ({about['district_code']})"),
        (t("field.regency", lang), f"{about['regency']} ({about['regency_code']})"),
        (t("field.province", lang), f"{about['province']} ({about['province_code']})"),
        (t("field.cohort", lang), str(about["cohort_year"])),
        (t("field.funding", lang), t(f"funding.{about['funding']}", lang)),
    ]
    st.markdown("\n".join(f"- **{label}:** {escaping.markdown(value)}" for label, value in rows))
with right:
    st.subheader(t("library.training", lang))
    training = data.for_library(profile.manager_training, about["library_code"])
    if training.empty:
        st.info(t("library.no_training", lang))
    else:
        tables.show_table(
            tables.labelled(
                training[["name", "role", "batch", "days_attended", "completed", "pre_score", "post_score"]],
                lang,
                role="col.role",
                name="col.person",
                batch="col.batch",
                days_attended="col.days",
            ),
            lang,
        )
    st.subheader(t("profile.contacts", lang))
    if auth.current_user().sees_contacts_of(about["village_code"]):
        tables.show_table(
            tables.labelled(
                data.for_library(profile.contacts, about["library_code"]),
                lang,
                role="col.role",
                name="col.person",
                phone="col.phone",
            ),
            lang,
        )
    else:
        st.caption(t("admin.contacts.hidden", lang))

code = about["library_code"]
st.subheader(t("library.activities", lang))
activities = data.for_library(profile.activities_by_month, code)
if activities.empty:
    st.info(t("library.no_activities", lang))
else:
    chart, people = st.columns([3, 1])
    charts.plot(
        "bar",
        activities,
        lang,
        chart,
        x="month",
        y="activities",
        color="activity_type",
        height=300,
        labels={
            "month": t("col.month", lang),
            "activities": t("col.activities", lang),
            "activity_type": t("col.type", lang),
        },
        color_discrete_sequence=px.colors.qualitative.Safe,
    )
    people.metric(t("col.activities", lang), number(int(activities["activities"].sum()), lang))
    people.metric(t("col.female", lang), number(int(activities["female"].sum()), lang))
    people.metric(t("col.male", lang), number(int(activities["male"].sum()), lang))

st.subheader(t("library.reports", lang))
reports = data.for_library(profile.monthly_reports, code)
if reports.empty:
    st.info(t("library.no_reports", lang))
else:
    last = reports.iloc[-1]
    st.caption(
        t(
            "library.last_report",
            lang,
            month=day(last["report_month"], lang)[2:].strip(),
            date=day(last["submitted_on"], lang),
            days=(data.data_date() - last["submitted_on"]).days,
        )
    )
    chart, table = st.columns([3, 2])
    names = {c: t(f"col.{c}", lang) for c in ("visits", "loans", "members")}
    charts.plot(
        "line",
        reports.rename(columns=names),
        lang,
        chart,
        x="report_month",
        y=list(names.values()),
        height=280,
        labels={"report_month": t("col.month", lang), "value": "", "variable": ""},
    )
    tables.show_table(
        tables.labelled(
            reports,
            lang,
            report_month="col.month",
            visits="col.visits",
            loans="col.loans",
            members="col.members",
            submitted_on="col.submitted",
        ),
        lang,
        table,
        height=280,
    )


def listed(title: str, frame, **labels: str) -> None:
    """A section of the profile: its heading, then its table or a word saying there is none."""
    st.subheader(t(title, lang))
    if frame.empty:
        st.caption(t("library.none", lang))
    else:
        tables.show_table(tables.labelled(frame, lang, **labels), lang)


left, right = st.columns(2)
with left:
    st.subheader(t("library.meetings", lang))
    meetings = data.for_library(profile.meetings, code)
    if meetings.empty:
        st.info(t("library.no_meetings", lang))
    else:
        tables.show_table(
            tables.labelled(
                meetings.assign(kind=meetings["kind"].map(lambda k: t(f"meeting.{k}", lang))),
                lang,
                meeting_date="col.date",
                kind="col.kind",
            ),
            lang,
        )
    listed(
        "library.partners",
        data.for_library(profile.partnerships, code),
        mou_signed_on="col.mou",
        description="col.description",
    )
with right:
    listed(
        "library.aid",
        data.for_library(profile.aid, code),
        received_on="col.date",
        source="col.source",
        kind="col.kind",
        description="col.description",
        value_idr="col.value",
    )
    st.subheader(t("library.stories", lang))
    stories = data.for_library(profile.stories, code)
    if stories.empty:
        st.caption(t("library.none", lang))
    for story in stories.itertuples():
        st.markdown(
            f"**{escaping.markdown(story.title)}** · {day(story.published_on, lang)}\n\n"
            f"{escaping.markdown(story.summary)}"
        )

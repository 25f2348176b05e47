"""Profil Perpustakaan: one village library, reached from the map, from search or by URL."""
import streamlit as st

from pages import shared
from tpbis import profile
from tpbis.i18n import number, t
from tpbis.status import COLOURS, reasons

scope = shared.current_scope()
lang = scope.lang
store = shared.get_store()
st.title(t("nav.library", lang))

code = st.query_params.get("library")


def search_box() -> None:
    text = st.text_input(t("library.search", lang), key="library-search")
    if text:
        found = profile.search(store, text)
        if found.empty:
            st.info(t("library.search.none", lang))
        for row in found.itertuples():
            st.page_link("pages/perpustakaan.py", label=f"{row.name} — {row.village}, {row.regency} ({row.library_code})",
                         query_params={**shared.to_params(scope), "library": row.library_code})


about = profile.identity(store, code) if code else None
if about is None:
    if code:
        st.warning(t("library.not_found", lang, code=code))
    else:
        st.info(t("library.pick", lang))
    search_box()
    st.stop()

st.header(about["name"])
st.page_link("pages/peta.py", label=t("library.back_to_map", lang), icon=":material/map:",
             query_params={**shared.to_params(scope.with_(province=about["province_code"],
                                                           regency=about["regency_code"]))})

status = shared.metric("library_status", scope.with_(cohorts=(), province=None, regency=None),
                       library_code=about["library_code"]).iloc[0]
colour = COLOURS[status["status"]]
st.markdown(f'<div style="border-left:10px solid {colour};padding:.4rem .9rem;font-size:1.15rem">'
            f'<b>{t("library.status", lang)}: {t("status." + status["status"], lang)}</b> — '
            f'{", ".join(reasons(status, lang))}</div>', unsafe_allow_html=True)

left, right = st.columns(2)
with left:
    st.subheader(t("library.identity", lang))
    rows = [(t("field.code", lang), about["library_code"]),
            (t("field.village", lang), f"{about['village']} ({about['village_code']})"),
            (t("field.district", lang), f"{about['district']} ({about['district_code']})"),
            (t("field.regency", lang), f"{about['regency']} ({about['regency_code']})"),
            (t("field.province", lang), f"{about['province']} ({about['province_code']})"),
            (t("field.cohort", lang), str(about["cohort_year"])),
            (t("field.funding", lang), t(f"funding.{about['funding']}", lang))]
    st.markdown("\n".join(f"- **{label}:** {value}" for label, value in rows))
with right:
    st.subheader(t("library.training", lang))
    training = profile.manager_training(store, about["library_code"])
    if training.empty:
        st.info(t("library.no_training", lang))
    else:
        st.dataframe(training[["name", "role", "batch", "days_attended", "completed", "pre_score", "post_score"]]
                     .rename(columns={"name": t("col.person", lang), "role": "", "batch": t("col.batch", lang),
                                      "days_attended": t("col.days", lang), "completed": t("col.completed", lang),
                                      "pre_score": t("col.pre", lang), "post_score": t("col.post", lang)}),
                     hide_index=True, width="stretch")

st.subheader(t("library.activities", lang))
activities = profile.activities_by_month(store, about["library_code"])
if activities.empty:
    st.info(t("library.no_activities", lang))
else:
    monthly = activities.pivot_table(index="month", columns="activity_type", values="activities",
                                     aggfunc="sum", fill_value=0)
    st.bar_chart(monthly, height=300)
    st.caption(f"{t('col.activities', lang)}: {number(int(activities['activities'].sum()), lang)} · "
               f"{t('col.participants', lang)}: "
               f"{number(int(activities['male'].sum() + activities['female'].sum()), lang)}")

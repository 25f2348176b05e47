"""Presentasi: a briefing for the chosen scope, one slide at a time, for coordination meetings:
coverage map, key figures, ranking, training, activities, libraries needing attention."""
import plotly.express as px
import streamlit as st

from pages import shared
from tpbis.i18n import number, percent, t
from tpbis.status import COLOURS, reasons

SLIDES = ["briefing.map", "briefing.kpis", "briefing.ranking", "briefing.training", "briefing.activities",
          "briefing.attention"]
FONT = {"font": {"size": 20}}

scope = shared.current_scope()
lang = scope.lang
area = shared.scope_description(scope).split(";")[0]
slide = int(shared.page_param("slide", [str(n) for n in range(1, len(SLIDES) + 1)], "1", lang))


def go(to: int) -> None:
    st.query_params["slide"] = str(to)


with st.container(horizontal=True, vertical_alignment="center"):
    st.button(t("briefing.previous", lang), disabled=slide == 1, on_click=go, args=(slide - 1,), key="previous")
    st.markdown(f"**{t('briefing.counter', lang, n=slide, total=len(SLIDES))}** · {area}")
    st.button(t("briefing.next", lang), disabled=slide == len(SLIDES), on_click=go, args=(slide + 1,),
              key="next", type="primary")
st.title(t(SLIDES[slide - 1], lang))

if slide == 1:
    view = shared.map_view("area_view", scope.with_(regency=None), metric="libraries")
    st.plotly_chart(view.figure, config={"displayModeBar": False, "staticPlot": True})
elif slide == 2:
    numbers = shared.metric("headline", scope)
    columns = st.columns(3)
    columns[0].metric(t("kpi.provinces", lang), number(numbers["provinces"], lang))
    columns[1].metric(t("kpi.regencies", lang), number(numbers["regencies"], lang))
    columns[2].metric(t("kpi.libraries", lang), number(numbers["libraries"], lang))
    columns = st.columns(3)
    columns[0].metric(t("kpi.trained", lang), percent(numbers["trained_share"], lang))
    columns[1].metric(t("kpi.active", lang), percent(numbers["active_share"], lang))
    columns[2].metric(t("col.activities", lang), number(numbers["activities"], lang))
elif slide == 3:
    frame = shared.metric("regencies_with_coverage" if scope.province else "provinces_with_coverage", scope)
    top = frame[frame["libraries"] > 0].nlargest(15, "libraries").sort_values("libraries")
    if scope.province:
        st.subheader(t("briefing.ranking.regency", lang))
    figure = px.bar(top, x="libraries", y="name", orientation="h", text="libraries", height=760,
                    labels={"libraries": t("col.libraries", lang), "name": ""}, color_discrete_sequence=["#08519c"])
    figure.update_layout(**FONT)
    st.plotly_chart(figure, config={"displayModeBar": False})
elif slide == 4:
    frame = shared.metric("training_by_area", scope)
    frame = frame.assign(share=frame["managers_trained"] / frame["managers"].where(frame["managers"] > 0) * 100)
    if frame.empty:
        st.info(t("training.empty", lang))
    else:
        figure = px.bar(frame.sort_values("share").tail(20), x="share", y="name", orientation="h", height=760,
                        range_x=[0, 100], labels={"share": t("col.trained_share", lang), "name": ""},
                        color_discrete_sequence=["#3182bd"])
        figure.update_layout(**FONT)
        st.plotly_chart(figure, config={"displayModeBar": False})
elif slide == 5:
    monthly = shared.metric("monthly_activity", scope)
    if monthly.empty:
        st.info(t("activities.empty", lang))
    else:
        trend = monthly.assign(participants=monthly["male"] + monthly["female"])
        figure = px.line(trend, x="month", y=["activities", "participants"], height=700,
                         labels={"month": "", "value": "", "variable": ""})
        figure.for_each_trace(lambda tr: tr.update(name=t(f"col.{tr.name}", lang), line={"width": 4}))
        figure.update_layout(**FONT)
        st.plotly_chart(figure, config={"displayModeBar": False})
else:
    status = shared.metric("library_status", scope)
    red = status[status["status"] == "merah"]
    if red.empty:
        st.success(t("activities.lapsed.none", lang))
    regency_names = shared.area_names()[1]
    for _, row in red.head(10).iterrows():
        st.markdown(f'<span style="color:{COLOURS["merah"]}">●</span> **{row["name"]}** '
                    f'({regency_names[row["regency_code"]]}) — {", ".join(reasons(row, lang))}',
                    unsafe_allow_html=True)
    if len(red) > 10:
        st.caption(t("briefing.attention.more", lang, count=number(len(red) - 10, lang)))

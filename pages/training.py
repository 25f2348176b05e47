"""Pelatihan: Bimtek SPP-TIK batches, completion by area, gender, test scores, and the
libraries whose managers still need training."""

import pandas as pd
import streamlit as st

from tpbis import training
from tpbis.i18n import number, percent, t
from tpbis_ui import charts, frame, tables, url_filters
from tpbis_ui.data import query, shaped

filters, display = url_filters.current_filters(), url_filters.current_display()
lang = display.lang
st.title(t("training.title", lang))

batches = query(training.training_batches, filters)
by_area = query(training.training_by_area, filters)
if batches.empty:
    st.info(t("training.empty", lang))
else:
    years = [str(y) for y in training.batch_years(batches)]
    chosen = url_filters.page_param("year", years, "")
    picked = st.selectbox(
        t("training.year", lang),
        ["", *years],
        index=(["", *years]).index(chosen),
        format_func=lambda y: y or t("training.year.all", lang),
        key="training_year",
        help=t("training.year.help", lang),
    )
    if picked:  # the link reopens the same year
        st.query_params["year"] = picked
    else:
        st.query_params.pop("year", None)
    if picked:
        year = training.trained_in_year(batches, int(picked))
        st.success(
            t(
                "training.in_year",
                lang,
                year=picked,
                participants=number(year["participants"], lang),
                completed=number(year["completed"], lang),
                batches=number(year["batches"], lang),
            )
        )
        batches = training.started_in(batches, int(picked))
    managers, trained = int(by_area["managers"].sum()), int(by_area["managers_trained"].sum())
    women, men = int(by_area["women"].sum()), int(by_area["men"].sum())
    columns = st.container(key="kpis").columns(5)  # two a row on a phone (phone.css)
    columns[0].metric(t("training.batches", lang), number(len(batches), lang))
    columns[1].metric(t("col.participants_total", lang), number(int(batches["participants"].sum()), lang))
    columns[2].metric(t("col.female", lang), number(women, lang), help=t("training.gender", lang))
    columns[3].metric(t("col.male", lang), number(men, lang), help=t("training.gender", lang))
    columns[4].metric(  # last: two a row on a phone keep the participants' pairs together
        t("kpi.trained", lang),
        percent(trained / managers if managers else float("nan"), lang),
        help=t("kpi.trained.help", lang, total=number(managers, lang)),
    )
    scored = by_area.dropna(subset=["pre_score"])
    if len(scored):
        weights = scored["participants"]
        st.caption(
            t(
                "training.scores",
                lang,
                pre=number((scored["pre_score"] * weights).sum() / weights.sum(), lang, 1),
                post=number((scored["post_score"] * weights).sum() / weights.sum(), lang, 1),
            )
        )

    st.subheader(t("training.by_area", lang))
    area_label = t("col.regency" if filters.province else "col.province", lang)
    shown = shaped(training.trained_shares, by_area)
    tall = max(300, 30 * len(shown) + 80)  # a bar a row
    # one area's share is the figure above: its table alone
    if len(shown) > 1:
        chart, table = charts.beside()
        charts.plot(
            "bar",
            shaped(pd.DataFrame.sort_values, shown, "share"),
            lang,
            chart,
            x="share",
            y="name",
            orientation="h",
            range_x=[0, 100],
            labels={"share": t("col.trained_share", lang), "name": area_label},
            height=tall,
            color_discrete_sequence=["#3182bd"],
        )
    else:
        table = st.container()
    with table:
        # the name and the share the chart shows first, in sight beside it at 1280 px; the rest scroll
        columns = ("name", "share", "managers_trained", "managers", "women", "men", "pre_score", "post_score", "code")
        tables.table_with_download(
            tables.labelled(
                shaped(training.shares_table, shown, columns),
                lang,
                name="col.regency" if filters.province else "col.province",
                managers_trained="col.trained",
                share="col.trained_share",
                women="col.female",
                men="col.male",
            ),
            "pelatihan_wilayah",
            filters,
            # beside a chart of many areas, as tall as it less the downloads (else ~10 rows beside 34 bars)
            **({"height": tall - 60} if len(shown) > 10 and not frame.on_phone() else {}),
        )

    st.subheader(t("training.batches.year", lang, year=picked) if picked else t("training.batches", lang))
    tables.table_with_download(
        tables.labelled(batches, lang, name="col.batch", participants="col.participants_total"),
        "angkatan_bimtek",
        filters,
    )

st.subheader(t("training.untrained", lang))
untrained = query(training.untrained_libraries, filters)
tables.list_to_follow_up(untrained, "training.untrained.none", "belum_bimtek", filters, name="col.library")

import pandas as pd
import plotly.express as px

from tpbis import date_axes


def test_month_ticks_and_hover_in_the_language():
    frame = pd.DataFrame({"month": pd.date_range("2023-01-01", "2024-12-01", freq="MS"), "n": range(24)})
    figure = date_axes.localise(px.line(frame, x="month", y="n"), "id")
    ticks = figure.layout.xaxis
    assert len(ticks.tickvals) <= date_axes.MAX_TICKS
    assert ticks.ticktext[:3] == ("Jan 2023", "Mar 2023", "Mei 2023") and "Sep 2024" in ticks.ticktext
    assert figure.data[0].customdata[9][0] == "Okt 2023" and "%{customdata[0]}" in figure.data[0].hovertemplate
    english = date_axes.localise(px.line(frame, x="month", y="n"), "en")
    assert "May 2023" in english.layout.xaxis.ticktext


def test_charts_without_dates_are_left_alone():
    figure = px.bar(x=["a", "b"], y=[1, 2])
    assert date_axes.localise(figure, "id").layout.xaxis.tickvals is None


def test_a_phone_gets_a_tick_a_year_named_by_the_year():
    """Twelve month names stood on end under a phone's ~300 px trend chart."""
    frame = pd.DataFrame({"month": pd.date_range("2019-07-01", "2024-12-01", freq="MS"), "n": range(66)})
    figure = date_axes.localise(px.line(frame, x="month", y="n"), "id", date_axes.PHONE_TICKS)
    ticks = figure.layout.xaxis
    assert ticks.ticktext == ("2020", "2021", "2022", "2023", "2024")
    assert all(pd.Timestamp(value).month == 1 for value in ticks.tickvals)
    laptop = date_axes.localise(px.line(frame, x="month", y="n"), "id").layout.xaxis
    assert laptop.ticktext[:2] == ("Jul 2019", "Jan 2020")


def test_ticks_two_years_apart_fall_on_januaries_too():
    """Named by the year, a tick on a March would say a year began there."""
    frame = pd.DataFrame({"month": pd.date_range("2018-03-01", "2026-10-01", freq="MS"), "n": range(104)})
    ticks = date_axes.localise(px.line(frame, x="month", y="n"), "id", date_axes.PHONE_TICKS).layout.xaxis
    assert ticks.ticktext == ("2020", "2022", "2024", "2026")
    assert all(pd.Timestamp(value).month == 1 for value in ticks.tickvals)

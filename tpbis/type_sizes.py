"""Type sizes in px for charts, maps and their pictures: on screen, and in presenter mode for a
shared 1920x1080 screen read from the back of the room. The CSS for the rest of the page in
presenter mode is tpbis_ui/static/presenter.css."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeSizes:
    text: int  # chart and map text
    legend: int
    hover: int
    tick: int
    axis_title: int
    bar_label: int
    colorbar_tick: int
    colorbar_title: int
    picture_legend: int  # the still map picture's colour bar
    legend_band: int  # under an area map, for its colour bar (tpbis.maps.area_map)
    picture_points: int  # the still library map's legend
    chart_min_height: int  # room for every category's label


SCREEN = TypeSizes(
    text=14,
    legend=14,
    hover=15,
    tick=12,
    axis_title=14,
    bar_label=12,
    colorbar_tick=12,
    colorbar_title=14,
    picture_legend=12,
    legend_band=62,
    picture_points=15,
    chart_min_height=0,
)
PRESENTER = TypeSizes(
    text=20,
    legend=22,
    hover=22,
    tick=20,
    axis_title=22,
    bar_label=18,
    colorbar_tick=18,
    colorbar_title=20,
    picture_legend=18,
    legend_band=86,
    picture_points=22,
    chart_min_height=600,
)


def for_mode(presenter: bool) -> TypeSizes:
    return PRESENTER if presenter else SCREEN

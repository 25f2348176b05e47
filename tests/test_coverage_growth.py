"""Coverage growing cohort by cohort: the small maps draw what the live map draws."""

import re

from tpbis import boundaries, coverage_growth, map_views
from tpbis.filters import Display, Filters

CIRCLE = re.compile(r'<circle data-code="[^"]*" cx="(-?\d+)" cy="(-?\d+)" r="\d+" fill="(#[0-9a-f]{6})"/>')


def test_a_regency_without_polygon_is_a_point_on_every_small_map(small_store):
    """Pangandaran (32.18), which GADM lacks, where and as the live map draws it."""
    filters = Filters(province="32")
    assert "32.18" not in {f["properties"]["code"] for f in boundaries.regencies("32")["features"]}
    live = CIRCLE.findall(map_views.area_view(small_store, filters, Display(), "libraries").picture)
    steps = coverage_growth.steps(small_store, filters, "id", legend=False)
    assert len(live) == 1 and len(steps) == 3
    assert all(CIRCLE.findall(step.picture) == live for step in steps)  # no library there yet: grey

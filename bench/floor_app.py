"""The benchmark's floor: a bare Streamlit page with nothing but the national map (the same
built boundaries, no data, no sidebar, no table). No app built on Streamlit shows a map sooner
on this machine; it tells how much of 'first map visible' is Streamlit's own start-up."""

import sys
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit adds only bench/
from tpbis import boundaries  # noqa: E402

provinces = boundaries.provinces()
codes = [f["properties"]["code"] for f in provinces["features"]]
st.plotly_chart(
    px.choropleth_map(
        pd.DataFrame({"code": codes, "value": range(len(codes))}),
        geojson=provinces,
        locations="code",
        featureidkey="properties.code",
        color="value",
        map_style="white-bg",
        zoom=3.4,
        center={"lat": -2.5, "lon": 118},
    )
)

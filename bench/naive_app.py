"""The benchmark's baseline: the same drill-down done naively, with plotly fed the raw GADM
GeoJSON at full resolution (what one gets without geo/build.py). Not part of the product."""

import json
import os
import sys
import time
from pathlib import Path

import plotly.express as px
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit adds only bench/
from geo.crosswalk import read_crosswalk  # noqa: E402
from tpbis import sources  # noqa: E402
from tpbis.store import Store, open_store  # noqa: E402


@st.cache_resource
def raw_level(level: int) -> dict:
    with sources.open_member(sources.GADM, f"geojson/gadm41_IDN_{level}.json") as raw:
        return json.load(raw)


@st.cache_resource
def store() -> Store:
    return open_store(read_only=True)


started = time.perf_counter()
crosswalk = read_crosswalk().dropna(subset=["kemendagri_code"])
code_of = dict(zip(crosswalk["gadm_gid"], crosswalk["kemendagri_code"]))
province = st.query_params.get("province")
if province:
    geojson = {
        "type": "FeatureCollection",
        "features": [f for f in raw_level(2)["features"] if code_of.get(f["properties"]["GID_2"], "")[:2] == province],
    }
    key, level = "GID_2", "regency_code"
else:
    geojson, key, level = raw_level(1), "GID_1", "province_code"
counts = store().query(f"SELECT {level} AS code, count(*) AS libraries FROM library GROUP BY 1")
counts = dict(zip(counts["code"], counts["libraries"]))
gids = [f["properties"][key] for f in geojson["features"]]
values = [counts.get(code_of.get(g), 0) for g in gids]
figure = px.choropleth_map(
    geojson=geojson,
    featureidkey=f"properties.{key}",
    locations=gids,
    color=values,
    map_style="white-bg",
    zoom=6 if province else 3,
    height=560,
    center={"lat": -2.5, "lon": 118} if not province else None,
)
event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key=f"naive-{province}")
points = event.selection.points if event and event.selection else []
if os.environ.get("TPBIS_TIMING_LOG"):  # server time per run, as the app records it
    kind = "rerun" if st.session_state.get("timed") else "first"
    st.session_state["timed"] = True
    with open(os.environ["TPBIS_TIMING_LOG"], "a") as log:
        log.write(f"{kind} {(time.perf_counter() - started) * 1000:.1f}\n")
if points and not province:
    st.query_params["province"] = code_of[points[0]["location"]]
    st.rerun()

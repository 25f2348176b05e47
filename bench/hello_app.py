"""The load benchmark's floor: a bare Streamlit page. No app built on Streamlit answers a rerun
faster on this machine; it tells how much of a page's time is Streamlit's own."""

import streamlit as st

st.write("Hello")

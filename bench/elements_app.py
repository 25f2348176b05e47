"""A bare Streamlit page of `?n=` elements of kind `?kind=`: what Streamlit itself costs to send
a page of a given size, with no data work (bench/elements_bench.py)."""

import streamlit as st

n = int(st.query_params.get("n", "1"))
kind = st.query_params.get("kind", "markdown")
st.title("Hello")
for i in range(n):
    if kind == "markdown":
        st.markdown(f"line {i}")
    elif kind == "metric":
        st.metric("x", i)
    elif kind == "columns":  # a row of two: three messages (the row and its two columns)
        left, right = st.columns(2)

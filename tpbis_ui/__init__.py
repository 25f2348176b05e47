"""The Streamlit glue between the pages and the core (tpbis/): one concern a module."""

"""TPBIS Monitor core: everything here runs without Streamlit."""

"""dashboard.py as AppTest runs it: from a folder without a pages/ beside it. AppTest resets
Streamlit's legacy-multipage flag before every run, and a pages/ folder beside the main script
would make each run start as an old-style multipage app that cannot find /peta and the rest."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard.py"), run_name="__main__")

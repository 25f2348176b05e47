"""Text from data shown as typed: Markdown and plotly escaping."""

import pickle

import pandas as pd
import plotly.express as px

from tpbis import escaping


def test_markdown_escapes_every_mark_and_breaks_links_and_shortcodes():
    text = escaping.markdown("[x](https://a.b) ![p](q) $x$ :red[m] **b** www.a.b c@d.e\n    code")
    assert "\n" not in text and "    " not in text
    for mark in "[]()!$*":
        assert f"\\{mark}" in text
    assert "https\\:\u2060" in text and "www\u2060" in text and "c\\@\u2060" in text and "\\:\u2060red" in text


def test_plotly_figures_keep_their_numbers_after_a_copy():
    """A cached figure comes back with its numbers packed ({dtype, bdata}): they are no words."""
    figure = px.bar(pd.DataFrame({"name": ["<b>Desa</b>", "Kota"], "value": [1.5, 2.5]}), x="value", y="name")
    copy = pickle.loads(pickle.dumps(figure))
    escaping.plotly_figure(copy)
    assert isinstance(copy.data[0].x, dict) or list(copy.data[0].x) == [1.5, 2.5]
    assert list(copy.data[0].y) == ["&lt;b&gt;Desa&lt;/b&gt;", "Kota"]

"""Text from data, files, URLs and accounts made literal wherever it is shown through markup.

Streamlit reads every label, caption, message and title as Markdown (links, images that the
browser fetches, LaTeX, :color[] directives, emoji shortcodes); plotly reads hover and label
text as a small subset of HTML (links included). A library name typed by an editor must show
as typed in both, so every such value goes through `markdown()` or `plotly()` first.
"""

from __future__ import annotations

import html
import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# Emoji and icon shortcodes (:smile:, :material/home:) and GFM's bare links (https://…, www.…,
# name@host) are found in the text after escapes are undone: an invisible word joiner after
# every colon and @, and inside "www.", keeps them from matching.
_LINK_OR_SHORTCODE = re.compile(r"([:@]|(?i:www)(?=\.))")
_WORD_JOINER = "\u2060"


def markdown(value: object) -> str:
    """`value` as Markdown that shows exactly its characters (and invisible word joiners):
    every ASCII punctuation mark is backslash-escaped (CommonMark allows it for all of them);
    whitespace runs and line breaks become single spaces (an indented line would start a code
    block)."""
    text = _LINK_OR_SHORTCODE.sub(r"\1" + _WORD_JOINER, " ".join(str(value).split()))
    return _PUNCTUATION.sub(r"\\\1", text)


def plotly(value: object) -> str:
    """`value` for plotly's label and hover text, which understands <b>, <a href> and entities."""
    return html.escape(str(value), quote=False)


_TRACE_TEXT = ("x", "y", "text", "hovertext")


def plotly_figure(figure):
    """The figure with the words in its traces' data (categories, bar labels, legend entries)
    escaped for plotly; numbers and dates are left as they are."""
    for trace in figure.data:
        for attribute in _TRACE_TEXT:
            values = getattr(trace, attribute, None)
            # a dict is plotly's packed numbers ({dtype, bdata}, as after a copy): no words in it
            if values is None or isinstance(values, str | dict):
                continue
            if any(isinstance(v, str) for v in values):
                trace[attribute] = [plotly(v) if isinstance(v, str) else v for v in values]
        if isinstance(trace.name, str):
            trace.name = plotly(trace.name)
    return figure

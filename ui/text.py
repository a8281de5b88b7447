"""Text from a URL or a data file shown as literal text, never as Markdown or HTML.

Streamlit renders Markdown (links, images, `:red[...]` directives, `:material/...:` icons,
emoji shortcodes, `$...$` maths) in `st.markdown`, `st.caption`, `st.info`, titles, metric
and widget labels. Values that did not come from this code base go through `md_literal`
before they reach one of those, or through `html_literal` inside an HTML block.
"""

from __future__ import annotations

import html
import re
import string

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it also breaks
# GFM autolinks (http://…, www.…), Streamlit's directives and shortcodes, and maths.
_MARKDOWN_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


# GFM turns bare URLs and e-mail addresses in *text* into links after escapes are resolved, so
# escaping cannot stop it: an invisible word joiner inside "http", "www." or "@" does.
WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=h)(?=ttps?:)|(?<=w)(?=ww\.)|(?<=m)(?=ailto:)|(?=@)|(?<=@)")


def md_literal(value: object) -> str:
    """`value` as Markdown source that renders as exactly its characters, on one line."""
    text = _AUTOLINK_STARTS.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", str(value)))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def html_literal(value: object) -> str:
    """`value` as HTML text (no tags, no entities), on one line."""
    return html.escape(_LINE_BREAKS.sub(" ", str(value)), quote=True)


def plot_literal(value: object) -> str:
    """`value` as Plotly text: Plotly reads a few HTML tags (<a href>, <b>, <br> …) in labels,
    titles and hover text, and decodes entities, so escaping & < > shows the text as written."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Columns of chart rows that carry text from the source files or the catalogue.
PLOT_TEXT_COLUMNS = ("raw_text", "source_file", "actual_source_file", "target_raw", "actual_raw", "name_zh",
                     "name_en", "quote")


def plot_frame(frame):
    """A copy of a DataFrame with its text columns (PLOT_TEXT_COLUMNS) escaped for Plotly."""
    escaped = {column: frame[column].map(lambda v: plot_literal(v) if isinstance(v, str) else v)
               for column in PLOT_TEXT_COLUMNS if column in frame.columns}
    return frame.assign(**escaped) if escaped else frame

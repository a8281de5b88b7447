"""Text from a URL or a data file shown as literal text, never as Markdown or HTML.

Streamlit renders Markdown (links, images, `:red[...]` directives, `:material/...:` icons,
emoji shortcodes, `$...$` maths) in `st.markdown`, `st.caption`, `st.info`, titles, metric
and widget labels. Values that did not come from this code base go through `md_literal`
before they reach one of those, or through `html_literal` inside an HTML block.
"""

from __future__ import annotations

import functools
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


# Streamlit draws "->", "<-", "=>", "<=", ">=", "!=" … as arrows and symbols; a word joiner keeps the pair apart.
_SYMBOL_PAIRS = re.compile(r"(?<=[-<>=!])(?=[-<>=!])")


def md_literal(value: object) -> str:
    """`value` as Markdown source that renders as exactly its characters, on one line. Short texts (names,
    titles: the same ones on every run of a page) are memoised per process."""
    text = str(value)
    return _md_literal_short(text) if len(text) <= _MEMO_CHARS else _md_literal(text)


_MEMO_CHARS = 200


def _md_literal(text: str) -> str:
    text = _AUTOLINK_STARTS.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", text))
    text = _SYMBOL_PAIRS.sub(WORD_JOINER, text)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


_md_literal_short = functools.lru_cache(maxsize=32768)(_md_literal)


def html_literal(value: object) -> str:
    """`value` as HTML text (no tags, no entities), on one line."""
    return html.escape(_LINE_BREAKS.sub(" ", str(value)), quote=True)


def plot_literal(value: object) -> str:
    """`value` as Plotly text: Plotly reads a few HTML tags (<a href>, <b>, <br> …) in labels,
    titles and hover text, and decodes entities, so escaping & < > shows the text as written."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plot_frame(frame):
    """A copy of a DataFrame with every text cell escaped for Plotly (comparator codes such as
    `<=` excepted: charts read them as codes, and they never reach the figure as text)."""
    def escape(value):
        return plot_literal(value) if isinstance(value, str) else value

    escaped = {column: frame[column].map(escape) for column in frame.columns
               if not str(column).endswith("comparator")
               and (frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"))}
    return frame.assign(**escaped) if escaped else frame

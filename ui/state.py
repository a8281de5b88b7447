"""Every widget's value in the URL, as canonical ids (city=<city id>, period=<plan period id>, ...).

Streamlit's `bind="query-params"` writes a selectbox's *formatted label* into the URL,
which would make links depend on the display language. So widgets here keep canonical
ids as options (with a language-dependent format_func) and this module syncs them with
`st.query_params` itself: the URL seeds a widget the first time it renders in a session,
and the widget's value is written back on every run (defaults are left out of the URL).
A value that is not a valid choice is dropped with a small notice, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_NOTICES = "_url_notices"


def _ids(values: Sequence[Any]) -> list[str]:
    return [str(value) for value in values]


def _used(name: str) -> None:
    """Remember that this run's page reads `name` (see `drop_unused_params`)."""
    st.session_state.setdefault(_USED, set()).add(name)


def _shown(name: str, value: Any) -> Any:
    """Remember the value `name` has in this run, default or not (see `filter_values`)."""
    st.session_state.setdefault(_VALUES, {})[name] = list(value) if isinstance(value, list | tuple) else value
    return value


def filter_values() -> dict[str, Any]:
    """Every URL-bound widget this run has drawn so far, with the value it holds (the default
    included, which the URL leaves out): what a download name or a shared link describes."""
    return dict(st.session_state.get(_VALUES, {}))


def seed(name: str, options: Sequence[str], default: Any, *, multiple: bool = False, initial: Any = None) -> None:
    """Put the URL's value (else `initial`, else the default) into session state before the widget renders."""
    _used(name)
    valid = _ids(options)
    current = st.session_state.get(name)
    if current is not None:
        still_valid = all(v in valid for v in current) if multiple else current in valid
        if still_valid:
            return
    raw = st.query_params.get_all(name)
    good = [value for value in raw if value in valid]
    for value in raw:
        if value not in valid:
            add_notice("empty_value" if value == "" else "invalid_value", name, value)
    fallback = default if initial is None else initial
    if multiple:
        st.session_state[name] = list(dict.fromkeys(good)) if raw else list(fallback)
    else:
        st.session_state[name] = good[0] if good else fallback
        if len(good) > 1:
            add_notice("extra_values", name, ",".join(good[1:]))


def _single(name: str) -> str | None:
    """The URL's one value for `name`; extra and empty values are noticed (None if absent or empty)."""
    raw = st.query_params.get_all(name)
    if not raw:
        return None
    if len(raw) > 1:
        add_notice("extra_values", name, ",".join(raw[1:]))
    if raw[0] == "":
        add_notice("empty_value", name, "")
        return None
    return raw[0]


def write(name: str, value: Any, default: Any) -> None:
    """Mirror a widget's value into the URL; a default value leaves no parameter."""
    if value == default or value is None:
        if name in st.query_params:
            del st.query_params[name]
        return
    wanted = _ids(value) if isinstance(value, list | tuple) else [str(value)]
    if st.query_params.get_all(name) != wanted:
        st.query_params[name] = wanted if len(wanted) != 1 else wanted[0]


def url_widget(
    name: str,
    options: Sequence[str],
    default: Any,
    render: Callable[..., Any],
    *,
    multiple: bool = False,
    initial: Any = None,
) -> Any:
    """Render `render(key=name)` seeded from the URL and mirror its value back into the URL.

    `default` is the value a URL without this parameter means; `initial` (if given) is
    what a first visit without the parameter starts from (e.g. the browser's language).
    """
    seed(name, options, default, multiple=multiple, initial=initial)
    value = render(key=name)
    write(name, value, default)
    return _shown(name, value)


def url_flag(name: str, render: Callable[..., bool], *, default: bool = False) -> bool:
    """A boolean widget stored as name=1 in the URL (absent when off; 0 means off too). A flag that is
    on by default (`default=True`) is stored as name=0 when off (absent or 1: on); `filter_values` holds
    it as "0" when off and leaves it out when on: the default of such a flag is a constant of the code,
    not of the data, so a shared link without it still opens the same view. Any other value: a notice,
    the default."""
    _used(name)
    if name not in st.session_state:
        raw = _single(name)
        if raw not in (None, "0", "1"):
            add_notice("invalid_value", name, raw)
        st.session_state[name] = raw == "1" if raw in ("0", "1") else default
    value = bool(render(key=name))
    if default:
        write(name, None if value else "0", None)
        if not value:
            _shown(name, "0")
        return value
    write(name, "1" if value else None, None)
    return _shown(name, value)


def url_years(name: str, bounds: tuple[int, int], render: Callable[..., tuple[int, int]]) -> tuple[int, int]:
    """A year range stored as name=FROM-TO; malformed or out-of-range values are dropped."""
    _used(name)
    low, high = bounds
    if name not in st.session_state:
        raw = _single(name)
        chosen = (low, high)
        if raw is not None:
            match = _YEAR_RANGE.fullmatch(raw)
            start, end = (int(match[1]), int(match[2])) if match else (None, None)
            if match and low <= start <= end <= high:
                chosen = (start, end)
            else:
                add_notice("invalid_value", name, raw)
        st.session_state[name] = chosen
    value = tuple(render(key=name))
    write(name, f"{value[0]}-{value[1]}" if value != (low, high) else None, None)
    _shown(name, f"{value[0]}-{value[1]}")
    return value


def url_page(name: str, pages: int, render: Callable[..., int], *, restart: bool = False) -> int:
    """A 1-based page of a paged table, stored as name=N (absent for page 1). A page number
    from the URL beyond the last page (or 0) is clamped to the nearest page, silently: the link
    still shows its rows' last page. Anything but digits is dropped with a notice. `restart`
    (the rows shown changed) goes back to page 1. With one page nothing is rendered."""
    _used(name)
    pages = max(1, int(pages))
    if name not in st.session_state:
        raw = _single(name)
        page = 1
        if raw is not None:
            if _DIGITS.fullmatch(raw):
                page = pages if len(raw) > 18 else min(max(int(raw), 1), pages)
            else:
                add_notice("invalid_value", name, raw)
    else:
        page = 1 if restart else min(max(int(st.session_state[name]), 1), pages)
    if pages == 1:
        st.session_state.pop(name, None)
        write(name, None, None)
        return _shown(name, 1)
    st.session_state[name] = page
    value = int(render(key=name))
    write(name, value if value != 1 else None, None)
    return _shown(name, value)


def url_text(name: str, render: Callable[..., str], max_length: int = 100) -> str:
    """Free text (a search); longer than `max_length` is cut with a notice, line breaks become spaces."""
    _used(name)
    if name not in st.session_state:
        raw = _LINE_BREAKS.sub(" ", _single(name) or "")
        if len(raw) > max_length:
            add_notice("shortened", name, str(max_length))
        st.session_state[name] = raw[:max_length]
    value = render(key=name) or ""
    write(name, value.strip() or None, None)
    return _shown(name, value.strip())


_SLOT = "_notice_slot"
_USED = "_url_params_used"
_VALUES = "_url_values_shown"
_SHOWN = "_notices_shown"
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: the form the app itself writes
_YEAR_RANGE = re.compile(r"([0-9]{4})-([0-9]{4})")  # ASCII digits only: the form the app itself writes
NOTICE_KINDS = ("unknown_param", "unused_param", "invalid_value", "empty_value", "extra_values", "shortened")
MAX_NOTICES = 8  # a crafted link with hundreds of bad parameters gets a summary, not a wall of notices
MAX_SHOWN_VALUE = 60


def add_notice(kind: str, name: str, value: str) -> None:
    """Queue a notice about the link (kind in NOTICE_KINDS); shown at the top of the page by `show_notices`."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"unknown notice kind {kind!r}; valid choices: {', '.join(NOTICE_KINDS)}")
    pending = st.session_state.setdefault(_NOTICES, [])
    if (kind, name, value) not in pending:
        pending.append((kind, name, value))
    if st.session_state.get(_SLOT) is not None:
        show_notices()


def hold_notices() -> None:
    """A new run: notices found before the page runs (sidebar, unknown parameters) wait for its slot."""
    st.session_state[_SLOT] = None
    st.session_state[_USED] = set()
    st.session_state[_VALUES] = {}
    st.session_state[_SHOWN] = 0


def open_notice_slot() -> None:
    """Reserve the place for notices at the top of the page and show those already found."""
    st.session_state[_SLOT] = st.container()
    show_notices()


NOTICE_CLASS = "link-notice"
_ICON = ("<span aria-hidden='true' style=\"font-family:'Material Symbols Rounded';vertical-align:bottom\">"
         "link_off</span>")


def notice_text(kind: str, name: str, value: str, lang: str) -> str:
    """The notice as plain text, the link's own name and value shortened but otherwise as typed."""
    from ui.i18n import t  # local: ui.i18n is plain data, imported lazily to keep this module light

    shown = value if len(value) <= MAX_SHOWN_VALUE else value[:MAX_SHOWN_VALUE] + "…"
    return t(f"notice_{kind}", lang, name=name[:MAX_SHOWN_VALUE], value=shown)


def show_notices() -> None:
    """Notices are HTML text, never Markdown: no link, image, style or autolink can come from
    a crafted `[text](…)`, `![x](…)`, `:red[…]` or a bare URL in the link."""
    from ui.i18n import t
    from ui.text import html_literal

    slot = st.session_state[_SLOT]
    lang = st.session_state.get("lang", "zh")
    pending = st.session_state.pop(_NOTICES, [])
    for kind, name, value in pending:
        shown = st.session_state.get(_SHOWN, 0)
        st.session_state[_SHOWN] = shown + 1
        if shown > MAX_NOTICES:
            continue
        text = notice_text(kind, name, value, lang) if shown < MAX_NOTICES else t("notice_more", lang)
        slot.html(f"<div class='{NOTICE_CLASS}' role='status'>{_ICON} {html_literal(text)}</div>")


def drop_unknown_params(known: set[str]) -> None:
    """Parameters no page understands are removed from the URL with a notice."""
    for name in list(st.query_params.keys()):
        if name not in known:
            add_notice("unknown_param", name, ",".join(st.query_params.get_all(name)))
            del st.query_params[name]


def drop_unused_params() -> None:
    """After the page ran: parameters other pages understand but this one did not read are
    removed with a notice (a link to /sources?city=… would otherwise keep a dead city)."""
    used = st.session_state.get(_USED, set())
    for name in list(st.query_params.keys()):
        if name not in used:
            add_notice("unused_param", name, ",".join(st.query_params.get_all(name)))
            del st.query_params[name]

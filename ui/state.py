"""Every widget's value in the URL, as canonical ids (city=jiangmen, period=13th, ...).

Streamlit's `bind="query-params"` writes a selectbox's *formatted label* into the URL,
which would make links depend on the display language. So widgets here keep canonical
ids as options (with a language-dependent format_func) and this module syncs them with
`st.query_params` itself: the URL seeds a widget the first time it renders in a session,
and the widget's value is written back on every run (defaults are left out of the URL).
A value that is not a valid choice is dropped with a small notice, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_NOTICES = "_url_notices"


def _ids(values: Sequence[Any]) -> list[str]:
    return [str(value) for value in values]


def seed(name: str, options: Sequence[str], default: Any, *, multiple: bool = False, initial: Any = None) -> None:
    """Put the URL's value (else `initial`, else the default) into session state before the widget renders."""
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
            add_notice(name, value)
    fallback = default if initial is None else initial
    if multiple:
        st.session_state[name] = list(dict.fromkeys(good)) if raw else list(fallback)
    else:
        st.session_state[name] = good[0] if good else fallback
        if len(good) > 1:
            add_notice(name, ",".join(good[1:]))


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
    return value


def url_flag(name: str, render: Callable[..., bool]) -> bool:
    """A boolean widget stored as name=1 in the URL (absent when off)."""
    raw = st.query_params.get_all(name)
    if name not in st.session_state:
        st.session_state[name] = raw == ["1"]
        if raw and raw != ["1"] and raw != ["0"]:
            add_notice(name, ",".join(raw))
    value = bool(render(key=name))
    write(name, "1" if value else None, None)
    return value


def url_years(name: str, bounds: tuple[int, int], render: Callable[..., tuple[int, int]]) -> tuple[int, int]:
    """A year range stored as name=FROM-TO; malformed or out-of-range values are dropped."""
    low, high = bounds
    if name not in st.session_state:
        raw = st.query_params.get(name)
        chosen = (low, high)
        if raw:
            try:
                start, end = (int(part) for part in raw.split("-"))
                if not (low <= start <= end <= high):
                    raise ValueError
                chosen = (start, end)
            except ValueError:
                add_notice(name, raw)
        st.session_state[name] = chosen
    value = tuple(render(key=name))
    write(name, f"{value[0]}-{value[1]}" if value != (low, high) else None, None)
    return value


def url_text(name: str, render: Callable[..., str], max_length: int = 100) -> str:
    if name not in st.session_state:
        st.session_state[name] = (st.query_params.get(name) or "")[:max_length]
    value = render(key=name) or ""
    write(name, value.strip() or None, None)
    return value.strip()


_SLOT = "_notice_slot"


def add_notice(name: str, value: str) -> None:
    """Queue a dropped URL value; shown at the top of the page by `show_notices`."""
    pending = st.session_state.setdefault(_NOTICES, [])
    if (name, value) not in pending:
        pending.append((name, value))
    if st.session_state.get(_SLOT) is not None:
        show_notices()


def hold_notices() -> None:
    """Notices found before the page runs (sidebar, unknown parameters) wait for its slot."""
    st.session_state[_SLOT] = None


def open_notice_slot() -> None:
    """Reserve the place for notices at the top of the page and show those already found."""
    st.session_state[_SLOT] = st.container()
    show_notices()


def show_notices() -> None:
    from ui.i18n import t  # local: ui.i18n is plain data, imported lazily to keep this module light

    slot = st.session_state[_SLOT]
    lang = st.session_state.get("lang", "zh")
    for name, value in st.session_state.pop(_NOTICES, []):
        slot.caption(f":material/link_off: {t('bad_param', lang, name=name, value=value)}")


def drop_unknown_params(known: set[str]) -> None:
    """Parameters no page understands are removed from the URL with a notice."""
    for name in list(st.query_params.keys()):
        if name not in known:
            add_notice(name, ",".join(st.query_params.get_all(name)))
            del st.query_params[name]

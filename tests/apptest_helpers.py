"""Driving the app through streamlit.testing.v1.AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics.paths import PROJECT_DIR

APP = str(PROJECT_DIR / "app.py")


def open_app(page: str | None = None, **params: str | list[str]) -> AppTest:
    """Run app.py with the given URL parameters, optionally switched to pages/<page>.py."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """All visible text of markdown, captions, titles and tables, for content assertions."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(element.value) for element in at.get(kind))
    for table in at.get("table"):
        parts.append(table.value.to_string())
    for frame in at.get("dataframe"):
        parts.append(frame.value.to_string())
    return "\n".join(parts)

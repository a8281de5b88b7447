"""Where the project's data lives. Overridable by environment for tests and deployments."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The Parquet tables the app reads (PLAN_DATA_DIR overrides; tests point it at fixtures)."""
    return Path(os.environ.get("PLAN_DATA_DIR", PROJECT_DIR / "data"))


def default_sources_dir() -> Path:
    """The read-only source documents, kept beside the project, never inside it."""
    return Path(os.environ.get("PLAN_SOURCES_DIR", PROJECT_DIR.parent / "shared" / "sources"))

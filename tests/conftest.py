"""Shared fixtures: the real sources, throw-away copies of them, and the committed data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analytics import paths

PROJECT_DIR = paths.PROJECT_DIR
COMMITTED_DATA = PROJECT_DIR / "data"


def pytest_configure(config):
    # Chromium and Streamlit write caches/config into $HOME otherwise.
    scratch = PROJECT_DIR / ".pytest_cache" / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        target = scratch / name.lower()
        target.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault(name, str(target))


def missing(what: str, install: str) -> None:
    """Something a test needs is not on this machine: skipped with the reason locally, a hard failure in
    CI, where .ci/run provides it (`install` says how)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}: required in CI ({install})")
    pytest.skip(f"{what} ({install})")


def source_directory() -> Path:
    """The read-only source documents, or a skip (a failure in CI) where they are not beside the clone."""
    directory = paths.default_sources_dir()
    if not directory.is_dir():
        missing(f"source documents not found at {directory}", "../shared beside the clone")
    return directory


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    return source_directory()


@pytest.fixture
def sources_copy(sources_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the sources, for tests that break them on purpose."""
    target = tmp_path / "sources"
    shutil.copytree(sources_dir, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory (relative path -> bytes), to prove a failed ingest changed nothing."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}

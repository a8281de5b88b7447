"""The sources and one more document, `add`ed and rebuilt through the command line in a scratch copy of the
sources and the catalogue, as a user would (tests of documents no rule was written for)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from analytics import catalogue
from tests.conftest import PROJECT_DIR


def ingest_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics.ingest", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, timeout=300)


def add_and_rebuild(sources_dir: Path, root: Path, document: Path) -> SimpleNamespace:
    """`add` of `document` beside a copy of `sources_dir`, then a rebuild into root/data; both must succeed.
    Returns the `add` run (its report in .stdout) and the data directory."""
    sources, cat, data = root / "sources", root / "catalogue", root / "data"
    shutil.copytree(sources_dir, sources)
    for path in sources.iterdir():
        path.chmod(0o644)
    shutil.copy(document, sources / document.name)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    added = ingest_cli("add", str(sources / document.name), "--sources", str(sources), "--catalogue", str(cat))
    assert added.returncode == 0, added.stderr
    rebuild = ingest_cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
    assert rebuild.returncode == 0, rebuild.stderr
    return SimpleNamespace(added=added, data=data)

"""Crash tests' catalogue committer: SIGKILL an `add` at the K-th file-system step of its commit
(analytics.catalogue_journal: a staged write, before it or half-way through its bytes, an fsync,
a rename, a mkdir, an unlink, a removal).

`killed_commit` forks (cheap: the new files are already built) and the child kills itself with
SIGKILL: a real process death, no clean-up code runs. `python -m tests.kill_add STEP -- ARGS…`
runs the whole `python -m analytics.ingest add ARGS…` in a fresh interpreter and dies at STEP:
a number, or NAME:N for the N-th step of that name (`replace:2`: the first catalogue file put in
place, after the manifest's own rename).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from analytics import catalogue_journal
from tests import kill_points
from tests.kill_points import KillProbe

WRITES = ("write",)


class _Probe(KillProbe):
    """The journal's file-system steps."""

    writes = WRITES

    def install(self) -> None:
        catalogue_journal._write = self.hook("write", catalogue_journal._write)
        for name in ("replace", "fsync"):
            setattr(catalogue_journal.os, name, self.hook(name, getattr(os, name)))
        for name in ("mkdir", "unlink"):
            setattr(Path, name, self.hook(name, getattr(Path, name)))
        catalogue_journal.shutil.rmtree = self.hook("rmtree", shutil.rmtree)


def _commit(directory: Path, changes: dict[str, bytes]) -> None:
    with catalogue_journal.locked(directory):
        catalogue_journal.commit(directory, changes)


def operations(directory: Path, changes: dict[str, bytes]) -> list[str]:
    """The commit's steps, in order, for putting `changes` into `directory` (in a child)."""
    return kill_points.operations(_Probe(), lambda: _commit(directory, changes))


def killed_commit(directory: Path, changes: dict[str, bytes], kill_at: int, mode: str) -> bool:
    """Commit in a forked child killed at step `kill_at`; True if it died by SIGKILL."""
    return kill_points.killed(_Probe(kill_at, mode), lambda: _commit(directory, changes))


def main(argv: list[str]) -> int:
    from analytics.ingest.__main__ import main as ingest_main

    step, args = argv[0], argv[argv.index("--") + 1:]
    _Probe(int(step) if step.isdigit() else step).install()
    return ingest_main(["add", *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

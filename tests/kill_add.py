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
import signal
import sys
from pathlib import Path

from analytics import catalogue_journal

WRITES = ("write",)


class _Probe:
    """Wraps the journal's file-system steps; counts them, and kills at `kill_at`."""

    def __init__(self, kill_at: int | str = 0, mode: str = "before"):
        self.kill_at, self.mode, self.calls = kill_at, mode, []

    def _due(self, name: str) -> bool:
        if isinstance(self.kill_at, int):
            return len(self.calls) == self.kill_at
        wanted, _, count = self.kill_at.partition(":")
        return name == wanted and self.calls.count(name) == int(count)

    def hook(self, name: str, original):
        def wrapped(*args, **kwargs):
            self.calls.append(name)
            if self._due(name):
                if self.mode == "mid" and name in WRITES:
                    path, data = args[0], args[1]
                    with open(path, "wb") as handle:
                        handle.write(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapped

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
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        probe = _Probe()
        probe.install()
        _commit(directory, changes)
        os.write(write_end, ",".join(probe.calls).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        names = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return names.split(",")


def killed_commit(directory: Path, changes: dict[str, bytes], kill_at: int, mode: str) -> bool:
    """Commit in a forked child killed at step `kill_at`; True if it died by SIGKILL."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            _Probe(kill_at, mode).install()
            _commit(directory, changes)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def main(argv: list[str]) -> int:
    from analytics.ingest.__main__ import main as ingest_main

    step, args = argv[0], argv[argv.index("--") + 1:]
    _Probe(int(step) if step.isdigit() else step).install()
    return ingest_main(["add", *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

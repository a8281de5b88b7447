"""Crash tests' writer: write a generation and SIGKILL the process at the K-th file-system
operation of the writer (before it, or half-way through a file's bytes).

`killed_write` forks (cheap: the tables are already in memory) and the child kills itself
with SIGKILL: a real process death, no clean-up code runs. `python -m tests.kill_writer
DATA_DIR FROM_DIR K before|mid` does the same in a fresh interpreter.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pyarrow as pa

from analytics import generations
from analytics.ingest.writer import write_tables

WRITES = ("write_bytes", "write_text")


class _Probe:
    """Wraps the writer's file-system calls; counts them, and kills at number `kill_at`."""

    def __init__(self, kill_at: int = 0, mode: str = "before"):
        self.kill_at, self.mode, self.calls = kill_at, mode, []

    def hook(self, name: str, original):
        def wrapped(*args, **kwargs):
            self.calls.append(name)
            if len(self.calls) == self.kill_at:
                if self.mode == "mid" and name in WRITES:
                    path, data = args[0], args[1]
                    with open(path, "wb" if isinstance(data, bytes) else "w") as handle:
                        handle.write(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapped

    def install(self) -> None:
        for name in (*WRITES, "mkdir", "chmod", "unlink"):
            setattr(Path, name, self.hook(name, getattr(Path, name)))
        for name in ("rename", "replace", "fsync"):
            setattr(generations.os, name, self.hook(name, getattr(os, name)))
        generations.shutil.rmtree = self.hook("rmtree", shutil.rmtree)


def operations(data_dir: Path, tables: dict[str, pa.Table]) -> list[str]:
    """The writer's file-system operations, in order, for writing `tables` into data_dir (in a child)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        probe = _Probe()
        probe.install()
        write_tables(data_dir, tables)
        os.write(write_end, ",".join(probe.calls).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        names = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return names.split(",")


def killed_write(data_dir: Path, tables: dict[str, pa.Table], kill_at: int, mode: str) -> bool:
    """Write in a forked child killed at operation `kill_at`; True if it died by SIGKILL."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            _Probe(kill_at, mode).install()
            write_tables(data_dir, tables)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def main(argv: list[str]) -> int:
    from tests.generation_helpers import current_tables

    data_dir, from_dir, kill_at, mode = Path(argv[0]), Path(argv[1]), int(argv[2]), argv[3]
    tables = current_tables(from_dir)
    _Probe(kill_at, mode).install()
    write_tables(data_dir, tables)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

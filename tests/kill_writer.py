"""Crash tests' writer: write a generation and SIGKILL the process at the K-th file-system
operation of the writer (before it, or half-way through a file's bytes).

`killed_write` forks (cheap: the tables are already in memory) and the child kills itself
with SIGKILL: a real process death, no clean-up code runs. `python -m tests.kill_writer
DATA_DIR FROM_DIR K before|mid` does the same in a fresh interpreter.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa

from analytics import generations
from analytics.ingest.writer import write_tables
from tests import kill_points
from tests.kill_points import KillProbe

WRITES = ("write_bytes", "write_text")


class _Probe(KillProbe):
    """The writer's file-system calls."""

    writes = WRITES

    def install(self) -> None:
        for name in (*WRITES, "mkdir", "chmod", "unlink"):
            setattr(Path, name, self.hook(name, getattr(Path, name)))
        for name in ("rename", "replace", "fsync"):
            setattr(generations.os, name, self.hook(name, getattr(os, name)))
        generations.shutil.rmtree = self.hook("rmtree", shutil.rmtree)


def operations(data_dir: Path, tables: dict[str, pa.Table]) -> list[str]:
    """The writer's file-system operations, in order, for writing `tables` into data_dir (in a child)."""
    return kill_points.operations(_Probe(), lambda: write_tables(data_dir, tables))


def killed_write(data_dir: Path, tables: dict[str, pa.Table], kill_at: int, mode: str) -> bool:
    """Write in a forked child killed at operation `kill_at`; True if it died by SIGKILL."""
    return kill_points.killed(_Probe(kill_at, mode), lambda: write_tables(data_dir, tables))


def main(argv: list[str]) -> int:
    from tests.generation_helpers import current_tables

    data_dir, from_dir, kill_at, mode = Path(argv[0]), Path(argv[1]), int(argv[2]), argv[3]
    tables = current_tables(from_dir)
    _Probe(kill_at, mode).install()
    write_tables(data_dir, tables)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

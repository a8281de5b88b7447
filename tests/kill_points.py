"""Kill points for the crash tests: wrap a writer's file-system steps, count them, and SIGKILL the
process at the K-th (before it, or half-way through a file's bytes).

The probes of tests/kill_writer.py (the data generations) and tests/kill_add.py (the catalogue
journal) say which steps to wrap; forking here is cheap (what is written is already in memory) and
the child dies by a real SIGKILL: no clean-up code runs.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable


class KillProbe:
    """Counts the wrapped steps (`calls`) and kills at `kill_at`: a step number, or NAME:N for the
    N-th step of that name. `writes` name the steps whose data a "mid" kill writes half of."""

    writes: tuple[str, ...] = ()

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
                if self.mode == "mid" and name in self.writes:
                    path, data = args[0], args[1]
                    with open(path, "wb" if isinstance(data, bytes) else "w") as handle:
                        handle.write(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapped

    def install(self) -> None:
        raise NotImplementedError


def operations(probe: KillProbe, action: Callable[[], object]) -> list[str]:
    """The steps `action` takes, in order, run in a forked child with `probe` installed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        probe.install()
        action()
        os.write(write_end, ",".join(probe.calls).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        names = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return names.split(",")


def killed(probe: KillProbe, action: Callable[[], object]) -> bool:
    """Run `action` in a forked child that `probe` kills; True if it died by SIGKILL."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            probe.install()
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

"""Crash-safe rebuilds: ingestion killed (SIGKILL) at every file-system step of a write, and
at random moments of a real run, always leaves data/ loading as the whole old or the whole new
generation; the next run removes what the killed one left behind. Errors of the disk (a
read-only or missing directory) end in one `ingest failed: …` line with the path, exit 1.

`make fuzz` repeats the random kills many more times (PLAN_KILL_RUNS)."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analytics import generations
from analytics.db import Database
from analytics.generations import read_manifest
from analytics.ingest.__main__ import main as ingest_main
from analytics.ingest.writer import write_tables
from tests.conftest import COMMITTED_DATA, PROJECT_DIR
from tests.fixture_dataset import fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables
from tests.kill_writer import WRITES, killed_write, operations

RANDOM_KILLS = int(os.environ.get("PLAN_KILL_RUNS", "4"))


def _loaded_generation(data: Path, old: str, new: str) -> str:
    """The generation Database loads, after checking it is whole: exactly old's or new's tables."""
    database = Database(data)
    try:
        manifest = read_manifest(data)
        assert manifest.generation in (old, new), manifest.generation
        for name, entry in manifest.tables.items():
            # `name` is one of analytics.schema.TABLES (read_manifest refuses any other)
            assert database.query(f"SELECT count(*) AS n FROM {name}")["n"][0] == entry.rows
        return manifest.generation
    finally:
        database.close()


def _only_the_generation_left(data: Path, generation: str, previous: str | None = None) -> None:
    """The manifest and `generation` (in force) only; and `previous`, the one a finished run
    replaced, kept until the next run for readers still on it."""
    kept = {generations.MANIFEST, generation} | ({previous} if previous else set())
    assert sorted(p.name for p in data.iterdir()) == sorted(kept)
    assert read_manifest(data).generation == generation


@pytest.fixture
def old_data(fixture_dir, tmp_path):  # noqa: F811
    """data/ holding the fixture generation (old); the committed data is the new one."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    return data


def test_every_kill_point_leaves_a_whole_generation(old_data, fixture_dir, tmp_path):  # noqa: F811
    old, new = read_manifest(fixture_dir).generation, read_manifest(COMMITTED_DATA).generation
    tables = current_tables(COMMITTED_DATA)
    pristine = tmp_path / "pristine"
    shutil.copytree(old_data, pristine)
    steps = operations(tmp_path / "counted", tables) and operations(_fresh(tmp_path / "counted", pristine), tables)
    assert len(steps) > 20 and "replace" in steps
    points = [(at, "before") for at in range(1, len(steps) + 1)]
    points += [(at, "mid") for at, name in enumerate(steps, start=1) if name in WRITES]
    seen = {old: 0, new: 0}
    for kill_at, mode in points:
        _fresh(old_data, pristine)
        assert killed_write(old_data, tables, kill_at, mode), (kill_at, mode, steps[kill_at - 1])
        loaded = _loaded_generation(old_data, old, new)
        seen[loaded] += 1
        # The next full run succeeds and leaves nothing of the killed one behind.
        write_tables(old_data, tables)
        _only_the_generation_left(old_data, new, previous=loaded if loaded != new else None)
    assert seen[old] and seen[new], seen  # kills landed on both sides of the switch
    print(f"kill points tried: {len(points)} ({len(steps)} operations before, {len(points) - len(steps)} "
          f"half-way through a write); loaded whole old {seen[old]}, whole new {seen[new]}")


def _fresh(data: Path, pristine: Path) -> Path:
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(pristine, data)
    return data


def test_random_kills_of_a_real_ingestion(sources_dir, old_data, fixture_dir, tmp_path):  # noqa: F811
    old, new = read_manifest(fixture_dir).generation, read_manifest(COMMITTED_DATA).generation
    pristine = tmp_path / "pristine"
    shutil.copytree(old_data, pristine)
    command = [sys.executable, "-m", "analytics.ingest", "--sources", str(sources_dir), "--data", str(old_data)]
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_DIR, check=True, capture_output=True)
    full = time.monotonic() - started
    rng = random.Random(None if os.environ.get("PLAN_FUZZ_RANDOM") == "1" else 20261201)
    outcomes = {"old, nothing left": 0, "old, leftovers": 0, "new": 0, "finished": 0}
    for _ in range(RANDOM_KILLS):
        _fresh(old_data, pristine)
        process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5 * full, 1.05 * full))  # the writing happens at the end of a run
        process.send_signal(signal.SIGKILL)
        finished = process.wait() == 0
        generation = _loaded_generation(old_data, old, new)
        leftovers = generations.remove_stale(old_data)  # what the next run removes first
        _only_the_generation_left(old_data, generation)
        outcomes["finished" if finished else "new" if generation == new else
                 "old, leftovers" if leftovers else "old, nothing left"] += 1
    last = read_manifest(old_data).generation
    subprocess.run(command, cwd=PROJECT_DIR, check=True, capture_output=True)
    _only_the_generation_left(old_data, new, previous=last if last != new else None)
    print(f"random kills of a real ingestion: {RANDOM_KILLS}: {outcomes}")
    if RANDOM_KILLS >= 20:  # enough tries that some must land while files are being written
        assert outcomes["old, leftovers"] + outcomes["new"] > 0, outcomes


def test_two_rebuilds_at_once_run_one_after_the_other(old_data, fixture_dir):  # noqa: F811
    """Writers lock data/: two processes switching generations concurrently never lose data."""
    old, new = read_manifest(fixture_dir).generation, read_manifest(COMMITTED_DATA).generation
    tables = {"old": current_tables(fixture_dir), "new": current_tables(COMMITTED_DATA)}
    for round_number in range(6):
        children = []
        for which in ("new", "old") if round_number % 2 else ("old", "new"):
            pid = os.fork()
            if pid == 0:  # child
                try:
                    write_tables(old_data, tables[which])
                finally:
                    os._exit(0)
            children.append(pid)
        for pid in children:
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        in_force = _loaded_generation(old_data, old, new)
        other = old if in_force == new else new
        _only_the_generation_left(old_data, in_force, previous=other if (old_data / other).exists() else None)


def test_leftovers_of_killed_runs_and_the_old_layout_are_removed(old_data):
    generation = read_manifest(old_data).generation
    (old_data / ".tmp-0123abcd").mkdir()
    (old_data / ".tmp-0123abcd" / "observations.parquet").write_bytes(b"half")
    (old_data / ".tmp-feedbeef.json").write_text("{")
    (old_data / ".observations.x1y2.tmp").write_bytes(b"old writer")
    (old_data / "g-0000000000000000").mkdir()
    pq.write_table(current_tables(old_data)["cities"], old_data / "cities.parquet")  # the flat layout
    (old_data / "README.txt").write_text("a file of the user's: kept")
    removed = generations.remove_stale(old_data)
    assert sorted(removed) == sorted([".tmp-0123abcd", ".tmp-feedbeef.json", ".observations.x1y2.tmp",
                                      "g-0000000000000000", "cities.parquet"])
    assert sorted(p.name for p in old_data.iterdir()) == sorted(["README.txt", generations.MANIFEST, generation])
    Database(old_data).close()


def test_a_directory_that_cannot_be_created_is_one_clear_line(sources_dir, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    status = ingest_main(["--sources", str(sources_dir), "--data", str(blocker / "data")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.splitlines()[0].startswith("ingest failed: ") and str(blocker) in err.splitlines()[0]
    assert "Traceback" not in err


def _tree(directory: Path) -> dict:
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"]
_PROBE = "import analytics.ingest.__main__, pyarrow, duckdb"


def _as_nobody(setpriv: str, command: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([setpriv, *NOBODY, *command], cwd=cwd, capture_output=True, text=True, check=False,
                          timeout=120, env=env)


def _runtime_for_nobody(setpriv: str, home: Path) -> tuple[list[str], Path, dict]:
    """(python command, working directory, environment) with which `nobody` runs this project's ingestion.
    The checkout itself when nobody can read it; otherwise, for a checkout under a private (0700) directory,
    a world-readable copy in `home`: the analytics package, and the interpreter's packages it imports (hard
    links where the file system allows, else copies). Skips, with the reason, when even that cannot run."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}
    if _as_nobody(setpriv, [sys.executable, "-c", _PROBE], PROJECT_DIR, env).returncode == 0:
        return [sys.executable], PROJECT_DIR, env
    project = home / "project"
    shutil.copytree(PROJECT_DIR / "analytics", project / "analytics",
                    ignore=shutil.ignore_patterns("__pycache__"))
    packages = home / "site-packages"
    for top in _imported_packages():
        _link_tree(top, packages / top.name)
    for path in (home, *home.rglob("*")):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644 | (path.stat().st_mode & 0o111))
    python = os.path.realpath(sys.executable)  # the venv's own link may lie inside the private directory
    env = {**env, "PYTHONPATH": f"{project}{os.pathsep}{packages}"}
    probe = _as_nobody(setpriv, [python, "-c", _PROBE], project, env)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run the ingestion even from a world-readable copy ({python}): "
                    f"{(probe.stderr.strip().splitlines() or ['?'])[-1]}")
    return [python], project, env


def _imported_packages() -> list[Path]:
    """The top-level packages and modules under site-packages that the ingestion has imported (it has, in
    this process: the tests import it), with the vendored libraries wheels keep beside them (numpy.libs)
    and every package's metadata (small)."""
    import analytics.ingest.__main__  # noqa: F401

    roots = {Path(path).resolve() for path in sys.path if path.endswith("site-packages")}
    found: set[Path] = set()
    for module in list(sys.modules.values()):
        location = getattr(module, "__file__", None)
        if not location:
            continue
        resolved = Path(location).resolve()
        for root in roots:
            if root in resolved.parents:
                found.add(root / resolved.relative_to(root).parts[0])
    found |= {libs for top in list(found) for libs in top.parent.glob(f"{top.name.split('.')[0]}*.libs")}
    found |= {info for root in roots for info in root.glob("*.dist-info")}  # metadata some packages read
    return sorted(found)


def _link_tree(source: Path, target: Path) -> None:
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system
            shutil.copy2(src, dst)

    if source.is_dir():
        shutil.copytree(source, target, copy_function=link, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        link(str(source), str(target))


def test_a_read_only_data_directory_is_one_clear_line(sources_dir, old_data):
    """For real: the ingestion runs as a user who may read but not write data/ (root may write
    anywhere, so as root the child drops to `nobody`, from a world-readable copy of what it needs
    when the checkout lies in a private directory)."""
    home = Path(tempfile.mkdtemp(prefix="read-only-"))  # pytest's own tmp dirs are root-only (0700)
    try:
        home.chmod(0o755)
        data, sources = home / "data", home / "sources"
        shutil.copytree(old_data, data)
        shutil.copytree(sources_dir, sources)  # ../shared may be private too
        for path in (data, sources, *data.rglob("*"), *sources.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)  # readable by everyone, writable by root only
        before = _tree(data)
        python, cwd, env = [sys.executable], PROJECT_DIR, {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        prefix: list[str] = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("setpriv (util-linux) is needed to drop root's rights")
            python, cwd, env = _runtime_for_nobody(setpriv, home)
            prefix = [setpriv, *NOBODY]
        else:
            data.chmod(0o555)
        command = [*prefix, *python, "-m", "analytics.ingest", "--sources", str(sources), "--data", str(data)]
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120, env=env)
        assert result.returncode == 1, result.stderr
        first = result.stderr.splitlines()[0]
        # Denied where it writes (its temporary directory inside data/), not on the way there.
        assert re.fullmatch(rf"ingest failed: Permission denied: {re.escape(str(data))}/\.tmp-\w+", first), \
            result.stderr
        assert "Traceback" not in result.stderr
        assert _tree(data) == before
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_failed_rename_names_both_paths_and_leaves_nothing(sources_dir, old_data, monkeypatch, capsys):
    before = _tree(old_data)

    def denied(source, target):
        raise PermissionError(13, "Permission denied", str(source), None, str(target))

    monkeypatch.setattr(generations.os, "rename", denied)
    status = ingest_main(["--sources", str(sources_dir), "--data", str(old_data)])
    err = capsys.readouterr().err
    assert status == 1
    assert re.match(rf"ingest failed: Permission denied: {re.escape(str(old_data))}/\.tmp-\w+ -> "
                    rf"{re.escape(str(old_data))}/g-[0-9a-f]{{16}}$", err.splitlines()[0]), err
    assert _tree(old_data) == before
    assert sorted(p.name for p in old_data.iterdir()) == sorted([generations.MANIFEST,
                                                                 read_manifest(old_data).generation])


def test_a_failure_after_the_new_directory_is_in_place_removes_it(old_data, monkeypatch):
    """A full disk while writing the manifest: the new generation's directory and the temporary
    manifest are removed; the old generation stays in force."""
    before = _tree(old_data)
    real_write_text = Path.write_text

    def disk_full(self, *args, **kwargs):
        if self.name.startswith(".tmp-") and self.suffix == ".json":
            real_write_text(self, "{\"half", encoding="utf-8")
            raise OSError(28, "No space left on device", str(self))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_tables(old_data, current_tables(COMMITTED_DATA))
    assert _tree(old_data) == before

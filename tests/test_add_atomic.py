"""`add` changes the catalogue in one step: killed at any moment, out of disk space, or failing
half-way, the catalogue is afterwards wholly old or wholly new, and the message says which.
The files it replaces keep their mode.

Everything runs on copies of the catalogue and the sources in temporary directories, with the
fictional document tests/documents/900_yunmengze_14th_plan.txt (a city that does not exist).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from analytics import catalogue, catalogue_journal
from analytics.ingest.__main__ import main as ingest_main
from analytics.ingest.register import add
from tests.conftest import PROJECT_DIR, snapshot
from tests.kill_add import WRITES, killed_commit, operations

DOCUMENTS = Path(__file__).parent / "documents"
PLAN = "900_yunmengze_14th_plan.txt"
# what adding PLAN changes: its city, its entry, and new indicators for labels no indicator claims — one of its
# prose (技工院校在校生, under a heading that names no category, so the category 未分类 is added too)
CHANGED = ["categories.yaml", "cities.yaml", "documents.yaml", "indicators/unreviewed.yaml"]


@pytest.fixture(autouse=True)
def _project_catalogue_afterwards():
    """ingest_main(["add", …, "--catalogue", DIR]) switches this process's catalogue: switch back."""
    yield
    catalogue.use_directory(catalogue.DEFAULT_DIR)


def _world(sources_dir: Path, root: Path) -> SimpleNamespace:
    sources, cat = root / "sources", root / "catalogue"
    shutil.copytree(sources_dir, sources)
    for path in sources.iterdir():
        path.chmod(0o644)
    shutil.copy(DOCUMENTS / PLAN, sources / PLAN)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    return SimpleNamespace(sources=sources, catalogue=cat, document=sources / PLAN, root=root)


@pytest.fixture(scope="module")
def before_after(sources_dir, tmp_path_factory):
    """The catalogue before and after adding PLAN (a clean run), and the new files' bytes."""
    world = _world(sources_dir, tmp_path_factory.mktemp("clean"))
    before = snapshot(world.catalogue)
    with catalogue.using_directory(world.catalogue):
        result = add(world.document, world.sources)
    after = snapshot(world.catalogue)
    assert sorted(result.written) == CHANGED
    assert sorted(name for name in after if after[name] != before.get(name)) == CHANGED
    return SimpleNamespace(before=before, after=after, changes={name: after[name] for name in CHANGED})


def _settled(directory: Path) -> dict[str, bytes]:
    """What the next reader sees: the catalogue after settling, validated (a document's city must exist)."""
    with catalogue.using_directory(directory):
        catalogue.validate()
    assert not (directory / catalogue_journal.JOURNAL).exists()
    return snapshot(directory)


def test_every_kill_point_of_the_commit_leaves_the_whole_old_or_new_catalogue(before_after, tmp_path,
                                                                                sources_dir):
    pristine = _world(sources_dir, tmp_path / "pristine").catalogue
    work = tmp_path / "catalogue"
    shutil.copytree(pristine, work)
    steps = operations(work, before_after.changes)
    assert snapshot(work) == before_after.after  # the probe changes nothing but counts
    assert steps.count("write") == len(CHANGED) + 1 and steps.count("replace") == len(CHANGED) + 1, steps
    points = [(at, "before") for at in range(1, len(steps) + 1)]
    points += [(at, "mid") for at, name in enumerate(steps, start=1) if name in WRITES]
    seen = {"old": [], "new": []}
    for kill_at, mode in points:
        shutil.rmtree(work)
        shutil.copytree(pristine, work)
        assert killed_commit(work, before_after.changes, kill_at, mode), (kill_at, mode)
        state = _settled(work)
        assert state in (before_after.before, before_after.after), (kill_at, mode, steps[kill_at - 1])
        seen["old" if state == before_after.before else "new"].append((kill_at, steps[kill_at - 1], mode))
    # The commit point is the manifest's rename, the first replace: every kill from there on rolls forward.
    commit_point = steps.index("replace") + 1
    assert all(at <= commit_point for at, _, _ in seen["old"]) and all(at > commit_point for at, _, _ in seen["new"])
    assert any(name == "replace" for _, name, _ in seen["new"]), "killed between two catalogue files"
    print(f"catalogue kill points: {len(points)} ({len(steps)} steps, {len(points) - len(steps)} half-way "
          f"through a write): whole old {len(seen['old'])}, whole new {len(seen['new'])}")


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_an_add_killed_between_two_catalogue_files_is_completed_by_the_next_rebuild(sources_dir, tmp_path):
    """For real: `add` SIGKILLed after cities.yaml was put in place and before documents.yaml (files go
    in sorted order). The next rebuild first completes the add (and says so), then builds with it."""
    world = _world(sources_dir, tmp_path)
    add_args = [str(world.document), "--sources", str(world.sources), "--catalogue", str(world.catalogue)]
    killed = _cli("-m", "tests.kill_add", "replace:4", "--", *add_args)  # manifest, categories, cities, then dies
    assert killed.returncode == -9, killed.stderr
    journal = world.catalogue / catalogue_journal.JOURNAL
    assert (journal / catalogue_journal.MANIFEST).exists()
    cities = yaml.safe_load((world.catalogue / "cities.yaml").read_text(encoding="utf-8"))
    documents = yaml.safe_load((world.catalogue / "documents.yaml").read_text(encoding="utf-8"))
    assert cities[-1]["city_id"] == "yunmengze" and documents[-1]["city_id"] != "yunmengze"  # half of it on disk

    rebuild = _cli("-m", "analytics.ingest", "--sources", str(world.sources), "--data", str(tmp_path / "data"),
                   "--catalogue", str(world.catalogue))
    assert rebuild.returncode == 0, rebuild.stderr
    assert rebuild.stderr.splitlines() == [
        f"catalogue {world.catalogue}: completed an interrupted change (add {PLAN}): {', '.join(CHANGED)}"]
    assert not journal.exists()
    again = _cli("-m", "analytics.ingest", "add", *add_args)
    assert again.returncode == 1 and "already registered as yunmengze_14th_plan" in again.stderr


def test_an_add_killed_before_its_commit_point_changed_nothing_and_can_be_run_again(sources_dir, tmp_path):
    world = _world(sources_dir, tmp_path)
    before = snapshot(world.catalogue)
    add_args = [str(world.document), "--sources", str(world.sources), "--catalogue", str(world.catalogue)]
    killed = _cli("-m", "tests.kill_add", "write:2", "--", *add_args)  # the second staged file
    assert killed.returncode == -9, killed.stderr
    assert (world.catalogue / catalogue_journal.JOURNAL).exists()  # leftovers, no manifest
    again = _cli("-m", "analytics.ingest", "add", *add_args)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines() == [f"catalogue {world.catalogue}: discarded an unfinished change (no "
                                         "manifest: no file had been replaced yet)"]
    after = snapshot(world.catalogue)
    assert sorted(name for name in after if after[name] != before.get(name)) == CHANGED


# ---- a full disk, and other errors while putting the files in place -------------------------------------------

def _enospc_on(monkeypatch, victim: str) -> None:
    """The write of the staged copy of `victim` fails as on a full disk (the error carries no file name, as a
    failing write() does not)."""
    real_fsync = os.fsync

    def fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(victim):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(catalogue_journal.os, "fsync", fsync)


def test_a_full_disk_while_staging_names_the_path_and_writes_nothing(sources_dir, tmp_path, monkeypatch, capsys):
    world = _world(sources_dir, tmp_path)
    before = snapshot(world.catalogue)
    _enospc_on(monkeypatch, "-documents.yaml")
    status = ingest_main(["add", str(world.document), "--sources", str(world.sources),
                          "--catalogue", str(world.catalogue)])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    staged = world.catalogue / catalogue_journal.JOURNAL / "files" / "2-documents.yaml"
    assert captured.err.splitlines() == [f"add failed: No space left on device: {staged}",
                                         "Nothing was written: the catalogue is as it was."]
    assert snapshot(world.catalogue) == before  # and no journal left


def test_a_failure_after_the_commit_point_says_so_and_the_next_run_completes_it(sources_dir, tmp_path,
                                                                                 before_after, monkeypatch, capsys):
    world = _world(sources_dir, tmp_path)
    real_replace = os.replace

    def replace(source, target):
        if str(target).endswith("documents.yaml"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(source), None, str(target))
        return real_replace(source, target)

    monkeypatch.setattr(catalogue_journal.os, "replace", replace)
    status = ingest_main(["add", str(world.document), "--sources", str(world.sources),
                          "--catalogue", str(world.catalogue)])
    err = capsys.readouterr().err.splitlines()
    journal = world.catalogue / catalogue_journal.JOURNAL
    assert status == 1
    assert err[0].startswith("add failed: Input/output error: ") and err[0].endswith(
        f" -> {world.catalogue / 'documents.yaml'}")
    assert err[1] == (f"The change is complete in {journal} but not yet in place; the next add or rebuild puts "
                      "all of it in place.")
    monkeypatch.setattr(catalogue_journal.os, "replace", real_replace)
    assert _settled(world.catalogue) == before_after.after


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                          capture_output=True).returncode == 0


def test_a_real_full_disk_leaves_the_catalogue_as_it_was(sources_dir, tmp_path, capsys):
    """The catalogue on a small tmpfs, filled up so that the catalogue fits and the journal does not."""
    world = _world(sources_dir, tmp_path)
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "4m"):
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN)")
    try:
        cat = disk / "catalogue"
        shutil.copytree(world.catalogue, cat)
        before = snapshot(cat)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill the disk, then free one page: the journal needs more
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(filler, filler.stat().st_size - 4096)
        status = ingest_main(["add", str(world.document), "--sources", str(world.sources), "--catalogue", str(cat)])
        err = capsys.readouterr().err.splitlines()
        assert status == 1
        assert err[0].startswith(f"add failed: No space left on device: {cat / catalogue_journal.JOURNAL}"), err
        assert err[1:] == ["Nothing was written: the catalogue is as it was."]
        assert snapshot(cat) == before
        filler.unlink()  # space again: the same add succeeds
        assert ingest_main(["add", str(world.document), "--sources", str(world.sources), "--catalogue", str(cat)]) == 0
        assert "yunmengze" in (cat / "cities.yaml").read_text(encoding="utf-8")
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# ---- modes --------------------------------------------------------------------------------------------------

def test_replaced_files_keep_their_mode_and_new_ones_are_world_readable(sources_dir, tmp_path):
    world = _world(sources_dir, tmp_path)
    (world.catalogue / "documents.yaml").chmod(0o644)
    (world.catalogue / "cities.yaml").chmod(0o664)
    assert not (world.catalogue / "indicators" / "unreviewed.yaml").exists()
    old_umask = os.umask(0o077)  # a private umask must not make a new catalogue file private
    try:
        with catalogue.using_directory(world.catalogue):
            add(world.document, world.sources)
    finally:
        os.umask(old_umask)

    def mode(name):
        return stat.S_IMODE((world.catalogue / name).stat().st_mode)

    assert (mode("documents.yaml"), mode("cities.yaml"), mode("indicators/unreviewed.yaml")) == \
        (0o644, 0o664, 0o644)


def test_a_reader_waits_for_a_commit_in_progress(tmp_path):
    """The rebuild's validation holds the shared lock: while an add holds the exclusive one (committing),
    it waits instead of reading some files old and some new."""
    cat = tmp_path / "catalogue"
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: a writer holding the lock for a moment
        try:
            with catalogue_journal.locked(cat):
                os.write(ready_write, b"x")
                time.sleep(1.0)
        finally:
            os._exit(0)
    os.read(ready_read, 1)
    started = time.monotonic()
    with catalogue.using_directory(cat):
        catalogue.validate()
    waited = time.monotonic() - started
    os.waitpid(pid, 0)
    assert waited >= 0.8, waited

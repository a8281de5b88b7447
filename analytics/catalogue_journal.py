"""Changing several catalogue files as one step: a journal in the catalogue directory.

`add` changes up to five YAML files (documents, cities, plan periods, categories, unreviewed
indicators). Replacing them one by one is not atomic: a process killed (or a disk filling up)
between two replacements would leave a document registered without its city. So a change is
committed through a journal:

    CATALOGUE/.add-journal/files/0, 1, …   the new version of every changed file, fsynced,
                                            already carrying the mode of the file it replaces
    CATALOGUE/.add-journal/manifest.json    which file each one replaces, with its SHA-256;
                                            written last (temporary file, fsync, rename, fsync)

The manifest's rename is the commit point. Applying renames each new version over its file,
fsyncs the directories, deletes the manifest, then the rest of the journal. Whoever reads the
catalogue next (`add`, the rebuild: `settle`) first finishes what a killed run left:

- a journal with its manifest is rolled forward: the versions not yet in place are renamed
  into place (one already moved is recognised by its checksum), then the journal is removed;
- a journal without a manifest is discarded: no catalogue file had been touched yet.

So a reader sees either every old file or every new one. Writers (and a reader finishing a
journal) hold an exclusive lock on the catalogue directory itself (flock; no lock file, the
kernel releases it when the process dies), so two `add`s run one after the other and a reader
never finishes a journal that is still being applied. A reader loading the whole catalogue (the
rebuild's validation) holds the shared lock meanwhile, so it never reads half a commit; it needs
no write permission unless there is a journal to finish.

A new file gets mode 0644; a replaced one keeps its mode (so an app or rebuild running as
another user can still read it).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

JOURNAL = ".add-journal"
MANIFEST = "manifest.json"
FORMAT = 1
NEW_FILE_MODE = 0o644


class JournalError(Exception):
    """A committed journal that cannot be completed (a staged file changed or vanished)."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        exc.filename = exc.filename or str(path)
        raise
    finally:
        os.close(fd)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def locked(directory: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the catalogue directory's exclusive lock (blocks while another holds it), or with `shared` a
    reader's lock: readers loading the catalogue together, never while a writer commits."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def pending(directory: Path) -> bool:
    return os.path.lexists(Path(directory) / JOURNAL)


def settle(directory: Path) -> str | None:
    """Finish or discard what an interrupted change left (see the module doc); what was done, in words.
    Takes the lock only when there is a journal."""
    if not pending(directory):
        return None
    with locked(directory):
        return recover(directory)


def recover(directory: Path) -> str | None:
    """`settle` for a caller that holds the lock."""
    directory = Path(directory)
    journal = directory / JOURNAL
    if not os.path.lexists(journal):
        return None
    manifest = _read_manifest(journal)
    if manifest is None:
        shutil.rmtree(journal)
        return "discarded an unfinished change (no manifest: no file had been replaced yet)"
    _apply(directory, manifest)
    files = ", ".join(entry["path"] for entry in manifest["files"])
    return f"completed an interrupted change ({manifest.get('what') or 'add'}): {files}"


def _read_manifest(journal: Path) -> dict | None:
    try:
        text = (journal / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        manifest = json.loads(text)
        paths = [entry["path"] for entry in manifest["files"]]
    except (ValueError, KeyError, TypeError) as exc:  # the manifest is renamed into place whole: never half
        raise JournalError(f"{journal / MANIFEST}: not a journal manifest ({exc}); the catalogue files were not "
                           "changed by it: inspect and remove the journal directory") from None
    if manifest.get("format") != FORMAT or any(Path(p).is_absolute() or ".." in Path(p).parts for p in paths):
        raise JournalError(f"{journal / MANIFEST}: a journal of another format; inspect and remove the journal "
                           "directory")
    return manifest


class CommitFailed(Exception):
    """An OSError while committing; `committed` tells whether it struck before the commit point (nothing
    changed, the journal removed) or after it (the journal holds the change; the next `settle` completes it)."""

    def __init__(self, error: OSError, committed: bool, journal: Path):
        super().__init__(str(error))
        self.error, self.committed, self.journal = error, committed, journal


def commit(directory: Path, changes: dict[str, bytes], what: str = "add") -> None:
    """Replace the files `changes` names (paths relative to `directory`) by their new bytes, all or none.
    The caller holds `locked(directory)` and has settled any earlier journal. Raises CommitFailed."""
    directory = Path(directory)
    journal = directory / JOURNAL
    if os.path.lexists(journal):
        raise JournalError(f"{journal}: an earlier change is still pending; settle it first")
    try:
        entries = _write_journal(directory, journal, changes, what)
    except OSError as exc:
        if not (journal / MANIFEST).exists():
            with suppress(OSError):
                shutil.rmtree(journal)
        raise CommitFailed(exc, (journal / MANIFEST).exists(), journal) from exc
    try:
        _apply(directory, {"files": entries})
    except OSError as exc:
        raise CommitFailed(exc, True, journal) from exc


def _write_journal(directory: Path, journal: Path, changes: dict[str, bytes], what: str) -> list[dict]:
    (journal / "files").mkdir(parents=True)
    _fsync_dir(directory)
    entries = []
    for number, (relative, data) in enumerate(sorted(changes.items())):
        staged = journal / "files" / f"{number}-{Path(relative).name}"  # a full disk names the file it was for
        _write(staged, data, _mode_of(directory / relative))
        entries.append({"path": relative, "staged": staged.relative_to(journal).as_posix(), "sha256": _sha256(data)})
    _fsync_dir(journal / "files")
    temporary = journal / f".{MANIFEST}.tmp"
    _write(temporary, (json.dumps({"format": FORMAT, "what": what, "files": entries}, ensure_ascii=False, indent=2)
                       + "\n").encode("utf-8"), NEW_FILE_MODE)
    os.replace(temporary, journal / MANIFEST)  # the commit point: from here on the change happens
    _fsync_dir(journal)
    return entries


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write and fsync a new file; an error names the path (a write or fsync error does not by itself)."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise


def _mode_of(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return NEW_FILE_MODE


def _apply(directory: Path, manifest: dict) -> None:
    journal = directory / JOURNAL
    for entry in manifest["files"]:
        staged, target = journal / entry["staged"], directory / entry["path"]
        if staged.exists():
            if _sha256(staged.read_bytes()) != entry["sha256"]:
                raise JournalError(f"{staged}: does not match {journal / MANIFEST}; inspect the journal")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        elif not target.exists() or _sha256(target.read_bytes()) != entry["sha256"]:
            raise JournalError(f"{target}: neither in place nor in the journal {journal}; inspect it")
    for folder in sorted({(directory / entry["path"]).parent for entry in manifest["files"]}):
        _fsync_dir(folder)
    (journal / MANIFEST).unlink()
    _fsync_dir(journal)  # without its manifest the journal is only leftovers: discarded if this stops here
    shutil.rmtree(journal)
    _fsync_dir(directory)

"""data/ as whole generations: a manifest names one directory of Parquet files with checksums.

    data/manifest.json          {"generation": "g-…", "tables": {name: {file, sha256, bytes, rows}}}
    data/g-<content hash>/*.parquet

A rebuild writes a complete new generation into a temporary directory, fsyncs every file,
renames the directory into place, then replaces manifest.json in one atomic step
(write, fsync, rename, fsync the directory). Readers follow the manifest only, so a crash at
any moment leaves either the whole old or the whole new generation in force. Writers take an
exclusive lock on data/ itself, so two rebuilds at once run one after the other. What a killed
run left behind (temporary directories and files, generations no manifest names, files of the
old flat layout) is removed at the start and the end of the next run.

The generation id is a hash of the tables' checksums, so the same input gives the same
directory, the same manifest and byte-identical files.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics.schema import REBUILD_COMMAND, TABLES, DataError

MANIFEST = "manifest.json"
FORMAT = 1
_TEMP_PREFIX = ".tmp-"
_GENERATION_PREFIX = "g-"
_GENERATION_NAME = re.compile(r"g-[0-9a-f]{16}")
_CHUNK = 1 << 20
ROW_GROUP_ROWS = 16_384


@dataclass(frozen=True)
class TableEntry:
    file: str  # relative to data_dir: "g-…/observations.parquet"
    sha256: str
    bytes: int
    rows: int


@dataclass(frozen=True)
class Manifest:
    generation: str
    tables: dict[str, TableEntry]
    # True when ingestion checked every value before writing (analytics.ingest.writer): the
    # checksums then prove the files still hold exactly what passed, and a reader need not
    # check the rows again (analytics.db). Written by anything else: False.
    checked: bool = False


def _shown(data_dir: Path, *parts: str) -> str:
    """A path as messages show it: relative to data/'s parent (never the server's absolute path)."""
    return "/".join((data_dir.name, *parts))


def read_manifest(data_dir: Path) -> Manifest:
    """The generation in force, or DataError naming what is wrong and the rebuild command."""
    data_dir = Path(data_dir)
    path = data_dir / MANIFEST
    shown = _shown(data_dir, MANIFEST)
    if not path.is_file():
        raise DataError(f"{shown} is missing; rebuild the data with `{REBUILD_COMMAND}`")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        generation = raw["generation"]
        tables = {
            name: TableEntry(str(entry["file"]), str(entry["sha256"]), int(entry["bytes"]), int(entry["rows"]))
            for name, entry in raw["tables"].items()
        }
        if raw.get("format") != FORMAT or not isinstance(generation, str):
            raise ValueError(f"format {raw.get('format')!r}")
    except OSError as exc:  # its text would name the server's absolute path: say only what happened
        raise DataError(f"{shown} cannot be read ({exc.strerror or type(exc).__name__}); "
                        f"rebuild with `{REBUILD_COMMAND}`") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"{shown} cannot be read ({type(exc).__name__}: {exc}); rebuild with `{REBUILD_COMMAND}`") \
            from exc
    if not _GENERATION_NAME.fullmatch(generation):
        raise DataError(f"{shown} names generation {generation[:40]!r}, not g-<16 hex digits>; "
                        f"rebuild with `{REBUILD_COMMAND}`")
    missing = [name for name in TABLES if name not in tables]
    unknown = [name for name in tables if name not in TABLES]
    if missing or unknown:
        raise DataError(f"{shown} lists {', '.join(unknown) or 'no unknown table'} and lacks "
                        f"{', '.join(missing) or 'no table'}; rebuild with `{REBUILD_COMMAND}`")
    for name, entry in tables.items():
        if entry.file != f"{generation}/{TABLES[name].file_name}":
            raise DataError(f"{shown}: table {name} points at {entry.file!r}, outside generation {generation}; "
                            f"rebuild with `{REBUILD_COMMAND}`")
    return Manifest(generation, tables, raw.get("checked") is True)


def table_path(data_dir: Path, name: str) -> Path:
    """The file of table `name` in the generation in force."""
    return Path(data_dir) / read_manifest(data_dir).tables[name].file


def verified_table_path(data_dir: Path, manifest: Manifest, name: str) -> Path:
    """The file of table `name`, checked against the manifest (size, then SHA-256 read in
    chunks: memory stays flat whatever the file's size)."""
    entry = manifest.tables[name]
    shown = _shown(Path(data_dir), entry.file)
    path = Path(data_dir) / entry.file
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError as exc:
        raise DataError(f"{shown} is missing; rebuild it with `{REBUILD_COMMAND}`") from exc
    except OSError as exc:  # a directory, no permission, an I/O error: named without the absolute path
        raise DataError(f"{shown} cannot be read ({exc.strerror or type(exc).__name__}); "
                        f"rebuild it with `{REBUILD_COMMAND}`") from exc
    if size != entry.bytes or digest.hexdigest() != entry.sha256:
        raise DataError(f"{shown} does not match {_shown(Path(data_dir), MANIFEST)} (size or checksum differs: "
                        f"changed after it was written); rebuild it with `{REBUILD_COMMAND}`")
    return path


# ---- writing (ingestion only) ---------------------------------------------------------------

def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _parquet_bytes(table: pa.Table) -> bytes:
    buffer = pa.BufferOutputStream()
    # Row groups small enough that a filter on one city reads a few of them (files are sorted
    # by city; see schema.STORAGE_ORDER), by the min/max statistics.
    pq.write_table(table, buffer, compression="zstd", write_statistics=True, store_schema=True,
                   row_group_size=ROW_GROUP_ROWS)
    return buffer.getvalue().to_pybytes()


def _generation_id(entries: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256("".join(f"{name}:{sha}\n" for name, sha in sorted(entries)).encode()).hexdigest()
    return f"{_GENERATION_PREFIX}{digest[:16]}"


def _manifest_text(generation: str, entries: dict[str, TableEntry], checked: bool) -> str:
    body = {
        "checked": checked,
        "format": FORMAT,
        "generation": generation,
        "tables": {name: vars(entry) for name, entry in sorted(entries.items())},
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def _verified(data_dir: Path, generation: str, entries: dict[str, TableEntry]) -> bool:
    manifest = Manifest(generation, entries)
    try:
        for name in entries:
            verified_table_path(data_dir, manifest, name)
    except DataError:
        return False
    return True


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    """One writer at a time: an exclusive lock on the directory itself (no lock file is left
    behind; the kernel releases it when the process ends, killed or not)."""
    handle = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def write_generation(data_dir: Path, tables: dict[str, pa.Table], *, checked: bool = False) -> Manifest:
    """Write `tables` as the new generation in force; see the module doc. `checked`: every
    value of them passed analytics.consistency (only ingestion's writer says so).
    A failure before the switch removes what this run wrote; after it, only leftovers of the
    clean-up can remain, and the next run removes them."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(data_dir):
        previous = _generation_in_force(data_dir)
        remove_stale(data_dir)
        staging = data_dir / f"{_TEMP_PREFIX}{uuid.uuid4().hex}"
        manifest_temp = data_dir / f"{_TEMP_PREFIX}{uuid.uuid4().hex}.json"
        created: Path | None = None
        staging.mkdir()
        try:
            hashes: dict[str, tuple[str, int, int]] = {}
            for name, table in tables.items():
                data = _parquet_bytes(table)
                path = staging / TABLES[name].file_name
                path.write_bytes(data)
                path.chmod(0o644)
                _fsync_file(path)
                hashes[name] = (hashlib.sha256(data).hexdigest(), len(data), table.num_rows)
            _fsync_dir(staging)
            generation = _generation_id((name, sha) for name, (sha, _, _) in hashes.items())
            entries = {name: TableEntry(f"{generation}/{TABLES[name].file_name}", sha, size, rows)
                       for name, (sha, size, rows) in hashes.items()}
            target = data_dir / generation
            if target.exists() and not _verified(data_dir, generation, entries):
                shutil.rmtree(target)  # a damaged copy of this very content: replace it
            if target.exists():
                shutil.rmtree(staging)
            else:
                staging.chmod(0o755)
                os.rename(staging, target)
                created = target
            _fsync_dir(data_dir)
            manifest_temp.write_text(_manifest_text(generation, entries, checked), encoding="utf-8")
            manifest_temp.chmod(0o644)
            _fsync_file(manifest_temp)
            os.replace(manifest_temp, data_dir / MANIFEST)  # the one step that switches generations
            _fsync_dir(data_dir)
        except BaseException:
            with suppress(OSError):
                shutil.rmtree(staging, ignore_errors=True)
                manifest_temp.unlink(missing_ok=True)
                if created is not None and created.name != previous and _generation_in_force(data_dir) != created.name:
                    shutil.rmtree(created, ignore_errors=True)
            raise
        with suppress(OSError):  # the new generation is in force; what is left, the next run removes
            remove_stale(data_dir, keep=previous)
    return Manifest(generation, entries, checked)


def _generation_in_force(data_dir: Path) -> str | None:
    try:
        return read_manifest(data_dir).generation
    except DataError:
        return None


def remove_stale(data_dir: Path, keep: str | None = None) -> list[str]:
    """Remove what no manifest names: temporary files and directories of killed runs,
    generations no longer in force (except `keep`), and the files of the old flat layout.
    Returns the names.

    A rebuild keeps the generation it replaced (`keep`) until the next rebuild: a running app
    reads the Parquet files in place, and a page that started on the old generation finishes
    on it; the app's next page run opens the new one (analytics.db.get_database)."""
    data_dir = Path(data_dir)
    current = _generation_in_force(data_dir)
    legacy = {spec.file_name for spec in TABLES.values()}
    removed = []
    for path in sorted(data_dir.iterdir()):
        name = path.name
        stale = (
            name.startswith(_TEMP_PREFIX)
            or (name.startswith(".") and name.endswith(".tmp"))  # the old writer's temporary files
            or (current is not None and name.startswith(_GENERATION_PREFIX) and path.is_dir()
                and name not in (current, keep))
            or (current is not None and name in legacy and path.is_file())
        )
        if not stale:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(name)
    if removed:
        _fsync_dir(data_dir)
    return removed

"""The explorer's full downloads at scale: time and peak RSS of the CSV, XLSX and Parquet of every row, each in
a fresh process (as a server that has just opened the data), and two downloads at once in one process (two
users of one server).

    python -m tests.bench_downloads artifacts/bench/1000x

`measure(data_dir)` returns the rows (a dict each) for tests/benchmark.py. A download is measured as the page
serves it (served by serve.py, as `make run` does): the file written (analytics.exports.write_explorer_download),
then a one-click file (up to ui.downloads.QUICK_ROWS) read once into memory, as Streamlit's download button
holds the file it serves, and a prepared one streamed from disk in chunks, as the server's file route does
(ui.downloads.file_response). Peak RSS is the process's whole peak (the data opened, the file written, what is
held of it), from resource.getrusage.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SUFFIXES = (".csv", ".xlsx", ".parquet")
NAMES = {".csv": "CSV", ".xlsx": "Excel (XLSX)", ".parquet": "Parquet"}
GOAL_RSS_MB = 1024
GOAL_SECONDS = {".csv": 120.0, ".xlsx": 120.0}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


CHUNK = 64 * 1024  # what Starlette's FileResponse reads at a time


def _download(db, suffix: str, lang: str, directory: Path) -> tuple[int, int]:
    """One full download as the page serves it: written to a file, then its bytes read once, whole (the download
    button) or in chunks (the file route). (rows, bytes)."""
    from analytics import exports
    from ui import downloads

    if hasattr(exports, "write_explorer_download"):
        written = exports.write_explorer_download(db, None, suffix, lang, directory)
        size = 0
        with written.path.open("rb") as handle:
            if written.n_rows <= downloads.QUICK_ROWS[suffix]:  # the download button holds the file it serves
                size = len(handle.read())
            else:  # the server's file route streams it
                while chunk := handle.read(CHUNK):
                    size += len(chunk)
        written.path.unlink()
        return written.n_rows, size
    data = exports.explorer_export_bytes(db, None, suffix, lang)  # the download as it was before issue 25
    from analytics import explorer
    return explorer.count_observations(db), len(data)


def _child(data_dir: str, suffixes: list[str]) -> dict:
    """Runs in its own process: open the data, make the downloads (at once when there are several)."""
    from analytics.db import Database

    db = Database(Path(data_dir))
    opened_rss = _peak_rss_mb()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-downloads-") as directory:
        def run(suffix: str, index: int) -> None:
            start = time.perf_counter()
            try:
                rows, size = _download(db, suffix, "zh", Path(directory) / str(index))
                results[f"{index}{suffix}"] = {"suffix": suffix, "seconds": time.perf_counter() - start,
                                               "rows": rows, "bytes": size}
            except Exception as exc:  # reported, not raised: the table says which download failed
                results[f"{index}{suffix}"] = {"suffix": suffix, "seconds": time.perf_counter() - start,
                                               "error": f"{type(exc).__name__}: {exc}"}

        for index in range(len(suffixes)):
            (Path(directory) / str(index)).mkdir()
        start = time.perf_counter()
        threads = [threading.Thread(target=run, args=(suffix, index)) for index, suffix in enumerate(suffixes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
    db.close()
    return {"downloads": list(results.values()), "wall_seconds": wall, "opened_rss_mb": opened_rss,
            "peak_rss_mb": _peak_rss_mb()}


def _run_child(data_dir: Path, suffixes: list[str]) -> dict:
    command = [sys.executable, "-m", "tests.bench_downloads", "--child", str(data_dir), *suffixes]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parent.parent)
    if done.returncode != 0:
        return {"downloads": [{"suffix": s, "error": done.stderr.strip()[-300:]} for s in suffixes],
                "wall_seconds": float("nan"), "opened_rss_mb": float("nan"), "peak_rss_mb": float("nan")}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(data_dir: str | Path, concurrent: tuple[str, ...] = (".csv", ".xlsx"),
            suffixes: tuple[str, ...] = SUFFIXES) -> list[dict]:
    """One row per full download of `suffixes` of `data_dir` (each in a fresh process), then one for `concurrent`
    made at once in one process: download, rows, MB, seconds, peak RSS in MB, RSS after opening the data, whether
    the goal (peak RSS ≤ 1 GB; CSV and XLSX within 120 s) is met, and an error if one failed."""
    data_dir = Path(data_dir)
    rows = []
    for suffix in suffixes:
        result = _run_child(data_dir, [suffix])
        download = result["downloads"][0]
        rows.append(_row(NAMES[suffix], [download], result, GOAL_SECONDS.get(suffix)))
    result = _run_child(data_dir, list(concurrent))
    rows.append(_row(" + ".join(NAMES[s] for s in concurrent) + " at once", result["downloads"], result,
                     max(GOAL_SECONDS.get(s, 0.0) for s in concurrent) or None))
    return rows


def _row(name: str, downloads: list[dict], result: dict, goal_seconds: float | None) -> dict:
    errors = [d["error"] for d in downloads if "error" in d]
    seconds = result["wall_seconds"] if len(downloads) > 1 else downloads[0].get("seconds", float("nan"))
    peak = result["peak_rss_mb"]
    if peak != peak:  # the process failed: no measurement
        peak = float("inf")
    meets = not errors and peak <= GOAL_RSS_MB and (goal_seconds is None or seconds <= goal_seconds)
    return {
        "download": name,
        "rows": sum(d.get("rows", 0) for d in downloads),
        "mb": round(sum(d.get("bytes", 0) for d in downloads) / 2**20, 1),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak) if peak != float("inf") else None,
        "opened_rss_mb": round(result["opened_rss_mb"]) if result["opened_rss_mb"] == result["opened_rss_mb"] else None,
        "goal_met": meets,
        "error": "; ".join(errors) or None,
    }


def markdown(rows: list[dict]) -> str:
    lines = ["| download | rows | size (MB) | time (s) | peak RSS (MB) | RSS after opening the data (MB) | goal |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in rows:
        error = (row["error"] or "").splitlines()[0][:160] if row["error"] else ""
        goal = "met" if row["goal_met"] else f"**not met**{': ' + error if error else ''}"
        peak, opened = (f"{row[name]:,}" if row[name] is not None else "—" for name in ("peak_rss_mb", "opened_rss_mb"))
        lines.append(f"| {row['download']} | {row['rows']:,} | {row['mb']:,} | {row['seconds']} | {peak} | {opened} | "
                     f"{goal} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("data_dir", help="a generation directory (e.g. artifacts/bench/1000x from make bench-data)")
    parser.add_argument("suffixes", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.data_dir, args.suffixes)))
        return 0
    print(markdown(measure(args.data_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

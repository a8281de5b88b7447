"""`make bench`: how long the questions of the dashboard take, and how much memory they use.

Prints a table; every time is also given as a ratio to a baseline measured in the same run
(reading observations.parquet with pyarrow and filtering it in pandas), so numbers from
noisy, shared machines stay comparable. Nothing here asserts a time limit. Query results are
memoised per Database (the data never changes while the app runs): "cold" rows clear that
cache before every run, the others show what a page pays once it is warm.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import pyarrow.parquet as pq

from analytics import compare, coverage, explorer, exports, generations, paths, scorecard, trend
from analytics.db import Database, get_database

REPEAT = 15


def measure(action: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float, int]:
    """(median ms, max ms, peak traced KiB) over `repeat` runs after one warm-up."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), max(times), peak // 1024


def page_render(page: str, **params: str) -> Callable[[], object]:
    from streamlit.testing.v1 import AppTest

    def render():
        at = AppTest.from_file(str(paths.PROJECT_DIR / "app.py"), default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        at.switch_page(f"pages/{page}.py").run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return render


def main() -> int:
    data_dir = paths.data_dir()
    db = get_database()
    jiangmen_12th = explorer.ExplorerFilter(city_ids=["jiangmen"], plan_periods=["12th"])
    everything = explorer.filter_observations(db)

    def baseline():
        frame = pq.read_table(generations.table_path(data_dir, "observations")).to_pandas()
        return frame[(frame["city_id"] == "jiangmen") & (frame["plan_period"] == "12th")]

    cases: list[tuple[str, Callable[[], object], int]] = [
        ("baseline: pyarrow read + pandas filter", baseline, REPEAT),
        ("open database (checksums, schema, cross-table)", lambda: Database(data_dir).close(), REPEAT),
        ("explorer filter (Jiangmen, 12th)", lambda: explorer.filter_observations(db, jiangmen_12th), REPEAT),
        ("explorer, all rows", lambda: explorer.filter_observations(db), REPEAT),
        ("coverage matrix", lambda: coverage.coverage(db), REPEAT),
        ("headline figures", lambda: coverage.headline_figures(db, "zh"), REPEAT),
        ("compare urban_new_jobs, 13th targets",
         lambda: compare.compare_cities(db, "urban_new_jobs", None, "13th", "target", lang="zh"), REPEAT),
        ("trend unemployment insurance", lambda: trend.trend(db, "unemployment_insurance_insured", lang="zh"),
         REPEAT),
        ("scorecard Zhanjiang 13th", lambda: scorecard.scorecard(db, "zhanjiang", "13th"), REPEAT),
        ("scorecard Zhanjiang 13th, cold query cache",
         lambda: (db.clear_cache(), scorecard.scorecard(db, "zhanjiang", "13th")), REPEAT),
        ("explorer, all rows, cold query cache", lambda: (db.clear_cache(), explorer.filter_observations(db)),
         REPEAT),
        ("scorecard summary (all cities)", lambda: scorecard.scorecard_summary(db), 5),
        ("CSV export, all rows", lambda: exports.to_csv_bytes(everything, "zh"), REPEAT),
        ("XLSX export, all rows", lambda: exports.to_xlsx_bytes(everything, "zh", db), 5),
        ("Parquet export, all rows", lambda: exports.to_parquet_bytes(everything), REPEAT),
        ("page render: overview (AppTest)", page_render("overview"), 3),
        ("page render: scorecard (AppTest)", page_render("scorecard", city="zhanjiang", period="13th"), 3),
        ("page render: explorer (AppTest)", page_render("explorer"), 3),
    ]
    print(f"{len(everything)} observations in {data_dir.name}/; median of N runs after a warm-up\n")
    header = f"{'operation':<42} {'N':>3} {'median ms':>10} {'max ms':>8} {'× baseline':>11} {'peak KiB':>9}"
    print(header)
    print("-" * len(header))
    reference = None
    for name, action, repeat in cases:
        median, worst, peak = measure(action, repeat)
        reference = reference or median
        print(f"{name:<42} {repeat:>3} {median:>10.2f} {worst:>8.2f} {median / reference:>11.2f} {peak:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""python -m analytics, run as a user would (subprocess) on the fixture dataset."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pytest

from analytics.paths import PROJECT_DIR
from tests.fixture_dataset import fixture_dir  # noqa: F401


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=PROJECT_DIR, capture_output=True,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def data(fixture_dir):  # noqa: F811
    return str(fixture_dir)


def test_scorecard_csv_columns_and_rows(data):
    result = run("--data", data, "scorecard", "--city", "zhanjiang", "--period", "13th", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    required = {"indicator_id", "name_zh", "name_en", "target_raw", "actual_raw", "target", "actual", "comparator",
                "status", "ratio_pct", "reported_completion_pct", "attribute", "source_file", "source_line"}
    assert required <= set(rows[0])
    jobs = next(row for row in rows if row["indicator_id"] == "urban_new_jobs")
    assert (jobs["target_raw"], jobs["actual_raw"], jobs["status"]) == ("[37.5]", "[38.39]", "met")
    assert (jobs["ratio_pct"], jobs["reported_completion_pct"], jobs["source_line"]) == ("102.37", "102.36", "105")
    assert jobs["name_zh"] == "城镇新增就业人数"


def test_scorecard_table_is_aligned_and_translated(data):
    result = run("scorecard", "--city", "zhanjiang", "--period", "13th", "--format", "table", "--lang", "zh",
                 "--data", data)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert text.startswith("湛江 “十三五”\n")
    assert "城镇新增就业人数" in text and "达成" in text and "102.37" in text and "控制在目标内" in text
    assert "达成 6 · 未达成 0 · 不可比 2 · 无完成值 0" in text
    assert "103.79 ≠" in text and text.rstrip().endswith("相差超过0.5个百分点")  # reported vs computed


@pytest.mark.parametrize(("args", "choices"), [
    (["scorecard", "--city", "shanghai", "--period", "13th"], "jiangmen, jingdezhen, zhanjiang"),
    (["scorecard", "--city", "jiangmen", "--period", "15th"], "12th, 13th, 14th"),
    (["compare", "--indicator", "gdp", "--city", "jiangmen", "--period", "13th", "--kind", "target"],
     "urban_new_jobs"),
    (["compare", "--indicator", "urban_new_jobs", "--city", "jiangmen", "--period", "13th", "--kind", "plan"],
     "target, actual, baseline, reported_completion_pct"),
    (["trend", "--indicator", "urban_new_jobs", "--city", "macau"], "jiangmen, jingdezhen, zhanjiang"),
])
def test_unknown_ids_exit_2_with_one_line_listing_choices(data, args, choices):
    result = run("--data", data, *args)
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and "valid choices" in lines[0] and choices in lines[0]
    assert result.stdout == b""


def test_usage_errors_are_one_line_too(data):
    result = run("--data", data, "scorecard", "--city", "jiangmen")
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1 and "--period" in result.stderr.decode()


def test_missing_data_is_a_data_error(tmp_path):
    result = run("--data", str(tmp_path), "coverage")
    assert result.returncode == 1
    assert "manifest.json is missing" in result.stderr.decode() and "python -m analytics.ingest" in \
        result.stderr.decode()


def test_compare_trend_coverage_summary(data):
    compare = run("--data", data, "compare", "--indicator", "urban_new_jobs", "--city", "jiangmen", "--city",
                  "zhanjiang", "--period", "13th", "--kind", "target", "--annual-average")
    assert compare.returncode == 0, compare.stderr.decode()
    assert "Zhanjiang is highest at 7.5" in compare.stdout.decode() and "(÷5)" in compare.stdout.decode()
    trend = run("--data", data, "trend", "--indicator", "urban_new_jobs", "--city", "zhanjiang", "--format", "csv")
    assert trend.returncode == 0 and trend.stdout.decode().count("\n") == 5  # header + 4 rows
    coverage = run("--data", data, "coverage", "--format", "csv")
    assert coverage.stdout.decode().splitlines()[0] == \
        "city_id,plan_period,category,value_kind,n_values,n_indicators,n_rows"
    summary = run("--data", data, "summary", "--format", "csv")
    assert "zhanjiang,13th,6,0,2,0,8" in summary.stdout.decode()


def test_export_writes_the_filtered_rows(data, tmp_path):
    out = tmp_path / "rows.xlsx"
    result = run("--data", data, "export", "--out", str(out), "--city", "jiangmen", "--kind", "target",
                 "--search", "以内", "--lang", "zh")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == f"wrote 4 rows to {out}"  # 3.2%以内, 3.2 以内 (2018, 2020), 3.0%以内
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["数据", "来源", "数据字典"] and book["数据"].max_row == 5
    bad = run("--data", data, "export", "--out", str(tmp_path / "rows.txt"))
    assert bad.returncode == 2 and ".csv, .xlsx, .parquet" in bad.stderr.decode()


def test_source_coverage_per_document(data):
    """The fixture's crafted figures: 湛江 two read, one unread, one excluded (2/3); the 2020 report 1/2."""
    result = run("--data", data, "coverage", "--sources")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0].split() == ["Document", "City", "Read", "/", "Figures", "Coverage", "(%)", "Not", "measurements",
                                "(excluded)"]
    zhanjiang = next(line for line in lines if line.startswith("003_752116bdcc71a0d2.txt"))
    assert zhanjiang.split()[1:] == ["Zhanjiang", "2", "/", "3", "66.7", "1"]
    assert next(line for line in lines if line.startswith("all")).split()[1:] == ["3", "/", "5", "60.0", "1"]
    no_figures = next(line for line in lines if line.startswith("000_d92a957b28094439.txt"))
    assert no_figures.split()[1:] == ["Jiangmen", "0", "/", "0", "0"]  # no figure: no coverage, not 0 %
    unread = run("--data", data, "coverage", "--sources", "--unread", "--lang", "zh")
    rows = unread.stdout.decode("utf-8").splitlines()
    assert rows[0].split() == ["文件", "行", "数字", "上下文"] and len(rows) == 4
    assert rows[2].split()[:2] == ["003_752116bdcc71a0d2.txt", "84"] and "15 项" in rows[2]
    assert "476个" in rows[3]
    csv_rows = list(csv.DictReader(io.StringIO(run("--data", data, "coverage", "--sources", "--format", "csv")
                                               .stdout.decode("utf-8"))))
    assert [(r["doc_id"], r["n_read"], r["n_figures"]) for r in csv_rows][-1] == ("all", "3", "5")

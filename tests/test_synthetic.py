"""The synthetic generator of the scale benchmark (tests.synthetic): a valid generation of the
real schemas, cities copied with fictional names, indicators in variants, values perturbed."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analytics import db as db_module
from analytics.db import Database
from tests import synthetic
from tests.conftest import COMMITTED_DATA

COPIES, VARIANTS = 3, 2


@pytest.fixture(scope="module")
def real() -> dict:
    return synthetic.read_tables(COMMITTED_DATA)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return synthetic.build(tmp_path_factory.mktemp("synthetic") / "3x2", COPIES, VARIANTS, seed=7,
                           source_dir=COMMITTED_DATA)


@pytest.fixture(scope="module")
def small_tables(small: Path) -> dict:
    return synthetic.read_tables(small)


@pytest.fixture(scope="module")
def generated(real) -> dict:
    """The tables as generated, in generation order (copy by copy, variant by variant); build()
    writes them in the storage order of ingestion's writer."""
    return synthetic.generate(real, COPIES, VARIANTS, 7)


def test_one_copy_one_variant_reproduces_the_real_tables(tmp_path, real):
    out = synthetic.build(tmp_path / "1x", 1, 1, source_dir=COMMITTED_DATA)
    copied = synthetic.read_tables(out)
    assert copied["observations"].column("value").to_pylist() == real["observations"].column("value").to_pylist()
    for name, table in real.items():
        assert copied[name].equals(table), name


def test_counts_of_cities_indicators_documents_and_rows(small_tables, real):
    sizes = {name: table.num_rows for name, table in real.items()}
    assert small_tables["cities"].num_rows == sizes["cities"] * COPIES
    assert small_tables["documents"].num_rows == sizes["documents"] * COPIES
    assert small_tables["indicators"].num_rows == sizes["indicators"] * VARIANTS
    assert small_tables["observations"].num_rows == sizes["observations"] * COPIES * VARIANTS
    assert small_tables["quality_notes"].num_rows == sizes["quality_notes"] * COPIES * VARIANTS
    assert small_tables["plan_periods"].equals(real["plan_periods"])
    assert small_tables["categories"].equals(real["categories"])
    observations = small_tables["observations"].to_pandas()
    per_city = observations.groupby("city_id").size()
    assert len(per_city) == sizes["cities"] * COPIES
    real_per_city = real["observations"].to_pandas().groupby("city_id").size()
    for city_id, count in per_city.items():  # every copy holds the rows of all variants
        assert count == real_per_city[city_id.split("_s")[0]] * VARIANTS


def test_the_database_opens_it(small):
    """Schemas, checksums and the cross-table checks (analytics.consistency) all pass."""
    database = Database(small)
    try:
        assert database.query("SELECT count(*) AS n FROM cities")["n"][0] == 3 * COPIES
    finally:
        database.close()
        db_module.reset()


def test_names_are_suffixed_and_fictional(small_tables, real):
    cities = small_tables["cities"].to_pandas()
    real_ids = set(real["cities"].column("city_id").to_pylist())
    synthetic_cities = cities[~cities["city_id"].isin(real_ids)]
    assert len(synthetic_cities) == len(real_ids) * (COPIES - 1)
    assert synthetic_cities["city_id"].str.fullmatch(r"[a-z]+_s[12]").all()
    assert synthetic_cities["name_zh"].str.fullmatch(r".+（虚构 [12]）").all()
    assert synthetic_cities["name_en"].str.fullmatch(r".+ \(synthetic [12]\)").all()
    assert synthetic_cities["province_zh"].str.fullmatch(r"虚构省 \d+").all()
    assert synthetic_cities["province_en"].str.fullmatch(r"Synthetic province \d+").all()
    assert synthetic_cities["sort_order"].min() > real["cities"].column("sort_order").to_numpy().max()
    assert cities["color"].str.upper().is_unique
    assert cities[cities["city_id"].isin(real_ids)].reset_index(drop=True).equals(real["cities"].to_pandas())

    indicators = small_tables["indicators"].to_pandas()
    variants = indicators[indicators["indicator_id"].str.endswith("__v1")]
    assert len(variants) == real["indicators"].num_rows
    assert variants["name_zh"].str.endswith("（变体 1）").all()
    assert variants["name_en"].str.endswith(" (variant 1)").all()
    originals = real["indicators"].to_pandas().set_index("indicator_id")
    for row in variants.itertuples():
        base = originals.loc[row.indicator_id.removesuffix("__v1")]
        assert (row.category, row.unit, row.direction) == (base.category, base.unit, base.direction)

    documents = small_tables["documents"].to_pandas()
    assert documents["source_file"].str.fullmatch(r"[\w.-]+\.txt").all()
    assert documents["doc_id"].is_unique and documents["source_file"].is_unique


def test_values_are_perturbed_within_ten_percent_and_raw_text_shows_them(generated, real):
    observations = generated["observations"].to_pandas()
    original = real["observations"].to_pandas()
    n = len(original)
    values = observations["value"].to_numpy(dtype=float, na_value=np.nan)
    base = np.tile(original["value"].to_numpy(dtype=float, na_value=np.nan), COPIES * VARIANTS)
    assert np.array_equal(values[:n], base[:n], equal_nan=True)  # copy 0, variant 0: the real rows
    assert np.array_equal(np.isnan(values), np.isnan(base))
    known = ~np.isnan(base) & (base != 0)
    ratio = values[known] / base[known]
    assert ratio.min() >= 0.9 - 1e-9 and ratio.max() <= 1.1 + 1e-9
    assert (ratio != 1).mean() > 0.5  # most values moved (small integers may round back)

    raw = observations["raw_text"].to_numpy()
    base_raw = np.tile(original["raw_text"].to_numpy(), COPIES * VARIANTS)
    moved = np.flatnonzero(~np.isnan(base) & (values != base))
    assert len(moved)
    for i in moved:
        assert raw[i] != base_raw[i]
        # the same text around the number: comparator, brackets and unit kept
        assert re.sub(r"[\d.,]+", "#", raw[i]) == re.sub(r"[\d.,]+", "#", base_raw[i])


def test_quality_notes_name_rows_of_their_own_copy(small_tables):
    notes = small_tables["quality_notes"].to_pandas()
    observations = small_tables["observations"].to_pandas().set_index("obs_id")
    suffix = re.compile(r"(_s\d+)?(__v\d+)?$")
    for note in notes.itertuples():
        rows = observations.loc[list(note.obs_ids)]
        if not pd.isna(note.city_id):
            assert (rows["city_id"] == note.city_id).all()
        if not pd.isna(note.indicator_id):
            assert (rows["indicator_id"] == note.indicator_id).all()
        own = suffix.search(note.note_id).group()
        assert all(suffix.search(obs_id).group() == own for obs_id in note.obs_ids)


def test_deterministic_for_a_seed_and_copies_independent_of_their_number(tmp_path, small_tables, generated, real):
    again = synthetic.read_tables(synthetic.build(tmp_path / "again", COPIES, VARIANTS, seed=7,
                                                  source_dir=COMMITTED_DATA))
    for name, table in small_tables.items():
        assert again[name].equals(table), name
    other_seed = synthetic.read_tables(synthetic.build(tmp_path / "seed8", COPIES, VARIANTS, seed=8,
                                                       source_dir=COMMITTED_DATA))
    assert not other_seed["observations"].equals(small_tables["observations"])
    fewer = synthetic.generate(real, 2, VARIANTS, 7)["observations"]
    assert fewer.equals(generated["observations"].slice(0, fewer.num_rows))


def test_never_writes_into_data(tmp_path):
    with pytest.raises(ValueError, match="refusing"):
        synthetic.build(COMMITTED_DATA / "synthetic", 2, 1, source_dir=COMMITTED_DATA)


def test_a_complete_directory_is_recognised(small, tmp_path):
    assert synthetic.is_complete(small, COPIES, VARIANTS, seed=7)
    assert not synthetic.is_complete(small, COPIES, VARIANTS, seed=0)
    assert not synthetic.is_complete(tmp_path / "missing", 1, 1)


def test_a_streamed_generation_holds_the_same_tables(small, small_tables, tmp_path, monkeypatch):
    """Made a block of copies at a time (three blocks here), sorted by DuckDB, derived from the files and checked
    in SQL: the same rows in the same order as made at once, and a generation that says it was checked."""
    monkeypatch.setattr(synthetic, "STREAM_BLOCK_ROWS", 1)  # one copy a block
    streamed = synthetic.build(tmp_path / "streamed", COPIES, VARIANTS, seed=7, source_dir=COMMITTED_DATA,
                               streamed=True)
    assert synthetic.is_complete(streamed, COPIES, VARIANTS, seed=7)
    assert synthetic.read_manifest(streamed).checked
    for name, table in synthetic.read_tables(streamed).items():
        assert table.equals(small_tables[name]), name
    # Stored as ingestion's writer stores them: every text column of a row group dictionary-encoded (a search
    # reads plain-stored texts at twice the cost).
    manifest = synthetic.read_manifest(streamed)
    metadata = pq.ParquetFile(streamed / manifest.tables["observations"].file).metadata
    for column in ("raw_text", "quote", "source_label"):
        index = metadata.schema.names.index(column)
        assert all(metadata.row_group(i).column(index).has_dictionary_page for i in range(metadata.num_row_groups))

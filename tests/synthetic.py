"""Synthetic generations for the scale benchmark (issue 11): the committed data copied per city
and per indicator, values perturbed, written as a complete, checked generation.

    python -m tests.synthetic --copies 100 --variants 10 --out artifacts/bench/1000x

Scale factor = copies × variants; observations ≈ 528 × copies × variants.

- **Cities**: copy 0 is the real data unchanged. Copy k ≥ 1 of every city gets the id
  `{city_id}_s{k}` and a plainly fictional name (`江门（虚构 12）` / `Jiangmen (synthetic 12)`),
  a fictional province of ten cities (`虚构省 3` / `Synthetic province 3`), the next free colour
  of analytics.palette and a sort_order after the real cities.
- **Documents** are copied per city copy: doc_id `{doc_id}_s{k}`, source_file
  `{stem}_s{k}{ext}` (both stay unique; an observation's document, file and city agree), and
  so are the figures found in them (source_figures, figure_id suffixed `_s{k}`).
- **Indicators** exist in V variants: variant 0 is the real one, variant j ≥ 1 is
  `{indicator_id}__v{j}` with its names (and aliases) suffixed `（变体 j）` / ` (variant j)`,
  same category, unit and direction. Every city copy holds the observations of all variants.
- **Values**: every row except the real ones (copy 0, variant 0) is perturbed by a factor
  1 + U(−0.1, 0.1), drawn per copy from numpy's PCG64 seeded with (seed, copy), so a copy
  is the same whatever the number of copies. The perturbation is applied to the number as
  written in raw_text, rounded toward the original to the same number of decimals (so it
  stays within ±10 %; a rate ≤ 100 % that would pass 100 % moves down instead), and raw_text (and the quote, where it
  contains raw_text) shows the new number in place of the old one, comparator, brackets and
  unit kept. A value whose number cannot be found in its raw_text is left as it is.
- obs_id and note_id are suffixed `_s{k}` / `__v{j}`; quality notes are copied with their
  obs_ids mapped to the copied rows.

Only the ~700 real rows are looked at in Python (to find each number in its text); the
copies are built with pyarrow/numpy. Made at once, 10,000× (6.7 M rows) peaks at about 7.5 GB; beyond
STREAM_ABOVE_ROWS observations (30,000×: 9,000 cities, 20 M rows) they are made a block of copies at a
time and sorted into their file by DuckDB, in a few GB whatever the scale (`--streamed` forces it; the
same tables either way). Output goes to the given directory only, never into data/.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analytics import palette, paths
from analytics.aggregates import derive
from analytics.generations import read_manifest
from analytics.ingest.writer import write_tables
from analytics.schema import TABLES, check_table

MARKER = "synthetic.json"  # beside manifest.json: what was generated, to reuse a complete directory
PERTURBATION = 0.1
CITIES_PER_PROVINCE = 10
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_POWERS = [10.0 ** k for k in range(-8, 9)]


# ---- reading the committed generation -------------------------------------------------------

def read_tables(source_dir: Path | None = None) -> dict[str, pa.Table]:
    """The tables of the generation in force in `source_dir` (default: the app's data dir)."""
    source_dir = Path(source_dir or paths.data_dir())
    manifest = read_manifest(source_dir)
    return {name: check_table(TABLES[name], pq.read_table(source_dir / manifest.tables[name].file), name)
            for name in TABLES}


def _suffixes(count: int, form: str) -> pa.Array:
    """"" for position 0, then `form` with the position: the id suffix of each copy/variant."""
    return pa.array([""] + [form.format(k) for k in range(1, count)], pa.string())


def _join(*parts) -> pa.ChunkedArray | pa.Array:
    return pc.binary_join_element_wise(*parts, "")


# ---- the small tables ------------------------------------------------------------------------

def _cities(cities: pa.Table, copies: int) -> pa.Table:
    rows = cities.to_pylist()
    taken = {row["color"].upper() for row in rows}
    position = 0
    next_order = max(row["sort_order"] for row in rows) + 1
    out = list(rows)
    synthetic = 0
    for k in range(1, copies):
        for row in rows:
            while palette.colour(position).upper() in taken and position < palette.MAX_SEARCH:
                position += 1
            colour = palette.colour(position)
            taken.add(colour.upper())
            province = synthetic // CITIES_PER_PROVINCE + 1
            out.append({
                "city_id": f"{row['city_id']}_s{k}",
                "name_zh": f"{row['name_zh']}（虚构 {k}）",
                "name_en": f"{row['name_en']} (synthetic {k})",
                "province_zh": f"虚构省 {province}",
                "province_en": f"Synthetic province {province}",
                "color": colour,
                "sort_order": next_order,
            })
            next_order += 1
            synthetic += 1
    return pa.Table.from_pylist(out, schema=TABLES["cities"].schema)


def _documents(documents: pa.Table, copies: int) -> pa.Table:
    rows = documents.to_pylist()
    out = list(rows)
    for k in range(1, copies):
        for row in rows:
            stem, dot, ext = row["source_file"].rpartition(".")
            source_file = f"{stem}_s{k}.{ext}" if dot else f"{row['source_file']}_s{k}"
            out.append({
                **row,
                "doc_id": f"{row['doc_id']}_s{k}",
                "city_id": f"{row['city_id']}_s{k}",
                "title_zh": f"{row['title_zh']}（虚构 {k}）" if row["title_zh"] else row["title_zh"],
                "title_en": f"{row['title_en']} (synthetic {k})" if row["title_en"] else row["title_en"],
                "source_file": source_file,
            })
    return pa.Table.from_pylist(out, schema=TABLES["documents"].schema)


def _indicators(indicators: pa.Table, variants: int) -> pa.Table:
    rows = indicators.to_pylist()
    out = list(rows)
    for j in range(1, variants):
        for row in rows:
            out.append({
                **row,
                "indicator_id": f"{row['indicator_id']}__v{j}",
                "name_zh": f"{row['name_zh']}（变体 {j}）",
                "name_en": f"{row['name_en']} (variant {j})",
                "aliases_zh": [f"{alias}（变体 {j}）" for alias in row["aliases_zh"] or []],
            })
    return pa.Table.from_pylist(out, schema=TABLES["indicators"].schema)


# ---- where each real value is written -------------------------------------------------------

@dataclass
class _Templates:
    """Per real observation: the number in raw_text that the value was read from."""

    ok: np.ndarray  # bool: a number was found (and the value is not null)
    token: np.ndarray  # float: that number as written
    factor: np.ndarray  # value = token × factor (a unit conversion: 万 → 人 …)
    decimals: np.ndarray  # int: decimals as written
    cap: np.ndarray  # float: upper bound of the perturbed token (100 for a rate ≤ 100 %), else inf
    prefix: pa.Array  # raw_text before / after the number
    suffix: pa.Array
    in_quote: np.ndarray  # bool: raw_text occurs in the quote
    quote_prefix: pa.Array
    quote_suffix: pa.Array


def _find_number(raw: str, value: float) -> tuple[re.Match, float] | None:
    """The first number in `raw` equal to `value`, else the first equal to it up to a power of ten."""
    matches = list(_NUMBER.finditer(raw))
    for match in matches:
        if math.isclose(float(match.group().replace(",", "")), value, rel_tol=1e-9, abs_tol=1e-12):
            return match, 1.0
    for match in matches:
        number = float(match.group().replace(",", ""))
        if number == 0:
            continue
        for factor in _POWERS:
            if math.isclose(number * factor, value, rel_tol=1e-9):
                return match, factor
    return None


def _templates(observations: pa.Table) -> _Templates:
    n = observations.num_rows
    ok = np.zeros(n, bool)
    token = np.zeros(n)
    factor = np.ones(n)
    decimals = np.zeros(n, np.int64)
    cap = np.full(n, np.inf)
    prefix, suffix, quote_prefix, quote_suffix = [""] * n, [""] * n, [""] * n, [""] * n
    in_quote = np.zeros(n, bool)
    columns = ("value", "raw_text", "quote", "unit")
    for i, row in enumerate(zip(*(observations.column(c).to_pylist() for c in columns), strict=True)):
        value, raw, quote, unit = row
        if value is None:
            continue
        found = _find_number(raw, value)
        if found is None:
            continue
        match, scale = found
        written = match.group().replace(",", "")
        ok[i], token[i], factor[i] = True, float(written), scale
        decimals[i] = len(written.partition(".")[2])
        if unit == "%" and scale == 1.0 and 0 <= value <= 100:
            cap[i] = 100.0
        prefix[i], suffix[i] = raw[: match.start()], raw[match.end():]
        at = quote.find(raw) if quote else -1
        if at >= 0:
            in_quote[i] = True
            quote_prefix[i], quote_suffix[i] = quote[:at], quote[at + len(raw):]
    strings = lambda values: pa.array(values, pa.string())  # noqa: E731
    return _Templates(ok, token, factor, decimals, cap, strings(prefix), strings(suffix), in_quote,
                      strings(quote_prefix), strings(quote_suffix))


def _format(numbers: np.ndarray, decimals: np.ndarray) -> pa.Array:
    """`numbers` written with exactly `decimals` decimals each (vectorised '%.*f')."""
    scale = 10 ** decimals
    scaled = np.rint(numbers * scale).astype(np.int64)
    negative = scaled < 0
    scaled = np.abs(scaled)
    whole = pc.cast(pa.array(scaled // scale), pa.string())
    fraction = pc.cast(pa.array(scaled % scale), pa.string())
    text = whole
    for places in sorted(set(np.unique(decimals).tolist()) - {0}):
        padded = _join(whole, pa.scalar("."), pc.utf8_lpad(fraction, width=places, padding="0"))
        text = pc.if_else(pa.array(decimals == places), padded, text)
    return pc.if_else(pa.array(negative), _join(pa.scalar("-"), text), text)


# ---- the large tables ------------------------------------------------------------------------

def _uniforms(seed: int, copies: int, variants: int, n: int, first: int = 0) -> np.ndarray:
    """U(−0.1, 0.1) per row of copies first … first + copies − 1, copy-major; copy k's draws depend
    only on (seed, k), and the real rows (copy 0, variant 0) get 0."""
    draws = np.empty((copies, variants, n))
    for i, k in enumerate(range(first, first + copies)):
        draws[i] = np.random.default_rng([seed, k]).uniform(-PERTURBATION, PERTURBATION, size=(variants, n))
    if first == 0:
        draws[0, 0] = 0.0
    return draws.ravel()


def _observations(observations: pa.Table, cities: pa.Table, indicators: pa.Table, documents: pa.Table,
                  new: dict[str, pa.Table], copies: int, variants: int, seed: int, first: int = 0) -> pa.Table:
    """The observations of copies first … first + copies − 1 (all of them by default), copy-major:
    the same rows whether made at once or a block of copies at a time."""
    n = observations.num_rows
    replicates = copies * variants
    total = max(first + copies, new["cities"].num_rows // max(cities.num_rows, 1))  # every copy's suffix
    row = np.tile(np.arange(n), replicates)  # the real row each synthetic row copies
    copy = np.repeat(np.arange(first, first + copies), n * variants)
    variant = np.tile(np.repeat(np.arange(variants), n), copies)

    def position(column: str, table: pa.Table, key: str, block: np.ndarray) -> np.ndarray:
        index = pc.index_in(observations.column(column).combine_chunks(), value_set=table.column(key).combine_chunks())
        return block * table.num_rows + index.to_numpy(zero_copy_only=False)[row]

    city = pc.take(new["cities"].column("city_id"), pa.array(position("city_id", cities, "city_id", copy)))
    indicator = pc.take(new["indicators"].column("indicator_id"),
                        pa.array(position("indicator_id", indicators, "indicator_id", variant)))
    document = pa.array(position("doc_id", documents, "doc_id", copy))
    doc_id = pc.take(new["documents"].column("doc_id"), document)
    source_file = pc.take(new["documents"].column("source_file"), document)
    rows = pa.array(row)
    obs_id = _join(pc.take(observations.column("obs_id"), rows),
                   pc.take(_suffixes(total, "_s{}"), pa.array(copy)),
                   pc.take(_suffixes(variants, "__v{}"), pa.array(variant)))

    t = _templates(observations)
    u = _uniforms(seed, copies, variants, n, first)
    changed = t.ok[row] & (u != 0)
    token, decimals, factor = t.token[row], t.decimals[row], t.factor[row]
    step = 10.0 ** decimals
    moved = token + np.trunc(token * u * step) / step  # rounded toward the original: within ±10 %
    cap = t.cap[row]
    moved = np.minimum(np.where(moved > cap, 2 * token - moved, moved), cap)  # past 100 %: moved down instead
    moved = np.where(changed, moved, token)
    value_decimals = decimals + np.maximum(0, np.rint(-np.log10(factor))).astype(np.int64)
    new_value = _round_each(moved * factor, value_decimals)
    old_value = observations.column("value").combine_chunks()
    value = pc.if_else(pa.array(changed), pa.array(new_value), pc.take(old_value, rows))

    old_raw = pc.take(observations.column("raw_text"), rows)
    new_raw = _join(pc.take(t.prefix, rows), _format(moved, decimals), pc.take(t.suffix, rows))
    raw_text = pc.if_else(pa.array(changed), new_raw, old_raw)
    old_quote = pc.take(observations.column("quote"), rows)
    new_quote = _join(pc.take(t.quote_prefix, rows), raw_text, pc.take(t.quote_suffix, rows))
    quote = pc.if_else(pa.array(changed & t.in_quote[row]), new_quote, old_quote)
    del new_raw, new_quote, old_raw, old_quote

    replaced = {"obs_id": obs_id, "city_id": city, "indicator_id": indicator, "doc_id": doc_id,
                "source_file": source_file, "value": value, "raw_text": raw_text, "quote": quote}
    kept = [name for name in observations.column_names if name not in replaced]
    base = observations.select(kept).take(rows)
    columns = {name: replaced[name] if name in replaced else base.column(name) for name in observations.column_names}
    return pa.table(columns, schema=TABLES["observations"].schema)


def _round_each(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    out = values.copy()
    for places in np.unique(decimals).tolist():
        mask = decimals == places
        out[mask] = np.round(values[mask], places)
    return out


def _quality_notes(notes: pa.Table, observations: pa.Table, cities: pa.Table, indicators: pa.Table,
                   new: dict[str, pa.Table], copies: int, variants: int) -> pa.Table:
    m = notes.num_rows
    if m == 0:
        return notes
    replicates = copies * variants
    note = np.tile(np.arange(m), replicates)
    copy = np.repeat(np.arange(copies), m * variants)
    variant = np.tile(np.repeat(np.arange(variants), m), copies)
    rows = pa.array(note)

    def mapped(column: str, table: pa.Table, copied: pa.Table, block: np.ndarray) -> pa.Array:
        """`column`'s id in the copy or variant of each replicated note (null stays null)."""
        index = pc.index_in(notes.column(column).combine_chunks(), value_set=table.column(column).combine_chunks())
        missing = index.is_null().to_numpy(zero_copy_only=False)[note]
        index = pc.fill_null(index, 0).to_numpy(zero_copy_only=False)[note]
        return pc.take(copied.column(column), pa.array(block * table.num_rows + index, mask=missing))

    copy_suffix = pc.take(_suffixes(copies, "_s{}"), pa.array(copy))
    variant_suffix = pc.take(_suffixes(variants, "__v{}"), pa.array(variant))
    labels_zh = pc.take(pa.array([""] + [f"（虚构 {k}）" for k in range(1, copies)], pa.string()), pa.array(copy))
    labels_en = pc.take(pa.array([""] + [f"(synthetic {k}) " for k in range(1, copies)], pa.string()),
                        pa.array(copy))

    lists = notes.column("obs_ids").combine_chunks()
    offsets = lists.offsets.to_numpy()
    offsets = offsets - offsets[0]
    flat = lists.flatten()
    length = len(flat)
    original = pc.index_in(flat, value_set=observations.column("obs_id").combine_chunks()).to_numpy()
    blocks = np.arange(replicates)  # replicate r = copy × variants + variant, in that order
    # the obs_id of each copied row, as _observations names it (so the observations need not be in memory)
    values = _join(pc.take(observations.column("obs_id"), pa.array(np.tile(original, replicates))),
                   pc.take(_suffixes(copies, "_s{}"), pa.array(np.repeat(blocks // variants, length))),
                   pc.take(_suffixes(variants, "__v{}"), pa.array(np.repeat(blocks % variants, length))))
    all_offsets = np.concatenate([(blocks[:, None] * length + offsets[None, :-1]).ravel(), [replicates * length]])
    obs_ids = pa.ListArray.from_arrays(pa.array(all_offsets.astype(np.int32)), values.combine_chunks()
                                       if isinstance(values, pa.ChunkedArray) else values)
    if lists.null_count:
        obs_ids = pc.if_else(pa.array(np.tile(lists.is_null().to_numpy(zero_copy_only=False), replicates)),
                             pa.nulls(len(obs_ids), obs_ids.type), obs_ids)
    columns = {
        "note_id": _join(pc.take(notes.column("note_id"), rows), copy_suffix, variant_suffix),
        "check": pc.take(notes.column("check"), rows),
        "bearing": pc.take(notes.column("bearing"), rows),
        "city_id": mapped("city_id", cities, new["cities"], copy),
        "indicator_id": mapped("indicator_id", indicators, new["indicators"], variant),
        "obs_ids": obs_ids,
        "message_zh": _join(labels_zh, pc.take(notes.column("message_zh"), rows)),
        "message_en": _join(labels_en, pc.take(notes.column("message_en"), rows)),
    }
    return pa.table(columns, schema=TABLES["quality_notes"].schema)


def _source_figures(figures: pa.Table, copies: int) -> pa.Table:
    """The figures of every document, once per copy of it (doc_id, source_file and figure_id suffixed `_s{k}`)."""
    parts = [figures]
    for k in range(1, copies):
        stem_ext = [name.rpartition(".") for name in figures.column("source_file").to_pylist()]
        parts.append(figures.set_column(
            figures.schema.get_field_index("figure_id"), "figure_id",
            _join(figures.column("figure_id"), pa.scalar(f"_s{k}"))).set_column(
            figures.schema.get_field_index("doc_id"), "doc_id",
            _join(figures.column("doc_id"), pa.scalar(f"_s{k}"))).set_column(
            figures.schema.get_field_index("source_file"), "source_file",
            pa.array([f"{stem}_s{k}.{ext}" if dot else f"{stem}{dot}{ext}_s{k}" for stem, dot, ext in stem_ext],
                     pa.string())))
    return pa.concat_tables(parts).cast(TABLES["source_figures"].schema)


# ---- the whole generation --------------------------------------------------------------------

def generate(tables: dict[str, pa.Table], copies: int, variants: int, seed: int = 0) -> dict[str, pa.Table]:
    """The synthetic tables (not yet checked) from the real `tables`."""
    if copies < 1 or variants < 1:
        raise ValueError("copies and variants must be at least 1")
    new = {
        "cities": _cities(tables["cities"], copies),
        "documents": _documents(tables["documents"], copies),
        "indicators": _indicators(tables["indicators"], variants),
        "plan_periods": tables["plan_periods"],
        "categories": tables["categories"],
    }
    new["observations"] = _observations(tables["observations"], tables["cities"], tables["indicators"],
                                        tables["documents"], new, copies, variants, seed)
    new["quality_notes"] = _quality_notes(tables["quality_notes"], tables["observations"], tables["cities"],
                                          tables["indicators"], new, copies, variants)
    new["source_figures"] = _source_figures(tables["source_figures"], copies)
    new.update(derive(new))  # the aggregates summarise the synthetic rows, as ingestion's do the real ones
    return {name: new[name] for name in TABLES}


# ---- a generation too large to hold in memory -------------------------------------------------

# 10,000x (6.7 M rows) made at once peaks at about 7.5 GB; 30,000x would need three times that. Beyond this
# many rows the observations are made STREAM_BLOCK_ROWS at a time, each block written to a file, then sorted
# into the table's file by DuckDB (spilling to disk), and the aggregates derived from the files.
STREAM_ABOVE_ROWS = 8_000_000
STREAM_BLOCK_ROWS = 1_500_000
STREAM_MEMORY = "3GB"  # DuckDB's limit while sorting, deriving and checking


def _write_streamed(out_dir: Path, tables: dict[str, pa.Table], copies: int, variants: int, seed: int) -> None:
    """The generation `write_tables(out_dir, generate(tables, copies, variants, seed))` writes, made in
    bounded memory: every table checked against its schema, stored in its storage order (the small ones as
    ingestion's writer stores them, the observations by DuckDB with the same row groups), the aggregates
    derived by the same statements, the values checked across tables in SQL (analytics.consistency, as
    a Database opening an unchecked generation does), and only then the manifest says it was checked."""
    import hashlib
    import tempfile

    import duckdb

    from analytics import aggregates, generations, sql
    from analytics import db as db_module
    from analytics.schema import AGGREGATES, STORAGE_ORDER, in_storage_order

    if copies < 1 or variants < 1:
        raise ValueError("copies and variants must be at least 1")
    new = {
        "cities": _cities(tables["cities"], copies),
        "documents": _documents(tables["documents"], copies),
        "indicators": _indicators(tables["indicators"], variants),
        "plan_periods": tables["plan_periods"],
        "categories": tables["categories"],
    }
    new["quality_notes"] = _quality_notes(tables["quality_notes"], tables["observations"], tables["cities"],
                                          tables["indicators"], new, copies, variants)
    new["source_figures"] = _source_figures(tables["source_figures"], copies)
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / generations.MANIFEST).exists():
        raise ValueError(f"{out_dir} already holds a generation: write a streamed one into a new directory")

    def write(table: pa.Table, path: Path) -> None:  # as analytics.generations writes a table
        pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=True,
                       row_group_size=generations.ROW_GROUP_ROWS)

    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".streamed-") as temp:
        temp_dir = Path(temp)
        staging = temp_dir / "staging"
        staging.mkdir()
        n = tables["observations"].num_rows
        per_block = max(1, STREAM_BLOCK_ROWS // max(n * variants, 1))
        blocks = []
        for first in range(0, copies, per_block):
            block = _observations(tables["observations"], tables["cities"], tables["indicators"],
                                  tables["documents"], new, min(per_block, copies - first), variants, seed, first)
            path = temp_dir / f"observations-{first:06d}.parquet"
            pq.write_table(check_table(TABLES["observations"], block, "observations (being generated)"), path,
                           compression="zstd")
            blocks.append(str(path))
            del block
        for name, table in new.items():
            write(in_storage_order(name, check_table(TABLES[name], table, TABLES[name].file_name)),
                  staging / TABLES[name].file_name)
        connection = duckdb.connect(":memory:", config={
            "threads": 2, "memory_limit": STREAM_MEMORY, "temp_directory": str(temp_dir / "spill"),
            "preserve_insertion_order": False})
        try:
            connection.execute("SET enable_progress_bar = false")
            order = ", ".join(f'"{key}"' for key in STORAGE_ORDER["observations"])
            target = staging / TABLES["observations"].file_name
            columns = ", ".join(f'"{field.name}"' for field in TABLES["observations"].schema)
            # Each column of a row group dictionary-encoded, as pyarrow's writer (ingestion's) stores it: with
            # DuckDB's default dictionary size limit the texts of a row group (thousands of distinct quotes) were
            # stored plain, which a search then read at twice the CPU of the file ingestion writes.
            connection.execute(
                f"COPY (SELECT {columns} FROM read_parquet({blocks!r}) ORDER BY {order}) TO '{target}' "
                f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {generations.ROW_GROUP_ROWS}, "
                f"DICTIONARY_SIZE_LIMIT {generations.ROW_GROUP_ROWS})")
            for path in blocks:
                Path(path).unlink()
            for name in TABLES:
                if name not in AGGREGATES:
                    file = staging / TABLES[name].file_name
                    connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{file}')")
            for name in AGGREGATES:
                statement = sql.AGGREGATE_STATEMENTS[name]
                table = connection.sql(statement, params=aggregates.params(statement)).to_arrow_table()
                table = check_table(TABLES[name], table, f"{TABLES[name].file_name} (being derived)")
                write(in_storage_order(name, table), staging / TABLES[name].file_name)
        finally:
            connection.close()
        entries = {}
        for name in TABLES:
            path = staging / TABLES[name].file_name
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(2**20), b""):
                    digest.update(chunk)
            entries[name] = (digest.hexdigest(), path.stat().st_size, pq.read_metadata(path).num_rows)
        generation = generations._generation_id((name, sha) for name, (sha, _, _) in entries.items())
        table_entries = {name: generations.TableEntry(f"{generation}/{TABLES[name].file_name}", sha, size, rows)
                         for name, (sha, size, rows) in entries.items()}
        staging.rename(out_dir / generation)

    def manifest(checked: bool) -> None:
        temporary = out_dir / f"{generations.MANIFEST}.tmp"
        temporary.write_text(generations._manifest_text(generation, table_entries, checked), encoding="utf-8")
        temporary.replace(out_dir / generations.MANIFEST)

    manifest(checked=False)
    limit = db_module.DUCKDB_MEMORY
    db_module.DUCKDB_MEMORY = STREAM_MEMORY  # the checks of every row, in this process only
    try:
        db_module.Database(out_dir).close()  # raises DataError on any row the checks refuse
    finally:
        db_module.DUCKDB_MEMORY = limit
    manifest(checked=True)


def _refuse_data_dir(out_dir: Path, source_dir: Path) -> None:
    committed = (paths.PROJECT_DIR / "data").resolve()
    target = out_dir.resolve()
    for protected in {committed, source_dir.resolve()}:
        if target == protected or protected in target.parents:
            raise ValueError(f"refusing to write synthetic data into {protected.name}/ (choose another --out)")


def build(out_dir: Path, copies: int, variants: int, seed: int = 0, source_dir: Path | None = None,
          streamed: bool | None = None) -> Path:
    """Write the synthetic generation into `out_dir` with ingestion's writer (every table checked
    against its schema, then across tables; stored sorted; the manifest says it was checked)
    and return `out_dir`. Beyond STREAM_ABOVE_ROWS observations (or with `streamed`), the
    observations are made a block at a time instead (`_write_streamed`): the same rows, in
    bounded memory."""
    out_dir = Path(out_dir)
    source_dir = Path(source_dir or paths.data_dir())
    _refuse_data_dir(out_dir, source_dir)
    tables = read_tables(source_dir)
    if streamed is None:
        streamed = tables["observations"].num_rows * copies * variants > STREAM_ABOVE_ROWS
    if streamed:
        _write_streamed(out_dir, tables, copies, variants, seed)
    else:
        write_tables(out_dir, generate(tables, copies, variants, seed))
    manifest = read_manifest(out_dir)
    (out_dir / MARKER).write_text(json.dumps(
        {"copies": copies, "variants": variants, "seed": seed, "generation": manifest.generation,
         "rows": {name: entry.rows for name, entry in manifest.tables.items()}},
        indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out_dir


def is_complete(out_dir: Path, copies: int, variants: int, seed: int = 0) -> bool:
    """`out_dir` holds a generation build() wrote with these parameters, every file present
    with the size the manifest names (checksums are verified by whoever opens it)."""
    out_dir = Path(out_dir)
    try:
        marker = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
        manifest = read_manifest(out_dir)
    except Exception:  # a missing, partial or foreign directory: not reusable
        return False
    if (marker.get("copies"), marker.get("variants"), marker.get("seed"), marker.get("generation")) != \
            (copies, variants, seed, manifest.generation):
        return False
    return all((out_dir / entry.file).is_file() and (out_dir / entry.file).stat().st_size == entry.bytes
               for entry in manifest.tables.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, required=True, help="copies of every city (1 = the real cities)")
    parser.add_argument("--variants", type=int, default=1, help="variants of every indicator (1 = the real ones)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the generation into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=None, help="data directory to copy (default: the app's)")
    parser.add_argument("--streamed", action="store_true", default=None,
                        help=f"make the observations a block at a time (default: beyond {STREAM_ABOVE_ROWS:,} rows)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    out = build(args.out, args.copies, args.variants, args.seed, args.source, args.streamed)
    rows = json.loads((out / MARKER).read_text(encoding="utf-8"))["rows"]
    print(f"{args.copies} copies × {args.variants} variants → {out}: "
          + ", ".join(f"{name} {count:,}" for name, count in rows.items())
          + f" ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

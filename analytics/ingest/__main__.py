"""python -m analytics.ingest [--sources DIR] [--data DIR]: rebuild data/*.parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import paths
from analytics.catalogue import CatalogueError
from analytics.ingest import SourceError, run
from analytics.notation import NotationError
from analytics.schema import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics.ingest", description=__doc__)
    parser.add_argument("--sources", type=Path, default=paths.default_sources_dir(),
                        help="directory of the source documents (default: ../shared/sources)")
    parser.add_argument("--data", type=Path, default=paths.data_dir(), help="output directory (default: data/)")
    args = parser.parse_args(argv)
    try:
        counts = run(args.sources, args.data)
    except (SourceError, CatalogueError, NotationError, DataError) as exc:
        print(f"ingest failed: {exc}", file=sys.stderr)
        print(f"{args.data} was left unchanged.", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only or full disk, a missing directory, a permission
        where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None) or args.data
        print(f"ingest failed: {exc.strerror or exc}: {where}", file=sys.stderr)
        print(f"{args.data} keeps the generation its manifest.json names; nothing else was changed.",
              file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name:>14}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

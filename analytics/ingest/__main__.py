"""python -m analytics.ingest [--sources DIR] [--data DIR] [--catalogue DIR]: rebuild the data.
python -m analytics.ingest add FILE --sources DIR [options]: register a new source document.
python -m analytics.ingest review DOC --sources DIR [--accept-all]: review a document's machine readings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import catalogue, paths
from analytics.catalogue import CatalogueError
from analytics.catalogue_journal import CommitFailed, JournalError
from analytics.ingest import SourceError, run
from analytics.notation import NotationError
from analytics.schema import DataError

_ERRORS = (SourceError, CatalogueError, JournalError, NotationError, DataError)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["add"]:
        return _add(argv[1:])
    if argv[:1] == ["review"]:
        return _review(argv[1:])
    return _rebuild(argv)


def _catalogue_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalogue", type=Path, default=None,
                        help="catalogue directory (default: analytics/catalogue)")


def rebuild_parser() -> argparse.ArgumentParser:
    """The rebuild's options (the data-error page shows a command that this parser must accept)."""
    parser = argparse.ArgumentParser(prog="python -m analytics.ingest", description=__doc__)
    parser.add_argument("--sources", type=Path, default=paths.default_sources_dir(),
                        help="directory of the source documents (default: ../shared/sources)")
    parser.add_argument("--data", type=Path, default=paths.data_dir(), help="output directory (default: data/)")
    _catalogue_option(parser)
    return parser


def _rebuild(argv: list[str]) -> int:
    args = rebuild_parser().parse_args(argv)
    if args.catalogue:
        catalogue.use_directory(args.catalogue)
    try:
        counts = run(args.sources, args.data)
    except _ERRORS as exc:
        print(f"ingest failed: {exc}", file=sys.stderr)
        print(f"{args.data} was left unchanged.", file=sys.stderr)
        _report_settled()
        return 1
    except OSError as exc:  # a read-only or full disk, a missing directory, a permission
        where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None) or args.data
        print(f"ingest failed: {exc.strerror or exc}: {where}", file=sys.stderr)
        print(f"{args.data} keeps the generation its manifest.json names; nothing else was changed.",
              file=sys.stderr)
        _report_settled()
        return 1
    _report_settled()
    for name, count in counts.items():
        print(f"{name:>14}: {count} rows")
    return 0


def _add(argv: list[str]) -> int:
    from analytics.ingest.register import KIND_EN, AddOptions, add

    parser = argparse.ArgumentParser(
        prog="python -m analytics.ingest add",
        description="Register a plain-text document placed in the sources directory: infer its city, plan "
                    "period and kind, write its catalogue entries (YAML), turn unknown table labels into "
                    "unreviewed indicators, and check that the whole dataset still builds. Writes no data.")
    parser.add_argument("file", type=Path, help="the document (a file in --sources)")
    parser.add_argument("--sources", type=Path, required=True, help="the sources directory holding FILE")
    parser.add_argument("--city-id", help="the city's id (a registered city, or the id of a new one)")
    parser.add_argument("--city", help="the city's Chinese name without 市 (when the heading does not say it)")
    parser.add_argument("--name-en", help="a new city's English name (default: its pinyin)")
    parser.add_argument("--province", help="a new city's province in Chinese (default: inferred from the text)")
    parser.add_argument("--plan-period", help="the plan period, e.g. 14th (default: from the title)")
    parser.add_argument("--kind", choices=sorted(KIND_EN), help="the kind of document (default: from the title)")
    parser.add_argument("--title-en", help="the English title (default: a descriptive one)")
    _catalogue_option(parser)
    args = parser.parse_args(argv)
    if args.catalogue:
        catalogue.use_directory(args.catalogue)
    options = AddOptions(city_id=args.city_id, city=args.city, name_en=args.name_en, province=args.province,
                         plan_period=args.plan_period, kind=args.kind, title_en=args.title_en)
    try:
        result = add(args.file, args.sources, options)
    except CommitFailed as exc:  # while the catalogue files were being put in place
        print(f"add failed: {_os_error(exc.error)}", file=sys.stderr)
        if exc.committed:
            print(f"The change is complete in {exc.journal} but not yet in place; the next add or rebuild puts "
                  "all of it in place.", file=sys.stderr)
        else:
            print("Nothing was written: the catalogue is as it was.", file=sys.stderr)
        return 1
    except (*_ERRORS, OSError) as exc:  # before anything was written
        print(f"add failed: {_os_error(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    _report_settled()
    print(result.text)
    return 0


def _review(argv: list[str]) -> int:
    from analytics.ingest.review import ReviewStopped, review

    parser = argparse.ArgumentParser(
        prog="python -m analytics.ingest review",
        description="List what the prose reader read from a registered document (machine readings) and what it "
                    "left unread; accept, skip or edit each reading, and write the accepted ones as prose rules "
                    "(prose_rules/DOC_ID.yaml), new labels as unreviewed indicators, after checking that the whole "
                    "dataset still builds. Writes no data.")
    parser.add_argument("doc", help="the document: its doc_id or its file name (documents.yaml)")
    parser.add_argument("--sources", type=Path, required=True, help="the sources directory holding the document")
    parser.add_argument("--accept-all", action="store_true", help="accept every reading without asking")
    _catalogue_option(parser)
    args = parser.parse_args(argv)
    if args.catalogue:
        catalogue.use_directory(args.catalogue)
    try:
        result = review(args.doc, args.sources, accept_all=args.accept_all)
    except ReviewStopped:
        print("\nreview stopped at the end of the input: nothing was written.", file=sys.stderr)
        return 1
    except CommitFailed as exc:  # while the catalogue files were being put in place
        print(f"review failed: {_os_error(exc.error)}", file=sys.stderr)
        if exc.committed:
            print(f"The change is complete in {exc.journal} but not yet in place; the next add, review or rebuild "
                  "puts all of it in place.", file=sys.stderr)
        else:
            print("Nothing was written: the catalogue is as it was.", file=sys.stderr)
        return 1
    except (*_ERRORS, OSError) as exc:  # before anything was written
        print(f"review failed: {_os_error(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    _report_settled()
    print(result.text)
    return 0


def _os_error(exc: OSError) -> str:
    """`No space left on device: /path` (`-> /other` for a rename): the reason and where."""
    where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    return f"{exc.strerror or exc}: {where}" if where else str(exc.strerror or exc)


def _report_settled() -> None:
    for done in catalogue.recoveries:
        print(f"catalogue {done}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

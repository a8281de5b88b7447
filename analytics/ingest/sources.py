"""Reading the source documents: every listed file must exist and match its pinned SHA-256.

A document is read as text lines whatever its format (analytics.formats: plain text, Word,
web page, PDF), each line with a locator saying where it is in the original file (`p. 7`); tables
and prose are read from those lines alike."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from analytics import catalogue
from analytics.errors import SourceError

__all__ = ["SourceDocument", "SourceError", "read_documents", "read_source"]



@dataclass(frozen=True)
class SourceDocument:
    doc: dict  # the documents.yaml entry
    path: Path
    sha256: str
    lines: tuple[str, ...]  # lines[0] is line 1
    locators: tuple[str, ...] = ()  # where each line is in the original file; empty for plain text
    format: str = "text"

    def locator(self, number: int) -> str | None:
        """Where line `number` is in the original file (`p. 7`, `table 2, row 3`); None for plain text,
        whose line number says it all."""
        if self.format == "text" or not self.locators:
            return None
        return self.locators[number - 1]

    @property
    def file_name(self) -> str:
        return self.doc["source_file"]

    @property
    def doc_id(self) -> str:
        return self.doc["doc_id"]

    @property
    def city_id(self) -> str:
        return self.doc["city_id"]

    def line(self, number: int) -> str:
        if not 1 <= number <= len(self.lines):
            raise SourceError(f"{self.file_name}:{number}: line out of range (file has {len(self.lines)} lines)")
        return self.lines[number - 1]

    def require(self, number: int, quote: str) -> str:
        """The line, after checking that `quote` occurs on it exactly as written."""
        text = self.line(number)
        if not quote or quote not in text:
            raise SourceError(f"{self.file_name}:{number}: expected text {quote!r} not found on this line")
        return text


def read_documents(sources_dir: Path) -> dict[str, SourceDocument]:
    """All documents of documents.yaml, keyed by file name; verified before anything is parsed."""
    if not sources_dir.is_dir():
        raise SourceError(f"{sources_dir}: sources directory not found (pass --sources DIR)")
    result: dict[str, SourceDocument] = {}
    for doc in catalogue.documents():
        path = sources_dir / doc["source_file"]
        if not path.is_file():
            raise SourceError(f"{doc['source_file']}: listed in documents.yaml but missing from {sources_dir}")
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != doc["sha256"]:
            raise SourceError(
                f"{doc['source_file']}: content changed (sha256 {digest[:12]}…, expected {doc['sha256'][:12]}…); "
                "review the change, then update documents.yaml and the extraction rules"
            )
        result[doc["source_file"]] = read_source(doc, path, raw, digest)
    return result


def read_source(doc: dict, path: Path, raw: bytes, digest: str) -> SourceDocument:
    """One document's lines and locators, read by its format."""
    from analytics.formats import read_document  # the readers (Word, PDF …) load only when a document is read

    text = read_document(path, raw)
    return SourceDocument(doc, path, digest, text.lines, text.locators, text.format)

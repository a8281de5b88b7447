"""Observation notes in the reader's language.

A stored note is what ingestion wrote: a curated rule's note (written once, in English, quoting
the source's Chinese), then, joined by "; ", each quality finding on the row as
`<check code>: <English message>` (analytics/ingest/quality.py). The catalogue holds the findings
in both languages (the quality_notes table); a rule's note exists in one language only. So a note
is shown with each finding named by its check in words and worded in the reader's language, and,
in Chinese, a rule's English note marked as English. Stored notes are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from analytics import dimensions, labels, sql
from analytics.db import Database
from analytics.schema import NOTE_BEARINGS

ENGLISH_MARK = "（英文）"  # before a note that exists in English only, in the Chinese UI
_SEPARATOR = "; "
_FINDING = re.compile(r"(?:^|; )(" + "|".join(map(re.escape, labels.CHECKS)) + r"): ")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def split(note: str) -> tuple[str, list[tuple[str, str]]]:
    """(the rule's note, [(check, English message), …]) of a stored note."""
    found = list(_FINDING.finditer(note))
    if not found:
        return note, []
    rule = note[:found[0].start()]
    findings = []
    for match, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following else len(note)
        findings.append((match.group(1), note[match.end():end]))
    return rule, findings


def localise(note: object, lang: str, messages_zh: Mapping[str, str]) -> str:
    """`note` for a reader of `lang`: findings named in words, in Chinese where the catalogue has
    the Chinese (`messages_zh`: English message → Chinese), else marked; "" for no note."""
    if labels.is_missing(note) or not str(note):
        return ""
    rule, findings = split(str(note))
    zh = lang == "zh"
    parts = []
    if rule:
        parts.append(ENGLISH_MARK + rule if zh and _LATIN_WORD.search(rule) else rule)
    for check, message in findings:
        name = labels.label("check", check, lang)
        if zh:
            worded = messages_zh.get(message)
            parts.append(f"{name}：{worded}" if worded else f"{name}：{ENGLISH_MARK}{message}")
        else:
            parts.append(f"{name}: {message}")
    return ("；" if zh else _SEPARATOR).join(parts)


def messages_zh(db: Database, messages: Iterable[str] | None = None) -> dict[str, str]:
    """English message → Chinese message of every quality note (only of `messages` when given: read in
    SQL, not by loading every note; of one English message worded twice, the last note's in their order)."""
    if messages is None:
        notes = dimensions.quality_notes(db)
        return dict(zip(notes["message_en"], notes["message_zh"], strict=True))
    rows = db.rows(sql.QUALITY_MESSAGES_ZH, {"messages": sorted(set(messages)), "bearings": list(NOTE_BEARINGS)})
    return {row["message_en"]: row["message_zh"] for row in rows}


def localised(notes: pd.Series, db: Database, lang: str) -> pd.Series:
    """A column of stored notes for a reader of `lang` (each distinct note worded once)."""
    distinct = [note for note in notes.dropna().unique() if note]
    findings = lang == "zh" and any(_FINDING.search(note) for note in distinct)
    wanted = {message for note in distinct for _, message in split(note)[1]} if findings else set()
    messages = messages_zh(db, wanted) if findings else {}  # the catalogue's Chinese, read only when needed
    words = {note: localise(note, lang, messages) for note in distinct}
    # a list, not Series.map: a column of only empty notes is float (NaN) and takes no "" in place
    return pd.Series([words.get(note, "") if isinstance(note, str) else "" for note in notes], index=notes.index,
                     dtype=object)

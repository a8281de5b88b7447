"""Every UI string exists in both languages with the same placeholders, and every key the code
asks for exists (a missing key would only show up as a KeyError on some page)."""

from __future__ import annotations

import re
import string

import pytest

from analytics.paths import PROJECT_DIR
from ui.i18n import LANGS, STRINGS, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_the_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == set(LANGS)
    assert all(entry[lang].strip() for lang in LANGS)
    assert placeholders(entry["zh"]) == placeholders(entry["en"])


def test_every_key_used_in_the_code_is_defined():
    used = set()
    sources = [PROJECT_DIR / "app.py", *(PROJECT_DIR / "pages").glob("*.py"), *(PROJECT_DIR / "ui").glob("*.py")]
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*f?["']([a-z0-9_{}]+)["']""", path.read_text(encoding="utf-8")))
    literal = {key for key in used if "{" not in key}
    assert literal, "no t(...) calls found: the pattern is stale"
    assert literal <= set(STRINGS), sorted(literal - set(STRINGS))


def test_missing_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no_such_key", "zh")

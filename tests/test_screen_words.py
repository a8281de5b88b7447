"""Each UI speaks its own language in the words it adds (issue 24), on the screen (AppTest) and in
the downloads' headers: a quality check is named in words, not by its code; one source line is
"line 214", not "lines 214"; an English sentence names units in English even where it repeats
a value as the source wrote it in Chinese."""

from __future__ import annotations

import re

import pytest

from analytics import exports, labels
from analytics.ingest import quality
from tests.apptest_helpers import open_app, shown
from tests.test_screen_text import CJK
from ui.i18n import t


def test_every_quality_check_has_a_name_in_both_languages():
    assert set(labels.CHECKS) == set(quality.BEARING) == {check.__name__ for check in quality.CHECKS}
    for code in labels.CHECKS:
        zh, en = labels.label("check", code, "zh"), labels.label("check", code, "en")
        assert CJK.search(zh) and not CJK.search(en) and "_" not in en and en != code


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_quality_notes_name_their_check_in_words(lang):
    at = open_app("sources", lang=lang)
    notes = at.get("dataframe")[-1].value  # the quality notes are the page's last dataframe
    checks = set(notes[t("col_check", lang)])
    assert checks and checks <= {labels.label("check", code, lang) for code in labels.CHECKS}
    assert not checks & set(labels.CHECKS)


def test_downloads_name_the_ambition_column_in_the_readers_language():
    assert exports.headers(["ambition"], "zh") == [labels.label("column", "ambition", "zh")]
    assert CJK.search(exports.headers(["ambition"], "zh")[0])
    assert exports.headers(["ambition"], "en")[0] != "ambition"


def _footnotes(at) -> list[str]:
    return [shown(re.sub(r"<[^>]+>", "", element.value)) for element in at.markdown
            if "class='source-footnote'" in element.value]


def test_one_source_line_is_line_not_lines():
    # Jiangmen's and Zhanjiang's 13th-plan new-jobs targets each come from one line (000:214, 003:103).
    at = open_app("compare", lang="en", city=["jiangmen", "zhanjiang"], period="13th", kind="target")
    footnote = " ".join(_footnotes(at))
    assert "line 214" in footnote and "line 103" in footnote
    assert not re.search(r"\blines \d+\)", footnote), footnote
    trends = " ".join(_footnotes(open_app("trends", lang="en")))
    assert re.search(r"\blines \d+, \d+", trends), trends  # several lines stay "lines"


def test_an_english_note_repeating_a_value_names_its_unit_in_english():
    # Jingdezhen's 2020 business guarantee loans: the table's figure and the text's 21 亿元 (001:139).
    at = open_app("compare", lang="en", indicator="business_guarantee_loans", period="13th", kind="target",
                  city="jingdezhen")
    notes = [shown(caption.value) for caption in at.caption if "also has" in caption.value]
    assert notes, [caption.value for caption in at.caption]
    for note in notes:
        assert not CJK.search(note), note
        assert "21 (100m yuan, a total)" in note
    zh = open_app("compare", lang="zh", indicator="business_guarantee_loans", period="13th", kind="target",
                  city="jingdezhen")
    assert any("另有数值 21 亿元" in shown(caption.value) for caption in zh.caption)


# ---- notes in the reader's language ---------------------------------------------------------------

def test_notes_name_findings_in_words_in_the_readers_language():
    from analytics import explorer, notes
    from analytics.db import get_database

    db = get_database()
    stored = [note for note in explorer.filter_observations(db)["note"].dropna().unique() if note]
    messages = notes.messages_zh(db)
    coded = [note for note in stored if notes.split(note)[1]]
    assert coded and len(coded) < len(stored)
    for note in stored:
        zh, en = notes.localise(note, "zh", messages), notes.localise(note, "en", messages)
        for code in labels.CHECKS:
            assert f"{code}:" not in zh and f"{code}:" not in en, (code, note)
    for note in coded:
        _rule, findings = notes.split(note)
        zh = notes.localise(note, "zh", messages)
        for check, message in findings:
            assert messages[message] in zh and labels.label("check", check, "zh") in zh
    # a curated note exists in English only: marked as such in the Chinese UI
    assert notes.localise("“十三五”时期 total (sentence starts on line 76)", "zh", messages) == \
        "（英文）“十三五”时期 total (sentence starts on line 76)"
    assert notes.localise("专栏4", "zh", messages) == "专栏4"


def test_the_chinese_explorer_shows_findings_in_chinese():
    at = open_app("explorer", lang="zh", city="jiangmen", period="13th")
    table = at.get("dataframe")[0].value
    column = labels.label("column", "note", "zh")
    cells = [cell for cell in table[column] if cell]
    assert any(labels.label("check", "milestones_not_rising", "zh") in cell for cell in cells)
    for cell in cells:
        assert not any(f"{code}:" in cell for code in labels.CHECKS), cell

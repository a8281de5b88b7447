"""What a figure in a sentence is of (analytics.ingest.prose_reader): its label — the words before it,
an item of a list before 分别 and its place, the thing a count counts after it, the subject of a
change — and the catalogue indicator the label names (LabelIndex: exactly, at its core, by a name it
holds or that holds it, or by a close fuzzy score; never one whose unit the figure cannot take)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from analytics import catalogue
from analytics.ingest import prose_cues as cues
from analytics.ingest.prose_phrases import Phrase

FUZZY_MATCH = 90  # rapidfuzz ratio a label needs to be a catalogue name it does not spell exactly
CORE_FUZZY = 88  # the same, between a label and a name at their cores (新增转移农村劳动力 ~ 新增转移农业劳动力)
COVERED_SHARE = 0.7  # a catalogue name inside a label names it when it covers this share of the label
MIN_NEW_LABEL = 3  # characters a label needs to become a new indicator's name
MAX_LABEL = 24  # characters; a longer label keeps its tail, with less confidence
CLAUSE_END = "，,；;。：:！？!?"  # a parenthesis stays in its clause: 参保人数（含离退休）147.18万人

# a label that is only one of these is none
VERBS = frozenset(cues.TRAILING) | frozenset(cues.LEADING) | frozenset(cues.PREPOSITIONS) | frozenset(cues.CHANGE_VERBS)
_TRAILING_LONGEST = sorted(cues.TRAILING, key=len, reverse=True)  # 平均 before 均: the whole word is cut
_CUE_CHARS = frozenset("".join(word for word in VERBS if len(word) == 1))


@dataclass(frozen=True)
class LabelIndex:
    """Indicator names the reader matches labels against: normalised name or alias -> indicator_id,
    and each indicator's unit. `from_catalogue()` builds it from every catalogue indicator; the
    leave-one-out benchmark builds a reduced one."""

    names: dict[str, str]
    units: dict[str, str]
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # units written that count as the unit
    # labels read for several indicators (创业担保贷款: 295笔 and 1.5亿元): each names the one its figure's unit fits
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # ratios the catalogue names (ratios.yaml): normalised label -> the % indicators of its parts, in order
    ratios: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_catalogue(cls) -> LabelIndex:
        from analytics.ingest.tables import ratios

        names, units, equivalents = {}, {}, {}
        for indicator in catalogue.indicators().values():
            for name in (indicator.name_zh, *indicator.aliases_zh):
                names.setdefault(catalogue.normalise_label(name), indicator.indicator_id)
            units[indicator.indicator_id] = indicator.unit
            equivalents[indicator.indicator_id] = tuple(unit for unit, _why in indicator.unit_equivalents)
        return cls(names, units, equivalents, ratios={label: ratio.components for label, ratio in ratios().items()})

    def ratio(self, label: str) -> tuple[str, tuple[str, ...]] | None:
        """The catalogue ratio a label is (exactly, once normalised: 农村…比例 is another): (its label, its
        parts' indicators)."""
        words = catalogue.normalise_label(label)
        return (words, self.ratios[words]) if words in self.ratios else None

    def learning(self, observations) -> LabelIndex:
        """This index plus the labels curated observations were read under (`source_label` ->
        `indicator_id`): what a person read once names the indicator the next time a document words it
        so. A label read for two indicators is shared: it names the one the figure's unit fits, and neither
        where both fit; a name the catalogue holds keeps its indicator; only indicators the index knows the
        unit of are learned."""
        learned: dict[str, set[str]] = {}
        for row in observations:
            label = catalogue.normalise_label(row.get("source_label") or "")
            if len(label) >= MIN_NEW_LABEL and row.get("indicator_id") in self.units:
                learned.setdefault(label, set()).add(row["indicator_id"])
        names, shared = dict(self.names), dict(self.shared)
        for label, indicator_ids in learned.items():
            if label in names:
                continue
            if len(indicator_ids) == 1:
                names[label] = next(iter(indicator_ids))
            else:
                shared[label] = tuple(sorted(indicator_ids))
        return LabelIndex(names, self.units, self.equivalents, shared, self.ratios)

    def fits(self, indicator_id: str, unit: str) -> bool:
        """Whether a value written in `unit` can be stored in the indicator's unit."""
        target = self.units.get(indicator_id)
        if target is None:
            return False
        unit = unit.replace("％", "%")
        if unit == target or unit in self.equivalents.get(indicator_id, ()):
            return True
        if _same_classifier(unit, target):
            return True
        if "%" in (unit, target):
            return False
        try:
            catalogue.convert(1.0, unit, target)
        except catalogue.CatalogueError:
            return False
        return True

    def stored_unit(self, indicator_id: str | None, unit: str) -> str:
        """The unit a figure written in `unit` is stored in: the indicator's, where only the classifier
        differs (11家 of an indicator counted in 个); otherwise as written (converted on storing)."""
        target = self.units.get(indicator_id) if indicator_id else None
        if target and unit != target and _same_classifier(unit, target):
            return target
        return unit

    def match(self, label: str, unit: str) -> tuple[str | None, str]:
        """(indicator_id or None, how) for a label whose value is in `unit`."""
        key = catalogue.normalise_label(label)
        fitting = self._fitting(unit)
        found = [indicator_id for name, indicator_id in fitting if name == key]
        if found:
            return found[0], "exact name"
        new_count = bool(cues.NEW_COUNT.search(key))

        def same_count(name: str) -> bool:  # 新增X is not X, nor X 新增; 新增转移 is 转移就业, itself what is new
            return bool(cues.NEW_COUNT.search(name)) == new_count or (new_count and _names_a_flow(name))

        fitting = [(name, indicator_id) for name, indicator_id in fitting if same_count(name)]
        inside = [(len(name), name, indicator_id) for name, indicator_id in fitting if len(name) >= 3 and name in key]
        if inside:
            length, name, indicator_id = max(inside)
            if length >= COVERED_SHARE * len(key):
                return indicator_id, f"holds the name {name}"
        core = core_label(key)
        by_core = {indicator_id for name, indicator_id in fitting if self._cores[name] == core}
        if len(core) >= 3 and len(by_core) > 1:  # 设立博士后科研工作站: the indicator named just that
            by_core = {indicator_id for name, indicator_id in fitting if name == core and indicator_id in by_core} \
                or by_core
        if len(core) >= 3 and len(by_core) == 1:
            return by_core.pop(), "the same name at its core"
        holding = {indicator_id for name, indicator_id in fitting
                   if len(key) >= 4 and key in name and len(key) >= COVERED_SHARE * len(name)}
        if len(holding) == 1:
            return holding.pop(), "a shorter form of a catalogue name"
        bare = cues.NEW_COUNT.sub("", core)  # 新增转移农村劳动力 against a flow's name without 新增
        same_words = {indicator_id for name, indicator_id in fitting
                      if words_within(core if cues.NEW_COUNT.search(name) else bare, self._cores[name])}
        if len(same_words) == 1:  # 职业技能补贴性培训 = 补贴性职业技能培训; 调解仲裁累计结案率 ⊃ 仲裁结案率
            return same_words.pop(), "the same words in another order, or with words between"
        choices = dict(fitting)  # name -> indicator_id: each name names one indicator the unit fits
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_MATCH) if choices else None
        if best:
            return choices[best[0]], f"close to the name {best[0]} ({best[1]:.0f})"
        if len(core) >= 6:  # 每年新增转移农村劳动力 ~ 新增转移农业劳动力: one word apart at their cores
            scored = {}
            for name, indicator_id in choices.items():
                score = fuzz.ratio(core, self._cores[name], score_cutoff=CORE_FUZZY)
                if score and score > scored.get(indicator_id, (0, ""))[0]:
                    scored[indicator_id] = (score, name)
            if len(scored) == 1:  # only one indicator that close: two would be a guess between them
                indicator_id, (score, name) = scored.popitem()
                return indicator_id, f"close to the name {name} at its core ({score:.0f})"
        return None, "no catalogue name: a new indicator"

    def _fitting(self, unit: str) -> list[tuple[str, str]]:
        """(name, indicator_id) of every name whose indicator a figure in `unit` can be stored in; a shared
        label only where exactly one of its indicators fits. Worked out once per unit: a document's figures
        are in a few units, and every name is tried against each figure's."""
        if unit not in self._fitting_by_unit:
            fitting = [(name, indicator_id) for name, indicator_id in self.names.items()
                       if self.fits(indicator_id, unit)]
            for name, indicator_ids in self.shared.items():
                fits = [indicator_id for indicator_id in indicator_ids if self.fits(indicator_id, unit)]
                if len(fits) == 1:
                    fitting.append((name, fits[0]))
            self._fitting_by_unit[unit] = fitting
        return self._fitting_by_unit[unit]

    @cached_property
    def _fitting_by_unit(self) -> dict[str, list[tuple[str, str]]]:
        return {}

    @cached_property
    def _cores(self) -> dict[str, str]:
        """Each name at its core, computed once per index rather than for every label matched."""
        return {name: core_label(name) for name in (*self.names, *self.shared)}


def _names_a_flow(name: str) -> bool:
    """A name whose last word is what is done (农村劳动力转移就业), counting only what is new: not a name of
    what there is (创业孵化基地)."""
    return any(name.endswith(word) for word in cues.FLOW_WORDS) and not any(word in name for word in cues.STOCK_WORDS)


def _same_classifier(unit: str, target: str) -> bool:
    """Two count classifiers that count the same things (家 and 个: 博士后工作站11家 = 11个)."""
    return unit in cues.COUNT_CLASSIFIERS and target in cues.COUNT_CLASSIFIERS


def words_within(one: str, other: str) -> bool:
    """Whether the shorter of two labels has all its characters (as many times) in the longer, and at least
    COVERED_SHARE of its length: the same words, in another order or with a word or two between."""
    for action in cues.ACTIONS:  # 开展补贴性职业技能培训: the bureau's action is not what is counted
        one, other = one.replace(action, ""), other.replace(action, "")
    shorter, longer = sorted((one, other), key=len)
    if len(shorter) < 4 or len(shorter) < COVERED_SHARE * len(longer):
        return False
    if Counter(shorter) - Counter(longer):
        return False
    # 培养高技能人才 is what a year trains, not the stock 高技能人才: a leading act the other lacks differs
    return not any(longer.startswith(word) and word not in shorter for word in cues.FLOW_WORDS)


def per_period_unit(unit: str, clause: str) -> str:
    """An amount of money the clause gives per month or per year (每人每月100元, 月人均养老金2706元) is in
    元/月 or 元/年; any other unit stays as written."""
    if not unit.endswith("元") or "/" in unit:
        return unit
    if cues.PER_MONTH.search(clause):
        return unit + "/月"
    if cues.PER_YEAR.search(clause):
        return unit + "/年"
    return unit


def core_label(label: str) -> str:
    """A label or name without the words that do not change what is counted (累计, 实现, 人数, 总量 …),
    its standard abbreviations written out."""
    core = cues.NEW_COUNT.sub("新增", catalogue.normalise_label(label))  # 新建, 创建了: what is new, said otherwise
    for short, full in cues.ABBREVIATIONS.items():
        core = core.replace(short, full)
    core = cues.PERSONS_COUNTED.sub("人才", core)
    for word in cues.CORE_ANYWHERE:
        core = core.replace(word, "")
    changed = True
    while changed:
        changed = False
        for word in cues.CORE_LEADING:
            if core.startswith(word) and len(core) > len(word) + 2:
                core, changed = core[len(word):], True
        for word in cues.CORE_TRAILING:
            if core.endswith(word) and len(core) > len(word) + 2:
                core, changed = core[:-len(word)], True
    return core


def clause_start_of(text: str, sentence_start: int, phrase: Phrase, before: Phrase | None) -> int:
    start = sentence_start
    for position in range(phrase.start - 1, sentence_start - 1, -1):
        if text[position] in CLAUSE_END:
            start = position + 1
            break
    if before is not None and before.end > start:
        start = before.end
    return start


def label_of(prefix: str) -> tuple[str, str]:
    """The words before a figure without time, place, enumerators and verbs."""
    label = prefix.strip().strip("、，,和及与")
    label = cues.ENUMERATOR.sub("", label)
    label = cues.LEADING_NUMBER.sub("", label)
    changed = True
    while changed and label:
        changed = False
        stripped = cues.TIME_PHRASE.sub("", label, count=1) if cues.TIME_PHRASE.match(label) else label
        stripped = stripped.strip(" ，,、")
        tail = cues.PER_PERSON_TAIL.sub("", stripped.rstrip())  # 标准从月人均: per person is the unit's part
        stripped = tail if len(tail) >= 2 or not tail else stripped  # 提高至月人均: no label at all
        for word in cues.LEADING:
            if stripped.startswith(word) and len(stripped) > len(word) + 1:
                stripped = stripped[len(word):]
                break
        for word in _TRAILING_LONGEST:
            if stripped.endswith(word) and len(stripped) > len(word) + 1:
                stripped = stripped[: -len(word)]
                stripped = cues.MODAL.sub("", stripped) if len(stripped) > 3 else stripped
                break
        stripped = _balanced(stripped.strip(" ，,、"))
        if stripped != label:
            label, changed = stripped, True
    label = re.sub(r"\s+", "", label)
    label = cues.PER_PERSON_TAIL.sub("", label) if len(cues.PER_PERSON_TAIL.sub("", label)) >= 2 else label
    stripped = without_leading_actions(label)  # a label names a thing, not the bureau's action: 组织各类干部培训
    return (stripped if len(stripped) > 2 else label), "the words before it"


_PLACE = r"(?:市本级|市直|[\u4e00-\u9fff]{2}(?:区|县|旗|市))"
_PLACE_LIST = re.compile(rf"{_PLACE}(?:[、和及]{_PLACE})+")
_JOINED = re.compile(r"\s*(?:[、，,和及与]|以及)\s*")


@dataclass(frozen=True)
class ListMember:
    """A figure's place in a list after 分别: its label, its district, the words that hold the label."""

    label: str | None
    district: str | None
    words: str
    first: int  # the position of the list's first figure
    size: int  # how many figures the list has
    reason: str | None = None  # why the list cannot be read
    own: bool = False  # the label is this figure's own item of the list (A、B分别…), not words said of all


def list_members(text: str, sentence_start: int, phrases: list[Phrase]) -> dict[int, ListMember]:
    """The figures of lists after 分别 (A、B分别达到x、y; 蓬江区、江海区…分别为x、y…): position -> member."""
    members: dict[int, ListMember] = {}
    places_before: list[str] | None = None
    position = 0
    while position < len(phrases):
        last = position
        while last + 1 < len(phrases) and _JOINED.fullmatch(text[phrases[last].end:phrases[last + 1].start]):
            last += 1
        group = list(range(position, last + 1))
        head = text[sentence_start:phrases[position].start]
        clause = re.split(r"[，,；;。：:]", head)[-1]
        found = list(_PLACE_LIST.finditer(head))
        if found:
            places_before = re.findall(_PLACE, found[-1][0])
        cut = clause.rfind("分别")
        if len(group) >= 2 and cut >= 0:
            words = clause[:cut]
            listed = list(_PLACE_LIST.finditer(words))
            places = re.findall(_PLACE, listed[-1][0]) if listed else places_before
            if listed:
                words = words[listed[-1].end():]
            items = [item for item in cues.LIST_SPLIT.split(words) if item.strip()]
            trailing = re.split(r"[，,；;。（(]", text[phrases[last].end:])[0]
            verb = cues.NEW_COUNT.search(clause[cut + 2:])  # 分别累计新增3万人、6.4万人
            shared = verb[0] if verb else _shared_new_count(items)
            for order, member in enumerate(group):
                if places is not None and len(places) != len(group):
                    members[member] = ListMember(None, None, words, group[0], len(group),
                                              f"{len(group)} figures for the {len(places)} places listed before 分别")
                    continue
                own = places is None and len(items) == len(group)
                if own:
                    label = label_of(items[order])[0]
                    if shared and label and not cues.NEW_COUNT.search(label):
                        label = shared + label  # 专业技术人员、高技能人才累计新增: each is a count of what is new
                    period = _shared_period(items)
                    if period and label and not label.endswith(period):
                        label += period  # 最低工资标准和…标准五年分别累计提高: each one's five years
                    measure = _shared_measure(items)
                    if measure and label and not label.endswith(measure) and not cues.NEW_COUNT.search(label) \
                            and phrases[member].unit == phrases[last].unit:
                        label += measure  # 专技人才和技能人才总量: each one's (not 新增就业, nor 12所 of 3.5万人)
                else:
                    label = label_of(words)[0] or label_of(trailing)[0]
                members[member] = ListMember(label or None, places[order] if places else None, words + trailing,
                                          group[0], len(group), own=own and bool(label))
        position = last + 1
    return members


def _shared_new_count(items: list[str]) -> str:
    """新增 (or 新建 …) that opens a list's first item or closes its last: it is said of every item."""
    if not items:
        return ""
    first = cues.NEW_COUNT.match(items[0].strip())
    last = re.search(f"(?:{cues.NEW_COUNT.pattern})$", items[-1].strip())
    return (first or last)[0] if first or last else ""


def _shared_period(items: list[str]) -> str:
    """A number of years (五年, 3年间) closing a list's last item: the time all its items are said of."""
    found = _YEARS_CLOSING.search(items[-1].strip()) if len(items) >= 2 else None
    return found[0] if found else ""


# a number of years written as one (五年, 十五年, 3年), not the end of a date (二〇一四年, 二○一四年, 2014年),
# nor 近两年 (about two years), nor 第三年 (the third year)
_YEARS_CLOSING = re.compile(r"(?<![\d〇○OＯ零一二三四五六七八九十两百年近第])"
                            r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九两]|\d{1,2})年(?:来|间|内)?$")


def _shared_measure(items: list[str]) -> str:
    """总量 (总数, 规模) closing a list's last item, no other item saying what of it is measured: it is said
    of every item."""
    last = next((word for word in cues.SHARED_MEASURES if items and items[-1].strip().endswith(word)), "")
    return last if last and not any(word in item for item in items[:-1] for word in cues.CORE_TRAILING) else ""


def without_actions(label: str) -> str:
    """The words before a count without the rounds and the bureau's actions that open them (组织50家企业)."""
    return without_leading_actions(cues.ROUNDS.sub("", label))  # 公布三批次共160多个平台: not what is counted


def without_leading_actions(label: str) -> str:
    """A label without the bureau's actions that open it (组织开展各类培训 -> 各类培训); inside a label they
    stay (调解组织建设率, 各级部门组织开展…)."""
    changed = True
    while changed:
        changed = False
        for action in cues.ACTIONS:
            if label.startswith(action):
                label, changed = label[len(action):], True
    return label


def only_cue_words(label: str) -> bool:
    """共为, 新为: words around a label and no label."""
    return label in VERBS or all(char in _CUE_CHARS for char in label)


def change_subject(label: str, member: ListMember | None, position: int, earlier: list[str]) -> str | None:
    """What a change is of: the label before it (最低工资标准…提高66.67%), or for a list after 分别 with no
    label of its own (…人数A万人、B万人，分别增长x%、y%), the labels of the figures before it, in order."""
    if label and label not in VERBS and len(label) >= 2:
        return label
    if member is None:
        return earlier[-1] if earlier else None  # 参保人数46.7万人，比…增长21.6%: the figure before it
    if len(earlier) < member.size:
        return None
    return earlier[len(earlier) - member.size + (position - member.first)]


_AMOUNT_NEXT = re.compile(r"\s*[\d.]+\s*[万亿千]?元")
PERSONS = ("人", "名", "人次")  # units that count people: a count of them can be named by what was done for them
_ASIDE = re.compile(r"[（(][^（()）\d，,；;。]{1,8}[)）]")  # a short aside with no figure: 区域性（特色性）


def _balanced(words: str) -> str:
    """Words without the quotation marks at their ends that close or open nothing: “联络五邑”海外服务工作站 keeps
    its opening mark, 培训” loses its closing one."""
    words = words.strip("\"")
    while words.startswith("“") and "”" not in words:
        words = words[1:]
    while words.endswith("“"):
        words = words[:-1]
    while words.endswith("”") and "“" not in words:
        words = words[:-1]
    return words


def _clause_after(after: str) -> str:
    """The words after a figure up to its clause's end or the next number; a short aside stays in them
    (区域性（特色性）基地), one that opens them qualifies the unit (100人（次）外国专家) and is dropped."""
    masked = _ASIDE.sub(lambda aside: "\0" * len(aside[0]), after)
    clause = after[:len(re.split(r"[，,；;。：:（(\d]", masked, maxsplit=1)[0])][:30].strip()
    return _ASIDE.sub("", clause, count=1) if _ASIDE.match(clause) else clause


def done_for_people(after: str, unit: str) -> str | None:
    """What was done for the people a count with no noun of its own counts, when the words before it name
    nothing (为3.84万人提供“一对一”就业帮扶: 提供“一对一”就业帮扶)."""
    if cues.base_unit(unit) not in PERSONS:
        return None
    clause = _clause_after(after)
    if not clause.startswith(cues.DONE_FOR):
        return None
    done = _balanced(clause.strip("的 、，,"))[:MAX_LABEL]
    return done if len(done) >= MIN_NEW_LABEL else None


def counted_noun(after: str, unit: str) -> str | None:
    """What a count counts when the sentence names it after the figure (681家企业开展…: 企业; 新增2家省级创业
    孵化示范基地: 省级创业孵化示范基地): the words up to the clause's end or the verb of what is done with it."""
    if unit.endswith(("%", "元")):
        return None  # a share or an amount is not a count of things
    clause = _clause_after(after)
    if not clause or not ("\u4e00" <= clause[0] <= "\u9fff" or clause[0] in "“\""):
        return None
    cut = min((clause.find(verb) for verb in cues.AFTER_COUNT if clause.find(verb) >= 0), default=len(clause))
    phrase = _balanced(clause[:cut].strip("的 、，,").removesuffix("和").removesuffix("及"))
    heads = cues.HEAD_NOUNS.get(cues.base_unit(unit), ())
    head = next((noun for noun in heads if phrase.startswith(noun) and len(phrase) > len(noun) + 1), None)
    if head and cut == len(clause) and _AMOUNT_NEXT.match(after[after.find(clause) + len(clause):]):
        # 减免8.17万家用人单位社保费44.49亿元: the units counted, and the fee whose amount follows
        return f"{phrase[len(head):]}的{head}"
    if 2 <= len(phrase) < MIN_NEW_LABEL:  # 2300多家企业发放稳岗返还资金: a bare 企业 says too little
        done = clause[cut:].strip("“”\"的 、，,")
        # what is done with them, then them (发放稳岗返还资金的企业): not the words of the amount that follows
        phrase = f"{done}的{phrase}"[-MAX_LABEL:] if done else clause[:MAX_LABEL].strip("“”\"的 ")
    return phrase if len(phrase) >= 2 else None

"""The words the generic prose reader (analytics.ingest.prose_reader) reads sentences by.

These are rules of how Chinese plans and reports write a figure, not a vocabulary of any
document: what marks a target or an achievement, a span of years, a bound, a change, a list.
A word added here must hold for any bureau's document; a figure one document words oddly is
left unread (and listed) rather than given a word of its own.
"""

from __future__ import annotations

import re

# Headings: a chapter, a section, a numbered part (第一章, 第二节, 一、, （一）, 1.), short, no full stop.
HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*|<b>)?\s*(?:第[一二三四五六七八九十百\d]+[章节篇部分]|"
                     r"[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[)）])")
MAX_HEADING = 40  # characters: a longer line is a paragraph that starts with a number

# What a section is about, from the words of its heading (the first that occurs decides).
REVIEW_HEADING = ("基础", "成就", "回顾", "成效", "进展", "工作情况", "完成情况", "总结", "取得")
PLAN_HEADING = ("目标", "任务", "计划", "思路", "打算", "安排", "展望", "要求", "措施", "重点")

# A sentence that sets a target (kind target whatever the section), and one that reports an outcome.
TARGET_CUES = ("力争", "确保", "目标", "预期", "争取", "计划", "将", "要", "到20", "至20", "以前", "前")
OUTCOME_CUES = ("完成", "实现", "达到", "全年", "同比", "比上年", "已", "取得", "共", "累计")

# Spans of years.
RUNNING_TOTAL = ("累计", "累积")  # a total: over the plan period the sentence is in, or to date in a one-year report
PERIOD_CUES = ("五年来", "五年间", "时期", "期间", "期内", "以来", "五年")  # a sentence about a whole period
PLAN_PERIOD_CUES = ("五年", "期间", "时期", "期内")  # a plan's target over its whole period (未来五年, “十四五”期间)
# A number of years given for the work (用5年, 5年内, 三年间): a figure said with it is their total.
DURATION = re.compile(r"用\s*(\d{1,2}|[一二三四五六七八九十两])\s*年(?:时间)?|"
                      r"(?<![\d年一二三四五六七八九十两])(\d{1,2}|[一二三四五六七八九十两])\s*年(?:时间)?(?:内|间|里)")
STOCK_WORDS = ("率", "比例", "比重", "占比", "总量", "总数", "参保", "标准", "水平", "覆盖", "在校生", "规模",
               "人数", "余额", "平均", "人均", "月均", "年均", "限额", "达到", "提高到", "提高至", "提升至", "增至")
FLOW_WORDS = ("新增", "增加", "培训", "发放", "帮助", "促进", "开展", "举办", "招聘", "转移", "实现就业", "再就业",
              "安置", "引进", "扶持", "带动", "减免", "补贴", "创业", "认定", "评选", "录用", "调解", "处理",
              "开发", "组织", "吸纳", "输出", "培养", "资助", "办理", "追回", "兑现", "享受", "就业")
AT_PERIOD_END = ("期末", "年底", "年末", "截至", "截止")  # a level at a date, not what a period did

# A change, not a level: 同比增长4.9%, 提高3.2个百分点, 增长10%. Read as no value (listed unread).
CHANGE_BEFORE = re.compile(r"(?:(?:同比|比|较)(?:\s*(?:19|20)\d{2}\s*年)?[^，,；;。、\d]{0,12}?)?(?:分别)?(?:累计)?"
                           r"(?:增长|下降|减少|提高|降低|上升|增加|回落)了?\s*$")
# The year a change is measured from (比2010年底增长13.1%, 较2015年增长): not the year of the figure.
CHANGE_BASE_YEAR = re.compile(r"(?:比|较)\s*((?:19|20)\d{2})\s*年")
YEAR_ON_YEAR = re.compile(r"同比|(?:比|较)(?:上年|去年|上一年)")  # a change over one year
# Said of every year, not of all the years together: 每年, 年度, 年均, 全市年开展.
EVERY_YEAR = re.compile(r"每年|年度|年均|(?<=[市县区省])年(?![底末内起度])")
NUMBER_OF_A_PART = re.compile(r"(?:专栏|附件|附表|表|图|第)\s*$")  # 专栏 5 人才…: the box's number
POINTS_AFTER = re.compile(r"^\s*个?百分点")

# Comparators written around a number (analytics.notation reads the phrase they make).
PREFIXES = ("不低于", "不少于", "不高于", "不超过", "超过", "高于", "低于", "突破", "超", "约", "近")
SUFFIXES = ("以上", "以内", "以下", "左右")
# A bound the sentence puts in words before the number: 控制在3.2%以内 (≤), 保持在 … (=).
UPPER_BOUND_VERBS = ("控制在",)
CLAUSE_BOUNDS = {"不超过": "<=", "不高于": "<=", "不低于": ">=", "不少于": ">="}  # anywhere in the figure's clause

# Words around a label that are not the label: leading (where, when, who) and trailing (verbs).
LEADING = ("力争", "确保", "争取", "直接", "其中", "目前", "截至目前", "全市", "我市", "全区", "全县", "全省", "本市",
           "全年", "今年", "当年", "年内", "年末", "年底", "同时", "此外", "另外", "并且", "并", "还", "共", "总计",
           "合计", "先后", "分别", "平均", "年均", "等")
PREPOSITIONS = ("为", "对", "向", "给", "在", "上")  # alone they name nothing; inside a label they stay (对接服务)
TRAILING = ("分别达到", "分别达", "分别为", "分别", "提高到", "提高至", "提升到", "提升至", "增长到", "增加到",
            "增至", "降低到", "降低至", "降至", "下降到", "控制在", "保持在", "稳定在", "达到", "达", "为", "是",
            "突破", "超过", "超", "约", "近", "共计", "共", "合计", "总计", "累计", "均为", "均", "年均", "平均",
            "不低于", "不少于", "不超过", "高于", "低于", "的", "了", "实现", "完成", "有", "至", "到", "增加", "新增",
            "提高", "提升", "增长", "调整为", "调整到", "调整至", "每年", "以上", "和", "及", "、", "约为", "从", "由")
# Verbs of a change that name nothing alone (降低到 3.5%: the label of the figure before it), but end a name
# as its last word (产业结构调整, 失业率下降): not cut off a label.
CHANGE_VERBS = ("降低", "下降", "调整")
MODAL = re.compile(r"(?:要|应|须|将)$")  # 覆盖率要达到100%: before a verb of the label's end, not part of it
# How a label and a catalogue name are compared at their core: the field's standard abbreviations written
# out, and the words around a name that do not change what is counted (累计实现城镇新增就业 = 城镇新增就业人数).
ABBREVIATIONS = {"社保卡": "社会保障卡", "专技人才": "专业技术人才", "城乡居保": "城乡居民养老保险"}
# Words for the people a count of workers counts, one as good as another (专业技术人员 = 专业技术人才,
# 技能劳动者 = 技能人才): a label's core writes them alike.
PERSONS_COUNTED = re.compile(r"人员|劳动者")
CORE_LEADING = ("已经", "已", "累计", "累积", "实现", "完成", "力争", "设立", "建设", "建立", "每年", "全市", "各类",
                "共")  # not 新建, 新增: a new one is another count than the total
# A share with nothing before it in its clause (贷款金额8052万元,占比53.4%): the share of the figure before it.
SHARE_WORDS = ("占比", "比重", "占", "比例", "所占比例", "所占比重")
# A verb that sets a level, inside a label: 本人工资标准提高至全省职工月平均工资8391元 (whose figure?)
LEVEL_VERB = re.compile(r"提高至|提高到|提升至|提升到|增长到|增加到|逐步达到|达到|降低到|降至")
# How often or in how many rounds something was done (分三批次共, 两期): not what is counted.
ROUNDS = re.compile(r"分?[一二三四五六七八九十两几数多]+(?:批次|批|期|轮)共?")
# A count of what is new (新增博士后工作站) is another indicator than the total (博士后工作站).
# (创建: what is created, not a campaign of that name one takes part in: 参与创建企业, 创建活动)
NEW_COUNT = re.compile(r"新增|新建|新设|新认定|新引进|新开发|新培养|新招(?:聘|录|收)?|(?<!参与)创建了?(?!活动)")
CORE_TRAILING = ("人数", "人次", "总量", "总数", "数量", "人口", "水平", "数")
SHARED_MEASURES = ("总量", "总数", "规模")  # closing a list (专技人才和技能人才总量): what each of its items measures
CORE_ANYWHERE = ("累计", "累积")
PER_PERSON_TAIL = re.compile(r"(?:为|达到?|提高至|提高到|提升至|调整至)?(?:每人每月|每人每年|月人均|人均|每月|每年)$")
# An amount of money per person and month or year (每人每月100元, 月人均养老金2706元): its unit is 元/月, 元/年.
PER_MONTH = re.compile(r"每人每月|月人均|每月|月均|月平均|按月")
PER_YEAR = re.compile(r"每人每年|年人均|按年")
# The general count classifier 个 and the classifiers of places and bodies that count the same things
# (博士后工作站11家 = 11个): a figure in one is stored in another when the label names the indicator.
COUNT_CLASSIFIERS = frozenset("个家所座处")
# What a count in a unit is called (培训15场1200余人次: 培训人次), for a figure right after another of the same thing.
COUNT_NOUNS = {"人": "人数", "名": "人数", "人次": "人次", "场": "场次", "场次": "场次", "次": "次数", "个": "个数",
               "家": "家数", "项": "项数", "户": "户数", "笔": "笔数", "元": "金额"}


def base_unit(unit: str) -> str:
    """The unit without its multiplier: 人 for 万人, 元 for 亿元."""
    return unit.lstrip("万亿千百十")


def count_noun(unit: str) -> str:
    """人数 for 万人, 人次 for 人次, 金额 for 亿元; empty for a unit no word names."""
    return COUNT_NOUNS.get(base_unit(unit), "")


# What a count of employers or of people counts, when words follow it before an amount (减免8.17万家用人单位
# 社保费44.49亿元: 用人单位 are counted, 社保费 is the amount's): the general nouns of the field's counts, by
# the classifier that counts them.
HEAD_NOUNS = {"家": ("用人单位", "企业", "单位", "机构"),
              "人": ("企业职工", "劳动者", "职工", "农民工", "人员", "员工"),
              "名": ("企业职工", "劳动者", "职工", "农民工", "人员", "员工")}
# What is done for people a count names no noun for (为3.84万人提供“一对一”就业帮扶).
DONE_FOR = ("提供", "开展", "发放", "办理", "落实", "兑现", "组织", "安排", "推荐", "培训")
# After a count, what is done with what it counts (681家企业开展…, 22名医务人员取得…): the counted noun ends there.
AFTER_COUNT = ("开展", "提供", "参加", "参与", "实现", "获得", "取得", "赴", "来", "到", "进行", "完成", "备案", "入驻",
               "发放", "申报", "直接", "通过", "帮助", "享受", "得到", "达到", "达", "成功", "加入", "免费", "办理",
               "接受", "从事", "已", "被", "均", "全部", "将", "为", "在")
# the bureau's actions, not part of what is counted
ACTIONS = ("开展", "组织", "实施", "推动", "支持", "公布", "指导", "提供")
ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(]?\d+(?:[)）、]|[.．](?!\d))|[①-⑳]|"
                        r"[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[)）])\s*")
# A number opening a label, not a figure of its own (10.9万符合条件的人员100%完成代缴): how many the label's
# people are, not what the figure is of.
LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)?\s*[万亿](?=[\u4e00-\u9fff])")  # not 12333热线, 2025届
TIME_PHRASE = re.compile(r"(?:到|至|截至|截止|截止到)?\s*(?:19|20)\d{2}\s*年(?:底|末|年底|年末|前|以来|起|度)?|"
                         r"“?[一二三四五六七八九十]+五”?(?:时期|期间|期末|以来|末)?|(?:五年来|五年间|年底前|年内|今年以来)|"
                         + DURATION.pattern)

# A label that opens with every place of a kind (各市、区企业劳动合同签订率达到93％): a figure for each of them.
EVERY_PLACE = re.compile(r"^各(?:[市区县]|[（(][市区县、]+[)）])+(?:、[市区县])*")
# Districts: a list of places before 分别 (蓬江区、江海区…), each a few characters ending in a level.
DISTRICT = re.compile(r"^(?:[\u4e00-\u9fff]{1,5}(?:区|县|旗)|[\u4e00-\u9fff]{2,4}市|市本级|市直)$")
LIST_SPLIT = re.compile(r"[、，,]|和|及|与")

# The completion a report states for its own target: 完成年度目标的112%, 完成“十三五”规划目标的102.36%.
COMPLETION = re.compile(r"完成[^，,；;。]{0,20}(?:目标|任务|计划)[^，,；;。]{0,4}的\s*$")
# From one level to another: 由X提高到Y, 从X提高至Y (the first is the starting level).
FROM_TO = re.compile(r"(?:由|从)\s*(?:每人每月|每人每年|月人均|人均)?\s*$")

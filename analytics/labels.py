"""Chinese and English labels of the codes of the data: columns, value kinds, statuses,
comparators, attributes, reasons, units. Used by exports, verdicts, the CLI and the pages, so
a term reads the same everywhere.

`label(kind, key, lang)`; `describe(column, lang)` gives a column's meaning (data dictionary).
Names of cities, plan periods and categories are data, not codes: they come from their
tables through analytics.dimensions (`city_name(db, ...)`, `plan_period_name(db, ...)`,
`category_name(db, ...)`), never from here.
"""

from __future__ import annotations

import math

LANGS = ("zh", "en")

# A null plan period: the value sits outside any plan table (e.g. a pilot's targets).
OUTSIDE_PLAN_TABLES = ("规划表外", "outside plan tables")

COLUMNS: dict[str, tuple[str, str]] = {
    # pace (analytics.pace)
    "base_year": ("基期年份", "Baseline year"),
    "base_value": ("基期值", "Baseline value"),
    "base_raw": ("基期值（原文）", "Baseline (as written)"),
    "base_period_start": ("基期累计起始年", "Baseline total from"),
    "base_period_end": ("基期累计截止年", "Baseline total to"),
    "target_value": ("目标值", "Target value"),
    "target_period_start": ("目标累计起始年", "Target total from"),
    "target_period_end": ("目标累计截止年", "Target total to"),
    "pace": ("所需速度", "Required pace"),
    "pace_unit": ("速度单位", "Pace unit"),
    "ambition": ("力度（按指标方向的速度）", "Ambition (pace in the indicator's direction)"),
    "pace_bound": ("界限", "Bound"),
    "pace_text": ("所需速度", "Required pace"),
    "previous_pace": ("上一规划期实际速度", "Pace achieved in the previous plan"),
    "stated_pace": ("规划所定年均增长（%）", "Average annual growth the plan states (%)"),
    "stated_pace_raw": ("规划所定年均增长（原文）", "Average annual growth the plan states (as written)"),
    "is_milestone": ("是否阶段目标", "Milestone"),
    "final_target_year": ("期末目标年份", "Final target year"),
    "final_target_value": ("期末目标值", "Final target value"),
    "even_value": ("均匀进度值", "Even-pace value"),
    "milestone": ("阶段目标与均匀进度", "Milestone vs even pace"),
    "actual_value": ("实际值", "Actual value"),
    "even_value_at_actual": ("该年均匀进度值", "Even-pace value that year"),
    "on_track": ("符合序时进度", "On track"),
    "note_zh": ("说明（中文）", "Note (Chinese)"),
    "note_en": ("说明（英文）", "Note (English)"),
    "base_source_file": ("基期值出处文件", "Baseline source file"),
    "base_source_line": ("基期值出处行", "Baseline source line"),
    "target_source_file": ("目标出处文件", "Target source file"),
    "target_source_line": ("目标出处行", "Target source line"),
    "base_source_locator": ("基期值原文位置", "Baseline place in the original"),
    "target_source_locator": ("目标原文位置", "Target place in the original"),
    "actual_source_locator": ("完成值原文位置", "Actual place in the original"),
    "obs_id": ("记录编号", "Record id"),
    "city_id": ("城市代码", "City id"),
    "city": ("城市", "City"),
    "district": ("区县", "District"),
    "indicator_id": ("指标代码", "Indicator id"),
    "indicator": ("指标", "Indicator"),
    "name_zh": ("指标名称（中文）", "Indicator (Chinese)"),
    "name_en": ("指标名称（英文）", "Indicator (English)"),
    "category": ("类别", "Category"),
    "category_zh": ("类别（中文）", "Category (Chinese)"),
    "category_en": ("类别（英文）", "Category (English)"),
    "direction": ("方向", "Direction"),
    "plan_period": ("规划期", "Plan period"),
    "year": ("年份", "Year"),
    "value_kind": ("数值类型", "Value kind"),
    "value": ("数值", "Value"),
    "display_value": ("显示值", "Shown value"),
    "unit": ("单位", "Unit"),
    "comparator": ("比较符", "Comparator"),
    "is_cumulative": ("五年累计", "Cumulative"),
    "span_kind": ("时段类型", "Span kind"),
    "target_scope": ("目标范围", "Target scope"),
    "also_stated_in": ("另见于", "Also stated in"),
    "period_start": ("累计起始年", "Span start"),
    "period_end": ("累计截止年", "Span end"),
    "raw_text": ("原文数值", "Value as written"),
    "raw_unit": ("原文单位", "Unit as written"),
    "source_label": ("原文指标名", "Indicator as written"),
    "attribute": ("指标属性", "Attribute"),
    "doc_id": ("文件代码", "Document id"),
    "source_file": ("来源文件", "Source file"),
    "source_line": ("行号", "Line"),
    "source_locator": ("原文位置", "Place in the original"),
    "source_table": ("来源表格", "Source table"),
    "quote": ("原文摘录", "Quote"),
    "note": ("备注", "Note"),
    "reading": ("读取方式", "Read by"),
    "confidence": ("机器读取置信度", "Machine confidence"),
    "read_mark": ("读取", "Read"),
    "series": ("系列", "Series"),
    "annual_average_applied": ("已折算年均", "Annual average applied"),
    "baseline_value": ("基期值", "Baseline value"),
    "change_from_baseline_pct": ("较基期变化（%）", "Change from baseline (%)"),
    "target_raw": ("目标（原文）", "Target (as written)"),
    "actual_raw": ("完成（原文）", "Actual (as written)"),
    "target": ("目标值", "Target"),
    "actual": ("完成值", "Actual"),
    "actual_comparator": ("完成值比较符", "Actual comparator"),
    "target_cumulative": ("目标为累计", "Target cumulative"),
    "actual_cumulative": ("完成为累计", "Actual cumulative"),
    "target_year": ("目标年份", "Target year"),
    "actual_year": ("完成年份", "Actual year"),
    "status": ("状态", "Status"),
    "reason": ("判定依据", "Reason"),
    "reason_text": ("判定说明", "Explanation"),
    "ratio_pct": ("完成比例（%，计算）", "Achievement (%, computed)"),
    "reported_completion_pct": ("完成比例（%，原文）", "Completion (%, as reported)"),
    "reported_completion_raw": ("完成比例（原文）", "Completion as written"),
    "completion_disagrees": ("原文比例与计算不符", "Reported % disagrees"),
    "reason_zh": ("判定说明（中文）", "Explanation (Chinese)"),
    "reason_en": ("判定说明（英文）", "Explanation (English)"),
    "actual_source": ("完成值来源", "Actual taken from"),
    "actual_period_start": ("完成值累计起始年", "Actual span start"),
    "actual_period_end": ("完成值累计截止年", "Actual span end"),
    "actual_kind": ("完成值类型", "Actual value kind"),
    "reported_source_file": ("原文比例来源文件", "Reported % source file"),
    "reported_source_line": ("原文比例行号", "Reported % line"),
    "target_obs_id": ("目标记录编号", "Target record id"),
    "actual_obs_id": ("完成记录编号", "Actual record id"),
    "other_values": ("同年其他数值", "Other values of the year"),
    "baseline_raw": ("基期值（原文）", "Baseline (as written)"),
    "baseline_year": ("基期年份", "Baseline year"),
    "multi_city": ("多城市可比", "Several cities"),
    "aliases_zh": ("原文名称", "Source spellings"),
    "reviewed": ("已审核", "Reviewed"),
    "definition_note": ("口径说明", "Definition note"),
    "city_ids": ("有数据的城市", "Cities with data"),
    "plan_periods": ("规划期", "Plan periods"),
    "value_kinds": ("数值类型", "Value kinds"),
    "alternatives": ("其他完成值", "Other actual values"),
    "target_alternatives": ("其他目标值", "Other target values"),
    "actual_source_file": ("完成值来源文件", "Actual source file"),
    "actual_source_line": ("完成值行号", "Actual line"),
    "actual_source_table": ("完成值来源表格", "Actual source table"),
    "actual_quote": ("完成值摘录", "Actual quote"),
    "n_values": ("数值个数", "Values"),
    "n_rows": ("记录数", "Rows"),
    "n_indicators": ("指标个数", "Indicators"),
    "n_cities": ("城市数", "Cities"),
    "n": ("个数", "Count"),
}

_MEANINGS: dict[str, tuple[str, str]] = {
    "obs_id": ("记录的稳定编号（由文件、行号、指标等计算）",
               "Stable id of the row (hash of file, line, indicator, ...)"),
    "city_id": ("城市代码（城市表 cities.parquet 的 city_id，中英文名称见该表）",
                "City id (city_id of the cities table, cities.parquet, which holds its names)"),
    "district": ("区县；空值表示全市", "District; empty means the whole city"),
    "indicator_id": ("指标目录中的标准代码", "Canonical id in the indicator catalogue"),
    "name_zh": ("指标标准中文名", "Canonical Chinese name of the indicator"),
    "name_en": ("指标标准英文名", "Canonical English name of the indicator"),
    "category": ("指标类别代码（类别表 categories.parquet 的 category）",
                 "Category code of the indicator (category of the categories table, categories.parquet)"),
    "plan_period": ("规划期代码（规划期表 plan_periods.parquet 的 plan_period，名称与起止年份见该表）；"
                    "空值表示不属任何规划表",
                    "Plan period id (plan_period of the plan periods table, plan_periods.parquet, with its names "
                    "and years); empty: outside any plan table"),
    "year": ("数值所指年份（累计数为期末年）", "Year the value refers to (a cumulative value: the span's last year)"),
    "value_kind": ("target 目标 / actual 完成 / baseline 基期 / reported_completion_pct 原文完成比例 / "
                   "target_growth_pct 年均增长目标（%）",
                   "target / actual / baseline / reported_completion_pct (completion % as the document reports it) / "
                   "target_growth_pct (a target stated as average annual growth over the plan period, %)"),
    "value": ("数值，已换算为指标标准单位；空值表示原文无数值（如“—”）",
              "Value in the indicator's canonical unit; empty when the source gives none (e.g. —)"),
    "unit": ("指标标准单位", "Canonical unit of the indicator"),
    "comparator": ("数值的比较方式：eq 等于 / le 以内（≤）/ lt 小于 / ge 以上（≥）/ gt 大于 / approx 左右、约。"
                   "CSV 与 Excel 中写作这些单词（以免电子表格把 = <= 等当作公式），Parquet 中为原代码 = <= < >= > ~",
                   "How the value bounds: eq equals / le within (≤) / lt below / ge at least (≥) / gt above / "
                   "approx about. CSV and Excel files carry these words (a spreadsheet would read = or <= as a "
                   "formula); Parquet keeps the stored codes = <= < >= > ~"),
    "actual_comparator": ("完成值的比较方式（如“超过”），写法同“比较符”：eq / le / lt / ge / gt / approx；"
                          "Parquet 中为原代码 = <= < >= > ~",
                          "How the actual bounds (e.g. “more than”), written like the comparator: eq / le / lt / "
                          "ge / gt / approx; Parquet keeps the stored codes = <= < >= > ~"),
    "is_cumulative": ("是否为五年累计数（原文以 [ ] 标注）",
                      "Whether the value is a multi-year total ([ ] in the source)"),
    "period_start": ("累计数覆盖的起始年", "First year a cumulative value covers"),
    "span_kind": ("year 单年数 / total 给定年份的累计数 / "
                  "to_date 截至该年的累计数（起始年未说明，不与单年数或规划期累计数比较）",
                  "year: one year / total: a total over the stated span / to_date: a running total to the year, "
                  "start not stated (never compared with a one-year value or a plan-period total)"),
    "target_scope": ("plan 规划自身的目标 / annual 年度报告为当年设定的目标；非目标为空",
                     "plan: the plan's own target / annual: a target set for one year (an annual report's); "
                     "empty for other kinds"),
    "period_end": ("累计数覆盖的截止年", "Last year a cumulative value covers"),
    "raw_text": ("原文中的数值写法", "The value exactly as written in the source"),
    "raw_unit": ("原文中的单位", "The unit as written in the source"),
    "source_label": ("原文中的指标名称", "The indicator's name as the source words it"),
    "attribute": ("binding 约束性 / expected 预期性", "binding (约束性) / expected (预期性)"),
    "doc_id": ("来源文件代码（见“来源”表）", "Source document id (see the sources sheet)"),
    "source_file": ("来源文件名", "File name of the source document"),
    "source_line": ("来源文件中的行号（从1起；Word、PDF、网页为其文本的行号）",
                    "Line number in the source file (1-based; for Word, PDF and web pages, of its text)"),
    "source_locator": ("该行在原始文件中的位置（PDF页码如 p. 7、Word表格行、网页元素）；纯文本文件为空",
                       "Where the line is in the original file (p. 7 of a PDF, a Word table row, a web page "
                       "element); empty for a plain-text file"),
    "source_table": ("来源表格（如专栏2）；空值表示正文", "Source table (e.g. 专栏2); empty for prose"),
    "quote": ("该行原文摘录，可在来源文件中检索", "Exact excerpt of the source line"),
    "note": ("关于该数值的说明", "Anything odd about the value"),
    "reading": ("该数值如何读取：curated 人工编写的正文规则 / table 通用表格读取（表格的行与列）/ "
                "machine 通用正文读取器（机器读取，未经人工核对）",
                "How the value was read: curated (a hand-written prose rule) / table (the generic table reader, "
                "from a table's rows and columns) / machine (the generic prose reader: machine-read, not yet "
                "reviewed by a person)"),
    "confidence": ("机器读取的置信度（0–1）；仅 machine 读取有值，其余为空",
                   "The machine reading's confidence (0–1); empty unless the reading is machine"),
    "status": ("met 达成 / not_met 未达成 / not_comparable 不可比 / no_actual 无完成值",
               "met / not_met / not_comparable / no_actual"),
    "target_raw": ("目标原文写法", "The target as written in the source"),
    "actual_raw": ("完成值原文写法", "The actual as written in the source"),
    "target": ("目标数值（标准单位）", "Target number (canonical unit)"),
    "actual": ("完成数值（标准单位）", "Actual number (canonical unit)"),
    "reason": ("判定依据代码", "Reason code of the status"),
    "reported_completion_pct": ("文件自报的完成比例", "Completion percentage as the document reports it"),
    "completion_disagrees": ("自报比例与计算比例相差超过0.5个百分点",
                             "Reported and computed differ by more than 0.5 points"),
    "actual_source": ("完成值取自：table 规划表格 / prose 正文 / next_plan_baseline 下一规划的基期值",
                      "Where the actual comes from: table / prose / next_plan_baseline"),
    "alternatives": ("同一年份的其他完成值（原文、文件:行号）",
                     "Other actual values of that year (as written, file:line)"),
    "display_value": ("显示值：勾选“年均”时累计数除以年数",
                      "Shown value: a cumulative value ÷ years when annual average is on"),
    "change_from_baseline_pct": ("相对本市基期值的变化百分比（口径相同时）",
                                 "Change from the city's own baseline, in percent (same basis only)"),
    "series": ("target 目标 / actual 实际 / baseline 基期", "target / actual / baseline"),
    "reviewed": ("是否已经人工审核；否：由来源中目录未收录的指标名称自动添加，待审核后并入已有指标或保留",
                 "Whether a person has reviewed the indicator; False: added automatically from a source label "
                 "the catalogue did not know, to be merged into an existing indicator or kept"),
    "ratio_pct": ("计算的完成比例：正向指标 完成/目标，逆向指标 目标/完成",
                  "Computed: actual/target (higher is better) or target/actual"),
}

VALUE_KINDS = {
    "target": ("目标", "Target"),
    "actual": ("完成", "Actual"),
    "baseline": ("基期", "Baseline"),
    "reported_completion_pct": ("原文完成比例", "Reported completion %"),
    "target_growth_pct": ("年均增长目标（%）", "Target: average annual growth (%)"),
}

# How a value was read (observations.reading, schema.READINGS). A machine-read value is marked wherever it is
# shown: MACHINE_MARK and the words (`reading_mark`), never the symbol alone.
READINGS = {
    "curated": ("人工规则读取", "curated rule"),
    "table": ("表格读取", "table"),
    "machine": ("机器读取，未经人工核对", "machine-read, not reviewed"),
}
MACHINE_MARK = "⚙"  # not ◇, which marks a status (not comparable) on the scorecard


def reading_mark(reading: object, lang: str) -> str:
    """`⚙ machine-read, not reviewed` (in `lang`) for a machine reading, "" for any other or none."""
    if is_missing(reading) or reading != "machine":
        return ""
    return f"{MACHINE_MARK} {label('reading', 'machine', lang)}"


def marked(text: object, reading: object, lang: str) -> str:
    """`text` (a value as written) followed by the machine mark when `reading` is machine; as it is otherwise."""
    mark = reading_mark(reading, lang)
    shown = "" if is_missing(text) else str(text)
    return f"{shown} {mark}" if mark else shown


SERIES = {
    "target": ("目标", "Target"),
    "actual": ("实际", "Actual"),
    "baseline": ("基期（实际）", "Baseline (actual)"),
}

STATUSES = {
    "met": ("达成", "Met"),
    "not_met": ("未达成", "Not met"),
    "not_comparable": ("不可比", "Not comparable"),
    "no_actual": ("无完成值", "No actual"),
}

# Display symbols; "=" shows nothing before the number.
COMPARATORS = {
    "=": ("", ""),
    "<=": ("≤", "≤"),
    "<": ("<", "<"),
    ">=": ("≥", "≥"),
    ">": (">", ">"),
    "~": ("≈", "≈"),
}

COMPARATOR_WORDS = {
    "=": ("等于", "equal to"),
    "<=": ("不超过", "at most"),
    "<": ("低于", "below"),
    ">=": ("不低于", "at least"),
    ">": ("高于", "above"),
    "~": ("左右", "about"),
}

# Comparators as CSV/XLSX downloads write them: a cell "=" or "<=" would be a formula in a
# spreadsheet. Parquet keeps the codes.
SPREADSHEET_COMPARATORS = {
    "=": "eq",
    "<=": "le",
    "<": "lt",
    ">=": "ge",
    ">": "gt",
    "~": "approx",
}

# The data dictionary's note on text that a spreadsheet would take for a formula (OWASP CSV injection).
SPREADSHEET_TEXT_NOTE = (
    "CSV 与 Excel 文件中，以 = + - @、制表符或回车开头的文字前加了一个单引号 '（如原文“-”写作 '-），"
    "以免电子表格把它当作公式；去掉开头的这个 ' 即为原文。数字不受影响。",
    "In CSV and Excel files a leading ' was added to any text beginning with = + - @, a tab or a carriage "
    "return (the source text - reads '-), so that no spreadsheet takes it for a formula; strip that one ' "
    "to get the original. Numbers are unchanged.",
)

ATTRIBUTES = {
    "binding": ("约束性", "Binding"),
    "expected": ("预期性", "Expected"),
}

DIRECTIONS = {
    "higher_better": ("越高越好", "Higher is better"),
    "lower_better": ("越低越好", "Lower is better"),
}

SPAN_KINDS = {
    "year": ("单年", "one year"),
    "total": ("累计", "total"),
    "to_date": ("截至当年累计", "running total to date"),
}

TARGET_SCOPES = {
    "plan": ("规划目标", "plan target"),
    "annual": ("年度目标", "annual target"),
}

# What a quality note means for a comparison (schema.NOTE_BEARINGS, in reading order).
BEARINGS = {
    "conflicting_figures": ("同一数字两处说法不一", "Two statements of one figure disagree"),
    "counted_twice": ("同一表格计了两次", "A table counted twice"),
    "other_year": ("数字属于另一年份", "A figure of another year"),
    "questionable_target": ("目标相对规划自身可疑", "A target odd against its own plan"),
    "rounding": ("仅舍入不同", "A difference of rounding only"),
}

ACTUAL_SOURCES = {
    "table": ("规划表格", "Plan table"),
    "prose": ("正文", "Prose"),
    "next_plan_baseline": ("下一规划的基期值", "Next plan's baseline"),
}

# Why a target was judged as it was. `{tolerance}` is the ≈ tolerance in percent.
REASONS = {
    "reached": ("完成值达到或超过目标（按指标方向）", "The actual reaches the target in the indicator's direction"),
    "within_bound": ("完成值满足目标界限", "The actual satisfies the target's bound"),
    "within_approx": ("目标为“左右”：完成值在目标±{tolerance}%以内或更好",
                      "The target is “about”: the actual is within ±{tolerance}% or better"),
    "short_of_target": ("完成值未达到目标（按指标方向）",
                        "The actual falls short of the target in the indicator's direction"),
    "violates_bound": ("完成值不满足目标界限", "The actual does not satisfy the target's bound"),
    "outside_approx": ("目标为“左右”：完成值偏离目标超过{tolerance}%且方向不利",
                       "The target is “about”: the actual is more than {tolerance}% off on the wrong side"),
    "target_no_value": ("目标无数值（原文为文字或“—”）", "The target has no number (text or — in the source)"),
    "no_actual": ("来源中没有该年的完成值", "The sources give no actual value for that year"),
    "actual_no_value": ("完成值无数值（原文为文字或“—”）", "The actual has no number (text or — in the source)"),
    "unit_mismatch": ("目标与完成值单位不同", "Target and actual are in different units"),
    "cumulative_vs_annual": ("一个是五年累计数，另一个是单年数", "One is a multi-year total, the other a single year"),
    "to_date_total": ("一方是截至该年的累计数（起始年未说明），不能与单年数或规划期累计数比较",
                      "One is a running total to date (start not stated): not comparable with a single year or a "
                      "plan-period total"),
    "span_mismatch": ("两者覆盖的年份不同", "They cover different years"),
    "bound_vs_bound": ("完成值只给出界限，无法判断是否达到目标",
                       "The actual is only a bound and could be on either side of the target"),
}

# The quality checks of ingestion (analytics/ingest/quality.py: every check has a name, tested),
# shown as words where a note names its check.
CHECKS = {
    "baseline_vs_actual": ("基期值与同年完成值不一致", "Baseline differs from the actual of that year"),
    "reported_completion_mismatch": ("原文完成比例与计算值不符", "Reported completion differs from the computed"),
    "reported_completion_precision": ("原文完成比例的精度或取舍不同", "Reported completion rounded differently"),
    "prose_vs_table": ("正文与表格数值不一致", "Text and table differ"),
    "target_below_baseline": ("目标不及基期值（按指标方向）", "Target short of its baseline (in its direction)"),
    "target_equals_actual": ("目标与完成值相同", "Target equals the actual"),
    "actual_of_other_year": ("完成值属于另一年份", "Actual of another year"),
    "cumulative_part_exceeds_whole": ("分项累计超过总数", "A part's total exceeds the whole"),
    "district_sum_vs_total": ("各区县之和与全市数不符", "Districts do not add up to the city"),
    "target_flat_on_baseline": ("目标与基期值持平", "Target flat on its baseline"),
    "milestones_not_rising": ("阶段目标未逐步提高", "Milestones not rising"),
    "figures_differ_by_rounding": ("同一数值精度不同", "The same figure at two precisions"),
    "table_repeated": ("表格重复出现", "A table repeated"),
}

# English renderings of the units of the catalogue (every indicator's unit has one: tested); an
# unknown unit, e.g. of an indicator added automatically from a new document, shows as written.
UNITS_EN = {
    "万人": "10k people",
    "人": "people",
    "名": "people",
    "万人次": "10k person-times",
    "人次": "person-times",
    "个": "units",
    "件": "cases",
    "家": "units",
    "万家": "10k units",
    "户": "households",
    "宗": "cases",
    "笔": "transactions",
    "间": "rooms",
    "万张": "10k cards",
    "张": "cards",
    "亿元": "100m yuan",
    "万元": "10k yuan",
    "元": "yuan",
    "元/月": "yuan/month",
    "元/年": "yuan/year",
    "%": "%",
    "::": "ratio",
    # source coverage (issue 13): the counting units of the figures read from the 2020 report and the plans
    "场次": "sessions",
    "场": "sessions",
    "次": "times",
    "万次": "10k times",
    "项": "items",
    "所": "institutions",
}

PACE_UNITS = {
    "pct_per_year": ("%/年（复合增速）", "%/yr (compound)"),
    "pp_per_year": ("个百分点/年", "pp/yr"),
    "pct_vs_previous_total": ("%（较上期累计）", "% vs previous total"),
}
PACE_BOUNDS = {
    "at_most": ("至多", "at most"),
    "at_least": ("至少", "at least"),
    "about": ("约", "about"),
}
MILESTONES = {
    "ahead": ("快于均匀进度（前高后低）", "ahead of an even pace (front-loaded)"),
    "behind": ("慢于均匀进度（后程发力）", "behind an even pace (back-loaded)"),
    "even": ("与均匀进度一致", "on an even pace"),
}

_STATIC = {
    "pace_unit": PACE_UNITS,
    "pace_bound": PACE_BOUNDS,
    "milestone": MILESTONES,
    "value_kind": VALUE_KINDS,
    "series": SERIES,
    "status": STATUSES,
    "comparator": COMPARATORS,
    "comparator_word": COMPARATOR_WORDS,
    "attribute": ATTRIBUTES,
    "direction": DIRECTIONS,
    "actual_source": ACTUAL_SOURCES,
    "reason": REASONS,
    "span_kind": SPAN_KINDS,
    "target_scope": TARGET_SCOPES,
    "bearing": BEARINGS,
    "check": CHECKS,
    "reading": READINGS,
}
KINDS = (*_STATIC, "column", "unit")
# Names that are data: looked up in the database by analytics.dimensions.
_DATA_NAMES = {"city": "city_name", "plan_period": "plan_period_name", "category": "category_name"}


def _check_lang(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; valid choices: {', '.join(LANGS)}")
    return LANGS.index(lang)


def label(kind: str, key: str | None, lang: str) -> str:
    """The label of `key` (a code of the data) in `lang`.

    Columns, units and quality checks fall back to the key itself (a new column, unit or check
    of a later ingestion must not break a page); any other unknown key raises KeyError, since
    the schema admits only known codes.
    City, plan-period and category names are not labels: see analytics.dimensions.
    """
    index = _check_lang(lang)
    if is_missing(key):
        key = None
    if kind in ("column", "check"):
        pair = (COLUMNS if kind == "column" else _STATIC["check"]).get(key or "")
        return pair[index] if pair else str(key)
    if kind == "unit":
        if lang == "zh" or key is None:
            return key or ""
        return UNITS_EN.get(key, key)
    if kind in _DATA_NAMES:
        raise KeyError(f"{kind} names are data: use analytics.dimensions.{_DATA_NAMES[kind]}(db, key, lang)")
    if key is None and kind in KINDS:
        return ""
    if kind in _STATIC:
        return _STATIC[kind][key][index]
    raise KeyError(f"unknown label kind {kind!r}; valid choices: {', '.join(KINDS)}")


def is_missing(value: object) -> bool:
    """None, NaN or pandas' NA (how a null string comes back from a pandas 3 frame)."""
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict)) or hasattr(value, "__len__"):
        return False
    try:
        return bool(value != value)  # NaN and NA are not equal to themselves
    except TypeError:  # NA's comparison is ambiguous
        return True


def describe(column: str, lang: str) -> str:
    """What a column means (the data dictionary); empty when not documented."""
    pair = _MEANINGS.get(column)
    return pair[_check_lang(lang)] if pair else ""


def reason_text(code: str, lang: str, tolerance_pct: float = 5.0) -> str:
    return label("reason", code, lang).format(tolerance=f"{tolerance_pct:g}")


def symbol(comparator: str | None) -> str:
    """≤ < ≥ > ≈ for a comparator, "" for = or none."""
    return COMPARATORS.get(comparator or "=", ("", ""))[0]


# The one number format of the dashboard (verdicts, chart labels, tables, cards): at most
# NUMBER_DECIMALS decimal places, trailing zeros dropped, thousands separated by commas. Text as
# written (raw_text) is never reformatted. Achievement percentages have their own one-decimal rule
# (format_ratio), so that 100.0% reads as computed.
NUMBER_DECIMALS = 2
_WHOLE_FROM = 1e6  # from a million on, no decimals


def format_number(value: float | None, decimals: int = NUMBER_DECIMALS, missing: str = "") -> str:
    """`value` as every page shows it: 25.0 -> 25, 3.634 -> 3.63, 247800 -> 247,800, 1234567.8 ->
    1,234,568; a value that is not 0 but would round to 0 keeps two significant digits (0.0012),
    so it never reads as 0. None, NaN or NA -> `missing`."""
    if is_missing(value):
        return missing
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if abs(number) >= _WHOLE_FROM:
        text = f"{number:,.0f}"
    else:
        places = decimals
        if number != 0 and abs(number) < 0.5 * 10 ** -decimals:
            places = 1 - math.floor(math.log10(abs(number)))  # two significant digits
        text = f"{number:,.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_ratio(value: float | None, missing: str = "") -> str:
    """An achievement percentage, always one decimal (102.4, 100.0): without the % sign."""
    return missing if is_missing(value) else f"{float(value):.1f}"


# Year spans: an en dash in English (2016–2020), the one-em dash of Chinese usage (2016—2020).
SPAN_DASHES = {"zh": "—", "en": "–"}


def format_span(start: int, end: int, lang: str) -> str:
    """`2016–2020` (English) / `2016—2020` (Chinese): the years a multi-year total covers."""
    return f"{int(start)}{SPAN_DASHES[LANGS[_check_lang(lang)]]}{int(end)}"


def format_when(year: int | None, span: tuple[int, int] | None, lang: str) -> str:
    """What a value covers, named plainly: `2016–2020 total` / `2016—2020年累计` for a multi-year
    total, `2020` / `2020年` for a single year, "" when neither is known."""
    zh = LANGS[_check_lang(lang)] == "zh"
    if span:
        return f"{format_span(*span, lang)}年累计" if zh else f"{format_span(*span, lang)} total"
    if is_missing(year):
        return ""
    return f"{int(year)}年" if zh else str(int(year))


def format_where(file: str | None, line: int | None, locator: str | None = None, missing: str = "—") -> str:
    """Where a value stands: `file:line`, and for a Word file, PDF or web page also where that line is
    in the original (`plan.pdf:120 (p. 7)`)."""
    if not isinstance(file, str) or is_missing(line):
        return missing
    where = f"{file}:{int(line)}"
    return f"{where} ({locator})" if isinstance(locator, str) and locator else where


def where_cells(files, lines, locators=None, missing: str = "—") -> list[str]:
    """format_where over columns (locators may be None: a frame without them)."""
    locators = [None] * len(files) if locators is None else locators
    return [format_where(f, line, loc, missing) for f, line, loc in zip(files, lines, locators, strict=True)]


def format_pace(pace: float | None, pace_unit: str | None, pace_bound: str | None, lang: str,
                decimals: int = 2) -> str:
    """`+1.37 %/yr (compound)`, `at least +1 pp/yr`, `−35.73 % vs previous total`; "" without a pace."""
    if is_missing(pace) or is_missing(pace_unit):
        return ""
    number = format_number(pace, decimals)
    number = ("+" + number if float(pace) > 0 and number != "0" else number).replace("-", "−")
    text = f"{number} {label('pace_unit', pace_unit, lang)}"
    if not is_missing(pace_bound):
        text = f"{label('pace_bound', pace_bound, lang)} {text}" if lang == "en" else \
            f"{label('pace_bound', pace_bound, lang)}{text}"
    return text


def format_value(value: float | None, comparator: str | None, unit: str | None, lang: str,
                 cumulative_span: tuple[int, int] | None = None, year: int | None = None) -> str:
    """`≤3.2%`, `38.39万人（2016—2020年累计）` / `38.39 (10k people, 2016–2020 total)`; with `year`
    (and no span) `4.59万人（2020年）` / `4.59 (10k people, 2020)`. The number as format_number."""
    number = symbol(comparator) + format_number(value)
    unit_text = label("unit", unit, lang) if unit else ""
    when = format_when(year, cumulative_span, lang)
    if lang == "zh":
        return number + unit_text + (f"（{when}）" if when else "")
    extras = []
    if unit_text and unit_text != "%":
        extras.append(unit_text)
    elif unit_text == "%":
        number += "%"
    if when:
        extras.append(when)
    return f"{number} ({', '.join(extras)})" if extras else number


LISTED_CITIES = 3  # a sentence names at most this many cities, then counts the rest


def city_list(names: list[str], lang: str, limit: int = LISTED_CITIES) -> str:
    """`江门、湛江、景德镇等` / `Jiangmen, Zhanjiang, Jingdezhen and 27 more`: the first `limit`
    names and the count of the others (a sentence about many cities stays one line)."""
    _check_lang(lang)
    shown, rest = list(names[:limit]), len(names) - limit
    if lang == "zh":
        return "、".join(shown) + (f"等（另有{rest}个）" if rest > 0 else "")
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if shown else ""


def named_cities(ranked: list[str], focus: str | None) -> list[str]:
    """The cities a verdict about `ranked` (best first) names: all of them up to LISTED_CITIES,
    else the leader, the reader's city (`focus`, the first chosen) and the laggard, in ranked
    order. The others are counted, never listed."""
    if len(ranked) <= LISTED_CITIES:
        return list(ranked)
    named = {ranked[0], ranked[-1]}
    if focus in ranked:
        named.add(focus)
    return [city for city in ranked if city in named]

"""UI strings in Chinese and English. Data labels (columns, statuses, ...) live in analytics.labels."""

from __future__ import annotations

from ui.text import md_literal

LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "人社规划指标对比", "en": "HR & Social Security Plan Indicators"},
    "app_subtitle": {
        "zh": "{cities} —— {periods}规划的目标、完成情况与趋势",
        "en": "{cities} — targets, achievements and trends, {periods}",
    },
    "period_range": {"zh": "{first}至{last}", "en": "{first} to {last}"},
    "n_cities": {"zh": "{n} 个城市", "en": "{n} cities"},
    "more_cities": {"zh": "另 {n} 个城市", "en": "{n} more cities"},
    "presenter_mode": {"zh": "演示模式", "en": "Presenter mode"},
    "presenter_help": {
        "zh": "大字号、收起筛选，适合投屏讲解。链接中带 present=1。",
        "en": "Large type and collapsed filters for screen sharing. Adds present=1 to the link.",
    },
    "include_machine": {"zh": "包含机器读取的数值", "en": "Include machine-read values"},
    "include_machine_help": {
        "zh": "⚙ 机器读取，未经人工核对：由通用正文读取器读出、尚无人核对的数值，在图表悬停、表格与来源注中均有标记。"
              "关闭后各页不再显示这些数值；链接中带 machine=0。",
        "en": "⚙ machine-read, not reviewed: values the generic prose reader read that no person has checked yet, "
              "marked in hovers, tables and source notes. Off: no page shows them; adds machine=0 to the link.",
    },
    "machine_footnote": {"zh": "{mark}：{total} 个数值中有 {n} 个。", "en": "{mark}: {n} of {total} values."},
    "machine_excluded": {
        "zh": "机器读取、未经人工核对的数值未包含在内（侧栏可打开）。",
        "en": "Machine-read values not yet reviewed are left out (the sidebar can include them).",
    },
    "col_values_curated": {"zh": "数值：人工规则", "en": "Values: curated rules"},
    "col_values_table": {"zh": "数值：表格", "en": "Values: tables"},
    "col_values_machine": {"zh": "数值：⚙ 机器读取，未经人工核对", "en": "Values: ⚙ machine-read, not reviewed"},
    "col_figures_unread": {"zh": "未读取的数字", "en": "Unread figures"},
    "present_exit": {"zh": "退出演示", "en": "Exit"},
    "present_exit_help": {"zh": "退出演示模式（同一视图）", "en": "Leave presenter mode (the same view)"},
    "present_switch_lang": {"zh": "English", "en": "中文"},
    "present_switch_lang_help": {"zh": "Show this view in English", "en": "用中文显示此视图"},
    "present_copy": {"zh": "复制链接", "en": "Copy link"},
    "page_overview": {"zh": "概览", "en": "Overview"},
    "page_compare": {"zh": "城市对比", "en": "Compare cities"},
    "page_scorecard": {"zh": "目标与完成", "en": "Targets vs achievements"},
    "page_trends": {"zh": "趋势", "en": "Trends"},
    "page_explorer": {"zh": "数据浏览与下载", "en": "Data explorer"},
    "page_sources": {"zh": "来源与方法", "en": "Sources & method"},
    "page_ambition": {"zh": "目标力度", "en": "Ambition"},
    "ambition_title": {"zh": "{indicator}：各城市{period}目标所需的速度", "en": "{indicator}: the pace each city's {period} target asks for"},
    "ambition_none": {
        "zh": "{period}没有两个及以上城市都有基期值和目标、可比较速度的指标。下表列出各城市可计算的速度。",
        "en": "In the {period} no indicator has a baseline and a target for two or more cities. The table lists each city's paces.",
    },
    "ambition_axis": {"zh": "所需速度 · {unit}", "en": "Required pace · {unit}"},
    "ambition_all_heading": {"zh": "{period}所有可计算速度的目标", "en": "Every {period} target with a baseline"},
    "ambition_help": {
        "zh": "速度＝从基期值到目标每年需要的变化：数量用复合年增长率（%/年），比率用每年百分点，五年累计数与上一个五年累计数相比。排序按指标方向（失业率等越低越好的指标，降得越快越积极）。阶段目标与均匀进度比较，说明是前高后低还是后程发力。",
        "en": "Pace = the change a year needed from the baseline to the target: compound annual growth (%/yr) for counts, percentage points a year for rates, a five-year total against the previous one. Ranked in the indicator's direction (for a rate where lower is better, the steepest fall is the most ambitious). Milestones are set against an even pace: front-loaded or back-loaded.",
    },
    "download_pace": {"zh": "下载这些行", "en": "Download these rows"},
    "ambition_no_pace": {"zh": "{cities}没有可比的速度：{reason}。", "en": "No pace for {cities}: {reason}."},
    "ambition_extreme": {
        "zh": "速度异常（超过{rule}）：{items}。这样的速度多半说明基期与目标的单位或口径不同，请核对来源。",
        "en": "An extreme pace (beyond {rule}): {items}. Such a pace usually means the baseline and the target "
              "differ in unit or scope: check the sources.",
    },
    "ambition_against": {"zh": "计划下降", "en": "plans a decline"},
    "ambition_against_lower": {"zh": "计划上升", "en": "plans a rise"},
    "notice_unknown_param": {
        "zh": "已忽略链接中未知的参数：{name}={value}",
        "en": "Ignored an unknown link parameter: {name}={value}",
    },
    "notice_unused_param": {
        "zh": "已忽略本页不使用的链接参数：{name}={value}",
        "en": "Ignored a link parameter this page does not use: {name}={value}",
    },
    "notice_invalid_value": {
        "zh": "已忽略链接参数中的无效取值：{name}={value}",
        "en": "Ignored an invalid value in the link: {name}={value}",
    },
    "notice_empty_value": {
        "zh": "已忽略链接中的空参数：{name}={value}",
        "en": "Ignored an empty link parameter: {name}={value}",
    },
    "notice_extra_values": {
        "zh": "该参数只取一个值，已忽略多余的：{name}={value}",
        "en": "This parameter takes one value; ignored the extra: {name}={value}",
    },
    "notice_shortened": {
        "zh": "链接参数 {name} 过长，已截为前 {value} 个字符",
        "en": "The link parameter {name} was too long and was cut to {value} characters",
    },
    "notice_more": {
        "zh": "链接中还有更多无法使用的参数，均已忽略。",
        "en": "More link parameters could not be used and were ignored.",
    },
    "data_error": {
        "zh": "数据无法加载：{error}",
        "en": "The data could not be loaded: {error}",
    },
    "data_rebuild": {
        "zh": "请在项目目录中运行以下命令，从来源文件重建数据：",
        "en": "Rebuild the data from the source documents with this command, in the project directory:",
    },
    "sources_title": {"zh": "来源与方法", "en": "Sources & method"},
    "sources_intro": {
        "zh": "本工具的每个数字均摘自以下公开文件，并注明文件与行号。",
        "en": "Every number in this tool is taken from the public documents below, with file and line.",
    },
    "documents": {"zh": "来源文件", "en": "Source documents"},
    "col_city": {"zh": "城市", "en": "City"},
    "col_title": {"zh": "标题", "en": "Title"},
    "col_kind": {"zh": "类型", "en": "Kind"},
    "col_issuer": {"zh": "发文机关", "en": "Issuer"},
    "col_doc_number": {"zh": "文号", "en": "Document number"},
    "col_issued": {"zh": "日期", "en": "Issued"},
    "col_plan_period": {"zh": "规划期", "en": "Plan period"},
    "col_covers": {"zh": "覆盖", "en": "Covers"},
    "col_file": {"zh": "文件", "en": "File"},
    "col_lines": {"zh": "行数", "en": "Lines"},
    "kind_five_year_plan": {"zh": "五年规划", "en": "Five-year plan"},
    "kind_implementation_rules": {"zh": "实施细则", "en": "Implementation rules"},
    "kind_annual_report": {"zh": "年度工作总结与计划", "en": "Annual work report"},
    "not_stated": {"zh": "原文未注明", "en": "not stated in the text"},
    "hover_raw": {"zh": "原文", "en": "As written"},
    "hover_source": {"zh": "出处", "en": "Source"},
    "coverage_title": {"zh": "数据覆盖：各城市、各规划期、各领域的数值个数", "en": "Coverage: values per city, plan period and category"},
    "bound": {"zh": "界限值", "en": "bound"},
    "span_average": {"zh": "{span}年年均", "en": "{span} annual avg."},
    "target": {"zh": "目标", "en": "Target"},
    "hover_base": {"zh": "基期", "en": "Baseline"},
    "actual": {"zh": "实际", "en": "Actual"},
    "ratio": {"zh": "完成率", "en": "Achievement"},
    "target_line": {"zh": "目标 = 100%", "en": "target = 100%"},
    "ratio_axis": {"zh": "完成率（实际 ÷ 目标，越低越好的指标取倒数）", "en": "Achievement (actual ÷ target; inverted for lower-is-better)"},
    "indicator_count": {"zh": "指标个数", "en": "Indicators"},
    "five_year_total": {"zh": "五年累计", "en": "five-year total"},
    "year": {"zh": "年份", "en": "Year"},
    "lines_word": {"zh": "行", "en": "lines"},
    "line_word": {"zh": "行", "en": "line"},
    "source_prefix": {"zh": "资料来源", "en": "Source"},
    "download_chart_rows": {"zh": "下载图表数据（CSV）", "en": "Download the chart's rows (CSV)"},
    "filters": {"zh": "筛选条件", "en": "Filters"},
    "metric_indicators": {"zh": "指标", "en": "Indicators"},
    "metric_targets": {"zh": "目标值", "en": "Targets"},
    "coverage_heading": {"zh": "数据覆盖", "en": "Coverage"},
    "whats_here": {"zh": "这里有什么", "en": "What is in here"},
    "whats_here_text": {
        "zh": "从各城市的公开文件中逐项摘录的规划指标：各规划期的**目标**、**完成值**和**基期值**，"
              "每个数字都注明来源文件与行号。可以**对比城市**、查看**目标完成情况**、观察**趋势**，"
              "并**下载**与筛选结果完全一致的数据。",
        "en": "Plan indicators read item by item from the cities' public documents: the **targets**, "
              "**achievements** and **baselines** of each plan period, each with its source file and line. "
              "**Compare cities**, check **targets vs achievements**, follow **trends**, "
              "and **download** exactly the rows you filtered.",
    },

    "indicator": {"zh": "指标", "en": "Indicator"},
    "cities": {"zh": "城市", "en": "Cities"},
    "cities_side_by_side": {"zh": "并列对比的城市", "en": "Cities side by side"},
    "choose_cities": {"zh": "选择城市（可输入名称查找）", "en": "Choose cities (type to search)"},
    "city": {"zh": "城市", "en": "City"},
    "plan_period": {"zh": "规划期", "en": "Plan period"},
    "value_kind": {"zh": "数值类型", "en": "Value kind"},
    "view": {"zh": "视图", "en": "View"},
    "view_absolute": {"zh": "绝对值", "en": "Absolute values"},
    "view_relative": {"zh": "相对基期变化（%）", "en": "Change from own baseline (%)"},
    "annual_average": {"zh": "累计数按年均显示", "en": "Show totals as annual averages"},
    "annual_average_help": {
        "zh": "五年累计数（原文 [ ]）除以所覆盖年数，便于与单年值比较；图表与下载均会标明。",
        "en": "Divide multi-year totals ([ ] in the source) by the years they cover, to compare them with "
              "single-year values; charts and downloads say so.",
    },
    "annual_average_short": {"zh": "年均", "en": "annual average"},
    "compare_title": {"zh": "{indicator}：各城市{period}{kind}", "en": "{indicator}: {kind} by city, {period}"},
    "change_from_baseline_axis": {"zh": "较本市基期变化（%）", "en": "Change from the city's own baseline (%)"},
    "single_city": {"zh": "仅一市有数据", "en": "one city only"},
    "indicator_search": {"zh": "查找指标", "en": "Find an indicator"},
    "indicator_search_placeholder": {"zh": "名称、别名或类别……", "en": "Name, alias or category…"},
    "indicator_search_help": {
        "zh": "指标列表只列出前 {limit} 个；输入名称、原文别名或类别（中英文均可）查找其余指标。",
        "en": "The list holds the first {limit} indicators; type a name, a source alias or a category (Chinese "
              "or English) to find any other.",
    },
    "indicator_more": {"zh": "共 {total} 个指标，列出前 {shown} 个；输入关键词查找其余指标。",
                       "en": "{shown} of {total} indicators listed; type in “Find an indicator” for the others."},
    "indicator_none_found": {"zh": "没有指标符合“{text}”。", "en": "No indicator matches “{text}”."},
    "city_search": {"zh": "查找城市", "en": "Find a city"},
    "city_search_placeholder": {"zh": "城市或省份名称……", "en": "City or province name…"},
    "city_search_help": {
        "zh": "城市列表只列出前 {limit} 个（已选城市总在其中）；输入城市或省份名称（中英文均可）查找其余城市。",
        "en": "The list holds the first {limit} cities (and those chosen); type a city's or a province's name "
              "(Chinese or English) to find any other.",
    },
    "city_more": {"zh": "共 {total} 个城市符合，列出前 {shown} 个；输入名称查找其余城市。",
                  "en": "{shown} of {total} matching cities listed; type in “Find a city” for the others."},
    "city_found": {"zh": "{total} 个城市符合。", "en": "{total} matching cities listed."},
    "city_none_found": {"zh": "没有城市符合“{text}”。", "en": "No city matches “{text}”."},
    "empty_no_target": {"zh": "{city}：该规划期未设此项目标。", "en": "{city}: no target set for this in the plan period."},
    "empty_not_published": {"zh": "{city}：来源文件未公布此项数值。", "en": "{city}: not published in the sources."},
    "empty_no_number": {"zh": "{city}：{year}年原文写作“{raw}”，没有数值（不是0）。",
                        "en": "{city}: the source writes “{raw}” for {year}: no number (not zero)."},
    "empty_real_zero": {"zh": "{city}：{year}年原文数值为 {raw}，即真实的0。",
                        "en": "{city}: the source gives {raw} for {year}, a real zero."},
    "empty_no_baseline": {"zh": "{city}：{year}年的值没有口径一致的基期值，无法计算相对变化。",
                          "en": "{city}: no baseline on the same basis for {year}, so no relative change."},

    "scorecard_title": {"zh": "{city}{period}规划目标完成情况", "en": "{city}: did the {period} targets get met?"},
    "scorecard_empty": {"zh": "{city}{period}的来源文件中没有规划目标。", "en": "The sources set no {period} targets for {city}."},
    "scorecard_summary": {
        "zh": "共 {total} 项目标：达成 {met} 项，未达成 {not_met} 项，不可比 {not_comparable} 项，无完成值 {no_actual} 项。",
        "en": "{total} targets: {met} met, {not_met} not met, {not_comparable} not comparable, {no_actual} with no actual.",
    },
    "scorecard_cities_heading": {"zh": "{period}：各城市对比", "en": "{period}: the cities side by side"},
    "scorecard_cities_title": {"zh": "{period}各城市目标完成情况（项数）", "en": "{period} targets by status, per city"},
    "scorecard_cities_footnote": {
        "zh": "资料来源：各城市规划文件中的目标与各来源文件中的完成值（详见上表及“数据浏览”）。",
        "en": "Source: the cities' plan targets and the actual values of all source documents (see the table and the Data explorer).",
    },
    "completion_disagrees_note": {
        "zh": "粉色底：原文完成比例与按完成值÷目标值计算的结果相差超过0.5个百分点。",
        "en": "Pink: the completion % the document reports differs from actual ÷ target by more than 0.5 points.",
    },

    "trend_title": {"zh": "{indicator}：历年目标与实际", "en": "{indicator}: targets and actuals over the years"},
    "trend_empty": {"zh": "所选城市的来源文件中没有此指标的数值。", "en": "The sources give no value of this indicator for the chosen cities."},
    "trend_legend_help": {
        "zh": "实线实心圆为实际值，虚线空心菱形为目标，点线空心方块为基期；粗横条为多年累计，覆盖其所计年份；阴影为规划期；▼/▲ 表示“以内/以上”等界限值。重叠的数值标签不显示，见下表或悬停提示。",
        "en": "Solid line, filled circle: actuals; dashed, open diamond: targets; dotted, open square: baselines; a thick bar: a multi-year total, over the years it covers; shading: plan periods; ▼/▲ mark bounds (within / at least). Labels that would overlap are left out: see the table or the hover.",
    },

    "districts": {"zh": "区县", "en": "Districts"},
    "category": {"zh": "类别", "en": "Category"},
    "attribute": {"zh": "指标属性", "en": "Attribute"},
    "years": {"zh": "年份", "en": "Years"},
    "search": {"zh": "搜索", "en": "Search"},
    "search_placeholder": {"zh": "指标名称、别名、原文……", "en": "Indicator name, alias, source text…"},
    "all": {"zh": "全部", "en": "All"},
    "outside_plans": {"zh": "规划表外", "en": "Outside plan tables"},
    "no_attribute": {"zh": "未标注", "en": "Not stated"},
    "row_count": {"zh": "符合条件的记录：**{n}** 条", "en": "Matching rows: **{n}**"},
    "row_count_shown": {
        "zh": "符合条件的记录：**{n}** 条，下表显示第 {first}–{last} 条",
        "en": "Matching rows: **{n}**; the table shows rows {first}–{last}",
    },
    "table_page": {"zh": "页码（共 {pages} 页，每页 {size} 条）", "en": "Page (of {pages}, {size} rows each)"},
    "xlsx_too_many_rows": {
        "zh": "Excel 每个工作表最多 {max} 行（含表头），放不下这些记录：请缩小筛选范围，或下载 CSV / Parquet（不限行数）。",
        "en": "An Excel sheet holds at most {max} rows (header included), too few for these rows: narrow the "
              "filters, or download CSV or Parquet (no row limit).",
    },
    "download_csv": {"zh": "下载 CSV（Excel 可直接打开）", "en": "Download CSV (opens in Excel)"},
    "download_xlsx": {"zh": "下载 Excel（含来源与字段说明）", "en": "Download Excel (with sources & dictionary)"},
    "download_parquet": {"zh": "下载 Parquet", "en": "Download Parquet"},
    "prepare_csv": {"zh": "准备 CSV 文件", "en": "Prepare the CSV file"},
    "prepare_xlsx": {"zh": "准备 Excel 文件", "en": "Prepare the Excel file"},
    "prepare_parquet": {"zh": "准备 Parquet 文件", "en": "Prepare the Parquet file"},
    "prepare_help": {
        "zh": "{rows} 条记录：先在服务器上生成文件（显示进度），完成后即可下载。",
        "en": "{rows} rows: the file is written on the server first (with a progress bar), then it downloads.",
    },
    "download_writing": {"zh": "正在生成 {rows} 条记录的文件…", "en": "Writing the file of {rows} rows…"},
    "download_waiting": {
        "zh": "其他下载正在生成，稍候即开始…",
        "en": "Other downloads are being written; this one starts as soon as one is done…",
    },
    "download_ready": {"zh": "文件已生成：{rows} 条记录，{size} MB。", "en": "Ready: {rows} rows, {size} MB."},
    "download_failed_memory": {
        "zh": "服务器内存不足，文件未能生成（可能有其他下载正在进行）。请稍后重试，或缩小筛选范围；Excel 最费内存，可改下载 CSV 或 Parquet。",
        "en": "The server ran out of memory writing this file (other downloads may be running). Try again in a "
              "minute, or narrow the filters; Excel needs the most, CSV or Parquet less.",
    },
    "download_failed_disk": {
        "zh": "服务器临时目录空间不足，文件未能生成。请缩小筛选范围或改下载 Parquet（文件最小）；若仍失败，请告知管理员清理服务器的临时目录。",
        "en": "The server has no room left in its temporary directory for this file. Narrow the filters or "
              "download Parquet (the smallest file); if it still fails, ask the administrator to free space in "
              "the server's temporary directory.",
    },
    "download_failed_other": {
        "zh": "文件未能生成。请重试；若仍失败，请缩小筛选范围，或把下面的错误信息告知管理员。",
        "en": "The file could not be written. Try again; if it fails again, narrow the filters or send the "
              "error below to the administrator.",
    },
    "download_failed_detail": {"zh": "（错误信息：{detail}）", "en": "(Error: {detail})"},
    "no_observations": {
        "zh": "数据中还没有任何指标数值：请先登记来源文件并重建数据。",
        "en": "The data holds no indicator values yet: register source documents and rebuild the data.",
    },
    "explorer_empty": {"zh": "没有符合条件的记录，请放宽筛选条件。", "en": "No rows match: loosen the filters."},

    "catalogue_heading": {"zh": "指标目录", "en": "Indicator catalogue"},
    "catalogue_intro": {
        "zh": "每个指标的标准代码、中英文名称、单位、方向，以及来源文件中的所有写法（别名）和口径说明。",
        "en": "Each indicator's canonical id, names, unit and direction, every spelling the sources use (aliases), "
              "and the notes on what is and is not the same indicator.",
    },
    "col_cities": {"zh": "有数据的城市", "en": "Cities with data"},
    "reviewed_yes": {"zh": "✔ 是", "en": "✔ Yes"},
    "reviewed_no": {"zh": "⚠ 否（自动添加，待审核）", "en": "⚠ No (added automatically, not reviewed)"},
    "unreviewed_note": {
        "zh": "{n} 个指标尚未经人工审核（见“已审核”列）。",
        "en": "{n} indicator(s) not reviewed by a person yet (see the Reviewed column).",
    },
    "reviewed_help": {
        "zh": "“已审核”为“否”的指标，是登记文件时由来源中指标目录未收录的指标名称自动添加的，尚未经人工审核。"
              "审核人若认定它就是某个已有指标，在 `analytics/catalogue/indicators/*.yaml` 中把这个名称加入该指标的"
              "别名（`aliases_zh`）并删去自动添加的条目，重建数据后即合并为一个指标；若它确是新指标，"
              "修正后设 `reviewed: true`。",
        "en": "Indicators marked “No” under Reviewed were added automatically when a document was registered, "
              "from a source label the indicator catalogue did not know; no person has reviewed them yet. A "
              "reviewer who finds that one is an existing indicator merges it by adding the label to that "
              "indicator's aliases (`aliases_zh`) in `analytics/catalogue/indicators/*.yaml` and deleting the "
              "added entry, then rebuilding the data; one that is indeed new is corrected and set to "
              "`reviewed: true`.",
    },
    "method_heading": {"zh": "数值的读法", "en": "How values are read"},
    "method_text": {
        "zh": "- **[22.5]**：五年累计数（原文注：[ ]为5年累计数），记录其覆盖年份；不直接与单年值比较，可选“按年均”（÷年数）并有标注。\n"
              "- **3.2%以内**、**2.4 以内**：上限（≤），存为 3.2 与比较符 ≤；目标“≤3.2”由实际 2.47 达成。\n"
              "- **<3.5**、**>60**：严格界限；**以上**：≥；**左右**、**约**：≈。\n"
              "- **—**、**-**：原文无数值，记为空值并保留原文，绝不记为 0。\n"
              "- **6.6:32.9:60.5**：高、中、初级专业技术人才比例，拆为三个分量，各自保留原文。\n"
              "- **约束性**／**预期性**：指标属性 binding／expected。\n"
              "- 正文中的数字（如“全市城镇新增就业4.59万人”）同样入库，来源表格为空，附原文摘录；"
              "每条规则必须与其所在行逐字匹配，否则构建失败。\n"
              "- 单位统一为指标的标准单位（如 2549人 → 0.2549万人），原文单位另存。",
        "en": "- **[22.5]**: a five-year cumulative total (the documents' note: [ ] = 5-year total), stored with the "
              "years it covers; never compared with a single year directly: the annual-average option divides by "
              "the years and says so.\n"
              "- **3.2%以内**, **2.4 以内**: an upper bound (≤), stored as 3.2 with comparator ≤; a target ≤3.2 is "
              "met by an actual of 2.47.\n"
              "- **<3.5**, **>60**: strict bounds; **以上**: ≥; **左右**, **约**: about (≈).\n"
              "- **—**, **-**: no value in the source: stored as null with the raw text, never as 0.\n"
              "- **6.6:32.9:60.5**: senior : intermediate : junior professional-technical talent, split into three "
              "components, each keeping the raw text.\n"
              "- **约束性** / **预期性**: binding / expected indicator.\n"
              "- Figures in prose (e.g. “全市城镇新增就业4.59万人”) are rows too, with no source table and an exact "
              "quote; every extraction rule must match its line word for word or the build fails.\n"
              "- Values are converted to the indicator's canonical unit (2549人 → 0.2549万人); the unit as written "
              "is kept.",
    },
    "status_rules": {
        "zh": "**目标完成判定**：按比较符与指标方向判断达成／未达成；累计数与单年值、不同单位、无法判定的界限值记为“不可比”并说明原因；"
              "完成比例 = 实际 ÷ 目标（越低越好的指标取 目标 ÷ 实际），仅在可比时计算；原文自报的完成比例并列显示，相差超过0.5个百分点时标出。",
        "en": "**Scorecard status**: met / not met follows the target's comparator and the indicator's direction; a "
              "total against a single year, different units or a bound that cannot decide is *not comparable*, with "
              "the reason; achievement = actual ÷ target (target ÷ actual when lower is better), only where "
              "comparable; a document's own completion % is shown beside it and flagged when they differ by more "
              "than 0.5 points.",
    },
    "quality_heading": {"zh": "来源数据的质量说明", "en": "Quality notes on the sources"},
    "quality_none": {"zh": "未发现不一致。", "en": "No inconsistencies found."},
    "quality_intro": {
        "zh": "交叉核对发现的 {n} 处不一致；原文数值一律照录，不作修改，相关记录的备注中也有说明。",
        "en": "{n} inconsistencies found by cross-checks; source values are kept as written, never corrected, and "
              "the affected rows carry the note too.",
    },
    "quality_first": {
        "zh": "下表列出按编号排序的前 {shown} 条；全部说明见数据浏览页各记录的备注，或 quality_notes.parquet。",
        "en": "The table lists the first {shown} by id; every note is also on its rows in the data explorer, and "
              "in quality_notes.parquet.",
    },
    "col_check": {"zh": "核对项", "en": "Check"},
    "col_bearing": {"zh": "对比较的影响", "en": "What it means for a comparison"},
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "col_message": {"zh": "说明", "en": "Note"},

    "target_source": {"zh": "目标出处", "en": "Target source"},
    "actual_source": {"zh": "完成值出处", "en": "Actual source"},

    "col_span": {"zh": "累计年份", "en": "Total over"},
    "metric_latest_jobs_unit": {"zh": "城镇新增就业，{unit}（{span}）", "en": "Urban new jobs, {unit} ({span})"},

    "scorecard_no_shared": {"zh": "{period}没有两个以上城市共同设定的目标。", "en": "No {period} target is shared by two or more cities."},
    "scorecard_shared_title": {"zh": "{period}：各城市共同指标的完成率", "en": "{period}: achievement on the indicators cities share"},
    "scorecard_none_judged": {
        "zh": "{city}{period}的{total}项目标都还没有可判断的实际值，故不画图；下表列出这些目标。",
        "en": "None of {city}'s {total} {period} targets has an actual to judge yet, so there is no chart; the "
              "table lists the targets.",
    },
    "scorecard_shared_none_judged": {
        "zh": "各城市共同的目标都还没有可判断的实际值，故不画图；下表列出这些目标。",
        "en": "No shared target has an actual to judge yet, so there is no chart; the table lists the targets.",
    },
    "status_legend": {"zh": "状态：{items}。单元格：状态、完成率（目标 → 实际）。",
                      "en": "Status: {items}. A cell: status, achievement % (target → actual)."},

    "overview_cities_help": {
        "zh": "概览卡片与覆盖矩阵只显示所选城市；下方按省份汇总全部城市。",
        "en": "The cards and the coverage matrix show the chosen cities; the table below sums up every city by province.",
    },
    "coverage_all_cities": {"zh": "全部 {n} 个城市", "en": "All {n} cities"},
    "coverage_cities_with_values": {"zh": "有数值的城市", "en": "cities with values"},
    "coverage_caption_total": {
        "zh": "灰色格为全部城市合计（色阶单独计算），其余为所选城市；来源注只列所选城市的文件，全部文件见“来源与方法”。",
        "en": "The grey cells are every city together (on a colour scale of its own), the others are the chosen "
              "cities; the source note names the chosen cities' documents (every document is on Sources & method).",
    },
    "province_heading": {"zh": "按省份汇总", "en": "By province"},
    "province_caption": {
        "zh": "{provinces} 个省份，{cities} 个城市，{documents} 份文件，{values} 个数值。可点击列名排序。",
        "en": "{provinces} provinces, {cities} cities, {documents} documents, {values} values. Click a column to sort.",
    },
    "col_province": {"zh": "省份", "en": "Province"},
    "col_n_cities": {"zh": "城市数", "en": "Cities"},
    "col_n_cities_with_values": {"zh": "有数值的城市", "en": "Cities with values"},
    "col_n_documents": {"zh": "文件数", "en": "Documents"},
    "col_n_indicators": {"zh": "有数值的指标", "en": "Indicators with values"},
    "col_n_values": {"zh": "数值个数", "en": "Values"},
    "col_n_targets": {"zh": "目标值", "en": "Targets"},
    "col_n_actuals": {"zh": "完成值", "en": "Actuals"},
    "col_plan_periods": {"zh": "涉及规划期", "en": "Plan periods covered"},
    "col_years": {"zh": "年份", "en": "Years"},
    "top_cities_caption": {
        "zh": "{total} 个城市有数值，图中显示数值最大的 {shown} 个，另有 {hidden} 个未显示（表格中全部列出）。",
        "en": "{total} cities have a value: the chart shows the {shown} largest, {hidden} more are hidden "
              "(the table lists them all).",
    },
    "top_cities_trend_caption": {
        "zh": "{total} 个城市有数值，图中显示数值最大的 {shown} 个，另有 {hidden} 个未显示。",
        "en": "{total} cities have a value: the chart shows the {shown} largest, {hidden} more are hidden.",
    },
    "show_all_cities": {"zh": "显示全部 {n} 个城市", "en": "Show all {n} cities"},
    "show_all_cities_help": {
        "zh": "城市较多时图中只画数值最大的几个。链接中带 all=1。",
        "en": "With many cities the chart draws those with the largest values. Adds all=1 to the link.",
    },

    # trends
    "trend_key_total": {"zh": "多年累计（横条覆盖所计年份）", "en": "Multi-year total (a bar over its years)"},
    "trend_key_average": {"zh": "多年累计的年均（横条覆盖所计年份）", "en": "Annual average of a total (a bar over its years)"},
    "trend_key_bound": {"zh": "界限值（▲以上，▼以内）", "en": "Bound (▲ at least, ▼ at most)"},
    "trend_col_when": {"zh": "年份或累计年份", "en": "Year or span"},
    "trend_col_source": {"zh": "出处（文件:行）", "en": "Source (file:line)"},
    "trend_table_caption": {
        "zh": "图中的全部数值（图中放不下的数值标签可在此查看，或将鼠标悬停在图上）。",
        "en": "Every value in the chart (a label that does not fit in the chart is here and in the hover).",
    },

    # text alternatives of charts
    "coverage_as_table": {"zh": "以表格查看此图", "en": "This chart as a table"},

    # sharing and downloads
    "copy_link": {"zh": "复制此视图的链接", "en": "Copy link to this view"},
    "link_copied": {"zh": "已复制", "en": "Copied"},
    "share_heading": {"zh": "分享", "en": "Share"},
    "download_png": {"zh": "PNG 图片", "en": "PNG image"},
    "download_svg": {"zh": "SVG 矢量图", "en": "SVG vector"},
    "download_png_help": {"zh": "下载此图（PNG，适合幻灯片）", "en": "Download this chart (PNG, for slides)"},
    "download_svg_help": {"zh": "下载此图（SVG，可无损缩放、编辑）", "en": "Download this chart (SVG, scales and edits without loss)"},

    "overview_scorecard_line": {
        "zh": "{period}：{total} 项目标，达成 **{met}** 项（可判定 {decided} 项，无完成值 {no_actual} 项）",
        "en": "{period}: {total} targets, **{met}** met ({decided} decidable, {no_actual} with no actual)",
    },

    # formats and captions
    "card_annual_average": {
        "zh": "年均：{value}{unit}（累计数 ÷ 年数）",
        "en": "Annual average: {value} ({unit}), the total ÷ its years",
    },

    # source coverage (pages/sources.py: the figures of each document the dataset reads, and the unread ones)
    "source_coverage_heading": {"zh": "来源文件中的数字：已读取与未读取", "en": "Figures in the sources: read and unread"},
    "source_coverage_intro": {
        "zh": "数字指来源文件某一行中后接单位的数（万人、%、亿元、个、人次、元……，单位取自指标目录）。"
              "该行有观测值含此数即为已读取。不是计量的数字（如日期、编号）列入经审核的排除清单并附原因，不计入比例。"
              "未读取的数字不在数据集中：下列各文件的清单逐行列出。",
        "en": "A figure is a number followed by a unit on a line of a source document (10k people, %, "
              "100 million yuan, items, person-times, yuan …, the units of the indicator catalogue). It is read when an observation on that line holds the number. "
              "Figures that are not measurements (a date, a number in a name) are in a reviewed exclusion list with "
              "their reason and are not counted. Unread figures are not in the dataset: each document's list below "
              "gives them line by line.",
    },
    "source_coverage_total": {
        "zh": "全部文件：已读取 **{read}** / {n} 个数字（{pct}%），另有 {excluded} 个非计量数字已排除。",
        "en": "All documents: **{read}** of {n} figures read ({pct}%); {excluded} figures that are not "
              "measurements excluded.",
    },
    "source_coverage_unread": {
        "zh": "未读取的数字 {n} 个，非计量的数字 {excluded} 个（附所在文件与行）",
        "en": "Figures not read: {n} unread, {excluded} not measurements (with their file and line)",
    },
    "source_coverage_first": {
        "zh": "下表列出按文件名排序的前 {shown} 个文件（共 {n} 个）；合计含全部文件。",
        "en": "The table lists the first {shown} of {n} documents by file name; the total counts them all.",
    },
    "source_coverage_first_figures": {
        "zh": "列出按文件与行排序的前 {shown} 个；全部见 source_figures.parquet 或 "
              "`python -m analytics coverage --sources --unread`。",
        "en": "The first {shown} by file and line; all of them in source_figures.parquet or "
              "`python -m analytics coverage --sources --unread`.",
    },
    "col_figures_read": {"zh": "已读取 / 数字", "en": "Read / figures"},
    "col_coverage_pct": {"zh": "覆盖率 (%)", "en": "Coverage (%)"},
    "col_not_measurements": {"zh": "非计量（已排除）", "en": "Not measurements (excluded)"},
    "col_line": {"zh": "行", "en": "Line"},
    "col_figure": {"zh": "数字", "en": "Figure"},
    "col_context": {"zh": "原文（该数字及其前文）", "en": "Text (the figure and what precedes it)"},
    "col_figure_status": {"zh": "状态", "en": "Status"},
    "col_reason": {"zh": "原因（排除或未读取）", "en": "Why excluded or unread"},
    # the Sources page's list of documents at any number of them (analytics/source_documents.py)
    "documents_kind": {"zh": "文件类型", "en": "Document kind"},
    "documents_no_period": {"zh": "不属于规划期", "en": "No plan period"},
    "documents_count": {"zh": "符合条件的文件：**{n}** 份", "en": "Matching documents: **{n}**"},
    "documents_count_shown": {
        "zh": "符合条件的文件：**{n}** 份，下表显示第 {first}–{last} 份",
        "en": "Matching documents: **{n}**; the table shows {first}–{last}",
    },
    "documents_none": {"zh": "没有符合筛选条件的文件。", "en": "No document matches these filters."},
    "catalogue_first": {
        "zh": "共 {n} 个指标，下表列出前 {shown} 个；用上方搜索查找其他指标。",
        "en": "{n} indicators; the table lists the first {shown}: search above for any other.",
    },
    "documents_filtered_note": {
        "zh": "以下来源覆盖情况与“阅读原文”只含符合上方筛选条件的文件。",
        "en": "The source coverage and “Read a document” below cover the documents these filters match.",
    },
    "document_text_heading": {"zh": "阅读原文", "en": "Read a document"},
    "document_text_pick": {"zh": "文件", "en": "Document"},
    "document_text_pick_help": {
        "zh": "可选上方列表本页列出的文件；用筛选条件和页码可找到其他任何文件。",
        "en": "The documents listed on this page of the list above; the filters and the page number reach any other.",
    },
    "document_text_intro": {
        "zh": "数据读取的文本：行号即各数值的“行号”；Word、PDF、网页还给出该行在原文件中的位置（如 p. 7 为第7页）。",
        "en": "The text the data was read from: the line numbers are the values' line numbers; for a Word file, PDF "
              "or web page, where each line is in the original file too (p. 7 is page 7).",
    },
    "document_original_download": {"zh": "下载原始文件", "en": "Download the original file"},
    "document_original_missing": {
        "zh": "原始文件不在本服务器的来源目录中，无法下载或显示全文。",
        "en": "The original file is not in this server's sources directory, so it cannot be offered or shown here.",
    },
    "document_original_changed": {
        "zh": "来源目录中的文件与构建数据时的文件不同（SHA-256 不符），故不提供下载；请重建数据。",
        "en": "The file in the sources directory differs from the one the data was built from (SHA-256), so it is "
              "not offered; rebuild the data.",
    },
    "col_locator": {"zh": "原文位置", "en": "Place in the original"},
    "col_text": {"zh": "文本", "en": "Text"},

}


def t(key: str, lang: str, **values: object) -> str:
    """The string for `key` in `lang`; missing keys fail loudly (tests check both languages)."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def t_md(key: str, lang: str, **values: object) -> str:
    """`t` for a Markdown sink (st.markdown, st.info, titles, captions, labels): the values,
    which come from data files or links, are escaped so they show as written."""
    return t(key, lang, **{name: md_literal(value) for name, value in values.items()})

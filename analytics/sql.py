"""Every SQL statement of the project, as named constants.

Values always travel as parameters (`$name`); lists as list parameters (`list_contains($ids,
x)`). The only SQL assembled at run time is the explorer's ORDER BY, and its pieces come
from the fixed `EXPLORER_ORDER` whitelist below, never from the caller's text.
Display orders (categories, value kinds) are passed as lists too: `list_position($order, x)`.
"""

from __future__ import annotations

# ---- dimensions -------------------------------------------------------------------------

CITIES = """
SELECT city_id, name_zh, name_en, province_zh, province_en, color, sort_order
FROM cities ORDER BY sort_order, city_id
"""

CITY_IDS = "SELECT city_id FROM cities ORDER BY sort_order, city_id"

PLAN_PERIODS = """
SELECT plan_period, name_zh, name_en, start_year, end_year
FROM plan_periods ORDER BY start_year, plan_period
"""

PLAN_PERIOD_IDS = "SELECT plan_period FROM plan_periods ORDER BY start_year, plan_period"

CATEGORIES = """
SELECT category, name_zh, name_en, sort_order
FROM categories ORDER BY sort_order, category
"""

INDICATOR_IDS = "SELECT indicator_id FROM indicators ORDER BY indicator_id"

# Indicators (with their category's names, in the category's display order) and the cities
# (in display order) and plan periods that hold a non-null value.
INDICATORS = """
WITH covered AS (
    SELECT DISTINCT o.indicator_id, o.city_id, c.sort_order
    FROM observations o JOIN cities c USING (city_id)
    WHERE o.value IS NOT NULL
), periods AS (
    SELECT indicator_id, list(DISTINCT plan_period ORDER BY plan_period) AS plan_periods,
           list(DISTINCT value_kind ORDER BY value_kind) AS value_kinds
    FROM observations
    WHERE value IS NOT NULL AND plan_period IS NOT NULL
    GROUP BY indicator_id
)
SELECT i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh AS category_zh, k.name_en AS category_en,
       i.unit, i.direction, i.aliases_zh, i.definition_note, i.reviewed,
       count(cv.city_id) AS n_cities,
       coalesce(list(cv.city_id ORDER BY cv.sort_order) FILTER (WHERE cv.city_id IS NOT NULL), []) AS city_ids,
       coalesce(any_value(p.plan_periods), []) AS plan_periods,
       coalesce(any_value(p.value_kinds), []) AS value_kinds
FROM indicators i
JOIN categories k USING (category)
LEFT JOIN covered cv USING (indicator_id)
LEFT JOIN periods p USING (indicator_id)
GROUP BY i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh, k.name_en, k.sort_order, i.unit,
         i.direction, i.aliases_zh, i.definition_note, i.reviewed
ORDER BY k.sort_order, i.indicator_id
"""

# The cities (in display order) with a city-wide value of one indicator.
INDICATOR_CITIES = """
SELECT o.city_id
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id AND o.value IS NOT NULL AND o.district IS NULL
GROUP BY o.city_id, c.sort_order
ORDER BY c.sort_order, o.city_id
"""

INDICATOR = """
SELECT i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh AS category_zh, k.name_en AS category_en,
       i.unit, i.direction, i.aliases_zh, i.definition_note, i.reviewed
FROM indicators i JOIN categories k USING (category)
WHERE i.indicator_id = $indicator_id
"""

DOCUMENTS = """
SELECT doc_id, city_id, kind, title_zh, title_en, issuer_zh, issuer_en, doc_number, issued, plan_period,
       covers_zh, covers_en, source_file, sha256, line_count
FROM documents ORDER BY source_file
"""

DOCUMENTS_BY_FILE = """
SELECT doc_id, city_id, kind, title_zh, title_en, issuer_zh, issuer_en, doc_number, issued,
       plan_period, covers_zh, covers_en, source_file, sha256, line_count
FROM documents WHERE list_contains($files, source_file)
ORDER BY source_file
"""

QUALITY_NOTES = """
SELECT note_id, "check", city_id, indicator_id, obs_ids, message_zh, message_en
FROM quality_notes ORDER BY note_id
"""

# ---- coverage -----------------------------------------------------------------------------

COVERAGE = """
SELECT o.city_id, o.plan_period, i.category, o.value_kind,
       count(o.value) AS n_values,
       count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
       count(*) AS n_rows
FROM observations o
JOIN indicators i USING (indicator_id)
JOIN cities c USING (city_id)
LEFT JOIN plan_periods p USING (plan_period)
GROUP BY o.city_id, c.sort_order, o.plan_period, p.start_year, i.category, o.value_kind
ORDER BY c.sort_order, p.start_year NULLS LAST, list_position($category_order, i.category),
         list_position($kind_order, o.value_kind)
"""

HEADLINE_DOCUMENTS = "SELECT city_id, count(*) AS n_documents FROM documents GROUP BY city_id"

HEADLINE_COUNTS = """
SELECT city_id,
       count(value) AS n_values,
       count(DISTINCT indicator_id) FILTER (WHERE value IS NOT NULL) AS n_indicators,
       count(*) FILTER (WHERE value_kind = 'target' AND value IS NOT NULL) AS n_targets,
       count(*) FILTER (WHERE value_kind = 'actual' AND value IS NOT NULL) AS n_actuals,
       coalesce(list(DISTINCT plan_period ORDER BY plan_period) FILTER (WHERE plan_period IS NOT NULL), [])
           AS plan_periods,
       min(year) AS first_year, max(year) AS last_year
FROM observations
GROUP BY city_id
"""

# The most recent reported value of one indicator per city: actuals before next-plan
# baselines of the same year, single years before multi-year totals, tables before prose.
HEADLINE_LATEST = """
SELECT city_id, value, year, value_kind, raw_text, unit, comparator, is_cumulative, period_start, period_end,
       source_file, source_line, quote
FROM observations
WHERE indicator_id = $indicator_id AND value_kind IN ('actual', 'baseline')
  AND district IS NULL AND value IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY city_id
    ORDER BY year DESC, value_kind <> 'actual', is_cumulative, source_table IS NULL, source_file, source_line, obs_id
) = 1
"""

# ---- compare / trend ------------------------------------------------------------------------

# Rows of one indicator, kind and plan period (NULL plan period matches NULL), cities in order.
COMPARE_ROWS = """
SELECT o.*, c.sort_order
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id
  AND list_contains($city_ids, o.city_id)
  AND o.plan_period IS NOT DISTINCT FROM $plan_period
  AND o.value_kind = $value_kind
  AND o.district IS NULL
ORDER BY c.sort_order, o.year, o.value IS NULL, o.source_table IS NULL, o.source_file, o.source_line, o.obs_id
"""

TREND_ROWS = """
SELECT o.*, c.sort_order
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id
  AND list_contains($city_ids, o.city_id)
  AND o.district IS NULL
  AND list_contains($value_kinds, o.value_kind)
ORDER BY c.sort_order, o.year, list_position($value_kinds, o.value_kind), o.value IS NULL,
         o.source_table IS NULL, o.source_file, o.source_line, o.obs_id
"""

# ---- scorecard ------------------------------------------------------------------------------

SCORECARD_TARGETS = """
SELECT o.*
FROM observations o
WHERE o.city_id = $city_id AND o.plan_period = $plan_period AND o.value_kind = 'target'
  AND o.year = $end_year AND o.district IS NULL
ORDER BY o.indicator_id, o.value IS NULL, o.source_table IS NULL, o.source_file, o.source_line, o.obs_id
"""

# Anything that reports the value of the plan's end year: actuals from tables or prose,
# and baselines of another plan for that year (a 14th plan's 2020 base is a 2020 actual).
SCORECARD_ACTUALS = """
SELECT o.*
FROM observations o
WHERE o.city_id = $city_id AND o.year = $end_year AND o.district IS NULL
  AND (o.value_kind = 'actual'
       OR (o.value_kind = 'baseline' AND o.plan_period IS DISTINCT FROM $plan_period))
ORDER BY o.indicator_id, o.source_file, o.source_line, o.obs_id
"""

SCORECARD_REPORTED = """
SELECT o.*
FROM observations o
WHERE o.city_id = $city_id AND o.value_kind = 'reported_completion_pct' AND o.year = $end_year
  AND o.district IS NULL AND (o.plan_period = $plan_period OR o.plan_period IS NULL)
ORDER BY o.indicator_id, o.value IS NULL, o.source_file, o.source_line, o.obs_id
"""

# City × plan period pairs that have at least one end-of-plan target.
SCORECARD_PAIRS = """
SELECT DISTINCT o.city_id, o.plan_period, c.sort_order, p.start_year
FROM observations o
JOIN plan_periods p USING (plan_period)
JOIN cities c USING (city_id)
WHERE o.value_kind = 'target' AND o.year = p.end_year AND o.district IS NULL
ORDER BY c.sort_order, p.start_year
"""

# Per city × plan period with end-of-plan targets: how many indicators have one, and for how
# many an end-year value with a number could answer it (an actual, or another plan's baseline
# for that year: what SCORECARD_ACTUALS offers). Cities in display order, periods in time.
SCORECARD_COVERAGE = """
WITH targets AS (
    SELECT DISTINCT o.city_id, o.plan_period, o.indicator_id, p.end_year, p.start_year
    FROM observations o JOIN plan_periods p USING (plan_period)
    WHERE o.value_kind = 'target' AND o.year = p.end_year AND o.district IS NULL
), answered AS (
    SELECT DISTINCT t.city_id, t.plan_period, t.indicator_id
    FROM targets t
    JOIN observations a ON a.city_id = t.city_id AND a.indicator_id = t.indicator_id AND a.year = t.end_year
    WHERE a.district IS NULL AND a.value IS NOT NULL
      AND (a.value_kind = 'actual'
           OR (a.value_kind = 'baseline' AND a.plan_period IS DISTINCT FROM t.plan_period))
)
SELECT t.city_id, t.plan_period, count(*) AS n_targets, count(a.indicator_id) AS n_answered
FROM targets t
JOIN cities c USING (city_id)
LEFT JOIN answered a USING (city_id, plan_period, indicator_id)
GROUP BY t.city_id, t.plan_period, c.sort_order, t.start_year
ORDER BY c.sort_order, t.city_id, t.start_year
"""

# ---- explorer -------------------------------------------------------------------------------

# Every filter is "empty list / NULL = no restriction". 'none' stands for a NULL plan
# period or attribute. $pattern is an escaped ILIKE pattern (backslash escapes).
EXPLORER_SELECT = r"""
SELECT o.*, i.name_zh, i.name_en, i.category, i.direction
FROM observations o
JOIN indicators i USING (indicator_id)
JOIN cities c USING (city_id)
WHERE (len($city_ids) = 0 OR list_contains($city_ids, o.city_id))
  AND (len($districts) = 0 OR list_contains($districts, o.district))
  AND ($include_district_rows OR o.district IS NULL)
  AND (len($plan_periods) = 0 OR list_contains($plan_periods, coalesce(o.plan_period, 'none')))
  AND (len($categories) = 0 OR list_contains($categories, i.category))
  AND (len($indicator_ids) = 0 OR list_contains($indicator_ids, o.indicator_id))
  AND (len($value_kinds) = 0 OR list_contains($value_kinds, o.value_kind))
  AND (len($attributes) = 0 OR list_contains($attributes, coalesce(o.attribute, 'none')))
  AND ($year_min IS NULL OR o.year >= $year_min)
  AND ($year_max IS NULL OR o.year <= $year_max)
  AND ($pattern IS NULL
       OR i.name_zh ILIKE $pattern ESCAPE '\'
       OR i.name_en ILIKE $pattern ESCAPE '\'
       OR array_to_string(i.aliases_zh, ' ') ILIKE $pattern ESCAPE '\'
       OR o.raw_text ILIKE $pattern ESCAPE '\'
       OR o.quote ILIKE $pattern ESCAPE '\'
       OR coalesce(o.source_label, '') ILIKE $pattern ESCAPE '\')
"""

# The default (and tie-breaking) order: city, category, indicator, year, kind, district.
EXPLORER_DEFAULT_ORDER = (
    "c.sort_order, list_position($category_order, i.category), o.indicator_id, o.year, "
    "list_position($kind_order, o.value_kind), o.district NULLS FIRST, o.source_file, o.source_line, o.obs_id"
)

# Sort key -> fixed SQL. The caller's key only selects an entry; it is never spliced in.
EXPLORER_ORDER: dict[str, tuple[str, ...]] = {
    "city": ("c.sort_order",),
    "district": ("o.district",),
    "indicator": ("o.indicator_id",),
    "name_zh": ("i.name_zh",),
    "name_en": ("i.name_en",),
    "category": ("list_position($category_order, i.category)",),
    "plan_period": ("o.plan_period",),
    "year": ("o.year",),
    "value_kind": ("list_position($kind_order, o.value_kind)",),
    "value": ("o.value",),
    "attribute": ("o.attribute",),
    "source": ("o.source_file", "o.source_line"),
}

EXPLORER_DISTRICTS = """
SELECT DISTINCT district FROM observations WHERE district IS NOT NULL ORDER BY district
"""

EXPLORER_YEARS = "SELECT min(year) AS year_min, max(year) AS year_max FROM observations"

EXPLORER_HAS_NULL = """
SELECT count(*) FILTER (WHERE plan_period IS NULL) > 0 AS null_plan_period,
       count(*) FILTER (WHERE attribute IS NULL) > 0 AS null_attribute
FROM observations
"""


def explorer_sql(sort_key: str | None, descending: bool = False) -> str:
    """The explorer statement with an ORDER BY built only from `EXPLORER_ORDER` entries."""
    order = EXPLORER_DEFAULT_ORDER
    if sort_key is not None:
        direction = "DESC" if descending else "ASC"
        chosen = ", ".join(f"{expr} {direction} NULLS LAST" for expr in EXPLORER_ORDER[sort_key])
        order = f"{chosen}, {order}"
    return f"{EXPLORER_SELECT}ORDER BY {order}"

# ---- pace (analytics.pace) ----------------------------------------------------------------

# Every city-wide value of a city with a number, with its indicator: the targets and baselines
# of its plans, and the actuals that show the pace achieved. One query per city; the rows are few.
PACE_VALUES = """
SELECT o.obs_id, o.indicator_id, i.name_zh, i.name_en, i.unit, i.direction, o.plan_period, o.year,
       o.value_kind, o.value, o.comparator, o.is_cumulative, o.period_start, o.period_end, o.raw_text,
       o.source_file, o.source_line, o.source_table
FROM observations o JOIN indicators i USING (indicator_id)
WHERE o.city_id = $city_id AND o.district IS NULL AND o.value IS NOT NULL
  AND o.value_kind IN ('target', 'baseline', 'actual')
ORDER BY o.indicator_id, o.year, o.source_table NULLS LAST, o.source_file, o.source_line, o.obs_id
"""

# The cities (display order) with both a baseline and a target with a number in one plan period:
# those whose plan has a pace to compute.
PACE_CITIES = """
SELECT o.city_id
FROM observations o JOIN cities c USING (city_id)
WHERE o.plan_period = $plan_period AND o.district IS NULL AND o.value IS NOT NULL
  AND o.value_kind IN ('target', 'baseline')
GROUP BY o.city_id, c.sort_order
HAVING count(DISTINCT o.value_kind) = 2
ORDER BY c.sort_order, o.city_id
"""

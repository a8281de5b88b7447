"""Every SQL statement of the project, as named constants.

Values always travel as parameters (`$name`); lists as list parameters (`list_contains($ids,
x)`). The only SQL assembled at run time is the explorer's: its ORDER BY, from the fixed
`EXPLORER_ORDER` whitelist below, the select list of a download (fixed templates over the
explorer's own column names, headers from analytics.labels as quoted aliases) and the
temporary file a COPY writes to; never the caller's text.
Display orders (categories, value kinds) are passed as lists too: `list_position($order, x)`.
"""

from __future__ import annotations

import re

# ---- readings -----------------------------------------------------------------------------

# The observations a page reads: those read in one of the ways $readings lists (schema.READINGS; a
# reader may leave out the values read by machine and not yet reviewed). Every statement of a page's
# values reads observations through it (`of_readings`); the checks, the source coverage and the
# explorer's filter options read them all.
READ_OBSERVATIONS = "(SELECT * FROM observations WHERE list_contains($readings, reading))"


def of_readings(statement: str) -> str:
    """`statement` with each scan of the observations table (`FROM observations`, `JOIN observations`)
    reading only the rows of $readings."""
    return re.sub(r"\b(FROM|JOIN) observations\b", rf"\1 {READ_OBSERVATIONS}", statement)


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
SELECT category, name_zh, name_en, sort_order, compared
FROM categories ORDER BY sort_order, category
"""

INDICATOR_IDS = "SELECT indicator_id FROM indicators ORDER BY indicator_id"

INDICATOR_NAMES = "SELECT indicator_id, name_zh, name_en FROM indicators ORDER BY indicator_id"

# Indicators (with their category's names, in the category's display order), how many cities
# hold a non-null value and the first of them in display order (at most $city_sample: a page
# lists a few and counts the rest), and the plan periods and kinds of those values.
INDICATORS = of_readings("""
WITH covered AS (
    SELECT DISTINCT indicator_id, city_id
    FROM observations
    WHERE value IS NOT NULL
), cities_of AS (
    SELECT cv.indicator_id, count(*) AS n_cities, min_by(cv.city_id, c.sort_order, $city_sample) AS city_ids
    FROM covered cv JOIN cities c USING (city_id)
    GROUP BY cv.indicator_id
), periods AS (
    SELECT indicator_id, list(DISTINCT plan_period ORDER BY plan_period) AS plan_periods,
           list(DISTINCT value_kind ORDER BY value_kind) AS value_kinds
    FROM observations
    WHERE value IS NOT NULL AND plan_period IS NOT NULL
    GROUP BY indicator_id
)
SELECT i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh AS category_zh, k.name_en AS category_en,
       i.unit, i.direction, i.aliases_zh, i.definition_note, i.reviewed,
       coalesce(cv.n_cities, 0) AS n_cities, coalesce(cv.city_ids, []) AS city_ids,
       coalesce(p.plan_periods, []) AS plan_periods, coalesce(p.value_kinds, []) AS value_kinds
FROM indicators i
JOIN categories k USING (category)
LEFT JOIN cities_of cv USING (indicator_id)
LEFT JOIN periods p USING (indicator_id)
ORDER BY k.sort_order, i.indicator_id
""")

# The cities (in display order) with a city-wide value of one indicator.
INDICATOR_CITIES = of_readings("""
SELECT o.city_id
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id AND o.value IS NOT NULL AND o.district IS NULL
GROUP BY o.city_id, c.sort_order
ORDER BY c.sort_order, o.city_id
""")

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
SELECT note_id, "check", bearing, city_id, indicator_id, obs_ids, message_zh, message_en
FROM quality_notes ORDER BY list_position($bearings, bearing), note_id
LIMIT $limit
"""

QUALITY_NOTE_COUNT = "SELECT count(*) AS n FROM quality_notes"

# The Chinese of the quality notes' English messages $messages: of a message worded twice, the last note's
# in QUALITY_NOTES' order ($bearings, then note_id).
QUALITY_MESSAGES_ZH = """
SELECT message_en, arg_max(message_zh, (list_position($bearings, bearing), note_id)) AS message_zh
FROM quality_notes WHERE list_contains($messages, message_en)
GROUP BY message_en
"""

# The distinct notes of the observations (a download words them in the reader's language: analytics.exports).
DISTINCT_NOTES = "SELECT DISTINCT note FROM observations WHERE note IS NOT NULL AND note <> '' ORDER BY note"

# ---- coverage -----------------------------------------------------------------------------

# Every statement of this section takes $city_ids: the cities to count (an empty list: every city).

COVERAGE = of_readings("""
SELECT o.city_id, o.plan_period, i.category, o.value_kind,
       count(o.value) AS n_values,
       count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
       count(*) AS n_rows
FROM observations o
JOIN indicators i USING (indicator_id)
JOIN cities c USING (city_id)
LEFT JOIN plan_periods p USING (plan_period)
WHERE len($city_ids) = 0 OR list_contains($city_ids, o.city_id)
GROUP BY o.city_id, c.sort_order, o.plan_period, p.start_year, i.category, o.value_kind
ORDER BY c.sort_order, p.start_year NULLS LAST, list_position($category_order, i.category),
         list_position($kind_order, o.value_kind)
""")

# The same counts over every city together, per plan period × category × value kind, with how
# many cities hold a value there (n_cities): the "all cities" line of the coverage matrix.
COVERAGE_TOTAL = of_readings("""
SELECT o.plan_period, i.category, o.value_kind,
       count(o.value) AS n_values,
       count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
       count(DISTINCT o.city_id) FILTER (WHERE o.value IS NOT NULL) AS n_cities,
       count(*) AS n_rows
FROM observations o
JOIN indicators i USING (indicator_id)
LEFT JOIN plan_periods p USING (plan_period)
GROUP BY o.plan_period, p.start_year, i.category, o.value_kind
ORDER BY p.start_year NULLS LAST, list_position($category_order, i.category),
         list_position($kind_order, o.value_kind)
""")

# The cities (display order) that hold at least one value with a number.
COVERAGE_CITIES_WITH_VALUES = of_readings("""
SELECT c.city_id
FROM cities c
WHERE EXISTS (SELECT 1 FROM observations o WHERE o.city_id = c.city_id AND o.value IS NOT NULL)
ORDER BY c.sort_order, c.city_id
""")

# Per province (its names as the cities table gives them), in one pass over the observations:
# cities, documents, indicators with a value, values, targets, actuals, the plan periods covered
# and the years. Provinces in the display order of their first city.
PROVINCE_SUMMARY = of_readings("""
WITH provinces AS (
    SELECT province_zh, province_en, count(*) AS n_cities, min(sort_order) AS sort_order
    FROM cities GROUP BY province_zh, province_en
), documents_by_province AS (
    SELECT c.province_zh, c.province_en, count(*) AS n_documents
    FROM documents d JOIN cities c USING (city_id)
    GROUP BY c.province_zh, c.province_en
), values_by_province AS (
    SELECT c.province_zh, c.province_en,
           count(DISTINCT o.city_id) FILTER (WHERE o.value IS NOT NULL) AS n_cities_with_values,
           count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
           count(o.value) AS n_values,
           count(DISTINCT (o.city_id, o.district, o.indicator_id, o.plan_period, o.year, o.span_kind, o.period_start,
                           o.target_scope))
               FILTER (WHERE o.value_kind = 'target' AND o.value IS NOT NULL) AS n_targets,
           count(*) FILTER (WHERE o.value_kind = 'actual' AND o.value IS NOT NULL) AS n_actuals,
           coalesce(list(DISTINCT o.plan_period) FILTER (WHERE o.plan_period IS NOT NULL), []) AS plan_periods,
           min(o.year) AS first_year, max(o.year) AS last_year
    FROM observations o JOIN cities c USING (city_id)
    GROUP BY c.province_zh, c.province_en
)
SELECT p.province_zh, p.province_en, p.n_cities,
       coalesce(v.n_cities_with_values, 0) AS n_cities_with_values,
       coalesce(d.n_documents, 0) AS n_documents,
       coalesce(v.n_indicators, 0) AS n_indicators,
       coalesce(v.n_values, 0) AS n_values,
       coalesce(v.n_targets, 0) AS n_targets,
       coalesce(v.n_actuals, 0) AS n_actuals,
       coalesce(v.plan_periods, []) AS plan_periods,
       v.first_year, v.last_year
FROM provinces p
LEFT JOIN documents_by_province d
       ON d.province_zh IS NOT DISTINCT FROM p.province_zh AND d.province_en IS NOT DISTINCT FROM p.province_en
LEFT JOIN values_by_province v
       ON v.province_zh IS NOT DISTINCT FROM p.province_zh AND v.province_en IS NOT DISTINCT FROM p.province_en
ORDER BY p.sort_order, p.province_zh, p.province_en
""")

HEADLINE_CITIES = """
SELECT city_id, name_zh, name_en, province_zh, province_en, color, sort_order
FROM cities
WHERE len($city_ids) = 0 OR list_contains($city_ids, city_id)
ORDER BY sort_order, city_id
"""

# The documents of the chosen cities (the coverage matrix's footnote names them).
COVERAGE_DOCUMENTS = """
SELECT doc_id, city_id, kind, title_zh, title_en, issuer_zh, issuer_en, doc_number, issued, plan_period,
       covers_zh, covers_en, source_file, sha256, line_count
FROM documents
WHERE len($city_ids) = 0 OR list_contains($city_ids, city_id)
ORDER BY source_file
"""

HEADLINE_DOCUMENTS = """
SELECT city_id, count(*) AS n_documents
FROM documents
WHERE len($city_ids) = 0 OR list_contains($city_ids, city_id)
GROUP BY city_id
"""

# n_targets counts a stated target once (a plan that states it in a table and in its text: one target).
HEADLINE_COUNTS = of_readings("""
SELECT city_id,
       count(value) AS n_values,
       count(DISTINCT indicator_id) FILTER (WHERE value IS NOT NULL) AS n_indicators,
       count(DISTINCT (district, indicator_id, plan_period, year, span_kind, period_start, target_scope))
           FILTER (WHERE value_kind = 'target' AND value IS NOT NULL) AS n_targets,
       count(*) FILTER (WHERE value_kind = 'actual' AND value IS NOT NULL) AS n_actuals,
       coalesce(list(DISTINCT plan_period ORDER BY plan_period) FILTER (WHERE plan_period IS NOT NULL), [])
           AS plan_periods,
       min(year) AS first_year, max(year) AS last_year
FROM observations
WHERE len($city_ids) = 0 OR list_contains($city_ids, city_id)
GROUP BY city_id
""")

# The headline value of one indicator per city (coverage.headline_figures): its latest
# single-year value when it has one, else its latest multi-year total; actuals before next-plan
# baselines of the same year, tables before prose.
HEADLINE_LATEST = of_readings("""
SELECT city_id, value, year, value_kind, raw_text, unit, comparator, is_cumulative, period_start, period_end,
       source_file, source_line, source_locator, quote, reading
FROM observations
WHERE indicator_id = $indicator_id AND value_kind IN ('actual', 'baseline')
  AND district IS NULL AND value IS NOT NULL
  AND (len($city_ids) = 0 OR list_contains($city_ids, city_id))
QUALIFY row_number() OVER (
    PARTITION BY city_id
    ORDER BY coalesce(is_cumulative, false), year DESC, value_kind <> 'actual', source_table IS NULL, source_file,
             source_line, obs_id
) = 1
""")

# ---- compare / trend ------------------------------------------------------------------------

# Rows of one indicator, kind and plan period (NULL plan period matches NULL), cities in order.
COMPARE_ROWS = of_readings("""
SELECT o.*, c.sort_order
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id
  AND list_contains($city_ids, o.city_id)
  AND o.plan_period IS NOT DISTINCT FROM $plan_period
  AND o.value_kind = $value_kind
  AND o.district IS NULL
ORDER BY c.sort_order, o.year, o.value IS NULL, o.source_table IS NULL, o.source_file, o.source_line, o.obs_id
""")

TREND_ROWS = of_readings("""
SELECT o.*, c.sort_order
FROM observations o JOIN cities c USING (city_id)
WHERE o.indicator_id = $indicator_id
  AND list_contains($city_ids, o.city_id)
  AND o.district IS NULL
  AND list_contains($value_kinds, o.value_kind)
ORDER BY c.sort_order, o.year, list_position($value_kinds, o.value_kind), o.value IS NULL,
         o.source_table IS NULL, o.source_file, o.source_line, o.obs_id
""")

# ---- scorecard ------------------------------------------------------------------------------

# Every scorecard of the chosen plan periods and cities in one pass (SCORECARD_*). This is
# analytics.scorecard.assess and its choice of the actual, set-wise; tests/test_scorecard_sql.py
# checks it against assess on every case.
#   targets  each end-of-plan target of the plan's own (target_scope plan, city-wide); the first per
#            city × period × indicator is judged, the others are listed as alternatives, and so are
#            the annual targets of that year (target_scope annual: shown as such, never judged)
#   pairs    each judged target with each value reporting its end year: actuals from tables or
#            prose, and baselines of another plan for that year (a 14th plan's 2020 base is a
#            2020 actual), with both sides as intervals (lo, lo_open, hi, hi_open):
#            the target's wanted values (= and ~ in the indicator's direction, ~ within 5 %),
#            the actual's stated ones (a point, or a bound such as 85%以上)
#   judged   met when the stated interval lies within the wanted one, not met when they are
#            disjoint, else not comparable; the earlier reasons (no number, units, spans) first
#   ranked   the actual chosen for a target: one that decides, with a number, table → prose →
#            next plan's baseline, same plan period, then source order
_SCORECARD_CTE = of_readings("""
WITH targets AS (
    SELECT o.*, p.start_year AS period_first_year, i.direction, i.name_zh, i.name_en, i.category,
           row_number() OVER (PARTITION BY o.city_id, o.plan_period, o.indicator_id
                              ORDER BY o.value IS NULL, o.source_table IS NULL, o.source_file, o.source_line,
                                       o.obs_id) AS target_rank
    FROM observations o
    JOIN plan_periods p USING (plan_period)
    JOIN indicators i USING (indicator_id)
    WHERE o.value_kind = 'target' AND o.target_scope = 'plan' AND o.year = p.end_year AND o.district IS NULL
      AND list_contains($plan_periods, o.plan_period) /*o.cities*/
), annual_targets AS (
    SELECT o.city_id, o.plan_period, o.indicator_id,
           list(o.raw_text || ' (annual target, ' || o.source_file || ':' || CAST(o.source_line AS VARCHAR) || ')'
                ORDER BY o.source_file, o.source_line, o.obs_id) AS annual
    FROM observations o JOIN plan_periods p USING (plan_period)
    WHERE o.value_kind = 'target' AND o.target_scope = 'annual' AND o.year = p.end_year AND o.district IS NULL
      AND list_contains($plan_periods, o.plan_period) /*o.cities*/
    GROUP BY o.city_id, o.plan_period, o.indicator_id
), judged_targets AS (
    SELECT *, direction <> 'lower_better' AS higher, coalesce(comparator, '=') AS cmp,
           value IS NULL OR isnan(value) AS no_value
    FROM targets WHERE target_rank = 1
), wanted AS (
    SELECT *,
        CASE WHEN cmp = '=' THEN (CASE WHEN higher THEN value ELSE '-infinity'::DOUBLE END)
             WHEN cmp = '~' THEN (CASE WHEN higher THEN round(value - abs(value) * $tolerance, 9)
                                       ELSE '-infinity'::DOUBLE END)
             WHEN cmp IN ('<=', '<') THEN '-infinity'::DOUBLE
             ELSE value END AS w_lo,
        CASE WHEN cmp IN ('=', '~') THEN NOT higher ELSE cmp IN ('<=', '<', '>') END AS w_lo_open,
        CASE WHEN cmp = '=' THEN (CASE WHEN higher THEN 'infinity'::DOUBLE ELSE value END)
             WHEN cmp = '~' THEN (CASE WHEN higher THEN 'infinity'::DOUBLE
                                       ELSE round(value + abs(value) * $tolerance, 9) END)
             WHEN cmp IN ('>=', '>') THEN 'infinity'::DOUBLE
             ELSE value END AS w_hi,
        CASE WHEN cmp IN ('=', '~') THEN higher ELSE cmp IN ('<', '>=', '>') END AS w_hi_open
    FROM judged_targets
), pairs AS (
    SELECT t.obs_id AS target_obs_id, a.obs_id, a.value, a.comparator, a.is_cumulative, a.span_kind, a.year,
           a.period_start,
           a.period_end, a.raw_text, a.unit, a.value_kind, a.plan_period, a.source_file, a.source_line,
           a.source_locator, a.source_table, a.quote, a.reading,
           CASE WHEN a.value_kind = 'baseline' THEN 'next_plan_baseline'
                WHEN coalesce(a.source_table, '') <> '' THEN 'table' ELSE 'prose' END AS actual_source,
           a.plan_period IS DISTINCT FROM t.plan_period AS other_period,
           t.no_value AS target_no_value, t.cmp AS target_cmp,
           t.value AS target_value, t.higher,
           a.value IS NULL OR isnan(a.value) AS no_value,
           coalesce(t.unit, '') <> '' AND coalesce(a.unit, '') <> '' AND t.unit <> a.unit AS unit_differs,
           t.span_kind <> a.span_kind AS cumulative_differs,
           'to_date' IN (t.span_kind, a.span_kind) AS to_date_involved,
           t.is_cumulative AND t.period_start IS NOT NULL AND a.is_cumulative AND a.period_start IS NOT NULL
               AND (t.period_start <> a.period_start OR t.period_end IS DISTINCT FROM a.period_end) AS span_differs,
           t.w_lo, t.w_lo_open, t.w_hi, t.w_hi_open,
           CASE WHEN coalesce(a.comparator, '=') IN ('<=', '<') THEN '-infinity'::DOUBLE ELSE a.value END AS s_lo,
           coalesce(a.comparator, '=') IN ('<=', '<', '>') AS s_lo_open,
           CASE WHEN coalesce(a.comparator, '=') IN ('>=', '>') THEN 'infinity'::DOUBLE ELSE a.value END AS s_hi,
           coalesce(a.comparator, '=') IN ('<', '>=', '>') AS s_hi_open
    FROM wanted t
    JOIN observations a ON a.city_id = t.city_id AND a.indicator_id = t.indicator_id AND a.year = t.year
    WHERE a.district IS NULL AND a.value_kind IN ('actual', 'baseline')
      AND (a.value_kind = 'actual' OR a.plan_period IS DISTINCT FROM t.plan_period)
      /*a.cities*/
), bounds AS (
    SELECT *,
        (s_lo > w_lo OR (s_lo = w_lo AND (NOT w_lo_open OR s_lo_open)))
            AND (s_hi < w_hi OR (s_hi = w_hi AND (NOT w_hi_open OR s_hi_open))) AS contained,
        CASE WHEN w_lo <> s_lo THEN greatest(w_lo, s_lo) ELSE w_lo END AS x_lo,
        CASE WHEN w_lo > s_lo THEN w_lo_open WHEN s_lo > w_lo THEN s_lo_open ELSE w_lo_open OR s_lo_open END
            AS x_lo_open,
        CASE WHEN w_hi <> s_hi THEN least(w_hi, s_hi) ELSE w_hi END AS x_hi,
        CASE WHEN w_hi < s_hi THEN w_hi_open WHEN s_hi < w_hi THEN s_hi_open ELSE w_hi_open OR s_hi_open END
            AS x_hi_open
    FROM pairs
), judged AS (
    SELECT *,
        CASE WHEN target_no_value OR no_value OR unit_differs OR cumulative_differs OR span_differs
                 THEN 'not_comparable'
             WHEN contained THEN 'met'
             WHEN x_lo > x_hi OR (x_lo = x_hi AND (x_lo_open OR x_hi_open)) THEN 'not_met'
             ELSE 'not_comparable' END AS status,
        CASE WHEN target_no_value THEN 'target_no_value'
             WHEN no_value THEN 'actual_no_value'
             WHEN unit_differs THEN 'unit_mismatch'
             WHEN cumulative_differs AND to_date_involved THEN 'to_date_total'
             WHEN cumulative_differs THEN 'cumulative_vs_annual'
             WHEN span_differs THEN 'span_mismatch'
             WHEN contained THEN (CASE target_cmp WHEN '=' THEN 'reached' WHEN '~' THEN 'within_approx'
                                  ELSE 'within_bound' END)
             WHEN x_lo > x_hi OR (x_lo = x_hi AND (x_lo_open OR x_hi_open))
                 THEN (CASE target_cmp WHEN '=' THEN 'short_of_target' WHEN '~' THEN 'outside_approx'
                       ELSE 'violates_bound' END)
             ELSE 'bound_vs_bound' END AS reason
    FROM bounds
), ranked AS (
    SELECT *,
        CASE WHEN status IN ('met', 'not_met') AND target_cmp IN ('=', '~') AND coalesce(comparator, '=') IN ('=', '~')
             THEN (CASE WHEN higher THEN (CASE WHEN target_value <> 0 THEN value / target_value * 100 END)
                        ELSE (CASE WHEN value <> 0 THEN target_value / value * 100 END) END) END AS ratio,
        row_number() OVER (PARTITION BY target_obs_id
                           ORDER BY status NOT IN ('met', 'not_met'), value IS NULL,
                                    list_position(['table', 'prose', 'next_plan_baseline'], actual_source),
                                    other_period, source_file, source_line, obs_id) AS actual_rank
    FROM judged
), alternatives AS (
    SELECT target_obs_id,
           list(raw_text || ' (' || value_kind || ', ' || source_file || ':' || CAST(source_line AS VARCHAR) || ')'
                ORDER BY actual_rank) FILTER (WHERE actual_rank > 1) AS alternatives
    FROM ranked GROUP BY target_obs_id
), other_statements AS (
    SELECT city_id, plan_period, indicator_id,
           list(raw_text || ' (' || value_kind || ', ' || source_file || ':' || CAST(source_line AS VARCHAR) || ')'
                ORDER BY target_rank) AS other
    FROM targets WHERE target_rank > 1 GROUP BY city_id, plan_period, indicator_id
), target_alternatives AS (
    SELECT city_id, plan_period, indicator_id,
           list_concat(coalesce(any_value(s.other), []), coalesce(any_value(n.annual), [])) AS target_alternatives
    FROM other_statements s FULL JOIN annual_targets n USING (city_id, plan_period, indicator_id)
    GROUP BY city_id, plan_period, indicator_id
), reported AS (
    SELECT t.obs_id AS target_obs_id, r.value, r.raw_text, r.source_file, r.source_line
    FROM judged_targets t
    JOIN observations r ON r.city_id = t.city_id AND r.indicator_id = t.indicator_id AND r.year = t.year
    WHERE r.value_kind = 'reported_completion_pct' AND r.district IS NULL
      AND (r.plan_period = t.plan_period OR r.plan_period IS NULL) /*r.cities*/
    QUALIFY row_number() OVER (PARTITION BY t.obs_id ORDER BY r.value IS NULL, r.source_table IS NULL, r.source_file,
                                                               r.source_line, r.obs_id) = 1
), card AS (
    SELECT t.city_id, t.plan_period, t.indicator_id, t.name_zh, t.name_en, t.category, t.unit, t.direction,
           t.raw_text AS target_raw, a.raw_text AS actual_raw, t.value AS target, a.value AS actual,
           t.comparator, a.comparator AS actual_comparator,
           t.is_cumulative AS target_cumulative, a.is_cumulative AS actual_cumulative,
           t.year AS target_year, a.year AS actual_year, t.period_start, t.period_end,
           a.period_start AS actual_period_start, a.period_end AS actual_period_end,
           CASE WHEN a.target_obs_id IS NOT NULL THEN a.status
                WHEN t.no_value THEN 'not_comparable' ELSE 'no_actual' END AS status,
           CASE WHEN a.target_obs_id IS NOT NULL THEN a.reason
                WHEN t.no_value THEN 'target_no_value' ELSE 'no_actual' END AS reason,
           a.ratio,
           r.value AS reported_completion_pct, r.raw_text AS reported_completion_raw,
           t.attribute, a.actual_source, a.value_kind AS actual_kind,
           coalesce(x.alternatives, []) AS alternatives, coalesce(ta.target_alternatives, []) AS target_alternatives,
           t.source_file, t.source_line, t.source_locator, t.source_table, t.quote,
           a.source_file AS actual_source_file, a.source_line AS actual_source_line,
           a.source_locator AS actual_source_locator,
           a.source_table AS actual_source_table, a.quote AS actual_quote,
           r.source_file AS reported_source_file, r.source_line AS reported_source_line,
           t.obs_id AS target_obs_id, a.obs_id AS actual_obs_id,
           t.reading AS target_reading, a.reading AS actual_reading,
           c.sort_order AS city_order, t.period_first_year, k.sort_order AS category_order
    FROM judged_targets t
    JOIN cities c USING (city_id)
    JOIN categories k USING (category)
    LEFT JOIN ranked a ON a.target_obs_id = t.obs_id AND a.actual_rank = 1
    LEFT JOIN alternatives x ON x.target_obs_id = t.obs_id
    LEFT JOIN target_alternatives ta
        ON ta.city_id = t.city_id AND ta.plan_period = t.plan_period AND ta.indicator_id = t.indicator_id
    LEFT JOIN reported r ON r.target_obs_id = t.obs_id
)
""")

# The rows of the scorecards: cities in display order, plan periods in time, then categories
# in display order and the targets in source order.
_SCORECARD_ROWS = """
SELECT * EXCLUDE (city_order, period_first_year, category_order) FROM card
ORDER BY city_order, city_id, period_first_year, plan_period, category_order, category, source_file, source_line,
         indicator_id
"""

# Per city × plan period: how many targets have each status (only statuses that occur).
_SCORECARD_STATUS_COUNTS = """
SELECT city_id, plan_period, status, count(*) AS n FROM card
GROUP BY city_id, plan_period, status, city_order, period_first_year
ORDER BY city_order, city_id, period_first_year, plan_period, status
"""

def _of_chosen_cities(statement: str) -> str:
    """`statement` (of every city) with the filter on $city_ids written into each scan of
    observations where a /*x.cities*/ comment marks it, plainly (not `len(x) = 0 OR …`), so
    that DuckDB applies it while reading the Parquet and skips other cities' row groups."""
    for alias in "oar":
        statement = statement.replace(f"/*{alias}.cities*/", f"AND list_contains($city_ids, {alias}.city_id)")
    return statement


# $plan_periods lists the plan periods; the _OF_CITIES statements take $city_ids too.
SCORECARD_ROWS = _SCORECARD_CTE + _SCORECARD_ROWS
SCORECARD_ROWS_OF_CITIES = _of_chosen_cities(SCORECARD_ROWS)
SCORECARD_STATUS_COUNTS = _SCORECARD_CTE + _SCORECARD_STATUS_COUNTS
SCORECARD_STATUS_COUNTS_OF_CITIES = _of_chosen_cities(SCORECARD_STATUS_COUNTS)


# City × plan period pairs that have at least one end-of-plan target.
SCORECARD_PAIRS = of_readings("""
SELECT DISTINCT o.city_id, o.plan_period, c.sort_order, p.start_year
FROM observations o
JOIN plan_periods p USING (plan_period)
JOIN cities c USING (city_id)
WHERE o.value_kind = 'target' AND o.year = p.end_year AND o.district IS NULL
ORDER BY c.sort_order, p.start_year
""")

# Per city × plan period with end-of-plan targets: how many indicators have one, and for how
# many an end-year value with a number could answer it (an actual, or another plan's baseline
# for that year: what SCORECARD_ACTUALS offers). Cities in display order, periods in time.
SCORECARD_COVERAGE = of_readings("""
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
""")

# ---- explorer -------------------------------------------------------------------------------

# Every filter is "empty list / NULL = no restriction". 'none' stands for a NULL plan
# period or attribute. $pattern is an escaped ILIKE pattern (backslash escapes).
# One WHERE for the rows, their count and the downloads: they cannot disagree. A search with no letter
# that has a case ($caseless: Chinese, digits, punctuation) reads the rows' texts with contains(), which
# finds what ILIKE finds at about half the cost.
# Whether an indicator's names or aliases hold $needle (the search's text, $pattern its ILIKE form)
# is resolved before the statement runs, in the precomputed search table (indicator_search, through
# SEARCH_INDICATOR_IDS): $name_ids lists those indicators, and a row's indicator is looked up in that
# short list, not joined to a search of the names run inside the statement. Only raw_text, quote and
# source_label are searched row by row.
EXPLORER_FROM = of_readings(r"""
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
       OR list_contains($name_ids, o.indicator_id)
       OR CASE WHEN $caseless
               THEN contains(o.raw_text, $needle) OR contains(o.quote, $needle)
                    OR contains(coalesce(o.source_label, ''), $needle)
               ELSE o.raw_text ILIKE $pattern ESCAPE '\'
                    OR o.quote ILIKE $pattern ESCAPE '\'
                    OR coalesce(o.source_label, '') ILIKE $pattern ESCAPE '\' END)
""")

# The columns of an explorer row: the observation's, then its indicator's names and category.
EXPLORER_INDICATOR_COLUMNS = ("name_zh", "name_en", "category", "direction")
EXPLORER_COLUMNS = "o.*, " + ", ".join(f"i.{name}" for name in EXPLORER_INDICATOR_COLUMNS)
EXPLORER_SELECT = f"SELECT {EXPLORER_COLUMNS}{EXPLORER_FROM}"

EXPLORER_COUNT = f"SELECT count(*) AS n_rows{EXPLORER_FROM}"

# How many of the matching rows each source file holds (the sources sheet of an XLSX download).
EXPLORER_FILE_COUNTS = f"SELECT o.source_file AS source_file, count(*) AS n_rows{EXPLORER_FROM}GROUP BY o.source_file"

# One page of rows ($limit NULL: every row from $offset on).
EXPLORER_PAGE = "LIMIT $limit OFFSET $offset"

# How a download writes a cell of a text column to CSV (x: the column's expression): text a
# spreadsheet would take for a formula ($formula_start, a regular expression anchored at the
# start) gets $text_prefix in front; an empty text is written like a null (an empty field).
def export_csv_text(x: str) -> str:
    return f"CASE WHEN regexp_matches({x}, $formula_start) THEN $text_prefix || {x} ELSE nullif({x}, '') END"

# Comparator codes as words ($comparator_codes[i] -> $comparator_words[i]), any other as it is.
def export_csv_comparator(x: str) -> str:
    return f"coalesce(list_extract($comparator_words, list_position($comparator_codes, {x})), {x})"

# Booleans as pandas writes them; a NaN value as an empty field, as pandas writes it.
def export_csv_boolean(x: str) -> str:
    return f"CASE WHEN {x} THEN 'True' WHEN NOT {x} THEN 'False' END"

def export_csv_float(x: str) -> str:
    return f"CASE WHEN isnan({x}) THEN NULL ELSE {x} END"

# Whole numbers as 64-bit (the type pandas' nullable Int64 has in a Parquet file).
def export_bigint(x: str) -> str:
    return f"CAST({x} AS BIGINT)"


# DuckDB writes the file itself: `query` is an explorer SELECT built by `explorer_sql`, `path`
# a temporary file the caller created (quoted by `sql_string`), never a user's text. COMMENT ''
# because DuckDB otherwise quotes every field holding a '#'; with it, a field is quoted exactly
# when it holds a comma, a quote, LF or CR (the rule of analytics.exports' CSV).
def copy_to(query: str, path: str, file_format: str) -> str:
    """COPY (query) TO the file at `path` as "csv" or "parquet" (the options are fixed here)."""
    options = {"csv": "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULLSTR '', COMMENT ''",
               "parquet": "FORMAT parquet, COMPRESSION zstd"}[file_format]
    return f"COPY ({query}) TO {sql_string(path)} ({options})"

# The default (and tie-breaking) order: city, category, indicator, year, kind, district; each
# key with its modifiers (obs_id last: every row has its own place).
EXPLORER_DEFAULT_KEYS: tuple[tuple[str, str], ...] = (
    ("c.sort_order", ""), ("list_position($category_order, i.category)", ""), ("o.indicator_id", ""),
    ("o.year", ""), ("list_position($kind_order, o.value_kind)", ""), ("o.district", " NULLS FIRST"),
    ("o.source_file", ""), ("o.source_line", ""), ("o.obs_id", ""),
)
EXPLORER_DEFAULT_ORDER = ", ".join(f"{expr}{modifiers}" for expr, modifiers in EXPLORER_DEFAULT_KEYS)

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


def explorer_order_keys(sort_key: str | None, descending: bool = False) -> tuple[tuple[str, str], ...]:
    """The explorer's ORDER BY as (expression, modifiers) pairs, only from `EXPLORER_ORDER` entries
    and `EXPLORER_DEFAULT_KEYS` (a caller's key selects an entry; a wrong one is a KeyError)."""
    if sort_key is None:
        return EXPLORER_DEFAULT_KEYS
    modifiers = f" {'DESC' if descending else 'ASC'} NULLS LAST"
    return (*((expr, modifiers) for expr in EXPLORER_ORDER[sort_key]), *EXPLORER_DEFAULT_KEYS)


def explorer_sql(sort_key: str | None, descending: bool = False, *, columns: str = EXPLORER_COLUMNS,
                 paged: bool = False) -> str:
    """The explorer statement with an ORDER BY built only from `EXPLORER_ORDER` entries.

    `columns` is the select list: the row's columns, or a download's projection built by
    analytics.exports from `explorer_column` and fixed templates (never from a caller's text);
    `paged` adds `EXPLORER_PAGE` ($limit, $offset)."""
    order = ", ".join(f"{expr}{modifiers}" for expr, modifiers in explorer_order_keys(sort_key, descending))
    statement = f"SELECT {columns}{EXPLORER_FROM}ORDER BY {order}"
    return f"{statement}\n{EXPLORER_PAGE}" if paged else statement


def explorer_page_sql(sort_key: str | None, descending: bool = False, *, in_cities: bool = False) -> str:
    """One page of explorer rows ($limit after $offset, $limit not NULL), materialised late.

    `page` filters, sorts and cuts the page over the narrow columns only (the sort keys, the
    filter's columns, obs_id); then only the ≤ $limit observations of the page are read whole and
    put in the same order again, by the same keys. The two semi-joins hand the page's obs_ids and
    cities to the scan as filters (a Bloom filter on obs_id, the cities' range: the file is
    stored by city, so the scan skips the row groups the page is not in); DuckDB computes the
    CTE once. The rows, their order and columns are those of `explorer_sql(…, paged=True)`.

    `in_cities`: only the rows of the cities $page_city_ids, written plainly into the WHERE so that the
    scan reads only their row groups (a page placed by analytics.explorer), and so into the second read of
    the page's rows too: a semi-join hands that scan only the range of the page's city ids, and a page of
    two cities whose ids sort far apart would read every row group of the ids between them."""
    keys = explorer_order_keys(sort_key, descending)
    source = EXPLORER_FROM.replace("\nWHERE ", "\nWHERE list_contains($page_city_ids, o.city_id)\n  AND ", 1) \
        if in_cities else EXPLORER_FROM
    cities = "list_contains($page_city_ids, city_id)" if in_cities else "city_id IN (SELECT page_city_id FROM page)"
    chosen = ", ".join(f"{expr} AS page_key_{n}" for n, (expr, _) in enumerate(keys))
    inner = ", ".join(f"{expr}{modifiers}" for expr, modifiers in keys)
    outer = ", ".join(f"p.page_key_{n}{modifiers}" for n, (_, modifiers) in enumerate(keys))
    return (f"WITH page AS (\nSELECT o.obs_id AS page_obs_id, o.city_id AS page_city_id, "
            f"o.indicator_id AS page_indicator_id, {chosen}{source}ORDER BY {inner}\n{EXPLORER_PAGE}\n)\n"
            f"SELECT {EXPLORER_COLUMNS}\nFROM page p\n"
            f"JOIN (SELECT * FROM observations WHERE obs_id IN (SELECT page_obs_id FROM page) "
            f"AND {cities}) o ON o.obs_id = p.page_obs_id\n"
            f"JOIN indicators i ON i.indicator_id = p.page_indicator_id\n"
            f"ORDER BY {outer}")


def explorer_column(name: str) -> str:
    """`o.<name>` or `i.<name>` for a column of the explorer rows (a plain lower-case name only)."""
    if not name.replace("_", "").isalnum() or not name.isascii() or name != name.lower():
        raise KeyError(name)
    return f"{'i' if name in EXPLORER_INDICATOR_COLUMNS else 'o'}.{name}"


def sql_identifier(text: str) -> str:
    """A double-quoted SQL identifier (a download's header as a column alias)."""
    return '"' + text.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    """A single-quoted SQL string literal (the temporary file of a COPY)."""
    return "'" + text.replace("'", "''") + "'"

# ---- pace (analytics.pace) ----------------------------------------------------------------

# Every city-wide value of a city with a number, with its indicator: the targets and baselines
# of its plans, and the actuals that show the pace achieved. One query per city; the rows are few.
PACE_VALUES = of_readings("""
SELECT o.obs_id, o.indicator_id, i.name_zh, i.name_en, i.unit, i.direction, o.plan_period, o.year,
       o.value_kind, o.target_scope, o.value, o.comparator, o.is_cumulative, o.span_kind, o.period_start,
       o.period_end, o.raw_text, o.source_file, o.source_line, o.source_locator, o.source_table, o.reading
FROM observations o JOIN indicators i USING (indicator_id)
WHERE o.city_id = $city_id AND o.district IS NULL AND o.value IS NOT NULL
  AND o.value_kind IN ('target', 'baseline', 'actual', 'target_growth_pct')
ORDER BY o.indicator_id, o.year, o.source_table NULLS LAST, o.source_file, o.source_line, o.obs_id
""")

# The cities (display order) with both a baseline and a target with a number in one plan period:
# those whose plan has a pace to compute.
PACE_CITIES = of_readings("""
SELECT o.city_id
FROM observations o JOIN cities c USING (city_id)
WHERE o.plan_period = $plan_period AND o.district IS NULL AND o.value IS NOT NULL
  AND o.value_kind IN ('target', 'baseline')
GROUP BY o.city_id, c.sort_order
HAVING count(DISTINCT o.value_kind) = 2
ORDER BY c.sort_order, o.city_id
""")


# What one indicator's plan holds for each of some cities (analytics.pace.no_pace_reasons): per
# city and kind (target of the plan or annual, baseline) whether a row with a number exists, and
# one text as written of a target without a number.
NO_PACE_VALUES = of_readings("""
SELECT o.city_id,
       count(*) FILTER (WHERE o.value_kind = 'baseline' AND o.value IS NOT NULL) AS baselines,
       count(*) FILTER (WHERE o.value_kind = 'target' AND coalesce(o.target_scope, 'plan') = 'plan'
                        AND o.value IS NOT NULL) AS targets,
       count(*) FILTER (WHERE o.value_kind = 'target' AND o.target_scope = 'annual' AND o.value IS NOT NULL)
           AS annual_targets,
       min(o.raw_text) FILTER (WHERE o.value_kind = 'target' AND o.value IS NULL) AS target_without_number
FROM observations o
WHERE o.indicator_id = $indicator_id AND o.plan_period = $plan_period AND o.district IS NULL
  AND list_contains($city_ids, o.city_id) AND o.value_kind IN ('target', 'baseline')
GROUP BY o.city_id
""")


# ---- checks of the tables (analytics.consistency) ------------------------------------------
# Each runs over relations that carry `_row`, a row's position in its file. Identifiers come
# only from analytics.schema.TABLES and the constants of analytics.consistency, never from data.

def check_values(table: str, not_null: tuple[str, ...], enumerated: tuple[str, ...]) -> str:
    """Per column of `not_null`: nulls and the first null's row; per column of `enumerated`
    (each with a `?` list of allowed values, twice): the first row outside it and its value."""
    parts = []
    for column in not_null:
        parts += [f'count(*) FILTER (WHERE "{column}" IS NULL)', f'min(_row) FILTER (WHERE "{column}" IS NULL)']
    for column in enumerated:
        wrong = f'"{column}" IS NOT NULL AND NOT list_contains(?, "{column}")'
        parts += [f"min(_row) FILTER (WHERE {wrong})", f'arg_min("{column}", _row) FILTER (WHERE {wrong})']
    return f"SELECT {', '.join(parts)} FROM {table}"


def check_not_empty(table: str) -> str:
    return f"SELECT count(*) FROM {table}"


def check_unique(table: str, column: str) -> str:
    """The first value of `column` that occurs twice (in file order)."""
    return (f'SELECT "{column}" FROM {table} WHERE "{column}" IS NOT NULL GROUP BY "{column}" '
            f"HAVING count(*) > 1 ORDER BY min(_row) LIMIT 1")


def check_reference(table: str, column: str, target: str, target_column: str) -> str:
    """How many rows of `table` name a `column` value missing from `target`, the first one's row and value."""
    return (f'SELECT count(*), min(t._row), arg_min(t."{column}", t._row) '
            f'FROM {table} t ANTI JOIN {target} k ON t."{column}" = k."{target_column}" '
            f'WHERE t."{column}" IS NOT NULL')


def check_same_as_document(column: str) -> str:
    """The first observation whose `column` differs from its document's."""
    return (f'SELECT o._row, o."{column}", o.doc_id FROM observations o JOIN documents d USING (doc_id) '
            f'WHERE o."{column}" <> d."{column}" ORDER BY o._row LIMIT 1')


CHECK_NOTE_ROWS = """
SELECT n.obs_id
FROM (SELECT _row, unnest(obs_ids) AS obs_id, generate_subscripts(obs_ids, 1) AS position FROM quality_notes) n
ANTI JOIN observations o USING (obs_id)
ORDER BY n._row, n.position LIMIT 1
"""

# The first observation whose span or target scope contradicts its other columns: a one-year value
# is not cumulative; a total has its span, ending in its year; a to-date total is cumulative with no
# stated start; a target (or pace target) has a scope, any other kind none.
CHECK_SPANS_AND_SCOPES = """
SELECT _row, span_kind, target_scope, value_kind
FROM observations
WHERE NOT CASE span_kind
        WHEN 'year' THEN NOT is_cumulative AND period_start IS NULL AND period_end IS NULL
        WHEN 'total' THEN is_cumulative AND period_start IS NOT NULL AND period_end = year
        WHEN 'to_date' THEN is_cumulative AND period_start IS NULL AND period_end = year
        ELSE false END
   OR (target_scope IS NULL) = list_contains($target_kinds, value_kind)
ORDER BY _row LIMIT 1
"""

# The first observation whose confidence contradicts its reading: a machine reading has a confidence in
# 0..1, any other reading none.
CHECK_CONFIDENCE = """
SELECT _row, reading, confidence
FROM observations
WHERE CASE WHEN reading = $machine THEN confidence IS NULL OR isnan(confidence) OR confidence < 0 OR confidence > 1
           ELSE confidence IS NOT NULL END
ORDER BY _row LIMIT 1
"""

CHECK_COLORS = "SELECT _row, color FROM cities WHERE NOT regexp_full_match(color, $pattern) ORDER BY _row LIMIT 1"

CHECK_PERIOD_SPANS = "SELECT min(_row) FROM plan_periods WHERE start_year > end_year"


# ---- source coverage (analytics.source_coverage; checks in analytics.consistency) ----------

SOURCE_COVERAGE = """
SELECT d.doc_id, d.city_id, d.kind, d.title_zh, d.title_en, d.source_file,
       count(f.figure_id) FILTER (WHERE f.status = 'read') AS n_read,
       count(f.figure_id) FILTER (WHERE f.status = 'unread') AS n_unread,
       count(f.figure_id) FILTER (WHERE f.status = 'excluded') AS n_excluded
FROM documents d LEFT JOIN source_figures f USING (doc_id)
WHERE len($doc_ids) = 0 OR list_contains($doc_ids, d.doc_id)
GROUP BY ALL
ORDER BY d.source_file
"""

# Per document of $doc_ids: how many values each way of reading gave ($curated, $table, $machine: the codes of
# schema.READINGS; every observation, whatever a page leaves out) and how many figures stay unread.
DOCUMENT_READINGS = """
WITH values_read AS (
    SELECT doc_id,
           count(*) FILTER (WHERE reading = $curated) AS n_curated,
           count(*) FILTER (WHERE reading = $table) AS n_table,
           count(*) FILTER (WHERE reading = $machine) AS n_machine
    FROM observations WHERE list_contains($doc_ids, doc_id) GROUP BY doc_id
), unread AS (
    SELECT doc_id, count(*) AS n_unread
    FROM source_figures WHERE status = 'unread' AND list_contains($doc_ids, doc_id) GROUP BY doc_id
)
SELECT d.doc_id, coalesce(v.n_curated, 0) AS n_curated, coalesce(v.n_table, 0) AS n_table,
       coalesce(v.n_machine, 0) AS n_machine, coalesce(u.n_unread, 0) AS n_unread
FROM documents d LEFT JOIN values_read v USING (doc_id) LEFT JOIN unread u USING (doc_id)
WHERE list_contains($doc_ids, d.doc_id)
ORDER BY d.source_file
"""

SOURCE_FIGURES = """
SELECT figure_id, doc_id, source_file, source_line, position, figure, unit, status, reason, context
FROM source_figures
WHERE list_contains($statuses, status) AND (len($doc_ids) = 0 OR list_contains($doc_ids, doc_id))
ORDER BY source_file, source_line, position
LIMIT $limit
"""

CHECK_FIGURE_DOCUMENTS = """
SELECT f._row, f.source_file, f.source_line, f.doc_id
FROM source_figures f JOIN documents d USING (doc_id)
WHERE f.source_file <> d.source_file OR f.source_line < 1 OR f.source_line > d.line_count
ORDER BY f._row LIMIT 1
"""

CHECK_FIGURE_REASONS = """
SELECT _row, status FROM source_figures
WHERE (status = 'excluded' AND (reason IS NULL OR trim(reason) = ''))
   OR (status = 'read' AND reason IS NOT NULL)
ORDER BY _row LIMIT 1
"""


# ---- aggregates (analytics.aggregates: written by ingestion, read by the pages' defaults and pickers) ----
# Each AGGREGATE_* statement derives one table of schema.AGGREGATES from the other tables; ingestion writes
# its result, and analytics.consistency checks the table equals it. $machine is schema.MACHINE_READING;
# `with_machine` true counts every observation, false leaves out the machine-read ones (the pages' switch).

_SCOPED = """scoped AS (
    SELECT s.with_machine, o.*
    FROM observations o, (VALUES (true), (false)) s(with_machine)
    WHERE s.with_machine OR o.reading <> $machine
)"""

# INDICATORS' counts per indicator (n_cities, the first $city_sample cities, plan periods and kinds), and
# the first cities with a city-wide value (INDICATOR_CITIES).
AGGREGATE_INDICATOR_COVERAGE = f"""
WITH {_SCOPED}, covered AS (
    SELECT o.with_machine, o.indicator_id, o.city_id, bool_or(o.district IS NULL) AS citywide, c.sort_order
    FROM scoped o JOIN cities c USING (city_id)
    WHERE o.value IS NOT NULL
    GROUP BY o.with_machine, o.indicator_id, o.city_id, c.sort_order
), cities_of AS (
    SELECT with_machine, indicator_id, count(*) AS n_cities,
           list(city_id ORDER BY sort_order, city_id)[1:$city_sample] AS city_ids,
           coalesce(list(city_id ORDER BY sort_order, city_id) FILTER (WHERE citywide), [])[1:$city_sample]
               AS citywide_city_ids
    FROM covered GROUP BY with_machine, indicator_id
), periods AS (
    SELECT with_machine, indicator_id, list(DISTINCT plan_period ORDER BY plan_period) AS plan_periods,
           list(DISTINCT value_kind ORDER BY value_kind) AS value_kinds
    FROM scoped
    WHERE value IS NOT NULL AND plan_period IS NOT NULL
    GROUP BY with_machine, indicator_id
)
SELECT c.indicator_id, c.with_machine, c.n_cities, c.city_ids, c.citywide_city_ids,
       coalesce(p.plan_periods, []) AS plan_periods, coalesce(p.value_kinds, []) AS value_kinds
FROM cities_of c LEFT JOIN periods p USING (with_machine, indicator_id)
ORDER BY c.indicator_id, c.with_machine
"""

# Per city × plan period: SCORECARD_COVERAGE's counts, PACE_CITIES' condition, and the rows and values.
AGGREGATE_CITY_PERIODS = f"""
WITH {_SCOPED}, targets AS (
    SELECT DISTINCT o.with_machine, o.city_id, o.plan_period, o.indicator_id, p.end_year
    FROM scoped o JOIN plan_periods p USING (plan_period)
    WHERE o.value_kind = 'target' AND o.year = p.end_year AND o.district IS NULL
), answered AS (
    SELECT DISTINCT t.with_machine, t.city_id, t.plan_period, t.indicator_id
    FROM targets t
    JOIN scoped a ON a.with_machine = t.with_machine AND a.city_id = t.city_id AND a.indicator_id = t.indicator_id
                 AND a.year = t.end_year
    WHERE a.district IS NULL AND a.value IS NOT NULL
      AND (a.value_kind = 'actual'
           OR (a.value_kind = 'baseline' AND a.plan_period IS DISTINCT FROM t.plan_period))
), scorecards AS (
    SELECT t.with_machine, t.city_id, t.plan_period, count(*) AS n_targets, count(a.indicator_id) AS n_answered
    FROM targets t LEFT JOIN answered a USING (with_machine, city_id, plan_period, indicator_id)
    GROUP BY t.with_machine, t.city_id, t.plan_period
), counted AS (
    SELECT with_machine, city_id, plan_period, count(*) AS n_rows, count(value) AS n_values,
           count(DISTINCT value_kind) FILTER (WHERE value_kind IN ('target', 'baseline') AND district IS NULL
                                              AND value IS NOT NULL) = 2 AS paced
    FROM scoped GROUP BY with_machine, city_id, plan_period
)
SELECT v.city_id, v.plan_period, v.with_machine, v.n_rows, v.n_values,
       coalesce(s.n_targets, 0) AS n_targets, coalesce(s.n_answered, 0) AS n_answered,
       v.paced AND v.plan_period IS NOT NULL AS paced
FROM counted v
LEFT JOIN scorecards s
       ON s.with_machine = v.with_machine AND s.city_id = v.city_id AND s.plan_period = v.plan_period
ORDER BY v.city_id, v.plan_period NULLS FIRST, v.with_machine
"""

# The distinct values of the explorer's filtered columns (EXPLORER_DISTRICTS, _YEARS, _HAS_NULL), every reading.
AGGREGATE_FACETS = """
SELECT facet, value, n_rows FROM (
    SELECT 'district' AS facet, district AS value, count(*) AS n_rows FROM observations GROUP BY district
    UNION ALL SELECT 'plan_period', plan_period, count(*) FROM observations GROUP BY plan_period
    UNION ALL SELECT 'attribute', attribute, count(*) FROM observations GROUP BY attribute
    UNION ALL SELECT 'year', CAST(year AS VARCHAR), count(*) FROM observations GROUP BY year
)
ORDER BY facet, value NULLS FIRST
"""

AGGREGATE_INDICATOR_SEARCH = """
SELECT DISTINCT indicator_id, field, lower(text) AS text FROM (
    SELECT indicator_id, 'id' AS field, indicator_id AS text FROM indicators
    UNION ALL SELECT indicator_id, 'name_zh', name_zh FROM indicators
    UNION ALL SELECT indicator_id, 'name_en', name_en FROM indicators
    UNION ALL SELECT indicator_id, 'alias', unnest(aliases_zh) FROM indicators
    UNION ALL SELECT i.indicator_id, 'category_zh', k.name_zh FROM indicators i JOIN categories k USING (category)
    UNION ALL SELECT i.indicator_id, 'category_en', k.name_en FROM indicators i JOIN categories k USING (category)
)
WHERE text IS NOT NULL AND text <> ''
ORDER BY indicator_id, field, text
"""

# COVERAGE_TOTAL's rows.
AGGREGATE_COVERAGE_TOTALS = f"""
WITH {_SCOPED}
SELECT o.with_machine, o.plan_period, i.category, o.value_kind,
       count(o.value) AS n_values,
       count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
       count(DISTINCT o.city_id) FILTER (WHERE o.value IS NOT NULL) AS n_cities,
       count(*) AS n_rows
FROM scoped o JOIN indicators i USING (indicator_id)
GROUP BY o.with_machine, o.plan_period, i.category, o.value_kind
ORDER BY o.with_machine, o.plan_period NULLS FIRST, i.category, o.value_kind
"""

# PROVINCE_SUMMARY's counts of the observations per province (its values_by_province).
AGGREGATE_PROVINCE_TOTALS = f"""
WITH {_SCOPED}
SELECT o.with_machine, c.province_zh, c.province_en,
       count(DISTINCT o.city_id) FILTER (WHERE o.value IS NOT NULL) AS n_cities_with_values,
       count(DISTINCT o.indicator_id) FILTER (WHERE o.value IS NOT NULL) AS n_indicators,
       count(o.value) AS n_values,
       count(DISTINCT (o.city_id, o.district, o.indicator_id, o.plan_period, o.year, o.span_kind, o.period_start,
                       o.target_scope))
           FILTER (WHERE o.value_kind = 'target' AND o.value IS NOT NULL) AS n_targets,
       count(*) FILTER (WHERE o.value_kind = 'actual' AND o.value IS NOT NULL) AS n_actuals,
       list_sort(coalesce(list(DISTINCT o.plan_period) FILTER (WHERE o.plan_period IS NOT NULL), []))
           AS plan_periods,
       min(o.year) AS first_year, max(o.year) AS last_year
FROM scoped o JOIN cities c USING (city_id)
GROUP BY o.with_machine, c.province_zh, c.province_en
ORDER BY o.with_machine, c.province_zh NULLS FIRST, c.province_en NULLS FIRST
"""

AGGREGATE_STATEMENTS = {
    "indicator_coverage": AGGREGATE_INDICATOR_COVERAGE,
    "city_periods": AGGREGATE_CITY_PERIODS,
    "facets": AGGREGATE_FACETS,
    "indicator_search": AGGREGATE_INDICATOR_SEARCH,
    "coverage_totals": AGGREGATE_COVERAGE_TOTALS,
    "province_totals": AGGREGATE_PROVINCE_TOTALS,
}


def check_aggregate(table: str, columns: tuple[str, ...], statement: str) -> str:
    """How many rows `table` and `statement` (its derivation) do not share, counted both ways (0: equal)."""
    select = ", ".join(f'"{column}"' for column in columns)
    return (f"WITH derived AS ({statement}) SELECT (SELECT count(*) FROM (SELECT {select} FROM {table} "
            f"EXCEPT ALL SELECT {select} FROM derived)) + (SELECT count(*) FROM (SELECT {select} FROM derived "
            f"EXCEPT ALL SELECT {select} FROM {table}))")

# The statements that read the aggregates ($with_machine: which of their counts, analytics.aggregates).

# INDICATORS, read from indicator_coverage.
INDICATORS_FROM_COVERAGE = """
SELECT i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh AS category_zh, k.name_en AS category_en,
       i.unit, i.direction, i.aliases_zh, i.definition_note, i.reviewed,
       coalesce(s.n_cities, 0) AS n_cities, coalesce(s.city_ids, [])[1:$city_sample] AS city_ids,
       coalesce(s.plan_periods, []) AS plan_periods, coalesce(s.value_kinds, []) AS value_kinds
FROM indicators i
JOIN categories k USING (category)
LEFT JOIN indicator_coverage s ON s.indicator_id = i.indicator_id AND s.with_machine = $with_machine
ORDER BY k.sort_order, i.indicator_id
"""

# INDICATORS_FROM_COVERAGE of the indicators $ids only (NULL: every one), the first $limit (NULL: all).
CATALOGUE_PAGE = INDICATORS_FROM_COVERAGE.replace(
    "ORDER BY", "WHERE $ids IS NULL OR list_contains($ids, i.indicator_id)\nORDER BY") + "LIMIT $limit\n"

# How many indicators of $ids (NULL: every one) the catalogue has, and how many of them nobody reviewed.
CATALOGUE_COUNTS = """
SELECT count(*) AS n, count(*) FILTER (WHERE NOT reviewed) AS n_unreviewed
FROM indicators WHERE $ids IS NULL OR list_contains($ids, indicator_id)
"""

# The category of each of the indicators $ids, with the category's names.
INDICATOR_CATEGORIES = """
SELECT i.indicator_id, i.category, k.name_zh AS category_zh, k.name_en AS category_en
FROM indicators i JOIN categories k USING (category)
WHERE list_contains($ids, i.indicator_id)
ORDER BY i.indicator_id
"""

# The first $n cities (display order) with a city-wide value of one indicator (INDICATOR_CITIES' first).
INDICATOR_FIRST_CITIES = """
SELECT coalesce(any_value(citywide_city_ids), [])[1:$n] AS city_ids
FROM indicator_coverage WHERE indicator_id = $indicator_id AND with_machine = $with_machine
"""

# The ids of the indicators whose texts of $fields (schema.SEARCH_FIELDS) contain $needle, case-insensitive.
SEARCH_INDICATOR_IDS = """
SELECT DISTINCT indicator_id FROM indicator_search
WHERE list_contains($fields, field) AND contains(text, lower($needle))
ORDER BY indicator_id
"""

# The indicator picker's options: indicators with a value somewhere (comparable_indicators' order: compared
# categories first, then those two or more cities hold, category order, id), only those a search for
# $needle finds (NULL: every one) and only $ids when given (NULL: any); the first $limit, with how many match.
INDICATOR_CHOICES = """
SELECT i.indicator_id, i.name_zh, i.name_en, i.category, k.name_zh AS category_zh, k.name_en AS category_en,
       s.n_cities, s.n_cities >= 2 AS multi_city, count(*) OVER () AS n_matching
FROM indicator_coverage s
JOIN indicators i USING (indicator_id)
JOIN categories k USING (category)
WHERE s.with_machine = $with_machine AND s.n_cities > 0
  AND ($ids IS NULL OR list_contains($ids, s.indicator_id))
  AND ($needle IS NULL OR s.indicator_id IN (SELECT indicator_id FROM indicator_search
                                             WHERE contains(text, lower($needle))))
ORDER BY coalesce(k.compared, true) = false, s.n_cities < 2, k.sort_order, k.category, i.indicator_id
LIMIT $limit
"""

# Per plan period with end-of-plan targets: whether some city's targets an actual value answers (SCORECARD_COVERAGE).
SCORECARD_PERIODS_FROM_AGGREGATE = """
SELECT plan_period, bool_or(n_answered > 0) AS answered
FROM city_periods
WHERE with_machine = $with_machine AND n_targets > 0 AND plan_period IS NOT NULL
GROUP BY plan_period
"""

# The cities (display order) with end-of-plan targets in $plan_period, the one whose targets are answered most
# often first when $by_answered ($n of them).
SCORECARD_CITIES_FROM_AGGREGATE = """
SELECT p.city_id
FROM city_periods p JOIN cities c USING (city_id)
WHERE p.with_machine = $with_machine AND p.plan_period = $plan_period AND p.n_targets > 0
ORDER BY CASE WHEN $by_answered THEN -p.n_answered ELSE 0 END, c.sort_order, p.city_id
LIMIT $n
"""

# PACE_CITIES' first $n, from city_periods.
PACE_CITIES_FROM_AGGREGATE = """
SELECT p.city_id
FROM city_periods p JOIN cities c USING (city_id)
WHERE p.with_machine = $with_machine AND p.plan_period = $plan_period AND p.paced
ORDER BY c.sort_order, p.city_id
LIMIT $n
"""

# COVERAGE_CITIES_WITH_VALUES' first $n, from city_periods.
CITIES_WITH_VALUES_FROM_AGGREGATE = """
SELECT p.city_id
FROM city_periods p JOIN cities c USING (city_id)
WHERE p.with_machine = $with_machine
GROUP BY p.city_id, c.sort_order
HAVING sum(p.n_values) > 0
ORDER BY c.sort_order, p.city_id
LIMIT $n
"""

# The explorer's filter options (EXPLORER_DISTRICTS, _YEARS, _HAS_NULL), from facets.
FACET_VALUES = "SELECT facet, value FROM facets ORDER BY facet, value NULLS FIRST"

# Per city (with its display position) the explorer's matching rows: their count is the sum, and a page far
# into the rows is read from the cities that hold it only (analytics.explorer.filter_observations).
# The rows are counted per city as they are read, and the counts (one per city) then joined to the cities:
# the same inner join, made after the grouping rather than once per matching row.
EXPLORER_CITY_COUNTS = (
    "SELECT c.sort_order, g.city_id, g.n_rows\nFROM (SELECT o.city_id, count(*) AS n_rows"
    + EXPLORER_FROM.replace("\nJOIN cities c USING (city_id)\n", "\n", 1)
    + "GROUP BY o.city_id) g\nJOIN cities c USING (city_id)\nORDER BY c.sort_order, g.city_id")

# The same with no filter, from the aggregate city_periods.
EXPLORER_CITY_COUNTS_FROM_AGGREGATE = """
SELECT c.sort_order, p.city_id, sum(p.n_rows) AS n_rows
FROM city_periods p JOIN cities c USING (city_id)
WHERE p.with_machine = $with_machine
GROUP BY c.sort_order, p.city_id
ORDER BY c.sort_order, p.city_id
"""

# COVERAGE_TOTAL, from coverage_totals.
COVERAGE_TOTAL_FROM_AGGREGATE = """
SELECT t.plan_period, t.category, t.value_kind, t.n_values, t.n_indicators, t.n_cities, t.n_rows
FROM coverage_totals t LEFT JOIN plan_periods p USING (plan_period)
WHERE t.with_machine = $with_machine
ORDER BY p.start_year NULLS LAST, list_position($category_order, t.category),
         list_position($kind_order, t.value_kind)
"""

# PROVINCE_SUMMARY, its counts of the observations from province_totals.
PROVINCE_SUMMARY_FROM_AGGREGATE = PROVINCE_SUMMARY[:PROVINCE_SUMMARY.index("), values_by_province AS (")] + """
), values_by_province AS (
    SELECT * FROM province_totals WHERE with_machine = $with_machine
)""" + PROVINCE_SUMMARY[PROVINCE_SUMMARY.index("\nSELECT p.province_zh, p.province_en, p.n_cities,"):]

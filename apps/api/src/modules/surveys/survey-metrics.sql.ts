/**
 * The survey metrics statement, in a module of its own (no framework imports) so the benchmark's
 * direct-SQL baseline runs exactly this text.
 *
 * It reads `survey_tally` (alias `t`): per campaign, unit path, month, overall score and NPS score,
 * `n` invitations (scores NULL = not answered), kept exact by triggers on `survey_invitation`
 * (migration 1763900820000). The ratios are those of invitations LEFT JOIN responses, summed over
 * cells: NULLIF on the denominator makes a ratio of nothing NULL (reported as null, never 0 or NaN);
 * percentages rounded to two places. `sum` of a bigint is numeric, so every quotient is the same
 * numeric division the per-row `count`/`avg` did.
 */
const RESPONSES = 'sum(t.n) FILTER (WHERE t.overall_score IS NOT NULL)';
const METRICS_SELECT = `
  coalesce(sum(t.n), 0)::int AS invitations,
  coalesce(${RESPONSES}, 0)::int AS responses,
  round(100.0 * coalesce(${RESPONSES}, 0) / NULLIF(sum(t.n), 0), 2)::float8 AS coverage,
  round(100.0 * coalesce(sum(t.n) FILTER (WHERE t.overall_score >= 4), 0) / NULLIF(${RESPONSES}, 0), 2)::float8 AS satisfaction_rate,
  round(100.0 * coalesce(sum(t.n) FILTER (WHERE t.overall_score <= 2), 0) / NULLIF(${RESPONSES}, 0), 2)::float8 AS dissatisfaction_rate,
  round(sum(t.overall_score * t.n::bigint) / NULLIF(${RESPONSES}, 0), 2)::float8 AS mean_score,
  round(100.0 * (coalesce(sum(t.n) FILTER (WHERE t.nps_score >= 9), 0) - coalesce(sum(t.n) FILTER (WHERE t.nps_score <= 6), 0))
        / NULLIF(sum(t.n) FILTER (WHERE t.nps_score IS NOT NULL), 0), 2)::float8 AS nps`;

/**
 * The metrics of the tally cells matching `where` (over `t`), grouped four ways: total, sub-unit,
 * month, overall score. The sub-unit key is the first path segment under the root (`$rootParam`),
 * the root itself (`$rootParam + 1`) for its own invitations; keys that are no org unit come back
 * with a NULL `unit_name` (left out of `byUnit`). Sub-units come ordered by name, months in order.
 */
export function metricsSql(where: string, rootParam: number): string {
  return `
    SELECT CASE WHEN GROUPING(k.unit_key) = 0 THEN 'unit' WHEN GROUPING(t.month) = 0 THEN 'month'
                WHEN GROUPING(t.overall_score) = 0 THEN 'score' ELSE 'total' END AS grouping,
           coalesce(k.unit_key, t.month, t.overall_score::text) AS key,
           (SELECT u.name FROM org_unit u WHERE u.id::text = k.unit_key) AS unit_name,
           ${METRICS_SELECT}
    FROM survey_tally t
    CROSS JOIN LATERAL (SELECT coalesce(nullif(split_part(substr(t.unit_path, length($${rootParam}) + 1), '/', 1), ''), $${rootParam + 1}) AS unit_key) k
    WHERE (${where}) AND t.n > 0
    GROUP BY GROUPING SETS ((), (k.unit_key), (t.month), (t.overall_score))
    ORDER BY unit_name, key`;
}

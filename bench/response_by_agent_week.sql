-- `supportctl response --by agent,week --format csv`, computed by the DuckDB CLI.
--
-- The harness replaces @TICKETS@ with the ticket export and @OUTPUT@ with the CSV to write
-- (both single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions (docs/metrics.md, crates/support-metrics/src/metrics/response.rs):
--   * timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
--   * text cells are trimmed, and an empty one is a missing value (agent: an empty group);
--   * the week is the ISO week of created_at, labelled `YYYY-Www`;
--   * FRT = first_response_at − created_at, resolution = resolved_at − created_at, in seconds;
--     a negative duration is dropped and the ticket counted once in invalid_order;
--   * responded: FRT ≥ 0; unresponded: no first_response_at; resolved: resolution ≥ 0;
--   * statistics over the valid durations; quantiles interpolate linearly (quantile_cont);
--   * SLA targets by priority (case-insensitive): urgent 1h, high 4h, normal 8h, low 24h; any
--     other priority (or none) is outside the SLA. as_of = the latest of created_at,
--     first_response_at and resolved_at in the file.
--       met:      FRT ≥ 0 and FRT ≤ target
--       breached: FRT > target, or no first response and as_of − created_at > target
--       pending:  no first response and as_of − created_at ≤ target
--     sla_met_pct = met / (met + breached) × 100, empty when both are zero.
--   * the last column, time_basis, says the durations are wall-clock (`calendar`) time.

SET preserve_insertion_order = false;

COPY (
    WITH tickets AS (
        SELECT
            created_at,
            first_response_at,
            resolved_at,
            nullif(trim(agent), '') AS agent,
            lower(trim(priority)) AS priority
        FROM read_csv(
            @TICKETS@,
            header = true,
            delim = ',',
            quote = '"',
            escape = '"',
            timestampformat = '%Y-%m-%d %H:%M:%S',
            types = {
                'created_at': 'TIMESTAMP',
                'first_response_at': 'TIMESTAMP',
                'resolved_at': 'TIMESTAMP',
                'agent': 'VARCHAR',
                'priority': 'VARCHAR'
            }
        )
    ),
    as_of AS (
        SELECT greatest(max(created_at), max(first_response_at), max(resolved_at)) AS as_of
        FROM tickets
    ),
    durations AS (
        SELECT
            t.agent,
            strftime(t.created_at, '%G-W%V') AS week,
            t.first_response_at IS NULL AS unanswered,
            date_diff('second', t.created_at, t.first_response_at) AS frt,
            date_diff('second', t.created_at, t.resolved_at) AS res,
            date_diff('second', t.created_at, a.as_of) AS age,
            CASE t.priority
                WHEN 'urgent' THEN 3600
                WHEN 'high' THEN 4 * 3600
                WHEN 'normal' THEN 8 * 3600
                WHEN 'low' THEN 24 * 3600
            END AS sla_target
        FROM tickets t, as_of a
    ),
    valid AS (
        SELECT
            *,
            CAST(CASE WHEN frt >= 0 THEN frt END AS DOUBLE) AS frt_ok,
            CAST(CASE WHEN res >= 0 THEN res END AS DOUBLE) AS res_ok
        FROM durations
    ),
    grouped AS (
        SELECT
            agent,
            week,
            count(*) AS tickets,
            count(frt_ok) AS responded,
            count_if(coalesce(unanswered, false)) AS unresponded,
            count_if(coalesce(frt < 0, false) OR coalesce(res < 0, false)) AS invalid_order,
            avg(frt_ok) AS frt_mean_s,
            -- One quantile_cont with a list of fractions sorts each group's values once.
            quantile_cont(frt_ok, [0.5, 0.9, 0.95]) AS frt_q,
            max(frt_ok) AS frt_max_s,
            count(res_ok) AS resolved,
            avg(res_ok) AS res_mean_s,
            quantile_cont(res_ok, [0.5, 0.9]) AS res_q,
            count_if(coalesce(frt_ok <= sla_target, false)) AS sla_met,
            count_if(
                coalesce(frt_ok > sla_target, false)
                OR coalesce(unanswered AND age > sla_target, false)
            ) AS sla_breached,
            count_if(coalesce(unanswered AND age <= sla_target, false)) AS sla_pending
        FROM valid
        GROUP BY agent, week
    )
    SELECT
        agent,
        week,
        tickets,
        responded,
        unresponded,
        invalid_order,
        frt_mean_s,
        frt_q[1] AS frt_median_s,
        frt_q[2] AS frt_p90_s,
        frt_q[3] AS frt_p95_s,
        frt_max_s,
        resolved,
        res_mean_s,
        res_q[1] AS res_median_s,
        res_q[2] AS res_p90_s,
        sla_met,
        sla_breached,
        sla_pending,
        CASE
            WHEN sla_met + sla_breached > 0
            THEN CAST(sla_met AS DOUBLE) * 100 / (sla_met + sla_breached)
        END AS sla_met_pct,
        'calendar' AS time_basis
    FROM grouped
    ORDER BY agent NULLS LAST, week
) TO @OUTPUT@ (FORMAT csv, HEADER true);

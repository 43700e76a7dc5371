-- `supportctl workload --format csv` (per agent, no surveys), computed by the DuckDB CLI.
--
-- The harness replaces @TICKETS@ with the ticket export and @OUTPUT@ with the CSV to write
-- (both single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions (docs/metrics.md, crates/support-metrics/src/metrics/workload/mod.rs):
--   * timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
--   * text cells are trimmed, and an empty one is a missing value (agent: the unassigned row);
--   * as_of = the latest of created_at, first_response_at and resolved_at in the file;
--   * share_pct = the agent's tickets / all tickets × 100 (the unassigned included);
--   * resolved: resolved_at − created_at ≥ 0;
--   * overdue: a due_at, and resolved after it, or not resolved and due_at < as_of;
--     overdue_pct = overdue / tickets with a due_at × 100 (with_due);
--   * frt_median_s: the median of the non-negative first response times (quantile_cont);
--   * load: above when tickets > mean × 1.25, below when < mean × 0.75, else within, the mean
--     being over the named agents (the default margin of 25 %); empty for the unassigned;
--   * csat_pct and csat_responses are empty: no survey answers are read here (supportctl too
--     leaves them empty without --surveys).

SET preserve_insertion_order = false;

COPY (
    WITH tickets AS (
        SELECT
            created_at,
            first_response_at,
            resolved_at,
            due_at,
            nullif(trim(agent), '') AS agent
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
                'due_at': 'TIMESTAMP',
                'agent': 'VARCHAR'
            }
        )
    ),
    as_of AS (
        SELECT greatest(max(created_at), max(first_response_at), max(resolved_at)) AS as_of
        FROM tickets
    ),
    flagged AS (
        SELECT
            t.agent,
            CAST(CASE
                WHEN date_diff('second', t.created_at, t.first_response_at) >= 0
                THEN date_diff('second', t.created_at, t.first_response_at)
            END AS DOUBLE) AS frt_ok,
            coalesce(date_diff('second', t.created_at, t.resolved_at) >= 0, false) AS resolved,
            t.due_at IS NOT NULL AS with_due,
            t.due_at IS NOT NULL AND (
                (t.resolved_at IS NOT NULL AND t.resolved_at > t.due_at)
                OR (t.resolved_at IS NULL AND t.due_at < a.as_of)
            ) AS overdue
        FROM tickets t, as_of a
    ),
    grouped AS (
        SELECT
            agent,
            count(*) AS tickets,
            count_if(resolved) AS resolved,
            count_if(overdue) AS overdue,
            count_if(with_due) AS with_due,
            quantile_cont(frt_ok, 0.5) AS frt_median_s
        FROM flagged
        GROUP BY agent
    ),
    balanced AS (
        SELECT
            *,
            sum(tickets) OVER () AS total,
            avg(CASE WHEN agent IS NOT NULL THEN tickets END) OVER () AS mean
        FROM grouped
    )
    SELECT
        agent,
        tickets,
        CAST(tickets AS DOUBLE) * 100 / total AS share_pct,
        resolved,
        overdue,
        CASE WHEN with_due > 0 THEN CAST(overdue AS DOUBLE) * 100 / with_due END AS overdue_pct,
        frt_median_s,
        CAST(NULL AS DOUBLE) AS csat_pct,
        with_due,
        CAST(NULL AS BIGINT) AS csat_responses,
        CASE
            WHEN agent IS NULL THEN NULL
            WHEN tickets > mean * 1.25 THEN 'above'
            WHEN tickets < mean * 0.75 THEN 'below'
            ELSE 'within'
        END AS load,
        'calendar' AS time_basis
    FROM balanced
    ORDER BY lower(agent) NULLS LAST, agent
) TO @OUTPUT@ (FORMAT csv, HEADER true);

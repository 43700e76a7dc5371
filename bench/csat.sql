-- `supportctl csat --scale 1-5 --by agent,week --format csv`, computed by the DuckDB CLI.
--
-- The harness replaces @TICKETS@ and @SURVEYS@ with the generated exports and @OUTPUT@ with the
-- CSV to write (single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions (docs/metrics.md, crates/support-metrics/src/metrics/satisfaction/):
--   * timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
--   * text cells are trimmed, and an empty one is a missing value (agent: an empty group);
--   * CSAT answers are the survey rows of kind `csat` (any case) or of no kind, with a score;
--     scores are on the 1-5 scale and an answer is satisfied at 4 or 5;
--   * as_of = the latest of the tickets' created_at and resolved_at and the answers'
--     submitted_at; answers submitted after it are left out (none in generated files);
--   * an answer belongs to the ISO week of its submitted_at (`YYYY-Www`) and to the agent of the
--     ticket its ticket_id names (the generated surveys carry no agent of their own); an answer
--     whose ticket_id matches no ticket has no agent and is not linked;
--   * csat_pct = satisfied / answers × 100; the 95% Wilson interval with z = 1.96:
--       centre = (p + z²/2n) / (1 + z²/n), half = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²),
--       low = 0 when nothing is satisfied, high = 100 when everything is;
--     csat_mean = the mean score;
--   * resolved tickets of a group: its agent's tickets created in that ISO week (by created_at)
--     with created_at ≤ resolved_at ≤ as_of; response_rate_pct = linked answers / resolved
--     tickets × 100, empty when there are none;
--   * a group with resolved tickets and no answer is a row too (0 answers, empty figures).

SET preserve_insertion_order = false;

COPY (
    WITH tickets AS (
        SELECT
            trim(id) AS id,
            created_at,
            resolved_at,
            nullif(trim(agent), '') AS agent
        FROM read_csv(
            @TICKETS@,
            header = true,
            delim = ',',
            quote = '"',
            escape = '"',
            timestampformat = '%Y-%m-%d %H:%M:%S',
            types = {
                'id': 'VARCHAR',
                'created_at': 'TIMESTAMP',
                'resolved_at': 'TIMESTAMP',
                'agent': 'VARCHAR'
            }
        )
    ),
    surveys AS (
        SELECT
            nullif(trim(ticket_id), '') AS ticket_id,
            submitted_at,
            lower(nullif(trim(kind), '')) AS kind,
            CAST(nullif(trim(score), '') AS INTEGER) AS score
        FROM read_csv(
            @SURVEYS@,
            header = true,
            delim = ',',
            quote = '"',
            escape = '"',
            timestampformat = '%Y-%m-%d %H:%M:%S',
            types = {
                'ticket_id': 'VARCHAR',
                'submitted_at': 'TIMESTAMP',
                'kind': 'VARCHAR',
                'score': 'VARCHAR',
                'comment': 'VARCHAR'
            }
        )
    ),
    as_of AS (
        SELECT greatest(
            (SELECT max(created_at) FROM tickets),
            (SELECT max(resolved_at) FROM tickets),
            (SELECT max(submitted_at) FROM surveys)
        ) AS as_of
    ),
    answers AS (
        SELECT
            t.agent,
            strftime(s.submitted_at, '%G-W%V') AS week,
            s.score,
            t.id IS NOT NULL AS linked
        FROM surveys s
        LEFT JOIN tickets t ON s.ticket_id = t.id
        CROSS JOIN as_of a
        WHERE (s.kind IS NULL OR s.kind = 'csat')
            AND s.score IS NOT NULL
            AND s.submitted_at <= a.as_of
    ),
    answered AS (
        SELECT
            agent,
            week,
            count(*) AS n,
            count_if(score >= 4) AS satisfied,
            avg(score) AS csat_mean,
            count_if(linked) AS linked
        FROM answers
        GROUP BY agent, week
    ),
    resolved AS (
        SELECT
            t.agent,
            strftime(t.created_at, '%G-W%V') AS week,
            count(*) AS resolved
        FROM tickets t
        CROSS JOIN as_of a
        WHERE t.created_at <= a.as_of
            AND t.resolved_at <= a.as_of
            AND t.resolved_at >= t.created_at
        GROUP BY t.agent, week
    ),
    grouped AS (
        SELECT
            coalesce(g.agent, r.agent) AS agent,
            coalesce(g.week, r.week) AS week,
            coalesce(g.n, 0) AS n,
            coalesce(g.satisfied, 0) AS satisfied,
            g.csat_mean,
            coalesce(g.linked, 0) AS linked,
            coalesce(r.resolved, 0) AS resolved
        FROM answered g
        FULL OUTER JOIN resolved r
            ON g.agent IS NOT DISTINCT FROM r.agent AND g.week = r.week
    ),
    shares AS (
        -- p and 1 + z²/n of the Wilson interval, for groups with answers.
        SELECT
            *,
            CASE WHEN n > 0 THEN CAST(satisfied AS DOUBLE) / n END AS p,
            CASE WHEN n > 0 THEN 1 + 1.96 * 1.96 / n END AS d
        FROM grouped
    ),
    bounds AS (
        SELECT
            *,
            (p + 1.96 * 1.96 / (2 * n)) / d AS centre,
            1.96 / d * sqrt(p * (1 - p) / n + 1.96 * 1.96 / (4.0 * n * n)) AS half
        FROM shares
    )
    SELECT
        agent,
        week,
        n AS csat_responses,
        satisfied AS csat_satisfied,
        p * 100 AS csat_pct,
        CASE
            WHEN n = 0 THEN NULL
            WHEN satisfied = 0 THEN 0.0
            ELSE greatest(centre - half, 0) * 100
        END AS csat_ci_low_pct,
        CASE
            WHEN n = 0 THEN NULL
            WHEN satisfied = n THEN 100.0
            ELSE least(centre + half, 1) * 100
        END AS csat_ci_high_pct,
        csat_mean,
        CASE WHEN resolved > 0 THEN CAST(linked AS DOUBLE) * 100 / resolved END
            AS response_rate_pct
    FROM bounds
    ORDER BY agent NULLS LAST, week
) TO @OUTPUT@ (FORMAT csv, HEADER true);

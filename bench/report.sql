-- The headline figures of `supportctl report weekly --scale 1-5 --format json` for each of the
-- report's 8 weeks, computed by the DuckDB CLI. (supportctl's JSON is turned into the same CSV
-- rows by the harness's report adapter; see bench/README.md.)
--
-- The harness replaces @TICKETS@ and @SURVEYS@ with the generated exports and @OUTPUT@ with the
-- CSV to write (single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions (docs/metrics.md, crates/support-metrics/src/report/):
--   * timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
--   * as_of ("now") = the latest of the tickets' created_at, first_response_at and resolved_at
--     and the survey rows' submitted_at (every kind);
--   * the report week W: the ISO week of as_of's day when that day is a Sunday, else the week
--     before it (the last complete week); the 8 weeks are W−7 … W, oldest first;
--   * created = tickets whose created_at falls in the week;
--   * resolved = tickets whose resolved_at (when ≤ as_of) falls in the week, whenever they were
--     created;
--   * backlog = tickets created before the cut and not resolved before it (a resolution after
--     as_of does not exist yet), the cut being the end of the week or as_of + 1 s, whichever
--     comes first; computed as (created before the cut) − (created and resolved before it);
--   * frt_median_s, frt_p90_s, frt_mean_s, res_median_s, sla_met_pct: those of
--     response_by_agent_week.sql for the tickets created in the week (all agents together),
--     with the SLA's age of an unanswered ticket measured to this as_of;
--   * csat_pct, csat_responses: survey rows of kind `csat` (any case) or of no kind, with a
--     score on the 1-5 scale, submitted ≤ as_of, by the ISO week of submitted_at; satisfied at 4
--     or 5. A week without answers has csat_responses 0 when tickets created in it were resolved
--     by as_of (supportctl's csat has a row for it), else empty; csat_pct is then empty.

SET preserve_insertion_order = false;

COPY (
    WITH tickets AS MATERIALIZED (
        SELECT
            created_at,
            first_response_at,
            resolved_at,
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
                'priority': 'VARCHAR'
            }
        )
    ),
    surveys AS MATERIALIZED (
        SELECT
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
            (SELECT greatest(max(created_at), max(first_response_at), max(resolved_at)) FROM tickets),
            (SELECT max(submitted_at) FROM surveys)
        ) AS as_of
    ),
    span AS (
        -- The Monday after the report week, and the Monday of the oldest week.
        SELECT
            as_of,
            date_trunc('week', as_of)
                + CASE WHEN isodow(as_of) = 7 THEN INTERVAL 7 DAY ELSE INTERVAL 0 DAY END AS week_after,
            week_after - INTERVAL 56 DAY AS first_monday
        FROM as_of
    ),
    weeks AS (
        SELECT s.week_after - INTERVAL (7 * k) DAY AS monday
        FROM span s, range(1, 9) r(k)
    ),
    marked AS (
        -- Each ticket's weeks: of creation, of resolution (≤ as_of), and of the later of the two.
        SELECT
            date_trunc('week', t.created_at) AS created_week,
            date_trunc('week', r.resolved) AS resolved_week,
            -- (greatest() skips a NULL: the unresolved have no closed week.)
            CASE WHEN r.resolved IS NOT NULL
                THEN date_trunc('week', greatest(t.created_at, r.resolved))
            END AS closed_week
        FROM tickets t, span s,
            LATERAL (SELECT CASE WHEN t.resolved_at <= s.as_of THEN t.resolved_at END AS resolved) r
    ),
    volume AS (
        SELECT week, sum(created) AS created, sum(resolved) AS resolved, sum(closed) AS closed
        FROM (
            SELECT created_week AS week, count(*) AS created, 0 AS resolved, 0 AS closed
            FROM marked GROUP BY created_week
            UNION ALL
            SELECT resolved_week, 0, count(*), 0
            FROM marked WHERE resolved_week IS NOT NULL GROUP BY resolved_week
            UNION ALL
            SELECT closed_week, 0, 0, count(*)
            FROM marked WHERE closed_week IS NOT NULL GROUP BY closed_week
        )
        GROUP BY week
    ),
    backlog AS (
        -- Before the end of week w = in week w or earlier. When as_of comes first, every instant
        -- is before as_of + 1 s, which the running sums count too.
        SELECT
            w.monday,
            (SELECT coalesce(sum(v.created), 0) - coalesce(sum(v.closed), 0)
             FROM volume v WHERE v.week <= w.monday) AS backlog
        FROM weeks w
    ),
    durations AS (
        SELECT
            date_trunc('week', t.created_at) AS week,
            t.first_response_at IS NULL AS unanswered,
            date_diff('second', t.created_at, t.first_response_at) AS frt,
            date_diff('second', t.created_at, t.resolved_at) AS res,
            date_diff('second', t.created_at, s.as_of) AS age,
            t.resolved_at >= t.created_at AND t.resolved_at <= s.as_of AS resolved_by_now,
            CASE t.priority
                WHEN 'urgent' THEN 3600
                WHEN 'high' THEN 4 * 3600
                WHEN 'normal' THEN 8 * 3600
                WHEN 'low' THEN 24 * 3600
            END AS sla_target
        FROM tickets t, span s
        WHERE t.created_at >= s.first_monday AND t.created_at < s.week_after
    ),
    valid AS (
        SELECT
            *,
            CAST(CASE WHEN frt >= 0 THEN frt END AS DOUBLE) AS frt_ok,
            CAST(CASE WHEN res >= 0 THEN res END AS DOUBLE) AS res_ok
        FROM durations
    ),
    response AS (
        SELECT
            week,
            avg(frt_ok) AS frt_mean_s,
            quantile_cont(frt_ok, [0.5, 0.9]) AS frt_q,
            quantile_cont(res_ok, 0.5) AS res_median_s,
            count_if(coalesce(frt_ok <= sla_target, false)) AS sla_met,
            count_if(
                coalesce(frt_ok > sla_target, false)
                OR coalesce(unanswered AND age > sla_target, false)
            ) AS sla_breached,
            count_if(coalesce(resolved_by_now, false)) AS resolved_by_now
        FROM valid
        GROUP BY week
    ),
    csat AS (
        SELECT
            date_trunc('week', v.submitted_at) AS week,
            count(*) AS n,
            count_if(v.score >= 4) AS satisfied
        FROM surveys v, span s
        WHERE (v.kind IS NULL OR v.kind = 'csat')
            AND v.score IS NOT NULL
            AND v.submitted_at <= s.as_of
            AND v.submitted_at >= s.first_monday
            AND v.submitted_at < s.week_after
        GROUP BY week
    )
    SELECT
        strftime(w.monday, '%G-W%V') AS week,
        coalesce(v.created, 0) AS created,
        coalesce(v.resolved, 0) AS resolved,
        b.backlog,
        r.frt_q[1] AS frt_median_s,
        r.frt_q[2] AS frt_p90_s,
        r.frt_mean_s,
        r.res_median_s,
        CASE
            WHEN r.sla_met + r.sla_breached > 0
            THEN CAST(r.sla_met AS DOUBLE) * 100 / (r.sla_met + r.sla_breached)
        END AS sla_met_pct,
        CASE WHEN c.n > 0 THEN CAST(c.satisfied AS DOUBLE) * 100 / c.n END AS csat_pct,
        CASE
            WHEN c.n > 0 THEN c.n
            WHEN r.resolved_by_now > 0 THEN 0
        END AS csat_responses
    FROM weeks w
    LEFT JOIN volume v ON v.week = w.monday
    LEFT JOIN backlog b ON b.monday = w.monday
    LEFT JOIN response r ON r.week = w.monday
    LEFT JOIN csat c ON c.week = w.monday
    ORDER BY w.monday
) TO @OUTPUT@ (FORMAT csv, HEADER true);

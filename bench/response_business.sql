-- `supportctl response --by agent,week --hours "Mon-Fri 09:00-18:00" --format csv`, computed by
-- the DuckDB CLI: the response workload in business time.
--
-- The harness replaces @TICKETS@ with the ticket export and @OUTPUT@ with the CSV to write
-- (both single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions: those of response_by_agent_week.sql, with every duration in business time
-- (docs/metrics.md "Business time"): working hours Monday to Friday 09:00-18:00 UTC,
-- no holidays. In closed form, B(t) = the working seconds from Monday 1970-01-05 00:00 UTC to t
--   = whole weeks × 5 × 9 h + the whole working days of t's week before t's day × 9 h
--   + on a weekday, the part of 09:00-18:00 before t's time of day;
-- a duration is B(end) − B(start). A reversed span (end before start) keeps its negative
-- wall-clock value, so it is dropped and counted in invalid_order exactly as in calendar time.
-- SLA targets are business seconds too (an open ticket's age is B(as_of) − B(created_at)).
-- The last column is time_basis = 'business'.

SET preserve_insertion_order = false;

-- s: seconds since Monday 1970-01-05 00:00 UTC; r: seconds since the Monday of its week.
CREATE MACRO week_rest(s) AS ((s % 604800) + 604800) % 604800;
CREATE MACRO clock_of(s) AS
    (s - week_rest(s)) // 604800 * (5 * 32400)
    + least(week_rest(s) // 86400, 5) * 32400
    + CASE
        WHEN week_rest(s) // 86400 < 5
        THEN least(greatest(week_rest(s) % 86400 - 32400, 0), 32400)
        ELSE 0
      END;
-- Working seconds up to the instant t.
CREATE MACRO business_clock(t) AS clock_of(CAST(epoch(t) AS BIGINT) - 345600);
-- Business seconds from a to b; a reversed span keeps its (negative) wall-clock value.
CREATE MACRO business(a, b) AS
    CASE
        WHEN b < a THEN date_diff('second', a, b)
        ELSE business_clock(b) - business_clock(a)
    END;


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
            business(t.created_at, t.first_response_at) AS frt,
            business(t.created_at, t.resolved_at) AS res,
            business(t.created_at, a.as_of) AS age,
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
        'business' AS time_basis
    FROM grouped
    ORDER BY agent NULLS LAST, week
) TO @OUTPUT@ (FORMAT csv, HEADER true);

-- `supportctl peak --format csv` (the summary, no groups), computed by the DuckDB CLI.
--
-- The harness replaces @TICKETS@ with the ticket export and @OUTPUT@ with the CSV to write
-- (both single-quoted SQL string literals, so a quote in a path must be doubled).
--
-- Definitions (docs/metrics.md "Peak load", crates/support-metrics/src/metrics/peak/):
--   * timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
--   * as_of = the latest of created_at, first_response_at and resolved_at; the days run from the
--     first ticket's day to as_of's day, inclusive (so every ticket is in them);
--   * slot = ISO weekday − 1 (Monday = 0) × 24 + hour of created_at; a slot occurs once on each
--     day of its weekday, except on as_of's day for the hours after as_of's;
--     arrivals_per_week = tickets of the slot / its occurrences;
--   * the peak = the ceil(168 × 10 / 100) = 17 slots with the most arrivals per week, ties to the
--     lower slot, empty slots counting 0;
--   * FRT = first_response_at − created_at in seconds, negative ones left out; at peak and off
--     peak: count, mean, median, p90 (quantile_cont) of the tickets created in / out of peak slots;
--   * the queue: a ticket waits over [created_at, leaves), leaves = first_response_at, else
--     resolved_at, else as_of (the ticket is left out if leaves < created_at), followed from the
--     first day's midnight to as_of. queue_max = the largest number waiting after all changes at
--     one instant, queue_max_at = the first instant it is reached; queue_mean_peak = Σ over
--     tickets of their waiting seconds inside peak hours / the seconds of peak hours up to as_of
--     (the integral of the queue over the peak hours, ticket by ticket).

SET preserve_insertion_order = false;

COPY (
    WITH raw AS (
        SELECT
            epoch(created_at)::BIGINT AS created,
            epoch(first_response_at)::BIGINT AS responded,
            epoch(resolved_at)::BIGINT AS resolved
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
                'resolved_at': 'TIMESTAMP'
            }
        )
    ),
    bounds AS MATERIALIZED (
        SELECT
            greatest(max(created), max(responded), max(resolved)) AS as_of,
            (min(created) // 86400) * 86400 AS start
        FROM raw
    ),
    tickets AS MATERIALIZED (
        SELECT
            created,
            (created // 3600 + 72) % 168 AS slot,
            CASE WHEN responded - created >= 0 THEN (responded - created)::DOUBLE END AS frt,
            coalesce(responded, resolved, b.as_of) AS leaves
        FROM raw, bounds b
    ),
    -- Occurrences of each weekday (Monday = 0) in the days; day 0 (1970-01-01) was a Thursday.
    weekdays AS (
        SELECT (d + 3) % 7 AS weekday, count(*) AS days
        FROM bounds b, range(b.start // 86400, b.as_of // 86400 + 1) AS r(d)
        GROUP BY 1
    ),
    slots AS (
        SELECT
            s.slot,
            coalesce(c.tickets, 0) / (
                w.days - CASE
                    WHEN s.slot // 24 = (b.as_of // 86400 + 3) % 7 AND s.slot % 24 > b.as_of % 86400 // 3600
                    THEN 1 ELSE 0
                END
            ) AS per_week
        FROM range(0, 168) AS s(slot)
        CROSS JOIN bounds b
        JOIN weekdays w ON w.weekday = s.slot // 24
        LEFT JOIN (SELECT slot, count(*) AS tickets FROM tickets GROUP BY slot) c ON c.slot = s.slot
    ),
    peak AS MATERIALIZED (
        SELECT slot FROM slots ORDER BY per_week DESC, slot ASC LIMIT 17
    ),
    marked AS MATERIALIZED (
        SELECT t.*, p.slot IS NOT NULL AS is_peak
        FROM tickets t
        LEFT JOIN peak p ON p.slot = t.slot
    ),
    waits AS (
        SELECT
            count(*) FILTER (WHERE is_peak) AS peak_tickets,
            count(*) AS tickets,
            count(frt) FILTER (WHERE is_peak) AS peak_responded,
            avg(frt) FILTER (WHERE is_peak) AS peak_frt_mean_s,
            quantile_cont(frt, [0.5, 0.9]) FILTER (WHERE is_peak) AS peak_q,
            count(frt) FILTER (WHERE NOT is_peak) AS offpeak_responded,
            avg(frt) FILTER (WHERE NOT is_peak) AS offpeak_frt_mean_s,
            quantile_cont(frt, [0.5, 0.9]) FILTER (WHERE NOT is_peak) AS offpeak_q
        FROM marked
    ),
    intervals AS MATERIALIZED (
        SELECT
            created,
            leaves,
            (created - b.start) // 3600 AS created_hour,
            (leaves - b.start) // 3600 AS leaves_hour,
            b.start
        FROM marked, bounds b
        WHERE leaves >= created
    ),
    changes AS (
        SELECT t, sum(d) AS d
        FROM (
            SELECT created AS t, 1 AS d FROM intervals
            UNION ALL
            SELECT leaves AS t, -1 AS d FROM intervals
        ), bounds b
        WHERE t < b.as_of
        GROUP BY t
    ),
    running AS (
        SELECT t, sum(d) OVER (ORDER BY t ROWS UNBOUNDED PRECEDING) AS queue FROM changes
    ),
    deepest AS (
        SELECT max(queue) AS queue_max, arg_min(t, (-queue, t)) AS at FROM running
    ),
    -- Hours from the first midnight: whether each is a peak hour, and the peak seconds before it.
    hours AS MATERIALIZED (
        SELECT
            h,
            is_peak,
            (sum(is_peak::BIGINT) OVER (ORDER BY h ROWS UNBOUNDED PRECEDING) - is_peak::BIGINT)
                * 3600 AS before
        FROM (
            SELECT r.h, p.slot IS NOT NULL AS is_peak
            FROM bounds b
            CROSS JOIN range(0, (b.as_of - b.start) // 3600 + 1) AS r(h)
            LEFT JOIN peak p ON p.slot = (b.start // 3600 + r.h + 72) % 168
        )
    ),
    -- Peak seconds from the first midnight to t: whole peak hours before t's hour, plus the part
    -- of t's own hour when it is a peak hour.
    inside AS (
        SELECT sum(
            (hl.before + CASE WHEN hl.is_peak THEN i.leaves - i.start - hl.h * 3600 ELSE 0 END)
            - (hc.before + CASE WHEN hc.is_peak THEN i.created - i.start - hc.h * 3600 ELSE 0 END)
        ) AS seconds
        FROM intervals i
        JOIN hours hc ON hc.h = i.created_hour
        JOIN hours hl ON hl.h = i.leaves_hour
    ),
    peak_time AS (
        SELECT
            h.before + CASE WHEN h.is_peak THEN b.as_of - b.start - h.h * 3600 ELSE 0 END AS seconds
        FROM hours h, bounds b
        WHERE h.h = (b.as_of - b.start) // 3600
    )
    SELECT
        (SELECT count(*) FROM peak) AS peak_slots,
        w.peak_tickets * 100.0 / w.tickets AS peak_arrivals_share_pct,
        w.peak_frt_mean_s,
        w.peak_q[1] AS peak_frt_median_s,
        w.peak_q[2] AS peak_frt_p90_s,
        w.offpeak_frt_mean_s,
        w.offpeak_q[1] AS offpeak_frt_median_s,
        w.offpeak_q[2] AS offpeak_frt_p90_s,
        coalesce(d.queue_max, 0) AS queue_max,
        CASE WHEN d.queue_max > 0 THEN strftime(to_timestamp(d.at), '%Y-%m-%dT%H:%M:%S+00:00') END
            AS queue_max_at,
        CASE WHEN p.seconds > 0 THEN i.seconds / p.seconds END AS queue_mean_peak,
        w.tickets,
        w.peak_tickets,
        w.peak_responded,
        w.offpeak_responded,
        'calendar' AS time_basis
    FROM waits w, deepest d, inside i, peak_time p
) TO @OUTPUT@ (FORMAT csv, HEADER true);

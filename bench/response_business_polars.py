"""`supportctl response --by agent,week --hours "Mon-Fri 09:00-18:00" --format csv`, computed by
polars (Python): the response workload in business time.

Usage: python response_business_polars.py TICKETS.csv OUTPUT.csv

The definitions are those of response_polars.py, with every duration in business time
(response_business.sql has the same, docs/metrics.md "Business time" the full rules): working
hours Monday to Friday 09:00-18:00 UTC, no holidays. In closed form, B(t) = the working seconds
from Monday 1970-01-05 00:00 UTC to t = whole weeks × 5 × 9 h + the whole working days of t's week
before t's day × 9 h + on a weekday, the part of 09:00-18:00 before t's time of day; a duration is
B(end) − B(start). A reversed span keeps its negative wall-clock value (dropped, counted in
invalid_order). SLA targets are business seconds too. The last column is time_basis = business.
"""

import sys

import polars as pl

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
SLA_TARGETS = {"urgent": 3600, "high": 4 * 3600, "normal": 8 * 3600, "low": 24 * 3600}


def text(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return pl.when(value != "").then(value).otherwise(None)


def timestamp(name: str) -> pl.Expr:
    return text(name).str.to_datetime(TIMESTAMP, time_unit="ms", strict=True)


WEEK = 7 * 86_400
DAY = 86_400
OPEN, SHIFT = 9 * 3600, 9 * 3600  # 09:00, for 9 hours
MONDAY = 345_600  # 1970-01-05 00:00 UTC


def clock(t: pl.Expr) -> pl.Expr:
    """Working seconds from Monday 1970-01-05 00:00 UTC up to the instant t."""
    s = t.dt.epoch("s") - MONDAY
    rest = s % WEEK  # polars' % takes the sign of the divisor: 0 <= rest < WEEK
    day = rest // DAY
    today = pl.when(day < 5).then((rest % DAY - OPEN).clip(0, SHIFT)).otherwise(0)
    return (s - rest) // WEEK * (5 * SHIFT) + pl.min_horizontal(day, 5) * SHIFT + today


def seconds(later: str | pl.Expr, earlier: str = "created_at") -> pl.Expr:
    end = pl.col(later) if isinstance(later, str) else later
    start = pl.col(earlier)
    wall = (end - start).dt.total_seconds()
    return pl.when(end < start).then(wall).otherwise(clock(end) - clock(start))


def count(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).sum()


def query(path: str) -> pl.LazyFrame:
    times = ["created_at", "first_response_at", "resolved_at"]
    # Every column is read as text; the timestamps are parsed below.
    tickets = pl.scan_csv(path, infer_schema=False).select(
        *[timestamp(name) for name in times],
        text("agent").alias("agent"),
        pl.col("priority").str.strip_chars().str.to_lowercase().alias("priority"),
    )
    as_of = pl.max_horizontal(*[pl.col(name).max() for name in times])
    target = pl.col("priority").replace_strict(SLA_TARGETS, default=None, return_dtype=pl.Int64)
    prepared = tickets.with_columns(
        pl.col("created_at").dt.strftime("%G-W%V").alias("week"),
        pl.col("first_response_at").is_null().alias("unanswered"),
        seconds("first_response_at").alias("frt"),
        seconds("resolved_at").alias("res"),
        seconds(as_of).alias("age"),
        target.alias("sla_target"),
    ).with_columns(
        pl.when(pl.col("frt") >= 0).then(pl.col("frt")).alias("frt_ok"),
        pl.when(pl.col("res") >= 0).then(pl.col("res")).alias("res_ok"),
    )
    frt, res, target = pl.col("frt_ok"), pl.col("res_ok"), pl.col("sla_target")
    unanswered = pl.col("unanswered")
    grouped = prepared.group_by("agent", "week").agg(
        pl.len().alias("tickets"),
        frt.count().alias("responded"),
        count(unanswered).alias("unresponded"),
        count((pl.col("frt") < 0).fill_null(False) | (pl.col("res") < 0).fill_null(False)).alias(
            "invalid_order"
        ),
        frt.mean().alias("frt_mean_s"),
        frt.quantile(0.5, interpolation="linear").alias("frt_median_s"),
        frt.quantile(0.9, interpolation="linear").alias("frt_p90_s"),
        frt.quantile(0.95, interpolation="linear").alias("frt_p95_s"),
        frt.max().cast(pl.Float64).alias("frt_max_s"),
        res.count().alias("resolved"),
        res.mean().alias("res_mean_s"),
        res.quantile(0.5, interpolation="linear").alias("res_median_s"),
        res.quantile(0.9, interpolation="linear").alias("res_p90_s"),
        count(frt <= target).alias("sla_met"),
        count((frt > target).fill_null(False) | (unanswered & (pl.col("age") > target))).alias(
            "sla_breached"
        ),
        count(unanswered & (pl.col("age") <= target)).alias("sla_pending"),
    )
    met, breached = pl.col("sla_met"), pl.col("sla_breached")
    return grouped.with_columns(
        pl.when(met + breached > 0)
        .then(met.cast(pl.Float64) * 100 / (met + breached))
        .alias("sla_met_pct"),
        pl.lit("business").alias("time_basis"),
    ).sort(["agent", "week"], nulls_last=True)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: response_business_polars.py TICKETS.csv OUTPUT.csv")
    query(sys.argv[1]).collect().write_csv(sys.argv[2])


if __name__ == "__main__":
    main()

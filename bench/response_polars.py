"""`supportctl response --by agent,week --format csv`, computed by polars (Python).

Usage: python response_polars.py TICKETS.csv OUTPUT.csv

A straightforward lazy pipeline: scan_csv, str.to_datetime, group_by, agg, collect. The
definitions are the ones in response_by_agent_week.sql (docs/metrics.md):

* timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
* text cells are trimmed and an empty one is missing (agent: an empty group);
* the week is the ISO week of created_at, labelled `YYYY-Www`;
* FRT and resolution in seconds; a negative duration is dropped and the ticket counted once in
  invalid_order; quantiles interpolate linearly;
* SLA targets by priority (case-insensitive): urgent 1h, high 4h, normal 8h, low 24h; other
  priorities are outside the SLA; as_of is the latest timestamp in the file;
* the last column, time_basis, says the durations are wall-clock (`calendar`) time.
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


def seconds(later: str, earlier: str = "created_at") -> pl.Expr:
    return (pl.col(later) - pl.col(earlier)).dt.total_seconds()


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
        (as_of - pl.col("created_at")).dt.total_seconds().alias("age"),
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
        pl.lit("calendar").alias("time_basis"),
    ).sort(["agent", "week"], nulls_last=True)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: response_polars.py TICKETS.csv OUTPUT.csv")
    query(sys.argv[1]).collect().write_csv(sys.argv[2])


if __name__ == "__main__":
    main()

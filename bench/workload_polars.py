"""`supportctl workload --format csv` (per agent, no surveys), computed by polars (Python).

Usage: python workload_polars.py TICKETS.csv OUTPUT.csv

A straightforward lazy pipeline: scan_csv, str.to_datetime, group_by, agg, collect. The
definitions are the ones in workload.sql (docs/metrics.md):

* timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
* text cells are trimmed and an empty one is missing (agent: the unassigned row);
* as_of is the latest of created_at, first_response_at and resolved_at in the file;
* share_pct = the agent's tickets / all tickets × 100; resolved: resolution ≥ 0;
* overdue: a due_at, and resolved after it, or unresolved with due_at < as_of;
  overdue_pct = overdue / with_due × 100;
* frt_median_s: the median of the non-negative first response times, linear interpolation;
* load: above / below when more than 25 % from the named agents' mean tickets, else within;
* csat_pct and csat_responses are empty: no survey answers are read here.
"""

import sys

import polars as pl

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
MARGIN = 0.25


def text(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return pl.when(value != "").then(value).otherwise(None)


def timestamp(name: str) -> pl.Expr:
    return text(name).str.to_datetime(TIMESTAMP, time_unit="ms", strict=True)


def count(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).sum()


def query(path: str) -> pl.LazyFrame:
    times = ["created_at", "first_response_at", "resolved_at", "due_at"]
    tickets = pl.scan_csv(path, infer_schema=False).select(
        *[timestamp(name) for name in times],
        text("agent").alias("agent"),
    )
    as_of = pl.max_horizontal(
        *[pl.col(name).max() for name in ["created_at", "first_response_at", "resolved_at"]]
    )
    frt = (pl.col("first_response_at") - pl.col("created_at")).dt.total_seconds()
    res = (pl.col("resolved_at") - pl.col("created_at")).dt.total_seconds()
    due, resolved_at = pl.col("due_at"), pl.col("resolved_at")
    overdue = due.is_not_null() & (
        (resolved_at.is_not_null() & (resolved_at > due))
        | (resolved_at.is_null() & (due < as_of))
    )
    grouped = (
        tickets.with_columns(
            pl.when(frt >= 0).then(frt).alias("frt_ok"),
            (res >= 0).fill_null(False).alias("resolved"),
            due.is_not_null().alias("with_due"),
            overdue.fill_null(False).alias("overdue"),
        )
        .group_by("agent")
        .agg(
            pl.len().alias("tickets"),
            count(pl.col("resolved")).alias("resolved"),
            count(pl.col("overdue")).alias("overdue"),
            count(pl.col("with_due")).alias("with_due"),
            pl.col("frt_ok").quantile(0.5, interpolation="linear").alias("frt_median_s"),
        )
    )
    mean = pl.col("tickets").filter(pl.col("agent").is_not_null()).mean()
    tickets_n = pl.col("tickets")
    return grouped.select(
        "agent",
        "tickets",
        (tickets_n * 100 / tickets_n.sum()).alias("share_pct"),
        "resolved",
        "overdue",
        pl.when(pl.col("with_due") > 0)
        .then(pl.col("overdue") * 100 / pl.col("with_due"))
        .alias("overdue_pct"),
        "frt_median_s",
        pl.lit(None, dtype=pl.Float64).alias("csat_pct"),
        "with_due",
        pl.lit(None, dtype=pl.Int64).alias("csat_responses"),
        pl.when(pl.col("agent").is_null())
        .then(None)
        .when(tickets_n > mean * (1 + MARGIN))
        .then(pl.lit("above"))
        .when(tickets_n < mean * (1 - MARGIN))
        .then(pl.lit("below"))
        .otherwise(pl.lit("within"))
        .alias("load"),
        pl.lit("calendar").alias("time_basis"),
    ).sort(pl.col("agent").str.to_lowercase(), "agent", nulls_last=True)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: python workload_polars.py TICKETS.csv OUTPUT.csv")
    query(sys.argv[1]).collect().write_csv(sys.argv[2])


if __name__ == "__main__":
    main()

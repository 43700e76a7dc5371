"""`supportctl csat --scale 1-5 --by agent,week --format csv`, computed by polars (Python).

Usage: python csat_polars.py TICKETS.csv SURVEYS.csv OUTPUT.csv

A straightforward lazy pipeline: scan_csv, str.to_datetime, a left join of the answers to their
tickets, group_by, agg, a full join with the resolved tickets, collect. The definitions are the
ones in csat.sql (docs/metrics.md):

* timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
* text cells are trimmed and an empty one is missing (agent: an empty group);
* CSAT answers: rows of kind `csat` (any case) or of no kind, with a score on 1-5; satisfied at 4+;
* as_of is the latest created_at, resolved_at or submitted_at; later answers are left out;
* an answer belongs to the ISO week of submitted_at and to the agent of its ticket;
* csat_pct with its 95% Wilson interval (z = 1.96), the mean score;
* response_rate_pct = linked answers / tickets of the agent created in the ISO week and resolved
  by as_of (resolved_at ≥ created_at) × 100; groups with resolved tickets and no answer are rows.
"""

import sys

import polars as pl

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
Z = 1.96


def text(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return pl.when(value != "").then(value).otherwise(None)


def timestamp(name: str) -> pl.Expr:
    return text(name).str.to_datetime(TIMESTAMP, time_unit="ms", strict=True)


def query(tickets_path: str, surveys_path: str) -> pl.LazyFrame:
    tickets = pl.scan_csv(tickets_path, infer_schema=False).select(
        text("id").alias("id"),
        timestamp("created_at"),
        timestamp("resolved_at"),
        text("agent").alias("agent"),
    )
    surveys = pl.scan_csv(surveys_path, infer_schema=False).select(
        text("ticket_id").alias("ticket_id"),
        timestamp("submitted_at"),
        text("kind").str.to_lowercase().alias("kind"),
        text("score").cast(pl.Int64, strict=True).alias("score"),
    )
    as_of = (
        pl.concat(
            [
                tickets.select(pl.max_horizontal(pl.col("created_at").max(), pl.col("resolved_at").max()).alias("t")),
                surveys.select(pl.col("submitted_at").max().alias("t")),
            ]
        )
        .select(pl.col("t").max())
        .collect()
        .item()
    )
    answers = (
        surveys.filter(
            (pl.col("kind").is_null() | (pl.col("kind") == "csat"))
            & pl.col("score").is_not_null()
            & (pl.col("submitted_at") <= as_of)
        )
        .join(
            tickets.select("id", "agent", pl.lit(True).alias("found")),
            left_on="ticket_id",
            right_on="id",
            how="left",
        )
        .group_by(pl.col("agent"), pl.col("submitted_at").dt.strftime("%G-W%V").alias("week"))
        .agg(
            pl.len().alias("n"),
            (pl.col("score") >= 4).sum().alias("satisfied"),
            pl.col("score").mean().alias("csat_mean"),
            pl.col("found").fill_null(False).sum().alias("linked"),
        )
    )
    resolved = (
        tickets.filter(
            (pl.col("created_at") <= as_of)
            & (pl.col("resolved_at") <= as_of)
            & (pl.col("resolved_at") >= pl.col("created_at"))
        )
        .group_by(pl.col("agent"), pl.col("created_at").dt.strftime("%G-W%V").alias("week"))
        .agg(pl.len().alias("resolved"))
    )
    grouped = answers.join(
        resolved, on=["agent", "week"], how="full", coalesce=True, nulls_equal=True
    ).with_columns(
        pl.col("n").fill_null(0),
        pl.col("satisfied").fill_null(0),
        pl.col("linked").fill_null(0),
        pl.col("resolved").fill_null(0),
    )
    n, satisfied = pl.col("n"), pl.col("satisfied")
    p = satisfied.cast(pl.Float64) / n
    d = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / d
    half = Z / d * (p * (1 - p) / n + Z * Z / (4 * n * n)).sqrt()
    has_answers = n > 0
    return grouped.select(
        "agent",
        "week",
        n.alias("csat_responses"),
        satisfied.alias("csat_satisfied"),
        pl.when(has_answers).then(p * 100).alias("csat_pct"),
        pl.when(~has_answers)
        .then(None)
        .when(satisfied == 0)
        .then(0.0)
        .otherwise((centre - half).clip(lower_bound=0) * 100)
        .alias("csat_ci_low_pct"),
        pl.when(~has_answers)
        .then(None)
        .when(satisfied == n)
        .then(100.0)
        .otherwise((centre + half).clip(upper_bound=1) * 100)
        .alias("csat_ci_high_pct"),
        pl.col("csat_mean"),
        pl.when(pl.col("resolved") > 0)
        .then(pl.col("linked").cast(pl.Float64) * 100 / pl.col("resolved"))
        .alias("response_rate_pct"),
    ).sort(["agent", "week"], nulls_last=True)


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: csat_polars.py TICKETS.csv SURVEYS.csv OUTPUT.csv")
    query(sys.argv[1], sys.argv[2]).collect().write_csv(sys.argv[3])


if __name__ == "__main__":
    main()

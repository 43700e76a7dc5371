"""The headline figures of `supportctl report weekly --scale 1-5 --format json` for each of the
report's 8 weeks, computed by polars (Python).

Usage: python report_polars.py TICKETS.csv SURVEYS.csv OUTPUT.csv

A straightforward lazy pipeline: scan_csv, str.to_datetime, group_by, agg, cumulative sums,
joins on the 8 weeks, collect. The definitions are the ones in report.sql (docs/metrics.md):

* timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
* as_of = the latest created_at, first_response_at, resolved_at or submitted_at (every kind);
* the report week W: the ISO week of as_of's day when that day is a Sunday, else the week before
  it; the 8 weeks are W−7 … W;
* created: created in the week; resolved: resolved_at (≤ as_of) in the week; backlog: created
  before the end of the week (or as_of + 1 s, if earlier) and not resolved before it;
* frt_median_s, frt_p90_s, frt_mean_s, res_median_s, sla_met_pct: those of response_polars.py
  for the tickets created in the week, the SLA's age of an unanswered ticket measured to as_of;
* csat_pct, csat_responses: rows of kind `csat` (any case) or of no kind with a score on 1-5,
  submitted ≤ as_of, by the ISO week of submitted_at; satisfied at 4 or 5; a week without
  answers has csat_responses 0 when tickets created in it were resolved by as_of, else empty.
"""

import datetime as dt
import sys

import polars as pl

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
SLA_TARGETS = {"urgent": 3600, "high": 4 * 3600, "normal": 8 * 3600, "low": 24 * 3600}
HISTORY = 8


def text(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return pl.when(value != "").then(value).otherwise(None)


def timestamp(name: str) -> pl.Expr:
    return text(name).str.to_datetime(TIMESTAMP, time_unit="ms", strict=True)


def monday(e: pl.Expr) -> pl.Expr:
    """The Monday 00:00 of the ISO week of a datetime."""
    return e.dt.truncate("1w")


def query(tickets_path: str, surveys_path: str) -> pl.DataFrame:
    times = ["created_at", "first_response_at", "resolved_at"]
    tickets = (
        pl.scan_csv(tickets_path, infer_schema=False)
        .select(
            *[timestamp(name) for name in times],
            pl.col("priority").str.strip_chars().str.to_lowercase().alias("priority"),
        )
        .collect()
    )
    surveys = (
        pl.scan_csv(surveys_path, infer_schema=False)
        .select(
            timestamp("submitted_at"),
            text("kind").str.to_lowercase().alias("kind"),
            text("score").cast(pl.Int64, strict=True).alias("score"),
        )
        .collect()
    )
    as_of = max(
        t
        for t in [*(tickets[name].max() for name in times), surveys["submitted_at"].max()]
        if t is not None
    )
    this_monday = dt.datetime.combine(as_of.date() - dt.timedelta(days=as_of.weekday()), dt.time())
    after = this_monday + dt.timedelta(days=7 if as_of.weekday() == 6 else 0)
    first = after - dt.timedelta(days=7 * HISTORY)
    weeks = pl.DataFrame(
        {"monday": [first + dt.timedelta(days=7 * k) for k in range(HISTORY)]}
    ).with_columns(pl.col("monday").cast(pl.Datetime("ms")))

    # Volume: created and resolved per week; the backlog at the end of week w is the tickets
    # created in w or before, less those created and resolved (≤ as_of) in w or before.
    resolved = pl.when(pl.col("resolved_at") <= as_of).then(pl.col("resolved_at"))
    marked = tickets.lazy().select(
        monday(pl.col("created_at")).alias("created_week"),
        monday(resolved).alias("resolved_week"),
        # max_horizontal skips a null: the unresolved have no closed week.
        pl.when(resolved.is_not_null())
        .then(monday(pl.max_horizontal(pl.col("created_at"), resolved)))
        .alias("closed_week"),
    )

    def per_week(column: str, name: str) -> pl.LazyFrame:
        return (
            marked.filter(pl.col(column).is_not_null())
            .group_by(pl.col(column).alias("monday"))
            .agg(pl.len().cast(pl.Int64).alias(name))
        )

    volume = (
        pl.concat(
            [
                per_week("created_week", "created"),
                per_week("resolved_week", "resolved"),
                per_week("closed_week", "closed"),
            ],
            how="diagonal",
        )
        .group_by("monday")
        .agg(pl.col("created", "resolved", "closed").sum())
        .sort("monday")
        .with_columns(
            (pl.col("created").cum_sum() - pl.col("closed").cum_sum()).alias("backlog_running")
        )
        .collect()
    )
    # The running backlog as of each report week: the last volume week at or before it.
    backlog = weeks.join_asof(
        volume.select("monday", "backlog_running"), on="monday", strategy="backward"
    ).select("monday", pl.col("backlog_running").fill_null(0).alias("backlog"))

    # Response figures of the tickets created in each week.
    target = pl.col("priority").replace_strict(SLA_TARGETS, default=None, return_dtype=pl.Int64)
    frt_all = (pl.col("first_response_at") - pl.col("created_at")).dt.total_seconds()
    res_all = (pl.col("resolved_at") - pl.col("created_at")).dt.total_seconds()
    prepared = (
        tickets.lazy()
        .filter((pl.col("created_at") >= first) & (pl.col("created_at") < after))
        .select(
            monday(pl.col("created_at")).alias("monday"),
            pl.col("first_response_at").is_null().alias("unanswered"),
            pl.when(frt_all >= 0).then(frt_all).alias("frt"),
            pl.when(res_all >= 0).then(res_all).alias("res"),
            (pl.lit(as_of) - pl.col("created_at")).dt.total_seconds().alias("age"),
            target.alias("sla_target"),
            (
                (pl.col("resolved_at") >= pl.col("created_at")) & (pl.col("resolved_at") <= as_of)
            ).alias("resolved_by_now"),
        )
    )
    frt, res, target = pl.col("frt"), pl.col("res"), pl.col("sla_target")
    unanswered = pl.col("unanswered")
    response = (
        prepared.group_by("monday")
        .agg(
            frt.quantile(0.5, interpolation="linear").alias("frt_median_s"),
            frt.quantile(0.9, interpolation="linear").alias("frt_p90_s"),
            frt.mean().alias("frt_mean_s"),
            res.quantile(0.5, interpolation="linear").alias("res_median_s"),
            (frt <= target).fill_null(False).sum().alias("met"),
            ((frt > target).fill_null(False) | (unanswered & (pl.col("age") > target)).fill_null(False))
            .sum()
            .alias("breached"),
            pl.col("resolved_by_now").fill_null(False).sum().alias("resolved_by_now"),
        )
        .with_columns(
            pl.when(pl.col("met") + pl.col("breached") > 0)
            .then(pl.col("met").cast(pl.Float64) * 100 / (pl.col("met") + pl.col("breached")))
            .alias("sla_met_pct")
        )
        .collect()
    )

    csat = (
        surveys.lazy()
        .filter(
            (pl.col("kind").is_null() | (pl.col("kind") == "csat"))
            & pl.col("score").is_not_null()
            & (pl.col("submitted_at") <= as_of)
            & (pl.col("submitted_at") >= first)
            & (pl.col("submitted_at") < after)
        )
        .group_by(monday(pl.col("submitted_at")).alias("monday"))
        .agg(pl.len().alias("n"), (pl.col("score") >= 4).sum().alias("satisfied"))
        .collect()
    )

    n = pl.col("n")
    return (
        weeks.join(volume.select("monday", "created", "resolved"), on="monday", how="left")
        .join(backlog, on="monday", how="left")
        .join(response, on="monday", how="left")
        .join(csat, on="monday", how="left")
        .sort("monday")
        .select(
            pl.col("monday").dt.strftime("%G-W%V").alias("week"),
            pl.col("created").fill_null(0),
            pl.col("resolved").fill_null(0),
            "backlog",
            "frt_median_s",
            "frt_p90_s",
            "frt_mean_s",
            "res_median_s",
            "sla_met_pct",
            pl.when(n > 0).then(pl.col("satisfied").cast(pl.Float64) * 100 / n).alias("csat_pct"),
            pl.when(n > 0)
            .then(n.cast(pl.Int64))
            .when(pl.col("resolved_by_now") > 0)
            .then(pl.lit(0, dtype=pl.Int64))
            .alias("csat_responses"),
        )
    )


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: python report_polars.py TICKETS.csv SURVEYS.csv OUTPUT.csv")
    query(sys.argv[1], sys.argv[2]).write_csv(sys.argv[3])


if __name__ == "__main__":
    main()

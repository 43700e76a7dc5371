"""`supportctl peak --format csv` (the summary, no groups), computed by polars (Python).

Usage: python peak_polars.py TICKETS.csv OUTPUT.csv

The definitions are the ones in peak.sql (docs/metrics.md "Peak load"):

* timestamps are naive `YYYY-MM-DD HH:MM:SS`, read as UTC; empty cells are missing values;
* as_of is the latest of created_at, first_response_at and resolved_at; the days run from the
  first ticket's day to as_of's day, inclusive; every ticket is in them;
* a ticket's slot is weekday × 24 + hour of created_at (Monday 00:00 = 0); a slot occurs once
  on each day of its weekday, except on as_of's day for the hours after as_of's;
  arrivals_per_week = tickets of the slot / its occurrences;
* the peak is the ceil(168 × 10 / 100) = 17 slots with the most arrivals per week, ties to the
  lower slot (empty slots count as 0);
* FRT = first_response_at − created_at in seconds, negative ones left out; at peak / off peak:
  count, mean, median, p90 (linear interpolation) of the tickets created in / out of peak slots;
* the queue: a ticket waits over [created_at, leaves) with leaves = first_response_at, else
  resolved_at, else as_of (left out if leaves < created_at); followed from the first day's
  midnight to as_of. queue_max is the largest number waiting at once after all changes at one
  instant, queue_max_at the first instant it is reached; queue_mean_peak = Σ over tickets of
  their waiting seconds inside peak hours / the seconds of peak hours in the window.
"""

import math
import sys

import polars as pl

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
DAY = 86_400
PEAK_SLOTS = math.ceil(168 * 10 / 100)


def timestamp(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return (
        pl.when(value != "")
        .then(value)
        .otherwise(None)
        .str.to_datetime(TIMESTAMP, time_unit="ms", strict=True)
        .dt.epoch("s")
        .alias(name)
    )


def stats(frame: pl.DataFrame, prefix: str) -> dict:
    frt = frame["frt"].drop_nulls().cast(pl.Float64)
    return {
        f"{prefix}_frt_mean_s": frt.mean() if len(frt) else None,
        f"{prefix}_frt_median_s": frt.median() if len(frt) else None,
        f"{prefix}_frt_p90_s": frt.quantile(0.9, interpolation="linear") if len(frt) else None,
        f"{prefix}_responded": len(frt),
    }


def summary(path: str) -> dict:
    times = ["created_at", "first_response_at", "resolved_at"]
    tickets = pl.scan_csv(path, infer_schema=False).select(*[timestamp(n) for n in times]).collect()
    as_of = max(tickets[n].max() for n in times if tickets[n].null_count() < len(tickets))
    first_day = tickets["created_at"].min() // DAY
    days = as_of // DAY + 1 - first_day
    # Occurrences of each weekday (Monday = 0; day 0, 1970-01-01, was a Thursday = 3).
    occurrences = [0] * 7
    for d in range(first_day, first_day + days):
        occurrences[(d + 3) % 7] += 1
    slot_days = [occurrences[s // 24] for s in range(168)]
    now = (as_of // 3600 + 72) % 168
    for s in range(now + 1, (now // 24 + 1) * 24):
        slot_days[s] -= 1

    tickets = tickets.with_columns(
        ((pl.col("created_at") // 3600 + 72) % 168).alias("slot"),
        pl.when(pl.col("first_response_at") - pl.col("created_at") >= 0)
        .then(pl.col("first_response_at") - pl.col("created_at"))
        .alias("frt"),
        pl.coalesce("first_response_at", "resolved_at", pl.lit(as_of)).alias("leaves"),
    )
    counts = tickets.group_by("slot").agg(pl.len().alias("tickets"))
    slots = (
        pl.DataFrame({"slot": list(range(168))}, schema={"slot": pl.Int64})
        .join(counts, on="slot", how="left")
        .with_columns(pl.col("tickets").fill_null(0))
        .with_columns(
            (pl.col("tickets") / pl.col("slot").replace_strict(list(range(168)), slot_days)).alias(
                "per_week"
            )
        )
        .sort(["per_week", "slot"], descending=[True, False])
    )
    peak = set(slots["slot"].head(PEAK_SLOTS).to_list())
    marked = tickets.with_columns(pl.col("slot").is_in(list(peak)).alias("is_peak"))
    at_peak, off_peak = marked.filter(pl.col("is_peak")), marked.filter(~pl.col("is_peak"))

    # The queue: +1 when a ticket arrives, −1 when it leaves, summed per instant, then a running
    # total; instants at or after as_of change nothing inside the window.
    start = first_day * DAY
    waits = marked.filter(pl.col("leaves") >= pl.col("created_at"))
    events = (
        pl.concat(
            [
                waits.select(pl.col("created_at").alias("t"), pl.lit(1).alias("d")),
                waits.select(pl.col("leaves").alias("t"), pl.lit(-1).alias("d")),
            ]
        )
        .filter(pl.col("t") < as_of)
        .group_by("t")
        .agg(pl.col("d").sum())
        .sort("t")
        .with_columns(pl.col("d").cum_sum().alias("queue"))
    )
    queue_max = events["queue"].max() or 0
    queue_max_at = events.filter(pl.col("queue") == queue_max)["t"].min() if queue_max else None

    # Peak seconds from the window's start to t: whole peak hours before t's hour, plus the part
    # of t's hour when it is a peak hour.
    hours = (as_of - start) // 3600 + 1
    hour_table = pl.DataFrame({"h": list(range(hours))}, schema={"h": pl.Int64}).with_columns(
        (((pl.col("h") + start // 3600 + 72) % 168).is_in(list(peak))).alias("peak")
    )
    hour_table = hour_table.with_columns(
        ((pl.col("peak").cast(pl.Int64).cum_sum() - pl.col("peak").cast(pl.Int64)) * 3600).alias(
            "before"
        )
    )

    def upto(column: str) -> pl.DataFrame:
        rows = waits.select(pl.col(column).alias("t")).with_columns(
            ((pl.col("t") - start) // 3600).alias("h")
        )
        joined = rows.join(hour_table, on="h", how="left")
        return joined.select(
            pl.col("before")
            + pl.when(pl.col("peak")).then(pl.col("t") - start - pl.col("h") * 3600).otherwise(0)
        ).to_series()

    inside = (upto("leaves") - upto("created_at")).sum()
    total_peak = hour_table.filter(pl.col("h") < (as_of - start) // 3600)["peak"].sum() * 3600
    last = (as_of - start) // 3600
    if last < hours and hour_table["peak"][last]:
        total_peak += (as_of - start) - last * 3600
    total = len(tickets)
    row = {
        "peak_slots": len(peak),
        "peak_arrivals_share_pct": len(at_peak) * 100 / total,
    }
    peak_stats, off_stats = stats(at_peak, "peak"), stats(off_peak, "offpeak")
    row.update({k: v for k, v in peak_stats.items() if not k.endswith("responded")})
    row.update({k: v for k, v in off_stats.items() if not k.endswith("responded")})
    row.update(
        {
            "queue_max": queue_max,
            "queue_max_at": None
            if queue_max_at is None
            else pl.Series([queue_max_at * 1000])
            .cast(pl.Datetime("ms"))
            .dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")[0],
            "queue_mean_peak": inside / total_peak if total_peak else None,
            "tickets": total,
            "peak_tickets": len(at_peak),
            "peak_responded": peak_stats["peak_responded"],
            "offpeak_responded": off_stats["offpeak_responded"],
            "time_basis": "calendar",
        }
    )
    return row


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: peak_polars.py TICKETS.csv OUTPUT.csv")
    pl.DataFrame([summary(sys.argv[1])]).write_csv(sys.argv[2])


if __name__ == "__main__":
    main()

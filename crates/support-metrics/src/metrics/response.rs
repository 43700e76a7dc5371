//! First response time, resolution time, SLA and the FRT distribution.
//!
//! Definitions (docs/metrics.md has them in full):
//! - FRT = `first_response_at − created_at`; resolution = `resolved_at − created_at`, both through
//!   the [`TimeBasis`].
//! - `responded` counts tickets with a valid (non-negative) FRT, `unresponded` tickets without a
//!   first response; a negative duration is dropped and the ticket counted once in
//!   `invalid_order` (its other, valid duration still counts).
//! - Statistics over valid durations: count, mean, median, p90, p95, max, quantiles interpolated
//!   linearly between closest ranks.
//! - SLA per [`SlaTargets`], or the export's own verdict (the `sla_met` column) for the tickets
//!   that carry one; `sla_met_pct = met / (met + breached) × 100`.

use polars::prelude::*;
use serde::Serialize;

use super::group::{
    GroupKey, aggregate, decode_keys, dimension_columns, key_columns, key_exprs, period_filter,
};
use super::prepare::{as_of_and_period, by_as_of, non_negative};
use super::sla::SlaTargets;
use crate::calendar::TimeBasis;
use crate::error::Result;
use crate::ingest::{Dimension, Tickets};
use crate::period::{Period, PeriodSpec};
use crate::stats::quantile_sorted_by;

/// What to compute the response figures over.
#[derive(Debug, Clone, Default)]
pub struct ResponseOptions {
    /// Group rows by these keys, in this order; empty for one overall row.
    pub group_by: Vec<GroupKey>,
    /// Which tickets, by local day of creation.
    pub period: PeriodSpec,
    /// "Now" for open tickets, UTC seconds; default: the latest creation in the data (every
    /// recorded reply and resolution still counts; `docs/metrics.md`, "Now").
    pub as_of: Option<i64>,
    /// First-response targets.
    pub sla: SlaTargets,
    /// How elapsed time is counted.
    pub basis: TimeBasis,
}

/// Statistics of a set of durations, in seconds; `None` when the set is empty.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct DurationStats {
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Median (the mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
}

/// SLA outcome counts for first response.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SlaCounts {
    /// Answered within the target.
    pub met: u64,
    /// Answered after the target, or unanswered past it at `as_of`.
    pub breached: u64,
    /// Unanswered and still inside the target at `as_of`.
    pub pending: u64,
    /// `met / (met + breached) × 100`; `None` when both are zero.
    pub met_pct: Option<f64>,
}

/// The response figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseRow {
    /// The group's key values, in the order of [`ResponseReport::group_by`]; `None` for an empty
    /// value (a ticket without an agent, say).
    pub group: Vec<Option<String>>,
    /// Tickets created in the period.
    pub tickets: u64,
    /// Tickets with a valid first response time.
    pub responded: u64,
    /// Tickets without a first response.
    pub unresponded: u64,
    /// Tickets with a first response or resolution before creation.
    pub invalid_order: u64,
    /// First response time statistics.
    pub frt: DurationStats,
    /// Tickets with a valid resolution time.
    pub resolved: u64,
    /// Resolution time statistics.
    pub resolution: DurationStats,
    /// SLA outcomes.
    pub sla: SlaCounts,
}

/// Response figures for a set of tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseReport {
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The instant open tickets were judged at, UTC seconds.
    pub as_of: i64,
    /// The local days covered.
    pub period: Period,
    /// How elapsed time was counted.
    pub basis: TimeBasis,
    /// One row per group, sorted by the keys (weeks in time order, names alphabetically, empty
    /// values last).
    pub rows: Vec<ResponseRow>,
    /// The figures the input cannot give (no first-response or no resolution column), with why
    /// and what would fix it. Their fields in `rows` are zero and must not be shown as figures.
    pub unavailable: Vec<super::Unavailable>,
    /// The tickets outside the SLA because their priority has no target (and the export gives
    /// no verdict of its own), by priority, the most first: what the SLA figures do not cover.
    pub without_target: Vec<NoTarget>,
}

/// Tickets of one priority that have no SLA target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoTarget {
    /// The priority as exported; `None` for tickets without one.
    pub priority: Option<String>,
    /// How many tickets of the period.
    pub tickets: u64,
}

impl ResponseReport {
    /// How many tickets the SLA targets cover, and how many they leave out (those of
    /// [`without_target`](ResponseReport::without_target)).
    pub fn sla_coverage(&self) -> (u64, u64) {
        let outside: u64 = self.without_target.iter().map(|t| t.tickets).sum();
        (self.total_tickets().saturating_sub(outside), outside)
    }

    /// Whether `figures` could be computed.
    pub fn has(&self, figures: super::Figures) -> bool {
        !self.unavailable.iter().any(|u| u.figures == figures)
    }
}

impl ResponseReport {
    /// Tickets over every row (each ticket is in exactly one group).
    pub fn total_tickets(&self) -> u64 {
        self.rows.iter().map(|r| r.tickets).sum()
    }
}

/// The first-response-time buckets: `0-1h, 1-4h, 4-8h, 8-24h, 24h+`, lower bound inclusive.
pub const FRT_BUCKETS: [(&str, i64); 5] = [
    ("0-1h", 0),
    ("1-4h", 3600),
    ("4-8h", 4 * 3600),
    ("8-24h", 8 * 3600),
    ("24h+", 24 * 3600),
];

/// How many responded tickets of one group fall in one FRT bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketRow {
    /// The group's key values, as in [`ResponseRow::group`].
    pub group: Vec<Option<String>>,
    /// The bucket label, one of [`FRT_BUCKETS`].
    pub bucket: &'static str,
    /// Responded tickets in the bucket.
    pub tickets: u64,
    /// Their share of the group's responded tickets, in percent; `None` when the group has no
    /// responded ticket.
    pub share_pct: Option<f64>,
}

/// The FRT distribution: for each group, every bucket in order (empty buckets included).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The instant open tickets were judged at, UTC seconds.
    pub as_of: i64,
    /// The local days covered.
    pub period: Period,
    /// Rows, five per group.
    pub rows: Vec<BucketRow>,
}

/// The tickets of the period with, per ticket, everything the figures aggregate: the valid
/// durations and the per-ticket outcomes as booleans. Only elementwise work happens here; the
/// aggregations then are plain sums, means and one sort per duration.
struct Prepared {
    frame: LazyFrame,
    as_of: i64,
    period: Period,
}

fn prepare(tickets: &Tickets, options: &ResponseOptions) -> Result<Prepared> {
    options.period.validate()?;
    let (now, period) = as_of_and_period(tickets, options.as_of, &options.period);
    let (as_of, until) = (now.at, now.events_until);
    let basis = options.basis.resolve(tickets)?;
    let created = || col("created_at");

    // The SLA target of each ticket, from its priority code.
    let mut target = lit(NULL).cast(DataType::Int64);
    for (code, priority) in tickets.values(Dimension::Priority).iter().enumerate() {
        if let Some(t) = options.sla.target_for(Some(priority)) {
            target = when(col("priority").eq(lit(code as u32)))
                .then(lit(t))
                .otherwise(target);
        }
    }
    if let Some(fallback) = options.sla.target_for(None) {
        target = target.fill_null(lit(fallback));
    }

    // The data as it stood at `as_of`; every duration goes through the time basis, negative
    // ones are dropped (null).
    let mut durations = [
        basis.elapsed(created(), by_as_of("first_response_at", until)),
        basis.elapsed(created(), by_as_of("resolved_at", until)),
        basis.elapsed(created(), lit(as_of)),
    ];
    let unanswered = || by_as_of("first_response_at", until).is_null();
    let flag = |e: Expr| e.fill_null(lit(false));

    // Tickets created after `as_of` did not exist yet.
    let mut keep = col("created_at").lt_eq(lit(as_of));
    if period.from_day.is_some() || period.to_day.is_some() {
        keep = keep.and(period_filter(&period));
    }
    let mut frame = tickets.frame().clone().lazy();
    if let Some(local) = basis.local_time(col("created_at"), tickets.tz()) {
        // Periods, weeks, days and months in the zone of each ticket's calendar.
        frame = frame.with_column(local.alias("created_local"));
    }
    let mut frame = frame.filter(keep);
    if options.basis.is_business() {
        // Business durations are a pass over the tickets each: computed once, then read.
        let names = ["__frt_raw", "__res_raw", "__age"];
        frame = frame.with_columns(
            durations
                .iter()
                .zip(names)
                .map(|(d, name)| d.clone().alias(name))
                .collect::<Vec<_>>(),
        );
        durations = names.map(col);
    }
    let [frt_expr, res_expr, age_expr] = durations;
    let raw_frt = || frt_expr.clone();
    let raw_res = || res_expr.clone();
    let age = || age_expr.clone();
    // The SLA outcome: the helpdesk's own verdict where the export has one, else the target.
    let mut met = flag(col("frt_ok").lt_eq(col("sla_target")));
    let mut breached = flag(col("frt_ok").gt(col("sla_target")))
        .or(flag(unanswered().and(age().gt(col("sla_target")))));
    let mut pending = flag(unanswered().and(age().lt_eq(col("sla_target"))));
    if tickets.has_column("sla_met") {
        let verdict = || col("sla_met");
        let given = || verdict().is_not_null();
        met = when(given()).then(verdict()).otherwise(met);
        breached = when(given()).then(verdict().not()).otherwise(breached);
        pending = when(given()).then(lit(false)).otherwise(pending);
    }
    let frame = frame
        .with_columns([
            non_negative(raw_frt()).alias("frt_ok"),
            non_negative(raw_res()).alias("res_ok"),
            target.alias("sla_target"),
        ])
        .with_columns([outcome_bits([
            col("frt_ok").is_not_null(),
            unanswered(),
            // A response or resolution that exists but gives a negative duration came first.
            flag(raw_frt().lt(lit(0))).or(flag(raw_res().lt(lit(0)))),
            col("res_ok").is_not_null(),
            met,
            breached,
            pending,
        ])
        .alias("outcome")]);
    Ok(Prepared {
        frame,
        as_of,
        period,
    })
}

/// The per-ticket outcomes counted by [`response`], one bit each in the `outcome` column, in
/// this order.
const OUTCOMES: [&str; 7] = [
    "responded",
    "unresponded",
    "invalid_order",
    "resolved",
    "sla_met",
    "sla_breached",
    "sla_pending",
];

/// Packs per-ticket booleans into one small integer, bit `i` for `flags[i]`.
fn outcome_bits(flags: [Expr; 7]) -> Expr {
    // UInt32: the narrower integer types are not compiled into polars here.
    let word = |v: u32| lit(v).cast(DataType::UInt32);
    let mut bits = word(0);
    for (i, flag) in flags.into_iter().enumerate() {
        bits = bits + flag.cast(DataType::UInt32) * word(1 << i);
    }
    bits
}

/// The non-null values of a group, ascending, as a list: one sort serves every quantile.
fn sorted(e: Expr) -> Expr {
    e.drop_nulls().sort(SortOptions::default())
}

impl DurationStats {
    /// The statistics of ascending `sorted` durations (no nulls) whose mean is already known;
    /// only the few values at the quantiles' positions are read.
    fn from_sorted(mean: Option<f64>, sorted: &Int64Chunked) -> DurationStats {
        let n = sorted.len();
        let at = |i: usize| sorted.get(i).unwrap_or_default() as f64;
        DurationStats {
            mean,
            median: quantile_sorted_by(n, 0.5, at),
            p90: quantile_sorted_by(n, 0.9, at),
            p95: quantile_sorted_by(n, 0.95, at),
            max: n.checked_sub(1).map(at),
        }
    }
}

fn count(e: Expr) -> Expr {
    e.fill_null(lit(false)).sum().cast(DataType::UInt64)
}

fn float(e: Expr) -> Expr {
    e.cast(DataType::Float64)
}

/// The optional ticket columns these figures read; a loader can skip the others
/// ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)).
pub fn needed_columns(options: &ResponseOptions) -> Vec<&'static str> {
    let mut columns = vec![
        "first_response_at",
        "first_response_minutes",
        "resolved_at",
        "resolution_minutes",
        "priority",
        "sla_met",
    ];
    columns.extend(dimension_columns(&options.group_by));
    // The key of per-site (team, channel) calendars.
    columns.extend(options.basis.key_column());
    columns
}

/// Computes the response figures.
pub fn response(tickets: &Tickets, options: &ResponseOptions) -> Result<ResponseReport> {
    let prepared = prepare(tickets, options)?;
    let keys = &options.group_by;
    let without_target = without_target(tickets, &prepared.frame)?;
    // The few columns the aggregations read, computed once.
    let mut columns = key_exprs(keys);
    columns.extend([col("frt_ok"), col("res_ok"), col("outcome")]);
    let base = prepared.frame.select(columns).collect()?;

    // Durations: the mean and one sorted list per group.
    let out = base
        .clone()
        .lazy()
        .group_by(key_columns(keys))
        .agg([
            len().cast(DataType::UInt64).alias("tickets"),
            float(col("frt_ok").mean()).alias("frt_mean"),
            sorted(col("frt_ok")).alias("frt_sorted"),
            float(col("res_ok").mean()).alias("res_mean"),
            sorted(col("res_ok")).alias("res_sorted"),
        ])
        .collect()?;
    let labels = decode_keys(&out, keys, tickets)?;

    // Outcomes: one count per group and outcome combination, added up per outcome below.
    let mut outcome_keys = key_columns(keys);
    outcome_keys.push(col("outcome"));
    let combos = base
        .lazy()
        .group_by(outcome_keys)
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let index: std::collections::HashMap<&super::group::GroupLabels, usize> =
        labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
    let mut counts = vec![[0u64; OUTCOMES.len()]; out.height()];
    let combo_labels = decode_keys(&combos, keys, tickets)?;
    let bits = combos.column("outcome")?.u32()?;
    let ns = combos.column("n")?.u64()?;
    for (row, label) in combo_labels.iter().enumerate() {
        let Some(&group) = index.get(label) else {
            continue;
        };
        let (bits, n) = (bits.get(row).unwrap_or(0), ns.get(row).unwrap_or(0));
        for (i, count) in counts[group].iter_mut().enumerate() {
            if bits & (1 << i) != 0 {
                *count += n;
            }
        }
    }
    let counted = |name: &str| -> Vec<u64> {
        let i = OUTCOMES.iter().position(|o| *o == name).unwrap_or(0);
        counts.iter().map(|c| c[i]).collect()
    };

    let tickets_n: Vec<u64> = out
        .column("tickets")?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let f =
        |name: &str| -> Result<Vec<Option<f64>>> { Ok(out.column(name)?.f64()?.iter().collect()) };
    let stats = |prefix: &str| -> Result<Vec<DurationStats>> {
        let mean = f(&format!("{prefix}_mean"))?;
        let lists = out.column(&format!("{prefix}_sorted"))?.list()?.clone();
        let mut stats = Vec::with_capacity(out.height());
        for (i, values) in lists.amortized_iter().enumerate() {
            let stat = match values {
                Some(s) => DurationStats::from_sorted(mean[i], s.as_ref().i64()?),
                None => DurationStats::default(),
            };
            stats.push(stat);
        }
        Ok(stats)
    };
    let (responded, unresponded, invalid, resolved) = (
        counted("responded"),
        counted("unresponded"),
        counted("invalid_order"),
        counted("resolved"),
    );
    let (met, breached, pending) = (
        counted("sla_met"),
        counted("sla_breached"),
        counted("sla_pending"),
    );
    let (frt, resolution) = (stats("frt")?, stats("res")?);

    let mut rows: Vec<(super::group::GroupLabels, ResponseRow)> = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let row = ResponseRow {
                group: label.values.clone(),
                tickets: tickets_n[i],
                responded: responded[i],
                unresponded: unresponded[i],
                invalid_order: invalid[i],
                frt: frt[i],
                resolved: resolved[i],
                resolution: resolution[i],
                sla: SlaCounts {
                    met: met[i],
                    breached: breached[i],
                    pending: pending[i],
                    met_pct: percent(met[i], met[i] + breached[i]),
                },
            };
            (label, row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    // Without groups, an empty period still aggregates to one row; it has nothing to say.
    rows.retain(|(_, r)| r.tickets > 0);
    Ok(ResponseReport {
        group_by: options.group_by.clone(),
        as_of: prepared.as_of,
        period: prepared.period,
        basis: options.basis.clone(),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        unavailable: super::response_gaps(tickets),
        without_target,
    })
}

/// The tickets of `frame` (prepared) without an SLA target or an exported verdict, by priority.
fn without_target(tickets: &Tickets, frame: &LazyFrame) -> Result<Vec<NoTarget>> {
    let mut outside = col("sla_target").is_null();
    if tickets.has_column("sla_met") {
        outside = outside.and(col("sla_met").is_null());
    }
    let counts = frame
        .clone()
        .filter(outside)
        .group_by([col("priority")])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let names = tickets.values(Dimension::Priority);
    let codes = counts.column("priority")?.u32()?.clone();
    let ns = counts.column("n")?.u64()?.clone();
    let mut out: Vec<NoTarget> = codes
        .iter()
        .zip(ns.iter())
        .map(|(code, n)| NoTarget {
            priority: code.and_then(|c| names.get(c as usize).cloned()),
            tickets: n.unwrap_or(0),
        })
        .filter(|r| r.tickets > 0)
        .collect();
    out.sort_by(|a, b| {
        b.tickets
            .cmp(&a.tickets)
            .then_with(|| a.priority.cmp(&b.priority))
    });
    Ok(out)
}

/// Computes the FRT distribution over [`FRT_BUCKETS`] for responded tickets.
pub fn frt_distribution(tickets: &Tickets, options: &ResponseOptions) -> Result<Distribution> {
    let prepared = prepare(tickets, options)?;
    let frt = col("frt_ok");
    let mut bucket = lit(NULL).cast(DataType::UInt32);
    // The outermost condition is the highest bound, so each ticket gets the last bucket it reaches.
    for (i, (_, lower)) in FRT_BUCKETS.iter().enumerate() {
        bucket = when(frt.clone().gt_eq(lit(*lower)))
            .then(lit(i as u32))
            .otherwise(bucket);
    }
    let mut aggs = vec![len().cast(DataType::UInt64).alias("__tickets")];
    for (i, (label, _)) in FRT_BUCKETS.iter().enumerate() {
        aggs.push(count(col("__bucket").eq(lit(i as u32))).alias(*label));
    }
    let frame = prepared.frame.with_column(bucket.alias("__bucket"));
    let out = aggregate(frame, &options.group_by, aggs).collect()?;
    let labels = decode_keys(&out, &options.group_by, tickets)?;
    let mut counts: Vec<Vec<u64>> = Vec::new();
    for (label, _) in FRT_BUCKETS {
        counts.push(
            out.column(label)?
                .u64()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect(),
        );
    }
    let group_tickets: Vec<u64> = out
        .column("__tickets")?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let mut groups: Vec<(super::group::GroupLabels, usize)> = labels
        .into_iter()
        .enumerate()
        .filter(|(i, _)| group_tickets[*i] > 0)
        .map(|(i, l)| (l, i))
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rows = Vec::new();
    for (label, i) in groups {
        let total: u64 = counts.iter().map(|c| c[i]).sum();
        for (b, (name, _)) in FRT_BUCKETS.iter().enumerate() {
            rows.push(BucketRow {
                group: label.values.clone(),
                bucket: name,
                tickets: counts[b][i],
                share_pct: percent(counts[b][i], total),
            });
        }
    }
    Ok(Distribution {
        group_by: options.group_by.clone(),
        as_of: prepared.as_of,
        period: prepared.period,
        rows,
    })
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
mod tests;

//! Peak load: arrivals per hour-of-week slot, the peak slots, the wait at peak and the queue.
//!
//! Definitions (docs/metrics.md, "Peak load", has them in full):
//! - A ticket's **slot** is the weekday and hour of its creation on the configured zone's wall
//!   clock: 7 × 24 = 168 slots, Monday 00:00 first ([`slot_of_local`]); in business time, on
//!   the wall clock of each ticket's calendar zone
//!   ([`Elapsed::local_time`](crate::calendar::Elapsed::local_time)).
//! - The **days** of the period are its local days, from the later of the period's start and
//!   the export's first day, up to the earlier of the period's end and the day of `as_of`.
//!   A slot occurs once on each day of its weekday, except on `as_of`'s own day for the hours
//!   that had not begun by `as_of`. `arrivals_per_week` of a slot = its tickets / the number of
//!   times it occurs (so a partial week, or a partial last day, does not distort it).
//! - The **peak** is [`PeakSelection`]: by default the `ceil(168 × 10 / 100) = 17` slots with
//!   the most arrivals per week, ties to the earlier slot; or a fixed window. With groups, each
//!   group (a line of support, a channel, a site) has its own peak.
//! - The **wait at peak** is the FRT statistics (count, mean, median, p90) of the tickets
//!   created in peak slots, beside the same for the others (off peak). FRT as in
//!   [`response`](super::response()): through the [`TimeBasis`], a response after `as_of` has not
//!   happened, a negative FRT is left out.
//! - The **queue** ([`QueueFigures`]) is the number of the period's tickets waiting for a first
//!   answer at each instant of the period.

mod queue;
mod slots;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;

use super::group::{
    GroupKey, GroupLabels, decode_keys, dimension_columns, key_columns, key_exprs, period_filter,
};
use super::prepare::{Now, as_of_and_period, by_as_of, non_negative};
use crate::calendar::{Elapsed, TimeBasis};
use crate::error::{Error, Result};
use crate::ingest::Tickets;
use crate::ingest::timestamp::local_to_utc;
use crate::period::{DAY_SECONDS, Period, PeriodSpec, local_day};
pub use queue::QueueFigures;
use queue::{PeakClock, sweep};
pub(crate) use slots::parse_days;
pub use slots::{HourSlots, PeakSelection, SLOTS, WEEKDAYS, slot_index, slot_of_local};

/// What to compute the peak figures over.
#[derive(Debug, Clone, Default)]
pub struct PeakOptions {
    /// Group by these keys (text keys only: agent, team, channel, priority, site); each group
    /// gets its own heatmap, peak and queue. Empty for one overall row.
    pub group_by: Vec<GroupKey>,
    /// Which tickets, by local day of creation.
    pub period: PeriodSpec,
    /// "Now", UTC seconds; default: the latest creation in the data (`docs/metrics.md`, "Now").
    pub as_of: Option<i64>,
    /// How the peak slots are chosen.
    pub peak: PeakSelection,
    /// How elapsed time is counted.
    pub basis: TimeBasis,
}

impl PeakOptions {
    /// Checks the options without data: the period, the peak choice, and that the groups are
    /// text keys.
    pub fn validate(&self) -> Result<()> {
        self.period.validate()?;
        self.peak.validate()?;
        check_keys(&self.group_by)
    }
}

/// First response times of a set of tickets: how many, and their statistics in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Wait {
    /// Tickets in the set.
    pub tickets: u64,
    /// Those with a valid first response time.
    pub responded: u64,
    /// Mean FRT; `None` without responded tickets.
    pub mean: Option<f64>,
    /// Median FRT.
    pub median: Option<f64>,
    /// 90th percentile of the FRT.
    pub p90: Option<f64>,
}

/// One cell of the heatmap: one hour-of-week slot of one group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SlotFigures {
    /// The weekday, 0 = Monday … 6 = Sunday ([`WEEKDAYS`] names them).
    pub weekday: u8,
    /// The hour of the day, 0–23.
    pub hour: u8,
    /// Tickets created in this slot over the period.
    pub tickets: u64,
    /// `tickets` / the number of times the slot occurs in the period
    /// ([`PeakReport::slot_days`]); `None` when it does not occur (a period shorter than a
    /// week).
    pub arrivals_per_week: Option<f64>,
    /// Tickets of the slot with a valid first response time.
    pub responded: u64,
    /// Their mean FRT, seconds.
    pub frt_mean: Option<f64>,
    /// Their median FRT, seconds.
    pub frt_median: Option<f64>,
    /// Whether the slot is a peak slot of its group.
    pub is_peak: bool,
}

impl SlotFigures {
    /// The slot's index, 0–167.
    pub fn slot(&self) -> usize {
        slot_index(self.weekday as usize, self.hour as usize)
    }
}

/// The peak figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakRow {
    /// The group's key values, in the order of [`PeakReport::group_by`]; `None` for an empty
    /// value. Left out of JSON when there are no groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<Option<String>>,
    /// Tickets created in the period.
    pub tickets: u64,
    /// The peak slots.
    pub peak_slots: HourSlots,
    /// Share of the tickets created in peak slots, percent.
    pub peak_arrivals_share_pct: Option<f64>,
    /// First response of the tickets created in peak slots.
    pub peak: Wait,
    /// First response of the others.
    pub offpeak: Wait,
    /// The queue of tickets waiting for a first answer.
    pub queue: QueueFigures,
    /// The 168 slots, Monday 00:00 first.
    pub heatmap: Vec<SlotFigures>,
}

/// Peak figures for a set of tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakReport {
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The instant the data is judged at, UTC seconds.
    pub as_of: i64,
    /// The local days asked for.
    pub period: Period,
    /// The local days counted: both bounds set when there are rows (the period clipped to the
    /// export's first day and to the day of `as_of`).
    pub days: Period,
    /// How many times each weekday (Monday first) occurs in `days`.
    pub weekday_days: [u64; 7],
    /// How many times each slot (Monday 00:00 first) occurs: the days of its weekday, less one
    /// for the hours of `as_of`'s day that had not begun by `as_of` (when that day is the last).
    pub slot_days: Vec<u64>,
    /// How the peak was chosen.
    pub selection: PeakSelection,
    /// How elapsed time was counted.
    pub basis: TimeBasis,
    /// The queue was followed over `[queue_from, queue_to)`, UTC seconds: from the first
    /// counted day's local midnight to the end of the last, or `as_of` if earlier.
    pub queue_from: i64,
    /// See `queue_from`.
    pub queue_to: i64,
    /// One row per group, sorted by the keys (names alphabetically, empty values last).
    pub rows: Vec<PeakRow>,
    /// Why there are no peak figures although there are tickets, with the fix: creation times
    /// without a time of day (dates alone) tell no hour of arrival. `rows` is then empty.
    pub unavailable: Option<String>,
}

/// Why peak figures cannot be computed from creation dates without a time of day.
pub const NO_TIME_OF_DAY: &str = "the creation times have no time of day (dates alone), so the hour each ticket arrived cannot be told; export the creation time with its time of day, or map the date and the time-of-day columns together with --map created_at=DATE+TIME";

impl PeakReport {
    /// Tickets over every row.
    pub fn total_tickets(&self) -> u64 {
        self.rows.iter().map(|r| r.tickets).sum()
    }
}

/// The optional ticket columns these figures read
/// ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)).
pub fn needed_columns(options: &PeakOptions) -> Vec<&'static str> {
    let mut columns = vec![
        "first_response_at",
        "first_response_minutes",
        "resolved_at",
        "resolution_minutes",
    ];
    columns.extend(dimension_columns(&options.group_by));
    // The key of per-site (team, channel) calendars.
    columns.extend(options.basis.key_column());
    columns
}

/// How many times each weekday (Monday first) occurs in the local days `[from, to)`.
pub fn weekday_days(from: i64, to: i64) -> [u64; 7] {
    let mut counts = [0u64; 7];
    let days = (to - from).max(0);
    for (i, count) in counts.iter_mut().enumerate() {
        *count = (days / 7) as u64;
        // The remainder days are the first `days % 7` weekdays from `from`'s.
        let offset = (i as i64 - (from + 3).rem_euclid(7)).rem_euclid(7);
        if offset < days % 7 {
            *count += 1;
        }
    }
    counts
}

fn check_keys(keys: &[GroupKey]) -> Result<()> {
    match keys.iter().find(|k| k.dimension().is_none()) {
        Some(key) => Err(Error::option(
            "--by",
            key.name(),
            "peak groups by agent, team, channel, priority or site; weekdays and hours are the \
             heatmap's own axes, and --week, --from/--to or --last-weeks choose the period",
        )),
        None => Ok(()),
    }
}

/// Computes the heatmap, the peak, the wait at peak and the queue.
pub fn peak(tickets: &Tickets, options: &PeakOptions) -> Result<PeakReport> {
    options.validate()?;
    let keys = &options.group_by;
    let (now, period) = as_of_and_period(tickets, options.as_of, &options.period);
    let as_of = now.at;
    let as_of_day = local_day(tickets.to_local(as_of));
    let mut report = PeakReport {
        group_by: keys.clone(),
        as_of,
        period,
        days: Period::default(),
        weekday_days: [0; 7],
        slot_days: vec![0; SLOTS],
        selection: options.peak,
        basis: options.basis.clone(),
        queue_from: as_of,
        queue_to: as_of,
        rows: Vec::new(),
        unavailable: None,
    };
    if !tickets.is_empty() && !tickets.has_times_of_day() {
        report.unavailable = Some(NO_TIME_OF_DAY.to_owned());
        return Ok(report);
    }
    if tickets.is_empty() {
        return Ok(report);
    }
    let elapsed = options.basis.resolve(tickets)?;
    // Arrivals by day and hour in the zone of each ticket's calendar.
    let frame = match elapsed.local_time(col("created_at"), tickets.tz()) {
        Some(local) => tickets
            .frame()
            .clone()
            .lazy()
            .with_column(local.alias("created_local"))
            .collect()?,
        None => tickets.frame().clone(),
    };
    let first_day = match frame.column("created_local")?.i64()?.min() {
        Some(local) => local_day(local),
        None => return Ok(report),
    };
    let from = period.from_day.map_or(first_day, |f| f.max(first_day));
    let to = period
        .to_day
        .map_or(as_of_day + 1, |t| t.min(as_of_day + 1));
    if to <= from {
        return Ok(report);
    }
    report.days = Period {
        from_day: Some(from),
        to_day: Some(to),
    };
    report.weekday_days = weekday_days(from, to);
    report.slot_days = (0..SLOTS).map(|s| report.weekday_days[s / 24]).collect();
    if to == as_of_day + 1 {
        // The last day is as_of's: its hours after as_of's own have not happened.
        let now = slot_of_local(tickets.to_local(as_of));
        let day_end = (now / 24 + 1) * 24;
        for days in &mut report.slot_days[now + 1..day_end] {
            *days = days.saturating_sub(1);
        }
    }
    let tz = tickets.tz();
    let midnight = |day: i64| local_to_utc(tz, day * DAY_SECONDS).unwrap_or(day * DAY_SECONDS);
    report.queue_from = midnight(from);
    report.queue_to = midnight(to).min(as_of).max(report.queue_from);

    let base = prepare(frame, &elapsed, options, now, &report.days)?;
    if base.height() == 0 {
        return Ok(report);
    }

    // The heatmap: one aggregate per group and slot.
    let mut slot_keys = key_columns(keys);
    slot_keys.push(col("slot"));
    let cells = base
        .clone()
        .lazy()
        .group_by(slot_keys.clone())
        .agg([
            len().cast(DataType::UInt64).alias("tickets"),
            col("frt_ok")
                .count()
                .cast(DataType::UInt64)
                .alias("responded"),
            float(col("frt_ok")).mean().alias("frt_mean"),
            float(col("frt_ok")).median().alias("frt_median"),
        ])
        .collect()?;
    let labels = decode_keys(&cells, keys, tickets)?;
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<GroupLabels, usize> = HashMap::new();
    let slot_of = cells.column("slot")?.i64()?;
    let counts = cells.column("tickets")?.u64()?;
    let responded = cells.column("responded")?.u64()?;
    let means = cells.column("frt_mean")?.f64()?;
    let medians = cells.column("frt_median")?.f64()?;
    let mut group_of_cell = Vec::with_capacity(cells.height());
    for (row, label) in labels.into_iter().enumerate() {
        let g = *index.entry(label.clone()).or_insert_with(|| {
            groups.push(Group::new(label));
            groups.len() - 1
        });
        group_of_cell.push(g);
        let slot = slot_of.get(row).unwrap_or(0).clamp(0, SLOTS as i64 - 1) as usize;
        let cell = &mut groups[g].heatmap[slot];
        cell.tickets = counts.get(row).unwrap_or(0);
        cell.responded = responded.get(row).unwrap_or(0);
        cell.frt_mean = means.get(row);
        cell.frt_median = medians.get(row);
    }
    for group in &mut groups {
        let per_week: Vec<Option<f64>> = group
            .heatmap
            .iter()
            .map(|c| {
                let days = report.slot_days[c.slot()];
                (days > 0).then(|| c.tickets as f64 / days as f64)
            })
            .collect();
        group.peak = options.peak.choose(&per_week);
        for (cell, value) in group.heatmap.iter_mut().zip(per_week) {
            cell.arrivals_per_week = value;
            cell.is_peak = group.peak.contains(cell.slot());
        }
    }

    // The wait at peak and off peak: each ticket marked by its group's peak.
    let flags: Vec<bool> = group_of_cell
        .iter()
        .zip(slot_of.iter())
        .map(|(&g, slot)| groups[g].peak.contains(slot.unwrap_or(0) as usize))
        .collect();
    let mut marks = cells.clone().lazy().select(slot_keys.clone()).collect()?;
    marks.with_column(Column::new("is_peak".into(), flags))?;
    let mut wait_keys = key_columns(keys);
    wait_keys.push(col("is_peak"));
    let frt = || float(col("frt_ok"));
    let waits = base
        .clone()
        .lazy()
        .join(
            marks.lazy(),
            slot_keys.clone(),
            slot_keys,
            JoinArgs {
                nulls_equal: true,
                ..JoinArgs::new(JoinType::Inner)
            },
        )
        .group_by(wait_keys)
        .agg([
            len().cast(DataType::UInt64).alias("tickets"),
            col("frt_ok")
                .count()
                .cast(DataType::UInt64)
                .alias("responded"),
            frt().mean().alias("mean"),
            frt().median().alias("median"),
            frt()
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
        ])
        .collect()?;
    let wait_labels = decode_keys(&waits, keys, tickets)?;
    let is_peak = waits.column("is_peak")?.bool()?;
    let (n, answered) = (
        waits.column("tickets")?.u64()?,
        waits.column("responded")?.u64()?,
    );
    let (mean, median, p90) = (
        waits.column("mean")?.f64()?,
        waits.column("median")?.f64()?,
        waits.column("p90")?.f64()?,
    );
    for (row, label) in wait_labels.iter().enumerate() {
        let Some(&g) = index.get(label) else {
            continue;
        };
        let wait = Wait {
            tickets: n.get(row).unwrap_or(0),
            responded: answered.get(row).unwrap_or(0),
            mean: mean.get(row),
            median: median.get(row),
            p90: p90.get(row),
        };
        if is_peak.get(row).unwrap_or(false) {
            groups[g].wait_peak = wait;
        } else {
            groups[g].wait_offpeak = wait;
        }
    }

    // The queue: per group, the instants tickets joined and left it, sorted, then one sweep.
    let queues = base
        .lazy()
        .filter(col("leaves").is_not_null())
        .group_by(key_columns(keys))
        .agg([
            col("created_at")
                .sort(SortOptions::default())
                .alias("joins"),
            col("leaves").sort(SortOptions::default()).alias("leaves"),
        ])
        .collect()?;
    let queue_labels = decode_keys(&queues, keys, tickets)?;
    let joins = queues.column("joins")?.list()?;
    let leaves = queues.column("leaves")?.list()?;
    let clock = PeakClock::new(report.queue_from, report.queue_to, |t| tickets.to_local(t));
    let instants = |list: &ListChunked, row: usize| -> Result<Vec<i64>> {
        Ok(match list.get_as_series(row) {
            Some(s) => s.i64()?.into_no_null_iter().collect(),
            None => Vec::new(),
        })
    };
    let mut swept = vec![false; groups.len()];
    for (row, label) in queue_labels.iter().enumerate() {
        let Some(&g) = index.get(label) else {
            continue;
        };
        let (joins, leaves) = (instants(joins, row)?, instants(leaves, row)?);
        groups[g].queue = sweep(&joins, &leaves, &clock.prefix(&groups[g].peak));
        swept[g] = true;
    }
    for (group, swept) in groups.iter_mut().zip(swept) {
        if !swept {
            // No ticket of the group ever waited: an empty queue.
            group.queue = sweep(&[], &[], &clock.prefix(&group.peak));
        }
    }

    groups.sort_by(|a, b| a.label.cmp(&b.label));
    report.rows = groups.into_iter().map(Group::into_row).collect();
    Ok(report)
}

/// A group's figures as they are gathered.
struct Group {
    label: GroupLabels,
    heatmap: Vec<SlotFigures>,
    peak: HourSlots,
    wait_peak: Wait,
    wait_offpeak: Wait,
    queue: QueueFigures,
}

impl Group {
    fn new(label: GroupLabels) -> Group {
        let heatmap = (0..SLOTS)
            .map(|slot| SlotFigures {
                weekday: (slot / 24) as u8,
                hour: (slot % 24) as u8,
                tickets: 0,
                arrivals_per_week: None,
                responded: 0,
                frt_mean: None,
                frt_median: None,
                is_peak: false,
            })
            .collect();
        Group {
            label,
            heatmap,
            peak: HourSlots::empty(),
            wait_peak: Wait::default(),
            wait_offpeak: Wait::default(),
            queue: QueueFigures::default(),
        }
    }

    fn into_row(self) -> PeakRow {
        let tickets = self.heatmap.iter().map(|c| c.tickets).sum();
        PeakRow {
            group: self.label.values,
            tickets,
            peak_slots: self.peak,
            peak_arrivals_share_pct: (tickets > 0)
                .then(|| self.wait_peak.tickets as f64 * 100.0 / tickets as f64),
            peak: self.wait_peak,
            offpeak: self.wait_offpeak,
            queue: self.queue,
            heatmap: self.heatmap,
        }
    }
}

fn float(e: Expr) -> Expr {
    e.cast(DataType::Float64)
}

/// The tickets of the counted days, created by `as_of`, with per ticket: the group keys, the
/// slot, the valid FRT (`frt_ok`), `created_at` and the instant it left the queue (`leaves`).
fn prepare(
    frame: DataFrame,
    basis: &Elapsed,
    options: &PeakOptions,
    now: Now,
    days: &Period,
) -> Result<DataFrame> {
    // The data as it stood at `as_of` (every recorded event when "now" is the default).
    let as_of = now.at;
    let by_as_of = |c: &str| by_as_of(c, now.events_until);
    let frt = basis.elapsed(col("created_at"), by_as_of("first_response_at"));
    // A ticket stops waiting when answered; an unanswered call or chat when it was abandoned;
    // one closed without an answer, when it was closed; one still open and unanswered waits
    // until `as_of`. A leave before the creation is a data error: the ticket is left out of the
    // queue.
    let leaves = when(by_as_of("first_response_at").is_not_null())
        .then(by_as_of("first_response_at"))
        .when(by_as_of("abandoned_at").is_not_null())
        .then(by_as_of("abandoned_at"))
        .when(by_as_of("resolved_at").is_not_null())
        .then(by_as_of("resolved_at"))
        .otherwise(lit(as_of));
    // Hours since 1970-01-01 00:00 local (a Thursday, slot 72), shifted by a whole number of
    // weeks so that the remainder is taken of a positive number back to year 1.
    let weeks_back = 168 * 11_000_000i64;
    let slot = (col("created_local").floor_div(lit(3600i64)) + lit(72 + weeks_back)) % lit(168i64);
    let mut columns = key_exprs(&options.group_by);
    columns.extend([
        slot.alias("slot"),
        non_negative(frt).alias("frt_ok"),
        col("created_at"),
        when(leaves.clone().gt_eq(col("created_at")))
            .then(leaves)
            .otherwise(lit(NULL).cast(DataType::Int64))
            .alias("leaves"),
    ]);
    let keep = col("created_at").lt_eq(lit(as_of)).and(period_filter(days));
    Ok(frame.lazy().filter(keep).select(columns).collect()?)
}

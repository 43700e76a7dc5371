//! Workload: how the tickets are spread over the agents, how many go overdue, and how balanced
//! the team is.
//!
//! Definitions (docs/metrics.md has them in full):
//!
//! - The tickets are those created in the period and by `as_of`, as for
//!   [`response`](super::response()). A row is one agent (and, with [`WorkloadOptions::group_by`],
//!   one week, team and/or site); tickets without an agent are a row of their own with no agent.
//! - `tickets` is the count of the row's tickets; `share_pct` their share of all the tickets of
//!   the group (the unassigned ones included), so the shares of a group add up to 100.
//! - `resolved` counts tickets with a valid resolution time by `as_of` (as `response` counts
//!   them).
//! - A ticket is **overdue** when it has a `due_at` and either was resolved after it, or was
//!   still unresolved at `as_of` with the due date already past (`due_at < as_of`). Resolved
//!   exactly at the due date is on time. `overdue_pct = overdue / tickets with a due date × 100`.
//!   A due date before creation is kept as given (the loader warns about it, and the report
//!   counts it in [`WorkloadReport::due_before_created`]).
//! - `frt_median` is the median first response time of the row's answered tickets.
//! - `csat_pct`, when surveys are given, is CSAT as [`csat`] computes it for the same
//!   groups: answers submitted in the period, linked to the agent by the survey row or its ticket.
//! - **Balance**, per group (each week, team and/or site combination; one for the whole period
//!   without grouping), over the named agents: the mean tickets per agent, the population
//!   standard deviation, `balance_cv = sd / mean`, `max_min_ratio = max / min` (none when some
//!   agent has no ticket), and the agents above (below) the mean by more than
//!   [`WorkloadOptions::margin_pct`] percent of it.
//! - Grouped by week, an agent with tickets anywhere in the period (in the same team and site,
//!   when grouped by those) has a row in every week, with 0 tickets in a week without any: an
//!   agent with nothing to do is exactly what the balance is about.

#[cfg(test)]
mod tests;

mod balance;

pub use balance::BalanceRow;
use balance::balance_row;

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;
use serde::Serialize;

use super::group::{
    GroupKey, decode_keys, dimension_columns, key_columns, key_exprs, period_filter,
};
use super::prepare::{as_of_and_period, by_as_of, non_negative};
use super::satisfaction::{CsatOptions, csat};
use crate::calendar::TimeBasis;
use crate::error::{Error, Result};
use crate::ingest::surveys::{Answer, Scale, SurveyKind, Surveys};
use crate::ingest::{Tickets, Warning};
use crate::period::{Period, PeriodSpec};
use crate::stats::quantile_sorted_by;

/// The default balance margin: 25 % above or below the group's mean.
pub const DEFAULT_MARGIN_PCT: f64 = 25.0;

/// What to compute the workload over.
#[derive(Debug, Clone)]
pub struct WorkloadOptions {
    /// Group the agents' rows further by these keys, in this order: any of
    /// [`GroupKey::Week`], [`GroupKey::Team`], [`GroupKey::Site`] (an [`GroupKey::Agent`] here
    /// is ignored: rows are always per agent). Empty: one row per agent over the whole period.
    pub group_by: Vec<GroupKey>,
    /// Which tickets, by local day of creation.
    pub period: PeriodSpec,
    /// "Now" for open tickets, UTC seconds; default: the latest creation in the tickets (and answer in
    /// the surveys, when given).
    pub as_of: Option<i64>,
    /// How far from the group's mean, in percent of it, an agent's tickets must be to count as
    /// above or below it (default [`DEFAULT_MARGIN_PCT`]).
    pub margin_pct: f64,
    /// How elapsed time (the first response time) is counted.
    pub basis: TimeBasis,
    /// The scale of the CSAT answers; `None` infers it when the answers leave no doubt (when
    /// they do not, CSAT is left out with a warning).
    pub scale: Option<Scale>,
    /// The lowest satisfied answer; `None` for the top boxes of the scale.
    pub satisfied: Option<Answer>,
}

impl Default for WorkloadOptions {
    fn default() -> Self {
        WorkloadOptions {
            group_by: Vec::new(),
            period: PeriodSpec::All,
            as_of: None,
            margin_pct: DEFAULT_MARGIN_PCT,
            basis: TimeBasis::default(),
            scale: None,
            satisfied: None,
        }
    }
}

impl WorkloadOptions {
    /// Checks the options: the grouping keys and the margin.
    pub fn validate(&self) -> Result<()> {
        self.period.validate()?;
        for key in &self.group_by {
            if !matches!(
                key,
                GroupKey::Agent | GroupKey::Week | GroupKey::Team | GroupKey::Site
            ) {
                return Err(Error::option(
                    "--by",
                    key.name(),
                    "workload is per agent, grouped further by any of: week, team, site",
                ));
            }
        }
        if !(self.margin_pct.is_finite() && (0.0..=1000.0).contains(&self.margin_pct)) {
            return Err(Error::option(
                "--margin",
                self.margin_pct.to_string(),
                "expected a percentage of the mean from 0 to 1000, e.g. 25",
            ));
        }
        Ok(())
    }

    /// The grouping keys besides the agent, in order.
    fn keys(&self) -> Vec<GroupKey> {
        let mut keys: Vec<GroupKey> = Vec::new();
        for &key in &self.group_by {
            if key != GroupKey::Agent && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}

/// Where an agent's tickets sit against the group's mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Load {
    /// More than the margin above the mean.
    Above,
    /// Within the margin of the mean.
    Within,
    /// More than the margin below the mean.
    Below,
}

impl Load {
    /// The machine name: `above`, `within`, `below`.
    pub fn as_str(self) -> &'static str {
        match self {
            Load::Above => "above",
            Load::Within => "within",
            Load::Below => "below",
        }
    }
}

/// One agent's figures (in one group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadRow {
    /// The group's key values, in the order of [`WorkloadReport::group_by`]; `None` for an
    /// empty value.
    pub group: Vec<Option<String>>,
    /// The agent; `None` for the tickets without an agent.
    pub agent: Option<String>,
    /// Tickets created in the period.
    pub tickets: u64,
    /// `tickets / the group's tickets × 100`; `None` when the group has none.
    pub share_pct: Option<f64>,
    /// Tickets with a valid resolution time by `as_of`.
    pub resolved: u64,
    /// Tickets with a due date.
    pub with_due: u64,
    /// Tickets resolved after their due date, or unresolved past it at `as_of`.
    pub overdue: u64,
    /// `overdue / with_due × 100`; `None` without due dates.
    pub overdue_pct: Option<f64>,
    /// Median first response time of the answered tickets, seconds.
    pub frt_median: Option<f64>,
    /// CSAT answers about the agent (with surveys).
    pub csat_responses: Option<u64>,
    /// CSAT in percent; `None` without surveys or answers.
    pub csat_pct: Option<f64>,
    /// Against the group's mean; `None` for the unassigned tickets.
    pub load: Option<Load>,
}

/// The workload of a set of tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadReport {
    /// The grouping keys besides the agent.
    pub group_by: Vec<GroupKey>,
    /// The instant open tickets were judged at, UTC seconds.
    pub as_of: i64,
    /// The local days covered.
    pub period: Period,
    /// How elapsed time was counted.
    pub basis: TimeBasis,
    /// The balance margin, percent of the mean.
    pub margin_pct: f64,
    /// The scale CSAT was computed on; `None` without CSAT.
    pub csat_scale: Option<Scale>,
    /// Tickets of the period whose due date is before their creation (kept as given).
    pub due_before_created: u64,
    /// One row per group and agent, sorted by the group keys (weeks in time order), then by
    /// agent (alphabetically, the unassigned last).
    pub rows: Vec<WorkloadRow>,
    /// One row per group, in the same order.
    pub balance: Vec<BalanceRow>,
    /// Problems that did not stop the computation (survey answers linked to no ticket, CSAT
    /// left out).
    pub warnings: Vec<Warning>,
}

impl WorkloadReport {
    /// Tickets over every row.
    pub fn total_tickets(&self) -> u64 {
        self.rows.iter().map(|r| r.tickets).sum()
    }
}

/// The optional ticket columns these figures read; a loader can skip the others
/// ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)).
pub fn needed_columns(options: &WorkloadOptions) -> Vec<&'static str> {
    let mut columns = vec![
        "id",
        "agent",
        "first_response_at",
        "first_response_minutes",
        "resolved_at",
        "resolution_minutes",
        "due_at",
    ];
    columns.extend(dimension_columns(&options.keys()));
    columns.extend(options.basis.key_column());
    columns
}

/// A row's group values and agent.
type RowKey = (Vec<Option<String>>, Option<String>);

/// The additive figures of one row.
#[derive(Debug, Clone, Default)]
struct Counts {
    tickets: u64,
    resolved: u64,
    with_due: u64,
    overdue: u64,
    frt_median: Option<f64>,
}

/// Compares group values: alphabetically ignoring case (ISO week labels sort in time order),
/// empty values last.
fn value_order(a: &Option<String>, b: &Option<String>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

fn values_order(a: &[Option<String>], b: &[Option<String>]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(a, b)| value_order(a, b))
        .find(|o| *o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

fn count(e: Expr) -> Expr {
    e.fill_null(lit(false)).cast(DataType::UInt64).sum()
}

/// Computes the workload of `tickets`, with CSAT per agent when `surveys` are given.
pub fn workload(
    tickets: &Tickets,
    surveys: Option<&Surveys>,
    options: &WorkloadOptions,
) -> Result<WorkloadReport> {
    options.validate()?;
    let keys = options.keys();
    // "Now" by default is the later of the latest creation and the latest answer, as for `csat`.
    let latest = surveys.and_then(Surveys::latest_instant);
    let given = options.as_of.or_else(|| {
        latest
            .max(tickets.latest_instant())
            .filter(|_| latest.is_some())
    });
    let (now, period) = as_of_and_period(tickets, given, &options.period);
    let as_of = now.at;
    // A given as-of sees the data as it stood then; the default counts every recorded event.
    let until = if options.as_of.is_some() {
        as_of
    } else {
        i64::MAX
    };
    let basis = options.basis.resolve(tickets)?;

    let mut keep = col("created_at").lt_eq(lit(as_of));
    if period.from_day.is_some() || period.to_day.is_some() {
        keep = keep.and(period_filter(&period));
    }
    let resolved_then = || by_as_of("resolved_at", until);
    let due = || col("due_at");
    let overdue = due().is_not_null().and(
        resolved_then()
            .is_not_null()
            .and(resolved_then().gt(due()))
            .or(resolved_then().is_null().and(due().lt(lit(as_of)))),
    );
    let mut all_keys = keys.clone();
    all_keys.push(GroupKey::Agent);
    let mut columns = key_exprs(&all_keys);
    columns.extend([
        non_negative(basis.elapsed(col("created_at"), by_as_of("first_response_at", until)))
            .alias("frt_ok"),
        non_negative(basis.elapsed(col("created_at"), resolved_then()))
            .is_not_null()
            .alias("resolved"),
        due().is_not_null().alias("with_due"),
        overdue.alias("overdue"),
        due().lt(col("created_at")).alias("due_early"),
    ]);
    let mut frame = tickets.frame().clone().lazy();
    if let Some(local) = basis.local_time(col("created_at"), tickets.tz()) {
        // Periods and weeks in the zone of each ticket's calendar, as `response` takes them.
        frame = frame.with_column(local.alias("created_local"));
    }
    let base = frame.filter(keep).select(columns).collect()?;
    let due_before_created = base.column("due_early")?.bool()?.sum().unwrap_or(0) as u64;
    let out = base
        .lazy()
        .group_by(key_columns(&all_keys))
        .agg([
            len().cast(DataType::UInt64).alias("tickets"),
            count(col("resolved")).alias("resolved"),
            count(col("with_due")).alias("with_due"),
            count(col("overdue")).alias("overdue"),
            col("frt_ok")
                .drop_nulls()
                .sort(SortOptions::default())
                .alias("frt_sorted"),
        ])
        .collect()?;
    let labels = decode_keys(&out, &all_keys, tickets)?;
    let u = |name: &str| -> Result<Vec<u64>> {
        Ok(out
            .column(name)?
            .u64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let (n, resolved, with_due, overdue) =
        (u("tickets")?, u("resolved")?, u("with_due")?, u("overdue")?);
    let lists = out.column("frt_sorted")?.list()?.clone();
    let mut medians = Vec::with_capacity(out.height());
    for values in lists.amortized_iter() {
        let median = match values {
            Some(s) => {
                let sorted = s.as_ref().i64()?;
                quantile_sorted_by(sorted.len(), 0.5, |i| {
                    sorted.get(i).unwrap_or_default() as f64
                })
            }
            None => None,
        };
        medians.push(median);
    }

    // (group values, agent) → counts.
    let mut rows: HashMap<RowKey, Counts> = HashMap::new();
    for (i, mut label) in labels.into_iter().enumerate() {
        let agent = label.values.pop().flatten();
        rows.insert(
            (label.values, agent),
            Counts {
                tickets: n[i],
                resolved: resolved[i],
                with_due: with_due[i],
                overdue: overdue[i],
                frt_median: medians[i],
            },
        );
    }
    fill_empty_weeks(&keys, &mut rows);

    // CSAT per agent, as `csat` computes it for the same groups.
    let mut warnings = Vec::new();
    let mut csat_scale = None;
    let mut csat_of: HashMap<Vec<Option<String>>, (u64, Option<f64>)> = HashMap::new();
    if let Some(surveys) = surveys {
        match surveys.scale(SurveyKind::Csat, options.scale) {
            Ok(scale) => {
                let report = csat(
                    surveys,
                    Some(tickets),
                    &CsatOptions {
                        group_by: all_keys.clone(),
                        period: options.period,
                        as_of: Some(as_of),
                        scale,
                        satisfied: options.satisfied,
                        invited: None,
                    },
                )?;
                csat_scale = report.scale;
                warnings.extend(report.warnings);
                for row in report.rows {
                    csat_of.insert(row.group, (row.responses, row.csat_pct));
                }
            }
            // Answers that fit several scales: the rest of the figures stand without CSAT.
            Err(Error::BadValue { location, hint, .. }) if location.line.is_none() => {
                warnings.push(Warning {
                    file: surveys.source().to_owned(),
                    count: surveys.len() as u64,
                    lines: Vec::new(),
                    message: format!(
                        "answers whose scale cannot be told, so CSAT is left out: {hint}"
                    ),
                });
            }
            Err(e) => return Err(e),
        }
    }

    let mut sorted: Vec<(RowKey, Counts)> = rows.into_iter().collect();
    sorted.sort_by(|((ga, aa), _), ((gb, ab), _)| {
        values_order(ga, gb).then_with(|| value_order(aa, ab))
    });
    // Group totals for the shares, and the balance.
    let mut rows_out: Vec<WorkloadRow> = Vec::with_capacity(sorted.len());
    let mut balance: Vec<BalanceRow> = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let group = sorted[start].0.0.clone();
        let end = start
            + sorted[start..]
                .iter()
                .take_while(|((g, _), _)| *g == group)
                .count();
        let members = &sorted[start..end];
        let total: u64 = members.iter().map(|(_, c)| c.tickets).sum();
        let named: Vec<(&str, u64)> = members
            .iter()
            .filter_map(|((_, a), c)| a.as_deref().map(|a| (a, c.tickets)))
            .collect();
        let row = balance_row(group.clone(), &named, total, options.margin_pct);
        for ((_, agent), c) in members {
            let mut key = group.clone();
            key.push(agent.clone());
            let (responses, pct) = match csat_of.get(&key) {
                Some(&(r, p)) => (Some(r), p),
                None if csat_scale.is_some() => (Some(0), None),
                None => (None, None),
            };
            let load = agent.as_ref().and_then(|_| {
                let mean = row.mean?;
                let margin = mean * options.margin_pct / 100.0;
                let t = c.tickets as f64;
                Some(if t > mean + margin + EPSILON {
                    Load::Above
                } else if t < mean - margin - EPSILON {
                    Load::Below
                } else {
                    Load::Within
                })
            });
            rows_out.push(WorkloadRow {
                group: group.clone(),
                agent: agent.clone(),
                tickets: c.tickets,
                share_pct: percent(c.tickets, total),
                resolved: c.resolved,
                with_due: c.with_due,
                overdue: c.overdue,
                overdue_pct: percent(c.overdue, c.with_due),
                frt_median: c.frt_median,
                csat_responses: responses,
                csat_pct: pct,
                load,
            });
        }
        balance.push(row);
        start = end;
    }
    Ok(WorkloadReport {
        group_by: keys,
        as_of,
        period,
        basis: options.basis.clone(),
        margin_pct: options.margin_pct,
        csat_scale,
        due_before_created,
        rows: rows_out,
        balance,
        warnings,
    })
}

/// Slack for comparing a count with a margin computed in floating point.
const EPSILON: f64 = 1e-9;

/// With weeks among the keys: every agent of a team/site combination gets a row (of zeros) in
/// every week of the data where it has none.
fn fill_empty_weeks(keys: &[GroupKey], rows: &mut HashMap<RowKey, Counts>) {
    let Some(week) = keys.iter().position(|k| *k == GroupKey::Week) else {
        return;
    };
    let weeks: BTreeSet<String> = rows.keys().filter_map(|(g, _)| g[week].clone()).collect();
    // The other keys' values (the week left out) → the agents seen with them.
    let mut rosters: HashMap<Vec<Option<String>>, BTreeSet<String>> = HashMap::new();
    for (group, agent) in rows.keys() {
        let mut fixed = group.clone();
        fixed.remove(week);
        let roster = rosters.entry(fixed).or_default();
        if let Some(agent) = agent {
            roster.insert(agent.clone());
        }
    }
    for (fixed, roster) in rosters {
        for w in &weeks {
            let mut group = fixed.clone();
            group.insert(week, Some(w.clone()));
            for agent in &roster {
                rows.entry((group.clone(), Some(agent.clone())))
                    .or_default();
            }
        }
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

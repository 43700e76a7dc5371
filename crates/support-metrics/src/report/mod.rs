//! The weekly report: the head of support's Monday figures for one ISO week, each headline figure
//! with the previous week's value, the change and the last weeks' history.
//!
//! [`weekly`] assembles a [`WeeklyReport`] from whatever inputs there are: tickets give the
//! summary, response and peak sections (and the team section's workload); survey answers the
//! satisfaction section; a scorecard the people section; daily plan/fact reports a part of the
//! team section. A section whose input is missing is [`Section::Unavailable`] and says what to
//! provide; the rest of the report is computed as usual. The attention section applies the rules
//! of [`AlertThresholds`] to the figures.
//!
//! The report serialises (serde) to the JSON of `supportctl report weekly --format json`; its
//! shape is versioned by [`SCHEMA_VERSION`].

mod alerts;
mod figure;
mod summary;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Serialize;

use crate::calendar::TimeBasis;
use crate::error::{Error, Result};
use crate::ingest::surveys::Answer;
use crate::ingest::{Daily, Scale, Scorecard, Surveys, Tickets};
use crate::metrics::peak::{self, PeakOptions, PeakSelection};
use crate::metrics::satisfaction::{CsatOptions, NpsOptions, SMALL_SAMPLE};
use crate::metrics::scorecard::{ScorecardOptions, TrendRow, TrendThresholds, Verdict};
use crate::metrics::{
    BalanceRow, BucketRow, DailyOptions, GroupKey, PeakRow, PlanFactRow, ResponseOptions,
    SlaCounts, SlaTargets, SlotFigures, WorkloadOptions, WorkloadRow, csat, daily,
    frt_distribution, nps, response, trends, workload,
};
use crate::period::{IsoWeek, PeriodSpec, date_of_day, day_number, local_day};

pub use alerts::{Alert, AlertRule, AlertThresholds, Severity};
pub use figure::Figure;
pub use summary::Summary;

/// The version of the [`WeeklyReport`] JSON shape. It changes when a field is renamed or
/// removed, or changes meaning; adding a field keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The inputs of a report; every one is optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportInputs<'a> {
    /// The tickets export.
    pub tickets: Option<&'a Tickets>,
    /// Survey answers (CSAT and NPS).
    pub surveys: Option<&'a Surveys>,
    /// The Baramba scorecard.
    pub scorecard: Option<&'a Scorecard>,
    /// Daily plan/fact reports.
    pub daily: Option<&'a Daily>,
}

/// What to build the report with.
#[derive(Debug, Clone)]
pub struct WeeklyOptions {
    /// The week to report; default: the last complete week in the data.
    pub week: Option<IsoWeek>,
    /// "Now" for open tickets, UTC seconds; default: the latest instant in the inputs.
    pub as_of: Option<i64>,
    /// How many weeks of history each figure carries, the report week included (default 8).
    pub history_weeks: usize,
    /// First-response targets.
    pub sla: SlaTargets,
    /// How elapsed time is counted.
    pub basis: TimeBasis,
    /// The CSAT scale, when the answers leave it open.
    pub scale: Option<Scale>,
    /// The lowest satisfied CSAT answer; default: the scale's top boxes.
    pub satisfied: Option<Answer>,
    /// Which hours are the peak.
    pub peak: PeakSelection,
    /// The scorecard's trend thresholds.
    pub scorecard: TrendThresholds,
    /// When the attention rules fire.
    pub alerts: AlertThresholds,
    /// How far from the team's mean, in % of it, an agent's tickets count as above or below it.
    pub margin_pct: f64,
}

impl Default for WeeklyOptions {
    fn default() -> Self {
        WeeklyOptions {
            week: None,
            as_of: None,
            history_weeks: 8,
            sla: SlaTargets::default(),
            basis: TimeBasis::default(),
            scale: None,
            satisfied: None,
            peak: PeakSelection::default(),
            scorecard: TrendThresholds::default(),
            alerts: AlertThresholds::default(),
            margin_pct: crate::metrics::workload::DEFAULT_MARGIN_PCT,
        }
    }
}

/// A section of the report, or why it is not there.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Section<T> {
    /// The section's figures.
    Ready(T),
    /// The section could not be computed; `reason` says what to provide.
    Unavailable {
        /// What is missing and how to provide it.
        reason: String,
    },
}

impl<T> Section<T> {
    /// The figures, when the section is ready.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Section::Ready(t) => Some(t),
            Section::Unavailable { .. } => None,
        }
    }

    fn unavailable(reason: impl Into<String>) -> Self {
        Section::Unavailable {
            reason: reason.into(),
        }
    }
}

/// First response, resolution and SLA for the tickets created in the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseSection {
    /// Tickets created in the week.
    pub tickets: u64,
    /// Of them, answered (with a valid FRT).
    pub responded: u64,
    /// Of them, not answered by `as_of`.
    pub unresponded: u64,
    /// FRT median, seconds.
    pub frt_median: Figure,
    /// FRT 90th percentile, seconds.
    pub frt_p90: Figure,
    /// FRT mean, seconds.
    pub frt_mean: Figure,
    /// Resolution time median, seconds.
    pub resolution_median: Figure,
    /// `met / (met + breached) × 100`.
    pub sla_met_pct: Figure,
    /// The week's SLA counts.
    pub sla: SlaCounts,
    /// The targets the SLA was measured against, as `urgent=1h, high=4h, …`.
    pub sla_targets: String,
    /// The week's FRT distribution over the buckets of DESIGN §4.
    pub buckets: Vec<BucketRow>,
}

/// CSAT of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatFigures {
    /// The scale of the answers (`1-5`, `good-bad`, …).
    pub scale: Option<String>,
    /// `satisfied / answers × 100`.
    pub csat_pct: Figure,
    /// The 95 % Wilson interval's lower end.
    pub ci_low_pct: Option<f64>,
    /// The 95 % Wilson interval's upper end.
    pub ci_high_pct: Option<f64>,
    /// The week's answers.
    pub responses: u64,
    /// Answers per week.
    pub responses_per_week: Figure,
    /// Linked answers / resolved tickets created in the week × 100, when tickets are given.
    pub response_rate_pct: Figure,
    /// Fewer than 30 answers this week.
    pub small_sample: bool,
}

/// NPS of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsFigures {
    /// `(promoters − detractors) / answers × 100`.
    pub nps: Figure,
    /// Its 95 % margin of error, points.
    pub moe: Option<f64>,
    /// The week's answers.
    pub responses: u64,
    /// Promoters' share, %.
    pub promoters_pct: Option<f64>,
    /// Detractors' share, %.
    pub detractors_pct: Option<f64>,
    /// Linked answers / resolved tickets created in the week × 100, when tickets are given.
    pub response_rate_pct: Figure,
    /// Fewer than 30 answers this week.
    pub small_sample: bool,
}

/// CSAT and NPS of the week; either is `None` when the answers have none of its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionSection {
    /// CSAT.
    pub csat: Option<CsatFigures>,
    /// NPS.
    pub nps: Option<NpsFigures>,
}

/// The week's peak hours, the wait at peak and the queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakSection {
    /// The three slots with the most arrivals (ties: the earlier slot).
    pub busiest: Vec<SlotFigures>,
    /// The week's figures, as `supportctl peak --week` gives them: tickets, peak slots and
    /// their share of arrivals, the wait at peak and off peak, the queue, the 168-slot heatmap.
    #[serde(flatten)]
    pub figures: PeakRow,
}

/// The team's week: per-agent workload and balance, and the daily plan/fact reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamSection {
    /// Workload of the tickets created in the week; `None` without tickets.
    pub workload: Option<TeamWorkload>,
    /// Each employee's plan/fact week; `None` without daily reports.
    pub daily: Option<Vec<PlanFactRow>>,
}

/// Per-agent workload of the week and the team's balance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamWorkload {
    /// One row per agent (and one for unassigned tickets), as `supportctl workload` gives them.
    pub agents: Vec<WorkloadRow>,
    /// The balance of tickets over the named agents.
    pub balance: Option<BalanceRow>,
    /// The margin of "above" and "below" the mean, % of it.
    pub margin_pct: f64,
    /// Tickets of the week whose due date is before their creation (kept as given).
    pub due_before_created: u64,
}

/// The scorecard trends of every employee up to the end of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleSection {
    /// One row per employee, as `supportctl scorecard trend` shows them.
    pub rows: Vec<TrendRow>,
    /// The thresholds the trends and verdicts were decided with.
    pub thresholds: TrendThresholds,
}

/// The weekly report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The report week.
    pub week: IsoWeek,
    /// Its Monday.
    pub week_start: NaiveDate,
    /// Its Sunday.
    pub week_end: NaiveDate,
    /// Whether the data runs past the end of the week (false: the week is still going on).
    pub complete: bool,
    /// The weeks of every figure's `series`, oldest first, the report week last.
    pub weeks: Vec<IsoWeek>,
    /// The first and last weeks with data.
    pub data_weeks: (IsoWeek, IsoWeek),
    /// "Now" for open tickets, UTC seconds (RFC 3339 in UTC in JSON).
    #[serde(serialize_with = "utc_instant")]
    pub as_of: i64,
    /// The zone weeks and hours are taken in.
    pub time_zone: String,
    /// How elapsed time is counted.
    pub basis: TimeBasis,
    /// Volume.
    pub summary: Section<Summary>,
    /// Response times and SLA.
    pub response: Section<ResponseSection>,
    /// CSAT and NPS.
    pub satisfaction: Section<SatisfactionSection>,
    /// Peak hours and the wait at peak.
    pub peak: Section<PeakSection>,
    /// Workload, balance and daily plan/fact.
    pub team: Section<TeamSection>,
    /// Scorecard trends.
    pub people: Section<PeopleSection>,
    /// What calls for attention, most important first.
    pub attention: Vec<Alert>,
}

fn utc_instant<S: serde::Serializer>(utc: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    match chrono::DateTime::from_timestamp(*utc, 0) {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        None => s.serialize_i64(*utc),
    }
}

/// When the data happened, in local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// The first day anything arrived (a ticket, an answer, a meeting, a daily report).
    first: i64,
    /// The last day anything arrived.
    last: i64,
    /// The day of "now" (at least `last`).
    now: i64,
}

/// The local days spanned by the inputs, and "now" (UTC seconds).
fn data_span(inputs: &ReportInputs, as_of: Option<i64>) -> Result<Option<(Span, i64)>> {
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut latest: Option<i64> = None;
    let mut seen = |lo: Option<i64>, hi: Option<i64>| {
        first = match (first, lo) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        last = last.max(hi);
    };
    if let Some(t) = inputs.tickets {
        let (lo, hi) = local_range(t.frame(), "created_local")?;
        seen(lo.map(local_day), hi.map(local_day));
        latest = latest.max(t.latest_instant());
    }
    if let Some(s) = inputs.surveys {
        let (lo, hi) = local_range(s.frame(), "submitted_local")?;
        seen(lo.map(local_day), hi.map(local_day));
        latest = latest.max(s.latest_instant());
    }
    if let Some(card) = inputs.scorecard {
        let lo = card.scores().iter().map(|s| s.date).min();
        let hi = card.latest_date();
        seen(lo.map(day_number), hi.map(day_number));
    }
    if let Some(d) = inputs.daily {
        let days = d.reports().iter().map(|r| day_number(r.date));
        seen(days.clone().min(), days.max());
    }
    let tz = zone(inputs);
    let as_of = as_of.or(latest);
    let Some(first) = first else {
        return Ok(None);
    };
    let last = last.unwrap_or(first);
    let (now, as_of) = match as_of {
        Some(a) => {
            let local = crate::ingest::tickets::to_local(tz, a);
            (local_day(local).max(last), a)
        }
        // Dates only (a scorecard, daily reports): "now" is the end of the last day.
        None => (last, summary::day_start_utc(tz, last + 1) - 1),
    };
    Ok(Some((Span { first, last, now }, as_of)))
}

fn local_range(frame: &DataFrame, column: &str) -> Result<(Option<i64>, Option<i64>)> {
    let out = frame
        .clone()
        .lazy()
        .select([col(column).min().alias("lo"), col(column).max().alias("hi")])
        .collect()?;
    Ok((
        out.column("lo")?.i64()?.get(0),
        out.column("hi")?.i64()?.get(0),
    ))
}

/// The zone of the inputs (they are read with the same `--tz`).
fn zone(inputs: &ReportInputs) -> chrono_tz::Tz {
    inputs
        .tickets
        .map(Tickets::tz)
        .or(inputs.surveys.map(Surveys::tz))
        .unwrap_or(chrono_tz::UTC)
}

/// The report week: the one asked for, else the last complete week — the week of the last
/// arrival (the latest ticket, answer, meeting or daily report) when "now" has reached its
/// Sunday, else the week before it; the week of the last arrival itself, marked incomplete, when
/// the data has no earlier week, and marked complete when the inputs carry dates only.
fn choose_week(asked: Option<IsoWeek>, span: Span, dates_only: bool) -> Result<(IsoWeek, bool)> {
    let first = IsoWeek::of_day(span.first);
    let last = IsoWeek::of_day(span.last);
    let upper = IsoWeek::of_day(span.now);
    let over = |w: IsoWeek| dates_only || span.now >= w.monday_day() + 6;
    match asked {
        Some(w) if w < first || w > upper => Err(Error::option(
            "--week",
            w.to_string(),
            format!(
                "is outside the data, which covers {first} to {upper}; pick a week in that range"
            ),
        )),
        Some(w) => Ok((w, over(w))),
        None if over(last) => Ok((last, true)),
        None if last > first => Ok((last.offset(-1), true)),
        None => Ok((last, false)),
    }
}

/// Builds the weekly report.
///
/// # Errors
///
/// [`Error::InvalidOption`] when no input is given or for a week outside the data (the message
/// names the range there is); the errors of the metrics it is built from (a survey scale left
/// open, say).
pub fn weekly(inputs: &ReportInputs, options: &WeeklyOptions) -> Result<WeeklyReport> {
    options.alerts.validate()?;
    let Some((days, as_of)) = data_span(inputs, options.as_of)? else {
        return Err(Error::option(
            "--data",
            "",
            "gives no data: the report needs tickets.csv, surveys.csv or scorecard.csv \
             (or --tickets, --surveys, --scorecard)",
        ));
    };
    // Without instants (a scorecard or daily reports only), the last day's week is the report's.
    let scorecard_only = inputs.tickets.is_none() && inputs.surveys.is_none();
    let (week, complete) = choose_week(options.week, days, scorecard_only)?;
    let history = options.history_weeks.max(2);
    let weeks: Vec<IsoWeek> = (0..history)
        .rev()
        .map(|back| week.offset(-(back as i64)))
        .collect();
    let span = PeriodSpec::Range {
        from: Some(weeks[0].monday()),
        to: Some(week.offset(1).monday()),
    };

    let summary = match inputs.tickets {
        Some(t) => {
            // Counts of weeks before the tickets begin are unknown, not 0.
            let first = local_range(t.frame(), "created_local")?.0.map(local_day);
            let before: Vec<bool> = weeks
                .iter()
                .map(|w| first.is_some_and(|f| *w < IsoWeek::of_day(f)))
                .collect();
            Section::Ready(summary::summary(t, &weeks, as_of, &options.basis)?.before_data(&before))
        }
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let response = match inputs.tickets {
        Some(t) => response_section(t, &weeks, span, as_of, options)?,
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let satisfaction = match inputs.surveys {
        Some(s) => satisfaction_section(s, inputs.tickets, &weeks, span, as_of, options)?,
        None => Section::unavailable(
            "no survey answers: give --surveys FILE (or surveys.csv in --data), or a tickets \
             export that carries the satisfaction rating (Zendesk, Freshdesk, Jira)",
        ),
    };
    let peak = match inputs.tickets {
        Some(t) => peak_section(t, week, as_of, options)?,
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let team = team_section(inputs, week, as_of, options)?;
    let people = match inputs.scorecard {
        Some(card) => people_section(card, week, options)?,
        None => Section::unavailable(
            "no scorecard: give --scorecard FILE (or scorecard.csv in --data); \
             `supportctl scorecard template` writes a sheet to fill in",
        ),
    };
    let mut report = WeeklyReport {
        schema_version: SCHEMA_VERSION,
        week,
        week_start: week.monday(),
        week_end: date_of_day(week.monday_day() + 6),
        complete,
        weeks,
        data_weeks: (IsoWeek::of_day(days.first), IsoWeek::of_day(days.now)),
        as_of,
        time_zone: zone(inputs).name().to_owned(),
        basis: options.basis.clone(),
        summary,
        response,
        satisfaction,
        peak,
        team,
        people,
        attention: Vec::new(),
    };
    report.attention = attention(&report, &options.alerts);
    Ok(report)
}

/// The optional ticket columns the report reads; a loader can skip the others
/// ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)). `satisfaction` is among
/// them: without a survey export, the ratings on ticket rows are the answers.
pub fn needed_columns() -> Vec<&'static str> {
    let mut columns = crate::metrics::needed_columns(&ResponseOptions::default());
    columns.extend(["id", "agent", "team", "due_at", "satisfaction"]);
    columns.sort_unstable();
    columns.dedup();
    columns
}

const NEEDS_TICKETS: &str = "no tickets: give --tickets FILE (or tickets.csv in --data)";

/// The value of `weeks[i]` in rows labelled by week.
fn by_week<R>(
    weeks: &[IsoWeek],
    rows: &[R],
    label: impl Fn(&R) -> Option<&str>,
    value: impl Fn(&R) -> Option<f64>,
) -> Vec<Option<f64>> {
    weeks
        .iter()
        .map(|w| {
            let w = w.to_string();
            rows.iter()
                .find(|r| label(r) == Some(w.as_str()))
                .and_then(&value)
        })
        .collect()
}

fn week_label(group: &[Option<String>]) -> Option<&str> {
    group.first().and_then(|g| g.as_deref())
}

fn response_section(
    tickets: &Tickets,
    weeks: &[IsoWeek],
    span: PeriodSpec,
    as_of: i64,
    options: &WeeklyOptions,
) -> Result<Section<ResponseSection>> {
    let base = ResponseOptions {
        group_by: vec![GroupKey::Week],
        period: span,
        as_of: Some(as_of),
        sla: options.sla.clone(),
        basis: options.basis.clone(),
    };
    let report = response(tickets, &base)?;
    let rows = &report.rows;
    let series = |f: &dyn Fn(&crate::metrics::ResponseRow) -> Option<f64>| {
        Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
    };
    let this = weeks.last().map(ToString::to_string);
    let current = rows
        .iter()
        .find(|r| week_label(&r.group).map(str::to_owned) == this);
    let week = *weeks.last().unwrap_or(&IsoWeek::of_day(0));
    let distribution = frt_distribution(
        tickets,
        &ResponseOptions {
            group_by: Vec::new(),
            period: PeriodSpec::Week(week),
            ..base.clone()
        },
    )?;
    Ok(Section::Ready(ResponseSection {
        tickets: current.map_or(0, |r| r.tickets),
        responded: current.map_or(0, |r| r.responded),
        unresponded: current.map_or(0, |r| r.unresponded),
        frt_median: series(&|r| r.frt.median),
        frt_p90: series(&|r| r.frt.p90),
        frt_mean: series(&|r| r.frt.mean),
        resolution_median: series(&|r| r.resolution.median),
        sla_met_pct: series(&|r| r.sla.met_pct),
        sla: current.map(|r| r.sla).unwrap_or_default(),
        sla_targets: options.sla.to_string(),
        buckets: distribution.rows,
    }))
}

fn satisfaction_section(
    surveys: &Surveys,
    tickets: Option<&Tickets>,
    weeks: &[IsoWeek],
    span: PeriodSpec,
    as_of: i64,
    options: &WeeklyOptions,
) -> Result<Section<SatisfactionSection>> {
    let this = weeks.last().map(ToString::to_string);
    let csat_report = csat(
        surveys,
        tickets,
        &CsatOptions {
            group_by: vec![GroupKey::Week],
            period: span,
            as_of: Some(as_of),
            scale: options.scale,
            satisfied: options.satisfied,
        },
    )?;
    let answered = csat_report.total.responses > 0;
    let csat = csat_report.scale.filter(|_| answered).map(|scale| {
        let rows = &csat_report.rows;
        let current = rows
            .iter()
            .find(|r| week_label(&r.group).map(str::to_owned) == this);
        let series = |f: &dyn Fn(&crate::metrics::CsatRow) -> Option<f64>| {
            Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
        };
        CsatFigures {
            scale: Some(scale.name().to_owned()),
            csat_pct: series(&|r| r.csat_pct),
            ci_low_pct: current.and_then(|r| r.ci_low_pct),
            ci_high_pct: current.and_then(|r| r.ci_high_pct),
            responses: current.map_or(0, |r| r.responses),
            responses_per_week: series(&|r| Some(r.responses as f64)),
            response_rate_pct: series(&|r| r.response_rate_pct),
            small_sample: current.is_none_or(|r| r.responses < SMALL_SAMPLE),
        }
    });
    // Without a kind column every answer would count for both surveys: NPS needs the column.
    let nps = if surveys.has_column("kind") {
        let report = nps(
            surveys,
            tickets,
            &NpsOptions {
                group_by: vec![GroupKey::Week],
                period: span,
                as_of: Some(as_of),
                invited: None,
            },
        )?;
        let rows = &report.rows;
        let current = rows
            .iter()
            .find(|r| week_label(&r.group).map(str::to_owned) == this);
        let series = |f: &dyn Fn(&crate::metrics::NpsRow) -> Option<f64>| {
            Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
        };
        (report.total.responses > 0).then(|| NpsFigures {
            nps: series(&|r| r.nps),
            moe: current.and_then(|r| r.nps_moe),
            responses: current.map_or(0, |r| r.responses),
            promoters_pct: current.and_then(|r| r.promoters_pct),
            detractors_pct: current.and_then(|r| r.detractors_pct),
            response_rate_pct: series(&|r| r.response_rate_pct),
            small_sample: current.is_none_or(|r| r.responses < SMALL_SAMPLE),
        })
    } else {
        None
    };
    Ok(Section::Ready(SatisfactionSection { csat, nps }))
}

fn peak_section(
    tickets: &Tickets,
    week: IsoWeek,
    as_of: i64,
    options: &WeeklyOptions,
) -> Result<Section<PeakSection>> {
    let report = peak::peak(
        tickets,
        &PeakOptions {
            group_by: Vec::new(),
            period: PeriodSpec::Week(week),
            as_of: Some(as_of),
            peak: options.peak,
            basis: options.basis.clone(),
        },
    )?;
    let Some(row) = report.rows.into_iter().next() else {
        return Ok(Section::unavailable(format!(
            "no tickets were created in {week}"
        )));
    };
    let mut busiest: Vec<SlotFigures> = row
        .heatmap
        .iter()
        .filter(|s| s.tickets > 0)
        .copied()
        .collect();
    // Most arrivals first; the sort is stable, so ties keep the earlier slot first.
    busiest.sort_by_key(|s| std::cmp::Reverse(s.tickets));
    busiest.truncate(3);
    Ok(Section::Ready(PeakSection {
        busiest,
        figures: row,
    }))
}

fn team_section(
    inputs: &ReportInputs,
    week: IsoWeek,
    as_of: i64,
    options: &WeeklyOptions,
) -> Result<Section<TeamSection>> {
    if inputs.tickets.is_none() && inputs.daily.is_none() {
        return Ok(Section::unavailable(
            "no tickets and no daily reports: give --tickets FILE for the workload, --daily FILE \
             for the plan/fact reports (or tickets.csv, daily.csv in --data)",
        ));
    }
    let workload = match inputs.tickets {
        Some(t) => {
            let report = workload(
                t,
                inputs.surveys,
                &WorkloadOptions {
                    group_by: Vec::new(),
                    period: PeriodSpec::Week(week),
                    as_of: Some(as_of),
                    margin_pct: options.margin_pct,
                    basis: options.basis.clone(),
                    scale: options.scale,
                    satisfied: options.satisfied,
                },
            )?;
            Some(TeamWorkload {
                agents: report.rows,
                balance: report.balance.into_iter().next(),
                margin_pct: report.margin_pct,
                due_before_created: report.due_before_created,
            })
        }
        None => None,
    };
    let daily = match inputs.daily {
        Some(d) => Some(
            daily(
                d,
                &DailyOptions {
                    period: PeriodSpec::Week(week),
                    as_of: Some(date_of_day(week.monday_day() + 6)),
                },
            )?
            .rows,
        ),
        None => None,
    };
    Ok(Section::Ready(TeamSection { workload, daily }))
}

fn people_section(
    card: &Scorecard,
    week: IsoWeek,
    options: &WeeklyOptions,
) -> Result<Section<PeopleSection>> {
    let sunday = date_of_day(week.monday_day() + 6);
    let rows = trends(
        card,
        &ScorecardOptions {
            period: PeriodSpec::Range {
                from: None,
                to: Some(week.offset(1).monday()),
            },
            as_of: Some(sunday),
            thresholds: options.scorecard,
            ..ScorecardOptions::default()
        },
    )?;
    if rows.is_empty() {
        return Ok(Section::unavailable(format!(
            "the scorecard has no meetings up to the end of {week}"
        )));
    }
    Ok(Section::Ready(PeopleSection {
        rows,
        thresholds: options.scorecard,
    }))
}

/// The alerts the figures call for, ranked.
fn attention(report: &WeeklyReport, t: &AlertThresholds) -> Vec<Alert> {
    let mut out = Vec::new();
    if let Some(r) = report.response.ready() {
        if let Some(v) = r.sla_met_pct.value
            && v < t.sla_target_pct
        {
            out.push(Alert::new(
                AlertRule::SlaBelowTarget,
                None,
                v,
                r.sla_met_pct.previous,
                t.sla_target_pct,
                (t.sla_target_pct - v) / t.sla_target_pct,
            ));
        }
        if let Some(pct) = alerts::rise(r.frt_p90.value, r.frt_p90.previous, t.frt_p90_rise_pct) {
            out.push(Alert::new(
                AlertRule::FrtP90Rise,
                None,
                r.frt_p90.value.unwrap_or_default(),
                r.frt_p90.previous,
                t.frt_p90_rise_pct,
                pct / 100.0,
            ));
        }
    }
    if let Some(s) = report.summary.ready()
        && let Some(pct) = alerts::rise(s.backlog.value, s.backlog.previous, t.backlog_rise_pct)
    {
        out.push(Alert::new(
            AlertRule::BacklogRise,
            None,
            s.backlog.value.unwrap_or_default(),
            s.backlog.previous,
            t.backlog_rise_pct,
            pct / 100.0,
        ));
    }
    if let Some(s) = report.satisfaction.ready() {
        if let Some(c) = &s.csat {
            if c.responses > 0 && c.responses < t.min_answers {
                out.push(Alert::new(
                    AlertRule::CsatFewAnswers,
                    None,
                    c.responses as f64,
                    None,
                    t.min_answers as f64,
                    1.0 - c.responses as f64 / t.min_answers as f64,
                ));
            } else if let Some(v) = c.csat_pct.value
                && v < t.csat_target_pct
            {
                out.push(Alert::new(
                    AlertRule::CsatBelowTarget,
                    None,
                    v,
                    c.csat_pct.previous,
                    t.csat_target_pct,
                    (t.csat_target_pct - v) / t.csat_target_pct.max(1.0),
                ));
            }
        }
        if let Some(n) = &s.nps
            && n.responses > 0
            && n.responses < t.min_answers
        {
            out.push(Alert::new(
                AlertRule::NpsFewAnswers,
                None,
                n.responses as f64,
                None,
                t.min_answers as f64,
                1.0 - n.responses as f64 / t.min_answers as f64,
            ));
        }
    }
    if let Some(TeamSection {
        workload: Some(w), ..
    }) = report.team.ready()
        && let Some(mean) = w.balance.as_ref().and_then(|b| b.mean)
        && mean > 0.0
    {
        let limit = mean * t.overload_ratio;
        for row in &w.agents {
            let (Some(agent), tickets) = (&row.agent, row.tickets as f64) else {
                continue;
            };
            if tickets > limit {
                out.push(
                    Alert::new(
                        AlertRule::AgentOverload,
                        Some(agent.clone()),
                        tickets,
                        None,
                        t.overload_ratio,
                        tickets / limit - 1.0,
                    )
                    .against(mean),
                );
            }
        }
    }
    if let Some(p) = report.people.ready() {
        for row in p.rows.iter().filter(|r| r.verdict == Verdict::Escalate) {
            let slope = row.slope_per_week.unwrap_or_default();
            out.push(Alert::new(
                AlertRule::ScorecardDeclining,
                Some(row.employee.clone()),
                slope,
                None,
                -row.threshold_per_week,
                if row.threshold_per_week > 0.0 {
                    slope.abs() / row.threshold_per_week
                } else {
                    0.0
                },
            ));
        }
    }
    alerts::rank(&mut out);
    out
}

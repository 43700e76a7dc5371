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
mod sections;
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
use crate::metrics::peak::PeakSelection;
use crate::metrics::scorecard::TrendThresholds;
use crate::metrics::{ResponseOptions, SlaTargets};
use crate::period::{IsoWeek, PeriodSpec, date_of_day, day_number, local_day};

pub use alerts::{Alert, AlertRule, AlertThresholds, Severity};
pub use figure::Figure;
pub use sections::{
    CsatFigures, EmployeeWeeks, NpsFigures, PeakSection, PeopleSection, ResponseSection,
    SatisfactionSection, TeamSection, TeamWorkload,
};
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
    /// "Now" for open tickets, UTC seconds; default: the latest ticket created (the latest
    /// answer without tickets).
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
        latest = t.latest_instant();
    }
    if let Some(s) = inputs.surveys {
        let (lo, hi) = local_range(s.frame(), "submitted_local")?;
        seen(lo.map(local_day), hi.map(local_day));
        // "Now" is the latest ticket created; answers alone set it only without tickets.
        latest = latest.or(s.latest_instant());
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
            let now = crate::metrics::Now::new(options.as_of, Some(as_of));
            Section::Ready(summary::summary(t, &weeks, now, &options.basis)?.before_data(&before))
        }
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let response = match inputs.tickets {
        Some(t) => sections::response_section(t, &weeks, span, options)?,
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let satisfaction = match inputs.surveys {
        Some(s) => sections::satisfaction_section(s, inputs.tickets, &weeks, span, options)?,
        None => Section::unavailable(
            "no survey answers: give --surveys FILE (or surveys.csv in --data), or a tickets \
             export that carries the satisfaction rating (Zendesk, Freshdesk, Jira)",
        ),
    };
    let peak = match inputs.tickets {
        Some(t) => sections::peak_section(t, week, options)?,
        None => Section::unavailable(NEEDS_TICKETS),
    };
    let team = sections::team_section(inputs, week, options)?;
    let people = match inputs.scorecard {
        Some(card) => sections::people_section(card, &weeks, options)?,
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
    report.attention = alerts::attention(&report, &options.alerts);
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

//! `supportctl csat`: customer satisfaction from survey answers.

use anyhow::Result;
use support_metrics::ingest::{
    Surveys, Tickets, load_surveys, load_tickets, rating_error_in_the_export, surveys_from_tickets,
    surveys_sent,
};
use support_metrics::metrics::{
    CsatOptions, CsatReport, CsatRow, GroupKey, csat, needed_ticket_columns,
};

use super::common::{AnswerRow, answers_table};
use super::{phase, print_warnings, read_from};
use crate::cli::CsatArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, InputKind, Settings};

/// Runs the command.
pub fn run(args: &CsatArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = CsatOptions {
        group_by: settings::group_by(&args.filter)?,
        period: settings::period(&args.filter.period)?,
        as_of: settings::as_of(&args.filter, &settings.ingest)?,
        scale: settings::scale(args.answers.scale.as_deref(), &settings.config)?,
        satisfied: settings::satisfied(args.answers.satisfied.as_deref(), &settings.config)?,
        invited: args.invited,
    };
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let (surveys, tickets) = load(&mut settings, &options.group_by, Answers::SurveysOrTickets)?;
    // The answers are the tickets' own ratings when no survey export was given.
    let ratings_of = tickets
        .as_ref()
        .filter(|_| settings.optional_input(InputKind::Surveys).is_none());
    // An error about an answer names the export's column and the ticket.
    let told = |e: support_metrics::Error| match ratings_of {
        Some(t) => rating_error_in_the_export(e, t),
        None => e,
    };
    let mut report =
        phase("compute", || csat(&surveys, tickets.as_ref(), &options)).map_err(told)?;
    // Answers read from the tickets' ratings: when the export also says which surveys went out
    // unanswered (Zendesk's `Offered`), the rate is over the surveys sent, not the tickets.
    if let Some(t) = ratings_of.filter(|_| options.invited.is_none())
        && let Some(sent) =
            // A given as-of sees the surveys sent by then; the default counts every one exported.
            surveys_sent(
                t,
                &report.period,
                options.as_of.map_or(i64::MAX, |_| report.as_of),
            )?
            .filter(|n| *n > 0)
    {
        super::print_note(&format!(
            "{}: {sent} surveys sent in the period, by the tickets' satisfaction column (answers and `Offered`); the response rate is over them",
            t.source()
        ));
        let options = CsatOptions {
            invited: Some(sent),
            ..options.clone()
        };
        report = phase("compute", || csat(&surveys, Some(t), &options)).map_err(told)?;
    }
    print_warnings(&report.warnings);
    let mut table = csat_table(&report);
    table.title = Some(title(&report, &surveys));
    table.notes.extend(super::common::whole_period_rate_note(
        &report.group_by,
        report.rate_basis,
        "surveys sent",
        report.total.response_rate_pct,
    ));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

/// Where the answers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answers {
    /// A survey export only.
    Surveys,
    /// A survey export, or else the `satisfaction` column of the tickets (Zendesk, Freshdesk and
    /// Jira exports carry the rating on the ticket row).
    SurveysOrTickets,
}

/// Reads the surveys, and the tickets when there are any, printing their warnings.
pub(super) fn load(
    settings: &mut Settings,
    group_by: &[GroupKey],
    answers: Answers,
) -> Result<(Surveys, Option<Tickets>)> {
    let surveys_input = match (settings.optional_input(InputKind::Surveys), answers) {
        (Some(input), _) => Some(input),
        (None, Answers::SurveysOrTickets) if settings.optional_tickets().is_some() => None,
        (None, _) => Some(settings.input(InputKind::Surveys)?),
    };
    let tickets_input = settings.optional_tickets();
    let surveys = match surveys_input {
        Some(input) => {
            let surveys = read_from(settings, input, load_surveys)?;
            print_warnings(surveys.warnings());
            Some(surveys)
        }
        None => None,
    };
    let tickets = match tickets_input {
        Some(input) => {
            let mut needed = needed_ticket_columns(group_by);
            if surveys.is_none() {
                needed.push("satisfaction");
            }
            settings.ingest.needed = Some(needed);
            let tickets = read_from(settings, input, load_tickets)?;
            super::print_read_as(tickets.source(), tickets.read_as());
            super::print_columns(tickets.source(), tickets.columns());
            print_warnings(tickets.warnings());
            Some(tickets)
        }
        None => None,
    };
    let surveys = match (surveys, &tickets) {
        (Some(surveys), _) => surveys,
        (None, Some(tickets)) => match surveys_from_tickets(tickets, &settings.ingest)? {
            Some(surveys) => {
                super::print_note(&format!(
                    "{}: no survey export given; the answers are the tickets' satisfaction ratings",
                    tickets.source()
                ));
                print_warnings(surveys.warnings());
                surveys
            }
            None => {
                return Err(crate::UsageError(format!(
                    "no surveys given, and {} has no satisfaction ratings: pass --surveys FILE \
                     (or - for stdin), or --data DIR with a surveys.csv",
                    tickets.source()
                ))
                .into());
            }
        },
        (None, None) => {
            return Err(crate::UsageError(
                "no surveys given: pass --surveys FILE (or - for stdin), or --data DIR with a surveys.csv"
                    .to_owned(),
            )
            .into());
        }
    };
    Ok((surveys, tickets))
}

fn title(report: &CsatReport, surveys: &Surveys) -> String {
    let t = &report.total;
    let headline = match (t.csat_pct, t.ci_low_pct, t.ci_high_pct) {
        (Some(pct), Some(low), Some(high)) => {
            format!(", {pct:.1}% satisfied (95% CI {low:.1}–{high:.1}%)")
        }
        _ => String::new(),
    };
    let scale = match (report.scale, report.satisfied_from) {
        (Some(scale), Some(from)) => {
            format!(", scale {scale}, satisfied {}", scale.satisfied_range(from))
        }
        _ => String::new(),
    };
    format!(
        "CSAT — {} answers{headline}{scale}, as of {} ({})",
        t.responses,
        crate::render::local_time(surveys.to_local(report.as_of)),
        surveys.tz(),
    )
}

/// The contract's columns for `csat` (docs/metrics.md), after the group columns, and the interval for people.
const COLUMNS: [Column; 8] = [
    Column::new("csat_responses", "Answers"),
    Column::new("csat_satisfied", "Satisfied"),
    Column::new("csat_pct", "CSAT"),
    Column::detail("csat_ci_low_pct", "CSAT 95% low"),
    Column::detail("csat_ci_high_pct", "CSAT 95% high"),
    Column::new("csat_mean", "Mean score"),
    Column::new("response_rate_pct", "Response rate"),
    Column::human("csat_ci", "95% CI"),
];

fn cells(r: &CsatRow) -> [Cell; 8] {
    [
        Cell::Int(r.responses),
        Cell::Int(r.satisfied),
        Cell::percent(r.csat_pct),
        Cell::percent(r.ci_low_pct),
        Cell::percent(r.ci_high_pct),
        Cell::fixed(r.mean, 2),
        Cell::percent(r.response_rate_pct),
        interval(r.ci_low_pct, r.ci_high_pct),
    ]
}

/// An interval for people: `71.2–88.0%`.
fn interval(low: Option<f64>, high: Option<f64>) -> Cell {
    match (low, high) {
        (Some(low), Some(high)) => Cell::Text(format!("{low:.1}–{high:.1}%")),
        _ => Cell::Null,
    }
}

fn csat_table(report: &CsatReport) -> Table {
    answers_table(
        &report.group_by,
        COLUMNS,
        report.rate_basis,
        report.rows.iter().map(|r| AnswerRow {
            group: &r.group,
            cells: cells(r),
            small_sample: r.small_sample,
        }),
    )
}

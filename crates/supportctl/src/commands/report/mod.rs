//! `supportctl report weekly`: the head of support's Monday report.

mod doc;

use std::io::{IsTerminal, Write};

use anyhow::Result;
use support_metrics::ingest::{
    Surveys, Tickets, load_daily, load_surveys, load_tickets, surveys_from_tickets,
};
use support_metrics::period::IsoWeek;
use support_metrics::report::{AlertThresholds, ReportInputs, WeeklyOptions, WeeklyReport, weekly};

use super::{phase, print_note, print_read_as, print_warnings, read_from};
use crate::cli::{FilterArgs, ReportCommand, ReportFormat, WeeklyArgs};
use crate::config::Config;
use crate::output::Output;
use crate::render::report::{html, markdown, terminal};
use crate::settings::{self, InputKind, Settings};

/// Runs `supportctl report …`.
pub fn run(command: &ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Weekly(args) => run_weekly(args),
    }
}

fn run_weekly(args: &WeeklyArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = WeeklyOptions {
        week: args
            .week
            .as_deref()
            .map(str::parse::<IsoWeek>)
            .transpose()?,
        as_of: settings::as_of(
            &FilterArgs {
                as_of: args.as_of.clone(),
                ..FilterArgs::default()
            },
            &settings.ingest,
        )?,
        history_weeks: args.history as usize,
        sla: settings::sla(args.sla.as_deref(), &settings.config)?,
        scale: settings::scale(args.answers.scale.as_deref(), &settings.config)?,
        satisfied: settings::satisfied(args.answers.satisfied.as_deref(), &settings.config)?,
        peak: super::peak::selection(&args.peak, &settings.config)?,
        scorecard: super::scorecard::trend_thresholds(&settings, None)?,
        alerts: alert_thresholds(&settings.config)?,
        margin_pct: settings
            .config
            .workload
            .as_ref()
            .and_then(|w| w.margin)
            .unwrap_or(support_metrics::metrics::workload::DEFAULT_MARGIN_PCT),
        basis: crate::calendars::time_basis(&args.calendar, &settings)?,
    };
    let mut output = Output::open(args.output.as_deref(), &settings.input_paths())?;

    let tickets = load_report_tickets(&mut settings, options.basis.key_column())?;
    let surveys = load_report_surveys(&mut settings, tickets.as_ref())?;
    let scorecard = match settings.optional_input(InputKind::Scorecard) {
        Some(_) => Some(super::scorecard::read(&settings)?),
        None => None,
    };
    let daily = match settings.optional_input(InputKind::Daily) {
        Some(input) => {
            let daily = read_from(&mut settings, input, load_daily)?;
            print_warnings(daily.warnings());
            Some(daily)
        }
        None => None,
    };
    let inputs = ReportInputs {
        tickets: tickets.as_ref(),
        surveys: surveys.as_ref(),
        scorecard: scorecard.as_ref(),
        daily: daily.as_ref(),
    };
    // With no survey export, the answers are the tickets' ratings: an error about one of them
    // names the export's column and the ticket.
    let ratings_of = tickets
        .as_ref()
        .filter(|_| settings.optional_input(InputKind::Surveys).is_none());
    let report = phase("compute", || weekly(&inputs, &options)).map_err(|e| match ratings_of {
        Some(t) => support_metrics::ingest::rating_error_in_the_export(e, t),
        None => e,
    })?;
    write(&report, args, output.writer())?;
    output.finish()
}

fn write(report: &WeeklyReport, args: &WeeklyArgs, out: &mut dyn Write) -> Result<()> {
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            // Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
            let colour = args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            terminal::write(&doc::doc(report), colour, out)?;
        }
        ReportFormat::Markdown => markdown::write(&doc::doc(report), out)?,
        ReportFormat::Html => html::write(&doc::doc(report), out)?,
    }
    Ok(())
}

/// The tickets, when there are any.
fn load_report_tickets(
    settings: &mut Settings,
    calendar_key: Option<&'static str>,
) -> Result<Option<Tickets>> {
    let Some(input) = settings.optional_tickets() else {
        return Ok(None);
    };
    let mut needed = support_metrics::report::needed_columns();
    // The key of per-site (team, channel) calendars.
    needed.extend(calendar_key);
    settings.ingest.needed = Some(needed);
    let tickets = read_from(settings, input, load_tickets)?;
    print_read_as(tickets.source(), tickets.read_as());
    super::print_columns(tickets.source(), tickets.columns());
    print_warnings(tickets.warnings());
    Ok(Some(tickets))
}

/// The survey answers: the survey export, else the ratings on the ticket rows, else none.
fn load_report_surveys(
    settings: &mut Settings,
    tickets: Option<&Tickets>,
) -> Result<Option<Surveys>> {
    if let Some(input) = settings.optional_input(InputKind::Surveys) {
        let surveys = read_from(settings, input, load_surveys)?;
        print_warnings(surveys.warnings());
        return Ok(Some(surveys));
    }
    let Some(tickets) = tickets else {
        return Ok(None);
    };
    let surveys = surveys_from_tickets(tickets, &settings.ingest)?;
    if let Some(s) = &surveys {
        print_note(&format!(
            "{}: no survey export given; the answers are the tickets' satisfaction ratings",
            tickets.source()
        ));
        print_warnings(s.warnings());
    }
    Ok(surveys)
}

/// `[alerts]` over the defaults.
fn alert_thresholds(config: &Config) -> Result<AlertThresholds> {
    let d = AlertThresholds::default();
    let Some(c) = &config.alerts else {
        return Ok(d);
    };
    let t = AlertThresholds {
        sla_target_pct: c.sla_target_pct.unwrap_or(d.sla_target_pct),
        frt_p90_rise_pct: c.frt_p90_rise_pct.unwrap_or(d.frt_p90_rise_pct),
        backlog_rise_pct: c.backlog_rise_pct.unwrap_or(d.backlog_rise_pct),
        csat_target_pct: c.csat_target_pct.unwrap_or(d.csat_target_pct),
        min_answers: c.min_answers.unwrap_or(d.min_answers),
        overload_ratio: c.overload_ratio.unwrap_or(d.overload_ratio),
    };
    t.validate()
        .map_err(|e| crate::UsageError(format!("supportctl.toml: {e}")))?;
    Ok(t)
}

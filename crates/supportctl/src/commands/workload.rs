//! `supportctl workload`: tickets per agent, overdue, FRT and CSAT, and the team balance.

use anyhow::Result;
use support_metrics::calendar::TimeBasis;
use support_metrics::ingest::{Surveys, Tickets, load_surveys, load_tickets};
use support_metrics::metrics::workload::{DEFAULT_MARGIN_PCT, needed_columns};
use support_metrics::metrics::{GroupKey, WorkloadOptions, WorkloadReport, WorkloadRow, workload};

use super::common::{group_cells, group_columns};
use super::{phase, print_warnings, read_from};
use crate::cli::{Format, WorkloadArgs};
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, InputKind, Settings};

/// Runs the command.
pub fn run(args: &WorkloadArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let margin = args
        .margin
        .or_else(|| settings.config.workload.as_ref().and_then(|w| w.margin))
        .unwrap_or(DEFAULT_MARGIN_PCT);
    let options = WorkloadOptions {
        group_by: settings::group_by(&args.filter)?,
        period: settings::period(&args.filter.period)?,
        as_of: settings::as_of(&args.filter, &settings.ingest)?,
        margin_pct: margin,
        scale: settings::scale(args.answers.scale.as_deref(), &settings.config)?,
        satisfied: settings::satisfied(args.answers.satisfied.as_deref(), &settings.config)?,
        basis: crate::calendars::time_basis(&args.calendar, &settings)?,
    };
    options.validate()?;
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let surveys = match settings.optional_input(InputKind::Surveys) {
        Some(input) => {
            let surveys = read_from(&mut settings, input, load_surveys)?;
            print_warnings(surveys.warnings());
            Some(surveys)
        }
        None => None,
    };
    settings.ingest.needed = Some(needed_columns(&options));
    let tickets = super::read(&mut settings, load_tickets)?;
    super::print_read_as(tickets.source(), tickets.read_as());
    super::print_columns(tickets.source(), tickets.columns());
    print_warnings(tickets.warnings());
    let report = phase("compute", || workload(&tickets, surveys.as_ref(), &options))?;
    print_warnings(&report.warnings);

    let format = args.output.format;
    let human = matches!(format, Format::Table | Format::Markdown);
    if args.balance {
        let mut table = balance_table(&report);
        table.title = Some(title(&report, &tickets, surveys.as_ref()));
        render(&table, format, output.writer())?;
    } else {
        let mut table = agents_table(&report);
        table.title = Some(title(&report, &tickets, surveys.as_ref()));
        render(&table, format, output.writer())?;
        if human && !report.rows.is_empty() {
            // People get the balance under the agents; machines ask for it with --balance.
            writeln_blank(output.writer())?;
            render(&balance_table(&report), format, output.writer())?;
        }
    }
    output.finish()
}

fn writeln_blank(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out)
}

fn title(report: &WorkloadReport, tickets: &Tickets, surveys: Option<&Surveys>) -> String {
    let csat = match (surveys, report.csat_scale) {
        (Some(_), Some(scale)) => format!(", CSAT on {scale}"),
        _ => String::new(),
    };
    format!(
        "Workload — {} tickets, as of {} ({}){csat}",
        report.total_tickets(),
        crate::render::local_time(tickets.to_local(report.as_of)),
        tickets.tz(),
    )
}

/// The contract's columns for `workload` (docs/metrics.md) after the group columns, then the counts
/// behind them.
const AGENT_COLUMNS: [Column; 12] = [
    Column::new("agent", "Agent"),
    Column::new("tickets", "Tickets"),
    Column::new("share_pct", "Share"),
    Column::new("resolved", "Resolved"),
    Column::new("overdue", "Overdue"),
    Column::new("overdue_pct", "Overdue %"),
    Column::new("frt_median_s", "FRT median"),
    Column::new("csat_pct", "CSAT"),
    Column::detail("with_due", "With a due date"),
    Column::detail("csat_responses", "CSAT answers"),
    Column::new("load", "Load"),
    Column::detail("time_basis", "Time"),
];

fn agents_table(report: &WorkloadReport) -> Table {
    let mut table = agent_rows_table(
        &report.group_by,
        &report.rows,
        report.margin_pct,
        report.due_before_created,
        &report.basis,
    );
    table.notes.extend(crate::calendars::notes(&report.basis));
    table
}

/// The per-agent table of `rows` (also the weekly report's).
pub(super) fn agent_rows_table(
    group_by: &[GroupKey],
    rows: &[WorkloadRow],
    margin_pct: f64,
    due_before_created: u64,
    basis: &TimeBasis,
) -> Table {
    let mut columns = group_columns(group_by);
    columns.extend(AGENT_COLUMNS);
    if basis.is_business() {
        super::common::mark_business(&mut columns);
    }
    // A note column only when some tickets have no agent.
    let noted = rows.iter().any(|r| r.agent.is_none());
    if noted {
        columns.push(Column::human("note", "Note"));
    }
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = group_cells(&r.group);
            cells.extend([
                Cell::text(r.agent.as_deref()),
                Cell::Int(r.tickets),
                Cell::percent(r.share_pct),
                Cell::Int(r.resolved),
                Cell::Int(r.overdue),
                Cell::percent(r.overdue_pct),
                Cell::seconds(r.frt_median),
                Cell::percent(r.csat_pct),
                Cell::Int(r.with_due),
                r.csat_responses.map_or(Cell::Null, Cell::Int),
                Cell::text(r.load.map(|l| l.as_str())),
                Cell::Text(basis.name().to_owned()),
            ]);
            if noted {
                let note = if r.agent.is_none() { "no agent" } else { "" };
                cells.push(Cell::Text(note.to_owned()));
            }
            cells
        })
        .collect();
    let mut notes = vec![format!(
        "Load: above or below the group's mean tickets per agent by more than {}%.",
        crate::render::human_number(margin_pct)
    )];
    if due_before_created > 0 {
        notes.push(format!(
            "{due_before_created} tickets have a due date before their creation; it is kept as given."
        ));
    }
    Table {
        columns,
        group_columns: group_by.len() + 1,
        rows,
        notes,
        ..Table::default()
    }
}

/// The contract's summary columns (docs/metrics.md) after the group columns, then the figures behind
/// them.
const BALANCE_COLUMNS: [Column; 12] = [
    Column::new("agents", "Agents"),
    Column::new("balance_cv", "CV"),
    Column::new("max_min_ratio", "Max/min"),
    Column::new("tickets", "Tickets"),
    Column::detail("unassigned", "Unassigned"),
    Column::new("mean_tickets", "Mean per agent"),
    Column::detail("sd_tickets", "SD"),
    Column::detail("min_tickets", "Fewest"),
    Column::detail("max_tickets", "Most"),
    Column::detail("margin_pct", "Margin"),
    Column::new("above", "Above the mean"),
    Column::new("below", "Below the mean"),
];

fn balance_table(report: &WorkloadReport) -> Table {
    let mut columns = group_columns(&report.group_by);
    columns.extend(BALANCE_COLUMNS);
    let rows = report
        .balance
        .iter()
        .map(|b| {
            let mut cells = group_cells(&b.group);
            cells.extend([
                Cell::Int(b.agents),
                Cell::fixed(b.balance_cv, 2),
                Cell::fixed(b.max_min_ratio, 1),
                Cell::Int(b.tickets),
                Cell::Int(b.unassigned),
                Cell::number(b.mean),
                Cell::number(b.sd),
                b.min.map_or(Cell::Null, Cell::Int),
                b.max.map_or(Cell::Null, Cell::Int),
                Cell::Number(report.margin_pct),
                Cell::Text(b.above.join("; ")),
                Cell::Text(b.below.join("; ")),
            ]);
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: report.group_by.len(),
        rows,
        title: Some("Team balance — tickets per agent".to_owned()),
        notes: vec![format!(
            "CV = standard deviation / mean (0 is perfectly even); Max/min = most / fewest \
             tickets; above and below: more than {}% from the mean.",
            crate::render::human_number(report.margin_pct)
        )],
        ..Table::default()
    }
}

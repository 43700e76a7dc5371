//! `supportctl response`: first response and resolution times, SLA, the FRT distribution.

use anyhow::Result;
use support_metrics::ingest::load_tickets;
use support_metrics::metrics::{
    Distribution, Figures, ResponseOptions, ResponseReport, frt_distribution, response,
};

use super::common::{group_cells, group_columns};
use super::{phase, print_warnings};
use crate::cli::ResponseArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, Settings};

/// Runs the command.
pub fn run(args: &ResponseArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = ResponseOptions {
        group_by: settings::group_by(&args.filter)?,
        period: settings::period(&args.filter.period)?,
        as_of: settings::as_of(&args.filter, &settings.ingest)?,
        sla: settings::sla(args.sla.as_deref(), &settings.config)?,
        basis: crate::calendars::time_basis(&args.calendar, &settings)?,
    };
    settings.ingest.needed = Some(support_metrics::metrics::needed_columns(&options));
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let tickets = super::read(&mut settings, load_tickets)?;
    super::print_read_as(tickets.source(), tickets.read_as());
    super::print_columns(tickets.source(), tickets.columns());
    print_warnings(tickets.warnings());

    let mut table = if args.buckets {
        let mut table =
            distribution_table(&phase("compute", || frt_distribution(&tickets, &options))?);
        if options.basis.is_business() {
            table.title = Some(
                "First response time distribution (answered tickets), business time".to_owned(),
            );
        }
        table
    } else {
        let report = phase("compute", || response(&tickets, &options))?;
        for gap in &report.unavailable {
            super::print_warning(&format!("{}: {gap}", tickets.source()));
        }
        let coverage = sla_coverage(&report, &options);
        if let Some((_, Some(warning))) = &coverage {
            super::print_warning(&format!("{}: {warning}", tickets.source()));
        }
        let mut table = response_table(&report);
        table.title = Some(format!(
            "Response times — {} tickets, as of {} ({}), {} time",
            report.total_tickets(),
            crate::render::local_time(tickets.to_local(report.as_of)),
            tickets.tz(),
            report.basis.name(),
        ));
        table.notes.push(format!(
            "SLA targets: {}{}",
            options.sla,
            if report.basis.is_business() {
                " (business time)"
            } else {
                ""
            }
        ));
        if let Some((covered, _)) = coverage {
            table.notes.push(covered);
        }
        table
    };
    table.notes.extend(crate::calendars::notes(&options.basis));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

/// What the SLA figures cover: a note ("SLA targets cover 372 of 5000 tickets") and, when some
/// tickets have no target, a warning naming their priorities and the fix. `None` when the SLA
/// is unavailable or no targets are set.
fn sla_coverage(
    report: &ResponseReport,
    options: &ResponseOptions,
) -> Option<(String, Option<String>)> {
    if !report.has(Figures::Sla) || options.sla.is_empty() {
        return None;
    }
    let (covered, outside) = report.sla_coverage();
    let note = format!(
        "SLA targets cover {covered} of {} tickets",
        report.total_tickets()
    );
    if outside == 0 {
        return Some((note, None));
    }
    let priorities: Vec<String> = report
        .without_target
        .iter()
        .map(|t| match &t.priority {
            Some(p) => format!("{p} ({})", t.tickets),
            None => format!("no priority ({})", t.tickets),
        })
        .collect();
    let warning = format!(
        "{outside} tickets have no SLA target for their priority and are left out of the SLA figures: {}; set their targets with --sla PRIORITY=DURATION (e.g. --sla '*=8h' for every other priority) or under [sla] in supportctl.toml",
        priorities.join(", ")
    );
    Some((
        format!("{note} ({outside} without a target)"),
        Some(warning),
    ))
}

/// The contract's columns for `response` (docs/metrics.md), after the group columns.
const COLUMNS: [Column; 18] = [
    Column::new("tickets", "Tickets"),
    Column::new("responded", "Answered"),
    Column::new("unresponded", "No reply"),
    Column::detail("invalid_order", "Invalid order"),
    Column::detail("frt_mean_s", "FRT mean"),
    Column::new("frt_median_s", "FRT median"),
    Column::new("frt_p90_s", "FRT p90"),
    Column::detail("frt_p95_s", "FRT p95"),
    Column::detail("frt_max_s", "FRT max"),
    Column::new("resolved", "Resolved"),
    Column::detail("res_mean_s", "Resolution mean"),
    Column::new("res_median_s", "Resolution median"),
    Column::new("res_p90_s", "Resolution p90"),
    Column::detail("sla_met", "SLA met"),
    Column::detail("sla_breached", "SLA breached"),
    Column::detail("sla_pending", "SLA pending"),
    Column::new("sla_met_pct", "SLA met %"),
    Column::detail("time_basis", "Time"),
];

fn response_table(report: &ResponseReport) -> Table {
    let mut columns = group_columns(&report.group_by);
    columns.extend(COLUMNS);
    if report.basis.is_business() {
        super::common::mark_business(&mut columns);
    }
    // Figures the input cannot give are empty cells, never zeros.
    let frt = report.has(Figures::FirstResponse);
    let res = report.has(Figures::Resolution);
    let sla = report.has(Figures::Sla);
    let only = |ok: bool, cell: Cell| if ok { cell } else { Cell::Null };
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let mut cells = group_cells(&r.group);
            cells.extend([
                Cell::Int(r.tickets),
                only(frt, Cell::Int(r.responded)),
                only(frt, Cell::Int(r.unresponded)),
                Cell::Int(r.invalid_order),
                only(frt, Cell::seconds(r.frt.mean)),
                only(frt, Cell::seconds(r.frt.median)),
                only(frt, Cell::seconds(r.frt.p90)),
                only(frt, Cell::seconds(r.frt.p95)),
                only(frt, Cell::seconds(r.frt.max)),
                only(res, Cell::Int(r.resolved)),
                only(res, Cell::seconds(r.resolution.mean)),
                only(res, Cell::seconds(r.resolution.median)),
                only(res, Cell::seconds(r.resolution.p90)),
                only(sla, Cell::Int(r.sla.met)),
                only(sla, Cell::Int(r.sla.breached)),
                only(sla, Cell::Int(r.sla.pending)),
                only(sla, Cell::percent(r.sla.met_pct)),
                Cell::Text(report.basis.name().to_owned()),
            ]);
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: report.group_by.len(),
        rows,
        notes: report
            .unavailable
            .iter()
            .map(|u| format!("Unavailable: {u}."))
            .collect(),
        ..Table::default()
    }
}

fn distribution_table(d: &Distribution) -> Table {
    let mut columns = group_columns(&d.group_by);
    columns.extend([
        Column::new("bucket", "FRT bucket"),
        Column::new("tickets", "Answered tickets"),
        Column::new("share_pct", "Share"),
    ]);
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let mut cells = group_cells(&r.group);
            cells.extend([
                Cell::Text(r.bucket.to_owned()),
                Cell::Int(r.tickets),
                Cell::percent(r.share_pct),
            ]);
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: d.group_by.len() + 1,
        rows,
        title: Some("First response time distribution (answered tickets)".to_owned()),
        ..Table::default()
    }
}

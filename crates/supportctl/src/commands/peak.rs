//! `supportctl peak`: arrivals by weekday and hour, the peak hours, the wait at peak, the queue.

use std::io::IsTerminal;

use anyhow::Result;
use support_metrics::ingest::{Tickets, load_tickets};
use support_metrics::metrics::peak::{self as metric, PeakOptions, PeakReport, PeakSelection};
use support_metrics::metrics::{GroupKey, PeakRow};
use support_metrics::period::date_of_day;

use super::common::{group_cells, group_columns};
use super::{phase, print_warnings};
use crate::UsageError;
use crate::cli::{Format, PeakArgs, PeakChoiceArgs};
use crate::config::{Config, PeakConfig};
use crate::output::Output;
use crate::render::heatmap::{self, Grid, Heatmap};
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, Settings};

/// Runs the command.
pub fn run(args: &PeakArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = PeakOptions {
        group_by: settings::group_by(&args.filter)?,
        period: settings::period(&args.filter.period)?,
        as_of: settings::as_of(&args.filter, &settings.ingest)?,
        peak: selection(&args.peak, &settings.config)?,
        basis: crate::calendars::time_basis(&args.calendar, &settings)?,
    };
    options.validate()?;
    settings.ingest.needed = Some(metric::needed_columns(&options));
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let tickets = super::read(&mut settings, load_tickets)?;
    super::print_read_as(tickets.source(), tickets.read_as());
    super::print_columns(tickets.source(), tickets.columns());
    print_warnings(tickets.warnings());
    let report = phase("compute", || metric::peak(&tickets, &options))?;
    if let Some(reason) = &report.unavailable {
        super::print_warning(&format!(
            "{}: peak figures are unavailable: {reason}",
            tickets.source()
        ));
        let mut table = summary_table(&report, &tickets);
        table.title = Some(format!(
            "Peak load — {} tickets, peak figures unavailable",
            tickets.len()
        ));
        table.empty_message = Some(format!("peak figures are unavailable: {reason}"));
        render(&table, args.output.format, output.writer())?;
        return output.finish();
    }

    let format = args.output.format;
    match (args.heatmap, format) {
        (true, Format::Table) => {
            // Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
            let colour = args.output.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            heatmap::write(&grids(&report, &tickets), colour, output.writer())?;
        }
        (true, Format::Markdown) => {
            heatmap::write_markdown(&grids(&report, &tickets), output.writer())?
        }
        (true, _) => render(&heatmap_table(&report), format, output.writer())?,
        (false, _) => render(&summary_table(&report, &tickets), format, output.writer())?,
    }
    output.finish()
}

/// The peak choice: --peak, else --peak-top, else `[peak]` in the config, else the top 10 %.
pub(super) fn selection(args: &PeakChoiceArgs, config: &Config) -> Result<PeakSelection> {
    if let Some(window) = &args.peak {
        return Ok(PeakSelection::Window(window.parse()?));
    }
    if let Some(percent) = args.peak_top {
        return Ok(PeakSelection::top(percent)?);
    }
    let in_config =
        |e: support_metrics::Error| UsageError(format!("[peak] in supportctl.toml: {e}"));
    match &config.peak {
        Some(PeakConfig {
            top: Some(_),
            window: Some(_),
        }) => Err(UsageError(
            "[peak] in supportctl.toml: give either `top` or `window`, not both".to_owned(),
        )
        .into()),
        Some(PeakConfig {
            window: Some(window),
            ..
        }) => Ok(PeakSelection::Window(window.parse().map_err(in_config)?)),
        Some(PeakConfig {
            top: Some(percent), ..
        }) => Ok(PeakSelection::top(*percent).map_err(in_config)?),
        _ => Ok(PeakSelection::default()),
    }
}

/// The contract's summary columns (docs/metrics.md), after the group columns, then the counts behind
/// them.
const SUMMARY: [Column; 16] = [
    Column::detail("peak_slots", "Peak hour slots"),
    Column::new("peak_arrivals_share_pct", "Arrivals at peak"),
    Column::new("peak_frt_mean_s", "Wait at peak (mean)"),
    Column::new("peak_frt_median_s", "Wait at peak (median)"),
    Column::detail("peak_frt_p90_s", "Wait at peak (p90)"),
    Column::new("offpeak_frt_mean_s", "Wait off peak (mean)"),
    Column::new("offpeak_frt_median_s", "Wait off peak (median)"),
    Column::detail("offpeak_frt_p90_s", "Wait off peak (p90)"),
    Column::new("queue_max", "Deepest queue"),
    Column::new("queue_max_at", "Deepest queue at"),
    Column::new("queue_mean_peak", "Queue at peak (mean)"),
    Column::detail("tickets", "Tickets"),
    Column::detail("peak_tickets", "Tickets at peak"),
    Column::detail("peak_responded", "Answered at peak"),
    Column::detail("offpeak_responded", "Answered off peak"),
    Column::detail("time_basis", "Time"),
];

/// The contract's heatmap columns, after the group columns, then the count behind them and the
/// time the durations are in.
const HEATMAP: [Column; 8] = [
    Column::new("weekday", "Weekday"),
    Column::new("hour", "Hour"),
    Column::new("arrivals_per_week", "Arrivals per week"),
    Column::new("frt_mean_s", "FRT mean"),
    Column::new("frt_median_s", "FRT median"),
    Column::new("is_peak", "Peak"),
    Column::detail("tickets", "Tickets"),
    Column::detail("time_basis", "Time"),
];

/// `team L1, site Tomsk` for notes and headings; an empty value is `(none)`.
fn group_name(keys: &[GroupKey], row: &PeakRow) -> String {
    keys.iter()
        .zip(&row.group)
        .map(|(k, v)| format!("{} {}", k.name(), v.as_deref().unwrap_or("(none)")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2024-01-01 to 2024-03-24 (84 days)`.
fn days(report: &PeakReport) -> String {
    match (report.days.from_day, report.days.to_day) {
        (Some(from), Some(to)) => format!(
            "{} to {} ({} days)",
            date_of_day(from),
            date_of_day(to - 1),
            to - from
        ),
        _ => "no days of the period in the data".to_owned(),
    }
}

fn summary_table(report: &PeakReport, tickets: &Tickets) -> Table {
    let mut columns = group_columns(&report.group_by);
    columns.extend(SUMMARY);
    if report.basis.is_business() {
        super::common::mark_business(&mut columns);
    }
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let mut cells = group_cells(&r.group);
            let max_at = r.queue.max_at.map_or(Cell::Null, |utc| {
                let local = tickets.to_local(utc);
                Cell::Time {
                    local,
                    offset: (local - utc) as i32,
                }
            });
            cells.extend([
                Cell::Int(r.peak_slots.len() as u64),
                Cell::percent(r.peak_arrivals_share_pct),
                Cell::seconds(r.peak.mean),
                Cell::seconds(r.peak.median),
                Cell::seconds(r.peak.p90),
                Cell::seconds(r.offpeak.mean),
                Cell::seconds(r.offpeak.median),
                Cell::seconds(r.offpeak.p90),
                Cell::Int(r.queue.max),
                max_at,
                Cell::number(r.queue.mean_peak),
                Cell::Int(r.tickets),
                Cell::Int(r.peak.tickets),
                Cell::Int(r.peak.responded),
                Cell::Int(r.offpeak.responded),
                Cell::Text(report.basis.name().to_owned()),
            ]);
            cells
        })
        .collect();
    let mut notes = Vec::new();
    if !report.rows.is_empty() {
        notes.push(format!("Peak: {}.", choice(report.selection)));
        // A fixed window is the same for every group: the line above names it.
        let chosen = matches!(report.selection, PeakSelection::Top(_));
        for row in report.rows.iter().filter(|_| chosen) {
            let whose = if report.group_by.is_empty() {
                String::new()
            } else {
                format!(" of {}", group_name(&report.group_by, row))
            };
            notes.push(format!("Peak hours{whose}: {}", row.peak_slots));
        }
        notes.push(
            "Queue: tickets waiting for a first reply (a ticket closed unanswered leaves it when \
             closed, one still open waits until the as-of time); its mean is over the peak hours."
                .to_owned(),
        );
    }
    notes.extend(crate::calendars::notes(&report.basis));
    Table {
        columns,
        group_columns: report.group_by.len(),
        rows,
        title: Some(format!(
            "Peak load — {} tickets, {}, as of {} ({}), {} time",
            report.total_tickets(),
            days(report),
            crate::render::local_time(tickets.to_local(report.as_of)),
            tickets.tz(),
            report.basis.name(),
        )),
        notes,
        ..Table::default()
    }
}

fn choice(selection: PeakSelection) -> String {
    match selection {
        PeakSelection::Top(_) => format!("{selection} by arrivals per week"),
        PeakSelection::Window(w) => format!("the hours given, {w} ({} slots)", w.len()),
    }
}

fn heatmap_table(report: &PeakReport) -> Table {
    let mut columns = group_columns(&report.group_by);
    columns.extend(HEATMAP);
    if report.basis.is_business() {
        super::common::mark_business(&mut columns);
    }
    let mut rows = Vec::new();
    for row in &report.rows {
        for cell in &row.heatmap {
            let mut cells = group_cells(&row.group);
            cells.extend([
                Cell::Text(metric::WEEKDAYS[cell.weekday as usize].to_owned()),
                Cell::Int(u64::from(cell.hour)),
                Cell::number(cell.arrivals_per_week),
                Cell::seconds(cell.frt_mean),
                Cell::seconds(cell.frt_median),
                Cell::Bool(cell.is_peak),
                Cell::Int(cell.tickets),
                Cell::Text(report.basis.name().to_owned()),
            ]);
            rows.push(cells);
        }
    }
    Table {
        columns,
        group_columns: report.group_by.len() + 2,
        rows,
        ..Table::default()
    }
}

fn grids(report: &PeakReport, tickets: &Tickets) -> Heatmap {
    let grouped = !report.group_by.is_empty();
    let grids = report
        .rows
        .iter()
        .map(|row| Grid {
            heading: grouped.then(|| {
                format!(
                    "{} — {} tickets, peak {}",
                    group_name(&report.group_by, row),
                    row.tickets,
                    row.peak_slots
                )
            }),
            values: row.heatmap.iter().map(|c| c.arrivals_per_week).collect(),
            peak: row.heatmap.iter().map(|c| c.is_peak).collect(),
        })
        .collect();
    let mut notes = Vec::new();
    if let [row] = report.rows.as_slice()
        && !grouped
    {
        notes.push(format!(
            "* Peak: {} — {}",
            choice(report.selection),
            row.peak_slots
        ));
    } else if !report.rows.is_empty() {
        notes.push(format!("* Peak: {}.", choice(report.selection)));
    }
    Heatmap {
        title: Some(format!(
            "Arrivals per week by weekday and hour ({}) — {} tickets, {}",
            tickets.tz(),
            report.total_tickets(),
            days(report)
        )),
        grids,
        notes,
    }
}

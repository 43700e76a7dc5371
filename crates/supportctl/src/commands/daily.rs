//! `supportctl daily`: the daily plan/fact reports per employee and week.

use anyhow::Result;
use support_metrics::ingest::load_daily;
use support_metrics::metrics::{DailyOptions, PlanFactReport, PlanFactRow, daily};

use super::{phase, print_warnings, read_from};
use crate::cli::DailyArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, InputKind, Settings};

/// Runs the command.
pub fn run(args: &DailyArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = DailyOptions {
        period: settings::period(&args.period)?,
        as_of: None,
    };
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let input = settings.input(InputKind::Daily)?;
    let reports = read_from(&mut settings, input, load_daily)?;
    print_warnings(reports.warnings());
    let report = phase("compute", || daily(&reports, &options))?;
    let mut table = daily_table(&report);
    table.title = Some(title(&report));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

fn title(report: &PlanFactReport) -> String {
    let weeks = (
        report.rows.iter().map(|r| r.week).min(),
        report.rows.iter().map(|r| r.week).max(),
    );
    let span = match weeks {
        (Some(a), Some(b)) if a == b => format!(", {a}"),
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let days: u64 = report.rows.iter().map(|r| r.days_reported).sum();
    format!("Daily plan/fact — {days} reports{span}")
}

/// The `daily` columns: employee and week first, then the figures.
const COLUMNS: [Column; 16] = [
    Column::new("employee", "Employee"),
    Column::new("week", "Week"),
    Column::new("days_reported", "Reports"),
    Column::new("done_pct", "Done"),
    Column::new("partial_pct", "Partial"),
    Column::new("not_done_pct", "Not done"),
    Column::new("late_days", "Late days"),
    Column::new("late_minutes", "Late minutes"),
    Column::new("absent_vacation", "Vacation"),
    Column::new("absent_day_off", "Day off"),
    Column::new("absent_sick", "Sick"),
    Column::detail("worked_days", "Days worked"),
    Column::detail("done", "Done days"),
    Column::detail("partial", "Partial days"),
    Column::detail("not_done", "Not done days"),
    Column::detail("absent_days", "Days absent"),
];

fn daily_table(report: &PlanFactReport) -> Table {
    plan_fact_table(&report.rows)
}

/// The plan/fact table of `rows` (also the weekly report's).
pub(super) fn plan_fact_table(rows: &[PlanFactRow]) -> Table {
    // A note column only when some week was all absence.
    let noted = rows.iter().any(|r| r.worked_days == 0);
    let mut columns = COLUMNS.to_vec();
    if noted {
        columns.push(Column::human("note", "Note"));
    }
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::Text(r.employee.clone()),
                Cell::Text(r.week.to_string()),
                Cell::Int(r.days_reported),
                Cell::percent(r.done_pct),
                Cell::percent(r.partial_pct),
                Cell::percent(r.not_done_pct),
                Cell::Int(r.late_days),
                Cell::Number(r.late_minutes),
                Cell::Int(r.absent_vacation),
                Cell::Int(r.absent_day_off),
                Cell::Int(r.absent_sick),
                Cell::Int(r.worked_days),
                Cell::Int(r.done),
                Cell::Int(r.partial),
                Cell::Int(r.not_done),
                Cell::Int(r.absent_days),
            ];
            if noted {
                let away = if r.worked_days == 0 { "away" } else { "" };
                cells.push(Cell::Text(away.to_owned()));
            }
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: 2,
        rows,
        empty_message: Some("no daily reports in the period".to_owned()),
        notes: vec![
            "Done, partial and not done are shares of the days worked (absent days left out)."
                .to_owned(),
        ],
        ..Table::default()
    }
}

//! `supportctl nps`: Net Promoter Score from survey answers.

use anyhow::Result;
use support_metrics::ingest::Surveys;
use support_metrics::metrics::{NpsOptions, NpsReport, NpsRow, nps};

use super::common::{AnswerRow, answers_table};
use super::csat::{Answers, load};
use super::phase;
use super::print_warnings;
use crate::cli::NpsArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, Settings};

/// Runs the command.
pub fn run(args: &NpsArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let options = NpsOptions {
        group_by: settings::group_by(&args.filter)?,
        period: settings::period(&args.filter.period)?,
        as_of: settings::as_of(&args.filter, &settings.ingest)?,
        invited: args.invited,
    };
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let (surveys, tickets) = load(&mut settings, &options.group_by, Answers::Surveys)?;
    let report = phase("compute", || nps(&surveys, tickets.as_ref(), &options))?;
    print_warnings(&report.warnings);
    let mut table = nps_table(&report);
    table.title = Some(title(&report, &surveys));
    table.notes.extend(super::common::whole_period_rate_note(
        &report.group_by,
        report.rate_basis,
        "invitations",
        report.total.response_rate_pct,
    ));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

fn title(report: &NpsReport, surveys: &Surveys) -> String {
    let t = &report.total;
    let headline = match (t.nps, t.nps_moe) {
        (Some(nps), Some(moe)) => format!(", NPS {nps:.1} ± {moe:.1} (95%)"),
        _ => String::new(),
    };
    format!(
        "NPS — {} answers{headline}, as of {} ({})",
        t.responses,
        crate::render::local_time(surveys.to_local(report.as_of)),
        surveys.tz(),
    )
}

/// The contract's columns for `nps` (docs/metrics.md), after the group columns; the response rate the
/// issue adds; a note for people.
const COLUMNS: [Column; 10] = [
    Column::new("nps_responses", "Answers"),
    Column::detail("promoters", "Promoters"),
    Column::detail("passives", "Passives"),
    Column::detail("detractors", "Detractors"),
    Column::new("promoters_pct", "Promoters"),
    Column::human("passives_pct", "Passives"),
    Column::new("detractors_pct", "Detractors"),
    Column::new("nps", "NPS"),
    Column::new("nps_moe", "± (95%)"),
    Column::new("response_rate_pct", "Response rate"),
];

fn cells(r: &NpsRow) -> [Cell; 10] {
    [
        Cell::Int(r.responses),
        Cell::Int(r.promoters),
        Cell::Int(r.passives),
        Cell::Int(r.detractors),
        Cell::percent(r.promoters_pct),
        Cell::percent(r.passives_pct),
        Cell::percent(r.detractors_pct),
        Cell::fixed(r.nps, 1),
        Cell::fixed(r.nps_moe, 1),
        Cell::percent(r.response_rate_pct),
    ]
}

fn nps_table(report: &NpsReport) -> Table {
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

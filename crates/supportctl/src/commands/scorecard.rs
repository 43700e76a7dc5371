//! `supportctl scorecard`: the Baramba scorecard — weekly scores, trends and verdicts, one
//! employee's breakdown by criterion, and the sheet for the next meeting.

use anyhow::Result;
use support_metrics::ingest::{Criteria, Criterion, Scorecard, load_criteria, load_scorecard};
use support_metrics::metrics::{
    Breakdown, ScorecardOptions, Template, Trend, TrendRow, TrendThresholds, Verdict, WeeklyScore,
    breakdown, template, trends, weekly_scores,
};
use support_metrics::period::parse_date;

use super::{phase, print_warnings};
use crate::UsageError;
use crate::cli::{
    Format, PeriodArgs, ScorecardArgs, ScorecardCommand, ScorecardShowArgs, ScorecardTemplateArgs,
    ScorecardTrendArgs, ScorecardWeeklyArgs, ThresholdArgs,
};
use crate::config::{Config, CriterionConfig};
use crate::output::Output;
use crate::render::sparkline::sparkline_auto;
use crate::render::{Cell, Column, Table, render};
use crate::settings::{self, InputKind, Settings};

/// Runs the subcommand.
pub fn run(args: &ScorecardArgs) -> Result<()> {
    match &args.command {
        ScorecardCommand::Weekly(a) => weekly(a),
        ScorecardCommand::Trend(a) => trend(a),
        ScorecardCommand::Show(a) => show(a),
        ScorecardCommand::Template(a) => sheet(a),
    }
}

fn weekly(args: &ScorecardWeeklyArgs) -> Result<()> {
    let settings = Settings::new(&args.input)?;
    let options = options(
        &settings,
        &args.filter.period,
        &args.filter.employee,
        None,
        None,
    )?;
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let card = read(&settings)?;
    let rows = phase("compute", || weekly_scores(&card, &options))?;
    let mut table = weekly_table(&rows);
    table.title = Some(format!(
        "Scorecard — weekly scores{}",
        span(
            rows.first().map(|r| r.week),
            rows.iter().map(|r| r.week).max()
        )
    ));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

fn trend(args: &ScorecardTrendArgs) -> Result<()> {
    let settings = Settings::new(&args.input)?;
    let options = options(
        &settings,
        &args.filter.period,
        &args.filter.employee,
        Some(&args.thresholds),
        None,
    )?;
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let card = read(&settings)?;
    let rows = phase("compute", || trends(&card, &options))?;
    let human = matches!(args.output.format, Format::Table | Format::Markdown);
    let mut table = trend_table(&rows, &options.thresholds, human);
    table.title = Some(format!(
        "Scorecard — trend per employee{}",
        span(
            rows.iter().map(|r| r.first_week).min(),
            rows.iter().map(|r| r.last_week).max()
        )
    ));
    if let Some(max) = rows.first().map(|r| r.max_possible)
        && rows.iter().all(|r| r.max_possible == max)
    {
        table
            .notes
            .push(format!("Scores are points out of {}.", number(max)));
    }
    table.notes.push(thresholds_note(&options.thresholds));
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

fn show(args: &ScorecardShowArgs) -> Result<()> {
    let settings = Settings::new(&args.input)?;
    let options = options(
        &settings,
        &args.period,
        &[],
        Some(&args.thresholds),
        args.loss_weeks,
    )?;
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let card = read(&settings)?;
    let report = phase("compute", || breakdown(&card, &args.employee, &options))?;
    let mut table = breakdown_table(&report);
    table.title = Some(format!(
        "Scorecard — {} by criterion{}; the biggest loss over the last {} scored weeks first",
        report.employee,
        span(report.weeks.first().copied(), report.weeks.last().copied()),
        report.loss_weeks
    ));
    let trend_options = ScorecardOptions {
        employees: vec![report.employee.clone()],
        ..options.clone()
    };
    if let Some(row) = trends(&card, &trend_options)?.first() {
        let slope = row
            .slope_per_week
            .map(|s| format!(", {} a week", number(s)))
            .unwrap_or_default();
        table.notes.push(format!(
            "Weekly score {} → {} of {} ({} scored weeks{slope}): {}",
            number(row.first_score),
            number(row.last_score),
            number(row.max_possible),
            row.weeks,
            verdict_words(row, &options.thresholds)
        ));
    }
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

fn sheet(args: &ScorecardTemplateArgs) -> Result<()> {
    let settings = Settings::new(&args.input)?;
    let options = options(
        &settings,
        &args.filter.period,
        &args.filter.employee,
        None,
        None,
    )?;
    let date = args
        .date
        .as_deref()
        .map(|d| parse_date(d, "--date"))
        .transpose()?;
    let mut output = Output::open(args.output.as_deref(), &settings.input_paths())?;
    let card = match settings.optional_input(InputKind::Scorecard) {
        Some(_) => read(&settings)?,
        None => {
            let criteria = criteria(&settings)?.ok_or_else(|| {
                UsageError(
                    "a template needs criteria: pass --scorecard FILE, --criteria FILE, --data \
                     DIR with either, or list them under [scorecard.criteria] in supportctl.toml"
                        .to_owned(),
                )
            })?;
            if args.filter.employee.is_empty() {
                return Err(UsageError(
                    "without a scorecard, name the employees of the sheet with --employee NAME \
                     (repeatable)"
                        .to_owned(),
                )
                .into());
            }
            Scorecard::empty(criteria.source(), Some(&criteria))
        }
    };
    let sheet = phase("compute", || template(&card, &options, args.with_last))?;
    let table = template_table(&sheet, date.map(|d| d.to_string()));
    render(&table, args.format, output.writer())?;
    output.finish()
}

/// The criteria list: the criteria file (--criteria or criteria.csv in --data), else
/// `[scorecard.criteria]` in the configuration, else none.
fn criteria(settings: &Settings) -> Result<Option<Criteria>> {
    if let Some(input) = settings.optional_input(InputKind::Criteria) {
        return Ok(Some(phase("read criteria", || {
            load_criteria(input, &settings.ingest)
        })?));
    }
    let Some(table) = settings.config.scorecard.as_ref().map(|s| &s.criteria) else {
        return Ok(None);
    };
    if table.is_empty() {
        return Ok(None);
    }
    let list = table
        .iter()
        .map(|(name, c)| match c {
            CriterionConfig::Max(max) => Criterion {
                name: name.clone(),
                max_points: *max,
                description: None,
            },
            CriterionConfig::Full(t) => Criterion {
                name: name.clone(),
                max_points: t.max_points,
                description: t.description.clone(),
            },
        })
        .collect();
    Ok(Some(Criteria::new(
        "[scorecard.criteria] in supportctl.toml",
        list,
    )?))
}

/// Reads the scorecard (with its criteria) and reports its warnings.
pub(super) fn read(settings: &Settings) -> Result<Scorecard> {
    let criteria = criteria(settings)?;
    let input = settings.input(InputKind::Scorecard)?;
    let card = phase("read", || {
        load_scorecard(input, &settings.ingest, criteria.as_ref())
    })?;
    print_warnings(card.warnings());
    Ok(card)
}

/// The library's options from the flags, then the configuration, then the defaults.
fn options(
    settings: &Settings,
    period: &PeriodArgs,
    employees: &[String],
    thresholds: Option<&ThresholdArgs>,
    loss_weeks: Option<usize>,
) -> Result<ScorecardOptions> {
    let period = settings::period(period)?;
    let config = scorecard_config(&settings.config);
    let thresholds = trend_thresholds(settings, thresholds)?;
    let loss_weeks = loss_weeks.or(config.loss_weeks).unwrap_or(4);
    if loss_weeks == 0 {
        return Err(UsageError("--loss-weeks must be at least 1".to_owned()).into());
    }
    Ok(ScorecardOptions {
        period,
        as_of: None,
        employees: employees.to_vec(),
        thresholds,
        loss_weeks,
    })
}

/// The trend thresholds from the flags, then `[scorecard]` in the configuration, then the
/// defaults.
pub(super) fn trend_thresholds(
    settings: &Settings,
    thresholds: Option<&ThresholdArgs>,
) -> Result<TrendThresholds> {
    let config = scorecard_config(&settings.config);
    let defaults = TrendThresholds::default();
    let flags = thresholds.cloned().unwrap_or_default();
    let thresholds = TrendThresholds {
        slope_pct: flags
            .slope_threshold
            .or(config.slope_threshold)
            .unwrap_or(defaults.slope_pct),
        target_pct: flags
            .target
            .or(config.target)
            .unwrap_or(defaults.target_pct),
        min_weeks: flags
            .min_weeks
            .or(config.min_weeks)
            .unwrap_or(defaults.min_weeks),
    };
    thresholds.validate()?;
    Ok(thresholds)
}

/// The `[scorecard]` settings that are not criteria.
struct ConfigThresholds {
    slope_threshold: Option<f64>,
    target: Option<f64>,
    min_weeks: Option<usize>,
    loss_weeks: Option<usize>,
}

fn scorecard_config(config: &Config) -> ConfigThresholds {
    let s = config.scorecard.as_ref();
    ConfigThresholds {
        slope_threshold: s.and_then(|s| s.slope_threshold),
        target: s.and_then(|s| s.target),
        min_weeks: s.and_then(|s| s.min_weeks),
        loss_weeks: s.and_then(|s| s.loss_weeks),
    }
}

/// `, 2024-W01 to 2024-W12` (or nothing without weeks).
fn span(first: Option<impl std::fmt::Display>, last: Option<impl std::fmt::Display>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => {
            let (first, last) = (first.to_string(), last.to_string());
            if first == last {
                format!(", {first}")
            } else {
                format!(", {first} to {last}")
            }
        }
        _ => String::new(),
    }
}

fn number(v: f64) -> String {
    crate::render::human_number(v)
}

const WEEKLY_COLUMNS: [Column; 6] = [
    Column::new("employee", "Employee"),
    Column::new("week", "Week"),
    Column::new("meetings", "Meetings"),
    Column::new("score", "Score"),
    Column::new("max_possible", "Max"),
    Column::new("score_pct", "Score %"),
];

fn weekly_table(rows: &[WeeklyScore]) -> Table {
    Table {
        columns: WEEKLY_COLUMNS.to_vec(),
        group_columns: 2,
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.employee.clone()),
                    Cell::Text(r.week.to_string()),
                    Cell::Int(r.meetings),
                    Cell::Number(r.score),
                    Cell::Number(r.max_possible),
                    Cell::Percent(r.score_pct),
                ]
            })
            .collect(),
        empty_message: Some("no scorecard meetings in the period".to_owned()),
        ..Table::default()
    }
}

/// The contract's columns for `scorecard trend` (docs/metrics.md).
const TREND_COLUMNS: [Column; 11] = [
    Column::new("employee", "Employee"),
    Column::new("weeks", "Weeks"),
    Column::new("first_score", "First"),
    Column::new("last_score", "Last"),
    Column::detail("min_score", "Min"),
    Column::detail("max_score", "Max"),
    Column::new("max_possible", "Max pts"),
    Column::new("slope_per_week", "Slope/wk"),
    Column::new("mk_p_value", "p (MK)"),
    Column::new("trend", "Trend"),
    Column::new("verdict", "Verdict"),
];

/// The trend table; for people (`human`) with a sparkline of the weekly scores and the verdict
/// in words.
pub(super) fn trend_table(rows: &[TrendRow], thresholds: &TrendThresholds, human: bool) -> Table {
    let mut columns = TREND_COLUMNS.to_vec();
    if human {
        // The maximum is in the note; the room goes to the sparkline and the verdict in words.
        columns[6] = Column::detail("max_possible", "Max pts");
        columns.insert(10, Column::new("scores", "Scores"));
    }
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::Text(r.employee.clone()),
                Cell::Int(r.weeks),
                Cell::Number(r.first_score),
                Cell::Number(r.last_score),
                Cell::Number(r.min_score),
                Cell::Number(r.max_score),
                Cell::Number(r.max_possible),
                Cell::number(r.slope_per_week),
                r.mk_p_value.map_or(Cell::Null, Cell::PValue),
                Cell::Text(r.trend.as_str().to_owned()),
            ];
            if human {
                // Scores on their own range, at least a fifth of the maximum tall.
                cells.push(Cell::Text(sparkline_auto(
                    &r.series,
                    r.max_possible / 5.0,
                    0.0,
                    r.max_possible,
                )));
                cells.push(Cell::Text(verdict_words(r, thresholds)));
            } else {
                cells.push(Cell::Text(r.verdict.as_str().to_owned()));
            }
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: 1,
        rows,
        empty_message: Some("no scorecard meetings in the period".to_owned()),
        ..Table::default()
    }
}

/// The verdict in plain words (the note under the table says what each means).
fn verdict_words(row: &TrendRow, thresholds: &TrendThresholds) -> String {
    match (row.verdict, row.trend) {
        (Verdict::Escalate, _) => "escalate: falling".to_owned(),
        (Verdict::EndMonitoring, _) => "end monitoring: at target".to_owned(),
        (Verdict::Continue, Trend::Improving) => "continue: below target".to_owned(),
        (Verdict::Continue, _) => "continue: steady".to_owned(),
        (Verdict::Insufficient, _) => {
            format!("too early: {} of {} weeks", row.weeks, thresholds.min_weeks)
        }
    }
}

fn thresholds_note(t: &TrendThresholds) -> String {
    format!(
        "Slope: Theil–Sen, points per week; improving or declining from ±{}% of the maximum per \
         week, with at least {} scored weeks; p: Mann–Kendall, two-sided. Escalate: the falling \
         trend calls for a decision. End monitoring: improving, the last two weeks at {}% of the \
         maximum or more.",
        number(t.slope_pct),
        t.min_weeks,
        number(t.target_pct)
    )
}

/// One row per criterion: its maximum, the average points lost, then one column per week.
fn breakdown_table(b: &Breakdown) -> Table {
    let mut columns = vec![
        Column::new("criterion", "Criterion"),
        Column::new("max_points", "Max"),
        Column::new("avg_points_lost", "Lost/week"),
        Column::new("lost_pct", "Lost %"),
    ];
    columns.extend(b.weeks.iter().map(|w| {
        let label = w.to_string();
        let short = label
            .split_once('-')
            .map_or(label.clone(), |(_, week)| week.to_owned());
        Column::owned(label, short)
    }));
    let rows = b
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::Text(r.criterion.clone()),
                Cell::Number(r.max_points),
                Cell::number(r.avg_points_lost),
                Cell::percent(r.lost_pct),
            ];
            cells.extend(r.points.iter().map(|p| Cell::number(*p)));
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: 1,
        rows,
        empty_message: Some("no scorecard meetings of this employee in the period".to_owned()),
        ..Table::default()
    }
}

/// The wide-form sheet: employee, date, one column per criterion, note.
fn template_table(t: &Template, date: Option<String>) -> Table {
    let mut columns = vec![
        Column::new("employee", "employee"),
        Column::new("date", "date"),
    ];
    columns.extend(
        t.criteria
            .iter()
            .map(|c| Column::owned(c.name.clone(), c.name.clone())),
    );
    columns.push(Column::new("note", "note"));
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::Text(r.employee.clone()), Cell::text(date.as_deref())];
            cells.extend(r.points.iter().map(|p| Cell::number(*p)));
            cells.push(Cell::text(
                r.last_week
                    .map(|w| format!("points of {w} for reference"))
                    .as_deref(),
            ));
            cells
        })
        .collect();
    Table {
        columns,
        group_columns: 1,
        rows,
        empty_message: Some("no employees for the sheet".to_owned()),
        ..Table::default()
    }
}

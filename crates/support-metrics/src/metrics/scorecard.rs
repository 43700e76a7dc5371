//! The Baramba scorecard: weekly scores per employee, their trend and verdict, the breakdown by
//! criterion, and the blank sheet for the next meeting.
//!
//! Definitions (docs/metrics.md):
//!
//! - a **meeting** is one employee on one date; its score is the sum of the points of the criteria
//!   scored at it, its maximum the sum of those criteria's maximum points;
//! - the **weekly score** of an employee is the mean of that ISO week's meeting scores, the
//!   week's `max_possible` the mean of their maximums, `score_pct = score / max_possible × 100`;
//! - the **trend** is the Theil–Sen slope of the weekly scores against the week (points per
//!   week), with Mann–Kendall's p-value; weeks without a meeting are gaps, never zeros. Fewer than
//!   `min_weeks` scored weeks (default 3) is `insufficient`; otherwise `improving` when the slope
//!   is at least the threshold (default 1 % of the maximum score per week), `declining` when it is
//!   at most minus the threshold, else `stable`;
//! - the **verdict**: `escalate` when declining; `end-monitoring` when improving with the last two
//!   scored weeks at or above the target (default 80 % of the maximum); `continue` otherwise;
//!   `insufficient` without enough weeks.
//!
//! The data are small (a few rows per employee and week), so this is plain Rust over the scores.
//!
//! # Example
//!
//! The method's own numbers: 60, 50 and 45 points in three weeks.
//!
//! ```
//! use support_metrics::ingest::{IngestOptions, Input, load_scorecard};
//! use support_metrics::metrics::{ScorecardOptions, Trend, Verdict, trends};
//!
//! let csv = "employee,date,criterion,points,max_points\n\
//!            Ivan,2024-01-02,Requests,35,50\n\
//!            Ivan,2024-01-02,Independence,25,30\n\
//!            Ivan,2024-01-09,Requests,30,50\n\
//!            Ivan,2024-01-09,Independence,20,30\n\
//!            Ivan,2024-01-16,Requests,28,50\n\
//!            Ivan,2024-01-16,Independence,17,30\n";
//! let card = load_scorecard(
//!     Input::from_reader("scorecard.csv", std::io::Cursor::new(csv)),
//!     &IngestOptions::default(),
//!     None,
//! )?;
//! let ivan = &trends(&card, &ScorecardOptions::default())?[0];
//! // Pairwise slopes −10, −7.5 and −5: the median is −7.5 points a week.
//! assert_eq!(ivan.slope_per_week, Some(-7.5));
//! assert_eq!((ivan.trend, ivan.verdict), (Trend::Declining, Verdict::Escalate));
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::scorecard::{Criterion, Scorecard};
use crate::period::{IsoWeek, PeriodSpec, day_number};
use crate::stats::{mann_kendall, mean, theil_sen_slope};

/// Slack for comparing computed figures with thresholds (a slope of exactly the threshold counts).
const EPSILON: f64 = 1e-9;

/// The thresholds that turn a series of weekly scores into a trend and a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrendThresholds {
    /// The smallest slope, in percent of the maximum score per week, that counts as a trend.
    pub slope_pct: f64,
    /// The score, in percent of the maximum, that the last two weeks must reach to end
    /// monitoring.
    pub target_pct: f64,
    /// The fewest scored weeks that make a trend; at least 2.
    pub min_weeks: usize,
}

impl Default for TrendThresholds {
    /// 1 % of the maximum per week, a target of 80 %, three weeks (docs/metrics.md).
    fn default() -> Self {
        TrendThresholds {
            slope_pct: 1.0,
            target_pct: 80.0,
            min_weeks: 3,
        }
    }
}

impl TrendThresholds {
    /// Checks the ranges: a positive slope threshold, a target from 0 to 100, two weeks or more.
    pub fn validate(&self) -> Result<()> {
        if !(self.slope_pct.is_finite() && self.slope_pct > 0.0 && self.slope_pct <= 100.0) {
            return Err(Error::option(
                "--slope-threshold",
                self.slope_pct.to_string(),
                "expected a percentage of the maximum score per week above 0, e.g. 1 or 2.5",
            ));
        }
        if !(self.target_pct.is_finite() && (0.0..=100.0).contains(&self.target_pct)) {
            return Err(Error::option(
                "--target",
                self.target_pct.to_string(),
                "expected a percentage of the maximum score from 0 to 100, e.g. 80",
            ));
        }
        if self.min_weeks < 2 {
            return Err(Error::option(
                "--min-weeks",
                self.min_weeks.to_string(),
                "a trend needs at least 2 scored weeks (3 by default)",
            ));
        }
        Ok(())
    }
}

/// What to compute over.
#[derive(Debug, Clone, Default)]
pub struct ScorecardOptions {
    /// Which meetings count, by date.
    pub period: PeriodSpec,
    /// "Now" for [`PeriodSpec::LastWeeks`]; by default the latest meeting date.
    pub as_of: Option<NaiveDate>,
    /// Only these employees (empty: everyone). Names are matched exactly, then ignoring case.
    pub employees: Vec<String>,
    /// Trend and verdict thresholds.
    pub thresholds: TrendThresholds,
    /// Over how many of an employee's latest scored weeks the points lost are averaged
    /// (0 means the default of 4).
    pub loss_weeks: usize,
}

impl ScorecardOptions {
    fn loss_weeks(&self) -> usize {
        if self.loss_weeks == 0 {
            4
        } else {
            self.loss_weeks
        }
    }
}

/// One employee's score in one ISO week (docs/metrics.md, `scorecard weekly`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyScore {
    /// The employee.
    pub employee: String,
    /// The week.
    pub week: IsoWeek,
    /// Meetings held that week.
    pub meetings: u64,
    /// The mean of the meetings' scores.
    pub score: f64,
    /// The mean of the meetings' maximums.
    pub max_possible: f64,
    /// `score / max_possible × 100`.
    pub score_pct: f64,
}

/// The direction of an employee's weekly scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// The slope is at least the threshold.
    Improving,
    /// The slope is within the threshold either way.
    Stable,
    /// The slope is at most minus the threshold.
    Declining,
    /// Fewer scored weeks than the minimum.
    Insufficient,
}

impl Trend {
    /// The machine name: `improving`, `stable`, `declining`, `insufficient`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Stable => "stable",
            Trend::Declining => "declining",
            Trend::Insufficient => "insufficient",
        }
    }
}

/// What the trend calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Declining: the falling trend calls for a decision.
    Escalate,
    /// Improving, with the last two weeks at or above the target: close monitoring can end.
    EndMonitoring,
    /// Anything else with enough data: keep scoring.
    Continue,
    /// Not enough scored weeks yet.
    Insufficient,
}

impl Verdict {
    /// The machine name: `escalate`, `end-monitoring`, `continue`, `insufficient`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Escalate => "escalate",
            Verdict::EndMonitoring => "end-monitoring",
            Verdict::Continue => "continue",
            Verdict::Insufficient => "insufficient",
        }
    }
}

/// One employee's trend (docs/metrics.md, `scorecard trend`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendRow {
    /// The employee.
    pub employee: String,
    /// Scored weeks.
    pub weeks: u64,
    /// The first scored week's score.
    pub first_score: f64,
    /// The last scored week's score.
    pub last_score: f64,
    /// The lowest weekly score.
    pub min_score: f64,
    /// The highest weekly score.
    pub max_score: f64,
    /// The last scored week's maximum.
    pub max_possible: f64,
    /// Theil–Sen slope, points per week; `None` with a single week.
    pub slope_per_week: Option<f64>,
    /// Mann–Kendall two-sided p-value; `None` with a single week.
    pub mk_p_value: Option<f64>,
    /// The trend.
    pub trend: Trend,
    /// The verdict.
    pub verdict: Verdict,
    /// The slope threshold in points per week (`slope_pct` of `max_possible`).
    pub threshold_per_week: f64,
    /// The last scored week's `score_pct`.
    pub last_score_pct: f64,
    /// The first scored week.
    pub first_week: IsoWeek,
    /// The last scored week.
    pub last_week: IsoWeek,
    /// The weekly scores from the first to the last scored week, `None` for a week without a
    /// meeting (for sparklines).
    pub series: Vec<Option<f64>>,
}

/// One criterion of one employee, week by week (`scorecard show`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionRow {
    /// The criterion.
    pub criterion: String,
    /// Its maximum points.
    pub max_points: f64,
    /// Points per week of [`Breakdown::weeks`] (the mean of the week's meetings), `None` when it
    /// was not scored that week.
    pub points: Vec<Option<f64>>,
    /// The mean of `max_points − points` over the last [`Breakdown::loss_weeks`] scored weeks
    /// in which it was scored.
    pub avg_points_lost: Option<f64>,
    /// `avg_points_lost / max_points × 100`.
    pub lost_pct: Option<f64>,
}

/// One employee's points by criterion and week, the biggest recent loss first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// The employee.
    pub employee: String,
    /// The employee's scored weeks in the period, in order.
    pub weeks: Vec<IsoWeek>,
    /// Over how many of the last scored weeks the losses are averaged.
    pub loss_weeks: usize,
    /// One row per criterion the employee was scored on, by `avg_points_lost` descending.
    pub rows: Vec<CriterionRow>,
}

/// The blank sheet for the next meeting, in the wide form (`scorecard template`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Template {
    /// The criteria, one column each.
    pub criteria: Vec<Criterion>,
    /// One row per employee.
    pub rows: Vec<TemplateRow>,
}

/// One employee's row of a [`Template`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateRow {
    /// The employee.
    pub employee: String,
    /// The week the reference points come from, when asked for and there is one.
    pub last_week: Option<IsoWeek>,
    /// Per criterion of [`Template::criteria`]: the reference points, or `None` (blank).
    pub points: Vec<Option<f64>>,
}

/// Each week's meetings of one employee: `(score, maximum)` per meeting.
type MeetingsByWeek = BTreeMap<IsoWeek, Vec<(f64, f64)>>;

/// The scores of the period, of the employees asked for.
struct Selection<'a> {
    card: &'a Scorecard,
    /// Employee indices, sorted by name.
    employees: Vec<usize>,
    /// Indices into `card.scores()` of the selected employees within the period.
    scores: Vec<usize>,
}

impl<'a> Selection<'a> {
    fn new(card: &'a Scorecard, options: &ScorecardOptions) -> Result<Selection<'a>> {
        options.period.validate()?;
        options.thresholds.validate()?;
        let mut employees: Vec<usize> = if options.employees.is_empty() {
            (0..card.employees().len()).collect()
        } else {
            options
                .employees
                .iter()
                .map(|name| find_employee(card, name, "--employee"))
                .collect::<Result<_>>()?
        };
        employees.sort_by(|a, b| name_order(&card.employees()[*a], &card.employees()[*b]));
        employees.dedup();
        let as_of = options.as_of.or_else(|| card.latest_date());
        let period = options
            .period
            .resolve(as_of.map(day_number).unwrap_or_default());
        let mut wanted = vec![false; card.employees().len()];
        for &e in &employees {
            wanted[e] = true;
        }
        let scores = card
            .scores()
            .iter()
            .enumerate()
            .filter(|(_, s)| wanted[s.employee] && period.contains_day(day_number(s.date)))
            .map(|(i, _)| i)
            .collect();
        Ok(Selection {
            card,
            employees,
            scores,
        })
    }

    /// Per employee (in name order), per week: the meetings' `(score, maximum)`.
    fn meetings(&self) -> Vec<(usize, MeetingsByWeek)> {
        let criteria = self.card.criteria();
        let mut by_meeting: BTreeMap<(usize, NaiveDate), (f64, f64)> = BTreeMap::new();
        for &i in &self.scores {
            let s = &self.card.scores()[i];
            let m = by_meeting.entry((s.employee, s.date)).or_default();
            m.0 += s.points;
            m.1 += criteria[s.criterion].max_points;
        }
        let mut by_employee: BTreeMap<usize, MeetingsByWeek> = BTreeMap::new();
        for ((employee, date), totals) in by_meeting {
            by_employee
                .entry(employee)
                .or_default()
                .entry(IsoWeek::of(date))
                .or_default()
                .push(totals);
        }
        self.employees
            .iter()
            .filter_map(|e| by_employee.remove(e).map(|weeks| (*e, weeks)))
            .collect()
    }
}

/// Names in a stable, human order: case-insensitive, then as written.
fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// The index of employee `name`: an exact match, else the one match ignoring case and spaces;
/// an [`Error::InvalidOption`] for `option` listing the employees otherwise.
pub fn find_employee(card: &Scorecard, name: &str, option: &str) -> Result<usize> {
    let names = card.employees();
    if let Some(i) = names.iter().position(|n| n == name) {
        return Ok(i);
    }
    let key = name.trim().to_lowercase();
    let loose: Vec<usize> = (0..names.len())
        .filter(|i| names[*i].trim().to_lowercase() == key)
        .collect();
    if let [only] = loose[..] {
        return Ok(only);
    }
    let closest = names
        .iter()
        .map(|n| (strsim::jaro_winkler(&key, &n.to_lowercase()), n))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| format!("; did you mean {n:?}?"))
        .unwrap_or_default();
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_by(|a, b| name_order(a, b));
    let listed = if sorted.is_empty() {
        "there are none".to_owned()
    } else {
        format!("the employees are: {}", sorted.join(", "))
    };
    Err(Error::option(
        option,
        name,
        format!("no such employee in {}{closest} ({listed})", card.source()),
    ))
}

/// The weekly scores of every selected employee, by employee name, then week.
pub fn weekly_scores(card: &Scorecard, options: &ScorecardOptions) -> Result<Vec<WeeklyScore>> {
    let selection = Selection::new(card, options)?;
    let mut rows = Vec::new();
    for (employee, weeks) in selection.meetings() {
        for (week, meetings) in weeks {
            rows.push(weekly(&card.employees()[employee], week, &meetings));
        }
    }
    Ok(rows)
}

fn weekly(employee: &str, week: IsoWeek, meetings: &[(f64, f64)]) -> WeeklyScore {
    let n = meetings.len() as f64;
    let score = meetings.iter().map(|m| m.0).sum::<f64>() / n;
    let max_possible = meetings.iter().map(|m| m.1).sum::<f64>() / n;
    WeeklyScore {
        employee: employee.to_owned(),
        week,
        meetings: meetings.len() as u64,
        score,
        max_possible,
        score_pct: score / max_possible * 100.0,
    }
}

/// The trend and verdict of every selected employee with at least one scored week, by name.
pub fn trends(card: &Scorecard, options: &ScorecardOptions) -> Result<Vec<TrendRow>> {
    let weekly = weekly_scores(card, options)?;
    let mut rows = Vec::new();
    let mut start = 0;
    while start < weekly.len() {
        let end = weekly[start..]
            .iter()
            .position(|w| w.employee != weekly[start].employee)
            .map_or(weekly.len(), |k| start + k);
        rows.push(trend_of(&weekly[start..end], &options.thresholds));
        start = end;
    }
    Ok(rows)
}

/// The trend of one employee's weekly scores (in week order, at least one).
///
/// The x of each score is its week's distance in weeks from the first scored week, so a week
/// without a meeting leaves a gap in x rather than a zero in y.
pub fn trend_of(weeks: &[WeeklyScore], thresholds: &TrendThresholds) -> TrendRow {
    let first = &weeks[0];
    let last = &weeks[weeks.len() - 1];
    let x = |w: &WeeklyScore| ((w.week.monday_day() - first.week.monday_day()) / 7) as f64;
    let points: Vec<(f64, f64)> = weeks.iter().map(|w| (x(w), w.score)).collect();
    let scores: Vec<f64> = weeks.iter().map(|w| w.score).collect();
    let slope = theil_sen_slope(&points);
    let mk = mann_kendall(&scores);
    let threshold = thresholds.slope_pct / 100.0 * last.max_possible;
    let trend = match slope {
        _ if weeks.len() < thresholds.min_weeks => Trend::Insufficient,
        None => Trend::Insufficient,
        Some(s) if s >= threshold - EPSILON => Trend::Improving,
        Some(s) if s <= -threshold + EPSILON => Trend::Declining,
        Some(_) => Trend::Stable,
    };
    let at_target = weeks.len() >= 2
        && weeks[weeks.len() - 2..]
            .iter()
            .all(|w| w.score_pct >= thresholds.target_pct - EPSILON);
    let verdict = match trend {
        Trend::Insufficient => Verdict::Insufficient,
        Trend::Declining => Verdict::Escalate,
        Trend::Improving if at_target => Verdict::EndMonitoring,
        Trend::Improving | Trend::Stable => Verdict::Continue,
    };
    let span = x(last) as usize + 1;
    let mut series = vec![None; span];
    for (xi, y) in &points {
        series[*xi as usize] = Some(*y);
    }
    TrendRow {
        employee: first.employee.clone(),
        weeks: weeks.len() as u64,
        first_score: first.score,
        last_score: last.score,
        min_score: scores.iter().copied().fold(f64::INFINITY, f64::min),
        max_score: scores.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        max_possible: last.max_possible,
        slope_per_week: slope,
        mk_p_value: mk.map(|m| m.p_value),
        trend,
        verdict,
        threshold_per_week: threshold,
        last_score_pct: last.score_pct,
        first_week: first.week,
        last_week: last.week,
        series,
    }
}

/// One employee's points by criterion and week, with the average points lost over the last
/// `options.loss_weeks` scored weeks; the criterion losing the most comes first.
pub fn breakdown(
    card: &Scorecard,
    employee: &str,
    options: &ScorecardOptions,
) -> Result<Breakdown> {
    let index = find_employee(card, employee, "EMPLOYEE")?;
    let options = ScorecardOptions {
        employees: vec![card.employees()[index].clone()],
        ..options.clone()
    };
    let selection = Selection::new(card, &options)?;
    // Per criterion, per week: the points of each meeting that scored it.
    let mut cells: BTreeMap<usize, BTreeMap<IsoWeek, Vec<f64>>> = BTreeMap::new();
    for &i in &selection.scores {
        let s = &card.scores()[i];
        cells
            .entry(s.criterion)
            .or_default()
            .entry(IsoWeek::of(s.date))
            .or_default()
            .push(s.points);
    }
    let mut weeks: Vec<IsoWeek> = cells.values().flat_map(|w| w.keys().copied()).collect();
    weeks.sort_unstable();
    weeks.dedup();
    let loss_weeks = options.loss_weeks();
    let recent = &weeks[weeks.len().saturating_sub(loss_weeks)..];
    let mut rows: Vec<(usize, CriterionRow)> = cells
        .into_iter()
        .map(|(criterion, by_week)| {
            let c = &card.criteria()[criterion];
            let points: Vec<Option<f64>> = weeks
                .iter()
                .map(|w| by_week.get(w).and_then(|p| mean(p)))
                .collect();
            let lost: Vec<f64> = recent
                .iter()
                .filter_map(|w| by_week.get(w).and_then(|p| mean(p)))
                .map(|p| c.max_points - p)
                .collect();
            let avg_points_lost = mean(&lost);
            (
                criterion,
                CriterionRow {
                    criterion: c.name.clone(),
                    max_points: c.max_points,
                    points,
                    avg_points_lost,
                    lost_pct: avg_points_lost.map(|l| l / c.max_points * 100.0),
                },
            )
        })
        .collect();
    rows.sort_by(|(ia, a), (ib, b)| {
        let loss = |r: &CriterionRow| r.avg_points_lost.unwrap_or(f64::NEG_INFINITY);
        loss(b).total_cmp(&loss(a)).then(ia.cmp(ib))
    });
    Ok(Breakdown {
        employee: card.employees()[index].clone(),
        weeks,
        loss_weeks,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    })
}

/// The blank sheet for the next meeting: one row per employee (those of `options.employees`,
/// known or new, or else everyone scored in the period), one column per criterion. With
/// `with_last`, each row carries the points of the employee's last scored week (the mean of its
/// meetings) for reference.
pub fn template(card: &Scorecard, options: &ScorecardOptions, with_last: bool) -> Result<Template> {
    // New names (not yet in the scorecard) get a blank row; the known ones are selected as usual.
    let (known, new): (Vec<&String>, Vec<&String>) = options
        .employees
        .iter()
        .partition(|n| find_employee(card, n, "--employee").is_ok());
    let selection = if options.employees.is_empty() || !known.is_empty() {
        let options = ScorecardOptions {
            employees: known.iter().map(|n| (*n).clone()).collect(),
            ..options.clone()
        };
        Some(Selection::new(card, &options)?)
    } else {
        options.thresholds.validate()?;
        None
    };
    let criteria = card.criteria().to_vec();
    let mut rows: Vec<TemplateRow> = Vec::new();
    if let Some(selection) = &selection {
        let mut last: BTreeMap<usize, (IsoWeek, Vec<Vec<f64>>)> = BTreeMap::new();
        for &i in &selection.scores {
            let s = &card.scores()[i];
            let week = IsoWeek::of(s.date);
            let entry = last
                .entry(s.employee)
                .or_insert_with(|| (week, vec![Vec::new(); criteria.len()]));
            if week > entry.0 {
                *entry = (week, vec![Vec::new(); criteria.len()]);
            }
            if week == entry.0 {
                entry.1[s.criterion].push(s.points);
            }
        }
        for &e in &selection.employees {
            let reference = last.get(&e);
            if options.employees.is_empty() && reference.is_none() {
                continue; // not scored in the period
            }
            let (last_week, points) = match (with_last, reference) {
                (true, Some((week, points))) => {
                    (Some(*week), points.iter().map(|p| mean(p)).collect())
                }
                _ => (None, vec![None; criteria.len()]),
            };
            rows.push(TemplateRow {
                employee: card.employees()[e].clone(),
                last_week,
                points,
            });
        }
    }
    for name in new {
        rows.push(TemplateRow {
            employee: name.trim().to_owned(),
            last_week: None,
            points: vec![None; criteria.len()],
        });
    }
    rows.sort_by(|a, b| name_order(&a.employee, &b.employee));
    rows.dedup_by(|a, b| a.employee == b.employee);
    Ok(Template { criteria, rows })
}

#[cfg(test)]
mod tests;

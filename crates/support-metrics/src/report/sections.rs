//! The report's sections: their figures, and how each is computed from the metrics for the
//! report week and the weeks before it.

use serde::Serialize;

use super::figure::Figure;
use super::{ReportInputs, Section, WeeklyOptions};
use crate::error::Result;
use crate::ingest::{Scorecard, Surveys, Tickets};
use crate::metrics::peak::{self, PeakOptions};
use crate::metrics::satisfaction::{CsatOptions, NpsOptions, SMALL_SAMPLE};
use crate::metrics::scorecard::{ScorecardOptions, TrendRow, TrendThresholds};
use crate::metrics::{
    BalanceRow, BucketRow, DailyOptions, GroupKey, PeakRow, PlanFactRow, ResponseOptions,
    SlaCounts, SlotFigures, WorkloadOptions, WorkloadRow, csat, daily, frt_distribution, nps,
    response, trends, weekly_scores, workload,
};
use crate::period::{IsoWeek, PeriodSpec, date_of_day};

/// First response, resolution and SLA for the tickets created in the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseSection {
    /// Tickets created in the week.
    pub tickets: u64,
    /// Of them, answered (with a valid FRT).
    pub responded: u64,
    /// Of them, not answered by `as_of`.
    pub unresponded: u64,
    /// FRT median, seconds.
    pub frt_median: Figure,
    /// FRT 90th percentile, seconds.
    pub frt_p90: Figure,
    /// FRT mean, seconds.
    pub frt_mean: Figure,
    /// Resolution time median, seconds.
    pub resolution_median: Figure,
    /// `met / (met + breached) × 100`.
    pub sla_met_pct: Figure,
    /// The week's SLA counts.
    pub sla: SlaCounts,
    /// The targets the SLA was measured against, as `urgent=1h, high=4h, …`.
    pub sla_targets: String,
    /// The week's FRT distribution over the buckets (see `docs/metrics.md`).
    pub buckets: Vec<BucketRow>,
    /// The figures the tickets cannot give (no first-response or resolution column), with why
    /// and what would fix it; their counts above are zero and are not figures.
    pub unavailable: Vec<crate::metrics::Unavailable>,
}

/// CSAT of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatFigures {
    /// The scale of the answers (`1-5`, `good-bad`, …).
    pub scale: Option<String>,
    /// `satisfied / answers × 100`.
    pub csat_pct: Figure,
    /// The 95 % Wilson interval's lower end.
    pub ci_low_pct: Option<f64>,
    /// The 95 % Wilson interval's upper end.
    pub ci_high_pct: Option<f64>,
    /// The week's answers.
    pub responses: u64,
    /// Answers per week.
    pub responses_per_week: Figure,
    /// Linked answers / resolved tickets created in the week × 100, when tickets are given.
    pub response_rate_pct: Figure,
    /// Fewer than 30 answers this week.
    pub small_sample: bool,
}

/// NPS of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsFigures {
    /// `(promoters − detractors) / answers × 100`.
    pub nps: Figure,
    /// Its 95 % margin of error, points.
    pub moe: Option<f64>,
    /// The week's answers.
    pub responses: u64,
    /// Promoters' share, %.
    pub promoters_pct: Option<f64>,
    /// Detractors' share, %.
    pub detractors_pct: Option<f64>,
    /// Linked answers / resolved tickets created in the week × 100, when tickets are given.
    pub response_rate_pct: Figure,
    /// Fewer than 30 answers this week.
    pub small_sample: bool,
}

/// CSAT and NPS of the week; either is `None` when the answers have none of its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionSection {
    /// CSAT.
    pub csat: Option<CsatFigures>,
    /// NPS.
    pub nps: Option<NpsFigures>,
}

/// The week's peak hours, the wait at peak and the queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakSection {
    /// The three slots with the most arrivals (ties: the earlier slot).
    pub busiest: Vec<SlotFigures>,
    /// The week's figures, as `supportctl peak --week` gives them: tickets, peak slots and
    /// their share of arrivals, the wait at peak and off peak, the queue, the 168-slot heatmap.
    #[serde(flatten)]
    pub figures: PeakRow,
}

/// The team's week: per-agent workload and balance, and the daily plan/fact reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamSection {
    /// Workload of the tickets created in the week; `None` without tickets.
    pub workload: Option<TeamWorkload>,
    /// Each employee's plan/fact week; `None` without daily reports.
    pub daily: Option<Vec<PlanFactRow>>,
}

/// Per-agent workload of the week and the team's balance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamWorkload {
    /// One row per agent (and one for unassigned tickets), as `supportctl workload` gives them.
    pub agents: Vec<WorkloadRow>,
    /// The balance of tickets over the named agents.
    pub balance: Option<BalanceRow>,
    /// The margin of "above" and "below" the mean, % of it.
    pub margin_pct: f64,
    /// Tickets of the week whose due date is before their creation (kept as given).
    pub due_before_created: u64,
}

/// The scorecard trends of every employee up to the end of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleSection {
    /// One row per employee, as `supportctl scorecard trend` shows them.
    pub rows: Vec<TrendRow>,
    /// The thresholds the trends and verdicts were decided with.
    pub thresholds: TrendThresholds,
    /// Each employee's weekly score as a share of the maximum, %, in the weeks of
    /// [`WeeklyReport::weeks`](super::WeeklyReport::weeks); empty where no meeting was held.
    pub score_pct: Vec<EmployeeWeeks>,
}

/// One employee's figure over the report's weeks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmployeeWeeks {
    /// The employee.
    pub employee: String,
    /// One value per week, oldest first.
    pub values: Vec<Option<f64>>,
}

/// The value of `weeks[i]` in rows labelled by week.
fn by_week<R>(
    weeks: &[IsoWeek],
    rows: &[R],
    label: impl Fn(&R) -> Option<&str>,
    value: impl Fn(&R) -> Option<f64>,
) -> Vec<Option<f64>> {
    weeks
        .iter()
        .map(|w| {
            let w = w.to_string();
            rows.iter()
                .find(|r| label(r) == Some(w.as_str()))
                .and_then(&value)
        })
        .collect()
}

fn week_label(group: &[Option<String>]) -> Option<&str> {
    group.first().and_then(|g| g.as_deref())
}

pub(super) fn response_section(
    tickets: &Tickets,
    weeks: &[IsoWeek],
    span: PeriodSpec,
    options: &WeeklyOptions,
) -> Result<Section<ResponseSection>> {
    let base = ResponseOptions {
        group_by: vec![GroupKey::Week],
        period: span,
        as_of: options.as_of,
        sla: options.sla.clone(),
        basis: options.basis.clone(),
    };
    let report = response(tickets, &base)?;
    let rows = &report.rows;
    let series = |f: &dyn Fn(&crate::metrics::ResponseRow) -> Option<f64>| {
        Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
    };
    let this = weeks.last().map(ToString::to_string);
    let current = rows
        .iter()
        .find(|r| week_label(&r.group).map(str::to_owned) == this);
    let week = *weeks.last().unwrap_or(&IsoWeek::of_day(0));
    let distribution = frt_distribution(
        tickets,
        &ResponseOptions {
            group_by: Vec::new(),
            period: PeriodSpec::Week(week),
            ..base.clone()
        },
    )?;
    Ok(Section::Ready(ResponseSection {
        tickets: current.map_or(0, |r| r.tickets),
        responded: current.map_or(0, |r| r.responded),
        unresponded: current.map_or(0, |r| r.unresponded),
        frt_median: series(&|r| r.frt.median),
        frt_p90: series(&|r| r.frt.p90),
        frt_mean: series(&|r| r.frt.mean),
        resolution_median: series(&|r| r.resolution.median),
        sla_met_pct: series(&|r| r.sla.met_pct),
        sla: current.map(|r| r.sla).unwrap_or_default(),
        sla_targets: options.sla.to_string(),
        buckets: distribution.rows,
        unavailable: report.unavailable.clone(),
    }))
}

pub(super) fn satisfaction_section(
    surveys: &Surveys,
    tickets: Option<&Tickets>,
    weeks: &[IsoWeek],
    span: PeriodSpec,
    options: &WeeklyOptions,
) -> Result<Section<SatisfactionSection>> {
    let this = weeks.last().map(ToString::to_string);
    let csat_report = csat(
        surveys,
        tickets,
        &CsatOptions {
            group_by: vec![GroupKey::Week],
            period: span,
            as_of: options.as_of,
            scale: options.scale,
            satisfied: options.satisfied,
            invited: None,
        },
    )?;
    let answered = csat_report.total.responses > 0;
    let csat = csat_report.scale.filter(|_| answered).map(|scale| {
        let rows = &csat_report.rows;
        let current = rows
            .iter()
            .find(|r| week_label(&r.group).map(str::to_owned) == this);
        let series = |f: &dyn Fn(&crate::metrics::CsatRow) -> Option<f64>| {
            Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
        };
        CsatFigures {
            scale: Some(scale.name().to_owned()),
            csat_pct: series(&|r| r.csat_pct),
            ci_low_pct: current.and_then(|r| r.ci_low_pct),
            ci_high_pct: current.and_then(|r| r.ci_high_pct),
            responses: current.map_or(0, |r| r.responses),
            responses_per_week: series(&|r| Some(r.responses as f64)),
            response_rate_pct: series(&|r| r.response_rate_pct),
            small_sample: current.is_none_or(|r| r.responses < SMALL_SAMPLE),
        }
    });
    // Without a kind column every answer would count for both surveys: NPS needs the column.
    let nps = if surveys.has_column("kind") {
        let report = nps(
            surveys,
            tickets,
            &NpsOptions {
                group_by: vec![GroupKey::Week],
                period: span,
                as_of: options.as_of,
                invited: None,
            },
        )?;
        let rows = &report.rows;
        let current = rows
            .iter()
            .find(|r| week_label(&r.group).map(str::to_owned) == this);
        let series = |f: &dyn Fn(&crate::metrics::NpsRow) -> Option<f64>| {
            Figure::from_series(by_week(weeks, rows, |r| week_label(&r.group), f))
        };
        (report.total.responses > 0).then(|| NpsFigures {
            nps: series(&|r| r.nps),
            moe: current.and_then(|r| r.nps_moe),
            responses: current.map_or(0, |r| r.responses),
            promoters_pct: current.and_then(|r| r.promoters_pct),
            detractors_pct: current.and_then(|r| r.detractors_pct),
            response_rate_pct: series(&|r| r.response_rate_pct),
            small_sample: current.is_none_or(|r| r.responses < SMALL_SAMPLE),
        })
    } else {
        None
    };
    Ok(Section::Ready(SatisfactionSection { csat, nps }))
}

pub(super) fn peak_section(
    tickets: &Tickets,
    week: IsoWeek,
    options: &WeeklyOptions,
) -> Result<Section<PeakSection>> {
    let report = peak::peak(
        tickets,
        &PeakOptions {
            group_by: Vec::new(),
            period: PeriodSpec::Week(week),
            as_of: options.as_of,
            peak: options.peak,
            basis: options.basis.clone(),
        },
    )?;
    if let Some(reason) = report.unavailable {
        return Ok(Section::unavailable(reason));
    }
    let Some(row) = report.rows.into_iter().next() else {
        return Ok(Section::unavailable(format!(
            "no tickets were created in {week}"
        )));
    };
    let mut busiest: Vec<SlotFigures> = row
        .heatmap
        .iter()
        .filter(|s| s.tickets > 0)
        .copied()
        .collect();
    // Most arrivals first; the sort is stable, so ties keep the earlier slot first.
    busiest.sort_by_key(|s| std::cmp::Reverse(s.tickets));
    busiest.truncate(3);
    Ok(Section::Ready(PeakSection {
        busiest,
        figures: row,
    }))
}

pub(super) fn team_section(
    inputs: &ReportInputs,
    week: IsoWeek,
    options: &WeeklyOptions,
) -> Result<Section<TeamSection>> {
    if inputs.tickets.is_none() && inputs.daily.is_none() {
        return Ok(Section::unavailable(
            "no tickets and no daily reports: give --tickets FILE for the workload, --daily FILE \
             for the plan/fact reports (or tickets.csv, daily.csv in --data)",
        ));
    }
    let workload = match inputs.tickets {
        Some(t) => {
            let report = workload(
                t,
                inputs.surveys,
                &WorkloadOptions {
                    group_by: Vec::new(),
                    period: PeriodSpec::Week(week),
                    as_of: options.as_of,
                    margin_pct: options.margin_pct,
                    basis: options.basis.clone(),
                    scale: options.scale,
                    satisfied: options.satisfied,
                },
            )?;
            Some(TeamWorkload {
                agents: report.rows,
                balance: report.balance.into_iter().next(),
                margin_pct: report.margin_pct,
                due_before_created: report.due_before_created,
            })
        }
        None => None,
    };
    let daily = match inputs.daily {
        Some(d) => Some(
            daily(
                d,
                &DailyOptions {
                    period: PeriodSpec::Week(week),
                    as_of: Some(date_of_day(week.monday_day() + 6)),
                },
            )?
            .rows,
        ),
        None => None,
    };
    Ok(Section::Ready(TeamSection { workload, daily }))
}

pub(super) fn people_section(
    card: &Scorecard,
    weeks: &[IsoWeek],
    options: &WeeklyOptions,
) -> Result<Section<PeopleSection>> {
    let week = *weeks.last().unwrap_or(&IsoWeek::of_day(0));
    let scorecard = ScorecardOptions {
        period: PeriodSpec::Range {
            from: None,
            to: Some(week.offset(1).monday()),
        },
        as_of: Some(date_of_day(week.monday_day() + 6)),
        thresholds: options.scorecard,
        ..ScorecardOptions::default()
    };
    let rows = trends(card, &scorecard)?;
    if rows.is_empty() {
        return Ok(Section::unavailable(format!(
            "the scorecard has no meetings up to the end of {week}"
        )));
    }
    let scores = weekly_scores(card, &scorecard)?;
    let score_pct = rows
        .iter()
        .map(|row| EmployeeWeeks {
            employee: row.employee.clone(),
            values: weeks
                .iter()
                .map(|w| {
                    scores
                        .iter()
                        .find(|s| s.employee == row.employee && s.week == *w)
                        .map(|s| s.score_pct)
                })
                .collect(),
        })
        .collect();
    Ok(Section::Ready(PeopleSection {
        rows,
        thresholds: options.scorecard,
        score_pct,
    }))
}

//! The attention section: rules over the report's figures that call for a head of support's
//! attention, each with the numbers behind it, ranked by importance.

use serde::Serialize;

use super::{TeamSection, WeeklyReport};
use crate::error::{Error, Result};
use crate::metrics::scorecard::Verdict;

/// When the rules fire (`[alerts]` in `supportctl.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AlertThresholds {
    /// SLA met % below this is an alert (default 90).
    pub sla_target_pct: f64,
    /// FRT p90 up by more than this % on the previous week is an alert (default 20).
    pub frt_p90_rise_pct: f64,
    /// Backlog up by more than this % on the previous week is an alert (default 20).
    pub backlog_rise_pct: f64,
    /// CSAT % below this is an alert, when it rests on enough answers (default 80).
    pub csat_target_pct: f64,
    /// A CSAT or NPS on fewer answers than this is flagged as resting on too few (default 30).
    pub min_answers: u64,
    /// An agent with more than this many times the team's mean tickets is overloaded
    /// (default 2.0).
    pub overload_ratio: f64,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        AlertThresholds {
            sla_target_pct: 90.0,
            frt_p90_rise_pct: 20.0,
            backlog_rise_pct: 20.0,
            csat_target_pct: 80.0,
            min_answers: 30,
            overload_ratio: 2.0,
        }
    }
}

impl AlertThresholds {
    /// Checks the ranges: percentages of a target from 0 to 100, rises and ratios above 0.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the setting.
    pub fn validate(&self) -> Result<()> {
        let target = |name: &str, v: f64| {
            if (0.0..=100.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::option(
                    format!("[alerts] {name}"),
                    v.to_string(),
                    "must be a percentage from 0 to 100",
                ))
            }
        };
        let positive = |name: &str, v: f64| {
            if v > 0.0 && v.is_finite() {
                Ok(())
            } else {
                Err(Error::option(
                    format!("[alerts] {name}"),
                    v.to_string(),
                    "must be a number above 0",
                ))
            }
        };
        target("sla_target_pct", self.sla_target_pct)?;
        target("csat_target_pct", self.csat_target_pct)?;
        positive("frt_p90_rise_pct", self.frt_p90_rise_pct)?;
        positive("backlog_rise_pct", self.backlog_rise_pct)?;
        positive("overload_ratio", self.overload_ratio)?;
        Ok(())
    }
}

/// How much an alert matters; alerts are listed most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A target is missed or a person's work is falling: act this week.
    Critical,
    /// A figure moved the wrong way: look into it.
    Warning,
    /// A figure to read with care.
    Notice,
}

/// The rule an alert comes from; also its rank within a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRule {
    /// SLA met % below the target.
    SlaBelowTarget,
    /// An employee's scorecard trend is declining (verdict: escalate).
    ScorecardDeclining,
    /// FRT p90 rose by more than the threshold on the previous week.
    FrtP90Rise,
    /// An agent carries more than the overload ratio times the team's mean load.
    AgentOverload,
    /// The backlog rose by more than the threshold on the previous week.
    BacklogRise,
    /// CSAT below its target.
    CsatBelowTarget,
    /// CSAT rests on fewer answers than the minimum.
    CsatFewAnswers,
    /// NPS rests on fewer answers than the minimum.
    NpsFewAnswers,
}

impl AlertRule {
    /// The rule's severity.
    pub fn severity(self) -> Severity {
        match self {
            AlertRule::SlaBelowTarget | AlertRule::ScorecardDeclining => Severity::Critical,
            AlertRule::FrtP90Rise
            | AlertRule::AgentOverload
            | AlertRule::BacklogRise
            | AlertRule::CsatBelowTarget => Severity::Warning,
            AlertRule::CsatFewAnswers | AlertRule::NpsFewAnswers => Severity::Notice,
        }
    }
}

/// One alert, with the numbers behind it. What `value`, `previous` and `threshold` measure
/// depends on the rule:
///
/// | rule | value | previous | threshold |
/// |---|---|---|---|
/// | `sla_below_target` | SLA met % | last week's | the target % |
/// | `scorecard_declining` | slope, points per week | — | minus the slope threshold |
/// | `frt_p90_rise` | FRT p90, seconds | last week's | the rise % allowed |
/// | `agent_overload` | the agent's tickets | — | the overload ratio (`reference`: the team's mean) |
/// | `backlog_rise` | open tickets | last week's | the rise % allowed |
/// | `csat_below_target` | CSAT % | last week's | the target % |
/// | `csat_few_answers`, `nps_few_answers` | answers | — | the minimum |
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// How much it matters.
    pub severity: Severity,
    /// The rule that fired.
    pub rule: AlertRule,
    /// Whom it is about (an employee, an agent); `None` for the team as a whole.
    pub subject: Option<String>,
    /// The figure that fired the rule.
    pub value: f64,
    /// The same figure the week before, where the rule compares weeks.
    pub previous: Option<f64>,
    /// The threshold it crossed.
    pub threshold: f64,
    /// The figure `value` is measured against, where it is not `threshold` itself (the team's
    /// mean tickets per agent for `agent_overload`).
    pub reference: Option<f64>,
    /// `value / reference` (the agent's tickets in multiples of the team's mean).
    pub ratio: Option<f64>,
    /// `(value − previous) / previous × 100`, for the rules about a rise on the week.
    pub change_pct: Option<f64>,
    /// How far past the threshold, relative to it (ranks alerts of one rule).
    pub excess: f64,
}

impl Alert {
    pub(crate) fn new(
        rule: AlertRule,
        subject: Option<String>,
        value: f64,
        previous: Option<f64>,
        threshold: f64,
        excess: f64,
    ) -> Alert {
        Alert {
            severity: rule.severity(),
            rule,
            subject,
            value,
            previous,
            threshold,
            reference: None,
            ratio: None,
            change_pct: None,
            excess,
        }
    }

    pub(crate) fn against(mut self, reference: f64) -> Alert {
        self.reference = Some(reference);
        self.ratio = (reference != 0.0).then(|| self.value / reference);
        self
    }

    /// The alert of a rise of `pct` % on the week.
    pub(crate) fn rose(mut self, pct: f64) -> Alert {
        self.change_pct = Some(pct);
        self
    }
}

/// Orders alerts: most severe first, then by rule, then the largest excess, then by subject.
pub(crate) fn rank(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.rule.cmp(&b.rule))
            .then(b.excess.total_cmp(&a.excess))
            .then(a.subject.cmp(&b.subject))
    });
}

/// `previous → value` rose by more than `limit_pct` % (`None`: no alert), with the rise in %.
pub(crate) fn rise(value: Option<f64>, previous: Option<f64>, limit_pct: f64) -> Option<f64> {
    let (v, p) = (value?, previous?);
    if p <= 0.0 {
        return None;
    }
    let pct = (v - p) / p * 100.0;
    (pct > limit_pct).then_some(pct)
}

/// The alerts the figures call for, ranked.
pub(super) fn attention(report: &WeeklyReport, t: &AlertThresholds) -> Vec<Alert> {
    let mut out = Vec::new();
    if let Some(r) = report.response.ready() {
        if let Some(v) = r.sla_met_pct.value
            && v < t.sla_target_pct
        {
            out.push(Alert::new(
                AlertRule::SlaBelowTarget,
                None,
                v,
                r.sla_met_pct.previous,
                t.sla_target_pct,
                (t.sla_target_pct - v) / t.sla_target_pct,
            ));
        }
        if let Some(pct) = rise(r.frt_p90.value, r.frt_p90.previous, t.frt_p90_rise_pct) {
            out.push(
                Alert::new(
                    AlertRule::FrtP90Rise,
                    None,
                    r.frt_p90.value.unwrap_or_default(),
                    r.frt_p90.previous,
                    t.frt_p90_rise_pct,
                    pct / 100.0,
                )
                .rose(pct),
            );
        }
    }
    if let Some(s) = report.summary.ready()
        && let Some(pct) = rise(s.backlog.value, s.backlog.previous, t.backlog_rise_pct)
    {
        out.push(
            Alert::new(
                AlertRule::BacklogRise,
                None,
                s.backlog.value.unwrap_or_default(),
                s.backlog.previous,
                t.backlog_rise_pct,
                pct / 100.0,
            )
            .rose(pct),
        );
    }
    if let Some(s) = report.satisfaction.ready() {
        if let Some(c) = &s.csat {
            if c.responses > 0 && c.responses < t.min_answers {
                out.push(Alert::new(
                    AlertRule::CsatFewAnswers,
                    None,
                    c.responses as f64,
                    None,
                    t.min_answers as f64,
                    1.0 - c.responses as f64 / t.min_answers as f64,
                ));
            } else if let Some(v) = c.csat_pct.value
                && v < t.csat_target_pct
            {
                out.push(Alert::new(
                    AlertRule::CsatBelowTarget,
                    None,
                    v,
                    c.csat_pct.previous,
                    t.csat_target_pct,
                    (t.csat_target_pct - v) / t.csat_target_pct.max(1.0),
                ));
            }
        }
        if let Some(n) = &s.nps
            && n.responses > 0
            && n.responses < t.min_answers
        {
            out.push(Alert::new(
                AlertRule::NpsFewAnswers,
                None,
                n.responses as f64,
                None,
                t.min_answers as f64,
                1.0 - n.responses as f64 / t.min_answers as f64,
            ));
        }
    }
    if let Some(TeamSection {
        workload: Some(w), ..
    }) = report.team.ready()
        && let Some(mean) = w.balance.as_ref().and_then(|b| b.mean)
        && mean > 0.0
    {
        let limit = mean * t.overload_ratio;
        for row in &w.agents {
            let (Some(agent), tickets) = (&row.agent, row.tickets as f64) else {
                continue;
            };
            if tickets > limit {
                out.push(
                    Alert::new(
                        AlertRule::AgentOverload,
                        Some(agent.clone()),
                        tickets,
                        None,
                        t.overload_ratio,
                        tickets / limit - 1.0,
                    )
                    .against(mean),
                );
            }
        }
    }
    if let Some(p) = report.people.ready() {
        for row in p.rows.iter().filter(|r| r.verdict == Verdict::Escalate) {
            let slope = row.slope_per_week.unwrap_or_default();
            out.push(Alert::new(
                AlertRule::ScorecardDeclining,
                Some(row.employee.clone()),
                slope,
                None,
                -row.threshold_per_week,
                if row.threshold_per_week > 0.0 {
                    slope.abs() / row.threshold_per_week
                } else {
                    0.0
                },
            ));
        }
    }
    rank(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rises_past_the_limit_only() {
        // 3 h after 2 h: +50 % > 20 %.
        assert_eq!(rise(Some(10_800.0), Some(7_200.0), 20.0), Some(50.0));
        // 2 h 24 m after 2 h: +20 %, not more than 20 %.
        assert_eq!(rise(Some(8_640.0), Some(7_200.0), 20.0), None);
        assert_eq!(rise(Some(5.0), None, 20.0), None);
        assert_eq!(rise(Some(5.0), Some(0.0), 20.0), None);
    }

    #[test]
    fn ranking_puts_critical_first_then_the_largest_excess() {
        let mut alerts = vec![
            Alert::new(AlertRule::CsatFewAnswers, None, 12.0, None, 30.0, 0.6),
            Alert::new(
                AlertRule::AgentOverload,
                Some("b".into()),
                50.0,
                None,
                40.0,
                0.25,
            ),
            Alert::new(
                AlertRule::AgentOverload,
                Some("a".into()),
                60.0,
                None,
                40.0,
                0.5,
            ),
            Alert::new(AlertRule::SlaBelowTarget, None, 80.0, None, 90.0, 0.11),
        ];
        rank(&mut alerts);
        let order: Vec<_> = alerts
            .iter()
            .map(|a| (a.rule, a.subject.as_deref()))
            .collect();
        assert_eq!(
            order,
            vec![
                (AlertRule::SlaBelowTarget, None),
                (AlertRule::AgentOverload, Some("a")),
                (AlertRule::AgentOverload, Some("b")),
                (AlertRule::CsatFewAnswers, None),
            ]
        );
    }

    #[test]
    fn thresholds_are_checked() {
        assert!(AlertThresholds::default().validate().is_ok());
        let bad = AlertThresholds {
            sla_target_pct: 120.0,
            ..AlertThresholds::default()
        };
        assert!(bad.validate().is_err());
        let bad = AlertThresholds {
            overload_ratio: 0.0,
            ..AlertThresholds::default()
        };
        assert!(bad.validate().is_err());
    }
}

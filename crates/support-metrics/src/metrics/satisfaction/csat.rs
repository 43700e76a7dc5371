//! CSAT: the share of satisfied answers, with its Wilson interval, the mean score and the
//! response rate.

use serde::Serialize;

use super::{Counts, Prepared, RateBasis, Request, SMALL_SAMPLE, percent, prepare};
use crate::error::{Error, Result};
use crate::ingest::surveys::{Answer, Scale, SurveyKind, Surveys};
use crate::ingest::{Tickets, Warning};
use crate::metrics::GroupKey;
use crate::period::{Period, PeriodSpec};
use crate::stats::{Z_95, wilson_interval};

/// What to compute CSAT over.
#[derive(Debug, Clone, Default)]
pub struct CsatOptions {
    /// Group rows by these keys, in this order; empty for one overall row.
    pub group_by: Vec<GroupKey>,
    /// Which answers, by local day of submission (and which tickets, by local day of creation,
    /// for the response rate).
    pub period: PeriodSpec,
    /// "Now", UTC seconds; default: the latest creation in the data (`docs/metrics.md`, "Now").
    pub as_of: Option<i64>,
    /// The scale of the answers; `None` infers it when the answers leave no doubt.
    pub scale: Option<Scale>,
    /// The lowest satisfied answer (a number or a label of the scale); `None` for the top boxes
    /// ([`Scale::default_satisfied`]).
    pub satisfied: Option<Answer>,
    /// How many surveys were sent in the period, when known: the response rate is then all
    /// answers / surveys sent, for the whole period (grouped rows have none).
    pub invited: Option<u64>,
}

/// The CSAT figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatRow {
    /// The group's key values, in the order of [`CsatReport::group_by`]; `None` for an empty
    /// value.
    pub group: Vec<Option<String>>,
    /// Answers.
    pub responses: u64,
    /// Answers at or above the satisfied threshold.
    pub satisfied: u64,
    /// `satisfied / responses × 100`; `None` without answers.
    pub csat_pct: Option<f64>,
    /// The low end of the 95% Wilson interval of `csat_pct`, in percent.
    pub ci_low_pct: Option<f64>,
    /// The high end of the 95% Wilson interval of `csat_pct`, in percent.
    pub ci_high_pct: Option<f64>,
    /// The mean score on a numeric scale; `None` on a label scale (labels have no mean) and
    /// without answers.
    pub mean: Option<f64>,
    /// Answers linked to a ticket by `ticket_id` (all answers when the surveys have no
    /// `ticket_id`).
    pub linked: u64,
    /// Tickets of the group created in the period and resolved by `as_of`; `None` without
    /// tickets.
    pub resolved: Option<u64>,
    /// The response rate per [`CsatReport::rate_basis`]; `None` when it cannot be computed.
    pub response_rate_pct: Option<f64>,
    /// Fewer than [`SMALL_SAMPLE`] answers.
    pub small_sample: bool,
}

/// CSAT for a set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatReport {
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The instant answers were counted up to, UTC seconds.
    pub as_of: i64,
    /// The local days covered.
    pub period: Period,
    /// The scale of the answers; `None` when there were none and no scale was given.
    pub scale: Option<Scale>,
    /// The lowest satisfied score on the scale.
    pub satisfied_from: Option<i64>,
    /// What the response rate divides by; `None` without tickets.
    pub rate_basis: Option<RateBasis>,
    /// One row per group, sorted by the keys (weeks in time order, names alphabetically, empty
    /// values last). With tickets, groups that resolved tickets but got no answer are rows too.
    pub rows: Vec<CsatRow>,
    /// The figures over every row.
    pub total: CsatRow,
    /// Data problems found while computing (e.g. ticket ids that match no ticket).
    pub warnings: Vec<Warning>,
}

/// Computes CSAT from the answers of kind `csat` (or of no kind) in `surveys`; `tickets`, when
/// given, supply the agent, team, channel, priority and site of linked answers and the resolved
/// tickets of the response rate.
///
/// # Errors
///
/// The scale errors of [`Surveys::scale`]; [`Error::InvalidOption`] for a `satisfied` threshold
/// that is not on the scale; an invalid period.
pub fn csat(
    surveys: &Surveys,
    tickets: Option<&Tickets>,
    options: &CsatOptions,
) -> Result<CsatReport> {
    if options.invited == Some(0) {
        return Err(Error::option(
            "--invited",
            "0",
            "must be at least 1 (the number of surveys sent)",
        ));
    }
    let threshold = |scale: Scale| -> Result<i64> {
        match options.satisfied {
            None => Ok(scale.default_satisfied()),
            Some(answer) => scale.score(answer).map_err(|_| {
                Error::option(
                    "--satisfied",
                    answer.to_string(),
                    format!(
                        "is not an answer on the {} scale, which takes {}",
                        scale.name(),
                        scale.answers()
                    ),
                )
            }),
        }
    };
    let prepared = prepare(
        surveys,
        tickets,
        &Request {
            kind: SurveyKind::Csat,
            scale: options.scale,
            group_by: &options.group_by,
            period: options.period,
            as_of: options.as_of,
            at_least: &|s| threshold(s).map(|t| [t, t]),
            at_most: &|s| s.bounds().0,
        },
    )?;
    let satisfied_from = prepared.scale.map(threshold).transpose()?;
    let labelled = prepared.scale.is_some_and(Scale::is_labelled);
    let basis = match options.invited {
        Some(_) => Some(RateBasis::Invited),
        None => prepared.rate_basis,
    };
    let row = |group: Vec<Option<String>>, c: &Counts, invited: Option<u64>| {
        row(group, c, labelled, basis, invited)
    };
    let ungrouped = options.group_by.is_empty();
    let mut rows: Vec<CsatRow> = prepared
        .groups
        .iter()
        .map(|(label, c)| {
            row(
                label.values.clone(),
                c,
                options.invited.filter(|_| ungrouped),
            )
        })
        .collect();
    let total = row(Vec::new(), &prepared.total(), options.invited);
    if ungrouped && rows.is_empty() && options.invited.is_some() {
        // Surveys sent without a single answer: a response rate of 0 is worth a row.
        rows.push(total.clone());
    }
    let Prepared {
        as_of,
        period,
        scale,
        warnings,
        ..
    } = prepared;
    Ok(CsatReport {
        group_by: options.group_by.clone(),
        as_of,
        period,
        scale,
        satisfied_from,
        rate_basis: basis,
        rows,
        total,
        warnings,
    })
}

fn row(
    group: Vec<Option<String>>,
    c: &Counts,
    labelled: bool,
    basis: Option<RateBasis>,
    invited: Option<u64>,
) -> CsatRow {
    let satisfied = c.at_least[0];
    let interval = wilson_interval(satisfied, c.responses, Z_95);
    CsatRow {
        group,
        responses: c.responses,
        satisfied,
        csat_pct: percent(satisfied, c.responses),
        ci_low_pct: interval.map(|(low, _)| low * 100.0),
        ci_high_pct: interval.map(|(_, high)| high * 100.0),
        mean: (!labelled && c.responses > 0).then(|| c.score_sum as f64 / c.responses as f64),
        linked: c.linked,
        resolved: c.resolved,
        response_rate_pct: match basis {
            Some(RateBasis::Invited) => invited.and_then(|i| percent(c.responses, i)),
            Some(_) => c.resolved.and_then(|r| percent(c.linked, r)),
            None => None,
        },
        small_sample: c.responses < SMALL_SAMPLE,
    }
}

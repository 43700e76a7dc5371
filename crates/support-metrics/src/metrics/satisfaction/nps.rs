//! NPS: promoters minus detractors, with its margin of error and the response rate.

use serde::Serialize;

use super::{Counts, Prepared, RateBasis, Request, SMALL_SAMPLE, percent, prepare};
use crate::error::{Error, Result};
use crate::ingest::surveys::{Scale, SurveyKind, Surveys};
use crate::ingest::{Tickets, Warning};
use crate::metrics::GroupKey;
use crate::period::{Period, PeriodSpec};
use crate::stats::{Z_95, nps_margin_of_error};

/// The lowest promoter score.
pub const PROMOTER_FROM: i64 = 9;
/// The lowest passive score.
pub const PASSIVE_FROM: i64 = 7;
/// The highest detractor score.
pub const DETRACTOR_TO: i64 = 6;

/// What to compute NPS over.
#[derive(Debug, Clone, Default)]
pub struct NpsOptions {
    /// Group rows by these keys, in this order; empty for one overall row.
    pub group_by: Vec<GroupKey>,
    /// Which answers, by local day of submission (and which tickets, by local day of creation,
    /// for the response rate).
    pub period: PeriodSpec,
    /// "Now", UTC seconds; default: the latest creation in the data (`docs/metrics.md`, "Now").
    pub as_of: Option<i64>,
    /// How many customers were asked in the period; gives the response rate of the whole period
    /// (grouped rows get none: the invitations are not known per group).
    pub invited: Option<u64>,
}

/// The NPS figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsRow {
    /// The group's key values, in the order of [`NpsReport::group_by`]; `None` for an empty
    /// value.
    pub group: Vec<Option<String>>,
    /// Answers.
    pub responses: u64,
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// `promoters / responses × 100`.
    pub promoters_pct: Option<f64>,
    /// `passives / responses × 100`.
    pub passives_pct: Option<f64>,
    /// `detractors / responses × 100`.
    pub detractors_pct: Option<f64>,
    /// `(promoters − detractors) / responses × 100`, in [−100, 100]; `None` without answers.
    pub nps: Option<f64>,
    /// The 95% margin of error of `nps`, in NPS points.
    pub nps_moe: Option<f64>,
    /// Answers linked to a ticket by `ticket_id` (all answers when the surveys have no
    /// `ticket_id`).
    pub linked: u64,
    /// Tickets of the group created in the period and resolved by `as_of`; `None` without
    /// tickets.
    pub resolved: Option<u64>,
    /// The response rate per [`NpsReport::rate_basis`]; `None` when it cannot be computed.
    pub response_rate_pct: Option<f64>,
    /// Fewer than [`SMALL_SAMPLE`] answers.
    pub small_sample: bool,
}

/// NPS for a set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsReport {
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The instant answers were counted up to, UTC seconds.
    pub as_of: i64,
    /// The local days covered.
    pub period: Period,
    /// What the response rate divides by; `None` without tickets or invitations.
    pub rate_basis: Option<RateBasis>,
    /// One row per group, sorted by the keys. With tickets, groups that resolved tickets but got
    /// no answer are rows too.
    pub rows: Vec<NpsRow>,
    /// The figures over every row.
    pub total: NpsRow,
    /// Data problems found while computing (e.g. ticket ids that match no ticket).
    pub warnings: Vec<Warning>,
}

/// Computes NPS from the answers of kind `nps` (or of no kind) in `surveys`, on the 0–10 scale;
/// `tickets`, when given, supply the ticket fields of linked answers and the resolved tickets of
/// the response rate.
///
/// # Errors
///
/// The scale errors of [`Surveys::scale`] (an answer outside 0–10 names its line);
/// [`Error::InvalidOption`] for an invitation count of 0; an invalid period.
pub fn nps(
    surveys: &Surveys,
    tickets: Option<&Tickets>,
    options: &NpsOptions,
) -> Result<NpsReport> {
    if options.invited == Some(0) {
        return Err(Error::option(
            "--invited",
            "0",
            "must be at least 1 (the number of customers asked)",
        ));
    }
    let prepared = prepare(
        surveys,
        tickets,
        &Request {
            kind: SurveyKind::Nps,
            scale: Some(Scale::ZeroToTen),
            group_by: &options.group_by,
            period: options.period,
            as_of: options.as_of,
            at_least: &|_| Ok([PROMOTER_FROM, PASSIVE_FROM]),
            at_most: &|_| DETRACTOR_TO,
        },
    )?;
    let basis = match options.invited {
        Some(_) => Some(RateBasis::Invited),
        None => prepared.rate_basis,
    };
    let ungrouped = options.group_by.is_empty();
    let mut rows: Vec<NpsRow> = prepared
        .groups
        .iter()
        .map(|(label, c)| {
            let invited = options.invited.filter(|_| ungrouped);
            row(label.values.clone(), c, basis, invited)
        })
        .collect();
    let total = row(Vec::new(), &prepared.total(), basis, options.invited);
    if ungrouped && rows.is_empty() && options.invited.is_some() {
        // Invitations without a single answer: a response rate of 0 is worth a row.
        rows.push(total.clone());
    }
    let Prepared {
        as_of,
        period,
        warnings,
        ..
    } = prepared;
    Ok(NpsReport {
        group_by: options.group_by.clone(),
        as_of,
        period,
        rate_basis: basis,
        rows,
        total,
        warnings,
    })
}

fn row(
    group: Vec<Option<String>>,
    c: &Counts,
    basis: Option<RateBasis>,
    invited: Option<u64>,
) -> NpsRow {
    let [promoters, promoters_and_passives] = c.at_least;
    let detractors = c.at_most;
    let n = c.responses;
    let response_rate_pct = match basis {
        Some(RateBasis::Invited) => invited.and_then(|i| percent(n, i)),
        Some(_) => c.resolved.and_then(|r| percent(c.linked, r)),
        None => None,
    };
    NpsRow {
        group,
        responses: n,
        promoters,
        passives: promoters_and_passives - promoters,
        detractors,
        promoters_pct: percent(promoters, n),
        passives_pct: percent(promoters_and_passives - promoters, n),
        detractors_pct: percent(detractors, n),
        nps: (n > 0).then(|| (promoters as f64 - detractors as f64) * 100.0 / n as f64),
        nps_moe: nps_margin_of_error(promoters, detractors, n, Z_95),
        linked: c.linked,
        resolved: c.resolved,
        response_rate_pct,
        small_sample: n < SMALL_SAMPLE,
    }
}

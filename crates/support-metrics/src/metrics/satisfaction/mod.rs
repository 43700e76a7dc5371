//! Satisfaction: CSAT and NPS from survey answers, with sample sizes, response rates and
//! intervals, so that a figure from three answers cannot pass for a figure from three hundred.
//!
//! Definitions (docs/metrics.md has them in full):
//! - An answer belongs to the period, week and month of its `submitted_at`, on the configured
//!   zone's clock; answers submitted after `as_of` did not exist yet.
//! - Its agent, team, channel and site are the survey row's own, or else those of the ticket its
//!   `ticket_id` names; its priority is the ticket's.
//! - [`csat`]: `csat_pct = satisfied / responses × 100`, the satisfied being the answers at or
//!   above a threshold of the scale (the top boxes by default), with a 95% Wilson interval and
//!   the mean score.
//! - [`nps`]: promoters 9–10, passives 7–8, detractors 0–6;
//!   `nps = (promoters − detractors) / responses × 100` with its 95% margin of error.
//! - The response rate, when tickets are given: answers (those linked to a ticket, when the
//!   surveys carry `ticket_id`) / resolved tickets of the same group and period × 100, the
//!   resolved tickets counted as `supportctl response` counts them (created in the period,
//!   resolved by `as_of`). For NPS an invitation count may be given instead.

mod csat;
mod nps;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;

use super::group::{
    GroupKey, GroupLabels, decode_keys_with, dimension_columns, key_columns, key_exprs,
    key_exprs_at, period_filter, period_filter_at,
};
use crate::error::Result;
use crate::ingest::surveys::{SURVEY_DIMENSIONS, Scale, SurveyKind, Surveys};
use crate::ingest::{Dimension, Tickets, Warning};
use crate::period::{Period, PeriodSpec, local_day};

pub use csat::{CsatOptions, CsatReport, CsatRow, csat};
pub use nps::{NpsOptions, NpsReport, NpsRow, nps};

/// Groups with fewer answers than this are marked as small samples: their figures are shown,
/// with their intervals, but nobody should rank on them.
pub const SMALL_SAMPLE: u64 = 30;

/// What the response rate of a report divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// Answers linked to a ticket by `ticket_id` / resolved tickets.
    LinkedAnswers,
    /// All answers / resolved tickets (the surveys have no `ticket_id`).
    AllAnswers,
    /// All answers / the number of customers invited or surveys sent (`--invited`; whole period
    /// only).
    Invited,
}

impl RateBasis {
    /// The definition in words, for notes under a table.
    pub fn describe(self) -> &'static str {
        match self {
            RateBasis::LinkedAnswers => {
                "answers linked to a ticket / tickets created in the period and resolved"
            }
            RateBasis::AllAnswers => {
                "answers / tickets created in the period and resolved (the surveys have no ticket_id)"
            }
            RateBasis::Invited => {
                "answers / surveys sent (--invited, or the export's answered and `Offered` ratings)"
            }
        }
    }
}

/// The optional ticket columns the satisfaction figures read, for grouping by `group_by`; a
/// loader can skip the others
/// ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)).
pub fn needed_ticket_columns(group_by: &[GroupKey]) -> Vec<&'static str> {
    let mut columns = vec!["id", "resolved_at", "resolution_minutes"];
    // The survey row may lack any dimension, so every one used for grouping comes from the
    // ticket too.
    columns.extend(dimension_columns(group_by));
    columns
}

/// Whether each of `ids` is in `wanted`, the chunks of `ids` probed in parallel.
fn named_in(
    ids: &StringChunked,
    wanted: &std::collections::HashSet<&str, foldhash::fast::RandomState>,
) -> BooleanChunked {
    use rayon::prelude::*;
    // Pieces of a million ids, in order, so that one large chunk is spread over the threads too.
    const PIECE: usize = 1 << 20;
    let pieces: Vec<_> = ids
        .downcast_iter()
        .flat_map(|chunk| {
            (0..chunk.len())
                .step_by(PIECE)
                .map(move |start| chunk.clone().sliced(start, PIECE.min(chunk.len() - start)))
        })
        .collect();
    let parts: Vec<Vec<bool>> = pieces
        .par_iter()
        .map(|piece| {
            piece
                .iter()
                .map(|id| id.is_some_and(|id| wanted.contains(id)))
                .collect()
        })
        .collect();
    BooleanChunked::from_slice("keep".into(), &parts.concat())
}

/// The answers of one kind in the period, grouped, and the resolved tickets of each group.
struct Prepared {
    /// Per group: key columns, `responses`, `linked` and the aggregates the caller asked for.
    groups: Vec<(GroupLabels, Counts)>,
    as_of: i64,
    period: Period,
    scale: Option<Scale>,
    rate_basis: Option<RateBasis>,
    warnings: Vec<Warning>,
}

/// The additive figures of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts {
    responses: u64,
    /// Answers linked to a ticket (all answers when the surveys have no `ticket_id`).
    linked: u64,
    /// Resolved tickets; `None` without tickets.
    resolved: Option<u64>,
    /// Answers at or above each threshold, in the order given.
    at_least: [u64; 2],
    /// Answers at or below the low threshold.
    at_most: u64,
    /// The sum of the scores.
    score_sum: i64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.responses += other.responses;
        self.linked += other.linked;
        self.resolved = match (self.resolved, other.resolved) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        for (a, b) in self.at_least.iter_mut().zip(other.at_least) {
            *a += b;
        }
        self.at_most += other.at_most;
        self.score_sum += other.score_sum;
    }
}

/// What [`prepare`] needs besides the data.
struct Request<'a> {
    kind: SurveyKind,
    scale: Option<Scale>,
    group_by: &'a [GroupKey],
    period: PeriodSpec,
    as_of: Option<i64>,
    /// Scores counted in `Counts::at_least`, given the scale.
    at_least: &'a dyn Fn(Scale) -> Result<[i64; 2]>,
    /// The score counted in `Counts::at_most`, given the scale.
    at_most: &'a dyn Fn(Scale) -> i64,
}

fn prepare(
    surveys: &Surveys,
    tickets: Option<&Tickets>,
    request: &Request<'_>,
) -> Result<Prepared> {
    request.period.validate()?;
    let (scale, score) = surveys.scored(request.kind, request.scale)?;
    let latest = surveys
        .latest_instant()
        .into_iter()
        .chain(tickets.and_then(Tickets::latest_instant))
        .max();
    let as_of = request.as_of.or(latest).unwrap_or(0);
    let period = request.period.resolve(local_day(surveys.to_local(as_of)));

    // One dictionary per dimension: the tickets' values first (so ticket codes stay valid),
    // then the values only the surveys have.
    let mut values: [Vec<String>; 6] = Default::default();
    if let Some(t) = tickets {
        for dim in Dimension::ALL {
            values[dim.index()] = t.values(dim).to_vec();
        }
    }
    let mut frame = surveys.frame().clone();
    frame.with_column(score)?;
    for dim in SURVEY_DIMENSIONS {
        let combined = &mut values[dim.index()];
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut added = Vec::new();
        for (i, v) in combined.iter().enumerate() {
            index.entry(v.as_str()).or_insert(i as u32);
        }
        let remap: Vec<u32> = surveys
            .values(dim)
            .iter()
            .map(|v| match index.get(v.as_str()) {
                Some(&code) => code,
                None => {
                    let code = (combined.len() + added.len()) as u32;
                    index.insert(v.as_str(), code);
                    added.push(v.clone());
                    code
                }
            })
            .collect();
        drop(index);
        combined.extend(added);
        let codes: UInt32Chunked = frame
            .column(dim.column())?
            .u32()?
            .iter()
            .map(|c| c.and_then(|c| remap.get(c as usize).copied()))
            .collect();
        frame.with_column(
            codes
                .with_name(format!("s_{}", dim.column()).into())
                .into_column(),
        )?;
    }

    let mut lazy = frame.lazy().filter(
        col("score")
            .is_not_null()
            .and(col("submitted_at").lt_eq(lit(as_of)))
            .and(period_filter_at(&period, "submitted_local")),
    );
    let linked_by_id = tickets.is_some() && surveys.has_column("ticket_id");
    let mut warnings = Vec::new();
    let code_null = || lit(NULL).cast(DataType::UInt32);
    let mut dims: Vec<Expr> = Vec::new();
    let base = if let Some(t) = tickets.filter(|_| linked_by_id) {
        let mut right = vec![col("id").alias("__ticket"), lit(true).alias("__found")];
        for dim in [
            Dimension::Agent,
            Dimension::Team,
            Dimension::Channel,
            Dimension::Priority,
            Dimension::Site,
        ] {
            right.push(col(dim.column()).alias(format!("t_{}", dim.column())));
        }
        // Only the tickets the answers of the period name take part in the join: a set of those
        // ids, probed with every ticket's id, is far cheaper than hashing every ticket into the
        // join's table (an export has many more tickets than answers).
        let named = lazy
            .clone()
            .select([col("ticket_id")])
            .filter(col("ticket_id").is_not_null())
            .collect()?;
        let named = named.column("ticket_id")?.str()?;
        let wanted: std::collections::HashSet<&str, foldhash::fast::RandomState> =
            named.iter().flatten().collect();
        let ids = t.frame().column("id")?.str()?;
        let keep = named_in(ids, &wanted);
        let right = t
            .frame()
            .filter(&keep)?
            .lazy()
            .select(right)
            .filter(col("__ticket").is_not_null());
        lazy = lazy.left_join(right, col("ticket_id"), col("__ticket"));
        for dim in SURVEY_DIMENSIONS {
            let (s, t) = (
                col(format!("s_{}", dim.column())),
                col(format!("t_{}", dim.column())),
            );
            dims.push(
                when(s.clone().is_not_null())
                    .then(s)
                    .otherwise(t)
                    .alias(dim.column()),
            );
        }
        dims.push(col("t_priority").alias("priority"));
        dims.push(col("__found").fill_null(lit(false)).alias("__linked"));
        dims.push(
            col("ticket_id")
                .is_not_null()
                .and(col("__found").is_null())
                .alias("__unmatched"),
        );
        dims.extend([col("line"), col("score"), col("submitted_local")]);
        // Joined once: the warning and the figures both read it.
        let joined = lazy.select(dims).collect()?;
        let unmatched = joined
            .clone()
            .lazy()
            .filter(col("__unmatched"))
            .select([col("line")])
            .collect()?;
        if unmatched.height() > 0 {
            let mut lines: Vec<u64> = unmatched
                .column("line")?
                .u32()?
                .iter()
                .flatten()
                .map(u64::from)
                .collect();
            lines.sort_unstable();
            lines.truncate(Warning::MAX_LINES);
            warnings.push(Warning {
                file: surveys.source().to_owned(),
                count: unmatched.height() as u64,
                lines,
                message: format!(
                    "a ticket_id that matches no ticket in {}; those answers are kept, without \
                     the ticket's agent, team, channel, priority and site",
                    t.source()
                ),
            });
        }
        joined.lazy()
    } else {
        for dim in SURVEY_DIMENSIONS {
            dims.push(col(format!("s_{}", dim.column())).alias(dim.column()));
        }
        dims.push(code_null().alias("priority"));
        dims.push(lit(true).alias("__linked"));
        dims.extend([col("score"), col("submitted_local")]);
        lazy.select(dims)
    };

    let keys = request.group_by;
    let mut groups: Vec<(GroupLabels, Counts)> = Vec::new();
    let mut index: HashMap<GroupLabels, usize> = HashMap::new();
    if let Some(scale) = scale {
        let [high, top] = (request.at_least)(scale)?;
        let low = (request.at_most)(scale);
        let count = |e: Expr| e.cast(DataType::UInt64).sum().alias("__n");
        let mut columns = key_exprs_at(keys, "submitted_local");
        columns.extend([col("score"), col("__linked")]);
        let out = base
            .select(columns)
            .group_by(key_columns(keys))
            .agg([
                len().cast(DataType::UInt64).alias("responses"),
                count(col("__linked")).alias("linked"),
                count(col("score").gt_eq(lit(high))).alias("high"),
                count(col("score").gt_eq(lit(top))).alias("top"),
                count(col("score").lt_eq(lit(low))).alias("low"),
                col("score").sum().alias("score_sum"),
            ])
            .collect()?;
        let labels = decode_keys_with(&out, keys, |d| values[d.index()].as_slice())?;
        let u = |name: &str| -> Result<Vec<u64>> {
            Ok(out
                .column(name)?
                .cast(&DataType::UInt64)?
                .u64()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect())
        };
        let (responses, linked, high, top, low) = (
            u("responses")?,
            u("linked")?,
            u("high")?,
            u("top")?,
            u("low")?,
        );
        let sums: Vec<i64> = out
            .column("score_sum")?
            .cast(&DataType::Int64)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect();
        for (i, label) in labels.into_iter().enumerate() {
            if responses[i] == 0 {
                continue;
            }
            index.insert(label.clone(), groups.len());
            groups.push((
                label,
                Counts {
                    responses: responses[i],
                    linked: linked[i],
                    resolved: None,
                    at_least: [high[i], top[i]],
                    at_most: low[i],
                    score_sum: sums[i],
                },
            ));
        }
    }

    // The resolved tickets of each group, counted as `response` counts them.
    let rate_basis = match tickets {
        Some(t) => {
            let keep = col("created_at")
                .lt_eq(lit(as_of))
                .and(period_filter(&period))
                .and(col("resolved_at").lt_eq(lit(as_of)))
                .and(col("resolved_at").gt_eq(col("created_at")));
            let out = t
                .frame()
                .clone()
                .lazy()
                .filter(keep)
                .group_by(key_exprs(keys))
                .agg([len().cast(DataType::UInt64).alias("resolved")])
                .collect()?;
            let labels = decode_keys_with(&out, keys, |d| values[d.index()].as_slice())?;
            let resolved = out.column("resolved")?.u64()?;
            for (label, n) in labels.into_iter().zip(resolved.iter()) {
                let n = n.unwrap_or(0);
                match index.get(&label) {
                    Some(&i) => groups[i].1.resolved = Some(n),
                    None if n > 0 => {
                        index.insert(label.clone(), groups.len());
                        groups.push((
                            label,
                            Counts {
                                resolved: Some(n),
                                ..Counts::default()
                            },
                        ));
                    }
                    None => {}
                }
            }
            for (_, counts) in &mut groups {
                counts.resolved.get_or_insert(0);
            }
            Some(if linked_by_id {
                RateBasis::LinkedAnswers
            } else {
                RateBasis::AllAnswers
            })
        }
        None => None,
    };
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Prepared {
        groups,
        as_of,
        period,
        scale,
        rate_basis,
        warnings,
    })
}

impl Prepared {
    /// The counts over every group.
    fn total(&self) -> Counts {
        let mut total = Counts::default();
        for (_, c) in &self.groups {
            total.add(c);
        }
        total
    }
}

/// `part / whole × 100`; `None` when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

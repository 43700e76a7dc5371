//! Satisfaction answers carried on the ticket rows of an export — Zendesk's `Satisfaction
//! Score`, Freshdesk's `Survey results`, Jira's `Satisfaction rating` — read into the canonical
//! `satisfaction` column, for the satisfaction metrics.

use super::{Dimension, Tickets};
use crate::error::Result;

/// One ticket's satisfaction answer, as exported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TicketRating {
    /// The ticket's id.
    pub ticket_id: String,
    /// When the ticket was created, UTC seconds.
    pub created_at: i64,
    /// When it was resolved, UTC seconds, if it was.
    pub resolved_at: Option<i64>,
    /// The ticket's agent, team and channel, when the export has them.
    pub agent: Option<String>,
    /// The ticket's team.
    pub team: Option<String>,
    /// The ticket's channel.
    pub channel: Option<String>,
    /// The answer as written in the export, trimmed: `Good`, `Bad`, `Offered`, `Not Offered`,
    /// `4`, `Extremely satisfied`, … Deciding which of these are answers, and on which scale,
    /// is the satisfaction metric's business.
    pub score: String,
}

impl TicketRating {
    /// When the answer may be taken to have been given: the resolution (surveys are sent when a
    /// ticket is solved), else the creation.
    pub fn answered_at(&self) -> i64 {
        self.resolved_at.unwrap_or(self.created_at)
    }
}

/// The satisfaction answers on the tickets' rows, one per ticket with a non-empty
/// `satisfaction` cell, in input order. Empty when the export has no satisfaction column (see
/// [`Tickets::has_column`]`("satisfaction")`) or it was not read (leave `satisfaction` in
/// [`IngestOptions::needed`](super::IngestOptions::needed), or set that to `None`).
///
/// # Errors
///
/// Only when the frame is not the one [`load_tickets`](super::load_tickets) builds.
pub fn ticket_ratings(tickets: &Tickets) -> Result<Vec<TicketRating>> {
    let frame = tickets.frame();
    let scores = frame.column("satisfaction")?.str()?;
    if scores.null_count() == scores.len() {
        return Ok(Vec::new());
    }
    let ids = frame.column("id")?.str()?;
    let created = frame.column("created_at")?.i64()?;
    let resolved = frame.column("resolved_at")?.i64()?;
    let label = |dimension: Dimension| -> Result<Vec<Option<String>>> {
        let values = tickets.values(dimension);
        Ok(frame
            .column(dimension.column())?
            .u32()?
            .iter()
            .map(|code| code.and_then(|c| values.get(c as usize).cloned()))
            .collect())
    };
    let (agents, teams, channels) = (
        label(Dimension::Agent)?,
        label(Dimension::Team)?,
        label(Dimension::Channel)?,
    );
    let mut out = Vec::new();
    for (i, score) in scores.iter().enumerate() {
        let Some(score) = score.map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        out.push(TicketRating {
            ticket_id: ids.get(i).unwrap_or_default().to_owned(),
            created_at: created.get(i).unwrap_or_default(),
            resolved_at: resolved.get(i),
            agent: agents[i].clone(),
            team: teams[i].clone(),
            channel: channels[i].clone(),
            score: score.to_owned(),
        });
    }
    Ok(out)
}

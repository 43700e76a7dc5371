//! Figures that could not be computed from an input, with why and what would fix it: the
//! alternative to a silent zero ("0 answered, SLA 0%") when an export lacks what a figure needs.

use serde::Serialize;

use crate::ingest::Tickets;
use crate::ingest::columns::Lookalike;

/// A family of figures computed from one kind of input column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figures {
    /// Answered and unanswered counts and first response times, which need to know when each
    /// ticket was first answered.
    FirstResponse,
    /// The SLA counts and rate: from the first responses, or from the export's own verdicts.
    Sla,
    /// Resolved counts and resolution times.
    Resolution,
}

impl Figures {
    /// How the family is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Figures::FirstResponse => "first-response figures (answered, no reply, FRT)",
            Figures::Sla => "SLA figures (met, breached, pending)",
            Figures::Resolution => "resolution figures (resolved, resolution times)",
        }
    }
}

/// A family of figures that could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// Which figures.
    pub figures: Figures,
    /// Why, in a sentence.
    pub reason: String,
    /// What would make them computable.
    pub fix: String,
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} are unavailable: {}; {}",
            self.figures.describe(),
            self.reason,
            self.fix
        )
    }
}

/// The unused headers of `tickets` that could be one of `columns`, quoted for a message.
fn candidates(tickets: &Tickets, columns: &[&str]) -> Vec<String> {
    tickets
        .columns()
        .lookalikes
        .iter()
        .filter(|l: &&Lookalike| l.could_be.is_some_and(|c| columns.contains(&c)))
        .map(|l| format!("`{}`", l.header))
        .collect()
}

/// The response figures `tickets` cannot give: the first-response family without a
/// first-response column, the SLA without first responses or the export's own verdicts, the
/// resolution family without a resolution column. Nothing for an input without tickets.
pub fn response_gaps(tickets: &Tickets) -> Vec<Unavailable> {
    let mut out = Vec::new();
    if tickets.is_empty() {
        return out;
    }
    if !tickets.has_first_responses() {
        let calendar = candidates(
            tickets,
            &[
                "first_response_at",
                "first_response_minutes",
                "first_response_hours",
                "first_response_seconds",
            ],
        );
        let business_columns = [
            "first_response_business_minutes",
            "first_response_business_hours",
            "first_response_business_seconds",
        ];
        // The business-time reply columns, read or left unused, by their headers.
        let mut business: Vec<String> = tickets
            .columns()
            .found
            .iter()
            .filter(|f| business_columns.contains(&f.column))
            .flat_map(|f| f.headers.iter().map(|h| format!("`{h}`")))
            .collect();
        business.extend(candidates(tickets, &business_columns));
        let reason = if tickets.has_business_first_responses() || !business.is_empty() {
            let named = if business.is_empty() {
                String::new()
            } else {
                format!(" ({})", business.join(", "))
            };
            format!(
                "the export gives the first reply only as a duration in business hours{named}, \
                 which cannot be turned into the time of the reply"
            )
        } else {
            "the export has no first-response column (first_response_at, or a duration such as \
             first_response_minutes)"
                .to_owned()
        };
        let fix = match calendar.as_slice() {
            [] => "export the time of the first reply (or the first reply time in calendar \
                   minutes) and map it with --map first_response_at=HEADER or \
                   --map first_response_minutes=HEADER"
                .to_owned(),
            some => format!(
                "{} looks like one: map it with --map first_response_at=HEADER (a time) or \
                 --map first_response_minutes=HEADER (a duration)",
                some.join(", ")
            ),
        };
        if !tickets.has_column("sla_met") {
            out.push(Unavailable {
                figures: Figures::Sla,
                reason: "it is judged on the first responses, and the export has neither them nor \
                         its own SLA verdicts"
                    .to_owned(),
                fix: "the same as for the first-response figures".to_owned(),
            });
        }
        out.insert(
            0,
            Unavailable {
                figures: Figures::FirstResponse,
                reason,
                fix,
            },
        );
    }
    if !tickets.has_resolution_times() {
        let candidates = candidates(
            tickets,
            &[
                "resolved_at",
                "resolution_minutes",
                "resolution_hours",
                "resolution_seconds",
            ],
        );
        let fix = match candidates.as_slice() {
            [] => "export the resolution time and map it with --map resolved_at=HEADER".to_owned(),
            some => format!(
                "{} looks like one: map it with --map resolved_at=HEADER (a time) or \
                 --map resolution_minutes=HEADER (a duration)",
                some.join(", ")
            ),
        };
        out.push(Unavailable {
            figures: Figures::Resolution,
            reason: "the export has no resolution column (resolved_at, or a duration such as \
                     resolution_minutes)"
                .to_owned(),
            fix,
        });
    }
    out
}

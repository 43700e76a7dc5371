//! Satisfaction answers carried on the tickets' rows (Zendesk, Freshdesk, Jira exports), read as
//! a survey export so that they go through the same scales and checks.

use std::io::Cursor;

use chrono::DateTime;

use super::{Surveys, read_surveys};
use crate::error::{Error, Location, Result};
use crate::ingest::IngestOptions;
use crate::ingest::tickets::{TicketRating, Tickets, ticket_ratings};
use crate::period::{Period, local_day};

/// Cells that say a survey was offered (or not) but not answered: no answer.
const NOT_ANSWERS: [&str; 5] = [
    "offered",
    "not offered",
    "unoffered",
    "not answered",
    "none",
];

/// Cells that say a survey was sent and not answered (Zendesk's `Offered`).
const SENT_UNANSWERED: [&str; 2] = ["offered", "not answered"];

/// How many surveys the tickets' satisfaction column says were sent, over the local days of
/// `period` up to `as_of` (UTC seconds): the answers and the cells that say a survey was sent
/// and not answered (Zendesk's `Offered`), each dated like the answers (the ticket's resolution,
/// else its creation). `None` when no cell says a survey went unanswered: the column then tells
/// the answers only, not the surveys sent.
///
/// # Errors
///
/// Only when the tickets' frame is not the one the loader builds.
pub fn surveys_sent(tickets: &Tickets, period: &Period, as_of: i64) -> Result<Option<u64>> {
    if !tickets.has_column("satisfaction") {
        return Ok(None);
    }
    let mut unanswered_seen = false;
    let mut sent = 0u64;
    for r in ticket_ratings(tickets)? {
        let score = r.score.trim().to_lowercase();
        let unanswered = SENT_UNANSWERED.contains(&score.as_str());
        if !unanswered && NOT_ANSWERS.contains(&score.as_str()) {
            continue;
        }
        unanswered_seen |= unanswered;
        let at = r.answered_at();
        if at <= as_of && period.contains_day(local_day(tickets.to_local(at))) {
            sent += 1;
        }
    }
    Ok(unanswered_seen.then_some(sent))
}

/// Freshdesk's five-point answers, as the 1–5 scores they stand for.
const FIVE_POINT_LABELS: [(&str, &str); 8] = [
    ("extremely satisfied", "5"),
    ("satisfied", "4"),
    ("neutral", "3"),
    ("not satisfied", "2"),
    ("unsatisfied", "2"),
    ("dissatisfied", "2"),
    ("extremely unsatisfied", "1"),
    ("extremely dissatisfied", "1"),
];

/// The score as the survey reader takes it: Freshdesk's words become their 1–5 numbers.
fn score(text: &str) -> &str {
    let lower = text.trim().to_lowercase();
    FIVE_POINT_LABELS
        .iter()
        .find(|(label, _)| *label == lower)
        .map_or(text, |(_, number)| number)
}

/// The answers in the tickets' `satisfaction` column as [`Surveys`], or `None` when the column is
/// absent, was not read, or holds no answer.
///
/// Each answer is dated at its ticket's resolution (else its creation) and linked to its ticket
/// by `ticket_id`, so it takes the ticket's agent, team and channel. Cells that only say a survey
/// was offered (`Offered`, `Not Offered`, …) are not answers and are left out; Freshdesk's words
/// (`Extremely satisfied` … `Extremely unsatisfied`) are read as 5 … 1 on the 1-5 scale. The answers are
/// read like a survey file named `<tickets> (satisfaction column)`: an unknown label is an
/// [`Error`] naming the ticket.
///
/// # Errors
///
/// A score that is neither a number nor a known label (the message names the ticket id).
pub fn surveys_from_tickets(tickets: &Tickets, options: &IngestOptions) -> Result<Option<Surveys>> {
    if !tickets.has_column("satisfaction") {
        return Ok(None);
    }
    let ratings = answers(tickets)?;
    if ratings.is_empty() {
        return Ok(None);
    }
    let name = format!("{} (satisfaction column)", tickets.source());
    let mut csv = csv::Writer::from_writer(Vec::new());
    // Writing to memory fails only if memory does.
    let write_error = |e: csv::Error| Error::Io {
        path: name.clone(),
        error: std::io::Error::other(e),
    };
    csv.write_record(["submitted_at", "score", "ticket_id"])
        .map_err(write_error)?;
    for r in &ratings {
        let at = DateTime::from_timestamp(r.answered_at(), 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        csv.write_record([at.as_str(), score(&r.score), r.ticket_id.as_str()])
            .map_err(write_error)?;
    }
    let bytes = csv.into_inner().map_err(|e| Error::Io {
        path: name.clone(),
        error: e.into_error(),
    })?;
    // The synthetic file has canonical headers and instants in UTC: no mapping, no guessing.
    let read = IngestOptions {
        tz: options.tz,
        ..IngestOptions::default()
    };
    read_surveys(&name, Box::new(Cursor::new(bytes)), &read)
        .map(Some)
        .map_err(|e| in_the_export(e, &name, tickets, &ratings))
}

/// The ratings that are answers, in the order of the survey rows [`surveys_from_tickets`] makes.
fn answers(tickets: &Tickets) -> Result<Vec<TicketRating>> {
    Ok(ticket_ratings(tickets)?
        .into_iter()
        .filter(|r| !NOT_ANSWERS.contains(&r.score.to_lowercase().as_str()))
        .collect())
}

/// An error the satisfaction figures raised about the answers [`surveys_from_tickets`] made of
/// `tickets` (a score outside the scale, say), told of the export instead: its satisfaction
/// column under the user's header and the ticket, not a line of the survey rows made in memory.
/// Any other error is returned as it is.
pub fn rating_error_in_the_export(error: Error, tickets: &Tickets) -> Error {
    let name = format!("{} (satisfaction column)", tickets.source());
    match answers(tickets) {
        Ok(ratings) => in_the_export(error, &name, tickets, &ratings),
        Err(_) => error,
    }
}

/// An error about a row of the synthetic survey file, told of the export it came from: its
/// satisfaction column under the header the user knows, the ticket it is on, and the fix in
/// terms of that column (the synthetic file's line and `score` column mean nothing to the user).
fn in_the_export(error: Error, name: &str, tickets: &Tickets, ratings: &[TicketRating]) -> Error {
    match error {
        Error::BadValue {
            location,
            value,
            problem,
            hint,
        } if location.file == name => {
            // Line 1 is the header; row i of `ratings` is line i + 2.
            let ticket = location
                .line
                .and_then(|line| line.checked_sub(2))
                .and_then(|i| ratings.get(i as usize))
                .map(|r| r.ticket_id.clone());
            let header = tickets
                .columns()
                .get("satisfaction")
                .and_then(|f| f.headers.first().cloned())
                .unwrap_or_else(|| "satisfaction".to_owned());
            Error::BadValue {
                location: Location {
                    file: tickets.source().to_owned(),
                    line: None,
                    column: Some(header),
                },
                value,
                problem: match ticket {
                    Some(id) => format!("{problem} (the rating of ticket {id})"),
                    None => problem,
                },
                hint: hint.replace("--map score=HEADER", "--map satisfaction=HEADER"),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Input, load_tickets};

    fn tickets(csv: &'static str) -> Tickets {
        load_tickets(
            Input::from_reader("t.csv", csv.as_bytes()),
            &IngestOptions::default(),
        )
        .expect("tickets load")
    }

    #[test]
    fn answers_on_ticket_rows_become_survey_answers() {
        // Three answers (Good, Bad, Good); "Offered" and an empty cell are not answers.
        let t = tickets(
            "id,created_at,resolved_at,agent,satisfaction\n\
             1,2024-03-18 09:00,2024-03-18 10:00,Anna,Good\n\
             2,2024-03-18 09:00,2024-03-18 11:00,Ivan,bad\n\
             3,2024-03-18 09:00,,Anna,Offered\n\
             4,2024-03-18 09:00,2024-03-18 12:00,Anna,\n\
             5,2024-03-19 09:00,2024-03-19 10:00,Ivan,Good\n",
        );
        let surveys = surveys_from_tickets(&t, &IngestOptions::default())
            .expect("reads")
            .expect("has answers");
        assert_eq!(surveys.len(), 3);
        assert!(surveys.source().contains("satisfaction column"));
    }

    #[test]
    fn freshdesk_words_are_five_point_scores() {
        assert_eq!(score("Extremely satisfied"), "5");
        assert_eq!(score("satisfied"), "4");
        assert_eq!(score("Neutral"), "3");
        assert_eq!(score("Extremely Unsatisfied"), "1");
        assert_eq!(score("Good"), "Good");
    }

    #[test]
    fn no_column_or_no_answers_is_none() {
        let t = tickets("id,created_at\n1,2024-03-18 09:00\n");
        assert!(
            surveys_from_tickets(&t, &IngestOptions::default())
                .expect("reads")
                .is_none()
        );
        let t = tickets("id,created_at,satisfaction\n1,2024-03-18 09:00,Not Offered\n");
        assert!(
            surveys_from_tickets(&t, &IngestOptions::default())
                .expect("reads")
                .is_none()
        );
    }

    #[test]
    fn surveys_sent_count_the_answers_and_the_offered() {
        // Good and Bad answered, Offered sent and unanswered, Not Offered none sent: 3 sent.
        // Ticket 4 was resolved on 03-19, outside a period of 03-18 alone: 2 sent then.
        let t = tickets(
            "id,created_at,resolved_at,satisfaction\n\
             1,2024-03-18 09:00,2024-03-18 10:00,Good\n\
             2,2024-03-18 09:00,2024-03-18 11:00,Offered\n\
             3,2024-03-18 09:00,2024-03-18 12:00,Not Offered\n\
             4,2024-03-18 09:00,2024-03-19 10:00,Bad\n",
        );
        let all = Period::default();
        assert_eq!(surveys_sent(&t, &all, i64::MAX).expect("counts"), Some(3));
        // 2024-03-18 is day 19 800.
        let monday = Period {
            from_day: Some(19_800),
            to_day: Some(19_801),
        };
        assert_eq!(
            surveys_sent(&t, &monday, i64::MAX).expect("counts"),
            Some(2)
        );
        // Without an `Offered` cell the column tells the answers only.
        let answers_only = tickets(
            "id,created_at,resolved_at,satisfaction\n1,2024-03-18 09:00,2024-03-18 10:00,Good\n",
        );
        assert_eq!(
            surveys_sent(&answers_only, &all, i64::MAX).expect("counts"),
            None
        );
    }
}

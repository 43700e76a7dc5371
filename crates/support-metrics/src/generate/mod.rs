//! Deterministic synthetic helpdesk data.
//!
//! [`write_tickets`] writes a ticket export as CSV with the canonical header
//! [`TICKETS_HEADER`]:
//!
//! ```text
//! id,created_at,first_response_at,resolved_at,agent,team,channel,priority,status,site,due_at
//! T0000001,2025-03-03 00:10:00,2025-03-03 00:28:30,2025-03-03 04:00:49,Anna Petrova,L1 Account managers,email,normal,solved,Moscow,2025-03-06 00:10:00
//! T0000002,2025-03-03 00:33:13,2025-03-03 00:37:51,2025-03-04 18:22:43,Ivan Sokolov,L2 Technical support,chat,low,solved,Moscow,2025-03-10 00:33:13
//! ```
//!
//! The data behaves like a real support desk:
//! - arrivals follow a weekday × hour curve: working days much busier than
//!   weekends, the peak at 10:00–13:00, a smaller afternoon bump, quiet nights;
//! - first-response times are log-normal by priority (urgent fastest) and
//!   channel (chat and phone fast, e-mail slow); tickets created in busy
//!   slots (many arrivals per agent on duty) wait several times longer than
//!   off-peak ones, about 2 hours on average at the peak; a few e-mail and
//!   web tickets are forgotten in the queue for 8 to 48 hours;
//! - about 3 % of tickets never get a first response, about 0.1 % carry a
//!   first response *before* creation (a data error real exports have, counted
//!   as `invalid_order` by the metrics), and about 8 % are answered but not
//!   resolved; the export is a snapshot at the end of the period, so the last
//!   days' tickets are more often still open or pending;
//! - one senior agent takes noticeably more tickets and one newcomer
//!   noticeably fewer; about 2 % of tickets have no agent;
//! - every ticket is due a fixed time after creation by priority
//!   ([`DUE_AFTER`]: urgent 4 hours, high 1 day, normal 3 days, low 7 days),
//!   derived without a random draw, so the other columns of a seed are the
//!   same as before the column was added.
//!
//! The same [`GenerateOptions`] give byte-identical output on every platform:
//! ChaCha8 streams, integer apportionment of arrivals, integer date
//! arithmetic, and exp/ln built from IEEE-exact operations only. Each aspect
//! of the data draws from its own ChaCha8 stream, so later additions on new
//! streams leave the existing columns unchanged.
//!
//! Generation streams: [`Tickets`] yields one [`GeneratedTicket`] at a time
//! and memory does not grow with the number of tickets.
//!
//! [`write_surveys`] writes survey answers about the same tickets (header
//! [`SURVEYS_HEADER`]): CSAT 1–5 from about 30 % of the resolved tickets' customers and NPS
//! 0–10 from about 8 %, told apart by `kind` and linked by `ticket_id`, with scores that fall
//! as the wait for a first response grows (see the `surveys` module for the model).
//!
//! [`write_scorecard`] and [`write_criteria`] write the roster's Baramba
//! scorecard (wide form) and its criteria list, on a stream of their own: see
//! the `scorecard` module's notes for the trends it holds.
//!
//! [`write_daily`] writes the roster's daily plan/fact reports (header
//! [`DAILY_HEADER`]), one per agent per working day, on a stream of its own:
//! see the `daily` module for the model.

mod daily;
mod format;
mod math;
mod parquet;
mod scorecard;
mod surveys;
mod tickets;
mod world;

use std::io::{BufWriter, Write};

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

pub use daily::{DAILY_HEADER, write_daily};
pub use parquet::write_tickets_parquet;
pub use scorecard::{CRITERIA, CRITERIA_HEADER, scorecard_header, write_criteria, write_scorecard};
pub use surveys::{SURVEYS_HEADER, write_surveys};
pub use tickets::{DUE_AFTER, GeneratedTicket, Tickets};
pub use world::{Agent, Channel, Priority, Seniority, Site, Status, Team};

/// Header of the ticket export, canonical column names.
pub const TICKETS_HEADER: &str =
    "id,created_at,first_response_at,resolved_at,agent,team,channel,priority,status,site,due_at";

/// Most tickets one run may generate.
pub const MAX_TICKETS: u64 = 100_000_000;

/// Most agents a roster may have.
pub const MAX_AGENTS: u32 = 200;

/// Smallest number of digits of a ticket id (`T0000001`); longer when the
/// number of tickets needs more.
pub const MIN_ID_DIGITS: usize = 7;

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 9999;

const DEFAULT_START: NaiveDate = match NaiveDate::from_ymd_opt(2025, 3, 3) {
    Some(date) => date,
    None => panic!("invalid default start date"),
};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of tickets, 1 to [`MAX_TICKETS`]; exactly this many rows are written.
    pub tickets: u64,
    /// Seed of every random choice.
    pub seed: u64,
    /// First day of the period; snapped back to its Monday.
    pub start: NaiveDate,
    /// Length of the period in weeks, at least 1. The export is a snapshot
    /// taken at the end of the period.
    pub weeks: u32,
    /// Number of agents in the roster, 1 to [`MAX_AGENTS`].
    pub agents: u32,
}

impl Default for GenerateOptions {
    /// 20,000 tickets over four weeks from Monday 2025-03-03, eight agents, seed 42.
    fn default() -> Self {
        Self {
            tickets: 20_000,
            seed: 42,
            start: DEFAULT_START,
            weeks: 4,
            agents: 8,
        }
    }
}

impl GenerateOptions {
    /// The options `testdata/demo` is generated with (see its README).
    #[cfg(test)]
    pub(crate) fn demo() -> Self {
        GenerateOptions {
            tickets: 5_000,
            seed: 1,
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date"),
            weeks: 12,
            agents: 8,
        }
    }

    /// Checks the ranges of every option.
    pub fn validate(&self) -> Result<(), GenerateError> {
        if !(1..=MAX_TICKETS).contains(&self.tickets) {
            return Err(GenerateError::Tickets {
                tickets: self.tickets,
            });
        }
        if self.weeks == 0 {
            return Err(GenerateError::Weeks);
        }
        if !(1..=MAX_AGENTS).contains(&self.agents) {
            return Err(GenerateError::Agents {
                agents: self.agents,
            });
        }
        self.period().map(|_| ())
    }

    /// The Monday the period starts on: `start`, snapped back to its Monday.
    pub fn period_start(&self) -> Result<NaiveDate, GenerateError> {
        self.period().map(|(start, _)| start)
    }

    /// The day after the period (exclusive end, the snapshot date).
    pub fn period_end(&self) -> Result<NaiveDate, GenerateError> {
        self.period().map(|(_, end)| end)
    }

    fn period(&self) -> Result<(NaiveDate, NaiveDate), GenerateError> {
        let out_of_range = || GenerateError::Period {
            start: self.start,
            weeks: self.weeks,
        };
        let back = u64::from(self.start.weekday().num_days_from_monday());
        let monday = self
            .start
            .checked_sub_days(Days::new(back))
            .ok_or_else(out_of_range)?;
        let end = monday
            .checked_add_days(Days::new(u64::from(self.weeks) * 7))
            .ok_or_else(out_of_range)?;
        // The end is exclusive: the last timestamp is on the day before.
        let last_day = end.pred_opt().ok_or_else(out_of_range)?;
        if monday.year() < FIRST_YEAR || last_day.year() > LAST_YEAR {
            return Err(out_of_range());
        }
        Ok((monday, end))
    }

    /// Start and exclusive end of the period in Unix seconds.
    fn period_seconds(&self) -> Result<(i64, i64), GenerateError> {
        let (start, end) = self.period()?;
        let secs = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc().timestamp();
        Ok((secs(start), secs(end)))
    }
}

/// Why data could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The number of tickets is out of range.
    #[error("the number of tickets must be between 1 and {MAX_TICKETS}, got {tickets}")]
    Tickets {
        /// The number asked for.
        tickets: u64,
    },
    /// The period is empty.
    #[error("the period must be at least 1 week long")]
    Weeks,
    /// The number of agents is out of range.
    #[error("the number of agents must be between 1 and {MAX_AGENTS}, got {agents}")]
    Agents {
        /// The number asked for.
        agents: u32,
    },
    /// The period does not fit in the supported years.
    #[error(
        "a period of {weeks} weeks from {start} does not fit in the years {FIRST_YEAR} to {LAST_YEAR}"
    )]
    Period {
        /// The start asked for.
        start: NaiveDate,
        /// The number of weeks asked for.
        weeks: u32,
    },
    /// Writing the output failed.
    #[error("cannot write the generated data: {0}")]
    Io(#[from] std::io::Error),
}

/// The roster the tickets of `options` are assigned to: names, teams, sites,
/// seniority and workload weights.
pub fn agents(options: &GenerateOptions) -> Result<Vec<Agent>, GenerateError> {
    options.validate()?;
    Ok(world::build_roster(options.seed, options.agents))
}

/// Writes the ticket export of `options` as CSV (header [`TICKETS_HEADER`],
/// `\n` line ends, timestamps `YYYY-MM-DD HH:MM:SS` in UTC, empty fields for
/// absent values) and returns the number of rows written, header not counted.
///
/// Output is buffered here; pass the writer unbuffered.
pub fn write_tickets<W: Write>(out: W, options: &GenerateOptions) -> Result<u64, GenerateError> {
    let tickets = Tickets::new(options)?;
    let names: Vec<Vec<u8>> = tickets
        .agents()
        .iter()
        .map(|a| a.name.as_bytes().to_vec())
        .collect();
    let width = format::digits(tickets.total()).max(MIN_ID_DIGITS);
    let mut out = BufWriter::with_capacity(1 << 16, out);
    out.write_all(TICKETS_HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    let mut line = Vec::with_capacity(256);
    let mut rows = 0u64;
    for t in tickets {
        line.clear();
        format::push_id(&mut line, t.seq, width);
        line.push(b',');
        format::push_timestamp(&mut line, t.created_at);
        line.push(b',');
        if let Some(at) = t.first_response_at {
            format::push_timestamp(&mut line, at);
        }
        line.push(b',');
        if let Some(at) = t.resolved_at {
            format::push_timestamp(&mut line, at);
        }
        line.push(b',');
        if let Some(agent) = t.agent {
            line.extend_from_slice(&names[agent as usize]);
        }
        line.push(b',');
        line.extend_from_slice(t.team.as_str().as_bytes());
        line.push(b',');
        line.extend_from_slice(t.channel.as_str().as_bytes());
        line.push(b',');
        line.extend_from_slice(t.priority.as_str().as_bytes());
        line.push(b',');
        line.extend_from_slice(t.status.as_str().as_bytes());
        line.push(b',');
        if let Some(site) = t.site {
            line.extend_from_slice(site.as_str().as_bytes());
        }
        line.push(b',');
        format::push_timestamp(&mut line, t.due_at);
        line.push(b'\n');
        out.write_all(&line)?;
        rows += 1;
    }
    out.flush()?;
    Ok(rows)
}

#[cfg(test)]
mod tests;

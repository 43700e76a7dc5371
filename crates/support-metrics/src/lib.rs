//! Support-team metrics from helpdesk exports.
//!
//! `support_metrics` reads helpdesk CSV exports into validated [polars] frames and computes the
//! numbers support teams run on: first response and resolution times, SLA (in wall-clock time or
//! in the business hours of a [calendar], one per site if need be), peak load (arrivals by
//! hour of the week, the wait at peak, the queue: [`metrics::peak()`]), satisfaction (CSAT and NPS
//! from survey exports, with intervals and response rates), the Baramba scorecard, workload per
//! agent with overdue tickets and the team balance ([`metrics::workload()`]), and the daily
//! plan/fact reports ([`metrics::daily()`]); and it puts them together in the head of support's
//! weekly report ([`report::weekly()`]). It never prints and has no command-line code: it returns plain,
//! serde-serialisable structs and typed [`Error`]s that name the file, line and column of bad
//! input.
//!
//! Exports are read as the helpdesk or the spreadsheet program wrote them: the header is matched
//! against built-in [presets](mod@ingest::presets) (Zendesk, Freshdesk, Jira Service Management,
//! Chatwoot, Help Scout, ServiceNow), and the encoding, the delimiter and spreadsheet files
//! (.xlsx, .xls, .ods) are recognised ([`ingest::source`]).
//!
//! # Example
//!
//! ```
//! use support_metrics::ingest::{IngestOptions, Input, load_tickets};
//! use support_metrics::metrics::{GroupKey, ResponseOptions, response};
//!
//! let csv = "id,created_at,first_response_at,agent\n\
//!            1,2024-03-18 10:00,2024-03-18 10:20,Anna\n\
//!            2,2024-03-18 11:00,2024-03-18 12:00,Anna\n\
//!            3,2024-03-19 09:00,,Ivan\n";
//! let tickets = load_tickets(
//!     Input::from_reader("tickets.csv", std::io::Cursor::new(csv)),
//!     &IngestOptions::default(),
//! )?;
//!
//! let options = ResponseOptions {
//!     group_by: vec![GroupKey::Agent],
//!     ..ResponseOptions::default()
//! };
//! let report = response(&tickets, &options)?;
//!
//! let anna = &report.rows[0];
//! assert_eq!(anna.group[0].as_deref(), Some("Anna"));
//! assert_eq!(anna.responded, 2);
//! // Answered after 20 and 60 minutes: the median is 40 minutes.
//! assert_eq!(anna.frt.median, Some(2400.0));
//! assert_eq!(report.rows[1].unresponded, 1);
//! # Ok::<(), support_metrics::Error>(())
//! ```
//!
//! The weekly report of the same tickets: every headline figure with the previous week's value,
//! the change and the weeks before, and the alerts that call for attention.
//!
//! ```
//! use support_metrics::ingest::{IngestOptions, Input, load_tickets};
//! use support_metrics::report::{ReportInputs, WeeklyOptions, weekly};
//!
//! let csv = "id,created_at,first_response_at\n\
//!            1,2024-03-11 10:00,2024-03-11 10:10\n\
//!            2,2024-03-18 10:00,2024-03-18 10:30\n\
//!            3,2024-03-24 10:00,2024-03-24 10:50\n";
//! let tickets = load_tickets(
//!     Input::from_reader("tickets.csv", std::io::Cursor::new(csv)),
//!     &IngestOptions::default(),
//! )?;
//! let inputs = ReportInputs { tickets: Some(&tickets), ..ReportInputs::default() };
//! let report = weekly(&inputs, &WeeklyOptions::default())?;
//!
//! // The data ends on Sunday 24 March: 2024-W12 is the last complete week.
//! assert_eq!(report.week.to_string(), "2024-W12");
//! let response = report.response.ready().expect("tickets were given");
//! // W12: answered after 30 and 50 minutes (median 40 min); W11: after 10 minutes.
//! assert_eq!(response.frt_median.value, Some(2400.0));
//! assert_eq!(response.frt_median.previous, Some(600.0));
//! assert_eq!(response.frt_median.change, Some(1800.0));
//! // No survey answers: that section says what to give instead of failing.
//! assert!(report.satisfaction.ready().is_none());
//! # Ok::<(), support_metrics::Error>(())
//! ```
#![deny(missing_docs)]

pub mod calendar;
pub mod error;
pub mod generate;
pub mod ingest;
pub mod metrics;
pub mod period;
pub mod report;
pub mod stats;

pub use error::{Error, ErrorKind, Location, Result};

//! Ticket exports: the tickets contract read into a polars frame.
//!
//! The frame has one row per ticket and these columns:
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `id` | String | the ticket id |
//! | `created_at` | Int64 | creation instant, seconds since 1970-01-01 UTC |
//! | `created_local` | Int64 | creation on the configured zone's wall clock, seconds since 1970-01-01 |
//! | `first_response_at` | Int64, nullable | first public reply, UTC seconds |
//! | `resolved_at` | Int64, nullable | resolution, UTC seconds |
//! | `due_at` | Int64, nullable | due date, UTC seconds |
//! | `agent`, `team`, `channel`, `priority`, `status`, `site` | UInt32, nullable | codes into [`Tickets::values`] |
//!
//! Text dimensions are dictionary-encoded while reading: a code is the position of the value in
//! [`Tickets::values`], in order of first appearance; an empty cell is null.

use std::hash::BuildHasher;
use std::io::Read;

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use csv::ByteRecord;
use polars::prelude::*;

use super::timestamp::{DateOrder, DateOrderEvidence, Instant, TimestampParser};
use super::{ColumnMapping, ColumnSpec, Input, Warning, WarningCounter, resolve_columns};
use crate::error::{Error, Location, Result};

/// Options for reading an export.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The zone of naive local timestamps, and of weeks, days and hours.
    pub tz: Tz,
    /// Day/month order of `03/04/2024`-style dates, when the data does not prove it.
    pub date_order: Option<DateOrder>,
    /// A chrono strftime pattern that replaces the recognised timestamp formats.
    pub time_format: Option<String>,
    /// Export headers renamed to canonical names.
    pub mapping: ColumnMapping,
    /// The field delimiter.
    pub delimiter: u8,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            tz: Tz::UTC,
            date_order: None,
            time_format: None,
            mapping: ColumnMapping::new(),
            delimiter: b',',
        }
    }
}

impl IngestOptions {
    /// The timestamp parser these options describe.
    pub(crate) fn parser(&self, order: Option<DateOrder>) -> Result<TimestampParser> {
        match &self.time_format {
            Some(pattern) => TimestampParser::with_pattern(self.tz, pattern)
                .map_err(|e| Error::option("--time-format", pattern.clone(), e.to_string())),
            None => Ok(TimestampParser::new(self.tz, order)),
        }
    }
}

/// A text column of the tickets contract, stored dictionary-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The assignee.
    Agent,
    /// The group or line of support.
    Team,
    /// email, chat, phone, …
    Channel,
    /// low, normal, high, urgent, …
    Priority,
    /// The status as exported.
    Status,
    /// The office or location.
    Site,
}

impl Dimension {
    /// Every dimension, in column order.
    pub const ALL: [Dimension; 6] = [
        Dimension::Agent,
        Dimension::Team,
        Dimension::Channel,
        Dimension::Priority,
        Dimension::Status,
        Dimension::Site,
    ];

    /// The canonical column name.
    pub fn column(self) -> &'static str {
        match self {
            Dimension::Agent => "agent",
            Dimension::Team => "team",
            Dimension::Channel => "channel",
            Dimension::Priority => "priority",
            Dimension::Status => "status",
            Dimension::Site => "site",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

// Positions in SPECS.
const ID: usize = 0;
const CREATED: usize = 1;
const FIRST_RESPONSE: usize = 2;
const RESOLVED: usize = 3;
const DUE: usize = 4;
const FIRST_RESPONSE_MINUTES: usize = 5;
const RESOLUTION_MINUTES: usize = 6;
const FIRST_DIMENSION: usize = 7;

/// The tickets contract (DESIGN §3), in the order the reader uses.
pub const TICKET_COLUMNS: &[ColumnSpec] = &[
    spec("id", true),
    spec("created_at", true),
    spec("first_response_at", false),
    spec("resolved_at", false),
    spec("due_at", false),
    spec("first_response_minutes", false),
    spec("resolution_minutes", false),
    spec("agent", false),
    spec("team", false),
    spec("channel", false),
    spec("priority", false),
    spec("status", false),
    spec("site", false),
];

const fn spec(name: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, required }
}

/// How many rows are read before the day/month order of ambiguous dates is decided.
const ORDER_SAMPLE_ROWS: usize = 10_000;

const NO_TIME: i64 = i64::MIN;
const NO_CODE: u32 = u32::MAX;

/// Tickets loaded from one export.
#[derive(Debug, Clone)]
pub struct Tickets {
    source: String,
    tz: Tz,
    frame: DataFrame,
    values: [Vec<String>; 6],
    present: Vec<&'static str>,
    latest: Option<i64>,
    warnings: Vec<Warning>,
}

impl Tickets {
    /// The input's name.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The zone the tickets were read in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The frame described in the module docs.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.frame.height()
    }

    /// Whether there are no tickets.
    pub fn is_empty(&self) -> bool {
        self.frame.height() == 0
    }

    /// The distinct values of a dimension; a code in the frame is an index into this list.
    pub fn values(&self, dimension: Dimension) -> &[String] {
        &self.values[dimension.index()]
    }

    /// Whether the export had the canonical column `name` (after mapping).
    pub fn has_column(&self, name: &str) -> bool {
        self.present.contains(&name)
    }

    /// The latest instant in the data (creation, first response, resolution), UTC seconds:
    /// the default "now" for open tickets.
    pub fn latest_instant(&self) -> Option<i64> {
        self.latest
    }

    /// Data problems found while reading that did not stop it.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Converts a UTC instant to the wall clock of the tickets' zone, in seconds.
    pub fn to_local(&self, utc: i64) -> i64 {
        to_local(self.tz, utc)
    }
}

/// `utc` on the wall clock of `tz`, in seconds since 1970-01-01 local.
pub(crate) fn to_local(tz: Tz, utc: i64) -> i64 {
    match chrono::DateTime::from_timestamp(utc, 0) {
        Some(t) => {
            utc + i64::from(
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            )
        }
        None => utc,
    }
}

/// Reads a ticket export.
///
/// An empty input, or a header without rows, gives an empty set of tickets. A missing required
/// column, a value that does not parse, a duplicate id, a ragged row or text that is not UTF-8 is
/// an [`Error`] naming the file, line and column.
pub fn load_tickets(input: Input, options: &IngestOptions) -> Result<Tickets> {
    let (name, reader) = input.open()?;
    read_tickets(&name, reader, options, None)
}

/// Every problem [`check_tickets`] found in an export.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Check {
    /// The input's name.
    pub file: String,
    /// Data rows read.
    pub rows: u64,
    /// Problems that stop a computation, one entry per kind and column.
    pub problems: Vec<Problem>,
    /// Problems that do not stop it.
    pub warnings: Vec<Warning>,
}

/// One kind of problem in one column, with a count.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// The column's header, when the problem is in a column.
    pub column: Option<String>,
    /// How many rows have it.
    pub count: u64,
    /// The first few lines.
    pub lines: Vec<u64>,
    /// The full message of the first occurrence, with how to fix it.
    pub message: String,
}

/// Reads a ticket export like [`load_tickets`], but instead of stopping at the first bad value it
/// goes on and reports every problem, grouped by kind and column, with counts.
///
/// Only an input that cannot be read at all (a missing required column, an unreadable file) is
/// returned as an `Err`.
pub fn check_tickets(input: Input, options: &IngestOptions) -> Result<Check> {
    let (name, reader) = input.open()?;
    let mut log = ProblemLog::default();
    let tickets = read_tickets(&name, reader, options, Some(&mut log))?;
    let mut problems: Vec<Problem> = log.problems.into_iter().map(|(_, p)| p).collect();
    problems.sort_by_key(|p| p.lines.first().copied().unwrap_or(0));
    Ok(Check {
        file: name,
        rows: log.rows,
        problems,
        warnings: tickets.warnings,
    })
}

/// Collects errors instead of stopping at the first.
#[derive(Debug, Default)]
struct ProblemLog {
    rows: u64,
    problems: Vec<(String, Problem)>,
}

impl ProblemLog {
    fn add(&mut self, error: &Error) {
        let (kind, column, line) = match error {
            Error::BadValue {
                location, problem, ..
            } => {
                // Group values by what is wrong, not by the value itself.
                let kind = if problem.starts_with("is empty") {
                    "empty"
                } else {
                    "bad value"
                };
                (kind, location.column.clone(), location.line)
            }
            Error::Encoding { location } => ("encoding", location.column.clone(), location.line),
            Error::Malformed { line, .. } => ("structure", None, Some(*line)),
            Error::DuplicateId { line, .. } => ("duplicate id", None, Some(*line)),
            _ => ("other", None, None),
        };
        let key = format!("{kind}|{}", column.as_deref().unwrap_or(""));
        let entry = match self.problems.iter_mut().find(|(k, _)| *k == key) {
            Some((_, p)) => p,
            None => {
                self.problems.push((
                    key,
                    Problem {
                        column,
                        count: 0,
                        lines: Vec::new(),
                        message: error.to_string(),
                    },
                ));
                &mut self.problems.last_mut().expect("just pushed").1
            }
        };
        entry.count += 1;
        if let Some(line) = line {
            if entry.lines.len() < Warning::MAX_LINES {
                entry.lines.push(line);
            }
        }
    }
}

fn read_tickets(
    name: &str,
    reader: Box<dyn Read + Send>,
    options: &IngestOptions,
    mut log: Option<&mut ProblemLog>,
) -> Result<Tickets> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .delimiter(options.delimiter)
        .buffer_capacity(1 << 20)
        .from_reader(reader);
    let mut record = ByteRecord::new();
    if !next_record(name, &mut csv, &mut record)? {
        return Ok(empty(name, options.tz));
    }
    let headers = decode_headers(name, &record)?;
    let columns = resolve_columns(name, &headers, TICKET_COLUMNS, &options.mapping)?;
    let header_of = |i: usize| -> String {
        columns[i]
            .map(|c| headers[c].trim_start_matches('\u{feff}').trim().to_owned())
            .unwrap_or_else(|| TICKET_COLUMNS[i].name.to_owned())
    };

    // Read a sample, decide the day/month order of ambiguous dates from it, then stream the rest.
    let mut sample = Vec::new();
    while sample.len() < ORDER_SAMPLE_ROWS {
        match next_record(name, &mut csv, &mut record) {
            Ok(true) => sample.push(record.clone()),
            Ok(false) => break,
            Err(e) => tolerate(&mut log, e)?,
        }
    }
    let order = match (options.date_order, &options.time_format) {
        (Some(order), _) => Some(order),
        (None, Some(_)) => None,
        (None, None) => decide_order(name, &sample, &columns, &header_of)?,
    };
    let parser = options.parser(order)?;

    let mut builder = Builder::new(name, parser, &columns, header_of);
    for rec in &sample {
        if let Err(e) = builder.push(rec) {
            tolerate(&mut log, e)?;
        }
    }
    drop(sample);
    loop {
        match next_record(name, &mut csv, &mut record) {
            Ok(true) => {
                if let Err(e) = builder.push(&record) {
                    tolerate(&mut log, e)?;
                }
            }
            Ok(false) => break,
            Err(e) => tolerate(&mut log, e)?,
        }
    }
    if let Some(log) = log.as_deref_mut() {
        log.rows = builder.rows_seen;
        for e in builder.all_duplicates() {
            log.add(&e);
        }
        builder.id_hashes.clear();
    }
    let present = TICKET_COLUMNS
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_some())
        .map(|(s, _)| s.name)
        .collect();
    builder.finish(options.tz, present)
}

/// In collect mode, logs a row-level error and goes on; otherwise returns it. I/O errors always stop.
fn tolerate(log: &mut Option<&mut ProblemLog>, e: Error) -> Result<()> {
    match log {
        Some(log) if !matches!(e, Error::Io { .. }) => {
            log.add(&e);
            Ok(())
        }
        _ => Err(e),
    }
}

fn empty(name: &str, tz: Tz) -> Tickets {
    let builder = Builder::new(
        name,
        TimestampParser::new(tz, None),
        &[None; 13],
        |i: usize| TICKET_COLUMNS[i].name.to_owned(),
    );
    // An empty builder cannot fail to finish: there are no ids to compare.
    builder.finish(tz, Vec::new()).unwrap_or_else(|_| Tickets {
        source: name.to_owned(),
        tz,
        frame: DataFrame::empty(),
        values: Default::default(),
        present: Vec::new(),
        latest: None,
        warnings: Vec::new(),
    })
}

/// Reads the next record; `false` at the end. Maps the csv crate's errors to ours.
pub(crate) fn next_record<R: Read>(
    name: &str,
    csv: &mut csv::Reader<R>,
    record: &mut ByteRecord,
) -> Result<bool> {
    csv.read_byte_record(record).map_err(|e| csv_error(name, e))
}

fn csv_error(name: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.into_kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::Malformed {
            file: name.to_owned(),
            line,
            message: format!(
                "this row has {len} fields but the header has {expected_len}\n  \
                 fix: quote fields that contain the delimiter or a line break (\"…\"), \
                 and check for an unclosed quote on this line or the one before; \
                 if the file uses another delimiter, pass --delimiter"
            ),
        },
        csv::ErrorKind::Io(source) => Error::Io {
            path: name.to_owned(),
            source,
        },
        other => Error::Malformed {
            file: name.to_owned(),
            line,
            message: format!("{other:?}"),
        },
    }
}

pub(crate) fn decode_headers(name: &str, record: &ByteRecord) -> Result<Vec<String>> {
    record
        .iter()
        .enumerate()
        .map(|(i, field)| {
            std::str::from_utf8(field)
                .map(|s| {
                    if i == 0 {
                        s.trim_start_matches('\u{feff}').to_owned()
                    } else {
                        s.to_owned()
                    }
                })
                .map_err(|_| Error::Encoding {
                    location: Location {
                        file: name.to_owned(),
                        line: Some(1),
                        column: None,
                    },
                })
        })
        .collect()
}

fn decide_order(
    name: &str,
    sample: &[ByteRecord],
    columns: &[Option<usize>],
    header_of: &dyn Fn(usize) -> String,
) -> Result<Option<DateOrder>> {
    let mut order = None;
    for slot in [CREATED, FIRST_RESPONSE, RESOLVED, DUE] {
        let Some(col) = columns[slot] else { continue };
        let mut evidence = DateOrderEvidence::default();
        for rec in sample {
            if let Some(v) = rec.get(col).and_then(|f| std::str::from_utf8(f).ok()) {
                let v = v.trim();
                if !v.is_empty() {
                    evidence.observe(v);
                }
            }
        }
        match evidence.decide() {
            Ok(Some(found)) => match order {
                Some(previous) if previous != found => {
                    return Err(order_conflict(name, &header_of(slot), found));
                }
                _ => order = Some(found),
            },
            Ok(None) => {}
            Err(e) => {
                return Err(Error::BadValue {
                    location: Location {
                        file: name.to_owned(),
                        line: None,
                        column: Some(header_of(slot)),
                    },
                    value: match &e {
                        super::timestamp::OrderError::Ambiguous { example } => example.clone(),
                        super::timestamp::OrderError::Conflict {
                            day_first_example, ..
                        } => day_first_example.clone(),
                    },
                    problem: "cannot be read without knowing the day/month order".to_owned(),
                    hint: e.to_string(),
                });
            }
        }
    }
    Ok(order)
}

fn order_conflict(name: &str, column: &str, found: DateOrder) -> Error {
    Error::BadValue {
        location: Location {
            file: name.to_owned(),
            line: None,
            column: Some(column.to_owned()),
        },
        value: column.to_owned(),
        problem: format!(
            "reads as {found:?} while another timestamp column of this file reads the other way"
        ),
        hint: "name the order with --dayfirst or --monthfirst, or the format with --time-format"
            .to_owned(),
    }
}

/// Accumulates parsed rows column by column.
struct Builder<'a, H: Fn(usize) -> String> {
    name: &'a str,
    parser: TimestampParser,
    columns: Vec<Option<usize>>,
    header_of: H,
    ids: StringChunkedBuilder,
    id_hashes: Vec<(u64, u32, u32)>,
    hasher: foldhash::fast::FixedState,
    created: Vec<i64>,
    created_local: Vec<i64>,
    first_response: Vec<i64>,
    resolved: Vec<i64>,
    due: Vec<i64>,
    codes: [Vec<u32>; 6],
    dictionaries: [Dictionary; 6],
    latest: i64,
    invalid_order: WarningCounter,
    due_before_created: WarningCounter,
    row: u32,
    rows_seen: u64,
}

#[derive(Default)]
struct Dictionary {
    codes: std::collections::HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    values: Vec<String>,
}

impl Dictionary {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let c = self.values.len() as u32;
        self.codes.insert(value.into(), c);
        self.values.push(value.to_owned());
        c
    }
}

impl<'a, H: Fn(usize) -> String> Builder<'a, H> {
    fn new(
        name: &'a str,
        parser: TimestampParser,
        columns: &[Option<usize>],
        header_of: H,
    ) -> Self {
        Builder {
            name,
            parser,
            columns: columns.to_vec(),
            header_of,
            ids: StringChunkedBuilder::new("id".into(), 1024),
            id_hashes: Vec::new(),
            hasher: foldhash::fast::FixedState::with_seed(0x5eed),
            created: Vec::new(),
            created_local: Vec::new(),
            first_response: Vec::new(),
            resolved: Vec::new(),
            due: Vec::new(),
            codes: Default::default(),
            dictionaries: Default::default(),
            latest: i64::MIN,
            invalid_order: WarningCounter::default(),
            due_before_created: WarningCounter::default(),
            row: 0,
            rows_seen: 0,
        }
    }

    fn location(&self, line: u64, slot: usize) -> Location {
        Location::new(self.name, line, (self.header_of)(slot))
    }

    /// The trimmed text of the column in `slot`; `None` when the column is absent or the cell empty.
    fn text<'r>(&self, rec: &'r ByteRecord, line: u64, slot: usize) -> Result<Option<&'r str>> {
        let Some(col) = self.columns[slot] else {
            return Ok(None);
        };
        let bytes = rec.get(col).unwrap_or_default();
        let text = std::str::from_utf8(bytes).map_err(|_| Error::Encoding {
            location: self.location(line, slot),
        })?;
        let text = text.trim();
        Ok((!text.is_empty()).then_some(text))
    }

    fn instant(&self, value: &str, line: u64, slot: usize) -> Result<Instant> {
        self.parser.parse(value).map_err(|e| Error::BadValue {
            location: self.location(line, slot),
            value: value.to_owned(),
            problem: e.to_string(),
            hint: format!(
                "the formats read are: {}; name another with --time-format (e.g. --time-format '%d/%m/%Y %H:%M'), \
                 or choose the order of ambiguous dates with --dayfirst / --monthfirst",
                self.parser.formats_tried().join("; ")
            ),
        })
    }

    fn minutes(&self, value: &str, line: u64, slot: usize) -> Result<i64> {
        match value.parse::<f64>() {
            Ok(m) if m.is_finite() => Ok((m * 60.0).round() as i64),
            _ => Err(Error::BadValue {
                location: self.location(line, slot),
                value: value.to_owned(),
                problem: "is not a number of minutes".to_owned(),
                hint: "write minutes as a plain number such as 95 or 12.5; leave the cell empty when there is none".to_owned(),
            }),
        }
    }

    fn push(&mut self, rec: &ByteRecord) -> Result<()> {
        self.rows_seen += 1;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let Some(id) = self.text(rec, line, ID)? else {
            return Err(self.required_empty(line, ID));
        };
        let Some(created_text) = self.text(rec, line, CREATED)? else {
            return Err(self.required_empty(line, CREATED));
        };
        let created = self.instant(created_text, line, CREATED)?;

        let first_response = match self.text(rec, line, FIRST_RESPONSE)? {
            Some(v) => Some(self.instant(v, line, FIRST_RESPONSE)?.utc),
            None => match self.text(rec, line, FIRST_RESPONSE_MINUTES)? {
                Some(m) => Some(created.utc + self.minutes(m, line, FIRST_RESPONSE_MINUTES)?),
                None => None,
            },
        };
        let resolved = match self.text(rec, line, RESOLVED)? {
            Some(v) => Some(self.instant(v, line, RESOLVED)?.utc),
            None => match self.text(rec, line, RESOLUTION_MINUTES)? {
                Some(m) => Some(created.utc + self.minutes(m, line, RESOLUTION_MINUTES)?),
                None => None,
            },
        };
        let due = match self.text(rec, line, DUE)? {
            Some(v) => Some(self.instant(v, line, DUE)?.utc),
            None => None,
        };
        if first_response.is_some_and(|t| t < created.utc)
            || resolved.is_some_and(|t| t < created.utc)
        {
            self.invalid_order.add(line);
        }
        if due.is_some_and(|t| t < created.utc) {
            self.due_before_created.add(line);
        }
        for slot in 0..Dimension::ALL.len() {
            let code = match self.text(rec, line, FIRST_DIMENSION + slot)? {
                Some(v) => self.dictionaries[slot].code(v),
                None => NO_CODE,
            };
            self.codes[slot].push(code);
        }

        self.id_hashes
            .push((self.hasher.hash_one(id), self.row, line as u32));
        self.ids.append_value(id);
        self.latest = self
            .latest
            .max(created.utc)
            .max(first_response.unwrap_or(i64::MIN))
            .max(resolved.unwrap_or(i64::MIN));
        self.created.push(created.utc);
        self.created_local.push(created.local);
        self.first_response.push(first_response.unwrap_or(NO_TIME));
        self.resolved.push(resolved.unwrap_or(NO_TIME));
        self.due.push(due.unwrap_or(NO_TIME));
        self.row += 1;
        Ok(())
    }

    fn required_empty(&self, line: u64, slot: usize) -> Error {
        Error::BadValue {
            location: self.location(line, slot),
            value: String::new(),
            problem: format!(
                "is empty, but every ticket needs `{}`",
                TICKET_COLUMNS[slot].name
            ),
            hint: format!(
                "fill it in, remove the row, or map another column with --map {}=HEADER",
                TICKET_COLUMNS[slot].name
            ),
        }
    }

    /// Every row whose id appeared on an earlier line (collect mode).
    fn all_duplicates(&mut self) -> Vec<Error> {
        let ids = self.ids.clone().finish();
        self.id_hashes.sort_unstable();
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.id_hashes.len() {
            let mut j = i + 1;
            while j < self.id_hashes.len() && self.id_hashes[j].0 == self.id_hashes[i].0 {
                j += 1;
            }
            let run = &self.id_hashes[i..j];
            for (k, later) in run.iter().enumerate() {
                let earlier = run[..k]
                    .iter()
                    .filter(|e| ids.get(e.1 as usize) == ids.get(later.1 as usize))
                    .map(|e| e.2)
                    .min();
                if let (Some(first_line), Some(id)) = (earlier, ids.get(later.1 as usize)) {
                    out.push(Error::DuplicateId {
                        file: self.name.to_owned(),
                        id: id.to_owned(),
                        first_line: u64::from(first_line),
                        line: u64::from(later.2),
                    });
                }
            }
            i = j;
        }
        out.sort_by_key(|e| match e {
            Error::DuplicateId { line, .. } => *line,
            _ => 0,
        });
        out
    }

    fn finish(mut self, tz: Tz, present: Vec<&'static str>) -> Result<Tickets> {
        let ids = self.ids.finish();
        check_duplicates(self.name, &mut self.id_hashes, &ids)?;
        drop(std::mem::take(&mut self.id_hashes));

        let times = |name: &str, v: Vec<i64>| -> Column {
            Int64Chunked::from_iter_options(
                name.into(),
                v.into_iter().map(|t| (t != NO_TIME).then_some(t)),
            )
            .into_column()
        };
        let mut columns = vec![
            ids.into_column(),
            Int64Chunked::from_vec("created_at".into(), self.created).into_column(),
            Int64Chunked::from_vec("created_local".into(), self.created_local).into_column(),
            times("first_response_at", self.first_response),
            times("resolved_at", self.resolved),
            times("due_at", self.due),
        ];
        for (dim, codes) in Dimension::ALL.iter().zip(self.codes) {
            columns.push(
                UInt32Chunked::from_iter_options(
                    dim.column().into(),
                    codes.into_iter().map(|c| (c != NO_CODE).then_some(c)),
                )
                .into_column(),
            );
        }
        let frame = DataFrame::new_infer_height(columns)?;
        let values = self.dictionaries.map(|d| d.values);
        let warnings = [
            self.invalid_order.into_warning(
                self.name,
                "have a first response or resolution before creation; those durations are left out and counted as invalid_order",
            ),
            self.due_before_created
                .into_warning(self.name, "have a due date before creation"),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(Tickets {
            source: self.name.to_owned(),
            tz,
            frame,
            values,
            present,
            latest: (self.latest != i64::MIN).then_some(self.latest),
            warnings,
        })
    }
}

/// Finds two rows with the same id; reports the pair whose second line comes first.
fn check_duplicates(name: &str, hashes: &mut [(u64, u32, u32)], ids: &StringChunked) -> Result<()> {
    hashes.sort_unstable();
    let mut found: Option<(u32, u32, String)> = None;
    for pair in hashes.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.0 != b.0 {
            continue;
        }
        let (Some(ia), Some(ib)) = (ids.get(a.1 as usize), ids.get(b.1 as usize)) else {
            continue;
        };
        if ia == ib {
            let (first, second) = if a.2 < b.2 { (a.2, b.2) } else { (b.2, a.2) };
            if found.as_ref().is_none_or(|f| second < f.1) {
                found = Some((first, second, ia.to_owned()));
            }
        }
    }
    match found {
        Some((first_line, line, id)) => Err(Error::DuplicateId {
            file: name.to_owned(),
            id,
            first_line: u64::from(first_line),
            line: u64::from(line),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn load(text: &str) -> Result<Tickets> {
        load_with(text, &IngestOptions::default())
    }

    fn load_with(text: &str, options: &IngestOptions) -> Result<Tickets> {
        load_tickets(
            Input::from_reader("t.csv", std::io::Cursor::new(text.to_owned())),
            options,
        )
    }

    fn ints(t: &Tickets, col: &str) -> Vec<Option<i64>> {
        t.frame()
            .column(col)
            .expect("column")
            .i64()
            .expect("i64")
            .iter()
            .collect()
    }

    #[test]
    fn reads_canonical_columns() {
        let t = load(
            "id,created_at,first_response_at,resolved_at,agent,priority,extra\n\
             1,2024-03-18 10:00,2024-03-18 10:30,,Anna,high,x\n\
             2,2024-03-18T11:00:00Z,,2024-03-19 11:00:00,Ivan,,y\n",
        )
        .expect("loads");
        assert_eq!(t.len(), 2);
        // 2024-03-18 is day 19800 → 19800 · 86400 = 1_710_720_000; 10:00 adds 36_000.
        assert_eq!(
            ints(&t, "created_at"),
            vec![Some(1_710_756_000), Some(1_710_759_600)]
        );
        assert_eq!(
            ints(&t, "first_response_at"),
            vec![Some(1_710_757_800), None]
        );
        assert_eq!(ints(&t, "resolved_at"), vec![None, Some(1_710_846_000)]);
        assert_eq!(t.values(Dimension::Agent), ["Anna", "Ivan"]);
        assert_eq!(t.values(Dimension::Priority), ["high"]);
        assert!(t.has_column("agent") && !t.has_column("team"));
        assert_eq!(t.latest_instant(), Some(1_710_846_000));
    }

    #[test]
    fn naive_times_are_local_in_the_zone() {
        let options = IngestOptions {
            tz: chrono_tz::Europe::Moscow,
            ..IngestOptions::default()
        };
        let t = load_with("id,created_at\n1,2024-03-18 10:00\n", &options).expect("loads");
        // 10:00 in Moscow (UTC+3) is 07:00 UTC; the local clock keeps 10:00.
        assert_eq!(ints(&t, "created_at"), vec![Some(1_710_720_000 + 7 * 3600)]);
        assert_eq!(
            ints(&t, "created_local"),
            vec![Some(1_710_720_000 + 10 * 3600)]
        );
    }

    #[test]
    fn minutes_columns_derive_timestamps() {
        let t = load(
            "id,created_at,first_response_minutes,resolution_minutes\n\
             1,2024-03-18 10:00,90,1.5\n2,2024-03-18 10:00,,\n",
        )
        .expect("loads");
        // 90 min = 5400 s; 1.5 min = 90 s.
        assert_eq!(
            ints(&t, "first_response_at"),
            vec![Some(1_710_756_000 + 5400), None]
        );
        assert_eq!(
            ints(&t, "resolved_at"),
            vec![Some(1_710_756_000 + 90), None]
        );
    }

    #[test]
    fn empty_input_and_header_only_are_empty_results() {
        assert!(load("").expect("empty ok").is_empty());
        let t = load("id,created_at\n").expect("header only ok");
        assert!(t.is_empty());
        assert_eq!(t.frame().width(), 12);
    }

    #[test]
    fn bad_timestamp_names_line_column_and_value() {
        let err = load("id,created_at\n1,2024-03-18 10:00\n2,yesterday\n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let text = err.to_string();
        assert!(
            text.starts_with("t.csv, line 3, column `created_at`: \"yesterday\""),
            "{text}"
        );
        assert!(text.contains("--time-format"), "{text}");
    }

    #[test]
    fn ambiguous_day_month_order_is_an_error_with_a_way_out() {
        let text = "id,created_at\n1,03/04/2024 10:00\n2,05/06/2024 11:00\n";
        let err = load(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().contains("--dayfirst"), "{err}");
        let options = IngestOptions {
            date_order: Some(DateOrder::DayFirst),
            ..IngestOptions::default()
        };
        let t = load_with(text, &options).expect("order given");
        // 3 April 2024 10:00 UTC: 2024-03-18 is day 19800; 13 days to 31 March + 3 → 19816.
        assert_eq!(ints(&t, "created_at")[0], Some(19816 * 86400 + 36000));
        // A day above 12 proves the order.
        let t = load("id,created_at\n1,03/04/2024 10:00\n2,25/06/2024 11:00\n").expect("proven");
        assert_eq!(ints(&t, "created_at")[0], Some(19816 * 86400 + 36000));
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let err = load("id,created_at\nA,2024-03-18\nB,2024-03-18\nA,2024-03-19\n").unwrap_err();
        match err {
            Error::DuplicateId {
                id,
                first_line,
                line,
                ..
            } => assert_eq!((id.as_str(), first_line, line), ("A", 2, 4)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn ragged_row_names_its_line() {
        let err = load("id,created_at\n1,2024-03-18\n2,2024-03-18,extra\n").unwrap_err();
        match err {
            Error::Malformed { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(message.contains("3 fields but the header has 2"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn non_utf8_is_an_encoding_error() {
        let bytes = b"id,created_at,agent\n1,2024-03-18,\xc0\xed\xed\xe0\n".to_vec();
        let err = load_tickets(
            Input::from_reader("t.csv", std::io::Cursor::new(bytes)),
            &IngestOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Encoding { .. }), "{err:?}");
        assert!(err.to_string().contains("line 2, column `agent`"), "{err}");
    }

    #[test]
    fn response_before_creation_is_a_warning_not_an_error() {
        let t = load(
            "id,created_at,first_response_at\n1,2024-03-18 10:00,2024-03-18 09:00\n2,2024-03-18 10:00,\n",
        )
        .expect("loads");
        assert_eq!(t.warnings().len(), 1);
        assert_eq!(t.warnings()[0].count, 1);
        assert_eq!(t.warnings()[0].lines, vec![2]);
    }

    #[test]
    fn check_reports_every_problem_with_counts() {
        let text = "id,created_at,first_response_at\n\
            1,2024-03-18 10:00,\n\
            2,nonsense,\n\
            3,2024-13-01 10:00,\n\
            1,2024-03-18 11:00,2024-03-18 10:00\n\
            5,2024-03-18 10:00,2024-03-18 10:00,extra\n\
            6,2024-03-18 10:00,soon\n";
        let check = check_tickets(
            Input::from_reader("t.csv", std::io::Cursor::new(text.to_owned())),
            &IngestOptions::default(),
        )
        .expect("checks");
        let summary: Vec<(Option<&str>, u64, Vec<u64>)> = check
            .problems
            .iter()
            .map(|p| (p.column.as_deref(), p.count, p.lines.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                // lines 3 and 4: two unreadable creation times, one problem entry
                (Some("created_at"), 2, vec![3, 4]),
                // id 1 again on line 5
                (None, 1, vec![5]),
                // a ragged row
                (None, 1, vec![6]),
                (Some("first_response_at"), 1, vec![7]),
            ]
        );
        assert_eq!(check.rows, 5);
        assert_eq!(check.warnings.len(), 1);
    }

    #[test]
    fn empty_required_value_is_an_error() {
        let err = load("id,created_at\n1,\n").unwrap_err();
        assert!(
            err.to_string().contains("line 2, column `created_at`"),
            "{err}"
        );
    }
}

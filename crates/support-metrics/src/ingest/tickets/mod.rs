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
//! | `abandoned_at` | Int64, nullable | when an unanswered call or chat left the queue, UTC seconds |
//! | `first_response_business_s` | Int64, nullable | the export's own first-response time in business hours, seconds |
//! | `resolution_business_s` | Int64, nullable | the export's own resolution time in business hours, seconds |
//! | `agent`, `team`, `channel`, `priority`, `status`, `site` | UInt32, nullable | codes into [`Tickets::values`] |
//! | `satisfaction` | String, nullable | the satisfaction answer on the ticket row, as exported (see [`ticket_ratings`]) |
//! | `sla_met` | Boolean, nullable | the helpdesk's own SLA verdict, when the export has one (`true`/`false`, `yes`/`no`, `1`/`0`, `Within SLA`/`SLA Violated`) |
//!
//! Text dimensions are dictionary-encoded while reading: a code is the position of the value in
//! [`Tickets::values`], in order of first appearance; an empty cell is null.
//!
//! Durations instead of timestamps: `first_response_minutes` / `resolution_minutes` (or the
//! `_hours` or `_seconds` columns) after creation, written as a number (`95`, `12.5`, or with a
//! decimal comma `12,5`), as `H:MM[:SS]` (`1:35`, hours past 24 too: `64:00:00`), or as
//! `1h 35m`. The `first_response_business_*` / `resolution_business_*` columns are the export's
//! own durations in business hours; they are kept as durations, since a business duration
//! cannot be turned back into a timestamp.
//!
//! Columns are found by mapping, canonical name or synonym (see [`super::columns`]);
//! [`Tickets::columns`] tells how each was found and which unused headers look like one.
//! Timestamps outside the data's plausible range (before 1990, placeholders such as
//! `9999-12-31`, more than a year after the latest creations) are left out with a warning.

mod parquet;
mod ratings;
mod rows;
#[cfg(test)]
mod tests;

use std::io::Read;

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;
use rayon::slice::ParallelSliceMut;

use super::check::{Check, ProblemLog};
use super::columns::{self, ColumnReport, FoundColumn};
use super::dictionary::Dictionary;
use super::reader::{self, ProgressFn};
use super::source::{self, Prepared, SourceInfo, TextEncoding};
use super::timestamp::{DateOrder, DateOrderEvidence, TimestampParser};
use super::{
    ColumnMapping, ColumnSpec, Input, Warning, WarningCounter, normalise_header, presets,
    resolve_columns, resolve_with_synonyms,
};
use crate::error::{Error, Location, Result};
pub use ratings::{TicketRating, ticket_ratings};
use rows::{DurationUnit, Partial, RowParser};

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
    /// The field delimiter (the default when `detect_delimiter` finds none).
    pub delimiter: u8,
    /// Whether the delimiter is told from the header line (`,` `;` tab `|`, the most frequent).
    pub detect_delimiter: bool,
    /// The preset to read the export with (see [`presets`](mod@super::presets)); `None` matches the
    /// header against every preset when it lacks the canonical columns.
    pub preset: Option<String>,
    /// The text encoding; `None` detects it (see [`source`](mod@super::source)).
    pub encoding: Option<TextEncoding>,
    /// The sheet of a spreadsheet input; `None` reads the first.
    pub sheet: Option<String>,
    /// Called with the number of bytes read so far, as reading goes on.
    pub progress: Option<ProgressFn>,
    /// The optional columns to read, by canonical name; `None` reads all. Columns left out are
    /// null in the frame (reading fewer columns is faster).
    pub needed: Option<Vec<&'static str>>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            tz: Tz::UTC,
            date_order: None,
            time_format: None,
            mapping: ColumnMapping::new(),
            delimiter: b',',
            detect_delimiter: true,
            preset: None,
            encoding: None,
            sheet: None,
            progress: None,
            needed: None,
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

    pub(crate) fn index(self) -> usize {
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
const SATISFACTION: usize = 13;
const FIRST_RESPONSE_HOURS: usize = 14;
const RESOLUTION_HOURS: usize = 15;
const SLA_MET: usize = 16;
const ABANDONED: usize = 17;
const FIRST_RESPONSE_SECONDS: usize = 18;
const RESOLUTION_SECONDS: usize = 19;
const FIRST_RESPONSE_BUSINESS_MINUTES: usize = 20;
const RESOLUTION_BUSINESS_MINUTES: usize = 21;
const FIRST_RESPONSE_BUSINESS_HOURS: usize = 22;
const RESOLUTION_BUSINESS_HOURS: usize = 23;
const FIRST_RESPONSE_BUSINESS_SECONDS: usize = 24;
const RESOLUTION_BUSINESS_SECONDS: usize = 25;

/// The tickets contract (see `docs/inputs.md`), in the order the reader uses.
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
    spec("satisfaction", false),
    spec("first_response_hours", false),
    spec("resolution_hours", false),
    spec("sla_met", false),
    spec("abandoned_at", false),
    spec("first_response_seconds", false),
    spec("resolution_seconds", false),
    spec("first_response_business_minutes", false),
    spec("resolution_business_minutes", false),
    spec("first_response_business_hours", false),
    spec("resolution_business_hours", false),
    spec("first_response_business_seconds", false),
    spec("resolution_business_seconds", false),
];

const fn spec(name: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, required }
}

/// How many rows are read before the day/month order of ambiguous dates is decided.
const ORDER_SAMPLE_ROWS: u64 = 10_000;

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
    latest_event: Option<i64>,
    times_of_day: bool,
    warnings: Vec<Warning>,
    read_as: SourceInfo,
    columns: ColumnReport,
}

impl Tickets {
    /// How the input was read: the preset, encoding, delimiter or sheet, when not plain CSV.
    pub fn read_as(&self) -> &SourceInfo {
        &self.read_as
    }

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

    /// Whether the export says when tickets were resolved: `resolved_at`, or a resolution
    /// duration (`resolution_minutes`, `resolution_hours`) it was derived from.
    pub fn has_resolution_times(&self) -> bool {
        [
            "resolved_at",
            "resolution_minutes",
            "resolution_hours",
            "resolution_seconds",
        ]
        .iter()
        .any(|c| self.has_column(c))
    }

    /// The latest creation time, UTC seconds: the default "now" (the as-of of every figure).
    ///
    /// A first response or resolution recorded later still counts when "now" is this default;
    /// see `docs/metrics.md`.
    pub fn latest_instant(&self) -> Option<i64> {
        self.latest
    }

    /// The latest instant in the data: creation, first response or resolution, UTC seconds.
    pub fn latest_event(&self) -> Option<i64> {
        self.latest_event
    }

    /// Whether the creation times carry a time of day (not every one is at midnight); without
    /// one, hours of the day and peak slots cannot be told.
    pub fn has_times_of_day(&self) -> bool {
        self.times_of_day
    }

    /// How each canonical column was found, and the unused headers that look like one.
    pub fn columns(&self) -> &ColumnReport {
        &self.columns
    }

    /// Whether the export says when tickets were first answered, in calendar time:
    /// `first_response_at` or a first-response duration.
    pub fn has_first_responses(&self) -> bool {
        [
            "first_response_at",
            "first_response_minutes",
            "first_response_hours",
            "first_response_seconds",
        ]
        .iter()
        .any(|c| self.has_column(c))
    }

    /// Whether the export gives the first response in business time (its own figure).
    pub fn has_business_first_responses(&self) -> bool {
        [
            "first_response_business_minutes",
            "first_response_business_hours",
            "first_response_business_seconds",
        ]
        .iter()
        .any(|c| self.has_column(c))
    }

    /// Whether the export gives the resolution in business time (its own figure).
    pub fn has_business_resolutions(&self) -> bool {
        [
            "resolution_business_minutes",
            "resolution_business_hours",
            "resolution_business_seconds",
        ]
        .iter()
        .any(|c| self.has_column(c))
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
    open_and_read(input, options, None).map(|(_, tickets)| tickets)
}

/// Opens `input` and reads it as Parquet, a spreadsheet or CSV, whichever it is; returns its name.
fn open_and_read(
    input: Input,
    options: &IngestOptions,
    collect: Option<(&mut ProblemLog, &mut u64)>,
) -> Result<(String, Tickets)> {
    let spreadsheet = source::looks_like_spreadsheet(&input);
    let (name, reader) = input.open()?;
    let tickets = match parquet::sniff(&name, reader)? {
        parquet::Sniffed::Parquet(bytes) => parquet::read_tickets(&name, bytes, options, collect)?,
        parquet::Sniffed::Text(reader) => {
            read_tickets(&name, reader, spreadsheet, options, collect)?
        }
    };
    Ok((name, tickets))
}

/// Reads a ticket export like [`load_tickets`], but instead of stopping at the first bad value it
/// goes on and reports every problem, grouped by kind and column, with counts.
///
/// Only an input that cannot be read at all (a missing required column, an unreadable file) is
/// returned as an `Err`.
pub fn check_tickets(input: Input, options: &IngestOptions) -> Result<Check> {
    let mut log = ProblemLog::default();
    let mut rows = 0;
    let (name, tickets) = open_and_read(input, options, Some((&mut log, &mut rows)))?;
    let unavailable = crate::metrics::response_gaps(&tickets);
    Ok(Check {
        file: name,
        rows,
        problems: log.into_problems(),
        warnings: tickets.warnings,
        read_as: tickets.read_as,
        columns: tickets.columns,
        unavailable,
    })
}

/// The input, ready for the reader, with the options the preset (if any) adds.
struct Ready {
    name: String,
    reader: Box<dyn Read + Send>,
    delimiter: u8,
    options: IngestOptions,
    info: SourceInfo,
}

/// Prepares the input, chooses the preset and applies its quirks.
fn ready(
    name: &str,
    input: Box<dyn Read + Send>,
    spreadsheet: bool,
    options: &IngestOptions,
) -> Result<Ready> {
    let Prepared {
        name,
        reader,
        delimiter,
        header,
        mut info,
    } = source::prepare(name, input, spreadsheet, options)?;
    let mut options = options.clone();
    let canonical_error = if header.is_empty() {
        None
    } else {
        resolve_columns(&name, &header, TICKET_COLUMNS, &options.mapping).err()
    };
    let chosen = match presets::choose(
        &name,
        &header,
        options.preset.as_deref(),
        &options.mapping,
        canonical_error,
    ) {
        // No preset fits: the synonyms may still read the header.
        Err(Error::NoPreset { closest, .. }) if options.preset.is_none() => {
            match resolve_with_synonyms(&name, &header, TICKET_COLUMNS, &options.mapping) {
                Ok(_) => None,
                Err(e @ (Error::MissingColumn { .. } | Error::MissingColumns { .. })) => {
                    return Err(Error::NoPreset {
                        missing: Box::new(e),
                        closest,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        other => other?,
    };
    let Some((preset, detected)) = chosen else {
        return Ok(Ready {
            name,
            reader,
            delimiter,
            options,
            info,
        });
    };
    info.preset = Some(preset.name.clone());
    info.preset_detected = detected;
    let mut mapping = preset.mapping(&header);
    mapping.extend(&options.mapping);
    options.mapping = mapping;
    if options.time_format.is_none() {
        options.time_format = preset.time_format.clone();
    }
    if options.date_order.is_none() {
        options.date_order = preset.date_order;
    }
    let id_column = options.mapping.header_for("id").and_then(|h| {
        let wanted = normalise_header(h);
        header.iter().position(|x| normalise_header(x) == wanted)
    });
    let reader = match presets::rewrite(&name, reader, delimiter, preset, id_column)? {
        Ok(rewritten) => {
            info.superseded_rows = rewritten.superseded;
            Box::new(std::io::Cursor::new(rewritten.bytes)) as Box<dyn Read + Send>
        }
        Err(untouched) => untouched,
    };
    Ok(Ready {
        name,
        reader,
        delimiter,
        options,
        info,
    })
}

fn read_tickets(
    name: &str,
    input: Box<dyn Read + Send>,
    spreadsheet: bool,
    options: &IngestOptions,
    collect: Option<(&mut ProblemLog, &mut u64)>,
) -> Result<Tickets> {
    let Ready {
        name,
        reader: input,
        delimiter,
        options,
        info,
    } = ready(name, input, spreadsheet, options)?;
    let name = name.as_str();
    let options = &options;
    let progress = options.progress.clone();
    let Some(opened) = reader::open(name, input, delimiter, ORDER_SAMPLE_ROWS, progress)? else {
        let mut tickets = empty(name, options.tz);
        tickets.read_as = info;
        return Ok(tickets);
    };
    let Selection {
        columns,
        companions,
        headers,
        present,
        units,
        extras,
        found,
        used,
    } = select(name, &opened.header, options)?;
    let sample = opened.sample_records()?;
    let order = match (options.date_order, &options.time_format) {
        (Some(order), _) => Some(order),
        (None, Some(_)) => None,
        (None, None) => decide_order(name, &sample, &columns, &headers)?,
    };
    let parser = options.parser(order)?;
    let report = ColumnReport {
        lookalikes: lookalikes(&opened.header, &used, &found, &sample, &parser),
        found,
    };
    drop(sample);
    let rows = RowParser {
        name: name.to_owned(),
        parser,
        units,
        extras,
        companions,
        fields: opened.header.len(),
        delimiter: opened.delimiter,
        file_headers: opened.header.iter().map(|h| h.trim().to_owned()).collect(),
        columns,
        headers,
        collect: collect.is_some(),
        hasher: id_hasher(),
        utc_clock: options.tz == Tz::UTC,
    };
    let partials = reader::parse_all(opened, |chunk| rows.parse(chunk))?;
    let mut tickets = merge(
        name,
        options.tz,
        present,
        partials,
        collect,
        keep_ids(options),
    )?;
    tickets.read_as = info;
    tickets.columns = report;
    Ok(tickets)
}

/// The unused headers of the file that look like a column supportctl reads, judged by their
/// names and by their values in the first rows.
fn lookalikes(
    header: &[String],
    used: &[bool],
    found: &[FoundColumn],
    sample: &[csv::ByteRecord],
    parser: &TimestampParser,
) -> Vec<columns::Lookalike> {
    let read: Vec<&str> = found.iter().map(|f| f.column).collect();
    let values = |i: usize| -> Vec<String> {
        sample
            .iter()
            .filter_map(|r| r.get(i))
            .filter_map(|v| std::str::from_utf8(v).ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .take(50)
            .map(str::to_owned)
            .collect()
    };
    let day_first = TimestampParser::new(parser.tz(), Some(DateOrder::DayFirst));
    let month_first = TimestampParser::new(parser.tz(), Some(DateOrder::MonthFirst));
    let is_time = |v: &str| {
        parser.parse(v).is_ok() || day_first.parse(v).is_ok() || month_first.parse(v).is_ok()
    };
    columns::lookalikes(header, used, &read, values, is_time)
}

/// The contract's columns found in a header.
struct Selection {
    /// For each contract column, its index in the header; `None` when absent or not needed.
    columns: Vec<Option<usize>>,
    /// For each contract column, the time-of-day column read with its date, if any.
    companions: Vec<Option<usize>>,
    /// For each contract column, its header as written (its canonical name when absent).
    headers: Vec<String>,
    /// The contract columns the header has (needed or not).
    present: Vec<&'static str>,
    /// The units of the duration columns: first response and resolution, in calendar time
    /// (the minutes slots) and in business time (the business-minutes slots).
    units: [DurationUnit; 4],
    /// Whether the satisfaction or SLA-verdict column is read.
    extras: bool,
    /// How each column was found, and which headers were read.
    found: Vec<FoundColumn>,
    used: Vec<bool>,
}

/// The duration slots, each with the slots that stand in for it in other units.
const DURATION_SLOTS: [(usize, [(usize, DurationUnit); 2]); 4] = [
    (
        FIRST_RESPONSE_MINUTES,
        [
            (FIRST_RESPONSE_HOURS, DurationUnit::Hours),
            (FIRST_RESPONSE_SECONDS, DurationUnit::Seconds),
        ],
    ),
    (
        RESOLUTION_MINUTES,
        [
            (RESOLUTION_HOURS, DurationUnit::Hours),
            (RESOLUTION_SECONDS, DurationUnit::Seconds),
        ],
    ),
    (
        FIRST_RESPONSE_BUSINESS_MINUTES,
        [
            (FIRST_RESPONSE_BUSINESS_HOURS, DurationUnit::Hours),
            (FIRST_RESPONSE_BUSINESS_SECONDS, DurationUnit::Seconds),
        ],
    ),
    (
        RESOLUTION_BUSINESS_MINUTES,
        [
            (RESOLUTION_BUSINESS_HOURS, DurationUnit::Hours),
            (RESOLUTION_BUSINESS_SECONDS, DurationUnit::Seconds),
        ],
    ),
];

/// Matches `header` against the contract, keeping only the columns `options` needs.
fn select(name: &str, header: &[String], options: &IngestOptions) -> Result<Selection> {
    let resolved = resolve_with_synonyms(name, header, TICKET_COLUMNS, &options.mapping)?;
    let found = resolved.found(TICKET_COLUMNS, header);
    let used = resolved.used(header.len());
    let mut columns = resolved.index;
    let mut companions = resolved.companion;
    // Hours or seconds stand in for minutes when only they are given.
    let mut units = [DurationUnit::Minutes; 4];
    for (i, (minutes, others)) in DURATION_SLOTS.into_iter().enumerate() {
        for (other, unit) in others {
            if columns[minutes].is_none() && columns[other].is_some() {
                columns[minutes] = columns[other];
                units[i] = unit;
            }
            columns[other] = None;
        }
    }
    let headers = TICKET_COLUMNS
        .iter()
        .zip(&columns)
        .map(|(spec, c)| match c {
            Some(i) => header[*i].trim_start_matches('\u{feff}').trim().to_owned(),
            None => spec.name.to_owned(),
        })
        .collect();
    let present = found.iter().map(|f| f.column).collect();
    if let Some(needed) = &options.needed {
        for (slot, spec) in TICKET_COLUMNS.iter().enumerate() {
            if !spec.required && !needed.contains(&needed_as(spec.name)) {
                columns[slot] = None;
                companions[slot] = None;
            }
        }
    }
    let extras = columns[SATISFACTION].is_some() || columns[SLA_MET].is_some();
    Ok(Selection {
        columns,
        companions,
        headers,
        present,
        units,
        extras,
        found,
        used,
    })
}

/// The column whose need brings in `name` too: the business durations come with the calendar
/// ones, the end of an unanswered call with the resolution.
fn needed_as(name: &str) -> &str {
    match name {
        "first_response_business_minutes" => "first_response_minutes",
        "resolution_business_minutes" => "resolution_minutes",
        "abandoned_at" => "resolved_at",
        other => other,
    }
}

/// Whether the ids are kept in the frame.
fn keep_ids(options: &IngestOptions) -> bool {
    options.needed.as_ref().is_none_or(|n| n.contains(&"id"))
}

fn id_hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x5eed)
}

fn empty(name: &str, tz: Tz) -> Tickets {
    // Merging no parts cannot fail: there is nothing to compare.
    merge(name, tz, Vec::new(), Vec::new(), None, true).unwrap_or_else(|_| Tickets {
        source: name.to_owned(),
        tz,
        frame: DataFrame::empty(),
        values: Default::default(),
        present: Vec::new(),
        latest: None,
        latest_event: None,
        times_of_day: true,
        warnings: Vec::new(),
        read_as: SourceInfo::default(),
        columns: ColumnReport::default(),
    })
}

/// Joins the parts of the input, in order, into one frame.
fn merge(
    name: &str,
    tz: Tz,
    present: Vec<&'static str>,
    mut parts: Vec<Partial>,
    collect: Option<(&mut ProblemLog, &mut u64)>,
    keep_ids: bool,
) -> Result<Tickets> {
    let mut invalid_order = WarningCounter::default();
    let mut due_before_created = WarningCounter::default();
    let mut out_of_range = WarningCounter::default();
    let mut latest = i64::MIN;
    match collect {
        Some((log, rows)) => {
            for part in &mut parts {
                log.merge(std::mem::take(&mut part.problems));
                *rows += part.rows_seen;
            }
            for e in duplicates(name, &parts, usize::MAX) {
                log.add(&e);
            }
        }
        None => {
            if let Some(e) = parts.iter_mut().find_map(|p| p.error.take()) {
                return Err(e);
            }
            if let Some(e) = duplicates(name, &parts, 1).into_iter().next() {
                return Err(e);
            }
        }
    }

    let plausible = plausibility(name, &mut parts);
    // Text dimensions: one dictionary for the whole input, codes rewritten part by part.
    let mut dictionaries: [Dictionary; 6] = Default::default();
    for part in &mut parts {
        for (slot, global) in dictionaries.iter_mut().enumerate() {
            let remap = global.absorb(&part.dictionaries[slot]);
            for code in &mut part.codes[slot] {
                if *code != NO_CODE {
                    *code = remap[*code as usize];
                }
            }
        }
        invalid_order.merge(std::mem::take(&mut part.invalid_order));
        out_of_range.merge(std::mem::take(&mut part.out_of_range));
        due_before_created.merge(std::mem::take(&mut part.due_before_created));
        latest = latest.max(part.latest);
    }
    let latest_created = parts.iter().flat_map(|p| p.created.iter().copied()).max();
    let times_of_day = parts.iter().any(|p| p.clocked);

    let lens: Vec<usize> = parts.iter().map(Partial::len).collect();
    let height: usize = lens.iter().sum();
    let mut columns = Vec::with_capacity(12);
    if keep_ids {
        let mut ids = StringChunkedBuilder::new("id".into(), height);
        for part in &parts {
            for id in part.ids() {
                ids.append_value(id);
            }
        }
        columns.push(ids.finish().into_column());
    } else {
        columns.push(Column::full_null("id".into(), height, &DataType::String));
    }
    for part in &mut parts {
        part.ids = Vec::new();
        part.id_ends = Vec::new();
        part.id_hashes = Vec::new();
        part.lines = Vec::new();
    }
    let created = times(&mut parts, &lens, "created_at", height, |p| &mut p.created);
    let created_local = times(&mut parts, &lens, "created_local", height, |p| {
        &mut p.created_local
    });
    let created_local = if created_local.is_full_null() && height > 0 {
        // The zone's clock is UTC's: local times are the creation times.
        created.clone().with_name("created_local".into())
    } else {
        created_local
    };
    columns.push(created);
    columns.push(created_local);
    columns.push(times(&mut parts, &lens, "first_response_at", height, |p| {
        &mut p.first_response
    }));
    columns.push(times(&mut parts, &lens, "resolved_at", height, |p| {
        &mut p.resolved
    }));
    columns.push(times(&mut parts, &lens, "due_at", height, |p| &mut p.due));
    columns.push(times(&mut parts, &lens, "abandoned_at", height, |p| {
        &mut p.abandoned
    }));
    columns.push(times(
        &mut parts,
        &lens,
        "first_response_business_s",
        height,
        |p| &mut p.first_response_business,
    ));
    columns.push(times(
        &mut parts,
        &lens,
        "resolution_business_s",
        height,
        |p| &mut p.resolution_business,
    ));
    for dim in Dimension::ALL {
        let mut codes = Vec::with_capacity(height);
        for part in &mut parts {
            codes.extend_from_slice(&std::mem::take(&mut part.codes[dim.index()]));
        }
        if codes.len() != height {
            // Not read (absent, or not needed): null throughout.
            columns.push(Column::full_null(
                dim.column().into(),
                height,
                &DataType::UInt32,
            ));
            continue;
        }
        let validity = validity(&codes, |c| *c != NO_CODE);
        columns.push(
            UInt32Chunked::from_vec_validity(dim.column().into(), codes, validity).into_column(),
        );
    }
    columns.push(satisfaction(&mut parts, &lens, height));
    columns.push(sla_flags(&mut parts, &lens, height));
    let frame = DataFrame::new_infer_height(columns)?;
    let values = dictionaries.map(Dictionary::into_values);
    let date_only = (!times_of_day && height >= 2).then(|| Warning {
        file: name.to_owned(),
        count: height as u64,
        lines: Vec::new(),
        message: "a creation date without a time of day (every row): the hours of the day cannot be told, so peak hours and hourly figures are unavailable; export the creation time with its time of day".to_owned(),
    });
    let warnings = plausible
        .into_iter()
        .map(Some)
        .chain([
        out_of_range.into_warning(
            name,
            "a business-time duration below zero or over ten years; it is left out",
        ),
        invalid_order.into_warning(
            name,
            "a first response or resolution before creation; those durations are left out and counted as invalid_order",
        ),
        due_before_created.into_warning(
            name,
            "a due date before creation; the due date is kept as given (such a ticket is overdue unless resolved by it)",
        ),
        date_only,
    ])
    .flatten()
    .collect();
    Ok(Tickets {
        source: name.to_owned(),
        tz,
        frame,
        values,
        present,
        latest: latest_created,
        latest_event: (latest != i64::MIN).then_some(latest),
        times_of_day: times_of_day || height < 2,
        warnings,
        read_as: SourceInfo::default(),
        columns: ColumnReport::default(),
    })
}

/// The earliest plausible timestamp: 1990-01-01 00:00 UTC.
const PLAUSIBLE_FROM: i64 = 631_152_000;
/// Timestamps from year 9000 on are placeholders (`9999-12-31`): 9000-01-01 00:00 UTC.
const PLACEHOLDER_FROM: i64 = 221_845_392_000;
/// How far after the data's late creations a timestamp may lie: a year and a day.
const PLAUSIBLE_AFTER: i64 = 366 * 86_400;

/// Leaves out timestamps far outside the data: before 1990 (`1900-01-01`, `1970-01-01`
/// placeholders), from year 9000 on (`9999-12-31`), or more than a year after the 99th percentile
/// of the creation times. A ticket created at such a time is dropped; another such timestamp is
/// made empty. One warning per column, with a count and the first lines.
fn plausibility(name: &str, parts: &mut [Partial]) -> Vec<Warning> {
    let mut created: Vec<i64> = parts
        .iter()
        .flat_map(|p| p.created.iter().copied())
        .filter(|t| (PLAUSIBLE_FROM..PLACEHOLDER_FROM).contains(t))
        .collect();
    let until = if created.is_empty() {
        PLACEHOLDER_FROM
    } else {
        let at = (created.len() - 1) * 99 / 100;
        let (_, p99, _) = created.select_nth_unstable(at);
        p99.saturating_add(PLAUSIBLE_AFTER).min(PLACEHOLDER_FROM)
    };
    drop(created);
    let plausible = |t: i64| t == NO_TIME || (PLAUSIBLE_FROM..=until).contains(&t);
    // 1899-12-31, Excel's day zero (in UTC, or a zone up to 14 h east): a spreadsheet's time
    // cell without a date. (1900-01-01 00:00, a placeholder, is not.)
    const DAY_ZERO: i64 = -2_209_075_200;
    let day_zero = |t: i64| (DAY_ZERO - 14 * 3600..DAY_ZERO + 86_400).contains(&t);
    let mut dropped = WarningCounter::default();
    let mut times_alone = WarningCounter::default();
    let mut emptied: [WarningCounter; 4] = Default::default();
    for part in parts.iter_mut() {
        let keep: Vec<bool> = part.created.iter().map(|t| plausible(*t)).collect();
        for (i, kept) in keep.iter().enumerate() {
            if !kept {
                let line = u64::from(part.lines.get(i).copied().unwrap_or(0));
                if day_zero(part.created[i]) {
                    times_alone.add(line);
                } else {
                    dropped.add(line);
                }
            }
        }
        if keep.iter().any(|k| !k) {
            part.retain(&keep);
        }
        let lines = &part.lines;
        for (counter, column) in emptied.iter_mut().zip([
            &mut part.first_response,
            &mut part.resolved,
            &mut part.due,
            &mut part.abandoned,
        ]) {
            for (i, t) in column.iter_mut().enumerate() {
                if !plausible(*t) {
                    *t = NO_TIME;
                    counter.add(u64::from(lines.get(i).copied().unwrap_or(0)));
                }
            }
        }
    }
    let range = "outside the data's plausible range (before 1990, a placeholder such as 9999-12-31, or more than a year after the latest creations)";
    let mut out: Vec<Warning> = Vec::new();
    out.extend(times_alone.into_warning(
        name,
        "`created_at` holding a time of day without a date (Excel's day zero, 1899-12-31): the date \
         must be in another column; map the two together with --map created_at=DATE+TIME. Those \
         tickets are left out of every figure",
    ));
    out.extend(dropped.into_warning(
        name,
        &format!("`created_at` {range}; those tickets are left out of every figure"),
    ));
    for (counter, column) in
        emptied
            .into_iter()
            .zip(["first_response_at", "resolved_at", "due_at", "abandoned_at"])
    {
        out.extend(counter.into_warning(
            name,
            &format!("`{column}` {range}; that time is left out (the ticket stays)"),
        ));
    }
    out
}

/// The exported SLA verdicts: 1 met, 0 not, anything else (2) null; all null when not read.
fn sla_flags(parts: &mut [Partial], lens: &[usize], height: usize) -> Column {
    if parts.iter().zip(lens).any(|(p, n)| p.sla_met.len() != *n) || height == 0 {
        return Column::full_null("sla_met".into(), height, &DataType::Boolean);
    }
    let flags: BooleanChunked = parts
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.sla_met))
        .map(|f| match f {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        })
        .collect();
    flags.with_name("sla_met".into()).into_column()
}

/// The satisfaction column from the parts: text, null where empty or not read.
fn satisfaction(parts: &mut [Partial], lens: &[usize], height: usize) -> Column {
    if parts
        .iter()
        .zip(lens)
        .any(|(p, n)| p.satisfaction.len() != *n)
        || height == 0
    {
        return Column::full_null("satisfaction".into(), height, &DataType::String);
    }
    let mut builder = StringChunkedBuilder::new("satisfaction".into(), height);
    for part in parts.iter_mut() {
        let values = std::mem::take(&mut part.satisfaction_values).into_values();
        for &code in &part.satisfaction {
            match values.get(code as usize) {
                Some(v) if code != NO_CODE => builder.append_value(v),
                _ => builder.append_null(),
            }
        }
        part.satisfaction = Vec::new();
    }
    builder.finish().into_column()
}

/// One Int64 column from the parts, `NO_TIME` as null; all null when the column was not read.
fn times(
    parts: &mut [Partial],
    lens: &[usize],
    name: &str,
    height: usize,
    field: impl Fn(&mut Partial) -> &mut Vec<i64>,
) -> Column {
    if parts
        .iter_mut()
        .zip(lens)
        .any(|(p, n)| field(p).len() != *n)
    {
        return Column::full_null(name.into(), height, &DataType::Int64);
    }
    let mut values = Vec::with_capacity(height);
    for part in parts.iter_mut() {
        // Taking the part's vector frees it as soon as it is copied.
        values.extend_from_slice(&std::mem::take(field(part)));
    }
    let validity = validity(&values, |t| *t != NO_TIME);
    Int64Chunked::from_vec_validity(name.into(), values, validity).into_column()
}

/// A validity bitmap, or `None` when every value is valid.
fn validity<T>(values: &[T], valid: impl Fn(&T) -> bool) -> Option<Bitmap> {
    if values.iter().all(&valid) {
        None
    } else {
        Some(values.iter().map(valid).collect())
    }
}

/// Rows whose id appeared on an earlier line, at most `limit` of them, by line.
fn duplicates(name: &str, parts: &[Partial], limit: usize) -> Vec<Error> {
    let mut hashes: Vec<u64> = Vec::with_capacity(parts.iter().map(|p| p.id_hashes.len()).sum());
    for part in parts {
        hashes.extend_from_slice(&part.id_hashes);
    }
    hashes.par_sort_unstable();
    let mut repeated: Vec<u64> = hashes
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(hashes);
    if repeated.is_empty() {
        return Vec::new();
    }
    repeated.dedup();
    // Rare: find the rows behind the repeated hashes and compare the ids themselves.
    let mut first_seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for part in parts {
        for ((id, hash), line) in part.ids().zip(&part.id_hashes).zip(&part.lines) {
            if repeated.binary_search(hash).is_err() {
                continue;
            }
            match first_seen.get(id) {
                Some(first) => out.push(Error::DuplicateId {
                    file: name.to_owned(),
                    id: id.to_owned(),
                    first_line: u64::from(*first),
                    line: u64::from(*line),
                }),
                None => {
                    first_seen.insert(id, *line);
                }
            }
        }
    }
    out.truncate(limit);
    out
}

fn decide_order(
    name: &str,
    sample: &[csv::ByteRecord],
    columns: &[Option<usize>],
    headers: &[String],
) -> Result<Option<DateOrder>> {
    // One decision for the whole file: a day above 12 in any timestamp column settles it.
    let mut evidence = DateOrderEvidence::default();
    let mut read = Vec::new();
    for slot in [CREATED, FIRST_RESPONSE, RESOLVED, DUE] {
        let Some(col) = columns[slot] else { continue };
        read.push(headers[slot].as_str());
        for rec in sample {
            if let Some(v) = rec.get(col).and_then(|f| std::str::from_utf8(f).ok()) {
                let v = v.trim();
                if !v.is_empty() {
                    evidence.observe(v);
                }
            }
        }
    }
    evidence.decide().map_err(|e| {
        let value = match &e {
            super::timestamp::OrderError::Ambiguous { example } => example.clone(),
            super::timestamp::OrderError::Conflict {
                day_first_example, ..
            } => day_first_example.clone(),
        };
        Error::BadValue {
            location: Location {
                file: name.to_owned(),
                line: None,
                column: Some(read.join("`, `")),
            },
            value,
            problem: "cannot be read without knowing the day/month order".to_owned(),
            hint: e.to_string(),
        }
    })
}

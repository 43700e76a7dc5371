//! Parsing the rows of one chunk of a ticket export into column vectors.
//!
//! A chunk without any double quote is split into lines and fields directly; a chunk with quotes
//! goes through the `csv` crate. Both give the same records.

use std::hash::BuildHasher;

use csv::ByteRecord;

use std::borrow::Cow;

use super::{
    ABANDONED, CREATED, DUE, FIRST_DIMENSION, FIRST_RESPONSE, FIRST_RESPONSE_BUSINESS_MINUTES,
    FIRST_RESPONSE_MINUTES, ID, NO_CODE, NO_TIME, RESOLUTION_BUSINESS_MINUTES, RESOLUTION_MINUTES,
    RESOLVED, SATISFACTION, SLA_MET, TICKET_COLUMNS,
};
use crate::error::{Error, Location, Result};
use crate::ingest::WarningCounter;
use crate::ingest::check::ProblemLog;
use crate::ingest::dictionary::Dictionary;
use crate::ingest::reader::{Chunk, csv_error, misaligned, ragged, unclosed_quote};
use crate::ingest::timestamp::TimestampParser;

/// The unit of a duration column: seconds, minutes or hours after creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
}

impl DurationUnit {
    fn seconds(self) -> f64 {
        match self {
            DurationUnit::Seconds => 1.0,
            DurationUnit::Minutes => 60.0,
            DurationUnit::Hours => 3600.0,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "seconds",
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
        }
    }
}

/// The longest duration read: ten years, in seconds (anything longer is not a helpdesk's).
pub(super) const MAX_DURATION: i64 = 10 * 366 * 86_400;

/// A date cell and the time-of-day cell beside it, as one timestamp: `2025-01-08` and
/// `15:00:06` give `2025-01-08 15:00:06`. A midnight time on the date (`2025-01-08 00:00:00`,
/// as a spreadsheet writes a date) is dropped; a time cell written as a timestamp of Excel's
/// day zero (`1899-12-31 15:00:06`) gives its time. A date that already has another time of
/// day is kept as it is.
pub(super) fn date_and_time<'a>(date: &'a [u8], time: &[u8]) -> Cow<'a, [u8]> {
    let (Ok(date_text), Ok(time_text)) = (std::str::from_utf8(date), std::str::from_utf8(time))
    else {
        return Cow::Borrowed(date);
    };
    let mut day = date_text.trim();
    for midnight in [" 00:00:00", " 00:00", " 0:00:00", " 0:00", "T00:00:00"] {
        if let Some(rest) = day.strip_suffix(midnight) {
            day = rest.trim_end();
            break;
        }
    }
    if day.contains(':') {
        return Cow::Borrowed(date);
    }
    let clock = time_text.trim().rsplit([' ', 'T']).next().unwrap_or("");
    if clock.is_empty() {
        return Cow::Borrowed(date);
    }
    Cow::Owned(format!("{day} {clock}").into_bytes())
}

/// Reads a duration written as a number of `unit`s (a decimal comma allowed), as `H:MM[:SS]`,
/// or as `1h 35m`; `None` when it is none of these.
pub(super) fn duration_seconds(value: &str, unit: DurationUnit) -> Option<i64> {
    let value = value.trim();
    if let Ok(n) = value.parse::<f64>() {
        return n.is_finite().then(|| (n * unit.seconds()).round() as i64);
    }
    // A decimal comma: `12,5`.
    if value.matches(',').count() == 1 && !value.contains('.') {
        let n = value.replace(',', ".").parse::<f64>().ok()?;
        return n.is_finite().then(|| (n * unit.seconds()).round() as i64);
    }
    let (negative, body) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let sign = if negative { -1 } else { 1 };
    if let Some(seconds) = excel_day_zero(body) {
        return Some(sign * seconds);
    }
    // `H:MM` or `H:MM:SS`.
    let parts: Vec<&str> = body.split(':').collect();
    if (2..=3).contains(&parts.len()) {
        let number = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i64>().ok())
                .flatten()
        };
        let hours = number(parts[0])?;
        let minutes = number(parts[1]).filter(|m| *m < 60 && parts[1].len() == 2)?;
        let seconds = match parts.get(2) {
            Some(s) => number(s).filter(|v| *v < 60 && s.len() == 2)?,
            None => 0,
        };
        return Some(sign * (hours * 3600 + minutes * 60 + seconds));
    }
    // `1h 35m`, `2d 4h`, `45m`.
    humantime::parse_duration(body)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .map(|s| sign * s)
}

/// A duration kept in a spreadsheet cell formatted as a time of day (`h:mm:ss`, Excel's default
/// for a time or a duration): the cell holds a fraction of a day, which reads as a time on
/// Excel's day zero, `1899-12-31 00:45:00` for 45 minutes, and `1900-01-01 12:00:00` for 36 hours.
/// The seconds since day zero, for the days before 1900-03-01 (past them Excel's calendar has a
/// day that never was, 1900-02-29); `None` for anything else.
fn excel_day_zero(value: &str) -> Option<i64> {
    let at = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M"))
        .ok()?;
    let zero = chrono::NaiveDate::from_ymd_opt(1899, 12, 31)?.and_hms_opt(0, 0, 0)?;
    let leap_bug = chrono::NaiveDate::from_ymd_opt(1900, 3, 1)?.and_hms_opt(0, 0, 0)?;
    (zero..leap_bug)
        .contains(&at)
        .then(|| (at - zero).num_seconds())
}

/// An exported SLA verdict: `Some(true)` for met, `Some(false)` for breached, `None` when the text
/// is neither.
///
/// An SLA cell that holds the time remaining (Jira Service Management: `h:mm`, `-2:30` when
/// breached) is a verdict too: negative is breached, otherwise met (see [`remaining_time`] for
/// the ticket still unanswered).
pub(super) fn sla_verdict(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "met" | "within sla" | "achieved" | "да" => Some(true),
        "false" | "no" | "n" | "0" | "breached" | "missed" | "violated" | "sla violated"
        | "нет" => Some(false),
        other => remaining_time(other).map(|r| r >= 0),
    }
}

/// The time an SLA cell says remains, in seconds, when it is a clock duration (`1:35`,
/// `-2:30`); `None` for any other text. A ticket still unanswered with time remaining is not
/// met yet: its SLA is still running.
pub(super) fn remaining_time(value: &str) -> Option<i64> {
    let value = value.trim();
    let body = value.strip_prefix('-').unwrap_or(value);
    let clock = body.contains(':') && body.bytes().all(|b| b.is_ascii_digit() || b == b':');
    clock
        .then(|| duration_seconds(value, DurationUnit::Minutes))
        .flatten()
}

/// What every chunk's parser shares.
pub(super) struct RowParser {
    pub(super) name: String,
    pub(super) parser: TimestampParser,
    /// The units of the first-response and resolution duration columns, calendar then business.
    pub(super) units: [DurationUnit; 4],
    /// For each contract column, its index in the records (`None`: absent or not needed).
    pub(super) columns: Vec<Option<usize>>,
    /// For each contract column, the time-of-day column read with its date, if any.
    pub(super) companions: Vec<Option<usize>>,
    /// For each contract column, its header as written in the file.
    pub(super) headers: Vec<String>,
    /// Every header of the file, in file order.
    pub(super) file_headers: Vec<String>,
    pub(super) fields: usize,
    pub(super) delimiter: u8,
    /// Collect every problem instead of stopping at the first.
    pub(super) collect: bool,
    /// Whether the satisfaction or SLA-verdict column is read.
    pub(super) extras: bool,
    pub(super) hasher: foldhash::fast::FixedState,
    /// Whether the zone's wall clock is UTC, so that local times need no column of their own.
    pub(super) utc_clock: bool,
}

/// The columns parsed from one chunk.
#[derive(Default)]
pub(super) struct Partial {
    pub(super) ids: Vec<u8>,
    pub(super) id_ends: Vec<u32>,
    pub(super) id_hashes: Vec<u64>,
    pub(super) lines: Vec<u32>,
    pub(super) created: Vec<i64>,
    pub(super) created_local: Vec<i64>,
    pub(super) first_response: Vec<i64>,
    pub(super) resolved: Vec<i64>,
    pub(super) due: Vec<i64>,
    /// When an unanswered call or chat left the queue (when the column is read).
    pub(super) abandoned: Vec<i64>,
    /// First response and resolution in business time, seconds, as the export gives them.
    pub(super) first_response_business: Vec<i64>,
    pub(super) resolution_business: Vec<i64>,
    pub(super) codes: [Vec<u32>; 6],
    pub(super) dictionaries: [Dictionary; 6],
    /// Satisfaction answers, as codes into `satisfaction_values` (when the column is read).
    pub(super) satisfaction: Vec<u32>,
    pub(super) satisfaction_values: Dictionary,
    /// Exported SLA verdicts: 1 met, 0 breached, 2 none (when the column is read).
    pub(super) sla_met: Vec<u8>,
    pub(super) latest: i64,
    /// Whether a creation time was written with a time of day (`10:00`, even `00:00`) or
    /// falls off midnight: without one, hours of the day cannot be told.
    pub(super) clocked: bool,
    /// Business durations below zero or beyond [`MAX_DURATION`], left out.
    pub(super) out_of_range: WarningCounter,
    pub(super) invalid_order: WarningCounter,
    pub(super) due_before_created: WarningCounter,
    pub(super) rows_seen: u64,
    /// The first error (when not collecting).
    pub(super) error: Option<Error>,
    /// Every error (when collecting).
    pub(super) problems: ProblemLog,
}

/// A record's fields, however they were split.
pub(super) trait Fields {
    /// The number of fields.
    fn count(&self) -> usize;
    /// The bytes of field `i`.
    fn field(&self, i: usize) -> &[u8];
    /// A timestamp that arrived typed (from a Parquet file) instead of as text; its text field is
    /// then a non-empty placeholder.
    #[inline]
    fn typed(&self, _i: usize) -> Option<Typed> {
        None
    }
}

/// A typed timestamp, in seconds since 1970-01-01.
#[derive(Debug, Clone, Copy)]
pub(super) enum Typed {
    /// An instant (a timestamp with a zone).
    Utc(i64),
    /// A wall-clock reading in the configured zone (a timestamp without one).
    Local(i64),
}

impl Fields for ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> &[u8] {
        self.get(i).unwrap_or_default()
    }
}

/// A line split at every delimiter (no quoting to honour).
struct Split<'a> {
    line: &'a [u8],
    bounds: &'a [(u32, u32)],
}

impl Fields for Split<'_> {
    fn count(&self) -> usize {
        self.bounds.len()
    }
    fn field(&self, i: usize) -> &[u8] {
        let (start, end) = self.bounds[i];
        &self.line[start as usize..end as usize]
    }
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

impl RowParser {
    /// Parses every record of `chunk`.
    pub(super) fn parse(&self, chunk: &Chunk) -> Partial {
        let mut out = self.partial(chunk.records as usize);
        // Every byte must be UTF-8, in the columns a command reads and in the others alike.
        if !self.collect
            && let Err(e) = simdutf8::compat::from_utf8(&chunk.bytes)
        {
            out.error = Some(self.not_utf8(chunk, e.valid_up_to()));
            return out;
        }
        let (seen, last_line) = if chunk.has_quotes {
            self.parse_quoted(chunk, &mut out)
        } else {
            self.parse_plain(chunk, &mut out)
        };
        if out.error.is_none() {
            if chunk.open_quote {
                // The last row swallowed the rest of the input into one field.
                self.fail(&mut out, unclosed_quote(&self.name, last_line));
            } else if seen != chunk.records {
                self.fail(&mut out, misaligned(&self.name, chunk.first_line));
            }
        }
        out
    }

    /// An empty part with room for `estimate` rows.
    pub(super) fn partial(&self, estimate: usize) -> Partial {
        let mut out = Partial {
            latest: i64::MIN,
            ..Partial::default()
        };
        for v in [
            &mut out.created,
            &mut out.created_local,
            &mut out.first_response,
            &mut out.resolved,
            &mut out.due,
        ] {
            v.reserve_exact(estimate);
        }
        out.id_hashes.reserve_exact(estimate);
        out.id_ends.reserve_exact(estimate);
        out.lines.reserve_exact(estimate);
        for (slot, codes) in out.codes.iter_mut().enumerate() {
            if self.columns[FIRST_DIMENSION + slot].is_some() {
                codes.reserve_exact(estimate);
            }
        }
        out
    }

    /// The encoding error at byte `offset` of `chunk`, with its line and (when it can tell) column.
    fn not_utf8(&self, chunk: &Chunk, offset: usize) -> Error {
        let before = &chunk.bytes[..offset];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let line = chunk.first_line + memchr::memchr_iter(b'\n', before).count() as u64;
        let column = (!chunk.has_quotes)
            .then(|| memchr::memchr_iter(self.delimiter, &before[line_start..]).count())
            .and_then(|field| {
                let slot = self.columns.iter().position(|c| *c == Some(field));
                match slot {
                    Some(slot) => Some(self.headers[slot].clone()),
                    None => self.file_headers.get(field).cloned(),
                }
            });
        Error::Encoding {
            location: Location {
                file: self.name.clone(),
                line: Some(line),
                column,
            },
        }
    }

    /// Records through the csv crate; returns the records seen and the last record's line.
    fn parse_quoted(&self, chunk: &Chunk, out: &mut Partial) -> (u64, u64) {
        let mut reader = chunk.reader(self.delimiter);
        let mut record = ByteRecord::new();
        let mut seen = 0u64;
        let mut last_line = chunk.first_line;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if !self.fail(out, csv_error(&self.name, e, chunk.first_line)) {
                        break;
                    }
                    continue;
                }
            }
            seen += 1;
            let line = chunk.first_line + record.position().map_or(1, |p| p.line()) - 1;
            last_line = line;
            if !self.row(out, &record, line) {
                break;
            }
        }
        (seen, last_line)
    }

    /// Records split at line breaks and delimiters; returns the records seen and the last line.
    fn parse_plain(&self, chunk: &Chunk, out: &mut Partial) -> (u64, u64) {
        let bytes = &chunk.bytes[..];
        let mut bounds: Vec<(u32, u32)> = Vec::with_capacity(self.fields + 1);
        let mut seen = 0u64;
        let mut last_line = chunk.first_line;
        let mut start = 0usize;
        let ends = memchr::memchr_iter(b'\n', bytes)
            .chain((!bytes.is_empty() && bytes[bytes.len() - 1] != b'\n').then_some(bytes.len()));
        for (line_no, end) in (chunk.first_line..).zip(ends) {
            let mut line = &bytes[start..end];
            start = end + 1;
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            if !line.is_empty() {
                bounds.clear();
                let mut field_start = 0u32;
                for d in memchr::memchr_iter(self.delimiter, line) {
                    bounds.push((field_start, d as u32));
                    field_start = d as u32 + 1;
                }
                bounds.push((field_start, line.len() as u32));
                seen += 1;
                last_line = line_no;
                let split = Split {
                    line,
                    bounds: &bounds,
                };
                if !self.row(out, &split, line_no) {
                    break;
                }
            }
        }
        (seen, last_line)
    }

    /// Checks the field count and parses one record; `false` stops the chunk.
    pub(super) fn row(&self, out: &mut Partial, record: &impl Fields, line: u64) -> bool {
        out.rows_seen += 1;
        if record.count() != self.fields {
            return self.fail(out, ragged(&self.name, line, record.count(), self.fields));
        }
        match self.push(out, record, line) {
            Ok(()) => true,
            Err(e) => self.fail(out, e),
        }
    }

    /// Records an error; `true` when parsing goes on.
    fn fail(&self, out: &mut Partial, e: Error) -> bool {
        if self.collect && !matches!(e, Error::Io { .. }) {
            out.problems.add(&e);
            true
        } else {
            if out.error.is_none() {
                out.error = Some(e);
            }
            false
        }
    }

    fn location(&self, line: u64, slot: usize) -> Location {
        Location::new(&self.name, line, &self.headers[slot])
    }

    /// The trimmed bytes of the column in `slot`; `None` when it is absent or the cell empty.
    #[inline]
    fn cell<'r>(&self, rec: &'r impl Fields, slot: usize) -> Option<&'r [u8]> {
        let value = trim(rec.field(self.columns[slot]?));
        (!value.is_empty()).then_some(value)
    }

    /// The text of the timestamp column in `slot`, joined with its time-of-day column if it has
    /// one; `None` when the cell is empty.
    #[inline]
    fn stamp<'r>(&self, rec: &'r impl Fields, slot: usize) -> Option<Cow<'r, [u8]>> {
        let date = self.cell(rec, slot)?;
        match self.companions[slot] {
            Some(i) => {
                let time = trim(rec.field(i));
                if time.is_empty() {
                    Some(Cow::Borrowed(date))
                } else {
                    Some(date_and_time(date, time))
                }
            }
            None => Some(Cow::Borrowed(date)),
        }
    }

    /// The timestamp in `slot`, typed or as text (`value`, the cell's bytes).
    #[inline]
    fn time_of(
        &self,
        rec: &impl Fields,
        value: &[u8],
        line: u64,
        slot: usize,
    ) -> Result<(i64, i64)> {
        let Some(typed) = self.columns[slot].and_then(|i| rec.typed(i)) else {
            return self.time(value, line, slot);
        };
        let (instant, seconds) = match typed {
            Typed::Utc(t) => (self.parser.at_utc(t), t),
            Typed::Local(t) => (self.parser.at_local(t), t),
        };
        instant
            .map(|i| (i.utc, i.local))
            .map_err(|e| Error::BadValue {
                location: self.location(line, slot),
                value: chrono::DateTime::from_timestamp(seconds, 0)
                    .map_or_else(|| seconds.to_string(), |t| t.naive_utc().to_string()),
                problem: e.to_string(),
                hint: "timestamps without a zone are read in --tz; check the zone, or store instants with one".to_owned(),
            })
    }

    fn time(&self, value: &[u8], line: u64, slot: usize) -> Result<(i64, i64)> {
        match self.parser.parse_bytes(value) {
            Ok(instant) => Ok((instant.utc, instant.local)),
            Err(e) => Err(Error::BadValue {
                location: self.location(line, slot),
                value: String::from_utf8_lossy(value).into_owned(),
                problem: e.to_string(),
                hint: format!(
                    "the formats read are: {}; name another with --time-format (e.g. --time-format '%d/%m/%Y %H:%M'), \
                     or choose the order of ambiguous dates with --dayfirst / --monthfirst",
                    self.parser.formats_tried().join("; ")
                ),
            }),
        }
    }

    /// A duration after creation, in seconds, in the unit of its column.
    fn minutes(&self, value: &[u8], line: u64, slot: usize) -> Result<i64> {
        let unit = match slot {
            FIRST_RESPONSE_MINUTES => self.units[0],
            RESOLUTION_MINUTES => self.units[1],
            FIRST_RESPONSE_BUSINESS_MINUTES => self.units[2],
            _ => self.units[3],
        };
        match std::str::from_utf8(value).ok().and_then(|v| v.parse::<f64>().ok()) {
            Some(m) if m.is_finite() && (m * unit.seconds()).abs() < 1e15 => {
                Ok((m * unit.seconds()).round() as i64)
            }
            _ => std::str::from_utf8(value)
                .ok()
                .and_then(|v| duration_seconds(v, unit))
                .ok_or_else(|| Error::BadValue {
                    location: self.location(line, slot),
                    value: String::from_utf8_lossy(value).into_owned(),
                    problem: format!("is not a number of {}", unit.name()),
                    hint: format!(
                        "write {} as a plain number such as 95 or 12.5 (12,5), as H:MM:SS, or as 1h 35m; \
                         leave the cell empty when there is none",
                        unit.name()
                    ),
                }),
        }
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

    /// A timestamp column, or its minutes-after-creation alternative.
    fn derived(
        &self,
        rec: &impl Fields,
        line: u64,
        created: i64,
        slot: usize,
        minutes_slot: usize,
    ) -> Result<Option<i64>> {
        if let Some(v) = self.stamp(rec, slot) {
            return Ok(Some(self.time_of(rec, &v, line, slot)?.0));
        }
        match self.cell(rec, minutes_slot) {
            Some(m) => Ok(Some(created.saturating_add(self.minutes(
                m,
                line,
                minutes_slot,
            )?))),
            None => Ok(None),
        }
    }

    /// The satisfaction answer (as a code) and the SLA verdict of a record.
    fn read_extras(
        &self,
        out: &mut Partial,
        rec: &impl Fields,
        line: u64,
    ) -> Result<(Option<u32>, Option<bool>)> {
        let satisfaction = match self.cell(rec, SATISFACTION) {
            Some(v) => Some(
                out.satisfaction_values
                    .code(v)
                    .ok_or_else(|| Error::Encoding {
                        location: self.location(line, SATISFACTION),
                    })?,
            ),
            None => None,
        };
        let sla_met = match self.cell(rec, SLA_MET) {
            Some(v) => Some(
                std::str::from_utf8(v)
                    .ok()
                    .and_then(sla_verdict)
                    .ok_or_else(|| Error::BadValue {
                        location: self.location(line, SLA_MET),
                        value: String::from_utf8_lossy(v).into_owned(),
                        problem: "is not an SLA verdict".to_owned(),
                        hint: "write true/false, yes/no, 1/0, Within SLA/SLA Violated or the time \
                               remaining (h:mm, negative when breached); leave it empty when the \
                               ticket has none"
                            .to_owned(),
                    })?,
            ),
            None => None,
        };
        Ok((satisfaction, sla_met))
    }

    /// Parses one record; nothing is added to `out` unless the whole row is valid.
    fn push(&self, out: &mut Partial, rec: &impl Fields, line: u64) -> Result<()> {
        let Some(id) = self.cell(rec, ID) else {
            return Err(self.required_empty(line, ID));
        };
        let Some(created_text) = self.stamp(rec, CREATED) else {
            return Err(self.required_empty(line, CREATED));
        };
        let (created, created_local) = self.time_of(rec, &created_text, line, CREATED)?;
        let created_clocked = created_local.rem_euclid(86_400) != 0 || created_text.contains(&b':');
        let first_response =
            self.derived(rec, line, created, FIRST_RESPONSE, FIRST_RESPONSE_MINUTES)?;
        let resolved = self.derived(rec, line, created, RESOLVED, RESOLUTION_MINUTES)?;
        let due = match self.stamp(rec, DUE) {
            Some(v) => Some(self.time_of(rec, &v, line, DUE)?.0),
            None => None,
        };
        let abandoned = match self.stamp(rec, ABANDONED) {
            Some(v) => Some(self.time_of(rec, &v, line, ABANDONED)?.0),
            None => None,
        };
        let mut business = [None; 2];
        for (out, slot) in business
            .iter_mut()
            .zip([FIRST_RESPONSE_BUSINESS_MINUTES, RESOLUTION_BUSINESS_MINUTES])
        {
            if let Some(v) = self.cell(rec, slot) {
                *out = Some(self.minutes(v, line, slot)?);
            }
        }
        let mut codes = [NO_CODE; 6];
        for (slot, code) in codes.iter_mut().enumerate() {
            if let Some(v) = self.cell(rec, FIRST_DIMENSION + slot) {
                *code = out.dictionaries[slot]
                    .code(v)
                    .ok_or_else(|| Error::Encoding {
                        location: self.location(line, FIRST_DIMENSION + slot),
                    })?;
            }
        }
        // The rarely present columns, behind one test (the plain fast path reads none of them).
        let (satisfaction, mut sla_met) = if self.extras {
            self.read_extras(out, rec, line)?
        } else {
            (None, None)
        };
        // Time remaining on a ticket not answered yet: the SLA is still running, no verdict.
        if sla_met == Some(true)
            && first_response.is_none()
            && self
                .cell(rec, SLA_MET)
                .and_then(|v| std::str::from_utf8(v).ok())
                .and_then(remaining_time)
                .is_some()
        {
            sla_met = None;
        }
        // (Without `collect`, the whole chunk was already checked.)
        if self.collect && std::str::from_utf8(id).is_err() {
            return Err(Error::Encoding {
                location: self.location(line, ID),
            });
        }

        // The row is valid: record it.
        if first_response.is_some_and(|t| t < created) || resolved.is_some_and(|t| t < created) {
            out.invalid_order.add(line);
        }
        if due.is_some_and(|t| t < created) {
            out.due_before_created.add(line);
        }
        for (slot, code) in codes.into_iter().enumerate() {
            if self.columns[FIRST_DIMENSION + slot].is_some() {
                out.codes[slot].push(code);
            }
        }
        if self.extras {
            if self.columns[SATISFACTION].is_some() {
                out.satisfaction.push(satisfaction.unwrap_or(NO_CODE));
            }
            if self.columns[SLA_MET].is_some() {
                out.sla_met.push(sla_met.map_or(2, u8::from));
            }
        }
        out.id_hashes.push(self.hasher.hash_one(id));
        out.ids.extend_from_slice(id);
        out.id_ends.push(out.ids.len() as u32);
        out.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        out.latest = out
            .latest
            .max(created)
            .max(first_response.unwrap_or(i64::MIN))
            .max(resolved.unwrap_or(i64::MIN));
        out.clocked = out.clocked || created_clocked;
        out.created.push(created);
        if !self.utc_clock {
            out.created_local.push(created_local);
        }
        // Columns that are not read stay empty; the merge makes them null.
        if self.columns[FIRST_RESPONSE].is_some() || self.columns[FIRST_RESPONSE_MINUTES].is_some()
        {
            out.first_response.push(first_response.unwrap_or(NO_TIME));
        }
        if self.columns[RESOLVED].is_some() || self.columns[RESOLUTION_MINUTES].is_some() {
            out.resolved.push(resolved.unwrap_or(NO_TIME));
        }
        if self.columns[DUE].is_some() {
            out.due.push(due.unwrap_or(NO_TIME));
        }
        if self.columns[ABANDONED].is_some() {
            out.abandoned.push(abandoned.unwrap_or(NO_TIME));
        }
        for (i, (slot, value)) in [FIRST_RESPONSE_BUSINESS_MINUTES, RESOLUTION_BUSINESS_MINUTES]
            .into_iter()
            .zip(business)
            .enumerate()
        {
            if self.columns[slot].is_some() {
                let value = match value {
                    Some(v) if !(0..=MAX_DURATION).contains(&v) => {
                        out.out_of_range.add(line);
                        None
                    }
                    v => v,
                };
                let column = if i == 0 {
                    &mut out.first_response_business
                } else {
                    &mut out.resolution_business
                };
                column.push(value.unwrap_or(NO_TIME));
            }
        }
        Ok(())
    }
}

impl Partial {
    /// Keeps the rows where `keep` is true (every per-row vector, as far as it is filled).
    pub(super) fn retain(&mut self, keep: &[bool]) {
        fn filter<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            if v.len() == keep.len() {
                let mut i = 0;
                v.retain(|_| {
                    let k = keep[i];
                    i += 1;
                    k
                });
            }
        }
        let mut ids = Vec::with_capacity(self.ids.len());
        let mut ends = Vec::with_capacity(self.id_ends.len());
        let mut start = 0usize;
        for (row, &end) in self.id_ends.iter().enumerate() {
            if keep[row] {
                ids.extend_from_slice(&self.ids[start..end as usize]);
                ends.push(ids.len() as u32);
            }
            start = end as usize;
        }
        self.ids = ids;
        self.id_ends = ends;
        filter(&mut self.id_hashes, keep);
        filter(&mut self.lines, keep);
        for v in [
            &mut self.created,
            &mut self.created_local,
            &mut self.first_response,
            &mut self.resolved,
            &mut self.due,
            &mut self.abandoned,
            &mut self.first_response_business,
            &mut self.resolution_business,
        ] {
            filter(v, keep);
        }
        for codes in &mut self.codes {
            filter(codes, keep);
        }
        filter(&mut self.satisfaction, keep);
        filter(&mut self.sla_met, keep);
    }

    /// The ids, one `&str` per row (each was checked to be UTF-8 when its row was read).
    pub(super) fn ids(&self) -> impl Iterator<Item = &str> {
        // Valid ids joined are valid UTF-8, and each id starts and ends on a char boundary.
        let all = std::str::from_utf8(&self.ids).unwrap_or_default();
        let mut start = 0usize;
        self.id_ends.iter().map(move |&end| {
            let end = end as usize;
            let s = all.get(start..end).unwrap_or_default();
            start = end;
            s
        })
    }

    pub(super) fn len(&self) -> usize {
        self.created.len()
    }
}

#[cfg(test)]
mod tests {
    use super::{DurationUnit, duration_seconds, sla_verdict, trim};

    #[test]
    fn sla_verdicts() {
        assert_eq!(sla_verdict("TRUE"), Some(true));
        assert_eq!(sla_verdict(" Within SLA "), Some(true));
        // Jira Service Management's time remaining: negative is breached.
        assert_eq!(sla_verdict("2:30"), Some(true));
        assert_eq!(sla_verdict("0:00"), Some(true));
        assert_eq!(sla_verdict("-0:15"), Some(false));
        assert_eq!(sla_verdict("-12:05:00"), Some(false));
        assert_eq!(sla_verdict("2h 30m"), None);
        assert_eq!(sla_verdict("SLA Violated"), Some(false));
        assert_eq!(sla_verdict("0"), Some(false));
        assert_eq!(sla_verdict("maybe"), None);
    }

    #[test]
    fn durations_in_every_written_form() {
        let m = DurationUnit::Minutes;
        let h = DurationUnit::Hours;
        assert_eq!(duration_seconds("95", m), Some(5700));
        // 12.5 minutes = 750 s, with a decimal point or a decimal comma.
        assert_eq!(duration_seconds("12.5", m), Some(750));
        assert_eq!(duration_seconds("12,5", m), Some(750));
        // 2,25 hours = 2 h 15 min = 8100 s.
        assert_eq!(duration_seconds("2,25", h), Some(8100));
        // H:MM:SS is a clock duration whatever the column's unit: 1 h 35 min 10 s = 5710 s.
        assert_eq!(duration_seconds("1:35:10", h), Some(5710));
        assert_eq!(duration_seconds("1:35:10", m), Some(5710));
        assert_eq!(duration_seconds("26:05", m), Some(26 * 3600 + 300));
        assert_eq!(duration_seconds("1h 35m", m), Some(5700));
        assert_eq!(duration_seconds("-0:30", m), Some(-1800));
        assert_eq!(duration_seconds("about 20", m), None);
        assert_eq!(duration_seconds("1,234,5", m), None);
        assert_eq!(duration_seconds("1:5", m), None);
    }

    #[test]
    fn trims_ascii_whitespace_only() {
        assert_eq!(trim(b"  a b \t"), b"a b");
        assert_eq!(trim(b"   "), b"");
        assert_eq!(trim(b""), b"");
    }
}

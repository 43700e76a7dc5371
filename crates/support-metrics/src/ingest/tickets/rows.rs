//! Parsing the rows of one chunk of a ticket export into column vectors.

use std::hash::BuildHasher;

use csv::ByteRecord;

use super::{
    CREATED, DUE, FIRST_DIMENSION, FIRST_RESPONSE, FIRST_RESPONSE_MINUTES, ID, NO_CODE, NO_TIME,
    RESOLUTION_MINUTES, RESOLVED, TICKET_COLUMNS,
};
use crate::error::{Error, Location, Result};
use crate::ingest::WarningCounter;
use crate::ingest::check::ProblemLog;
use crate::ingest::dictionary::Dictionary;
use crate::ingest::reader::{Chunk, csv_error, misaligned, ragged, unclosed_quote};
use crate::ingest::timestamp::{Instant, TimestampParser};

/// What every chunk's parser shares.
pub(super) struct RowParser {
    pub(super) name: String,
    pub(super) parser: TimestampParser,
    /// For each contract column, its index in the records.
    pub(super) columns: Vec<Option<usize>>,
    /// For each contract column, its header as written in the file.
    pub(super) headers: Vec<String>,
    pub(super) fields: usize,
    pub(super) delimiter: u8,
    /// Collect every problem instead of stopping at the first.
    pub(super) collect: bool,
    pub(super) hasher: foldhash::fast::FixedState,
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
    pub(super) codes: [Vec<u32>; 6],
    pub(super) dictionaries: [Dictionary; 6],
    pub(super) latest: i64,
    pub(super) invalid_order: WarningCounter,
    pub(super) due_before_created: WarningCounter,
    pub(super) rows_seen: u64,
    /// The first error (when not collecting).
    pub(super) error: Option<Error>,
    /// Every error (when collecting).
    pub(super) problems: ProblemLog,
}

impl RowParser {
    /// Parses every record of `chunk`.
    pub(super) fn parse(&self, chunk: &Chunk) -> Partial {
        let estimate = chunk.records as usize;
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
        out.lines.reserve_exact(estimate);
        let mut reader = chunk.reader(self.delimiter);
        let mut record = ByteRecord::new();
        let mut seen = 0u64;
        let mut last_line = chunk.first_line;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if !self.fail(&mut out, csv_error(&self.name, e, chunk.first_line)) {
                        return out;
                    }
                    continue;
                }
            }
            seen += 1;
            out.rows_seen += 1;
            let line = chunk.first_line + record.position().map_or(1, |p| p.line()) - 1;
            last_line = line;
            if record.len() != self.fields {
                if !self.fail(
                    &mut out,
                    ragged(&self.name, line, record.len(), self.fields),
                ) {
                    return out;
                }
                continue;
            }
            if let Err(e) = self.push(&mut out, &record, line) {
                if !self.fail(&mut out, e) {
                    return out;
                }
            }
        }
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
        rec: &ByteRecord,
        line: u64,
        created: i64,
        slot: usize,
        minutes_slot: usize,
    ) -> Result<Option<i64>> {
        if let Some(v) = self.text(rec, line, slot)? {
            return Ok(Some(self.instant(v, line, slot)?.utc));
        }
        match self.text(rec, line, minutes_slot)? {
            Some(m) => Ok(Some(created + self.minutes(m, line, minutes_slot)?)),
            None => Ok(None),
        }
    }

    /// Parses one record; nothing is added to `out` unless the whole row is valid.
    fn push(&self, out: &mut Partial, rec: &ByteRecord, line: u64) -> Result<()> {
        let Some(id) = self.text(rec, line, ID)? else {
            return Err(self.required_empty(line, ID));
        };
        let Some(created_text) = self.text(rec, line, CREATED)? else {
            return Err(self.required_empty(line, CREATED));
        };
        let created = self.instant(created_text, line, CREATED)?;
        let first_response = self.derived(
            rec,
            line,
            created.utc,
            FIRST_RESPONSE,
            FIRST_RESPONSE_MINUTES,
        )?;
        let resolved = self.derived(rec, line, created.utc, RESOLVED, RESOLUTION_MINUTES)?;
        let due = match self.text(rec, line, DUE)? {
            Some(v) => Some(self.instant(v, line, DUE)?.utc),
            None => None,
        };
        let mut dims = [None; 6];
        for (slot, dim) in dims.iter_mut().enumerate() {
            *dim = self.text(rec, line, FIRST_DIMENSION + slot)?;
        }

        // The row is valid: record it.
        if first_response.is_some_and(|t| t < created.utc)
            || resolved.is_some_and(|t| t < created.utc)
        {
            out.invalid_order.add(line);
        }
        if due.is_some_and(|t| t < created.utc) {
            out.due_before_created.add(line);
        }
        for (slot, dim) in dims.into_iter().enumerate() {
            let code = match dim {
                Some(v) => out.dictionaries[slot].code(v),
                None => NO_CODE,
            };
            out.codes[slot].push(code);
        }
        out.id_hashes.push(self.hasher.hash_one(id));
        out.ids.extend_from_slice(id.as_bytes());
        out.id_ends.push(out.ids.len() as u32);
        out.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        out.latest = out
            .latest
            .max(created.utc)
            .max(first_response.unwrap_or(i64::MIN))
            .max(resolved.unwrap_or(i64::MIN));
        out.created.push(created.utc);
        out.created_local.push(created.local);
        out.first_response.push(first_response.unwrap_or(NO_TIME));
        out.resolved.push(resolved.unwrap_or(NO_TIME));
        out.due.push(due.unwrap_or(NO_TIME));
        Ok(())
    }
}

impl Partial {
    /// The ids, one `&str` per row.
    pub(super) fn ids(&self) -> impl Iterator<Item = &str> {
        let mut start = 0usize;
        self.id_ends.iter().map(move |&end| {
            let end = end as usize;
            // Every id was pushed from a `&str`, so the slice is valid UTF-8.
            let s = std::str::from_utf8(&self.ids[start..end]).unwrap_or_default();
            start = end;
            s
        })
    }

    pub(super) fn len(&self) -> usize {
        self.created.len()
    }
}

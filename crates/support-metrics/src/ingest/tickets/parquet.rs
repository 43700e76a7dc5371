//! Parquet ticket files: the same contract as CSV, columns found by name.
//!
//! Timestamp columns stored as Parquet timestamps are used as they are: one with a zone is an
//! instant, one without is a wall-clock reading in the configured zone (like a naive CSV value),
//! a date is its local midnight. Text columns go through the same parsing and checks as CSV
//! cells; other types (integers, decimals, booleans) are read as their text. Rows are numbered
//! from 1 in messages ("line 5" is the fifth row).

use std::io::{Cursor, Read};

use polars::prelude::*;
use rayon::prelude::*;

use super::rows::{Fields, RowParser, Typed};
use super::{
    ORDER_SAMPLE_ROWS, Selection, Tickets, decide_order, id_hasher, keep_ids, merge, select,
};
use crate::error::{Error, Result};
use crate::ingest::IngestOptions;
use crate::ingest::check::ProblemLog;

/// The first bytes (and the last) of every Parquet file.
const MAGIC: &[u8; 4] = b"PAR1";

/// Rows per part parsed on one thread.
const ROWS_PER_PART: usize = 1 << 16;

/// Rows decoded from the file at a time (a multiple of [`ROWS_PER_PART`]).
const ROWS_PER_SLICE: usize = 1 << 20;

/// An input after a look at its first bytes.
pub(super) enum Sniffed {
    /// A Parquet file, read whole (it is compressed, and its index sits at its end).
    Parquet(Vec<u8>),
    /// Anything else, to be read as CSV: the bytes looked at come first again.
    Text(Box<dyn Read + Send>),
}

/// Tells a Parquet file from text by its first four bytes.
pub(super) fn sniff(name: &str, mut input: Box<dyn Read + Send>) -> Result<Sniffed> {
    let mut head = Vec::with_capacity(MAGIC.len());
    (&mut input)
        .take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|error| Error::Io {
            path: name.to_owned(),
            error,
        })?;
    if head != MAGIC {
        return Ok(Sniffed::Text(Box::new(Cursor::new(head).chain(input))));
    }
    let mut bytes = head;
    input.read_to_end(&mut bytes).map_err(|error| Error::Io {
        path: name.to_owned(),
        error,
    })?;
    Ok(Sniffed::Parquet(bytes))
}

fn unreadable(name: &str, e: &PolarsError) -> Error {
    Error::Malformed {
        file: name.to_owned(),
        line: 0,
        message: format!(
            "is not a readable Parquet file ({e}); write it again, or export the tickets as CSV"
        ),
    }
}

/// Reads the tickets of a Parquet file held in `bytes`.
pub(super) fn read_tickets(
    name: &str,
    bytes: Vec<u8>,
    options: &IngestOptions,
    collect: Option<(&mut ProblemLog, &mut u64)>,
) -> Result<Tickets> {
    let reader = || ParquetReader::new(Cursor::new(&bytes[..]));
    let mut probe = reader();
    let schema = probe.schema().map_err(|e| unreadable(name, &e))?;
    let height = probe.num_rows().map_err(|e| unreadable(name, &e))?;
    let header: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let Selection {
        columns,
        companions,
        headers,
        present,
        units,
        extras,
        found,
        used: _,
    } = select(name, &header, options)?;

    // Read only the columns in use, and find each one's place in the record.
    let mut wanted: Vec<usize> = columns
        .iter()
        .chain(&companions)
        .flatten()
        .copied()
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let place = |c: &Option<usize>| c.and_then(|i| wanted.binary_search(&i).ok());
    let columns: Vec<Option<usize>> = columns.iter().map(place).collect();
    let companions: Vec<Option<usize>> = companions.iter().map(place).collect();
    // One slice of rows decoded at a time, so that memory holds one slice, not the file.
    let slice = |start: usize, len: usize| -> Result<Vec<Source>> {
        let frame = reader()
            .with_projection(Some(wanted.clone()))
            .with_slice(Some((start, len)))
            .finish()
            .map_err(|e| unreadable(name, &e))?;
        wanted
            .iter()
            .map(|&i| {
                frame
                    .column(&header[i])
                    .and_then(Source::new)
                    .map_err(|e| unreadable(name, &e))
            })
            .collect()
    };

    let order = match (options.date_order, &options.time_format) {
        (Some(order), _) => Some(order),
        (None, Some(_)) => None,
        (None, None) => {
            let rows = height.min(ORDER_SAMPLE_ROWS as usize);
            decide_order(name, &sample(&slice(0, rows)?, rows), &columns, &headers)?
        }
    };
    let rows = RowParser {
        name: name.to_owned(),
        parser: options.parser(order)?,
        units,
        extras,
        companions,
        fields: wanted.len(),
        delimiter: b',',
        file_headers: wanted.iter().map(|&i| header[i].clone()).collect(),
        columns,
        headers,
        collect: collect.is_some(),
        hasher: id_hasher(),
        utc_clock: options.tz == chrono_tz::Tz::UTC,
    };
    let mut parts = Vec::new();
    for first in (0..height).step_by(ROWS_PER_SLICE) {
        let len = ROWS_PER_SLICE.min(height - first);
        let sources = slice(first, len)?;
        let starts: Vec<usize> = (0..len).step_by(ROWS_PER_PART).collect();
        let slice_parts: Vec<_> = starts
            .into_par_iter()
            .map(|start| {
                let end = (start + ROWS_PER_PART).min(len);
                let mut out = rows.partial(end - start);
                let mut record = Record::default();
                for row in start..end {
                    record.fill(&sources, row);
                    let line = (first + row) as u64 + 1;
                    if !rows.row(&mut out, &record, line) {
                        break;
                    }
                }
                out
            })
            .collect();
        let failed = !rows.collect && slice_parts.iter().any(|p| p.error.is_some());
        parts.extend(slice_parts);
        if let Some(progress) = &options.progress {
            progress.report(((first + len) as u64 * bytes.len() as u64) / height.max(1) as u64);
        }
        if failed {
            break;
        }
    }
    let mut tickets = merge(name, options.tz, present, parts, collect, keep_ids(options))?;
    tickets.columns = super::ColumnReport {
        found,
        lookalikes: Vec::new(),
    };
    Ok(tickets)
}

/// One column of the file, in the form the rows are read from.
enum Source {
    /// Text, parsed like a CSV cell.
    Text(StringChunked),
    /// Timestamps with a zone, UTC seconds.
    Utc(Int64Chunked),
    /// Timestamps without a zone, and dates: wall-clock seconds.
    Local(Int64Chunked),
}

impl Source {
    fn new(column: &Column) -> PolarsResult<Source> {
        let seconds = |per_second: i64| -> PolarsResult<Int64Chunked> {
            let physical = column.to_physical_repr();
            Ok(physical
                .i64()?
                .apply_values(|v| v.div_euclid(per_second))
                .rechunk()
                .into_owned())
        };
        Ok(match column.dtype() {
            DataType::Datetime(unit, zone) => {
                let per_second = match unit {
                    TimeUnit::Nanoseconds => 1_000_000_000,
                    TimeUnit::Microseconds => 1_000_000,
                    TimeUnit::Milliseconds => 1_000,
                };
                if zone.is_some() {
                    Source::Utc(seconds(per_second)?)
                } else {
                    Source::Local(seconds(per_second)?)
                }
            }
            DataType::Date => {
                let days = column.to_physical_repr();
                let days = days.cast(&DataType::Int64)?;
                Source::Local(
                    days.i64()?
                        .apply_values(|d| d * 86_400)
                        .rechunk()
                        .into_owned(),
                )
            }
            DataType::String => Source::Text(column.str()?.rechunk().into_owned()),
            _ => Source::Text(
                column
                    .cast(&DataType::String)?
                    .str()?
                    .rechunk()
                    .into_owned(),
            ),
        })
    }
}

/// One row's fields, rebuilt in place for every row.
#[derive(Default)]
struct Record {
    text: Vec<u8>,
    bounds: Vec<(u32, u32)>,
    typed: Vec<Option<Typed>>,
}

impl Record {
    fn fill(&mut self, sources: &[Source], row: usize) {
        self.text.clear();
        self.bounds.clear();
        self.typed.clear();
        for source in sources {
            let start = self.text.len() as u32;
            let typed = match source {
                Source::Text(values) => {
                    if let Some(v) = values.get(row) {
                        self.text.extend_from_slice(v.as_bytes());
                    }
                    None
                }
                Source::Utc(values) => values.get(row).map(Typed::Utc),
                Source::Local(values) => values.get(row).map(Typed::Local),
            };
            if typed.is_some() {
                // Not empty, so the cell counts as filled in.
                self.text.push(b'@');
            }
            self.typed.push(typed);
            self.bounds.push((start, self.text.len() as u32));
        }
    }
}

impl Fields for Record {
    fn count(&self) -> usize {
        self.bounds.len()
    }
    fn field(&self, i: usize) -> &[u8] {
        let (start, end) = self.bounds[i];
        &self.text[start as usize..end as usize]
    }
    fn typed(&self, i: usize) -> Option<Typed> {
        self.typed[i]
    }
}

/// The first `rows` rows as CSV records, for the day/month decision (typed cells left empty: they
/// need no decision).
fn sample(sources: &[Source], rows: usize) -> Vec<csv::ByteRecord> {
    let mut record = Record::default();
    (0..rows)
        .map(|row| {
            record.fill(sources, row);
            (0..record.count())
                .map(|i| match record.typed(i) {
                    Some(_) => &b""[..],
                    None => record.field(i),
                })
                .collect()
        })
        .collect()
}

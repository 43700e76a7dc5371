//! The quirks a preset fixes before the rows are read: cells that mean "empty" (`?`), and event
//! logs where each ticket has a row per update and only the last one counts.
//!
//! The input is rewritten in memory. Every kept row stays on its own line number, and dropped
//! rows become blank lines (which the reader skips but counts), so that messages still point at
//! the lines of the original file.

use std::collections::HashMap;
use std::io::Read;

use csv::ByteRecord;

use super::Preset;
use crate::error::{Error, Result};
use crate::ingest::reader::csv_error;

/// What the rewrite gives: the new text and how many rows it dropped.
pub(crate) struct Rewritten {
    pub(crate) bytes: Vec<u8>,
    pub(crate) superseded: u64,
}

/// Rewrites the input for `preset`, whose id column is at `id_column` of the header; `None`
/// when the preset has no quirk to fix.
pub(crate) fn rewrite(
    name: &str,
    mut input: Box<dyn Read + Send>,
    delimiter: u8,
    preset: &Preset,
    id_column: Option<usize>,
) -> Result<std::result::Result<Rewritten, Box<dyn Read + Send>>> {
    if preset.missing_values.is_empty() && !preset.keep_last_row {
        return Ok(Err(input));
    }
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|error| Error::Io {
        path: name.to_owned(),
        error,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&bytes[..]);
    let mut records: Vec<(u64, ByteRecord)> = Vec::new();
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(1, |p| p.line());
                records.push((line, record.clone()));
            }
            Ok(false) => break,
            Err(e) => return Err(csv_error(name, e, 1)),
        }
    }
    // For each id, the index of its last row; the header (index 0) is always kept.
    let mut last: HashMap<&[u8], usize> = HashMap::new();
    if preset.keep_last_row
        && let Some(col) = id_column
    {
        for (i, (_, rec)) in records.iter().enumerate().skip(1) {
            if let Some(id) = rec.get(col).map(<[u8]>::trim_ascii)
                && !id.is_empty()
            {
                last.insert(id, i);
            }
        }
    }
    let keep = |i: usize, rec: &ByteRecord| -> bool {
        if i == 0 || last.is_empty() {
            return true;
        }
        match id_column.and_then(|c| rec.get(c)).map(<[u8]>::trim_ascii) {
            Some(id) if !id.is_empty() => last.get(id) == Some(&i),
            // A row without an id stays, for the reader to report.
            _ => true,
        }
    };
    let missing: Vec<&[u8]> = preset.missing_values.iter().map(|m| m.as_bytes()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut line = 1u64;
    let mut superseded = 0u64;
    let mut cleaned = ByteRecord::new();
    for (i, (at, rec)) in records.iter().enumerate() {
        if !keep(i, rec) {
            superseded += 1;
            continue;
        }
        while line < *at {
            out.push(b'\n');
            line += 1;
        }
        cleaned.clear();
        for field in rec {
            if i > 0 && missing.contains(&field.trim_ascii()) {
                cleaned.push_field(b"");
            } else {
                cleaned.push_field(field);
            }
        }
        write_record(&mut out, &cleaned, delimiter);
        // The record and any line breaks quoted inside it.
        line += 1 + cleaned
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
            .sum::<u64>();
    }
    Ok(Ok(Rewritten {
        bytes: out,
        superseded,
    }))
}

/// Appends `record` as one CSV line, quoting the fields that need it (RFC 4180).
pub(crate) fn write_record(out: &mut Vec<u8>, record: &ByteRecord, delimiter: u8) {
    for (i, field) in record.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        let quote = field
            .iter()
            .any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
        if quote {
            out.push(b'"');
            for &b in field {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field);
        }
    }
    out.push(b'\n');
}

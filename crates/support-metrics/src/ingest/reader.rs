//! The one CSV reader every input goes through: header, a sample, then the body in parallel.
//!
//! The input is read in blocks of a few megabytes. Each block is cut at the last record boundary
//! (a line break outside double quotes), and the complete records are handed to worker threads,
//! which parse them with the `csv` crate and return partial results in input order. Memory holds
//! only a few blocks of raw text at a time, whatever the size of the input.
//!
//! Record boundaries are found by counting double quotes, as RFC 4180 quoting requires. A stray
//! quote inside an unquoted field (`10" screen`) would shift the boundaries; a worker notices
//! that its records do not line up and the read stops with an error naming the line, rather than
//! reading the file wrongly.

use std::io::Read;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use csv::ByteRecord;

use crate::error::{Error, Location, Result};

/// Size of the blocks handed to workers.
const BLOCK: usize = 4 << 20;

/// A run of complete records from the input.
#[derive(Debug)]
pub(crate) struct Chunk {
    /// Position of the chunk in the input, from 0.
    pub(crate) index: usize,
    /// The records' bytes, ending at a record boundary.
    pub(crate) bytes: Vec<u8>,
    /// The 1-based line number of the chunk's first byte.
    pub(crate) first_line: u64,
    /// The number of records the boundary scan counted.
    pub(crate) records: u64,
    /// Whether the input ends inside a quoted field (only the last chunk can).
    pub(crate) open_quote: bool,
    /// Whether the chunk contains a double quote; without one, fields can be split directly.
    pub(crate) has_quotes: bool,
}

impl Chunk {
    /// A csv reader over the chunk, with the options of the input.
    pub(crate) fn reader(&self, delimiter: u8) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&self.bytes[..])
    }
}

/// A callback told how many bytes of the input have been read so far (e.g. to draw a progress
/// bar). It is called from the reading thread, once per block of a few megabytes.
#[derive(Clone)]
pub struct ProgressFn(Arc<dyn Fn(u64) + Send + Sync>);

impl ProgressFn {
    /// Wraps a callback.
    pub fn new(f: impl Fn(u64) + Send + Sync + 'static) -> Self {
        ProgressFn(Arc::new(f))
    }

    /// Tells the callback that `bytes` have been read.
    pub(crate) fn report(&self, bytes: u64) {
        (self.0)(bytes);
    }
}

impl std::fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressFn")
    }
}

/// An input whose header and first records have been read.
pub(crate) struct Opened {
    pub(crate) name: String,
    pub(crate) header: Vec<String>,
    pub(crate) delimiter: u8,
    /// The first chunk: at least `sample_rows` records, or the whole input.
    pub(crate) sample: Chunk,
    scanner: Scanner,
}

impl Opened {
    /// The sample's records, parsed (for decisions that need to see data first).
    pub(crate) fn sample_records(&self) -> Result<Vec<ByteRecord>> {
        let mut reader = self.sample.reader(self.delimiter);
        let mut out = Vec::new();
        let mut record = ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => out.push(record.clone()),
                Ok(false) => return Ok(out),
                Err(e) => return Err(csv_error(&self.name, e, self.sample.first_line)),
            }
        }
    }
}

/// Opens an input: reads the header and at least `sample_rows` records. `None` for an empty input.
pub(crate) fn open(
    name: &str,
    reader: Box<dyn Read + Send>,
    delimiter: u8,
    sample_rows: u64,
    progress: Option<ProgressFn>,
) -> Result<Option<Opened>> {
    let mut scanner = Scanner::new(name, reader, progress);
    let Some(header_chunk) = scanner.next_chunk(1, 0)? else {
        return Ok(None);
    };
    let mut reader = header_chunk.reader(delimiter);
    let mut record = ByteRecord::new();
    if !reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(name, e, 1))?
    {
        return Ok(None);
    }
    let header = decode_header(name, &record)?;
    let sample = match scanner.next_chunk(sample_rows, 0)? {
        Some(chunk) => chunk,
        None => Chunk {
            index: 1,
            bytes: Vec::new(),
            first_line: scanner.line,
            records: 0,
            open_quote: false,
            has_quotes: false,
        },
    };
    Ok(Some(Opened {
        name: name.to_owned(),
        header,
        delimiter,
        sample,
        scanner,
    }))
}

/// A small input read whole: its header, and every record with its 1-based line number.
pub(crate) struct Whole {
    /// The header's fields, byte-order mark removed.
    pub(crate) header: Vec<String>,
    /// `(line, record)` for every record.
    pub(crate) records: Vec<(u64, ByteRecord)>,
}

/// Reads a small input whole.
///
/// For inputs of at most a few thousand rows (scorecards, criteria lists) that are easier to check
/// with every row in hand. Ragged rows, broken quoting and an unclosed quote are errors naming the
/// line, as for the chunked reader. `None` for an empty input.
pub(crate) fn read_whole(
    name: &str,
    input: Box<dyn Read + Send>,
    delimiter: u8,
) -> Result<Option<Whole>> {
    let Some(opened) = open(name, input, delimiter, u64::MAX, None)? else {
        return Ok(None);
    };
    let chunk = &opened.sample;
    let mut reader = chunk.reader(delimiter);
    let mut record = ByteRecord::new();
    let mut out = Vec::with_capacity(chunk.records as usize);
    let mut last_line = chunk.first_line;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(name, e, chunk.first_line)),
        }
        let line = chunk.first_line + record.position().map_or(1, |p| p.line()) - 1;
        last_line = line;
        if record.len() != opened.header.len() {
            return Err(ragged(name, line, record.len(), opened.header.len()));
        }
        out.push((line, record.clone()));
    }
    if chunk.open_quote {
        return Err(unclosed_quote(name, last_line));
    }
    if out.len() as u64 != chunk.records {
        return Err(misaligned(name, chunk.first_line));
    }
    Ok(Some(Whole {
        header: opened.header,
        records: out,
    }))
}

/// Parses every chunk of the input with `parse`, on all cores, and returns the results in input
/// order (the sample first).
pub(crate) fn parse_all<T, F>(opened: Opened, parse: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(&Chunk) -> T + Sync,
{
    let Opened {
        sample,
        mut scanner,
        ..
    } = opened;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let first = parse(&sample);
    drop(sample);
    let mut results: Vec<Option<T>> = vec![Some(first)];

    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(threads);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, T)>();
    // Parsed chunks' buffers come back for reuse, so the pages of a few blocks are faulted in
    // once instead of once per block.
    let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
    let read_result = std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let spare_tx = spare_tx.clone();
            let work_rx = &work_rx;
            let parse = &parse;
            scope.spawn(move || {
                loop {
                    // Holding the lock only while waiting for the next chunk.
                    let next = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = next else { return };
                    let out = parse(&chunk);
                    let _ = spare_tx.send(chunk.bytes);
                    if done_tx.send((chunk.index, out)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        drop(spare_tx);
        let mut outcome = Ok(());
        loop {
            if let Ok(buffer) = spare_rx.try_recv() {
                scanner.spare = Some(buffer);
            }
            match scanner.next_chunk(1, BLOCK / 2) {
                Ok(Some(chunk)) => {
                    if work_tx.send(chunk).is_err() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        drop(work_tx);
        outcome
    });
    read_result?;
    for (index, out) in done_rx.iter() {
        if results.len() <= index {
            results.resize_with(index + 1, || None);
        }
        results[index] = Some(out);
    }
    Ok(results.into_iter().flatten().collect())
}

/// Cuts the input into chunks of complete records.
struct Scanner {
    name: String,
    reader: Box<dyn Read + Send>,
    progress: Option<ProgressFn>,
    /// Bytes read but not yet handed out (a partial record).
    pending: Vec<u8>,
    /// Whether the reader is exhausted.
    eof: bool,
    /// Line number of the first byte of `pending`.
    line: u64,
    next_index: usize,
    consumed: u64,
    /// A buffer from a parsed chunk, to hold the next one.
    spare: Option<Vec<u8>>,
}

impl Scanner {
    fn new(name: &str, reader: Box<dyn Read + Send>, progress: Option<ProgressFn>) -> Scanner {
        Scanner {
            name: name.to_owned(),
            reader,
            progress,
            pending: Vec::new(),
            eof: false,
            line: 1,
            next_index: 0,
            consumed: 0,
            spare: None,
        }
    }

    /// The next chunk holding at least `min_records` records and `min_bytes` bytes (less at the
    /// end of the input); `None` at the end.
    fn next_chunk(&mut self, min_records: u64, min_bytes: usize) -> Result<Option<Chunk>> {
        let mut records = 0u64;
        let mut newlines = 0u64;
        let mut newlines_at_cut = 0u64;
        let mut cut = 0usize; // end of the last complete record in `pending`
        let mut scanned = 0usize;
        let mut in_quotes = false;
        let mut enough = false;
        let mut quotes_before_cut = false;
        let mut has_quotes = false;
        loop {
            // Scan what is new for record boundaries: line breaks outside quotes.
            for i in memchr::memchr2_iter(b'"', b'\n', &self.pending[scanned..]) {
                let at = scanned + i;
                if self.pending[at] == b'"' {
                    in_quotes = !in_quotes;
                    has_quotes = true;
                } else {
                    newlines += 1;
                    if !in_quotes {
                        // Blank lines are no records (the csv reader skips them too).
                        let blank = at == cut || (at == cut + 1 && self.pending[cut] == b'\r');
                        if !blank {
                            records += 1;
                        }
                        cut = at + 1;
                        newlines_at_cut = newlines;
                        quotes_before_cut = has_quotes;
                        // The header and the sample stop at the first boundary that is enough;
                        // body chunks take every complete record read so far.
                        if min_bytes == 0 && records >= min_records {
                            enough = true;
                            break;
                        }
                    }
                }
            }
            if enough {
                break;
            }
            scanned = self.pending.len();
            if min_bytes > 0 && records >= min_records && cut >= min_bytes {
                enough = true;
                break;
            }
            if self.eof {
                break;
            }
            self.fill()?;
        }
        if !enough && cut < self.pending.len() {
            // The last record has no line break after it.
            if !self.pending[cut..].iter().all(|b| b.is_ascii_whitespace()) {
                records += 1;
            }
            cut = self.pending.len();
            newlines_at_cut = newlines;
            quotes_before_cut = has_quotes;
        }
        if cut == 0 {
            return Ok(None);
        }
        let mut rest = self.spare.take().unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(&self.pending[cut..]);
        self.pending.truncate(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let chunk = Chunk {
            index: self.next_index,
            bytes,
            first_line: self.line,
            records,
            open_quote: !enough && in_quotes,
            has_quotes: quotes_before_cut,
        };
        self.line += newlines_at_cut;
        self.next_index += 1;
        Ok(Some(chunk))
    }

    fn fill(&mut self) -> Result<()> {
        let start = self.pending.len();
        self.pending.reserve(BLOCK);
        let read = (&mut self.reader)
            .take(BLOCK as u64)
            .read_to_end(&mut self.pending)
            .map_err(|error| Error::Io {
                path: self.name.clone(),
                error,
            })?;
        if read < BLOCK {
            self.eof = true;
        }
        self.consumed += (self.pending.len() - start) as u64;
        if let Some(progress) = &self.progress {
            progress.report(self.consumed);
        }
        Ok(())
    }
}

/// Decodes the header record: UTF-8, byte-order mark removed.
fn decode_header(name: &str, record: &ByteRecord) -> Result<Vec<String>> {
    record
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let text = std::str::from_utf8(field).map_err(|_| Error::Encoding {
                location: Location {
                    file: name.to_owned(),
                    line: Some(1),
                    column: None,
                },
            })?;
            Ok(if i == 0 {
                text.trim_start_matches('\u{feff}').to_owned()
            } else {
                text.to_owned()
            })
        })
        .collect()
}

/// Maps a csv crate error inside a chunk that starts at `first_line`.
pub(crate) fn csv_error(name: &str, e: csv::Error, first_line: u64) -> Error {
    let line = e
        .position()
        .map(|p| first_line + p.line() - 1)
        .unwrap_or(first_line);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Io {
            path: name.to_owned(),
            error: source,
        },
        other => Error::Malformed {
            file: name.to_owned(),
            line,
            message: format!("the CSV structure is broken here ({other:?})"),
        },
    }
}

/// The error for a record whose field count differs from the header's.
pub(crate) fn ragged(name: &str, line: u64, len: usize, expected: usize) -> Error {
    Error::Malformed {
        file: name.to_owned(),
        line,
        message: format!(
            "this row has {len} fields but the header has {expected}\n  \
             fix: quote fields that contain the delimiter or a line break (\"…\"), \
             and check for an unclosed quote on this line or the one before; \
             if the file uses another delimiter, pass --delimiter"
        ),
    }
}

/// The error for a quoted field that runs to the end of the input.
pub(crate) fn unclosed_quote(name: &str, line: u64) -> Error {
    Error::Malformed {
        file: name.to_owned(),
        line,
        message: "a double quote opened in this row is never closed, so the rest of the file \
                  would be read as one field\n  fix: close the quoted field, or double a quote \
                  that belongs to the text (\"\")"
            .to_owned(),
    }
}

/// The error for a chunk whose records do not line up with the boundary scan.
pub(crate) fn misaligned(name: &str, line: u64) -> Error {
    Error::Malformed {
        file: name.to_owned(),
        line,
        message: "a double quote inside an unquoted field makes the record boundaries ambiguous \
                  near this line\n  fix: quote fields that contain double quotes and double the \
                  quotes inside them (\"10\"\" screen\"), as RFC 4180 requires"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(text: &str) -> Scanner {
        Scanner::new(
            "t.csv",
            Box::new(std::io::Cursor::new(text.to_owned())),
            None,
        )
    }

    #[test]
    fn chunks_end_at_record_boundaries_outside_quotes() {
        let mut s = scanner("a,b\n1,\"x\ny\"\n2,z");
        let header = s.next_chunk(1, 0).expect("reads").expect("some");
        assert_eq!(header.bytes, b"a,b\n");
        assert!(!header.has_quotes);
        assert_eq!((header.first_line, header.records), (1, 1));
        let body = s.next_chunk(1, BLOCK).expect("reads").expect("some");
        // The quoted line break does not end a record; the last record has no final newline.
        assert_eq!(body.bytes, b"1,\"x\ny\"\n2,z");
        assert_eq!((body.first_line, body.records), (2, 2));
        assert!(body.has_quotes);
        assert!(s.next_chunk(1, 0).expect("reads").is_none());
    }

    #[test]
    fn parse_all_keeps_input_order_across_many_chunks() {
        // ~12 MB of records: several blocks, so several workers.
        let mut text = String::from("n\n");
        for i in 0..1_500_000u32 {
            text.push_str(&format!("{i:07}\n"));
        }
        let opened = open(
            "t.csv",
            Box::new(std::io::Cursor::new(text)),
            b',',
            10,
            None,
        )
        .expect("opens")
        .expect("not empty");
        assert_eq!(opened.header, vec!["n".to_owned()]);
        let parts =
            parse_all(opened, |chunk: &Chunk| (chunk.first_line, chunk.records)).expect("parses");
        assert!(parts.len() > 2, "{} chunks", parts.len());
        let mut line = 2;
        let mut total = 0;
        for (first_line, records) in parts {
            assert_eq!(first_line, line);
            line += records;
            total += records;
        }
        assert_eq!(total, 1_500_000);
    }

    #[test]
    fn a_quote_left_open_marks_the_last_chunk() {
        let mut s = scanner("a,b\n1,x\n2,\"y\n3,z\n");
        s.next_chunk(1, 0).expect("header");
        let body = s.next_chunk(1, BLOCK).expect("reads").expect("some");
        assert!(body.open_quote);
    }

    #[test]
    fn empty_input_and_header_only() {
        assert!(
            open("t.csv", Box::new(std::io::Cursor::new("")), b',', 10, None)
                .expect("ok")
                .is_none()
        );
        let opened = open(
            "t.csv",
            Box::new(std::io::Cursor::new("a,b\n")),
            b',',
            10,
            None,
        )
        .expect("ok")
        .expect("header");
        assert_eq!(opened.sample.records, 0);
    }
}

//! Parsing the rows of one chunk of a survey export into column vectors.

use csv::ByteRecord;

use super::{
    Answer, FIRST_DIMENSION, KIND, NO_CODE, NO_NUMBER, SCORE, SUBMITTED, ScoreError, SurveyKind,
    TICKET_ID, read_answer,
};
use crate::error::{Error, Location, Result};
use crate::ingest::WarningCounter;
use crate::ingest::dictionary::Dictionary;
use crate::ingest::reader::{Chunk, csv_error, misaligned, ragged, unclosed_quote};
use crate::ingest::timestamp::TimestampParser;

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
}

/// The columns parsed from one chunk.
#[derive(Default)]
pub(super) struct Partial {
    pub(super) lines: Vec<u32>,
    pub(super) submitted: Vec<i64>,
    pub(super) submitted_local: Vec<i64>,
    pub(super) kinds: Vec<u32>,
    pub(super) numbers: Vec<i64>,
    pub(super) labels: Vec<u32>,
    /// The ticket ids joined, each ending at its entry of `ticket_id_ends`; an empty id is none.
    pub(super) ticket_ids: String,
    pub(super) ticket_id_ends: Vec<u32>,
    pub(super) codes: [Vec<u32>; 4],
    pub(super) dictionaries: [Dictionary; 4],
    pub(super) latest: i64,
    pub(super) empty_scores: WarningCounter,
    pub(super) error: Option<Error>,
}

impl RowParser {
    pub(super) fn parse(&self, chunk: &Chunk) -> Partial {
        let mut out = Partial {
            latest: i64::MIN,
            ..Partial::default()
        };
        if let Err(e) = simdutf8::compat::from_utf8(&chunk.bytes) {
            let before = &chunk.bytes[..e.valid_up_to()];
            let line = chunk.first_line + memchr::memchr_iter(b'\n', before).count() as u64;
            out.error = Some(Error::Encoding {
                location: Location {
                    file: self.name.clone(),
                    line: Some(line),
                    column: None,
                },
            });
            return out;
        }
        let mut reader = chunk.reader(self.delimiter);
        let mut record = ByteRecord::new();
        let (mut seen, mut last_line) = (0u64, chunk.first_line);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    out.error = Some(csv_error(&self.name, e, chunk.first_line));
                    break;
                }
            }
            seen += 1;
            let line = chunk.first_line + record.position().map_or(1, |p| p.line()) - 1;
            last_line = line;
            let result = if record.len() == self.fields {
                self.push(&mut out, &record, line)
            } else {
                Err(ragged(&self.name, line, record.len(), self.fields))
            };
            if let Err(e) = result {
                out.error = Some(e);
                break;
            }
        }
        if out.error.is_none() {
            if chunk.open_quote {
                // The last row swallowed the rest of the input into one field.
                out.error = Some(unclosed_quote(&self.name, last_line));
            } else if seen != chunk.records {
                out.error = Some(misaligned(&self.name, chunk.first_line));
            }
        }
        out
    }

    fn location(&self, line: u64, slot: usize) -> Location {
        Location::new(&self.name, line, &self.headers[slot])
    }

    /// The trimmed text of the column in `slot`; `None` when it is absent or the cell empty.
    fn cell<'r>(&self, rec: &'r ByteRecord, slot: usize) -> Option<&'r str> {
        let value = rec.get(self.columns[slot]?)?;
        // The chunk was checked to be UTF-8 as a whole, and fields split at ASCII bytes.
        let value = std::str::from_utf8(value).ok()?.trim();
        (!value.is_empty()).then_some(value)
    }

    fn push(&self, out: &mut Partial, rec: &ByteRecord, line: u64) -> Result<()> {
        let Some(submitted_text) = self.cell(rec, SUBMITTED) else {
            return Err(Error::BadValue {
                location: self.location(line, SUBMITTED),
                value: String::new(),
                problem: "is empty, but every answer needs `submitted_at`".to_owned(),
                hint: "fill it in, remove the row, or map another column with --map submitted_at=HEADER"
                    .to_owned(),
            });
        };
        let submitted = self
            .parser
            .parse_bytes(submitted_text.as_bytes())
            .map_err(|e| Error::BadValue {
                location: self.location(line, SUBMITTED),
                value: submitted_text.to_owned(),
                problem: e.to_string(),
                hint: format!(
                    "the formats read are: {}; name another with --time-format (e.g. --time-format '%d/%m/%Y %H:%M'), \
                     or choose the order of ambiguous dates with --dayfirst / --monthfirst",
                    self.parser.formats_tried().join("; ")
                ),
            })?;
        let Some(score_text) = self.cell(rec, SCORE) else {
            out.empty_scores.add(line);
            return Ok(());
        };
        let answer = read_answer(score_text).ok_or_else(|| Error::BadValue {
            location: self.location(line, SCORE),
            value: score_text.to_owned(),
            problem: ScoreError::Unreadable.problem(),
            hint: ScoreError::Unreadable.hint(),
        })?;
        let kind = match self.cell(rec, KIND) {
            None => NO_CODE,
            Some(text) => SurveyKind::parse(text)
                .ok_or_else(|| Error::BadValue {
                    location: self.location(line, KIND),
                    value: text.to_owned(),
                    problem: "is not a kind of survey".to_owned(),
                    hint: "write csat or nps (any case), or leave the cell empty to let the command decide"
                        .to_owned(),
                })?
                .code(),
        };
        let mut codes = [NO_CODE; 4];
        for (slot, code) in codes.iter_mut().enumerate() {
            if let Some(v) = self.cell(rec, FIRST_DIMENSION + slot) {
                *code =
                    out.dictionaries[slot]
                        .code(v.as_bytes())
                        .ok_or_else(|| Error::Encoding {
                            location: self.location(line, FIRST_DIMENSION + slot),
                        })?;
            }
        }

        // The row is valid: record it.
        out.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        out.submitted.push(submitted.utc);
        out.submitted_local.push(submitted.local);
        out.latest = out.latest.max(submitted.utc);
        out.kinds.push(kind);
        let (number, label) = match answer {
            Answer::Number(n) => (n, NO_CODE),
            Answer::Label(l) => (NO_NUMBER, l.code()),
        };
        out.numbers.push(number);
        out.labels.push(label);
        if let Some(id) = self.cell(rec, TICKET_ID) {
            out.ticket_ids.push_str(id);
        }
        out.ticket_id_ends
            .push(u32::try_from(out.ticket_ids.len()).unwrap_or(u32::MAX));
        for (slot, code) in codes.into_iter().enumerate() {
            out.codes[slot].push(code);
        }
        Ok(())
    }
}

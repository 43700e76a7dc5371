//! Survey exports: the surveys contract (CSAT and NPS answers) read into a polars frame.
//!
//! The frame has one row per answer, in input order, and these columns:
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `line` | UInt32 | the row's line in the input (for messages) |
//! | `submitted_at` | Int64 | when the answer was given, seconds since 1970-01-01 UTC |
//! | `submitted_local` | Int64 | the same on the configured zone's wall clock |
//! | `kind` | UInt32, nullable | [`SurveyKind::code`]; null when the row does not say |
//! | `number` | Int64, nullable | the answer when it is a number |
//! | `label` | UInt32, nullable | the answer when it is a label ([`Label::code`]) |
//! | `ticket_id` | String, nullable | the ticket the answer is about |
//! | `agent`, `team`, `channel`, `site` | UInt32, nullable | codes into [`Surveys::values`] |
//!
//! Answers are kept as written; which scale they are on is decided per kind of survey by
//! [`Surveys::scale`], which also checks every answer against it. A row with an empty score (a
//! survey sent but not answered) is left out with a warning.

mod from_tickets;
mod rows;
pub mod scale;
#[cfg(test)]
mod tests;

use std::io::Read;

use chrono_tz::Tz;
use csv::ByteRecord;
use polars::prelude::*;
use serde::Serialize;

use super::dictionary::Dictionary;
use super::reader;
use super::tickets::{Dimension, IngestOptions, to_local};
use super::timestamp::{DateOrder, DateOrderEvidence, OrderError};
use super::{ColumnSpec, Input, Warning, WarningCounter, resolve_secondary_columns};
use crate::error::{Error, Location, Result};
use rows::{Partial, RowParser};

pub use from_tickets::{rating_error_in_the_export, surveys_from_tickets, surveys_sent};
pub use scale::{Answer, Label, Scale, ScaleEvidence, ScoreError, Undecided, read_answer};

/// Which survey an answer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// Customer satisfaction with one ticket.
    Csat,
    /// Net Promoter Score: would the customer recommend us (0–10).
    Nps,
}

impl SurveyKind {
    /// `csat` or `nps`, as in the `kind` column.
    pub fn name(self) -> &'static str {
        match self {
            SurveyKind::Csat => "csat",
            SurveyKind::Nps => "nps",
        }
    }

    /// The kind's code in the frame's `kind` column.
    pub fn code(self) -> u32 {
        match self {
            SurveyKind::Csat => 0,
            SurveyKind::Nps => 1,
        }
    }

    fn parse(text: &str) -> Option<SurveyKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csat" => Some(SurveyKind::Csat),
            "nps" => Some(SurveyKind::Nps),
            _ => None,
        }
    }
}

// Positions in SURVEY_COLUMNS.
const SUBMITTED: usize = 0;
const SCORE: usize = 1;
const KIND: usize = 2;
const TICKET_ID: usize = 3;
const FIRST_DIMENSION: usize = 4;

/// The text columns of a survey row, in column order (their codes index [`Surveys::values`]).
pub const SURVEY_DIMENSIONS: [Dimension; 4] = [
    Dimension::Agent,
    Dimension::Team,
    Dimension::Channel,
    Dimension::Site,
];

/// The surveys contract (docs/metrics.md), in the order the reader uses.
pub const SURVEY_COLUMNS: &[ColumnSpec] = &[
    spec("submitted_at", true),
    spec("score", true),
    spec("kind", false),
    spec("ticket_id", false),
    spec("agent", false),
    spec("team", false),
    spec("channel", false),
    spec("site", false),
    spec("comment", false),
];

const fn spec(name: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, required }
}

/// How many rows are read before the day/month order of ambiguous dates is decided.
const ORDER_SAMPLE_ROWS: u64 = 10_000;

const NO_CODE: u32 = u32::MAX;
const NO_NUMBER: i64 = i64::MIN;

/// Survey answers loaded from one export.
#[derive(Debug, Clone)]
pub struct Surveys {
    source: String,
    tz: Tz,
    frame: DataFrame,
    values: [Vec<String>; 4],
    present: Vec<&'static str>,
    score_header: String,
    latest: Option<i64>,
    warnings: Vec<Warning>,
}

impl Surveys {
    /// The input's name.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The zone the answers were read in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The frame described in the module docs.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// Number of answers.
    pub fn len(&self) -> usize {
        self.frame.height()
    }

    /// Whether there are no answers.
    pub fn is_empty(&self) -> bool {
        self.frame.height() == 0
    }

    /// The distinct values of a text column (agent, team, channel, site); a code in the frame
    /// is an index into this list. Empty for the dimensions surveys do not carry.
    pub fn values(&self, dimension: Dimension) -> &[String] {
        match SURVEY_DIMENSIONS.iter().position(|d| *d == dimension) {
            Some(i) => &self.values[i],
            None => &[],
        }
    }

    /// Whether the export had the canonical column `name` (after mapping).
    pub fn has_column(&self, name: &str) -> bool {
        self.present.contains(&name)
    }

    /// The latest submission, UTC seconds.
    pub fn latest_instant(&self) -> Option<i64> {
        self.latest
    }

    /// Data problems found while reading that did not stop it.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether a row of kind code `kind` (null: not said) belongs to `wanted`: its own kind, or
    /// none given.
    fn of_kind(kind: Option<u32>, wanted: SurveyKind) -> bool {
        kind.is_none_or(|k| k == wanted.code())
    }

    /// The scale the answers of `kind` are on: `given` (from `--scale` or the configuration),
    /// or else what the answers leave no doubt about (see [`ScaleEvidence::decide`]). NPS is on
    /// 0–10 by definition. Every answer of the kind is checked against the scale. `Ok(None)`
    /// when there are no answers of the kind and no scale is given.
    ///
    /// # Errors
    ///
    /// [`Error::BadValue`] naming the line of the first answer outside the scale, of a mix of
    /// scales, or (without a line) of answers that fit several scales;
    /// [`Error::InvalidOption`] for a scale other than 0–10 given for NPS.
    pub fn scale(&self, kind: SurveyKind, given: Option<Scale>) -> Result<Option<Scale>> {
        Ok(self.scored(kind, given)?.0)
    }

    /// The scale (as [`Surveys::scale`]) and the `score` column: each answer of `kind` as a
    /// score on it, null on the other rows.
    pub(crate) fn scored(
        &self,
        kind: SurveyKind,
        given: Option<Scale>,
    ) -> Result<(Option<Scale>, Column)> {
        let given = match (kind, given) {
            (SurveyKind::Nps, Some(scale)) if scale != Scale::ZeroToTen => {
                return Err(Error::option(
                    "--scale",
                    scale.name(),
                    "NPS is defined on the 0-10 scale only",
                ));
            }
            (SurveyKind::Nps, _) => Some(Scale::ZeroToTen),
            (SurveyKind::Csat, given) => given,
        };
        let answers = self.answers(kind)?;
        let scale = match given {
            Some(scale) => Some(scale),
            None => {
                let mut evidence = ScaleEvidence::default();
                for (_, answer) in answers.iter().flatten() {
                    evidence.observe(*answer);
                }
                evidence
                    .decide()
                    .map_err(|e| self.undecided(kind, e, &answers))?
            }
        };
        let height = self.frame.height();
        let Some(scale) = scale else {
            return Ok((
                None,
                Column::full_null("score".into(), height, &DataType::Int64),
            ));
        };
        let mut scores: Vec<Option<i64>> = Vec::with_capacity(height);
        for entry in &answers {
            let score = match entry {
                None => None,
                Some((line, answer)) => {
                    Some(scale.score(*answer).map_err(|e| Error::BadValue {
                        location: Location::new(&self.source, u64::from(*line), &self.score_header),
                        value: answer.to_string(),
                        problem: e.problem(),
                        hint: e.hint(),
                    })?)
                }
            };
            scores.push(score);
        }
        Ok((
            Some(scale),
            Int64Chunked::from_iter_options("score".into(), scores.into_iter()).into_column(),
        ))
    }

    /// For every row, its line and answer when it is of `kind`.
    fn answers(&self, kind: SurveyKind) -> Result<Vec<Option<(u32, Answer)>>> {
        let lines = self.frame.column("line")?.u32()?;
        let kinds = self.frame.column("kind")?.u32()?;
        let numbers = self.frame.column("number")?.i64()?;
        let labels = self.frame.column("label")?.u32()?;
        Ok(lines
            .iter()
            .zip(kinds.iter())
            .zip(numbers.iter().zip(labels.iter()))
            .map(|((line, k), (number, label))| {
                if !Self::of_kind(k, kind) {
                    return None;
                }
                let answer = match (number, label.and_then(Label::from_code)) {
                    (Some(n), _) => Answer::Number(n),
                    (None, Some(l)) => Answer::Label(l),
                    (None, None) => return None,
                };
                Some((line.unwrap_or(0), answer))
            })
            .collect())
    }

    /// The error for answers whose scale cannot be told.
    fn undecided(
        &self,
        kind: SurveyKind,
        e: Undecided,
        answers: &[Option<(u32, Answer)>],
    ) -> Error {
        // Answers of the same class fit the same scales: numbers, `good`, `great`/`okay`, and
        // the low labels that fit both label scales.
        let class = |a: &Answer| match a {
            Answer::Number(_) => 0,
            Answer::Label(Label::Good) => 1,
            Answer::Label(Label::Great | Label::Okay) => 2,
            Answer::Label(Label::Bad | Label::NotGood) => 3,
        };
        // The first answer of the class of `like`, with its line.
        let first_like = |like: Answer| {
            answers
                .iter()
                .flatten()
                .find(|(_, a)| class(a) == class(&like))
                .map_or((like, 0), |(line, a)| (*a, u64::from(*line)))
        };
        let kind_hint = if self.has_column("kind") {
            String::new()
        } else {
            format!(
                "; if the file holds CSAT and NPS answers, tell them apart with a `kind` column \
                 (csat or nps){}",
                if kind == SurveyKind::Csat {
                    ""
                } else {
                    " or map one with --map kind=HEADER"
                }
            )
        };
        match &e {
            Undecided::Ambiguous { fits, .. } => {
                let example = fits.first().copied().unwrap_or(Scale::OneToFive);
                let others: Vec<&str> = fits.iter().skip(1).map(|s| s.name()).collect();
                let others = if others.is_empty() {
                    String::new()
                } else {
                    format!(" (or {})", others.join(", "))
                };
                let highest = answers
                    .iter()
                    .flatten()
                    .map(|(_, a)| *a)
                    .max_by_key(|a| match a {
                        Answer::Number(n) => *n,
                        Answer::Label(_) => i64::MIN,
                    });
                Error::BadValue {
                    location: Location {
                        file: self.source.clone(),
                        line: None,
                        column: Some(self.score_header.clone()),
                    },
                    value: highest.map(|a| a.to_string()).unwrap_or_default(),
                    problem: format!("cannot be scored without knowing the scale: {e}"),
                    hint: format!(
                        "name the scale with --scale {}{others}, or set scale = \"{}\" under \
                         [surveys] in supportctl.toml{kind_hint}",
                        example.name(),
                        example.name(),
                    ),
                }
            }
            Undecided::Mixed { examples: (a, b) } => {
                let (a, b) = (first_like(*a), first_like(*b));
                let (first, second) = if b.1 < a.1 { (b, a) } else { (a, b) };
                Error::BadValue {
                    location: Location::new(&self.source, second.1, &self.score_header),
                    value: second.0.to_string(),
                    problem: format!(
                        "is on another scale than {:?} on line {}: each kind of survey must use \
                         one scale",
                        first.0.to_string(),
                        first.1
                    ),
                    hint: format!(
                        "name the scale with --scale (1-5, 1-10, 0-10, good-bad, great-okay-bad) \
                         and the answers off it are reported{kind_hint}"
                    ),
                }
            }
        }
    }
}

/// Reads a survey export.
///
/// An empty input, or a header without rows, gives no answers. A missing required column
/// (`submitted_at`, `score`), a timestamp that does not parse, a score that is neither a whole
/// number nor a known label, an unknown `kind`, a ragged row or text that is not UTF-8 is an
/// [`Error`] naming the file, line and column.
pub fn load_surveys(input: Input, options: &IngestOptions) -> Result<Surveys> {
    let (name, reader) = input.open()?;
    read_surveys(&name, reader, options)
}

fn read_surveys(
    name: &str,
    input: Box<dyn Read + Send>,
    options: &IngestOptions,
) -> Result<Surveys> {
    let progress = options.progress.clone();
    let Some(opened) = reader::open(name, input, options.delimiter, ORDER_SAMPLE_ROWS, progress)?
    else {
        return merge(name, options.tz, Vec::new(), "score".to_owned(), Vec::new());
    };
    let columns =
        resolve_secondary_columns(name, &opened.header, SURVEY_COLUMNS, &options.mapping)?;
    let headers: Vec<String> = SURVEY_COLUMNS
        .iter()
        .zip(&columns)
        .map(|(spec, c)| match c {
            Some(i) => opened.header[*i].trim().to_owned(),
            None => spec.name.to_owned(),
        })
        .collect();
    let present = SURVEY_COLUMNS
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_some())
        .map(|(s, _)| s.name)
        .collect();
    let order = match (options.date_order, &options.time_format) {
        (Some(order), _) => Some(order),
        (None, Some(_)) => None,
        (None, None) => decide_order(name, &opened.sample_records()?, &columns, &headers)?,
    };
    let rows = RowParser {
        name: name.to_owned(),
        parser: options.parser(order)?,
        fields: opened.header.len(),
        delimiter: opened.delimiter,
        columns,
        headers: headers.clone(),
    };
    let parts = reader::parse_all(opened, |chunk| rows.parse(chunk))?;
    merge(name, options.tz, present, headers[SCORE].clone(), parts)
}

fn decide_order(
    name: &str,
    sample: &[ByteRecord],
    columns: &[Option<usize>],
    headers: &[String],
) -> Result<Option<DateOrder>> {
    let mut evidence = DateOrderEvidence::default();
    if let Some(col) = columns[SUBMITTED] {
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
            OrderError::Ambiguous { example } => example.clone(),
            OrderError::Conflict {
                day_first_example, ..
            } => day_first_example.clone(),
        };
        Error::BadValue {
            location: Location {
                file: name.to_owned(),
                line: None,
                column: Some(headers[SUBMITTED].clone()),
            },
            value,
            problem: "cannot be read without knowing the day/month order".to_owned(),
            hint: e.to_string(),
        }
    })
}

/// Joins the parts of the input, in order, into one frame.
fn merge(
    name: &str,
    tz: Tz,
    present: Vec<&'static str>,
    score_header: String,
    mut parts: Vec<Partial>,
) -> Result<Surveys> {
    if let Some(e) = parts.iter_mut().find_map(|p| p.error.take()) {
        return Err(e);
    }
    let mut dictionaries: [Dictionary; 4] = Default::default();
    let mut empty_scores = WarningCounter::default();
    let mut latest = i64::MIN;
    for part in &mut parts {
        for (slot, global) in dictionaries.iter_mut().enumerate() {
            let remap = global.absorb(&part.dictionaries[slot]);
            for code in &mut part.codes[slot] {
                if *code != NO_CODE {
                    *code = remap[*code as usize];
                }
            }
        }
        empty_scores.merge(std::mem::take(&mut part.empty_scores));
        latest = latest.max(part.latest);
    }
    fn gather<T: Copy>(parts: &[Partial], field: impl Fn(&Partial) -> &Vec<T>) -> Vec<T> {
        let mut out = Vec::with_capacity(parts.iter().map(|p| field(p).len()).sum());
        for part in parts {
            out.extend_from_slice(field(part));
        }
        out
    }
    let nullable_u32 = |name: &str, values: Vec<u32>| {
        UInt32Chunked::from_iter_options(
            name.into(),
            values.into_iter().map(|v| (v != NO_CODE).then_some(v)),
        )
        .into_column()
    };
    let lines = gather(&parts, |p| &p.lines);
    let submitted = gather(&parts, |p| &p.submitted);
    let submitted_local = gather(&parts, |p| &p.submitted_local);
    let numbers = gather(&parts, |p| &p.numbers);
    let ticket_ids = StringChunked::from_iter_options(
        "ticket_id".into(),
        parts.iter().flat_map(|part| {
            let mut start = 0usize;
            part.ticket_id_ends.iter().map(move |&end| {
                let end = end as usize;
                let id = part.ticket_ids.get(start..end).filter(|id| !id.is_empty());
                start = end;
                id
            })
        }),
    );
    let mut columns = vec![
        UInt32Chunked::from_vec("line".into(), lines).into_column(),
        Int64Chunked::from_vec("submitted_at".into(), submitted).into_column(),
        Int64Chunked::from_vec("submitted_local".into(), submitted_local).into_column(),
        nullable_u32("kind", gather(&parts, |p| &p.kinds)),
        Int64Chunked::from_iter_options(
            "number".into(),
            numbers.into_iter().map(|n| (n != NO_NUMBER).then_some(n)),
        )
        .into_column(),
        nullable_u32("label", gather(&parts, |p| &p.labels)),
        ticket_ids.into_column(),
    ];
    for (slot, dim) in SURVEY_DIMENSIONS.iter().enumerate() {
        columns.push(nullable_u32(
            dim.column(),
            gather(&parts, |p| &p.codes[slot]),
        ));
    }
    let frame = DataFrame::new_infer_height(columns)?;
    let warnings = empty_scores
        .into_warning(
            name,
            "an empty score (a survey sent but not answered); those rows are left out",
        )
        .into_iter()
        .collect();
    Ok(Surveys {
        source: name.to_owned(),
        tz,
        frame,
        values: dictionaries.map(Dictionary::into_values),
        present,
        score_header,
        latest: (latest != i64::MIN).then_some(latest),
        warnings,
    })
}

impl Surveys {
    /// Converts a UTC instant to the wall clock of the answers' zone, in seconds.
    pub fn to_local(&self, utc: i64) -> i64 {
        to_local(self.tz, utc)
    }
}

//! Reading exports: from CSV to validated polars frames.
//!
//! Every input goes through the same steps: the header is matched against the canonical column
//! names (case-insensitive, spaces trimmed, a UTF-8 byte-order mark ignored, extra columns
//! ignored), renamed through a [`ColumnMapping`], and every value the computation needs is parsed
//! and checked. A value that cannot be used stops the load with an [`Error`] naming
//! the file, the line, the column and the value; data problems that do not stop it (a response
//! before creation, say) become [`Warning`]s.

pub mod check;
pub mod columns;
pub mod daily;
mod dictionary;
mod fields;
pub mod presets;
pub mod reader;
pub mod scorecard;
pub mod source;
mod spreadsheet;
mod spreadsheet_ml;
pub mod surveys;
pub mod tickets;
pub mod timestamp;

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use check::{Check, Problem};
pub use columns::{
    ColumnOrigin, ColumnReport, FoundColumn, Lookalike, MappingSource, ValueShape, synonym_of,
};
pub use daily::{Absence, Daily, DailyReport, DayReport, PlanStatus, load_daily};
pub use presets::{Preset, PresetColumn, PresetMatch, find_preset, preset, presets};
pub use reader::ProgressFn;
pub use scorecard::{
    Criteria, Criterion, Score, Scorecard, ScorecardForm, load_criteria, load_scorecard,
};
pub use source::{SourceInfo, TextEncoding};
pub use surveys::{
    Scale, SurveyKind, Surveys, load_surveys, rating_error_in_the_export, surveys_from_tickets,
    surveys_sent,
};
pub use tickets::{
    Dimension, IngestOptions, TicketRating, Tickets, check_tickets, load_tickets, ticket_ratings,
};
pub use timestamp::{DateOrder, Instant, TimestampParser};

/// Where an export comes from: a file, standard input, or any reader.
pub struct Input {
    name: String,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Stdin,
    Reader(Box<dyn Read + Send>),
}

impl Input {
    /// A file on disk.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Input {
            name: path.display().to_string(),
            source: Source::Path(path),
        }
    }

    /// Standard input, named `<stdin>` in messages.
    pub fn stdin() -> Self {
        Input {
            name: "<stdin>".to_owned(),
            source: Source::Stdin,
        }
    }

    /// A command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Input::stdin()
        } else {
            Input::path(arg)
        }
    }

    /// Any reader, named `name` in messages (e.g. an in-memory buffer in a test).
    pub fn from_reader(name: impl Into<String>, reader: impl Read + Send + 'static) -> Self {
        Input {
            name: name.into(),
            source: Source::Reader(Box::new(reader)),
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path, when the input is a file.
    pub fn as_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            _ => None,
        }
    }

    /// Opens the input for reading.
    pub(crate) fn open(self) -> Result<(String, Box<dyn Read + Send>)> {
        let reader: Box<dyn Read + Send> = match self.source {
            Source::Path(path) => Box::new(File::open(&path).map_err(|source| Error::Io {
                path: self.name.clone(),
                error: source,
            })?),
            Source::Stdin => Box::new(io::stdin()),
            Source::Reader(r) => r,
        };
        Ok((self.name, reader))
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Input").field("name", &self.name).finish()
    }
}

/// Renames export headers to canonical column names: `canonical → header`, each entry with
/// who gave it (for the messages that say how a column was found).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    pairs: Vec<(String, String, MappingSource)>,
}

impl ColumnMapping {
    /// An empty mapping: headers are expected to carry the canonical names.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `canonical = header`; a later entry for the same canonical name wins.
    ///
    /// `header` may name two columns joined by `+` (`Date+Time`): a date and a time of day
    /// read together as one timestamp.
    pub fn insert(&mut self, canonical: impl Into<String>, header: impl Into<String>) {
        self.insert_from(canonical, header, MappingSource::Caller);
    }

    /// Adds `canonical = header` given by `source`; a later entry for the same canonical name wins.
    pub fn insert_from(
        &mut self,
        canonical: impl Into<String>,
        header: impl Into<String>,
        source: MappingSource,
    ) {
        let canonical = canonical.into().trim().to_ascii_lowercase();
        let header = header.into();
        self.pairs.retain(|(c, _, _)| *c != canonical);
        self.pairs.push((canonical, header, source));
    }

    /// Parses one `canonical=Their Header` argument of a command line and adds it.
    pub fn insert_arg(&mut self, arg: &str) -> Result<()> {
        let (canonical, header) = arg.split_once('=').ok_or_else(|| {
            Error::option(
                "--map",
                arg,
                "expected CANONICAL=HEADER, e.g. --map created_at=\"Created at\"",
            )
        })?;
        if canonical.trim().is_empty() || header.trim().is_empty() {
            return Err(Error::option(
                "--map",
                arg,
                "both sides of `=` must be non-empty, e.g. --map agent=Assignee",
            ));
        }
        self.insert_from(canonical, header, MappingSource::CommandLine);
        Ok(())
    }

    /// Adds every entry of `other`, which wins over entries already here.
    pub fn extend(&mut self, other: &ColumnMapping) {
        for (c, h, source) in &other.pairs {
            self.insert_from(c.clone(), h.clone(), *source);
        }
    }

    /// The header mapped to `canonical`, if any.
    pub fn header_for(&self, canonical: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(c, _, _)| c == canonical)
            .map(|(_, h, _)| h.as_str())
    }

    /// Who mapped `canonical`, if anyone.
    pub fn source_for(&self, canonical: &str) -> Option<MappingSource> {
        self.pairs
            .iter()
            .find(|(c, _, _)| c == canonical)
            .map(|(_, _, s)| *s)
    }

    /// Checks that every canonical name in the mapping is one of `known`, or a column of another
    /// input's contract (one mapping, e.g. `[columns]` in a configuration, serves every input).
    pub(crate) fn check_known(&self, known: &[ColumnSpec]) -> Result<()> {
        for (canonical, header, _) in &self.pairs {
            if !known.iter().any(|k| k.name == canonical) && !known_anywhere(canonical) {
                let names: Vec<&str> = known.iter().map(|k| k.name).collect();
                return Err(Error::option(
                    "--map",
                    format!("{canonical}={header}"),
                    format!(
                        "`{canonical}` is not a column supportctl reads; the columns are: {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Every input contract whose columns a mapping may name (one mapping, e.g. `[columns]` in a
/// configuration, serves every input a command reads).
const CONTRACTS: [&[ColumnSpec]; 5] = [
    tickets::TICKET_COLUMNS,
    daily::DAILY_COLUMNS,
    surveys::SURVEY_COLUMNS,
    scorecard::SCORECARD_COLUMNS,
    scorecard::CRITERIA_COLUMNS,
];

/// Whether `name` is a canonical column of any input's contract.
fn known_anywhere(name: &str) -> bool {
    CONTRACTS
        .iter()
        .any(|contract| contract.iter().any(|c| c.name == name))
}

/// Whether `name` is a column of more than one contract (`agent`, `channel`, …), so that a
/// mapping of it may be meant for another input.
fn shared_column(name: &str) -> bool {
    CONTRACTS
        .iter()
        .filter(|c| c.iter().any(|k| k.name == name))
        .count()
        > 1
}

/// A canonical column of an input contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Its canonical name.
    pub name: &'static str,
    /// Whether the input is unusable without it.
    pub required: bool,
}

/// Normalises a header for matching: trimmed, lower-case, byte-order mark removed.
pub(crate) fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// For each spec, the index of its column in `headers`, after the mapping. A mapped header
/// that the file lacks is an error, and so are missing required columns (all named at once).
pub(crate) fn resolve_columns(
    file: &str,
    headers: &[String],
    specs: &[ColumnSpec],
    mapping: &ColumnMapping,
) -> Result<Vec<Option<usize>>> {
    resolve(file, headers, specs, mapping, false, false).map(|r| r.index)
}

/// As [`resolve_columns`], for an input read beside the tickets (surveys): a mapped header that
/// the file lacks is looked for under its canonical name instead when the column is optional
/// and the tickets have it too (`agent`, `team`, `channel`, `site`), since one mapping serves
/// both inputs and such an entry is usually meant for the tickets.
pub(crate) fn resolve_secondary_columns(
    file: &str,
    headers: &[String],
    specs: &[ColumnSpec],
    mapping: &ColumnMapping,
) -> Result<Vec<Option<usize>>> {
    resolve(file, headers, specs, mapping, true, false).map(|r| r.index)
}

/// The columns of a header, found through the mapping, the canonical names and (for the
/// tickets) the synonyms; see [`columns`](mod@columns).
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// For each spec, the index of its column.
    pub(crate) index: Vec<Option<usize>>,
    /// For each spec, the time-of-day column read with its date column, if any.
    pub(crate) companion: Vec<Option<usize>>,
    /// For each spec, how it was found.
    pub(crate) origin: Vec<Option<ColumnOrigin>>,
}

impl Resolved {
    /// Whether header `i` is read for some column.
    pub(crate) fn used(&self, headers: usize) -> Vec<bool> {
        let mut used = vec![false; headers];
        for i in self.index.iter().chain(&self.companion).flatten() {
            used[*i] = true;
        }
        used
    }

    /// The report of what was found, for `specs` in `headers`.
    pub(crate) fn found(&self, specs: &[ColumnSpec], headers: &[String]) -> Vec<FoundColumn> {
        specs
            .iter()
            .enumerate()
            .filter_map(|(slot, spec)| {
                let index = self.index[slot]?;
                let mut names = vec![
                    headers[index]
                        .trim_start_matches('\u{feff}')
                        .trim()
                        .to_owned(),
                ];
                if let Some(c) = self.companion[slot] {
                    names.push(headers[c].trim().to_owned());
                }
                Some(FoundColumn {
                    column: spec.name,
                    headers: names,
                    origin: self.origin[slot].unwrap_or(ColumnOrigin::Canonical),
                })
            })
            .collect()
    }
}

/// Resolves the ticket columns, synonyms included.
pub(crate) fn resolve_with_synonyms(
    file: &str,
    headers: &[String],
    specs: &[ColumnSpec],
    mapping: &ColumnMapping,
) -> Result<Resolved> {
    resolve(file, headers, specs, mapping, false, true)
}

fn resolve(
    file: &str,
    headers: &[String],
    specs: &[ColumnSpec],
    mapping: &ColumnMapping,
    lenient_shared: bool,
    synonyms: bool,
) -> Result<Resolved> {
    mapping.check_known(specs)?;
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let find = |wanted: &str| {
        let wanted = normalise_header(wanted);
        normalised.iter().position(|h| *h == wanted)
    };
    let n = specs.len();
    let mut out = Resolved {
        index: vec![None; n],
        companion: vec![None; n],
        origin: vec![None; n],
    };
    let mut taken = vec![false; headers.len()];
    // 1. The mapping.
    for (slot, spec) in specs.iter().enumerate() {
        let Some(header) = mapping.header_for(spec.name) else {
            continue;
        };
        let source = mapping
            .source_for(spec.name)
            .unwrap_or(MappingSource::Caller);
        let split = header
            .split_once('+')
            .and_then(|(a, b)| Some((find(a)?, find(b)?)));
        match (find(header), split) {
            (Some(i), _) => out.index[slot] = Some(i),
            (None, Some((date, time))) => {
                out.index[slot] = Some(date);
                out.companion[slot] = Some(time);
            }
            (None, None) if lenient_shared && !spec.required && shared_column(spec.name) => {
                out.index[slot] = find(spec.name);
                continue;
            }
            (None, None) => {
                return Err(Error::MappedColumnMissing {
                    file: file.to_owned(),
                    column: spec.name.to_owned(),
                    header: header.to_owned(),
                    given_by: source.describe().to_owned(),
                    found: headers
                        .iter()
                        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
                        .collect(),
                    suggestion: closest(header, headers),
                });
            }
        }
        out.origin[slot] = Some(ColumnOrigin::Mapped(source));
    }
    for i in out.index.iter().chain(&out.companion).flatten() {
        taken[*i] = true;
    }
    // 2. The canonical names.
    for (slot, spec) in specs.iter().enumerate() {
        if out.index[slot].is_some() || mapping.header_for(spec.name).is_some() {
            continue;
        }
        if let Some(i) = find(spec.name).filter(|i| !taken[*i]) {
            out.index[slot] = Some(i);
            out.origin[slot] = Some(ColumnOrigin::Canonical);
            taken[i] = true;
        }
    }
    // 3. The synonyms, and a time of day beside the creation date.
    if synonyms {
        for (slot, spec) in specs.iter().enumerate() {
            if out.index[slot].is_some() || mapping.header_for(spec.name).is_some() {
                continue;
            }
            if let Some(i) = columns::match_synonyms(file, headers, spec.name, &taken)? {
                out.index[slot] = Some(i);
                out.origin[slot] = Some(ColumnOrigin::Synonym);
                taken[i] = true;
            }
        }
        if let Some(slot) = specs.iter().position(|s| s.name == "created_at")
            && out.companion[slot].is_none()
            && let Some(date) = out.index[slot]
            && let Some(time) = Some(date + 1).filter(|t| *t < headers.len())
            && !taken[time]
            && columns::is_time_of_day(&headers[time])
        {
            out.companion[slot] = Some(time);
            out.origin[slot] = Some(ColumnOrigin::DateAndTime);
        }
    }
    let missing: Vec<&ColumnSpec> = specs
        .iter()
        .zip(&out.index)
        .filter(|(s, i)| s.required && i.is_none())
        .map(|(s, _)| s)
        .collect();
    let found = || -> Vec<String> { headers.to_vec() };
    match missing.as_slice() {
        [] => Ok(out),
        [one] => Err(Error::MissingColumn {
            file: file.to_owned(),
            column: one.name.to_owned(),
            found: found(),
            suggestion: closest(one.name, headers),
        }),
        several => Err(Error::MissingColumns {
            file: file.to_owned(),
            columns: several.iter().map(|s| s.name.to_owned()).collect(),
            found: found(),
            suggestions: several.iter().map(|s| closest(s.name, headers)).collect(),
        }),
    }
}

/// The header most like `wanted`, if any is reasonably close.
fn closest(wanted: &str, headers: &[String]) -> Option<String> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = squash(wanted);
    headers
        .iter()
        .map(|h| (strsim::jaro_winkler(&w, &squash(h)), h))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| h.trim_start_matches('\u{feff}').trim().to_owned())
}

/// A data problem that did not stop the load, summarised with a count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The input's name.
    pub file: String,
    /// How many rows have the problem.
    pub count: u64,
    /// The first few lines with the problem (at most [`Warning::MAX_LINES`]).
    pub lines: Vec<u64>,
    /// What the problem is and what was done about it.
    pub message: String,
}

impl Warning {
    /// How many line numbers a warning keeps.
    pub const MAX_LINES: usize = 5;
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.count == 1 { "row" } else { "rows" };
        write!(
            f,
            "{}: {} {rows} with {}",
            self.file, self.count, self.message
        )?;
        if !self.lines.is_empty() {
            let lines: Vec<String> = self.lines.iter().map(u64::to_string).collect();
            let more = if self.count as usize > self.lines.len() {
                ", …"
            } else {
                ""
            };
            write!(f, " (line {}{more})", lines.join(", "))?;
        }
        Ok(())
    }
}

/// Counts rows with one kind of problem and keeps the first line numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct WarningCounter {
    count: u64,
    lines: Vec<u64>,
}

impl WarningCounter {
    pub(crate) fn add(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < Warning::MAX_LINES {
            self.lines.push(line);
        }
    }

    /// Adds the counts of a later part of the same input.
    pub(crate) fn merge(&mut self, other: WarningCounter) {
        self.count += other.count;
        let room = Warning::MAX_LINES.saturating_sub(self.lines.len());
        self.lines.extend(other.lines.into_iter().take(room));
    }

    pub(crate) fn into_warning(self, file: &str, message: &str) -> Option<Warning> {
        (self.count > 0).then(|| Warning {
            file: file.to_owned(),
            count: self.count,
            lines: self.lines,
            message: message.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ColumnSpec] = &[
        ColumnSpec {
            name: "id",
            required: true,
        },
        ColumnSpec {
            name: "created_at",
            required: true,
        },
        ColumnSpec {
            name: "agent",
            required: false,
        },
    ];

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_match_case_insensitively_with_bom_and_spaces() {
        let h = headers(&["\u{feff}ID", " Created_At ", "extra"]);
        let idx = resolve_columns("t.csv", &h, SPECS, &ColumnMapping::new()).expect("resolves");
        assert_eq!(idx, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn mapping_renames() {
        let h = headers(&["Ticket", "Created time", "Assignee"]);
        let mut m = ColumnMapping::new();
        m.insert_arg("id=ticket").expect("valid");
        m.insert_arg("created_at=Created time").expect("valid");
        m.insert_arg("agent=Assignee").expect("valid");
        let idx = resolve_columns("t.csv", &h, SPECS, &m).expect("resolves");
        assert_eq!(idx, vec![Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn missing_required_column_suggests_the_closest_header() {
        let h = headers(&["id", "Created at", "agent"]);
        let err = resolve_columns("t.csv", &h, SPECS, &ColumnMapping::new()).unwrap_err();
        match err {
            Error::MissingColumn {
                column, suggestion, ..
            } => {
                assert_eq!(column, "created_at");
                assert_eq!(suggestion.as_deref(), Some("Created at"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unknown_canonical_name_in_mapping_is_a_usage_error() {
        let mut m = ColumnMapping::new();
        m.insert_arg("createdat=Created").expect("syntax ok");
        let err = resolve_columns("t.csv", &headers(&["id"]), SPECS, &m).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage);
        assert!(ColumnMapping::new().insert_arg("no-equals").is_err());
    }

    #[test]
    fn a_mapping_may_name_columns_of_other_inputs() {
        // `[columns]` serves tickets and scorecards alike: a scorecard's column is no error here.
        let mut m = ColumnMapping::new();
        m.insert_arg("employee=Сотрудник").expect("syntax ok");
        m.insert_arg("agent=Assignee").expect("syntax ok");
        let idx = resolve_columns(
            "t.csv",
            &headers(&["id", "created_at", "Assignee"]),
            SPECS,
            &m,
        )
        .expect("resolves");
        assert_eq!(idx, vec![Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn warning_lists_first_lines() {
        let mut c = WarningCounter::default();
        for line in [3, 5, 8, 13, 21, 34, 55] {
            c.add(line);
        }
        let w = c.into_warning("t.csv", "a problem").expect("some");
        assert_eq!(
            w.to_string(),
            "t.csv: 7 rows with a problem (line 3, 5, 8, 13, 21, …)"
        );
    }
}

//! The criteria of a scorecard and their maximum points: a criteria file
//! (`criterion, max_points[, description]`) or a list given by the caller (e.g. a configuration
//! file).

use serde::Serialize;

use super::{cell_text, name_key, parse_number};
use crate::error::{Error, Location, Result};
use crate::ingest::reader;
use crate::ingest::tickets::IngestOptions;
use crate::ingest::{ColumnSpec, Input, resolve_columns};

/// One criterion: what the manager scores, and the most points it can earn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// The name, as written in the criteria list (or first seen in the scorecard).
    pub name: String,
    /// The most points a meeting can give it; positive.
    pub max_points: f64,
    /// What it means, for people.
    pub description: Option<String>,
}

/// A list of criteria with their maximum points, and where it came from.
///
/// Names are matched case-insensitively with surrounding spaces ignored, so `Webinar support`
/// and ` webinar support ` are the same criterion.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Criteria {
    source: String,
    list: Vec<Criterion>,
}

/// The criteria file's contract (docs/metrics.md).
pub const CRITERIA_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "criterion",
        required: true,
    },
    ColumnSpec {
        name: "max_points",
        required: true,
    },
    ColumnSpec {
        name: "description",
        required: false,
    },
];

impl Criteria {
    /// A list named `source` in messages (e.g. `[scorecard.criteria] in supportctl.toml`).
    ///
    /// # Errors
    ///
    /// An [`Error::InvalidOption`] for an empty name, a maximum that is not a positive number, or
    /// a name given twice.
    pub fn new(source: impl Into<String>, list: Vec<Criterion>) -> Result<Criteria> {
        let source = source.into();
        for (i, c) in list.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(Error::option(&source, "", "a criterion needs a name"));
            }
            if !(c.max_points.is_finite() && c.max_points > 0.0) {
                return Err(Error::option(
                    &source,
                    format!("{} = {}", c.name, c.max_points),
                    "the maximum points of a criterion must be a positive number",
                ));
            }
            if list[..i]
                .iter()
                .any(|earlier| name_key(&earlier.name) == name_key(&c.name))
            {
                return Err(Error::option(
                    &source,
                    c.name.clone(),
                    "this criterion is listed twice; keep one entry",
                ));
            }
        }
        let list = list
            .into_iter()
            .map(|c| Criterion {
                name: c.name.trim().to_owned(),
                ..c
            })
            .collect();
        Ok(Criteria { source, list })
    }

    /// Where the list came from, for messages.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The criteria, in the order given.
    pub fn list(&self) -> &[Criterion] {
        &self.list
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The position of the criterion called `name` (any case, spaces trimmed).
    pub fn find(&self, name: &str) -> Option<usize> {
        let key = name_key(name);
        self.list.iter().position(|c| name_key(&c.name) == key)
    }

    /// The name closest to `name`, when one is close enough to be a likely misspelling.
    pub(crate) fn closest(&self, name: &str) -> Option<&str> {
        let key = name_key(name);
        self.list
            .iter()
            .map(|c| {
                (
                    strsim::jaro_winkler(&key, &name_key(&c.name)),
                    c.name.as_str(),
                )
            })
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
    }

    /// How to add a criterion to this list, for hints.
    pub(crate) fn how_to_add(&self) -> String {
        if self.source.contains("supportctl.toml") {
            "add it under [scorecard.criteria] in supportctl.toml with its maximum points"
                .to_owned()
        } else {
            format!(
                "add a line `criterion,max_points` for it to {}",
                self.source
            )
        }
    }
}

/// Reads a criteria file: `criterion, max_points[, description]`, one criterion per row.
///
/// An empty input gives an empty list. An empty name, a maximum that is not a positive number,
/// or a criterion listed twice is an [`Error`] naming the file, line and column.
pub fn load_criteria(input: Input, options: &IngestOptions) -> Result<Criteria> {
    let (name, reader) = input.open()?;
    let Some(reader::Whole { header, records }) =
        reader::read_whole(&name, reader, options.delimiter)?
    else {
        return Ok(Criteria {
            source: name,
            list: Vec::new(),
        });
    };
    let columns = resolve_columns(&name, &header, CRITERIA_COLUMNS, &options.mapping)?;
    let header_of = |slot: usize| {
        columns[slot].map_or(CRITERIA_COLUMNS[slot].name.to_owned(), |i| {
            header[i].trim().to_owned()
        })
    };
    let mut list: Vec<Criterion> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    for (line, record) in &records {
        let location = |slot: usize| Location::new(&name, *line, header_of(slot));
        let text = |slot: usize| -> Result<Option<String>> {
            match columns[slot] {
                Some(i) => cell_text(record, i, || location(slot)),
                None => Ok(None),
            }
        };
        let Some(criterion) = text(0)? else {
            return Err(Error::BadValue {
                location: location(0),
                value: String::new(),
                problem: "is empty, but every row of a criteria list names a criterion".to_owned(),
                hint: "fill in the name, or remove the row".to_owned(),
            });
        };
        let max_text = text(1)?.unwrap_or_default();
        let max_points = parse_number(&max_text)
            .filter(|m| *m > 0.0)
            .ok_or_else(|| Error::BadValue {
                location: location(1),
                value: max_text.clone(),
                problem: format!(
                    "is not a positive number of points (the maximum of {criterion:?})"
                ),
                hint: "write the most points the criterion can earn, such as 10 or 20".to_owned(),
            })?;
        if let Some(first) = list
            .iter()
            .position(|c| name_key(&c.name) == name_key(&criterion))
        {
            return Err(Error::BadValue {
                location: location(0),
                value: criterion,
                problem: format!("is listed twice, on lines {} and {line}", lines[first]),
                hint: "keep one row per criterion".to_owned(),
            });
        }
        list.push(Criterion {
            name: criterion,
            max_points,
            description: text(2)?,
        });
        lines.push(*line);
    }
    Ok(Criteria { source: name, list })
}

//! Collecting every problem of an input instead of stopping at the first (`validate`).

use serde::Serialize;

use super::Warning;
use crate::error::Error;

/// Every problem found in one input.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Check {
    /// The input's name.
    pub file: String,
    /// Data rows read.
    pub rows: u64,
    /// Problems that stop a computation, one entry per kind and column, by first line.
    pub problems: Vec<Problem>,
    /// Problems that do not stop it.
    pub warnings: Vec<Warning>,
    /// How the input was read (preset, encoding, delimiter, sheet).
    pub read_as: super::SourceInfo,
    /// How each column was found, and the unused headers that look like one.
    pub columns: super::columns::ColumnReport,
    /// The response figures the input cannot give, with why and what would fix it.
    pub unavailable: Vec<crate::metrics::Unavailable>,
}

/// One kind of problem in one column, with a count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The column's header, when the problem is in a column.
    pub column: Option<String>,
    /// How many rows have it.
    pub count: u64,
    /// The first few lines.
    pub lines: Vec<u64>,
    /// The full message of the first occurrence, with how to fix it.
    pub message: String,
}

/// Errors grouped by kind and column.
#[derive(Debug, Default)]
pub(crate) struct ProblemLog {
    problems: Vec<(String, Problem)>,
}

impl ProblemLog {
    /// Records one error.
    pub(crate) fn add(&mut self, error: &Error) {
        let (kind, column, line) = match error {
            Error::BadValue {
                location, value, ..
            } => {
                // Group values by what is wrong, not by the value itself: a required cell left
                // empty is one kind, a value that cannot be read another.
                let kind = if value.is_empty() {
                    "empty"
                } else {
                    "bad value"
                };
                (kind, location.column.clone(), location.line)
            }
            Error::Encoding { location } => ("encoding", location.column.clone(), location.line),
            Error::Malformed { line, .. } => ("structure", None, Some(*line)),
            Error::DuplicateId { line, .. } => ("duplicate id", None, Some(*line)),
            _ => ("other", None, None),
        };
        let key = format!("{kind}|{}", column.as_deref().unwrap_or(""));
        let index = match self.problems.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.problems.push((
                    key,
                    Problem {
                        column,
                        count: 0,
                        lines: Vec::new(),
                        message: error.to_string(),
                    },
                ));
                self.problems.len() - 1
            }
        };
        let entry = &mut self.problems[index].1;
        entry.count += 1;
        if let Some(line) = line
            && entry.lines.len() < Warning::MAX_LINES
        {
            entry.lines.push(line);
        }
    }

    /// Adds the problems of a later part of the same input.
    pub(crate) fn merge(&mut self, other: ProblemLog) {
        for (key, problem) in other.problems {
            match self.problems.iter_mut().find(|(k, _)| *k == key) {
                Some((_, p)) => {
                    p.count += problem.count;
                    let room = Warning::MAX_LINES.saturating_sub(p.lines.len());
                    p.lines.extend(problem.lines.into_iter().take(room));
                }
                None => self.problems.push((key, problem)),
            }
        }
    }

    /// The problems, ordered by their first line.
    pub(crate) fn into_problems(self) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self.problems.into_iter().map(|(_, p)| p).collect();
        problems.sort_by_key(|p| p.lines.first().copied().unwrap_or(0));
        problems
    }
}

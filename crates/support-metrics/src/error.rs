//! The library's one error type.
//!
//! Every error that comes from the data names where it is: the input's name, the line (1-based,
//! counting the header as line 1) and the column, and quotes the offending value. Its message ends
//! with how to fix it (which flag, which mapping). [`Error::kind`] tells a caller which of the three
//! families an error belongs to, so that a command-line front end can choose its exit code.

use std::fmt;

/// A place in an input: file name, line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input's name as the user gave it (a path, or `<stdin>`).
    pub file: String,
    /// 1-based line number; the header is line 1.
    pub line: Option<u64>,
    /// The column's header as it appears in the file.
    pub column: Option<String>,
}

impl Location {
    /// A location in `file` at `line`, in the column with header `column`.
    pub fn new(file: impl Into<String>, line: u64, column: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column.into()),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        Ok(())
    }
}

/// What kind of failure an [`Error`] is; a front end maps these to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input data is invalid (a missing column, a value that does not parse, …).
    InvalidInput,
    /// An option or setting given by the caller is invalid.
    InvalidUsage,
    /// Anything else: reading failed, an internal computation failed.
    Other,
}

/// Everything that can go wrong in this library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required column is not in the header.
    #[error(
        "{file}: required column `{column}` is missing; the header has: {found}{suggestion}\n  \
         fix: map it with --map {column}=HEADER, or a `{column} = \"HEADER\"` line under [columns] in supportctl.toml",
        found = quoted_list(found),
        suggestion = suggestion.as_ref().map(|s| format!("\n  did you mean `{s}`?")).unwrap_or_default()
    )]
    MissingColumn {
        /// The input's name.
        file: String,
        /// The canonical column that is missing.
        column: String,
        /// The headers the file does have.
        found: Vec<String>,
        /// The closest header, if one is close.
        suggestion: Option<String>,
    },

    /// Several required columns are not in the header (all of them named in one message).
    #[error(
        "{file}: required columns {columns} are missing; the header has: {found}{suggestions}\n  \
         fix: map each with --map COLUMN=HEADER (e.g. --map {first}=HEADER), or `COLUMN = \"HEADER\"` lines under [columns] in supportctl.toml",
        columns = quoted_list(columns),
        found = quoted_list(found),
        first = columns.first().map_or("id", String::as_str),
        suggestions = suggestion_lines(columns, suggestions)
    )]
    MissingColumns {
        /// The input's name.
        file: String,
        /// The canonical columns that are missing.
        columns: Vec<String>,
        /// The headers the file does have.
        found: Vec<String>,
        /// For each missing column, the closest header, if one is close.
        suggestions: Vec<Option<String>>,
    },

    /// A header named in a mapping is not in the file.
    #[error(
        "{file}: `{header}`, mapped to `{column}` by {given_by}, is not in the header; the header has: {found}{suggestion}\n  \
         fix: correct the header in that mapping (it must match a header of this file, case aside), or remove the mapping",
        found = quoted_list(found),
        suggestion = suggestion.as_ref().map(|s| format!("\n  did you mean `{s}`?")).unwrap_or_default()
    )]
    MappedColumnMissing {
        /// The input's name.
        file: String,
        /// The canonical column.
        column: String,
        /// The header the mapping names.
        header: String,
        /// Who gave the mapping, e.g. `--map` or `[columns] in supportctl.toml`.
        given_by: String,
        /// The headers the file does have.
        found: Vec<String>,
        /// The closest header, if one is close.
        suggestion: Option<String>,
    },

    /// Two headers could each be the same column, and nothing says which one is meant.
    #[error(
        "{file}: both {headers} could be the column `{column}`\n  \
         fix: say which with --map {column}=HEADER (e.g. --map {column}=\"{first}\"), or a `{column} = \"HEADER\"` line under [columns]",
        headers = quoted_list(headers),
        first = headers.first().map_or("", String::as_str)
    )]
    AmbiguousColumn {
        /// The input's name.
        file: String,
        /// The canonical column.
        column: String,
        /// The headers that match it.
        headers: Vec<String>,
    },

    /// A value in a cell cannot be used.
    #[error("{location}: {value:?} {problem}\n  fix: {hint}")]
    BadValue {
        /// Where the value is.
        location: Location,
        /// The value as found.
        value: String,
        /// What is wrong with it, as a phrase that follows the quoted value.
        problem: String,
        /// How to fix it.
        hint: String,
    },

    /// Two rows carry the same ticket id.
    #[error(
        "{file}: ticket id {id:?} appears twice, on lines {first_line} and {line}\n  \
         fix: ids must be unique; remove the duplicate rows or map another column with --map id=HEADER"
    )]
    DuplicateId {
        /// The input's name.
        file: String,
        /// The repeated id.
        id: String,
        /// The line where it first appears.
        first_line: u64,
        /// The line where it appears again.
        line: u64,
    },

    /// The CSV structure itself is broken: a ragged row, broken quoting.
    #[error("{file}, line {line}: {message}")]
    Malformed {
        /// The input's name.
        file: String,
        /// The line where the broken record starts.
        line: u64,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The input is not valid UTF-8.
    #[error(
        "{location}: the text is not valid UTF-8\n  \
         fix: name its encoding, e.g. --encoding windows-1251 (Cyrillic) or --encoding windows-1252 \
         (Western European); or save the file as UTF-8 (in Excel: \"CSV UTF-8\"), or convert it, \
         e.g. `iconv -f WINDOWS-1251 -t UTF-8`"
    )]
    Encoding {
        /// Where the first invalid byte sequence is.
        location: Location,
    },

    /// The input is not valid in the encoding it is read in (named with `--encoding` or
    /// detected), e.g. an odd byte in UTF-16.
    #[error(
        "{location}: the text is not valid {encoding}\n  \
         fix: name the file's encoding with --encoding (e.g. --encoding windows-1251, \
         --encoding windows-1252, --encoding utf-16), or save it as UTF-8"
    )]
    Decode {
        /// Where the first invalid byte sequence is.
        location: Location,
        /// The encoding the input was read in.
        encoding: String,
    },

    /// A spreadsheet (.xlsx, .xls, .ods) cannot be read.
    #[error("{file}: cannot be read as a spreadsheet: {message}")]
    Spreadsheet {
        /// The input's name.
        file: String,
        /// What went wrong and how to fix it.
        message: String,
    },

    /// The header fits more than one preset equally well.
    #[error(
        "{file}: the header fits the presets {names} equally well ({matched} of their headers each)\n  \
         fix: choose one with --preset NAME (`supportctl presets` lists them)",
        names = names.join(" and ")
    )]
    AmbiguousPreset {
        /// The input's name.
        file: String,
        /// The presets that fit.
        names: Vec<String>,
        /// How many of each preset's headers the file has.
        matched: usize,
    },

    /// A required column is missing, and no preset fits the header either.
    #[error(
        "{missing}\n  no helpdesk preset fits this header{closest}\n  \
         if the file is a helpdesk export, choose its preset with --preset NAME (`supportctl presets` lists them all)",
        closest = closest_presets(closest)
    )]
    NoPreset {
        /// The missing-column error of the canonical contract.
        missing: Box<Error>,
        /// The presets closest to the header, best first.
        closest: Vec<crate::ingest::PresetMatch>,
    },

    /// An option or setting is invalid (a front end reports it as a usage error).
    #[error("invalid {option} {value:?}: {message}")]
    InvalidOption {
        /// The option's name as the user knows it, e.g. `--sla`.
        option: String,
        /// The value given.
        value: String,
        /// What is wrong and what is expected.
        message: String,
    },

    /// Reading or writing failed.
    #[error("{path}: {error}")]
    Io {
        /// The path or stream name.
        path: String,
        /// The underlying error (part of the message, so not also given as a source).
        error: std::io::Error,
    },

    /// The compute engine failed; this is a bug or resource exhaustion, not bad input.
    #[error("computation failed: {0}")]
    Compute(#[from] polars::error::PolarsError),
}

impl Error {
    /// The family this error belongs to.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::MissingColumn { .. }
            | Error::MissingColumns { .. }
            | Error::MappedColumnMissing { .. }
            | Error::AmbiguousColumn { .. }
            | Error::BadValue { .. }
            | Error::DuplicateId { .. }
            | Error::Malformed { .. }
            | Error::Encoding { .. }
            | Error::Decode { .. }
            | Error::Spreadsheet { .. }
            | Error::AmbiguousPreset { .. }
            | Error::NoPreset { .. } => ErrorKind::InvalidInput,
            Error::InvalidOption { .. } => ErrorKind::InvalidUsage,
            Error::Io { .. } | Error::Compute(_) => ErrorKind::Other,
        }
    }

    /// An [`Error::InvalidOption`].
    pub fn option(
        option: impl Into<String>,
        value: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::InvalidOption {
            option: option.into(),
            value: value.into(),
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn closest_presets(closest: &[crate::ingest::PresetMatch]) -> String {
    if closest.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = closest.iter().map(|m| format!("\n    {m}")).collect();
    format!("; the closest:{}", lines.concat())
}

fn suggestion_lines(columns: &[String], suggestions: &[Option<String>]) -> String {
    columns
        .iter()
        .zip(suggestions)
        .filter_map(|(c, s)| {
            s.as_ref()
                .map(|s| format!("\n  for `{c}`, did you mean `{s}`?"))
        })
        .collect()
}

fn quoted_list(items: &[String]) -> String {
    if items.is_empty() {
        return "(no columns)".to_owned();
    }
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_reads_naturally() {
        let loc = Location::new("tickets.csv", 14, "created_at");
        assert_eq!(loc.to_string(), "tickets.csv, line 14, column `created_at`");
    }

    #[test]
    fn missing_column_names_the_fix() {
        let e = Error::MissingColumn {
            file: "t.csv".into(),
            column: "created_at".into(),
            found: vec!["id".into(), "created".into()],
            suggestion: Some("created".into()),
        };
        let text = e.to_string();
        assert!(text.starts_with("t.csv: required column `created_at` is missing"));
        assert!(text.contains("`id`, `created`"));
        assert!(text.contains("did you mean `created`?"));
        assert!(text.contains("--map created_at=HEADER"));
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
}

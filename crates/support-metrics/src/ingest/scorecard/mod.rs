//! Scorecards (the Baramba method): the points a manager gave each criterion of an employee's
//! work at each meeting.
//!
//! Two layouts are read, told apart by the header (docs/metrics.md):
//!
//! - the **long form**, one row per criterion per meeting:
//!   `employee, date, criterion, points[, max_points][, note]`;
//! - the **wide form**, as kept in a spreadsheet, one row per meeting:
//!   `employee, date, <criterion A>, <criterion B>, …[, note]` — every column other than
//!   `employee`, `date` and `note` is a criterion. An empty cell means the criterion was not
//!   scored at that meeting.
//!
//! A header with a `criterion` or a `points` column is the long form; any other is the wide form.
//! Each criterion's maximum points come from a [`Criteria`] list (a criteria file or the caller's
//! configuration) or, in the long form, from the `max_points` column. A meeting is one employee on
//! one date. Notes are for people and are not used in computations.
//!
//! Every value is checked: points are numbers from 0 to the criterion's maximum, a criterion
//! must be in the criteria list when there is one and must have a maximum from somewhere, the
//! same employee, date and criterion may appear once, and dates are read by the same
//! [`TimestampParser`] rules as ticket timestamps (the date part
//! as written; one day/month order for the whole column).

mod criteria;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use csv::ByteRecord;
use serde::Serialize;

pub use criteria::{CRITERIA_COLUMNS, Criteria, Criterion, load_criteria};

use super::fields::Fields;
use super::reader;
use super::tickets::IngestOptions;
use super::timestamp::{DateOrderEvidence, OrderError, TimestampParser};
use super::{ColumnSpec, Input, Warning, WarningCounter, resolve_columns};
use crate::error::{Error, Location, Result};

// Positions in SCORECARD_COLUMNS.
const EMPLOYEE: usize = 0;
const DATE: usize = 1;
const CRITERION: usize = 2;
const POINTS: usize = 3;
const MAX_POINTS: usize = 4;
const NOTE: usize = 5;

/// The scorecard contract (docs/metrics.md): the long form's columns; the wide form uses `employee`,
/// `date` and `note`, and every other column is a criterion.
pub const SCORECARD_COLUMNS: &[ColumnSpec] = &[
    spec("employee", true),
    spec("date", true),
    spec("criterion", false),
    spec("points", false),
    spec("max_points", false),
    spec("note", false),
];

const fn spec(name: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, required }
}

/// Which layout a scorecard was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorecardForm {
    /// One row per criterion per meeting.
    Long,
    /// One row per meeting, one column per criterion.
    Wide,
}

/// The points one criterion earned at one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Index into [`Scorecard::employees`].
    pub employee: usize,
    /// The meeting's date.
    pub date: NaiveDate,
    /// Index into [`Scorecard::criteria`].
    pub criterion: usize,
    /// Points given, from 0 to the criterion's maximum.
    pub points: f64,
    /// The line of the input the points are on.
    pub line: u64,
}

/// A scorecard read from one input.
#[derive(Debug, Clone)]
pub struct Scorecard {
    source: String,
    form: ScorecardForm,
    criteria: Vec<Criterion>,
    employees: Vec<String>,
    scores: Vec<Score>,
    warnings: Vec<Warning>,
}

impl Scorecard {
    /// A scorecard without meetings, knowing the `criteria` (e.g. to print a first blank sheet).
    pub fn empty(source: impl Into<String>, criteria: Option<&Criteria>) -> Scorecard {
        Scorecard {
            source: source.into(),
            form: ScorecardForm::Wide,
            criteria: criteria.map(|c| c.list().to_vec()).unwrap_or_default(),
            employees: Vec::new(),
            scores: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The input's name.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The layout the input was in.
    pub fn form(&self) -> ScorecardForm {
        self.form
    }

    /// Every criterion: those of the criteria list in its order, then any others in order of
    /// first appearance in the scorecard.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// The employees, in order of first appearance.
    pub fn employees(&self) -> &[String] {
        &self.employees
    }

    /// Every score, in input order.
    pub fn scores(&self) -> &[Score] {
        &self.scores
    }

    /// Number of scores.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether there are no scores.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The latest meeting date.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.scores.iter().map(|s| s.date).max()
    }

    /// Data problems found while reading that did not stop it.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// Reads a scorecard in the long or the wide form.
///
/// `criteria`, when given, is the list every criterion must belong to and the source of their
/// maximum points; without it, the long form's `max_points` column must give each criterion's
/// maximum. An empty input gives an empty scorecard. A value that cannot be used is an [`Error`]
/// naming the file, line, column and value, with how to fix it.
pub fn load_scorecard(
    input: Input,
    options: &IngestOptions,
    criteria: Option<&Criteria>,
) -> Result<Scorecard> {
    let (name, reader) = input.open()?;
    let Some(reader::Whole { header, records }) =
        reader::read_whole(&name, reader, options.delimiter)?
    else {
        return Ok(Scorecard::empty(name, criteria));
    };
    let columns = resolve_columns(&name, &header, SCORECARD_COLUMNS, &options.mapping)?;
    let form = match (columns[CRITERION], columns[POINTS]) {
        (None, None) => ScorecardForm::Wide,
        (Some(_), Some(_)) => ScorecardForm::Long,
        (criterion, _) => {
            let missing = if criterion.is_none() {
                "criterion"
            } else {
                "points"
            };
            return Err(Error::MissingColumn {
                file: name.clone(),
                column: missing.to_owned(),
                found: header.clone(),
                suggestion: None,
            });
        }
    };
    let fields = Fields::new(name, &header, columns, SCORECARD_COLUMNS, "scorecard row");
    let order = fields.date_order(options, &records, DATE)?;
    let mut reading = Reading {
        parser: options.parser(order)?,
        fields,
        registry: Registry::new(criteria),
        employees: Vec::new(),
        entries: Vec::new(),
        empty_rows: WarningCounter::default(),
    };
    match form {
        ScorecardForm::Long => reading.long(&records)?,
        ScorecardForm::Wide => reading.wide(&header, &records)?,
    }
    reading.finish(form)
}

/// One score as read, before the criteria's maximums are settled.
struct Entry {
    employee: usize,
    date: NaiveDate,
    criterion: usize,
    points: f64,
    line: u64,
    /// The header of the column the points are in.
    column: String,
    /// The points as written.
    text: String,
}

/// Where a criterion's maximum came from, for messages.
#[derive(Debug, Clone)]
enum MaxFrom {
    List(String),
    Line(u64),
}

/// The criteria known so far: the list's, then those met in the data.
struct Registry {
    list: Option<Criteria>,
    names: Vec<String>,
    keys: Vec<String>,
    max: Vec<Option<(f64, MaxFrom)>>,
    descriptions: Vec<Option<String>>,
    /// The first line each criterion appears on (0: only in the list).
    first_line: Vec<u64>,
}

impl Registry {
    fn new(list: Option<&Criteria>) -> Registry {
        let mut r = Registry {
            list: list.cloned(),
            names: Vec::new(),
            keys: Vec::new(),
            max: Vec::new(),
            descriptions: Vec::new(),
            first_line: Vec::new(),
        };
        if let Some(list) = list {
            for c in list.list() {
                r.names.push(c.name.clone());
                r.keys.push(name_key(&c.name));
                r.max.push(Some((
                    c.max_points,
                    MaxFrom::List(list.source().to_owned()),
                )));
                r.descriptions.push(c.description.clone());
                r.first_line.push(0);
            }
        }
        r
    }

    /// The index of criterion `name`, added when there is no list; an error naming `location`
    /// when the list does not have it.
    fn index(&mut self, name: &str, line: u64, location: impl Fn() -> Location) -> Result<usize> {
        let key = name_key(name);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            if self.first_line[i] == 0 {
                self.first_line[i] = line;
            }
            return Ok(i);
        }
        if let Some(list) = &self.list {
            let suggestion = list
                .closest(name)
                .map(|c| format!("did you mean {c:?}? "))
                .unwrap_or_default();
            return Err(Error::BadValue {
                location: location(),
                value: name.trim().to_owned(),
                problem: format!("is not a criterion of {}", list.source()),
                hint: format!("{suggestion}correct the spelling, or {}", list.how_to_add()),
            });
        }
        self.names.push(name.trim().to_owned());
        self.keys.push(key);
        self.max.push(None);
        self.descriptions.push(None);
        self.first_line.push(line);
        Ok(self.names.len() - 1)
    }

    /// Records the maximum given on `line`; an error when it contradicts an earlier one.
    fn set_max(
        &mut self,
        criterion: usize,
        max: f64,
        line: u64,
        text: &str,
        location: Location,
    ) -> Result<()> {
        match &self.max[criterion] {
            None => {
                self.max[criterion] = Some((max, MaxFrom::Line(line)));
                Ok(())
            }
            Some((known, _)) if *known == max => Ok(()),
            Some((known, from)) => {
                let (where_, fix) = match from {
                    MaxFrom::List(source) => (
                        format!("{source} gives {}", number(*known)),
                        format!("make them agree: correct this cell, or the maximum in {source}"),
                    ),
                    MaxFrom::Line(first) => (
                        format!("line {first} gives {}", number(*known)),
                        "a criterion has one maximum: make every max_points of it the same"
                            .to_owned(),
                    ),
                };
                Err(Error::BadValue {
                    location,
                    value: text.to_owned(),
                    problem: format!(
                        "is not the maximum of {:?} that {where_}",
                        self.names[criterion]
                    ),
                    hint: fix,
                })
            }
        }
    }
}

/// The state of one read.
struct Reading {
    parser: TimestampParser,
    fields: Fields,
    registry: Registry,
    employees: Vec<String>,
    entries: Vec<Entry>,
    empty_rows: WarningCounter,
}

impl Reading {
    /// The employee and the date of a row.
    fn meeting(&mut self, record: &ByteRecord, line: u64) -> Result<(usize, NaiveDate)> {
        let employee = self.fields.required(record, line, EMPLOYEE)?;
        let date_text = self.fields.required(record, line, DATE)?;
        let date = self.parser.parse_date(&date_text).map_err(|e| Error::BadValue {
            location: self.fields.location(line, DATE),
            value: date_text.clone(),
            problem: e.to_string(),
            hint: format!(
                "write the meeting's date like 2024-03-18; the formats read are: {}; name another \
                 with --time-format (e.g. --time-format '%d/%m/%Y'), or choose the order of \
                 ambiguous dates with --dayfirst / --monthfirst",
                self.parser.formats_tried().join("; ")
            ),
        })?;
        let index = match self.employees.iter().position(|e| *e == employee) {
            Some(i) => i,
            None => {
                self.employees.push(employee);
                self.employees.len() - 1
            }
        };
        Ok((index, date))
    }

    /// Points as written in a cell: a number, not negative (the maximum is checked at the end).
    fn points(&self, text: &str, location: impl Fn() -> Location) -> Result<f64> {
        match parse_number(text) {
            Some(p) if p >= 0.0 => Ok(p),
            Some(_) => Err(Error::BadValue {
                location: location(),
                value: text.to_owned(),
                problem: "is negative; points run from 0 to the criterion's maximum".to_owned(),
                hint: "score each criterion from 0 (nothing done) up to its maximum points"
                    .to_owned(),
            }),
            None => Err(Error::BadValue {
                location: location(),
                value: text.to_owned(),
                problem: "is not a number of points".to_owned(),
                hint: "write points as a plain number such as 12 or 7.5 (a decimal comma is \
                       read too); leave the cell empty when the criterion was not scored"
                    .to_owned(),
            }),
        }
    }

    /// The long form: one row per criterion per meeting.
    fn long(&mut self, records: &[(u64, ByteRecord)]) -> Result<()> {
        for (line, record) in records {
            let line = *line;
            let (employee, date) = self.meeting(record, line)?;
            let criterion_name = self.fields.required(record, line, CRITERION)?;
            let criterion_location = self.fields.location(line, CRITERION);
            let criterion = self
                .registry
                .index(&criterion_name, line, || criterion_location.clone())?;
            let text = self.fields.required(record, line, POINTS)?;
            let points = self.points(&text, || self.fields.location(line, POINTS))?;
            if let Some(max_text) = self.fields.text(record, line, MAX_POINTS)? {
                let max = parse_number(&max_text)
                    .filter(|m| *m > 0.0)
                    .ok_or_else(|| Error::BadValue {
                        location: self.fields.location(line, MAX_POINTS),
                        value: max_text.clone(),
                        problem: format!(
                            "is not a positive number of points (the maximum of {criterion_name:?})"
                        ),
                        hint: "write the most points the criterion can earn, such as 10 or 20, \
                               or leave the cell empty"
                            .to_owned(),
                    })?;
                let location = self.fields.location(line, MAX_POINTS);
                self.registry
                    .set_max(criterion, max, line, &max_text, location)?;
            }
            self.entries.push(Entry {
                employee,
                date,
                criterion,
                points,
                line,
                column: self.fields.headers[POINTS].clone(),
                text,
            });
        }
        Ok(())
    }

    /// The wide form: one row per meeting, one column per criterion.
    fn wide(&mut self, header: &[String], records: &[(u64, ByteRecord)]) -> Result<()> {
        let fixed = [
            self.fields.columns[EMPLOYEE],
            self.fields.columns[DATE],
            self.fields.columns[NOTE],
        ];
        let mut criteria_columns: Vec<(usize, usize)> = Vec::new(); // (field, criterion)
        for (field, title) in header.iter().enumerate() {
            if fixed.contains(&Some(field)) {
                continue;
            }
            let title = title.trim();
            if title.is_empty() {
                // A column without a header is only allowed when it holds nothing.
                if let Some((line, _)) = records.iter().find(|(_, r)| {
                    !String::from_utf8_lossy(r.get(field).unwrap_or_default())
                        .trim()
                        .is_empty()
                }) {
                    return Err(Error::Malformed {
                        file: self.fields.name.clone(),
                        line: *line,
                        message: format!(
                            "column {} has values but no header\n  fix: name the criterion in \
                             the header row, or delete the column",
                            field + 1
                        ),
                    });
                }
                continue;
            }
            let location = Location::new(&self.fields.name, 1, title);
            if self.registry.list.is_none() {
                return Err(Error::BadValue {
                    location,
                    value: title.to_owned(),
                    problem: "is a criterion (a column of a wide scorecard) without maximum points"
                        .to_owned(),
                    hint: "a wide scorecard takes its criteria from a criteria file \
                           (criterion,max_points[,description]) given with --criteria FILE or as \
                           criteria.csv in --data, or from [scorecard.criteria] in supportctl.toml"
                        .to_owned(),
                });
            }
            let criterion = self.registry.index(title, 1, || location.clone())?;
            if let Some(&(other, _)) = criteria_columns.iter().find(|(_, c)| *c == criterion) {
                return Err(Error::BadValue {
                    location,
                    value: title.to_owned(),
                    problem: format!(
                        "names the same criterion as column {} ({:?})",
                        other + 1,
                        header[other].trim()
                    ),
                    hint: "keep one column per criterion".to_owned(),
                });
            }
            criteria_columns.push((field, criterion));
        }
        for (line, record) in records {
            let line = *line;
            let (employee, date) = self.meeting(record, line)?;
            let mut scored = 0;
            for &(field, criterion) in &criteria_columns {
                let title = header[field].trim();
                let location = || Location::new(&self.fields.name, line, title);
                let Some(text) = cell_text(record, field, location)? else {
                    continue;
                };
                let points = self.points(&text, location)?;
                self.entries.push(Entry {
                    employee,
                    date,
                    criterion,
                    points,
                    line,
                    column: title.to_owned(),
                    text,
                });
                scored += 1;
            }
            if scored == 0 {
                self.empty_rows.add(line);
            }
        }
        Ok(())
    }

    /// Settles the maximums, checks every score against them and for duplicates.
    fn finish(self, form: ScorecardForm) -> Result<Scorecard> {
        let Reading {
            fields: Fields { name, headers, .. },
            registry,
            employees,
            entries,
            empty_rows,
            ..
        } = self;
        let criteria: Vec<Criterion> = (0..registry.names.len())
            .map(|i| match &registry.max[i] {
                Some((max, _)) => Ok(Criterion {
                    name: registry.names[i].clone(),
                    max_points: *max,
                    description: registry.descriptions[i].clone(),
                }),
                None => Err(Error::BadValue {
                    location: Location::new(&name, registry.first_line[i], &headers[CRITERION]),
                    value: registry.names[i].clone(),
                    problem: "has no maximum points: no row gives its max_points and there is \
                              no criteria list"
                        .to_owned(),
                    hint: "fill the max_points column on its rows, or give the criteria with \
                           --criteria FILE (criterion,max_points[,description]), criteria.csv in \
                           --data, or [scorecard.criteria] in supportctl.toml"
                        .to_owned(),
                }),
            })
            .collect::<Result<_>>()?;

        let mut seen: HashMap<(usize, NaiveDate, usize), u64> = HashMap::new();
        let mut scores = Vec::with_capacity(entries.len());
        for e in entries {
            let criterion = &criteria[e.criterion];
            if e.points > criterion.max_points {
                return Err(Error::BadValue {
                    location: Location::new(&name, e.line, &e.column),
                    value: e.text,
                    problem: format!(
                        "is above the maximum of {} points for {:?}",
                        number(criterion.max_points),
                        criterion.name
                    ),
                    hint: format!(
                        "correct the points, or raise the maximum of {:?} where it is set{}",
                        criterion.name,
                        match &registry.max[e.criterion] {
                            Some((_, MaxFrom::List(source))) => format!(" ({source})"),
                            Some((_, MaxFrom::Line(line))) =>
                                format!(" (max_points on line {line})"),
                            None => String::new(),
                        }
                    ),
                });
            }
            if let Some(first) = seen.insert((e.employee, e.date, e.criterion), e.line) {
                return Err(Error::BadValue {
                    location: Location::new(&name, e.line, &e.column),
                    value: e.text,
                    problem: format!(
                        "scores {:?} for {} on {} a second time (first on line {first})",
                        criterion.name, employees[e.employee], e.date
                    ),
                    hint: "keep one score per employee, date and criterion; remove or merge the \
                           duplicate row"
                        .to_owned(),
                });
            }
            scores.push(Score {
                employee: e.employee,
                date: e.date,
                criterion: e.criterion,
                points: e.points,
                line: e.line,
            });
        }
        let partial = partial_meetings(&scores, employees.len());
        let warnings = [
            empty_rows.into_warning(&name, "no points in any criterion; those rows are skipped"),
            partial.into_warning(
                &name,
                "a meeting that leaves out some of the employee's criteria; its score and maximum \
                 cover only the criteria scored",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(Scorecard {
            source: name,
            form,
            criteria,
            employees,
            scores,
            warnings,
        })
    }
}

/// Meetings that score fewer criteria than the employee is scored on overall, by first line.
fn partial_meetings(scores: &[Score], employees: usize) -> WarningCounter {
    let mut criteria_of: Vec<Vec<usize>> = vec![Vec::new(); employees];
    let mut meetings: Vec<((usize, NaiveDate), Vec<usize>, u64)> = Vec::new();
    let mut index: HashMap<(usize, NaiveDate), usize> = HashMap::new();
    for s in scores {
        if !criteria_of[s.employee].contains(&s.criterion) {
            criteria_of[s.employee].push(s.criterion);
        }
        let key = (s.employee, s.date);
        let i = *index.entry(key).or_insert_with(|| {
            meetings.push((key, Vec::new(), s.line));
            meetings.len() - 1
        });
        meetings[i].1.push(s.criterion);
        meetings[i].2 = meetings[i].2.min(s.line);
    }
    let mut lines: Vec<u64> = meetings
        .iter()
        .filter(|((employee, _), criteria, _)| criteria.len() < criteria_of[*employee].len())
        .map(|(_, _, line)| *line)
        .collect();
    lines.sort_unstable();
    let mut counter = WarningCounter::default();
    for line in lines {
        counter.add(line);
    }
    counter
}

/// Decides the day/month order of the date column from all its values.
pub(crate) fn decide_order(
    name: &str,
    records: &[(u64, ByteRecord)],
    column: usize,
    header: &str,
) -> Result<Option<super::DateOrder>> {
    let mut evidence = DateOrderEvidence::default();
    for (_, record) in records {
        if let Some(v) = record.get(column).and_then(|f| std::str::from_utf8(f).ok()) {
            let v = v.trim();
            if !v.is_empty() {
                evidence.observe(v);
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
                column: Some(header.to_owned()),
            },
            value,
            problem: "cannot be read without knowing the day/month order".to_owned(),
            hint: e.to_string(),
        }
    })
}

/// The trimmed text of field `i`; `None` when empty; an encoding error at `location` when the
/// bytes are not UTF-8.
pub(crate) fn cell_text(
    record: &ByteRecord,
    i: usize,
    location: impl Fn() -> Location,
) -> Result<Option<String>> {
    let bytes = record.get(i).unwrap_or_default();
    let text = std::str::from_utf8(bytes).map_err(|_| Error::Encoding {
        location: location(),
    })?;
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// A number of points: `12`, `7.5`, or `7,5` with a decimal comma; `None` for anything else.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let value = match text.parse::<f64>() {
        Ok(v) => v,
        Err(_) if text.matches(',').count() == 1 && !text.contains('.') => {
            text.replace(',', ".").parse().ok()?
        }
        Err(_) => return None,
    };
    // `inf`, `NaN` and the like parse as f64 but are no points.
    (value.is_finite() && text.bytes().any(|b| b.is_ascii_digit())).then_some(value)
}

/// How names of criteria are compared: trimmed, case-insensitive.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A number for messages: `15`, `7.5`.
fn number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

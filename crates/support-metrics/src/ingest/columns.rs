//! What was read, and what was not: how each canonical column was found in a header, the
//! synonyms it may go by, and the headers left unused that look like a column supportctl reads.
//!
//! A column is found, in this order, through a mapping (given on the command line, in a
//! configuration, or by the preset the export was matched to), under its canonical name, or
//! under one of its synonyms ([`TICKET_SYNONYMS`]): the Russian and English names that helpdesks and
//! spreadsheets commonly give it (`Дата создания`, `Opened`, `Ответственный`, `Owner`, …).
//! Two headers that are both synonyms of one column are an [`Error::AmbiguousColumn`]: nothing
//! tells which one is meant.
//!
//! A date column followed by a time-of-day column (`Date` + `Time`, `Created` + `time`,
//! `Дата` + `Время`) is read as one creation timestamp when the time column sits right after the
//! creation date and nothing else claims it; a mapping `created_at=Date+Time` says so explicitly
//! for any timestamp column.

use std::fmt;

use crate::error::{Error, Result};

/// Who gave an entry of a [`ColumnMapping`](super::ColumnMapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// The program that links the library (the default of [`ColumnMapping::insert`](super::ColumnMapping::insert)).
    Caller,
    /// A command-line argument (`canonical=Header`).
    CommandLine,
    /// The `[columns]` table of a configuration file.
    Config,
    /// The preset the export was read with.
    Preset,
}

impl MappingSource {
    /// How the source is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            MappingSource::Caller => "the caller",
            MappingSource::CommandLine => "--map",
            MappingSource::Config => "[columns] in supportctl.toml",
            MappingSource::Preset => "the preset",
        }
    }
}

/// How a canonical column was found in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnOrigin {
    /// The header is the canonical name itself.
    Canonical,
    /// The header is a known synonym of the column (see [`TICKET_SYNONYMS`]).
    Synonym,
    /// A mapping named the header.
    Mapped(MappingSource),
    /// A date column and the time-of-day column right after it, found by their names.
    DateAndTime,
}

impl fmt::Display for ColumnOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnOrigin::Canonical => f.write_str("canonical name"),
            ColumnOrigin::Synonym => f.write_str("synonym"),
            ColumnOrigin::Mapped(MappingSource::Preset) => f.write_str("preset"),
            ColumnOrigin::Mapped(source) => f.write_str(source.describe()),
            ColumnOrigin::DateAndTime => f.write_str("date + time of day"),
        }
    }
}

/// One canonical column and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundColumn {
    /// The canonical column, e.g. `first_response_at`.
    pub column: &'static str,
    /// The file's header (two headers for a date and a time of day), as written.
    pub headers: Vec<String>,
    /// How it was found.
    pub origin: ColumnOrigin,
}

/// What the values of an unused column look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueShape {
    /// Dates or timestamps.
    Timestamps,
    /// Durations (`1:35:00`, `95` in a column named like a time).
    Durations,
    /// Ratings or survey answers.
    Ratings,
    /// The values say nothing (empty in the sample), but the name does.
    Unknown,
}

impl fmt::Display for ValueShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueShape::Timestamps => "timestamps",
            ValueShape::Durations => "durations",
            ValueShape::Ratings => "ratings",
            ValueShape::Unknown => "empty in the first rows",
        })
    }
}

/// A header left unused that looks like a column supportctl reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lookalike {
    /// The header, as written.
    pub header: String,
    /// What its values look like.
    pub shape: ValueShape,
    /// The canonical column it could be, when its name tells.
    pub could_be: Option<&'static str>,
}

/// How the columns of an input were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ColumnReport {
    /// Every canonical column found, in the contract's order.
    pub found: Vec<FoundColumn>,
    /// The headers left unused that look like a column supportctl reads.
    pub lookalikes: Vec<Lookalike>,
}

impl ColumnReport {
    /// Whether every column was found under its canonical name and nothing was left aside:
    /// nothing worth telling.
    pub fn is_plain(&self) -> bool {
        self.lookalikes.is_empty()
            && self
                .found
                .iter()
                .all(|f| f.origin == ColumnOrigin::Canonical)
    }

    /// How the column `name` was found, if it was.
    pub fn get(&self, name: &str) -> Option<&FoundColumn> {
        self.found.iter().find(|f| f.column == name)
    }
}

/// Normalises a header for matching synonyms: lower case, `ё` as `е`, spaces collapsed, a
/// byte-order mark and a trailing `:` or `.` removed.
pub(crate) fn squash(header: &str) -> String {
    let lower = header
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_end_matches([':', '.'])
        .to_lowercase()
        .replace('ё', "е");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The synonyms of the ticket columns, by canonical name, normalised (lower case, `ё` as `е`, spaces collapsed, no trailing `:` or `.`).
///
/// Each synonym belongs to one column only (a test checks it).
pub const TICKET_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "ticket id",
            "ticket number",
            "ticket no",
            "ticket #",
            "ticket",
            "case number",
            "case id",
            "request id",
            "number",
            "#",
            "номер",
            "№",
            "id заявки",
            "номер заявки",
            "№ заявки",
            "номер обращения",
            "№ обращения",
            "id обращения",
            "номер тикета",
            "идентификатор",
        ],
    ),
    (
        "created_at",
        &[
            "created",
            "created at",
            "created on",
            "created time",
            "created date",
            "creation date",
            "date created",
            "opened",
            "opened at",
            "open date",
            "date opened",
            "submitted",
            "submitted at",
            "date",
            "дата создания",
            "создана",
            "создано",
            "создан",
            "дата обращения",
            "дата регистрации",
            "дата",
        ],
    ),
    (
        "first_response_at",
        &[
            "first response",
            "first response at",
            "first response date",
            "first reply",
            "first reply at",
            "first replied at",
            "first responded at",
            "дата первого ответа",
            "первый ответ",
        ],
    ),
    (
        "resolved_at",
        &[
            "resolved",
            "resolved at",
            "resolved on",
            "resolved time",
            "resolution date",
            "date resolved",
            "closed",
            "closed at",
            "closed on",
            "closed time",
            "close date",
            "date closed",
            "solved",
            "solved at",
            "дата решения",
            "решена",
            "решено",
            "дата закрытия",
            "закрыта",
            "закрыто",
        ],
    ),
    (
        "due_at",
        &[
            "due",
            "due date",
            "due by",
            "deadline",
            "срок",
            "крайний срок",
            "срок решения",
            "срок исполнения",
        ],
    ),
    (
        "abandoned_at",
        &["abandoned", "abandoned at", "время отказа"],
    ),
    (
        "agent",
        &[
            "assignee",
            "assigned to",
            "owner",
            "agent name",
            "responsible",
            "operator",
            "employee",
            "ответственный",
            "исполнитель",
            "сотрудник",
            "оператор",
            "специалист",
        ],
    ),
    (
        "team",
        &[
            "group",
            "department",
            "support group",
            "assignment group",
            "группа",
            "отдел",
            "линия",
            "линия поддержки",
        ],
    ),
    (
        "channel",
        &[
            "source",
            "via",
            "medium",
            "канал",
            "источник",
            "канал обращения",
        ],
    ),
    ("priority", &["приоритет", "важность", "срочность"]),
    ("status", &["state", "статус", "состояние"]),
    (
        "satisfaction",
        &[
            "rating",
            "csat",
            "satisfaction rating",
            "satisfaction score",
            "оценка",
            "оценка клиента",
            "оценка качества",
        ],
    ),
    (
        "site",
        &[
            "office",
            "location",
            "city",
            "площадка",
            "офис",
            "город",
            "филиал",
        ],
    ),
];

/// The canonical ticket column whose synonym `header` is, if any.
pub fn synonym_of(header: &str) -> Option<&'static str> {
    let wanted = squash(header);
    TICKET_SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&wanted.as_str()))
        .map(|(column, _)| *column)
}

/// Headers that name a time of day, which combine with the date column before them.
const TIME_OF_DAY: &[&str] = &["time", "time of day", "время", "время суток"];

/// Whether `header` names a time of day.
pub(crate) fn is_time_of_day(header: &str) -> bool {
    TIME_OF_DAY.contains(&squash(header).as_str())
}

/// For each synonym-matched column, the headers of `headers` (by index) that are its synonyms,
/// among those not `taken`; an [`Error::AmbiguousColumn`] when two headers match one column.
pub(crate) fn match_synonyms(
    file: &str,
    headers: &[String],
    column: &str,
    taken: &[bool],
) -> Result<Option<usize>> {
    let matches: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && synonym_of(h) == Some(column))
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        several => Err(Error::AmbiguousColumn {
            file: file.to_owned(),
            column: column.to_owned(),
            headers: several
                .iter()
                .map(|i| headers[*i].trim().to_owned())
                .collect(),
        }),
    }
}

/// The concept a header's name points at: the canonical column it could be when it holds
/// timestamps, and the one when it holds durations.
struct Concept {
    keywords: &'static [&'static str],
    timestamp: Option<&'static str>,
    duration: Option<&'static str>,
    /// The columns of the same family: when any is read, the concept is covered.
    family: &'static [&'static str],
}

const FIRST_RESPONSE_FAMILY: &[&str] = &[
    "first_response_at",
    "first_response_minutes",
    "first_response_hours",
    "first_response_seconds",
];
const RESOLUTION_FAMILY: &[&str] = &[
    "resolved_at",
    "resolution_minutes",
    "resolution_hours",
    "resolution_seconds",
];
const FIRST_RESPONSE_BUSINESS_FAMILY: &[&str] = &[
    "first_response_business_minutes",
    "first_response_business_hours",
    "first_response_business_seconds",
];
const RESOLUTION_BUSINESS_FAMILY: &[&str] = &[
    "resolution_business_minutes",
    "resolution_business_hours",
    "resolution_business_seconds",
];

/// Words in a header that mean business time.
const BUSINESS: &[&str] = &["business", "рабоч"];

/// The concepts, the more specific first; a header takes the first whose keyword it contains.
const CONCEPTS: &[Concept] = &[
    Concept {
        keywords: &["abandon", "hang up", "hung up", "отказ", "сброс", "пропущ"],
        timestamp: Some("abandoned_at"),
        duration: None,
        family: &["abandoned_at"],
    },
    Concept {
        keywords: &[
            "first reply",
            "first response",
            "first responded",
            "initial response",
            "speed of answer",
            "time to first",
            "первого ответа",
            "первый ответ",
            "ожидание ответа",
            "время реакции",
            "реакци",
        ],
        timestamp: Some("first_response_at"),
        duration: Some("first_response_minutes"),
        family: FIRST_RESPONSE_FAMILY,
    },
    Concept {
        keywords: &[
            "resolv",
            "resolution",
            "solved",
            "closed",
            "time to resolution",
            "решени",
            "решен",
            "закры",
        ],
        timestamp: Some("resolved_at"),
        duration: Some("resolution_minutes"),
        family: RESOLUTION_FAMILY,
    },
    Concept {
        keywords: &["created", "opened", "submitted", "создан", "обращени"],
        timestamp: Some("created_at"),
        duration: None,
        family: &["created_at"],
    },
    Concept {
        keywords: &["due", "deadline", "срок"],
        timestamp: Some("due_at"),
        duration: None,
        family: &["due_at"],
    },
    Concept {
        keywords: &["satisf", "rating", "csat", "оценк", "удовлетвор"],
        timestamp: None,
        duration: None,
        family: &["satisfaction"],
    },
];

/// Header words that say a column is something supportctl does not read, however its values
/// look (updates, assignment, hold time).
const NOT_READ: &[&str] = &[
    "updated",
    "modified",
    "last ",
    "assigned",
    "on hold",
    "hold time",
    "wait time",
    "requester wait",
    "agent wait",
    "reopen",
    "time tracked",
    "time spent",
    "изменен",
    "обновлен",
    "назначен",
];

/// The column a concept's header points at for values of `shape`, taking business time and
/// units into account.
fn candidate(concept: &Concept, name: &str, shape: ValueShape) -> Option<&'static str> {
    if concept.family == ["satisfaction"] {
        return Some("satisfaction");
    }
    let business = BUSINESS.iter().any(|w| name.contains(w));
    match shape {
        ValueShape::Durations => {
            let base = concept.duration?;
            // "within business hours" names the calendar, not the unit.
            let name = name
                .replace("business hours", "")
                .replace("рабочих часов", "")
                .replace("рабочие часы", "");
            let unit = if name.contains("sec") || name.contains("сек") {
                "seconds"
            } else if name.contains("hour") || name.contains("hrs") || name.contains("час") {
                "hours"
            } else {
                "minutes"
            };
            let stem = base.trim_end_matches("_minutes");
            let business = if business { "_business" } else { "" };
            COLUMN_NAMES
                .iter()
                .copied()
                .find(|c| *c == format!("{stem}{business}_{unit}"))
        }
        _ if business => None,
        _ => concept.timestamp.or(concept.duration),
    }
}

/// Every duration column name, for [`candidate`] to return a `'static` one.
const COLUMN_NAMES: &[&str] = &[
    "first_response_minutes",
    "first_response_hours",
    "first_response_seconds",
    "resolution_minutes",
    "resolution_hours",
    "resolution_seconds",
    "first_response_business_minutes",
    "first_response_business_hours",
    "first_response_business_seconds",
    "resolution_business_minutes",
    "resolution_business_hours",
    "resolution_business_seconds",
];

/// The unused headers that look like a column supportctl reads.
///
/// `used[i]` tells whether header `i` was read; `read` lists the canonical columns found;
/// `values(i)` gives the first non-empty values of header `i`; `is_time` and `is_duration` tell
/// a timestamp and a written duration.
pub(crate) fn lookalikes(
    headers: &[String],
    used: &[bool],
    read: &[&str],
    values: impl Fn(usize) -> Vec<String>,
    is_time: impl Fn(&str) -> bool,
) -> Vec<Lookalike> {
    let mut out = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        if used[i] || header.trim().is_empty() {
            continue;
        }
        let name = squash(header);
        if NOT_READ.iter().any(|w| name.contains(w)) {
            continue;
        }
        let sample = values(i);
        let shape = shape_of(&sample, &name, &is_time);
        let concept = CONCEPTS
            .iter()
            .find(|c| c.keywords.iter().any(|k| name.contains(k)));
        let lookalike = match concept {
            Some(concept) => {
                let business = BUSINESS.iter().any(|w| name.contains(w));
                let family = if business && concept.family == FIRST_RESPONSE_FAMILY {
                    FIRST_RESPONSE_BUSINESS_FAMILY
                } else if business && concept.family == RESOLUTION_FAMILY {
                    RESOLUTION_BUSINESS_FAMILY
                } else {
                    concept.family
                };
                if family.iter().any(|c| read.contains(c)) {
                    continue;
                }
                let shape = match shape {
                    Some(s) => s,
                    None if sample.is_empty() => ValueShape::Unknown,
                    // Values of another kind (ids, names, counts): not the concept after all.
                    None => continue,
                };
                Lookalike {
                    header: header.trim().to_owned(),
                    shape,
                    could_be: candidate(concept, &name, shape),
                }
            }
            None => match shape {
                Some(shape @ (ValueShape::Timestamps | ValueShape::Durations)) => Lookalike {
                    header: header.trim().to_owned(),
                    shape,
                    could_be: None,
                },
                _ => continue,
            },
        };
        out.push(lookalike);
    }
    out
}

/// The shape most of `sample` has (four in five values), if any.
fn shape_of(sample: &[String], name: &str, is_time: impl Fn(&str) -> bool) -> Option<ValueShape> {
    if sample.is_empty() {
        return None;
    }
    let most = |f: &dyn Fn(&str) -> bool| {
        let n = sample.iter().filter(|v| f(v)).count();
        n * 5 >= sample.len() * 4
    };
    let timed_name = [
        "time",
        "minutes",
        "mins",
        "hrs",
        "hours",
        "seconds",
        "sec",
        "duration",
        "время",
        "мин",
        "сек",
        "час",
        "длительн",
        "ожидан",
    ]
    .iter()
    .any(|w| name.contains(w));
    if most(&|v| is_time(v) && !is_clock_duration(v)) {
        Some(ValueShape::Timestamps)
    } else if most(&|v| is_clock_duration(v) || (timed_name && is_number(v))) {
        Some(ValueShape::Durations)
    } else if most(&is_rating) {
        let rating_name = ["satisf", "rating", "csat", "score", "оценк", "удовлетвор"]
            .iter()
            .any(|w| name.contains(w));
        rating_name.then_some(ValueShape::Ratings)
    } else {
        None
    }
}

/// `H:MM` or `H:MM:SS`, hours any number.
fn is_clock_duration(v: &str) -> bool {
    let v = v.trim().trim_start_matches('-');
    let parts: Vec<&str> = v.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[1..].iter().all(|p| p.len() == 2)
}

fn is_number(v: &str) -> bool {
    v.trim().replace(',', ".").parse::<f64>().is_ok()
}

fn is_rating(v: &str) -> bool {
    let v = v.trim().to_lowercase();
    matches!(
        v.as_str(),
        "good"
            | "bad"
            | "offered"
            | "not offered"
            | "satisfied"
            | "unsatisfied"
            | "хорошо"
            | "плохо"
            | "отлично"
    ) || v.parse::<u8>().is_ok_and(|n| n <= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synonym_belongs_to_one_column() {
        let mut seen = std::collections::HashMap::new();
        for (column, names) in TICKET_SYNONYMS {
            for name in *names {
                assert_eq!(squash(name), *name, "{name:?} is not normalised");
                if let Some(other) = seen.insert(*name, *column) {
                    panic!("{name:?} is a synonym of both {other} and {column}");
                }
            }
        }
    }

    #[test]
    fn russian_and_english_synonyms() {
        assert_eq!(synonym_of("Номер"), Some("id"));
        assert_eq!(synonym_of(" Дата создания "), Some("created_at"));
        assert_eq!(synonym_of("Дата первого ответа"), Some("first_response_at"));
        assert_eq!(synonym_of("Дата решения"), Some("resolved_at"));
        assert_eq!(synonym_of("Ответственный"), Some("agent"));
        assert_eq!(synonym_of("Opened"), Some("created_at"));
        assert_eq!(synonym_of("Owner"), Some("agent"));
        assert_eq!(synonym_of("Department"), Some("team"));
        assert_eq!(synonym_of("Ticket number"), Some("id"));
        // `ё` is read as `е`; a trailing colon is ignored.
        assert_eq!(synonym_of("Решено:"), Some("resolved_at"));
        assert_eq!(synonym_of("Subject"), None);
    }

    #[test]
    fn two_synonyms_of_one_column_are_ambiguous() {
        let headers: Vec<String> = ["id", "Closed", "Resolved"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = match_synonyms("t.csv", &headers, "resolved_at", &[false; 3]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("both `Closed`, `Resolved` could be the column `resolved_at`"));
        assert!(text.contains("--map resolved_at=\"Closed\""));
        // A header already taken by a mapping is not a candidate.
        let one = match_synonyms("t.csv", &headers, "resolved_at", &[false, true, false]);
        assert_eq!(one.expect("one left"), Some(2));
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unused_headers_that_look_like_columns_are_listed() {
        let headers = strings(&[
            "Номер",
            "Дата создания",
            "Время реакции, мин",
            "Закрыта в",
            "Updated at",
            "Col7",
            "Subject",
        ]);
        let used = [true, true, false, false, false, false, false];
        let samples = [
            vec![],
            vec![],
            strings(&["15", "40"]),
            strings(&["05.03.2024 10:00", "06.03.2024 11:00"]),
            strings(&["2024-03-05 10:00"]),
            strings(&["1:30:00", "0:45:00"]),
            strings(&["Printer", "VPN"]),
        ];
        let found = lookalikes(
            &headers,
            &used,
            &["id", "created_at"],
            |i| samples[i].clone(),
            |v| v.contains('.') || v.contains('-'),
        );
        assert_eq!(
            found,
            vec![
                Lookalike {
                    header: "Время реакции, мин".into(),
                    shape: ValueShape::Durations,
                    could_be: Some("first_response_minutes"),
                },
                Lookalike {
                    header: "Закрыта в".into(),
                    shape: ValueShape::Timestamps,
                    could_be: Some("resolved_at"),
                },
                // `Updated at` is not a column supportctl reads; `Subject` holds text.
                Lookalike {
                    header: "Col7".into(),
                    shape: ValueShape::Durations,
                    could_be: None,
                },
            ]
        );
    }

    #[test]
    fn a_concept_already_read_is_not_listed_again() {
        let headers = strings(&[
            "First reply time in minutes",
            "First reply time in minutes within business hours",
            "First resolution time in minutes",
        ]);
        let found = lookalikes(
            &headers,
            &[true, false, false],
            &["first_response_minutes", "resolution_minutes"],
            |_| strings(&["12", "30"]),
            |_| false,
        );
        assert_eq!(
            found,
            vec![Lookalike {
                header: "First reply time in minutes within business hours".into(),
                shape: ValueShape::Durations,
                could_be: Some("first_response_business_minutes"),
            }]
        );
    }
}

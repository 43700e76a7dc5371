//! Presets: how the common helpdesks name the columns of their exports.
//!
//! Each preset is data, a TOML table in this folder compiled into the library: the export's
//! header for each canonical column (docs/inputs.md), further headers that only identify the export,
//! its timestamp format and its quirks (cells that mean "empty", one row per update instead of
//! one per ticket). `supportctl presets` prints them.
//!
//! When no preset is named and the header lacks the canonical columns, the header is matched
//! against every preset: a preset fits when the file has its `id` and `created_at` headers and
//! at least [`MIN_MATCHED`] of its headers in all; the one with the most wins, and a tie is an
//! error that asks for `--preset`.

mod rewrite;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use super::tickets::TICKET_COLUMNS;
use super::{ColumnMapping, MappingSource, normalise_header};
use crate::error::{Error, Result};
use crate::ingest::DateOrder;

pub(crate) use rewrite::{rewrite, write_record};

/// The presets' sources, in the order `supportctl presets` lists them.
const SOURCES: [(&str, &str); 6] = [
    ("zendesk", include_str!("zendesk.toml")),
    ("freshdesk", include_str!("freshdesk.toml")),
    ("jira", include_str!("jira.toml")),
    ("chatwoot", include_str!("chatwoot.toml")),
    ("helpscout", include_str!("helpscout.toml")),
    ("servicenow", include_str!("servicenow.toml")),
];

/// How many of a preset's headers a file must have for the preset to fit it.
pub const MIN_MATCHED: usize = 3;

/// One helpdesk export layout.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Preset {
    /// The name given to `--preset`, e.g. `zendesk`.
    pub name: String,
    /// The helpdesk, e.g. `Zendesk Support`.
    pub title: String,
    /// Which of its exports this is.
    pub export: String,
    /// How to get the export out of the helpdesk.
    pub how: String,
    /// Its quirks, in a sentence or two.
    pub notes: String,
    /// The headers read, per canonical column, in the contract's order.
    pub columns: Vec<PresetColumn>,
    /// Headers that identify the export but are not read.
    pub recognised: Vec<String>,
    /// A chrono strftime pattern for its timestamps, when the recognised formats do not read them.
    pub time_format: Option<String>,
    /// The day/month order of its dates, when it is fixed.
    #[serde(serialize_with = "serialize_order")]
    pub date_order: Option<DateOrder>,
    /// Cell values that mean "empty", e.g. `?`.
    pub missing_values: Vec<String>,
    /// Whether a ticket may have several rows (an event log), of which the last one counts.
    pub keep_last_row: bool,
}

/// The headers a preset reads for one canonical column.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PresetColumn {
    /// The canonical column, e.g. `created_at`.
    pub canonical: String,
    /// The export's headers for it, the first found in a file being read.
    pub headers: Vec<String>,
}

fn serialize_order<S: serde::Serializer>(
    order: &Option<DateOrder>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match order {
        Some(o) => s.serialize_some(&o.to_string()),
        None => s.serialize_none(),
    }
}

/// The file format of a preset.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    name: String,
    title: String,
    export: String,
    how: String,
    notes: String,
    time_format: Option<String>,
    date_order: Option<String>,
    #[serde(default)]
    missing_values: Vec<String>,
    repeated_ids: Option<String>,
    columns: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    recognise: Recognise,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recognise {
    headers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Source {
    fn into_preset(self) -> std::result::Result<Preset, String> {
        let mut columns = Vec::new();
        for spec in TICKET_COLUMNS {
            if let Some(headers) = self.columns.get(spec.name) {
                let headers = match headers {
                    OneOrMany::One(h) => vec![h.clone()],
                    OneOrMany::Many(hs) => hs.clone(),
                };
                columns.push(PresetColumn {
                    canonical: spec.name.to_owned(),
                    headers,
                });
            }
        }
        if let Some(unknown) = self
            .columns
            .keys()
            .find(|k| !TICKET_COLUMNS.iter().any(|s| s.name == k.as_str()))
        {
            return Err(format!("unknown canonical column {unknown:?}"));
        }
        for required in TICKET_COLUMNS.iter().filter(|s| s.required) {
            if !columns.iter().any(|c| c.canonical == required.name) {
                return Err(format!("no header for the required {:?}", required.name));
            }
        }
        let date_order = match self.date_order.as_deref() {
            None => None,
            Some("day-first") => Some(DateOrder::DayFirst),
            Some("month-first") => Some(DateOrder::MonthFirst),
            Some(other) => return Err(format!("date_order {other:?}")),
        };
        let keep_last_row = match self.repeated_ids.as_deref() {
            None => false,
            Some("keep-last") => true,
            Some(other) => return Err(format!("repeated_ids {other:?}")),
        };
        Ok(Preset {
            name: self.name,
            title: self.title,
            export: self.export,
            how: self.how,
            notes: self.notes,
            columns,
            recognised: self.recognise.headers,
            time_format: self.time_format,
            date_order,
            missing_values: self.missing_values,
            keep_last_row,
        })
    }
}

/// Every preset, in the order they are listed.
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| {
                toml::from_str::<Source>(text)
                    .map_err(|e| e.to_string())
                    .and_then(Source::into_preset)
                    // The tables are compiled in and checked by the tests.
                    .unwrap_or_else(|e| panic!("the built-in preset {name} is invalid: {e}"))
            })
            .collect()
    })
}

/// The preset called `name` (case-insensitive).
pub fn preset(name: &str) -> Option<&'static Preset> {
    let name = name.trim();
    presets().iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// The preset called `name`; an [`Error::InvalidOption`] for `--preset` listing the presets when
/// there is none.
///
/// # Errors
///
/// When no preset has that name.
pub fn find_preset(name: &str) -> Result<&'static Preset> {
    preset(name).ok_or_else(|| {
        let names: Vec<&str> = presets().iter().map(|p| p.name.as_str()).collect();
        Error::option(
            "--preset",
            name,
            format!(
                "no such preset; the presets are: {} (`supportctl presets` shows their headers)",
                names.join(", ")
            ),
        )
    })
}

impl Preset {
    /// Every header the preset knows, read or only recognised.
    pub fn all_headers(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .flat_map(|c| c.headers.iter().map(String::as_str))
            .chain(self.recognised.iter().map(String::as_str))
    }

    /// The headers of `canonical`, if the preset reads it.
    pub fn headers_for(&self, canonical: &str) -> Option<&[String]> {
        self.columns
            .iter()
            .find(|c| c.canonical == canonical)
            .map(|c| c.headers.as_slice())
    }

    /// How the file's `header` fits this preset.
    pub fn fit(&self, header: &[String]) -> PresetMatch {
        let present: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        let has = |h: &str| present.contains(&normalise_header(h));
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for column in &self.columns {
            match column.headers.iter().find(|h| has(h)) {
                Some(h) => found.push(h.clone()),
                None => missing.push(column.headers[0].clone()),
            }
        }
        found.extend(self.recognised.iter().filter(|h| has(h)).cloned());
        let mut seen = Vec::new();
        found.retain(|h| {
            let n = normalise_header(h);
            let new = !seen.contains(&n);
            seen.push(n);
            new
        });
        PresetMatch {
            name: self.name.clone(),
            found,
            missing,
        }
    }

    /// The mapping of this preset for a file with `header`: for each canonical column, the first
    /// of its headers the file has. Required columns the file lacks are mapped to their first
    /// header, so that the error names what the preset expects.
    pub fn mapping(&self, header: &[String]) -> ColumnMapping {
        let present: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        let mut mapping = ColumnMapping::new();
        for column in &self.columns {
            let found = column
                .headers
                .iter()
                .find(|h| present.contains(&normalise_header(h)));
            let required = TICKET_COLUMNS
                .iter()
                .any(|s| s.required && s.name == column.canonical);
            match found {
                Some(h) => {
                    mapping.insert_from(column.canonical.clone(), h.clone(), MappingSource::Preset)
                }
                None if required => mapping.insert_from(
                    column.canonical.clone(),
                    &column.headers[0],
                    MappingSource::Preset,
                ),
                None => {}
            }
        }
        mapping
    }

    /// Whether the file's header has this preset's `id` and `created_at` headers (or the user
    /// mapped them).
    fn has_required(&self, header: &[String], user: &ColumnMapping) -> bool {
        let present: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        TICKET_COLUMNS.iter().filter(|s| s.required).all(|spec| {
            user.header_for(spec.name).is_some()
                || self
                    .headers_for(spec.name)
                    .is_some_and(|hs| hs.iter().any(|h| present.contains(&normalise_header(h))))
        })
    }
}

/// How well a file's header fits a preset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PresetMatch {
    /// The preset's name.
    pub name: String,
    /// The preset's headers the file has.
    pub found: Vec<String>,
    /// For each canonical column of the preset the file lacks, the header expected.
    pub missing: Vec<String>,
}

impl fmt::Display for PresetMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "--preset {}: ", self.name)?;
        if self.found.is_empty() {
            write!(f, "has none of its headers")?;
        } else {
            write!(f, "has {}", list(&self.found))?;
        }
        if !self.missing.is_empty() {
            write!(f, "; expects also {}", list(&self.missing))?;
        }
        Ok(())
    }
}

/// The preset to read a file with: the one named, or, when the header lacks the canonical
/// columns, the one that fits it best. `Ok(None)`: the file has the canonical columns.
///
/// `canonical_error` is the error the canonical contract gives for this header, if any.
pub(crate) fn choose(
    file: &str,
    header: &[String],
    named: Option<&str>,
    user: &ColumnMapping,
    canonical_error: Option<Error>,
) -> Result<Option<(&'static Preset, bool)>> {
    if let Some(name) = named {
        let preset = find_preset(name)?;
        if !preset.has_required(header, user) && !header.is_empty() {
            // Say what the named preset expects, rather than a bare missing column.
            let fit = preset.fit(header);
            let missing = TICKET_COLUMNS
                .iter()
                .filter(|s| s.required)
                .find(|s| {
                    user.header_for(s.name).is_none()
                        && preset
                            .headers_for(s.name)
                            .is_some_and(|hs| !hs.iter().any(|h| fit.found.contains(h)))
                })
                .map_or("id", |s| s.name);
            return Err(Error::NoPreset {
                missing: Box::new(Error::MissingColumn {
                    file: file.to_owned(),
                    column: missing.to_owned(),
                    found: header.to_vec(),
                    suggestion: None,
                }),
                closest: vec![fit],
            });
        }
        return Ok(Some((preset, false)));
    }
    let missing = match canonical_error {
        None => return Ok(None),
        Some(e @ (Error::MissingColumn { .. } | Error::MissingColumns { .. })) => e,
        Some(other) => return Err(other),
    };
    let mut fits: Vec<(&'static Preset, PresetMatch)> =
        presets().iter().map(|p| (p, p.fit(header))).collect();
    // Most headers first; the listing order breaks ties only for the error's list.
    fits.sort_by_key(|(_, m)| std::cmp::Reverse(m.found.len()));
    let candidates: Vec<&(&'static Preset, PresetMatch)> = fits
        .iter()
        .filter(|(p, m)| m.found.len() >= MIN_MATCHED && p.has_required(header, user))
        .collect();
    match candidates.as_slice() {
        [] => Err(Error::NoPreset {
            missing: Box::new(missing),
            closest: fits
                .iter()
                .filter(|(_, m)| !m.found.is_empty())
                .take(3)
                .map(|(_, m)| m.clone())
                .collect(),
        }),
        [(best, m), rest @ ..] => {
            let tied: Vec<String> = rest
                .iter()
                .filter(|(_, other)| other.found.len() == m.found.len())
                .map(|(p, _)| p.name.clone())
                .collect();
            if tied.is_empty() {
                Ok(Some((*best, true)))
            } else {
                let mut names = vec![best.name.clone()];
                names.extend(tied);
                Err(Error::AmbiguousPreset {
                    file: file.to_owned(),
                    names,
                    matched: m.found.len(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests;

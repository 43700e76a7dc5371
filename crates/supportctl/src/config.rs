//! `supportctl.toml`: settings shared by every command. Command-line flags override it.
//!
//! ```toml
//! tz = "Europe/Moscow"              # zone of naive timestamps, weeks, days and hours
//! time_format = "%d.%m.%Y %H:%M"    # optional: replaces the recognised formats
//! date_order = "day-first"          # or "month-first": for dates like 03/04/2024
//! delimiter = ";"
//! data = "exports"                  # default folder for --data
//!
//! [columns]                         # canonical name = header in your export
//! created_at = "Created at"
//! agent = "Assignee"
//!
//! [sla]                             # first-response targets per priority; "*" for the rest
//! urgent = "1h"
//! high = "4h"
//! normal = "8h"
//! low = "24h"
//!
//! [peak]                            # optional: how `peak` chooses the peak hours
//! top = 10                          # the busiest 10 % of hour slots (the default)
//! # window = "Mon-Fri 10:00-13:00"  # or fixed hours instead
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Deserialize;

use crate::UsageError;

/// The configuration file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Time zone (IANA name).
    pub tz: Option<String>,
    /// Timestamp pattern.
    pub time_format: Option<String>,
    /// `day-first` or `month-first`.
    pub date_order: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<char>,
    /// Default data folder.
    pub data: Option<PathBuf>,
    /// Column mapping, canonical → header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// SLA targets, priority → duration.
    pub sla: Option<BTreeMap<String, String>>,
    /// How `peak` chooses the peak hours.
    pub peak: Option<PeakConfig>,
}

/// The `[peak]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeakConfig {
    /// The busiest percentage of hour slots, like `--peak-top`.
    pub top: Option<u32>,
    /// Fixed peak hours, like `--peak`.
    pub window: Option<String>,
}

/// The name looked for in the working directory.
pub const DEFAULT_NAME: &str = "supportctl.toml";

/// Loads `explicit`, or `supportctl.toml` from the working directory when it exists.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_NAME);
            if !p.is_file() {
                return Ok((Config::default(), None));
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| UsageError(format!("cannot read config {}: {e}", path.display())))?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        UsageError(format!(
            "{}: {e}  fix: correct the file (keys are listed in the README), or pass another with --config",
            path.display()
        ))
    })?;
    Ok((config, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let c: Config = toml::from_str(
            "tz = \"Europe/Moscow\"\ndate_order = \"day-first\"\ndelimiter = \";\"\n\
             [columns]\ncreated_at = \"Created at\"\n[sla]\nurgent = \"30m\"\n",
        )
        .expect("parses");
        assert_eq!(c.tz.as_deref(), Some("Europe/Moscow"));
        assert_eq!(c.delimiter, Some(';'));
        assert_eq!(c.columns["created_at"], "Created at");
        assert_eq!(c.sla.expect("sla")["urgent"], "30m");
    }

    #[test]
    fn reads_the_peak_table() {
        let c: Config =
            toml::from_str("[peak]\nwindow = \"Mon-Fri 10:00-13:00\"\n").expect("parses");
        let peak = c.peak.expect("peak");
        assert_eq!(peak.window.as_deref(), Some("Mon-Fri 10:00-13:00"));
        assert_eq!(peak.top, None);
        assert!(toml::from_str::<Config>("[peak]\nhours = 3\n").is_err());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Config>("timezone = \"UTC\"\n").is_err());
    }
}

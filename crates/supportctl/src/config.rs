//! `supportctl.toml`: settings shared by every command. Command-line flags override it.
//!
//! ```toml
//! tz = "Europe/Moscow"              # zone of naive timestamps, weeks, days and hours
//! time_format = "%d.%m.%Y %H:%M"    # optional: replaces the recognised formats
//! date_order = "day-first"          # or "month-first": for dates like 03/04/2024
//! delimiter = ";"
//! data = "exports"                  # default folder for --data
//! preset = "zendesk"                # optional: the helpdesk preset (`supportctl presets`)
//! encoding = "windows-1251"         # optional: the text encoding (detected by default)
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
    /// Helpdesk preset name.
    pub preset: Option<String>,
    /// Text encoding label.
    pub encoding: Option<String>,
    /// Column mapping, canonical → header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// SLA targets, priority → duration.
    pub sla: Option<BTreeMap<String, String>>,
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
             preset = \"zendesk\"\nencoding = \"cp1251\"\n\
             [columns]\ncreated_at = \"Created at\"\n[sla]\nurgent = \"30m\"\n",
        )
        .expect("parses");
        assert_eq!(c.tz.as_deref(), Some("Europe/Moscow"));
        assert_eq!(c.delimiter, Some(';'));
        assert_eq!(c.preset.as_deref(), Some("zendesk"));
        assert_eq!(c.encoding.as_deref(), Some("cp1251"));
        assert_eq!(c.columns["created_at"], "Created at");
        assert_eq!(c.sla.expect("sla")["urgent"], "30m");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Config>("timezone = \"UTC\"\n").is_err());
    }
}

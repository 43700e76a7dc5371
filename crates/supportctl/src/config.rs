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
//! calendar = "moscow"               # business time: the default calendar (--calendar)
//! calendar_by = "site"              # optional: a calendar per site, team or channel
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
//! [surveys]                         # csat and nps
//! scale = "1-5"                     # the scale of the CSAT answers (--scale)
//! satisfied = 4                     # the lowest satisfied answer (--satisfied); a label works too
//!
//! [scorecard]                       # the Baramba scorecard (flags of the same names override)
//! slope_threshold = 1.0             # % of the maximum score per week that counts as a trend
//! target = 80.0                     # % of the maximum the last two weeks reach to end monitoring
//! min_weeks = 3                     # scored weeks needed for a trend
//! loss_weeks = 4                    # weeks the points lost are averaged over (`scorecard show`)
//!
//! [scorecard.criteria]              # criterion = max points, or { max_points, description }
//! "Handling user requests" = 20
//! "Quality of webinar support" = { max_points = 15, description = "Sound, slides, recording" }
//! [peak]                            # optional: how `peak` chooses the peak hours
//! top = 10                          # the busiest 10 % of hour slots (the default)
//! # window = "Mon-Fri 10:00-13:00"  # or fixed hours instead
//!
//! [calendars.moscow]                # named calendars; with calendar_by, the name is the key
//! tz = "Europe/Moscow"              # default: tz above
//! hours = "Mon-Fri 09:00-18:00"     # the syntax of --hours
//! holidays = "holidays-ru.csv"      # a file (relative to this one), or a list of dates
//! workdays = ["2024-04-27"]         # extra working days (a Saturday worked)
//!
//! [calendars.tomsk]
//! tz = "Asia/Tomsk"
//! hours = "Mon-Fri 09:00-13:00,14:00-18:00"
//! holidays = ["2024-01-01", "2024-05-01"]
//! keys = ["Tomsk", "Томск"]         # the site values that use it (default: its name)
//!
//! [workload]                        # optional: `workload`
//! margin = 25.0                     # % from the mean that counts as above or below it
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
    /// Survey settings.
    pub surveys: Option<SurveysConfig>,
    /// The Baramba scorecard's thresholds and criteria.
    pub scorecard: Option<ScorecardConfig>,
    /// How `peak` chooses the peak hours.
    pub peak: Option<PeakConfig>,
    /// The default calendar's name (business time).
    pub calendar: Option<String>,
    /// `site`, `team` or `channel`: each ticket's durations use its key's calendar.
    pub calendar_by: Option<String>,
    /// Named business calendars.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarConfig>,
    /// When the weekly report's attention rules fire.
    pub alerts: Option<AlertsConfig>,
    /// The balance margin of `workload`.
    pub workload: Option<WorkloadConfig>,
}

/// One `[calendars.NAME]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// IANA zone of the hours [default: the top-level `tz`].
    pub tz: Option<String>,
    /// Working hours, as `--hours` takes them.
    pub hours: String,
    /// A holiday file, or a list of dates.
    pub holidays: Option<HolidaysConfig>,
    /// Extra working days (YYYY-MM-DD).
    #[serde(default)]
    pub workdays: Vec<String>,
    /// The values of the `calendar_by` key that use this calendar [default: its name].
    #[serde(default)]
    pub keys: Vec<String>,
}

/// `holidays = "file.csv"` or `holidays = ["2024-01-01", …]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum HolidaysConfig {
    /// A file of `date[, name]` lines.
    File(PathBuf),
    /// Dates.
    List(Vec<String>),
}

/// The `[alerts]` table: thresholds of the weekly report's attention rules.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    /// SLA met % below this is an alert.
    pub sla_target_pct: Option<f64>,
    /// FRT p90 up by more than this % on the week is an alert.
    pub frt_p90_rise_pct: Option<f64>,
    /// Backlog up by more than this % on the week is an alert.
    pub backlog_rise_pct: Option<f64>,
    /// CSAT below this % is an alert.
    pub csat_target_pct: Option<f64>,
    /// CSAT or NPS on fewer answers than this is flagged.
    pub min_answers: Option<u64>,
    /// An agent above this many times the team's mean load is overloaded.
    pub overload_ratio: Option<f64>,
}

/// The `[workload]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadConfig {
    /// Percent of the mean an agent must be from it to count as above or below.
    pub margin: Option<f64>,
}

/// The `[surveys]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveysConfig {
    /// The scale of CSAT answers, as `--scale` takes it.
    pub scale: Option<String>,
    /// The lowest satisfied answer, as `--satisfied` takes it.
    pub satisfied: Option<Answer>,
}

/// A number or a label, as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// `satisfied = 4`
    Number(i64),
    /// `satisfied = "okay"`
    Text(String),
}

impl Answer {
    /// The value as `--satisfied` would take it.
    pub fn as_arg(&self) -> String {
        match self {
            Answer::Number(n) => n.to_string(),
            Answer::Text(t) => t.clone(),
        }
    }
}

/// `[scorecard]`: thresholds of the trend and verdict, and the criteria.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardConfig {
    /// Percent of the maximum score per week that counts as a trend.
    pub slope_threshold: Option<f64>,
    /// Percent of the maximum the last two weeks must reach to end monitoring.
    pub target: Option<f64>,
    /// Scored weeks needed for a trend.
    pub min_weeks: Option<usize>,
    /// Weeks the points lost are averaged over.
    pub loss_weeks: Option<usize>,
    /// Criterion → its maximum points (and description).
    #[serde(default)]
    pub criteria: BTreeMap<String, CriterionConfig>,
}

/// One criterion under `[scorecard.criteria]`: a number, or a table with a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CriterionConfig {
    /// `"Name" = 15`.
    Max(f64),
    /// `"Name" = { max_points = 15, description = "…" }`.
    Full(CriterionTable),
}

/// The table form of a criterion.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionTable {
    /// The most points it can earn.
    pub max_points: f64,
    /// What it means.
    pub description: Option<String>,
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

/// The name looked for in the working directory and in the data folder.
pub const DEFAULT_NAME: &str = "supportctl.toml";

/// Loads `explicit`; else `supportctl.toml` from the working directory; else the one in the
/// `--data` folder (a folder of exports can carry the settings that describe them); else none.
pub fn load(explicit: Option<&Path>, data_dir: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let here = PathBuf::from(DEFAULT_NAME);
            let beside_data = data_dir.map(|d| d.join(DEFAULT_NAME));
            match beside_data {
                _ if here.is_file() => here,
                Some(p) if p.is_file() => p,
                _ => return Ok((Config::default(), None)),
            }
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
    fn reads_the_surveys_table() {
        let c: Config =
            toml::from_str("[surveys]\nscale = \"1-5\"\nsatisfied = 4\n").expect("parses");
        let surveys = c.surveys.expect("surveys");
        assert_eq!(surveys.scale.as_deref(), Some("1-5"));
        assert_eq!(surveys.satisfied.expect("satisfied").as_arg(), "4");
        let c: Config = toml::from_str("[surveys]\nsatisfied = \"okay\"\n").expect("parses");
        assert_eq!(
            c.surveys.and_then(|s| s.satisfied).expect("set").as_arg(),
            "okay"
        );
        assert!(toml::from_str::<Config>("[surveys]\nscales = \"1-5\"\n").is_err());
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
    fn reads_calendars() {
        let c: Config = toml::from_str(
            "calendar = \"moscow\"\ncalendar_by = \"site\"\n\
             [calendars.moscow]\ntz = \"Europe/Moscow\"\nhours = \"Mon-Fri 09:00-18:00\"\n\
             holidays = \"ru.csv\"\nworkdays = [\"2024-04-27\"]\n\
             [calendars.tomsk]\nhours = \"24/7\"\nholidays = [\"2024-01-01\"]\nkeys = [\"Томск\"]\n",
        )
        .expect("parses");
        assert_eq!(c.calendar.as_deref(), Some("moscow"));
        assert_eq!(c.calendar_by.as_deref(), Some("site"));
        let moscow = &c.calendars["moscow"];
        assert!(
            matches!(&moscow.holidays, Some(HolidaysConfig::File(p)) if p == Path::new("ru.csv"))
        );
        assert_eq!(moscow.workdays, ["2024-04-27"]);
        let tomsk = &c.calendars["tomsk"];
        assert!(matches!(&tomsk.holidays, Some(HolidaysConfig::List(l)) if l.len() == 1));
        assert_eq!(tomsk.keys, ["Томск"]);
        assert!(
            toml::from_str::<Config>("[calendars.x]\nhours = \"24/7\"\ntimezone = \"UTC\"\n")
                .is_err()
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Config>("timezone = \"UTC\"\n").is_err());
        assert!(toml::from_str::<Config>("[scorecard]\ntreshold = 1\n").is_err());
    }

    #[test]
    fn reads_the_scorecard_section() {
        let c: Config = toml::from_str(
            "[scorecard]\nslope_threshold = 2\ntarget = 75.5\nmin_weeks = 4\n\
             [scorecard.criteria]\n\"Заявки\" = 20\n\
             \"Вебинары\" = { max_points = 15, description = \"звук\" }\n",
        )
        .expect("parses");
        let s = c.scorecard.expect("scorecard");
        assert_eq!(
            (s.slope_threshold, s.target, s.min_weeks),
            (Some(2.0), Some(75.5), Some(4))
        );
        assert!(matches!(s.criteria["Заявки"], CriterionConfig::Max(m) if m == 20.0));
        assert!(matches!(
            &s.criteria["Вебинары"],
            CriterionConfig::Full(t) if t.max_points == 15.0 && t.description.as_deref() == Some("звук")
        ));
    }
}

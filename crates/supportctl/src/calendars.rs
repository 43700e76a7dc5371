//! Business calendars from the flags (`--hours`, `--holidays`, `--calendar`, `--business`,
//! `--calendar-time`) and the `[calendars.NAME]` tables of `supportctl.toml`, turned into the
//! library's [`TimeBasis`].
//!
//! Precedence: `--calendar-time` (wall clock); `--hours` (one calendar in `--tz`); `--calendar
//! NAME`; the file's `calendar_by` (a calendar per site, team or channel, `calendar` the default)
//! or `calendar` alone; else wall-clock time. `--holidays FILE` adds to whichever calendars are in
//! use.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use support_metrics::Error;
use support_metrics::calendar::{
    Calendar, CalendarMap, Holiday, TimeBasis, WorkingHours, parse_dates, read_holidays,
};
use support_metrics::ingest::{Dimension, Input};
use support_metrics::period::parse_time_zone;

use crate::UsageError;
use crate::cli::CalendarArgs;
use crate::config::{CalendarConfig, HolidaysConfig};
use crate::settings::Settings;

/// How durations are counted for this run.
pub fn time_basis(args: &CalendarArgs, settings: &Settings) -> Result<TimeBasis> {
    if args.calendar_time {
        return Ok(TimeBasis::Calendar);
    }
    let config = &settings.config;
    let extra = match args.holidays.as_deref() {
        Some("-") if settings.tickets.as_deref() == Some("-") => {
            return Err(UsageError(
                "--holidays - and --tickets - both read standard input; give one as a file"
                    .to_owned(),
            )
            .into());
        }
        Some(arg) => read_holidays(Input::from_arg(arg))?,
        None => Vec::new(),
    };
    if let Some(spec) = &args.hours {
        let hours: WorkingHours = spec.parse()?;
        let calendar = Calendar::new("--hours", hours, settings.ingest.tz).with_holidays(extra);
        return Ok(TimeBasis::business(calendar));
    }
    let build = |name: &str| -> Result<Calendar> {
        let table = config
            .calendars
            .get(name)
            .ok_or_else(|| unknown(name, settings))?;
        Ok(from_config(name, table, settings)?.with_holidays(extra.iter().cloned()))
    };
    if let Some(name) = &args.calendar {
        return Ok(TimeBasis::business(build(name)?));
    }
    if let Some(by) = &config.calendar_by {
        let dimension = match by.trim().to_lowercase().as_str() {
            "site" => Dimension::Site,
            "team" => Dimension::Team,
            "channel" => Dimension::Channel,
            _ => {
                return Err(UsageError(format!(
                    "config: calendar_by = {by:?} is not one of \"site\", \"team\", \"channel\""
                ))
                .into());
            }
        };
        let mut map = CalendarMap::by(dimension);
        for (name, table) in &config.calendars {
            let calendar = build(name)?;
            if table.keys.is_empty() {
                map.assign(name.clone(), calendar);
            } else {
                for key in &table.keys {
                    map.assign(key.clone(), calendar.clone());
                }
            }
        }
        if let Some(default) = &config.calendar {
            map.set_default(build(default)?);
        }
        return Ok(TimeBasis::Business(Arc::new(map)));
    }
    if let Some(name) = &config.calendar {
        return Ok(TimeBasis::business(build(name)?));
    }
    if args.business || args.holidays.is_some() {
        return Err(UsageError(format!(
            "{} needs a calendar: give the working hours with --hours \"Mon-Fri 09:00-18:00\", \
             name one with --calendar NAME, or set `calendar = \"NAME\"` and a [calendars.NAME] \
             table in supportctl.toml",
            if args.business {
                "--business"
            } else {
                "--holidays"
            }
        ))
        .into());
    }
    Ok(TimeBasis::Calendar)
}

fn unknown(name: &str, settings: &Settings) -> anyhow::Error {
    let names: Vec<&str> = settings
        .config
        .calendars
        .keys()
        .map(String::as_str)
        .collect();
    let known = if names.is_empty() {
        match &settings.config_path {
            Some(p) => format!("{} defines no [calendars.NAME] table", p.display()),
            None => "no supportctl.toml was read (pass --config FILE)".to_owned(),
        }
    } else {
        format!("the calendars are: {}", names.join(", "))
    };
    UsageError(format!(
        "unknown calendar {name:?}: {known}; or give the hours with --hours \"Mon-Fri 09:00-18:00\""
    ))
    .into()
}

/// One `[calendars.NAME]` table as a calendar.
fn from_config(name: &str, table: &CalendarConfig, settings: &Settings) -> Result<Calendar> {
    let place = format!("[calendars.{name}]");
    let renamed = |e: Error, key: &str| -> anyhow::Error {
        match e {
            Error::InvalidOption { value, message, .. } => {
                Error::option(format!("{key} of {place}"), value, message).into()
            }
            other => other.into(),
        }
    };
    let tz = match &table.tz {
        Some(zone) => parse_time_zone(zone).map_err(|e| renamed(e, "tz"))?,
        None => settings.ingest.tz,
    };
    let hours: WorkingHours = table.hours.parse().map_err(|e| renamed(e, "hours"))?;
    let holidays = match &table.holidays {
        None => Vec::new(),
        Some(HolidaysConfig::List(dates)) => parse_dates(dates, &format!("holidays of {place}"))?
            .into_iter()
            .map(|date| Holiday {
                date,
                name: String::new(),
            })
            .collect(),
        Some(HolidaysConfig::File(path)) => {
            read_holidays(Input::path(relative_to_config(path, settings)))?
        }
    };
    let workdays = parse_dates(&table.workdays, &format!("workdays of {place}"))?;
    Calendar::new(name, hours, tz)
        .with_holidays(holidays)
        .with_workdays(workdays)
        .map_err(|e| renamed(e, "workdays"))
}

fn relative_to_config(path: &Path, settings: &Settings) -> PathBuf {
    match settings.config_path.as_deref().and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

/// Notes for people: which calendars the durations are in.
pub fn notes(basis: &TimeBasis) -> Vec<String> {
    let Some(map) = basis.calendars() else {
        return Vec::new();
    };
    let describe = |c: &Calendar| {
        let (holidays, workdays) = c.exceptions();
        let mut text = format!("{} in {}", c.hours(), c.tz());
        if holidays > 0 {
            text.push_str(&format!(", {holidays} holidays"));
        }
        if workdays > 0 {
            text.push_str(&format!(", {workdays} extra working days"));
        }
        text
    };
    let mut notes = Vec::new();
    match map.key() {
        None => {
            if let Some(c) = map.default_calendar() {
                notes.push(format!("Business time: {}", describe(c)));
            }
        }
        Some(key) => {
            for c in map.calendars() {
                let keys: Vec<&str> = map
                    .assignments()
                    .filter(|(_, name)| *name == c.name())
                    .map(|(k, _)| k)
                    .collect();
                let mut who = if keys.is_empty() {
                    String::new()
                } else {
                    format!("{} {}", key.column(), keys.join(", "))
                };
                if map.default_calendar() == Some(c) {
                    who = if who.is_empty() {
                        "the rest".to_owned()
                    } else {
                        format!("{who} and the rest")
                    };
                }
                notes.push(format!(
                    "Business time, {who}: calendar {} ({})",
                    c.name(),
                    describe(c)
                ));
            }
        }
    }
    notes
}

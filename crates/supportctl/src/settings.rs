//! Raw arguments and the configuration file, turned once into the library's validated options.
//! Flags override the file.

use std::path::{Path, PathBuf};

use anyhow::Result;
use support_metrics::ingest::IngestOptions;
use support_metrics::ingest::surveys::{Answer, read_answer};
use support_metrics::ingest::{
    ColumnMapping, DateOrder, Input, MappingSource, Scale, TextEncoding, TimestampParser,
    find_preset,
};
use support_metrics::metrics::{GroupKey, SlaTargets};
use support_metrics::period::{IsoWeek, PeriodSpec, parse_date, parse_time_zone};

use crate::UsageError;
use crate::cli::{FilterArgs, InputArgs, PeriodArgs};
use crate::config::{self, Config};

/// The kinds of input file (the README's "Input in brief", docs/inputs.md, docs/metrics.md), each with its flag and its name inside `--data DIR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `--tickets`, `tickets.csv`.
    Tickets,
    /// `--surveys`, `surveys.csv`.
    Surveys,
    /// `--scorecard`, `scorecard.csv`.
    Scorecard,
    /// `--criteria`, `criteria.csv`.
    Criteria,
    /// `--daily`, `daily.csv`.
    Daily,
}

impl InputKind {
    /// Every kind.
    pub const ALL: [InputKind; 5] = [
        InputKind::Tickets,
        InputKind::Surveys,
        InputKind::Scorecard,
        InputKind::Criteria,
        InputKind::Daily,
    ];

    /// The flag's name without dashes, also the file's stem in a data folder.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Tickets => "tickets",
            InputKind::Surveys => "surveys",
            InputKind::Scorecard => "scorecard",
            InputKind::Criteria => "criteria",
            InputKind::Daily => "daily",
        }
    }

    fn arg(self, args: &InputArgs) -> Option<&String> {
        match self {
            InputKind::Tickets => args.tickets.as_ref(),
            InputKind::Surveys => args.surveys.as_ref(),
            InputKind::Scorecard => args.scorecard.as_ref(),
            InputKind::Criteria => args.criteria.as_ref(),
            InputKind::Daily => args.daily.as_ref(),
        }
    }
}

/// Everything a command needs to find and read its inputs.
#[derive(Debug)]
pub struct Settings {
    /// The configuration file's contents (empty when there is none).
    pub config: Config,
    /// The configuration file, when one was read (relative paths in it are relative to it).
    pub config_path: Option<PathBuf>,
    /// How to read exports.
    pub ingest: IngestOptions,
    /// The tickets argument: a path or `-`.
    pub tickets: Option<String>,
    /// Whether the tickets were named by `--tickets` (not found in a data folder).
    tickets_by_flag: bool,
    /// The other inputs given by flag, or found in the data folder: kind and path (or `-`).
    others: Vec<(InputKind, String)>,
}

impl Settings {
    /// Reads the configuration and resolves the input arguments.
    ///
    /// A flag names its file whether or not it exists (a missing one is an error when read); in a
    /// `--data` folder only the files that exist are taken, except `tickets.csv`, which is expected
    /// (a `tickets.xlsx` is read when there is no `tickets.csv`).
    pub fn new(args: &InputArgs) -> Result<Settings> {
        let (config, config_path) = config::load(args.config.as_deref(), args.data.as_deref())?;
        let ingest = ingest_options(args, &config)?;
        let data_dir = args.data.clone().or_else(|| config.data.clone());
        let from_dir = |kind: InputKind| {
            data_dir.as_ref().and_then(|d| {
                let path = d.join(format!("{}.csv", kind.name()));
                // A spreadsheet stands in for a missing tickets.csv.
                let sheet = d.join(format!("{}.xlsx", kind.name()));
                if kind == InputKind::Tickets && !path.is_file() && sheet.is_file() {
                    return Some(sheet.display().to_string());
                }
                (kind == InputKind::Tickets || path.is_file()).then(|| path.display().to_string())
            })
        };
        let tickets = args
            .tickets
            .clone()
            .or_else(|| from_dir(InputKind::Tickets));
        let others = InputKind::ALL[1..]
            .iter()
            .filter_map(|&kind| {
                let arg = kind.arg(args).cloned().or_else(|| from_dir(kind))?;
                Some((kind, arg))
            })
            .collect::<Vec<_>>();
        let stdin_users = usize::from(tickets.as_deref() == Some("-"))
            + others.iter().filter(|(_, a)| a == "-").count();
        if stdin_users > 1 {
            return Err(UsageError(
                "only one input can be read from standard input (`-`); give the others as files"
                    .to_owned(),
            )
            .into());
        }
        Ok(Settings {
            config,
            config_path,
            ingest,
            tickets,
            tickets_by_flag: args.tickets.is_some(),
            others,
        })
    }

    /// The tickets input; a usage error when none was given.
    pub fn tickets_input(&self) -> Result<Input> {
        match &self.tickets {
            Some(arg) => Ok(Input::from_arg(arg)),
            None => Err(UsageError(
                "no tickets given: pass --tickets FILE (or - for stdin), or --data DIR with a tickets.csv"
                    .to_owned(),
            )
            .into()),
        }
    }

    /// The tickets input for a command that can do without: named by `--tickets`, or a
    /// `tickets.csv` that exists in the data folder.
    pub fn optional_tickets(&self) -> Option<Input> {
        let arg = self.tickets.as_deref()?;
        (self.tickets_by_flag || Path::new(arg).is_file()).then(|| Input::from_arg(arg))
    }

    /// The input of `kind` when one was given (by flag or in the data folder).
    pub fn optional_input(&self, kind: InputKind) -> Option<Input> {
        if kind == InputKind::Tickets {
            return self.tickets.as_deref().map(Input::from_arg);
        }
        self.others
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, arg)| Input::from_arg(arg))
    }

    /// The input of `kind`; a usage error naming the flag when none was given.
    pub fn input(&self, kind: InputKind) -> Result<Input> {
        self.optional_input(kind).ok_or_else(|| {
            let name = kind.name();
            UsageError(format!(
                "no {name} given: pass --{name} FILE (or - for stdin), or --data DIR with a {name}.csv"
            ))
            .into()
        })
    }

    /// Paths of the file inputs, which `--output` must never overwrite.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.tickets
            .iter()
            .chain(self.others.iter().map(|(_, a)| a))
            .filter(|t| *t != "-")
            .map(PathBuf::from)
            .collect()
    }
}

fn ingest_options(args: &InputArgs, config: &Config) -> Result<IngestOptions> {
    let tz = match args.tz.as_deref().or(config.tz.as_deref()) {
        Some(name) => parse_time_zone(name)?,
        None => chrono_tz::Tz::UTC,
    };
    let date_order = if args.dayfirst {
        Some(DateOrder::DayFirst)
    } else if args.monthfirst {
        Some(DateOrder::MonthFirst)
    } else {
        match config.date_order.as_deref() {
            None => None,
            Some("day-first") => Some(DateOrder::DayFirst),
            Some("month-first") => Some(DateOrder::MonthFirst),
            Some(other) => {
                return Err(UsageError(format!(
                    "config: date_order = {other:?} is not one of \"day-first\", \"month-first\""
                ))
                .into());
            }
        }
    };
    let mut mapping = ColumnMapping::new();
    for (canonical, header) in &config.columns {
        mapping.insert_from(canonical.clone(), header.clone(), MappingSource::Config);
    }
    for arg in &args.map {
        mapping.insert_arg(arg)?;
    }
    let given_delimiter = args.delimiter.or(config.delimiter);
    let delimiter = match given_delimiter {
        None => b',',
        Some('\t') => b'\t',
        Some(c) if c.is_ascii() && !c.is_ascii_alphanumeric() && c != '"' => c as u8,
        Some(c) => {
            return Err(UsageError(format!(
                "--delimiter {c:?}: use one ASCII punctuation character such as ',' ';' '|' or a tab"
            ))
            .into());
        }
    };
    Ok(IngestOptions {
        tz,
        date_order,
        time_format: args
            .time_format
            .clone()
            .or_else(|| config.time_format.clone()),
        mapping,
        delimiter,
        detect_delimiter: given_delimiter.is_none(),
        preset: match args.preset.as_deref().or(config.preset.as_deref()) {
            // Checked now, so that a wrong name is a usage error before anything is read.
            Some(name) => Some(find_preset(name)?.name.clone()),
            None => None,
        },
        encoding: args
            .encoding
            .as_deref()
            .or(config.encoding.as_deref())
            .map(TextEncoding::from_label)
            .transpose()?,
        sheet: args.sheet.clone(),
        progress: None,
        needed: None,
    })
}

/// The reporting period from --from/--to/--week/--last-weeks.
pub fn period(filter: &PeriodArgs) -> Result<PeriodSpec> {
    let spec = if let Some(week) = &filter.week {
        PeriodSpec::Week(week.parse::<IsoWeek>()?)
    } else if let Some(n) = filter.last_weeks {
        PeriodSpec::LastWeeks(n)
    } else if filter.from.is_some() || filter.to.is_some() {
        PeriodSpec::Range {
            from: filter
                .from
                .as_deref()
                .map(|d| parse_date(d, "--from"))
                .transpose()?,
            to: filter
                .to
                .as_deref()
                .map(|d| parse_date(d, "--to"))
                .transpose()?,
        }
    } else {
        PeriodSpec::All
    };
    spec.validate()?;
    Ok(spec)
}

/// `--as-of`, read like a timestamp of the data (naive values in the configured zone).
pub fn as_of(filter: &FilterArgs, ingest: &IngestOptions) -> Result<Option<i64>> {
    let Some(text) = filter.as_of.as_deref() else {
        return Ok(None);
    };
    // The recognised formats first, then the data's own pattern when one is named.
    let builtin = TimestampParser::new(ingest.tz, ingest.date_order).parse(text.trim());
    let pattern = ingest
        .time_format
        .as_deref()
        .and_then(|p| TimestampParser::with_pattern(ingest.tz, p).ok())
        .and_then(|parser| parser.parse(text.trim()).ok());
    match (builtin, pattern) {
        (Ok(instant), _) | (Err(_), Some(instant)) => Ok(Some(instant.utc)),
        (Err(e), None) => Err(UsageError(format!(
            "--as-of {text:?} {e}; use e.g. 2024-03-25 or 2024-03-25 09:00 or 2024-03-25T09:00:00Z"
        ))
        .into()),
    }
}

/// The grouping keys from --by.
pub fn group_by(filter: &FilterArgs) -> Result<Vec<GroupKey>> {
    match filter.by.as_deref() {
        Some(list) => Ok(GroupKey::parse_list(list)?),
        None => Ok(Vec::new()),
    }
}

/// SLA targets: --sla, else the config's [sla], else the standard ones.
pub fn sla(arg: Option<&str>, config: &Config) -> Result<SlaTargets> {
    if let Some(spec) = arg {
        return Ok(SlaTargets::parse(spec)?);
    }
    match &config.sla {
        Some(table) => Ok(SlaTargets::from_pairs(
            table.iter().map(|(p, t)| (p.as_str(), t.as_str())),
            "[sla] in supportctl.toml",
        )?),
        None => Ok(SlaTargets::standard()),
    }
}

/// The scale of CSAT answers: --scale, else `scale` under [surveys]; `None` to infer it.
pub fn scale(arg: Option<&str>, config: &Config) -> Result<Option<Scale>> {
    let from_config = config.surveys.as_ref().and_then(|s| s.scale.as_deref());
    match (arg, from_config) {
        (Some(text), _) => Ok(Some(text.parse::<Scale>()?)),
        (None, Some(text)) => text
            .parse::<Scale>()
            .map(Some)
            .map_err(|e| UsageError(format!("config: [surveys] scale = {text:?}: {e}")).into()),
        (None, None) => Ok(None),
    }
}

/// The lowest satisfied answer: --satisfied, else `satisfied` under [surveys]; `None` for the
/// top boxes of the scale.
pub fn satisfied(arg: Option<&str>, config: &Config) -> Result<Option<Answer>> {
    let from_config = config
        .surveys
        .as_ref()
        .and_then(|s| s.satisfied.as_ref())
        .map(|a| a.as_arg());
    let (text, source) = match (arg, from_config) {
        (Some(text), _) => (text.to_owned(), "--satisfied".to_owned()),
        (None, Some(text)) => (text, "config: [surveys] satisfied".to_owned()),
        (None, None) => return Ok(None),
    };
    match read_answer(&text) {
        Some(answer) => Ok(Some(answer)),
        None => Err(UsageError(format!(
            "{source} {text:?}: not an answer; give a whole number (e.g. 4 on 1-5, 9 on 0-10) or \
             a label (good, okay, great)"
        ))
        .into()),
    }
}

/// Whether two paths name the same file (when both exist).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

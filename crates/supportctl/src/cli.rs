//! The raw command-line arguments (clap derive types). They are turned into the library's
//! validated options once, in `settings.rs`, before anything is computed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Helpdesk exports in, the numbers support teams run on out.
#[derive(Debug, Parser)]
#[command(
    name = "supportctl",
    version,
    about = "Helpdesk exports in, the numbers support teams run on out.",
    long_about = "supportctl turns helpdesk CSV exports into response and resolution times, SLA, \
                  and the figures a head of support reviews every week.\n\n\
                  Data goes to stdout, diagnostics to stderr. Exit codes: 0 success, \
                  2 usage or configuration error, 3 invalid input data, 1 any other failure.",
    after_help = "Examples:\n  \
                  supportctl response --data testdata/demo --by week\n  \
                  supportctl response --tickets export.csv --by agent --format csv > frt.csv\n  \
                  supportctl validate --tickets export.csv\n  \
                  supportctl generate --tickets 100000 --out-dir /tmp/demo",
    propagate_version = true
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// First response and resolution times, SLA and the response-time distribution.
    #[command(
        long_about = "First response time (FRT), resolution time and SLA for the tickets created in \
                      the period, overall or grouped.\n\n\
                      FRT = first_response_at − created_at; resolution = resolved_at − created_at. \
                      Tickets without a response are `unresponded` and left out of the FRT \
                      statistics; a response or resolution before creation is dropped and counted \
                      in `invalid_order`. SLA targets are per priority (default urgent=1h, high=4h, \
                      normal=8h, low=24h); an unanswered ticket past its target at --as-of is \
                      breached, one still inside it is pending and left out of sla_met_pct.\n\n\
                      The table shows the headline figures; csv and json carry every column, \
                      durations in seconds.",
        after_help = "Examples:\n  \
                      supportctl response --data testdata/demo --by week\n  \
                      supportctl response --tickets tickets.csv --by agent,week --format csv\n  \
                      supportctl response --tickets - --format json < tickets.csv\n  \
                      supportctl response --data testdata/demo --week 2024-W12 --sla urgent=30m,normal=4h\n  \
                      supportctl response --data testdata/demo --buckets --by team\n  \
                      supportctl response --tickets export.csv --map created_at=\"Created at\" --tz Europe/Moscow\n  \
                      supportctl response --tickets zendesk-export.csv --preset zendesk --by agent\n  \
                      supportctl response --tickets tickets.xlsx --sheet Tickets"
    )]
    Response(ResponseArgs),

    /// Check input files and list every problem with counts; computes nothing.
    #[command(
        long_about = "Reads the inputs as the other commands would and lists every problem found: \
                      missing columns, values that do not parse, duplicate ids, ragged rows, \
                      responses before creation. Exits with 3 when a problem would stop the other \
                      commands, 0 otherwise (warnings alone do not fail).",
        after_help = "Examples:\n  \
                      supportctl validate --tickets export.csv\n  \
                      supportctl validate --data testdata/demo --format json"
    )]
    Validate(ValidateArgs),

    /// Write a deterministic synthetic data set (for demos, tests and benchmarks).
    #[command(
        long_about = "Writes a realistic synthetic helpdesk export: a weekday/hour arrival curve \
                      with a late-morning peak, log-normal response times that get worse at peak, \
                      some tickets never answered or resolved, several agents, teams, channels, \
                      priorities and sites. The same --seed gives the same bytes. Rows are written \
                      as they are generated, so memory does not grow with --tickets.",
        after_help = "Examples:\n  \
                      supportctl generate --tickets 5000 --weeks 12 --out-dir testdata/demo\n  \
                      supportctl generate --tickets 1000000 --seed 7 > tickets.csv"
    )]
    Generate(GenerateArgs),

    /// List the helpdesk presets and the export headers each one reads.
    #[command(
        long_about = "Lists the presets: how supportctl reads the exports of Zendesk, Freshdesk, \
                      Jira Service Management, Chatwoot, Help Scout and ServiceNow without a single \
                      header being renamed. With a NAME, shows that preset's mapping (canonical \
                      column → export header), its timestamp format and quirks, and how to get the \
                      export out of the helpdesk.\n\n\
                      Every command that reads tickets matches a file's header against the presets \
                      when it lacks the canonical columns, and names the preset it chose on stderr; \
                      --preset NAME chooses one. Encodings (UTF-8, UTF-16, Windows-1251), the \
                      delimiter (, ; tab |) and .xlsx/.xls/.ods files are recognised as well.",
        after_help = "Examples:\n  \
                      supportctl presets --format table\n  \
                      supportctl presets zendesk\n  \
                      supportctl presets servicenow --format markdown\n  \
                      supportctl presets --format csv > presets.csv\n\n\
                      Reading an export (any command that reads tickets):\n  \
                      response --tickets zendesk-export.csv --by week      (preset matched by the header)\n  \
                      response --tickets export.csv --preset freshdesk     (preset named)\n  \
                      response --tickets export.csv --encoding windows-1251 --delimiter ';'\n  \
                      response --tickets tickets.xlsx --sheet Tickets"
    )]
    Presets(PresetsArgs),

    /// Print a shell completion script.
    #[command(
        long_about = "Prints a completion script for the shell on stdout. Install it where your \
                      shell looks for completions; it completes subcommands, flags and values \
                      such as --format and --by.",
        after_help = "Examples:\n  \
                      supportctl completions bash > ~/.local/share/bash-completion/completions/supportctl\n  \
                      supportctl completions zsh > ~/.zfunc/_supportctl"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Where the data comes from and how to read it.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Tickets CSV export; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub tickets: Option<String>,

    /// Survey answers (CSAT, NPS) CSV; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub surveys: Option<String>,

    /// Baramba scorecard CSV (long or wide form); `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub scorecard: Option<String>,

    /// Scorecard criteria CSV: criterion, max_points[, description].
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub criteria: Option<String>,

    /// Daily plan/fact reports CSV; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub daily: Option<String>,

    /// A folder with tickets.csv, surveys.csv, scorecard.csv, criteria.csv and daily.csv (each optional).
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    pub data: Option<PathBuf>,

    /// Configuration file [default: supportctl.toml in the working directory, if present].
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub config: Option<PathBuf>,

    /// Rename an export header to a canonical column, e.g. --map created_at="Created at" (repeatable).
    #[arg(long = "map", value_name = "CANONICAL=HEADER", help_heading = "Input")]
    pub map: Vec<String>,

    /// Time zone of naive timestamps, and of weeks, days and hours [default: UTC].
    #[arg(long, value_name = "IANA ZONE", help_heading = "Input")]
    pub tz: Option<String>,

    /// Timestamp format (chrono strftime), replacing the recognised ones, e.g. '%d/%m/%Y %H:%M'.
    #[arg(long, value_name = "PATTERN", help_heading = "Input")]
    pub time_format: Option<String>,

    /// Read dates like 03/04/2024 day first (3 April).
    #[arg(long, conflicts_with = "monthfirst", help_heading = "Input")]
    pub dayfirst: bool,

    /// Read dates like 03/04/2024 month first (4 March).
    #[arg(long, help_heading = "Input")]
    pub monthfirst: bool,

    /// Field delimiter of the CSV input [default: told from the header line: , ; tab or |].
    #[arg(long, value_name = "CHAR", help_heading = "Input")]
    pub delimiter: Option<char>,

    /// Read the export with this helpdesk preset (`supportctl presets` lists them) [default: matched by the header].
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub preset: Option<String>,

    /// Text encoding of the input, e.g. windows-1251, utf-16 [default: detected].
    #[arg(long, value_name = "LABEL", help_heading = "Input")]
    pub encoding: Option<String>,

    /// The sheet of an .xlsx/.xls/.ods input [default: the first].
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub sheet: Option<String>,
}

/// Which tickets and how to group them.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// First day included (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub from: Option<String>,

    /// First day excluded (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub to: Option<String>,

    /// One ISO week, e.g. 2024-W12.
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to", "last_weeks"], help_heading = "Filters")]
    pub week: Option<String>,

    /// The last N ISO weeks, ending with the week of --as-of.
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"], help_heading = "Filters")]
    pub last_weeks: Option<u32>,

    /// "Now" for open tickets [default: the latest timestamp in the data].
    #[arg(long, value_name = "TIMESTAMP", help_heading = "Filters")]
    pub as_of: Option<String>,

    /// Group by any of: agent, team, channel, priority, site, week, day, month (comma-separated).
    #[arg(long, value_name = "KEYS", help_heading = "Filters")]
    pub by: Option<String>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// An aligned table for the terminal (durations like 1h 05m).
    #[default]
    Table,
    /// CSV with stable column names; durations in seconds.
    Csv,
    /// JSON: an array of objects with the csv column names.
    Json,
    /// A Markdown table, for chats and wikis.
    Markdown,
}

/// Where and how to write the result.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,

    /// Write to FILE (atomically: a failed run leaves no half-written file) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

/// `supportctl response`.
#[derive(Debug, Args)]
pub struct ResponseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// First-response targets per priority, e.g. urgent=1h,high=4h,normal=8h,low=24h; `*=8h` for the rest.
    #[arg(long, value_name = "TARGETS")]
    pub sla: Option<String>,

    /// Show the FRT distribution (0-1h, 1-4h, 4-8h, 8-24h, 24h+) instead of the statistics.
    #[arg(long)]
    pub buckets: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl presets`.
#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Show one preset in detail.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of tickets (1 to 100,000,000).
    #[arg(long, default_value_t = 5000)]
    pub tickets: u64,

    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Number of weeks the tickets span.
    #[arg(long, default_value_t = 12)]
    pub weeks: u32,

    /// Number of agents.
    #[arg(long, default_value_t = 8)]
    pub agents: u32,

    /// First day of the data set (moved back to its Monday).
    #[arg(long, value_name = "DATE", default_value = "2024-01-01")]
    pub start: String,

    /// Write tickets.csv into DIR (created if missing) instead of the tickets to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

//! The weekly report as a document: sections of headline figures, tables, sentences, alerts and
//! charts. `commands/report` builds it from the library's `WeeklyReport`; one renderer per format
//! writes it (terminal, Markdown, HTML). JSON is the library's report itself.

pub mod charts;
pub mod html;
pub mod markdown;
pub mod terminal;

use super::Table;

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// `Weekly report — 2024-W12`.
    pub title: String,
    /// The week's dates, "now", the zone, the basis of durations.
    pub subtitle: Vec<String>,
    /// The sections, in order.
    pub parts: Vec<Part>,
}

/// One section.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its heading.
    pub heading: &'static str,
    /// Its content, in order.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone)]
pub enum Block {
    /// Headline figures with their change and history.
    Figures(Vec<FigureLine>),
    /// A table.
    Table(Table),
    /// A sentence (a note, or why a section is missing).
    Text(String),
    /// Alerts, most important first.
    Alerts(Vec<AlertLine>),
    /// A chart (drawn by the HTML page only; the terminal and Markdown have the figures).
    Chart(Chart),
}

/// Whether a change is for the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The figure moved the right way.
    Good,
    /// The figure moved the wrong way.
    Bad,
    /// No better or worse (a volume), or no change.
    Neutral,
}

/// One headline figure, formatted for people.
#[derive(Debug, Clone)]
pub struct FigureLine {
    /// What it is.
    pub label: String,
    /// This week.
    pub value: String,
    /// Last week.
    pub previous: String,
    /// `▲ 12m 05s (+20%)`; empty without a previous value.
    pub change: String,
    /// Whether the change is good news.
    pub tone: Tone,
    /// The last weeks as a sparkline.
    pub sparkline: String,
}

/// How much an alert matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Act this week.
    Critical,
    /// Look into it.
    Warning,
    /// Read with care.
    Notice,
}

impl Level {
    /// The word shown.
    pub fn word(self) -> &'static str {
        match self {
            Level::Critical => "critical",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }
}

/// One alert in plain words.
#[derive(Debug, Clone)]
pub struct AlertLine {
    /// How much it matters.
    pub level: Level,
    /// The sentence, with the numbers behind it.
    pub text: String,
}

/// A chart's data; the HTML renderer draws it as inline SVG.
#[derive(Debug, Clone)]
pub enum Chart {
    /// Lines over the report's weeks.
    Lines {
        /// The caption.
        title: String,
        /// The x axis: week labels.
        weeks: Vec<String>,
        /// `(name, one value per week)`.
        series: Vec<(String, Vec<Option<f64>>)>,
        /// How values read on the y axis.
        unit: Unit,
    },
    /// Arrivals per hour-of-week slot, Monday 00:00 first; peak slots outlined.
    Heatmap {
        /// The caption.
        title: String,
        /// 168 values.
        values: Vec<f64>,
        /// 168 flags.
        peak: Vec<bool>,
    },
}

/// The unit of a chart's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds, shown as hours.
    Seconds,
    /// A count.
    Count,
    /// A percentage.
    Percent,
}

//! The library's `WeeklyReport` laid out for people: which figures each section shows, how
//! their changes read, and the alerts in plain words. No figure is computed here.

use support_metrics::calendar::TimeBasis;
use support_metrics::ingest::TimestampParser;
use support_metrics::metrics::peak::WEEKDAYS;
use support_metrics::metrics::{Figures, SlotFigures, Wait};
use support_metrics::period::IsoWeek;
use support_metrics::report::{
    Alert, AlertRule, Figure, PeakSection, PeopleSection, ResponseSection, SatisfactionSection,
    Section, Severity, Summary, TeamSection, WeeklyReport,
};

use crate::commands::daily::plan_fact_table;
use crate::commands::scorecard::trend_table;
use crate::commands::workload::agent_rows_table;
use crate::render::report::{AlertLine, Block, Chart, Doc, FigureLine, Level, Part, Tone, Unit};
use crate::render::sparkline::sparkline_auto;
use crate::render::{Cell, Column, Table, human_duration, local_time};

/// Which way is better for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Better {
    Higher,
    Lower,
    Neither,
}

/// How a figure's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Seconds,
    Percent,
    Count,
    /// NPS points, −100 to 100.
    Points,
}

fn value_text(v: Option<f64>, kind: Kind) -> String {
    match (v, kind) {
        (None, _) => "—".to_owned(),
        (Some(v), Kind::Seconds) => human_duration(v),
        (Some(v), Kind::Percent) => format!("{v:.1}%"),
        (Some(v), Kind::Count) => format!("{v:.0}"),
        (Some(v), Kind::Points) => format!("{v:.1}"),
    }
}

/// `▲ 12m 05s (+20%)`, `▼ 2.5 pp`, `＝`; and whether it is good news.
fn change_text(f: &Figure, kind: Kind, better: Better) -> (String, Tone) {
    let Some(change) = f.change else {
        return (String::new(), Tone::Neutral);
    };
    let epsilon = match kind {
        Kind::Seconds => 0.5,
        Kind::Percent | Kind::Points => 0.05,
        Kind::Count => 0.5,
    };
    if change.abs() < epsilon {
        return ("= no change".to_owned(), Tone::Neutral);
    }
    let arrow = if change > 0.0 { '▲' } else { '▼' };
    let sign = if change > 0.0 { '+' } else { '−' };
    let pct = f
        .change_pct
        .map(|p| format!(" ({}{:.0}%)", if p > 0.0 { '+' } else { '−' }, p.abs()))
        .unwrap_or_default();
    let text = match kind {
        Kind::Seconds => format!("{arrow} {}{pct}", human_duration(change.abs())),
        Kind::Percent => format!("{arrow} {sign}{:.1} pp", change.abs()),
        Kind::Count => format!("{arrow} {sign}{:.0}{pct}", change.abs()),
        Kind::Points => format!("{arrow} {sign}{:.1}", change.abs()),
    };
    let tone = match better {
        Better::Neither => Tone::Neutral,
        Better::Higher if change > 0.0 => Tone::Good,
        Better::Lower if change < 0.0 => Tone::Good,
        _ => Tone::Bad,
    };
    (text, tone)
}

fn line(label: impl Into<String>, f: &Figure, kind: Kind, better: Better) -> FigureLine {
    let (change, tone) = change_text(f, kind, better);
    // The sparkline's height spans at least half the largest value (a tenth of the scale for
    // percentages and NPS), so that a steady figure's small wobbles stay small.
    let largest = f
        .series
        .iter()
        .flatten()
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let (span, floor, ceiling) = match kind {
        Kind::Seconds => ((largest / 2.0).max(60.0), 0.0, f64::INFINITY),
        Kind::Percent => (10.0, 0.0, 100.0),
        Kind::Count => ((largest / 2.0).max(4.0), 0.0, f64::INFINITY),
        Kind::Points => (20.0, -100.0, 100.0),
    };
    FigureLine {
        label: label.into(),
        value: value_text(f.value, kind),
        previous: value_text(f.previous, kind),
        change,
        tone,
        sparkline: sparkline_auto(&f.series, span, floor, ceiling),
    }
}

/// The report laid out for people.
pub fn doc(report: &WeeklyReport) -> Doc {
    let tz: chrono_tz::Tz = report.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let weeks: Vec<String> = report.weeks.iter().map(ToString::to_string).collect();
    let previous = report.weeks.len().checked_sub(2).map(|i| report.weeks[i]);
    let mut subtitle = vec![format!(
        "{} to {} · as of {} ({}) · {} time",
        report.week_start.format("%a %-d %b %Y"),
        report.week_end.format("%a %-d %b %Y"),
        local_time(local(tz, report.as_of)),
        report.time_zone,
        report.basis.name(),
    )];
    subtitle.push(format!(
        "Changes against {} · sparklines over {} weeks, {} to {} · data from {} to {}",
        previous.map_or_else(|| "—".to_owned(), |w| w.to_string()),
        report.weeks.len(),
        report
            .weeks
            .first()
            .map(ToString::to_string)
            .unwrap_or_default(),
        report.week,
        report.data_weeks.0,
        report.data_weeks.1,
    ));
    if !report.complete {
        subtitle.push(format!(
            "{} is not over yet: its figures cover the days up to {}.",
            report.week,
            local_time(local(tz, report.as_of))
        ));
    }
    let parts = vec![
        part("Summary", &report.summary, |s| summary(s, &weeks)),
        part("Response", &report.response, |r| response(r, &weeks)),
        part("Satisfaction", &report.satisfaction, |s| {
            satisfaction(s, &weeks)
        }),
        part("Peak", &report.peak, |p| peak(p, tz, report.week)),
        part("Team", &report.team, |t| team(t, &report.basis)),
        part("People", &report.people, |p| people(p, &report.weeks)),
        Part {
            heading: "Attention",
            blocks: vec![Block::Alerts(
                report.attention.iter().map(alert_line).collect(),
            )],
        },
    ];
    Doc {
        title: format!("Weekly support report — {}", report.week),
        subtitle,
        parts,
    }
}

/// `utc` on the wall clock of `tz`, as the library reads instants.
fn local(tz: chrono_tz::Tz, utc: i64) -> i64 {
    TimestampParser::new(tz, None)
        .at_utc(utc)
        .map_or(utc, |instant| instant.local)
}

fn part<T>(heading: &'static str, section: &Section<T>, f: impl FnOnce(&T) -> Vec<Block>) -> Part {
    let blocks = match section {
        Section::Ready(t) => f(t),
        Section::Unavailable { reason } => vec![Block::Text(format!("Not available: {reason}."))],
    };
    Part { heading, blocks }
}

fn summary(s: &Summary, weeks: &[String]) -> Vec<Block> {
    let mut lines = vec![line(
        "Tickets created",
        &s.created,
        Kind::Count,
        Better::Neither,
    )];
    let has_resolved = s.resolved.series.iter().any(Option::is_some);
    if has_resolved {
        lines.push(line(
            "Tickets resolved",
            &s.resolved,
            Kind::Count,
            Better::Higher,
        ));
        lines.push(line(
            "Open at the end of the week",
            &s.backlog,
            Kind::Count,
            Better::Lower,
        ));
    }
    let mut blocks = vec![Block::Figures(lines)];
    if !has_resolved {
        blocks.push(Block::Text(
            "The export has no resolution times: resolved and open tickets are not counted."
                .to_owned(),
        ));
    }
    let mut series = vec![("Created".to_owned(), s.created.series.clone())];
    if has_resolved {
        series.push(("Resolved".to_owned(), s.resolved.series.clone()));
        series.push(("Open at week end".to_owned(), s.backlog.series.clone()));
    }
    blocks.push(Block::Chart(Chart::Lines {
        title: "Tickets per week".to_owned(),
        weeks: weeks.to_vec(),
        series,
        unit: Unit::Count,
    }));
    blocks
}

fn response(r: &ResponseSection, weeks: &[String]) -> Vec<Block> {
    let lines = vec![
        line("FRT median", &r.frt_median, Kind::Seconds, Better::Lower),
        line("FRT p90", &r.frt_p90, Kind::Seconds, Better::Lower),
        line("FRT mean", &r.frt_mean, Kind::Seconds, Better::Lower),
        line(
            "Resolution median",
            &r.resolution_median,
            Kind::Seconds,
            Better::Lower,
        ),
        line("SLA met", &r.sla_met_pct, Kind::Percent, Better::Higher),
    ];
    let mut buckets = Table {
        columns: vec![
            Column::new("bucket", "First response within"),
            Column::new("tickets", "Tickets"),
            Column::new("share_pct", "Share"),
        ],
        group_columns: 1,
        // No answered ticket: the table says so instead of a column of zeros.
        rows: r
            .buckets
            .iter()
            .filter(|_| r.responded > 0)
            .map(|b| {
                vec![
                    Cell::Text(b.bucket.to_owned()),
                    Cell::Int(b.tickets),
                    Cell::percent(b.share_pct),
                ]
            })
            .collect(),
        empty_message: Some("no answered tickets this week".to_owned()),
        ..Table::default()
    };
    buckets.title = Some("First responses by time to answer".to_owned());
    vec![
        Block::Figures(lines),
        Block::Text(response_sentence(r)),
        Block::Table(buckets),
        Block::Chart(Chart::Lines {
            title: "First response time per week".to_owned(),
            weeks: weeks.to_vec(),
            series: vec![
                ("FRT median".to_owned(), r.frt_median.series.clone()),
                ("FRT p90".to_owned(), r.frt_p90.series.clone()),
            ],
            unit: Unit::Seconds,
        }),
    ]
}

/// The week's counts in a sentence; a family of figures the export cannot give is said to be
/// unavailable, with why and the fix, instead of being counted as zero.
fn response_sentence(r: &ResponseSection) -> String {
    let gap = |figures: Figures| r.unavailable.iter().find(|u| u.figures == figures);
    let mut text = match gap(Figures::FirstResponse) {
        None => format!(
            "{} tickets created: {} answered, {} without a reply.",
            r.tickets, r.responded, r.unresponded
        ),
        Some(u) => format!(
            "{} tickets created. {}.",
            r.tickets,
            capitalised(&u.to_string())
        ),
    };
    match gap(Figures::Sla) {
        None => text.push_str(&format!(
            " SLA: {} met, {} breached, {} still inside their target ({}).",
            r.sla.met, r.sla.breached, r.sla.pending, r.sla_targets
        )),
        Some(u) => text.push_str(&format!(
            " {} are unavailable as well.",
            capitalised(u.figures.describe())
        )),
    }
    if let Some(u) = gap(Figures::Resolution) {
        text.push_str(&format!(" {}.", capitalised(&u.to_string())));
    }
    text
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn satisfaction(s: &SatisfactionSection, weeks: &[String]) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    let mut series = Vec::new();
    if let Some(c) = &s.csat {
        lines.push(line("CSAT", &c.csat_pct, Kind::Percent, Better::Higher));
        lines.push(line(
            "CSAT answers",
            &c.responses_per_week,
            Kind::Count,
            Better::Neither,
        ));
        if c.response_rate_pct.series.iter().any(Option::is_some) {
            lines.push(line(
                "CSAT response rate",
                &c.response_rate_pct,
                Kind::Percent,
                Better::Higher,
            ));
        }
        let interval = match (c.ci_low_pct, c.ci_high_pct) {
            (Some(lo), Some(hi)) => format!("95% interval {lo:.1}–{hi:.1}%, "),
            _ => String::new(),
        };
        let few = if c.small_sample {
            " — fewer than 30 answers: read it with care"
        } else {
            ""
        };
        notes.push(format!(
            "CSAT: {interval}{} answers on the {} scale{few}.",
            c.responses,
            c.scale.as_deref().unwrap_or("—"),
        ));
        series.push(("CSAT".to_owned(), c.csat_pct.series.clone()));
    }
    if let Some(n) = &s.nps {
        lines.push(line("NPS", &n.nps, Kind::Points, Better::Higher));
        if n.response_rate_pct.series.iter().any(Option::is_some) {
            lines.push(line(
                "NPS response rate",
                &n.response_rate_pct,
                Kind::Percent,
                Better::Higher,
            ));
        }
        let moe = n.moe.map(|m| format!("±{m:.1}, ")).unwrap_or_default();
        let shares = match (n.promoters_pct, n.detractors_pct) {
            (Some(p), Some(d)) => format!(", {p:.0}% promoters, {d:.0}% detractors"),
            _ => String::new(),
        };
        notes.push(format!("NPS: {moe}{} answers{shares}.", n.responses));
    }
    if lines.is_empty() {
        return vec![Block::Text(
            "The survey answers have no CSAT or NPS answers in these weeks.".to_owned(),
        )];
    }
    let mut blocks = vec![Block::Figures(lines)];
    blocks.extend(notes.into_iter().map(Block::Text));
    if !series.is_empty() {
        blocks.push(Block::Chart(Chart::Lines {
            title: "CSAT per week".to_owned(),
            weeks: weeks.to_vec(),
            series,
            unit: Unit::Percent,
        }));
    }
    blocks
}

fn slot_name(s: &SlotFigures) -> String {
    format!("{} {:02}:00", WEEKDAYS[s.weekday as usize], s.hour)
}

fn peak(section: &PeakSection, tz: chrono_tz::Tz, week: IsoWeek) -> Vec<Block> {
    let p = &section.figures;
    let busiest: Vec<String> = section
        .busiest
        .iter()
        .map(|s| format!("{} ({} tickets)", slot_name(s), s.tickets))
        .collect();
    let wait_row = |label: &str, w: &Wait| {
        vec![
            Cell::Text(label.to_owned()),
            Cell::Int(w.tickets),
            Cell::seconds(w.median),
            Cell::seconds(w.mean),
            Cell::seconds(w.p90),
        ]
    };
    let table = Table {
        columns: vec![
            Column::new("hours", "Created"),
            Column::new("tickets", "Tickets"),
            Column::new("frt_median_s", "FRT median"),
            Column::new("frt_mean_s", "FRT mean"),
            Column::new("frt_p90_s", "FRT p90"),
        ],
        group_columns: 1,
        rows: vec![
            wait_row("at peak", &p.peak),
            wait_row("off peak", &p.offpeak),
        ],
        title: Some("The wait for a first reply".to_owned()),
        ..Table::default()
    };
    let share = p
        .peak_arrivals_share_pct
        .map(|s| format!(", {s:.0}% of the week's tickets"))
        .unwrap_or_default();
    let queue = match p.queue.max_at {
        Some(at) => {
            let mean = p
                .queue
                .mean_peak
                .map(|m| format!("; {m:.1} on average over the peak hours"))
                .unwrap_or_default();
            format!(
                "Deepest queue: {} tickets waiting for a first reply, at {}{mean}.",
                p.queue.max,
                local_time(local(tz, at))
            )
        }
        None => "No ticket waited for a first reply this week.".to_owned(),
    };
    vec![
        Block::Text(format!("Busiest hours: {}.", busiest.join(", "))),
        Block::Text(format!(
            "Peak: {} ({} hour slots{share}).",
            p.peak_slots,
            p.peak_slots.len()
        )),
        Block::Table(table),
        Block::Text(queue),
        Block::Chart(Chart::Heatmap {
            title: format!("Tickets created by hour of the week, {week} (peak outlined)"),
            values: p.heatmap.iter().map(|s| s.tickets as f64).collect(),
            peak: p.heatmap.iter().map(|s| s.is_peak).collect(),
        }),
    ]
}

fn team(t: &TeamSection, basis: &TimeBasis) -> Vec<Block> {
    let mut blocks = Vec::new();
    match &t.workload {
        Some(w) => {
            let mut table =
                agent_rows_table(&[], &w.agents, w.margin_pct, w.due_before_created, basis);
            table.title = Some("Workload of the week's tickets".to_owned());
            table.empty_message = Some("no tickets created this week".to_owned());
            blocks.push(Block::Table(table));
            if let Some(b) = &w.balance {
                let figure = |v: Option<f64>, decimals: usize| {
                    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
                };
                let mut text = format!(
                    "Balance over {} agents: {} tickets each on average, CV {}, max/min {}.",
                    b.agents,
                    figure(b.mean, 1),
                    figure(b.balance_cv, 2),
                    figure(b.max_min_ratio, 1),
                );
                if !b.above.is_empty() {
                    text.push_str(&format!(" Above the mean: {}.", b.above.join(", ")));
                }
                if !b.below.is_empty() {
                    text.push_str(&format!(" Below the mean: {}.", b.below.join(", ")));
                }
                blocks.push(Block::Text(text));
            }
        }
        None => blocks.push(Block::Text(
            "Workload: not available: give --tickets FILE (or tickets.csv in --data).".to_owned(),
        )),
    }
    match &t.daily {
        Some(rows) => {
            let mut table = plan_fact_table(rows);
            table.title = Some("Daily plan/fact reports".to_owned());
            // Every row is of the report week: people need not read it eight times.
            if let Some(week) = table.columns.iter_mut().find(|c| c.name == "week") {
                week.headline = false;
            }
            table.empty_message = Some("no daily reports this week".to_owned());
            blocks.push(Block::Table(table));
        }
        None => blocks.push(Block::Text(
            "Daily plan/fact: not available: give --daily FILE (or daily.csv in --data)."
                .to_owned(),
        )),
    }
    blocks
}

fn people(p: &PeopleSection, weeks: &[IsoWeek]) -> Vec<Block> {
    let mut table = trend_table(&p.rows, &p.thresholds, true);
    table.title = Some("Scorecard trends up to the end of the week".to_owned());
    let series = p
        .score_pct
        .iter()
        .map(|e| (e.employee.clone(), e.values.clone()))
        .collect();
    vec![
        Block::Table(table),
        Block::Chart(Chart::Lines {
            title: "Scorecard per employee, % of the maximum".to_owned(),
            weeks: weeks.iter().map(ToString::to_string).collect(),
            series,
            unit: Unit::Percent,
        }),
    ]
}

fn alert_line(a: &Alert) -> AlertLine {
    let level = match a.severity {
        Severity::Critical => Level::Critical,
        Severity::Warning => Level::Warning,
        Severity::Notice => Level::Notice,
    };
    let before = |f: &dyn Fn(f64) -> String| {
        a.previous
            .map(|p| format!(" (last week {})", f(p)))
            .unwrap_or_default()
    };
    let pct = |v: f64| format!("{v:.1}%");
    let who = a.subject.as_deref().unwrap_or("—");
    let text = match a.rule {
        AlertRule::SlaBelowTarget => format!(
            "SLA met {} against a target of {}{}.",
            pct(a.value),
            pct(a.threshold),
            before(&pct)
        ),
        AlertRule::ScorecardDeclining => format!(
            "{who}'s scorecard is declining: {:.1} points a week (the threshold is {:.1}); \
             the falling trend calls for a decision.",
            a.value, a.threshold
        ),
        AlertRule::FrtP90Rise => format!(
            "FRT p90 rose {:.0}% on the week, to {}{}; the alert is set at +{:.0}%.",
            a.change_pct.unwrap_or_default(),
            human_duration(a.value),
            before(&human_duration),
            a.threshold
        ),
        AlertRule::AgentOverload => format!(
            "{who} had {:.0} tickets, {:.1}× the team's mean of {:.1}; the alert is set above \
             {:.1}×.",
            a.value,
            a.ratio.unwrap_or(f64::NAN),
            a.reference.unwrap_or(f64::NAN),
            a.threshold
        ),
        AlertRule::BacklogRise => format!(
            "Open tickets rose {:.0}% on the week, to {:.0}{}; the alert is set at +{:.0}%.",
            a.change_pct.unwrap_or_default(),
            a.value,
            before(&|v| format!("{v:.0}")),
            a.threshold
        ),
        AlertRule::CsatBelowTarget => format!(
            "CSAT {} is below the {} target{}.",
            pct(a.value),
            pct(a.threshold),
            before(&pct)
        ),
        AlertRule::CsatFewAnswers => format!(
            "CSAT rests on {:.0} answers this week, fewer than {:.0}: read it with care.",
            a.value, a.threshold
        ),
        AlertRule::NpsFewAnswers => format!(
            "NPS rests on {:.0} answers this week, fewer than {:.0}: read it with care.",
            a.value, a.threshold
        ),
    };
    AlertLine { level, text }
}

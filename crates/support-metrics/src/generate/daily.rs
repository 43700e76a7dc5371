//! The generated team's daily plan/fact reports: one row per agent per working day (Monday to
//! Friday) of the period, as a remote team keeps them.
//!
//! [`write_daily`] writes them with the header [`DAILY_HEADER`]
//! (`employee,date,plan_status,late_minutes,absence`), dates as `YYYY-MM-DD`, sorted by date and
//! then by roster order. The model:
//!
//! - **absences**: each agent takes one week of vacation (five working days) with a chance of
//!   one in two, in a week of the period chosen at random (never the first); a sick spell of one
//!   to three working days starts on about 1.2 % of the days, a single day off on about 1.5 %.
//!   An absent day has `absence` (`vacation`, `sick`, `day_off`) and empty `plan_status` and
//!   `late_minutes`;
//! - **missed reports**: about 3 % of the working days have no row at all;
//! - **plan status**: done, partly done or not done, with shares by agent: the senior agent is
//!   done on about 85 % of the days, the regular agents on about 70 %, the newcomer on about
//!   50 %; the second agent (the one whose scorecard declines) slips from about 70 % to about
//!   45 % over the weeks. Of the rest, about two thirds are partial;
//! - **lateness**: late on about 8 % of the days (the third agent on about 25 %), by 5 to 60
//!   minutes, mostly under a quarter of an hour; `late_minutes` is `0` on a day on time.
//!
//! The draws come from their own ChaCha8 stream, so the tickets, surveys and scorecard of a seed
//! do not change.

use std::io::{BufWriter, Write};

use chrono::{Days, NaiveDate};

use super::math::{below, chance};
use super::world::{Seniority, build_roster, rng_for, stream};
use super::{GenerateError, GenerateOptions};

/// Header of the daily reports.
pub const DAILY_HEADER: &str = "employee,date,plan_status,late_minutes,absence";

/// Chance that an agent takes a vacation week in the period, per million.
const VACATION_PPM: u32 = 500_000;
/// Chance that a sick spell starts on a working day, per million.
const SICK_PPM: u32 = 12_000;
/// Chance of a single day off, per million.
const DAY_OFF_PPM: u32 = 15_000;
/// Chance that a working day has no report, per million.
const MISSING_PPM: u32 = 30_000;
/// Share of the rest of the days (not done) that are partial, per million.
const PARTIAL_OF_REST_PPM: u32 = 660_000;

/// What one row says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Day {
    Absent(&'static str),
    Worked { status: &'static str, late: u32 },
}

/// The chance, per million, that the plan of `agent` is done in `week`.
fn done_ppm(agent: usize, seniority: Seniority, week: u32, weeks: u32) -> u32 {
    match (agent, seniority) {
        (_, Seniority::Senior) => 850_000,
        (_, Seniority::Newcomer) => 500_000,
        (1, _) => {
            // From 70 % down to 45 % at the last week.
            let span = weeks.saturating_sub(1).max(1);
            700_000 - 250_000 * week.min(span) / span
        }
        _ => 700_000,
    }
}

/// The chance, per million, that `agent` is late on a given day.
fn late_ppm(agent: usize) -> u32 {
    if agent == 2 { 250_000 } else { 80_000 }
}

/// Writes the daily reports of the roster of `options` over its working days and returns the
/// number of rows written, header not counted.
///
/// Output is buffered here; pass the writer unbuffered.
pub fn write_daily<W: Write>(out: W, options: &GenerateOptions) -> Result<u64, GenerateError> {
    options.validate()?;
    let start = options.period_start()?;
    let roster = build_roster(options.seed, options.agents);
    let mut rng = rng_for(options.seed, stream::DAILY);
    let days = u64::from(options.weeks) * 7;
    let out_of_range = || GenerateError::Period {
        start: options.start,
        weeks: options.weeks,
    };
    // Per agent, per day of the period: the row, or none (a weekend, a missed report).
    let mut rows: Vec<Vec<Option<Day>>> = Vec::with_capacity(roster.len());
    for (index, agent) in roster.iter().enumerate() {
        let vacation_week = if options.weeks > 1 && chance(&mut rng, VACATION_PPM) {
            Some(1 + below(&mut rng, options.weeks - 1))
        } else {
            None
        };
        let mut sick_left = 0u32;
        let mut days_of_agent = Vec::with_capacity(days as usize);
        for day in 0..days {
            let week = (day / 7) as u32;
            if day % 7 >= 5 {
                days_of_agent.push(None);
                continue;
            }
            // Every working day draws the same values in the same order.
            let sick_starts = chance(&mut rng, SICK_PPM);
            let sick_length = 1 + below(&mut rng, 3);
            let day_off = chance(&mut rng, DAY_OFF_PPM);
            let missing = chance(&mut rng, MISSING_PPM);
            let done = chance(
                &mut rng,
                done_ppm(index, agent.seniority, week, options.weeks),
            );
            let partial = chance(&mut rng, PARTIAL_OF_REST_PPM);
            let late = chance(&mut rng, late_ppm(index));
            // Mostly short: the smaller of two draws from 5 to 60 minutes.
            let minutes = 5 + below(&mut rng, 56).min(below(&mut rng, 56));

            if sick_left == 0 && sick_starts {
                sick_left = sick_length;
            }
            let row = if vacation_week == Some(week) {
                Day::Absent("vacation")
            } else if sick_left > 0 {
                sick_left -= 1;
                Day::Absent("sick")
            } else if day_off {
                Day::Absent("day_off")
            } else {
                let status = match (done, partial) {
                    (true, _) => "done",
                    (false, true) => "partial",
                    (false, false) => "not_done",
                };
                Day::Worked {
                    status,
                    late: if late { minutes } else { 0 },
                }
            };
            days_of_agent.push((!missing).then_some(row));
        }
        rows.push(days_of_agent);
    }

    let mut out = BufWriter::new(out);
    writeln!(out, "{DAILY_HEADER}")?;
    let mut written = 0u64;
    for day in 0..days {
        let date: NaiveDate = start
            .checked_add_days(Days::new(day))
            .ok_or_else(out_of_range)?;
        for (agent, days_of_agent) in roster.iter().zip(&rows) {
            let Some(row) = days_of_agent[day as usize] else {
                continue;
            };
            let date = date.format("%Y-%m-%d");
            match row {
                Day::Absent(kind) => writeln!(out, "{},{date},,,{kind}", agent.name)?,
                Day::Worked { status, late } => {
                    writeln!(out, "{},{date},{status},{late},", agent.name)?
                }
            }
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(options: &GenerateOptions) -> String {
        let mut out = Vec::new();
        write_daily(&mut out, options).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn one_row_per_agent_and_working_day_at_most_and_the_same_bytes_each_time() {
        let options = GenerateOptions::demo();
        let text = generated(&options);
        assert_eq!(text, generated(&options));
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(DAILY_HEADER));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        // 8 agents × 60 working days = 480 possible rows; about 3 % are missing.
        assert!((440..480).contains(&rows.len()), "{}", rows.len());
        for row in &rows {
            assert_eq!(row.len(), 5, "{row:?}");
            let date = NaiveDate::parse_from_str(row[1], "%Y-%m-%d").expect("a date");
            assert!(chrono::Datelike::weekday(&date).num_days_from_monday() < 5);
            match row[4] {
                "" => {
                    assert!(["done", "partial", "not_done"].contains(&row[2]), "{row:?}");
                    assert!(row[3].parse::<u32>().expect("minutes") <= 60);
                }
                kind => {
                    assert!(["vacation", "sick", "day_off"].contains(&kind), "{row:?}");
                    assert_eq!((row[2], row[3]), ("", ""));
                }
            }
        }
        let share = |pick: &dyn Fn(&Vec<&str>) -> bool| {
            rows.iter().filter(|r| pick(r)).count() as f64 / rows.len() as f64
        };
        let absent = share(&|r| !r[4].is_empty());
        assert!((0.03..0.15).contains(&absent), "absent {absent}");
        let late = share(&|r| r[3].parse::<u32>().is_ok_and(|m| m > 0));
        assert!((0.05..0.2).contains(&late), "late {late}");
        let done = share(&|r| r[2] == "done");
        assert!((0.5..0.8).contains(&done), "done {done}");
    }
}

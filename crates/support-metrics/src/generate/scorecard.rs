//! The generated team's Baramba scorecard: one meeting a week per agent (sometimes two, now and
//! then none), six criteria, and trends that tell different stories.
//!
//! [`write_criteria`] writes the criteria list ([`CRITERIA_HEADER`]) and [`write_scorecard`] the
//! scorecard in the wide form a manager keeps in a spreadsheet ([`scorecard_header`]): one row per
//! meeting, one column per criterion. The criteria are the six of the method, 80 points in all.
//!
//! Every agent of the roster follows a profile of weekly totals, and each criterion gets its
//! share with a little noise, rounded to whole points:
//!
//! - the first agent (the senior) is steady near 85 % of the maximum;
//! - the second **declines**, from about 62 to about 45 over twelve weeks (the seed's
//!   60 → 50 → 45), mostly on handling user requests and independence: the verdict is to
//!   escalate;
//! - the third **rises from 50 to about 64 over ten weeks** and a little beyond (the seed's
//!   rising employee): improving, and once the last two weeks are at 80 % (64 of 80) or more,
//!   close monitoring can end;
//! - the newcomer (the last agent) rises from a low start but stays below the target;
//! - everyone else is steady, each with a weaker and a stronger criterion.
//!
//! The noise can blur a story for some seeds; the demo's (seed 1, eight agents, twelve weeks)
//! tells each of them. About one week in seventeen has no meeting (never one of the last two), and about one in ten
//! has a second meeting. The draws come from their own ChaCha8 stream, so the tickets of a seed
//! do not change.

use std::io::{BufWriter, Write};

use chrono::{Days, NaiveDate};

use super::math::{chance, normal_pair};
use super::world::{build_roster, rng_for, stream};
use super::{GenerateError, GenerateOptions};

/// The criteria of the method with their maximum points (80 in all) and what they mean.
pub const CRITERIA: [(&str, u32, &str); 6] = [
    (
        "Quality of webinar support",
        15,
        "Equipment, sound and recording ready before the start; participants helped at once",
    ),
    (
        "Purchases entered into the ERP on time",
        10,
        "Every purchase in the ERP within two working days of the invoice",
    ),
    (
        "Scheduled maintenance",
        15,
        "Planned maintenance of workstations, printers and servers done in its week",
    ),
    (
        "Handling user requests",
        20,
        "Requests answered and solved within their targets, users kept informed",
    ),
    (
        "Timely cartridge purchases",
        10,
        "No printer left without a cartridge; stock reordered before it runs out",
    ),
    (
        "Independence in solving problems",
        10,
        "Problems solved without escalating what the role can handle",
    ),
];

/// Header of the criteria list.
pub const CRITERIA_HEADER: &str = "criterion,max_points,description";

/// The sum of the criteria's maximum points.
const MAX_TOTAL: f64 = 80.0;

/// Header of the wide-form scorecard: `employee,date,<the six criteria>,note`.
pub fn scorecard_header() -> String {
    let mut header = String::from("employee,date");
    for (name, _, _) in CRITERIA {
        header.push(',');
        header.push_str(name);
    }
    header.push_str(",note");
    header
}

/// Writes the criteria list as CSV and returns the number of rows, header not counted.
pub fn write_criteria<W: Write>(out: W) -> Result<u64, GenerateError> {
    let mut out = BufWriter::new(out);
    writeln!(out, "{CRITERIA_HEADER}")?;
    for (name, max, description) in CRITERIA {
        // Descriptions have commas: quoted, as RFC 4180 asks.
        writeln!(out, "{name},{max},\"{}\"", description.replace('"', "\"\""))?;
    }
    out.flush()?;
    Ok(CRITERIA.len() as u64)
}

/// The story an agent's weekly totals tell.
#[derive(Debug, Clone, Copy)]
enum Profile {
    /// Around `level` points.
    Steady { level: f64 },
    /// From `start`, changing by `per_week`, held between 0 and `limit`.
    Moving {
        start: f64,
        per_week: f64,
        limit: f64,
    },
}

impl Profile {
    fn of(agent: usize, agents: usize) -> Profile {
        match agent {
            0 => Profile::Steady { level: 68.0 },
            1 => Profile::Moving {
                start: 62.0,
                per_week: -1.6,
                limit: MAX_TOTAL,
            },
            2 => Profile::Moving {
                start: 50.0,
                per_week: 1.75,
                limit: 70.0,
            },
            i if i + 1 == agents => Profile::Moving {
                start: 40.0,
                per_week: 1.6,
                limit: 60.0,
            },
            i => Profile::Steady {
                level: 54.0 + ((i * 7) % 11) as f64,
            },
        }
    }

    fn total(self, week: u32) -> f64 {
        match self {
            Profile::Steady { level } => level,
            Profile::Moving {
                start,
                per_week,
                limit,
            } => (start + per_week * f64::from(week)).clamp(0.0, limit),
        }
    }
}

/// Points each criterion sits above or below the agent's level; they add up to zero, so the
/// weekly total follows the profile.
fn leanings(agent: usize) -> [f64; 6] {
    let mut lean = [0.0; 6];
    if agent == 1 {
        // The declining agent slips on requests and independence, and leans on the webinars.
        lean[3] = -2.5;
        lean[5] = -2.0;
        lean[0] = 2.5;
        lean[2] = 2.0;
    } else {
        // The stronger criterion is one with room above the level (15 or 20 points), so that
        // its points are not cut at the maximum.
        let weak = agent % 6;
        lean[weak] = -2.0;
        lean[if weak == 3 { 0 } else { 3 }] = 2.0;
    }
    lean
}

/// One meeting: agent, date and points per criterion.
struct Meeting {
    agent: usize,
    date: NaiveDate,
    points: [u32; 6],
}

/// Writes the scorecard of the roster of `options` over its weeks, in the wide form, and
/// returns the number of rows (meetings) written, header not counted.
///
/// Output is buffered here; pass the writer unbuffered.
pub fn write_scorecard<W: Write>(out: W, options: &GenerateOptions) -> Result<u64, GenerateError> {
    options.validate()?;
    let start = options.period_start()?;
    let roster = build_roster(options.seed, options.agents);
    let mut rng = rng_for(options.seed, stream::SCORECARD);
    let mut meetings = Vec::new();
    for agent in 0..roster.len() {
        let profile = Profile::of(agent, roster.len());
        let lean = leanings(agent);
        // The usual meeting day: Tuesday to Friday by agent; a second meeting two days later
        // (or earlier, to stay in the week).
        let usual = 1 + (agent % 4) as u64;
        let extra = if usual + 2 <= 4 { usual + 2 } else { usual - 2 };
        for week in 0..options.weeks {
            let last_two = week + 2 >= options.weeks;
            if !last_two && chance(&mut rng, 60_000) {
                continue; // a week without a meeting: holiday, sickness
            }
            let mut days = vec![usual];
            if chance(&mut rng, 100_000) {
                days.push(extra);
                days.sort_unstable();
            }
            for day in days {
                let level = profile.total(week) / MAX_TOTAL;
                let mut points = [0u32; 6];
                for (c, (_, max, _)) in CRITERIA.iter().enumerate() {
                    let (noise, _) = normal_pair(&mut rng);
                    let max = f64::from(*max);
                    let value = (level * max + lean[c] + 0.7 * noise).round();
                    points[c] = value.clamp(0.0, max) as u32;
                }
                let date = start
                    .checked_add_days(Days::new(u64::from(week) * 7 + day))
                    .ok_or(GenerateError::Period {
                        start: options.start,
                        weeks: options.weeks,
                    })?;
                meetings.push(Meeting {
                    agent,
                    date,
                    points,
                });
            }
        }
    }
    meetings.sort_by_key(|m| (m.date, m.agent));
    write_meetings(out, &meetings, &roster)
}

fn write_meetings<W: Write>(
    out: W,
    meetings: &[Meeting],
    roster: &[super::Agent],
) -> Result<u64, GenerateError> {
    let mut out = BufWriter::new(out);
    writeln!(out, "{}", scorecard_header())?;
    for m in meetings {
        write!(
            out,
            "{},{}",
            roster[m.agent].name,
            m.date.format("%Y-%m-%d")
        )?;
        for p in m.points {
            write!(out, ",{p}")?;
        }
        writeln!(out, ",")?;
    }
    out.flush()?;
    Ok(meetings.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Input, load_criteria, load_scorecard};
    use crate::metrics::{ScorecardOptions, Trend, Verdict, trends};

    fn generate(options: &GenerateOptions) -> String {
        let mut out = Vec::new();
        write_scorecard(&mut out, options).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn criteria_add_up_to_eighty_and_read_back() {
        let total: u32 = CRITERIA.iter().map(|c| c.1).sum();
        assert_eq!(f64::from(total), MAX_TOTAL);
        let mut out = Vec::new();
        assert_eq!(write_criteria(&mut out).expect("writes"), 6);
        let criteria = load_criteria(
            Input::from_reader("criteria.csv", std::io::Cursor::new(out)),
            &IngestOptions::default(),
        )
        .expect("reads back");
        assert_eq!(criteria.list().len(), 6);
        assert_eq!(
            criteria.list()[0].description.as_deref(),
            Some(CRITERIA[0].2)
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_sheet() {
        let options = GenerateOptions::demo();
        let first = generate(&options);
        assert_eq!(first, generate(&options));
        let other = generate(&GenerateOptions {
            seed: 2,
            ..options.clone()
        });
        assert_ne!(first, other);
        // The number of tickets does not change the scorecard.
        assert_eq!(
            first,
            generate(&GenerateOptions {
                tickets: 10,
                ..options
            })
        );
        assert!(first.starts_with(&scorecard_header()));
    }

    #[test]
    fn the_demo_tells_its_stories() {
        let options = GenerateOptions::demo();
        let mut criteria_csv = Vec::new();
        write_criteria(&mut criteria_csv).expect("writes");
        let criteria = load_criteria(
            Input::from_reader("criteria.csv", std::io::Cursor::new(criteria_csv)),
            &IngestOptions::default(),
        )
        .expect("reads");
        let card = load_scorecard(
            Input::from_reader("scorecard.csv", std::io::Cursor::new(generate(&options))),
            &IngestOptions::default(),
            Some(&criteria),
        )
        .expect("reads back");
        assert!(card.warnings().is_empty(), "{:?}", card.warnings());
        // About one meeting a week per agent: a few weeks skipped, a few with two.
        let meetings = card.scores().len() / 6;
        assert!((80..=110).contains(&meetings), "{meetings} meetings");
        let rows = trends(&card, &ScorecardOptions::default()).expect("computes");
        assert_eq!(rows.len(), 8);
        let roster = build_roster(options.seed, options.agents);
        let of = |agent: usize| {
            rows.iter()
                .find(|r| r.employee == roster[agent].name)
                .expect("every agent is scored")
        };
        // The second agent declines and the verdict is to escalate.
        assert_eq!(
            (of(1).trend, of(1).verdict),
            (Trend::Declining, Verdict::Escalate)
        );
        // The third rises past 64 and monitoring can end.
        assert_eq!(
            (of(2).trend, of(2).verdict),
            (Trend::Improving, Verdict::EndMonitoring)
        );
        // The newcomer rises but stays below the target.
        assert_eq!(
            (of(7).trend, of(7).verdict),
            (Trend::Improving, Verdict::Continue)
        );
        for agent in [0, 3, 4, 5, 6] {
            assert_eq!(of(agent).trend, Trend::Stable, "{}", roster[agent].name);
        }
    }
}

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
//! - the third **rises from 50 to 64 over ten weeks** and holds there (the seed's rising
//!   employee): improving, and with the last two weeks at 80 % close monitoring can end;
//! - the newcomer (the last agent) rises from a low start but stays below the target;
//! - everyone else is steady, each with a weaker and a stronger criterion.
//!
//! About one week in seventeen has no meeting (never one of the last two), and about one in ten
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
        writeln!(out, "{name},{max},{description}")?;
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
                per_week: 1.45,
                limit: 65.0,
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

/// How far each criterion's share sits above or below the agent's level, per criterion.
fn leanings(agent: usize) -> [f64; 6] {
    let mut lean = [0.0; 6];
    if agent == 1 {
        // The declining agent slips on requests and independence first.
        lean[3] = -0.12;
        lean[5] = -0.15;
        lean[0] = 0.06;
        lean[2] = 0.05;
    } else {
        lean[agent % 6] = -0.14;
        lean[(agent + 3) % 6] = 0.07;
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
                    let value = ((level + lean[c]) * max + 0.7 * noise).round();
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

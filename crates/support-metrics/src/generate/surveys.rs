//! Synthetic survey answers about the generated tickets: CSAT on a share of resolved tickets,
//! NPS from a smaller share of their customers, both linked by `ticket_id`.
//!
//! Scores depend on how long the customer waited for the first response, so that slow weeks
//! show up in satisfaction: the CSAT score is a rounded normal variate with mean
//! `4.45 − 0.55 · ln(1 + wait in hours)` (standard deviation 0.85, clamped to 1–5), the NPS
//! score one with mean `8.3 − 0.9 · ln(1 + wait in hours)` (standard deviation 2, clamped to
//! 0–10). Answers arrive after the resolution (CSAT within two days, NPS within five) and only
//! those given before the snapshot are written.
//!
//! The answers draw from their own ChaCha8 stream, the same number of values for every ticket,
//! so the tickets are the same with or without surveys and a ticket's answers do not depend on
//! the tickets before it.

use std::io::{BufWriter, Write};

use rand_chacha::ChaCha8Rng;

use super::math::{below, chance, det_ln, normal_pair};
use super::tickets::{GeneratedTicket, Tickets};
use super::world::{rng_for, stream};
use super::{GenerateError, GenerateOptions, MIN_ID_DIGITS, format};

/// Header of the survey export, canonical column names.
pub const SURVEYS_HEADER: &str = "ticket_id,submitted_at,kind,score,comment";

/// Resolved tickets whose customer answers the CSAT survey, per million.
const CSAT_PPM: u32 = 300_000;
/// Resolved tickets whose customer answers the NPS survey, per million.
const NPS_PPM: u32 = 80_000;
/// Mean CSAT score of an instant answer, and its fall per unit of `ln(1 + wait in hours)`.
const CSAT_MEAN: (f64, f64) = (4.45, 0.55);
/// Standard deviation of the CSAT score before rounding.
const CSAT_SIGMA: f64 = 0.85;
/// Mean NPS score of an instant answer, and its fall per unit of `ln(1 + wait in hours)`.
const NPS_MEAN: (f64, f64) = (8.3, 0.9);
/// Standard deviation of the NPS score before rounding.
const NPS_SIGMA: f64 = 2.0;
/// Earliest CSAT answer after resolution, and the spread of the rest (seconds).
const CSAT_DELAY: (i64, u32) = (300, 2 * 86_400);
/// Earliest NPS answer after resolution, and the spread of the rest (seconds).
const NPS_DELAY: (i64, u32) = (3_600, 5 * 86_400);
/// Answers that leave a comment, per million.
const COMMENT_PPM: u32 = 150_000;
/// Comments of unhappy customers (scores in the bottom half).
const UNHAPPY: [&str; 4] = [
    "Waited too long for an answer",
    "\"Slow, but solved\"",
    "Had to explain the problem twice",
    "Nobody answered on the weekend",
];
/// Comments of happy customers.
const HAPPY: [&str; 4] = [
    "Thank you!",
    "Quick and helpful",
    "\"Great support, thanks\"",
    "Solved on the first reply",
];

/// One generated answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GeneratedAnswer {
    /// The ticket's sequence number (its id is `T` and this number zero-padded).
    ticket_seq: u64,
    /// When the answer was given, Unix seconds read as UTC.
    submitted_at: i64,
    /// `true` for NPS (0–10), `false` for CSAT (1–5).
    nps: bool,
    /// The score.
    score: i64,
    /// A free-text comment, as written in the CSV (quoted when it needs quotes).
    comment: Option<&'static str>,
}

/// Draws a ticket's answers (none, CSAT, NPS or both), always consuming the same number of
/// random values.
fn answers(
    rng: &mut ChaCha8Rng,
    t: &GeneratedTicket,
    period_end: i64,
) -> [Option<GeneratedAnswer>; 2] {
    let csat = chance(rng, CSAT_PPM);
    let nps = chance(rng, NPS_PPM);
    let (z_csat, z_nps) = normal_pair(rng);
    let csat_delay = CSAT_DELAY.0 + i64::from(below(rng, CSAT_DELAY.1));
    let nps_delay = NPS_DELAY.0 + i64::from(below(rng, NPS_DELAY.1));
    let comments = [chance(rng, COMMENT_PPM), chance(rng, COMMENT_PPM)];
    let picks = [below(rng, 4) as usize, below(rng, 4) as usize];

    let Some(resolved) = t.resolved_at else {
        return [None, None];
    };
    let wait = t.first_response_at.map_or(0, |f| (f - t.created_at).max(0));
    let fall = det_ln(1.0 + wait as f64 / 3_600.0);
    let make = |is_nps: bool, z: f64, delay: i64, slot: usize| {
        let (mean, slope, sigma, low, high) = if is_nps {
            (NPS_MEAN.0, NPS_MEAN.1, NPS_SIGMA, 0, 10)
        } else {
            (CSAT_MEAN.0, CSAT_MEAN.1, CSAT_SIGMA, 1, 5)
        };
        let score = ((mean - slope * fall + sigma * z).round() as i64).clamp(low, high);
        let submitted_at = resolved + delay;
        let happy = score * 2 > low + high;
        let comment = comments[slot].then(|| {
            if happy {
                HAPPY[picks[slot]]
            } else {
                UNHAPPY[picks[slot]]
            }
        });
        (submitted_at < period_end).then_some(GeneratedAnswer {
            ticket_seq: t.seq,
            submitted_at,
            nps: is_nps,
            score,
            comment,
        })
    };
    [
        csat.then(|| make(false, z_csat, csat_delay, 0)).flatten(),
        nps.then(|| make(true, z_nps, nps_delay, 1)).flatten(),
    ]
}

/// Writes the survey answers about the tickets of `options` as CSV (header
/// [`SURVEYS_HEADER`], `\n` line ends, timestamps `YYYY-MM-DD HH:MM:SS` in UTC), in the order of
/// the tickets, and returns the number of rows written, header not counted.
///
/// Output is buffered here; pass the writer unbuffered.
pub fn write_surveys<W: Write>(out: W, options: &GenerateOptions) -> Result<u64, GenerateError> {
    let tickets = Tickets::new(options)?;
    let period_end = tickets.period_end();
    let width = format::digits(tickets.total()).max(MIN_ID_DIGITS);
    let mut rng = rng_for(options.seed, stream::SURVEYS);
    let mut out = BufWriter::with_capacity(1 << 16, out);
    out.write_all(SURVEYS_HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    let mut line = Vec::with_capacity(128);
    let mut rows = 0u64;
    for t in tickets {
        for answer in answers(&mut rng, &t, period_end).into_iter().flatten() {
            line.clear();
            format::push_id(&mut line, answer.ticket_seq, width);
            line.push(b',');
            format::push_timestamp(&mut line, answer.submitted_at);
            line.extend_from_slice(if answer.nps { b",nps," } else { b",csat," });
            line.extend_from_slice(answer.score.to_string().as_bytes());
            line.push(b',');
            if let Some(comment) = answer.comment {
                line.extend_from_slice(comment.as_bytes());
            }
            line.push(b'\n');
            out.write_all(&line)?;
            rows += 1;
        }
    }
    out.flush()?;
    Ok(rows)
}

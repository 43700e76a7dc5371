//! The streaming ticket generator.

use chrono::{DateTime, NaiveDateTime};
use rand_chacha::ChaCha8Rng;

use super::math::{Cumulative, below, chance, det_exp, normal_pair};
use super::world::{
    Agent, Channel, Priority, Site, Status, Team, WEEK_SLOTS, World, rng_for, stream,
};
use super::{GenerateError, GenerateOptions};

/// Share of tickets without an agent, per million.
const UNASSIGNED_PPM: u32 = 20_000;
/// Assigned tickets never answered (lost, spam, forgotten), per million.
const NEVER_ANSWERED_PPM: u32 = 22_000;
/// Unassigned tickets never answered, per million.
const NEVER_ANSWERED_UNASSIGNED_PPM: u32 = 350_000;
/// E-mail and web tickets (not urgent) forgotten in the queue: first answered
/// only after [`FORGOTTEN_MIN_SECS`] plus up to [`FORGOTTEN_SPREAD_SECS`], per
/// million. They give the heavy tail real waits have, and leave the last days
/// of the period visibly more unanswered in the snapshot.
const FORGOTTEN_PPM: u32 = 30_000;
/// Shortest wait of a forgotten ticket: 8 hours.
const FORGOTTEN_MIN_SECS: u32 = 8 * 3_600;
/// Spread of the wait of a forgotten ticket: up to 40 more hours.
const FORGOTTEN_SPREAD_SECS: u32 = 40 * 3_600;
/// Answered tickets whose first response is planted before creation (a data
/// error real exports have), per million.
const INVALID_ORDER_PPM: u32 = 1_000;
/// Answered tickets left unresolved regardless of time (waiting on the
/// customer, forgotten), per million.
const UNRESOLVED_PPM: u32 = 50_000;

/// Channel mix, per mille, in [`Channel::ALL`] order: email, chat, phone, web.
const CHANNEL_MIX: [u32; 4] = [420, 260, 100, 220];
/// Channel multiplier of the first-response time: chat and phone fast, e-mail slow.
const CHANNEL_WAIT: [f64; 4] = [1.4, 0.25, 0.15, 0.8];
/// Priority mix, per mille, in [`Priority::ALL`] order: low, normal, high, urgent.
const PRIORITY_MIX: [u32; 4] = [150, 600, 180, 70];
/// Median first-response time in seconds at typical load, by priority.
const FIRST_RESPONSE_MEDIAN: [f64; 4] = [2_700.0, 1_500.0, 720.0, 300.0];
/// Log-normal sigma of the first-response time.
const FIRST_RESPONSE_SIGMA: f64 = 1.0;
/// Median time from first response to resolution in seconds, by priority.
const RESOLUTION_MEDIAN: [f64; 4] = [172_800.0, 79_200.0, 28_800.0, 10_800.0];
/// Log-normal sigma of the resolution time.
const RESOLUTION_SIGMA: f64 = 1.1;
/// Resolution-time multiplier of each team, in [`Team::ALL`] order.
const TEAM_RESOLUTION: [f64; 3] = [0.6, 1.2, 3.0];
/// Time multiplier for tickets nobody is assigned to.
const UNASSIGNED_TIME_FACTOR: f64 = 1.3;
/// Slots with at most this many tickets sort their arrival seconds; busier
/// slots count them into a fixed per-second table instead.
const SMALL_SLOT: u64 = 256;
/// Time from creation to the due date, by priority in [`Priority::ALL`] order: low 7 days,
/// normal 3 days, high 1 day, urgent 4 hours. The due date is derived, not drawn: adding it
/// left every other column of a seed unchanged.
pub const DUE_AFTER: [i64; 4] = [7 * 86_400, 3 * 86_400, 86_400, 4 * 3_600];

/// One generated ticket. Times are Unix seconds, read as UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedTicket {
    /// Sequence number from 1, in creation order; the id is `T` and this
    /// number zero-padded.
    pub seq: u64,
    /// Creation time.
    pub created_at: i64,
    /// First response time, if answered before the snapshot. About 0.1 % of
    /// answered tickets carry a planted data error: a first response before
    /// `created_at`.
    pub first_response_at: Option<i64>,
    /// Resolution time, if resolved before the snapshot; never before
    /// `first_response_at`.
    pub resolved_at: Option<i64>,
    /// Index of the agent in the roster ([`Tickets::agents`]), `None` if unassigned.
    pub agent: Option<u32>,
    /// Team: the agent's, or L1 (the intake queue) when unassigned.
    pub team: Team,
    /// The agent's site, `None` if unassigned.
    pub site: Option<Site>,
    /// Channel the ticket came in through.
    pub channel: Channel,
    /// Priority.
    pub priority: Priority,
    /// Status at the snapshot, derived from the times.
    pub status: Status,
    /// Due date: creation plus [`DUE_AFTER`] of the priority.
    pub due_at: i64,
    /// Load of the hour slot the ticket was created in, per mille of the
    /// busiest slot of the week.
    pub slot_load: u32,
}

impl GeneratedTicket {
    /// Creation time as a naive (UTC) date-time.
    pub fn created_at_naive(&self) -> Option<NaiveDateTime> {
        naive(self.created_at)
    }

    /// First response time as a naive (UTC) date-time.
    pub fn first_response_at_naive(&self) -> Option<NaiveDateTime> {
        self.first_response_at.and_then(naive)
    }

    /// Resolution time as a naive (UTC) date-time.
    pub fn resolved_at_naive(&self) -> Option<NaiveDateTime> {
        self.resolved_at.and_then(naive)
    }

    /// Due date as a naive (UTC) date-time.
    pub fn due_at_naive(&self) -> Option<NaiveDateTime> {
        naive(self.due_at)
    }
}

fn naive(secs: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(secs, 0).map(|t| t.naive_utc())
}

/// Arrival seconds within the current hour slot, handed out in ascending order.
#[derive(Debug)]
struct Arrivals {
    /// Small slots: the seconds, sorted descending so `pop` is ascending.
    small: Vec<u16>,
    /// Busy slots: tickets per second of the hour.
    counts: Box<[u32; 3_600]>,
    counting: bool,
    second: usize,
    left: u64,
}

impl Arrivals {
    fn new() -> Self {
        Self {
            small: Vec::with_capacity(SMALL_SLOT as usize),
            counts: Box::new([0; 3_600]),
            counting: false,
            second: 0,
            left: 0,
        }
    }

    fn fill(&mut self, n: u64, rng: &mut ChaCha8Rng) {
        if n <= SMALL_SLOT {
            self.counting = false;
            self.small.clear();
            self.small.extend((0..n).map(|_| below(rng, 3_600) as u16));
            self.small.sort_unstable_by(|a, b| b.cmp(a));
        } else {
            self.counting = true;
            self.counts.fill(0);
            for _ in 0..n {
                self.counts[below(rng, 3_600) as usize] += 1;
            }
            self.second = 0;
            self.left = n;
        }
    }

    fn next(&mut self) -> Option<i64> {
        if !self.counting {
            return self.small.pop().map(i64::from);
        }
        if self.left == 0 {
            return None;
        }
        while self.counts[self.second] == 0 {
            self.second += 1;
        }
        self.counts[self.second] -= 1;
        self.left -= 1;
        Some(self.second as i64)
    }
}

/// Iterator over the generated tickets in creation order. Memory stays
/// constant whatever the number of tickets.
///
/// Arrivals: the period's hour slots get `tickets` in proportion to their
/// weight (weekday × hour curve times a per-week factor), apportioned exactly
/// with an integer carry; each ticket gets a random second within its hour.
pub struct Tickets {
    world: World,
    channel_picker: Cumulative,
    priority_picker: Cumulative,
    arrivals: Arrivals,
    arrival_rng: ChaCha8Rng,
    ticket_rng: ChaCha8Rng,
    total: u64,
    emitted: u64,
    scheduled: u64,
    slots: u64,
    next_slot: u64,
    cum_weight: u128,
    total_weight: u128,
    week: u64,
    week_percent: u32,
    slot_within_week: usize,
    slot_start: i64,
    period_start: i64,
    period_end: i64,
}

impl std::fmt::Debug for Tickets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tickets")
            .field("total", &self.total)
            .field("emitted", &self.emitted)
            .field("period_start", &self.period_start)
            .field("period_end", &self.period_end)
            .finish_non_exhaustive()
    }
}

impl Tickets {
    /// Validates the options and prepares the generator.
    pub fn new(options: &GenerateOptions) -> Result<Self, GenerateError> {
        options.validate()?;
        let world = World::new(options);
        let (period_start, period_end) = options.period_seconds()?;
        let weeks = u64::from(options.weeks);
        let week_weight = u128::from(world.week_weight());
        let total_weight = (0..weeks)
            .map(|w| u128::from(world.week_percent(w)) * week_weight)
            .sum();
        Ok(Self {
            channel_picker: Cumulative::new(&CHANNEL_MIX),
            priority_picker: Cumulative::new(&PRIORITY_MIX),
            arrivals: Arrivals::new(),
            arrival_rng: rng_for(options.seed, stream::ARRIVALS),
            ticket_rng: rng_for(options.seed, stream::TICKETS),
            week_percent: world.week_percent(0),
            world,
            total: options.tickets,
            emitted: 0,
            scheduled: 0,
            slots: weeks * WEEK_SLOTS,
            next_slot: 0,
            cum_weight: 0,
            total_weight,
            week: 0,
            slot_within_week: 0,
            slot_start: period_start,
            period_start,
            period_end,
        })
    }

    /// The roster the tickets are assigned to.
    pub fn agents(&self) -> &[Agent] {
        &self.world.agents
    }

    /// Start of the period (Monday 00:00), Unix seconds.
    pub fn period_start(&self) -> i64 {
        self.period_start
    }

    /// End of the period (exclusive) and the moment of the snapshot, Unix seconds.
    pub fn period_end(&self) -> i64 {
        self.period_end
    }

    /// Number of tickets the iterator yields in all.
    pub fn total(&self) -> u64 {
        self.total
    }

    fn open_slot(&mut self) {
        let slot = self.next_slot;
        self.next_slot += 1;
        let week = slot / WEEK_SLOTS;
        if week != self.week {
            self.week = week;
            self.week_percent = self.world.week_percent(week);
        }
        let within = (slot % WEEK_SLOTS) as usize;
        self.cum_weight +=
            u128::from(self.world.slot_weight[within]) * u128::from(self.week_percent);
        // Exact apportionment: tickets scheduled up to this slot is the floor
        // of its cumulative share, so the carry never loses or adds a ticket.
        let target = (u128::from(self.total) * self.cum_weight / self.total_weight) as u64;
        let n = target - self.scheduled;
        self.scheduled = target;
        self.arrivals.fill(n, &mut self.arrival_rng);
        self.slot_within_week = within;
        self.slot_start = self.period_start + slot as i64 * 3_600;
    }

    fn make_ticket(&mut self, created_at: i64) -> GeneratedTicket {
        let rng = &mut self.ticket_rng;
        // Every ticket draws the same values in the same order.
        let unassigned = chance(rng, UNASSIGNED_PPM);
        let agent_index = self.world.agent_picker.pick(rng);
        let channel_index = self.channel_picker.pick(rng);
        let priority_index = self.priority_picker.pick(rng);
        let (z_response, z_resolution) = normal_pair(rng);
        let never_answered = chance(
            rng,
            if unassigned {
                NEVER_ANSWERED_UNASSIGNED_PPM
            } else {
                NEVER_ANSWERED_PPM
            },
        );
        let unresolved = chance(rng, UNRESOLVED_PPM);
        let forgotten = chance(rng, FORGOTTEN_PPM);
        let forgotten_wait = i64::from(FORGOTTEN_MIN_SECS + below(rng, FORGOTTEN_SPREAD_SECS));
        let invalid_order = chance(rng, INVALID_ORDER_PPM);
        let invalid_offset = i64::from(60 + below(rng, 5_341));

        let agent = (!unassigned).then(|| &self.world.agents[agent_index]);
        let (team, site, time_factor) = match agent {
            Some(a) => (a.team, Some(a.site), a.time_factor),
            None => (Team::L1, None, UNASSIGNED_TIME_FACTOR),
        };
        let slot = self.slot_within_week;

        let response = FIRST_RESPONSE_MEDIAN[priority_index]
            * CHANNEL_WAIT[channel_index]
            * self.world.slot_wait[slot]
            * time_factor
            * det_exp(FIRST_RESPONSE_SIGMA * z_response);
        let mut wait = (response.round() as i64).max(5);
        let queued = matches!(Channel::ALL[channel_index], Channel::Email | Channel::Web);
        if forgotten && queued && Priority::ALL[priority_index] != Priority::Urgent {
            wait = wait.max(forgotten_wait);
        }
        let responded = created_at + wait;
        let answered = !never_answered && responded < self.period_end;

        let (first_response_at, resolved_at) = if answered {
            let team_factor = TEAM_RESOLUTION[team as usize];
            let resolution = RESOLUTION_MEDIAN[priority_index]
                * team_factor
                * time_factor
                * det_exp(RESOLUTION_SIGMA * z_resolution);
            let resolved = responded + (resolution.round() as i64).max(60);
            let resolved = (!unresolved && resolved < self.period_end).then_some(resolved);
            let first = if invalid_order {
                created_at - invalid_offset
            } else {
                responded
            };
            (Some(first), resolved)
        } else {
            (None, None)
        };
        let status = match (first_response_at, resolved_at) {
            (_, Some(_)) => Status::Solved,
            (Some(_), None) => Status::Pending,
            (None, None) => Status::Open,
        };
        self.emitted += 1;
        GeneratedTicket {
            seq: self.emitted,
            created_at,
            first_response_at,
            resolved_at,
            agent: agent.map(|a| a.index),
            team,
            site,
            channel: Channel::ALL[channel_index],
            priority: Priority::ALL[priority_index],
            status,
            due_at: created_at + DUE_AFTER[priority_index],
            slot_load: self.world.slot_load[slot],
        }
    }
}

impl Iterator for Tickets {
    type Item = GeneratedTicket;

    fn next(&mut self) -> Option<GeneratedTicket> {
        loop {
            if let Some(second) = self.arrivals.next() {
                let created_at = self.slot_start + second;
                return Some(self.make_ticket(created_at));
            }
            if self.next_slot == self.slots {
                return None;
            }
            self.open_slot();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.total - self.emitted).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Tickets {}

//! The generated "world": the support team (roster) and the weekly arrival curve.

use std::fmt;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::GenerateOptions;
use super::math::{Cumulative, below, splitmix64};

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The label written to the export.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

labelled_enum! {
    /// Line of support a ticket is handled by.
    Team {
        /// First line: account managers take every ticket first.
        L1 => "L1 Account managers",
        /// Second line: technical support.
        L2 => "L2 Technical support",
        /// Third line: developers.
        L3 => "L3 Developers",
    }
}

labelled_enum! {
    /// Office an agent works from.
    Site {
        /// Head office.
        Moscow => "Moscow",
        /// Regional office.
        Tomsk => "Tomsk",
        /// Working remotely.
        Remote => "Remote",
    }
}

labelled_enum! {
    /// Channel a ticket came in through.
    Channel {
        /// E-mail: the slowest to be answered.
        Email => "email",
        /// Live chat.
        Chat => "chat",
        /// Phone call.
        Phone => "phone",
        /// Web form.
        Web => "web",
    }
}

labelled_enum! {
    /// Ticket priority.
    Priority {
        /// Low.
        Low => "low",
        /// Normal: most tickets.
        Normal => "normal",
        /// High.
        High => "high",
        /// Urgent: answered fastest.
        Urgent => "urgent",
    }
}

labelled_enum! {
    /// Ticket status at the snapshot (the end of the period).
    Status {
        /// No first response yet.
        Open => "open",
        /// Answered, not resolved.
        Pending => "pending",
        /// Resolved.
        Solved => "solved",
    }
}

labelled_enum! {
    /// How experienced an agent is.
    Seniority {
        /// The senior agent: takes noticeably more tickets and answers fast.
        Senior => "senior",
        /// A regular agent.
        Regular => "regular",
        /// The newcomer: takes noticeably fewer tickets and answers slowly.
        Newcomer => "newcomer",
    }
}

/// One agent of the generated support team.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Index in the roster, from 0; [`GeneratedTicket::agent`](super::GeneratedTicket::agent) refers to it.
    pub index: u32,
    /// Full name in Latin letters, e.g. `Anna Petrova`; unique within the roster.
    pub name: String,
    /// The line of support the agent belongs to.
    pub team: Team,
    /// Where the agent works.
    pub site: Site,
    /// Experience level.
    pub seniority: Seniority,
    /// Relative share of the tickets the agent is assigned (weights of the
    /// whole roster add up to the assigned tickets).
    pub workload_weight: u32,
    /// Multiplier of the agent's response and resolution times: below 1 is
    /// faster than typical, above 1 slower.
    pub time_factor: f64,
}

const FIRST_LAST: [(&str, &str); 40] = [
    ("Anna", "Petrova"),
    ("Ivan", "Sokolov"),
    ("Maria", "Ivanova"),
    ("Dmitry", "Smirnov"),
    ("Elena", "Kuznetsova"),
    ("Sergey", "Popov"),
    ("Olga", "Vasilieva"),
    ("Alexey", "Morozov"),
    ("Natalia", "Novikova"),
    ("Pavel", "Volkov"),
    ("Tatiana", "Fedorova"),
    ("Andrey", "Lebedev"),
    ("Irina", "Kozlova"),
    ("Mikhail", "Egorov"),
    ("Ekaterina", "Pavlova"),
    ("Nikolai", "Semenov"),
    ("Svetlana", "Golubeva"),
    ("Artem", "Vinogradov"),
    ("Yulia", "Bogdanova"),
    ("Roman", "Orlov"),
    ("Daria", "Kiseleva"),
    ("Maxim", "Makarov"),
    ("Ksenia", "Andreeva"),
    ("Vladimir", "Zakharov"),
    ("Polina", "Zaitseva"),
    ("Denis", "Solovyov"),
    ("Anastasia", "Borisova"),
    ("Kirill", "Yakovlev"),
    ("Viktoria", "Grigorieva"),
    ("Egor", "Romanov"),
    ("Alina", "Stepanova"),
    ("Konstantin", "Nikolaev"),
    ("Veronika", "Frolova"),
    ("Oleg", "Belov"),
    ("Marina", "Tarasova"),
    ("Stanislav", "Komarov"),
    ("Valeria", "Medvedeva"),
    ("Igor", "Gusev"),
    ("Sofia", "Titova"),
    ("Timur", "Baranov"),
];

/// Team of the agent at each roster index (cycled): most agents, and so most
/// tickets, at L1.
const TEAM_PATTERN: [Team; 12] = [
    Team::L1,
    Team::L2,
    Team::L1,
    Team::L3,
    Team::L2,
    Team::L1,
    Team::L2,
    Team::L1,
    Team::L1,
    Team::L2,
    Team::L1,
    Team::L3,
];

/// Site mix of the roster (cycled, then shuffled by the seed).
const SITE_PATTERN: [Site; 10] = [
    Site::Moscow,
    Site::Tomsk,
    Site::Moscow,
    Site::Remote,
    Site::Tomsk,
    Site::Moscow,
    Site::Remote,
    Site::Moscow,
    Site::Tomsk,
    Site::Moscow,
];

/// Arrivals per hour of a working day, relative (10:00-13:00 peak, a smaller
/// bump at 15:00-17:00, quiet nights).
const WORKDAY_HOURS: [u32; 24] = [
    4, 3, 2, 2, 2, 3, 6, 14, 40, 75, 100, 110, 105, 80, 70, 76, 72, 50, 28, 18, 13, 10, 7, 5,
];
/// Arrivals per hour of a weekend day, on the same scale.
const WEEKEND_HOURS: [u32; 24] = [
    3, 2, 2, 2, 2, 2, 3, 5, 8, 12, 16, 19, 20, 19, 18, 17, 16, 15, 14, 12, 10, 8, 6, 4,
];
/// Day factors, Monday to Sunday, in percent of the day's hour curve.
const DAY_PERCENT: [u32; 7] = [112, 106, 100, 98, 90, 100, 85];
/// Agents on duty per hour of a working day, in percent of the full team
/// (a night shift covered from Tomsk, full staff 09:00-19:00).
const WORKDAY_STAFF: [u32; 24] = [
    12, 12, 12, 12, 12, 12, 12, 40, 80, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50, 50,
    20, 20, 20,
];
/// Agents on duty per hour of a weekend day: a thin duty shift.
const WEEKEND_STAFF: [u32; 24] = [
    8, 8, 8, 8, 8, 8, 8, 8, 8, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 10, 10, 10,
];

/// Hour slots in a week.
pub(crate) const WEEK_SLOTS: u64 = 168;

/// Salt of the per-week volume factor hash.
const WEEK_SALT: u64 = 0x5eed_0f7e_e61e_5500;

/// ChaCha8 stream numbers: each aspect of the data draws from its own stream,
/// so adding a new aspect later (surveys, due dates, ...) on a new stream does
/// not change the tickets already generated for a seed.
pub(crate) mod stream {
    /// The roster.
    pub(crate) const WORLD: u64 = 0;
    /// Seconds of arrival within an hour slot.
    pub(crate) const ARRIVALS: u64 = 1;
    /// Ticket attributes and times.
    pub(crate) const TICKETS: u64 = 2;
    /// Survey answers about the tickets.
    pub(crate) const SURVEYS: u64 = 3;
    /// The scorecard's meetings and points.
    pub(crate) const SCORECARD: u64 = 7;
    /// The daily plan/fact reports: absences, plan status, lateness.
    pub(crate) const DAILY: u64 = 8;
}

/// A ChaCha8 generator for `seed` on the given stream.
pub(crate) fn rng_for(seed: u64, stream_id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream_id);
    rng
}

/// Everything derived from the options before the first ticket.
#[derive(Debug, Clone)]
pub(crate) struct World {
    pub(crate) agents: Vec<Agent>,
    pub(crate) agent_picker: Cumulative,
    /// Arrival weight of each hour slot of a week (Monday 00:00 first).
    pub(crate) slot_weight: [u32; WEEK_SLOTS as usize],
    /// Load of each slot in per-mille of the busiest slot.
    pub(crate) slot_load: [u32; WEEK_SLOTS as usize],
    /// Median first-response multiplier of each slot: queueing grows with the
    /// slot's arrivals per agent on duty.
    pub(crate) slot_wait: [f64; WEEK_SLOTS as usize],
    seed: u64,
}

impl World {
    pub(crate) fn new(options: &GenerateOptions) -> Self {
        let agents = build_roster(options.seed, options.agents);
        let weights: Vec<u32> = agents.iter().map(|a| a.workload_weight).collect();
        let agent_picker = Cumulative::new(&weights);

        let mut slot_weight = [0u32; WEEK_SLOTS as usize];
        for (slot, weight) in slot_weight.iter_mut().enumerate() {
            let (day, hour) = (slot / 24, slot % 24);
            let hours = if day < 5 {
                &WORKDAY_HOURS
            } else {
                &WEEKEND_HOURS
            };
            *weight = DAY_PERCENT[day] * hours[hour];
        }
        let max = slot_weight.iter().copied().max().unwrap_or(1).max(1);
        let mut slot_load = [0u32; WEEK_SLOTS as usize];
        let mut slot_wait = [0f64; WEEK_SLOTS as usize];
        for slot in 0..WEEK_SLOTS as usize {
            let (day, hour) = (slot / 24, slot % 24);
            let staff = if day < 5 {
                WORKDAY_STAFF[hour]
            } else {
                WEEKEND_STAFF[hour]
            };
            slot_load[slot] = slot_weight[slot] * 1_000 / max;
            // Utilisation: arrivals per agent on duty, 1 at the busiest hour.
            let rho = (f64::from(slot_weight[slot]) * 100.0 / (f64::from(max) * f64::from(staff)))
                .min(1.0);
            // Waits grow steeply as the queue fills: 0.5x when idle, 4x when saturated.
            slot_wait[slot] = 0.5 + 3.5 * rho * rho * rho;
        }
        Self {
            agents,
            agent_picker,
            slot_weight,
            slot_load,
            slot_wait,
            seed: options.seed,
        }
    }

    /// Volume factor of week `week` (92..=108 percent), from the seed.
    pub(crate) fn week_percent(&self, week: u64) -> u32 {
        92 + (splitmix64(self.seed ^ WEEK_SALT ^ week.wrapping_mul(0x2545_f491_4f6c_dd1d)) % 17)
            as u32
    }

    /// Sum of the arrival weights of one week at 100 percent.
    pub(crate) fn week_weight(&self) -> u64 {
        self.slot_weight.iter().map(|w| u64::from(*w)).sum()
    }
}

/// Builds the roster: fixed name list, team by index, sites shuffled by the
/// seed, agent 0 senior, the last agent (of two or more) a newcomer.
pub(crate) fn build_roster(seed: u64, count: u32) -> Vec<Agent> {
    let mut rng = rng_for(seed, stream::WORLD);
    let n = count as usize;
    let mut sites: Vec<Site> = (0..n)
        .map(|i| SITE_PATTERN[i % SITE_PATTERN.len()])
        .collect();
    for i in (1..n).rev() {
        let j = below(&mut rng, i as u32 + 1) as usize;
        sites.swap(i, j);
    }
    (0..n)
        .map(|i| {
            let (first, last) = FIRST_LAST[i % FIRST_LAST.len()];
            let round = i / FIRST_LAST.len();
            let name = if round == 0 {
                format!("{first} {last}")
            } else {
                format!("{first} {last} {}", round + 1)
            };
            let team = TEAM_PATTERN[i % TEAM_PATTERN.len()];
            let seniority = if i == 0 {
                Seniority::Senior
            } else if i + 1 == n {
                Seniority::Newcomer
            } else {
                Seniority::Regular
            };
            // Regular agents vary by +-15 % in workload and +-20 % in speed.
            let jitter_load = 850 + below(&mut rng, 301);
            let jitter_speed = 800 + below(&mut rng, 401);
            let (load_permille, speed_permille) = match seniority {
                Seniority::Senior => (1_800, 850),
                Seniority::Regular => (jitter_load, jitter_speed),
                Seniority::Newcomer => (450, 1_400),
            };
            let team_weight = match team {
                Team::L1 => 1_000,
                Team::L2 => 600,
                Team::L3 => 350,
            };
            Agent {
                index: i as u32,
                name,
                team,
                site: sites[i],
                seniority,
                workload_weight: team_weight * load_permille / 1_000,
                time_factor: f64::from(speed_permille) / 1_000.0,
            }
        })
        .collect()
}

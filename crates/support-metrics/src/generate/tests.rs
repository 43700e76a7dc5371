use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::*;

fn options(tickets: u64, seed: u64) -> GenerateOptions {
    GenerateOptions {
        tickets,
        seed,
        ..GenerateOptions::default()
    }
}

fn generate(options: &GenerateOptions) -> (u64, String) {
    let mut out = Vec::new();
    let rows = write_tickets(&mut out, options).expect("generates");
    (rows, String::from_utf8(out).expect("utf-8"))
}

#[derive(Debug)]
struct Row {
    id: String,
    created: NaiveDateTime,
    first: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    agent: String,
    team: String,
    channel: String,
    priority: String,
    status: String,
    site: String,
}

fn time(field: &str) -> Option<NaiveDateTime> {
    if field.is_empty() {
        return None;
    }
    assert_eq!(field.len(), 19, "{field}");
    Some(NaiveDateTime::parse_from_str(field, "%Y-%m-%d %H:%M:%S").expect("well-formed timestamp"))
}

fn parse(csv: &str) -> Vec<Row> {
    let mut lines = csv.split_terminator('\n');
    assert_eq!(lines.next(), Some(TICKETS_HEADER));
    lines
        .map(|line| {
            assert!(!line.contains('"') && !line.contains('\r'), "{line}");
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 11, "{line}");
            // The due date follows from creation and priority.
            let created = time(f[1]).expect("created_at present");
            let due = time(f[10]).expect("due_at present");
            let after = match f[7] {
                "low" => 7 * 86_400,
                "normal" => 3 * 86_400,
                "high" => 86_400,
                _ => 4 * 3_600,
            };
            assert_eq!((due - created).num_seconds(), after, "{line}");
            Row {
                id: f[0].to_owned(),
                created: time(f[1]).expect("created_at present"),
                first: time(f[2]),
                resolved: time(f[3]),
                agent: f[4].to_owned(),
                team: f[5].to_owned(),
                channel: f[6].to_owned(),
                priority: f[7].to_owned(),
                status: f[8].to_owned(),
                site: f[9].to_owned(),
            }
        })
        .collect()
}

fn median(mut v: Vec<i64>) -> i64 {
    assert!(!v.is_empty());
    v.sort_unstable();
    v[v.len() / 2]
}

fn is_peak(t: &NaiveDateTime) -> bool {
    t.weekday().num_days_from_monday() < 5 && (10..13).contains(&t.hour())
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (_, a) = generate(&options(5_000, 7));
    let (_, b) = generate(&options(5_000, 7));
    let (_, c) = generate(&options(5_000, 8));
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The iterator and the writer agree.
    let n = Tickets::new(&options(5_000, 7)).expect("valid").count();
    assert_eq!(n, 5_000);
}

/// FNV-1a, 64 bit.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The output is pinned: the same bytes on every platform and build. A change
/// here means every data set generated so far changes; update the value only
/// on purpose.
#[test]
fn output_is_pinned() {
    let (rows, csv) = generate(&GenerateOptions::default());
    assert_eq!(rows, 20_000);
    let first = csv.lines().nth(1).expect("a row");
    assert_eq!(
        first,
        "T0000001,2025-03-03 00:10:00,2025-03-03 00:28:30,2025-03-03 04:00:49,\
         Anna Petrova,L1 Account managers,email,normal,solved,Moscow,2025-03-06 00:10:00"
    );
    // Without the due date (added last, derived without a random draw), the bytes are those
    // pinned before it existed.
    let without_due: String = csv
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(',').expect("a due_at column").0))
        .collect();
    assert_eq!(
        fnv1a(without_due.as_bytes()),
        GOLDEN_BEFORE_DUE,
        "{:#018x}",
        fnv1a(without_due.as_bytes())
    );
    assert_eq!(
        fnv1a(csv.as_bytes()),
        GOLDEN,
        "{:#018x}",
        fnv1a(csv.as_bytes())
    );
}

const GOLDEN_BEFORE_DUE: u64 = 0x6a2d_a507_6cef_3966;
const GOLDEN: u64 = 0xcfc5_2b76_89df_ae23;

#[test]
fn writes_exactly_the_tickets_asked_for() {
    for (tickets, weeks) in [
        (1, 1),
        (100, 4),
        (1_000, 1),
        (12_345, 4),
        (12_345, 13),
        (3, 52),
    ] {
        let opts = GenerateOptions {
            tickets,
            weeks,
            ..GenerateOptions::default()
        };
        let (rows, csv) = generate(&opts);
        assert_eq!(rows, tickets);
        let data = parse(&csv);
        assert_eq!(data.len() as u64, tickets);
        assert_eq!(data[0].id, "T0000001");
        assert_eq!(data[data.len() - 1].id, format!("T{tickets:07}"));
    }
}

#[test]
fn rows_are_ordered_and_times_consistent() {
    let opts = options(50_000, 3);
    let (_, csv) = generate(&opts);
    let rows = parse(&csv);
    let start = NaiveDate::from_ymd_opt(2025, 3, 3)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time");
    let end = start + chrono::TimeDelta::weeks(4);
    let mut invalid = 0;
    let mut answered = 0;
    for (i, pair) in rows.windows(2).enumerate() {
        assert!(pair[0].created <= pair[1].created, "row {i}");
    }
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.id, format!("T{:07}", i + 1));
        assert!(r.created >= start && r.created < end, "{r:?}");
        if let Some(first) = r.first {
            answered += 1;
            assert!(first < end, "{r:?}");
            if first < r.created {
                invalid += 1;
            }
        }
        if let Some(resolved) = r.resolved {
            let first = r.first.expect("resolved tickets were answered");
            assert!(resolved >= first, "{r:?}");
            assert!(resolved < end, "{r:?}");
        }
        let expected = match (r.first, r.resolved) {
            (_, Some(_)) => "solved",
            (Some(_), None) => "pending",
            (None, None) => "open",
        };
        assert_eq!(r.status, expected);
        assert!(Channel::ALL.iter().any(|c| c.as_str() == r.channel));
        assert!(Priority::ALL.iter().any(|p| p.as_str() == r.priority));
        assert!(Team::ALL.iter().any(|t| t.as_str() == r.team));
        assert_eq!(r.agent.is_empty(), r.site.is_empty());
    }
    // About 0.1 % planted data errors.
    let share = f64::from(invalid) / f64::from(answered);
    assert!(
        (0.0003..0.003).contains(&share),
        "invalid order {invalid} of {answered}"
    );
}

#[test]
fn peak_hours_are_busiest_and_slowest() {
    let (_, csv) = generate(&options(20_000, 42));
    let rows = parse(&csv);
    let mut per_hour = [0u32; 24];
    for r in &rows {
        if r.created.weekday().num_days_from_monday() < 5 {
            per_hour[r.created.hour() as usize] += 1;
        }
    }
    let mut hours: Vec<usize> = (0..24).collect();
    hours.sort_by_key(|h| std::cmp::Reverse(per_hour[*h]));
    for h in &hours[..3] {
        assert!(
            (10..13).contains(h),
            "busiest hours {:?}: {per_hour:?}",
            &hours[..3]
        );
    }
    assert!(per_hour[15] > per_hour[14], "afternoon bump: {per_hour:?}");
    assert!(
        per_hour[3] * 10 < per_hour[11],
        "quiet nights: {per_hour:?}"
    );

    let wait = |r: &Row| {
        r.first
            .map(|f| (f - r.created).num_seconds())
            .filter(|s| *s >= 0)
    };
    let peak = median(
        rows.iter()
            .filter(|r| is_peak(&r.created))
            .filter_map(wait)
            .collect(),
    );
    let off = median(
        rows.iter()
            .filter(|r| !is_peak(&r.created))
            .filter_map(wait)
            .collect(),
    );
    let ratio = peak as f64 / off as f64;
    assert!(
        (2.0..=4.0).contains(&ratio),
        "peak median {peak} s, off-peak {off} s"
    );
    // Seed figure: an average wait of about 2 hours at peak.
    let peak_waits: Vec<i64> = rows
        .iter()
        .filter(|r| is_peak(&r.created))
        .filter_map(wait)
        .collect();
    let mean = peak_waits.iter().sum::<i64>() as f64 / peak_waits.len() as f64;
    assert!(
        (4_500.0..10_800.0).contains(&mean),
        "peak mean wait {mean} s"
    );
}

#[test]
fn weekends_are_quiet_and_few_go_unanswered() {
    for seed in [1, 2, 3] {
        let (_, csv) = generate(&options(20_000, seed));
        let rows = parse(&csv);
        let weekend = rows
            .iter()
            .filter(|r| r.created.weekday().num_days_from_monday() >= 5)
            .count();
        let weekday = rows.len() - weekend;
        // Per day: a weekend day gets well under half of a working day.
        assert!(
            weekend * 5 * 2 < weekday * 2,
            "weekend {weekend}, weekday {weekday}"
        );
        let open = rows.iter().filter(|r| r.first.is_none()).count();
        let share = open as f64 / rows.len() as f64;
        assert!((0.01..0.08).contains(&share), "unanswered share {share}");
        let unresolved = rows
            .iter()
            .filter(|r| r.first.is_some() && r.resolved.is_none())
            .count();
        let share = unresolved as f64 / rows.len() as f64;
        assert!((0.05..0.12).contains(&share), "unresolved share {share}");
    }
}

#[test]
fn the_snapshot_leaves_the_last_days_open() {
    let (_, csv) = generate(&options(40_000, 5));
    let rows = parse(&csv);
    // The period ends on Sunday 2025-03-30 at midnight; its last weekend
    // cannot have been worked off yet.
    let last_day = NaiveDate::from_ymd_opt(2025, 3, 29).expect("date");
    let share = |late: bool, pick: &dyn Fn(&Row) -> bool| {
        let group: Vec<&Row> = rows
            .iter()
            .filter(|r| (r.created.date() >= last_day) == late)
            .collect();
        group.iter().filter(|r| pick(r)).count() as f64 / group.len() as f64
    };
    let unanswered = |r: &Row| r.first.is_none();
    let unresolved = |r: &Row| r.resolved.is_none();
    assert!(share(true, &unanswered) > share(false, &unanswered) * 1.3);
    assert!(share(true, &unresolved) > share(false, &unresolved) * 3.0);
}

#[test]
fn workload_is_unbalanced_by_design() {
    let opts = options(20_000, 42);
    let roster = agents(&opts).expect("valid");
    assert_eq!(roster.len(), 8);
    assert_eq!(roster[0].name, "Anna Petrova");
    assert_eq!(roster[0].seniority, Seniority::Senior);
    assert_eq!(roster[7].seniority, Seniority::Newcomer);
    let (_, csv) = generate(&opts);
    let rows = parse(&csv);
    let mut per_agent: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_team: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per_agent.entry(&r.agent).or_default() += 1;
        *per_team.entry(&r.team).or_default() += 1;
    }
    let unassigned = per_agent.remove("").unwrap_or(0);
    assert!((200..=600).contains(&unassigned), "unassigned {unassigned}");
    assert_eq!(per_agent.len(), 8);
    let senior = per_agent[roster[0].name.as_str()];
    let newcomer = per_agent[roster[7].name.as_str()];
    for a in &roster[1..7] {
        if a.team == roster[0].team {
            assert!(
                senior as f64 > 1.4 * per_agent[a.name.as_str()] as f64,
                "{per_agent:?}"
            );
        }
        if a.team == roster[7].team {
            assert!(
                (newcomer as f64) < 0.7 * per_agent[a.name.as_str()] as f64,
                "{per_agent:?}"
            );
        }
    }
    assert_eq!(per_agent.values().max(), Some(&senior), "{per_agent:?}");
    let l1 = per_team[Team::L1.as_str()];
    assert!(l1 * 2 > rows.len(), "{per_team:?}");
    assert!(
        per_team[Team::L3.as_str()] < per_team[Team::L2.as_str()],
        "{per_team:?}"
    );
    // Sites follow the agent.
    for r in rows.iter().filter(|r| !r.agent.is_empty()) {
        let a = roster
            .iter()
            .find(|a| a.name == r.agent)
            .expect("known agent");
        assert_eq!(r.site, a.site.as_str());
        assert_eq!(r.team, a.team.as_str());
    }
}

#[test]
fn priorities_and_channels_shape_response_times() {
    let (_, csv) = generate(&options(30_000, 11));
    let rows = parse(&csv);
    let med = |pick: &dyn Fn(&Row) -> bool| {
        median(
            rows.iter()
                .filter(|r| pick(r))
                .filter_map(|r| r.first.map(|f| (f - r.created).num_seconds()))
                .filter(|s| *s >= 0)
                .collect(),
        )
    };
    let by_priority: Vec<i64> = Priority::ALL
        .iter()
        .map(|p| med(&|r| r.priority == p.as_str()))
        .collect();
    assert!(
        by_priority.windows(2).all(|w| w[0] > w[1]),
        "{by_priority:?}"
    );
    let email = med(&|r| r.channel == "email");
    let chat = med(&|r| r.channel == "chat");
    let phone = med(&|r| r.channel == "phone");
    assert!(
        email > 3 * chat && email > 3 * phone,
        "email {email}, chat {chat}, phone {phone}"
    );
    let normal = rows.iter().filter(|r| r.priority == "normal").count();
    assert!(normal * 2 > rows.len());
}

#[test]
fn rosters_grow_with_numbered_names() {
    let opts = GenerateOptions {
        agents: 200,
        ..GenerateOptions::default()
    };
    let roster = agents(&opts).expect("valid");
    assert_eq!(roster.len(), 200);
    let mut names: Vec<&str> = roster.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names[40], "Anna Petrova 2");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 200);
    assert!(
        roster
            .iter()
            .all(|a| !a.name.contains(',') && !a.name.contains('"'))
    );
    for site in Site::ALL {
        assert!(roster.iter().any(|a| a.site == *site));
    }
    let single = agents(&GenerateOptions {
        agents: 1,
        ..GenerateOptions::default()
    })
    .expect("valid");
    assert_eq!(single[0].seniority, Seniority::Senior);
    let (rows, _) = generate(&GenerateOptions {
        agents: 1,
        tickets: 500,
        ..GenerateOptions::default()
    });
    assert_eq!(rows, 500);
}

#[test]
fn start_snaps_to_monday() {
    let opts = GenerateOptions {
        start: NaiveDate::from_ymd_opt(2025, 3, 6).expect("date"),
        tickets: 300,
        ..GenerateOptions::default()
    };
    let monday = NaiveDate::from_ymd_opt(2025, 3, 3).expect("date");
    assert_eq!(opts.period_start().expect("valid"), monday);
    assert_eq!(
        opts.period_end().expect("valid"),
        NaiveDate::from_ymd_opt(2025, 3, 31).expect("date")
    );
    let (_, a) = generate(&opts);
    let (_, b) = generate(&GenerateOptions {
        start: monday,
        ..opts
    });
    assert_eq!(a, b);
}

#[test]
fn options_are_validated() {
    let check = |opts: GenerateOptions| write_tickets(std::io::sink(), &opts).map(|_| ());
    let base = GenerateOptions::default();
    assert!(matches!(
        check(GenerateOptions {
            tickets: 0,
            ..base.clone()
        }),
        Err(GenerateError::Tickets { tickets: 0 })
    ));
    assert!(matches!(
        check(GenerateOptions {
            tickets: MAX_TICKETS + 1,
            ..base.clone()
        }),
        Err(GenerateError::Tickets { .. })
    ));
    assert!(matches!(
        check(GenerateOptions {
            weeks: 0,
            ..base.clone()
        }),
        Err(GenerateError::Weeks)
    ));
    assert!(matches!(
        check(GenerateOptions {
            agents: 0,
            ..base.clone()
        }),
        Err(GenerateError::Agents { agents: 0 })
    ));
    assert!(matches!(
        check(GenerateOptions {
            agents: 201,
            ..base.clone()
        }),
        Err(GenerateError::Agents { agents: 201 })
    ));
    assert!(matches!(
        check(GenerateOptions {
            weeks: u32::MAX,
            ..base.clone()
        }),
        Err(GenerateError::Period { .. })
    ));
    assert!(matches!(
        check(GenerateOptions {
            start: NaiveDate::from_ymd_opt(1899, 12, 31).expect("date"),
            ..base.clone()
        }),
        Err(GenerateError::Period { .. })
    ));
    assert!(matches!(
        check(GenerateOptions {
            start: NaiveDate::from_ymd_opt(9999, 12, 27).expect("date"),
            weeks: 1,
            ..base.clone()
        }),
        Err(GenerateError::Period { .. })
    ));
    assert!(
        GenerateOptions {
            start: NaiveDate::from_ymd_opt(9999, 12, 26).expect("date"),
            weeks: 1,
            ..base.clone()
        }
        .validate()
        .is_ok()
    );
    assert!(agents(&GenerateOptions { agents: 0, ..base }).is_err());
    let message = GenerateError::Tickets { tickets: 0 }.to_string();
    assert!(message.contains("100000000"), "{message}");
}

#[test]
fn io_errors_are_reported() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    assert!(matches!(
        write_tickets(Broken, &options(10, 1)),
        Err(GenerateError::Io(_))
    ));
}

#[test]
fn streams_in_constant_memory() {
    // A 100M-ticket generator starts at once and yields in order.
    let mut tickets = Tickets::new(&options(MAX_TICKETS, 9)).expect("valid");
    assert_eq!(tickets.len(), MAX_TICKETS as usize);
    let first: Vec<GeneratedTicket> = tickets.by_ref().take(5_000).collect();
    assert!(first.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    assert_eq!(first[4_999].seq, 5_000);
    assert_eq!(tickets.len(), MAX_TICKETS as usize - 5_000);
    let t = &first[0];
    assert_eq!(
        t.created_at_naive().map(|c| c.and_utc().timestamp()),
        Some(t.created_at)
    );
    assert!(t.created_at >= tickets.period_start() && t.created_at < tickets.period_end());
}

#[test]
fn long_sparse_periods_work() {
    let opts = GenerateOptions {
        tickets: 10,
        weeks: 520,
        ..GenerateOptions::default()
    };
    let rows = parse(&generate(&opts).1);
    assert_eq!(rows.len(), 10);
}

#[test]
fn ids_widen_past_seven_digits() {
    let mut line = Vec::new();
    format::push_id(&mut line, 1, format::digits(10_000_000).max(MIN_ID_DIGITS));
    assert_eq!(line, b"T00000001");
}

/// Run with `cargo test --release -- --ignored --nocapture`.
#[test]
#[ignore = "benchmark: 10M rows, run in release"]
fn bench_ten_million_rows() {
    let opts = options(10_000_000, 42);
    let started = std::time::Instant::now();
    let rows = write_tickets(std::io::sink(), &opts).expect("generates");
    let elapsed = started.elapsed();
    assert_eq!(rows, 10_000_000);
    eprintln!(
        "10M rows in {:.2} s ({:.0} ns/row)",
        elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / rows as f64
    );
    assert!(elapsed.as_secs() < 30);
}

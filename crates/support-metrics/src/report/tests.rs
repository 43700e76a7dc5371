//! Hand-checked figures of the weekly report: one figure of each section with its change on the
//! week, the choice of the week, and each alert rule firing on one case and quiet on another.

use super::*;
use crate::ingest::{IngestOptions, Input, load_scorecard, load_surveys, load_tickets};

fn input(name: &str, csv: &str) -> Input {
    Input::from_reader(name, std::io::Cursor::new(csv.to_owned()))
}

fn tickets(csv: &str) -> Tickets {
    load_tickets(input("t.csv", csv), &IngestOptions::default()).expect("tickets load")
}

/// Two weeks in UTC: 2024-W11 (Mon 11 March) and 2024-W12 (Mon 18 March).
const TICKETS: &str = "id,created_at,first_response_at,resolved_at,priority\n\
    1,2024-03-11 10:00,2024-03-11 10:10,2024-03-12 10:00,normal\n\
    2,2024-03-12 10:00,2024-03-12 10:20,2024-03-19 09:00,normal\n\
    3,2024-03-13 10:00,,,normal\n\
    4,2024-03-18 10:00,2024-03-18 10:30,2024-03-18 12:00,normal\n\
    5,2024-03-19 10:00,2024-03-19 12:00,,normal\n\
    6,2024-03-20 10:00,2024-03-20 10:40,2024-03-21 10:00,normal\n\
    7,2024-03-21 10:00,2024-03-21 11:00,2024-03-25 10:00,normal\n";

/// Monday 2024-03-25 12:00 UTC.
const AS_OF: i64 = 1_711_368_000;

const SURVEYS: &str = "submitted_at,score,kind\n\
    2024-03-12 11:00,5,csat\n\
    2024-03-13 11:00,2,csat\n\
    2024-03-18 13:00,5,csat\n\
    2024-03-19 13:00,4,csat\n\
    2024-03-20 13:00,3,csat\n";

const SCORECARD: &str = "employee,date,criterion,points,max_points\n\
    Ivan,2024-03-04,Quality,60,100\n\
    Ivan,2024-03-11,Quality,50,100\n\
    Ivan,2024-03-18,Quality,45,100\n\
    Anna,2024-03-04,Quality,80,100\n\
    Anna,2024-03-11,Quality,80,100\n\
    Anna,2024-03-18,Quality,80,100\n";

fn options() -> WeeklyOptions {
    WeeklyOptions {
        as_of: Some(AS_OF),
        history_weeks: 2,
        scale: Some(Scale::OneToFive),
        ..WeeklyOptions::default()
    }
}

fn build(options: &WeeklyOptions) -> WeeklyReport {
    let t = tickets(TICKETS);
    let s = load_surveys(input("s.csv", SURVEYS), &IngestOptions::default()).expect("surveys");
    let card = load_scorecard(input("c.csv", SCORECARD), &IngestOptions::default(), None)
        .expect("scorecard");
    let inputs = ReportInputs {
        tickets: Some(&t),
        surveys: Some(&s),
        scorecard: Some(&card),
        daily: None,
    };
    weekly(&inputs, options).expect("report builds")
}

fn rules(report: &WeeklyReport) -> Vec<AlertRule> {
    report.attention.iter().map(|a| a.rule).collect()
}

#[test]
fn the_default_week_is_the_last_complete_one() {
    let r = build(&options());
    // "Now" is Monday 25 March: 2024-W13 has only begun, so the report is on 2024-W12.
    assert_eq!(r.week.to_string(), "2024-W12");
    assert!(r.complete);
    assert_eq!(r.week_start.to_string(), "2024-03-18");
    assert_eq!(r.week_end.to_string(), "2024-03-24");
    let weeks: Vec<String> = r.weeks.iter().map(ToString::to_string).collect();
    assert_eq!(weeks, ["2024-W11", "2024-W12"]);
}

#[test]
fn summary_counts_and_their_change() {
    let r = build(&options());
    let s = r.summary.ready().expect("summary");
    // Created: W11 tickets 1-3, W12 tickets 4-7 → 3 then 4: +1, +33.3 %.
    assert_eq!(s.created.series, vec![Some(3.0), Some(4.0)]);
    assert_eq!(s.created.change, Some(1.0));
    assert!((s.created.change_pct.expect("pct") - 100.0 / 3.0).abs() < 1e-9);
    // Resolved in the week, whenever created: W11 ticket 1 (12 March); W12 tickets 2 (19 March),
    // 4 (18 March) and 6 (21 March); ticket 7 (25 March) falls in W13.
    assert_eq!(s.resolved.series, vec![Some(1.0), Some(3.0)]);
    // Open at the end of W11 (Mon 18 March 00:00): 2 and 3. At the end of W12: 3, 5 and 7.
    assert_eq!(s.backlog.series, vec![Some(2.0), Some(3.0)]);
    assert_eq!(s.backlog.change_pct, Some(50.0));
}

#[test]
fn response_figures_and_their_change() {
    let r = build(&options());
    let resp = r.response.ready().expect("response");
    // W11 FRT: 600 and 1200 s (ticket 3 unanswered) → median 900, p90 = 600 + 0.9 · 600 = 1140.
    // W12 FRT: 1800, 2400, 3600, 7200 → median (2400 + 3600) / 2 = 3000,
    // p90: h = 0.9 · 3 = 2.7 → 3600 + 0.7 · 3600 = 6120, mean 15000 / 4 = 3750.
    assert_eq!(resp.frt_median.series, vec![Some(900.0), Some(3000.0)]);
    assert_eq!(resp.frt_median.change, Some(2100.0));
    assert!((resp.frt_p90.value.expect("p90") - 6120.0).abs() < 1e-9);
    assert!((resp.frt_p90.previous.expect("p90") - 1140.0).abs() < 1e-9);
    assert_eq!(resp.frt_mean.value, Some(3750.0));
    // Resolution, W12: 7200 (ticket 4), 86400 (6), 345600 (7, resolved before as_of) → 86400.
    // W11: 86400 (1) and 601200 (2, 7 days less an hour) → (86400 + 601200) / 2 = 343800.
    assert_eq!(
        resp.resolution_median.series,
        vec![Some(343_800.0), Some(86_400.0)]
    );
    // SLA normal = 8 h: W11 two answered in time, ticket 3 unanswered for 12 days → 2/3;
    // W12 all four in time → 100 %.
    assert!((resp.sla_met_pct.previous.expect("sla") - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(resp.sla_met_pct.value, Some(100.0));
    assert_eq!((resp.tickets, resp.responded, resp.unresponded), (4, 4, 0));
    // Buckets of W12: 1800, 2400 in 0-1h; 3600, 7200 in 1-4h.
    let counts: Vec<(&str, u64)> = resp.buckets.iter().map(|b| (b.bucket, b.tickets)).collect();
    assert_eq!(&counts[..2], &[("0-1h", 2), ("1-4h", 2)]);
}

#[test]
fn satisfaction_and_its_change() {
    let r = build(&options());
    let sat = r.satisfaction.ready().expect("satisfaction");
    let csat = sat.csat.as_ref().expect("csat");
    // W11: 5 and 2 → 1 of 2 satisfied = 50 %; W12: 5, 4, 3 → 2 of 3 = 66.7 %: +16.7 points.
    assert_eq!(csat.csat_pct.previous, Some(50.0));
    assert!((csat.csat_pct.value.expect("csat") - 200.0 / 3.0).abs() < 1e-9);
    assert!((csat.csat_pct.change.expect("change") - 50.0 / 3.0).abs() < 1e-9);
    assert_eq!(csat.responses, 3);
    assert!(csat.small_sample);
    assert!(sat.nps.is_none(), "no answer of kind nps");
}

#[test]
fn peak_of_the_week() {
    let r = build(&options());
    let p = r.peak.ready().expect("peak");
    // Four tickets in W12, each in its own slot; the busiest are the first three by slot order.
    assert_eq!(p.figures.tickets, 4);
    let busiest: Vec<(u8, u8)> = p.busiest.iter().map(|s| (s.weekday, s.hour)).collect();
    assert_eq!(busiest, vec![(0, 10), (1, 10), (2, 10)]);
    assert_eq!(p.figures.heatmap.len(), 168);
}

#[test]
fn people_and_the_declining_alert() {
    let r = build(&options());
    let people = r.people.ready().expect("people");
    let ivan = people
        .rows
        .iter()
        .find(|row| row.employee == "Ivan")
        .expect("Ivan");
    // 60, 50, 45: slopes −10, −7.5, −5 → Theil–Sen −7.5 per week; declining → escalate.
    assert_eq!(ivan.slope_per_week, Some(-7.5));
    let declining: Vec<_> = r
        .attention
        .iter()
        .filter(|a| a.rule == AlertRule::ScorecardDeclining)
        .collect();
    // Anna's steady 80s do not fire.
    assert_eq!(declining.len(), 1);
    assert_eq!(declining[0].subject.as_deref(), Some("Ivan"));
    assert_eq!(declining[0].value, -7.5);
    assert_eq!(declining[0].severity, Severity::Critical);
}

#[test]
fn alert_rules_fire_and_stay_quiet() {
    let r = build(&options());
    let fired = rules(&r);
    // FRT p90 6120 after 1140: +437 % > 20 %. Backlog 3 after 2: +50 % > 20 %.
    // CSAT on 3 answers < 30: a notice, and no below-target alert on so few.
    // SLA 100 % ≥ 90 %: quiet.
    assert!(fired.contains(&AlertRule::FrtP90Rise));
    assert!(fired.contains(&AlertRule::BacklogRise));
    assert!(fired.contains(&AlertRule::CsatFewAnswers));
    assert!(!fired.contains(&AlertRule::CsatBelowTarget));
    assert!(!fired.contains(&AlertRule::SlaBelowTarget));
    // Ranked: critical (scorecard) first, notices last.
    assert_eq!(fired.first(), Some(&AlertRule::ScorecardDeclining));
    assert_eq!(fired.last(), Some(&AlertRule::CsatFewAnswers));

    // A 45-minute target: W12 answers 1800 and 2400 s in time, 3600 and 7200 late → 50 % < 90 %.
    // With two answers enough, CSAT 66.7 % < 80 % fires; looser rises keep the others quiet.
    let strict = build(&WeeklyOptions {
        sla: SlaTargets::parse("normal=45m").expect("targets"),
        alerts: AlertThresholds {
            min_answers: 2,
            frt_p90_rise_pct: 500.0,
            backlog_rise_pct: 60.0,
            ..AlertThresholds::default()
        },
        ..options()
    });
    let sla = strict
        .attention
        .iter()
        .find(|a| a.rule == AlertRule::SlaBelowTarget)
        .expect("SLA alert");
    assert_eq!(sla.value, 50.0);
    assert_eq!(sla.threshold, 90.0);
    let fired = rules(&strict);
    assert!(fired.contains(&AlertRule::CsatBelowTarget));
    assert!(!fired.contains(&AlertRule::CsatFewAnswers));
    assert!(!fired.contains(&AlertRule::FrtP90Rise));
    assert!(!fired.contains(&AlertRule::BacklogRise));
}

#[test]
fn a_week_outside_the_data_names_the_range() {
    let t = tickets(TICKETS);
    let inputs = ReportInputs {
        tickets: Some(&t),
        ..ReportInputs::default()
    };
    let asked = WeeklyOptions {
        week: Some("2024-W30".parse().expect("week")),
        ..options()
    };
    let e = weekly(&inputs, &asked).expect_err("outside");
    assert_eq!(e.kind(), crate::ErrorKind::InvalidUsage);
    // The data runs from 2024-W11 to as_of in 2024-W13.
    assert!(e.to_string().contains("2024-W11 to 2024-W13"), "{e}");
    let earlier = WeeklyOptions {
        week: Some("2024-W10".parse().expect("week")),
        ..options()
    };
    assert!(weekly(&inputs, &earlier).is_err());
    // An earlier week inside the data is reported as asked.
    let w11 = WeeklyOptions {
        week: Some("2024-W11".parse().expect("week")),
        ..options()
    };
    let r = weekly(&inputs, &w11).expect("W11");
    assert_eq!(r.summary.ready().expect("summary").created.value, Some(3.0));
}

#[test]
fn missing_inputs_are_sections_that_say_what_to_provide() {
    let t = tickets(TICKETS);
    let r = weekly(
        &ReportInputs {
            tickets: Some(&t),
            ..ReportInputs::default()
        },
        &options(),
    )
    .expect("tickets alone");
    assert!(r.response.ready().is_some());
    match (&r.satisfaction, &r.people) {
        (Section::Unavailable { reason: s }, Section::Unavailable { reason: p }) => {
            assert!(s.contains("--surveys"), "{s}");
            assert!(p.contains("--scorecard"), "{p}");
        }
        other => panic!("expected both unavailable: {other:?}"),
    }
    assert!(weekly(&ReportInputs::default(), &options()).is_err());
}

#[test]
fn week_choice() {
    // Day 19806 is Sunday 2024-03-24, 19807 Monday 2024-03-25; 19793 is Monday 2024-03-11.
    let w = |s: &str| s.parse::<IsoWeek>().expect("week");
    let span = |first, last, now| Span { first, last, now };
    // Data and "now" ending on a Sunday: that week is complete.
    assert_eq!(
        choose_week(None, span(19793, 19806, 19806), false).expect("week"),
        (w("2024-W12"), true)
    );
    // Arrivals into Monday: the week before.
    assert_eq!(
        choose_week(None, span(19793, 19807, 19807), false).expect("week"),
        (w("2024-W12"), true)
    );
    // The last ticket arrived on Wednesday 20 March, "now" is months later (a late resolution):
    // the last week with arrivals is over, and it is the report's.
    assert_eq!(
        choose_week(None, span(19793, 19802, 19900), false).expect("week"),
        (w("2024-W12"), true)
    );
    // All data inside one unfinished week: that week, marked incomplete.
    assert_eq!(
        choose_week(None, span(19800, 19802, 19802), false).expect("week"),
        (w("2024-W12"), false)
    );
    // Dates only: the week of the last one.
    assert_eq!(
        choose_week(None, span(19793, 19802, 19802), true).expect("week"),
        (w("2024-W12"), true)
    );
    // An asked week may go up to the week of "now".
    assert!(choose_week(Some(w("2024-W26")), span(19793, 19802, 19900), false).is_ok());
    assert!(choose_week(Some(w("2024-W27")), span(19793, 19802, 19900), false).is_err());
}

/// Tickets of 2024-W12 per agent: `a` for A, one each for B and C.
fn team_tickets(a: usize) -> Tickets {
    let mut csv = String::from("id,created_at,first_response_at,agent\n");
    let agents = std::iter::repeat_n("A", a).chain(["B", "C"]);
    for (i, agent) in agents.enumerate() {
        csv.push_str(&format!(
            "{i},2024-03-18 1{}:00,2024-03-18 1{}:30,{agent}\n",
            i % 10,
            i % 10
        ));
    }
    csv.push_str("99,2024-03-25 09:00,,A\n");
    tickets(&csv)
}

#[test]
fn team_workload_and_the_overload_alert() {
    let report = |a: usize| {
        let t = team_tickets(a);
        weekly(
            &ReportInputs {
                tickets: Some(&t),
                ..ReportInputs::default()
            },
            &WeeklyOptions {
                week: Some("2024-W12".parse().expect("week")),
                ..options()
            },
        )
        .expect("report")
    };
    // A 4, B 1, C 1: mean 2, twice the mean is 4, and 4 is not more than 4: quiet.
    let quiet = report(4);
    let team = quiet.team.ready().expect("team");
    let w = team.workload.as_ref().expect("workload");
    let tickets: Vec<u64> = w.agents.iter().map(|r| r.tickets).collect();
    assert_eq!(tickets, vec![4, 1, 1]);
    assert_eq!(w.balance.as_ref().and_then(|b| b.mean), Some(2.0));
    assert!(team.daily.is_none());
    assert!(!rules(&quiet).contains(&AlertRule::AgentOverload));
    // A 5, B 1, C 1: mean 7/3, twice it 4.67 < 5: A is overloaded, 5 / 4.67 − 1 = 7.1 % over.
    let loud = report(5);
    let alert = loud
        .attention
        .iter()
        .find(|a| a.rule == AlertRule::AgentOverload)
        .expect("overload");
    assert_eq!(alert.subject.as_deref(), Some("A"));
    assert_eq!((alert.value, alert.threshold), (5.0, 2.0));
    assert!((alert.reference.expect("mean") - 7.0 / 3.0).abs() < 1e-9);
    assert!((alert.excess - (5.0 / (14.0 / 3.0) - 1.0)).abs() < 1e-9);
}

#[test]
fn weeks_before_the_data_are_empty_not_zero() {
    let r = build(&WeeklyOptions {
        history_weeks: 4,
        ..options()
    });
    let s = r.summary.ready().expect("summary");
    // History 2024-W09..W12; the tickets begin in W11 (the scorecard in W10), so the counts of
    // W09 and W10 are unknown.
    assert_eq!(s.created.series, vec![None, None, Some(3.0), Some(4.0)]);
    assert_eq!(s.backlog.series, vec![None, None, Some(2.0), Some(3.0)]);
}

#[test]
fn nps_on_few_answers_is_a_notice() {
    let t = tickets(TICKETS);
    // W12: NPS answers 10, 9 and 3 → promoters 2, detractors 1 of 3: NPS (2 − 1) / 3 × 100 = 33.3.
    let s = load_surveys(
        input(
            "s.csv",
            "submitted_at,score,kind\n2024-03-18 13:00,10,nps\n2024-03-19 13:00,9,nps\n\
             2024-03-20 13:00,3,nps\n",
        ),
        &IngestOptions::default(),
    )
    .expect("surveys");
    let inputs = ReportInputs {
        tickets: Some(&t),
        surveys: Some(&s),
        ..ReportInputs::default()
    };
    let r = weekly(&inputs, &options()).expect("report");
    let nps = r
        .satisfaction
        .ready()
        .and_then(|s| s.nps.as_ref())
        .expect("nps");
    assert!((nps.nps.value.expect("nps") - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(nps.responses, 3);
    // 3 answers < 30: the notice; with 3 enough, quiet.
    assert!(rules(&r).contains(&AlertRule::NpsFewAnswers));
    let enough = WeeklyOptions {
        alerts: AlertThresholds {
            min_answers: 3,
            ..AlertThresholds::default()
        },
        ..options()
    };
    let r = weekly(&inputs, &enough).expect("report");
    assert!(!rules(&r).contains(&AlertRule::NpsFewAnswers));
}

#[test]
fn weeks_follow_each_site_calendars_zone() {
    use crate::calendar::{Calendar, CalendarMap};
    use crate::ingest::Dimension;
    // Ticket 1 at Tomsk (UTC+7) is created Sunday 17 March 22:30 UTC = Monday 18 March 05:30 in
    // Tomsk: 2024-W12 on its own calendar, though W11 in UTC. Ticket 2 (Moscow, UTC+3) is W12
    // either way. Both are resolved Tuesday 19 March 10:00 UTC.
    let t = tickets(
        "id,created_at,first_response_at,resolved_at,site\n\
         1,2024-03-17 22:30,2024-03-18 03:00,2024-03-19 10:00,Tomsk\n\
         2,2024-03-18 09:00,2024-03-18 10:00,2024-03-19 10:00,Moscow\n",
    );
    let all_day = |name: &str, tz: &str| {
        Calendar::new(
            name,
            "24/7".parse().expect("hours"),
            tz.parse().expect("zone"),
        )
    };
    let mut map = CalendarMap::by(Dimension::Site);
    map.assign("Tomsk", all_day("tomsk", "Asia/Tomsk"));
    map.assign("Moscow", all_day("moscow", "Europe/Moscow"));
    let options = WeeklyOptions {
        week: Some("2024-W12".parse().expect("week")),
        basis: TimeBasis::Business(std::sync::Arc::new(map)),
        ..options()
    };
    let r = weekly(
        &ReportInputs {
            tickets: Some(&t),
            ..ReportInputs::default()
        },
        &options,
    )
    .expect("report");
    let s = r.summary.ready().expect("summary");
    // Both tickets created, both resolved, none open in W12 — as the response figures count them.
    assert_eq!(s.created.value, Some(2.0));
    assert_eq!(s.resolved.value, Some(2.0));
    assert_eq!(s.backlog.value, Some(0.0));
    assert_eq!(r.response.ready().expect("response").tickets, 2);
    let team = r
        .team
        .ready()
        .and_then(|t| t.workload.as_ref())
        .expect("workload");
    let tickets: u64 = team.agents.iter().map(|a| a.tickets).sum();
    assert_eq!(tickets, 2, "the workload takes the week on the same clocks");
    // W11 had nothing on the tickets' own calendars (ticket 1 was not yet created in Tomsk).
    assert_eq!(s.created.previous, Some(0.0));
}

#[test]
fn resolution_durations_count_as_resolution_times() {
    // Resolution given as minutes after creation (a call centre's export): 60 min after Monday
    // 10:00 and 30 min after Tuesday 10:00, both in W12; a third ticket unresolved.
    let t = tickets(
        "id,created_at,resolution_minutes\n1,2024-03-18 10:00,60\n2,2024-03-19 10:00,30\n\
         3,2024-03-20 10:00,\n",
    );
    let r = weekly(
        &ReportInputs {
            tickets: Some(&t),
            ..ReportInputs::default()
        },
        &WeeklyOptions {
            week: Some("2024-W12".parse().expect("week")),
            ..options()
        },
    )
    .expect("report");
    let s = r.summary.ready().expect("summary");
    assert_eq!(s.resolved.value, Some(2.0));
    assert_eq!(s.backlog.value, Some(1.0));
}

#[test]
fn the_numbers_behind_the_alerts_and_the_score_lines() {
    let r = build(&options());
    let rise = r
        .attention
        .iter()
        .find(|a| a.rule == AlertRule::FrtP90Rise)
        .expect("FRT p90 rise");
    // (6120 − 1140) / 1140 × 100 = 436.84 %.
    assert!((rise.change_pct.expect("pct") - 4980.0 / 1140.0 * 100.0).abs() < 1e-9);
    let backlog = r
        .attention
        .iter()
        .find(|a| a.rule == AlertRule::BacklogRise)
        .expect("backlog rise");
    // 3 open after 2: +50 %.
    assert_eq!(backlog.change_pct, Some(50.0));
    // Ivan's scores of 50 and 45 out of 100 in W11 and W12; Anna's 80 and 80.
    let people = r.people.ready().expect("people");
    let ivan = people
        .score_pct
        .iter()
        .find(|e| e.employee == "Ivan")
        .expect("Ivan");
    assert_eq!(ivan.values, vec![Some(50.0), Some(45.0)]);

    let t = team_tickets(5);
    let loud = weekly(
        &ReportInputs {
            tickets: Some(&t),
            ..ReportInputs::default()
        },
        &WeeklyOptions {
            week: Some("2024-W12".parse().expect("week")),
            ..options()
        },
    )
    .expect("report");
    let overload = loud
        .attention
        .iter()
        .find(|a| a.rule == AlertRule::AgentOverload)
        .expect("overload");
    // A's 5 tickets against a mean of 7/3: 15/7 = 2.14 times the mean.
    assert!((overload.ratio.expect("ratio") - 15.0 / 7.0).abs() < 1e-9);
}

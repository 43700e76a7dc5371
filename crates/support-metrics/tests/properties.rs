//! Property tests: invariants that must hold for any ticket set.

use proptest::prelude::*;
use support_metrics::ingest::{IngestOptions, Input, Tickets, load_tickets};
use support_metrics::metrics::{GroupKey, ResponseOptions, ResponseRow, response};
use support_metrics::stats;

/// One generated ticket: offsets in seconds from 2024-03-04 00:00 UTC.
#[derive(Debug, Clone)]
struct Row {
    created: i64,
    frt: Option<i64>,
    res: Option<i64>,
    agent: Option<u8>,
    priority: u8,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0i64..21 * 86_400,
        prop::option::weighted(0.85, -3_600i64..200_000),
        prop::option::weighted(0.7, -3_600i64..600_000),
        prop::option::weighted(0.9, 0u8..4),
        0u8..5,
    )
        .prop_map(|(created, frt, res, agent, priority)| Row {
            created,
            frt,
            res,
            agent,
            priority,
        })
}

const BASE: i64 = 1_709_510_400; // 2024-03-04T00:00:00Z
const PRIORITIES: [&str; 5] = ["low", "normal", "high", "urgent", "custom"];

fn stamp(offset: i64) -> String {
    chrono::DateTime::from_timestamp(BASE + offset, 0)
        .expect("in range")
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from("id,created_at,first_response_at,resolved_at,agent,priority\n");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&format!(
            "T{i},{},{},{},{},{}\n",
            stamp(r.created),
            r.frt.map(|d| stamp(r.created + d)).unwrap_or_default(),
            r.res.map(|d| stamp(r.created + d)).unwrap_or_default(),
            r.agent.map(|a| format!("agent {a}")).unwrap_or_default(),
            PRIORITIES[r.priority as usize],
        ));
    }
    out
}

fn load(text: String) -> Tickets {
    load_tickets(
        Input::from_reader("p.csv", std::io::Cursor::new(text)),
        &IngestOptions::default(),
    )
    .expect("generated data loads")
}

fn counts(r: &ResponseRow) -> [u64; 8] {
    [
        r.tickets,
        r.responded,
        r.unresponded,
        r.invalid_order,
        r.resolved,
        r.sla.met,
        r.sla.breached,
        r.sla.pending,
    ]
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn grouped_counts_add_up_to_the_total(rows in prop::collection::vec(row(), 1..120)) {
        let tickets = load(csv(&rows));
        let total = response(&tickets, &ResponseOptions::default()).expect("computes");
        for keys in [vec![GroupKey::Agent], vec![GroupKey::Week], vec![GroupKey::Priority, GroupKey::Day]] {
            let grouped = response(&tickets, &ResponseOptions { group_by: keys, ..ResponseOptions::default() })
                .expect("computes");
            let mut sum = [0u64; 8];
            for r in &grouped.rows {
                for (s, c) in sum.iter_mut().zip(counts(r)) {
                    *s += c;
                }
            }
            prop_assert_eq!(sum, counts(&total.rows[0]));
        }
    }

    #[test]
    fn shuffling_rows_changes_no_figure(rows in prop::collection::vec(row(), 1..80), seed in any::<u64>()) {
        let mut shuffled = rows.clone();
        // A deterministic Fisher–Yates driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let options = ResponseOptions { group_by: vec![GroupKey::Agent, GroupKey::Week], ..ResponseOptions::default() };
        let a = response(&load(csv(&rows)), &options).expect("computes");
        let b = response(&load(csv(&shuffled)), &options).expect("computes");
        prop_assert_eq!(a.rows.len(), b.rows.len());
        for (x, y) in a.rows.iter().zip(&b.rows) {
            prop_assert_eq!(&x.group, &y.group);
            prop_assert_eq!(counts(x), counts(y));
            for (p, q) in [(x.frt, y.frt), (x.resolution, y.resolution)] {
                prop_assert!(close(p.mean, q.mean) && close(p.median, q.median) && close(p.p90, q.p90)
                    && close(p.p95, q.p95) && close(p.max, q.max));
            }
        }
    }

    #[test]
    fn quantiles_are_ordered_and_match_the_reference(rows in prop::collection::vec(row(), 1..150)) {
        let tickets = load(csv(&rows));
        let r = response(&tickets, &ResponseOptions::default()).expect("computes");
        let frt = r.rows[0].frt;
        let valid: Vec<f64> = rows.iter().filter_map(|r| r.frt).filter(|d| *d >= 0).map(|d| d as f64).collect();
        prop_assert_eq!(r.rows[0].responded as usize, valid.len());
        prop_assert!(close(frt.median, stats::median(&valid)));
        prop_assert!(close(frt.p90, stats::quantile(&valid, 0.9)));
        prop_assert!(close(frt.p95, stats::quantile(&valid, 0.95)));
        prop_assert!(close(frt.mean, stats::mean(&valid)));
        if let (Some(p50), Some(p90), Some(p95), Some(max)) = (frt.median, frt.p90, frt.p95, frt.max) {
            prop_assert!(p50 <= p90 && p90 <= p95 && p95 <= max);
        }
        let pct = r.rows[0].sla.met_pct;
        prop_assert!(pct.is_none_or(|p| (0.0..=100.0).contains(&p)));
    }
}

/// The same export as Excel might save it: another delimiter, Cyrillic agent names, and a
/// legacy encoding.
fn resaved(text: &str, delimiter: char, encoding: u8) -> Vec<u8> {
    let text = text
        .replace("agent ", "агент ")
        .replace(',', &delimiter.to_string());
    match encoding {
        0 => text.into_bytes(),
        1 => encoding_rs::WINDOWS_1251.encode(&text).0.into_owned(),
        _ => {
            let mut bytes = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            bytes
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn delimiter_and_encoding_change_no_figure(
        rows in prop::collection::vec(row(), 1..60),
        delimiter in prop::sample::select(vec![',', ';', '\t', '|']),
        encoding in 0u8..3,
    ) {
        let text = csv(&rows);
        let plain = load(text.replace("agent ", "агент "));
        let bytes = resaved(&text, delimiter, encoding);
        let other = load_tickets(
            Input::from_reader("p.csv", std::io::Cursor::new(bytes)),
            &IngestOptions::default(),
        )
        .expect("the re-saved export loads");
        let options = ResponseOptions { group_by: vec![GroupKey::Agent], ..ResponseOptions::default() };
        let a = response(&plain, &options).expect("computes");
        let b = response(&other, &options).expect("computes");
        prop_assert_eq!(a.rows.len(), b.rows.len());
        for (x, y) in a.rows.iter().zip(&b.rows) {
            prop_assert_eq!(&x.group, &y.group);
            prop_assert_eq!(counts(x), counts(y));
            prop_assert!(close(x.frt.median, y.frt.median));
        }
    }
}

//! The team balance of one group: the spread of tickets over its named agents.

use serde::Serialize;

use super::EPSILON;

/// The team balance of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceRow {
    /// The group's key values, as in [`WorkloadRow::group`](super::WorkloadRow::group).
    pub group: Vec<Option<String>>,
    /// Named agents in the group (those with 0 tickets included).
    pub agents: u64,
    /// Their tickets (the unassigned left out).
    pub tickets: u64,
    /// Tickets without an agent.
    pub unassigned: u64,
    /// Mean tickets per agent; `None` without agents.
    pub mean: Option<f64>,
    /// Population standard deviation of the tickets per agent.
    pub sd: Option<f64>,
    /// `sd / mean`; `None` when the mean is 0.
    pub balance_cv: Option<f64>,
    /// The fewest tickets of an agent.
    pub min: Option<u64>,
    /// The most tickets of an agent.
    pub max: Option<u64>,
    /// `max / min`; `None` when an agent has no ticket.
    pub max_min_ratio: Option<f64>,
    /// Agents above the mean by more than the margin, by tickets descending.
    pub above: Vec<String>,
    /// Agents below the mean by more than the margin, by tickets ascending.
    pub below: Vec<String>,
}

/// The balance of one group from its named agents' tickets.
pub(super) fn balance_row(
    group: Vec<Option<String>>,
    named: &[(&str, u64)],
    total: u64,
    margin_pct: f64,
) -> BalanceRow {
    let tickets: u64 = named.iter().map(|(_, t)| t).sum();
    let n = named.len();
    let mean = (n > 0).then(|| tickets as f64 / n as f64);
    let sd = mean.map(|m| {
        let sum: f64 = named.iter().map(|(_, t)| (*t as f64 - m).powi(2)).sum();
        (sum / n as f64).sqrt()
    });
    let min = named.iter().map(|(_, t)| *t).min();
    let max = named.iter().map(|(_, t)| *t).max();
    let mut above: Vec<(&str, u64)> = Vec::new();
    let mut below: Vec<(&str, u64)> = Vec::new();
    if let Some(m) = mean {
        let margin = m * margin_pct / 100.0;
        for &(agent, t) in named {
            let t_f = t as f64;
            if t_f > m + margin + EPSILON {
                above.push((agent, t));
            } else if t_f < m - margin - EPSILON {
                below.push((agent, t));
            }
        }
    }
    above.sort_by_key(|a| std::cmp::Reverse(a.1));
    below.sort_by_key(|a| a.1);
    BalanceRow {
        group,
        agents: n as u64,
        tickets,
        unassigned: total - tickets,
        mean,
        sd,
        balance_cv: match (sd, mean) {
            (Some(sd), Some(m)) if m > 0.0 => Some(sd / m),
            _ => None,
        },
        min,
        max,
        max_min_ratio: match (max, min) {
            (Some(max), Some(min)) if min > 0 => Some(max as f64 / min as f64),
            _ => None,
        },
        above: above.into_iter().map(|(a, _)| a.to_owned()).collect(),
        below: below.into_iter().map(|(a, _)| a.to_owned()).collect(),
    }
}

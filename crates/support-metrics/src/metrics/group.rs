//! Grouping keys shared by the metric families: `--by agent,week` and friends.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use polars::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{Dimension, Tickets};
use crate::period::{DAY_SECONDS, IsoWeek, Period, date_of_day};

/// What rows can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKey {
    /// The assignee.
    Agent,
    /// The group or line of support.
    Team,
    /// The channel.
    Channel,
    /// The priority.
    Priority,
    /// The office or location.
    Site,
    /// The ISO week of creation, `2024-W12`.
    Week,
    /// The local day of creation, `2024-03-18`.
    Day,
    /// The month of creation, `2024-03`.
    Month,
}

impl GroupKey {
    /// Every key, in the order the help lists them.
    pub const ALL: [GroupKey; 8] = [
        GroupKey::Agent,
        GroupKey::Team,
        GroupKey::Channel,
        GroupKey::Priority,
        GroupKey::Site,
        GroupKey::Week,
        GroupKey::Day,
        GroupKey::Month,
    ];

    /// The key's name, which is also its output column name.
    pub fn name(self) -> &'static str {
        match self {
            GroupKey::Agent => "agent",
            GroupKey::Team => "team",
            GroupKey::Channel => "channel",
            GroupKey::Priority => "priority",
            GroupKey::Site => "site",
            GroupKey::Week => "week",
            GroupKey::Day => "day",
            GroupKey::Month => "month",
        }
    }

    /// The ticket dimension behind the key, for text keys.
    pub fn dimension(self) -> Option<Dimension> {
        match self {
            GroupKey::Agent => Some(Dimension::Agent),
            GroupKey::Team => Some(Dimension::Team),
            GroupKey::Channel => Some(Dimension::Channel),
            GroupKey::Priority => Some(Dimension::Priority),
            GroupKey::Site => Some(Dimension::Site),
            GroupKey::Week | GroupKey::Day | GroupKey::Month => None,
        }
    }

    /// Parses a comma-separated list such as `agent,week`; repeated keys are an error.
    pub fn parse_list(list: &str) -> Result<Vec<GroupKey>> {
        let mut keys = Vec::new();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let key: GroupKey = part.parse()?;
            if keys.contains(&key) {
                return Err(Error::option(
                    "--by",
                    list,
                    format!("`{part}` is given twice"),
                ));
            }
            keys.push(key);
        }
        Ok(keys)
    }

    fn column_name(self) -> String {
        format!("__key_{}", self.name())
    }

    /// The expression computing the key on a frame whose local wall-clock seconds (for the time
    /// keys) are in the column `local`, and whose text dimensions are code columns.
    fn expr(self, local: &str) -> Expr {
        let day = || col(local).floor_div(lit(DAY_SECONDS));
        let e = match self.dimension() {
            Some(dim) => col(dim.column()),
            None => match self {
                // Monday of the ISO week: day − ((day + 3) mod 7), 1970-01-01 being a Thursday.
                GroupKey::Week => day() - (day() + lit(3i64)) % lit(7i64),
                GroupKey::Day => day(),
                _ => {
                    let date = day().cast(DataType::Int32).cast(DataType::Date);
                    date.clone().dt().year() * lit(100i32) + date.dt().month().cast(DataType::Int32)
                }
            },
        };
        e.alias(self.column_name())
    }
}

impl fmt::Display for GroupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GroupKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().to_ascii_lowercase();
        GroupKey::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = GroupKey::ALL.iter().map(|k| k.name()).collect();
                Error::option(
                    "--by",
                    s,
                    format!("not a grouping key; use any of: {}", names.join(", ")),
                )
            })
    }
}

/// The expression keeping tickets created inside `period` (local days).
pub(crate) fn period_filter(period: &Period) -> Expr {
    period_filter_at(period, "created_local")
}

/// The expression keeping rows whose local wall-clock seconds in the column `local` fall inside
/// `period`.
pub(crate) fn period_filter_at(period: &Period, local: &str) -> Expr {
    let mut keep = lit(true);
    if let Some(from) = period.from_day {
        keep = keep.and(col(local).gt_eq(lit(from * DAY_SECONDS)));
    }
    if let Some(to) = period.to_day {
        keep = keep.and(col(local).lt(lit(to * DAY_SECONDS)));
    }
    keep
}

/// Groups `frame` by `keys` and aggregates; without keys, the whole frame is one group (and an
/// empty frame has no group).
pub(crate) fn aggregate(frame: LazyFrame, keys: &[GroupKey], aggs: Vec<Expr>) -> LazyFrame {
    frame.group_by(key_exprs(keys)).agg(aggs)
}

/// The expressions computing the group keys of a tickets frame; without keys, one constant key.
pub(crate) fn key_exprs(keys: &[GroupKey]) -> Vec<Expr> {
    key_exprs_at(keys, "created_local")
}

/// The expressions computing the group keys of a frame whose time keys come from the local
/// wall-clock seconds in the column `local`; without keys, one constant key.
pub(crate) fn key_exprs_at(keys: &[GroupKey], local: &str) -> Vec<Expr> {
    if keys.is_empty() {
        vec![lit(0u8).alias(ALL)]
    } else {
        keys.iter().map(|k| k.expr(local)).collect()
    }
}

/// The key columns once [`key_exprs`] have been computed into a frame.
pub(crate) fn key_columns(keys: &[GroupKey]) -> Vec<Expr> {
    if keys.is_empty() {
        vec![col(ALL)]
    } else {
        keys.iter().map(|k| col(k.column_name())).collect()
    }
}

const ALL: &str = "__all";

/// One group's key values, decoded to text, with a sort order that puts weeks in time order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct GroupLabels {
    pub(crate) values: Vec<Option<String>>,
    ranks: Vec<Option<i64>>,
}

impl GroupLabels {
    /// Compares two groups: time keys chronologically, text keys alphabetically, empty last.
    pub(crate) fn cmp(&self, other: &Self) -> Ordering {
        for i in 0..self.values.len() {
            let ord = match (self.ranks[i], other.ranks[i]) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => match (&self.values[i], &other.values[i]) {
                    (Some(a), Some(b)) => a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)),
                    (None, Some(_)) => Ordering::Greater,
                    (Some(_), None) => Ordering::Less,
                    (None, None) => Ordering::Equal,
                },
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    }
}

/// Decodes the key columns of an aggregated frame, one [`GroupLabels`] per row.
pub(crate) fn decode_keys(
    frame: &DataFrame,
    keys: &[GroupKey],
    tickets: &Tickets,
) -> Result<Vec<GroupLabels>> {
    decode_keys_with(frame, keys, |dim| tickets.values(dim))
}

/// Decodes the key columns of an aggregated frame whose text codes index `values(dimension)`.
pub(crate) fn decode_keys_with<'a>(
    frame: &DataFrame,
    keys: &[GroupKey],
    values: impl Fn(Dimension) -> &'a [String],
) -> Result<Vec<GroupLabels>> {
    let mut rows: Vec<GroupLabels> = (0..frame.height())
        .map(|_| GroupLabels {
            values: Vec::with_capacity(keys.len()),
            ranks: Vec::with_capacity(keys.len()),
        })
        .collect();
    for key in keys {
        let column = frame.column(&key.column_name())?.cast(&DataType::Int64)?;
        let codes = column.i64()?;
        for (row, v) in rows.iter_mut().zip(codes.iter()) {
            let (text, rank) = match (key.dimension(), v) {
                (_, None) => (None, None),
                (Some(dim), Some(code)) => (values(dim).get(code as usize).cloned(), None),
                (None, Some(n)) => (Some(time_label(*key, n)), Some(n)),
            };
            row.values.push(text);
            row.ranks.push(rank);
        }
    }
    Ok(rows)
}

fn time_label(key: GroupKey, n: i64) -> String {
    match key {
        GroupKey::Week => IsoWeek::of_day(n).to_string(),
        GroupKey::Day => date_of_day(n).to_string(),
        _ => format!("{:04}-{:02}", n / 100, n % 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_lists() {
        assert_eq!(
            GroupKey::parse_list("agent, Week").expect("valid"),
            vec![GroupKey::Agent, GroupKey::Week]
        );
        assert!(GroupKey::parse_list("").expect("empty is fine").is_empty());
        let err = GroupKey::parse_list("agent,colour").unwrap_err();
        assert!(err.to_string().contains("agent, team, channel"), "{err}");
        assert!(GroupKey::parse_list("week,week").is_err());
    }

    #[test]
    fn time_labels() {
        // Day 19800 is Monday 2024-03-18, in ISO week 12.
        assert_eq!(time_label(GroupKey::Week, 19800), "2024-W12");
        assert_eq!(time_label(GroupKey::Day, 19800), "2024-03-18");
        assert_eq!(time_label(GroupKey::Month, 202403), "2024-03");
    }
}

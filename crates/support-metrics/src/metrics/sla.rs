//! SLA targets for the first response, per priority.
//!
//! A ticket *met* its target if it was answered within it; it *breached* if it was answered later
//! or is still unanswered past the target at `as_of`; an unanswered ticket still inside its target
//! is *pending* and left out of the rate. Tickets whose priority has no target (and no fallback
//! target is set) are outside the SLA and counted in none of the three.
//!
//! Priorities are matched by name, case aside, and then through the synonyms of the four standard
//! levels ([`level_of`]): `Critical`, `P1` or `Срочный` take the `urgent` target, `Medium` or
//! `Средний` the `normal` one. Targets given on the command line or in a configuration change
//! only the priorities they name; the standard targets of the others stay.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result};

/// First-response targets per priority, in seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaTargets {
    by_priority: Vec<(String, i64)>,
    fallback: Option<i64>,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets::standard()
    }
}

impl SlaTargets {
    /// The usual targets: urgent 1h, high 4h, normal 8h, low 24h (priorities matched
    /// case-insensitively); other priorities have none.
    pub fn standard() -> Self {
        SlaTargets {
            by_priority: vec![
                ("urgent".into(), 3600),
                ("high".into(), 4 * 3600),
                ("normal".into(), 8 * 3600),
                ("low".into(), 24 * 3600),
            ],
            fallback: None,
        }
    }

    /// No targets: every SLA figure is empty.
    pub fn none() -> Self {
        SlaTargets {
            by_priority: Vec::new(),
            fallback: None,
        }
    }

    /// Parses `urgent=1h,high=4h,normal=8h` on top of the [standard](SlaTargets::standard)
    /// targets: a priority not named keeps its standard target, `PRIORITY=none` removes one, and
    /// `none` alone means no targets at all. The key `*` (or `default`) sets the target of every
    /// other priority, including tickets without one. Durations take a unit: `90s`, `15m`,
    /// `8h`, `1d`, `1h 30m`.
    pub fn parse(spec: &str) -> Result<Self> {
        if spec.trim().eq_ignore_ascii_case("none") {
            return Ok(SlaTargets::none());
        }
        let mut pairs = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (priority, target) = part.split_once('=').ok_or_else(|| {
                Error::option(
                    "--sla",
                    spec,
                    format!("`{part}` is not PRIORITY=DURATION; e.g. --sla urgent=1h,normal=8h"),
                )
            })?;
            pairs.push((priority.to_owned(), target.to_owned()));
        }
        SlaTargets::from_pairs(pairs.iter().map(|(p, t)| (p.as_str(), t.as_str())), "--sla")
    }

    /// Builds targets from `(priority, duration)` pairs on top of the standard ones, e.g. a
    /// `[sla]` table of a config file (see [`SlaTargets::parse`]); `option` names the source in
    /// error messages.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        option: &str,
    ) -> Result<Self> {
        let mut targets = SlaTargets::standard();
        for (priority, target) in pairs {
            let priority = priority.trim().to_lowercase();
            if priority.is_empty() {
                return Err(Error::option(
                    option,
                    target,
                    "a target needs a priority name before `=`",
                ));
            }
            let fallback = priority == "*" || priority == "default";
            if target.trim().eq_ignore_ascii_case("none") {
                if fallback {
                    targets.fallback = None;
                } else {
                    targets.by_priority.retain(|(p, _)| *p != priority);
                }
                continue;
            }
            let seconds = parse_duration(target)
                .map_err(|why| Error::option(option, format!("{priority}={target}"), why))?;
            if fallback {
                targets.fallback = Some(seconds);
            } else if let Some(entry) = targets.by_priority.iter_mut().find(|(p, _)| *p == priority)
            {
                entry.1 = seconds;
            } else {
                targets.by_priority.push((priority, seconds));
            }
        }
        Ok(targets)
    }

    /// The target for a ticket of this priority, in seconds: the target named by the priority
    /// itself, else that of its standard level ([`level_of`]), else the fallback.
    pub fn target_for(&self, priority: Option<&str>) -> Option<i64> {
        let named = |name: &str| {
            self.by_priority
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, t)| *t)
        };
        let explicit = priority.and_then(|p| {
            let p = p.trim().to_lowercase();
            named(&p).or_else(|| level_of(&p).and_then(named))
        });
        explicit.or(self.fallback)
    }

    /// Whether no ticket can have a target.
    pub fn is_empty(&self) -> bool {
        self.by_priority.is_empty() && self.fallback.is_none()
    }
}

impl fmt::Display for SlaTargets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = self
            .by_priority
            .iter()
            .map(|(p, t)| format!("{p}={}", format_duration(*t)))
            .collect();
        if let Some(t) = self.fallback {
            parts.push(format!("*={}", format_duration(t)));
        }
        if parts.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&parts.join(","))
        }
    }
}

/// The standard level (`urgent`, `high`, `normal`, `low`) a priority name stands for, if any:
///
/// - `urgent`: urgent, critical, highest, blocker, emergency, p1, срочный, критический,
///   критичный, наивысший;
/// - `high`: high, major, p2, высокий;
/// - `normal`: normal, medium, moderate, standard, p3, средний, обычный, нормальный;
/// - `low`: low, lowest, minor, trivial, p4, p5, низкий, минимальный.
///
/// Case does not matter, and a leading rank such as ServiceNow's `1 - ` in `1 - Critical` is
/// ignored.
pub fn level_of(priority: &str) -> Option<&'static str> {
    let p = priority.trim().to_lowercase();
    // `1 - Critical`, `2. High`: the words after the rank.
    let p = match p.split_once(['-', '.']) {
        Some((rank, rest))
            if !rank.trim().is_empty() && rank.trim().bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest.trim().to_owned()
        }
        _ => p,
    };
    Some(match p.as_str() {
        "urgent"
        | "critical"
        | "highest"
        | "blocker"
        | "emergency"
        | "p1"
        | "срочный"
        | "критический"
        | "критичный"
        | "наивысший" => "urgent",
        "high" | "major" | "p2" | "высокий" => "high",
        "normal"
        | "medium"
        | "moderate"
        | "standard"
        | "p3"
        | "средний"
        | "обычный"
        | "нормальный" => "normal",
        "low" | "lowest" | "minor" | "trivial" | "p4" | "p5" | "низкий" | "минимальный" => {
            "low"
        }
        _ => return None,
    })
}

/// Formats whole seconds in the largest unit that divides them: `24h`, `90m`, `45s`.
pub fn format_duration(seconds: i64) -> String {
    if seconds != 0 && seconds % 3600 == 0 {
        format!("{}h", seconds / 3600)
    } else if seconds != 0 && seconds % 60 == 0 {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// Parses a duration with units (`90s`, `15m`, `8h`, `1d`, `1h 30m`) into whole seconds.
pub fn parse_duration(text: &str) -> std::result::Result<i64, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{t}` has no unit; write e.g. {t}m or {t}h (s, m, h, d)"
        ));
    }
    let d = humantime::parse_duration(t)
        .map_err(|e| format!("`{t}` is not a duration ({e}); write e.g. 30m, 8h, 1d or 1h 30m"))?;
    i64::try_from(d.as_secs()).map_err(|_| format!("`{t}` is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets_on_top_of_the_standard_ones() {
        let t = SlaTargets::parse("normal=6h, URGENT=30m,*=2d").expect("valid");
        // 30 min = 1800 s; 6 h = 6 · 3600 = 21 600 s.
        assert_eq!(t.target_for(Some("Urgent")), Some(1800));
        assert_eq!(t.target_for(Some("normal")), Some(21_600));
        // Not named: the standard high (4 h = 14 400 s) and low (24 h = 86 400 s) stay.
        assert_eq!(t.target_for(Some("high")), Some(14_400));
        assert_eq!(t.target_for(Some("low")), Some(86_400));
        // Anything else falls back to 2 d = 172 800 s, including no priority at all.
        assert_eq!(t.target_for(Some("whenever")), Some(172_800));
        assert_eq!(t.target_for(None), Some(172_800));
        assert_eq!(t.to_string(), "urgent=30m,high=4h,normal=6h,low=24h,*=48h");
        // `none` removes a target, or all of them.
        let t = SlaTargets::parse("low=none").expect("valid");
        assert_eq!(t.target_for(Some("low")), None);
        assert_eq!(t.to_string(), "urgent=1h,high=4h,normal=8h");
        assert!(SlaTargets::parse("none").expect("valid").is_empty());
    }

    #[test]
    fn standard_targets_and_priority_synonyms() {
        let t = SlaTargets::standard();
        assert_eq!(t.target_for(Some("low")), Some(86_400));
        assert_eq!(t.target_for(None), None);
        for (priority, target) in [
            ("Critical", 3600),
            ("P1", 3600),
            ("1 - Critical", 3600),
            ("Критический", 3600),
            ("Высокий", 4 * 3600),
            ("Major", 4 * 3600),
            ("Medium", 8 * 3600),
            ("3 - Moderate", 8 * 3600),
            ("Средний", 8 * 3600),
            ("Lowest", 24 * 3600),
            ("низкий", 24 * 3600),
        ] {
            assert_eq!(t.target_for(Some(priority)), Some(target), "{priority}");
        }
        assert_eq!(t.target_for(Some("5 - Planning")), None);
        // A target named for the priority itself wins over its level's.
        let t = SlaTargets::parse("critical=15m").expect("valid");
        assert_eq!(t.target_for(Some("Critical")), Some(900));
        assert_eq!(t.target_for(Some("P1")), Some(3600));
    }

    #[test]
    fn malformed_targets_are_usage_errors() {
        for bad in ["normal", "normal=8", "normal=eight hours", "=1h"] {
            let err = SlaTargets::parse(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("1h 30m"), Ok(5400));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert!(parse_duration("15").is_err());
    }
}

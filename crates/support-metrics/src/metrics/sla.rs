//! SLA targets for the first response, per priority.
//!
//! A ticket *met* its target if it was answered within it; it *breached* if it was answered later
//! or is still unanswered past the target at `as_of`; an unanswered ticket still inside its target
//! is *pending* and left out of the rate. Tickets whose priority has no target (and no fallback
//! target is set) are outside the SLA and counted in none of the three.

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

    /// Parses `urgent=1h,high=4h,normal=8h`; the key `*` (or `default`) sets the target of every
    /// other priority, including tickets without one. Durations take a unit: `90s`, `15m`, `8h`,
    /// `1d`, `1h 30m`.
    pub fn parse(spec: &str) -> Result<Self> {
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

    /// Builds targets from `(priority, duration)` pairs, e.g. a `[sla]` table of a config file;
    /// `option` names the source in error messages.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        option: &str,
    ) -> Result<Self> {
        let mut targets = SlaTargets::none();
        for (priority, target) in pairs {
            let priority = priority.trim().to_lowercase();
            if priority.is_empty() {
                return Err(Error::option(
                    option,
                    target,
                    "a target needs a priority name before `=`",
                ));
            }
            let seconds = parse_duration(target)
                .map_err(|why| Error::option(option, format!("{priority}={target}"), why))?;
            if priority == "*" || priority == "default" {
                targets.fallback = Some(seconds);
            } else {
                targets.by_priority.retain(|(p, _)| *p != priority);
                targets.by_priority.push((priority, seconds));
            }
        }
        Ok(targets)
    }

    /// The target for a ticket of this priority, in seconds.
    pub fn target_for(&self, priority: Option<&str>) -> Option<i64> {
        let explicit = priority.and_then(|p| {
            let p = p.trim().to_lowercase();
            self.by_priority
                .iter()
                .find(|(name, _)| *name == p)
                .map(|(_, t)| *t)
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
    fn parses_targets() {
        let t = SlaTargets::parse("normal=8h, URGENT=1h,*=2d").expect("valid");
        assert_eq!(t.target_for(Some("Urgent")), Some(3600));
        // 8 h = 8 · 3600 = 28 800 s
        assert_eq!(t.target_for(Some("normal")), Some(28_800));
        // anything else falls back to 2 d = 172 800 s, including no priority at all
        assert_eq!(t.target_for(Some("low")), Some(172_800));
        assert_eq!(t.target_for(None), Some(172_800));
        assert_eq!(t.to_string(), "normal=8h,urgent=1h,*=48h");
    }

    #[test]
    fn standard_targets() {
        let t = SlaTargets::standard();
        assert_eq!(t.target_for(Some("low")), Some(86_400));
        assert_eq!(t.target_for(Some("critical")), None);
        assert_eq!(t.target_for(None), None);
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

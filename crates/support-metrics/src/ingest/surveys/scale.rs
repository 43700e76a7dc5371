//! Answer scales of satisfaction surveys, and reading one answer on them.
//!
//! An answer is a whole number (`4`, `9`, `4.0`) or a label (`good`, `bad`, `great`, `okay`,
//! `ok`, `not good`; any case, `not_good` and `not-good` too). A [`Scale`] turns an answer into
//! its *score*: the number itself on the numeric scales, the label's position on the label scales
//! (`bad` 0, `good` 1; `not good` 0, `okay` 1, `great` 2).
//!
//! [`Scale::read_score`] is the one function that turns a cell into a score; every reader of
//! satisfaction values (a survey export, a rating stored on a ticket row) goes through it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};

/// The scale answers are given on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Scale {
    /// 1 to 5 (the common CSAT scale); satisfied by default from 4.
    #[serde(rename = "1-5")]
    OneToFive,
    /// 1 to 10; satisfied by default from 8.
    #[serde(rename = "1-10")]
    OneToTen,
    /// 0 to 10 (the NPS scale); satisfied by default from 8.
    #[serde(rename = "0-10")]
    ZeroToTen,
    /// `bad`, `good`; satisfied: `good`.
    #[serde(rename = "good-bad")]
    GoodBad,
    /// `not good` (or `bad`), `okay`, `great`; satisfied by default: `great`.
    #[serde(rename = "great-okay-bad")]
    GreatOkayBad,
}

/// A label answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// `bad`: the low end of good/bad, and of great/okay/not good.
    Bad,
    /// `good`: the top of good/bad.
    Good,
    /// `not good`: the low end of great/okay/not good, and of good/bad.
    NotGood,
    /// `okay` or `ok`: the middle of great/okay/not good.
    Okay,
    /// `great`: the top of great/okay/not good.
    Great,
}

impl Label {
    /// Every label, in code order.
    pub const ALL: [Label; 5] = [
        Label::Bad,
        Label::Good,
        Label::NotGood,
        Label::Okay,
        Label::Great,
    ];

    /// The label as written in output.
    pub fn name(self) -> &'static str {
        match self {
            Label::Bad => "bad",
            Label::Good => "good",
            Label::NotGood => "not good",
            Label::Okay => "okay",
            Label::Great => "great",
        }
    }

    /// A small number for storing the label in a column; [`Label::from_code`] reverses it.
    pub fn code(self) -> u32 {
        self as u32
    }

    /// The label stored as `code`.
    pub fn from_code(code: u32) -> Option<Label> {
        Label::ALL.get(code as usize).copied()
    }
}

/// One answer as written: a whole number or a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A whole number.
    Number(i64),
    /// A label.
    Label(Label),
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Number(n) => write!(f, "{n}"),
            Answer::Label(l) => f.write_str(l.name()),
        }
    }
}

/// Reads one cell as an answer, without a scale: a whole number (`7`, `7.0`, ` 7 `) or a label
/// (any case; spaces, `_` and `-` between words are the same). `None` when it is neither.
pub fn read_answer(text: &str) -> Option<Answer> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(Answer::Number(n));
    }
    if let Ok(v) = text.parse::<f64>() {
        // `4.0`, as spreadsheets write whole numbers; `4.5` is no score.
        return (v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15)
            .then_some(Answer::Number(v as i64));
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let label = match words.join(" ").as_str() {
        "good" => Label::Good,
        "bad" => Label::Bad,
        "great" => Label::Great,
        "okay" | "ok" => Label::Okay,
        "not good" | "notgood" => Label::NotGood,
        _ => return None,
    };
    Some(Answer::Label(label))
}

/// Why a cell is not a score on a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// Neither a whole number nor a known label.
    Unreadable,
    /// A number outside the scale's range.
    OutsideScale {
        /// The scale.
        scale: Scale,
    },
    /// A label on a numeric scale, a number on a label scale, or a label of another label scale.
    WrongKind {
        /// The scale.
        scale: Scale,
    },
}

impl ScoreError {
    /// What is wrong, as a phrase that follows the quoted value.
    pub fn problem(&self) -> String {
        match self {
            ScoreError::Unreadable => "is neither a whole number nor a known label".to_owned(),
            ScoreError::OutsideScale { scale } => {
                format!("is outside the {} scale", scale.name())
            }
            ScoreError::WrongKind { scale } => {
                format!("is not an answer on the {} scale", scale.name())
            }
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            ScoreError::Unreadable => format!(
                "a score is a whole number or one of the labels {}; \
                 map another column with --map score=HEADER",
                LABELS_READ
            ),
            ScoreError::OutsideScale { scale } | ScoreError::WrongKind { scale } => format!(
                "the {} scale takes {}; correct the value, or name the scale the answers were \
                 given on with --scale (1-5, 1-10, 0-10, good-bad, great-okay-bad)",
                scale.name(),
                scale.answers()
            ),
        }
    }
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.problem(), self.hint())
    }
}

impl std::error::Error for ScoreError {}

/// The labels [`read_answer`] knows, for messages.
const LABELS_READ: &str = "good, bad, great, okay (ok), not good";

impl Scale {
    /// Every scale, in the order the help lists them.
    pub const ALL: [Scale; 5] = [
        Scale::OneToFive,
        Scale::OneToTen,
        Scale::ZeroToTen,
        Scale::GoodBad,
        Scale::GreatOkayBad,
    ];

    /// The name used by `--scale` and in output: `1-5`, `1-10`, `0-10`, `good-bad`,
    /// `great-okay-bad`.
    pub fn name(self) -> &'static str {
        match self {
            Scale::OneToFive => "1-5",
            Scale::OneToTen => "1-10",
            Scale::ZeroToTen => "0-10",
            Scale::GoodBad => "good-bad",
            Scale::GreatOkayBad => "great-okay-bad",
        }
    }

    /// Whether answers are labels.
    pub fn is_labelled(self) -> bool {
        matches!(self, Scale::GoodBad | Scale::GreatOkayBad)
    }

    /// The lowest and highest score.
    pub fn bounds(self) -> (i64, i64) {
        match self {
            Scale::OneToFive => (1, 5),
            Scale::OneToTen => (1, 10),
            Scale::ZeroToTen => (0, 10),
            Scale::GoodBad => (0, 1),
            Scale::GreatOkayBad => (0, 2),
        }
    }

    /// The lowest score counted as satisfied by default (the top boxes): 4 on 1–5, 8 on 1–10
    /// and 0–10, `good`, `great`.
    pub fn default_satisfied(self) -> i64 {
        match self {
            Scale::OneToFive => 4,
            Scale::OneToTen | Scale::ZeroToTen => 8,
            Scale::GoodBad => 1,
            Scale::GreatOkayBad => 2,
        }
    }

    /// The score of an answer on this scale.
    ///
    /// # Errors
    ///
    /// [`ScoreError::OutsideScale`] for a number outside [`Scale::bounds`],
    /// [`ScoreError::WrongKind`] for a label on a numeric scale, a number on a label scale, or
    /// `good` on great/okay/not good (and `great`, `okay` on good/bad).
    pub fn score(self, answer: Answer) -> Result<i64, ScoreError> {
        let (low, high) = self.bounds();
        match (self, answer) {
            (Scale::GoodBad | Scale::GreatOkayBad, Answer::Number(_)) => {
                Err(ScoreError::WrongKind { scale: self })
            }
            (_, Answer::Number(n)) if (low..=high).contains(&n) => Ok(n),
            (_, Answer::Number(_)) => Err(ScoreError::OutsideScale { scale: self }),
            (Scale::GoodBad, Answer::Label(Label::Bad | Label::NotGood)) => Ok(0),
            (Scale::GoodBad, Answer::Label(Label::Good)) => Ok(1),
            (Scale::GreatOkayBad, Answer::Label(Label::Bad | Label::NotGood)) => Ok(0),
            (Scale::GreatOkayBad, Answer::Label(Label::Okay)) => Ok(1),
            (Scale::GreatOkayBad, Answer::Label(Label::Great)) => Ok(2),
            (_, Answer::Label(_)) => Err(ScoreError::WrongKind { scale: self }),
        }
    }

    /// Reads one cell (a number or a label, see [`read_answer`]) as a score on this scale.
    ///
    /// ```
    /// use support_metrics::ingest::surveys::Scale;
    ///
    /// assert_eq!(Scale::OneToFive.read_score(" 4 "), Ok(4));
    /// assert_eq!(Scale::GreatOkayBad.read_score("Not Good"), Ok(0));
    /// assert_eq!(Scale::GoodBad.read_score("GOOD"), Ok(1));
    /// assert!(Scale::OneToFive.read_score("6").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`ScoreError::Unreadable`] when the cell is neither a whole number nor a known label, and
    /// the errors of [`Scale::score`].
    pub fn read_score(self, text: &str) -> Result<i64, ScoreError> {
        self.score(read_answer(text).ok_or(ScoreError::Unreadable)?)
    }

    /// A score written for people: the number, or the label on a label scale.
    pub fn format_score(self, score: i64) -> String {
        match (self, score) {
            (Scale::GoodBad, 0) => "bad".to_owned(),
            (Scale::GoodBad, 1) => "good".to_owned(),
            (Scale::GreatOkayBad, 0) => "not good".to_owned(),
            (Scale::GreatOkayBad, 1) => "okay".to_owned(),
            (Scale::GreatOkayBad, 2) => "great".to_owned(),
            _ => score.to_string(),
        }
    }

    /// The answers the scale takes, for messages: `whole numbers from 1 to 5`, `good or bad`.
    pub fn answers(self) -> String {
        match self {
            Scale::GoodBad => "good or bad".to_owned(),
            Scale::GreatOkayBad => "great, okay or not good (bad)".to_owned(),
            _ => {
                let (low, high) = self.bounds();
                format!("whole numbers from {low} to {high}")
            }
        }
    }

    /// The satisfied answers from the score `from` on, for people: `4–5`, `good`, `okay–great`.
    pub fn satisfied_range(self, from: i64) -> String {
        let (_, high) = self.bounds();
        if from >= high {
            self.format_score(high)
        } else {
            format!("{}–{}", self.format_score(from), self.format_score(high))
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scale {
    type Err = Error;

    /// Parses a `--scale` value: `1-5`, `1-10`, `0-10`, `good-bad`, `great-okay-bad` (any case;
    /// `5`, `10` and `good/bad`-style spellings are accepted too).
    fn from_str(s: &str) -> Result<Scale> {
        let wanted: String = s
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| {
                if c == '/' || c == '_' || c == ' ' {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let scale = match wanted.as_str() {
            "1-5" | "5" => Scale::OneToFive,
            "1-10" => Scale::OneToTen,
            "0-10" | "10" => Scale::ZeroToTen,
            "good-bad" | "bad-good" => Scale::GoodBad,
            "great-okay-bad" | "great-okay-not-good" | "bad-okay-great" => Scale::GreatOkayBad,
            _ => {
                let names: Vec<&str> = Scale::ALL.iter().map(|s| s.name()).collect();
                return Err(Error::option(
                    "--scale",
                    s,
                    format!("not a scale; use one of: {}", names.join(", ")),
                ));
            }
        };
        Ok(scale)
    }
}

/// What a set of answers shows about their scale, gathered answer by answer; [`decide`]
/// names the scale when the answers leave no doubt.
///
/// [`decide`]: ScaleEvidence::decide
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScaleEvidence {
    numbers: u64,
    min: Option<i64>,
    max: Option<i64>,
    labels: [u64; 5],
}

/// Why the scale of a set of answers cannot be told from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecided {
    /// The answers fit more than one scale (e.g. numbers 1 to 5 only, or `bad` only).
    Ambiguous {
        /// The scales they fit.
        fits: Vec<Scale>,
        /// What the answers are, for the message: `whole numbers from 1 to 5`.
        seen: String,
    },
    /// Numbers and labels, or labels of both label scales, in the same set.
    Mixed {
        /// An answer of each kind.
        examples: (Answer, Answer),
    },
}

impl fmt::Display for Undecided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undecided::Ambiguous { fits, seen } => {
                let names: Vec<&str> = fits.iter().map(|s| s.name()).collect();
                write!(
                    f,
                    "the answers ({seen}) fit more than one scale ({}), and a score means \
                     something else on each",
                    names.join(", ")
                )
            }
            Undecided::Mixed { examples: (a, b) } => write!(
                f,
                "the answers mix scales (`{a}` and `{b}`): each kind of survey must use one scale"
            ),
        }
    }
}

impl ScaleEvidence {
    /// Takes one answer into account.
    pub fn observe(&mut self, answer: Answer) {
        match answer {
            Answer::Number(n) => {
                self.numbers += 1;
                self.min = Some(self.min.map_or(n, |m| m.min(n)));
                self.max = Some(self.max.map_or(n, |m| m.max(n)));
            }
            Answer::Label(l) => self.labels[l.code() as usize] += 1,
        }
    }

    /// How many answers were observed.
    pub fn answers(&self) -> u64 {
        self.numbers + self.labels.iter().sum::<u64>()
    }

    fn has(&self, label: Label) -> bool {
        self.labels[label.code() as usize] > 0
    }

    /// The scale the answers were given on, when they leave no doubt: labels of one label scale,
    /// or a number above 5 (a 10-point scale: 0–10 when a 0 is among them, else 1–10, which
    /// count the same). `Ok(None)` when there are no answers.
    ///
    /// Numbers outside every scale still decide (a 12 says "10-point"); checking each answer
    /// against the scale reports them.
    ///
    /// # Errors
    ///
    /// [`Undecided`] when the answers fit several scales, or mix them.
    pub fn decide(&self) -> Result<Option<Scale>, Undecided> {
        let first_label = Label::ALL.into_iter().find(|l| self.has(*l));
        if let (Some(label), Some(min)) = (first_label, self.min) {
            return Err(Undecided::Mixed {
                examples: (Answer::Number(min), Answer::Label(label)),
            });
        }
        if first_label.is_some() {
            let three = [Label::Great, Label::Okay]
                .into_iter()
                .find(|l| self.has(*l));
            return match (three, self.has(Label::Good)) {
                (Some(l), true) => Err(Undecided::Mixed {
                    examples: (Answer::Label(Label::Good), Answer::Label(l)),
                }),
                (Some(_), false) => Ok(Some(Scale::GreatOkayBad)),
                (None, true) => Ok(Some(Scale::GoodBad)),
                (None, false) => Err(Undecided::Ambiguous {
                    fits: vec![Scale::GoodBad, Scale::GreatOkayBad],
                    seen: "only `bad` or `not good`".to_owned(),
                }),
            };
        }
        let (Some(min), Some(max)) = (self.min, self.max) else {
            return Ok(None);
        };
        if max > 5 || min < 0 {
            return Ok(Some(if min <= 0 {
                Scale::ZeroToTen
            } else {
                Scale::OneToTen
            }));
        }
        let fits = if min == 0 {
            vec![Scale::ZeroToTen]
        } else {
            vec![Scale::OneToFive, Scale::OneToTen, Scale::ZeroToTen]
        };
        if fits.len() == 1 {
            // 0 to 5: a 0 rules out 1–5 and 1–10, but half a 0–10 scale unused is no proof.
            return Err(Undecided::Ambiguous {
                fits: vec![Scale::ZeroToTen],
                seen: format!("whole numbers from {min} to {max}, none above 5"),
            });
        }
        Err(Undecided::Ambiguous {
            fits,
            seen: format!("whole numbers from {min} to {max}"),
        })
    }
}

#[cfg(test)]
#[path = "scale_tests.rs"]
mod tests;

//! Tests of answers, scales and scale decisions.

use super::*;

fn decide(answers: &[&str]) -> Result<Option<Scale>, Undecided> {
    let mut e = ScaleEvidence::default();
    for a in answers {
        e.observe(read_answer(a).expect("an answer"));
    }
    e.decide()
}

#[test]
fn reads_numbers_and_labels_in_any_case() {
    assert_eq!(read_answer(" 4 "), Some(Answer::Number(4)));
    assert_eq!(read_answer("4.0"), Some(Answer::Number(4)));
    assert_eq!(read_answer("-1"), Some(Answer::Number(-1)));
    assert_eq!(read_answer("4.5"), None);
    assert_eq!(read_answer("GOOD"), Some(Answer::Label(Label::Good)));
    assert_eq!(
        read_answer("Not  Good"),
        Some(Answer::Label(Label::NotGood))
    );
    assert_eq!(read_answer("not_good"), Some(Answer::Label(Label::NotGood)));
    assert_eq!(read_answer("OK"), Some(Answer::Label(Label::Okay)));
    assert_eq!(read_answer("superb"), None);
    assert_eq!(read_answer(""), None);
}

#[test]
fn scores_on_each_scale() {
    assert_eq!(Scale::OneToFive.read_score("5"), Ok(5));
    assert_eq!(
        Scale::OneToFive.read_score("0"),
        Err(ScoreError::OutsideScale {
            scale: Scale::OneToFive
        })
    );
    assert_eq!(Scale::ZeroToTen.read_score("0"), Ok(0));
    assert!(Scale::OneToTen.read_score("0").is_err());
    assert!(Scale::ZeroToTen.read_score("11").is_err());
    assert_eq!(Scale::GoodBad.read_score("bad"), Ok(0));
    assert_eq!(Scale::GoodBad.read_score("not good"), Ok(0));
    assert!(Scale::GoodBad.read_score("great").is_err());
    assert_eq!(Scale::GreatOkayBad.read_score("okay"), Ok(1));
    assert_eq!(Scale::GreatOkayBad.read_score("Bad"), Ok(0));
    // `good` could be okay or great: not an answer on great/okay/not good.
    assert!(matches!(
        Scale::GreatOkayBad.read_score("good"),
        Err(ScoreError::WrongKind { .. })
    ));
    assert!(Scale::GoodBad.read_score("1").is_err());
    assert!(Scale::OneToFive.read_score("good").is_err());
    assert_eq!(
        Scale::OneToFive.read_score("superb"),
        Err(ScoreError::Unreadable)
    );
}

#[test]
fn top_box_defaults() {
    // Satisfied: 4–5 on 1–5, 8–10 on the 10-point scales, good, great.
    assert_eq!(Scale::OneToFive.satisfied_range(4), "4–5");
    assert_eq!(Scale::OneToTen.satisfied_range(8), "8–10");
    assert_eq!(Scale::ZeroToTen.default_satisfied(), 8);
    assert_eq!(
        Scale::GoodBad.satisfied_range(Scale::GoodBad.default_satisfied()),
        "good"
    );
    assert_eq!(
        Scale::GreatOkayBad.satisfied_range(Scale::GreatOkayBad.default_satisfied()),
        "great"
    );
    assert_eq!(Scale::GreatOkayBad.satisfied_range(1), "okay–great");
}

#[test]
fn scale_names_round_trip() {
    for scale in Scale::ALL {
        assert_eq!(scale.name().parse::<Scale>().expect("parses"), scale);
    }
    assert_eq!("Good/Bad".parse::<Scale>().expect("parses"), Scale::GoodBad);
    let err = "1-7".parse::<Scale>().unwrap_err();
    assert!(err.to_string().contains("1-5, 1-10, 0-10"), "{err}");
}

#[test]
fn inference_only_without_doubt() {
    assert_eq!(decide(&["good", "Bad"]), Ok(Some(Scale::GoodBad)));
    assert_eq!(
        decide(&["great", "not good"]),
        Ok(Some(Scale::GreatOkayBad))
    );
    assert_eq!(decide(&["3", "9"]), Ok(Some(Scale::OneToTen)));
    assert_eq!(decide(&["0", "9"]), Ok(Some(Scale::ZeroToTen)));
    assert_eq!(decide(&[]), Ok(None));
    // Nothing above 5: 1–5, or a 10-point scale with low answers.
    assert!(matches!(
        decide(&["1", "5", "4"]),
        Err(Undecided::Ambiguous { fits, .. }) if fits.len() == 3
    ));
    assert!(matches!(
        decide(&["0", "3"]),
        Err(Undecided::Ambiguous { .. })
    ));
    assert!(matches!(decide(&["bad"]), Err(Undecided::Ambiguous { .. })));
    assert!(matches!(
        decide(&["good", "9"]),
        Err(Undecided::Mixed { .. })
    ));
    assert!(matches!(
        decide(&["good", "great"]),
        Err(Undecided::Mixed { .. })
    ));
}

use super::*;
use crate::ErrorKind;
use crate::ingest::DateOrder;

fn input(name: &str, text: &str) -> Input {
    Input::from_reader(name.to_owned(), std::io::Cursor::new(text.to_owned()))
}

fn load(text: &str, criteria: Option<&Criteria>) -> Result<Scorecard> {
    load_scorecard(
        input("scorecard.csv", text),
        &IngestOptions::default(),
        criteria,
    )
}

fn criteria(text: &str) -> Criteria {
    load_criteria(input("criteria.csv", text), &IngestOptions::default()).expect("valid criteria")
}

/// The error message of a load that must fail with invalid input.
fn error(text: &str, criteria: Option<&Criteria>) -> String {
    let err = load(text, criteria).expect_err("must fail");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    err.to_string()
}

fn assert_has(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

const SIX: &str = "criterion,max_points,description\n\
    Качество сопровождения вебинаров,15,Quality of webinar support\n\
    Закупки в ERP вовремя,10,\n";

#[test]
fn long_form_with_cyrillic_names_and_max_points_column() {
    let card = load(
        "\u{feff}Employee , Date,Criterion,Points,Max_Points,Note\n\
         Анна Петрова,2024-03-18,Качество сопровождения вебинаров,12,15,хорошо\n\
         Анна Петрова,2024-03-18,Закупки в ERP вовремя,\"7,5\",10,\n\
         Иван Соколов,18.03.2024,Закупки в ERP вовремя,10,,\n",
        None,
    )
    .expect("loads");
    assert_eq!(card.form(), ScorecardForm::Long);
    assert_eq!(card.employees(), ["Анна Петрова", "Иван Соколов"]);
    let names: Vec<(&str, f64)> = card
        .criteria()
        .iter()
        .map(|c| (c.name.as_str(), c.max_points))
        .collect();
    assert_eq!(
        names,
        [
            ("Качество сопровождения вебинаров", 15.0),
            ("Закупки в ERP вовремя", 10.0)
        ]
    );
    // A decimal comma reads as a decimal point; a dotted date is day-first.
    assert_eq!(card.scores()[1].points, 7.5);
    assert_eq!(card.scores()[2].date.to_string(), "2024-03-18");
    assert_eq!(card.scores()[2].line, 4);
    assert_eq!(
        card.latest_date().map(|d| d.to_string()).as_deref(),
        Some("2024-03-18")
    );
    assert!(card.warnings().is_empty(), "{:?}", card.warnings());
}

#[test]
fn wide_form_takes_criteria_from_the_list_in_any_case() {
    let list = criteria(SIX);
    let card = load(
        "employee,date,закупки в erp вовремя, Качество сопровождения вебинаров ,note\n\
         Анна Петрова,2024-03-18,8,14,\n\
         Анна Петрова,2024-03-25,,,отпуск\n",
        Some(&list),
    )
    .expect("loads");
    assert_eq!(card.form(), ScorecardForm::Wide);
    // The list's spelling and order win.
    assert_eq!(card.criteria()[0].name, "Качество сопровождения вебинаров");
    assert_eq!(
        card.criteria()[0].description.as_deref(),
        Some("Quality of webinar support")
    );
    let scores: Vec<(usize, f64)> = card
        .scores()
        .iter()
        .map(|s| (s.criterion, s.points))
        .collect();
    assert_eq!(scores, [(1, 8.0), (0, 14.0)]);
    // The row without points is skipped with a warning naming its line.
    assert_eq!(card.warnings().len(), 1);
    assert_eq!(card.warnings()[0].lines, [3]);
    assert!(card.warnings()[0].message.contains("no points"));
}

#[test]
fn mapped_headers_and_an_empty_input() {
    let mut options = IngestOptions::default();
    options.mapping.insert("employee", "Сотрудник");
    options.mapping.insert("date", "Дата");
    // A ticket column's mapping does not concern a scorecard; an unknown name is refused.
    options.mapping.insert("created_at", "Created");
    let card = load_scorecard(
        input(
            "s.csv",
            "Сотрудник,Дата,criterion,points,max_points\nАнна,2024-03-18,A,1,2\n",
        ),
        &options,
        None,
    )
    .expect("loads");
    assert_eq!(card.len(), 1);
    options.mapping.insert("employe", "Сотрудник");
    let err = load_scorecard(
        input("s.csv", "Сотрудник,Дата,criterion,points,max_points\n"),
        &options,
        None,
    )
    .expect_err("an unknown column name");
    assert_eq!(err.kind(), ErrorKind::InvalidUsage);
    assert!(
        err.to_string().contains("`employe` is not a column"),
        "{err}"
    );
    let empty = load("", None).expect("an empty input is an empty scorecard");
    assert!(empty.is_empty());
    let header_only = load("employee,date,criterion,points,max_points\n", None).expect("loads");
    assert!(header_only.is_empty());
}

#[test]
fn points_above_the_maximum() {
    let text = error(
        "employee,date,criterion,points,max_points\n\
         Анна,2024-03-18,Webinars,12,15\n\
         Анна,2024-03-25,Webinars,18,\n",
        None,
    );
    assert_has(
        &text,
        &[
            "scorecard.csv, line 3, column `points`",
            "\"18\" is above the maximum of 15 points for \"Webinars\"",
            "max_points on line 2",
        ],
    );
    // In the wide form the column is the criterion, the fix names the criteria file.
    let list = criteria(SIX);
    let text = error(
        "employee,date,Закупки в ERP вовремя\nАнна,2024-03-18,11\n",
        Some(&list),
    );
    assert_has(
        &text,
        &[
            "line 2, column `Закупки в ERP вовремя`",
            "\"11\" is above the maximum of 10 points",
            "(criteria.csv)",
        ],
    );
}

#[test]
fn negative_and_unreadable_points() {
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,-2,10\n",
        None,
    );
    assert_has(
        &text,
        &["line 2, column `points`", "\"-2\" is negative", "from 0"],
    );
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,much,10\n",
        None,
    );
    assert_has(&text, &["\"much\" is not a number of points", "12 or 7.5"]);
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,5,ten\n",
        None,
    );
    assert_has(
        &text,
        &["column `max_points`", "\"ten\" is not a positive number"],
    );
    for nonsense in ["inf", "NaN"] {
        let text = error(
            &format!("employee,date,criterion,points,max_points\nА,2024-03-18,A,{nonsense},10\n"),
            None,
        );
        assert_has(&text, &["is not a number of points"]);
    }
}

#[test]
fn a_criterion_the_list_does_not_have() {
    let list = criteria(SIX);
    let text = error(
        "employee,date,criterion,points\nАнна,2024-03-18,Закупки в ЕРП вовремя,5\n",
        Some(&list),
    );
    assert_has(
        &text,
        &[
            "line 2, column `criterion`",
            "\"Закупки в ЕРП вовремя\" is not a criterion of criteria.csv",
            "did you mean \"Закупки в ERP вовремя\"?",
            "add a line `criterion,max_points` for it to criteria.csv",
        ],
    );
    // Wide form: the unknown column is named on the header line.
    let text = error("employee,date,team\nАнна,2024-03-18,L1\n", Some(&list));
    assert_has(
        &text,
        &["line 1, column `team`", "\"team\" is not a criterion"],
    );
    // A list from the configuration says where to add it.
    let configured = Criteria::new(
        "[scorecard.criteria] in supportctl.toml",
        vec![Criterion {
            name: "A".to_owned(),
            max_points: 10.0,
            description: None,
        }],
    )
    .expect("valid");
    let text = error(
        "employee,date,criterion,points\nАнна,2024-03-18,B,5\n",
        Some(&configured),
    );
    assert_has(&text, &["under [scorecard.criteria] in supportctl.toml"]);
}

#[test]
fn a_criterion_without_a_maximum() {
    // Long form, no list: B never gets a max_points.
    let text = error(
        "employee,date,criterion,points,max_points\n\
         Анна,2024-03-18,A,5,10\n\
         Анна,2024-03-18,B,5,\n",
        None,
    );
    assert_has(
        &text,
        &[
            "line 3, column `criterion`",
            "\"B\" has no maximum points",
            "--criteria FILE",
            "[scorecard.criteria]",
        ],
    );
    // Long form without a max_points column at all.
    let text = error(
        "employee,date,criterion,points\nАнна,2024-03-18,A,5\n",
        None,
    );
    assert_has(&text, &["\"A\" has no maximum points"]);
    // Wide form without a list.
    let text = error("employee,date,A\nАнна,2024-03-18,5\n", None);
    assert_has(
        &text,
        &[
            "line 1, column `A`",
            "without maximum points",
            "--criteria FILE",
        ],
    );
}

#[test]
fn maximums_that_disagree() {
    let text = error(
        "employee,date,criterion,points,max_points\n\
         Анна,2024-03-18,A,5,10\n\
         Анна,2024-03-25,A,5,20\n",
        None,
    );
    assert_has(
        &text,
        &["line 3, column `max_points`", "\"20\"", "line 2 gives 10"],
    );
    let list = criteria("criterion,max_points\nA,10\n");
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,5,15\n",
        Some(&list),
    );
    assert_has(&text, &["\"15\"", "criteria.csv gives 10"]);
    // Agreeing maximums are fine.
    assert!(
        load(
            "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,5,10\n",
            Some(&list)
        )
        .is_ok()
    );
}

#[test]
fn the_same_employee_date_and_criterion_twice() {
    let text = error(
        "employee,date,criterion,points,max_points\n\
         Анна,2024-03-18,A,5,10\n\
         Анна,2024-03-19,A,6,10\n\
         Анна,18.03.2024,a,7,10\n",
        None,
    );
    assert_has(
        &text,
        &[
            "line 4, column `points`",
            "scores \"A\" for Анна on 2024-03-18 a second time (first on line 2)",
        ],
    );
    // Wide form: the same meeting row twice.
    let list = criteria("criterion,max_points\nA,10\n");
    let text = error(
        "employee,date,A\nАнна,2024-03-18,5\nАнна,2024-03-18,6\n",
        Some(&list),
    );
    assert_has(&text, &["line 3, column `A`", "first on line 2"]);
}

#[test]
fn dates_that_do_not_parse_or_are_ambiguous() {
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,last Monday,A,5,10\n",
        None,
    );
    assert_has(
        &text,
        &[
            "line 2, column `date`",
            "\"last Monday\"",
            "2024-03-18",
            "--time-format",
        ],
    );
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,03/04/2024,A,5,10\n",
        None,
    );
    assert_has(&text, &["column `date`", "day/month order", "--dayfirst"]);
    // The order named by the caller reads it.
    let options = IngestOptions {
        date_order: Some(DateOrder::DayFirst),
        ..IngestOptions::default()
    };
    let card = load_scorecard(
        input(
            "s.csv",
            "employee,date,criterion,points,max_points\nАнна,03/04/2024,A,5,10\n",
        ),
        &options,
        None,
    )
    .expect("loads");
    assert_eq!(card.scores()[0].date.to_string(), "2024-04-03");
    // A day above 12 elsewhere in the column settles it.
    let card = load(
        "employee,date,criterion,points,max_points\n\
         Анна,03/04/2024,A,5,10\n\
         Анна,25/04/2024,A,5,10\n",
        None,
    )
    .expect("loads");
    assert_eq!(card.scores()[0].date.to_string(), "2024-04-03");
}

#[test]
fn structural_problems() {
    // `criterion` without `points`.
    let err = load("employee,date,criterion\nАнна,2024-03-18,A\n", None).expect_err("fails");
    assert_has(&err.to_string(), &["required column `points` is missing"]);
    // No employee column.
    let err = load("name,date,criterion,points\n", None).expect_err("fails");
    assert_has(&err.to_string(), &["required column `employee` is missing"]);
    // An empty employee.
    let text = error(
        "employee,date,criterion,points,max_points\n,2024-03-18,A,5,10\n",
        None,
    );
    assert_has(&text, &["line 2, column `employee`", "is empty"]);
    // A ragged row.
    let text = error(
        "employee,date,criterion,points,max_points\nАнна,2024-03-18,A,5\n",
        None,
    );
    assert_has(&text, &["line 2", "4 fields but the header has 5"]);
    // A headerless column with values in the wide form.
    let list = criteria("criterion,max_points\nA,10\n");
    let text = error("employee,date,A,\nАнна,2024-03-18,5,7\n", Some(&list));
    assert_has(&text, &["line 2", "column 4 has values but no header"]);
    // A headerless empty column is fine (a trailing comma in a spreadsheet export).
    assert!(load("employee,date,A,\nАнна,2024-03-18,5,\n", Some(&list)).is_ok());
    // Not UTF-8.
    let err = load_scorecard(
        Input::from_reader(
            "s.csv",
            std::io::Cursor::new(
                b"employee,date,criterion,points,max_points\n\xc0\xed\xed\xe0,2024-03-18,A,5,10\n"
                    .to_vec(),
            ),
        ),
        &IngestOptions::default(),
        None,
    )
    .expect_err("fails");
    assert_has(
        &err.to_string(),
        &["line 2, column `employee`", "not valid UTF-8"],
    );
}

#[test]
fn criteria_files_are_checked() {
    let err = load_criteria(
        input("c.csv", "criterion,max_points\nA,10\na,5\n"),
        &IngestOptions::default(),
    )
    .expect_err("fails");
    assert_has(
        &err.to_string(),
        &[
            "c.csv, line 3, column `criterion`",
            "listed twice, on lines 2 and 3",
        ],
    );
    let err = load_criteria(
        input("c.csv", "criterion,max_points\nA,0\n"),
        &IngestOptions::default(),
    )
    .expect_err("fails");
    assert_has(
        &err.to_string(),
        &[
            "line 2, column `max_points`",
            "\"0\" is not a positive number",
        ],
    );
    let err = load_criteria(input("c.csv", "criterion\nA\n"), &IngestOptions::default())
        .expect_err("fails");
    assert_has(
        &err.to_string(),
        &["required column `max_points` is missing"],
    );
    // A list from a configuration is checked the same way, as a usage error.
    let err = Criteria::new(
        "[scorecard.criteria] in supportctl.toml",
        vec![Criterion {
            name: "A".to_owned(),
            max_points: -1.0,
            description: None,
        }],
    )
    .expect_err("fails");
    assert_eq!(err.kind(), ErrorKind::InvalidUsage);
    assert_eq!(criteria(SIX).find("  закупки в erp вовремя "), Some(1));
}

#[test]
fn numbers_of_points() {
    assert_eq!(parse_number("12"), Some(12.0));
    assert_eq!(parse_number(" 7.5 "), Some(7.5));
    assert_eq!(parse_number("7,5"), Some(7.5));
    assert_eq!(parse_number("1,2,3"), None);
    assert_eq!(parse_number("1.5,2"), None);
    assert_eq!(parse_number("inf"), None);
    assert_eq!(parse_number(""), None);
}

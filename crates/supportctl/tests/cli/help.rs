//! Help text is documentation: every command explains itself and shows examples.

use crate::support::Sandbox;

/// The subcommands listed by `supportctl --help` (without clap's own `help`).
fn subcommands() -> Vec<String> {
    let run = Sandbox::new().run(["--help"]);
    let text = run.success().stdout().to_owned();
    let listing = text
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section");
    let names: Vec<String> = listing
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    assert!(
        names.len() >= 4,
        "expected at least response, validate, generate, completions: {names:?}"
    );
    names
}

/// The text before `Usage:`.
fn description(help: &str) -> &str {
    help.split("\nUsage:").next().unwrap_or_default().trim()
}

/// The lines of the `Examples:` section.
fn examples(help: &str) -> Vec<String> {
    let section = help
        .split("\nExamples:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no Examples: section in\n{help}"));
    section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_owned())
        .collect()
}

fn help_of(args: &[&str]) -> String {
    Sandbox::new().run(args).success().stdout().to_owned()
}

#[test]
fn every_help_has_examples_that_are_supportctl_command_lines() {
    let mut pages = vec![(String::from("supportctl"), help_of(&["--help"]))];
    for name in subcommands() {
        let help = help_of(&[name.as_str(), "--help"]);
        pages.push((name, help));
    }
    for (name, help) in pages {
        let lines = examples(&help);
        assert!(!lines.is_empty(), "{name}: empty Examples: section");
        for line in lines {
            assert!(
                line.starts_with("supportctl "),
                "{name}: example {line:?} does not start with `supportctl `"
            );
        }
    }
}

#[test]
fn subcommand_examples_use_their_own_subcommand() {
    for name in subcommands() {
        for line in examples(&help_of(&[name.as_str(), "--help"])) {
            // The bare command (`supportctl init`) is an example too.
            assert!(
                line.starts_with(&format!("supportctl {name} "))
                    || line == format!("supportctl {name}"),
                "{name}: {line:?}"
            );
        }
    }
}

/// Whether `--help` carries a real description: longer than the one-line summary of `-h`.
fn has_long_description(args: &[&str]) -> bool {
    let mut long_args = args.to_vec();
    long_args.push("--help");
    let mut short_args = args.to_vec();
    short_args.push("-h");
    let long = help_of(&long_args);
    let short = help_of(&short_args);
    let (long, short) = (description(&long), description(&short));
    long.len() >= 120 && long.len() > short.len()
}

#[test]
fn every_subcommand_has_a_long_description() {
    assert!(has_long_description(&[]), "supportctl --help");
    for name in subcommands() {
        assert!(has_long_description(&[name.as_str()]), "{name} --help");
    }
}

#[test]
fn response_help_documents_the_contract() {
    let help = help_of(&["response", "--help"]);
    for needle in [
        "first_response_at − created_at",
        "invalid_order",
        "--by <KEYS>",
        "agent, team, channel, priority, site, week, day, month",
        "--sla <TARGETS>",
        "--output <FILE>",
        "--tickets <FILE>",
        "table, csv, json, markdown",
    ] {
        // clap lists the formats one per line; check them by name.
        if needle.starts_with("table,") {
            for format in ["table:", "csv:", "json:", "markdown:"] {
                assert!(help.contains(format), "response --help lacks {format}");
            }
            continue;
        }
        assert!(help.contains(needle), "response --help lacks {needle:?}");
    }
}

#[test]
fn top_level_help_lists_the_exit_codes() {
    let help = help_of(&["--help"]);
    for needle in [
        "0 success",
        "2 usage or configuration error",
        "3 invalid input data",
        "1 any other failure",
    ] {
        assert!(help.contains(needle), "supportctl --help lacks {needle:?}");
    }
}

#[test]
fn help_subcommand_and_flag_agree() {
    assert_eq!(
        help_of(&["help", "response"]),
        help_of(&["response", "--help"])
    );
}

#[test]
fn version_is_the_package_version() {
    assert_eq!(
        help_of(&["--version"]),
        format!("supportctl {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn no_subcommand_is_a_usage_error_with_the_summary() {
    let run = Sandbox::new().run(Vec::<&str>::new());
    run.code(2)
        .no_stdout()
        .stderr_has(&["Usage: supportctl <COMMAND>"]);
}

#[test]
fn completions_print_scripts_naming_supportctl() {
    let sandbox = Sandbox::new();
    let bash = sandbox.run(["completions", "bash"]);
    let script = bash.success().stderr_is("").stdout();
    assert!(script.contains("_supportctl()"), "{script}");
    assert!(script.contains("complete -F _supportctl"), "{script}");
    // Subcommands and their flags are completed.
    for word in ["response", "validate", "generate", "--tickets", "--by"] {
        assert!(script.contains(word), "bash completion lacks {word}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let run = sandbox.run(["completions", shell]);
        assert!(
            run.success().stdout().contains("supportctl"),
            "{shell}: {run:?}"
        );
    }
    sandbox
        .run(["completions", "tcsh"])
        .code(2)
        .no_stdout()
        .stderr_has(&["tcsh", "bash"]);
}

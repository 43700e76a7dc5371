//! A progress bar on stderr while a large input is read, only when stderr is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use support_metrics::ingest::{Input, ProgressFn};

/// Inputs smaller than this are read too fast for a bar to help.
const MIN_BYTES: u64 = 64 << 20;

/// A bar for reading `input`, and the callback that moves it; `None` when no bar should show.
pub fn for_input(input: &Input) -> Option<(ProgressBar, ProgressFn)> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let total = std::fs::metadata(input.as_path()?).ok()?.len();
    if total < MIN_BYTES {
        return None;
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("reading {}", input.name()));
    let handle = bar.clone();
    Some((
        bar,
        ProgressFn::new(move |bytes| handle.set_position(bytes)),
    ))
}

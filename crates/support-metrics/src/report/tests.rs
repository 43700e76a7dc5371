//! Hand-checked figures of the weekly report.

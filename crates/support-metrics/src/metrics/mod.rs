//! The metric families, one module each.

pub mod daily;
pub mod group;
pub mod peak;
mod prepare;
pub(crate) use prepare::{Now, by_as_of};
pub mod response;
pub mod satisfaction;
pub mod scorecard;
pub mod sla;
pub mod unavailable;
pub mod workload;

pub use daily::{DailyOptions, PlanFactReport, PlanFactRow, daily};
pub use group::GroupKey;
pub use peak::{
    HourSlots, PeakOptions, PeakReport, PeakRow, PeakSelection, QueueFigures, SlotFigures, Wait,
    peak,
};
pub use response::{
    BucketRow, Distribution, DurationStats, FRT_BUCKETS, NoTarget, ResponseOptions, ResponseReport,
    ResponseRow, SlaCounts, frt_distribution, needed_columns, response,
};
pub use satisfaction::{
    CsatOptions, CsatReport, CsatRow, NpsOptions, NpsReport, NpsRow, RateBasis, SMALL_SAMPLE, csat,
    needed_ticket_columns, nps,
};
pub use scorecard::{
    Breakdown, CriterionRow, ScorecardOptions, Template, TemplateRow, Trend, TrendRow,
    TrendThresholds, Verdict, WeeklyScore, breakdown, template, trends, weekly_scores,
};
pub use sla::SlaTargets;
pub use unavailable::{Figures, Unavailable, response_gaps};
pub use workload::{BalanceRow, Load, WorkloadOptions, WorkloadReport, WorkloadRow, workload};

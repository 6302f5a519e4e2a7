//! Locked versions of a plan: the gate that says whether the plan may be
//! locked ([`check`]), what each version holds ([`summaries`]), and what
//! changed between any two versions or a version and the current plan
//! ([`diff`], [`diff_sides`]), with the text the CLI and the terminal app
//! show ([`text`]). Pure functions over a session; no I/O.
mod diff;
mod lock;
pub mod text;

pub use diff::{
    ChangedConstraint, ChangedTask, ConstraintChanges, DependencyChanges, FieldChange, KindChange,
    MovedTask, NoSuchVersion, PlacedTask, PlanDiff, PlanSide, Resolved, Side, diff, diff_plans,
    diff_sides, resolve,
};
pub use lock::{
    Counts, CurrentSummary, Gate, OpenAmbiguity, VersionSummary, check, next_number, summaries,
};

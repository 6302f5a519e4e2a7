//! The domain model: sessions, specs, requirements, tasks, dependencies,
//! ambiguities, constraints and locked versions, plus the one `Edit` type every
//! change goes through. Pure data: no I/O, no async.
mod ambiguity;
mod edit;
pub mod generate;
mod history;
mod ids;
mod origin;
pub mod reader;
mod session;
mod task;
mod time;

pub use ambiguity::{
    Ambiguity, AmbiguityCategory, AmbiguityState, Constraint, RiskLevel, SpecSource,
};
pub use edit::{Edit, EditError, apply, reread_spec};
pub use history::History;
pub use ids::{AmbiguityId, ConstraintId, IdParseError, RequirementId, TaskId};
pub use origin::{Extra, Origin, SourceFormat, SourceLine};
pub use session::{
    Counters, Entity, FORMAT_VERSION, PlanVersion, Requirement, Session, Spec, SpecItem, Stage,
    TokenUsage,
};
pub use task::{DepKind, Dependency, ReviewedRequirement, Task, TaskStatus};
pub use time::{Timestamp, TimestampParseError};

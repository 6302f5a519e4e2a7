//! The steps that ask a model (or the offline planner) for an answer, and the
//! stage each one belongs to.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::plan::Stage;

/// One kind of answer planner-tui asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Spec and context → an ordered task list.
    Decompose,
    /// Tasks → the typed dependency map.
    Dependencies,
    /// Spec, context and plan → the things the spec leaves open.
    Ambiguities,
    /// Decisions (constraints) → a revised task list.
    Revise,
    /// Plan → a verification condition for every task.
    Verify,
    /// Validation pass: requirements or intent no task covers.
    Completeness,
    /// Validation pass: tasks that touch the existing system without saying how.
    Integration,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Decompose,
        Step::Dependencies,
        Step::Ambiguities,
        Step::Revise,
        Step::Verify,
        Step::Completeness,
        Step::Integration,
    ];

    /// The name used on the command line, in prompt file names and in logs.
    pub fn key(self) -> &'static str {
        match self {
            Step::Decompose => "decompose",
            Step::Dependencies => "dependencies",
            Step::Ambiguities => "ambiguities",
            Step::Revise => "revise",
            Step::Verify => "verify",
            Step::Completeness => "completeness",
            Step::Integration => "integration",
        }
    }

    /// A short human title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Decompose => "Decompose the spec into tasks",
            Step::Dependencies => "Map the dependencies",
            Step::Ambiguities => "List the ambiguities",
            Step::Revise => "Revise the plan after decisions",
            Step::Verify => "Add verification conditions",
            Step::Completeness => "Check completeness",
            Step::Integration => "Check integration with the existing system",
        }
    }

    /// The stage whose work this step does; `None` for the validation passes,
    /// which can run at any stage.
    pub fn stage(self) -> Option<Stage> {
        match self {
            Step::Decompose => Some(Stage::Decompose),
            Step::Dependencies => Some(Stage::Dependencies),
            Step::Ambiguities => Some(Stage::Ambiguities),
            Step::Revise => Some(Stage::Resolve),
            Step::Verify => Some(Stage::Verification),
            Step::Completeness | Step::Integration => None,
        }
    }

    /// The step a stage asks for, if the stage asks a model for anything.
    pub fn for_stage(stage: Stage) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.stage() == Some(stage))
    }

    /// Steps whose answers are findings to read, never changes to the plan.
    pub fn is_findings_only(self) -> bool {
        matches!(self, Step::Completeness | Step::Integration)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A step name that is not one of [`Step::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown step `{0}` (expected one of: decompose, dependencies, ambiguities, revise, verify, completeness, integration)"
)]
pub struct UnknownStep(pub String);

impl FromStr for Step {
    type Err = UnknownStep;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let alias = match t.as_str() {
            "deps" | "dependency" => Some(Step::Dependencies),
            "ambiguity" => Some(Step::Ambiguities),
            "verification" => Some(Step::Verify),
            "coverage" => Some(Step::Completeness),
            _ => None,
        };
        alias
            .or_else(|| Step::ALL.into_iter().find(|st| st.key() == t))
            .ok_or_else(|| UnknownStep(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_stages_map() {
        for step in Step::ALL {
            assert_eq!(step.key().parse::<Step>(), Ok(step));
        }
        assert_eq!("Verification".parse::<Step>(), Ok(Step::Verify));
        assert_eq!(Step::Revise.stage(), Some(Stage::Resolve));
        assert_eq!(Step::Integration.stage(), None);
        assert_eq!(Step::for_stage(Stage::Ambiguities), Some(Step::Ambiguities));
        assert_eq!(Step::for_stage(Stage::Gather), None);
        let e = "plan".parse::<Step>().unwrap_err();
        assert!(e.to_string().contains("unknown step `plan`"));
    }
}

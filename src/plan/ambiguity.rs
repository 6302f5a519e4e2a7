//! Ambiguities (questions the plan had to answer that the spec did not) and the
//! constraints that decisions turn into.
use serde::{Deserialize, Serialize};

use super::ids::{AmbiguityId, ConstraintId, TaskId};

/// Something the spec leaves open that the plan depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ambiguity {
    pub id: AmbiguityId,
    pub category: AmbiguityCategory,
    pub summary: String,
    /// What goes wrong if the plan's guess is wrong.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub risk: String,
    /// What information or decision would settle it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resolution_hint: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<TaskId>,
    /// How much rides on it. An open high-risk ambiguity keeps the plan from
    /// being ready to export.
    #[serde(default, skip_serializing_if = "RiskLevel::is_medium")]
    pub level: RiskLevel,
    /// Where it comes from, when the spec raised it: `Q2` (an open question),
    /// `AS1` (an assumption), `EC3` (an edge case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(flatten)]
    pub state: AmbiguityState,
}

impl Ambiguity {
    pub fn new(id: AmbiguityId, category: AmbiguityCategory, summary: impl Into<String>) -> Self {
        Ambiguity {
            id,
            category,
            summary: summary.into(),
            risk: String::new(),
            resolution_hint: String::new(),
            affects: Vec::new(),
            level: RiskLevel::Medium,
            source: None,
            state: AmbiguityState::Open,
        }
    }
    pub fn is_open(&self) -> bool {
        matches!(self.state, AmbiguityState::Open)
    }
}

/// How much rides on an ambiguity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// The plan could be wrong in a way that costs real rework: an open
    /// question the spec itself asks, two requirements that disagree.
    High,
    #[default]
    Medium,
    Low,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low];
    pub fn is_medium(&self) -> bool {
        *self == RiskLevel::Medium
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::High => "high",
            RiskLevel::Medium => "medium",
            RiskLevel::Low => "low",
        }
    }
}

impl std::str::FromStr for RiskLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" | "h" | "critical" => Ok(RiskLevel::High),
            "medium" | "m" | "moderate" | "med" => Ok(RiskLevel::Medium),
            "low" | "l" | "minor" => Ok(RiskLevel::Low),
            other => Err(format!(
                "unknown risk level `{other}` (expected high, medium or low)"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguityCategory {
    /// The plan assumes something about the existing system that may be wrong.
    Assumption,
    /// The spec does not say, so the plan had to decide.
    Underspecified,
    /// A third-party service or piece of infrastructure that can fail, with no fallback planned.
    ExternalDependency,
    /// An ordering choice with equally valid alternatives.
    OrderingAlternative,
}

impl AmbiguityCategory {
    pub const ALL: [AmbiguityCategory; 4] = [
        AmbiguityCategory::Assumption,
        AmbiguityCategory::Underspecified,
        AmbiguityCategory::ExternalDependency,
        AmbiguityCategory::OrderingAlternative,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AmbiguityCategory::Assumption => "assumption",
            AmbiguityCategory::Underspecified => "underspecified",
            AmbiguityCategory::ExternalDependency => "external dependency",
            AmbiguityCategory::OrderingAlternative => "ordering alternative",
        }
    }
}

/// Where an ambiguity stands. In session files: `state = "resolved"` with a
/// `decision`, `state = "deferred"` with a `reason`, and so on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AmbiguityState {
    #[default]
    Open,
    Resolved {
        decision: String,
    },
    Deferred {
        reason: String,
    },
    /// The user looked and decided it is not a real problem.
    NotAnIssue {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

impl AmbiguityState {
    pub fn label(&self) -> &'static str {
        match self {
            AmbiguityState::Open => "open",
            AmbiguityState::Resolved { .. } => "resolved",
            AmbiguityState::Deferred { .. } => "deferred",
            AmbiguityState::NotAnIssue { .. } => "not an issue",
        }
    }
}

/// A rule the plan must follow: stated in the spec, typed by the user, or
/// made from a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub id: ConstraintId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<AmbiguityId>,
    /// Where the spec states it, for the spec's own constraints (resolved
    /// clarifications, decisions); re-reading the spec replaces these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<SpecSource>,
}

impl Constraint {
    pub fn new(id: ConstraintId, text: impl Into<String>, from: Option<AmbiguityId>) -> Self {
        Constraint {
            id,
            text: text.into(),
            from,
            spec: None,
        }
    }
}

/// Where in the spec a constraint is stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecSource {
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

//! The typed answers, one per answer shape. Field for field they are the JSON
//! schemas in `assets/prompts/*.schema.json`: an answer that matches its schema
//! deserialises straight into these (the strict path), and the tolerant path
//! builds the same types from whatever JSON it could recover.
//!
//! Task numbers here are the numbers the model was shown (positions 1..n in
//! the current plan); numbers above n name new tasks.
use serde::{Deserialize, Serialize};

use crate::plan::{AmbiguityCategory, DepKind, RiskLevel};
use crate::planners::Step;

/// The JSON shapes answers come in. Decompose and Revise share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    TaskList,
    DependencyMap,
    AmbiguityList,
    VerificationList,
    CoverageGaps,
    IntegrationConcerns,
}

impl Shape {
    pub fn of(step: Step) -> Shape {
        match step {
            Step::Decompose | Step::Revise => Shape::TaskList,
            Step::Dependencies => Shape::DependencyMap,
            Step::Ambiguities => Shape::AmbiguityList,
            Step::Verify => Shape::VerificationList,
            Step::Completeness => Shape::CoverageGaps,
            Step::Integration => Shape::IntegrationConcerns,
        }
    }
    /// The schema's name (also its file name, `<name>.schema.json`).
    pub fn name(self) -> &'static str {
        match self {
            Shape::TaskList => "task_list",
            Shape::DependencyMap => "dependency_map",
            Shape::AmbiguityList => "ambiguity_list",
            Shape::VerificationList => "verification_list",
            Shape::CoverageGaps => "coverage_gaps",
            Shape::IntegrationConcerns => "integration_concerns",
        }
    }
    /// The top-level field holding the answer's list.
    pub fn list_key(self) -> &'static str {
        match self {
            Shape::TaskList | Shape::DependencyMap | Shape::VerificationList => "tasks",
            Shape::AmbiguityList => "ambiguities",
            Shape::CoverageGaps => "gaps",
            Shape::IntegrationConcerns => "concerns",
        }
    }
}

/// A complete task list, in the order the plan should have (Decompose, Revise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskListAnswer {
    pub tasks: Vec<AnswerTask>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerTask {
    /// The number the task was shown with, or a number above the plan's size
    /// for a new task. `None` only when a repaired answer left it out; such a
    /// task is matched to an existing one by title, or is new.
    pub number: Option<u32>,
    pub title: String,
    /// Empty: keep the existing task's description.
    pub description: String,
    /// Empty: keep what the existing task produces.
    pub produces: Vec<String>,
    /// `None` only when a repaired answer left the field out: keep the
    /// existing task's dependencies.
    pub depends_on: Option<Vec<AnswerDependency>>,
    /// Requirement ids. Empty: keep the existing task's.
    pub covers: Vec<String>,
    /// `None` or empty: keep the existing task's verification.
    pub verification: Option<String>,
    /// The planner could not break the work into tasks with named outputs:
    /// the task must be decomposed before the plan is ready.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerDependency {
    pub task: u32,
    pub kind: DepKind,
}

/// Each listed task's complete dependency list (Dependencies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyMapAnswer {
    pub tasks: Vec<TaskDependencies>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDependencies {
    pub task: u32,
    pub depends_on: Vec<AnswerDependency>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbiguityListAnswer {
    pub ambiguities: Vec<AnswerAmbiguity>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerAmbiguity {
    pub category: AmbiguityCategory,
    pub summary: String,
    pub risk: String,
    pub resolution: String,
    pub affects: Vec<u32>,
    /// How much rides on it; medium when the answer does not say.
    #[serde(default)]
    pub level: RiskLevel,
    /// The spec item it takes up (`Q2`, `AS1`, `EC3`); empty for none.
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationListAnswer {
    pub tasks: Vec<TaskVerification>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskVerification {
    pub task: u32,
    pub verification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageGapsAnswer {
    pub gaps: Vec<AnswerGap>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerGap {
    /// The requirement id, or `None` for intent the spec states without a requirement line.
    pub requirement: Option<String>,
    pub text: String,
    pub suggestion: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationConcernsAnswer {
    pub concerns: Vec<AnswerConcern>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerConcern {
    /// The task concerned, or `None` for the plan as a whole.
    pub task: Option<u32>,
    pub text: String,
    pub suggestion: String,
}

/// Any step's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    TaskList(TaskListAnswer),
    DependencyMap(DependencyMapAnswer),
    AmbiguityList(AmbiguityListAnswer),
    VerificationList(VerificationListAnswer),
    CoverageGaps(CoverageGapsAnswer),
    IntegrationConcerns(IntegrationConcernsAnswer),
}

impl Answer {
    pub fn shape(&self) -> Shape {
        match self {
            Answer::TaskList(_) => Shape::TaskList,
            Answer::DependencyMap(_) => Shape::DependencyMap,
            Answer::AmbiguityList(_) => Shape::AmbiguityList,
            Answer::VerificationList(_) => Shape::VerificationList,
            Answer::CoverageGaps(_) => Shape::CoverageGaps,
            Answer::IntegrationConcerns(_) => Shape::IntegrationConcerns,
        }
    }

    pub fn notes(&self) -> &[String] {
        match self {
            Answer::TaskList(a) => &a.notes,
            Answer::DependencyMap(a) => &a.notes,
            Answer::AmbiguityList(a) => &a.notes,
            Answer::VerificationList(a) => &a.notes,
            Answer::CoverageGaps(a) => &a.notes,
            Answer::IntegrationConcerns(a) => &a.notes,
        }
    }

    /// Parse text that is exactly the schema's JSON; `None` otherwise.
    pub fn strict(shape: Shape, text: &str) -> Option<Answer> {
        Some(match shape {
            Shape::TaskList => Answer::TaskList(serde_json::from_str(text).ok()?),
            Shape::DependencyMap => Answer::DependencyMap(serde_json::from_str(text).ok()?),
            Shape::AmbiguityList => Answer::AmbiguityList(serde_json::from_str(text).ok()?),
            Shape::VerificationList => Answer::VerificationList(serde_json::from_str(text).ok()?),
            Shape::CoverageGaps => Answer::CoverageGaps(serde_json::from_str(text).ok()?),
            Shape::IntegrationConcerns => {
                Answer::IntegrationConcerns(serde_json::from_str(text).ok()?)
            }
        })
    }

    /// The answer as the JSON its schema describes.
    pub fn to_json(&self) -> serde_json::Value {
        let v = match self {
            Answer::TaskList(a) => serde_json::to_value(a),
            Answer::DependencyMap(a) => serde_json::to_value(a),
            Answer::AmbiguityList(a) => serde_json::to_value(a),
            Answer::VerificationList(a) => serde_json::to_value(a),
            Answer::CoverageGaps(a) => serde_json::to_value(a),
            Answer::IntegrationConcerns(a) => serde_json::to_value(a),
        };
        // These types hold only strings, numbers, lists and options.
        v.unwrap_or(serde_json::Value::Null)
    }
}

//! What the analysis reports: findings with a stable code, a severity, the
//! tasks and requirements involved, and an optional fix made of edits.
use std::fmt;

use serde::Serialize;

use crate::plan::{AmbiguityId, Edit, RequirementId, TaskId};

/// How much a finding matters. Errors make `planner-tui check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a finding. The kebab-case names are stable: CI scripts and
/// editors match on them (see `docs/check.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Two tasks share one id, so references to it are ambiguous.
    DuplicateTaskId,
    /// A dependency on a task that is not in the plan.
    DanglingDependency,
    /// A task that depends on itself.
    SelfDependency,
    /// The same dependency listed more than once on one task.
    DuplicateDependency,
    /// Tasks that depend on each other in a circle.
    Cycle,
    /// A task placed before a task it depends on.
    OrderingViolation,
    /// A task with no verification at all.
    MissingVerification,
    /// A verification that is not a command, a test or an observable result.
    VagueVerification,
    /// Text that leans on something it does not name ("integrate with").
    VagueIntegration,
    /// A requirement no task covers.
    UncoveredRequirement,
    /// A task that covers no requirement.
    TaskCoversNothing,
    /// A task that claims to cover a requirement the spec does not have.
    UnknownRequirement,
    /// An open ambiguity that affects tasks.
    OpenAmbiguity,
    /// A file produced by more than one task, one after the other.
    SharedOutput,
    /// A file produced by two tasks that do not depend on each other.
    ConflictingOutput,
    /// A task with nothing in `produces`.
    NoOutput,
    /// A task whose title only restates the requirement it covers.
    RestatesRequirement,
    /// A task that covers or plans something the spec puts out of scope.
    CoversExclusion,
    /// A placeholder for work not yet broken into tasks with named outputs.
    DraftTask,
    /// The order that fixes every ordering violation.
    CorrectedOrder,
    /// A task covers a requirement whose text changed in the spec since the
    /// task was last confirmed against it.
    RequirementChanged,
}

impl Code {
    pub const ALL: [Code; 21] = [
        Code::DuplicateTaskId,
        Code::DanglingDependency,
        Code::SelfDependency,
        Code::DuplicateDependency,
        Code::Cycle,
        Code::OrderingViolation,
        Code::MissingVerification,
        Code::VagueVerification,
        Code::VagueIntegration,
        Code::UncoveredRequirement,
        Code::TaskCoversNothing,
        Code::UnknownRequirement,
        Code::OpenAmbiguity,
        Code::SharedOutput,
        Code::ConflictingOutput,
        Code::NoOutput,
        Code::RestatesRequirement,
        Code::CoversExclusion,
        Code::DraftTask,
        Code::CorrectedOrder,
        Code::RequirementChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::DuplicateTaskId => "duplicate-task-id",
            Code::DanglingDependency => "dangling-dependency",
            Code::SelfDependency => "self-dependency",
            Code::DuplicateDependency => "duplicate-dependency",
            Code::Cycle => "cycle",
            Code::OrderingViolation => "ordering-violation",
            Code::MissingVerification => "missing-verification",
            Code::VagueVerification => "vague-verification",
            Code::VagueIntegration => "vague-integration",
            Code::UncoveredRequirement => "uncovered-requirement",
            Code::TaskCoversNothing => "task-covers-nothing",
            Code::UnknownRequirement => "unknown-requirement",
            Code::OpenAmbiguity => "open-ambiguity",
            Code::SharedOutput => "shared-output",
            Code::ConflictingOutput => "conflicting-output",
            Code::NoOutput => "no-output",
            Code::RestatesRequirement => "restates-requirement",
            Code::CoversExclusion => "covers-exclusion",
            Code::DraftTask => "draft-task",
            Code::CorrectedOrder => "corrected-order",
            Code::RequirementChanged => "requirement-changed",
        }
    }

    /// Every code has one severity.
    pub fn severity(self) -> Severity {
        match self {
            Code::DuplicateTaskId
            | Code::DanglingDependency
            | Code::SelfDependency
            | Code::DuplicateDependency
            | Code::Cycle
            | Code::OrderingViolation => Severity::Error,
            Code::MissingVerification
            | Code::VagueVerification
            | Code::VagueIntegration
            | Code::UncoveredRequirement
            | Code::TaskCoversNothing
            | Code::UnknownRequirement
            | Code::OpenAmbiguity
            | Code::SharedOutput
            | Code::ConflictingOutput
            | Code::NoOutput
            | Code::RestatesRequirement
            | Code::CoversExclusion
            | Code::DraftTask
            | Code::RequirementChanged => Severity::Warning,
            Code::CorrectedOrder => Severity::Info,
        }
    }
}

impl Code {
    /// Whether `planner-tui check --fix` applies this code's fix without
    /// asking: it changes no meaning, only order or repetition.
    pub fn fix_is_safe(self) -> bool {
        matches!(self, Code::DuplicateDependency | Code::CorrectedOrder)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A task as a finding names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TaskRef {
    pub id: TaskId,
    /// The task's number in the plan (1-based); `None` for a task that is not in the plan.
    pub position: Option<usize>,
    /// The id the task has in the file it came from (Taskmaster `5.2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
}

impl TaskRef {
    /// How people know the task: `T4`, or `#5.2` for a Taskmaster task.
    pub fn label(&self) -> String {
        Label {
            id: self.id,
            source_id: self.source_id.as_deref(),
        }
        .to_string()
    }
}

/// A task's label, written without building a string first.
#[derive(Clone, Copy)]
pub(crate) struct Label<'a> {
    pub id: TaskId,
    pub source_id: Option<&'a str>,
}

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source_id {
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                write!(f, "#{s}")
            }
            Some(s) if !s.is_empty() => f.write_str(s),
            _ => write!(f, "{}", self.id),
        }
    }
}

/// A suggested repair: a description for people and the edits that do it.
/// Apply the edits in order (or as one `Edit::Batch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// One thing the analysis found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// A sentence a person understands without reading the code.
    pub message: String,
    pub tasks: Vec<TaskRef>,
    pub requirements: Vec<RequirementId>,
    pub ambiguities: Vec<AmbiguityId>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(code: Code, message: String, tasks: Vec<TaskRef>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message,
            tasks,
            requirements: Vec::new(),
            ambiguities: Vec::new(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, description: String, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { description, edits });
        self
    }
}

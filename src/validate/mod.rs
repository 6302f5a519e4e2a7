//! The three validation passes a plan goes through before export, and the
//! verdict on whether it is ready:
//!
//! - completeness: which tasks cover each requirement (exact), tasks that
//!   cover none, and the model's reading of intent no task covers;
//! - ordering: the analysis engine's reference, cycle and order findings;
//! - integration: the engine's "integrate with"-style flags, and the model's
//!   reading of tasks that touch the existing system against the context.
//!
//! [`validate`] is pure and linear in the plan: it reads a session, its
//! analysis [`Report`] and the two model readings (each [`Reading::NotRun`]
//! when the model was not asked). Every entry links to the task or the
//! requirement it is about. What blocks "ready" is decided in [`verdict`]
//! (and listed in `docs/validate.md`): anything that would stop a reviewer
//! handing the plan to a coding agent does; the model's concerns do not.
//! [`text`] and [`json`] are what `planner-tui validate` prints.
mod completeness;
mod integration;
pub mod json;
mod ordering;
mod reading;
pub mod text;
pub mod verdict;

use std::fmt;

use serde::Serialize;

pub use completeness::{CompletenessPass, CoverageRow};
pub use integration::IntegrationPass;
pub use ordering::OrderingPass;
pub use reading::{ModelReading, Reading};
pub use verdict::{Readiness, Reason, Verdict};

use crate::analysis::{Code, Finding, Report, Severity};
use crate::plan::{RequirementId, Session, TaskId};

/// What an entry is about: where the UI goes when it is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    Task(TaskId),
    Requirement(RequirementId),
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Link::Task(id) => write!(f, "{id}"),
            Link::Requirement(id) => write!(f, "{id}"),
        }
    }
}

/// One thing a pass found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The analysis code; `None` for what the model read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    pub severity: Severity,
    /// A sentence, as the analysis or the model wrote it (not yet sanitised).
    pub text: String,
    /// The task or requirement it is about; `None` for the plan as a whole.
    pub link: Option<Link>,
}

impl Entry {
    /// A finding as an entry, linked to its first task in the plan, else to
    /// its first requirement.
    pub fn from_finding(f: &Finding) -> Entry {
        let link = f
            .tasks
            .iter()
            .find(|t| t.position.is_some())
            .map(|t| Link::Task(t.id))
            .or_else(|| f.requirements.first().cloned().map(Link::Requirement));
        Entry {
            code: Some(f.code),
            severity: f.severity,
            text: f.message.clone(),
            link,
        }
    }
}

/// The model's two readings, as far as they went.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Readings {
    pub completeness: Reading,
    pub integration: Reading,
}

impl Readings {
    /// Neither reading was asked for.
    pub fn not_run() -> Readings {
        Readings::default()
    }
}

/// The three passes over one plan and the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    pub verdict: Verdict,
    pub completeness: CompletenessPass,
    pub ordering: OrderingPass,
    pub integration: IntegrationPass,
}

impl Validation {
    /// The readings this validation was built with.
    pub fn readings(&self) -> Readings {
        Readings {
            completeness: self.completeness.model.clone(),
            integration: self.integration.model.clone(),
        }
    }
}

/// Validate `session`, whose analysis is `report`, with the model's
/// `readings`. Pure: the same inputs give the same validation.
pub fn validate(session: &Session, report: &Report, readings: Readings) -> Validation {
    let mut completeness = CompletenessPass::build(session, readings.completeness);
    let mut ordering = OrderingPass::default();
    let mut integration = IntegrationPass::new(readings.integration);
    for f in &report.findings {
        let mut entry = Entry::from_finding(f);
        if verdict::blocks(f.code) {
            entry.severity = Severity::Error;
        }
        match section_of(f.code) {
            Section::Completeness => completeness.findings.push(entry),
            Section::Ordering => ordering.findings.push(entry),
            Section::Integration => integration.findings.push(entry),
            Section::Elsewhere => {}
        }
    }
    completeness.findings.extend(
        verdict::open_questions(session)
            .into_iter()
            .map(|q| q.entry()),
    );
    ordering.dependencies = report.dependency_count();
    ordering.waves = report.schedule.as_ref().map(|s| s.wave_count());
    let verdict = verdict::decide(session, report, &completeness, &integration);
    Validation {
        verdict,
        completeness,
        ordering,
        integration,
    }
}

enum Section {
    Completeness,
    Ordering,
    Integration,
    /// Counted in the verdict only (verification, ambiguities, shared files).
    Elsewhere,
}

fn section_of(code: Code) -> Section {
    match code {
        // Uncovered requirements are the coverage table's unmarked rows.
        Code::UncoveredRequirement => Section::Elsewhere,
        Code::TaskCoversNothing
        | Code::UnknownRequirement
        | Code::NoOutput
        | Code::RestatesRequirement
        | Code::CoversExclusion
        | Code::DraftTask
        | Code::MissingVerification => Section::Completeness,
        Code::DuplicateTaskId
        | Code::DanglingDependency
        | Code::SelfDependency
        | Code::DuplicateDependency
        | Code::Cycle
        | Code::OrderingViolation
        | Code::ConflictingOutput
        | Code::CorrectedOrder => Section::Ordering,
        Code::VagueIntegration => Section::Integration,
        Code::VagueVerification
        | Code::OpenAmbiguity
        | Code::SharedOutput
        | Code::RequirementChanged => Section::Elsewhere,
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;

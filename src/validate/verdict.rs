//! Whether a plan is ready to export, and why.
//!
//! "Ready" means a reviewer could hand the plan to a coding agent: every
//! task one piece of work with a named output and a way to check it, every
//! requirement built by some task, nothing out of scope planned, nothing
//! left to chance in the order, nothing high-risk left open.
//!
//! Blocking ("not ready"): a plan with no tasks; any analysis error (a
//! dangling, self or duplicate dependency, a shared task id, a cycle, a task
//! placed before what it needs); a requirement no task that produces
//! something covers; a task that produces nothing, that only restates its
//! requirement, that covers or plans an exclusion, or that has no
//! verification; a file two tasks write with no order between them; an open
//! high-risk ambiguity; a question the spec asks that no ambiguity takes up.
//! Not blocking ("ready, with warnings"): vague verification or integration,
//! tasks covering nothing, unknown requirement references, other open
//! ambiguities, files written by tasks in a set order, a spec with no
//! requirements, and the model's readings, which never block: they are a
//! second opinion, not a fact.
use serde::Serialize;

use super::completeness::CompletenessPass;
use super::integration::IntegrationPass;
use super::reading::Reading;
use super::{Entry, Link, plural};
use crate::analysis::{Code, Report, Severity};
use crate::plan::{Ambiguity, RiskLevel, Session, SpecItem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    ReadyWithWarnings,
    NotReady,
}

/// One reason, counted: "2 errors", "1 task without verification".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub count: usize,
    pub text: String,
}

impl Reason {
    fn counted(count: usize, one: &str, many: &str) -> Reason {
        Reason {
            count,
            text: format!("{count} {}", if count == 1 { one } else { many }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub readiness: Readiness,
    /// What stops the plan being ready; empty when it is.
    pub blockers: Vec<Reason>,
    /// What is worth a look but does not stop it.
    pub warnings: Vec<Reason>,
}

impl Verdict {
    pub fn is_ready(&self) -> bool {
        self.readiness != Readiness::NotReady
    }

    /// "Ready to export", "Ready to export, with 3 warnings",
    /// "Not ready: 2 errors, 1 uncovered requirement".
    pub fn headline(&self) -> String {
        match self.readiness {
            Readiness::Ready => "Ready to export".to_string(),
            Readiness::ReadyWithWarnings => {
                let n: usize = self.warnings.iter().map(|r| r.count).sum();
                format!("Ready to export, with {n} warning{}", plural(n))
            }
            Readiness::NotReady => {
                let why: Vec<&str> = self.blockers.iter().map(|r| r.text.as_str()).collect();
                format!("Not ready: {}", why.join(", "))
            }
        }
    }
}

/// Findings that block, by code, in the order they are listed.
const BLOCKING: [(Code, &str, &str); 6] = [
    (
        Code::DraftTask,
        "draft task to break down",
        "draft tasks to break down",
    ),
    (
        Code::NoOutput,
        "task that produces nothing",
        "tasks that produce nothing",
    ),
    (
        Code::RestatesRequirement,
        "task that only restates its requirement",
        "tasks that only restate their requirement",
    ),
    (
        Code::CoversExclusion,
        "task planning what the spec excludes",
        "tasks planning what the spec excludes",
    ),
    (
        Code::MissingVerification,
        "task without verification",
        "tasks without verification",
    ),
    (
        Code::ConflictingOutput,
        "file written by tasks in no set order",
        "files written by tasks in no set order",
    ),
];

/// Whether findings with this code keep a plan from being ready.
pub fn blocks(code: Code) -> bool {
    code.severity() == Severity::Error
        || code == Code::UncoveredRequirement
        || BLOCKING.iter().any(|(c, _, _)| *c == code)
}

/// Warnings by code, in the order they are listed, with their wording.
const WARNINGS: [(Code, &str, &str); 7] = [
    (
        Code::VagueVerification,
        "vague verification",
        "vague verifications",
    ),
    (
        Code::VagueIntegration,
        "task that integrates without saying how",
        "tasks that integrate without saying how",
    ),
    (
        Code::TaskCoversNothing,
        "task covering no requirement",
        "tasks covering no requirement",
    ),
    (
        Code::UnknownRequirement,
        "cover of an unknown requirement",
        "covers of unknown requirements",
    ),
    (Code::OpenAmbiguity, "open ambiguity", "open ambiguities"),
    (
        Code::SharedOutput,
        "file with two owners",
        "files with two owners",
    ),
    (
        Code::RequirementChanged,
        "task to review after its requirement changed",
        "tasks to review after their requirements changed",
    ),
];

pub(super) fn decide(
    session: &Session,
    report: &Report,
    completeness: &CompletenessPass,
    integration: &IntegrationPass,
) -> Verdict {
    let mut blockers = Vec::new();
    if session.tasks.is_empty() {
        blockers.push(Reason {
            count: 1,
            text: "no tasks yet".to_string(),
        });
    }
    let errors = report.count(Severity::Error);
    if errors > 0 {
        blockers.push(Reason::counted(errors, "error", "errors"));
    }
    let uncovered = completeness.uncovered();
    if uncovered > 0 {
        blockers.push(Reason::counted(
            uncovered,
            "uncovered requirement",
            "uncovered requirements",
        ));
    }
    for (code, one, many) in BLOCKING {
        let n = report.findings.iter().filter(|f| f.code == code).count();
        if n > 0 {
            blockers.push(Reason::counted(n, one, many));
        }
    }
    let open = open_questions(session);
    let high = open
        .iter()
        .filter(|q| matches!(q, OpenQuestion::Ambiguity(_)))
        .count();
    if high > 0 {
        blockers.push(Reason::counted(
            high,
            "open high-risk ambiguity",
            "open high-risk ambiguities",
        ));
    }
    let asked = open.len() - high;
    if asked > 0 {
        blockers.push(Reason::counted(
            asked,
            "question the spec leaves open",
            "questions the spec leaves open",
        ));
    }

    let mut warnings = Vec::new();
    if session.spec.requirements.is_empty() {
        warnings.push(Reason {
            count: 1,
            text: "no requirements in the spec to check coverage against".to_string(),
        });
    }
    for (code, one, many) in WARNINGS {
        let n = report
            .findings
            .iter()
            .filter(|f| f.code == code)
            .filter(|f| {
                // High-risk ones are counted with the blockers.
                f.code != Code::OpenAmbiguity
                    || f.ambiguities.iter().all(|a| {
                        session
                            .ambiguity(*a)
                            .is_none_or(|a| a.level != RiskLevel::High)
                    })
            })
            .count();
        if n > 0 {
            warnings.push(Reason::counted(n, one, many));
        }
    }
    let gaps = completeness.new_model_gaps().len();
    if gaps > 0 {
        let who = completeness.model.reader();
        warnings.push(Reason::counted(
            gaps,
            &format!("coverage gap read by {who}"),
            &format!("coverage gaps read by {who}"),
        ));
    }
    let concerns = integration.model.entries().len();
    if concerns > 0 {
        let who = integration.model.reader();
        warnings.push(Reason::counted(
            concerns,
            &format!("integration concern read by {who}"),
            &format!("integration concerns read by {who}"),
        ));
    }
    let failed = [&completeness.model, &integration.model]
        .into_iter()
        .filter(|r| matches!(r, Reading::Failed { .. }))
        .count();
    if failed > 0 {
        warnings.push(Reason::counted(
            failed,
            "model reading that failed",
            "model readings that failed",
        ));
    }

    let readiness = if !blockers.is_empty() {
        Readiness::NotReady
    } else if !warnings.is_empty() {
        Readiness::ReadyWithWarnings
    } else {
        Readiness::Ready
    };
    Verdict {
        readiness,
        blockers,
        warnings,
    }
}

/// Something left open that keeps a plan from being ready.
#[derive(Debug, Clone, Copy)]
pub enum OpenQuestion<'a> {
    /// An open ambiguity of high risk.
    Ambiguity(&'a Ambiguity),
    /// A question the spec asks that no ambiguity has taken up.
    Spec(&'a SpecItem),
}

impl OpenQuestion<'_> {
    pub fn entry(&self) -> Entry {
        match self {
            OpenQuestion::Ambiguity(a) => Entry {
                code: None,
                severity: Severity::Error,
                text: format!(
                    "{} ({}, high risk) \"{}\" is still open: decide it, or defer it with a reason, before the plan \
                     is handed on.",
                    a.id,
                    a.category.as_str(),
                    one_line(&a.summary)
                ),
                link: a.affects.first().map(|t| Link::Task(*t)),
            },
            OpenQuestion::Spec(q) => Entry {
                code: None,
                severity: Severity::Error,
                text: format!(
                    "The spec leaves {} open (line {}): \"{}\". Run the ambiguities step to take it up, then \
                     decide or defer it.",
                    q.reference(),
                    q.line,
                    one_line(&q.text)
                ),
                link: None,
            },
        }
    }
}

/// Open high-risk ambiguities, then the spec's questions no ambiguity has
/// taken up (by its `source`).
pub fn open_questions(session: &Session) -> Vec<OpenQuestion<'_>> {
    let mut out: Vec<OpenQuestion> = session
        .ambiguities
        .iter()
        .filter(|a| a.is_open() && a.level == RiskLevel::High)
        .map(OpenQuestion::Ambiguity)
        .collect();
    let taken: std::collections::HashSet<&str> = session
        .ambiguities
        .iter()
        .filter_map(|a| a.source.as_deref())
        .collect();
    out.extend(
        session
            .spec
            .questions
            .iter()
            .filter(|q| !taken.contains(q.id.as_str()))
            .map(OpenQuestion::Spec),
    );
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

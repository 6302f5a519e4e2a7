//! Whether a plan is ready to export, and why.
//!
//! Blocking ("not ready"): any analysis error (a dangling, self or
//! duplicate dependency, a shared task id, a cycle, a task placed before
//! what it needs), any requirement no task covers, and a plan with no
//! tasks. Not blocking ("ready, with warnings"): every analysis warning
//! (missing or vague verification, vague integration, tasks covering
//! nothing, unknown requirement references, open ambiguities, files with
//! two owners), a spec with no requirements to check against, the model's
//! coverage gaps and integration concerns, and a model reading that failed.
//! The model's reading never blocks: it is a second opinion, not a fact.
use serde::Serialize;

use super::completeness::CompletenessPass;
use super::integration::IntegrationPass;
use super::plural;
use super::reading::Reading;
use crate::analysis::{Code, Report, Severity};
use crate::plan::Session;

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

/// Warnings by code, in the order they are listed, with their wording.
const WARNINGS: [(Code, &str, &str); 7] = [
    (
        Code::MissingVerification,
        "task without verification",
        "tasks without verification",
    ),
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

    let mut warnings = Vec::new();
    if session.spec.requirements.is_empty() {
        warnings.push(Reason {
            count: 1,
            text: "no requirements in the spec to check coverage against".to_string(),
        });
    }
    for (code, one, many) in WARNINGS {
        let n = report.findings.iter().filter(|f| f.code == code).count();
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

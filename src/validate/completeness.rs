//! The completeness pass: each requirement with the tasks that cover it,
//! the analysis' findings about coverage, and the model's reading of intent
//! no task covers.
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Entry, Link, Reading};
use crate::plan::{RequirementId, Session, TaskId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletenessPass {
    /// One row per requirement, in spec order.
    pub requirements: Vec<CoverageRow>,
    /// Tasks that cover no requirement, and covers naming a requirement the
    /// spec does not have.
    pub findings: Vec<Entry>,
    pub model: Reading,
}

/// A requirement and the tasks (in plan order) that say they cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub requirement: RequirementId,
    /// Where it is in the spec (1-based).
    pub line: usize,
    /// Its text on one line.
    pub text: String,
    pub tasks: Vec<TaskId>,
    /// Of `tasks`, those that produce nothing: they do not make it covered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hollow: Vec<TaskId>,
}

impl CoverageRow {
    /// Covered by a task that produces something.
    pub fn is_covered(&self) -> bool {
        self.tasks.len() > self.hollow.len()
    }
}

impl CompletenessPass {
    pub(super) fn build(session: &Session, model: Reading) -> CompletenessPass {
        let reqs = &session.spec.requirements;
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(reqs.len());
        for (k, r) in reqs.iter().enumerate() {
            index.entry(r.id.as_str()).or_insert(k);
        }
        let mut requirements: Vec<CoverageRow> = reqs
            .iter()
            .map(|r| CoverageRow {
                requirement: r.id.clone(),
                line: r.line,
                text: one_line(&r.text),
                tasks: Vec::new(),
                hollow: Vec::new(),
            })
            .collect();
        for t in &session.tasks {
            let hollow = t.produces.iter().all(|p| p.trim().is_empty());
            for r in &t.covers {
                if let Some(&k) = index.get(r.as_str()) {
                    let row = &mut requirements[k];
                    // A task listing a requirement twice is still one task.
                    if row.tasks.last() != Some(&t.id) {
                        row.tasks.push(t.id);
                        if hollow {
                            row.hollow.push(t.id);
                        }
                    }
                }
            }
        }
        CompletenessPass {
            requirements,
            findings: Vec::new(),
            model,
        }
    }

    pub fn covered(&self) -> usize {
        self.requirements.iter().filter(|r| r.is_covered()).count()
    }

    pub fn uncovered(&self) -> usize {
        self.requirements.len() - self.covered()
    }

    /// The model's gaps that add to the table: those about intent beyond
    /// the listed requirements, or about a requirement a task already
    /// claims. The others repeat an uncovered row.
    pub fn new_model_gaps(&self) -> Vec<&Entry> {
        let entries = self.model.entries();
        if entries.is_empty() {
            return Vec::new();
        }
        let uncovered: HashSet<&RequirementId> = self
            .requirements
            .iter()
            .filter(|r| !r.is_covered())
            .map(|r| &r.requirement)
            .collect();
        entries
            .iter()
            .filter(|e| !matches!(&e.link, Some(Link::Requirement(r)) if uncovered.contains(r)))
            .collect()
    }
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

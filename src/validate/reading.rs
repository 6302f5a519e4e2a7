//! What the model (or the offline planner) read into the plan for one pass:
//! not asked, on its way, failed, or done with its entries.
use serde::Serialize;

use super::{Entry, Link};
use crate::analysis::Severity;
use crate::workflow::{Proposal, ProposalItem};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Reading {
    /// The model was not asked (`--no-model`, or another step was running).
    #[default]
    NotRun,
    /// Asked; the answer has not come yet.
    Pending,
    /// The model could not give a usable answer; the message says why.
    Failed {
        error: String,
    },
    Done(ModelReading),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelReading {
    /// Made by the offline planner's rules, not a model.
    pub heuristic: bool,
    pub entries: Vec<Entry>,
    /// What the answer said besides its items.
    pub notes: Vec<String>,
}

impl Reading {
    /// The coverage gaps and integration concerns of a findings-only
    /// step's proposal. Items that would change the plan are not readings
    /// and are left out; so are readings the plan contradicts (a gap for a
    /// requirement a task covers), each named in a note.
    pub fn from_proposal(p: &Proposal) -> Reading {
        let mut notes = p.notes.clone();
        let entries = p
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                if let Some(why) = p.contradiction(i) {
                    notes.push(format!("left out a reading the plan contradicts: {why}"));
                    return None;
                }
                let (link, text) = match item {
                    ProposalItem::CoverageGap { requirement, text } => {
                        (requirement.clone().map(Link::Requirement), text)
                    }
                    ProposalItem::IntegrationConcern { task, text } => (task.map(Link::Task), text),
                    _ => return None,
                };
                Some(Entry {
                    code: None,
                    severity: Severity::Warning,
                    text: text.clone(),
                    link,
                })
            })
            .collect();
        Reading::Done(ModelReading {
            heuristic: p.heuristic,
            entries,
            notes,
        })
    }

    pub fn failed(error: impl Into<String>) -> Reading {
        Reading::Failed {
            error: error.into(),
        }
    }

    /// The entries read, if the reading is done.
    pub fn entries(&self) -> &[Entry] {
        match self {
            Reading::Done(r) => &r.entries,
            _ => &[],
        }
    }

    /// Who read: "the offline planner" or "the model".
    pub fn reader(&self) -> &'static str {
        match self {
            Reading::Done(r) if r.heuristic => "the offline planner",
            _ => "the model",
        }
    }
}

//! Completeness, exactly: requirements no task covers, and decisions no task
//! mentions.
use std::collections::HashSet;

use crate::plan::{RequirementId, Session};
use crate::planners::answer::AnswerGap;

use super::text::{shorten, words};

pub fn gaps(session: &Session) -> Vec<AnswerGap> {
    let mut out = Vec::new();
    let covered: HashSet<&RequirementId> =
        session.tasks.iter().flat_map(|t| t.covers.iter()).collect();
    for r in &session.spec.requirements {
        if covered.contains(&r.id) {
            continue;
        }
        out.push(AnswerGap {
            requirement: Some(r.id.to_string()),
            text: shorten(&r.text, 100),
            suggestion: format!(
                "add a task that implements it, or add {} to the covers of the task that does",
                r.id
            ),
        });
    }
    let named: HashSet<String> = if session.spec.constraints.is_empty() {
        HashSet::new()
    } else {
        session
            .tasks
            .iter()
            .flat_map(|t| words(&format!("{} {}", t.title, t.description)))
            .collect()
    };
    for c in &session.spec.constraints {
        let mentioned = named.contains(&c.id.to_string().to_lowercase());
        if !mentioned {
            out.push(AnswerGap {
                requirement: None,
                text: format!(
                    "decision {} (\"{}\") is not mentioned by any task",
                    c.id,
                    shorten(&c.text, 80)
                ),
                suggestion: format!("run Revise, or name {} in the tasks it changes", c.id),
            });
        }
    }
    out
}

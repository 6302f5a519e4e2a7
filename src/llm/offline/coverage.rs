//! Completeness, exactly: requirements no task covers, and decisions no task
//! mentions.
use crate::plan::Session;
use crate::workflow::answer::AnswerGap;

use super::text::{shorten, words};

pub fn gaps(session: &Session) -> Vec<AnswerGap> {
    let mut out = Vec::new();
    for r in &session.spec.requirements {
        if session.tasks.iter().any(|t| t.covers.contains(&r.id)) {
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
    for c in &session.spec.constraints {
        let id = c.id.to_string().to_lowercase();
        let mentioned = session
            .tasks
            .iter()
            .any(|t| words(&format!("{} {}", t.title, t.description)).contains(&id));
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

//! Integration, by rule: tasks that say "integrate with" (or "hook into",
//! "use the existing", ...) without naming a function; tasks that use an
//! existing piece of the system the context names, without going through the
//! functions the context gives for it, or when the context gives none; and
//! tasks that write files outside the folders the context describes.
use std::collections::HashSet;

use crate::plan::{Session, Task};
use crate::planners::answer::AnswerConcern;

use super::layout::Layout;
use super::text::{is_path, mentions};

const VAGUE: &[&str] = &[
    "integrate with",
    "integrates with",
    "integration with",
    "hook into",
    "hooks into",
    "wire up",
    "wire into",
    "wires into",
    "use the existing",
    "uses the existing",
    "connect to",
    "connects to",
    "plug into",
    "tie into",
    "work with the existing",
];

pub fn concerns(session: &Session, layout: &Layout) -> Vec<AnswerConcern> {
    let mut out = Vec::new();
    let known: HashSet<String> = super::text::words(&session.spec.context)
        .iter()
        .flat_map(|w| super::text::split_ident(w))
        .map(|w| super::text::singular(&w))
        .collect();
    for (i, t) in session.tasks.iter().enumerate() {
        let number = Some(i as u32 + 1);
        let vague: Vec<String> = vague_phrases(t)
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect();
        if !vague.is_empty() {
            out.push(AnswerConcern {
                task: number,
                text: format!("says {} without saying how", super::text::and_list(&vague)),
                suggestion: "name the module and the function or hook it calls, and what it passes"
                    .to_string(),
            });
        }
        let text = format!("{}\n{}", t.title, t.description);
        let named = mentions(&text);
        for p in &layout.pieces {
            let api = p.api_names();
            // A one-word file name (`queue`, `bus`) is too common a word to count as a mention.
            let distinctive = super::text::split_ident(&p.name).len() >= 2;
            let uses = (distinctive && named.contains(&p.name))
                || named.contains(&p.path)
                || api.iter().any(|a| named.contains(a));
            if !uses {
                continue;
            }
            if api.is_empty() {
                out.push(AnswerConcern {
                    task: number,
                    text: format!(
                        "relies on {} ({}), but the context does not describe how to call it",
                        p.name, p.path
                    ),
                    suggestion: format!(
                        "name the method of {} it calls, or add its interface to the context",
                        p.name
                    ),
                });
            } else if !api.iter().any(|a| named.contains(a)) {
                out.push(AnswerConcern {
                    task: number,
                    text: format!(
                        "uses {} without saying it goes through {}",
                        p.path,
                        p.api.join(", ")
                    ),
                    suggestion: format!("say which of {} it calls and with what", api.join(", ")),
                });
            }
        }
        if let Some(thing) = undescribed_existing(t, &known) {
            out.push(AnswerConcern {
                task: number,
                text: format!("builds on the existing {thing}, which the context does not describe"),
                suggestion: format!("describe the {thing} in the context (where it lives, how it is called), or say in the task how it is reached"),
            });
        }
        if let Some(c) = outside_layout(t, layout) {
            out.push(AnswerConcern {
                task: number,
                text: c.0,
                suggestion: c.1,
            });
        }
    }
    out
}

/// Vague integration phrases in a sentence that names no function or module.
fn vague_phrases(t: &Task) -> Vec<&'static str> {
    let text = format!("{}. {}", t.title, t.description);
    let mut out = Vec::new();
    for sentence in text.split(['.', '\n']) {
        let lower = sentence.to_lowercase();
        let says_how = sentence.contains('`')
            || sentence.contains('(')
            || sentence
                .split_whitespace()
                .any(|w| w.contains('.') || w.contains('/'));
        for p in VAGUE {
            if lower.contains(p) && !says_how && !out.contains(p) {
                out.push(*p);
            }
        }
    }
    out
}

/// "the existing metering service" when the context never mentions metering.
fn undescribed_existing(t: &Task, known: &HashSet<String>) -> Option<String> {
    let text = format!("{}. {}", t.title, t.description);
    for clause in text.split(['.', ',', ';', ':', '(', ')', '\n']) {
        let ws = super::text::words(clause);
        let Some(i) = ws.iter().position(|w| w == "existing") else {
            continue;
        };
        let thing: Vec<String> = ws[i + 1..].iter().take(2).cloned().collect();
        if thing.is_empty()
            || thing
                .iter()
                .any(|w| known.contains(&super::text::singular(w)))
        {
            continue;
        }
        return Some(thing.join(" "));
    }
    None
}

/// A produced file whose top folder is not one the context uses.
fn outside_layout(t: &Task, layout: &Layout) -> Option<(String, String)> {
    let roots: Vec<&str> = layout
        .paths
        .iter()
        .filter_map(|p| p.split('/').next())
        .filter(|r| !r.is_empty() && !r.contains('.'))
        .collect();
    if roots.is_empty() {
        return None;
    }
    let stray = t
        .produces
        .iter()
        .filter(|p| is_path(p) && p.contains('/'))
        .find(|p| {
            let root = p.trim_start_matches('/').split('/').next().unwrap_or("");
            !roots.contains(&root) && !["tests", "test", "spec", "__tests__"].contains(&root)
        })?;
    let mut uniq: Vec<&str> = Vec::new();
    for r in roots {
        if !uniq.contains(&r) {
            uniq.push(r);
        }
    }
    Some((
        format!(
            "writes {stray}, outside the folders the context describes ({})",
            uniq.iter()
                .map(|r| format!("{r}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "move it under the existing layout, or say why it needs a new top-level folder".to_string(),
    ))
}

//! A spec that is already a plan: numbered steps or stages that name the
//! files, identifiers or tests they involve. Its steps become the tasks, with
//! what they name as their outputs, their stated order as dependencies, their
//! tests as verification, and the requirements they cite (Kiro's
//! `_Requirements: 1.1, 2.3_`) as what they cover. A checkpoint is not work:
//! it becomes part of the check of the step before it. A step that names no
//! output is a draft.
use std::collections::HashSet;

use crate::plan::Session;
use crate::plan::reader::{PlanStep, steps};
use crate::planners::answer::{AnswerDependency, AnswerTask, TaskListAnswer};

use super::layout::Layout;

/// The plan the spec already is, or `None` when it is not one: fewer than
/// two steps, or most steps name neither an output nor a test, or the spec
/// states requirements and is not titled as a plan.
pub fn as_plan(session: &Session, _layout: &Layout) -> Option<TaskListAnswer> {
    let (all, whole) = steps(&session.spec.text);
    let work: Vec<&PlanStep> = all.iter().filter(|s| !s.checkpoint).collect();
    if work.len() < 2 || !(whole || session.spec.requirements.is_empty()) {
        return None;
    }
    let named = work
        .iter()
        .filter(|s| !outputs(s).is_empty() || check_of(s).is_some())
        .count();
    if named * 2 < work.len() {
        return None;
    }
    let known: HashSet<&str> = session
        .spec
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let mut tasks: Vec<AnswerTask> = Vec::new();
    // Per group, in order: its tasks' numbers.
    let mut groups: Vec<(Option<String>, Vec<u32>, bool)> = Vec::new();
    for s in &all {
        if s.checkpoint {
            // Fold the checkpoint into the check of the task before it.
            if let Some(last) = tasks.last_mut() {
                let v = last.verification.get_or_insert_with(String::new);
                if !v.is_empty() {
                    v.push_str("; then ");
                }
                v.push_str(&format!("the checkpoint holds: {}", s.title));
            }
            continue;
        }
        let number = tasks.len() as u32 + 1;
        let (title, lead) = title_of(&s.title);
        let produces = outputs(s);
        let covers: Vec<String> = cited(s)
            .into_iter()
            .filter(|id| known.contains(id.as_str()))
            .collect();
        let mut description = lead;
        for d in s.details.iter().filter(|d| !is_citation(d)) {
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(d.trim_end_matches('.'));
            description.push('.');
        }
        let draft = produces.is_empty();
        tasks.push(AnswerTask {
            number: Some(number),
            title,
            description,
            produces,
            depends_on: Some(Vec::new()),
            covers,
            verification: check_of(s),
            draft,
        });
        match groups.last_mut() {
            Some((g, members, _)) if *g == s.group => members.push(number),
            _ => groups.push((s.group.clone(), vec![number], s.number.is_some())),
        }
    }
    // Order: within a numbered group one step after another; a bulleted
    // group's steps side by side; each group after the one before it, through
    // the fewest edges that keep that order.
    let mut prev_ends: Vec<u32> = Vec::new();
    for (_, members, numbered) in &groups {
        let (starts, ends): (Vec<u32>, Vec<u32>) = if *numbered {
            for w in members.windows(2) {
                add_dep(&mut tasks, w[1], w[0]);
            }
            (members[..1].to_vec(), members[members.len() - 1..].to_vec())
        } else {
            (members.clone(), members.clone())
        };
        for &s in &starts {
            for &e in &prev_ends {
                add_dep(&mut tasks, s, e);
            }
        }
        prev_ends = ends;
    }
    let drafts = tasks.iter().filter(|t| t.draft).count();
    let mut notes = vec![format!(
        "the spec is already a plan: its {} steps are the tasks, in its order{}",
        tasks.len(),
        if drafts > 0 {
            format!("; {drafts} name no file or identifier and are drafts")
        } else {
            String::new()
        }
    )];
    if session.spec.requirements.is_empty() {
        notes.push("the spec states no requirements, so the tasks cover none".to_string());
    }
    Some(TaskListAnswer { tasks, notes })
}

fn add_dep(tasks: &mut [AnswerTask], task: u32, on: u32) {
    if let Some(t) = tasks.get_mut(task as usize - 1)
        && let Some(deps) = &mut t.depends_on
        && !deps.iter().any(|d| d.task == on)
    {
        deps.push(AnswerDependency {
            task: on,
            kind: crate::plan::DepKind::Other,
        });
    }
}

/// "Fix dotfile staging: adjust `new` …" → ("Fix dotfile staging", "Adjust `new` …").
fn title_of(text: &str) -> (String, String) {
    if let Some((head, rest)) = text.split_once(": ")
        && head.split_whitespace().count() <= 7
        && !head.contains('`')
    {
        let rest = rest.trim();
        let mut c = rest.chars();
        let lead = match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect::<String>(),
            None => String::new(),
        };
        return (head.trim().to_string(), lead);
    }
    (text.trim().to_string(), String::new())
}

/// A name only code has: `gh_create_api`, `ModelPaths.base`, `RepoVisibility`,
/// `resolveModel`, `Foo::bar`; not a plain word such as `new`, `current` or
/// `complete`, which may be a command, a parameter or English, nor a
/// constant in capitals or a call with its arguments.
fn code_name(t: &str) -> bool {
    let t = t.trim_end_matches("()");
    let chars: Vec<char> = t.chars().collect();
    let shaped = t.len() >= 3
        && chars
            .first()
            .is_some_and(|c| c.is_alphabetic() || *c == '_')
        && chars
            .iter()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':'))
        && !chars
            .iter()
            .all(|c| c.is_uppercase() || *c == '_' || c.is_ascii_digit());
    let joined = t.contains('_') || t.contains('.') || t.contains("::");
    let hump = chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase());
    shaped && (joined || hump)
}

/// The files a step names, or when it names none, the identifiers it changes
/// (`gh_create_api`, `ModelPaths.base`), in code ticks.
fn outputs(s: &PlanStep) -> Vec<String> {
    let mut files = Vec::new();
    let mut idents = Vec::new();
    for text in std::iter::once(&s.title).chain(s.details.iter()) {
        for (i, part) in text.split('`').enumerate() {
            let t = part.trim();
            if i % 2 == 0 || t.is_empty() || t.contains(char::is_whitespace) || t.starts_with('-') {
                continue;
            }
            if super::text::project_file(t) {
                if !files.contains(&t.to_string()) {
                    files.push(t.to_string());
                }
            } else if code_name(t) && !idents.contains(&t.to_string()) {
                idents.push(t.to_string());
            }
        }
    }
    if files.is_empty() {
        idents.truncate(4);
        idents
    } else {
        files
    }
}

/// What checks a step: the sentences of it that name a test, a check or a
/// command to run.
fn check_of(s: &PlanStep) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for text in std::iter::once(&s.title).chain(s.details.iter()) {
        for sentence in text.split(['.', ';']) {
            let l = sentence.to_lowercase();
            let testy = ["test", "tests", "verify", "assert", "confirm", "spec"]
                .iter()
                .any(|w| l.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w));
            if testy && sentence.split_whitespace().count() >= 3 {
                found.push(sentence.trim().to_string());
            }
        }
    }
    found.dedup();
    (!found.is_empty()).then(|| found.into_iter().take(2).collect::<Vec<_>>().join("; "))
}

fn is_citation(d: &str) -> bool {
    let l = d.trim().to_lowercase();
    l.starts_with("requirements:") || l.starts_with("validates:") || l.starts_with("**validates")
}

/// Requirement ids a step cites: "Requirements: 1.1, 2.3".
fn cited(s: &PlanStep) -> Vec<String> {
    s.details
        .iter()
        .filter(|d| is_citation(d))
        .flat_map(|d| {
            d.split_once(':')
                .map(|(_, ids)| ids.to_string())
                .unwrap_or_default()
                .split([',', ' '])
                .map(|x| x.trim().trim_end_matches(['.', '_', '*']).to_string())
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

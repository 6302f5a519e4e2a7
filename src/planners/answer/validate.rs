//! Checking a typed answer against the session before it becomes a proposal:
//! unknown task numbers, self-dependencies, duplicates, empty titles and
//! texts, unknown requirement ids, and dependency cycles. Every message speaks
//! in the task numbers the model was shown and says what to change, because
//! the list goes back to the model verbatim in the re-ask.
use std::collections::{HashMap, HashSet};

use super::cycles::find_cycle;
use super::types::*;
use crate::plan::{RequirementId, Session, TaskId};

/// Every problem found; empty when the answer can be used.
pub fn validate(answer: &Answer, session: &Session) -> Vec<String> {
    let mut errors = Vec::new();
    match answer {
        Answer::TaskList(a) => task_list(a, session, &mut errors),
        Answer::DependencyMap(a) => dependency_map(a, session, &mut errors),
        Answer::AmbiguityList(a) => ambiguities(a, session, &mut errors),
        Answer::VerificationList(a) => verifications(a, session, &mut errors),
        Answer::CoverageGaps(a) => gaps(a, session, &mut errors),
        Answer::IntegrationConcerns(a) => concerns(a, session, &mut errors),
    }
    errors
}

/// The requirement an answer means by `text`: its id in any case, or an id
/// followed by its text (`"FR-1: Emit an event"`).
pub fn requirement_id(text: &str, session: &Session) -> Option<RequirementId> {
    let t = text.trim();
    let find = |s: &str| {
        session
            .spec
            .requirements
            .iter()
            .find(|r| r.id.as_str().eq_ignore_ascii_case(s))
    };
    if let Some(r) = find(t) {
        return Some(r.id.clone());
    }
    let head = t
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ')' | '('))
        .find(|p| !p.is_empty())?;
    find(head.trim_end_matches('.')).map(|r| r.id.clone())
}

fn plan_range(session: &Session) -> String {
    match session.tasks.len() {
        0 => "the plan has no tasks yet".to_string(),
        1 => "the plan has only task 1".to_string(),
        n => format!("the plan has tasks 1 to {n}"),
    }
}

fn requirement_list(session: &Session) -> String {
    let ids: Vec<&str> = session
        .spec
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    if ids.len() > 16 {
        format!("{}, …", ids[..16].join(", "))
    } else {
        ids.join(", ")
    }
}

fn cycle_text(cycle: &[u32]) -> String {
    let mut parts: Vec<String> = cycle.iter().map(|n| n.to_string()).collect();
    if let Some(first) = cycle.first() {
        parts.push(first.to_string());
    }
    parts.join(" → ")
}

fn norm_title(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn task_list(a: &TaskListAnswer, s: &Session, errors: &mut Vec<String>) {
    let n = s.tasks.len() as u32;
    if a.tasks.is_empty() {
        errors.push("the answer lists no tasks; give the complete task list".to_string());
        return;
    }
    let label = |t: &AnswerTask, pos: usize| match t.number {
        Some(k) => format!("task {k}"),
        None => format!("the task at position {pos}"),
    };
    let mut numbers: HashMap<u32, &str> = HashMap::new();
    let mut titles: HashMap<String, String> = HashMap::new();
    for (i, t) in a.tasks.iter().enumerate() {
        let me = label(t, i + 1);
        if let Some(k) = t.number {
            if k == 0 {
                errors.push("task number 0 is not valid; numbers start at 1".to_string());
            } else if let Some(other) = numbers.insert(k, &t.title) {
                errors.push(format!(
                    "task number {k} is used twice ('{other}' and '{}'); give each task its own number",
                    t.title
                ));
            }
        }
        if t.title.trim().is_empty() {
            errors.push(format!("{me} has an empty title"));
        } else if let Some(first) = titles.insert(norm_title(&t.title), me.clone()) {
            errors.push(format!(
                "{first} and {me} have the same title '{}'; merge them or give them distinct titles",
                t.title.trim()
            ));
        }
    }
    let known: HashSet<u32> = numbers.keys().copied().collect();
    for (i, t) in a.tasks.iter().enumerate() {
        let me = label(t, i + 1);
        let mut seen = HashSet::new();
        for d in t.depends_on.iter().flatten() {
            if Some(d.task) == t.number {
                errors.push(format!("{me} depends on itself"));
            } else if !known.contains(&d.task) {
                if (1..=n).contains(&d.task) {
                    errors.push(format!(
                        "{me} depends on task {}, which is not in your list; keep task {} in the list or drop the dependency",
                        d.task, d.task
                    ));
                } else {
                    errors.push(format!(
                        "{me} depends on task {}, which does not exist",
                        d.task
                    ));
                }
            } else if !seen.insert(d.task) {
                errors.push(format!("{me} lists task {} twice in depends_on", d.task));
            }
        }
        if !s.spec.requirements.is_empty() {
            for c in &t.covers {
                if requirement_id(c, s).is_none() {
                    errors.push(format!(
                        "{me} covers `{c}`, which is not a requirement id (the ids are {})",
                        requirement_list(s)
                    ));
                }
            }
        }
    }
    // An existing task whose depends_on was left out keeps its current
    // dependencies, so they count too (as the numbers the model was shown).
    let number = numbers_of(s);
    let kept = |k: u32| -> Option<Vec<u32>> {
        let task = s.tasks.get((k as usize).checked_sub(1)?)?;
        Some(
            task.depends_on
                .iter()
                .filter_map(|d| number.get(&d.on).copied())
                .collect(),
        )
    };
    let nodes: Vec<(u32, Vec<u32>)> = a
        .tasks
        .iter()
        .filter_map(|t| {
            let k = t.number?;
            let deps = match &t.depends_on {
                Some(deps) => deps.iter().map(|d| d.task).collect(),
                None => kept(k).unwrap_or_default(),
            };
            Some((k, deps))
        })
        .collect();
    if let Some(c) = find_cycle(&nodes) {
        let keeps = a
            .tasks
            .iter()
            .any(|t| t.depends_on.is_none() && t.number.is_some_and(|k| c.contains(&k)));
        let hint = if keeps {
            " (a task without depends_on keeps its current dependencies; give depends_on for every task)"
        } else {
            ""
        };
        errors.push(format!(
            "tasks {} depend on each other in a cycle{hint}; remove one of these dependencies",
            cycle_text(&c)
        ));
    }
}

/// The number (1-based position) the model was shown for each task id, the
/// first task's when two share one: one lookup per dependency instead of a
/// scan of the plan, so large plans stay linear.
fn numbers_of(s: &Session) -> HashMap<TaskId, u32> {
    let mut number = HashMap::with_capacity(s.tasks.len());
    for (i, t) in s.tasks.iter().enumerate() {
        number.entry(t.id).or_insert(i as u32 + 1);
    }
    number
}

/// Checks shared by every answer that names existing tasks by number.
fn known_task(k: u32, s: &Session, what: &str, errors: &mut Vec<String>) -> bool {
    if k == 0 || k as usize > s.tasks.len() {
        errors.push(format!(
            "{what} task {k}, which does not exist ({})",
            plan_range(s)
        ));
        return false;
    }
    true
}

fn dependency_map(a: &DependencyMapAnswer, s: &Session, errors: &mut Vec<String>) {
    let mut listed: HashMap<u32, Vec<u32>> = HashMap::new();
    for t in &a.tasks {
        if !known_task(t.task, s, "the map lists", errors) {
            continue;
        }
        if listed.contains_key(&t.task) {
            errors.push(format!(
                "task {} is listed twice; list each task once with all of its dependencies",
                t.task
            ));
            continue;
        }
        let mut seen = HashSet::new();
        for d in &t.depends_on {
            if d.task == t.task {
                errors.push(format!("task {} depends on itself", t.task));
            } else if known_task(d.task, s, &format!("task {} depends on", t.task), errors)
                && !seen.insert(d.task)
            {
                errors.push(format!(
                    "task {} lists task {} twice in depends_on",
                    t.task, d.task
                ));
            }
        }
        listed.insert(t.task, t.depends_on.iter().map(|d| d.task).collect());
    }
    let number = numbers_of(s);
    let nodes: Vec<(u32, Vec<u32>)> = s
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = i as u32 + 1;
            let deps = listed.get(&k).cloned().unwrap_or_else(|| {
                t.depends_on
                    .iter()
                    .filter_map(|d| number.get(&d.on).copied())
                    .collect()
            });
            (k, deps)
        })
        .collect();
    if let Some(c) = find_cycle(&nodes) {
        errors.push(format!(
            "with these dependencies tasks {} form a cycle; remove one of these dependencies",
            cycle_text(&c)
        ));
    }
}

fn ambiguities(a: &AmbiguityListAnswer, s: &Session, errors: &mut Vec<String>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, amb) in a.ambiguities.iter().enumerate() {
        let k = i + 1;
        if amb.summary.trim().is_empty() {
            errors.push(format!("ambiguity {k} has an empty summary"));
        } else if let Some(first) = seen.insert(norm_title(&amb.summary), k) {
            errors.push(format!(
                "ambiguities {first} and {k} say the same thing ('{}'); keep one",
                amb.summary.trim()
            ));
        }
        for t in &amb.affects {
            known_task(*t, s, &format!("ambiguity {k} affects"), errors);
        }
    }
}

fn verifications(a: &VerificationListAnswer, s: &Session, errors: &mut Vec<String>) {
    // Drafts are checked once they are broken down; a plan of drafts only
    // has nothing to verify yet.
    if a.tasks.is_empty() && s.tasks.iter().any(|t| !t.draft) {
        errors.push(
            "the answer gives no verification conditions; give one for every task that is not a draft"
                .to_string(),
        );
    }
    let mut seen = HashSet::new();
    for v in &a.tasks {
        if !known_task(v.task, s, "the answer verifies", errors) {
            continue;
        }
        if !seen.insert(v.task) {
            errors.push(format!(
                "task {} is listed twice; give one verification per task",
                v.task
            ));
        }
        if v.verification.trim().is_empty() {
            errors.push(format!(
                "task {} has an empty verification; give a command, a test file or a result someone can observe",
                v.task
            ));
        }
    }
}

fn gaps(a: &CoverageGapsAnswer, s: &Session, errors: &mut Vec<String>) {
    for (i, g) in a.gaps.iter().enumerate() {
        if let Some(r) = &g.requirement
            && requirement_id(r, s).is_none()
        {
            errors.push(format!(
                "gap {} names requirement `{r}`, which does not exist (the ids are {}); use null for intent without an id",
                i + 1,
                requirement_list(s)
            ));
        }
        if g.text.trim().is_empty() {
            errors.push(format!("gap {} has an empty text", i + 1));
        }
    }
}

fn concerns(a: &IntegrationConcernsAnswer, s: &Session, errors: &mut Vec<String>) {
    for (i, c) in a.concerns.iter().enumerate() {
        if let Some(t) = c.task {
            known_task(t, s, &format!("concern {} is about", i + 1), errors);
        }
        if c.text.trim().is_empty() {
            errors.push(format!("concern {} has an empty text", i + 1));
        }
    }
}

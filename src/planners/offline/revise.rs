//! Revising the plan after decisions, by rule: each decision (constraint) is
//! written into the description of the tasks it concerns — the tasks its
//! ambiguity lists as affected, or else the tasks that share at least two
//! significant words with it, and at least half of the decision's — unless
//! they already name it. A decision that
//! concerns no task becomes a new task at the end, so it is not lost.
use crate::plan::{Constraint, Session, Task};
use crate::planners::answer::{AnswerDependency, AnswerTask, TaskListAnswer};

use super::layout::Layout;
use super::text::{STOP, shorten, singular, words};
use super::verify;

pub fn revise(session: &Session, layout: &Layout) -> TaskListAnswer {
    let mut tasks: Vec<AnswerTask> = session
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| unchanged(i, t))
        .collect();
    let mut next = session.tasks.len() as u32 + 1;
    let mut notes = Vec::new();
    // Each task's description without the decisions that no longer hold (a
    // constraint removed, or decided again in other words).
    let mut descriptions: Vec<String> = session
        .tasks
        .iter()
        .map(|t| without_stale_decisions(&t.description, session))
        .collect();
    let stale: Vec<String> = session
        .tasks
        .iter()
        .zip(&descriptions)
        .enumerate()
        .filter(|(_, (t, d))| t.description != **d)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !stale.is_empty() {
        notes.push(format!(
            "decisions that no longer hold were taken out of task {}",
            stale.join(", ")
        ));
    }
    for c in &session.spec.constraints {
        let concerned = concerned(session, c);
        let tag = c.id.to_string();
        let mut changed = Vec::new();
        for &i in &concerned {
            if follows(&descriptions[i]).any(|(id, _)| id == tag) {
                continue;
            }
            let base = descriptions[i].trim_end().to_string();
            let sep = if base.is_empty() { "" } else { "\n" };
            descriptions[i] = format!("{base}{sep}Follows {tag}: {}", c.text.trim());
            changed.push(format!("{}", i + 1));
        }
        if concerned.is_empty() {
            let mut t = Task::new(
                crate::plan::TaskId(0),
                format!(
                    "Apply decision {tag}: {}",
                    shorten(&c.text, 60).trim_end_matches('.')
                ),
            );
            t.description = format!("Follows {tag}: {}", c.text.trim());
            let verification = verify::for_task(&t, layout);
            tasks.push(AnswerTask {
                number: Some(next),
                title: t.title,
                description: t.description,
                produces: Vec::new(),
                depends_on: Some(Vec::new()),
                covers: Vec::new(),
                verification: Some(verification),
                draft: false,
            });
            notes.push(format!(
                "{tag} concerns no existing task, so it became task {next}"
            ));
            next += 1;
        } else if !changed.is_empty() {
            notes.push(format!(
                "{tag} was written into task {}",
                changed.join(", ")
            ));
        }
    }
    for (i, d) in descriptions.into_iter().enumerate() {
        if d != session.tasks[i].description {
            tasks[i].description = d;
        }
    }
    TaskListAnswer { tasks, notes }
}

/// The "Follows C3: text" lines of a description, as (id, text).
fn follows(description: &str) -> impl Iterator<Item = (&str, &str)> {
    description.lines().filter_map(|l| {
        let rest = l.trim().strip_prefix("Follows ")?;
        let (id, text) = rest.split_once(": ")?;
        (id.starts_with('C') && id[1..].chars().all(|c| c.is_ascii_digit()) && id.len() > 1)
            .then_some((id, text))
    })
}

/// `description` without the "Follows Cn: …" lines whose constraint is gone
/// or now says something else.
fn without_stale_decisions(description: &str, session: &Session) -> String {
    let holds = |line: &str| {
        let Some((id, text)) = follows(line).next() else {
            return true;
        };
        session
            .spec
            .constraints
            .iter()
            .any(|c| c.id.to_string() == id && c.text.trim() == text.trim())
    };
    if follows(description).all(|(id, text)| holds(&format!("Follows {id}: {text}"))) {
        return description.to_string();
    }
    description
        .lines()
        .filter(|l| holds(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The task as it is: an answer entry that changes nothing.
fn unchanged(i: usize, t: &Task) -> AnswerTask {
    AnswerTask {
        number: Some(i as u32 + 1),
        title: t.title.clone(),
        description: String::new(),
        produces: Vec::new(),
        depends_on: None::<Vec<AnswerDependency>>,
        covers: Vec::new(),
        verification: None,
        draft: false,
    }
}

/// Positions of the tasks a decision concerns.
fn concerned(session: &Session, c: &Constraint) -> Vec<usize> {
    if let Some(a) = c.from.and_then(|a| session.ambiguity(a))
        && !a.affects.is_empty()
    {
        let mut v: Vec<usize> = a
            .affects
            .iter()
            .filter_map(|t| session.position(*t))
            .collect();
        v.sort();
        return v;
    }
    session
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| talks_about(t, c))
        .map(|(i, _)| i)
        .collect()
}

/// Whether a task is about what a decision talks about: most of the
/// decision's significant words appear in its title, description or outputs.
pub fn talks_about(t: &Task, c: &Constraint) -> bool {
    let key = significant(&c.text);
    let tw = significant(&format!(
        "{} {} {}",
        t.title,
        t.description,
        t.produces.join(" ")
    ));
    // Another form of a word counts (`validated`, `validate`).
    let stems: Vec<&str> = tw.iter().map(|w| super::truth::stem(w)).collect();
    let shared = key
        .iter()
        .filter(|w| stems.contains(&super::truth::stem(w)))
        .count();
    shared >= 2 && shared * 2 >= key.len()
}

fn significant(text: &str) -> Vec<String> {
    let generic = [
        "task", "tasks", "use", "uses", "add", "make", "should", "must", "new", "plan",
    ];
    let mut out: Vec<String> = words(text)
        .into_iter()
        .filter(|w| {
            w.len() > 2
                && !STOP.contains(&w.as_str())
                && !generic.contains(&w.as_str())
                && w.chars().all(char::is_alphabetic)
        })
        .map(|w| singular(&w))
        .collect();
    out.sort();
    out.dedup();
    out
}

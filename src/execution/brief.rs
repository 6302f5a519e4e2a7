//! The brief for a coding agent: one task, ready to paste — what to build
//! and where, how to tell it is done, the requirements, decisions and
//! constraints it must follow, the questions still open about it, what the
//! tasks before it produced, and the
//! parts of the existing-system description that concern it — within a
//! size the user sets.
//!
//! The task itself (what to build, its files, its verification, how to
//! report back) is always there. The rest is added in that order while it
//! fits: requirements, constraints, open questions, earlier outputs (what does not fit is
//! counted), then sections of the context, most relevant first (words of
//! the task found in the section), shown in their own order. Text from the
//! plan is stripped of terminal control characters.
use std::collections::HashSet;
use std::fmt::Write as _;

use super::TaskContext;
use crate::plan::Session;
use crate::sanitize::for_file;

/// The size asked for when the user gives none (about 4,000 tokens).
pub const DEFAULT_MAX_CHARS: usize = 16_000;
/// Smaller than this cannot hold a useful brief.
pub const MIN_MAX_CHARS: usize = 500;

/// A brief and what was left out to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub text: String,
    /// The task alone is larger than the size asked for (it is all there).
    pub over_budget: bool,
    /// What did not fit, for a note to the user: `3 constraints`, `5
    /// sections of the existing-system context`.
    pub left_out: Vec<String>,
}

/// The brief for the task at plan `position`. `session_ref` is how the
/// session is named in the commands the brief suggests.
pub fn brief(
    session: &Session,
    position: usize,
    max_chars: usize,
    session_ref: &str,
) -> Option<Brief> {
    let ctx = TaskContext::new(session, position)?;
    let t = ctx.task;
    let clean = |s: &str| for_file(s).trim().to_string();
    let mut left_out = Vec::new();

    let mut head = String::new();
    let _ = writeln!(head, "# Task {}: {}\n", t.id, clean(&t.title));
    let _ = writeln!(
        head,
        "You are implementing one task of the plan \"{}\" (task {} of {}). Do this task only; do not start the tasks that come after it.\n",
        clean(&session.title),
        ctx.position + 1,
        session.tasks.len()
    );
    let _ = writeln!(head, "## What to build\n");
    if t.description.trim().is_empty() {
        let _ = writeln!(head, "{}\n", clean(&t.title));
    } else {
        let _ = writeln!(head, "{}\n", clean(&t.description));
    }
    if t.produces.is_empty() {
        let _ = writeln!(
            head,
            "The plan names no files for this task: keep the change as small as the title says.\n"
        );
    } else {
        let _ = writeln!(head, "Files, types or schema it creates or changes:");
        for p in &t.produces {
            let _ = writeln!(head, "- {}", clean(p));
        }
        head.push('\n');
    }
    let _ = writeln!(head, "## Done when\n");
    match t
        .verification
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(v) => {
            let _ = writeln!(
                head,
                "{}\n\nRun this check yourself and show its result before you say the task is done.\n",
                clean(v)
            );
        }
        None => {
            let _ = writeln!(
                head,
                "The plan gives no verification for this task yet. Say how you checked it.\n"
            );
        }
    }
    let mut tail = String::new();
    let _ = writeln!(tail, "## When you are done\n");
    let _ = writeln!(
        tail,
        "Report what you changed and the check's result. Then the task is marked with:\n\n    planner-tui status {session_ref} {} done\n\n(or `review` if a person should look first, `blocked` if something outside the task stops you).",
        t.id
    );

    let mut budget = max_chars.saturating_sub(head.chars().count() + tail.chars().count());
    let over_budget = head.chars().count() + tail.chars().count() > max_chars;
    let mut body = String::new();

    let requirements: Vec<String> = ctx
        .requirements
        .iter()
        .map(|(id, r)| match r {
            Some(r) => format!("- {}: {}", clean(id.as_str()), clean(&r.text)),
            None => format!("- {} (not found in the spec)", clean(id.as_str())),
        })
        .collect();
    section(
        &mut body,
        &mut budget,
        &mut left_out,
        "## Requirements it covers",
        &requirements,
        ("requirement", "requirements"),
    );
    let constraints: Vec<String> = ctx
        .constraints
        .iter()
        .map(|c| format!("- {}: {}", c.id, clean(&c.text)))
        .collect();
    section(
        &mut body,
        &mut budget,
        &mut left_out,
        "## Decisions and constraints to follow",
        &constraints,
        ("constraint", "constraints"),
    );
    // Questions still open about this task: the agent should not guess.
    let open: Vec<String> = session
        .ambiguities
        .iter()
        .filter(|a| a.is_open() && a.affects.contains(&t.id))
        .map(|a| {
            let hint = clean(&a.resolution_hint);
            if hint.is_empty() {
                format!("- {}: {}", a.id, clean(&a.summary))
            } else {
                format!(
                    "- {}: {} (a way to settle it: {hint})",
                    a.id,
                    clean(&a.summary)
                )
            }
        })
        .collect();
    section(
        &mut body,
        &mut budget,
        &mut left_out,
        "## Open questions about this task\n\nThe plan has not settled these. Do not guess: keep the code easy to change on these points, and say which choice you made.",
        &open,
        ("open question", "open questions"),
    );
    let outputs: Vec<String> = ctx
        .dependencies
        .iter()
        .map(|(d, dep)| match dep {
            Some(dep) => {
                let produced = if dep.produces.is_empty() {
                    "(it names no files)".to_string()
                } else {
                    dep.produces
                        .iter()
                        .map(|p| clean(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!(
                    "- {} {} ({} dependency, {}): {produced}",
                    d.on,
                    clean(&dep.title),
                    d.kind,
                    dep.status.as_str()
                )
            }
            None => format!("- {} (not in the plan)", d.on),
        })
        .collect();
    section(
        &mut body,
        &mut budget,
        &mut left_out,
        "## What earlier tasks produced (build on these; do not redo them)",
        &outputs,
        ("earlier task", "earlier tasks"),
    );
    context(
        &mut body,
        &mut budget,
        &mut left_out,
        &session.spec.context,
        &ctx,
    );

    Some(Brief {
        text: format!("{head}{body}{tail}"),
        over_budget,
        left_out,
    })
}

/// A heading and its lines, as many as fit; what does not fit is counted.
fn section(
    out: &mut String,
    budget: &mut usize,
    left_out: &mut Vec<String>,
    heading: &str,
    lines: &[String],
    (one, many): (&str, &str),
) {
    if lines.is_empty() {
        return;
    }
    let mut text = format!("{heading}\n\n");
    let mut used = 0;
    for line in lines {
        let more = format!("{line}\n");
        // Room for this line and the "… more" note after it.
        if text.chars().count() + more.chars().count() + 40 > *budget {
            break;
        }
        text.push_str(&more);
        used += 1;
    }
    if used == 0 {
        left_out.push(count(lines.len(), one, many));
        return;
    }
    if used < lines.len() {
        let rest = lines.len() - used;
        let _ = writeln!(
            text,
            "- … and {} (planner-tui show lists them)",
            count(rest, one, "more")
        );
        left_out.push(count(rest, one, many));
    }
    text.push('\n');
    *budget = budget.saturating_sub(text.chars().count());
    out.push_str(&text);
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The sections of the existing-system description that share words with
/// the task, most relevant first, shown in their own order.
fn context(
    out: &mut String,
    budget: &mut usize,
    left_out: &mut Vec<String>,
    context: &str,
    ctx: &TaskContext<'_>,
) {
    let context = for_file(context);
    if context.trim().is_empty() {
        return;
    }
    let heading = "## The existing system (the parts that concern this task)\n\n";
    let words = task_words(ctx);
    let chunks = chunks(&context);
    let mut scored: Vec<(usize, usize)> = chunks
        .iter()
        .enumerate()
        .map(|(i, c)| (i, score(c, &words)))
        .filter(|&(_, s)| s > 0)
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut room = budget.saturating_sub(heading.len());
    let mut chosen = Vec::new();
    for &(i, _) in &scored {
        let len = chunks[i].chars().count() + 2;
        if len <= room {
            room -= len;
            chosen.push(i);
        }
    }
    if chosen.is_empty() {
        if !scored.is_empty() {
            left_out.push(count(
                scored.len(),
                "section of the existing-system context",
                "sections of the existing-system context",
            ));
        }
        return;
    }
    if chosen.len() < scored.len() {
        let rest = scored.len() - chosen.len();
        left_out.push(count(
            rest,
            "relevant section of the existing-system context",
            "relevant sections of the existing-system context",
        ));
    }
    chosen.sort_unstable();
    out.push_str(heading);
    for i in chosen {
        out.push_str(chunks[i].trim_end());
        out.push_str("\n\n");
    }
    *budget = room;
}

/// The context in sections: a Markdown heading starts one; without
/// headings, each paragraph is one.
fn chunks(text: &str) -> Vec<String> {
    let has_headings = text.lines().any(|l| l.trim_start().starts_with('#'));
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let starts = if has_headings {
            line.trim_start().starts_with('#')
        } else {
            line.trim().is_empty()
        };
        if starts && !current.trim().is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !(line.trim().is_empty() && current.is_empty()) {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Words that say what the task is about: from its title, description,
/// outputs (path parts and file stems) and the requirements it covers.
fn task_words(ctx: &TaskContext<'_>) -> HashSet<String> {
    let t = ctx.task;
    let mut text = format!("{} {} {}", t.title, t.description, t.produces.join(" "));
    for (_, r) in &ctx.requirements {
        if let Some(r) = r {
            text.push(' ');
            text.push_str(&r.text);
        }
    }
    words(&text)
        .filter(|w| w.len() >= 4 && !STOP.contains(&w.as_str()))
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

fn score(chunk: &str, task: &HashSet<String>) -> usize {
    let found: HashSet<String> = words(chunk).filter(|w| task.contains(w)).collect();
    found.len()
}

/// Common words that say nothing about what a task touches.
const STOP: &[&str] = &[
    "that", "this", "with", "from", "when", "each", "every", "have", "will", "into", "they",
    "them", "then", "than", "there", "their", "what", "which", "while", "where", "should", "must",
    "only", "also", "does", "done", "make", "sure", "more", "most", "some", "such", "used", "uses",
    "using", "after", "before", "over", "under", "other", "about", "task", "tasks", "create",
    "add", "adds", "file", "files", "test", "tests", "src", "the",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Constraint, ConstraintId, Task, TaskId, Timestamp};

    fn session() -> Session {
        let mut s = Session::new("s", "Webhooks", Timestamp(0));
        s.spec.context = "# Billing\nInvoices live in the billing schema.\n\n# Queue\nJobs run on the Redis queue named deliveries.\n\n# Auth\nTokens are JWTs.\n".into();
        let mut t1 = Task::new(TaskId(1), "Create the deliveries table");
        t1.produces = vec!["migrations/002_deliveries.sql".into()];
        t1.status = crate::plan::TaskStatus::Done;
        let mut t2 = Task::new(TaskId(2), "Delivery worker on the queue");
        t2.description = "Consume deliveries jobs and post them.".into();
        t2.produces = vec!["src/jobs/deliver.ts".into()];
        t2.verification = Some("npm test -- tests/jobs/deliver.test.ts".into());
        t2.depends_on = vec![crate::plan::Dependency::new(
            TaskId(1),
            crate::plan::DepKind::Schema,
        )];
        s.tasks = vec![t1, t2];
        s.spec.constraints = (1..=30)
            .map(|i| {
                Constraint::new(
                    ConstraintId(i),
                    format!("Rule number {i} that every task follows"),
                    None,
                )
            })
            .collect();
        s
    }

    #[test]
    fn the_brief_has_the_task_its_inputs_and_the_relevant_context() {
        let b = brief(&session(), 1, DEFAULT_MAX_CHARS, "plan.toml").unwrap();
        let t = &b.text;
        assert!(
            t.starts_with("# Task T2: Delivery worker on the queue\n"),
            "{t}"
        );
        assert!(t.contains("- src/jobs/deliver.ts"), "{t}");
        assert!(t.contains("npm test -- tests/jobs/deliver.test.ts"), "{t}");
        assert!(t.contains("- T1 Create the deliveries table (schema dependency, done): migrations/002_deliveries.sql"), "{t}");
        assert!(t.contains("- C30: Rule number 30"), "{t}");
        assert!(
            t.contains("Jobs run on the Redis queue named deliveries."),
            "{t}"
        );
        assert!(!t.contains("Invoices"), "irrelevant context stays out: {t}");
        assert!(t.ends_with("planner-tui status plan.toml T2 done\n\n(or `review` if a person should look first, `blocked` if something outside the task stops you).\n"), "{t}");
        assert!(b.left_out.is_empty() && !b.over_budget);
    }

    #[test]
    fn a_small_size_keeps_the_task_and_counts_what_it_leaves_out() {
        let b = brief(&session(), 1, 1300, "plan.toml").unwrap();
        assert!(b.text.chars().count() <= 1300, "{}", b.text.chars().count());
        assert!(b.text.contains("## Done when"));
        assert!(
            b.text.contains("(planner-tui show lists them)"),
            "{}",
            b.text
        );
        assert!(
            b.left_out.iter().any(|l| l.ends_with("constraints")),
            "{:?}",
            b.left_out
        );
        let tiny = brief(&session(), 1, MIN_MAX_CHARS, "plan.toml").unwrap();
        assert!(
            tiny.over_budget,
            "the task alone is larger than 500 characters"
        );
        assert!(tiny.text.contains("npm test"));
    }
}

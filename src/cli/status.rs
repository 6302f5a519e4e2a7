//! `planner-tui status SESSION T3 [T4 …] STATUS [--force]`: set where tasks
//! stand (pending, in-progress, review, done, blocked, deferred,
//! cancelled). Marking a task done while something it depends on is not
//! done asks on a terminal, and without one needs `--force`. The write is
//! a narrow one under the session's short write lock, so it works while
//! the session is open in the app, which shows the change within a second.
use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use super::next::session_ref;
use super::{CliError, Context};
use crate::execution::status::{
    StatusError, describe_unfinished, edit, existing, parse_status, resolve_task_ids,
    unfinished_dependencies,
};
use crate::execution::{self, Next};
use crate::plan::{Session, TaskId, TaskStatus, Timestamp, apply};
use crate::sanitize::one_line;
use crate::store::{self, UpdateError};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// One or more tasks, then the status: T3 T4 done
    /// (pending, in-progress, review, done, blocked, deferred, cancelled)
    #[arg(value_name = "TASK… STATUS", num_args = 2.., required = true)]
    pub items: Vec<String>,
    /// Mark tasks done even though tasks they depend on are not done, without asking
    #[arg(long, short)]
    pub force: bool,
}

pub fn run(ctx: &Context, args: &StatusArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(Some(&args.session))?;
    let Some((status_text, id_texts)) = args.items.split_last() else {
        return Err(CliError::usage("name the tasks, then the status: T3 done"));
    };
    let status = parse_status(status_text).map_err(|e| {
        CliError::usage(format!(
            "{e}; the status comes last: planner-tui status SESSION T3 [T4 …] STATUS"
        ))
    })?;
    // Ids are read against the plan: an imported plan's own ids (6.1,
    // T005b) name their tasks too. Ids never change, so reading them
    // before the write is safe.
    let session = store::load(&path)?;
    let ids = resolve_task_ids(&session, id_texts).map_err(|e| CliError::usage(e.to_string()))?;

    // Ask before taking the lock: a person may take their time answering.
    let mut force = args.force;
    if !force {
        let ids = existing(&session, &ids).map_err(|e| CliError::usage(e.to_string()))?;
        let unfinished = unfinished_dependencies(&session, &ids, status);
        if !unfinished.is_empty() {
            let stdin = io::stdin();
            let yes = ask(
                &describe_unfinished(&unfinished),
                stdin.is_terminal(),
                &mut stdin.lock(),
                &mut io::stderr(),
            )
            .map_err(|e| CliError::usage(format!("cannot ask whether to go on: {e}")))?;
            if !yes {
                return Ok(ExitCode::from(1));
            }
            force = true;
        }
    }

    let result = store::update(&path, |session: &mut Session| {
        set(session, &ids, status, force)
    });
    let report = match result {
        Ok(report) => report,
        Err(UpdateError::Store(e)) => return Err(e.into()),
        Err(UpdateError::Refused(Refusal::Status(e))) => {
            return Err(CliError::usage(e.to_string()));
        }
        Err(UpdateError::Refused(Refusal::Unfinished(lines))) => {
            // Only when the plan changed between the question and the write.
            for l in lines {
                eprintln!("  {l}");
            }
            return Err(CliError {
                message: "not changed: mark those dependencies done first, or pass --force".into(),
                causes: vec![],
                code: 1,
            });
        }
    };
    for (id, was) in &report.changed {
        match was {
            Some(was) => println!("{id} {} (was {})", status.as_str(), was.as_str()),
            None => println!("{id} is already {}", status.as_str()),
        }
    }
    let name = session_ref(Some(&args.session), &path);
    match &report.next {
        Ok((id, title)) => println!("Next: {id} {title}  (planner-tui prompt {name} {id})"),
        Err(why) => println!("{why} (planner-tui next {name} says more)"),
    }
    Ok(ExitCode::SUCCESS)
}

/// What the write did: each task with its old status (`None`: unchanged),
/// and the next task afterwards.
struct Report {
    changed: Vec<(TaskId, Option<TaskStatus>)>,
    /// The next task, or the first line of why there is none.
    next: Result<(TaskId, String), String>,
}

enum Refusal {
    Status(StatusError),
    Unfinished(Vec<String>),
}

/// The change, checked again on the session as read under the lock.
fn set(
    session: &mut Session,
    ids: &[TaskId],
    status: TaskStatus,
    force: bool,
) -> Result<(Report, bool), Refusal> {
    let ids = existing(session, ids).map_err(Refusal::Status)?;
    let unfinished = unfinished_dependencies(session, &ids, status);
    if !unfinished.is_empty() && !force {
        return Err(Refusal::Unfinished(describe_unfinished(&unfinished)));
    }
    let changed: Vec<(TaskId, Option<TaskStatus>)> = ids
        .iter()
        .map(|&id| {
            let was = session.task(id).map(|t| t.status);
            (id, was.filter(|w| *w != status))
        })
        .collect();
    let edit = edit(session, &ids, status);
    let wrote = edit.is_some();
    if let Some(edit) = edit {
        // Every id exists (checked above), so the edit applies.
        apply(session, edit).map_err(|e| Refusal::Status(StatusError::BadId(e.to_string())))?;
        session.updated = Timestamp::now();
    }
    let next = match execution::next(session) {
        Next::Start { position, .. } => session
            .tasks
            .get(position)
            .map(|t| (t.id, one_line(&t.title)))
            .ok_or_else(String::new),
        Next::Idle(idle) => Err(execution::text::idle_lines(&idle)
            .first()
            .cloned()
            .unwrap_or_default()),
    };
    Ok((Report { changed, next }, wrote))
}

/// Say which dependencies are not done; on a terminal ask whether to mark
/// done anyway. `true` means go on.
fn ask(
    lines: &[String],
    interactive: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<bool> {
    for l in lines {
        writeln!(out, "{l}")?;
    }
    if !interactive {
        writeln!(
            out,
            "Not changed: mark those done first, or pass --force to mark it done anyway."
        )?;
        return Ok(false);
    }
    write!(out, "Mark done anyway? [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        writeln!(out, "Not changed.")?;
    }
    Ok(yes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_ask(interactive: bool, answer: &str) -> (bool, String) {
        let mut out = Vec::new();
        let lines = vec!["T2 depends on T1 (pending), not done yet".to_string()];
        let yes = ask(&lines, interactive, &mut answer.as_bytes(), &mut out).expect("asks");
        (yes, String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn a_terminal_is_asked_and_only_yes_goes_on() {
        let (yes, out) = run_ask(true, "y\n");
        assert!(yes);
        assert!(
            out.starts_with("T2 depends on T1 (pending), not done yet\n"),
            "{out}"
        );
        assert!(out.ends_with("Mark done anyway? [y/N] "), "{out}");
        assert!(!run_ask(true, "\n").0);
        assert!(!run_ask(true, "").0, "end of input is a no");
    }

    #[test]
    fn without_a_terminal_it_refuses_and_says_how_to_force() {
        let (yes, out) = run_ask(false, "y\n");
        assert!(!yes);
        assert!(out.contains("pass --force"), "{out}");
    }
}

//! `planner-tui lock SESSION --note TEXT [--yes]`: snapshot the plan as the
//! next numbered version. Refused (exit 1, with the list) while the analysis
//! finds errors; with ambiguities still open it asks on a terminal, and
//! without one needs `--yes`. The session lock is held from load to save.
use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use super::{CliError, Context, LockWait};
use crate::analysis::analyse;
use crate::plan::{Edit, Timestamp, apply};
use crate::sanitize::one_line;
use crate::store;
use crate::versions::{self, Counts, Gate, OpenAmbiguity, text};

/// Open ambiguities listed before the question; the rest are counted.
const LISTED: usize = 10;

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
    /// What this version is, e.g. "agreed with the payments team"
    #[arg(long, short, value_name = "TEXT")]
    pub note: String,
    /// Lock even though ambiguities are still open, without asking
    #[arg(long, short)]
    pub yes: bool,
    #[command(flatten)]
    pub lock: LockWait,
}

pub fn run(ctx: &Context, args: &LockArgs) -> Result<ExitCode, CliError> {
    if args.note.trim().is_empty() {
        return Err(CliError::usage(
            "the note cannot be empty: say what this version is, e.g. --note \"Reviewed with the team\"",
        ));
    }
    let path = ctx.session_file(args.session.as_deref())?;
    let _lock = args.lock.lock_cli(&path)?;
    let (mut session, mut synced) = store::load_synced(&path)?;
    let report = analyse(&session);
    match versions::check(&session, &report) {
        Gate::Empty => {
            eprintln!(
                "planner-tui: cannot lock \"{}\": the plan has no tasks yet (run `planner-tui run {} decompose --accept` first)",
                one_line(&session.title),
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Gate::Refused { errors } => {
            eprintln!(
                "planner-tui: cannot lock \"{}\": the analysis found {} error{}:",
                one_line(&session.title),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            for e in &errors {
                eprintln!("  {}", text::error_line(e));
            }
            eprintln!(
                "Fix them (`planner-tui check {}` shows each, with its fix), then lock again.",
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Gate::NeedsConfirmation { open } if !args.yes => {
            let stdin = io::stdin();
            let interactive = stdin.is_terminal();
            let yes = ask(&open, interactive, &mut stdin.lock(), &mut io::stderr())
                .map_err(|e| CliError::usage(format!("cannot ask whether to lock: {e}")))?;
            if !yes {
                return Ok(ExitCode::from(1));
            }
        }
        Gate::NeedsConfirmation { .. } | Gate::Ok => {}
    }
    let now = Timestamp::now();
    apply(
        &mut session,
        Edit::LockVersion {
            note: args.note.clone(),
            at: now,
        },
    )
    .map_err(|e| CliError::usage(format!("cannot lock: {e}")))?;
    session.updated = now;
    store::save_merged(&path, &mut synced, &mut session)?;
    let Some(v) = session.versions.last() else {
        return Err(CliError::usage(
            "the locked version is missing after locking",
        ));
    };
    let c = Counts::of(&v.tasks, &v.constraints);
    println!(
        "Locked version {} of \"{}\": {}, {}, {}",
        v.number,
        one_line(&session.title),
        counted(c.tasks, "task", "tasks"),
        counted(c.dependencies, "dependency", "dependencies"),
        counted(c.constraints, "constraint", "constraints")
    );
    if let Some(prev) = session.versions.iter().rev().nth(1)
        && prev.tasks == v.tasks
        && prev.constraints == v.constraints
    {
        println!("  (the plan is the same as version {})", prev.number);
    }
    Ok(ExitCode::SUCCESS)
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// List the open ambiguities on `out`; on a terminal ask whether to lock
/// anyway and read the answer from `input`. `true` means lock.
fn ask(
    open: &[OpenAmbiguity],
    interactive: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let n = open.len();
    writeln!(
        out,
        "{n} ambiguit{} still open:",
        if n == 1 { "y is" } else { "ies are" }
    )?;
    for a in open.iter().take(LISTED) {
        writeln!(out, "  {}  {}", a.id, one_line(&a.summary))?;
    }
    if n > LISTED {
        writeln!(out, "  … and {} more", n - LISTED)?;
    }
    if !interactive {
        writeln!(
            out,
            "Not locked: resolve, defer or dismiss them first, or pass --yes to lock anyway."
        )?;
        return Ok(false);
    }
    write!(out, "Lock anyway? [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        writeln!(out, "Not locked.")?;
    }
    Ok(yes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::AmbiguityId;

    fn open(n: u32) -> Vec<OpenAmbiguity> {
        (1..=n)
            .map(|i| OpenAmbiguity {
                id: AmbiguityId(i),
                summary: format!("Question {i}\u{1b}[2J"),
            })
            .collect()
    }

    fn run_ask(n: u32, interactive: bool, answer: &str) -> (bool, String) {
        let mut out = Vec::new();
        let yes = ask(&open(n), interactive, &mut answer.as_bytes(), &mut out).unwrap();
        (yes, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_terminal_is_asked_and_only_yes_locks() {
        let (yes, out) = run_ask(2, true, "y\n");
        assert!(yes);
        assert!(out.contains("2 ambiguities are still open:"), "{out}");
        assert!(out.contains("  A1  Question 1␛[2J"), "{out}");
        assert!(out.ends_with("Lock anyway? [y/N] "), "{out}");
        assert!(run_ask(1, true, "YES\n").0);
        let (yes, out) = run_ask(1, true, "\n");
        assert!(!yes);
        assert!(out.contains("1 ambiguity is still open") && out.ends_with("Not locked.\n"));
        // End of input is a no.
        assert!(!run_ask(1, true, "").0);
    }

    #[test]
    fn without_a_terminal_it_refuses_and_names_them() {
        let (yes, out) = run_ask(12, false, "y\n");
        assert!(!yes);
        assert!(out.contains("  A10  Question 10"), "{out}");
        assert!(!out.contains("A11"), "{out}");
        assert!(out.contains("… and 2 more"), "{out}");
        assert!(out.contains("pass --yes to lock anyway"), "{out}");
    }
}

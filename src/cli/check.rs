//! `planner-tui check SESSION`: run every analysis on a plan and print the
//! report (text or JSON); with `--fix`, apply the safe fixes first. Exit code
//! 0 without errors, 1 with errors, 2 on usage or I/O problems. SESSION is a
//! session id, a session file, or a Taskmaster `tasks.json` (read only).
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::report_text::{self, TextOptions};
use crate::analysis::{Code, Options, Report, analyse_with, report_json};
use crate::input::Limit;
use crate::interop::InteropError;
use crate::interop::taskmaster::read;
use crate::plan::{Edit, EditError, Session, Timestamp, apply};
use crate::store::{self, Store, StoreError};

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The plan: a session id, a session file (.toml), or a Taskmaster tasks.json
    #[arg(value_name = "SESSION")]
    pub target: String,
    /// Print the report as text or as JSON (for CI and editors)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Colour the text report: auto (when stdout is a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Apply the safe fixes (corrected order, duplicate dependencies) to the session file, then check again
    #[arg(long)]
    pub fix: bool,
    /// The Taskmaster tag to check in a tasks.json [default: master]
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    #[command(flatten)]
    pub lock: super::LockWait,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Why a check could not run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Read(#[from] crate::input::InputError),
    #[error("{} is not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("cannot read {}: {source}", path.display())]
    Taskmaster { path: PathBuf, source: InteropError },
    #[error("cannot apply the safe fixes to {}: {source}; the file is unchanged", path.display())]
    Fix { path: PathBuf, source: EditError },
    #[error("cannot write the report: {0}")]
    Output(io::Error),
}

/// Run the command; errors are printed to stderr.
pub fn run(args: &CheckArgs, store: &Store) -> ExitCode {
    let stdout = io::stdout();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut out = stdout.lock();
    match check(args, store, color, &mut out) {
        Ok(has_errors) => ExitCode::from(u8::from(has_errors)),
        Err(CheckError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(e) => {
            let _ = out.flush();
            eprintln!(
                "planner-tui: error: {}",
                crate::sanitize::for_terminal(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}

/// Check (and with `--fix`, repair) the plan and write the report to `out`.
/// Returns whether the plan has errors.
pub fn check(
    args: &CheckArgs,
    store: &Store,
    color: bool,
    out: &mut dyn Write,
) -> Result<bool, CheckError> {
    let taskmaster = is_tasks_json(&args.target);
    if args.tag.is_some() && !taskmaster {
        return Err(CheckError::Usage(format!(
            "--tag only applies to a Taskmaster tasks.json, and `{}` is a planner-tui session",
            args.target
        )));
    }
    if args.fix && taskmaster {
        return Err(CheckError::Usage(format!(
            "--fix does not write Taskmaster files: {} is only read. Apply the corrected order in Taskmaster, \
             or check without --fix",
            args.target
        )));
    }
    let (session, opts, applied, _lock) = if taskmaster {
        let path = PathBuf::from(&args.target);
        let text = read_text(&path)?;
        let imported =
            read(&text, args.tag.as_deref()).map_err(|source| CheckError::Taskmaster {
                path: path.clone(),
                source,
            })?;
        // Taskmaster runs tasks by their dependencies, not by file order.
        let run_order = crate::interop::taskmaster::run_order(&imported.session);
        let opts = Options {
            external_labels: imported.external_labels,
            no_outputs: true,
            run_order: Some(run_order),
        };
        (imported.session, opts, None, None)
    } else {
        let path = store.resolve(&args.target)?;
        if args.fix {
            // Hold the lock from before loading until after saving.
            let lock = args.lock.lock(&path)?;
            let (mut session, mut synced) = store::load_synced(&path)?;
            let applied = apply_safe_fixes(&mut session).map_err(|source| CheckError::Fix {
                path: path.clone(),
                source,
            })?;
            if !applied.is_empty() {
                session.updated = Timestamp::now();
                store::save_merged(&path, &mut synced, &mut session)?;
            }
            (
                session,
                Options::default(),
                Some((path, applied)),
                Some(lock),
            )
        } else {
            (store::load(&path)?, Options::default(), None, None)
        }
    };
    let report = analyse_with(&session, &opts);
    let text = match args.format {
        Format::Json => {
            let s = report_json::render(
                &session,
                &report,
                applied.as_ref().map(|(_, a)| a.as_slice()),
            );
            format!("{}\n", crate::sanitize::json_for_terminal(&s))
        }
        Format::Text => {
            let opts = TextOptions { color, width: 80 };
            let mut s = String::new();
            if let Some((path, applied)) = &applied {
                s.push_str(&fixed_text(path, applied));
                s.push('\n');
            }
            s.push_str(&report_text::render(&session, &report, &opts));
            s
        }
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CheckError::Output)?;
    Ok(report.has_errors())
}

fn is_tasks_json(target: &str) -> bool {
    Path::new(target)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn read_text(path: &Path) -> Result<String, CheckError> {
    let bytes = crate::input::read(path, Limit::import("Taskmaster file"))?;
    String::from_utf8(bytes).map_err(|e| CheckError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Removes repeated dependencies, then applies the corrected order. Returns
/// a line per change. Linear in the plan: the repeats go in one batch, and
/// the order is applied in one pass rather than one move at a time.
fn apply_safe_fixes(session: &mut Session) -> Result<Vec<String>, EditError> {
    let mut applied = Vec::new();
    let report = crate::analysis::analyse(session);
    let mut edits = Vec::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.code == Code::DuplicateDependency)
    {
        if let Some(fix) = &f.fix {
            edits.extend(fix.edits.iter().cloned());
            applied.push(format!("{}: {}", f.code, fix.description));
        }
    }
    if !edits.is_empty() {
        apply(session, Edit::Batch(edits))?;
    }
    let report = crate::analysis::analyse(session);
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.code == Code::CorrectedOrder)
        && let Some(fix) = &f.fix
    {
        applied.extend(moves(session, &report));
        let in_one_pass = report
            .order
            .as_ref()
            .is_some_and(|o| reorder(session, &o.order));
        if !in_one_pass {
            apply(session, Edit::Batch(fix.edits.clone()))?;
        }
    }
    Ok(applied)
}

/// Put the tasks in `order`, if it names each task exactly once (no two
/// tasks share an id); otherwise leave the plan as it is and say so.
fn reorder(session: &mut Session, order: &[crate::plan::TaskId]) -> bool {
    let n = session.tasks.len();
    let mut at = std::collections::HashMap::with_capacity(n);
    for (i, t) in session.tasks.iter().enumerate() {
        if at.insert(t.id, i).is_some() {
            return false;
        }
    }
    let mut used = vec![false; n];
    let mut positions = Vec::with_capacity(n);
    for id in order {
        match at.get(id) {
            Some(&i) if !used[i] => {
                used[i] = true;
                positions.push(i);
            }
            _ => return false,
        }
    }
    if positions.len() != n {
        return false;
    }
    let mut tasks: Vec<Option<crate::plan::Task>> = std::mem::take(&mut session.tasks)
        .into_iter()
        .map(Some)
        .collect();
    session.tasks = positions
        .into_iter()
        .filter_map(|i| tasks[i].take())
        .collect();
    true
}

/// One line per task the corrected order moves; called before it is applied.
fn moves(session: &Session, report: &Report) -> Vec<String> {
    let Some(order) = &report.order else {
        return Vec::new();
    };
    order
        .moves
        .iter()
        .map(|m| {
            let title = m
                .task
                .position
                .and_then(|p| p.checked_sub(1))
                .and_then(|i| session.tasks.get(i))
                .map_or("", |t| t.title.as_str());
            format!(
                "{} '{}' moved from {} to {}",
                m.task.label(),
                title,
                m.from,
                m.to
            )
        })
        .collect()
}

fn fixed_text(path: &Path, applied: &[String]) -> String {
    if applied.is_empty() {
        return "Nothing to fix safely; the file is unchanged.\n".to_string();
    }
    let mut s = format!("Fixed {} (checked again below):\n", path.display());
    for line in applied {
        s.push_str("  ");
        s.push_str(&report_text::wrap(
            &line.replace(['\n', '\r', '\u{1b}'], " "),
            2,
            6,
            80,
        ));
        s.push('\n');
    }
    s
}

//! `planner-tui prompt SESSION TASK [--max-chars N]`: a ready-to-paste brief
//! for a coding agent (see `execution::brief`). TASK is an id, or `next`
//! for the task `planner-tui next` names. What was left out to fit is
//! said on stderr. Reads only.
use std::process::ExitCode;

use super::next::session_ref;
use super::{CliError, Context};
use crate::execution::brief::{DEFAULT_MAX_CHARS, MIN_MAX_CHARS, brief};
use crate::execution::status::{existing, resolve_task_ids};
use crate::execution::{self, Next, text::idle_lines};
use crate::store;

#[derive(Debug, clap::Args)]
pub struct PromptArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// The task (T3), or `next` for the task to do now
    #[arg(value_name = "TASK")]
    pub task: String,
    /// The longest the brief may be, in characters (about 4 per token)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CHARS)]
    pub max_chars: usize,
}

pub fn run(ctx: &Context, args: &PromptArgs) -> Result<ExitCode, CliError> {
    if args.max_chars < MIN_MAX_CHARS {
        return Err(CliError::usage(format!(
            "--max-chars {} is too small for a brief: give at least {MIN_MAX_CHARS}",
            args.max_chars
        )));
    }
    let path = ctx.session_file(Some(&args.session))?;
    let session = store::load(&path)?;
    let position = if args.task.trim().eq_ignore_ascii_case("next") {
        match execution::next(&session) {
            Next::Start { position, .. } => position,
            Next::Idle(idle) => {
                for line in idle_lines(&idle) {
                    eprintln!("{line}");
                }
                return Ok(ExitCode::from(1));
            }
        }
    } else {
        let ids = resolve_task_ids(&session, &[&args.task])
            .and_then(|ids| existing(&session, &ids))
            .map_err(|e| CliError::usage(e.to_string()))?;
        let id = ids[0];
        session
            .position(id)
            .ok_or_else(|| CliError::usage(format!("the plan has no task {id}")))?
    };
    let name = session_ref(Some(&args.session), &path);
    let Some(b) = brief(&session, position, args.max_chars, &name) else {
        return Err(CliError::usage("the task is not in the plan"));
    };
    print!("{}", b.text);
    if b.over_budget {
        eprintln!(
            "planner-tui: note: the task alone takes {} characters, more than --max-chars {}; nothing optional was added",
            b.text.chars().count(),
            args.max_chars
        );
    }
    if !b.left_out.is_empty() {
        eprintln!(
            "planner-tui: note: left out to fit {} characters: {} (raise --max-chars to include them)",
            args.max_chars,
            b.left_out.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

//! `planner-tui next SESSION [--json]`: the task to do now — the first task
//! in plan order that is pending or in progress and whose dependencies are
//! all done — with what it produces, its verification, the requirements it
//! covers, the constraints that apply and what its dependencies produced.
//! With nothing startable, why: all done, or what holds the rest up, by id.
//! Exit 0 with a task or when all is done, 1 when something blocks (or the
//! plan has no tasks), 2 on usage or I/O problems. Reads only.
use std::process::ExitCode;

use super::{CliError, Context};
use crate::execution::{self, Idle, Next};
use crate::sanitize::json_for_terminal;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
    /// Print the answer as JSON (the task with its context, or why there is none)
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &NextArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(args.session.as_deref())?;
    let session = store::load(&path)?;
    let next = execution::next(&session);
    if args.json {
        let value = execution::json::next(&session, &next);
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::usage(format!("cannot encode the answer as JSON: {e}")))?;
        println!("{}", json_for_terminal(&text));
    } else {
        let name = session_ref(args.session.as_deref(), &path);
        print!("{}", execution::text::render(&session, &next, &name));
    }
    Ok(match next {
        Next::Start { .. } | Next::Idle(Idle::AllDone { .. }) => ExitCode::SUCCESS,
        Next::Idle(_) => ExitCode::from(1),
    })
}

/// How to name the session in the commands suggested: as the user did.
pub(super) fn session_ref(arg: Option<&str>, path: &std::path::Path) -> String {
    let name = arg.map_or_else(|| path.display().to_string(), str::to_string);
    let name = crate::sanitize::one_line(&name);
    if name.contains(char::is_whitespace) {
        format!("'{}'", name.replace('\'', "'\\''"))
    } else {
        name
    }
}

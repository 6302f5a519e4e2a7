//! `planner-tui versions SESSION [--json]`: the locked versions (number,
//! date, note, tasks, dependencies, constraints), then the current plan.
use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, Context};
use crate::store;
use crate::versions::{CurrentSummary, VersionSummary, summaries, text};

#[derive(Debug, clap::Args)]
pub struct VersionsArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
    /// Print the list as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Listing<'a> {
    session: &'a str,
    title: &'a str,
    versions: &'a [VersionSummary],
    current: &'a CurrentSummary,
}

pub fn run(ctx: &Context, args: &VersionsArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(args.session.as_deref())?;
    let session = store::load(&path)?;
    let (versions, current) = summaries(&session);
    if args.json {
        let listing = Listing {
            session: &session.id,
            title: &session.title,
            versions: &versions,
            current: &current,
        };
        let json = serde_json::to_string_pretty(&listing)
            .map_err(|e| CliError::usage(format!("cannot encode the versions as JSON: {e}")))?;
        println!("{}", crate::sanitize::json_for_terminal(&json));
        return Ok(ExitCode::SUCCESS);
    }
    print!(
        "{}",
        text::render_versions(&session.title, &versions, &current)
    );
    if versions.is_empty() {
        println!(
            "\nLock the plan as version 1: planner-tui lock {} --note \"what it is\"",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

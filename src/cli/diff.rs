//! `planner-tui diff SESSION A [B]`: what changed from version A to version
//! B (default: the current plan) — tasks added, removed, changed, moved,
//! dependencies and constraints. A and B are version numbers (`2`, `v2`) or
//! `current`.
use std::process::ExitCode;

use super::{CliError, Context};
use crate::store;
use crate::versions::{Resolved, Side, diff_plans, resolve, text};

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// The version to compare from: a number (2 or v2) or `current`
    #[arg(value_name = "A")]
    pub from: Side,
    /// The version to compare to [default: current]
    #[arg(value_name = "B")]
    pub to: Option<Side>,
}

pub fn run(ctx: &Context, args: &DiffArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(Some(&args.session))?;
    let session = store::load(&path)?;
    let from = resolve(&session, args.from)?;
    let to = resolve(&session, args.to.unwrap_or(Side::Current))?;
    let d = diff_plans(from.plan, to.plan);
    print!("{}", text::render_diff(&d, &label(&from), &label(&to)));
    Ok(ExitCode::SUCCESS)
}

/// `v2 (locked 2026-11-25 14:51)`, or `the current plan`.
fn label(r: &Resolved<'_>) -> String {
    match (r.side, r.locked_at) {
        (Side::Version(n), Some(at)) => format!("v{n} (locked {})", at.short()),
        _ => "the current plan".to_string(),
    }
}

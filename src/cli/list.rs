//! `planner-tui list`: the sessions table, newest first.
use std::process::ExitCode;

use super::{CliError, Context};
use crate::sanitize::one_line;

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

pub fn run(ctx: &Context, _args: &ListArgs) -> Result<ExitCode, CliError> {
    let sessions = ctx.store.list()?;
    if sessions.is_empty() {
        println!("No sessions yet in {}.", ctx.store.sessions_dir().display());
        println!(
            "Create one: planner-tui new --title \"My feature\" --spec spec.md --context context.md"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let id_w = sessions
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "{:<id_w$}  {:<16}  {:<16}  {:>5}  TITLE",
        "ID", "UPDATED", "STAGE", "TASKS"
    );
    for s in &sessions {
        match &s.error {
            None => println!(
                "{:<id_w$}  {:<16}  {:<16}  {:>5}  {}",
                s.id,
                s.updated.short(),
                s.stage.to_string(),
                s.tasks,
                one_line(&s.title)
            ),
            Some(err) => println!("{:<id_w$}  unreadable: {}", s.id, one_line(err)),
        }
    }
    Ok(ExitCode::SUCCESS)
}

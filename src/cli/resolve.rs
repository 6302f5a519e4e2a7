//! `planner-tui resolve SESSION A3 --decide TEXT | --defer REASON |
//! --not-an-issue [NOTE] | --reopen`: settle an ambiguity without the
//! terminal app. A decision becomes a constraint linked to the ambiguity;
//! reopening removes it again. Saved under the session's lock.
use std::process::ExitCode;

use super::{CliError, Context, LockWait};
use crate::plan::{AmbiguityId, AmbiguityState, Edit, Stage, Timestamp, apply};
use crate::sanitize::one_line;
use crate::store;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("action").required(true)))]
pub struct ResolveArgs {
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// The ambiguity, as `planner-tui show` lists it (A1, A2, ...)
    #[arg(value_name = "AMBIGUITY")]
    pub ambiguity: String,
    /// The decision; it becomes a constraint every task must follow
    #[arg(long, value_name = "TEXT", group = "action")]
    pub decide: Option<String>,
    /// Put it off, saying why
    #[arg(long, value_name = "REASON", group = "action")]
    pub defer: Option<String>,
    /// Not a real problem (optionally saying why)
    #[arg(long, value_name = "NOTE", group = "action", num_args = 0..=1, default_missing_value = "")]
    pub not_an_issue: Option<String>,
    /// Open it again (a constraint made from its decision is removed)
    #[arg(long, group = "action")]
    pub reopen: bool,
    #[command(flatten)]
    pub lock: LockWait,
}

pub fn run(ctx: &Context, args: &ResolveArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(Some(&args.session))?;
    let _lock = args.lock.lock_cli(&path)?;
    let (mut session, mut synced) = store::load_synced(&path)?;
    let id: AmbiguityId =
        args.ambiguity
            .trim()
            .parse()
            .map_err(|e: crate::plan::IdParseError| {
                CliError::usage(format!("`{}`: {e}", one_line(&args.ambiguity)))
            })?;
    let Some(current) = session.ambiguities.iter().find(|a| a.id == id) else {
        let known: Vec<String> = session
            .ambiguities
            .iter()
            .map(|a| a.id.to_string())
            .collect();
        return Err(CliError::usage(format!(
            "the session has no ambiguity {id}{}",
            if known.is_empty() {
                " (it has none yet: run the ambiguities step first)".to_string()
            } else {
                format!(" (it has {})", known.join(", "))
            }
        )));
    };
    let nonempty = |text: &str, what: &str| {
        let t = text.trim();
        if t.is_empty() {
            Err(CliError::usage(format!("{what} cannot be empty")))
        } else {
            Ok(t.to_string())
        }
    };
    let (edit, done) = if let Some(text) = &args.decide {
        let decision = nonempty(text, "the decision")?;
        (
            Edit::ResolveAmbiguity { id, decision },
            "resolved; the decision is now a constraint",
        )
    } else if let Some(reason) = &args.defer {
        let reason = nonempty(reason, "the reason for deferring")?;
        (Edit::DeferAmbiguity { id, reason }, "deferred")
    } else if let Some(note) = &args.not_an_issue {
        (
            Edit::DismissAmbiguity {
                id,
                note: note.trim().to_string(),
            },
            "marked as not an issue",
        )
    } else {
        if matches!(current.state, AmbiguityState::Open) {
            eprintln!("{id} is already open; nothing to do");
            return Ok(ExitCode::SUCCESS);
        }
        (Edit::ReopenAmbiguity { id }, "reopened")
    };
    // A settled ambiguity that is settled again goes through open first, so
    // the old decision's constraint does not linger.
    let mut edits = Vec::new();
    if !matches!(current.state, AmbiguityState::Open)
        && !matches!(edit, Edit::ReopenAmbiguity { .. })
    {
        edits.push(Edit::ReopenAmbiguity { id });
    }
    edits.push(edit);
    if session.stage < Stage::Resolve {
        edits.push(Edit::SetStage {
            stage: Stage::Resolve,
        });
    }
    apply(&mut session, Edit::Batch(edits)).map_err(|e| CliError {
        message: format!("{id} cannot be changed: {e}"),
        causes: vec![],
        code: 1,
    })?;
    session.updated = Timestamp::now();
    store::save_merged(&path, &mut synced, &mut session)?;
    let constraint = session
        .spec
        .constraints
        .iter()
        .find(|c| c.from == Some(id))
        .map(|c| format!(" ({})", c.id))
        .unwrap_or_default();
    println!("{id} {done}{constraint}");
    Ok(ExitCode::SUCCESS)
}

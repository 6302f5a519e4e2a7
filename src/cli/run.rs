//! `planner-tui run SESSION STEP`: one model step without the TUI. Progress
//! goes to stderr; the proposal is printed as a readable diff (or JSON) and,
//! with `--accept`, applied through the store as one edit.
use std::process::ExitCode;

use super::steps::{StepRun, run_steps};
use super::{CliError, Context, LockWait};
use crate::plan::{Edit, Timestamp, apply};
use crate::sanitize::one_line;
use crate::store;
use crate::workflow::Step;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// decompose, dependencies, ambiguities, revise, verify, completeness or integration
    pub step: Step,
    /// A [providers.NAME] table from the config, or `offline`
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// Apply the proposal's items that the plan does not contradict, and save
    #[arg(long, conflicts_with = "accept_all")]
    pub accept: bool,
    /// Apply every item, contradicted ones too, and save
    #[arg(long)]
    pub accept_all: bool,
    /// Print the proposal as JSON instead of a diff
    #[arg(long)]
    pub json: bool,
    /// Print the requests the step would send (piece by piece, with their
    /// token estimates and answer budgets) without sending them
    #[arg(long, conflicts_with = "accept")]
    pub dry_run: bool,
    /// Output format: `text` or `json` (`--format json` is `--json`)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<RunFormat>,
    #[command(flatten)]
    pub lock: LockWait,
}

/// How `run` prints what it made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    Text,
    Json,
}

pub fn run(ctx: &Context, args: &RunArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(Some(&args.session))?;
    let json_out = args.json || args.format == Some(RunFormat::Json);
    if args.dry_run {
        let session = store::load(&path)?;
        let (name, cfg) = ctx.config.provider(args.provider.as_deref())?;
        return super::dry_run::dry_run(&name, cfg.as_ref(), &session, args.step, json_out);
    }
    // Hold the lock for the whole run when the answer will be written back.
    let accepting = args.accept || args.accept_all;
    let _lock = if accepting {
        Some(args.lock.lock_cli(&path)?)
    } else {
        None
    };
    let (mut session, mut synced) = store::load_synced(&path)?;
    let (provider_name, provider_cfg) = ctx.config.provider(args.provider.as_deref())?;

    let provider = provider_cfg.map(|_| provider_name.clone());
    let step = args.step;
    let Some(run) = run_steps(ctx, provider, &session, &[step])?.pop() else {
        return Err(CliError::usage("the model worker stopped unexpectedly"));
    };
    if let Some(line) = run.tokens_line() {
        eprintln!("  {line}");
    }
    let StepRun { result, usage, .. } = run;
    let proposal = match result {
        Ok(p) => p,
        Err(e) => {
            let code = if e.is_answer_problem() { 1 } else { 2 };
            return Err(CliError {
                message: e.to_string(),
                causes: e.details(),
                code,
            });
        }
    };

    if json_out {
        let text = serde_json::to_string_pretty(&proposal)
            .map_err(|e| CliError::usage(format!("cannot encode the proposal as JSON: {e}")))?;
        println!("{}", crate::sanitize::json_for_terminal(&text));
    } else {
        if proposal.heuristic {
            println!(
                "Proposal ({}, offline heuristics — review before accepting):",
                step.key()
            );
        } else {
            println!("Proposal ({}):", step.key());
        }
        if proposal.items.is_empty() {
            println!("  nothing to change");
        }
        for line in proposal.describe() {
            println!("  {}", one_line(&line));
        }
        for note in &proposal.notes {
            println!("  note: {}", one_line(note));
        }
    }

    session
        .usage
        .add(usage.prompt_tokens, usage.completion_tokens);
    let contradicted = proposal.contradicted.len();
    if contradicted > 0 {
        eprintln!(
            "  {contradicted} item(s) marked ✗ contradict the plan; --accept leaves them out, --accept-all takes them too"
        );
    }
    if !accepting {
        if !json_out && proposal.change_count() > 0 {
            let target = &args.session;
            eprintln!(
                "Not applied. To apply it: planner-tui run {target} {} --accept",
                step.key()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let accepted = if args.accept_all {
        proposal.accept_all(&session)
    } else {
        proposal.accept_clean(&session)
    };
    let applied = if args.accept_all {
        proposal.change_count()
    } else {
        proposal.clean().iter().filter(|c| **c).count()
    };
    let accepted = accepted.map_err(|e| CliError {
        message: format!("the proposal cannot be applied: {e}"),
        causes: vec![],
        code: 1,
    })?;
    if accepted.is_empty() && applied == 0 && proposal.change_count() > 0 {
        eprintln!(
            "Nothing applied: every change the proposal makes contradicts the plan; the session is unchanged"
        );
        return Ok(ExitCode::SUCCESS);
    }
    for note in &accepted.notes {
        eprintln!("  note: {}", one_line(note));
    }
    // Accepting a step's answer moves the session on to that step's stage.
    let edit = match step.stage() {
        Some(stage) if stage > session.stage => {
            Edit::Batch(vec![accepted.edit, Edit::SetStage { stage }])
        }
        _ => accepted.edit,
    };
    apply(&mut session, edit).map_err(|e| CliError {
        message: format!("the proposal cannot be applied: {e}"),
        causes: vec![],
        code: 1,
    })?;
    session.updated = Timestamp::now();
    // A coding agent may have marked tasks meanwhile: keep those.
    store::save_merged(&path, &mut synced, &mut session)?;
    eprintln!("Applied {applied} change(s) and saved {}", path.display());
    Ok(ExitCode::SUCCESS)
}

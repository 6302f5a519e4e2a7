//! `planner-tui validate SESSION`: the three validation passes and the
//! verdict, printed as text or JSON. The model's readings (completeness,
//! then integration) run with the configured provider, `--provider`, or the
//! offline planner; `--no-model` skips them. Exit code 0 when the plan is
//! ready (with or without warnings), 1 when it is not, 2 on usage or I/O
//! problems. A model reading that fails is shown in its pass and on stderr;
//! it never changes the exit code, since the readings never block.
use std::process::ExitCode;

use super::steps::run_steps;
use super::{CliError, Context};
use crate::analysis::analyse;
use crate::sanitize::{json_for_terminal, one_line};
use crate::store;
use crate::validate::{Reading, Readings, json, text, validate};
use crate::workflow::Step;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: String,
    /// A [providers.NAME] table from the config, for the model's readings
    #[arg(long, value_name = "NAME", conflicts_with_all = ["offline", "no_model"])]
    pub provider: Option<String>,
    /// Read completeness and integration with the offline planner's rules,
    /// whatever the config names
    #[arg(long, conflicts_with = "no_model")]
    pub offline: bool,
    /// Only the exact checks: do not ask for the model's readings
    #[arg(long)]
    pub no_model: bool,
    /// Print the validation as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &ValidateArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(Some(&args.session))?;
    let session = store::load(&path)?;
    let report = analyse(&session);

    let (readings, not_run) = if args.no_model {
        (Readings::not_run(), "--no-model")
    } else {
        let provider = if args.offline {
            None
        } else {
            let (name, cfg) = ctx.config.provider(args.provider.as_deref())?;
            cfg.map(|_| name)
        };
        let steps = [Step::Completeness, Step::Integration];
        let mut runs = run_steps(ctx, provider, &session, &steps)?.into_iter();
        let mut next = |step: Step| match runs.next().map(|r| r.result) {
            Some(Ok(p)) => Reading::from_proposal(&p),
            Some(Err(e)) => {
                eprintln!(
                    "planner-tui: warning: the {} reading failed: {}",
                    step.key(),
                    one_line(&e.to_string())
                );
                for d in e.details() {
                    eprintln!("  {}", one_line(&d));
                }
                Reading::failed(e.to_string())
            }
            None => Reading::failed("the model worker stopped before answering"),
        };
        let completeness = next(Step::Completeness);
        let integration = next(Step::Integration);
        (
            Readings {
                completeness,
                integration,
            },
            "",
        )
    };

    let v = validate(&session, &report, readings);
    if args.json {
        let out = json::render(&session, &v)
            .map_err(|e| CliError::usage(format!("cannot encode the validation as JSON: {e}")))?;
        println!("{}", json_for_terminal(&out));
    } else {
        print!("{}", text::render(&session, &v, not_run));
    }
    Ok(ExitCode::from(u8::from(!v.verdict.is_ready())))
}

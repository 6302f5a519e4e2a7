//! The command line: argument parsing (clap) and the headless commands.
//! Each command is a function returning an exit code; errors are
//! [`CliError`]s printed as one clear line plus their causes.
pub mod check;
mod diff;
mod dry_run;
mod error;
mod export;
mod import;
mod list;
mod lock;
mod mcp;
mod new;
mod next;
mod prompt;
mod resolve;
mod run;
pub mod show;
mod status;
mod steps;
mod validate;
mod versions;
mod wait;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::{CliError, read_text_file};
pub use wait::{DEFAULT_WAIT_SECS, LockWait};

use crate::config::{Config, Dirs};
use crate::store::Store;

/// Turn a software spec into an ordered, dependency-mapped, verified
/// implementation plan.
///
/// Without a command, the terminal app starts: on the session list, or on
/// SESSION when one is named.
#[derive(Debug, Parser)]
#[command(name = "planner-tui", version, about, max_term_width = 100)]
pub struct Cli {
    /// A session to open in the terminal app: an id from `planner-tui list`, or a path
    #[arg(value_name = "SESSION", conflicts_with = "session")]
    pub open: Option<String>,
    /// Read settings from this file instead of config.toml in the config directory
    /// (also: $PLANNER_TUI_CONFIG)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The session file to open or create, instead of one in the data directory
    #[arg(long, global = true, value_name = "PATH")]
    pub session: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session from a title and, optionally, spec and context files
    New(new::NewArgs),
    /// List the sessions in the data directory, newest first
    List(list::ListArgs),
    /// Print a session's summary: stage, requirements, tasks in order, ambiguities
    Show(show::ShowArgs),
    /// Check a plan: references, cycles, order, parallel groups, verification, coverage
    Check(check::CheckArgs),
    /// Run one step (decompose, dependencies, ambiguities, revise, verify,
    /// completeness, integration) with a model or the offline planner
    Run(run::RunArgs),
    /// Settle an ambiguity: decide it (the decision becomes a constraint), defer it,
    /// mark it not an issue, or reopen it
    Resolve(resolve::ResolveArgs),
    /// Validate a plan: requirement coverage, ordering, integration, and whether it is ready to export
    Validate(validate::ValidateArgs),
    /// Write the plan as md, json, dot, mermaid, taskmaster or speckit
    Export(export::ExportArgs),
    /// Create a session from a Taskmaster tasks.json, a Spec Kit tasks.md or a plan JSON
    Import(import::ImportArgs),
    /// Lock the plan as the next numbered version (refused while the analysis finds errors)
    Lock(lock::LockArgs),
    /// List the locked versions (date, note, counts), then the current plan
    Versions(versions::VersionsArgs),
    /// Show what changed between two versions, or a version and the current plan
    Diff(diff::DiffArgs),
    /// The task to do now, with its context; or why nothing can start
    Next(next::NextArgs),
    /// Set tasks' status: pending, in-progress, review, done, blocked, deferred, cancelled
    Status(status::StatusArgs),
    /// A ready-to-paste brief for a coding agent for one task
    Prompt(prompt::PromptArgs),
    /// Serve the plan to coding agents over the Model Context Protocol (stdio)
    Mcp(mcp::McpArgs),
}

/// What every command gets: settings, directories and the session store.
pub struct Context {
    pub config: Config,
    /// The config file read (or looked for).
    pub config_file: PathBuf,
    /// What was wrong with the config; the defaults ran instead.
    pub warnings: Vec<String>,
    pub dirs: Dirs,
    pub store: Store,
    /// `--session PATH`, if given.
    pub session_path: Option<PathBuf>,
}

impl Context {
    /// The session a command names: `--session PATH`, else an id or path argument.
    pub fn session_file(&self, arg: Option<&str>) -> Result<PathBuf, CliError> {
        match (arg, &self.session_path) {
            (Some(a), _) => Ok(self.store.resolve(a)?),
            (None, Some(p)) => Ok(p.clone()),
            (None, None) => Err(CliError::usage(
                "name a session: an id from `planner-tui list`, or a path",
            )),
        }
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let dirs = Dirs::platform();
    let (config, warnings) = Config::load(cli.config.as_deref(), &dirs);
    for w in &warnings {
        eprintln!("planner-tui: warning: {w}");
    }
    crate::logging::init(&dirs.state_dir, &config.log_level);
    let ctx = Context {
        store: Store::new(&config.data_dir),
        config_file: crate::config::config_file(cli.config.as_deref(), &dirs).0,
        config,
        warnings,
        dirs,
        session_path: cli.session,
    };
    if let (Some(open), Some(_)) = (&cli.open, &cli.command) {
        return CliError::usage(format!(
            "`{open}` is a session to open in the terminal app and cannot come before a command; name the session after the command instead"
        ))
        .report();
    }
    let result = match cli.command {
        Some(Command::New(args)) => new::run(&ctx, &args),
        Some(Command::List(args)) => list::run(&ctx, &args),
        Some(Command::Show(args)) => show::run(&ctx, &args),
        Some(Command::Check(args)) => Ok(check::run(&args, &ctx.store)),
        Some(Command::Run(args)) => run::run(&ctx, &args),
        Some(Command::Resolve(args)) => resolve::run(&ctx, &args),
        Some(Command::Validate(args)) => validate::run(&ctx, &args),
        Some(Command::Export(args)) => export::run(&ctx, &args),
        Some(Command::Import(args)) => import::run(&ctx, &args),
        Some(Command::Lock(args)) => lock::run(&ctx, &args),
        Some(Command::Versions(args)) => versions::run(&ctx, &args),
        Some(Command::Diff(args)) => diff::run(&ctx, &args),
        Some(Command::Next(args)) => next::run(&ctx, &args),
        Some(Command::Status(args)) => status::run(&ctx, &args),
        Some(Command::Prompt(args)) => prompt::run(&ctx, &args),
        Some(Command::Mcp(args)) => mcp::run(&ctx, &args),
        None => match cli.open {
            Some(id_or_path) => ctx
                .store
                .resolve(&id_or_path)
                .map_err(CliError::from)
                .map(|path| crate::tui::launch(&ctx, Some(path))),
            None => Ok(crate::tui::launch(&ctx, ctx.session_path.clone())),
        },
    };
    result.unwrap_or_else(|e| e.report())
}

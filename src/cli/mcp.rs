//! `planner-tui mcp [SESSION]`: serve the plan to coding agents over the
//! Model Context Protocol on stdin/stdout (see `crate::mcp`). SESSION is
//! the session tools use when a call names none. Runs until the client
//! closes the connection; stdout carries only the protocol.
use std::process::ExitCode;

use super::{CliError, Context};

#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// The session tools use when a call names none: an id or a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
}

pub fn run(ctx: &Context, args: &McpArgs) -> Result<ExitCode, CliError> {
    let name = args
        .session
        .clone()
        .or_else(|| ctx.session_path.as_ref().map(|p| p.display().to_string()));
    let default = crate::mcp::default_session(&ctx.store, name.as_deref());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(format!("cannot start the async runtime: {e}")))?;
    tracing::info!("MCP server starting on stdio");
    runtime
        .block_on(crate::mcp::serve(ctx.store.clone(), default))
        .map_err(|e| CliError::usage(e.to_string()))?;
    tracing::info!("MCP server stopped: the client closed the connection");
    Ok(ExitCode::SUCCESS)
}

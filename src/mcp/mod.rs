//! `planner-tui mcp [SESSION]`: the plan served to coding agents (Claude
//! Code, Codex, Cursor, …) over the Model Context Protocol on stdio, with
//! the official Rust SDK (`rmcp`).
//!
//! Tools: `list_sessions`, `plan_overview`, `next_task`, `get_task`,
//! `set_status`, `task_brief`, `check`, `validate`, `open_ambiguities`.
//! Resources: each session's `implementation-plan.md` and `plan.json`.
//! The one write, `set_status`, goes through the store's narrow write under
//! the session's write lock, as `planner-tui status` does, so it works while
//! the session is open in the app. A bad session, id or status is a tool
//! error whose message says what to do; nothing a client sends ends the
//! server. What each tool does is in [`tools`]; this file is the protocol.
pub mod tools;

use std::path::PathBuf;

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::Value;

use crate::export::Format;
use crate::store::Store;
use tools::{Sessions, ToolError};

/// The URI scheme of the plan resources.
const SCHEME: &str = "planner-tui://";

/// Serve on stdin/stdout until the client closes the connection.
pub async fn serve(
    store: Store,
    default: Option<Result<PathBuf, String>>,
) -> Result<(), std::io::Error> {
    let server = PlanServer {
        sessions: Sessions { store, default },
    };
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| std::io::Error::other(format!("the MCP handshake failed: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| std::io::Error::other(format!("the MCP server stopped: {e}")))?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct PlanServer {
    sessions: Sessions,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct SessionArg {
    /// The session: an id from list_sessions, or the path of a session file.
    /// Leave it out to use the session the server was started on.
    #[serde(default)]
    pub session: Option<String>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct OverviewArgs {
    /// The session: an id from list_sessions, or the path of a session file.
    /// Leave it out to use the session the server was started on.
    #[serde(default)]
    pub session: Option<String>,
    /// List only the tasks with this status (pending, in-progress, review,
    /// done, blocked, deferred, cancelled).
    #[serde(default)]
    pub status: Option<String>,
    /// How many tasks to list at most (default 200).
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct TaskArgs {
    /// The session: an id from list_sessions, or the path of a session file.
    /// Leave it out to use the session the server was started on.
    #[serde(default)]
    pub session: Option<String>,
    /// The task's id, like "T3", or "next" for the task to do now.
    pub id: String,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct BriefArgs {
    /// The session: an id from list_sessions, or the path of a session file.
    /// Leave it out to use the session the server was started on.
    #[serde(default)]
    pub session: Option<String>,
    /// The task's id, like "T3", or "next" for the task to do now.
    pub id: String,
    /// The longest the brief may be, in characters (default 16000, at least 500).
    #[serde(default)]
    pub max_chars: Option<usize>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct SetStatusArgs {
    /// The session: an id from list_sessions, or the path of a session file.
    /// Leave it out to use the session the server was started on.
    #[serde(default)]
    pub session: Option<String>,
    /// The tasks to change, like ["T3"] or ["T3", "T4"].
    pub ids: Vec<String>,
    /// pending, in-progress, review, done, blocked, deferred or cancelled.
    pub status: String,
    /// Mark tasks done even though tasks they depend on are not done.
    #[serde(default)]
    pub force: bool,
}

/// Run a tool's work off the async threads (it reads and writes files) and
/// turn its answer into a tool result: JSON or text, or a tool error with
/// the message.
async fn answer<T, F>(work: F) -> CallToolResult
where
    T: Into<Answer> + Send + 'static,
    F: FnOnce() -> Result<T, ToolError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => match value.into() {
            Answer::Json(v) => {
                let text = serde_json::to_string_pretty(&v).unwrap_or_else(|e| {
                    format!("{{\"error\": \"cannot encode the answer: {e}\"}}")
                });
                // Escaped C1, bidi and zero-width characters read back the same.
                let text = crate::sanitize::json_for_terminal(&text).into_owned();
                CallToolResult::success(vec![ContentBlock::text(text)])
            }
            Answer::Text(t) => CallToolResult::success(vec![ContentBlock::text(t)]),
        },
        Ok(Err(e)) => CallToolResult::error(vec![ContentBlock::text(e.0)]),
        Err(e) => CallToolResult::error(vec![ContentBlock::text(format!(
            "planner-tui could not finish this call: {e}"
        ))]),
    }
}

pub enum Answer {
    Json(Value),
    Text(String),
}

impl From<Value> for Answer {
    fn from(v: Value) -> Self {
        Answer::Json(v)
    }
}

impl From<String> for Answer {
    fn from(t: String) -> Self {
        Answer::Text(t)
    }
}

#[tool_router]
impl PlanServer {
    #[tool(
        description = "List the planner-tui sessions in the data directory: id, title, stage, task count, last change, file.",
        annotations(read_only_hint = true)
    )]
    async fn list_sessions(&self) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::list_sessions(&s)).await
    }

    #[tool(
        description = "The plan at a glance: title, stage, progress (done/total, by status), the next task, the verdict (ready to hand out?), analysis error and warning counts, open ambiguities, and the tasks in plan order (id, number, title, status, dependencies), optionally only those with one status.",
        annotations(read_only_hint = true)
    )]
    async fn plan_overview(&self, Parameters(a): Parameters<OverviewArgs>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::overview(&s, a.session.as_deref(), a.status.as_deref(), a.limit))
            .await
    }

    #[tool(
        description = "The task to do now: the first task in plan order that is pending or in progress and whose dependencies are all done, with what it produces, its verification, the requirements it covers, the constraints that apply and what its dependencies produced. When nothing can start, `next` is null and `why` says why: all done, or what blocks, by id.",
        annotations(read_only_hint = true)
    )]
    async fn next_task(&self, Parameters(a): Parameters<SessionArg>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::next_task(&s, a.session.as_deref())).await
    }

    #[tool(
        description = "One task with its context: description, produces, verification, status, requirements covered, constraints that apply, its dependencies (with status and outputs) and the tasks that need it.",
        annotations(read_only_hint = true)
    )]
    async fn get_task(&self, Parameters(a): Parameters<TaskArgs>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::get_task(&s, a.session.as_deref(), &a.id)).await
    }

    #[tool(
        description = "Set the status of one or more tasks: pending, in-progress, review, done, blocked, deferred or cancelled. Saved at once (atomically, under the session's lock), also while the plan is open in planner-tui. Marking a task done while a task it depends on is not done is refused unless force is true. Answers with what changed and the next task.",
        annotations(destructive_hint = false, idempotent_hint = true)
    )]
    async fn set_status(&self, Parameters(a): Parameters<SetStatusArgs>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::set_status(&s, a.session.as_deref(), &a.ids, &a.status, a.force))
            .await
    }

    #[tool(
        description = "A ready-to-use brief for implementing one task (or \"next\"): the task, its files, its verification, the decisions and constraints to follow, what earlier tasks produced, and the parts of the existing-system description that concern it, within max_chars.",
        annotations(read_only_hint = true)
    )]
    async fn task_brief(&self, Parameters(a): Parameters<BriefArgs>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::task_brief(&s, a.session.as_deref(), &a.id, a.max_chars)).await
    }

    #[tool(
        description = "Every exact finding about the plan (as `planner-tui check --format json`): dangling, self and duplicate dependencies, cycles, tasks placed before what they need with the corrected order, parallel waves, critical path, vague verification, coverage gaps.",
        annotations(read_only_hint = true)
    )]
    async fn check(&self, Parameters(a): Parameters<SessionArg>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::check(&s, a.session.as_deref())).await
    }

    #[tool(
        description = "Validate the plan (as `planner-tui validate --no-model --json`): requirement coverage, ordering, integration, and the verdict — ready, ready with warnings, or not ready and why.",
        annotations(read_only_hint = true)
    )]
    async fn validate(&self, Parameters(a): Parameters<SessionArg>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::validate(&s, a.session.as_deref())).await
    }

    #[tool(
        description = "The plan's open ambiguities: what is not decided, the risk if the plan guesses wrong, what would settle it and the tasks it affects. A person settles them (planner-tui resolve); work on an affected task may need the answer first.",
        annotations(read_only_hint = true)
    )]
    async fn open_ambiguities(&self, Parameters(a): Parameters<SessionArg>) -> CallToolResult {
        let s = self.sessions.clone();
        answer(move || tools::open_ambiguities(&s, a.session.as_deref())).await
    }
}

#[tool_handler]
impl ServerHandler for PlanServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(rmcp::model::Implementation::new(
            "planner-tui",
            env!("CARGO_PKG_VERSION"),
        ))
        .with_instructions(
            "planner-tui holds a verified implementation plan. Work in this loop: next_task (or \
             plan_overview) to pick the task, task_brief for everything needed to implement it, \
             implement it and run its verification, then set_status to done (or review). Use \
             get_task for one task's details, check and validate for the plan's health, \
             open_ambiguities for what is still undecided.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let sessions = self.sessions.clone();
        let list = tokio::task::spawn_blocking(move || resources(&sessions))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok(ListResourcesResult::with_all_items(list))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let sessions = self.sessions.clone();
        let uri = request.uri;
        tokio::task::spawn_blocking(move || read(&sessions, &uri))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
            .map(ReadResourceResponse::from)
    }
}

/// `planner-tui://plan/<file>` for the server's session;
/// `planner-tui://sessions/<id>/<file>` for each one in the data directory.
fn resources(sessions: &Sessions) -> Vec<Resource> {
    let mut out = Vec::new();
    let pair = |out: &mut Vec<Resource>, base: &str, title: &str| {
        out.push(
            Resource::new(
                format!("{base}/implementation-plan.md"),
                "implementation-plan.md",
            )
            .with_title(format!("{title}: the implementation plan (Markdown)"))
            .with_mime_type("text/markdown"),
        );
        out.push(
            Resource::new(format!("{base}/plan.json"), "plan.json")
                .with_title(format!("{title}: the plan as JSON"))
                .with_mime_type("application/json"),
        );
    };
    if let Some(Ok(path)) = &sessions.default
        && let Ok(s) = crate::store::load(path)
    {
        pair(&mut out, &format!("{SCHEME}plan"), &s.title);
    }
    if let Ok(list) = sessions.store.list() {
        for s in list.iter().filter(|s| s.error.is_none()) {
            pair(&mut out, &format!("{SCHEME}sessions/{}", s.id), &s.title);
        }
    }
    out
}

fn read(sessions: &Sessions, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let not_found = |why: String| {
        ErrorData::resource_not_found(
            format!(
                "{why}. The plan resources are {SCHEME}plan/implementation-plan.md and plan.json (the server's session), and {SCHEME}sessions/<id>/implementation-plan.md and plan.json"
            ),
            None,
        )
    };
    let rest = uri
        .strip_prefix(SCHEME)
        .ok_or_else(|| not_found(format!("`{uri}` is not a planner-tui resource")))?;
    let (session, file) = match rest.split_once('/') {
        Some(("plan", file)) => (None, file),
        Some(("sessions", rest)) => match rest.split_once('/') {
            Some((id, file)) => (Some(id), file),
            None => return Err(not_found(format!("`{uri}` names no file"))),
        },
        _ => return Err(not_found(format!("there is no resource `{uri}`"))),
    };
    let (format, mime) = match file {
        "implementation-plan.md" => (Format::Markdown, "text/markdown"),
        "plan.json" => (Format::Json, "application/json"),
        other => return Err(not_found(format!("there is no plan file `{other}`"))),
    };
    let (_, s) = sessions
        .load(session)
        .map_err(|e| not_found(e.0.trim_end_matches('.').to_string()))?;
    let text = tools::export(&s, format);
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type(mime),
    ]))
}

/// Used by the command line: the session the server was started on, as a
/// path, or the reason it cannot be used (told to every call that needs it).
pub fn default_session(store: &Store, name: Option<&str>) -> Option<Result<PathBuf, String>> {
    let name = name?;
    Some(store.resolve(name).map_err(|e| {
        format!(
            "the session the server was started on ({}) cannot be used: {e}. Fix the MCP server's arguments, or pass `session` to each call",
            crate::sanitize::one_line(name)
        )
    }))
}

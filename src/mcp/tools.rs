//! What each MCP tool does, without the protocol: find the session, read
//! it (or change it through the store's narrow, locked write), answer with
//! JSON or text. A refusal is a [`ToolError`] whose message says what was
//! wrong and what to do; the server turns it into an MCP tool error.
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::analysis::{self, Severity};
use crate::execution::brief::{DEFAULT_MAX_CHARS, MIN_MAX_CHARS, brief};
use crate::execution::status::{
    describe_unfinished, existing, parse_status, resolve_task_ids, unfinished_dependencies,
};
use crate::execution::{self, Next, Progress, TaskContext, text};
use crate::plan::{Session, TaskStatus, Timestamp, apply};
use crate::store::{self, Store, UpdateError};

/// A tool call that could not be carried out; the message is for the agent
/// and the person behind it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ToolError(pub String);

impl From<store::StoreError> for ToolError {
    fn from(e: store::StoreError) -> Self {
        ToolError(e.to_string())
    }
}

/// Where the tools find sessions: the data directory, and the session the
/// server was started on (if any).
#[derive(Debug, Clone)]
pub struct Sessions {
    pub store: Store,
    /// `planner-tui mcp SESSION`: the session tools use when a call names none.
    pub default: Option<Result<PathBuf, String>>,
}

impl Sessions {
    /// The file a call means: its `session` argument, else the server's.
    pub fn path(&self, session: Option<&str>) -> Result<PathBuf, ToolError> {
        match (session.map(str::trim).filter(|s| !s.is_empty()), &self.default) {
            (Some(name), _) => self.store.resolve(name).map_err(|e| {
                ToolError(format!(
                    "{e}. Name a session by an id from the list_sessions tool, or by the path of a session file"
                ))
            }),
            (None, Some(Ok(path))) => Ok(path.clone()),
            (None, Some(Err(why))) => Err(ToolError(why.clone())),
            (None, None) => Err(ToolError(
                "no session named: pass `session` (an id from the list_sessions tool, or the path of a session file), or start the server as `planner-tui mcp SESSION`".into(),
            )),
        }
    }

    pub fn load(&self, session: Option<&str>) -> Result<(PathBuf, Session), ToolError> {
        let path = self.path(session)?;
        let s = store::load(&path)?;
        Ok((path, s))
    }
}

/// How a brief names the session in the command it suggests.
fn session_ref(path: &std::path::Path) -> String {
    crate::sanitize::one_line(&path.display().to_string())
}

pub fn list_sessions(sessions: &Sessions) -> Result<Value, ToolError> {
    let list = sessions.store.list()?;
    Ok(json!({
        "data_dir_sessions": sessions.store.sessions_dir(),
        "default_session": sessions.default.as_ref().and_then(|d| d.as_ref().ok()),
        "sessions": list.iter().map(|s| json!({
            "id": s.id,
            "title": s.title,
            "stage": s.stage.key(),
            "tasks": s.tasks,
            "updated": s.updated.to_string(),
            "file": s.path,
            "error": s.error,
        })).collect::<Vec<_>>(),
    }))
}

/// How many tasks the overview lists when the call says nothing.
const OVERVIEW_TASKS: usize = 200;

pub fn overview(
    sessions: &Sessions,
    session: Option<&str>,
    status: Option<&str>,
    limit: Option<usize>,
) -> Result<Value, ToolError> {
    let (path, s) = sessions.load(session)?;
    let filter = status
        .map(|st| parse_status(st).map_err(|e| ToolError(e.to_string())))
        .transpose()?;
    let report = analysis::analyse(&s);
    let verdict =
        crate::validate::validate(&s, &report, crate::validate::Readings::not_run()).verdict;
    let next = execution::next(&s);
    let next_value = match &next {
        Next::Start { position, .. } => s
            .tasks
            .get(*position)
            .map_or(Value::Null, |t| json!({"id": t.id, "title": t.title})),
        Next::Idle(_) => Value::Null,
    };
    let why = match &next {
        Next::Idle(idle) => Some(text::idle_lines(idle).join("\n")),
        Next::Start { .. } => None,
    };
    let limit = limit.unwrap_or(OVERVIEW_TASKS);
    let matching: Vec<(usize, &crate::plan::Task)> = s
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| filter.is_none_or(|f| t.status == f))
        .collect();
    Ok(json!({
        "session": s.id,
        "title": s.title,
        "file": path,
        "stage": s.stage.key(),
        "progress": execution::json::progress(&Progress::of(&s)),
        "next": next_value,
        "why_nothing_next": why,
        "verdict": {
            "readiness": format!("{:?}", verdict.readiness),
            "headline": verdict.headline(),
        },
        "analysis": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "waves": report.schedule.as_ref().map(|sc| sc.wave_count()),
        },
        "requirements": s.spec.requirements.len(),
        "constraints": s.spec.constraints.len(),
        "open_ambiguities": s.open_ambiguities(),
        "locked_versions": s.versions.len(),
        "tasks_matching": matching.len(),
        "tasks": matching.iter().take(limit).map(|(i, t)| json!({
            "id": t.id,
            "number": i + 1,
            "title": t.title,
            "status": t.status.as_str(),
            "depends_on": t.depends_on.iter().map(|d| d.on).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}

pub fn next_task(sessions: &Sessions, session: Option<&str>) -> Result<Value, ToolError> {
    let (_, s) = sessions.load(session)?;
    Ok(execution::json::next(&s, &execution::next(&s)))
}

fn task_position(s: &Session, id: &str) -> Result<usize, ToolError> {
    if id.trim().eq_ignore_ascii_case("next") {
        return match execution::next(s) {
            Next::Start { position, .. } => Ok(position),
            Next::Idle(idle) => Err(ToolError(text::idle_lines(&idle).join("\n"))),
        };
    }
    let ids = resolve_task_ids(s, &[id])
        .and_then(|ids| existing(s, &ids))
        .map_err(|e| ToolError(e.to_string()))?;
    let id = ids[0];
    s.position(id)
        .ok_or_else(|| ToolError(format!("the plan has no task {id}")))
}

pub fn get_task(sessions: &Sessions, session: Option<&str>, id: &str) -> Result<Value, ToolError> {
    let (_, s) = sessions.load(session)?;
    let position = task_position(&s, id)?;
    TaskContext::new(&s, position)
        .map(|ctx| execution::json::task(&ctx))
        .ok_or_else(|| ToolError(format!("the plan has no task {id}")))
}

pub fn task_brief(
    sessions: &Sessions,
    session: Option<&str>,
    id: &str,
    max_chars: Option<usize>,
) -> Result<String, ToolError> {
    let max = max_chars.unwrap_or(DEFAULT_MAX_CHARS);
    if max < MIN_MAX_CHARS {
        return Err(ToolError(format!(
            "max_chars {max} is too small for a brief: give at least {MIN_MAX_CHARS}"
        )));
    }
    let (path, s) = sessions.load(session)?;
    let position = task_position(&s, id)?;
    let b = brief(&s, position, max, &session_ref(&path))
        .ok_or_else(|| ToolError(format!("the plan has no task {id}")))?;
    let mut text = b.text;
    if !b.left_out.is_empty() {
        text.push_str(&format!(
            "\n(Left out to fit {max} characters: {}.)\n",
            b.left_out.join(", ")
        ));
    }
    Ok(text)
}

/// Set tasks' status through the narrow, locked write. Marking done while a
/// dependency is not done is refused unless `force`.
pub fn set_status(
    sessions: &Sessions,
    session: Option<&str>,
    ids: &[String],
    status: &str,
    force: bool,
) -> Result<Value, ToolError> {
    let path = sessions.path(session)?;
    let status = parse_status(status).map_err(|e| ToolError(e.to_string()))?;
    if ids.is_empty() {
        return Err(ToolError(
            "`ids` is empty: name at least one task, like [\"T3\"]".into(),
        ));
    }
    let result = store::update(&path, |s: &mut Session| {
        let ids = resolve_task_ids(s, ids)
            .and_then(|ids| existing(s, &ids))
            .map_err(|e| e.to_string())?;
        let unfinished = unfinished_dependencies(s, &ids, status);
        if !unfinished.is_empty() && !force {
            return Err(format!(
                "not changed: {}. Mark those done first, or call set_status again with force: true",
                describe_unfinished(&unfinished).join("; ")
            ));
        }
        let changed: Vec<Value> = ids
            .iter()
            .filter_map(|&id| {
                let was = s.task(id)?.status;
                Some(json!({"id": id, "was": was.as_str(), "now": status.as_str()}))
            })
            .collect();
        let edit = execution::status::edit(s, &ids, status);
        let wrote = edit.is_some();
        if let Some(edit) = edit {
            apply(s, edit).map_err(|e| e.to_string())?;
            s.updated = Timestamp::now();
        }
        let next = execution::json::next(s, &execution::next(s));
        Ok((
            json!({"changed": changed, "file": path, "after": next}),
            wrote,
        ))
    });
    match result {
        Ok(v) => Ok(v),
        Err(UpdateError::Store(e)) => Err(e.into()),
        Err(UpdateError::Refused(message)) => Err(ToolError(message)),
    }
}

pub fn check(sessions: &Sessions, session: Option<&str>) -> Result<Value, ToolError> {
    let (_, s) = sessions.load(session)?;
    let report = analysis::analyse(&s);
    serde_json::from_str(&analysis::report_json::render(&s, &report, None))
        .map_err(|e| ToolError(format!("cannot encode the report: {e}")))
}

pub fn validate(sessions: &Sessions, session: Option<&str>) -> Result<Value, ToolError> {
    let (_, s) = sessions.load(session)?;
    let report = analysis::analyse(&s);
    let v = crate::validate::validate(&s, &report, crate::validate::Readings::not_run());
    let text = crate::validate::json::render(&s, &v)
        .map_err(|e| ToolError(format!("cannot encode the validation: {e}")))?;
    serde_json::from_str(&text).map_err(|e| ToolError(format!("cannot encode the validation: {e}")))
}

pub fn open_ambiguities(sessions: &Sessions, session: Option<&str>) -> Result<Value, ToolError> {
    let (_, s) = sessions.load(session)?;
    let open: Vec<Value> = s
        .ambiguities
        .iter()
        .filter(|a| a.is_open())
        .map(|a| {
            json!({
                "id": a.id.to_string(),
                "category": a.category.as_str(),
                "summary": a.summary,
                "risk": a.risk,
                "risk_level": a.level.as_str(),
                "resolution_hint": a.resolution_hint,
                "affects": a.affects,
            })
        })
        .collect();
    Ok(json!({
        "open": open.len(),
        "total": s.ambiguities.len(),
        "ambiguities": open,
        "how_to_settle": "a person decides: planner-tui resolve SESSION A1 --decide TEXT (or in the app, stage 5)",
    }))
}

/// The plan as a file: `implementation-plan.md` or `plan.json`.
pub fn export(session: &Session, format: crate::export::Format) -> String {
    let report = analysis::analyse(session);
    crate::export::render(format, session, &report)
}

/// Statuses agents may set, for the tool's description.
pub fn statuses() -> String {
    TaskStatus::ALL.map(|s| s.as_str()).join(", ")
}

//! Reading a planner-tui plan JSON (`planner-tui export --format json`, shape
//! in `docs/export-json.md`) back into a [`Session`]. Only the `session`
//! member is read; the derived facts are recomputed by the analysis.
use serde::Deserialize;

use crate::export::json::{FORMAT_NAME, VERSION};
use crate::plan::Session;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanJsonError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("`format` is `{found}`, expected `{FORMAT_NAME}`")]
    WrongFormat { found: String },
    #[error(
        "this plan JSON has version {found}, newer than this planner-tui reads ({VERSION}); update planner-tui"
    )]
    NewerVersion { found: u32 },
}

#[derive(Deserialize)]
struct Document {
    session: Session,
}

/// Whether `text` claims to be a planner-tui plan JSON (its `format` member).
pub fn is_plan_json(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        format: Option<String>,
    }
    serde_json::from_str::<Head>(text)
        .ok()
        .and_then(|h| h.format)
        .is_some_and(|f| f == FORMAT_NAME)
}

pub fn read_plan_json(text: &str) -> Result<Session, PlanJsonError> {
    // The format and version are checked before the session, so a newer
    // file is refused for its version rather than for a field it added.
    let head: Head = serde_json::from_str(text).map_err(json_error)?;
    if head.format != FORMAT_NAME {
        return Err(PlanJsonError::WrongFormat { found: head.format });
    }
    if head.version > VERSION {
        return Err(PlanJsonError::NewerVersion {
            found: head.version,
        });
    }
    let doc: Document = serde_json::from_str(text).map_err(json_error)?;
    let mut s = doc.session;
    s.normalise_counters();
    Ok(s)
}

#[derive(Deserialize)]
struct Head {
    format: String,
    version: u32,
}

fn json_error(e: serde_json::Error) -> PlanJsonError {
    {
        let msg = e.to_string();
        let message = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        PlanJsonError::Json {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

//! A validation as JSON, for CI and editors: the session, the verdict and
//! the three passes with every entry's link. Strings are as the session and
//! the model wrote them; [`crate::sanitize::json_for_terminal`] makes the
//! text safe to print without changing what it decodes to.
use serde::Serialize;

use super::Validation;
use crate::plan::Session;

#[derive(Serialize)]
struct Document<'a> {
    session: &'a str,
    title: &'a str,
    ready: bool,
    headline: String,
    #[serde(flatten)]
    validation: &'a Validation,
}

/// Pretty-printed JSON.
pub fn render(session: &Session, v: &Validation) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&Document {
        session: &session.id,
        title: &session.title,
        ready: v.verdict.is_ready(),
        headline: v.verdict.headline(),
        validation: v,
    })
}

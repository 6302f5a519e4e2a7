//! Turning loosely written values into what the answer types hold: text,
//! task numbers, dependencies, kinds and categories.
use serde_json::{Map, Value};

use super::super::types::Shape;
use super::aliases::{DEPENDS_ON, VERIFICATION};
use crate::plan::{AmbiguityCategory, DepKind};

/// Keys compare without case, `_`, `-` or spaces: `dependsOn` = `depends_on`.
pub(super) fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text from a string, number, list (joined with `; `) or object (its values joined).
pub(super) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .filter_map(text)
                .filter(|s| !s.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(o) => {
            let parts: Vec<String> = o
                .values()
                .filter_map(text)
                .filter(|s| !s.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Null => None,
    }
}

/// A task number from `3`, `"3"`, `"T3"`, `"task 3"`, `"#3"`, `"Task #3."`;
/// the flag says it was written as text.
pub fn task_ref(v: &Value) -> Option<(u32, bool)> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return u32::try_from(u).ok().map(|u| (u, false));
            }
            let f = n.as_f64()?;
            (f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX)).then_some((f as u32, false))
        }
        Value::String(s) => ref_text(s).map(|n| (n, true)),
        _ => None,
    }
}

pub(super) fn ref_text(s: &str) -> Option<u32> {
    let mut t = s.trim().to_ascii_lowercase();
    for prefix in ["task", "t", "#", "no.", "no", "number", "#"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let rest = rest.trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit() || c == '#') || prefix == "task" {
                t = rest.to_string();
            }
        }
    }
    let t = t.trim().trim_end_matches(['.', ':', ')']);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `"3"`, `"T3:schema"`, `"task 3 (interface)"`, `"3 - schema"`: a number and
/// maybe a kind.
pub(super) fn dependency_text(part: &str) -> Option<(u32, Option<&str>)> {
    let p = part.trim();
    let digits_at = p.find(|c: char| c.is_ascii_digit())?;
    let digits_len = p[digits_at..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(p.len() - digits_at);
    let head = &p[..digits_at + digits_len];
    let n = ref_text(head)?;
    let rest = p[digits_at + digits_len..]
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | ':' | '-' | ' ' | '[' | ']'));
    Some((n, (!rest.is_empty()).then_some(rest)))
}

/// Split "1, 2 and 3" into its parts; "none" and "-" are no parts.
pub(super) fn split_list(s: &str) -> Vec<&str> {
    let t = s.trim();
    if matches!(
        t.to_ascii_lowercase().as_str(),
        "" | "none" | "-" | "n/a" | "nothing" | "[]"
    ) {
        return Vec::new();
    }
    t.split([',', ';', '&', '\n'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

pub fn dep_kind(s: &str) -> Option<DepKind> {
    Some(match norm(s).as_str() {
        "schema" | "data" | "database" | "db" | "table" | "migration" | "model" | "datamodel" => {
            DepKind::Schema
        }
        "interface" | "type" | "types" | "contract" | "api" | "code" | "class" | "function"
        | "module" => DepKind::Interface,
        "infrastructure" | "infra" | "runtime" | "queue" | "service" | "ops" | "operational"
        | "deployment" | "config" | "environment" => DepKind::Infrastructure,
        "other" | "none" | "misc" | "general" | "logical" | "ordering" | "order" | "" => {
            DepKind::Other
        }
        _ => return None,
    })
}

pub(super) fn category(s: &str) -> Option<AmbiguityCategory> {
    let n = norm(s);
    if n.contains("assum") {
        Some(AmbiguityCategory::Assumption)
    } else if n.contains("extern")
        || n.contains("thirdparty")
        || n.contains("fallback")
        || n == "dependency"
    {
        Some(AmbiguityCategory::ExternalDependency)
    } else if n.contains("order") || n.contains("sequen") || n.contains("alternative") {
        Some(AmbiguityCategory::OrderingAlternative)
    } else if [
        "under", "spec", "unclear", "missing", "gap", "vague", "ambig",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        Some(AmbiguityCategory::Underspecified)
    } else {
        None
    }
}

pub(super) fn keyed_by_task(o: &Map<String, Value>) -> bool {
    !o.is_empty() && o.keys().all(|k| ref_text(k).is_some())
}

pub(super) fn looks_like_item(shape: Shape, o: &Map<String, Value>) -> bool {
    let keys: Vec<String> = o.keys().map(|k| norm(k)).collect();
    let has = |list: &[&str]| list.iter().any(|a| keys.contains(&norm(a)));
    match shape {
        Shape::TaskList => has(&["title", "name"]),
        Shape::DependencyMap => has(&["task"]) && has(DEPENDS_ON),
        Shape::AmbiguityList => has(&["summary", "category", "risk"]),
        Shape::VerificationList => has(&["task"]) && has(VERIFICATION),
        Shape::CoverageGaps => has(&["requirement", "gap"]),
        Shape::IntegrationConcerns => has(&["concern"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_references_in_any_spelling() {
        for (v, n) in [
            (json!(3), 3),
            (json!("3"), 3),
            (json!("T3"), 3),
            (json!("task 3"), 3),
            (json!("#3"), 3),
        ] {
            assert_eq!(task_ref(&v).map(|r| r.0), Some(n), "{v}");
        }
        assert_eq!(task_ref(&json!("Task #12.")).map(|r| r.0), Some(12));
        assert_eq!(task_ref(&json!(3.0)).map(|r| r.0), Some(3));
        for bad in [
            json!("three"),
            json!("1.2"),
            json!(-1),
            json!("t"),
            json!(null),
            json!("new-1"),
        ] {
            assert_eq!(task_ref(&bad), None, "{bad}");
        }
    }

    #[test]
    fn dependencies_as_text_with_kinds() {
        assert_eq!(dependency_text("T3:schema"), Some((3, Some("schema"))));
        assert_eq!(
            dependency_text("task 4 (interface)"),
            Some((4, Some("interface")))
        );
        assert_eq!(dependency_text("5"), Some((5, None)));
        assert_eq!(dependency_text("the queue"), None);
        assert_eq!(split_list("1, 2 and 3"), ["1", "2", "3"]);
        assert!(split_list("none").is_empty());
    }
}

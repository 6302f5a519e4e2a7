//! Finding the JSON in a model's answer: the whole text when it is JSON;
//! otherwise the largest `{…}` or `[…]` value in it (which skips code-fence
//! markers, prose before and after, and stray brackets in the prose), read
//! tolerantly by [`super::repair`]. Also recognises answers that decline.
use std::collections::BTreeSet;

use serde_json::Value;

use super::repair::{Chars, Fix};

/// The JSON value found in an answer, and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub value: Value,
    /// Syntax repairs made (empty when the JSON itself was valid).
    pub fixes: BTreeSet<Fix>,
    /// What surrounded the JSON, for the notes (`None` when nothing did).
    pub surroundings: Option<&'static str>,
}

/// At most this many start positions are tried; a real answer's JSON starts
/// within the first few brackets.
const MAX_STARTS: usize = 64;

pub fn find_json(raw: &str) -> Option<Found> {
    let text = raw.trim_start_matches('\u{feff}').trim();
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Some(unwrap_string(Found {
            value: v,
            fixes: BTreeSet::new(),
            surroundings: None,
        }));
    }
    let chars = Chars::new(text);
    let mut best: Option<(usize, usize, super::repair::Lenient)> = None;
    let mut from = 0;
    let mut tries = 0;
    while tries < MAX_STARTS {
        let Some(rel) = text[from..].find(['{', '[']) else {
            break;
        };
        let start = from + rel;
        tries += 1;
        match chars.read(start) {
            Some(l)
                if l.value.as_object().is_some_and(|o| !o.is_empty())
                    || l.value.as_array().is_some_and(|a| !a.is_empty()) =>
            {
                let span = l.end - start;
                let end = l.end;
                if best.as_ref().is_none_or(|(s, e, _)| span > e - s) {
                    best = Some((start, end, l));
                }
                // Every later start would give a shorter value than one
                // that reaches the end of the text, and never be chosen.
                if best.as_ref().is_some_and(|(_, e, _)| *e >= text.len()) {
                    break;
                }
                from = end.max(start + 1);
            }
            _ => from = start + 1,
        }
        if from >= text.len() {
            break;
        }
    }
    let (start, end, l) = best?;
    let slice = &text[start..end];
    let fixes = if serde_json::from_str::<Value>(slice).is_ok() {
        BTreeSet::new()
    } else {
        l.fixes
    };
    let before = text[..start].trim_end();
    let after = text[end..].trim();
    let fenced =
        before.ends_with("```") || before.ends_with("```json") || before.ends_with("```JSON");
    let surroundings = if fenced {
        Some("read the JSON from inside a code fence")
    } else if !before.is_empty() || !after.is_empty() {
        Some("ignored the text around the JSON")
    } else {
        None
    };
    Some(unwrap_string(Found {
        value: l.value,
        fixes,
        surroundings,
    }))
}

/// An answer that is a JSON string holding JSON (`"{\"tasks\": …}"`).
fn unwrap_string(found: Found) -> Found {
    if let Value::String(s) = &found.value {
        let inner = s.trim();
        if inner.starts_with(['{', '['])
            && let Some(mut f) = find_json(inner)
        {
            f.surroundings = Some("read JSON that was sent as a quoted string");
            return f;
        }
    }
    found
}

/// Phrases that open an answer that declines to do the work.
const REFUSALS: [&str; 16] = [
    "i can't",
    "i cannot",
    "i can not",
    "i'm unable",
    "i am unable",
    "i won't",
    "i will not",
    "i'm sorry",
    "i am sorry",
    "i apologize",
    "as an ai",
    "i'm not able",
    "i am not able",
    "unable to comply",
    "i must decline",
    "i'm afraid i",
];

/// Does this prose read like a refusal? Only the opening is looked at, where
/// models put it.
pub fn looks_like_refusal(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .take(300)
        .collect::<String>()
        .to_lowercase();
    let head = head.replace('’', "'");
    REFUSALS.iter().any(|r| head.contains(r))
}

/// A refusal given as JSON (`{"refusal": "…"}` or `{"error": "…"}` with nothing else).
pub fn json_refusal(value: &Value) -> Option<String> {
    let obj = value.as_object()?;
    if obj.len() > 2 {
        return None;
    }
    ["refusal", "error", "message"]
        .iter()
        .find_map(|k| obj.get(*k)?.as_str().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prose_fences_and_stray_brackets_are_skipped() {
        let f = find_json(
            "Sure [v2]! Here it is:\n```json\n{\"tasks\": [1, 2]}\n```\nHope it helps {:",
        )
        .unwrap();
        assert_eq!(f.value, json!({"tasks": [1, 2]}));
        assert!(f.fixes.is_empty());
        assert_eq!(
            f.surroundings,
            Some("read the JSON from inside a code fence")
        );
    }

    #[test]
    fn plain_json_and_json_in_a_string() {
        let f = find_json("\u{feff} {\"a\": 1} ").unwrap();
        assert_eq!((f.value, f.surroundings), (json!({"a": 1}), None));
        let f = find_json("\"{\\\"a\\\": [1,]}\"").unwrap();
        assert_eq!(f.value, json!({"a": [1]}));
        assert!(f.fixes.contains(&Fix::TrailingComma));
    }

    #[test]
    fn no_json_and_refusals() {
        assert!(find_json("I cannot help with planning this.").is_none());
        assert!(looks_like_refusal("I’m sorry, but I can’t help with that."));
        assert!(!looks_like_refusal("Here is the plan"));
        assert_eq!(json_refusal(&json!({"refusal": "no"})), Some("no".into()));
        assert_eq!(json_refusal(&json!({"tasks": []})), None);
    }
}

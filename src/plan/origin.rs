//! Where an imported plan came from, and what the file said that planner-tui
//! has no field for, so that exporting to the same format writes it back:
//! Taskmaster's extra task fields (`priority`, `complexity`, ...), the
//! file's other members and tags, Spec Kit's lines around the tasks.
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::TaskId;

/// A JSON object kept as it was read. Written in session files as one JSON
/// string (TOML has no `null`, and the file's own values must come back
/// exactly). Boxed, and nothing at all when empty, so tasks stay small.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extra(Option<Box<serde_json::Map<String, serde_json::Value>>>);

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.as_ref().and_then(|m| m.get(key))
    }
    /// The member `key` when it is a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(serde_json::Value::as_str)
    }
    /// The member `key` when it is a boolean.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(serde_json::Value::as_bool)
    }
    pub fn insert(&mut self, key: impl Into<String>, value: serde_json::Value) {
        self.0
            .get_or_insert_with(Default::default)
            .insert(key.into(), value);
    }
    /// The members, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &serde_json::Value)> {
        self.0.iter().flat_map(|m| m.iter())
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let empty = serde_json::Map::new();
        let map = self.0.as_deref().unwrap_or(&empty);
        let text = serde_json::to_string(map).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| serde::de::Error::custom(format!("`extra` is not a JSON object: {e}")))?;
        Ok(Extra((!map.is_empty()).then(|| Box::new(map))))
    }
}

/// The formats a plan can be imported from and written back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Taskmaster,
    Speckit,
    Kiro,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Taskmaster => "Taskmaster tasks.json",
            SourceFormat::Speckit => "Spec Kit tasks.md",
            SourceFormat::Kiro => "Kiro spec",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One line of an imported Markdown file: kept text, or the place of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SourceLine {
    Task { task: TaskId },
    Text(String),
}

/// What an import remembers about its file (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub format: SourceFormat,
    /// Taskmaster: the tag read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Taskmaster: `tagged`, `plain` (`{"tasks": [...]}`) or `list` (a bare array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Taskmaster: the file wrote task ids as strings (`"5"`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub string_ids: bool,
    /// Taskmaster: the file's other members (other tags, `version`, ...)
    /// and, under `"metadata"`, the tag's metadata.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Spec Kit: the file's lines, each task line replaced by its task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<SourceLine>,
}

impl Origin {
    pub fn new(format: SourceFormat) -> Origin {
        Origin {
            format,
            tag: None,
            layout: None,
            string_ids: false,
            extra: Extra::default(),
            lines: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_fields_survive_a_session_file_with_nulls_and_nesting() {
        let mut e = Extra::default();
        e.insert("complexity", serde_json::json!(7.5));
        e.insert("assignee", serde_json::Value::Null);
        e.insert("tags", serde_json::json!(["ui", {"k": [1, 2]}]));
        #[derive(Serialize, Deserialize)]
        struct Holder {
            extra: Extra,
        }
        let text = toml::to_string(&Holder { extra: e.clone() }).unwrap();
        let back: Holder = toml::from_str(&text).unwrap();
        assert_eq!(back.extra, e);
        let bad = toml::from_str::<Holder>("extra = \"[1]\"").err().unwrap();
        assert!(bad.to_string().contains("not a JSON object"), "{bad}");
    }
}

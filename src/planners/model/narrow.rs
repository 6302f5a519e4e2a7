//! A step's schema narrowed to one request: task numbers bounded to the
//! tasks the request shows (minimum 1, maximum n), requirement ids and spec
//! item ids as enums. A server that turns the schema into a grammar
//! (llama.cpp) then cannot let a model name a task or requirement that does
//! not exist. The schema is a help, not a gate: every answer is still read
//! and checked against the plan.
use serde_json::{Value, json};

/// Most ids an enum lists; above it the schema would outgrow the prompt,
/// and the answer's check alone catches a wrong id.
const MAX_ENUM: usize = 400;

/// What one request may refer to.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Tasks the answer is about: numbers 1..=focus.
    pub focus: u32,
    /// Tasks the answer may refer to (dependencies, affected tasks): 1..=shown.
    pub shown: u32,
    /// Task lists: new tasks take numbers up to this.
    pub new_up_to: Option<u32>,
    /// Requirement ids the answer may name.
    pub requirements: Vec<String>,
    /// Ids of the spec's questions, assumptions and edge cases.
    pub spec_items: Vec<String>,
}

/// `schema` (one of the step schemas) with its numbers and ids bounded by `scope`.
pub fn narrow(schema: &Value, scope: &Scope) -> Value {
    let mut s = schema.clone();
    let number = |v: &mut Value, max: u32| {
        if v.get("type").and_then(Value::as_str) == Some("integer") {
            v["minimum"] = json!(1);
            v["maximum"] = json!(max.max(1));
        } else if v.get("type").is_some_and(Value::is_array) {
            // ["integer", "null"]
            v["minimum"] = json!(1);
            v["maximum"] = json!(max.max(1));
        }
    };
    let items = "/properties/tasks/items/properties";
    let task_max = scope.new_up_to.unwrap_or(scope.focus);
    if let Some(p) = s.pointer_mut(&format!("{items}/number")) {
        number(p, task_max);
    }
    if let Some(p) = s.pointer_mut(&format!("{items}/task")) {
        number(p, scope.focus);
    }
    let dep_max = scope.new_up_to.unwrap_or(scope.shown).max(scope.shown);
    if let Some(p) = s.pointer_mut(&format!("{items}/depends_on/items/properties/task")) {
        number(p, dep_max);
    }
    if let Some(p) = s.pointer_mut("/properties/concerns/items/properties/task") {
        number(p, scope.focus);
    }
    if let Some(p) = s.pointer_mut("/properties/ambiguities/items/properties/affects/items") {
        number(p, scope.shown);
    }
    if !scope.requirements.is_empty() && scope.requirements.len() <= MAX_ENUM {
        if let Some(p) = s.pointer_mut(&format!("{items}/covers/items")) {
            p["enum"] = json!(scope.requirements);
        }
        if let Some(p) = s.pointer_mut("/properties/gaps/items/properties/requirement") {
            let mut ids: Vec<Value> = scope.requirements.iter().map(|r| json!(r)).collect();
            ids.push(Value::Null);
            p["enum"] = Value::Array(ids);
        }
    }
    if scope.spec_items.len() < MAX_ENUM
        && let Some(p) = s.pointer_mut("/properties/ambiguities/items/properties/source")
    {
        let mut ids = vec![json!("")];
        ids.extend(scope.spec_items.iter().map(|r| json!(r)));
        p["enum"] = Value::Array(ids);
    }
    s
}

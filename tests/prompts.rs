//! The prompts: every step renders completely, shows tasks by number, and asks
//! for JSON whose schema is valid for strict structured output and matches
//! what the offline planner (and so the parser) produces.
#[path = "workflow_common/mod.rs"]
mod common;

use common::*;
use planner_tui::plan::{Edit, apply};
use planner_tui::planners::offline;
use planner_tui::workflow::answer::Shape;
use planner_tui::workflow::{Step, prompt, render};
use serde_json::Value;

#[test]
fn every_step_renders_completely() {
    let s = decomposed_webhooks();
    for step in Step::ALL {
        let p = render(step, &s);
        assert!(
            !p.user.contains("{{"),
            "{step}: unfilled placeholder\n{}",
            p.user
        );
        assert!(p.system.contains("JSON"));
        assert_eq!(p.schema_name, Shape::of(step).name());
        // Tasks are shown by number, never by id.
        assert!(!p.user.contains("T1 "), "{step} shows a task id");
        if step != Step::Completeness {
            assert!(
                p.user.contains("src/infrastructure/queue.ts"),
                "{step} lacks the context"
            );
        }
        assert!(
            p.user_with_schema()
                .contains(&format!("(`{}`)", p.schema_name))
        );
    }
    let d = render(Step::Dependencies, &s).user;
    assert!(
        d.contains("3. Add the webhook endpoint repository\n"),
        "{d}"
    );
    assert!(d.contains("depends on: 1 (interface), 2 (schema)"), "{d}");
    let fresh = render(Step::Decompose, &webhooks()).user;
    assert!(
        fresh.contains("(no tasks yet)")
            && fresh.contains("has 0 tasks")
            && fresh.contains("from 1 upward")
    );
    assert!(fresh.contains("- FR-3: Every delivery carries"));
}

#[test]
fn spec_text_is_not_read_as_a_template() {
    let mut s = webhooks();
    apply(
        &mut s,
        Edit::SetSpecText {
            text: "- Show {{tasks}} literally\n".into(),
        },
    )
    .unwrap();
    let p = render(Step::Decompose, &s);
    assert!(p.user.contains("Show {{tasks}} literally"));
}

#[test]
fn reask_lists_every_error() {
    let text = prompt::reask(&[
        "task 2 depends on itself".into(),
        "task 3 has an empty title".into(),
    ]);
    assert!(text.contains("- task 2 depends on itself\n- task 3 has an empty title\n"));
}

/// Strict mode: every object closes its properties and requires all of them.
fn check_strict(schema: &Value, at: &str) {
    match schema.get("type") {
        Some(Value::String(t)) if t == "object" => {
            assert_eq!(schema["additionalProperties"], Value::Bool(false), "{at}");
            let props = schema["properties"].as_object().unwrap();
            let mut required: Vec<&str> = schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
            required.sort();
            keys.sort();
            assert_eq!(required, keys, "{at}: every property must be required");
            for (k, v) in props {
                check_strict(v, &format!("{at}.{k}"));
            }
        }
        Some(Value::String(t)) if t == "array" => {
            check_strict(&schema["items"], &format!("{at}[]"))
        }
        Some(Value::String(_)) | Some(Value::Array(_)) => {}
        other => panic!("{at}: no type ({other:?})"),
    }
}

/// A small validator for the subset of JSON Schema the prompts use.
fn conforms(value: &Value, schema: &Value, at: &str) -> Result<(), String> {
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return Err(format!("{at}: schema without type")),
    };
    let ok = types.iter().any(|t| match *t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    });
    if !ok {
        return Err(format!("{at}: {value} is not {types:?}"));
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} not in {allowed:?}"));
    }
    match value {
        Value::Object(o) => {
            let props = schema["properties"].as_object().unwrap();
            for k in o.keys() {
                if !props.contains_key(k) {
                    return Err(format!("{at}: unexpected field {k}"));
                }
            }
            for (k, sub) in props {
                let v = o.get(k).ok_or(format!("{at}: missing {k}"))?;
                conforms(v, sub, &format!("{at}.{k}"))?;
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                conforms(v, &schema["items"], &format!("{at}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[test]
fn schemas_are_strict_and_match_the_answers() {
    let s = decomposed_webhooks();
    for step in Step::ALL {
        let p = render(step, &s);
        check_strict(&p.schema, p.schema_name);
        let session = if step == Step::Decompose {
            webhooks()
        } else {
            s.clone()
        };
        let answer = offline::typed_answer(step, &session).to_json();
        conforms(&answer, &p.schema, p.schema_name).unwrap_or_else(|e| panic!("{step}: {e}"));
    }
}

//! A Mermaid `flowchart TD` of the plan that renders on code hosts: node ids
//! are task ids (`T4`), labels are quoted with Mermaid's entity escapes, edges
//! carry their kind, and the critical path is drawn heavier.
use std::collections::HashSet;
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::plan::{DepKind, Session};

use super::one_line;

/// The graph on its own (`plan.mmd`).
pub fn render(s: &Session, report: &Report) -> String {
    let mut o = String::new();
    write_graph(&mut o, s, report);
    o
}

/// The `flowchart` lines, each ending in a newline.
pub(crate) fn write_graph(o: &mut String, s: &Session, report: &Report) {
    o.push_str("flowchart TD\n");
    for t in &s.tasks {
        let _ = writeln!(
            o,
            "    {}[\"{}\"]",
            t.id,
            label(&format!("{} {}", t.id, one_line(&t.title)))
        );
    }
    let known: HashSet<_> = s.tasks.iter().map(|t| t.id).collect();
    for t in &s.tasks {
        for d in &t.depends_on {
            if !known.contains(&d.on) || d.on == t.id {
                continue;
            }
            match d.kind {
                // Inferred from an imported file's layout: a dotted edge.
                _ if d.inferred => {
                    let _ = writeln!(o, "    {} -.-> {}", d.on, t.id);
                }
                DepKind::Other => {
                    let _ = writeln!(o, "    {} --> {}", d.on, t.id);
                }
                k => {
                    let _ = writeln!(o, "    {} -->|{}| {}", d.on, k, t.id);
                }
            }
        }
    }
    let critical = report
        .schedule
        .as_ref()
        .map(|sc| sc.critical_path.as_slice())
        .unwrap_or(&[]);
    if critical.len() > 1 {
        o.push_str("    classDef critical stroke:#c92a2a,stroke-width:3px\n");
        let ids: Vec<String> = critical.iter().map(|i| i.to_string()).collect();
        let _ = writeln!(o, "    class {} critical", ids.join(","));
    }
    let done: Vec<String> = s
        .tasks
        .iter()
        .filter(|t| t.status == crate::plan::TaskStatus::Done)
        .map(|t| t.id.to_string())
        .collect();
    if !done.is_empty() {
        o.push_str("    classDef done fill:#d3f9d8\n");
        let _ = writeln!(o, "    class {} done", done.join(","));
    }
}

/// Text for inside `["..."]`: Mermaid's `#name;` entities for the characters
/// that would end the label or start markup.
pub(crate) fn label(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => o.push_str("#quot;"),
            '#' => o.push_str("#35;"),
            '[' => o.push_str("#91;"),
            ']' => o.push_str("#93;"),
            '(' => o.push_str("#40;"),
            ')' => o.push_str("#41;"),
            '{' => o.push_str("#123;"),
            '}' => o.push_str("#125;"),
            '<' => o.push_str("#lt;"),
            '>' => o.push_str("#gt;"),
            '|' => o.push_str("#124;"),
            '`' => o.push_str("#96;"),
            '&' => o.push_str("#amp;"),
            ';' => o.push_str("#59;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_what_would_break_the_graph() {
        assert_eq!(
            label(r#"Add "retry" [x] #1 <b> a|b"#),
            "Add #quot;retry#quot; #91;x#93; #35;1 #lt;b#gt; a#124;b"
        );
    }
}

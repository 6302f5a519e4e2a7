//! A Graphviz DOT digraph of the plan: one box per task (id and title), one
//! edge per dependency labelled with its kind, one cluster per parallel
//! group, the critical path drawn heavier.
use std::collections::HashSet;
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::plan::{DepKind, Session, TaskStatus};

use super::one_line;

pub fn render(s: &Session, report: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "digraph \"{}\" {{", quote(&one_line(&s.title)));
    o.push_str("    rankdir=LR;\n");
    o.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    o.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    let critical: HashSet<_> = report
        .schedule
        .as_ref()
        .map(|sc| sc.critical_path.iter().copied().collect())
        .unwrap_or_default();
    let critical_edges: HashSet<_> = report
        .schedule
        .as_ref()
        .map(|sc| sc.critical_path.windows(2).map(|w| (w[0], w[1])).collect())
        .unwrap_or_default();
    let node = |o: &mut String, t: &crate::plan::Task, indent: &str| {
        let mut attrs = format!("label=\"{}\\n{}\"", t.id, quote(&one_line(&t.title)));
        if critical.contains(&t.id) {
            attrs.push_str(", color=\"#c92a2a\", penwidth=2");
        }
        if t.status == TaskStatus::Done {
            attrs.push_str(", style=\"rounded,filled\", fillcolor=\"#d3f9d8\"");
        }
        let _ = writeln!(o, "{indent}\"{}\" [{attrs}];", t.id);
    };
    match &report.schedule {
        Some(sc) if sc.wave_count() > 0 => {
            for w in 0..sc.wave_count() {
                let _ = writeln!(o, "    subgraph cluster_wave_{} {{", w + 1);
                let _ = writeln!(o, "        label=\"Parallel group {}\";", w + 1);
                o.push_str("        style=dashed;\n");
                for &p in sc.wave_positions(w) {
                    node(&mut o, &s.tasks[p as usize], "        ");
                }
                o.push_str("    }\n");
            }
        }
        _ => {
            for t in &s.tasks {
                node(&mut o, t, "    ");
            }
        }
    }
    let known: HashSet<_> = s.tasks.iter().map(|t| t.id).collect();
    for t in &s.tasks {
        for d in &t.depends_on {
            if !known.contains(&d.on) || d.on == t.id {
                continue;
            }
            let mut attrs = Vec::new();
            if d.kind != DepKind::Other {
                attrs.push(format!("label=\"{}\"", d.kind));
            }
            if d.inferred {
                attrs.push("style=dashed".to_string());
            }
            if critical_edges.contains(&(d.on, t.id)) {
                attrs.push("color=\"#c92a2a\", penwidth=2".to_string());
            }
            if attrs.is_empty() {
                let _ = writeln!(o, "    \"{}\" -> \"{}\";", d.on, t.id);
            } else {
                let _ = writeln!(
                    o,
                    "    \"{}\" -> \"{}\" [{}];",
                    d.on,
                    t.id,
                    attrs.join(", ")
                );
            }
        }
    }
    o.push_str("}\n");
    o
}

/// Text for inside a DOT double-quoted string.
fn quote(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(quote(r#"say "hi" \ bye"#), r#"say \"hi\" \\ bye"#);
    }
}

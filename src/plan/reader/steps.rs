//! The steps of a spec that is already a plan: the items of its plan
//! sections (implementation plan, phases, stages, tasks), grouped by the
//! sub-section they stand in, with what each says under it. Kiro's numbered
//! sub-tasks (`1.1`, `1.2` under `1.`) are steps of their own, grouped under
//! their parent; a checkpoint is marked so a planner can fold it into the
//! step before it.
use super::blocks::{self, Block};
use super::headings::Kind;
use super::markup;
use super::sections::{self, Section};

/// One step of a plan written in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// Its written number (`3`, `1.2`, `1b`), if it has one.
    pub number: Option<String>,
    /// Its first line, without markup.
    pub title: String,
    /// What is written under it (sub-items, one per entry), without markup
    /// except code ticks, which name files and identifiers.
    pub details: Vec<String>,
    /// The stage, phase or parent step it belongs to.
    pub group: Option<String>,
    pub line: usize,
    /// A checkpoint ("Checkpoint — ensure all tests pass"), not work.
    pub checkpoint: bool,
}

/// The steps of `text`'s plan sections, in order, and whether the document
/// as a whole is a plan (its title says so).
pub fn steps(text: &str) -> (Vec<PlanStep>, bool) {
    let blocks = blocks::scan(text);
    let secs = sections::build(&blocks);
    let whole = secs
        .iter()
        .find(|s| s.level == 1)
        .is_some_and(|s| s.kind == Some(Kind::Plan));
    let mut out = Vec::new();
    for (i, s) in secs.iter().enumerate() {
        // A section of a plan document with a kind of its own (an overview,
        // notes, requirements) is not one of its steps.
        let aside = s.own.is_some_and(|k| {
            matches!(
                k,
                Kind::Context
                    | Kind::Narrative
                    | Kind::Ignored
                    | Kind::Questions
                    | Kind::Assumptions
                    | Kind::Exclusions
                    | Kind::EdgeCases
                    | Kind::Entities
            )
        });
        if s.kind != Some(Kind::Plan) || aside {
            continue;
        }
        let group = group_of(&secs, i);
        collect(&blocks, s, group.as_deref(), &mut out);
    }
    (out, whole)
}

/// The heading a step is grouped under: its own section's, unless that is
/// the top of the plan.
fn group_of(secs: &[Section], i: usize) -> Option<String> {
    let s = &secs[i];
    let parent_is_plan = s
        .parent
        .is_some_and(|p| secs[p].kind == Some(Kind::Plan) && secs[p].level > 0);
    (parent_is_plan || s.level > 1 && s.own != Some(Kind::Plan)).then(|| markup::strip(&s.heading))
}

fn collect(blocks: &[Block], s: &Section, group: Option<&str>, out: &mut Vec<PlanStep>) {
    let range = s.blocks.clone();
    for k in range.clone() {
        let Block::Item {
            depth,
            parent,
            number,
            text,
            line,
        } = &blocks[k]
        else {
            continue;
        };
        // A numbered item under a numbered step is a step of its own (Kiro's
        // `1.1` under `1.`); other sub-items are details.
        let numbered_child = *depth > 0
            && item_number(&blocks[k]).is_some()
            && parent.is_some_and(|p| item_number(&blocks[p]).is_some());
        if *depth > 0 && !numbered_child {
            continue;
        }
        let kids: Vec<(usize, &str, bool)> = blocks[k + 1..range.end]
            .iter()
            .enumerate()
            .take_while(|(_, b)| matches!(b, Block::Item { depth: d, .. } if d > depth))
            .filter_map(|(j, b)| match b {
                Block::Item {
                    parent: Some(p),
                    text,
                    ..
                } if *p == k => Some((k + 1 + j, text.as_str(), item_number(b).is_some())),
                _ => None,
            })
            .collect();
        let has_sub_steps = item_number(&blocks[k]).is_some() && kids.iter().any(|(_, _, n)| *n);
        let (num, title) = split_number(text, number.as_deref());
        if has_sub_steps {
            // The parent names the group; its sub-steps are the work.
            continue;
        }
        let group = if numbered_child {
            parent.and_then(|p| match &blocks[p] {
                Block::Item { text, number, .. } => Some(split_number(text, number.as_deref()).1),
                _ => None,
            })
        } else {
            group.map(str::to_string)
        };
        let details = descendants(blocks, k, range.end);
        let checkpoint = title
            .to_lowercase()
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .starts_with("checkpoint")
            || title.to_lowercase().starts_with("final checkpoint");
        out.push(PlanStep {
            number: num,
            title,
            details,
            group,
            line: *line,
            checkpoint,
        });
    }
}

/// An item's number: its list marker's, or one written first in its text
/// (`- [ ] 1.2 Update …`).
fn item_number(b: &Block) -> Option<String> {
    match b {
        Block::Item { number, text, .. } => split_number(text, number.as_deref()).0,
        _ => None,
    }
}

/// Every item nested under the item at `k`, one text each (code ticks kept).
fn descendants(blocks: &[Block], k: usize, end: usize) -> Vec<String> {
    let depth = match &blocks[k] {
        Block::Item { depth, .. } => *depth,
        _ => return Vec::new(),
    };
    blocks[k + 1..end]
        .iter()
        .take_while(|b| matches!(b, Block::Item { depth: d, .. } if *d > depth))
        .filter_map(|b| match b {
            Block::Item { text, .. } => Some(keep_ticks(text)),
            _ => None,
        })
        .collect()
}

/// "1b. Checkpoint — …" → (`1b`, "Checkpoint — …"); the list marker's own
/// number when the text has none.
fn split_number(text: &str, marker: Option<&str>) -> (Option<String>, String) {
    let t = keep_ticks(text);
    let first = t.split_whitespace().next().unwrap_or("");
    let is_number = first
        .trim_end_matches('.')
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
        && first
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
    if is_number {
        let rest = t[first.len()..].trim().to_string();
        return (Some(first.trim_end_matches('.').to_string()), rest);
    }
    (marker.map(str::to_string), t)
}

/// Markup taken out, but code ticks kept: they mark file names and identifiers.
fn keep_ticks(text: &str) -> String {
    let protected = text.replace('`', "\u{1}");
    markup::strip(&protected).replace('\u{1}', "`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_kiro_sub_tasks() {
        let text = "# Implementation Plan\n\n## Stage 1 – Basics\n- Fix staging: adjust `new` and add tests\n- Keep `version` in sync\n\n\
                    ## Tasks\n\n- [ ] 1. Set up the target\n  - [ ] 1.1 Create `cli/main.swift`\n    - Add a target\n    - _Requirements: 1.1_\n  - [ ] 1.2 Update `ModelPaths.swift`\n\
                    - [ ] 2. Checkpoint - Ensure all tests pass\n";
        let (steps, whole) = steps(text);
        assert!(whole);
        let got: Vec<(Option<&str>, &str, Option<&str>, bool)> = steps
            .iter()
            .map(|s| {
                (
                    s.number.as_deref(),
                    s.title.as_str(),
                    s.group.as_deref(),
                    s.checkpoint,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    None,
                    "Fix staging: adjust `new` and add tests",
                    Some("Stage 1 – Basics"),
                    false
                ),
                (
                    None,
                    "Keep `version` in sync",
                    Some("Stage 1 – Basics"),
                    false
                ),
                (
                    Some("1.1"),
                    "Create `cli/main.swift`",
                    Some("Set up the target"),
                    false
                ),
                (
                    Some("1.2"),
                    "Update `ModelPaths.swift`",
                    Some("Set up the target"),
                    false
                ),
                (
                    Some("2"),
                    "Checkpoint - Ensure all tests pass",
                    Some("Tasks"),
                    true
                ),
            ]
        );
        assert_eq!(steps[2].details, ["Add a target", "Requirements: 1.1"]);
    }
}

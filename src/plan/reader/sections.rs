//! The blocks of a spec grouped into sections by heading, each with the kind
//! it holds. A section with no kind of its own takes its parent's; a
//! requirement heading inside a plan or an ignored section stays part of it.
//! The document's title (its only top-level heading) names no kind, so a
//! "Feature Specification" or "Product Requirements Document" title does not
//! make every section under it a requirement section.
use std::ops::Range;

use super::blocks::Block;
use super::headings::{self, Kind, Unit};

#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's text as written; empty for the part before any heading.
    pub heading: String,
    pub level: u8,
    pub line: usize,
    pub parent: Option<usize>,
    /// The kind its heading names.
    pub own: Option<Kind>,
    /// The kind it holds: its own, or its nearest ancestor's.
    pub kind: Option<Kind>,
    /// What the heading stands for by itself, in a requirement section.
    pub unit: Option<Unit>,
    /// The blocks directly under it (not in a sub-section).
    pub blocks: Range<usize>,
    pub children: Vec<usize>,
}

/// Sections of `blocks`; section 0 is what comes before the first heading.
pub fn build(blocks: &[Block]) -> Vec<Section> {
    let title = title_index(blocks);
    let mut sections = vec![Section {
        heading: String::new(),
        level: 0,
        line: 1,
        parent: None,
        own: None,
        kind: None,
        unit: None,
        blocks: 0..0,
        children: Vec::new(),
    }];
    let mut current = 0;
    let mut last_level: u8 = 0;
    for (i, b) in blocks.iter().enumerate() {
        let heading = match b {
            Block::Heading {
                level,
                text,
                line,
                pseudo,
            } => {
                if !*pseudo {
                    last_level = *level;
                }
                Some((*level, text.clone(), *line, Some(i) == title, *pseudo))
            }
            Block::Para {
                text,
                line,
                intro: true,
            } => headings::classify(text)
                .filter(|_| headings::normalise(text).split_whitespace().count() <= 4)
                .map(|_| {
                    (
                        last_level.saturating_add(1).min(7),
                        text.clone(),
                        *line,
                        false,
                        true,
                    )
                }),
            _ => None,
        };
        let Some((level, text, line, is_title, pseudo)) = heading else {
            sections[current].blocks.end = i + 1;
            continue;
        };
        let mut parent = current;
        while parent != 0 && sections[parent].level >= level {
            parent = sections[parent].parent.unwrap_or(0);
        }
        // A title says what the whole document is only when it is a plan,
        // something to ignore, or one kind of list ("Open Questions").
        let words = headings::normalise(&text).split_whitespace().count();
        let own = headings::classify_at(&text)
            .filter(|&(k, at)| {
                if is_title {
                    // "Design Doc: Interactive Task Clarification" is not a
                    // list of clarifications; "Open Questions" is.
                    matches!(k, Kind::Plan | Kind::Ignored) || k.is_typed() && words <= 3
                } else if pseudo {
                    // A bold line or a "Non-goals:" line names a kind only
                    // when it starts with the word or is a short name for it
                    // ("Success criteria", "Validation rules"; not
                    // "Applicable use cases", "This feature implements:").
                    at == 0 || words <= 2
                } else {
                    true
                }
            })
            .map(|(k, _)| k);
        let inherited = sections[parent].kind;
        let kind = match (own, inherited) {
            // Inside a plan or an ignored part, only a typed list under a
            // heading of its own stands out (a bold line there is a note).
            (
                Some(Kind::Explicit | Kind::Implicit | Kind::Context),
                Some(Kind::Plan | Kind::Ignored),
            ) => inherited,
            (Some(_), Some(Kind::Plan | Kind::Ignored)) if pseudo => inherited,
            // "Risks > Resource constraints" is a risk, not a rule to follow.
            (Some(Kind::Constraints), Some(Kind::Plan | Kind::Ignored)) => inherited,
            // Inside stated requirements, goals, phases and metrics are
            // groupings of them.
            (Some(Kind::Implicit | Kind::Plan), Some(Kind::Explicit)) => inherited,
            (Some(Kind::Context), Some(Kind::Explicit))
                if headings::normalise(&text).contains("metric") =>
            {
                inherited
            }
            (Some(k), _) => Some(k),
            (None, k) => k,
        };
        let unit = match kind {
            Some(Kind::Explicit | Kind::Implicit) if !is_title => headings::unit(&text),
            // A labelled heading ("REQ-001: Node creation") is a requirement
            // wherever no kind says otherwise.
            None if !is_title => match headings::unit(&text) {
                Some(u @ Unit::Labelled { .. }) => Some(u),
                _ => None,
            },
            _ if !is_title && kind.is_some_and(Kind::is_typed) => match headings::unit(&text) {
                Some(u @ Unit::Labelled { .. }) => Some(u),
                _ => None,
            },
            _ => None,
        };
        let index = sections.len();
        sections[parent].children.push(index);
        sections.push(Section {
            heading: text,
            level,
            line,
            parent: Some(parent),
            own,
            kind,
            unit,
            blocks: i + 1..i + 1,
            children: Vec::new(),
        });
        current = index;
    }
    sections
}

/// The document's title: its first heading, when that is its only
/// top-level (`#`) heading.
fn title_index(blocks: &[Block]) -> Option<usize> {
    let mut first: Option<(usize, u8)> = None;
    let mut same_level = 0;
    let mut min_level = u8::MAX;
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Heading {
            level,
            pseudo: false,
            ..
        } = b
        {
            if first.is_none() {
                first = Some((i, *level));
            }
            min_level = min_level.min(*level);
            if first.is_some_and(|(_, l)| l == *level) {
                same_level += 1;
            }
        }
    }
    let (i, level) = first?;
    (same_level == 1 && level == 1 && level == min_level).then_some(i)
}

/// Every section in the subtree of `root` (itself included), in order.
pub fn subtree(sections: &[Section], root: usize) -> Vec<usize> {
    let mut out = vec![root];
    let mut k = 0;
    while k < out.len() {
        let s = out[k];
        out.extend(sections[s].children.iter().copied());
        k += 1;
    }
    out.sort_unstable();
    out
}

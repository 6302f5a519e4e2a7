//! Items read out of each section by its kind: requirements from
//! requirement sections (stated ones first; goal and scope sections only
//! when a document states none; and for a document with neither, the
//! plain rules over its other sections), and exclusions, assumptions,
//! questions, edge cases, entities and constraints from theirs.
use super::blocks::Block;
use super::headings::{self, Kind, Unit};
use super::sections::{self, Section};
use super::{ears, labels, markup, sentences};

/// One item as found: its label (if the spec gives one), its text without
/// markup, where it starts, and what belongs to it (sub-points, scenarios).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub label: Option<String>,
    pub text: String,
    pub line: usize,
    pub details: Vec<String>,
    /// The heading of the section it is in.
    pub section: String,
}

impl Raw {
    fn new(label: Option<String>, text: String, line: usize, section: &str) -> Raw {
        Raw {
            label,
            text,
            line,
            details: Vec::new(),
            section: section.to_string(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Collected {
    pub requirements: Vec<Raw>,
    pub exclusions: Vec<Raw>,
    pub assumptions: Vec<Raw>,
    pub questions: Vec<Raw>,
    pub edge_cases: Vec<Raw>,
    pub entities: Vec<Raw>,
    pub constraints: Vec<Raw>,
}

impl Collected {
    fn typed(&mut self, kind: Kind) -> Option<&mut Vec<Raw>> {
        Some(match kind {
            Kind::Exclusions => &mut self.exclusions,
            Kind::Assumptions => &mut self.assumptions,
            Kind::Questions => &mut self.questions,
            Kind::EdgeCases => &mut self.edge_cases,
            Kind::Constraints => &mut self.constraints,
            Kind::Entities => &mut self.entities,
            _ => return None,
        })
    }
}

/// Which sections requirements are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Explicit,
    Implicit,
    /// A document with no requirement section: its unclassified and context
    /// sections, by the plain rules.
    Plain,
}

pub fn collect(blocks: &[Block], secs: &[Section]) -> Collected {
    let secs = &asking_entities_are_requirements(blocks, secs);
    let mut c = Collected::default();
    let prose_only = is_prose_only(blocks);
    for tier in [Tier::Explicit, Tier::Implicit, Tier::Plain] {
        let mut found = Vec::new();
        for (i, s) in secs.iter().enumerate() {
            if in_tier(s, tier) && !inside_unit(secs, i) {
                requirements_in(blocks, secs, i, tier, prose_only, &mut found);
            }
        }
        if found.is_empty() {
            continue;
        }
        if tier != Tier::Plain {
            // EARS clauses and lines labelled as requirements (`R3.1 The
            // system shall ...`) stand on their own wherever they are
            // written, beside the requirement sections.
            for (i, s) in secs.iter().enumerate() {
                if matches!(s.kind, None | Some(Kind::Context | Kind::Entities))
                    && !inside_unit(secs, i)
                {
                    for k in s.blocks.clone() {
                        stands_alone(blocks, k, &s.heading, &mut found);
                    }
                }
            }
        }
        // In the order the spec gives them.
        found.sort_by_key(|r| r.line);
        c.requirements = found;
        break;
    }
    for (i, s) in secs.iter().enumerate() {
        match s.kind {
            Some(Kind::Entities) => entities_in(blocks, secs, i, &mut c.entities),
            Some(kind) if kind.is_typed() && !inside_typed_unit(secs, i) => {
                typed_in(blocks, secs, i, kind, &mut c)
            }
            _ => lead_ins(blocks, s, &mut c),
        }
    }
    clarification_markers(blocks, secs, &mut c.questions);
    c
}

/// "### 2. Data Structure" inside the requirements, over "- Define the JSON
/// format", "- Support nodes and links": its items ask for work, so it holds
/// requirements, not entity names.
fn asking_entities_are_requirements(blocks: &[Block], secs: &[Section]) -> Vec<Section> {
    let mut out = secs.to_vec();
    for (i, s) in secs.iter().enumerate() {
        let under_requirements = s
            .parent
            .is_some_and(|p| secs[p].kind == Some(Kind::Explicit));
        if s.own != Some(Kind::Entities) || !under_requirements {
            continue;
        }
        let tops: Vec<&str> = blocks[s.blocks.clone()]
            .iter()
            .filter_map(|b| match b {
                Block::Item { depth: 0, text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let asking = tops.iter().filter(|t| asks(t) || has_modal(t)).count();
        if !tops.is_empty() && asking * 2 > tops.len() {
            for k in sections::subtree(secs, i) {
                out[k].kind = Some(Kind::Explicit);
            }
        }
    }
    out
}

fn in_tier(s: &Section, tier: Tier) -> bool {
    match tier {
        Tier::Explicit => s.kind == Some(Kind::Explicit),
        Tier::Implicit => s.kind == Some(Kind::Implicit),
        Tier::Plain => matches!(s.kind, None | Some(Kind::Context)),
    }
}

/// Whether a section is inside a story, group or labelled requirement
/// (which reads its whole subtree itself).
fn inside_unit(secs: &[Section], i: usize) -> bool {
    let mut p = secs[i].parent;
    while let Some(k) = p {
        if secs[k].unit.is_some() && !secs[i].own.is_some_and(Kind::is_typed) {
            return true;
        }
        p = secs[k].parent;
    }
    false
}

fn inside_typed_unit(secs: &[Section], i: usize) -> bool {
    let mut p = secs[i].parent;
    while let Some(k) = p {
        if secs[k].unit.is_some() && secs[k].kind.is_some_and(Kind::is_typed) {
            return true;
        }
        p = secs[k].parent;
    }
    false
}

/// The blocks of a section and of its sub-sections that hold the same kind
/// of thing (a typed sub-section, such as edge cases inside a story, is
/// read on its own).
fn unit_blocks<'b>(blocks: &'b [Block], secs: &[Section], root: usize) -> Vec<&'b Block> {
    sections::subtree(secs, root)
        .into_iter()
        .filter(|&k| {
            k == root
                || !secs[k]
                    .own
                    .is_some_and(|o| o.is_typed() || o == Kind::Ignored)
        })
        .flat_map(|k| blocks[secs[k].blocks.clone()].iter())
        .collect()
}

fn requirements_in(
    blocks: &[Block],
    secs: &[Section],
    i: usize,
    tier: Tier,
    prose_only: bool,
    out: &mut Vec<Raw>,
) {
    let s = &secs[i];
    let section = heading_text(&s.heading);
    match &s.unit {
        Some(Unit::Story { number, title }) => {
            story(blocks, secs, i, *number, title, out);
            return;
        }
        Some(Unit::Group { number }) => {
            kiro_group(blocks, secs, i, *number, &section, out);
            return;
        }
        Some(Unit::Labelled { label, title }) => {
            let body = unit_blocks(blocks, secs, i);
            // A labelled heading over labelled requirements (`FR-1: Export`
            // over FR-1.1, FR-1.2) only groups them.
            let grouped = body.iter().any(|b| match b {
                Block::Item { text, .. } | Block::Para { text, .. } => {
                    labels::split(text).is_some()
                }
                _ => false,
            });
            if grouped {
                for b in body {
                    if let Block::Item { text, line, .. } | Block::Para { text, line, .. } = b
                        && labels::split(text).is_some()
                    {
                        item(text, *line, &section, out);
                    }
                }
                return;
            }
            let mut text = markup::strip(title);
            let mut details = Vec::new();
            for b in body {
                match b {
                    Block::Para {
                        text: p,
                        intro: false,
                        ..
                    } if text.is_empty() => text = markup::strip(p),
                    Block::Item {
                        depth: 0, text: t, ..
                    } => details.push(markup::strip(t)),
                    _ => {}
                }
            }
            let mut r = Raw::new(Some(label.clone()), text, s.line, &parent_heading(secs, i));
            r.details = details;
            out.push(r);
            return;
        }
        None => {}
    }
    let direct = &blocks[s.blocks.clone()];
    if i != 0 && !s.heading.is_empty() && is_field_list(direct) {
        // "### Smart search" with "- What it does: ..." lines: the heading is
        // the requirement, the lines describe it.
        out.push(field_unit(
            &s.heading,
            direct,
            s.line,
            &parent_heading(secs, i),
        ));
        return;
    }
    for (k, b) in direct.iter().enumerate() {
        let me = s.blocks.start + k;
        match b {
            Block::Item {
                depth,
                parent,
                text,
                line,
                ..
            } => {
                if i == 0 && is_key_value(text) && labels::split(text).is_none() {
                    // "- Feature Name: x" above the first heading: metadata.
                    continue;
                }
                let top = *depth == 0 || parent.is_some_and(|p| intro_item(blocks, p));
                let labelled = labels::split(text).is_some();
                if labelled && groups(text, children(blocks, me)) {
                    // `R2.1 Admin` over `R2.1.1 ...`: it only groups them.
                    continue;
                }
                if tier == Tier::Plain && !labelled && states_a_limit(text) {
                    // "A raw pointer cannot be passed to a Send closure.":
                    // outside requirement sections, a description.
                    continue;
                }
                if (top || labelled) && !intro_item(blocks, me) {
                    let start = out.len();
                    item(text, *line, &section, out);
                    if out.len() > start {
                        // Sub-points that are not requirements themselves belong to it.
                        out[start].details = children(blocks, me)
                            .filter(|t| labels::split(t).is_none())
                            .map(markup::strip)
                            .collect();
                    }
                }
            }
            Block::Para { text, line, intro } => {
                if labels::split(text).is_some() {
                    item(text, *line, &section, out);
                    continue;
                }
                for sentence in sentences::split(text) {
                    if sentence.ends_with('?') || only_introduces(sentence) {
                        continue;
                    }
                    let wanted = has_modal_in(sentence, tier)
                        || ears::is_ears(sentence)
                        || tier == Tier::Plain
                            && (asks(sentence) || prose_only && describes(sentence));
                    if wanted && (!intro || asks(sentence)) {
                        item(sentence, *line, &section, out);
                    }
                }
            }
            Block::Table { header, rows, .. } if tier != Tier::Plain => {
                for (line, cells) in rows {
                    if let Some((label, text)) = row(header, cells) {
                        push_requirement(label, &text, *line, &section, out);
                    }
                }
            }
            _ => {}
        }
    }
    if tier == Tier::Explicit && i != 0 && !s.heading.is_empty() && s.children.is_empty() {
        sole_paragraph(direct, s.line, &section, out);
    }
}

/// "## Data storage" with one plain sentence and nothing else, inside a
/// requirement section: the sentence is the requirement.
fn sole_paragraph(direct: &[Block], line: usize, section: &str, out: &mut Vec<Raw>) {
    let mut paras = direct.iter().filter_map(|b| match b {
        Block::Para {
            text, intro: false, ..
        } => Some(text),
        _ => None,
    });
    let only = paras.next();
    let structured = direct
        .iter()
        .any(|b| matches!(b, Block::Item { .. } | Block::Table { .. }));
    if let (Some(text), None, false) = (only, paras.next(), structured) {
        let t = markup::strip(text);
        let sentences = sentences::split(&t).len();
        if sentences == 1
            && !t.ends_with('?')
            && !has_modal(&t)
            && t.split_whitespace().count() >= 4
        {
            push_requirement(None, text, line, section, out);
        }
    }
}

/// A sentence that says what cannot be done or is not the case: a
/// description of a limit, not a request.
fn states_a_limit(text: &str) -> bool {
    let l = markup::strip(text).to_lowercase();
    !has_modal(&l)
        && [
            " cannot ",
            " can't ",
            " does not ",
            " doesn't ",
            " is not ",
            " isn't ",
            " are not ",
        ]
        .iter()
        .any(|w| l.contains(w))
}

/// `User Story 2 - Title`: one requirement; its scenarios belong to it.
fn story(
    blocks: &[Block],
    secs: &[Section],
    i: usize,
    number: Option<u32>,
    title: &str,
    out: &mut Vec<Raw>,
) {
    let mut description = String::new();
    let mut details = Vec::new();
    for b in unit_blocks(blocks, secs, i) {
        match b {
            Block::Para {
                text, intro: false, ..
            } if description.is_empty() && !is_field(text) => {
                description = markup::strip(text);
            }
            Block::Item { depth: 0, text, .. } => details.push(markup::strip(text)),
            _ => {}
        }
    }
    let text = match (title.is_empty(), description.is_empty()) {
        (false, true) => title.to_string(),
        (false, false) => format!("{title}: {description}"),
        (true, _) => description,
    };
    if !text.is_empty() {
        let mut r = Raw::new(
            number.map(|n| format!("US{n}")),
            text,
            secs[i].line,
            &parent_heading(secs, i),
        );
        r.details = details;
        out.push(r);
    }
}

/// Kiro's `Requirement 3`: its numbered criteria are `3.1`, `3.2`, ...
fn kiro_group(
    blocks: &[Block],
    secs: &[Section],
    i: usize,
    number: u32,
    section: &str,
    out: &mut Vec<Raw>,
) {
    let mut ordinal = 0u32;
    let mut pending: Option<Raw> = None;
    for b in unit_blocks(blocks, secs, i) {
        let (text, line, written) = match b {
            Block::Item {
                depth: 0,
                text,
                line,
                number: n,
                ..
            } => (text.as_str(), *line, n.as_deref()),
            Block::Item { text, .. } => {
                if let Some(p) = &mut pending {
                    p.details.push(markup::strip(text));
                }
                continue;
            }
            Block::Para {
                text,
                line,
                intro: false,
            } if has_modal(text) || ears::is_ears(text) => (text.as_str(), *line, None),
            _ => continue,
        };
        ordinal += 1;
        let k = written
            .and_then(|w| w.parse::<u32>().ok())
            .unwrap_or(ordinal);
        ordinal = ordinal.max(k);
        out.extend(pending.take());
        let (label, body_text) = match labels::split(text) {
            Some((l, rest)) => (l, rest),
            None => (format!("{number}.{k}"), text),
        };
        pending = Some(Raw::new(
            Some(label),
            markup::strip(body_text),
            line,
            section,
        ));
    }
    out.extend(pending);
}

/// A heading described by field lines: the requirement is the heading, with
/// its "what it does" line.
fn field_unit(heading: &str, direct: &[Block], line: usize, section: &str) -> Raw {
    let mut text = heading_text(heading);
    text = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .to_string();
    let mut details = Vec::new();
    for b in direct {
        if let Block::Item {
            depth: 0, text: t, ..
        } = b
        {
            let t = markup::strip(t);
            if let Some((key, value)) = t.split_once(':')
                && matches!(
                    key.trim().to_lowercase().as_str(),
                    "what" | "what it does" | "description" | "summary"
                )
            {
                text = format!("{text}: {}", value.trim());
            } else {
                details.push(t);
            }
        }
    }
    let mut r = Raw::new(None, text, line, section);
    r.details = details;
    r
}

/// The text of each item nested directly in the item at `index`.
fn children(blocks: &[Block], index: usize) -> impl Iterator<Item = &str> {
    let depth = item_depth(&blocks[index]);
    blocks[index + 1..]
        .iter()
        .take_while(move |b| matches!(b, Block::Item { depth: d, .. } if *d > depth))
        .filter_map(move |b| match b {
            Block::Item {
                parent: Some(p),
                text,
                ..
            } if *p == index => Some(text.as_str()),
            _ => None,
        })
}

fn item_depth(b: &Block) -> usize {
    match b {
        Block::Item { depth, .. } => *depth,
        _ => 0,
    }
}

/// An item that only introduces its sub-items ("The API supports:"), so that
/// each sub-item stands on its own. A feature title over "What:/Why:/How:"
/// lines is not one: those lines describe it.
fn intro_item(blocks: &[Block], index: usize) -> bool {
    let Block::Item { text, .. } = &blocks[index] else {
        return false;
    };
    if labels::split(text).is_some() || requirement_lead(text) {
        // A label is the requirement's own: `R7.1 Booking window:` is one.
        return requirement_lead(text);
    }
    let t = markup::strip(text);
    let kids: Vec<&str> = children(blocks, index).collect();
    let numbered = matches!(
        &blocks[index],
        Block::Item {
            number: Some(_),
            ..
        }
    );
    // One level of grouping: an introduction inside a group is a requirement
    // with its details ("Horizontal calendar strip above the timeline:").
    if let Block::Item {
        parent: Some(p), ..
    } = &blocks[index]
        && intro_item(blocks, *p)
    {
        return false;
    }
    if numbered && group_title(&t, &kids) {
        return true;
    }
    if !(t.ends_with([':', '：']) && !has_modal(&t) && t.split_whitespace().count() <= 12) {
        return false;
    }
    let fields = kids.iter().filter(|k| is_field(k)).count();
    !(kids.len() >= 2 && fields * 2 >= kids.len())
}

/// "1. Game mechanics" over full sub-items: a title that names a group, not a
/// requirement of its own (short, no sentence, no colon-led description).
fn group_title(title: &str, kids: &[&str]) -> bool {
    let words = title.split_whitespace().count();
    if kids.len() < 2
        || words == 0
        || words > 5
        || title.contains(['.', ':', ','])
        || has_modal(title)
    {
        return false;
    }
    let kid_words: usize = kids
        .iter()
        .map(|k| markup::strip(k).split_whitespace().count())
        .sum();
    let fields = kids.iter().filter(|k| is_field(k)).count();
    kid_words >= 3 * kids.len() && fields * 2 < kids.len()
}

fn item(text: &str, line: usize, section: &str, out: &mut Vec<Raw>) {
    let (label, body) = match labels::split(text) {
        Some((l, rest)) => (Some(l), rest),
        None => (None, text),
    };
    push_requirement(label, body, line, section, out);
}

/// A requirement candidate, unless it is metadata, a bare path or a line
/// that says it is something else ("Out of scope: ...", read by [`lead_ins`]).
fn push_requirement(
    label: Option<String>,
    body: &str,
    line: usize,
    section: &str,
    out: &mut Vec<Raw>,
) {
    let text = markup::strip(body);
    if text.is_empty()
        || is_anchor_link(body)
        || is_metadata(&text)
        || is_bare_path(&text)
        || is_link_definition(body)
        || is_hedge(&text)
    {
        return;
    }
    if label.is_none() && typed_lead(&text).is_some() || future_marker(&text) {
        return;
    }
    out.push(Raw::new(label, text, line, section));
}

/// A table row as a requirement: a cell that is a label, and the cell that
/// says what is required.
fn row(header: &[String], cells: &[String]) -> Option<(Option<String>, String)> {
    let label = cells.iter().find_map(|c| {
        let t = markup::strip(c);
        labels::split(&format!("{t}:"))
            .filter(|(_, rest)| rest.is_empty())
            .map(|(l, _)| l)
    });
    const TEXT_COLUMNS: [&str; 14] = [
        "requirement",
        "description",
        "text",
        "criteria",
        "criterion",
        "statement",
        "story",
        "feature",
        "behaviour",
        "behavior",
        "acceptance",
        "title",
        "name",
        "question",
    ];
    let by_header = header.iter().position(|h| {
        let h = h.to_lowercase();
        TEXT_COLUMNS.iter().any(|w| h.contains(w))
    });
    let text = by_header
        .and_then(|k| cells.get(k))
        .filter(|t| !t.trim().is_empty())
        .cloned()
        .or_else(|| {
            cells
                .iter()
                .filter(|c| {
                    let t = markup::strip(c);
                    labels::split(&format!("{t}:")).is_none_or(|(_, r)| !r.is_empty())
                })
                .max_by_key(|c| c.len())
                .cloned()
        })?;
    let text = markup::strip(&text);
    (!text.is_empty()).then_some((label, text))
}

/// What counts as a requirement outside requirement sections: an EARS
/// clause, a line labelled as a requirement (`R3.1 The system shall ...`)
/// unless it only groups labelled lines, and the sub-items of a line that
/// says they are requirements ("Success criteria:").
fn stands_alone(blocks: &[Block], index: usize, section: &str, out: &mut Vec<Raw>) {
    let b = &blocks[index];
    let (text, line) = match b {
        Block::Item { text, line, .. } | Block::Para { text, line, .. } => (text, *line),
        _ => return,
    };
    if matches!(b, Block::Item { .. }) && requirement_lead(text) {
        for child in children(blocks, index) {
            let (label, body) = split_label(child);
            push_requirement(label, body, line, &heading_text(section), out);
        }
        return;
    }
    let (label, body) = split_label(text);
    let labelled = label.as_deref().is_some_and(labels::is_requirement_label);
    let grouping = groups(text, children(blocks, index));
    if ears::is_ears(text) || labelled && !grouping && !body.trim().is_empty() {
        push_requirement(label, body, line, &heading_text(section), out);
    }
}

/// Exclusions, assumptions, questions, edge cases or constraints in a section.
fn typed_in(blocks: &[Block], secs: &[Section], i: usize, kind: Kind, c: &mut Collected) {
    let s = &secs[i];
    let section = heading_text(&s.heading);
    let mut found: Vec<Raw> = Vec::new();
    if let Some(Unit::Labelled { label, title }) = &s.unit {
        let mut text = markup::strip(title);
        for b in unit_blocks(blocks, secs, i) {
            if let Block::Para {
                text: p,
                intro: false,
                ..
            } = b
                && text.is_empty()
            {
                text = markup::strip(p);
            }
        }
        found.push(Raw::new(
            Some(label.clone()),
            text,
            s.line,
            &parent_heading(secs, i),
        ));
    } else {
        let direct = &blocks[s.blocks.clone()];
        // With a list, prose in the section introduces or comments on it.
        let listed = direct
            .iter()
            .any(|b| matches!(b, Block::Item { .. } | Block::Table { .. }));
        for (k, b) in direct.iter().enumerate() {
            let me = s.blocks.start + k;
            match b {
                Block::Item {
                    depth,
                    parent,
                    text,
                    line,
                    ..
                } => {
                    let top = *depth == 0 || parent.is_some_and(|p| intro_item(blocks, p));
                    if top && !intro_item(blocks, me) && !is_link_definition(text) {
                        let (label, body) = split_label(text);
                        let mut r = Raw::new(label, markup::strip(body), *line, &section);
                        r.details = children(blocks, me).map(markup::strip).collect();
                        found.push(r);
                    }
                }
                Block::Para { text, line, intro }
                    if !is_link_definition(text) && !listed || *intro =>
                {
                    let (label, body) = split_label(text);
                    let pieces: Vec<&str> = if *intro {
                        // "History (M2), custom foods (M3). Plus, for now:" —
                        // what comes before the introduction.
                        sentences::split(body)
                            .into_iter()
                            .filter(|s| !s.ends_with(':'))
                            .collect()
                    } else if kind == Kind::Questions && label.is_none() {
                        let qs: Vec<&str> = sentences::split(body)
                            .into_iter()
                            .filter(|s| s.ends_with('?'))
                            .collect();
                        if qs.is_empty() { vec![body] } else { qs }
                    } else {
                        vec![body]
                    };
                    for p in pieces {
                        found.push(Raw::new(label.clone(), markup::strip(p), *line, &section));
                    }
                }
                Block::Table { header, rows, .. } => {
                    for (line, cells) in rows {
                        if let Some((label, text)) = row(header, cells) {
                            found.push(Raw::new(label, text, *line, &section));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(list) = c.typed(kind) {
        list.extend(
            found
                .into_iter()
                .filter(|r| !r.text.is_empty() && !is_metadata(&r.text)),
        );
    }
}

/// "Out of scope: X", "**Non-Goals:** X", "Constraint: X" written anywhere
/// outside the lists of their kind.
fn lead_ins(blocks: &[Block], s: &Section, c: &mut Collected) {
    let section = heading_text(&s.heading);
    let read = !matches!(s.kind, Some(Kind::Narrative));
    for b in &blocks[s.blocks.clone()] {
        let (text, line) = match b {
            Block::Item { text, line, .. } | Block::Para { text, line, .. } => (text, *line),
            _ => continue,
        };
        let (_, body) = split_label(text);
        let plain = markup::strip(body);
        if let Some((kind, rest)) = typed_lead(&plain)
            && let Some(list) = c.typed(kind)
        {
            list.push(Raw::new(None, rest.to_string(), line, &section));
        } else if read
            && matches!(b, Block::Item { depth: 0, .. })
            && matches!(
                s.kind,
                Some(Kind::Explicit | Kind::Implicit) | None | Some(Kind::Context)
            )
            && future_marker(&plain)
        {
            // "Optional waitlist (future enhancement)": not for now.
            c.exclusions.push(Raw::new(None, plain, line, &section));
        }
    }
}

/// A labelled line that only heads labelled sub-items (`R2.1 Admin` over
/// `R2.1.1 ...`): a title, not a requirement with a sentence of its own.
fn groups<'a>(text: &str, mut kids: impl Iterator<Item = &'a str>) -> bool {
    let (_, body) = split_label(text);
    let t = markup::strip(body);
    let title = !has_modal(&t) && (t.split_whitespace().count() <= 6 || t.ends_with([':', '：']));
    title && kids.any(|c| labels::split(c).is_some())
}

/// "(future enhancement)", "(post-MVP)", "(Optional/Future)": an item marked
/// as not for now.
fn future_marker(text: &str) -> bool {
    let l = text.to_lowercase();
    let mut rest = l.as_str();
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let future = inner.split(['/', ',', ';']).map(str::trim).any(|part| {
            matches!(
                part,
                "future"
                    | "future enhancement"
                    | "future enhancements"
                    | "future release"
                    | "future phase"
                    | "future work"
                    | "post-mvp"
                    | "post mvp"
                    | "not mvp"
                    | "not in mvp"
                    | "out of scope"
                    | "v2"
                    | "later"
            )
        });
        // "Google sign-in and email/password (future)": the marker is on
        // one part of the item, which stays.
        let before: Vec<&str> = rest[..open].split_whitespace().collect();
        let partial = before
            .iter()
            .rev()
            .take(3)
            .any(|w| *w == "and" || *w == "or");
        if future && !partial {
            return true;
        }
        rest = &rest[open + close..];
    }
    false
}

/// An item that says its sub-items are requirements: "Success Criteria:",
/// "Acceptance criteria:", "Requirements:".
fn requirement_lead(text: &str) -> bool {
    let t = markup::strip(text);
    let Some(head) = t.strip_suffix(':') else {
        return false;
    };
    let h = head.trim().to_lowercase();
    h.split_whitespace().count() <= 3
        && [
            "success criteria",
            "acceptance criteria",
            "requirements",
            "functional requirements",
        ]
        .iter()
        .any(|w| h == *w)
}

fn split_label(text: &str) -> (Option<String>, &str) {
    match labels::split(text) {
        Some((l, rest)) => (Some(l), rest),
        None => (None, text),
    }
}

/// Entity names: each item's lead, each sub-heading, each table row's first
/// cell, the types a code block defines, and `Type` names in its prose.
fn entities_in(blocks: &[Block], secs: &[Section], i: usize, out: &mut Vec<Raw>) {
    let s = &secs[i];
    if s.own != Some(Kind::Entities) {
        // A sub-section of an entity section names one entity; what is in
        // it are its fields. A labelled line (`R6. Bookings`) is a
        // requirement, not an entity.
        if secs[i]
            .parent
            .is_some_and(|p| secs[p].kind == Some(Kind::Entities))
            && labels::split(&s.heading).is_none()
            && let Some(name) = entity_heading(&s.heading)
        {
            out.push(Raw::new(None, name, s.line, &parent_heading(secs, i)));
        }
        return;
    }
    let section = heading_text(&s.heading);
    // "### Booking Entity": the heading names its entity.
    let plain_heading = headings::normalise(&s.heading);
    if let Some(name) = plain_heading
        .strip_suffix(" entity")
        .and_then(|_| entity_heading(&s.heading))
        .map(|n| {
            n.trim_end_matches(" Entity")
                .trim_end_matches(" entity")
                .to_string()
        })
    {
        out.push(Raw::new(None, name, s.line, &parent_heading(secs, i)));
    }
    let mut push = |name: String, line: usize| out.push(Raw::new(None, name, line, &section));
    // Items after "**Session State** (temporary):" are its fields.
    let mut fields_of: Option<usize> = None;
    for b in &blocks[s.blocks.clone()] {
        match b {
            Block::Item {
                depth: 0,
                text,
                line,
                ..
            } => {
                if fields_of.is_some() {
                    continue;
                }
                if labels::split(text).is_some() {
                    continue;
                }
                if let Some(name) = entity_name(text) {
                    push(name, *line);
                }
            }
            Block::Para { text, line, .. }
                if text.trim_end().ends_with(':') && text.trim_start().starts_with("**") =>
            {
                if let Some(name) = entity_name(text) {
                    push(name, *line);
                    fields_of = Some(*line);
                }
            }
            Block::Table { header, rows, .. } => {
                let col = header
                    .iter()
                    .position(|h| {
                        let h = h.to_lowercase();
                        ["entity", "name", "model", "table", "object", "type"]
                            .iter()
                            .any(|w| h.contains(w))
                    })
                    .unwrap_or(0);
                for (line, cells) in rows {
                    if let Some(name) = cells.get(col).and_then(|c| entity_name(c)) {
                        push(name, *line);
                    }
                }
            }
            Block::Code { text, line } => {
                for name in defined_types(text) {
                    push(name, *line);
                }
            }
            Block::Para { text, line, .. } => {
                fields_of = None;
                for name in code_type_names(text) {
                    push(name, *line);
                }
            }
            _ => {}
        }
    }
}

/// "**Legal Document**: what it is" → "Legal Document"; a field such as
/// "`notion_page_id` (string)" is not an entity.
fn entity_name(text: &str) -> Option<String> {
    let t = text.trim();
    let lead = if let Some(rest) = t.strip_prefix("**") {
        rest.split("**").next().unwrap_or("")
    } else if let Some(rest) = t.strip_prefix('`') {
        rest.split('`').next().unwrap_or("")
    } else {
        let plain = markup::strip(t);
        let cut = [":", " - ", " — ", " – ", " ("]
            .iter()
            .filter_map(|sep| plain.find(sep))
            .min();
        return match cut {
            Some(at) => short_name(&plain[..at]),
            None => short_name(&plain).filter(|n| n.split_whitespace().count() <= 4),
        }
        .filter(|n| !is_field_name(n));
    };
    short_name(&markup::strip(lead)).filter(|n| !is_field_name(n))
}

/// `snake_case` or `lowerCamel` names are fields, not entities.
fn is_field_name(n: &str) -> bool {
    !n.contains(' ')
        && (n.contains('_') || n.starts_with(|c: char| c.is_ascii_lowercase()) && n.len() > 1)
}

fn entity_heading(heading: &str) -> Option<String> {
    let h = markup::strip(heading);
    let h = h.trim();
    let h = h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let h = ["Entity:", "Model:", "Table:"]
        .iter()
        .find_map(|p| h.strip_prefix(p))
        .unwrap_or(h);
    let h = h.split(" (").next().unwrap_or(h);
    short_name(h)
}

fn short_name(s: &str) -> Option<String> {
    let s = s.split(" (").next().unwrap_or(s);
    let t = s.trim().trim_end_matches(':').trim();
    let t = t.trim_matches(|c: char| c == '`' || c == '*' || c == '"');
    let words = t.split_whitespace().count();
    ((1..=6).contains(&words) && t.chars().any(char::is_alphabetic)).then(|| t.to_string())
}

/// The types a code block defines: `interface User`, `type State =`,
/// `class Album`, `struct Photo`, `model Post {`, `CREATE TABLE orders`, or
/// a line that is a capitalised name and an opening brace (`Frame {`).
fn defined_types(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in code.lines() {
        let t = line.trim();
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == '(')
            .filter(|w| !w.is_empty())
            .collect();
        let name = match words.as_slice() {
            ["export", kw, name, ..] | [kw, name, ..]
                if matches!(
                    *kw,
                    "interface" | "type" | "class" | "struct" | "model" | "record" | "entity"
                ) =>
            {
                Some(*name)
            }
            [create, table, name, ..]
                if create.eq_ignore_ascii_case("create") && table.eq_ignore_ascii_case("table") =>
            {
                Some(*name)
            }
            [name, "{"] => Some(*name),
            _ => None,
        };
        if let Some(n) = name {
            let n = n.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            let n = n.split('<').next().unwrap_or(n);
            if n.chars().next().is_some_and(char::is_alphabetic)
                && !out.iter().any(|o: &String| o == n)
            {
                out.push(n.to_string());
            }
        }
    }
    out
}

/// `Food` and `Entry` named as code in an entity section's prose.
fn code_type_names(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|w| {
            w.len() > 1
                && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphanumeric())
                && w.chars().any(|c| c.is_ascii_lowercase())
        })
        .map(str::to_string)
        .collect()
}

/// `[NEEDS CLARIFICATION: ...]` anywhere outside ignored sections.
fn clarification_markers(blocks: &[Block], secs: &[Section], out: &mut Vec<Raw>) {
    for s in secs {
        if matches!(s.kind, Some(Kind::Ignored)) {
            continue;
        }
        let section = heading_text(&s.heading);
        for b in &blocks[s.blocks.clone()] {
            let texts: Vec<&str> = match b {
                Block::Item { text, .. }
                | Block::Para { text, .. }
                | Block::Heading { text, .. } => {
                    vec![text.as_str()]
                }
                Block::Table { rows, .. } => rows
                    .iter()
                    .flat_map(|(_, c)| c.iter().map(String::as_str))
                    .collect(),
                Block::Code { .. } | Block::Rule => Vec::new(),
            };
            for t in texts {
                let mut rest = t;
                while let Some(at) = rest.find("[NEEDS CLARIFICATION") {
                    let after = &rest[at + "[NEEDS CLARIFICATION".len()..];
                    let Some(end) = after.find(']') else { break };
                    let inner = after[..end].trim_start_matches(':').trim();
                    if !inner.is_empty() {
                        out.push(Raw::new(None, markup::strip(inner), b.line(), &section));
                    }
                    rest = &after[end..];
                }
            }
        }
    }
}

fn heading_text(h: &str) -> String {
    markup::strip(h)
}

fn parent_heading(secs: &[Section], i: usize) -> String {
    secs[i]
        .parent
        .map(|p| heading_text(&secs[p].heading))
        .unwrap_or_default()
}

pub fn has_modal(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w.to_ascii_lowercase().as_str(), "must" | "shall" | "should"))
}

fn has_modal_in(s: &str, tier: Tier) -> bool {
    if has_modal(s) {
        return true;
    }
    let l = s.to_lowercase();
    [
        " is required to ",
        " are required to ",
        " needs to ",
        " need to ",
    ]
    .iter()
    .any(|p| l.contains(p))
        && (tier != Tier::Plain || !l.starts_with("you "))
}

/// Verbs a sentence that asks for something starts with ("Add scoped threads
/// to the standard library", "Give the user a pause control").
const ASKING_VERBS: &[&str] = &[
    "define",
    "configure",
    "handle",
    "generate",
    "export",
    "import",
    "parse",
    "render",
    "track",
    "calculate",
    "compute",
    "upload",
    "download",
    "search",
    "edit",
    "delete",
    "register",
    "authenticate",
    "encrypt",
    "deploy",
    "monitor",
    "highlight",
    "toggle",
    "select",
    "simplify",
    "introduce",
    "extend",
    "rename",
    "deprecate",
    "change",
    "add",
    "allow",
    "build",
    "create",
    "display",
    "enable",
    "ensure",
    "expose",
    "give",
    "implement",
    "include",
    "keep",
    "log",
    "make",
    "prevent",
    "provide",
    "record",
    "reject",
    "remove",
    "replace",
    "return",
    "save",
    "send",
    "show",
    "store",
    "support",
    "switch",
    "update",
    "validate",
    "write",
    "accept",
    "persist",
    "notify",
    "limit",
    "cache",
    "retry",
    "sort",
    "filter",
];

/// "The migration process should:", "It includes the following:": a
/// sentence that only leads into a list.
fn only_introduces(sentence: &str) -> bool {
    let t = markup::strip(sentence);
    let Some(head) = t.strip_suffix([':', '：']) else {
        return false;
    };
    let last = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    head.split_whitespace().count() <= 5
        || matches!(
            last.as_str(),
            "should"
                | "must"
                | "shall"
                | "following"
                | "follows"
                | "include"
                | "includes"
                | "are"
                | "is"
        )
}

/// A sentence that asks for something without a modal: an imperative, or
/// "we add / we need / we introduce / I want".
fn asks(sentence: &str) -> bool {
    let plain = markup::strip(sentence);
    let lower = plain.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    // "Next, we need ...", "First, add ...": skip a leading connective.
    let lower = match lower.split_once(", ") {
        Some((lead, rest)) if lead.split_whitespace().count() <= 3 => rest,
        _ => lower,
    };
    // "we'll introduce", "let's add": a verb that asks, after the subject.
    let lower = ["we will ", "we'll ", "let's ", "let us ", "we can "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .filter(|rest| {
            let verb = rest
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            ASKING_VERBS.contains(&verb)
        })
        .unwrap_or(lower);
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if ASKING_VERBS.contains(&first) && !lower.starts_with("use case") {
        return !plain.ends_with('?');
    }
    [
        "we add ",
        "we will add ",
        "we need ",
        "we introduce ",
        "we propose ",
        "we can fix ",
        "i want ",
        "i need ",
        "users can ",
        "the user can ",
        "users should ",
        "it should ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// In a document that is only prose, a sentence that states how the thing
/// behaves: not a question, an exclamation, a link or a remark about the
/// writer's situation.
fn describes(sentence: &str) -> bool {
    let t = markup::strip(sentence);
    let lower = t.to_lowercase();
    !(t.ends_with('?')
        || t.ends_with('!')
        || t.ends_with(':')
        || lower.contains("http://")
        || lower.contains("https://")
        || [
            "i have ",
            "we have ",
            "i am ",
            "we are ",
            "this is ",
            "thanks",
            "thank you",
            "currently ",
            "this document",
            "this spec",
            "this file",
            "this page",
            "this prd",
            "this prompt",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
        || t.split_whitespace().count() < 4)
}

/// A document with no lists and at most a title: a pasted paragraph or a
/// prompt, where each sentence that states behaviour is a requirement.
fn is_prose_only(blocks: &[Block]) -> bool {
    let headings = blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { .. }))
        .count();
    let items = blocks
        .iter()
        .any(|b| matches!(b, Block::Item { .. } | Block::Table { .. }));
    headings <= 1 && !items && blocks.iter().any(|b| matches!(b, Block::Para { .. }))
}

/// "Priority: P1", "Complexity: Medium", "Status: Draft": a field, not a requirement.
fn is_metadata(text: &str) -> bool {
    let Some((key, value)) = text.split_once(':') else {
        return false;
    };
    const META: [&str; 40] = [
        "priority",
        "complexity",
        "status",
        "owner",
        "effort",
        "estimate",
        "estimated effort",
        "type",
        "category",
        "created",
        "updated",
        "last updated",
        "author",
        "authors",
        "version",
        "date",
        "feature branch",
        "branch",
        "input",
        "tags",
        "labels",
        "assignee",
        "reviewer",
        "reviewers",
        "epic",
        "story points",
        "points",
        "sprint",
        "milestone",
        "depends on",
        "ticket",
        "issue",
        "estimated time",
        "difficulty",
        "feature name",
        "start date",
        "rfc pr",
        "rust issue",
        "tracking issue",
        "package name",
    ];
    let key = key.trim().to_lowercase();
    META.contains(&key.as_str()) && value.split_whitespace().count() <= 8
}

/// "Key: value" with a short key: a field line.
fn is_key_value(text: &str) -> bool {
    let t = markup::strip(text);
    t.split_once(':').is_some_and(|(k, v)| {
        let words = k.split_whitespace().count();
        (1..=4).contains(&words) && !v.trim().is_empty() && v.split_whitespace().count() <= 12
    })
}

/// The lead of a field line in a feature description.
fn is_field(text: &str) -> bool {
    let t = markup::strip(text);
    let Some((key, _)) = t.split_once(':') else {
        return false;
    };
    const FIELDS: [&str; 41] = [
        "what",
        "why",
        "how",
        "what it does",
        "why it's important",
        "why it is important",
        "why it matters",
        "how it works",
        "description",
        "purpose",
        "rationale",
        "priority",
        "complexity",
        "status",
        "notes",
        "note",
        "example",
        "examples",
        "inputs",
        "outputs",
        "details",
        "dependencies",
        "effort",
        "user value",
        "value",
        "why this priority",
        "independent test",
        "summary",
        "components",
        "files",
        "tests",
        "approach",
        "implementation",
        "benefits",
        "benefit",
        "pipeline",
        "use cases",
        "use case",
        "goal",
        "problem",
        "solution",
    ];
    FIELDS.contains(&key.trim().to_lowercase().as_str())
}

fn is_field_list(direct: &[Block]) -> bool {
    let tops: Vec<&str> = direct
        .iter()
        .filter_map(|b| match b {
            Block::Item { depth: 0, text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let fields = tops.iter().filter(|t| is_field(t)).count();
    tops.len() >= 2 && fields * 5 >= tops.len() * 4
}

/// "maybe others", "etc.", "TBD": an item that asks for nothing definite.
fn is_hedge(text: &str) -> bool {
    let l = text.trim().trim_end_matches(['.', ')']).to_lowercase();
    matches!(
        l.as_str(),
        "etc" | "tbd" | "and more" | "others" | "more" | "..."
    ) || (l.starts_with("maybe ") || l.starts_with("other ") || l.starts_with("and other "))
        && l.split_whitespace().count() <= 4
}

/// A line that is only a file path: `/home/x/spec.md`, `src/app/models.py`.
fn is_bare_path(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ',']);
    !t.contains(' ') && t.contains('/') && (t.starts_with('/') || t.contains('.'))
}

/// A table-of-contents line: only a link to a heading, `[Summary](#summary)`.
fn is_anchor_link(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(')') && t.contains("](#") && t.matches("](").count() == 1
}

/// A Markdown link definition: `[summary]: #summary`.
fn is_link_definition(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[')
        && t.find("]:").is_some_and(|at| {
            let rest = t[at + 2..].trim();
            !rest.is_empty() && !rest.contains(' ')
        })
}

/// "Out of scope: X" and the like: the kind it names and the rest.
fn typed_lead(text: &str) -> Option<(Kind, &str)> {
    let (lead, rest) = text.split_once(':')?;
    if lead.split_whitespace().count() > 3 || rest.trim().is_empty() {
        return None;
    }
    let kind = match lead.trim().to_lowercase().as_str() {
        "out of scope"
        | "not in scope"
        | "non-goal"
        | "non-goals"
        | "out-of-scope"
        | "nongoals"
        | "future enhancements"
        | "future work" => Kind::Exclusions,
        "assumption" | "assumes" | "assumptions" => Kind::Assumptions,
        "open question" | "open questions" | "question" | "tbd" => Kind::Questions,
        "edge case" | "edge cases" => Kind::EdgeCases,
        "constraint" | "constraints" | "decision" => Kind::Constraints,
        _ => return None,
    };
    Some((kind, rest.trim()))
}

//! The spec reader: a spec read as the structured document it usually is.
//!
//! Sections are found by heading ([`headings`] names their kind) and each
//! kind has its own home: requirements (from requirement, acceptance and
//! success-criteria sections and user stories; from feature or goal
//! sections only when the spec states no requirements; from the whole text
//! by the plain-list rules when it has no requirement section at all),
//! exclusions, assumptions, open questions, edge cases, entities and the
//! spec's own constraints. Risks, alternatives, references and the like are
//! kept as spec text only. `docs/spec-reading.md` gives the rules.
//!
//! Labels are read whole (`FR-027.D1`), markup is taken out of item texts,
//! and each kind has its own id space: a requirement's id never reads as a
//! task, ambiguity or constraint id. Re-reading an edited spec keeps the id
//! of every requirement whose label or text is unchanged, and of one whose
//! text changed a little (marked with what it `was`); new ones get numbers
//! never used before. Pure and linear in the text.
mod blocks;
mod collect;
mod ears;
mod headings;
mod labels;
mod markup;
mod sections;
mod sentences;
mod steps;

use std::collections::{HashMap, HashSet};

use super::ids::RequirementId;
use super::session::{Entity, Requirement, SpecItem};
use collect::Raw;

pub use labels::is_own_id;
pub use markup::strip as strip_markup;
pub use steps::{PlanStep, steps};

/// Everything the reader found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    pub requirements: Vec<Requirement>,
    pub exclusions: Vec<SpecItem>,
    pub assumptions: Vec<SpecItem>,
    pub questions: Vec<SpecItem>,
    pub edge_cases: Vec<SpecItem>,
    pub entities: Vec<Entity>,
    /// The spec's own constraints: resolved clarifications, decisions,
    /// stated constraints. Their ids are the session's (`C1`), given when
    /// they are put into the spec.
    pub constraints: Vec<SpecItem>,
    /// The first `R` number not yet used.
    pub next_requirement: u32,
}

/// Read `text`. `previous` is the last reading's requirements (ids to keep);
/// `next_number` is the first unused `R` number.
pub fn read(text: &str, previous: &[Requirement], next_number: u32) -> Reading {
    let blocks = blocks::scan(text);
    let secs = sections::build(&blocks);
    let c = collect::collect(&blocks, &secs);
    let (requirements, next) = requirement_ids(dedupe(c.requirements), previous, next_number);
    Reading {
        requirements,
        exclusions: items(c.exclusions, "X"),
        assumptions: items(c.assumptions, "AS"),
        questions: items(c.questions, "Q"),
        edge_cases: items(answered(c.edge_cases), "EC"),
        entities: entities(c.entities),
        constraints: items(c.constraints, "CL"),
        next_requirement: next,
    }
}

/// Edge cases with the answer the spec writes under them ("What happens
/// when the keyring is locked?" with "detect it and prompt to unlock" below):
/// the answer joins the question after an arrow, so it is not asked again.
fn answered(raws: Vec<collect::Raw>) -> Vec<collect::Raw> {
    raws.into_iter()
        .map(|mut r| {
            let answer: Vec<&str> = r
                .details
                .iter()
                .map(|d| d.trim())
                .filter(|d| !d.is_empty())
                .collect();
            if !answer.is_empty() && !r.text.contains('→') {
                r.text = format!("{} → {}", r.text.trim_end(), answer.join(" "));
            }
            r
        })
        .collect()
}

/// The requirements of `text` alone (see [`read`]).
pub fn extract(text: &str, previous: &[Requirement], next_number: u32) -> (Vec<Requirement>, u32) {
    let r = read(text, previous, next_number);
    (r.requirements, r.next_requirement)
}

/// Text as compared: markup gone, lower case, white space folded.
pub fn normalise(s: &str) -> String {
    markup::strip(s).to_lowercase()
}

/// The same text twice is one item, and so is the same label twice (the
/// second is a reference to the first, as in a traceability table); the
/// first keeps its place.
fn dedupe(raws: Vec<Raw>) -> Vec<Raw> {
    let mut seen = HashSet::with_capacity(raws.len());
    let mut labels = HashSet::new();
    raws.into_iter()
        .filter(|r| r.label.as_ref().is_none_or(|l| labels.insert(l.clone())))
        .filter(|r| seen.insert(normalise(&r.text)))
        .collect()
}

fn requirement_ids(
    found: Vec<Raw>,
    previous: &[Requirement],
    next_number: u32,
) -> (Vec<Requirement>, u32) {
    let mut used: HashSet<String> = HashSet::new();
    // Labels first: they are the spec's own ids. A label that would read as
    // one of planner-tui's ids (`A1`) is qualified so it never does.
    let mut ids: Vec<Option<String>> = found
        .iter()
        .map(|f| {
            let l = f.label.as_ref()?;
            let id = if labels::is_own_id(l) {
                format!("REQ-{l}")
            } else {
                l.clone()
            };
            used.insert(id.clone()).then_some(id)
        })
        .collect();
    let prev_by_id: HashMap<&str, &Requirement> =
        previous.iter().map(|p| (p.id.as_str(), p)).collect();
    // Unchanged text keeps its id.
    let mut prev_by_text: HashMap<String, Vec<&Requirement>> = HashMap::new();
    for p in previous {
        prev_by_text.entry(normalise(&p.text)).or_default().push(p);
    }
    for (f, id) in found.iter().zip(ids.iter_mut()) {
        if id.is_some() {
            continue;
        }
        if let Some(list) = prev_by_text.get(&normalise(&f.text))
            && let Some(p) = list.iter().find(|p| !used.contains(p.id.as_str()))
        {
            used.insert(p.id.0.clone());
            *id = Some(p.id.0.clone());
        }
    }
    // A number changed ("12" to "14") keeps the id whatever the length:
    // the same words around other numbers are the same requirement.
    same_but_numbers(&found, &mut ids, previous, &mut used);
    // A small edit keeps the id too: an unmatched requirement close to an
    // unmatched earlier one (of planner-tui's numbering) is that one, changed.
    close_matches(&found, &mut ids, previous, &mut used);
    // Everything else gets a fresh number, never one used before.
    let mut next = previous
        .iter()
        .filter_map(|p| p.id.generated_number())
        .map(|n| n.saturating_add(1))
        .fold(next_number.max(1), u32::max);
    let reqs = found
        .into_iter()
        .zip(ids)
        .map(|(f, id)| {
            let id = id.unwrap_or_else(|| {
                loop {
                    let candidate = format!("R{next}");
                    next = next.saturating_add(1);
                    if used.insert(candidate.clone()) {
                        break candidate;
                    }
                }
            });
            let was = prev_by_id.get(id.as_str()).and_then(|p| {
                let before = p.was.as_deref().unwrap_or(&p.text);
                (normalise(before) != normalise(&f.text)).then(|| before.to_string())
            });
            Requirement {
                id: RequirementId(id),
                text: f.text,
                line: f.line,
                section: f.section,
                details: f.details,
                was,
            }
        })
        .collect();
    (reqs, next)
}

/// The text with every run of digits as `#`, for [`same_but_numbers`].
fn numbers_masked(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in normalise(s).chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    out
}

/// An unmatched requirement that reads like an unmatched earlier one (of
/// planner-tui's numbering) but for its numbers is that one, changed. One
/// pass over each list.
fn same_but_numbers(
    found: &[Raw],
    ids: &mut [Option<String>],
    previous: &[Requirement],
    used: &mut HashSet<String>,
) {
    let mut by_mask: HashMap<String, Vec<&Requirement>> = HashMap::new();
    for p in previous
        .iter()
        .filter(|p| p.id.generated_number().is_some() && !used.contains(p.id.as_str()))
    {
        let mask = numbers_masked(&p.text);
        if mask.contains('#') {
            by_mask.entry(mask).or_default().push(p);
        }
    }
    if by_mask.is_empty() {
        return;
    }
    for (f, id) in found.iter().zip(ids.iter_mut()) {
        if id.is_some() {
            continue;
        }
        let Some(list) = by_mask.get_mut(&numbers_masked(&f.text)) else {
            continue;
        };
        if let Some(k) = list.iter().position(|p| !used.contains(p.id.as_str())) {
            let p = list.remove(k);
            used.insert(p.id.0.clone());
            *id = Some(p.id.0.clone());
        }
    }
}

/// How alike two texts are: shared words over all words (Dice), 0 to 1.
fn likeness(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn words(s: &str) -> HashSet<String> {
    normalise(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Past this many comparisons, only exact matches keep ids.
const CLOSE_MATCH_BUDGET: usize = 1_000_000;

fn close_matches(
    found: &[Raw],
    ids: &mut [Option<String>],
    previous: &[Requirement],
    used: &mut HashSet<String>,
) {
    let open: Vec<usize> = (0..found.len()).filter(|&k| ids[k].is_none()).collect();
    let candidates: Vec<&Requirement> = previous
        .iter()
        .filter(|p| p.id.generated_number().is_some() && !used.contains(p.id.as_str()))
        .collect();
    if open.is_empty()
        || candidates.is_empty()
        || open.len().saturating_mul(candidates.len()) > CLOSE_MATCH_BUDGET
    {
        return;
    }
    let cand_words: Vec<HashSet<String>> = candidates.iter().map(|p| words(&p.text)).collect();
    let mut taken = vec![false; candidates.len()];
    for k in open {
        let w = words(&found[k].text);
        let best = candidates
            .iter()
            .enumerate()
            .filter(|(j, _)| !taken[*j])
            .map(|(j, _)| (j, likeness(&w, &cand_words[j])))
            .filter(|(_, l)| *l >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            taken[j] = true;
            used.insert(candidates[j].id.0.clone());
            ids[k] = Some(candidates[j].id.0.clone());
        }
    }
}

/// Items of one kind with their ids: the spec's label when it is already of
/// this kind's form (`Q3` for a question), else the next free `<prefix>n`.
fn items(raws: Vec<Raw>, prefix: &str) -> Vec<SpecItem> {
    let raws = dedupe(raws);
    let own_form = |l: &str| {
        l.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut used: HashSet<String> = raws
        .iter()
        .filter_map(|r| r.label.clone().filter(|l| own_form(l)))
        .collect();
    let mut claimed: HashSet<String> = HashSet::new();
    let mut n = 1u32;
    raws.into_iter()
        .map(|r| {
            let (id, label) = match r.label {
                Some(l) if own_form(&l) && claimed.insert(l.clone()) => (l, None),
                other => {
                    let id = loop {
                        let c = format!("{prefix}{n}");
                        n += 1;
                        if used.insert(c.clone()) {
                            break c;
                        }
                    };
                    (id, other)
                }
            };
            SpecItem {
                id,
                label,
                text: r.text,
                line: r.line,
            }
        })
        .collect()
}

fn entities(raws: Vec<Raw>) -> Vec<Entity> {
    let mut seen = HashSet::new();
    raws.into_iter()
        .filter(|r| seen.insert(r.text.to_lowercase()))
        .map(|r| Entity {
            name: r.text,
            description: r.details.join(" "),
            line: r.line,
        })
        .collect()
}

#[cfg(test)]
mod tests;

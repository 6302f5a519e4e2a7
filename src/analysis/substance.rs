//! Whether each task is real work a coding agent can be handed: it produces
//! something, its title says more than the requirement it covers, and it
//! does not plan what the spec puts out of scope.
use std::collections::HashSet;

use super::finding::{Code, Finding};
use super::names::Names;
use crate::plan::{Requirement, Session, Task};

pub(crate) fn findings(s: &Session, names: &Names, outputs: bool, out: &mut Vec<Finding>) {
    let reqs: std::collections::HashMap<&str, &Requirement> = s
        .spec
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let exclusions: Vec<Exclusion> = s
        .spec
        .exclusions
        .iter()
        .map(|x| Exclusion {
            id: &x.id,
            label: x.label.as_deref(),
            text: &x.text,
            keys: exclusion_keys(&x.text),
        })
        .collect();
    for (i, t) in s.tasks.iter().enumerate() {
        if t.draft {
            let what = if t.covers.is_empty() {
                String::new()
            } else {
                format!(
                    " for {}",
                    t.covers
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.push(Finding::new(
                Code::DraftTask,
                format!(
                    "{} is a draft{what}: it still has to be broken into tasks that each name their output and a \
                     check. Split it, or ask a model to decompose it.",
                    names.named(i)
                ),
                vec![names.at(i)],
            ));
            continue;
        }
        if outputs && produces_nothing(t) {
            out.push(Finding::new(
                Code::NoOutput,
                format!(
                    "{} produces nothing: name the file, type, table or endpoint it makes (or changes), or fold it \
                     into the task that does.",
                    names.named(i)
                ),
                vec![names.at(i)],
            ));
        }
        for r in t.covers.iter().filter_map(|id| reqs.get(id.as_str())) {
            if restates(&t.title, &r.text, r.id.as_str()) {
                let mut f = Finding::new(
                    Code::RestatesRequirement,
                    format!(
                        "{}'s title only restates {} (\"{}\"): say what the task builds (the file, type, table or \
                         endpoint) and how, so it is one checkable piece of work.",
                        names.named(i),
                        r.id,
                        short(&r.text, 80)
                    ),
                    vec![names.at(i)],
                );
                f.requirements.push(r.id.clone());
                out.push(f);
                break;
            }
        }
        let covered_text: Vec<&str> = t
            .covers
            .iter()
            .filter_map(|id| reqs.get(id.as_str()).map(|r| r.text.as_str()))
            .collect();
        for x in &exclusions {
            let by_id = t
                .covers
                .iter()
                .any(|c| c.as_str() == x.id || Some(c.as_str()) == x.label);
            if by_id || x.named_by(&t.title, &covered_text) {
                out.push(Finding::new(
                    Code::CoversExclusion,
                    format!(
                        "{} {} {} (\"{}\"), which the spec puts out of scope: take the task out, or if it is in \
                         scope after all, say so in the spec.",
                        names.named(i),
                        if by_id { "covers" } else { "plans" },
                        x.label.unwrap_or(x.id),
                        short(x.text, 80)
                    ),
                    vec![names.at(i)],
                ));
            }
        }
    }
}

/// Whether a task titled `title`, covering requirements whose texts are
/// `covered`, plans what the exclusion `text` puts out of scope (the rule
/// behind `covers-exclusion`).
pub fn plans_exclusion(title: &str, covered: &[&str], text: &str) -> bool {
    Exclusion {
        id: "",
        label: None,
        text,
        keys: exclusion_keys(text),
    }
    .named_by(title, covered)
}

/// A task with nothing in `produces` (blank entries do not count).
pub fn produces_nothing(t: &Task) -> bool {
    t.produces.iter().all(|p| p.trim().is_empty())
}

struct Exclusion<'a> {
    id: &'a str,
    label: Option<&'a str>,
    text: &'a str,
    /// The words that say what is excluded ("email notification").
    keys: Vec<String>,
}

impl Exclusion<'_> {
    /// Whether a task titled `title` plans this exclusion: its title has
    /// every key word, and the requirements it covers do not already ask for
    /// the same thing (that is a contradiction in the spec, not in the plan).
    fn named_by(&self, title: &str, covered: &[&str]) -> bool {
        if self.keys.is_empty() || self.keys.len() == 1 && self.keys[0].len() < 5 {
            return false;
        }
        let t = stems(title);
        if !self.keys.iter().all(|k| t.contains(k)) {
            return false;
        }
        !covered.iter().any(|r| {
            let rs = stems(r);
            self.keys.iter().all(|k| rs.contains(k))
        })
    }
}

/// Words that carry no meaning in a task title or a requirement.
const STOP: [&str; 62] = [
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as",
    "is", "are", "be", "been", "it", "its", "this", "that", "these", "those", "each", "every",
    "all", "any", "can", "could", "should", "must", "shall", "will", "would", "may", "might",
    "system", "so", "when", "then", "if", "into", "via", "than", "which", "who", "what", "their",
    "they", "them", "his", "her", "our", "we", "us", "you", "your", "not", "no", "has",
];

/// Verbs and nouns a task title wraps a requirement in without adding anything.
const FILLER: [&str; 26] = [
    "meet",
    "implement",
    "support",
    "satisfy",
    "ensure",
    "handle",
    "fulfil",
    "fulfill",
    "requirement",
    "address",
    "cover",
    "do",
    "make",
    "add",
    "create",
    "build",
    "provide",
    "enable",
    "allow",
    "deliver",
    "develop",
    "write",
    "task",
    "feature",
    "work",
    "have",
];

/// Words an exclusion wraps its subject in ("No ... in v1", "... for now").
const EXCLUSION_FILLER: [&str; 30] = [
    "out",
    "scope",
    "support",
    "supported",
    "v1",
    "v2",
    "v3",
    "mvp",
    "now",
    "initially",
    "initial",
    "release",
    "version",
    "phase",
    "future",
    "later",
    "feature",
    "features",
    "ability",
    "won",
    "wont",
    "first",
    "included",
    "include",
    "including",
    "planned",
    "time",
    "yet",
    "functionality",
    "option",
];

fn stem(w: &str) -> String {
    let w = w.to_lowercase();
    for suffix in ["ings", "ing", "ies", "es", "ed", "s"] {
        if w.len() > suffix.len() + 3
            && let Some(base) = w.strip_suffix(suffix)
        {
            return if suffix == "ies" {
                format!("{base}y")
            } else {
                base.to_string()
            };
        }
    }
    w
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
}

fn stems(text: &str) -> HashSet<String> {
    tokens(text).map(|w| stem(&w)).collect()
}

/// Whether a title says nothing its requirement does not: its words, less
/// filler and the requirement's label, are the requirement's, and cover
/// most of them ("Meet FR-2: registering an 11th endpoint is rejected").
pub(crate) fn restates(title: &str, requirement: &str, label: &str) -> bool {
    let label_words: HashSet<String> = tokens(label).map(|w| stem(&w)).collect();
    let t: HashSet<String> = tokens(title)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .map(|w| stem(&w))
        .filter(|w| !label_words.contains(w) && !is_generated_label(w))
        .collect();
    let r = stems(requirement);
    if t.is_empty() {
        // "Meet FR-2", "Implement R5": the label and nothing else.
        let title_words: HashSet<String> = tokens(title).map(|w| stem(&w)).collect();
        return !label_words.is_empty() && label_words.is_subset(&title_words);
    }
    t.is_subset(&r) && t.len() * 5 >= r.len() * 3
}

/// `r5`, `us2`: a label written as one word.
fn is_generated_label(w: &str) -> bool {
    let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
    (1..=3).contains(&letters)
        && w.len() > letters
        && w[letters..].bytes().all(|b| b.is_ascii_digit())
}

/// The first few words that say what an exclusion excludes.
fn exclusion_keys(text: &str) -> Vec<String> {
    let clause = text
        .split([';', ':', '.', '(', '—', '–'])
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or("");
    let mut keys: Vec<String> = Vec::new();
    for w in tokens(clause) {
        if EXCLUSION_FILLER.contains(&w.as_str()) || FILLER.contains(&w.as_str()) {
            continue;
        }
        let s = stem(&w);
        if !keys.contains(&s) {
            keys.push(s);
        }
        if keys.len() == 4 {
            break;
        }
    }
    keys
}

fn short(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_only_restate_their_requirement() {
        let req = "An account can register at most 10 endpoints per event type";
        assert!(restates(
            "Meet FR-2: An account can register at most 10 endpoints per event type",
            req,
            "FR-2"
        ));
        assert!(restates("Meet R5", "Secrets never appear in logs", "R5"));
        assert!(restates(
            "Register at most 10 endpoints per event type",
            req,
            "FR-2"
        ));
        assert!(!restates(
            "Enforce the rules for registering webhook endpoints",
            req,
            "FR-2"
        ));
        assert!(!restates(
            "Add the endpoint count check to WebhookEndpointService",
            req,
            "FR-2"
        ));
        assert!(!restates(
            "Keep webhook secrets out of logs",
            "Secrets shall never appear in logs.",
            "R3"
        ));
    }

    #[test]
    fn exclusions_are_named_by_their_subject() {
        let keys = exclusion_keys("No email notification in v1");
        assert_eq!(keys, ["email", "notification"]);
        let x = Exclusion {
            id: "X1",
            label: None,
            text: "",
            keys,
        };
        assert!(x.named_by("Send the email notification on failure", &[]));
        assert!(!x.named_by("Send the failure alert email", &[]));
        // The spec asks for it in a requirement: a contradiction, not a plan fault.
        assert!(!x.named_by(
            "Send the email notification",
            &["Users get an email notification"]
        ));
        let one = Exclusion {
            id: "X2",
            label: None,
            text: "",
            keys: exclusion_keys("Video albums."),
        };
        assert!(one.named_by("Upload video albums", &[]));
    }
}

//! Merging a model's ambiguity list with the built-in detectors' list, so
//! the user reviews one list: what only the model saw, what only the rules
//! saw, and, once, what both saw. Two entries are the same question when
//! they share the thing they are about (a named product such as SendGrid, a
//! requirement label such as FR-2) and its category, or most of their
//! distinctive words. A folded entry keeps the model's wording, gains the
//! tasks either one named, and fills a missing risk or resolution from the
//! other. Entries already in the session (open or settled) are not offered
//! again, however they are worded.
use std::collections::BTreeSet;

use super::{Proposal, ProposalItem};
use crate::plan::{Ambiguity, AmbiguityId, Session};

/// Merge `detected` (the offline detectors' proposal) into `model` (the
/// model's proposal for the same step). Notes say how many of each were
/// kept and folded.
pub fn merge_ambiguities(model: &mut Proposal, detected: &Proposal, session: &Session) {
    let existing: Vec<Key> = session
        .ambiguities
        .iter()
        .map(|a| Key::of(a, session))
        .collect();
    let mut kept: Vec<(Ambiguity, Key)> = Vec::new();
    let mut folded = 0usize;
    let mut known = 0usize;
    let mut rest = Vec::new();
    let model_items = std::mem::take(&mut model.items);
    let from_model = model_items.into_iter().map(|i| (i, true));
    let from_rules = detected.items.iter().cloned().map(|i| (i, false));
    let mut model_count = 0usize;
    let mut rules_count = 0usize;
    for (item, is_model) in from_model.chain(from_rules) {
        let ProposalItem::AddAmbiguity { ambiguity } = item else {
            if is_model {
                rest.push(item);
            }
            continue;
        };
        let key = Key::of(&ambiguity, session);
        if existing.iter().any(|k| k.same_question(&key)) {
            known += 1;
            continue;
        }
        if let Some((into, into_key)) = kept.iter_mut().find(|(_, k)| k.same_question(&key)) {
            fold(into, &ambiguity);
            into_key.absorb(key);
            folded += 1;
            continue;
        }
        if is_model {
            model_count += 1;
        } else {
            rules_count += 1;
        }
        kept.push((ambiguity, key));
    }
    let first = model.first_new_ambiguity.0;
    model.items = rest;
    for (i, (mut ambiguity, _)) in kept.into_iter().enumerate() {
        ambiguity.id = AmbiguityId(first + i as u32);
        model.items.push(ProposalItem::AddAmbiguity { ambiguity });
    }
    let mut note = format!(
        "merged with the built-in detectors: {model_count} from the model, {rules_count} found only by the detectors"
    );
    if folded > 0 {
        note.push_str(&format!(", {folded} duplicate{} folded", plural(folded)));
    }
    if known > 0 {
        note.push_str(&format!(", {known} already in the session left out",));
    }
    model.notes.push(note);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Fold `other` into `into`: the tasks of both, and what `into` lacks.
fn fold(into: &mut Ambiguity, other: &Ambiguity) {
    for t in &other.affects {
        if !into.affects.contains(t) {
            into.affects.push(*t);
        }
    }
    if into.risk.trim().is_empty() {
        into.risk = other.risk.clone();
    }
    if into.resolution_hint.trim().is_empty() {
        into.resolution_hint = other.resolution_hint.clone();
    }
}

/// What an ambiguity is about, for telling whether two are the same question.
#[derive(Debug, Clone)]
struct Key {
    category: crate::plan::AmbiguityCategory,
    /// Lower-cased distinctive words of the summary.
    words: BTreeSet<String>,
    /// Names written with a capital inside or after the first word
    /// (SendGrid, BullMQ, Postgres), lower-cased.
    names: BTreeSet<String>,
    /// Requirement labels mentioned (fr-2, r2, req-3), lower-cased.
    labels: BTreeSet<String>,
    /// The tasks it affects.
    affects: BTreeSet<crate::plan::TaskId>,
    /// The spec item it takes up (`Q2`), if any.
    source: Option<String>,
}

impl Key {
    fn of(a: &Ambiguity, session: &Session) -> Key {
        let text = a.summary.as_str();
        let mut labels: BTreeSet<String> = BTreeSet::new();
        for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let t = token.trim_matches('-').to_lowercase();
            if session
                .spec
                .requirements
                .iter()
                .any(|r| r.id.to_string().to_lowercase() == t)
            {
                labels.insert(t);
            }
        }
        let mut names = BTreeSet::new();
        let mut words = BTreeSet::new();
        for (i, w) in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            let lower = w.to_lowercase();
            if labels.contains(&lower) {
                continue;
            }
            let capital_inside = w.chars().skip(1).any(char::is_uppercase);
            let capital_first = i > 0 && w.chars().next().is_some_and(char::is_uppercase);
            if (capital_inside || capital_first)
                && w.len() > 2
                && !GENERIC.contains(&lower.as_str())
            {
                names.insert(lower.clone());
            }
            if lower.len() > 2
                && !lower.chars().all(|c| c.is_ascii_digit())
                && !GENERIC.contains(&lower.as_str())
                && !crate::planners::offline::text::STOP.contains(&lower.as_str())
            {
                words.insert(stem(&lower));
            }
        }
        Key {
            category: a.category,
            words,
            names,
            labels,
            affects: a.affects.iter().copied().collect(),
            source: a.source.clone(),
        }
    }

    /// Two entries are one question when they are about the same thing and
    /// nothing says otherwise. A shared product name (SendGrid) with the same
    /// category is strong evidence; a shared requirement label needs a shared
    /// word or task as well; shared words alone must be most of the shorter
    /// summary, and when both name tasks, some must be the same, so two
    /// questions that merely use the same nouns ("how long a delivery may
    /// take" and "how long deliveries are kept") stay apart.
    fn same_question(&self, other: &Key) -> bool {
        // Two takes on the same question of the spec are one; two different
        // questions of the spec are never the same.
        if let (Some(a), Some(b)) = (&self.source, &other.source) {
            return a == b;
        }
        let shared = self.words.intersection(&other.words).count();
        let smaller = self.words.len().min(other.words.len());
        let overlap = if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
        };
        let tasks_overlap = self.affects.intersection(&other.affects).next().is_some();
        let tasks_compatible = self.affects.is_empty() || other.affects.is_empty() || tasks_overlap;
        let same_name = self.names.intersection(&other.names).next().is_some();
        let same_label = self.labels.intersection(&other.labels).next().is_some();
        let labels_differ = !self.labels.is_empty() && !other.labels.is_empty() && !same_label;
        if self.category == other.category {
            (same_name && !labels_differ)
                || (same_label && tasks_compatible && (shared >= 1 || tasks_overlap))
                || (!labels_differ && tasks_compatible && overlap >= 0.6 && shared >= 3)
        } else {
            !labels_differ && tasks_compatible && overlap >= 0.75 && shared >= 3
        }
    }

    /// After a fold, the kept entry also answers to the folded one's words.
    fn absorb(&mut self, other: Key) {
        self.names.extend(other.names);
        self.labels.extend(other.labels);
    }
}

/// A crude stem so "retries" meets "retry" and "kept" stays "kept".
fn stem(w: &str) -> String {
    crate::planners::offline::text::singular(w)
}

/// Words every ambiguity uses, which say nothing about which one it is.
const GENERIC: &[&str] = &[
    "nothing",
    "says",
    "say",
    "said",
    "what",
    "which",
    "when",
    "where",
    "whether",
    "how",
    "does",
    "not",
    "doesn",
    "isn",
    "without",
    "saying",
    "means",
    "mean",
    "way",
    "can",
    "could",
    "should",
    "would",
    "must",
    "will",
    "checked",
    "check",
    "asks",
    "ask",
    "gives",
    "give",
    "spec",
    "specified",
    "unspecified",
    "unclear",
    "undefined",
    "defined",
    "define",
    "happens",
    "happen",
    "there",
    "than",
    "then",
    "but",
    "also",
    "only",
    "just",
    "from",
    "into",
    "about",
    "more",
    "less",
    "case",
    "cases",
    "plan",
    "task",
    "tasks",
    "requirement",
    "requirements",
    "described",
    "describe",
    "described",
    "is",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "no",
    "yes",
    "if",
    "else",
    "other",
    "others",
    "existing",
    "system",
    "context",
    "needs",
    "need",
    "given",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{AmbiguityCategory as C, Session, TaskId};
    use crate::workflow::Step;

    fn session() -> Session {
        let mut s = Session::new("t", "Merge", crate::plan::Timestamp(0));
        let text = "- FR-1: Send a digest email through SendGrid.\n- FR-2: Fail with a clear error.\n- FR-3: Retry failed deliveries.\n";
        crate::plan::apply(&mut s, crate::plan::Edit::SetSpecText { text: text.into() })
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.spec.requirements.len(), 3);
        s
    }

    fn amb(category: C, summary: &str, affects: &[u32]) -> ProposalItem {
        let mut a = Ambiguity::new(AmbiguityId(0), category, summary);
        a.affects = affects.iter().map(|&t| TaskId(t)).collect();
        ProposalItem::AddAmbiguity { ambiguity: a }
    }

    fn proposal(s: &Session, items: Vec<ProposalItem>) -> Proposal {
        let mut p = Proposal::new(Step::Ambiguities, s);
        p.items = items;
        p
    }

    fn summaries(p: &Proposal) -> Vec<(u32, String, Vec<u32>)> {
        p.items
            .iter()
            .filter_map(|i| match i {
                ProposalItem::AddAmbiguity { ambiguity: a } => Some((
                    a.id.0,
                    a.summary.clone(),
                    a.affects.iter().map(|t| t.0).collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_same_question_in_other_words_is_folded_once() {
        let s = session();
        let mut model = proposal(
            &s,
            vec![
                amb(
                    C::ExternalDependency,
                    "What should happen if SendGrid is down?",
                    &[3],
                ),
                amb(
                    C::Underspecified,
                    "How many times are failed deliveries retried?",
                    &[4],
                ),
            ],
        );
        let rules = proposal(
            &s,
            vec![
                amb(
                    C::ExternalDependency,
                    "Nothing says what happens when SendGrid (the email provider) is unavailable",
                    &[3, 5],
                ),
                amb(
                    C::Underspecified,
                    "FR-2 says \"with a clear error\" without saying what \"clear\" means in a way that can be checked",
                    &[2],
                ),
            ],
        );
        merge_ambiguities(&mut model, &rules, &s);
        assert_eq!(
            summaries(&model),
            vec![
                (1, "What should happen if SendGrid is down?".to_string(), vec![3, 5]),
                (2, "How many times are failed deliveries retried?".to_string(), vec![4]),
                (3, "FR-2 says \"with a clear error\" without saying what \"clear\" means in a way that can be checked".to_string(), vec![2]),
            ]
        );
        let note = model.notes.last().map(String::as_str).unwrap_or_default();
        assert_eq!(
            note,
            "merged with the built-in detectors: 2 from the model, 1 found only by the detectors, 1 duplicate folded"
        );
    }

    #[test]
    fn different_questions_about_one_requirement_stay_apart() {
        let s = session();
        let mut model = proposal(
            &s,
            vec![amb(
                C::Underspecified,
                "FR-3: how long to wait between retries?",
                &[4],
            )],
        );
        let rules = proposal(
            &s,
            vec![amb(
                C::Assumption,
                "FR-3 relies on a delivery log the context does not describe",
                &[4],
            )],
        );
        merge_ambiguities(&mut model, &rules, &s);
        assert_eq!(summaries(&model).len(), 2);
    }

    #[test]
    fn duplicates_inside_the_model_list_fold_and_known_ones_are_left_out() {
        let mut s = session();
        let known = Ambiguity::new(
            AmbiguityId(1),
            C::Underspecified,
            "What makes an error message clear (FR-2)?",
        );
        crate::plan::apply(&mut s, crate::plan::Edit::AddAmbiguity { ambiguity: known })
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut model = proposal(
            &s,
            vec![
                amb(
                    C::ExternalDependency,
                    "No fallback when SendGrid fails",
                    &[3],
                ),
                amb(
                    C::ExternalDependency,
                    "SendGrid outage handling is unspecified",
                    &[6],
                ),
                amb(
                    C::Underspecified,
                    "FR-2: what does a clear error look like?",
                    &[2],
                ),
            ],
        );
        merge_ambiguities(&mut model, &proposal(&s, vec![]), &s);
        assert_eq!(
            summaries(&model),
            vec![(2, "No fallback when SendGrid fails".to_string(), vec![3, 6])]
        );
        assert!(
            model
                .notes
                .last()
                .is_some_and(|n| n.contains("1 duplicate folded")
                    && n.contains("1 already in the session left out"))
        );
    }

    #[test]
    fn questions_that_share_nouns_but_not_tasks_stay_apart() {
        let mut s = session();
        let spec =
            "- FR-4: Retry a delivery that times out.\n- FR-5: Store each delivery's status.\n";
        crate::plan::apply(&mut s, crate::plan::Edit::SetSpecText { text: spec.into() })
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut model = proposal(
            &s,
            vec![amb(
                C::Underspecified,
                "FR-4 does not say how long a delivery may take before it counts as timed out",
                &[7],
            )],
        );
        let rules = proposal(
            &s,
            vec![
                amb(
                    C::Underspecified,
                    "Nothing says how long deliveries and endpoints are kept",
                    &[1, 2, 4, 6, 10],
                ),
                amb(
                    C::Underspecified,
                    "FR-4 treats a timeout as a failure but gives no duration for it",
                    &[7],
                ),
            ],
        );
        merge_ambiguities(&mut model, &rules, &s);
        assert_eq!(
            summaries(&model),
            vec![
                (
                    1,
                    "FR-4 does not say how long a delivery may take before it counts as timed out"
                        .to_string(),
                    vec![7]
                ),
                (
                    2,
                    "Nothing says how long deliveries and endpoints are kept".to_string(),
                    vec![1, 2, 4, 6, 10]
                ),
            ],
            "the retention question stays; the two timeout questions are one"
        );
    }

    #[test]
    fn a_fold_fills_what_the_model_left_empty() {
        let s = session();
        let mut model = proposal(&s, vec![amb(C::ExternalDependency, "SendGrid down?", &[])]);
        let mut rule = Ambiguity::new(
            AmbiguityId(0),
            C::ExternalDependency,
            "Nothing says what happens when SendGrid is unavailable",
        );
        rule.risk = "Digests are lost.".into();
        rule.resolution_hint = "Decide on a retry queue.".into();
        merge_ambiguities(
            &mut model,
            &proposal(&s, vec![ProposalItem::AddAmbiguity { ambiguity: rule }]),
            &s,
        );
        let ProposalItem::AddAmbiguity { ambiguity } = &model.items[0] else {
            panic!("expected an ambiguity, got {:?}", model.items[0]);
        };
        assert_eq!(ambiguity.summary, "SendGrid down?");
        assert_eq!(ambiguity.risk, "Digests are lost.");
        assert_eq!(ambiguity.resolution_hint, "Decide on a retry queue.");
    }
}

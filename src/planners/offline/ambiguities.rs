//! The ambiguity detectors. Each is a plain rule over the spec, the context
//! and the plan:
//! - vague words in a requirement ("clear", "fast", "appropriate", "etc.", ...);
//! - missing numbers: a timeout with no duration, stored data with no
//!   retention, a limit with no value, validation with no rules;
//! - outside services the plan relies on (queues, mail, payments, ...) with no
//!   fallback mentioned;
//! - assumptions: things the spec treats as existing ("the account's webhook
//!   secret", "the existing billing module", the person an email goes to) that
//!   the context does not describe;
//! - conflicts: two requirements giving different numbers for the same thing;
//! - ordering alternatives: types and schema tasks that do not depend on each
//!   other, so either could come first.
use std::collections::{BTreeSet, HashMap};

use crate::plan::{AmbiguityCategory, RiskLevel, Session, TaskId};
use crate::planners::answer::AnswerAmbiguity;

use super::layers::{self, Layer};
use super::layout::Layout;
use super::spec::{Req, SpecFacts, Trait};
use super::tech::{self, Role, Tech};
use super::text::{STOP, has_phrase, mentions, plural, singular, split_ident, words};

/// Vague words and what would make each one checkable.
const VAGUE: &[(&str, &str)] = &[
    (
        "clear",
        "what exactly is returned or shown (a status code, a message)",
    ),
    ("fast", "a time limit with a number"),
    ("quickly", "a time limit with a number"),
    ("appropriate", "the exact rule"),
    ("appropriately", "the exact rule"),
    ("reasonable", "a number"),
    ("etc", "the complete list"),
    ("some", "the exact number or list"),
    ("several", "the exact number"),
    ("user-friendly", "what the user sees"),
    ("robust", "the failures it must survive"),
    ("scalable", "the load it must handle, in numbers"),
    ("efficient", "a measurable target"),
    ("easy", "what is in and out of scope"),
    ("soon", "a time"),
    ("timely", "a deadline"),
    ("properly", "what correct means here"),
    ("gracefully", "what happens instead"),
    ("securely", "the threat and the control against it"),
];

pub fn detect(session: &Session, facts: &SpecFacts, layout: &Layout) -> Vec<AnswerAmbiguity> {
    let d = Detector {
        session,
        facts,
        layout,
    };
    let mut out = Vec::new();
    d.spec_questions(&mut out);
    d.vague(&mut out);
    d.timeouts(&mut out);
    d.validation(&mut out);
    d.limits(&mut out);
    d.retention(&mut out);
    d.time_zones(&mut out);
    d.payload_fields(&mut out);
    d.conflicts(&mut out);
    d.possessions(&mut out);
    d.recipients(&mut out);
    d.existing(&mut out);
    d.outside_services(&mut out);
    d.ordering(&mut out);
    let mut seen = BTreeSet::new();
    out.retain(|a| seen.insert(a.summary.to_lowercase()));
    out
}

struct Detector<'a> {
    session: &'a Session,
    facts: &'a SpecFacts,
    layout: &'a Layout,
}

impl Detector<'_> {
    /// The spec's own open questions (high risk: its authors asked them) and
    /// its assumptions, first, each keeping its id as its source. Those an
    /// ambiguity of the session already takes up are not offered again.
    fn spec_questions(&self, out: &mut Vec<AnswerAmbiguity>) {
        let spec = &self.session.spec;
        let taken: BTreeSet<&str> = self
            .session
            .ambiguities
            .iter()
            .filter_map(|a| a.source.as_deref())
            .collect();
        for q in spec
            .questions
            .iter()
            .filter(|q| !taken.contains(q.id.as_str()))
        {
            let mut a = amb(
                AmbiguityCategory::Underspecified,
                format!("The spec leaves {} open: {}", q.reference(), q.text.trim()),
                "The spec's authors did not decide this; whatever the plan assumes may be built and then undone."
                    .to_string(),
                "An answer from whoever owns the spec, written into it or recorded here as a decision."
                    .to_string(),
                self.tasks_about(&q.text),
            );
            a.level = RiskLevel::High;
            a.source = q.id.clone();
            out.push(a);
        }
        for x in spec
            .assumptions
            .iter()
            .filter(|x| !taken.contains(x.id.as_str()))
        {
            let mut a = amb(
                AmbiguityCategory::Assumption,
                format!("The spec assumes ({}): {}", x.reference(), x.text.trim()),
                "If the assumption does not hold in the existing system, the tasks built on it do not work as planned."
                    .to_string(),
                "Confirm it against the existing system, or plan the work that makes it true.".to_string(),
                self.tasks_about(&x.text),
            );
            a.source = x.id.clone();
            out.push(a);
        }
    }

    /// The numbers of the tasks whose title or output shares a distinctive
    /// word with `text`.
    fn tasks_about(&self, text: &str) -> Vec<u32> {
        let wanted: BTreeSet<String> = words(text)
            .into_iter()
            .filter(|w| w.len() > 3 && !STOP.contains(&w.as_str()))
            .map(|w| singular(&w))
            .collect();
        self.session
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                words(&t.title)
                    .into_iter()
                    .chain(t.produces.iter().flat_map(|p| words(p)))
                    .any(|w| wanted.contains(&singular(&w)))
            })
            .map(|(i, _)| i as u32 + 1)
            .collect()
    }
}

/// A date written as `2024-01-31`.
fn has_iso_date(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit() && c != '-')
        .any(|t| {
            let p: Vec<&str> = t.split('-').collect();
            p.len() == 3
                && p[0].len() == 4
                && p[1].len() == 2
                && p[2].len() == 2
                && p.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn amb(
    category: AmbiguityCategory,
    summary: String,
    risk: String,
    resolution: String,
    affects: Vec<u32>,
) -> AnswerAmbiguity {
    AnswerAmbiguity {
        category,
        summary,
        risk,
        resolution,
        affects,
        level: RiskLevel::Medium,
        source: String::new(),
    }
}

/// A few words of `text` around the word at `at` (of `words(text)`), as written.
fn around(text: &str, word: &str) -> String {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let Some(i) = raw.iter().position(|w| words(w).iter().any(|x| x == word)) else {
        return word.to_string();
    };
    let from = i.saturating_sub(2);
    let to = (i + 3).min(raw.len());
    raw[from..to]
        .join(" ")
        .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':'))
        .to_string()
}

impl Detector<'_> {
    /// Numbers (1-based) of the tasks that cover any of `reqs`.
    fn covering(&self, reqs: &[&Req]) -> Vec<u32> {
        let ids: Vec<_> = reqs.iter().map(|r| &r.id).collect();
        self.numbers(|t| t.covers.iter().any(|c| ids.contains(&c)))
    }

    fn numbers(&self, f: impl Fn(&crate::plan::Task) -> bool) -> Vec<u32> {
        self.session
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| f(t))
            .map(|(i, _)| i as u32 + 1)
            .collect()
    }

    /// Everything the spec and the decisions say, lower-cased.
    fn all_text(&self) -> String {
        let c: Vec<&str> = self
            .session
            .spec
            .constraints
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        format!("{}\n{}", self.session.spec.text, c.join("\n")).to_lowercase()
    }

    fn vague(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in &self.facts.reqs {
            for (word, hint) in VAGUE {
                if !r.words.iter().any(|w| w == word) {
                    continue;
                }
                let phrase = around(&r.text, word);
                out.push(amb(
                    AmbiguityCategory::Underspecified,
                    format!("{} says \"{phrase}\" without saying what \"{word}\" means in a way that can be checked", r.id),
                    format!("The tasks for {} settle on one reading, and a reviewer or a client may expect another.", r.id),
                    format!("Replace \"{word}\" in {} with {hint}.", r.id),
                    self.covering(&[r]),
                ));
            }
        }
    }

    fn timeouts(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in &self.facts.reqs {
            let lower = r.text.to_lowercase();
            let mentions_timeout = ["time out", "times out", "timed out", "timeout", "timeouts"]
                .iter()
                .any(|p| has_phrase(&lower, p));
            let given = [
                "timeout of",
                "time out after",
                "times out after",
                "timeout after",
                "within",
            ]
            .iter()
            .any(|p| {
                lower.find(p).is_some_and(|i| {
                    lower[i + p.len()..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit())
                })
            });
            if mentions_timeout && !given {
                out.push(amb(
                    AmbiguityCategory::Underspecified,
                    format!("{} treats a timeout as a failure but gives no duration for it", r.id),
                    "Too short a timeout fails slow but healthy receivers; too long ties up workers. The tests cannot check it either.".to_string(),
                    "Give the timeout in seconds and say whether it covers connecting, the whole request, or both.".to_string(),
                    self.covering(&[r]),
                ));
            }
        }
    }

    fn validation(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in self.facts.with(Trait::Validate) {
            let lower = r.text.to_ascii_lowercase();
            let Some(i) = ["validated", "validate", "validates"]
                .iter()
                .find_map(|w| lower.find(w))
            else {
                continue;
            };
            let after = &lower[i..];
            let has_rules = after.contains(':')
                || [
                    " must ",
                    " only ",
                    " such as",
                    "e.g.",
                    " against ",
                    " so that",
                    " that it",
                ]
                .iter()
                .any(|p| after.contains(p));
            if has_rules {
                continue;
            }
            let before: Vec<String> = r.text[..i]
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                .filter(|w| !w.is_empty() && !STOP.contains(&w.to_lowercase().as_str()))
                .collect();
            let object = before
                .iter()
                .rev()
                .take(2)
                .rev()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            let example = if object.to_lowercase().contains("url") {
                " (for example: HTTPS only, not a private or local address, answers a test request)"
            } else {
                ""
            };
            out.push(amb(
                AmbiguityCategory::Underspecified,
                format!("{} asks for the {object} to be validated but not what makes it valid", r.id),
                "Each developer picks different checks, so some invalid input gets through, or valid input is refused.".to_string(),
                format!("List the checks{example} and what the caller gets when one fails."),
                self.covering(&[r]),
            ));
        }
    }

    fn limits(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in self.facts.with(Trait::Limit) {
            let named = [
                "rate limit",
                "limit",
                "maximum",
                "quota",
                "page size",
                "batch",
            ]
            .iter()
            .find(|p| has_phrase(&r.text, p));
            if let Some(p) = named
                && r.quantities.is_empty()
            {
                out.push(amb(
                    AmbiguityCategory::Underspecified,
                    format!("{} sets a {p} but gives no number", r.id),
                    "The code needs a value; whatever is picked becomes the contract by accident.".to_string(),
                    format!("Give the {p} as a number with its unit, and what happens when it is reached."),
                    self.covering(&[r]),
                ));
            }
        }
    }

    fn retention(&self, out: &mut Vec<AnswerAmbiguity>) {
        let all = self.all_text();
        if [
            "retain",
            "retention",
            "kept for",
            "stored for",
            "delete after",
            "deleted after",
            "purge",
            "archive",
        ]
        .iter()
        .any(|p| all.contains(p))
        {
            return;
        }
        let stored: Vec<&Req> = self
            .facts
            .with(Trait::Store)
            .filter(|r| !r.entities.is_empty())
            .collect();
        if stored.is_empty() {
            return;
        }
        let mut things: Vec<String> = Vec::new();
        for r in &stored {
            for e in &r.entities {
                let p = plural(e);
                if !things.contains(&p) {
                    things.push(p);
                }
            }
        }
        let things = super::text::and_list(&things);
        let tables: Vec<u32> = self.numbers(|t| t.produces.iter().any(|p| p.starts_with("table ")));
        let mut affects = self.covering(&stored);
        for t in tables {
            if !affects.contains(&t) {
                affects.push(t);
            }
        }
        affects.sort();
        out.push(amb(
            AmbiguityCategory::Underspecified,
            format!("Nothing says how long {things} are kept"),
            "The table grows without bound, or data someone needs later is deleted; privacy rules may also set a limit.".to_string(),
            format!("Decide how long {things} are kept and what removes the old ones (a scheduled clean-up, partitioning)."),
            affects,
        ));
    }

    fn time_zones(&self, out: &mut Vec<AnswerAmbiguity>) {
        let all = format!(
            "{}\n{}",
            self.all_text(),
            self.session.spec.context.to_lowercase()
        );
        if ["utc", "timezone", "time zone", "local time"]
            .iter()
            .any(|p| all.contains(p))
        {
            return;
        }
        let dated: Vec<&Req> = self
            .facts
            .reqs
            .iter()
            .filter(|r| {
                r.has(Trait::Schedule)
                    || r.words.iter().any(|w| {
                        [
                            "date", "dates", "midnight", "1st", "daily", "nightly", "monthly",
                            "weekly",
                        ]
                        .contains(&w.as_str())
                    })
                    || has_iso_date(&r.text)
            })
            .collect();
        let Some(first) = dated.first() else { return };
        let ids: Vec<String> = dated.iter().map(|r| r.id.to_string()).collect();
        out.push(amb(
            AmbiguityCategory::Underspecified,
            format!("{} {} dates or times but nothing says in which time zone", super::text::and_list(&ids), if dated.len() == 1 { "uses" } else { "use" }),
            format!("Around midnight the result depends on where the code runs: {} may pick the wrong day for some users.", first.id),
            "Say which time zone counts (UTC, the server's, or each user's) and how dates are stored.".to_string(),
            self.covering(&dated),
        ));
    }

    fn payload_fields(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in &self.facts.reqs {
            let Some(format) = r
                .words
                .iter()
                .find(|w| ["json", "csv", "xml", "yaml"].contains(&w.as_str()))
            else {
                continue;
            };
            let lower = r.text.to_lowercase();
            if [
                "field",
                "column",
                "schema",
                "containing",
                "contains",
                "with the",
                ":",
            ]
            .iter()
            .any(|p| lower.contains(p))
            {
                continue;
            }
            out.push(amb(
                AmbiguityCategory::Underspecified,
                format!("{} asks for {} but does not say which fields it contains", r.id, format.to_uppercase()),
                "Whoever reads the output builds on the fields the first version happens to have; changing them later breaks them.".to_string(),
                format!("List the fields (names, types, which are optional) of the {} {} describes, and how it will be versioned.", format.to_uppercase(), r.id),
                self.covering(&[r]),
            ));
        }
    }

    fn conflicts(&self, out: &mut Vec<AnswerAmbiguity>) {
        let reqs = &self.facts.reqs;
        for (i, a) in reqs.iter().enumerate() {
            for b in &reqs[i + 1..] {
                for qa in &a.quantities {
                    let Some(qb) = b
                        .quantities
                        .iter()
                        .find(|qb| qb.unit == qa.unit && qb.value != qa.value)
                    else {
                        continue;
                    };
                    let countable = qa.unit.len() > 2
                        && ![
                            "time", "second", "minute", "hour", "day", "week", "month", "year",
                            "attempt", "percent",
                        ]
                        .contains(&qa.unit.as_str());
                    if !countable {
                        continue;
                    }
                    let num = |v: f64| {
                        if v.fract() == 0.0 {
                            format!("{}", v as i64)
                        } else {
                            format!("{v}")
                        }
                    };
                    // "5 payment methods": the unit is the first word of a thing the plan stores.
                    let thing = self
                        .facts
                        .entities
                        .iter()
                        .find(|e| e.split_whitespace().next() == Some(qa.unit.as_str()))
                        .cloned()
                        .unwrap_or_else(|| qa.unit.clone());
                    out.push(amb(
                        AmbiguityCategory::Underspecified,
                        format!("{} and {} give different numbers for {}: {} and {}", a.id, b.id, plural(&thing), num(qa.value), num(qb.value)),
                        "One of the two requirements will be broken by whichever number the code uses.".to_string(),
                        "Decide which number holds and correct the other requirement.".to_string(),
                        self.covering(&[a, b]),
                    ));
                }
            }
        }
    }

    /// "the account's webhook secret": a possession the context does not describe.
    fn possessions(&self, out: &mut Vec<AnswerAmbiguity>) {
        let context = self.context_words();
        for r in &self.facts.reqs {
            let raw: Vec<&str> = r.text.split_whitespace().collect();
            for (i, w) in raw.iter().enumerate() {
                let Some(owner) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) else {
                    continue;
                };
                let owned: Vec<String> = raw[i + 1..]
                    .iter()
                    .map(|x| {
                        x.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .take_while(|x| !x.is_empty() && !STOP.contains(&x.as_str()))
                    .take(2)
                    .collect();
                let Some(last) = owned.last() else { continue };
                if context.contains(&singular(last))
                    || self.facts.entities.contains(&singular(last))
                {
                    continue;
                }
                let owner = owner.to_lowercase();
                // "last month's usage" is a time, not an owner.
                if [
                    "day",
                    "week",
                    "month",
                    "year",
                    "quarter",
                    "today",
                    "yesterday",
                    "tomorrow",
                ]
                .contains(&owner.as_str())
                {
                    continue;
                }
                let owned = owned.join(" ");
                let per = self
                    .facts
                    .entities
                    .first()
                    .map_or(String::new(), |e| format!(" or one per {e}"));
                out.push(amb(
                    AmbiguityCategory::Assumption,
                    format!("{} relies on the {owner}'s {owned}, which the existing system is not described as having", r.id),
                    format!("If there is no {owned} yet, a task to create, store and change it is missing, and the tasks for {} cannot be built as planned.", r.id),
                    format!("Say where the {owned} comes from, who creates and rotates it, and whether there is one per {owner}{per}."),
                    self.covering(&[r]),
                ));
            }
        }
    }

    /// "the account owner gets an email": where does their address come from?
    fn recipients(&self, out: &mut Vec<AnswerAmbiguity>) {
        let context = self.context_words();
        for r in self.facts.with(Trait::Notify) {
            let ws = &r.words;
            let at = ws
                .iter()
                .position(|w| ["gets", "get", "receives", "receive"].contains(&w.as_str()));
            let who: Vec<String> = match at {
                Some(i) => ws[..i]
                    .iter()
                    .rev()
                    .take_while(|w| {
                        !STOP.contains(&w.as_str()) && w.chars().all(char::is_alphabetic)
                    })
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect(),
                None => Vec::new(),
            };
            if who.is_empty() || who.iter().any(|w| context.contains(&singular(w))) {
                continue;
            }
            let who = who.join(" ");
            out.push(amb(
                AmbiguityCategory::Assumption,
                format!("{} sends an email to the {who}, but the context does not say where that address comes from", r.id),
                format!("If the {who} has no stored address, or several people share the role, the alert goes nowhere or to the wrong person."),
                format!("Name the field or service that gives the {who}'s address, and what happens when it is missing."),
                self.covering(&[r]),
            ));
        }
    }

    /// "the existing billing module", "integrate with the CRM": references the context does not explain.
    fn existing(&self, out: &mut Vec<AnswerAmbiguity>) {
        let context = self.context_words();
        let text = &self.session.spec.text;
        let ws = words(text);
        for (i, w) in ws.iter().enumerate() {
            let lead = match w.as_str() {
                "existing" | "current" | "legacy" => 1,
                "integrate" | "integrates" if ws.get(i + 1).is_some_and(|x| x == "with") => 2,
                "reuse" | "reuses" => 1,
                _ => continue,
            };
            let thing: Vec<String> = ws[i + lead..]
                .iter()
                .filter(|x| !["the", "a", "an", "our", "their"].contains(&x.as_str()))
                .take(2)
                .cloned()
                .collect();
            if thing.is_empty() || thing.iter().any(|t| context.contains(&singular(t))) {
                continue;
            }
            let thing = thing.join(" ");
            out.push(amb(
                AmbiguityCategory::Assumption,
                format!("The spec builds on the {w} {thing}, which the context does not describe"),
                "Tasks that use it guess its interface and behaviour, and the guesses surface only during implementation.".to_string(),
                format!("Describe the {thing} in the context: where it lives, what it offers, what it expects."),
                self.numbers(|t| has_phrase(&format!("{} {}", t.title, t.description), &thing)),
            ));
        }
    }

    fn context_words(&self) -> BTreeSet<String> {
        words(&self.session.spec.context)
            .iter()
            .flat_map(|w| split_ident(w))
            .map(|w| singular(&w))
            .collect()
    }

    fn outside_services(&self, out: &mut Vec<AnswerAmbiguity>) {
        let all = self.all_text();
        let mut techs: Vec<&'static Tech> = self.layout.techs.clone();
        for t in &self.facts.techs {
            if !techs.iter().any(|x| x.name == t.name) {
                techs.push(t);
            }
        }
        for t in techs.into_iter().filter(|t| t.role.can_be_down()) {
            let fallback = [
                "fallback",
                "fall back",
                "unavailable",
                "outage",
                " is down",
                "goes down",
            ]
            .iter()
            .any(|p| all.contains(p))
                && tech::names(&all, t);
            if fallback {
                continue;
            }
            let affects = self.relying_on(t);
            let named_in_spec = self.facts.techs.iter().any(|x| x.name == t.name);
            if affects.is_empty() && !named_in_spec {
                continue;
            }
            let (risk, resolution) = match t.role {
                Role::Queue | Role::Cache => (
                    "Work added while it is down is lost, or the request that added it fails; nobody notices the missing jobs.".to_string(),
                    "Decide: fail the request, keep pending work in the database and hand it over when the queue is back (an outbox), or accept the loss and log it.".to_string(),
                ),
                Role::Email | Role::Sms | Role::Chat => (
                    "The message is lost and the people who should act on it never hear.".to_string(),
                    "Decide whether sending is retried, unsent messages are recorded for a later attempt, or another channel takes over.".to_string(),
                ),
                Role::Payments => (
                    "Charges fail, or are made twice when a timed-out request is retried.".to_string(),
                    "Decide on retries with idempotency keys, and what the customer sees while the provider is down.".to_string(),
                ),
                _ => (
                    "The tasks that rely on it fail with no plan for what happens then.".to_string(),
                    "Decide the fallback: retry later, degrade, or fail visibly with a clear error.".to_string(),
                ),
            };
            out.push(amb(
                AmbiguityCategory::ExternalDependency,
                format!(
                    "Nothing says what happens when {} (the {}) is unavailable",
                    t.name,
                    t.role.what()
                ),
                risk,
                resolution,
                affects,
            ));
        }
    }

    /// Tasks that rely on a technology: they name it, or the existing piece that wraps it or does its job.
    fn relying_on(&self, t: &Tech) -> Vec<u32> {
        let role = match t.role {
            Role::Queue | Role::Cache => Some(super::layout::PieceRole::Queue),
            Role::Email => Some(super::layout::PieceRole::Email),
            _ => None,
        };
        let mut names: Vec<String> = Vec::new();
        for p in &self.layout.pieces {
            if p.wraps.is_some_and(|w| w.name == t.name) || Some(p.role) == role {
                names.push(p.name.clone());
                names.push(p.path.clone());
                names.extend(p.api_names());
            }
        }
        self.numbers(|task| {
            let text = format!("{} {}", task.title, task.description);
            let m = mentions(&text);
            tech::names(&text, t)
                || names.iter().any(|n| m.contains(n))
                || (role == Some(super::layout::PieceRole::Queue)
                    && task.produces.iter().any(|p| p.starts_with("queue ")))
        })
    }

    fn ordering(&self, out: &mut Vec<AnswerAmbiguity>) {
        let tasks = &self.session.tasks;
        // The first few of each layer are enough: this is one remark, not an audit.
        let of = |layer: Layer| -> Vec<usize> {
            (0..tasks.len())
                .filter(|&i| layers::of_task(&tasks[i]) == layer)
                .take(5)
                .collect()
        };
        let (types, schema) = (of(Layer::Types), of(Layer::Schema));
        if types.is_empty() || schema.is_empty() {
            return;
        }
        let index: HashMap<TaskId, usize> =
            tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        for &i in &types {
            let Some(&j) = schema
                .iter()
                .find(|&&j| !self.path(&index, i, j) && !self.path(&index, j, i))
            else {
                continue;
            };
            let (a, b) = (i.min(j) + 1, i.max(j) + 1);
            out.push(amb(
                AmbiguityCategory::OrderingAlternative,
                format!("Tasks {a} and {b} (types and schema) do not depend on each other: either can come first, or both at once"),
                "If the types and the tables drift apart, code compiles against fields the database does not have.".to_string(),
                "Decide which one is the source of truth for field names and make the other depend on it, or keep them parallel and review them together.".to_string(),
                vec![a as u32, b as u32],
            ));
            return;
        }
    }

    /// Does task `from` depend (transitively) on task `to` (positions)?
    fn path(&self, index: &HashMap<TaskId, usize>, from: usize, to: usize) -> bool {
        let tasks = &self.session.tasks;
        let mut seen = vec![false; tasks.len()];
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if i == to {
                return true;
            }
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(
                tasks[i]
                    .depends_on
                    .iter()
                    .filter_map(|d| index.get(&d.on).copied()),
            );
        }
        false
    }
}

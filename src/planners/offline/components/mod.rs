//! The offline decomposition's building blocks: which pieces a feature needs
//! (types, a migration, a repository per stored thing, rules, a signer,
//! background jobs, an event dispatcher, API routes, alerts, log hygiene, an
//! end-to-end test), each as a draft task named after the feature, placed in
//! the folders the context uses, and described in terms of the names the
//! other drafts produce, so that dependencies can be read off the text.
use crate::plan::RequirementId;

mod background;
mod closing;
mod data;
mod names;
mod services;
mod surface;

use super::layers::Layer;
use super::layout::{Layout, PieceRole};
use super::spec::{Req, SpecFacts, Trait};
use super::tech::Role;
use super::text::{and_list, kebab, pascal, plural, shorten, singular, snake};
use names::Names;

/// A task before it has a number, dependencies and verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub layer: Layer,
    pub title: String,
    pub description: String,
    pub produces: Vec<String>,
    pub covers: Vec<RequirementId>,
    /// Words naming the unit under test (`["webhook", "signer"]`).
    pub unit: Vec<String>,
    /// What its test must show, when the spec gives specifics.
    pub check: Option<String>,
}

fn ws(parts: &[&str]) -> Vec<String> {
    parts
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(str::to_string)
        .collect()
}

fn code(name: &str) -> String {
    format!("`{name}`")
}

fn ids<'a>(reqs: impl IntoIterator<Item = &'a Req>) -> Vec<RequirementId> {
    let mut out: Vec<RequirementId> = Vec::new();
    for r in reqs {
        if !out.contains(&r.id) {
            out.push(r.id.clone());
        }
    }
    out
}

fn id_list(ids: &[RequirementId]) -> String {
    and_list(&ids.iter().map(|i| i.to_string()).collect::<Vec<_>>())
}

/// An entity's words: a one-word thing gets the feature in front (`webhook
/// endpoint`) unless it is the feature; a two-word thing stands as it is
/// (`payment method`).
fn entity_words(feature: &[String], e: &str) -> Vec<String> {
    let own: Vec<String> = e.split_whitespace().map(str::to_string).collect();
    if own.len() > 1 || feature.first().is_some_and(|f| f == e) {
        own
    } else {
        feature.iter().cloned().chain(own).collect()
    }
}

/// "a delivery", "an endpoint".
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

struct Builder<'a> {
    facts: &'a SpecFacts,
    layout: &'a Layout,
    names: Names,
    out: Vec<Draft>,
    /// Steps of the end-to-end test, with their place in the flow.
    flow: Vec<(u8, String)>,
    /// The class that formats output, once made.
    formatter: Option<String>,
}

/// Every draft the spec calls for, in the order they were thought of (the
/// caller orders them by layer and need).
///
/// How much is built depends on what the documents pin down. When the
/// context describes the existing system (it names the folders and files the
/// code lives in), every piece is proposed, placed in that system. When it
/// does not, only what the spec itself settles is: the types, tables and
/// repositories of the entities the spec lists (in the detected stack's
/// usual folders), a signer for an algorithm it names, clients for services
/// it names and its own commands. Queues, jobs, dispatchers, alerts, logging,
/// load and end-to-end tests would be guesses about a system nobody
/// described, and the requirements they would cover stay drafts.
pub fn drafts(facts: &SpecFacts, layout: &Layout) -> Vec<Draft> {
    let described = !layout.paths.is_empty();
    let settled;
    let facts = if described || facts.declared {
        facts
    } else {
        settled = facts.without_entities();
        &settled
    };
    let mut b = Builder {
        facts,
        layout,
        names: names::decide(facts, layout),
        out: Vec::new(),
        flow: Vec::new(),
        formatter: None,
    };
    b.types();
    b.migration();
    b.repositories();
    // A signature over a request the spec names the header of is settled;
    // "sign" or "hash" alone is not.
    if described || facts.with(Trait::Crypto).any(|r| header(&r.text).is_some()) {
        b.signer();
    }
    b.clients(described);
    if described {
        b.rules();
        b.queue_setup();
        b.job();
        b.dispatcher();
        b.renderers();
        b.registration_apis();
        b.read_apis();
    }
    b.commands();
    if described {
        b.alerts();
        b.logging();
        b.performance();
        b.end_to_end();
    }
    b.out
}

fn has_database(facts: &SpecFacts, layout: &Layout) -> bool {
    layout.tech(Role::Database).is_some()
        || layout.tech(Role::Orm).is_some()
        || layout.knows(Layer::Schema)
        || facts
            .reqs
            .iter()
            .any(|r| r.words.iter().any(|w| w == "database" || w == "table"))
}

/// Requirements that put rules on a stored thing: a limit that counts it
/// (`at most 5 payment methods`), or validation of it.
fn rule_reqs<'a>(facts: &'a SpecFacts, e: &'a str) -> impl Iterator<Item = &'a Req> + 'a {
    let head = e.split_whitespace().next().unwrap_or(e).to_string();
    facts.reqs.iter().filter(move |r| {
        let counted = r.has(Trait::Limit) && r.quantities.iter().any(|q| q.unit == head);
        r.entities.iter().any(|x| x == e) && (counted || r.has(Trait::Validate))
    })
}

fn crypto_noun(facts: &SpecFacts) -> &'static str {
    let all: Vec<&String> = facts
        .with(Trait::Crypto)
        .flat_map(|r| r.words.iter())
        .collect();
    if all
        .iter()
        .any(|w| ["sign", "signed", "signs", "signature", "hmac", "jwt"].contains(&w.as_str()))
    {
        "signer"
    } else if all.iter().any(|w| w.starts_with("encrypt")) {
        "encryption"
    } else {
        "hasher"
    }
}

fn needs_job(facts: &SpecFacts) -> bool {
    facts
        .reqs
        .iter()
        .any(|r| r.has(Trait::Background) && !r.has(Trait::Notify))
}

fn job_noun(facts: &SpecFacts) -> &'static str {
    if facts.any(Trait::Outbound) {
        "delivery"
    } else if facts.any(Trait::Schedule) {
        "schedule"
    } else {
        "worker"
    }
}

/// The first token of `text` that looks like a header name (`X-Signature`).
fn header(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ':' | ';'))
        .find(|t| t.len() > 2 && t.starts_with("X-"))
        .map(str::to_string)
}

/// The first algorithm name in `text` (`HMAC-SHA256`, `AES-256`).
fn algorithm(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ':' | ';' | '(' | ')'))
        .map(|t| t.trim_end_matches('.'))
        .find(|t| {
            let up = t.to_uppercase();
            // `SHA256`, `SHA-1`, but not the word "SHALL".
            let sha = up.strip_prefix("SHA").is_some_and(|r| {
                r.trim_start_matches('-')
                    .starts_with(|c: char| c.is_ascii_digit())
            });
            sha || [
                "HMAC", "AES", "RSA", "JWT", "ED25519", "BCRYPT", "ARGON2", "SCRYPT", "PBKDF2",
            ]
            .iter()
            .any(|a| {
                up.strip_prefix(a)
                    .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphabetic()))
            })
        })
        .map(str::to_string)
}

fn seconds_unit(u: &str) -> bool {
    [
        "s",
        "sec",
        "second",
        "ms",
        "millisecond",
        "minute",
        "min",
        "hour",
        "h",
        "day",
        "d",
    ]
    .contains(&u)
}

/// "3 times", "5 s", "1 day", "5 days".
fn amount(v: f64, unit: &str) -> String {
    let unit = if v != 1.0 && unit.len() > 2 {
        plural(unit)
    } else {
        unit.to_string()
    };
    format!("{} {unit}", fmt_number(v))
}

/// Verbs a schedule requirement starts its action with.
fn is_verb_word(w: &str) -> bool {
    [
        "generate", "send", "charge", "create", "compute", "export", "sync", "import", "clean",
        "delete", "archive", "bill", "run", "refresh", "rebuild", "email", "notify", "publish",
    ]
    .contains(&w)
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Builder<'_> {
    fn push(&mut self, d: Draft) {
        self.out.push(d);
    }

    fn orm(&self) -> String {
        self.layout
            .tech(Role::Orm)
            .map_or(String::new(), |t| format!("{} ", t.name))
    }
}

/// `text` as the end of a sentence: a full stop unless it already ends with one or with `…`.
fn end(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '…', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

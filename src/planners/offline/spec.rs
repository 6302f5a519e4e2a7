//! What the offline rules read from the spec: the feature's name, and for
//! each requirement its traits (stores data, runs in the background, sends
//! email, ...), the things it stores, the events it names and the quantities
//! it gives.
use std::collections::BTreeSet;

use crate::plan::{RequirementId, Session};

use super::tech::{self, Tech};
use super::text::{STOP, has_any_word, has_phrase, singular, split_ident, words};

/// What a requirement asks for, as far as the plan's shape is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trait {
    /// Data is kept: stored, saved, persisted, retained.
    Store,
    /// A user creates something the system keeps: registers, creates, adds.
    Register,
    /// Something is read back or shown.
    Read,
    /// It is reached over an HTTP API or a web page.
    Api,
    /// It is a command-line command or flag.
    Cli,
    /// It runs in the background: retries, queues, schedules, not blocking.
    Background,
    /// It is a schedule (daily, monthly, cron).
    Schedule,
    /// It calls out to another system over HTTP.
    Outbound,
    /// It reacts to or emits events.
    Events,
    /// It signs, hashes or encrypts.
    Crypto,
    /// It caps a number (at most, up to, limit).
    Limit,
    /// It validates or rejects input.
    Validate,
    /// It emails or alerts a person.
    Notify,
    /// It is about logs, metrics or secrets in them.
    Logging,
    /// It is about speed or load.
    Performance,
    /// It produces a file or a formatted output.
    Format,
}

const STORE: &[&str] = &[
    "store",
    "stored",
    "stores",
    "storing",
    "persist",
    "persisted",
    "persists",
    "save",
    "saved",
    "saves",
    "recorded",
    "history",
    "retain",
    "retained",
    "kept",
    "database",
    "table",
];
const REGISTER: &[&str] = &[
    "register",
    "registers",
    "create",
    "creates",
    "add",
    "adds",
    "subscribe",
    "subscribes",
    "upload",
    "uploads",
    "submit",
    "submits",
];
const READ: &[&str] = &[
    "read",
    "list",
    "lists",
    "view",
    "views",
    "download",
    "downloads",
    "fetch",
    "query",
    "show",
    "shows",
    "see",
    "browse",
    "search",
];
const API: &[&str] = &[
    "api",
    "route",
    "routes",
    "rest",
    "graphql",
    "admin",
    "dashboard",
    "page",
    "ui",
    "http",
];
const CLI: &[&str] = &[
    "command",
    "subcommand",
    "cli",
    "flag",
    "flags",
    "stdout",
    "stderr",
    "terminal",
    "prints",
    "argument",
];
const BACKGROUND: &[&str] = &[
    "retry",
    "retried",
    "retries",
    "retrying",
    "backoff",
    "queue",
    "queued",
    "background",
    "async",
    "asynchronous",
    "asynchronously",
    "job",
    "jobs",
    "worker",
    "workers",
    "later",
];
const SCHEDULE: &[&str] = &[
    "daily",
    "nightly",
    "hourly",
    "weekly",
    "monthly",
    "cron",
    "scheduled",
    "schedule",
    "every",
];
const OUTBOUND: &[&str] = &[
    "post",
    "webhook",
    "webhooks",
    "callback",
    "callbacks",
    "header",
    "outbound",
    "request",
];
const EVENTS: &[&str] = &[
    "emit",
    "emits",
    "emitted",
    "publish",
    "publishes",
    "published",
    "fires",
    "fired",
    "trigger",
    "triggers",
    "triggered",
];
const CRYPTO: &[&str] = &[
    "sign",
    "signed",
    "signs",
    "signature",
    "hmac",
    "hash",
    "hashed",
    "encrypt",
    "encrypted",
    "checksum",
    "jwt",
    "sha256",
];
const LIMIT: &[&str] = &[
    "limit", "limits", "maximum", "max", "cap", "capped", "quota", "rate",
];
const VALIDATE: &[&str] = &[
    "validate",
    "validated",
    "validates",
    "validation",
    "reject",
    "rejected",
    "rejects",
    "invalid",
    "valid",
];
const NOTIFY: &[&str] = &[
    "email",
    "emails",
    "emailed",
    "alert",
    "alerts",
    "alerted",
    "notify",
    "notified",
    "notification",
    "notifications",
    "sms",
    "slack",
    "receipt",
];
const LOGGING: &[&str] = &[
    "log",
    "logs",
    "logged",
    "logging",
    "metric",
    "metrics",
    "monitor",
    "monitoring",
    "trace",
    "audit",
];
const PERFORMANCE: &[&str] = &[
    "latency",
    "throughput",
    "fast",
    "faster",
    "p95",
    "p99",
    "ms",
    "milliseconds",
    "load",
];
const FORMAT: &[&str] = &[
    "pdf", "csv", "markdown", "format", "formats", "export", "exports", "report",
];

/// A number the text gives, with its unit or the thing counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// The word after the number, singular (`endpoint`, `time`, `s`, `day`).
    pub unit: String,
    /// The words just before it (`at most`, `up to`), for telling limits apart.
    pub before: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    pub id: RequirementId,
    pub text: String,
    pub words: Vec<String>,
    pub traits: BTreeSet<Trait>,
    /// The things the plan stores that this requirement names (singular).
    pub entities: Vec<String>,
    pub quantities: Vec<Quantity>,
    /// Values listed in parentheses after a word: `status (pending, delivered, failed)`.
    pub enums: Vec<(String, Vec<String>)>,
}

impl Req {
    pub fn has(&self, t: Trait) -> bool {
        self.traits.contains(&t)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpecFacts {
    /// The feature's name, as words (`["webhook"]`).
    pub feature: Vec<String>,
    pub reqs: Vec<Req>,
    /// Things the plan stores, singular, in order of first mention.
    pub entities: Vec<String>,
    /// Event names such as `order.created`.
    pub events: Vec<String>,
    /// The entities that are kept somewhere the plan has to build (a table,
    /// a store): a listed entity whose description says it is stored (and
    /// not that it never is); every entity read off the requirements.
    pub stored: Vec<String>,
    /// The spec lists its entities itself (a "Key Entities" or data model
    /// section), rather than their being read off the requirements.
    pub declared: bool,
    /// Technologies the spec names.
    pub techs: Vec<&'static Tech>,
}

impl SpecFacts {
    pub fn read(session: &Session) -> SpecFacts {
        let spec = &session.spec;
        let lines: Vec<&str> = spec.text.lines().collect();
        let mut reqs: Vec<Req> = spec
            .requirements
            .iter()
            .map(|r| requirement(&r.id, &as_written(&lines, r)))
            .collect();
        let entities = entities_of(spec, &reqs);
        for r in &mut reqs {
            let singular_text: String = r
                .words
                .iter()
                .map(|w| singular(w))
                .collect::<Vec<_>>()
                .join(" ");
            r.entities = entities
                .iter()
                .filter(|e| has_phrase(&singular_text, e))
                .cloned()
                .collect();
        }
        let feature = feature_name(&session.title, &spec.text, &spec.context, &reqs);
        let stored = stored_entities(spec, &entities);
        SpecFacts {
            feature,
            reqs,
            entities,
            events: if words(&spec.text)
                .iter()
                .any(|w| w == "event" || w == "events")
            {
                event_names(&spec.text)
            } else {
                Vec::new()
            },
            stored,
            declared: !spec.entities.is_empty(),
            techs: tech::named_in(&spec.text),
        }
    }

    /// The same facts with no stored things: what is left when the
    /// entities were only guessed from the requirements' wording.
    pub fn without_entities(&self) -> SpecFacts {
        let mut f = self.clone();
        f.entities.clear();
        f.stored.clear();
        for r in &mut f.reqs {
            r.entities.clear();
        }
        f
    }

    pub fn any(&self, t: Trait) -> bool {
        self.reqs.iter().any(|r| r.has(t))
    }

    pub fn with(&self, t: Trait) -> impl Iterator<Item = &Req> {
        self.reqs.iter().filter(move |r| r.has(t))
    }
}

fn requirement(id: &RequirementId, text: &str) -> Req {
    let ws = words(text);
    let mut traits = BTreeSet::new();
    let table: [(&[&str], Trait); 15] = [
        (STORE, Trait::Store),
        (REGISTER, Trait::Register),
        (READ, Trait::Read),
        (API, Trait::Api),
        (CLI, Trait::Cli),
        (BACKGROUND, Trait::Background),
        (OUTBOUND, Trait::Outbound),
        (EVENTS, Trait::Events),
        (CRYPTO, Trait::Crypto),
        (LIMIT, Trait::Limit),
        (VALIDATE, Trait::Validate),
        (NOTIFY, Trait::Notify),
        (LOGGING, Trait::Logging),
        (PERFORMANCE, Trait::Performance),
        (FORMAT, Trait::Format),
    ];
    for (list, t) in table {
        if has_any_word(&ws, list) {
            traits.insert(t);
        }
    }
    if has_any_word(&ws, SCHEDULE)
        && (has_phrase(text, "every day")
            || has_phrase(text, "every month")
            || has_phrase(text, "every week")
            || has_phrase(text, "every hour")
            || ws.iter().any(|w| SCHEDULE[..6].contains(&w.as_str())))
    {
        traits.insert(Trait::Schedule);
        traits.insert(Trait::Background);
    }
    if has_phrase(text, "not block")
        || has_phrase(text, "non blocking")
        || has_phrase(text, "in the background")
    {
        traits.insert(Trait::Background);
    }
    if has_phrase(text, "at most") || has_phrase(text, "up to") || has_phrase(text, "no more than")
    {
        traits.insert(Trait::Limit);
    }
    if !event_names(text).is_empty()
        || has_phrase(text, "event occurs")
        || has_phrase(text, "caused the event")
    {
        traits.insert(Trait::Events);
    }
    let timed =
        |q: &Quantity| ["s", "ms", "second", "millisecond", "minute"].contains(&q.unit.as_str());
    let bound = |q: &Quantity| {
        ["under", "within", "less than", "below", "at most"]
            .iter()
            .any(|b| q.before.ends_with(b))
    };
    if !traits.contains(&Trait::Background) && quantities(text).iter().any(|q| timed(q) && bound(q))
    {
        traits.insert(Trait::Performance);
    }
    if text.contains("--") || text.contains("exit code") {
        traits.insert(Trait::Cli);
    }
    // "POST" as the HTTP verb, not "post" as a noun.
    if !text.contains("POST")
        && !has_any_word(
            &ws,
            &[
                "webhook",
                "webhooks",
                "callback",
                "callbacks",
                "header",
                "outbound",
            ],
        )
    {
        traits.remove(&Trait::Outbound);
    }
    // "retry" counts as background work only when something is retried, not when an alert follows the retries.
    if traits.contains(&Trait::Notify)
        && !has_phrase(text, "not block")
        && !traits.contains(&Trait::Schedule)
    {
        traits.remove(&Trait::Background);
    }
    Req {
        id: id.clone(),
        text: text.to_string(),
        words: ws,
        traits,
        entities: Vec::new(),
        quantities: quantities(text),
        enums: enums(text),
    }
}

/// Things a requirement says are stored or created: the word after a
/// register-like verb (`register at most 10 endpoints`), after `each`/`every`
/// (`Each delivery has a status ... stored`), or the subject of a store-like
/// verb (`Invoices must be stored`).
/// The things the plan's types and tables are named after: the spec's own
/// entities when it lists them; otherwise the things requirements store or
/// register, when they can name something (no fragment of a sentence) and
/// at least two requirements are about them.
fn entities_of(spec: &crate::plan::Spec, reqs: &[Req]) -> Vec<String> {
    if !spec.entities.is_empty() {
        let mut out: Vec<String> = Vec::new();
        for e in &spec.entities {
            let name: Vec<String> = words(&e.name).iter().map(|w| singular(w)).collect();
            let name = name.join(" ");
            if !name.is_empty() && super::truth::can_name(&name) && !out.contains(&name) {
                out.push(name);
            }
        }
        return out;
    }
    let mut out: Vec<String> = Vec::new();
    for r in reqs {
        for e in stored_things(r) {
            if !out.contains(&e) && super::truth::can_name(&e) {
                out.push(e);
            }
        }
    }
    out.retain(|e| {
        reqs.iter()
            .filter(|r| {
                let singular_text: String = r
                    .words
                    .iter()
                    .map(|w| singular(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                has_phrase(&singular_text, e)
            })
            .count()
            >= 2
    });
    out
}

/// The entities the plan has to store: with a listed entity, only those
/// whose description says they are stored, saved, persisted or kept in a
/// database or table (and does not say they never are); every entity read
/// off the requirements, which were found because they are stored.
fn stored_entities(spec: &crate::plan::Spec, entities: &[String]) -> Vec<String> {
    if spec.entities.is_empty() {
        return entities.to_vec();
    }
    let mut out = Vec::new();
    for e in &spec.entities {
        let name: Vec<String> = words(&e.name).iter().map(|w| singular(w)).collect();
        let name = name.join(" ");
        if !entities.contains(&name) || out.contains(&name) {
            continue;
        }
        let d = e.description.to_lowercase();
        let never = [
            "never stored",
            "not stored",
            "never persisted",
            "not persisted",
            "only computed",
            "in-memory only",
            "in memory only",
            "never saved",
            "not saved",
        ]
        .iter()
        .any(|n| d.contains(n));
        let kept = words(&d).iter().any(|w| {
            [
                "stored",
                "persisted",
                "saved",
                "database",
                "table",
                "row",
                "rows",
                "record",
                "records",
                "collection",
            ]
            .contains(&w.as_str())
        });
        if kept && !never {
            out.push(name);
        }
    }
    out
}

fn stored_things(r: &Req) -> Vec<String> {
    let mut out = Vec::new();
    let ws = &r.words;
    let skippable = |w: &str| STOP.contains(&w) || w.chars().all(|c| c.is_ascii_digit());
    let noun_after = |i: usize| {
        (i + 1..ws.len())
            .find(|&j| !skippable(&ws[j]))
            .and_then(|j| noun_phrase(ws, j))
    };
    if r.has(Trait::Register) {
        for (i, w) in ws.iter().enumerate() {
            if REGISTER.contains(&w.as_str())
                && let Some(n) = noun_after(i)
            {
                out.push(n);
            }
        }
    }
    if r.has(Trait::Store) {
        for (i, w) in ws.iter().enumerate() {
            if (w == "each" || w == "every")
                && let Some(n) = noun_phrase(ws, i + 1)
            {
                out.push(n);
            }
        }
        if out.is_empty()
            && let Some(first) = ws.iter().find(|w| !skippable(w))
        {
            let n = singular(first);
            if is_thing(&n) && !REGISTER.contains(&first.as_str()) && !is_verb(first) {
                out.push(n);
            }
        }
    }
    out.dedup();
    out
}

/// The thing named at `ws[j]`, singular: one word, or two when the first is
/// singular and the second reads as a noun (`payment methods` → `payment method`).
fn noun_phrase(ws: &[String], j: usize) -> Option<String> {
    let first = ws.get(j)?;
    let one = singular(first);
    if !is_thing(&one) {
        return None;
    }
    const NOT_NOUNS: &[&str] = &[
        "has", "have", "had", "was", "were", "gets", "get", "carries", "per", "via", "after",
        "before", "through", "during", "using", "without", "within", "until", "unless", "does",
        "did",
    ];
    if let Some(next) = ws.get(j + 1)
        && one == *first
        && is_thing(next)
        && !NOT_NOUNS.contains(&next.as_str())
        && !next.ends_with("ing")
        && !next.ends_with("ed")
    {
        return Some(format!("{one} {}", singular(next)));
    }
    Some(one)
}

/// Words that start an imperative requirement rather than name a thing.
fn is_verb(w: &str) -> bool {
    const VERBS: &[&str] = &[
        "emit",
        "send",
        "generate",
        "charge",
        "retry",
        "store",
        "allow",
        "let",
        "provide",
        "support",
        "keep",
        "record",
        "show",
        "display",
        "export",
        "import",
        "notify",
        "alert",
        "sign",
        "validate",
        "reject",
        "log",
        "return",
        "accept",
        "compute",
        "calculate",
        "delete",
        "remove",
        "update",
        "write",
        "read",
        "print",
        "run",
    ];
    VERBS.contains(&w)
}

fn is_thing(w: &str) -> bool {
    w.len() > 2 && w.chars().all(char::is_alphabetic) && !STOP.contains(&w) && !is_verb(w)
}

/// Numbers with the word after them: `10 endpoints`, `5 s`, `3 times`, `7 years`.
fn quantities(text: &str) -> Vec<Quantity> {
    let ws: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let t = w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
        let t = t.trim_end_matches('.');
        let digits: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let Ok(value) = digits.parse::<f64>() else {
            continue;
        };
        let glued = t[digits.len()..].to_lowercase();
        let unit = if !glued.is_empty() && glued.chars().all(char::is_alphabetic) {
            glued
        } else {
            ws.get(i + 1)
                .map(|u| {
                    u.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .unwrap_or_default()
        };
        let before = ws[i.saturating_sub(2)..i].join(" ").to_lowercase();
        out.push(Quantity {
            value,
            unit: singular(&unit),
            before,
        });
    }
    out
}

/// `status (pending, delivered, failed)` → ("status", [pending, delivered, failed]).
fn enums(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        let before = words(&rest[..open]);
        let parts: Vec<String> = inside
            .split([',', '/', '|'])
            .map(|p| p.trim().trim_matches('`').to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let simple = parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && p.chars().any(char::is_alphabetic)
        });
        if parts.len() >= 2
            && simple
            && let Some(name) = before.last()
        {
            out.push((name.clone(), parts));
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// Dotted lower-case names in backticks or plain text: `order.created`.
fn event_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ';' | '(' | ')')) {
        let t = raw.trim_end_matches(['.', ':']);
        let parts: Vec<&str> = t.split('.').collect();
        let ok = parts.len() == 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            && parts[0].len() >= 3
            && (parts[1].ends_with("ed") || parts[1].ends_with("_at"))
            && !["e.g", "i.e"].contains(&t);
        if ok && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// The feature's name: a word from the title (or the spec's first heading)
/// that the existing system's description does not use, preferring the one
/// the spec repeats most; else the most frequent stored thing.
fn feature_name(title: &str, spec: &str, context: &str, reqs: &[Req]) -> Vec<String> {
    let heading = spec
        .lines()
        .find_map(|l| l.trim().strip_prefix("# "))
        .unwrap_or("");
    let context_words: BTreeSet<String> = words(context)
        .iter()
        .flat_map(|w| split_ident(w))
        .map(|w| singular(&w))
        .collect();
    let spec_words: Vec<String> = words(spec).iter().map(|w| singular(w)).collect();
    let generic = [
        "feature",
        "system",
        "support",
        "api",
        "service",
        "new",
        "add",
        "adding",
        "outbound",
        "inbound",
        "spec",
        "specification",
        "for",
        "the",
        "and",
        "with",
        "plan",
        "project",
        "session",
        "untitled",
        "command",
        // What a document calls itself, not what it is about.
        "requirement",
        "prd",
        "document",
        "overview",
        "rfc",
        "proposal",
        "design",
        "brief",
        "product",
        "story",
        "epic",
        "mvp",
        "draft",
        "summary",
        "introduction",
        "task",
        "phase",
        "milestone",
        "version",
        "readme",
        "note",
        "implementation",
        "technical",
        "functional",
    ];
    let mut best: Option<(usize, String)> = None;
    for source in [heading, title] {
        for w in words(source) {
            let s = singular(&w);
            if s.len() < 3
                || generic.contains(&s.as_str())
                || STOP.contains(&s.as_str())
                || context_words.contains(&s)
                || !s.chars().all(char::is_alphabetic)
            {
                continue;
            }
            let n = spec_words.iter().filter(|x| **x == s).count();
            if n == 0 {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| n > *b) {
                best = Some((n, s));
            }
        }
        if best.is_some() {
            break;
        }
    }
    if let Some((_, w)) = best {
        return vec![w];
    }
    let mut counts: Vec<(usize, String)> = Vec::new();
    for r in reqs {
        for e in &r.entities {
            match counts.iter_mut().find(|(_, w)| w == e) {
                Some(c) => c.0 += 1,
                None => counts.push((1, e.clone())),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    vec![
        counts
            .first()
            .map_or("feature".to_string(), |c| c.1.clone()),
    ]
}

/// A requirement's text as the spec writes it, with its markup (code ticks
/// name commands and identifiers); its read text when the two do not match.
fn as_written(lines: &[&str], r: &crate::plan::Requirement) -> String {
    let Some(first_word) = r.text.split_whitespace().next() else {
        return r.text.clone();
    };
    let Some(line) = r.line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return r.text.clone();
    };
    let indent = line.len() - line.trim_start().len();
    let mut written = String::new();
    for (k, l) in lines[r.line - 1..].iter().enumerate() {
        if k > 0 && (l.trim().is_empty() || l.len() - l.trim_start().len() <= indent) {
            break;
        }
        if !written.is_empty() {
            written.push(' ');
        }
        written.push_str(l.trim());
    }
    // Start where the text starts (after the list marker and label), even
    // when its first word is wrapped in markup.
    let start = written
        .match_indices(first_word)
        .map(|(i, _)| i)
        .chain(
            written
                .match_indices(&format!("`{first_word}"))
                .map(|(i, _)| i),
        )
        .chain(
            written
                .match_indices(&format!("*{first_word}"))
                .map(|(i, _)| i),
        )
        .min();
    match start {
        Some(i) if crate::plan::reader::strip_markup(&written[i..]) == r.text => {
            written[i..].to_string()
        }
        _ => r.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_enums_and_events() {
        let q =
            quantities("retried up to 3 times, waiting 5 s, 25 s and 125s; at most 10 endpoints");
        let got: Vec<(f64, &str)> = q.iter().map(|q| (q.value, q.unit.as_str())).collect();
        assert_eq!(
            got,
            [
                (3.0, "time"),
                (5.0, "s"),
                (25.0, "s"),
                (125.0, "s"),
                (10.0, "endpoint")
            ]
        );
        assert_eq!(q[4].before, "at most");
        assert_eq!(
            enums("a status (pending, delivered, failed) that"),
            [(
                "status".to_string(),
                vec!["pending".into(), "delivered".into(), "failed".into()]
            )]
        );
        assert!(enums("(e.g. this)").is_empty());
        assert_eq!(
            event_names("for `order.created`, `order.updated` and e.g. payment.failed."),
            ["order.created", "order.updated", "payment.failed"]
        );
    }
}

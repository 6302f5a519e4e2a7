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

use crate::plan::{AmbiguityCategory, RiskLevel, Session};
use crate::planners::answer::AnswerAmbiguity;

use super::layout::Layout;
use super::spec::{Req, SpecFacts, Trait};
use super::tech::{self, Role, Tech};
use super::text::{STOP, has_phrase, mentions, plural, singular, split_ident, words};

pub fn detect(session: &Session, facts: &SpecFacts, layout: &Layout) -> Vec<AnswerAmbiguity> {
    let d = Detector {
        session,
        facts,
        layout,
    };
    let mut out = Vec::new();
    d.spec_questions(&mut out);
    d.contradictions(&mut out);
    d.conflicts(&mut out);
    d.timeouts(&mut out);
    d.validation(&mut out);
    d.limits(&mut out);
    d.retention(&mut out);
    d.time_zones(&mut out);
    d.payload_fields(&mut out);
    if !session.spec.context.trim().is_empty() {
        // What the plan takes for granted about the existing system can only
        // be questioned against a description of it.
        d.possessions(&mut out);
        d.recipients(&mut out);
        d.existing(&mut out);
    }
    if !session.spec.context.trim().is_empty() {
        // An outage plan is asked for the services the described system
        // runs on (and those the spec adds to it), not for names a spec
        // alone mentions in passing.
        d.outside_services(&mut out);
    }
    let mut seen = BTreeSet::new();
    out.retain(|a| seen.insert(a.summary.to_lowercase()));
    quoted(out, session)
}

/// Each ambiguity with the words of the documents it is about: one that does
/// not quote them gets the text of the first requirement it names; one that
/// can quote nothing is left out (it would be a template question).
fn quoted(found: Vec<AnswerAmbiguity>, session: &Session) -> Vec<AnswerAmbiguity> {
    let docs = plain(&format!("{}\n{}", session.spec.text, session.spec.context));
    found
        .into_iter()
        .filter_map(|mut a| {
            if quotes_documents(&a.summary, &docs) {
                return Some(a);
            }
            let r = session.spec.requirements.iter().find(|r| {
                a.summary
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '(' | ')'))
                    .any(|w| w == r.id.as_str())
            })?;
            let quote = quotable(&r.text, &a.summary, &docs)?;
            a.summary = format!("{} ({}: {quote})", a.summary, r.id);
            Some(a)
        })
        .collect()
}

/// Whether `summary` quotes (in double quotes) at least two words that the
/// documents contain as written.
fn quotes_documents(summary: &str, docs: &str) -> bool {
    summary.split('"').skip(1).step_by(2).any(|q| {
        let q = plain(q);
        q.split_whitespace().count() >= 2 && docs.contains(&q)
    })
}

/// Lower-case words only, for finding a quote in the documents.
fn plain(s: &str) -> String {
    let mapped: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The longer words of a text that are not about every edge case ("what",
/// "happens", "system", "handle"), singular.
fn distinctive(text: &str) -> BTreeSet<String> {
    const COMMON: &[&str] = &[
        "happens", "system", "handle", "handles", "user", "users", "attempt", "attempts", "should",
        "would",
    ];
    words(text)
        .into_iter()
        .filter(|w| w.len() > 4 && !STOP.contains(&w.as_str()) && !COMMON.contains(&w.as_str()))
        .map(|w| singular(&w))
        .collect()
}

/// The nouns around a quantity in a requirement: up to five words before
/// the number and two after its unit, without the words every requirement
/// uses.
fn subject(r: &Req, q: &super::spec::Quantity) -> BTreeSet<String> {
    const GENERIC: &[&str] = &[
        "system", "must", "shall", "should", "will", "user", "users", "maximum", "minimum",
        "least", "most", "within", "under", "less", "more", "than", "up", "allow", "support",
        "length", "size", "limit", "number", "total", "count", "enforce", "display", "show",
        "first",
    ];
    let ws = &r.words;
    let keep = |w: &String| {
        w.len() > 3
            && !STOP.contains(&w.as_str())
            && !GENERIC.contains(&w.as_str())
            && !w.chars().any(|c| c.is_ascii_digit())
    };
    // What the requirement is about ("Easy difficulty ...") tells parallel
    // cases apart.
    let mut out: BTreeSet<String> = ws
        .iter()
        .filter(|w| keep(w))
        .take(2)
        .map(|w| singular(w))
        .collect();
    for i in 0..ws.len() {
        let value = ws[i].replace(',', "").parse::<f64>().ok();
        if value != Some(q.value) || ws.get(i + 1).is_none_or(|u| singular(u) != q.unit) {
            continue;
        }
        for w in ws[i.saturating_sub(5)..i]
            .iter()
            .chain(ws[i + 2..(i + 4).min(ws.len())].iter())
        {
            if keep(w) {
                out.insert(singular(w));
            }
        }
    }
    out
}

/// The sentences (and clauses after `;` or `:`) of `text`: split where
/// the mark is followed by a space, so `order.created` stays whole.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let mark = matches!(c, '.' | '!' | '?' | ';' | ':');
        let ends = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if mark && ends {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A sentence of a requirement that the documents contain as written, in
/// quotes (cut at 16 words, the cut marked outside the quotes): the one that
/// shares most words with what the ambiguity says, else the first.
fn quotable(text: &str, summary: &str, docs: &str) -> Option<String> {
    let topic: BTreeSet<String> = plain(summary)
        .split_whitespace()
        .filter(|w| w.len() >= 4)
        .map(str::to_string)
        .collect();
    let mut best: Option<(usize, Vec<&str>)> = None;
    for sentence in sentences(text) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let words: Vec<&str> = words.into_iter().take(16).collect();
        let p = plain(&words.join(" "));
        if p.split_whitespace().count() < 3 || !docs.contains(&p) {
            continue;
        }
        let shared = p.split_whitespace().filter(|w| topic.contains(*w)).count();
        if best.as_ref().is_none_or(|(b, _)| shared > *b) {
            best = Some((shared, words));
        }
    }
    let (_, words) = best?;
    let cut = text.split_whitespace().count() > words.len();
    let body = words.join(" ");
    let body = body.trim_end_matches(['.', ';', ':', ',']);
    Some(if cut {
        format!("\"{body}\"…")
    } else {
        format!("\"{body}\"")
    })
}

struct Detector<'a> {
    session: &'a Session,
    facts: &'a SpecFacts,
    layout: &'a Layout,
}

impl Detector<'_> {
    /// The sentence of `text` about `topic`, quoted as the documents write it.
    fn quote(&self, text: &str, topic: &str) -> String {
        let docs = plain(&format!(
            "{}\n{}",
            self.session.spec.text, self.session.spec.context
        ));
        quotable(text, topic, &docs).unwrap_or_else(|| {
            let words: Vec<&str> = text.split_whitespace().take(14).collect();
            format!("\"{}\"", words.join(" ").trim_end_matches('.'))
        })
    }

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
                format!("The spec leaves {} open: \"{}\"", q.reference(), q.text.trim()),
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
        // Edge cases the spec asks about without answering ("What happens
        // when the file is locked?"), unless one of its open questions
        // already asks the same.
        // or a requirement already settles (its words are the edge case's).
        let asked: Vec<BTreeSet<String>> = spec
            .questions
            .iter()
            .map(|q| distinctive(&q.text))
            .chain(spec.requirements.iter().map(|r| distinctive(&r.text)))
            .collect();
        for e in spec.edge_cases.iter().filter(|e| {
            let mine = distinctive(&e.text);
            let repeats = asked.iter().any(|q| {
                let shared = q.intersection(&mine).count();
                shared >= 2 && shared * 2 >= mine.len().min(q.len())
            });
            let later = ["future", "if applicable", "later version"]
                .iter()
                .any(|m| e.text.to_lowercase().contains(m));
            !taken.contains(e.id.as_str())
                && !later
                && e.text.trim_end().ends_with('?')
                && !e.text.contains('→')
                && !e.text.contains("->")
                && !repeats
        }) {
            let mut a = amb(
                AmbiguityCategory::Underspecified,
                format!("The spec asks about an edge case without answering it ({}): \"{}\"", e.reference(), e.text.trim()),
                "Whatever the code happens to do in this case becomes the behaviour, and no test checks it.".to_string(),
                "Say what the system does in this case, so a task can build it and a test can check it.".to_string(),
                self.tasks_about(&e.text),
            );
            a.level = RiskLevel::Medium;
            a.source = e.id.clone();
            out.push(a);
        }
        // Assumptions that something outside the spec holds (a library is
        // installed, a server supports a protocol, a backend handles a
        // case, a choice is "sufficient" or still to be determined) need
        // confirming; a statement of scope ("macOS only", "no undo") does not.
        let to_confirm = |text: &str| {
            let t = text.to_lowercase();
            let leans = [
                "sufficient",
                "determined",
                "tbd",
                "installed",
                "available",
                "supports",
                "handles",
                "correctly",
                "consistently",
                "abused",
                "free-form",
                "compatible",
                "shared",
            ]
            .iter()
            .any(|m| t.contains(m));
            let scope = [
                "no ",
                "not ",
                " only",
                "out of scope",
                "later",
                "mvp",
                "future",
            ]
            .iter()
            .any(|m| t.contains(m));
            leans && !scope
        };
        for x in spec
            .assumptions
            .iter()
            .filter(|x| !taken.contains(x.id.as_str()) && to_confirm(&x.text))
        {
            let mut a = amb(
                AmbiguityCategory::Assumption,
                format!("The spec assumes ({}): \"{}\"", x.reference(), x.text.trim()),
                "If the assumption does not hold in the existing system, the tasks built on it do not work as planned."
                    .to_string(),
                "Confirm it against the existing system, or plan the work that makes it true.".to_string(),
                self.tasks_about(&x.text),
            );
            a.level = RiskLevel::Low;
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

    /// A call the system makes to someone else's server that fails on a
    /// timeout nobody sized. (Sessions and locks that time out are settled
    /// by configuration, not asked about.)
    fn timeouts(&self, out: &mut Vec<AnswerAmbiguity>) {
        if !self.facts.any(Trait::Outbound) {
            return;
        }
        for r in self.facts.reqs.iter().filter(|r| {
            r.has(Trait::Outbound)
                || r.words
                    .iter()
                    .any(|w| ["retried", "retry", "retries"].contains(&w.as_str()))
        }) {
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
            let sentence = after.split(['.', ';']).next().unwrap_or(after);
            let has_rules = sentence.contains(':')
                || [
                    " must ",
                    " only ",
                    " such as",
                    "e.g",
                    " against ",
                    " so that",
                    " that ",
                    " whether ",
                    " using ",
                    " per ",
                    " matching ",
                    " format",
                    " to ensure",
                    "(",
                ]
                .iter()
                .any(|p| sentence.contains(p));
            let passive = lower[..i].trim_end().ends_with(" be")
                || lower[..i].trim_end().ends_with(" is")
                || lower[..i].trim_end().ends_with(" are");
            // Asked only about a single value the system takes in and keeps
            // ("the endpoint URL should be validated"): "validate all input"
            // is a principle, not a question.
            let value = [
                "url",
                "endpoint",
                "address",
                "email",
                "phone",
                "domain",
                "host",
                "hostname",
                "webhook",
                "upload",
                "token",
                "certificate",
            ];
            let about_value = lower[..i]
                .split_whitespace()
                .rev()
                .take(3)
                .any(|w| value.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
            if has_rules || !passive || !about_value {
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

    /// A limit the spec names but gives no number for. A limit that is
    /// configured, someone's own ("their credit limit") or one another
    /// requirement defines is data, not a missing number; and one question
    /// per spec is enough to make the point.
    fn limits(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in self.facts.with(Trait::Limit) {
            let lower = r.text.to_lowercase();
            let owned = [
                "configured",
                "configurable",
                "override",
                "their ",
                "its ",
                "'s ",
                "approved",
                "the limit",
                "that limit",
                "this limit",
                "per-tenant",
                "per tenant",
            ]
            .iter()
            .any(|p| lower.contains(p));
            // A bare title ("Credit Limit Check") says too little to ask about.
            if owned || r.words.len() < 6 {
                continue;
            }
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
                break;
            }
        }
    }

    /// Stored records kept for no stated time. Asked only about things known
    /// to be stored: entities the spec lists as stored, or read off the
    /// requirements of a system the context describes.
    fn retention(&self, out: &mut Vec<AnswerAmbiguity>) {
        if !self.facts.declared && self.layout.paths.is_empty() {
            return;
        }
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
        let kept = |e: &String| self.facts.stored.contains(e);
        let stored: Vec<&Req> = self
            .facts
            .with(Trait::Store)
            .filter(|r| r.entities.iter().any(kept))
            .collect();
        if stored.is_empty() {
            return;
        }
        let mut things: Vec<String> = Vec::new();
        for r in &stored {
            for e in r.entities.iter().filter(|e| kept(e)) {
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
            format!("Nothing says how long {things} are kept ({}: {})", stored[0].id, self.quote(&stored[0].text, &things)),
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
        if [
            "utc",
            "timezone",
            "time zone",
            "local time",
            "local date",
            "tolocaledatestring",
        ]
        .iter()
        .any(|p| all.contains(p))
        {
            return;
        }
        let dated: Vec<&Req> =
            self.facts
                .reqs
                .iter()
                // Where the day starts matters: schedules, daily totals, "today",
                // streaks, deadlines. A date format or a stored creation date
                // does not depend on it.
                .filter(|r| {
                    let excluded = r.words.iter().any(|w| {
                        ["exclude", "excludes", "format", "formats"].contains(&w.as_str())
                    });
                    let lower = r.text.to_lowercase();
                    let calendar = [
                        "of every month",
                        "of each month",
                        "1st",
                        "end of the month",
                        "at midnight",
                        "every day at",
                        "each day at",
                    ]
                    .iter()
                    .any(|p| lower.contains(p));
                    !excluded
                        && (calendar
                            || has_iso_date(&r.text)
                            || r.words.iter().any(|w| {
                                ["midnight", "today", "yesterday", "streak", "streaks"]
                                    .contains(&w.as_str())
                            }))
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

    /// A JSON (CSV, ...) body the system sends or returns without its
    /// fields. A file the system keeps for itself is not asked about.
    fn payload_fields(&self, out: &mut Vec<AnswerAmbiguity>) {
        for r in &self.facts.reqs {
            let exchanged = r.has(Trait::Outbound)
                || r.words.iter().any(|w| {
                    [
                        "payload",
                        "body",
                        "response",
                        "responses",
                        "post",
                        "posts",
                        "send",
                        "sends",
                        "sent",
                        "returns",
                        "return",
                        "export",
                        "exports",
                    ]
                    .contains(&w.as_str())
                });
            if !exchanged {
                continue;
            }
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

    /// Two requirements that cannot both hold: one says a thing happens on
    /// every occasion ("notify on every operation"), the other only on some
    /// ("notify only after the full lifecycle"), about the same word.
    /// "MUST notify on every operation" against "MUST notify only after the
    /// full lifecycle": one requirement does something every time, another
    /// does the same thing only in some cases. The verb is the word after a
    /// "must", "shall", "should" or "will" (past an "always" or "only"), so
    /// the two are about the same action; verbs that say nothing of when
    /// (`be`, `allow`, `support`) are left out, and a verb many requirements
    /// share is too general to set two of them against each other.
    fn contradictions(&self, out: &mut Vec<AnswerAmbiguity>) {
        const MODAL: &[&str] = &["must", "shall", "should", "will"];
        const GENERAL: &[&str] = &[
            "be", "have", "allow", "support", "use", "include", "provide", "ensure", "enable",
            "let", "not", "also", "able", "handle", "work", "maintain", "follow", "meet", "remain",
        ];
        let mut every: HashMap<String, Vec<usize>> = HashMap::new();
        let mut only: HashMap<String, Vec<usize>> = HashMap::new();
        let mut uses: HashMap<String, usize> = HashMap::new();
        for (k, r) in self.facts.reqs.iter().enumerate() {
            let ws = &r.words;
            for (i, w) in ws.iter().enumerate() {
                if !MODAL.contains(&w.as_str()) {
                    continue;
                }
                let mut j = i + 1;
                let mut adverb = None;
                while let Some(x) = ws
                    .get(j)
                    .filter(|x| ["always", "only", "also"].contains(&x.as_str()))
                {
                    adverb = Some(x.clone());
                    j += 1;
                }
                let Some(verb) = ws.get(j).filter(|v| {
                    v.len() >= 3 && !GENERAL.contains(&v.as_str()) && !STOP.contains(&v.as_str())
                }) else {
                    continue;
                };
                *uses.entry(verb.clone()).or_default() += 1;
                let after: Vec<&str> = ws[j + 1..(j + 7).min(ws.len())]
                    .iter()
                    .map(String::as_str)
                    .collect();
                let every_time = adverb.as_deref() == Some("always")
                    || after.windows(2).any(|p| {
                        ["on", "for", "after", "at", "with"].contains(&p[0])
                            && ["every", "each", "all", "any"].contains(&p[1])
                    })
                    || after.windows(2).any(|p| p == ["every", "time"]);
                let some_times = adverb.as_deref() == Some("only")
                    || after.windows(2).any(|p| {
                        p[0] == "only"
                            && [
                                "after", "when", "if", "once", "on", "for", "in", "while", "during",
                            ]
                            .contains(&p[1])
                    });
                if every_time && !some_times {
                    every.entry(verb.clone()).or_default().push(k);
                }
                if some_times && !every_time {
                    only.entry(verb.clone()).or_default().push(k);
                }
            }
        }
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut keys: Vec<&String> = every.keys().collect();
        keys.sort();
        for key in keys {
            let (Some(a_list), Some(b_list)) = (every.get(key), only.get(key)) else {
                continue;
            };
            if uses.get(key).copied().unwrap_or(0) > 4 {
                continue;
            }
            for &a in a_list {
                for &b in b_list {
                    if a == b || !seen.insert((a.min(b), a.max(b))) {
                        continue;
                    }
                    let (ra, rb) = (&self.facts.reqs[a], &self.facts.reqs[b]);
                    let mut x = amb(
                        AmbiguityCategory::Underspecified,
                        format!(
                            "{} and {} disagree about when to {key}: {} says {} but {} says {}",
                            ra.id,
                            rb.id,
                            ra.id,
                            self.quote(&ra.text, key),
                            rb.id,
                            self.quote(&rb.text, key)
                        ),
                        "The plan can follow only one of them; whichever the code does, the other requirement is broken."
                            .to_string(),
                        "Decide which holds, or when each applies, and change the spec so the two agree.".to_string(),
                        self.covering(&[ra, rb]),
                    );
                    x.level = RiskLevel::High;
                    out.push(x);
                }
            }
        }
    }

    fn conflicts(&self, out: &mut Vec<AnswerAmbiguity>) {
        let reqs = &self.facts.reqs;
        for (i, a) in reqs.iter().enumerate() {
            for b in &reqs[i + 1..] {
                for qa in &a.quantities {
                    // Durations and rates differ from one operation to the next;
                    // they are targets, not one number given twice.
                    let countable = qa.unit.len() > 2
                        && ![
                            "time",
                            "second",
                            "minute",
                            "hour",
                            "day",
                            "week",
                            "month",
                            "year",
                            "attempt",
                            "percent",
                            "millisecond",
                            "sec",
                            "msec",
                            "times",
                            "fps",
                            "request",
                            "user",
                            "item",
                            "mb",
                            "kb",
                            "gb",
                            "byte",
                            "pixel",
                            "px",
                        ]
                        .contains(&qa.unit.as_str());
                    // The thing counted must be the same: the words around both
                    // numbers (`title length of 200 characters`) share a noun.
                    let Some(qb) = b
                        .quantities
                        .iter()
                        .find(|qb| qb.unit == qa.unit && qb.value != qa.value)
                    else {
                        continue;
                    };
                    // Parallel cases ("Easy: 6 pairs", "Hard: 18 pairs") share
                    // some nouns; one number given twice shares nearly all.
                    let (sa, sb) = (subject(a, qa), subject(b, qb));
                    let shared = sa.intersection(&sb).count();
                    let same_subject = shared >= 2 && shared * 4 >= sa.union(&sb).count() * 3;
                    if !countable
                        || STOP.contains(&qa.unit.as_str())
                        || !super::truth::can_name(&qa.unit)
                        || !same_subject
                    {
                        continue;
                    }
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
                        format!(
                            "{} and {} give different numbers for {}: {} says {} and {} says {}",
                            a.id,
                            b.id,
                            plural(&thing),
                            a.id,
                            self.quote(&a.text, &thing),
                            b.id,
                            self.quote(&b.text, &thing)
                        ),
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
                format!(
                    "The spec builds on the {w} {thing}, which the context does not describe{}",
                    self.naming_line(&format!("{w} {thing}"))
                ),
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
                    "Nothing says what happens when {} (the {}) is unavailable{}",
                    t.name,
                    t.role.what(),
                    self.naming_line(t.name)
                ),
                risk,
                resolution,
                affects,
            ));
        }
    }

    /// Where the documents name `name`: `(the context says: "…")`, quoting
    /// the line (cut at 16 words), or nothing when they do not.
    fn naming_line(&self, name: &str) -> String {
        for (whose, text) in [
            ("spec", &self.session.spec.text),
            ("context", &self.session.spec.context),
        ] {
            let wanted = name.to_lowercase();
            if let Some(line) = text.lines().find(|l| l.to_lowercase().contains(&wanted)) {
                let bare = crate::plan::reader::strip_markup(
                    line.trim().trim_start_matches(['-', '*', '+']).trim(),
                );
                let words: Vec<&str> = bare.split_whitespace().take(16).collect();
                let cut = bare.split_whitespace().count() > words.len();
                let body = words.join(" ");
                let body = body.trim_end_matches(['.', ';', ':', ',']);
                return format!(
                    " (the {whose} says: \"{body}\"{})",
                    if cut { "…" } else { "" }
                );
            }
        }
        String::new()
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
}

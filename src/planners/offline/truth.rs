//! What the offline planner may call things. A name it gives a file, type or
//! table must be made of words the documents use (the spec, the context, the
//! session's title) or of the stack's own conventions (`src`, `app/Models`,
//! `Repository`, `.php`), and never of words that cannot name anything
//! (`might`, `longer`, `given`): those are fragments of a sentence, and a
//! name built from one is invented. A piece of work whose names fail this is
//! not proposed as a task; its requirement becomes a draft.
use std::collections::HashSet;

use crate::plan::Session;

/// Words that name the parts of a project in the usual layouts of the stacks
/// the planner knows.
const CONVENTION: &[&str] = &[
    "src",
    "app",
    "lib",
    "test",
    "tests",
    "spec",
    "specs",
    "main",
    "java",
    "kotlin",
    "resources",
    "db",
    "migrate",
    "migration",
    "migrations",
    "database",
    "models",
    "model",
    "controllers",
    "controller",
    "http",
    "api",
    "routes",
    "route",
    "views",
    "view",
    "components",
    "component",
    "services",
    "service",
    "repositories",
    "repository",
    "store",
    "storage",
    "jobs",
    "job",
    "workers",
    "worker",
    "handler",
    "handlers",
    "types",
    "type",
    "schema",
    "internal",
    "cmd",
    "config",
    "policies",
    "policy",
    "requests",
    "request",
    "notifications",
    "notification",
    "tables",
    "table",
    "queue",
    "class",
    "unit",
    "integration",
    "feature",
    "flow",
    "create",
    "ts",
    "tsx",
    "js",
    "py",
    "rb",
    "go",
    "rs",
    "php",
    "kt",
    "cs",
    "swift",
    "sql",
    "json",
    "sources",
    "dispatcher",
    "formatter",
    "signer",
    "alert",
    "redact",
    "secrets",
    "client",
    "sources",
    "job",
    "tasks",
    "task",
    "e2e",
    "end",
    "to",
    "command",
    "commands",
    "cli",
    "index",
    "mod",
    "lib",
    "checks",
    "check",
    "pkg",
    "store",
    "rules",
    "rule",
    "schedule",
    "scheduler",
    "metrics",
    "load",
];

/// Words that never name a thing.
const FRAGMENT: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "in",
    "for",
    "with",
    "on",
    "at",
    "by",
    "from",
    "as",
    "is",
    "are",
    "be",
    "been",
    "was",
    "were",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "would",
    "will",
    "shall",
    "must",
    "may",
    "might",
    "not",
    "no",
    "only",
    "also",
    "again",
    "very",
    "more",
    "most",
    "less",
    "least",
    "longer",
    "later",
    "earlier",
    "before",
    "after",
    "while",
    "when",
    "then",
    "than",
    "that",
    "this",
    "these",
    "those",
    "which",
    "who",
    "what",
    "where",
    "why",
    "how",
    "all",
    "any",
    "each",
    "every",
    "some",
    "such",
    "other",
    "another",
    "same",
    "given",
    "current",
    "instead",
    "beyond",
    "within",
    "without",
    "between",
    "into",
    "onto",
    "over",
    "under",
    "up",
    "down",
    "out",
    "off",
    "first",
    "second",
    "third",
    "last",
    "next",
    "own",
    "just",
    "still",
    "yet",
    "ever",
    "never",
    "always",
    "often",
    "already",
    "even",
    "else",
    "both",
    "either",
    "neither",
    "per",
    "via",
    "etc",
    "dead",
    "live",
    "few",
    "many",
    "much",
    "several",
    "existing",
    "new",
    "able",
    "persist",
    "persistent",
    "enable",
    "enabled",
    "instead",
];

/// The words a name may be made of.
pub struct Vocabulary {
    words: HashSet<String>,
    stems: HashSet<String>,
}

/// A word without its ending (`failure`, `failed` → `fail`), so that a name
/// may use another form of a word the documents use.
pub fn stem(w: &str) -> &str {
    for end in [
        "ations", "ation", "itions", "ition", "ures", "ure", "ings", "ing", "ed", "es", "ers",
        "er", "ions", "ion", "ments", "ment", "s",
    ] {
        if let Some(base) = w.strip_suffix(end)
            && base.len() >= 3
        {
            return base;
        }
    }
    w
}

impl Vocabulary {
    pub fn of(session: &Session) -> Vocabulary {
        let mut words = HashSet::new();
        for text in [&session.title, &session.spec.text, &session.spec.context] {
            for w in name_words(text) {
                words.insert(w);
            }
        }
        let stems = words.iter().map(|w| stem(w).to_string()).collect();
        Vocabulary { words, stems }
    }

    fn knows(&self, w: &str) -> bool {
        CONVENTION.contains(&w)
            || self.words.contains(w)
            || self.words.contains(&format!("{w}s"))
            || self.words.contains(&format!("{w}es"))
            || w.strip_suffix('s').is_some_and(|b| self.words.contains(b))
            || w.strip_suffix("es").is_some_and(|b| self.words.contains(b))
            || w.strip_suffix("ies")
                .is_some_and(|b| self.words.contains(&format!("{b}y")))
            || self.stems.contains(stem(w))
    }

    /// Whether `name` (a path, `type X`, `table x`, a class) is made only of
    /// words of the documents and of the stack's conventions.
    pub fn traces(&self, name: &str) -> bool {
        let words = name_words(name);
        !words.is_empty()
            && words
                .iter()
                .all(|w| !FRAGMENT.contains(&w.as_str()) && self.knows(w))
    }
}

/// Lower-case words of a name: split at anything not alphanumeric and at
/// camelCase humps; numbers are left out.
pub fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let hump = c.is_uppercase()
                && i > 0
                && (chars[i - 1].is_lowercase()
                    || chars[i - 1].is_uppercase()
                        && chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
            if hump && !cur.is_empty() {
                out.push(std::mem::take(&mut cur).to_lowercase());
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur.to_lowercase());
        }
    }
    out.retain(|w| !w.chars().all(|c| c.is_ascii_digit()));
    out
}

/// Whether a phrase can name a thing: no fragment word in it.
pub fn can_name(phrase: &str) -> bool {
    let words = name_words(phrase);
    !words.is_empty() && words.iter().all(|w| !FRAGMENT.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Timestamp;

    #[test]
    fn names_come_from_the_documents_and_conventions() {
        let mut s = Session::new("s", "Outbound webhooks", Timestamp(0));
        s.spec.text = "Each delivery has a status. A document might be longer.".into();
        let v = Vocabulary::of(&s);
        assert!(v.traces("src/repositories/WebhookDeliveryRepository.ts"));
        assert!(v.traces("table webhook_deliveries"));
        assert!(!v.traces("src/repositories/DocumentMightRepository.ts"));
        assert!(!v.traces("src/services/longer_active.ts"));
        assert!(
            !v.traces("app/Models/Invoice.php"),
            "invoice is not in the documents"
        );
        let mut s = Session::new("s", "Webhooks", Timestamp(0));
        s.spec.text = "A delivery that has failed after its last retry".into();
        assert!(
            Vocabulary::of(&s).traces("src/services/DeliveryFailureAlert.ts"),
            "failure is a form of failed"
        );
        assert_eq!(name_words("HTTPServerError"), ["http", "server", "error"]);
    }
}

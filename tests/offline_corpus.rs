//! The offline planner on real specs: every document of the spec corpus
//! (`tests/fixtures/specs/`) is planned as a new user would (decompose,
//! dependencies, ambiguities, verification, each accepted), and the plan is
//! checked for the harm the offline planner must never do:
//!
//! - every name in every task's `produces` can be traced to the spec, the
//!   context or the stack's conventions: its words appear in the documents or
//!   are convention words (`src`, `repository`, `.ts`), and none is a
//!   sentence fragment (`might`, `longer`, `given`);
//! - no task covers or plans an exclusion;
//! - no two tasks without an order between them produce one file;
//! - every ambiguity quotes text that is in the spec (or the context).
//!
//! Per document it prints tasks, drafts, untraceable names, ambiguities and,
//! where the fixture labels them (`[ambiguities] real = [...] noise = [...]`),
//! how many a careful reader calls real.
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use planner_tui::analysis::{Code, analyse};
use planner_tui::plan::{Session, Timestamp, reread_spec};
use planner_tui::validate::{Readings, validate};
use planner_tui::workflow::Step;
use planner_tui::workflow::run::offline_proposal;

/// Words of a file or type name that come from the stack's conventions,
/// not from the documents.
const CONVENTION: &[&str] = &[
    "src",
    "app",
    "apps",
    "lib",
    "libs",
    "test",
    "tests",
    "spec",
    "specs",
    "main",
    "java",
    "kotlin",
    "resources",
    "resource",
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
    "templates",
    "template",
    "components",
    "component",
    "services",
    "service",
    "repositories",
    "repository",
    "store",
    "stores",
    "storage",
    "jobs",
    "job",
    "workers",
    "worker",
    "handlers",
    "handler",
    "types",
    "type",
    "schema",
    "schemas",
    "internal",
    "cmd",
    "pkg",
    "config",
    "policies",
    "policy",
    "requests",
    "request",
    "serializers",
    "serializer",
    "urls",
    "admin",
    "tables",
    "table",
    "queue",
    "class",
    "interface",
    "struct",
    "enum",
    "trait",
    "fn",
    "function",
    "module",
    "mod",
    "index",
    "public",
    "web",
    "ui",
    "pages",
    "page",
    "hooks",
    "hook",
    "utils",
    "util",
    "helpers",
    "helper",
    "middleware",
    "events",
    "event",
    "listeners",
    "listener",
    "commands",
    "command",
    "console",
    "providers",
    "provider",
    "factories",
    "factory",
    "seeders",
    "seeder",
    "unit",
    "integration",
    "feature",
    "features",
    "e2e",
    "flow",
    "create",
    "ts",
    "tsx",
    "js",
    "jsx",
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
    "yaml",
    "yml",
    "toml",
    "md",
    "html",
    "css",
    "scss",
    "vue",
    "svelte",
    "erb",
    "blade",
    "mjs",
    "cjs",
    "dto",
    "dtos",
    "entity",
    "entities",
    "domain",
    "web",
    "rest",
    "core",
    "common",
    "shared",
    "client",
    "server",
    "cli",
    "bin",
    "scripts",
    "script",
    "docs",
    "doc",
    "readme",
    "checkpoint",
    "setup",
    "init",
    "forms",
    "form",
    "schemas",
    "validators",
    "validator",
    "validation",
    "mapper",
    "mappers",
    "dao",
    "impl",
    "dispatcher",
    "formatter",
    "renderer",
    "signer",
    "alert",
    "alerts",
    "notifier",
    "notification",
    "notifications",
    "mailer",
    "mail",
    "email",
    "cache",
    "queues",
    "webhooks",
    "webhook",
    "clients",
    "config",
    "settings",
    "apis",
    "v1",
    "resolvers",
    "resolver",
    "graphql",
    "proto",
    "protos",
    "rpc",
    "grpc",
    "gateway",
    "schedule",
    "scheduler",
    "metrics",
    "load",
    "main",
    "application",
    "app",
];

/// Words that never name a thing: a name built with one is a fragment of a sentence.
const FRAGMENT: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "for", "with", "on", "at", "by", "from", "as", "is", "are",
    "be", "been", "was", "were", "has", "have", "had", "do", "does", "did", "can", "could",
    "should", "would", "will", "shall", "must", "may", "might", "not", "no", "only", "also",
    "again", "very", "more", "most", "less", "least", "longer", "later", "earlier", "before",
    "after", "while", "when", "then", "than", "that", "this", "these", "those", "which", "who",
    "what", "where", "why", "how", "all", "any", "each", "every", "some", "such", "other",
    "another", "same", "given", "current", "instead", "beyond", "within", "without", "between",
    "into", "onto", "over", "under", "up", "down", "out", "off", "first", "second", "third",
    "last", "next", "own", "just", "still", "yet", "ever", "never", "always", "often", "already",
    "even", "else", "both", "either", "neither", "per", "via", "etc", "dead", "live", "few",
    "many", "much", "several", "existing", "new",
];

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Labels {
    ambiguities: AmbiguityLabels,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct AmbiguityLabels {
    real: Vec<String>,
    noise: Vec<String>,
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    docs.retain(|p| {
        p.extension().is_some_and(|x| x == "md")
            && !p.ends_with("SOURCES.md")
            && p.with_extension("expected.toml").exists()
    });
    docs.sort();
    docs
}

/// Lower-case words, camelCase and snake_case split.
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let mut cur = String::new();
        let chars: Vec<char> = part.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let boundary = c.is_uppercase()
                && i > 0
                && (chars[i - 1].is_lowercase()
                    || chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                        && chars[i - 1].is_uppercase());
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur).to_lowercase());
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur.to_lowercase());
        }
    }
    out.retain(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()));
    out
}

fn doc_words(text: &str) -> BTreeSet<String> {
    name_words(text).into_iter().collect()
}

/// A word without its ending (`failure`, `failed` → `fail`): a name may use
/// another form of a word the documents use.
fn stem(w: &str) -> &str {
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

fn known(word: &str, docs: &BTreeSet<String>) -> bool {
    let singular = word.strip_suffix("ies").map(|b| format!("{b}y"));
    if docs.iter().any(|d| stem(d) == stem(word)) {
        return true;
    }
    CONVENTION.contains(&word)
        || docs.contains(word)
        || docs.contains(&format!("{word}s"))
        || word.strip_suffix('s').is_some_and(|b| docs.contains(b))
        || word.strip_suffix("es").is_some_and(|b| docs.contains(b))
        || singular.is_some_and(|s| docs.contains(&s))
}

/// Why a produced name cannot be traced, or `None` when it can. A name the
/// documents write exactly as it is (`CLIError.modelNotFound`) is theirs.
fn untraceable(name: &str, docs: &BTreeSet<String>, text: &str) -> Option<String> {
    let bare = name
        .split_once(' ')
        .filter(|(kind, _)| ["type", "class", "table", "client", "queue", "job"].contains(kind))
        .map_or(name, |(_, n)| n);
    if bare.len() >= 3 && text.contains(bare) {
        return None;
    }
    let words = name_words(name);
    if let Some(w) = words.iter().find(|w| FRAGMENT.contains(&w.as_str())) {
        return Some(format!("`{w}` is a fragment of a sentence"));
    }
    let unknown: Vec<&String> = words.iter().filter(|w| !known(w, docs)).collect();
    (!unknown.is_empty()).then(|| {
        format!(
            "{} not in the documents",
            unknown
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Lower-case words only, for finding a quote in the spec.
fn plain(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The quoted parts of a summary ("…", “…”).
fn quotes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('"', '"'), ('“', '”')] {
        let mut rest = s;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len_utf8()..];
            let Some(b) = after.find(close) else { break };
            out.push(after[..b].to_string());
            rest = &after[b + close.len_utf8()..];
        }
    }
    out
}

fn starts(expected: &str, text: &str) -> bool {
    let e = plain(expected.trim_start_matches('~'));
    !e.is_empty() && plain(text).starts_with(&e)
}

fn plan(text: &str) -> Session {
    let mut s = Session::new("corpus", "Corpus document", Timestamp(0));
    s.spec.text = text.to_string();
    reread_spec(&mut s);
    for step in [
        Step::Decompose,
        Step::Dependencies,
        Step::Ambiguities,
        Step::Verify,
    ] {
        let p = offline_proposal(step, &s);
        if let Ok(edit) = p.accept_all(&s) {
            // An edit that does not apply leaves the plan as it was.
            let _ = planner_tui::plan::apply(&mut s, edit.edit);
        }
    }
    s
}

#[test]
fn the_offline_planner_does_no_harm_on_real_specs() {
    let docs = corpus();
    assert!(docs.len() >= 25, "{} documents", docs.len());
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{:<44} {:>5} {:>6} {:>6} {:>5} {:>9}  verdict",
        "document", "tasks", "drafts", "untrac", "ambig", "real/lab"
    );
    let mut failures = Vec::new();
    let (mut real, mut labelled, mut untraced_total) = (0usize, 0usize, 0usize);
    let verbose = std::env::var_os("OFFLINE_CORPUS_VERBOSE").is_some();
    for doc in &docs {
        let slug = doc
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let text = std::fs::read_to_string(doc).unwrap_or_default();
        let labels: Labels = std::fs::read_to_string(doc.with_extension("expected.toml"))
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default();
        let s = plan(&text);
        let all_text = format!("{} {} {}", s.title, s.spec.text, s.spec.context);
        let docs_words = doc_words(&all_text);
        let mut untraced = Vec::new();
        for t in &s.tasks {
            for p in &t.produces {
                if let Some(why) = untraceable(p, &docs_words, &all_text) {
                    untraced.push(format!("{} {p}: {why}", t.id));
                }
            }
        }
        untraced_total += untraced.len();
        let report_findings = analyse(&s);
        let excluded: Vec<String> = report_findings
            .findings
            .iter()
            .filter(|f| f.code == Code::CoversExclusion)
            .map(|f| f.message.clone())
            .collect();
        let conflicting: Vec<String> = report_findings
            .findings
            .iter()
            .filter(|f| f.code == Code::ConflictingOutput)
            .map(|f| f.message.clone())
            .collect();
        let spec_plain = plain(&format!("{}\n{}", s.spec.text, s.spec.context));
        let unquoted: Vec<String> = s
            .ambiguities
            .iter()
            .filter(|a| {
                !quotes(&a.summary).iter().any(|q| {
                    plain(q).split_whitespace().count() >= 2 && spec_plain.contains(&plain(q))
                })
            })
            .map(|a| format!("{}: {}", a.id, a.summary))
            .collect();
        let mut doc_real = 0;
        let mut doc_labelled = 0;
        let mut unlabelled = Vec::new();
        let mut noise = Vec::new();
        for a in &s.ambiguities {
            if labels
                .ambiguities
                .real
                .iter()
                .any(|e| starts(e, &a.summary))
            {
                doc_real += 1;
                doc_labelled += 1;
            } else if labels
                .ambiguities
                .noise
                .iter()
                .any(|e| starts(e, &a.summary))
            {
                doc_labelled += 1;
                noise.push(a.summary.clone());
            } else {
                unlabelled.push(a.summary.clone());
            }
        }
        real += doc_real;
        labelled += doc_labelled;
        let drafts = s.tasks.iter().filter(|t| t.draft).count();
        let verdict = validate(&s, &report_findings, Readings::not_run())
            .verdict
            .headline();
        let _ = writeln!(
            report,
            "{:<44} {:>5} {:>6} {:>6} {:>5} {:>4}/{:<4}  {}",
            slug,
            s.tasks.len(),
            drafts,
            untraced.len(),
            s.ambiguities.len(),
            doc_real,
            doc_labelled,
            verdict.chars().take(60).collect::<String>()
        );
        for (what, list) in [
            ("untraceable", &untraced),
            ("covers an exclusion", &excluded),
            ("unordered writers", &conflicting),
            ("quotes nothing in the spec", &unquoted),
        ] {
            for x in list {
                let _ = writeln!(report, "    {slug} {what}: {x}");
            }
            if !list.is_empty() {
                failures.push(format!("{slug}: {} {what}", list.len()));
            }
        }
        if verbose {
            for u in &unlabelled {
                let _ = writeln!(report, "    {slug} unlabelled ambiguity: {u}");
            }
            for u in &noise {
                let _ = writeln!(report, "    {slug} noise ambiguity: {u}");
            }
            for t in &s.tasks {
                let _ = writeln!(
                    report,
                    "    {slug} {}{} {} -> {}",
                    t.id,
                    if t.draft { " (draft)" } else { "" },
                    t.title,
                    t.produces.join(", ")
                );
            }
        }
    }
    let share = if labelled == 0 {
        1.0
    } else {
        real as f64 / labelled as f64
    };
    let _ = writeln!(
        report,
        "untraceable names: {untraced_total}; ambiguities labelled real: {real} of {labelled} ({:.0}%)",
        100.0 * share
    );
    println!("{report}");
    assert!(failures.is_empty(), "{failures:#?}\n{report}");
    assert!(
        share >= 0.8,
        "only {:.0}% of labelled ambiguities are real\n{report}",
        100.0 * share
    );
}

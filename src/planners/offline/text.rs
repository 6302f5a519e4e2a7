//! Small text helpers the offline rules share: words, singular and plural,
//! identifier casing, and the names a piece of text mentions.
use std::collections::BTreeSet;

/// Lower-case words of letters and digits.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Does `text` (any case) contain `phrase` as whole words?
pub fn has_phrase(text: &str, phrase: &str) -> bool {
    let t = format!(" {} ", words(text).join(" "));
    let p = format!(" {} ", words(phrase).join(" "));
    t.contains(&p)
}

pub fn has_any_word(ws: &[String], list: &[&str]) -> bool {
    ws.iter().any(|w| list.contains(&w.as_str()))
}

/// `deliveries` → `delivery`, `statuses` → `status`, `endpoints` → `endpoint`.
pub fn singular(w: &str) -> String {
    let w = w.to_lowercase();
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for end in ["sses", "shes", "ches", "xes", "uses"] {
        if w.ends_with(end) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// `delivery` → `deliveries`, `status` → `statuses`, `endpoint` → `endpoints`.
pub fn plural(w: &str) -> String {
    let vowel = |c: char| "aeiou".contains(c);
    if let Some(stem) = w.strip_suffix('y')
        && !stem.ends_with(vowel)
    {
        return format!("{stem}ies");
    }
    if ["s", "x", "ch", "sh"].iter().any(|e| w.ends_with(e)) {
        return format!("{w}es");
    }
    format!("{w}s")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn pascal(ws: &[String]) -> String {
    ws.iter().map(|w| capitalise(w)).collect()
}

pub fn camel(ws: &[String]) -> String {
    let p = pascal(ws);
    let mut c = p.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn snake(ws: &[String]) -> String {
    ws.join("_")
}

pub fn kebab(ws: &[String]) -> String {
    ws.join("-")
}

/// Split an identifier or file stem into lower-case words:
/// `WebhookEndpointRepository` → webhook, endpoint, repository.
pub fn split_ident(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur).to_lowercase());
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur).to_lowercase());
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur.to_lowercase());
    }
    out
}

/// The names a text mentions: identifiers (`WebhookSigner`, `webhook_endpoints`,
/// `bus.on`), kebab-case names (`webhook-delivery`) and paths (`src/jobs/x.ts`).
pub fn mentions(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for raw in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '\'' | '"' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}'
            )
    }) {
        let t = raw.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?'));
        if t.is_empty() {
            continue;
        }
        out.insert(t.to_string());
        // `bus.on` also mentions `bus`; a path also mentions its file name.
        if let Some((head, _)) = t.split_once('.')
            && !t.contains('/')
        {
            out.insert(head.to_string());
        }
        if t.contains('/')
            && let Some(file) = t.rsplit('/').next()
        {
            out.insert(file.to_string());
        }
    }
    out
}

/// The spans of `text` written in backticks.
pub fn quoted(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
        .collect()
}

/// A path-looking token: has a `/`, or a file extension, and no spaces.
pub fn is_path(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.contains(char::is_whitespace) || t.contains('(') || t.starts_with("http") {
        return false;
    }
    if t.contains('/') {
        return t.chars().any(char::is_alphabetic);
    }
    match t.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && stem.chars().any(char::is_alphabetic)
                && [
                    "ts", "js", "tsx", "py", "rs", "go", "rb", "java", "kt", "sql", "toml", "json",
                    "yaml", "yml",
                ]
                .contains(&ext)
        }
        None => false,
    }
}

/// Extensions of the files a project is made of: source, build, config,
/// schema, docs, tests.
const PROJECT_EXTENSIONS: &[&str] = &[
    "rs",
    "ts",
    "tsx",
    "js",
    "jsx",
    "mjs",
    "cjs",
    "py",
    "pyi",
    "rb",
    "go",
    "java",
    "kt",
    "kts",
    "scala",
    "swift",
    "dart",
    "php",
    "cs",
    "fs",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "m",
    "mm",
    "ex",
    "exs",
    "erl",
    "hs",
    "ml",
    "clj",
    "lua",
    "r",
    "jl",
    "zig",
    "sql",
    "toml",
    "json",
    "yaml",
    "yml",
    "md",
    "mdx",
    "html",
    "css",
    "scss",
    "sass",
    "less",
    "vue",
    "svelte",
    "astro",
    "erb",
    "haml",
    "xml",
    "gradle",
    "properties",
    "ini",
    "cfg",
    "sh",
    "bash",
    "ps1",
    "proto",
    "graphql",
    "gql",
    "tf",
    "txt",
    "csv",
    "ipynb",
    "lock",
    "mod",
    "plist",
    "xib",
    "storyboard",
    "xcconfig",
];

/// A file or folder of the project, written as a path: relative (or rooted
/// at a usual project folder such as `/src/`), each part a plain file name,
/// and ending in a project file's extension or, for a folder, in `/`. Not
/// `Sleep/Wake`, `errors/sec`, `TG_TOKEN/TG_CHAT_ID`, `user_settings/{uid}`,
/// a URL, or a place outside the project such as `~/.local/share/app.json`.
pub fn project_file(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty()
        || t.contains(char::is_whitespace)
        || t.contains("://")
        || t.starts_with(['~', '$', '%', '<'])
        || t.contains(':')
    {
        return false;
    }
    let rooted = t.strip_prefix('/');
    let rel = rooted.unwrap_or(t);
    let parts: Vec<&str> = rel.split('/').collect();
    let roots = [
        "src", "app", "lib", "tests", "test", "internal", "cmd", "pkg", "apps", "packages",
        "crates",
    ];
    if rooted.is_some() && !parts.first().is_some_and(|p| roots.contains(p)) {
        return false;
    }
    let plain = |p: &str| {
        !p.is_empty()
            && p != ".."
            && p.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '@' | '[' | ']' | '+')
            })
            && p.chars().any(char::is_alphabetic)
    };
    match parts.split_last() {
        Some((&"", dirs)) => !dirs.is_empty() && dirs.iter().all(|p| plain(p)) && rel.contains('/'),
        Some((last, dirs)) => {
            dirs.iter().all(|p| plain(p))
                && plain(last)
                && last.rsplit_once('.').is_some_and(|(stem, ext)| {
                    (!stem.is_empty() || dirs.is_empty())
                        && PROJECT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                })
        }
        None => false,
    }
}

/// The first `max` characters of `s` on one line, cut at a word with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Join a list the way a sentence does: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Words that never name a thing the plan builds.
pub const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "each",
    "every",
    "all",
    "any",
    "some",
    "its",
    "their",
    "his",
    "her",
    "our",
    "your",
    "my",
    "it",
    "they",
    "them",
    "this",
    "that",
    "these",
    "those",
    "at",
    "most",
    "least",
    "up",
    "to",
    "of",
    "for",
    "in",
    "on",
    "by",
    "with",
    "and",
    "or",
    "new",
    "same",
    "one",
    "data",
    "information",
    "status",
    "value",
    "values",
    "result",
    "results",
    "time",
    "times",
    "thing",
    "things",
    "be",
    "is",
    "are",
    "can",
    "must",
    "should",
    "shall",
    "will",
    "may",
    "not",
    "no",
    "when",
    "which",
    "who",
    "what",
    "where",
    "how",
    "as",
    "from",
    "into",
    "than",
    "then",
    "there",
    "here",
    "only",
    "also",
    "more",
    "less",
    "many",
    "several",
    "other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_plural_and_cases() {
        assert_eq!(singular("deliveries"), "delivery");
        assert_eq!(singular("endpoints"), "endpoint");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(plural("delivery"), "deliveries");
        assert_eq!(plural("status"), "statuses");
        assert_eq!(plural("day"), "days");
        let ws = vec!["webhook".to_string(), "endpoint".to_string()];
        assert_eq!(
            (pascal(&ws), camel(&ws), snake(&ws), kebab(&ws)),
            (
                "WebhookEndpoint".into(),
                "webhookEndpoint".into(),
                "webhook_endpoint".into(),
                "webhook-endpoint".into()
            )
        );
        assert_eq!(
            split_ident("WebhookEndpointRepository"),
            ["webhook", "endpoint", "repository"]
        );
        assert_eq!(split_ident("webhook_endpoints"), ["webhook", "endpoints"]);
    }

    #[test]
    fn mentions_and_paths() {
        let m = mentions("Calls `bus.on(name, handler)` from src/events/bus.ts and WebhookSigner.");
        for name in [
            "bus.on",
            "bus",
            "src/events/bus.ts",
            "bus.ts",
            "WebhookSigner",
        ] {
            assert!(m.contains(name), "{name} in {m:?}");
        }
        assert!(is_path("src/jobs/"));
        for yes in [
            "src/jobs/",
            "app/Models/TaskListMember.php",
            "Cargo.toml",
            "/src/repositories/",
            ".github/workflows/ci.yml",
            "tests/test_api.py",
        ] {
            assert!(project_file(yes), "{yes}");
        }
        for no in [
            "Sleep/Wake",
            "errors/sec",
            "TG_TOKEN/TG_CHAT_ID",
            "user_settings/{uid}",
            "~/.local/share/app/tasks.json",
            "/.local/share/app/tasks.json",
            "https://x.io/a.json",
            "and/or",
            "Riverpod/Bloc",
            "offline/test",
            "C:/x/y.rs",
            "order.created",
        ] {
            assert!(!project_file(no), "{no}");
        }
        assert!(is_path("EmailService.ts"));
        assert!(!is_path("e.g."));
        assert!(!is_path("order.created"));
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}

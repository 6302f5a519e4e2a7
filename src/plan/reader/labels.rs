//! Labels a spec gives its items, read whole: `FR-001`, `NFR-3.2`,
//! `FR-027.D1`, `US1-AC2`, `REQ_12`, `F9`, `SC-001`, `Q1`, `CL-2`, `T005b`.
//!
//! A label stands at the start of a line (after any list marker or checkbox),
//! possibly in bold or brackets, and is followed by a separator (`:`, `.`,
//! `)`, ` -`, ` –`, ` —`) or, for the usual requirement prefixes, by the
//! text itself. Technical names that look like labels (`SHA-256:`, `UTF-8.`)
//! are not labels.

/// Prefixes that are names of things, not labels.
const NOT_LABELS: [&str; 24] = [
    "SHA", "UTF", "ISO", "RFC", "HTTP", "HTTPS", "TLS", "SSL", "AES", "RSA", "MD", "IPV", "TCP",
    "UDP", "GPT", "P", "V", "S", "EC", "H", "X", "CVE", "PEP", "ES",
];

/// Prefixes requirement documents use, which may be followed by the text
/// with no separator (`FR-1 Users can ...`).
const REQUIREMENT_PREFIXES: [&str; 16] = [
    "FR", "NFR", "REQ", "R", "F", "SC", "US", "AC", "UC", "BR", "TR", "SR", "QR", "CR", "IR", "UR",
];

/// A label at the start of `line` and the text after it, or `None`.
pub fn split(line: &str) -> Option<(String, &str)> {
    let s = line.trim_start();
    let (open, s) = strip_opener(s);
    let (label, after) = scan(s)?;
    if NOT_LABELS.contains(&prefix_of(label)) {
        return None;
    }
    let mut rest = after;
    // The closing markup may come before or after the separator:
    // `**FR-1**: x`, `**FR-1:** x`, `[FR-1] x`, `**A1: Title** x`.
    let mut closed = open.is_empty();
    if !closed && let Some(r) = rest.strip_prefix(open) {
        rest = r;
        closed = true;
    }
    let trimmed = rest.trim_start();
    let separated = if let Some(r) = trimmed.strip_prefix([':', ')', '–', '—']) {
        rest = r;
        true
    } else if let Some(r) = rest
        .strip_prefix('.')
        .filter(|r| r.is_empty() || r.starts_with(' ') || r.starts_with('*'))
    {
        rest = r;
        true
    } else if let Some(r) = trimmed.strip_prefix('-').filter(|r| r.starts_with(' ')) {
        rest = if rest.starts_with(' ') {
            r
        } else {
            return None;
        };
        true
    } else {
        false
    };
    if !closed && let Some(r) = rest.trim_start().strip_prefix(open) {
        rest = r;
        closed = true;
    }
    if !separated && is_word_label(label) {
        // `CA-Frontend` is a label only with its colon.
        return None;
    }
    if !separated {
        let spaced = rest.starts_with(char::is_whitespace) || rest.is_empty();
        let known = REQUIREMENT_PREFIXES.contains(&prefix_of(label)) && has_separator(label);
        if !(spaced && (known || !open.is_empty() && closed)) {
            return None;
        }
    }
    let mut text = rest.trim_start();
    if !closed {
        // `**A1: Scheduled date** rest`: the bold run ends inside the text.
        text = text.strip_prefix(open).unwrap_or(text);
    }
    Some((label.to_string(), text.trim_start()))
}

/// `**`, `__`, `[` or nothing, and the line after it.
fn strip_opener(s: &str) -> (&'static str, &str) {
    for (open, close) in [
        ("**", "**"),
        ("__", "__"),
        ("[", "]"),
        ("*", "*"),
        ("`", "`"),
    ] {
        if let Some(r) = s.strip_prefix(open) {
            return (close, r);
        }
    }
    ("", s)
}

/// The label at the start of `s` and what follows it.
fn scan(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    // `BRule-01`: a prefix in mixed case, with two capitals at least, before a dash.
    if letters >= 1 {
        let mixed = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let capitals = b[..mixed].iter().filter(|c| c.is_ascii_uppercase()).count();
        if mixed > letters
            && capitals >= 2
            && mixed <= 6
            && matches!(b.get(mixed), Some(b'-' | b'_'))
        {
            letters = mixed;
        }
    }
    if letters == 0 || letters > 6 {
        return None;
    }
    // A word after the prefix: `CA-Frontend:` (only with a colon straight after).
    if letters >= 2 && b.get(letters) == Some(&b'-') {
        let seg = &b[letters + 1..];
        let word = seg.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let capitalised = word >= 2
            && seg[0].is_ascii_uppercase()
            && (seg[1..word].iter().all(u8::is_ascii_lowercase)
                || seg[1..word].iter().all(u8::is_ascii_uppercase));
        if capitalised && matches!(seg.get(word), Some(b':' | b'*')) {
            let end = letters + 1 + word;
            return Some((&s[..end], &s[end..]));
        }
    }
    let mut end = letters;
    if matches!(b.get(end), Some(b'-' | b'_')) {
        end += 1;
    }
    let digits = b[end..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    end += digits;
    // `T005b`: one lower-case letter straight after the number.
    if b.get(end).is_some_and(u8::is_ascii_lowercase)
        && !b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        end += 1;
    }
    // Further segments: `.2`, `.D1`, `-AC2`, `.S3`.
    while let Some(&sep) = b.get(end) {
        if !matches!(sep, b'.' | b'-') {
            break;
        }
        let seg = &b[end + 1..];
        let up = seg.iter().take_while(|c| c.is_ascii_uppercase()).count();
        let num = seg[up..].iter().take_while(|c| c.is_ascii_digit()).count();
        if up > 4 || num == 0 || seg.get(up + num).is_some_and(u8::is_ascii_alphanumeric) {
            break;
        }
        end += 1 + up + num;
    }
    Some((&s[..end], &s[end..]))
}

/// `CA-Frontend`, `CA-REST`: a prefix and a word.
fn is_word_label(label: &str) -> bool {
    label.split_once('-').is_some_and(|(_, w)| {
        w.len() >= 2
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.bytes().all(|c| c.is_ascii_alphabetic())
    })
}

fn prefix_of(label: &str) -> &str {
    let n = label.bytes().take_while(u8::is_ascii_alphabetic).count();
    &label[..n]
}

/// Whether a label names a requirement by its prefix (`FR-2`, `R3.1`,
/// `REQ_12`, `NFR-1`), rather than a question, decision or assumption.
pub fn is_requirement_label(label: &str) -> bool {
    let p = prefix_of(label).to_ascii_uppercase();
    REQUIREMENT_PREFIXES.contains(&p.as_str()) || p.starts_with("REQ") || p.ends_with("FR")
}

fn has_separator(label: &str) -> bool {
    label.contains(['-', '_', '.'])
        || label.bytes().filter(u8::is_ascii_digit).count() >= 1 && prefix_of(label).len() >= 2
}

/// Whether `label` could be read as one of planner-tui's own ids: a task
/// (`T3`), an ambiguity (`A1`) or a constraint (`C2`).
pub fn is_own_id(label: &str) -> bool {
    let mut b = label.bytes();
    matches!(b.next(), Some(b'T' | b'A' | b'C'))
        && label.len() > 1
        && label[1..].bytes().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::split;

    fn s(line: &str) -> Option<(String, String)> {
        split(line).map(|(l, t)| (l, super::super::markup::strip(t)))
    }

    #[test]
    fn labels_are_read_whole() {
        let cases = [
            ("FR-027.D1: Store the date", "FR-027.D1", "Store the date"),
            ("NFR-3.2 - p99 under 2 s", "NFR-3.2", "p99 under 2 s"),
            ("US1-AC2: Given a user", "US1-AC2", "Given a user"),
            ("REQ_12: Export", "REQ_12", "Export"),
            ("F9. Reports", "F9", "Reports"),
            ("**F9.** Reports", "F9", "Reports"),
            ("**FR-001**: System MUST log", "FR-001", "System MUST log"),
            ("**FR-001:** System MUST log", "FR-001", "System MUST log"),
            (
                "**A1: Scheduled date** is set",
                "A1",
                "Scheduled date is set",
            ),
            ("[FR-2] Retry", "FR-2", "Retry"),
            ("FR-1 Users can log in", "FR-1", "Users can log in"),
            ("T005b: Add the parser", "T005b", "Add the parser"),
            ("FR-027.S3: no S3 here", "FR-027.S3", "no S3 here"),
            ("SC-001: 95% of users", "SC-001", "95% of users"),
            ("CA-Frontend: The bell", "CA-Frontend", "The bell"),
            ("BRule-01: Hard Stock Block", "BRule-01", "Hard Stock Block"),
        ];
        for (line, label, text) in cases {
            assert_eq!(
                s(line),
                Some((label.to_string(), text.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn names_of_things_are_not_labels() {
        for line in [
            "SHA-256: the hash",
            "UTF-8. Everything",
            "MP3 files must play",
            "HTTP2 support",
            "The system MUST",
            "P1: high",
            "FR-1.2.3x",
            "ALLCAPSWORD: x",
            "X-Signature: the header",
            "UI-Kit colours",
            "**UI-Kit** colours",
            "Rule 1: x",
            "Phase-2: y",
        ] {
            assert_eq!(s(line), None, "{line}");
        }
    }
}

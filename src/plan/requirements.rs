//! Finding the requirements in a spec, deterministically.
//!
//! A requirement is
//! - a bulleted or numbered line (`- ...`, `* ...`, `1. ...`, `2) ...`, `(3) ...`),
//!   together with the indented lines that continue it;
//! - a line that starts with a label (`FR-001: ...`, `REQ-7 - ...`, `R3. ...`),
//!   bulleted or not: the label becomes the id;
//! - any other sentence that says MUST, SHALL or SHOULD (in any case).
//!
//! Headings, section introductions ending in `:`, table rules and code blocks
//! are skipped. Unlabelled requirements are numbered `R1`, `R2`, ... in order;
//! extracting again after an edit keeps the id of every requirement whose text
//! is unchanged, and new ones get numbers never used before.
use std::collections::HashSet;

use super::ids::RequirementId;
use super::session::Requirement;

/// Extract the requirements of `text`. `previous` is the last extraction (ids
/// to keep); `next_number` is the first unused `R` number. Returns the
/// requirements and the new first unused number.
pub fn extract(text: &str, previous: &[Requirement], next_number: u32) -> (Vec<Requirement>, u32) {
    let found = scan(text);
    let mut used: HashSet<String> = HashSet::new();
    // Labels first: they are the spec's own ids.
    let mut ids: Vec<Option<RequirementId>> = found
        .iter()
        .map(|f| match &f.label {
            Some(l) if used.insert(l.clone()) => Some(RequirementId(l.clone())),
            _ => None,
        })
        .collect();
    // Then unchanged text keeps its earlier id.
    for (f, id) in found.iter().zip(ids.iter_mut()) {
        if id.is_some() {
            continue;
        }
        let key = normalise(&f.text);
        if let Some(p) = previous
            .iter()
            .find(|p| normalise(&p.text) == key && !used.contains(p.id.as_str()))
        {
            used.insert(p.id.0.clone());
            *id = Some(p.id.clone());
        }
    }
    // Everything else gets a fresh number, never one used before.
    let mut next = previous
        .iter()
        .filter_map(|p| p.id.generated_number())
        .map(|n| n.saturating_add(1))
        .fold(next_number.max(1), u32::max);
    let reqs = found
        .into_iter()
        .zip(ids)
        .map(|(f, id)| {
            let id = id.unwrap_or_else(|| {
                loop {
                    let candidate = format!("R{next}");
                    next = next.saturating_add(1);
                    if used.insert(candidate.clone()) {
                        break RequirementId(candidate);
                    }
                }
            });
            Requirement {
                id,
                text: f.text,
                line: f.line,
            }
        })
        .collect();
    (reqs, next)
}

struct Found {
    text: String,
    line: usize,
    label: Option<String>,
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn scan(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut in_fence = false;
    // The bullet being built: (indent of its marker, index in `out`).
    let mut open_item: Option<(usize, usize)> = None;
    // The prose paragraph being built: (first line, text).
    let mut para: Option<(usize, String)> = None;

    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            flush_para(&mut para, &mut out);
            open_item = None;
            continue;
        }
        if in_fence {
            continue;
        }
        if trimmed.is_empty() || is_heading(trimmed) || is_rule(trimmed) {
            flush_para(&mut para, &mut out);
            open_item = None;
            continue;
        }
        if let Some(body) = strip_bullet(trimmed) {
            flush_para(&mut para, &mut out);
            open_item = None;
            let (label, body) = split_label(body);
            if body.is_empty() || (label.is_none() && is_intro(body)) {
                continue;
            }
            open_item = Some((indent, out.len()));
            out.push(Found {
                text: body.to_string(),
                line: line_no,
                label,
            });
            continue;
        }
        if let Some((item_indent, idx)) = open_item
            && indent > item_indent
        {
            let f = &mut out[idx];
            f.text.push(' ');
            f.text.push_str(trimmed);
            continue;
        }
        open_item = None;
        let (label, body) = split_label(trimmed);
        if let Some(label) = label {
            flush_para(&mut para, &mut out);
            if !body.is_empty() {
                open_item = Some((indent, out.len()));
                out.push(Found {
                    text: body.to_string(),
                    line: line_no,
                    label: Some(label),
                });
            }
            continue;
        }
        if is_intro(trimmed) && para.is_none() {
            continue;
        }
        match &mut para {
            Some((_, t)) => {
                t.push(' ');
                t.push_str(trimmed);
            }
            None => para = Some((line_no, trimmed.to_string())),
        }
    }
    flush_para(&mut para, &mut out);
    out
}

fn flush_para(para: &mut Option<(usize, String)>, out: &mut Vec<Found>) {
    let Some((line, text)) = para.take() else {
        return;
    };
    for sentence in sentences(&text) {
        if has_modal(sentence) {
            out.push(Found {
                text: sentence.to_string(),
                line,
                label: None,
            });
        }
    }
}

/// Split prose into sentences at `.`, `!` or `?` followed by a space and a
/// capital letter, so "e.g. this" and "v1.2" stay whole.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 0..chars.len() {
        let (pos, c) = chars[w];
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_space = chars.get(w + 1).is_some_and(|(_, n)| n.is_whitespace());
        let then_upper = chars
            .get(w + 2)
            .is_some_and(|(_, n)| n.is_uppercase() || n.is_ascii_digit());
        if next_is_space && then_upper && !ends_with_abbreviation(&text[start..pos]) {
            let s = text[start..=pos].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = pos + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn ends_with_abbreviation(s: &str) -> bool {
    let last = s
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "e.g" | "i.e" | "etc" | "vs" | "cf" | "approx" | "no" | "fig"
    )
}

fn has_modal(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w.to_ascii_lowercase().as_str(), "must" | "shall" | "should"))
}

fn is_heading(s: &str) -> bool {
    s.starts_with('#')
        || s.starts_with("===")
        || s.starts_with("---") && s.chars().all(|c| c == '-')
}

fn is_rule(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, '-' | '=' | '*' | '_' | '|' | ':' | ' ' | '+'))
}

/// "TECHNICAL SPEC:", "The platform needs the following:" — a short line that
/// only introduces what follows.
fn is_intro(s: &str) -> bool {
    s.ends_with(':') && !has_modal(s) && s.split_whitespace().count() <= 12
}

/// The text after a list marker, or `None` when the line is not a list item.
fn strip_bullet(s: &str) -> Option<&str> {
    let body = if let Some(rest) = s.strip_prefix(['-', '*', '+', '•', '‣', '◦']) {
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        rest
    } else {
        let rest = s.strip_prefix('(').unwrap_or(s);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let letter = digits == 0 && rest.len() > 1 && rest.as_bytes()[0].is_ascii_lowercase();
        let marker_len = if digits > 0 && digits <= 3 {
            digits
        } else if letter {
            1
        } else {
            return None;
        };
        rest[marker_len..]
            .strip_prefix(['.', ')'])
            .filter(|a| a.starts_with(char::is_whitespace))?
    };
    let body = body.trim();
    // Task-list checkboxes.
    let body = body
        .strip_prefix("[ ]")
        .or_else(|| body.strip_prefix("[x]"))
        .or_else(|| body.strip_prefix("[X]"))
        .map_or(body, str::trim_start);
    Some(body)
}

/// Split a leading label (`FR-001:`, `**REQ-2**:`, `R3.`, `NFR-1 -`) off a line.
fn split_label(s: &str) -> (Option<String>, &str) {
    let unbold = s.strip_prefix("**").unwrap_or(s);
    let bold = unbold.len() != s.len();
    let bytes = unbold.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 5 {
        return (None, s);
    }
    let mut end = letters;
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    let digits = bytes[end..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .count();
    if digits == 0 || !bytes[end].is_ascii_digit() {
        return (None, s);
    }
    end += digits;
    let mut label = &unbold[..end];
    // "R3." — a trailing dot is punctuation, not part of the label.
    let mut rest = &unbold[end..];
    if let Some(l) = label.strip_suffix('.') {
        label = l;
        rest = &unbold[end - 1..];
    }
    if bold {
        rest = rest.strip_prefix("**").unwrap_or(rest);
    }
    let rest_trim = rest.trim_start();
    let body = if let Some(b) = rest_trim.strip_prefix([':', '.', ')', '–', '—']) {
        b
    } else if let Some(b) = rest_trim
        .strip_prefix('-')
        .filter(|_| rest.starts_with(' '))
    {
        b
    } else {
        return (None, s);
    };
    let body = body.trim_start();
    let body = if bold {
        body.strip_prefix("**").unwrap_or(body).trim_start()
    } else {
        body
    };
    (Some(label.to_string()), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(reqs: &[Requirement]) -> Vec<(String, String, usize)> {
        reqs.iter()
            .map(|r| (r.id.0.clone(), r.text.clone(), r.line))
            .collect()
    }

    #[test]
    fn bullets_numbers_labels_and_modal_sentences() {
        let spec = "# Webhooks\n\
            \n\
            TECHNICAL SPEC:\n\
            - Send a POST when an event occurs\n\
            \x20 to every registered URL\n\
            * Sign each body with HMAC-SHA256\n\
            1. Retry three times\n\
            2) Store the delivery status\n\
            FR-010: Alert the account owner\n\
            - **NFR-2**: p99 latency under 2s\n\
            \n\
            The system keeps history. Deliveries MUST be idempotent. It shall log e.g. failures.\n\
            ```\n\
            - not a requirement\n\
            ```\n";
        let (reqs, next) = extract(spec, &[], 1);
        assert_eq!(
            texts(&reqs),
            vec![
                (
                    "R1".into(),
                    "Send a POST when an event occurs to every registered URL".into(),
                    4
                ),
                ("R2".into(), "Sign each body with HMAC-SHA256".into(), 6),
                ("R3".into(), "Retry three times".into(), 7),
                ("R4".into(), "Store the delivery status".into(), 8),
                ("FR-010".into(), "Alert the account owner".into(), 9),
                ("NFR-2".into(), "p99 latency under 2s".into(), 10),
                ("R5".into(), "Deliveries MUST be idempotent.".into(), 12),
                ("R6".into(), "It shall log e.g. failures.".into(), 12),
            ]
        );
        assert_eq!(next, 7);
    }

    #[test]
    fn re_extraction_keeps_ids_of_unchanged_requirements() {
        let (first, next) = extract("- alpha\n- beta\n- gamma\n", &[], 1);
        assert_eq!(
            first.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["R1", "R2", "R3"]
        );
        // beta edited, delta added at the top, gamma moved.
        let (second, next2) = extract(
            "- delta\n- gamma\n- alpha\n- beta, now changed\n",
            &first,
            next,
        );
        assert_eq!(
            second
                .iter()
                .map(|r| (r.id.as_str(), r.text.as_str()))
                .collect::<Vec<_>>(),
            [
                ("R4", "delta"),
                ("R3", "gamma"),
                ("R1", "alpha"),
                ("R5", "beta, now changed")
            ]
        );
        assert_eq!(next2, 6);
        // R2 is gone and never handed out again.
        let (third, _) = extract("- new one\n", &second, next2);
        assert_eq!(third[0].id.as_str(), "R6");
    }

    #[test]
    fn same_input_same_output() {
        let spec = "- a must\n- b\nThe service SHOULD retry. Done.\n";
        assert_eq!(extract(spec, &[], 1), extract(spec, &[], 1));
    }

    #[test]
    fn labels_that_collide_with_generated_ids_are_respected() {
        let (reqs, _) = extract("- first\nR1: labelled one\n", &[], 1);
        assert_eq!(
            reqs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["R2", "R1"]
        );
    }

    #[test]
    fn prose_without_modal_is_not_a_requirement() {
        let (reqs, _) = extract("This document describes webhooks.\nIt is long.\n", &[], 1);
        assert!(reqs.is_empty());
        let (reqs, _) = extract("HMAC-SHA256 is used.\n", &[], 1);
        assert!(reqs.is_empty());
    }
}

//! Prose split into sentences at `.`, `!` or `?` followed by a space and a
//! capital letter or digit, so "e.g. this", "v1.2" and "3.5 s" stay whole.

pub fn split(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 0..chars.len() {
        let (pos, c) = chars[w];
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_space = chars.get(w + 1).is_some_and(|(_, n)| n.is_whitespace());
        let then_upper = chars.get(w + 2).is_some_and(|(_, n)| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '*' | '`' | '"' | '[' | '(')
        });
        if next_is_space && then_upper && !ends_with_abbreviation(&text[start..pos]) {
            let s = text[start..=pos].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = pos + c.len_utf8();
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
        "e.g" | "i.e" | "etc" | "vs" | "cf" | "approx" | "no" | "fig" | "mr" | "ms" | "dr" | "inc"
    )
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn sentences_keep_abbreviations_and_numbers() {
        assert_eq!(
            split("It shall log e.g. failures. Deliveries MUST be idempotent! Is v1.2 fine? Yes."),
            [
                "It shall log e.g. failures.",
                "Deliveries MUST be idempotent!",
                "Is v1.2 fine?",
                "Yes."
            ]
        );
    }
}

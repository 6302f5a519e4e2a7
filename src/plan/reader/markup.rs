//! Markdown markup taken out of a piece of text, so an item reads as words:
//! bold and italics, code ticks, links, inline HTML tags, checkboxes.
//! The spec text itself is never changed; this only makes item texts.

/// `text` without emphasis markers, code ticks, link syntax and inline tags,
/// with runs of white space folded to one space.
pub fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '~' => {
                // Emphasis and strike-through markers, never content in prose
                // (a lone `*` between spaces stays: "a * b").
                let run = chars[i..].iter().take_while(|&&d| d == c).count();
                let prev_space = i == 0 || chars[i - 1].is_whitespace();
                let next_space = chars.get(i + run).is_none_or(|d| d.is_whitespace());
                let between_digits = i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + run).is_some_and(char::is_ascii_digit);
                // A single `~` is a home directory or "about" (`~/.config`,
                // `~5 s`); only `~~` strikes through.
                let lone_tilde = c == '~' && run == 1;
                if lone_tilde || run == 1 && (prev_space && next_space || between_digits) {
                    out.push(c);
                }
                i += run;
            }
            '_' => {
                // `__bold__` and `_italic_` at word edges; `snake_case` stays.
                let run = chars[i..].iter().take_while(|&&d| d == '_').count();
                let prev_word = i > 0 && chars[i - 1].is_alphanumeric();
                let next_word = chars.get(i + run).is_some_and(|d| d.is_alphanumeric());
                if prev_word && next_word {
                    out.extend(std::iter::repeat_n('_', run));
                }
                i += run;
            }
            '`' => i += 1,
            '[' => {
                // [text](url) → text; [x] checkboxes are handled by callers.
                if let Some((label, next)) = link(&chars, i) {
                    out.push_str(&label);
                    i = next;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '<' => {
                if let Some(next) = tag_end(&chars, i) {
                    out.push(' ');
                    i = next;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    fold_space(&out)
}

/// Runs of white space as one space, trimmed.
pub fn fold_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn link(chars: &[char], open: usize) -> Option<(String, usize)> {
    let close = chars[open + 1..].iter().position(|&c| c == ']')? + open + 1;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let label: String = chars[open + 1..close].iter().collect();
    let label = if label.trim().is_empty() {
        chars[close + 2..end].iter().collect()
    } else {
        label
    };
    Some((label, end + 1))
}

/// The end (exclusive) of an inline HTML tag such as `<br>`, `</b>` or
/// `<img src="x">` starting at `open`; `None` for a `<` in prose ("a < b",
/// "<name>" placeholders stay as text).
fn tag_end(chars: &[char], open: usize) -> Option<usize> {
    let close = chars[open + 1..].iter().take(200).position(|&c| c == '>')? + open + 1;
    let inner: String = chars[open + 1..close].iter().collect();
    let name = inner.trim_start_matches('/');
    let name = name
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    const TAGS: [&str; 14] = [
        "br", "b", "i", "em", "strong", "code", "span", "div", "p", "sup", "sub", "img", "a",
        "details",
    ];
    TAGS.contains(&name.as_str()).then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn emphasis_ticks_and_links_go_words_stay() {
        assert_eq!(
            strip("**Given** a user, **When** they _save_"),
            "Given a user, When they save"
        );
        assert_eq!(
            strip("uses `snake_case` and __init__ names"),
            "uses snake_case and init names"
        );
        assert_eq!(
            strip("see [the guide](http://x/y) now"),
            "see the guide now"
        );
        assert_eq!(strip("a * b and 2*3"), "a * b and 2*3");
        assert_eq!(
            strip("line<br>break and <name> stays"),
            "line break and <name> stays"
        );
        assert_eq!(strip("~~old~~ new"), "old new");
        assert_eq!(
            strip("in `~/.config/app.toml`, ~5 s"),
            "in ~/.config/app.toml, ~5 s"
        );
    }
}

//! Text from files and models is drawn on a terminal: nothing in it may act as
//! a control sequence. [`for_terminal`] replaces escape characters, other C0
//! and C1 controls, bidi overrides and zero-width characters with visible
//! placeholders, keeping newlines and tabs. [`for_file`] is the export
//! variant: it removes those characters outright, so exported files carry no
//! placeholder noise.
use std::borrow::Cow;

/// Shown in place of ESC, so `ESC[31m` reads as `␛[31m`.
pub const ESCAPE_PLACEHOLDER: char = '␛';
/// Shown in place of every other control or invisible formatting character.
pub const CONTROL_PLACEHOLDER: char = '�';

fn is_unsafe(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates (Trojan Source).
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' => {
            true
        }
        // Zero-width and invisible characters.
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}' => true,
        _ => false,
    }
}

/// `s` with every unsafe character replaced; borrowed when already clean.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(visible).collect())
}

/// One character as [`for_terminal`] shows it: for text typed key by key
/// (a paste without bracketed paste arrives that way).
pub fn visible(c: char) -> char {
    match c {
        '\u{1b}' => ESCAPE_PLACEHOLDER,
        '\r' => ' ',
        c if is_unsafe(c) => CONTROL_PLACEHOLDER,
        c => c,
    }
}

/// `s` for a file other tools and terminals will read: every character
/// [`for_terminal`] would replace is removed instead (ESC, other C0 and C1
/// controls, bidi controls, zero-width characters), except that a carriage
/// return is dropped too, so CRLF becomes LF. Newlines and tabs are kept.
/// What an escape sequence leaves behind (`[31m`) is plain text.
pub fn for_file(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_unsafe(c)).collect())
}

/// Serialised JSON made safe for a terminal without changing its meaning:
/// serde_json writes C1 controls, bidi overrides and zero-width characters
/// as they are, so each becomes a `\uXXXX` escape. Such characters can only
/// stand inside strings, where the escape reads back as the same text.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| is_unsafe(c) && c != '\r') {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && c != '\r' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line for a table cell: sanitised, newlines and tabs folded to spaces.
pub fn one_line(s: &str) -> String {
    for_terminal(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let value = serde_json::json!({"t": "a\u{9b}31m\u{202e}b\u{200b}\u{1b}[2J"});
        let text = serde_json::to_string(&value).expect("json");
        let safe = json_for_terminal(&text);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        assert!(
            safe.contains("\\u009b") && safe.contains("\\u202e"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn control_sequences_become_visible() {
        assert_eq!(
            for_terminal("plain\ttext\n"),
            Cow::Borrowed("plain\ttext\n")
        );
        assert_eq!(for_terminal("\u{1b}[31mred\u{1b}[0m"), "␛[31mred␛[0m");
        assert_eq!(for_terminal("\u{1b}]52;c;aGk=\u{7}"), "␛]52;c;aGk=�");
        assert_eq!(for_terminal("a\u{9b}b\u{202e}c\u{200b}d\r"), "a�b�c�d ");
    }

    #[test]
    fn files_get_no_control_characters_and_no_placeholders() {
        assert_eq!(for_file("plain\ttext\n"), Cow::Borrowed("plain\ttext\n"));
        assert_eq!(for_file("\u{1b}[31mred\u{1b}[0m"), "[31mred[0m");
        assert_eq!(for_file("a\u{9b}b\u{202e}c\u{200b}d\r\n"), "abcd\n");
    }

    #[test]
    fn one_line_folds_whitespace() {
        assert_eq!(one_line("a\n  b\tc\u{1b}"), "a b c␛");
    }
}

//! A tolerant JSON reader for model answers that are almost JSON.
//!
//! It reads one value starting at a `{` or `[` and accepts what models
//! commonly get wrong: trailing and missing commas, `//`, `/* */` and `#`
//! comments, single-quoted and typographically quoted (`“…”`) strings, unquoted keys and unquoted text values,
//! Python's `True`/`False`/`None`, loose numbers (`+1`, `.5`), `NaN`, raw line
//! breaks inside strings, a mismatched closing bracket, and text cut off
//! mid-value. When the text ends early, open strings, arrays and objects are
//! closed and the element being written when it stopped is dropped, so what
//! remains is a usable prefix. Every kind of fix made is reported.
use std::collections::BTreeSet;

use serde_json::{Map, Number, Value};

/// The kinds of repair, in the words shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fix {
    TrailingComma,
    MissingComma,
    MissingColon,
    Comment,
    SingleQuotes,
    CurlyQuotes,
    UnquotedKey,
    UnquotedText,
    PythonLiteral,
    LooseNumber,
    ControlCharacter,
    BadEscape,
    MismatchedBracket,
    StrayCharacter,
    /// The text ended before the value did.
    Truncated,
}

impl Fix {
    pub fn describe(self) -> &'static str {
        match self {
            Fix::TrailingComma => "removed trailing commas",
            Fix::MissingComma => "added missing commas",
            Fix::MissingColon => "added missing colons after keys",
            Fix::Comment => "removed comments",
            Fix::SingleQuotes => "read single-quoted strings",
            Fix::CurlyQuotes => "read typographic quotes (“ ”) as quotes",
            Fix::UnquotedKey => "read unquoted keys",
            Fix::UnquotedText => "read unquoted text values",
            Fix::PythonLiteral => "read True/False/None as true/false/null",
            Fix::LooseNumber => "read loosely written numbers",
            Fix::ControlCharacter => "kept raw line breaks inside strings",
            Fix::BadEscape => "kept unknown escape sequences as text",
            Fix::MismatchedBracket => "closed a bracket with the wrong kind of bracket",
            Fix::StrayCharacter => "skipped stray characters",
            Fix::Truncated => {
                "the answer was cut off: closed what was open and dropped the unfinished last item"
            }
        }
    }
}

/// A value read tolerantly.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient {
    pub value: Value,
    /// Byte offset just past the value in the text.
    pub end: usize,
    pub fixes: BTreeSet<Fix>,
}

/// Nesting deeper than this is not a plan; give up rather than overflow the stack.
const MAX_DEPTH: usize = 128;

/// Read the value that starts at byte `start` of `text` (which must be a `{`
/// or a `[`). `None` when nothing usable is there.
pub fn read_lenient(text: &str, start: usize) -> Option<Lenient> {
    let chars = Chars::new(text);
    chars.read(start)
}

/// A text decoded into characters once, so that reading from many start
/// positions costs only what each read consumes, not the whole text again.
pub struct Chars<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
}

impl<'a> Chars<'a> {
    pub fn new(text: &'a str) -> Self {
        Chars {
            text,
            chars: text.char_indices().collect(),
        }
    }

    /// [`read_lenient`] at byte `start` of this text.
    pub fn read(&self, start: usize) -> Option<Lenient> {
        if !self.text.get(start..)?.starts_with(['{', '[']) {
            return None;
        }
        let at = self.chars.binary_search_by_key(&start, |c| c.0).ok()?;
        let mut p = Reader {
            chars: &self.chars,
            i: at,
            len: self.text.len(),
            fixes: BTreeSet::new(),
            depth: 0,
            too_deep: false,
        };
        let (value, complete) = p.value(Ctx::Top)?;
        if p.too_deep {
            return None;
        }
        if !complete {
            p.fixes.insert(Fix::Truncated);
        }
        Some(Lenient {
            value,
            end: p.offset(),
            fixes: p.fixes,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    Object,
    Array,
}

struct Reader<'a> {
    chars: &'a [(usize, char)],
    i: usize,
    len: usize,
    fixes: BTreeSet<Fix>,
    depth: usize,
    too_deep: bool,
}

/// The typographic double quotes a chat interface puts in place of `"`.
fn is_curly_quote(c: char) -> bool {
    matches!(c, '\u{201c}' | '\u{201d}')
}

/// A value and whether the text held all of it.
type Read = Option<(Value, bool)>;

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).map(|c| c.1)
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).map(|c| c.1)
    }
    fn offset(&self) -> usize {
        self.chars.get(self.i).map_or(self.len, |c| c.0)
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += 1;
            } else if c == '/' && self.peek_at(1) == Some('/') || c == '#' {
                self.fixes.insert(Fix::Comment);
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
            } else if c == '/' && self.peek_at(1) == Some('*') {
                self.fixes.insert(Fix::Comment);
                self.i += 2;
                while self.peek().is_some()
                    && !(self.peek() == Some('*') && self.peek_at(1) == Some('/'))
                {
                    self.i += 1;
                }
                self.i = (self.i + 2).min(self.chars.len());
            } else {
                break;
            }
        }
    }

    fn value(&mut self, ctx: Ctx) -> Read {
        self.skip_ws();
        match self.peek()? {
            '{' => self.nested(Self::object),
            '[' => self.nested(Self::array),
            q @ ('"' | '\'' | '\u{201c}' | '\u{201d}') => {
                let (s, complete) = self.string(q);
                Some((Value::String(s), complete))
            }
            _ => self.bare(ctx),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Read) -> Read {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn object(&mut self) -> Read {
        self.i += 1;
        let mut map = Map::new();
        let mut after_comma = false;
        loop {
            self.skip_ws();
            let Some(c) = self.peek() else {
                return Some((Value::Object(map), false));
            };
            match c {
                '}' => {
                    if after_comma {
                        self.fixes.insert(Fix::TrailingComma);
                    }
                    self.i += 1;
                    return Some((Value::Object(map), true));
                }
                ']' => {
                    self.fixes.insert(Fix::MismatchedBracket);
                    self.i += 1;
                    return Some((Value::Object(map), true));
                }
                ',' => {
                    if after_comma || map.is_empty() {
                        self.fixes.insert(Fix::TrailingComma);
                    }
                    self.i += 1;
                    after_comma = true;
                    continue;
                }
                _ => {}
            }
            if !map.is_empty() && !after_comma {
                self.fixes.insert(Fix::MissingComma);
            }
            after_comma = false;
            let key = match c {
                '"' | '\'' | '\u{201c}' | '\u{201d}' => {
                    let (k, complete) = self.string(c);
                    if !complete {
                        return Some((Value::Object(map), false));
                    }
                    k
                }
                c if is_key_char(c) => self.bare_key(),
                _ => {
                    self.fixes.insert(Fix::StrayCharacter);
                    self.i += 1;
                    continue;
                }
            };
            self.skip_ws();
            match self.peek() {
                None => return Some((Value::Object(map), false)),
                Some(':' | '=') => self.i += 1,
                Some(_) => {
                    self.fixes.insert(Fix::MissingColon);
                }
            }
            self.skip_ws();
            if self.peek().is_none() {
                return Some((Value::Object(map), false));
            }
            match self.value(Ctx::Object) {
                Some((v, true)) => {
                    map.insert(key, v);
                }
                Some((v, false)) => {
                    // An unfinished list or object is a usable prefix; an unfinished word is not.
                    if v.is_array() || v.is_object() {
                        map.insert(key, v);
                    }
                    return Some((Value::Object(map), false));
                }
                None if self.too_deep => return None,
                None => return Some((Value::Object(map), false)),
            }
        }
    }

    fn array(&mut self) -> Read {
        self.i += 1;
        let mut items = Vec::new();
        let mut after_comma = false;
        loop {
            self.skip_ws();
            let Some(c) = self.peek() else {
                return Some((Value::Array(items), false));
            };
            match c {
                ']' => {
                    if after_comma {
                        self.fixes.insert(Fix::TrailingComma);
                    }
                    self.i += 1;
                    return Some((Value::Array(items), true));
                }
                '}' => {
                    self.fixes.insert(Fix::MismatchedBracket);
                    self.i += 1;
                    return Some((Value::Array(items), true));
                }
                ',' => {
                    if after_comma || items.is_empty() {
                        self.fixes.insert(Fix::TrailingComma);
                    }
                    self.i += 1;
                    after_comma = true;
                    continue;
                }
                _ => {}
            }
            if !items.is_empty() && !after_comma {
                self.fixes.insert(Fix::MissingComma);
            }
            after_comma = false;
            match self.value(Ctx::Array) {
                Some((v, true)) => items.push(v),
                // The element being written when the text stopped is dropped.
                Some((_, false)) => return Some((Value::Array(items), false)),
                None if self.too_deep => return None,
                None => return Some((Value::Array(items), false)),
            }
        }
    }

    /// A quoted string. Inside single quotes, a quote followed by more text
    /// on the same line is an apostrophe (`'it's done'`).
    fn string(&mut self, quote: char) -> (String, bool) {
        if quote == '\'' {
            self.fixes.insert(Fix::SingleQuotes);
        }
        let curly = is_curly_quote(quote);
        if curly {
            self.fixes.insert(Fix::CurlyQuotes);
        }
        self.i += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                '\\' => {
                    let Some(e) = self.peek() else {
                        return (out, false);
                    };
                    self.i += 1;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => match self.unicode_escape() {
                            Some(ch) => out.push(ch),
                            None => return (out, false),
                        },
                        '"' | '\'' | '\\' | '/' => out.push(e),
                        other => {
                            self.fixes.insert(Fix::BadEscape);
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                c if c == quote || (curly && is_curly_quote(c)) => {
                    if quote == '\'' && self.apostrophe() {
                        out.push(c);
                        continue;
                    }
                    return (out, true);
                }
                c if c.is_control() => {
                    self.fixes.insert(Fix::ControlCharacter);
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        (out, false)
    }

    /// After a `'` inside a single-quoted string: is it an apostrophe rather
    /// than the closing quote? It closes when what follows is a delimiter.
    fn apostrophe(&self) -> bool {
        let mut k = 0;
        while let Some(c) = self.peek_at(k) {
            if c == '\n' {
                return false;
            }
            if !c.is_whitespace() {
                return !matches!(c, ',' | ':' | '}' | ']' | '/' | '#');
            }
            k += 1;
        }
        false
    }

    /// The 4 hex digits after `\u` (the `\u` is consumed), joining surrogate
    /// pairs. `None` when the text ends inside the escape.
    fn unicode_escape(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.i;
            self.i += 2;
            if let Some(lo) = self.hex4()
                && (0xDC00..0xE000).contains(&lo)
            {
                let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Some(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.peek()?;
            let Some(d) = c.to_digit(16) else {
                self.fixes.insert(Fix::BadEscape);
                return Some(0xFFFD);
            };
            v = v * 16 + d;
            self.i += 1;
        }
        Some(v)
    }

    /// An unquoted key: up to the colon on the same line when the words in
    /// between look like a key (`task number: 3`), else one identifier.
    fn bare_key(&mut self) -> String {
        self.fixes.insert(Fix::UnquotedKey);
        let mut k = 0;
        while let Some(c) = self.peek_at(k) {
            if is_key_char(c) || c == ' ' {
                k += 1;
            } else {
                break;
            }
        }
        let upto = if self.peek_at(k) == Some(':') {
            k
        } else {
            (0..k)
                .take_while(|&j| self.peek_at(j).is_some_and(is_key_char))
                .count()
        };
        let key: String = (0..upto).filter_map(|j| self.peek_at(j)).collect();
        self.i += upto;
        key.trim().to_string()
    }

    /// An unquoted word or number, up to the next delimiter.
    fn bare(&mut self, ctx: Ctx) -> Read {
        let start = self.i;
        while let Some(c) = self.peek() {
            let stop = matches!(c, ',' | '}' | ']' | '\n')
                || (c == '/' && matches!(self.peek_at(1), Some('/' | '*')))
                || (ctx == Ctx::Top && c.is_whitespace());
            if stop {
                break;
            }
            self.i += 1;
        }
        // `[1 2]`, `true false`: a number or literal ends at a space (text does not).
        let lead = self.chars[start..self.i]
            .iter()
            .take_while(|c| c.1.is_whitespace())
            .count();
        let first_len = self.chars[start + lead..self.i]
            .iter()
            .take_while(|c| !c.1.is_whitespace())
            .count();
        let first: String = self.chars[start + lead..start + lead + first_len]
            .iter()
            .map(|c| c.1)
            .collect();
        if start + lead + first_len < self.i && is_scalar_word(&first) {
            self.i = start + lead + first_len;
        }
        let complete = self.peek().is_some();
        let word: String = self.chars[start..self.i].iter().map(|c| c.1).collect();
        let word = word.trim();
        if word.is_empty() {
            // A delimiter where a value should be (`"a": ,`): read it as null.
            self.fixes.insert(Fix::StrayCharacter);
            return Some((Value::Null, complete));
        }
        Some((self.word(word), complete))
    }

    fn word(&mut self, w: &str) -> Value {
        match w {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            "null" => return Value::Null,
            "True" | "TRUE" => {
                self.fixes.insert(Fix::PythonLiteral);
                return Value::Bool(true);
            }
            "False" | "FALSE" => {
                self.fixes.insert(Fix::PythonLiteral);
                return Value::Bool(false);
            }
            "None" | "NULL" | "nil" | "undefined" => {
                self.fixes.insert(Fix::PythonLiteral);
                return Value::Null;
            }
            "NaN" | "Infinity" | "-Infinity" | "+Infinity" => {
                self.fixes.insert(Fix::LooseNumber);
                return Value::Null;
            }
            _ => {}
        }
        if let Ok(n) = serde_json::from_str::<Number>(w) {
            return Value::Number(n);
        }
        if let Some(n) = loose_number(w) {
            self.fixes.insert(Fix::LooseNumber);
            return Value::Number(n);
        }
        self.fixes.insert(Fix::UnquotedText);
        Value::String(w.to_string())
    }
}

/// A word that is a whole JSON scalar on its own: a number or a literal.
fn is_scalar_word(w: &str) -> bool {
    matches!(
        w,
        "true" | "false" | "null" | "True" | "False" | "None" | "TRUE" | "FALSE" | "NULL"
    ) || serde_json::from_str::<Number>(w).is_ok()
        || loose_number(w).is_some()
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '.')
}

/// `+3`, `.5`, `3.`, `007`: numbers JSON does not allow but people write.
fn loose_number(w: &str) -> Option<Number> {
    let t = w.strip_prefix('+').unwrap_or(w);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E'))
    {
        return None;
    }
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(Number::from(i));
    }
    let f: f64 = t.parse().ok()?;
    Number::from_f64(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(s: &str) -> (Value, Vec<Fix>) {
        let r = read_lenient(s, 0).unwrap();
        (r.value, r.fixes.into_iter().collect())
    }

    #[test]
    fn valid_json_needs_no_fix() {
        let (v, f) = read(r#"{"a": [1, 2.5, "x\n\u00e9"], "b": null, "c": true}"#);
        assert_eq!(v, json!({"a": [1, 2.5, "x\né"], "b": null, "c": true}));
        assert!(f.is_empty());
    }

    #[test]
    fn trailing_commas_and_comments() {
        let (v, f) = read("{\n // the plan\n \"a\": [1, 2,], /* why */ \"b\": 3, # hash\n}");
        assert_eq!(v, json!({"a": [1, 2], "b": 3}));
        assert_eq!(f, [Fix::TrailingComma, Fix::Comment]);
    }

    #[test]
    fn single_quotes_unquoted_keys_and_python_literals() {
        let (v, f) =
            read("{'title': 'it's done', ok: True, gone: None, kind: schema, task number: 3}");
        assert_eq!(
            v,
            json!({"title": "it's done", "ok": true, "gone": null, "kind": "schema", "task number": 3})
        );
        assert!(f.contains(&Fix::SingleQuotes) && f.contains(&Fix::UnquotedKey));
        assert!(f.contains(&Fix::PythonLiteral) && f.contains(&Fix::UnquotedText));
    }

    #[test]
    fn typographic_quotes_pasted_from_a_chat_window() {
        let (v, f) =
            read("{\u{201c}title\u{201d}: \u{201c}say \"hi\"\u{201d}, \u{201d}n\u{201d}: 1}");
        assert_eq!(v, json!({"title": "say \"hi\"", "n": 1}));
        assert!(f.contains(&Fix::CurlyQuotes));
    }

    #[test]
    fn truncated_text_keeps_the_finished_part() {
        let (v, f) =
            read(r#"{"tasks": [{"number": 1, "title": "A"}, {"number": 2, "title": "Add deliv"#);
        assert_eq!(v, json!({"tasks": [{"number": 1, "title": "A"}]}));
        assert_eq!(f, [Fix::Truncated]);
        let (v, _) = read(r#"{"tasks": [{"number": 1}], "notes": ["cut"#);
        assert_eq!(v, json!({"tasks": [{"number": 1}], "notes": []}));
        let (v, _) = read(r#"{"a": 1, "b": 12"#);
        assert_eq!(v, json!({"a": 1}));
    }

    #[test]
    fn missing_commas_and_mismatched_brackets() {
        let (v, f) = read("{\"a\": 1\n\"b\": [1 2}\n}");
        assert_eq!(v, json!({"a": 1, "b": [1, 2]}));
        assert!(f.contains(&Fix::MissingComma) && f.contains(&Fix::MismatchedBracket));
    }

    #[test]
    fn end_offset_stops_after_the_value() {
        let text = "{\"a\": 1} and then prose";
        let r = read_lenient(text, 0).unwrap();
        assert_eq!(&text[..r.end], "{\"a\": 1}");
    }

    #[test]
    fn deep_nesting_gives_up_instead_of_overflowing() {
        let s = "[".repeat(10_000);
        assert!(read_lenient(&s, 0).is_none());
    }
}

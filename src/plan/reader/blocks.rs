//! A spec's lines as Markdown blocks: headings, list items (with their
//! nesting and continuation lines), paragraphs, tables and rules. Code
//! blocks, HTML comments, front matter and lone tags (`<context>`, `<PRD>`)
//! hold nothing to read and are skipped. Lenient by design: real specs are
//! hand-written, wrapped by editors and pasted from elsewhere.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `## Title`, a setext heading, or a line that is only bold text
    /// (`**Out of scope**`), which counts one level below the heading it
    /// stands under (`pseudo`).
    Heading {
        level: u8,
        text: String,
        line: usize,
        pseudo: bool,
    },
    /// A list item. `parent` is the index of the item it is nested in.
    Item {
        depth: usize,
        parent: Option<usize>,
        /// The written number of a numbered item (`3`, `1.2`, `b`).
        number: Option<String>,
        text: String,
        line: usize,
    },
    Para {
        text: String,
        line: usize,
        /// A short standalone line ending in `:` or in capitals, which may
        /// introduce what follows ("Out of scope:", "NON-GOALS").
        intro: bool,
    },
    Table {
        header: Vec<String>,
        rows: Vec<(usize, Vec<String>)>,
        line: usize,
    },
    /// A fenced code block: never items, but entity sections name types in them.
    Code {
        text: String,
        line: usize,
    },
    Rule,
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Item { line, .. }
            | Block::Para { line, .. }
            | Block::Table { line, .. }
            | Block::Code { line, .. } => *line,
            Block::Rule => 0,
        }
    }
}

/// The blocks of `text`, in order.
pub fn scan(text: &str) -> Vec<Block> {
    let mut s = Scanner::default();
    let lines: Vec<&str> = text.lines().collect();
    let start = front_matter_end(&lines);
    let mut k = start;
    while k < lines.len() {
        k = s.line(&lines, k);
    }
    s.close_para();
    s.out
}

#[derive(Default)]
struct Scanner {
    out: Vec<Block>,
    /// Open list items: (marker indent, block index).
    items: Vec<(usize, usize)>,
    /// The paragraph being built: (first line, text).
    para: Option<(usize, String)>,
    /// The previous line was blank.
    blank: bool,
    /// The previous non-blank line belongs to the last item (lazy continuation).
    in_item_text: bool,
    /// An open code fence: its marker and the block it fills.
    fence: Option<(String, usize)>,
    comment: bool,
    /// The current heading level, for placing bold-only pseudo-headings.
    level: u8,
}

impl Scanner {
    /// Read line `k`; returns the next line to read.
    fn line(&mut self, lines: &[&str], k: usize) -> usize {
        let line_no = k + 1;
        let raw = lines[k].replace('\t', "    ");
        let raw = raw.trim_end();
        if let Some((marker, index)) = &self.fence {
            if raw.trim_start().starts_with(marker.as_str()) {
                self.fence = None;
            } else if let Some(Block::Code { text, .. }) = self.out.get_mut(*index) {
                text.push_str(raw);
                text.push('\n');
            }
            return k + 1;
        }
        if self.comment {
            if raw.contains("-->") {
                self.comment = false;
            }
            return k + 1;
        }
        let trimmed = raw.trim_start();
        let quoted = unquote(trimmed);
        let indent = raw.len() - trimmed.len();
        let trimmed = quoted;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            self.close_para();
            self.fence = Some((trimmed[..3].to_string(), self.out.len()));
            self.out.push(Block::Code {
                text: String::new(),
                line: line_no,
            });
            self.blank = false;
            return k + 1;
        }
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            if !rest.contains("-->") {
                self.comment = true;
            }
            return k + 1;
        }
        if trimmed.is_empty() || is_lone_tag(trimmed) {
            self.close_para();
            self.blank = true;
            self.in_item_text = false;
            return k + 1;
        }
        // Setext headings: the paragraph line above, underlined.
        if let Some((p_line, p_text)) = &self.para
            && *p_line + 1 == line_no
            && indent < 4
            && (trimmed.chars().all(|c| c == '=') || trimmed.chars().all(|c| c == '-'))
            && trimmed.len() >= 3
            && !self.blank
        {
            let level = if trimmed.starts_with('=') { 1 } else { 2 };
            let (line, text) = (*p_line, p_text.clone());
            self.para = None;
            self.heading(level, text, line, false);
            return k + 1;
        }
        if let Some((level, text)) = atx(trimmed) {
            self.close_para();
            self.heading(level, text.to_string(), line_no, false);
            return k + 1;
        }
        if is_rule(trimmed) {
            self.close_para();
            self.items.clear();
            self.out.push(Block::Rule);
            self.blank = false;
            self.in_item_text = false;
            return k + 1;
        }
        if trimmed.starts_with('|') {
            self.close_para();
            return self.table(lines, k);
        }
        if let Some(text) = bold_only(trimmed)
            && (self.blank || self.para.is_none())
            && (indent == 0 || self.items.is_empty())
        {
            self.close_para();
            self.items.clear();
            let level = self.level.saturating_add(1).min(7);
            self.out.push(Block::Heading {
                level,
                text,
                line: line_no,
                pseudo: true,
            });
            self.blank = false;
            return k + 1;
        }
        if let Some((number, body)) = item_marker(trimmed) {
            self.close_para();
            while self.items.last().is_some_and(|&(m, _)| m >= indent) {
                self.items.pop();
            }
            let parent = self.items.last().map(|&(_, i)| i);
            let depth = self.items.len();
            self.items.push((indent, self.out.len()));
            self.out.push(Block::Item {
                depth,
                parent,
                number,
                text: body.to_string(),
                line: line_no,
            });
            self.blank = false;
            self.in_item_text = true;
            return k + 1;
        }
        // A continuation of an open item: indented under it, or straight
        // after its text with no blank line between (lazy continuation).
        let owner = self
            .items
            .iter()
            .rev()
            .find(|&&(m, _)| indent > m)
            .map(|&(_, i)| i);
        let owner = match owner {
            Some(i) if !self.blank || indent > 0 => Some(i),
            _ if self.in_item_text && !self.blank && !starts_new_line(trimmed) => {
                self.items.last().map(|&(_, i)| i)
            }
            _ => None,
        };
        if let Some(i) = owner
            && self.para.is_none()
            && let Some(Block::Item { text, .. }) = self.out.get_mut(i)
        {
            if self.blank {
                text.push_str("\n\n");
            } else {
                text.push(' ');
            }
            text.push_str(trimmed);
            self.blank = false;
            self.in_item_text = true;
            return k + 1;
        }
        if indent == 0 || self.blank {
            self.items.clear();
        }
        self.in_item_text = false;
        // A labelled line starts its own paragraph.
        if self.para.is_some() && starts_new_line(trimmed) {
            self.close_para();
        }
        match &mut self.para {
            Some((_, t)) => {
                t.push(' ');
                t.push_str(trimmed);
            }
            None => self.para = Some((line_no, trimmed.to_string())),
        }
        self.blank = false;
        k + 1
    }

    fn heading(&mut self, level: u8, text: String, line: usize, pseudo: bool) {
        self.items.clear();
        self.level = level;
        self.out.push(Block::Heading {
            level,
            text,
            line,
            pseudo,
        });
        self.blank = false;
        self.in_item_text = false;
    }

    fn close_para(&mut self) {
        if let Some((line, text)) = self.para.take() {
            let intro = is_intro(&text);
            self.out.push(Block::Para { text, line, intro });
        }
    }

    fn table(&mut self, lines: &[&str], start: usize) -> usize {
        let mut k = start;
        let mut raw_rows: Vec<(usize, Vec<String>)> = Vec::new();
        while k < lines.len() {
            let t = unquote(lines[k].trim());
            if !t.starts_with('|') {
                break;
            }
            raw_rows.push((k + 1, cells(t)));
            k += 1;
        }
        let line = start + 1;
        let sep = raw_rows
            .iter()
            .position(|(_, c)| !c.is_empty() && c.iter().all(|x| is_separator_cell(x)));
        let (header, rows) = match sep {
            Some(1) => {
                let header = raw_rows[0].1.clone();
                (header, raw_rows.into_iter().skip(2).collect())
            }
            _ => (
                Vec::new(),
                raw_rows
                    .into_iter()
                    .filter(|(_, c)| !c.iter().all(|x| is_separator_cell(x)))
                    .collect(),
            ),
        };
        self.items.clear();
        self.out.push(Block::Table { header, rows, line });
        self.blank = false;
        self.in_item_text = false;
        k
    }
}

/// `> text` → `text`.
fn unquote(s: &str) -> &str {
    let mut t = s;
    while let Some(r) = t.strip_prefix('>') {
        t = r.trim_start();
    }
    t
}

/// Where YAML front matter (`---` … `---` at the top) ends, else 0.
fn front_matter_end(lines: &[&str]) -> usize {
    if lines.first().map(|l| l.trim()) != Some("---") {
        return 0;
    }
    for (i, l) in lines.iter().enumerate().skip(1).take(60) {
        let t = l.trim();
        if t == "---" || t == "..." {
            return i + 1;
        }
        if !t.is_empty()
            && !t.contains(':')
            && !t.starts_with('-')
            && !t.starts_with('#')
            && !l.starts_with(' ')
        {
            return 0;
        }
    }
    0
}

/// A line that is only an XML-style tag: `<context>`, `</PRD>`, `<details>`.
fn is_lone_tag(s: &str) -> bool {
    s.starts_with('<')
        && s.ends_with('>')
        && !s[1..s.len() - 1].contains(['<', '>'])
        && s[1..]
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic())
        && s.len() <= 40
        && !s.contains(' ')
        || s.starts_with("<summary>") && s.ends_with("</summary>")
}

/// An ATX heading: level and text.
fn atx(s: &str) -> Option<(u8, &str)> {
    let level = s.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &s[level..];
    let text = if let Some(r) = rest.strip_prefix([' ', '\t']) {
        r
    } else if rest.starts_with(|c: char| c.is_alphabetic()) {
        // "##Title", written without the space.
        rest
    } else if rest.is_empty() {
        ""
    } else {
        return None;
    };
    let text = text.trim().trim_end_matches('#').trim_end();
    Some((level as u8, text))
}

fn is_rule(s: &str) -> bool {
    let c = s.chars().find(|c| !c.is_whitespace());
    let Some(c) = c else { return false };
    matches!(c, '-' | '*' | '_')
        && s.chars().filter(|&x| x == c).count() >= 3
        && s.chars().all(|x| x == c || x == ' ')
}

/// The text of a line that is only bold (or a bold line ending in `:`).
fn bold_only(s: &str) -> Option<String> {
    for m in ["**", "__"] {
        let Some(inner) = s.strip_prefix(m) else {
            continue;
        };
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        let inner = inner.strip_suffix(m)?;
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        if inner.is_empty() || inner.contains(m) || inner.len() > 80 {
            return None;
        }
        return Some(inner.trim().to_string());
    }
    None
}

/// A list marker at the start of `s`: the written number (for numbered
/// items) and the text after the marker and any checkbox.
fn item_marker(s: &str) -> Option<(Option<String>, &str)> {
    let (number, rest) = if let Some(rest) = s.strip_prefix(['-', '*', '+', '•', '‣', '◦', '▪'])
    {
        (None, rest)
    } else {
        let open = s.starts_with('(');
        let body = if open { &s[1..] } else { s };
        let b = body.as_bytes();
        // "3", "1.2", "1.2.3": runs of at most three digits joined by dots.
        let mut n = 0;
        loop {
            let run = b[n..].iter().take_while(|c| c.is_ascii_digit()).count();
            if run == 0 || run > 3 {
                if run > 3 {
                    return None;
                }
                break;
            }
            n += run;
            if b.get(n) == Some(&b'.') && b.get(n + 1).is_some_and(u8::is_ascii_digit) {
                n += 1;
            } else {
                break;
            }
        }
        if n == 0 {
            // "a." or "b)" with a space after.
            if b.len() > 2
                && b[0].is_ascii_lowercase()
                && matches!(b[1], b'.' | b')')
                && b[2] == b' '
            {
                n = 1;
            } else {
                return None;
            }
        }
        let written = &body[..n];
        let after = &body[n..];
        let after = if open {
            after.strip_prefix(')')?
        } else {
            after.strip_prefix(['.', ')'])?
        };
        (Some(written.to_string()), after)
    };
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let body = rest.trim_start();
    let body = [
        "[ ]", "[x]", "[X]", "[-]", "[~]", "[/]", "✅", "☑", "✔", "⬜", "❌", "✓",
    ]
    .iter()
    .find_map(|b| body.strip_prefix(b))
    .map_or(body, str::trim_start);
    Some((number, body))
}

/// A line that starts something of its own even when it follows text
/// directly: a label (`FR-2: ...`) or an EARS clause (`WHEN ...`).
fn starts_new_line(s: &str) -> bool {
    super::labels::split(s).is_some() || super::ears::starts_clause(s)
}

/// A short line that introduces what follows: ends in `:` or is in capitals.
fn is_intro(s: &str) -> bool {
    let words = s.split_whitespace().count();
    if words == 0 || words > 12 {
        return false;
    }
    let t = s.trim_end();
    if t.ends_with([':', '：']) {
        return true;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    words <= 6 && letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn is_separator_cell(c: &str) -> bool {
    let t = c.trim();
    !t.is_empty() && t.chars().all(|x| matches!(x, '-' | ':' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        scan(text)
            .iter()
            .map(|b| match b {
                Block::Heading {
                    level,
                    text,
                    pseudo,
                    ..
                } => {
                    format!("H{level}{} {text}", if *pseudo { "*" } else { "" })
                }
                Block::Item {
                    depth,
                    number,
                    text,
                    ..
                } => {
                    format!(
                        "I{depth}{} {text}",
                        number
                            .as_deref()
                            .map(|n| format!("#{n}"))
                            .unwrap_or_default()
                    )
                }
                Block::Para { text, intro, .. } => {
                    format!("P{} {text}", if *intro { "!" } else { "" })
                }
                Block::Table { header, rows, .. } => {
                    format!("T {} {}", header.join("/"), rows.len())
                }
                Block::Code { text, .. } => format!("C {}", text.trim()),
                Block::Rule => "---".to_string(),
            })
            .collect()
    }

    #[test]
    fn items_nest_and_continue() {
        let text = "# Title\n\nIntro line\nwrapped.\n\n- one\n  still one\n  - child\n- two\nlazy two\n\n1. first\n2) second\n   a. nested\n\n**Out of scope**\n- [ ] boxed\n\n| id | text |\n|---|---|\n| FR-1 | x |\n\n```\n- code\n```\n<!-- a\ncomment -->\n<context>\n---\nSetext\n======\n";
        assert_eq!(
            kinds(text),
            [
                "H1 Title",
                "P Intro line wrapped.",
                "I0 one still one",
                "I1 child",
                "I0 two lazy two",
                "I0#1 first",
                "I0#2 second",
                "I1#a nested",
                "H2* Out of scope",
                "I0 boxed",
                "T id/text 1",
                "C - code",
                "---",
                "H1 Setext",
            ]
        );
    }

    #[test]
    fn labelled_lines_are_their_own_paragraphs() {
        assert_eq!(
            kinds("FR-1: one\nFR-2: two\nwrapped\n\nNON-GOALS\n"),
            ["P FR-1: one", "P FR-2: two wrapped", "P! NON-GOALS"]
        );
    }
}

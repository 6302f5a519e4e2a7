//! A TOML-aware skim of a session file for the listing: where the top-level
//! keys end and how many `[[tasks]]` headers follow, found by tracking only
//! strings, comments and brackets, without building the document.
//!
//! The listing parses just the top-level keys with the real parser; this
//! skim never decides a value, only where the top level stops. The same
//! tracking finds every table header ([`headers`]): where the loader cuts
//! a big file into pieces.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Skim {
    /// Byte offset where the first table header starts (the top-level keys
    /// are all before it), or the text's length if there is none.
    pub head_end: usize,
    /// How many `[[tasks]]` headers there are.
    pub task_headers: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Code,
    /// Inside `"""`.
    MultiBasic,
    /// Inside `'''`.
    MultiLiteral,
}

/// `None` if a string or bracket is left open: the text is not valid TOML,
/// and the caller should parse it properly to report where.
pub(crate) fn skim(text: &str) -> Option<Skim> {
    let b = text.as_bytes();
    let mut state = In::Code;
    let mut depth = 0usize;
    let mut head_end = None;
    let mut task_headers = 0;
    let mut start = 0;
    while start < b.len() {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| start + p);
        let line = &b[start..end];
        let trimmed = trim_start(line);
        if state == In::Code && depth == 0 && trimmed.first() == Some(&b'[') {
            head_end.get_or_insert(start);
            if is_tasks_header(trimmed) {
                task_headers += 1;
            }
        } else {
            state = scan_line(line, state, &mut depth)?;
        }
        start = end + 1;
    }
    (state == In::Code && depth == 0).then_some(Skim {
        head_end: head_end.unwrap_or(b.len()),
        task_headers,
    })
}

/// A table header line: `[spec]`, `[[tasks]]`, `[[ "spec" . 'requirements' ]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// Byte offset where its line starts.
    pub start: usize,
    /// `[[...]]`: an element of an array of tables.
    pub array: bool,
    /// The dotted key, unquoted.
    pub key: Vec<String>,
}

/// Every table header of `text`, in order; `None` if a string or bracket is
/// left open or a header is written in a way this does not read (a key with
/// escapes, say): the caller then parses the text whole.
pub(crate) fn headers(text: &str) -> Option<Vec<Header>> {
    let b = text.as_bytes();
    let mut state = In::Code;
    let mut depth = 0usize;
    let mut found = Vec::new();
    let mut start = 0;
    while start < b.len() {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| start + p);
        let line = &b[start..end];
        let trimmed = trim_start(line);
        if state == In::Code && depth == 0 && trimmed.first() == Some(&b'[') {
            let (array, key) = header_key(trimmed)?;
            found.push(Header { start, array, key });
        } else {
            state = scan_line(line, state, &mut depth)?;
        }
        start = end + 1;
    }
    (state == In::Code && depth == 0).then_some(found)
}

/// The kind and key of a header line (from its `[`), allowing only what
/// can be read without unescaping: bare keys and quoted keys without `\`.
fn header_key(line: &[u8]) -> Option<(bool, Vec<String>)> {
    let array = line.starts_with(b"[[");
    let mut rest = &line[if array { 2 } else { 1 }..];
    let mut key = Vec::new();
    loop {
        rest = trim_start(rest);
        let (part, after) = match rest.first()? {
            b'"' | b'\'' => {
                let quote = rest[0];
                let close = rest[1..].iter().position(|&c| c == quote)? + 1;
                let part = &rest[1..close];
                if part.contains(&b'\\') || part.contains(&b'\r') {
                    return None;
                }
                (part, &rest[close + 1..])
            }
            _ => {
                let n = rest
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
                    .count();
                if n == 0 {
                    return None;
                }
                rest.split_at(n)
            }
        };
        key.push(String::from_utf8(part.to_vec()).ok()?);
        rest = trim_start(after);
        match rest.first()? {
            b'.' => rest = &rest[1..],
            b']' => break,
            _ => return None,
        }
    }
    let close: &[u8] = if array { b"]]" } else { b"]" };
    let rest = trim_start(rest.strip_prefix(close)?);
    let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
    (rest.is_empty() || rest[0] == b'#').then_some((array, key))
}

/// Follow one line of keys and values, returning the state it ends in.
fn scan_line(line: &[u8], mut state: In, depth: &mut usize) -> Option<In> {
    let mut j = 0;
    while j < line.len() {
        match state {
            In::Code => match line[j] {
                b'#' => return Some(In::Code),
                b'"' if line[j..].starts_with(b"\"\"\"") => {
                    state = In::MultiBasic;
                    j += 3;
                    continue;
                }
                b'"' => {
                    j = end_of_basic(line, j + 1)?;
                    continue;
                }
                b'\'' if line[j..].starts_with(b"'''") => {
                    state = In::MultiLiteral;
                    j += 3;
                    continue;
                }
                b'\'' => {
                    j += 1 + line[j + 1..].iter().position(|&c| c == b'\'')? + 1;
                    continue;
                }
                b'[' | b'{' => *depth += 1,
                b']' | b'}' => *depth = depth.checked_sub(1)?,
                _ => {}
            },
            In::MultiBasic => match line[j] {
                b'\\' => {
                    j += 2;
                    continue;
                }
                b'"' if line[j..].starts_with(b"\"\"\"") => {
                    // Up to two quotes before the closing three belong to the string.
                    j += quote_run(&line[j..], b'"');
                    state = In::Code;
                    continue;
                }
                _ => {}
            },
            In::MultiLiteral => {
                if line[j..].starts_with(b"'''") {
                    j += quote_run(&line[j..], b'\'');
                    state = In::Code;
                    continue;
                }
            }
        }
        j += 1;
    }
    Some(state)
}

/// Index just past the `"` closing a one-line basic string whose content starts at `from`.
fn end_of_basic(line: &[u8], mut from: usize) -> Option<usize> {
    while from < line.len() {
        match line[from] {
            b'\\' => from += 2,
            b'"' => return Some(from + 1),
            _ => from += 1,
        }
    }
    None
}

fn quote_run(s: &[u8], quote: u8) -> usize {
    s.iter().take(5).take_while(|&&c| c == quote).count()
}

fn trim_start(line: &[u8]) -> &[u8] {
    let n = line
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    &line[n..]
}

/// `[[tasks]]`, also spaced or quoted (`[[ "tasks" ]]`), with an optional comment after.
fn is_tasks_header(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"[[") else {
        return false;
    };
    let Some(close) = rest.windows(2).position(|w| w == b"]]") else {
        return false;
    };
    let key: Vec<u8> = rest[..close]
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    matches!(key.as_slice(), b"tasks" | b"\"tasks\"" | b"'tasks'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Option<usize> {
        skim(text).map(|s| s.task_headers)
    }

    #[test]
    fn finds_the_end_of_the_top_level_and_counts_task_headers() {
        let text = "format_version = 1\ntitle = \"x\"\n\n[spec]\ntext = \"\"\n\n[[tasks]]\nid = \"T1\"\n  [[ \"tasks\" ]] # two\nid = \"T2\"\n[[versions]]\n[[versions.tasks]]\n";
        let s = skim(text).expect("skims");
        assert_eq!(&text[..s.head_end], "format_version = 1\ntitle = \"x\"\n\n");
        assert_eq!(s.task_headers, 2);
    }

    #[test]
    fn headers_inside_strings_and_arrays_do_not_count() {
        let text = concat!(
            "title = \"[[tasks]]\" # [[tasks]]\n",
            "a = \"\"\"\n[[tasks]]\n\\\"\"\"\n[[tasks]]\n\"\"\"\"\n",
            "b = '''\n[[tasks]]\n'''''\n",
            "c = [\n[1, 2],\n['[', \"]\"],\n]\n",
            "d = \"\"\"one line\"\"\"\n",
            "[spec]\ntext = '''\n[[tasks]]\n'''\n[[tasks]]\n",
        );
        let parsed: toml::Table = text.parse().expect("the fixture is valid TOML");
        assert_eq!(parsed["tasks"].as_array().map(Vec::len), Some(1));
        let s = skim(text).expect("skims");
        assert_eq!(s.task_headers, 1);
        assert!(
            text[s.head_end..].starts_with("[spec]"),
            "{}",
            &text[s.head_end..]
        );
    }

    #[test]
    fn headers_are_found_with_their_keys_and_odd_ones_are_refused() {
        let text = concat!(
            "title = \"[[tasks]]\"\n",
            "a = '''\n[[tasks]]\n'''\n",
            "[spec]\n",
            "  [[ \"spec\" . 'requirements' ]] # first\n",
            "[[tasks]]\r\n",
            "[tasks.extra-bits]\n",
        );
        let found = headers(text).expect("reads");
        let keys: Vec<(bool, Vec<&str>)> = found
            .iter()
            .map(|h| (h.array, h.key.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            keys,
            vec![
                (false, vec!["spec"]),
                (true, vec!["spec", "requirements"]),
                (true, vec!["tasks"]),
                (false, vec!["tasks", "extra-bits"]),
            ]
        );
        assert!(text[found[0].start..].starts_with("[spec]"));
        assert_eq!(
            headers("[\"a\\u0041\"]\n"),
            None,
            "escapes are not read here"
        );
        assert_eq!(headers("[a] b = 1\n"), None);
        assert_eq!(headers("[a\n"), None);
        assert_eq!(headers("[[a]\n"), None);
        assert_eq!(headers("x = 1\n"), Some(Vec::new()));
    }

    #[test]
    fn unclosed_strings_and_brackets_are_not_skimmed() {
        assert_eq!(count("a = \"open\n"), None);
        assert_eq!(count("a = \"\"\"\nopen\n"), None);
        assert_eq!(count("a = [1,\n"), None);
        assert_eq!(count("a = ]\n"), None);
        assert_eq!(count(""), Some(0));
    }

    mod prop {
        use proptest::prelude::*;

        use super::super::skim;
        use crate::plan::{Session, Stage, Task, TaskId, Timestamp};

        fn text() -> impl Strategy<Value = String> {
            let pieces = prop_oneof![
                Just("[[tasks]]".to_string()),
                Just("\n".to_string()),
                Just("\"".to_string()),
                Just("'''".to_string()),
                Just("\"\"\"".to_string()),
                Just("\\".to_string()),
                Just("#".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                "[a-zé ]{0,6}",
            ];
            proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
        }

        /// A case the property test once found: a title of newlines and
        /// runs of quotes.
        #[test]
        fn quote_runs_in_a_title() {
            let s = Session::new("x", "\n'''\"\"\"\"\"\"", Timestamp(0));
            let text = toml::to_string(&s).expect("encodes");
            let skimmed = skim(&text).expect("skims");
            let head: toml::Table = text[..skimmed.head_end]
                .parse()
                .expect("the head parses on its own");
            assert_eq!(
                head.get("title").and_then(|v| v.as_str()),
                Some(s.title.as_str())
            );
        }

        proptest! {
            // Failures are kept as named tests above, not in a side folder.
            #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn agrees_with_the_parser_on_written_sessions(
                title in text(),
                spec in text(),
                titles in proptest::collection::vec(text(), 0..6),
                pretty in any::<bool>(),
            ) {
                let mut s = Session::new("x", title, Timestamp(1_764_000_000));
                s.stage = Stage::Ambiguities;
                s.spec.text = spec.clone();
                s.spec.context = spec;
                s.tasks = titles.into_iter().enumerate().map(|(i, t)| {
                    let mut task = Task::new(TaskId(i as u32 + 1), t.clone());
                    task.description = t;
                    task
                }).collect();
                let text = if pretty { toml::to_string_pretty(&s) } else { toml::to_string(&s) }.expect("encodes");
                let skimmed = skim(&text).expect("written sessions always skim");
                prop_assert_eq!(skimmed.task_headers, s.tasks.len());
                let head: toml::Table = text[..skimmed.head_end].parse().expect("the head parses on its own");
                prop_assert_eq!(head.get("title").and_then(|v| v.as_str()), Some(s.title.as_str()));
                prop_assert!(head.get("spec").is_none());
            }
        }
    }
}

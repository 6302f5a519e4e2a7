//! Reading a config file so that one bad value costs only itself: every
//! syntax error and every key that does not fit is reported with its line,
//! that key (or the table it breaks) is left out, and everything else in the
//! file is kept.
//!
//! The text is parsed with the parser's error recovery, which reports every
//! syntax error; an entry a syntax error falls in is dropped, since what the
//! parser made of it is a guess. The rest is read into `T` with the usual
//! serde rules (`deny_unknown_fields` and all); when that fails, the entry
//! the error points into is dropped and `T` is read again, until it fits.
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, Deserializer};

use super::line_col;

/// One problem found in the text, with what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// `line 3, column 1: unknown field `colour`, expected ...; ignored`
    pub message: String,
    pub line: Option<usize>,
    /// The dotted path of what was left out (`["providers", "local"]`), if anything.
    pub dropped: Option<Vec<String>>,
}

/// Where a top-level key's value is, for problems found after reading.
pub(crate) type Lines = Vec<(String, usize)>;

/// `T` from `text`, with every valid part kept, every problem found, and the
/// line of each top-level key. `T::default()` only when nothing can be kept.
pub(crate) fn read<T: DeserializeOwned + Default>(text: &str) -> (T, Vec<Problem>, Lines) {
    let (mut doc, syntax) = DeTable::parse_recoverable(text);
    let mut problems = Vec::new();
    for e in &syntax {
        let at = e.span().map(|s| s.start);
        let dropped = at.and_then(|at| drop_at(doc.get_mut(), at));
        problems.push(Problem {
            message: format!(
                "{}{}",
                position(text, e),
                outcome(dropped.as_deref(), false)
            ),
            line: line_of(text, e),
            dropped,
        });
    }
    let lines = doc
        .get_ref()
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), line_col(text, v.span().start).0))
        .collect();
    // Each failed read drops at least one entry, so this ends; the bound
    // only guards against a parser that reports an error nowhere.
    for _ in 0..=entries(doc.get_ref()) {
        match T::deserialize(Deserializer::from(doc.clone())) {
            Ok(value) => return (value, problems, lines),
            Err(e) => {
                let unknown = e.message().starts_with("unknown field");
                let dropped = e.span().and_then(|s| drop_at(doc.get_mut(), s.start));
                let stop = dropped.is_none();
                problems.push(Problem {
                    message: format!(
                        "{}{}",
                        position(text, &e),
                        outcome(dropped.as_deref(), unknown)
                    ),
                    line: line_of(text, &e),
                    dropped,
                });
                if stop {
                    break;
                }
            }
        }
    }
    (T::default(), problems, lines)
}

fn line_of(text: &str, e: &toml::de::Error) -> Option<usize> {
    e.span().map(|s| line_col(text, s.start).0)
}

/// `line 3, column 1: <the parser's message>`.
fn position(text: &str, e: &toml::de::Error) -> String {
    super::toml_error_message(text, e)
}

/// What happened to the entry a problem was in.
fn outcome(dropped: Option<&[String]>, unknown: bool) -> String {
    match dropped {
        None => String::new(),
        Some(_) if unknown => "; ignored".to_string(),
        Some([key]) => format!("; `{key}` keeps its default"),
        Some([table, name]) if table == "providers" => {
            format!("; [providers.{name}] is left out")
        }
        Some(path) => format!("; `{}` is left out", path.join(".")),
    }
}

fn entries(t: &DeTable<'_>) -> usize {
    t.iter()
        .map(|(_, v)| match v.get_ref() {
            DeValue::Table(inner) => 1 + entries(inner),
            _ => 1,
        })
        .sum()
}

/// Remove the innermost entry whose key or value holds byte `at`; its
/// path, or `None` if no entry does.
fn drop_at(t: &mut DeTable<'_>, at: usize) -> Option<Vec<String>> {
    let path = innermost(t, at)?;
    let (last, parents) = path.split_last()?;
    let mut table = t;
    for key in parents {
        match table.get_mut(key.as_str()).map(Spanned::get_mut) {
            Some(DeValue::Table(inner)) => table = inner,
            _ => return None,
        }
    }
    table.remove(last.as_str())?;
    Some(path)
}

fn innermost(t: &DeTable<'_>, at: usize) -> Option<Vec<String>> {
    let holds =
        |s: std::ops::Range<usize>| s.start <= at && (at < s.end || s.is_empty() && at == s.start);
    let mut best: Option<Vec<String>> = None;
    for (k, v) in t.iter() {
        let key: &DeString<'_> = k.get_ref();
        // A table written with a header has its header's span, which need
        // not hold the keys inside it: look inside every table.
        let inner = match v.get_ref() {
            DeValue::Table(inner) => innermost(inner, at),
            _ => None,
        };
        let found = match inner {
            Some(mut path) => {
                path.insert(0, key.to_string());
                Some(path)
            }
            None if holds(k.span()) || holds(v.span()) => Some(vec![key.to_string()]),
            None => None,
        };
        if let Some(path) = found
            && best.as_ref().is_none_or(|b| path.len() > b.len())
        {
            best = Some(path);
        }
    }
    best
}

//! Reading a big session file a piece at a time, so memory stays a small
//! multiple of the file.
//!
//! The TOML parser keeps every token and every parse event of the text it
//! reads, and then a spanned tree of it, before the first task exists: about
//! ten times the text (a 130 MB session took 1.3 GB). A session is almost
//! all long lists of tables — `[[tasks]]`, `[[spec.requirements]]`,
//! `[[ambiguities]]`, `[[versions.tasks]]` — so those are cut out and read
//! a few hundred kilobytes at a time, each batch straight into its typed
//! list, and the rest (the top-level keys, `[spec]` with its text, the
//! short lists) is read as one smaller document. The result is the same
//! session the whole text gives.
//!
//! Anything unusual — a header this does not read, a list also given
//! another way, an older format, a piece that does not parse — and
//! [`parse`] returns `None`: the caller reads the whole text, which also
//! gives the exact error with its line and column.
use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer};

use super::skim::{Header, headers};
use crate::plan::{Ambiguity, FORMAT_VERSION, Requirement, Session, Task};

/// Below this, reading the text whole costs little; above it, pieces.
pub(crate) const PIECES_FROM: usize = 256 * 1024;

/// How much of a list one batch reads at most (unless one element is bigger).
pub(crate) const BATCH_BYTES: usize = 256 * 1024;

/// The lists read in batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Tasks,
    Requirements,
    Ambiguities,
    /// `[[versions.tasks]]`: the tasks of the `[[versions]]` element above.
    VersionTasks,
}

impl List {
    fn of(key: &[String]) -> Option<List> {
        let key: Vec<&str> = key.iter().map(String::as_str).collect();
        match key.as_slice() {
            ["tasks"] => Some(List::Tasks),
            ["spec", "requirements"] => Some(List::Requirements),
            ["ambiguities"] => Some(List::Ambiguities),
            ["versions", "tasks"] => Some(List::VersionTasks),
            _ => None,
        }
    }
    fn key_len(self) -> usize {
        match self {
            List::Tasks | List::Ambiguities => 1,
            List::Requirements | List::VersionTasks => 2,
        }
    }
}

/// Consecutive elements of one list, as ranges of the text.
#[derive(Debug)]
struct Batch {
    list: List,
    /// For `VersionTasks`: which `[[versions]]` element (0-based).
    version: usize,
    ranges: Vec<Range<usize>>,
    bytes: usize,
}

/// One batch's text read as TOML: only its list, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Piece {
    #[serde(default)]
    tasks: Vec<Task>,
    #[serde(default)]
    ambiguities: Vec<Ambiguity>,
    #[serde(default)]
    spec: Option<SpecPiece>,
    #[serde(default)]
    versions: Option<VersionsPiece>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecPiece {
    requirements: Vec<Requirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionsPiece {
    tasks: Vec<Task>,
}

/// The session in `text`, read in pieces of at most about `batch_bytes` of
/// list; `None` when the text should be read whole instead (see the module
/// comment). Counters are not normalised here.
pub(crate) fn parse(text: &str, batch_bytes: usize) -> Option<Session> {
    let found = headers(text)?;
    let (skeleton, batches) = split(text, &found, batch_bytes)?;
    if batches.is_empty() {
        return None;
    }
    let mut session = parse_skeleton(&skeleton, &batches)?;
    for batch in &batches {
        let piece = read_batch(text, batch)?;
        match batch.list {
            List::Tasks => session.tasks.extend(piece.tasks),
            List::Ambiguities => session.ambiguities.extend(piece.ambiguities),
            List::Requirements => session.spec.requirements.extend(piece.spec?.requirements),
            List::VersionTasks => session
                .versions
                .get_mut(batch.version)?
                .tasks
                .extend(piece.versions?.tasks),
        }
    }
    Some(session)
}

/// The text without the batched lists, and the batches in file order.
fn split(text: &str, found: &[Header], batch_bytes: usize) -> Option<(String, Vec<Batch>)> {
    let mut skeleton = String::new();
    let mut batches: Vec<Batch> = Vec::new();
    let first = found.first().map_or(text.len(), |h| h.start);
    skeleton.push_str(&text[..first]);
    // The list whose element the current header continues, if any.
    let mut open: Option<List> = None;
    let mut versions_seen = 0usize;
    for (k, h) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(text.len(), |next| next.start);
        let range = h.start..end;
        let list = List::of(&h.key).filter(|_| h.array);
        let continues = open.is_some_and(|l| {
            h.key.len() > l.key_len() && List::of(&h.key[..l.key_len()]) == Some(l)
        });
        if h.array && h.key.len() == 1 && h.key[0] == "versions" {
            versions_seen += 1;
        }
        let target = match (list, continues) {
            (Some(l), _) => Some(l),
            (None, true) => open,
            (None, false) => None,
        };
        let Some(l) = target else {
            open = None;
            skeleton.push_str(&text[range]);
            continue;
        };
        let version = versions_seen.checked_sub(1).unwrap_or(usize::MAX);
        if l == List::VersionTasks && version == usize::MAX {
            // A version's tasks before any version: leave it to the whole parse.
            return None;
        }
        let starts_element = list.is_some();
        match batches.last_mut() {
            Some(b)
                if b.list == l
                    && b.version == version
                    && open == Some(l)
                    && (!starts_element || b.bytes < batch_bytes) =>
            {
                b.bytes += range.len();
                match b.ranges.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => b.ranges.push(range),
                }
            }
            _ if !starts_element => return None,
            _ => batches.push(Batch {
                list: l,
                version,
                bytes: range.len(),
                ranges: vec![range],
            }),
        }
        open = Some(l);
    }
    Some((skeleton, batches))
}

/// Everything but the batched lists, as a `Session`; `None` if it is not
/// the current format or already has one of the lists in another form.
fn parse_skeleton(skeleton: &str, batches: &[Batch]) -> Option<Session> {
    let doc = DeTable::parse(skeleton).ok()?;
    let top = doc.get_ref();
    let version = top
        .iter()
        .find(|(k, _)| k.get_ref() == "format_version")
        .and_then(|(_, v)| match v.get_ref() {
            DeValue::Integer(i) => u32::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        })?;
    if version != FORMAT_VERSION {
        return None;
    }
    for b in batches {
        let clash = match b.list {
            List::Tasks => child(top, "tasks").is_some(),
            List::Ambiguities => child(top, "ambiguities").is_some(),
            List::Requirements => match child(top, "spec") {
                Some(DeValue::Table(spec)) => child(spec, "requirements").is_some(),
                Some(_) => true,
                None => false,
            },
            List::VersionTasks => match child(top, "versions") {
                Some(DeValue::Array(versions)) => {
                    match versions.get(b.version).map(|v| v.get_ref()) {
                        Some(DeValue::Table(v)) => child(v, "tasks").is_some(),
                        _ => true,
                    }
                }
                _ => true,
            },
        };
        if clash {
            return None;
        }
    }
    Session::deserialize(Deserializer::from(doc)).ok()
}

fn child<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeValue<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v.get_ref())
}

fn read_batch(text: &str, batch: &Batch) -> Option<Piece> {
    let piece = match batch.ranges.as_slice() {
        [one] => toml::from_str::<Piece>(&text[one.clone()]),
        many => {
            let joined: String = many.iter().map(|r| &text[r.clone()]).collect();
            toml::from_str::<Piece>(&joined)
        }
    };
    piece.ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::generate::{Faults, GenOptions, generate};
    use crate::plan::{AmbiguityCategory, AmbiguityId, Timestamp};

    fn whole(text: &str) -> Session {
        toml::from_str(text).expect("the whole text parses")
    }

    #[test]
    fn a_written_session_reads_the_same_in_pieces_as_whole() {
        let mut opts = GenOptions::new(300, 900);
        opts.faults = Faults {
            dangling: 3,
            self_dependencies: 3,
            duplicates: 3,
            cycles: 2,
            misorders: 3,
        };
        let (mut s, _) = generate(&opts);
        s.spec.text = "# Spec\n\n[[tasks]]\n'''\n\"\"\"\n".repeat(20);
        for i in 1..=40 {
            s.ambiguities.push(Ambiguity::new(
                AmbiguityId(i),
                AmbiguityCategory::ALL[i as usize % 4],
                format!("question {i} [[tasks]]"),
            ));
        }
        for round in 0..3 {
            crate::plan::apply(
                &mut s,
                crate::plan::Edit::LockVersion {
                    note: format!("v{round}"),
                    at: Timestamp(round),
                },
            )
            .expect("locks");
        }
        for pretty in [false, true] {
            let text = if pretty {
                toml::to_string_pretty(&s)
            } else {
                toml::to_string(&s)
            }
            .expect("encodes");
            for batch in [1, 500, 10_000, usize::MAX] {
                let read = parse(&text, batch).expect("reads in pieces");
                assert_eq!(read, whole(&text), "batch {batch}, pretty {pretty}");
                assert_eq!(read, s);
            }
        }
    }

    #[test]
    fn sub_tables_of_an_element_stay_with_it() {
        let text = concat!(
            "format_version = 2\nid = \"x\"\ntitle = \"t\"\n",
            "created = \"2026-01-01T00:00:00Z\"\nupdated = \"2026-01-01T00:00:00Z\"\nstage = \"gather\"\n",
            "[spec]\ntext = \"\"\n",
            "[[tasks]]\nid = \"T1\"\ntitle = \"a\"\n",
            "[[tasks]]\nid = \"T2\"\ntitle = \"b\"\n",
            "[tasks.status]\n",
        );
        // `status` as a table is a type error either way: the pieces give up.
        assert!(toml::from_str::<Session>(text).is_err());
        assert_eq!(parse(text, 1), None);
    }

    #[test]
    fn a_list_given_twice_is_left_to_the_whole_parse() {
        let head = concat!(
            "format_version = 2\nid = \"x\"\ntitle = \"t\"\n",
            "created = \"2026-01-01T00:00:00Z\"\nupdated = \"2026-01-01T00:00:00Z\"\nstage = \"gather\"\n",
        );
        let inline = format!(
            "{head}tasks = []\n[spec]\ntext = \"\"\n[[tasks]]\nid = \"T1\"\ntitle = \"a\"\n"
        );
        assert!(
            toml::from_str::<Session>(&inline).is_err(),
            "TOML refuses it"
        );
        assert_eq!(parse(&inline, 1), None);
        let old = format!("{head}[spec]\ntext = \"\"\n[[tasks]]\nid = \"T1\"\ntitle = \"a\"\n")
            .replace("format_version = 2", "format_version = 1");
        assert_eq!(
            parse(&old, 1),
            None,
            "older formats are migrated, not read here"
        );
        let orphan =
            format!("{head}[spec]\ntext = \"\"\n[[versions.tasks]]\nid = \"T1\"\ntitle = \"a\"\n");
        assert_eq!(parse(&orphan, 1), None);
    }

    mod prop {
        use proptest::prelude::*;

        use super::super::parse;
        use crate::plan::{Requirement, Session, Stage, Task, TaskId, Timestamp};

        fn text() -> impl Strategy<Value = String> {
            let pieces = prop_oneof![
                Just("[[tasks]]".to_string()),
                Just("[[spec.requirements]]".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
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

        proptest! {
            // Failures are kept as named tests above, not in a side folder.
            #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn pieces_agree_with_the_whole_text(
                title in text(),
                spec in text(),
                titles in proptest::collection::vec(text(), 1..6),
                requirements in proptest::collection::vec(text(), 0..4),
                pretty in any::<bool>(),
                batch in 1usize..400,
            ) {
                let mut s = Session::new("x", title, Timestamp(1_764_000_000));
                s.stage = Stage::Ambiguities;
                s.spec.text = spec.clone();
                s.spec.context = spec;
                s.spec.requirements = requirements
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| Requirement::new(format!("R{}", i + 1).as_str(), t, i + 1))
                    .collect();
                s.tasks = titles.into_iter().enumerate().map(|(i, t)| {
                    let mut task = Task::new(TaskId(i as u32 + 1), t.clone());
                    task.description = t;
                    task
                }).collect();
                let text = if pretty { toml::to_string_pretty(&s) } else { toml::to_string(&s) }.expect("encodes");
                let read = parse(&text, batch);
                prop_assert_eq!(read.as_ref(), Some(&s), "{}", text);
            }
        }
    }
}

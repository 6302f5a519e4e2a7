//! The spec reader on real specs: every document in `tests/fixtures/specs/`
//! (public specs, sources in `SOURCES.md`) is read, and what the reader
//! found is compared with the hand-written `<slug>.expected.toml` beside it
//! (how it is labelled: `docs/spec-reading.md`). Precision and recall are
//! printed per document and overall; the reader must reach 95% of both
//! overall and 80% on every document.
//!
//! An expected entry is either an item's label (`FR-001`, `US1`, `3.2`,
//! `Q1`) or `~` and the first words of its text; entities are names.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use planner_tui::plan::reader::{self, Reading};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Expected {
    shape: String,
    requirements: Vec<String>,
    exclusions: Vec<String>,
    assumptions: Vec<String>,
    questions: Vec<String>,
    entities: Vec<String>,
    constraints: Vec<String>,
    edge_cases: Vec<String>,
    #[allow(dead_code)]
    steps: Vec<String>,
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    notes: Vec<String>,
    /// Hand labels of the offline planner's ambiguities (see tests/offline_corpus.rs).
    #[allow(dead_code)]
    ambiguities: toml::Table,
}

/// One item the reader found: the ids it can be named by, and its text.
struct Found {
    names: Vec<String>,
    text: String,
}

#[derive(Default, Clone, Copy)]
struct Score {
    matched_found: usize,
    found: usize,
    matched_expected: usize,
    expected: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.matched_found += o.matched_found;
        self.found += o.found;
        self.matched_expected += o.matched_expected;
        self.expected += o.expected;
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.matched_found as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.matched_expected as f64 / self.expected as f64
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs")
}

/// Lower case, words only: how texts are compared.
fn words(s: &str) -> String {
    reader::strip_markup(s)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn matches(expected: &str, f: &Found) -> bool {
    if let Some(first) = expected.strip_prefix('~') {
        let want = words(first);
        !want.is_empty()
            && (words(&f.text).starts_with(&want)
                || f.names
                    .iter()
                    .any(|n| words(&format!("{n} {}", f.text)).starts_with(&want)))
    } else {
        let e = expected.trim();
        f.names.iter().any(|n| n == e || n.eq_ignore_ascii_case(e)) || words(&f.text) == words(e)
    }
}

/// Matches one to one, in order; returns the score and what was missed and extra.
fn score(expected: &[String], found: &[Found]) -> (Score, Vec<String>, Vec<String>) {
    let mut used = vec![false; found.len()];
    let mut missed = Vec::new();
    let mut matched = 0;
    for e in expected {
        match (0..found.len()).find(|&k| !used[k] && matches(e, &found[k])) {
            Some(k) => {
                used[k] = true;
                matched += 1;
            }
            None => missed.push(e.clone()),
        }
    }
    let extra = found
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(f, _)| {
            let t: String = f.text.chars().take(70).collect();
            format!("{} {t}", f.names.first().map(String::as_str).unwrap_or("-"))
        })
        .collect();
    (
        Score {
            matched_found: matched,
            found: found.len(),
            matched_expected: matched,
            expected: expected.len(),
        },
        missed,
        extra,
    )
}

fn kinds(r: &Reading) -> BTreeMap<&'static str, Vec<Found>> {
    let items = |v: &[planner_tui::plan::SpecItem]| {
        v.iter()
            .map(|i| Found {
                names: std::iter::once(i.id.clone())
                    .chain(i.label.clone())
                    .collect(),
                text: i.text.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut m = BTreeMap::new();
    m.insert(
        "requirements",
        r.requirements
            .iter()
            .map(|q| {
                let id = q.id.as_str().to_string();
                let mut names = vec![id.clone()];
                if let Some(l) = id.strip_prefix("REQ-") {
                    names.push(l.to_string());
                }
                Found {
                    names,
                    text: q.text.clone(),
                }
            })
            .collect(),
    );
    m.insert("exclusions", items(&r.exclusions));
    m.insert("assumptions", items(&r.assumptions));
    m.insert("questions", items(&r.questions));
    m.insert("edge_cases", items(&r.edge_cases));
    m.insert("constraints", items(&r.constraints));
    m.insert(
        "entities",
        r.entities
            .iter()
            .map(|e| Found {
                names: vec![e.name.clone()],
                text: e.name.clone(),
            })
            .collect(),
    );
    m
}

fn expected_of(e: &Expected) -> BTreeMap<&'static str, Vec<String>> {
    let mut m = BTreeMap::new();
    m.insert("requirements", e.requirements.clone());
    m.insert("exclusions", e.exclusions.clone());
    m.insert("assumptions", e.assumptions.clone());
    m.insert("questions", e.questions.clone());
    m.insert("edge_cases", e.edge_cases.clone());
    m.insert("constraints", e.constraints.clone());
    m.insert("entities", e.entities.clone());
    m
}

#[test]
fn the_reader_finds_what_a_careful_reader_finds_in_real_specs() {
    let dir = corpus_dir();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    docs.retain(|p| {
        p.extension().is_some_and(|x| x == "md")
            && !p.ends_with("SOURCES.md")
            && p.with_extension("expected.toml").exists()
    });
    docs.sort();

    let mut report = String::new();
    let mut total = Score::default();
    let mut per_kind: BTreeMap<&str, Score> = BTreeMap::new();
    let mut low = Vec::new();
    let _ = writeln!(
        report,
        "{:<44} {:>5} {:>5} {:>6} {:>6}  shape",
        "document", "found", "want", "prec", "recall"
    );
    let verbose = std::env::var_os("SPEC_CORPUS_VERBOSE").is_some();
    for doc in &docs {
        let slug = doc
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let text =
            std::fs::read_to_string(doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        let exp_path = doc.with_extension("expected.toml");
        let exp_text = std::fs::read_to_string(&exp_path)
            .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
        let expected: Expected =
            toml::from_str(&exp_text).unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
        let reading = reader::read(&text, &[], 1);
        if std::env::var("SPEC_CORPUS_DUMP").is_ok_and(|d| d == slug) {
            for r in &reading.requirements {
                println!("REQ {} [{}] line {}: {}", r.id, r.section, r.line, r.text);
            }
            println!("{reading:#?}");
        }
        let found = kinds(&reading);
        let want = expected_of(&expected);
        let mut doc_score = Score::default();
        for (kind, items) in &found {
            let (s, missed, extra) = score(&want[kind], items);
            doc_score.add(s);
            per_kind.entry(kind).or_default().add(s);
            if verbose && (!missed.is_empty() || !extra.is_empty()) {
                let _ = writeln!(report, "    {slug} {kind}: missed {missed:?}");
                for x in extra {
                    let _ = writeln!(report, "    {slug} {kind}: extra {x}");
                }
            }
        }
        total.add(doc_score);
        let _ = writeln!(
            report,
            "{:<44} {:>5} {:>5} {:>5.1}% {:>5.1}%  {}",
            slug,
            doc_score.found,
            doc_score.expected,
            100.0 * doc_score.precision(),
            100.0 * doc_score.recall(),
            expected.shape
        );
        if doc_score.precision() < 0.8 || doc_score.recall() < 0.8 {
            low.push(slug);
        }
    }
    for (kind, s) in &per_kind {
        let _ = writeln!(
            report,
            "{:<44} {:>5} {:>5} {:>5.1}% {:>5.1}%",
            format!("  all {kind}"),
            s.found,
            s.expected,
            100.0 * s.precision(),
            100.0 * s.recall()
        );
    }
    let _ = writeln!(
        report,
        "{:<44} {:>5} {:>5} {:>5.1}% {:>5.1}%  ({} documents)",
        "OVERALL",
        total.found,
        total.expected,
        100.0 * total.precision(),
        100.0 * total.recall(),
        docs.len()
    );
    println!("{report}");
    assert!(
        total.precision() >= 0.95 && total.recall() >= 0.95,
        "overall precision {:.1}% / recall {:.1}% is below 95%\n{report}",
        100.0 * total.precision(),
        100.0 * total.recall()
    );
    assert!(low.is_empty(), "documents below 80%: {low:?}\n{report}");
    assert!(
        docs.len() >= 25,
        "the corpus has {} documents, fewer than 25",
        docs.len()
    );
}

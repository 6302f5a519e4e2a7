//! Reading task text for vague wording, in one pass over the words of each
//! text (lower-cased into a reused buffer), so lints stay linear and cheap.
use std::sync::OnceLock;

/// Phrases that lean on something without naming it. A name (a `code`
/// span, a path or a task id) later in the same sentence settles it.
const LEANS_ON: &[&str] = &[
    "integrate with",
    "integrates with",
    "integrating with",
    "integration with",
    "integrate into",
    "use the existing",
    "uses the existing",
    "using the existing",
    "reuse the existing",
    "reuses the existing",
    "leverage the existing",
    "leverages the existing",
    "extend the existing",
    "build on the existing",
    "rely on the existing",
    "connect to the existing",
    "hook into",
    "hooks into",
    "hook up",
    "plug into",
    "plugs into",
    "wire up",
    "wire it up",
    "wire them up",
];

/// Phrases that leave the scope open whatever follows them.
const OPEN_ENDED: &[&str] = &[
    "wire everything together",
    "wire it all together",
    "tie everything together",
    "glue everything together",
    "everything together",
    "as needed",
    "as necessary",
    "as appropriate",
    "as required",
    "where needed",
    "where necessary",
    "where appropriate",
    "if needed",
    "if necessary",
    "and so on",
    "etc",
];

/// Words that make a verification say nothing checkable on their own.
const VAGUE_CHECKS: &[&str] = &[
    "works",
    "work",
    "working",
    "works correctly",
    "is done",
    "done",
    "complete",
    "completed",
    "finished",
    "implemented",
    "is implemented",
    "looks good",
    "looks fine",
    "looks right",
    "looks correct",
    "correctly",
    "properly",
    "as expected",
    "no errors",
    "ready",
    "ok",
    "okay",
    "tested",
    "verified",
    "reviewed",
    "functional",
];

/// Words that only claim something exists.
const EXISTS: &[&str] = &[
    "exists",
    "exist",
    "is present",
    "are present",
    "is created",
    "are created",
    "was created",
    "has been created",
    "is there",
];

/// Commands that start a runnable check.
const COMMANDS: &[&str] = &[
    "cargo",
    "npm",
    "npx",
    "pnpm",
    "yarn",
    "bun",
    "deno",
    "node",
    "pytest",
    "python",
    "python3",
    "make",
    "curl",
    "httpie",
    "jest",
    "vitest",
    "mocha",
    "rspec",
    "bundle",
    "rake",
    "mvn",
    "gradle",
    "dotnet",
    "psql",
    "mix",
    "tox",
    "just",
    "docker",
    "kubectl",
    "bash",
    "sh",
    "git",
    "go test",
    "go run",
    "go vet",
    "terraform",
    "ansible",
];

/// Verbs that describe something a person can observe.
const OBSERVABLE: &[&str] = &[
    "returns",
    "return",
    "responds",
    "respond",
    "prints",
    "outputs",
    "shows",
    "displays",
    "emits",
    "contains",
    "equals",
    "rejects",
    "receives",
    "renders",
    "exits",
    "raises",
    "lists",
    "reports",
    "sends",
    "redirects",
    "increments",
    "appears",
    "logs",
    "fails with",
    "succeeds",
];

struct Phrase {
    first: &'static str,
    rest: Vec<&'static str>,
    text: &'static str,
}

/// Phrases sorted by first word. A word is first checked against a table of
/// (first letter, length, last letter) that some phrase starts with, so most
/// words cost one lookup; the rest are found by binary search.
struct PhraseSet {
    phrases: Vec<Phrase>,
    /// Bit `last % 64` of `starts[first % 32][len % 16]`: some phrase's
    /// first word has that first byte, length and last byte.
    starts: [[u64; 16]; 32],
}

impl PhraseSet {
    fn new(lists: &[&'static [&'static str]]) -> Self {
        let mut v: Vec<Phrase> = lists
            .iter()
            .flat_map(|l| l.iter())
            .map(|&text| {
                let mut words = text.split(' ');
                let first = words.next().unwrap_or(text);
                Phrase {
                    first,
                    rest: words.collect(),
                    text,
                }
            })
            .collect();
        v.sort_by_key(|p| p.first);
        let mut starts = [[0u64; 16]; 32];
        for p in &v {
            if let (Some(&a), Some(&z)) = (p.first.as_bytes().first(), p.first.as_bytes().last()) {
                starts[usize::from(a % 32)][p.first.len() % 16] |= 1 << (z % 64);
            }
        }
        PhraseSet { phrases: v, starts }
    }

    fn may_start(&self, w: &str) -> bool {
        match (w.as_bytes().first(), w.as_bytes().last()) {
            (Some(&a), Some(&z)) => {
                self.starts[usize::from(a % 32)][w.len() % 16] & (1 << (z % 64)) != 0
            }
            _ => false,
        }
    }

    /// Phrases that start at word `k`.
    fn at<'s>(
        &'s self,
        sc: &'s Scanner,
        k: usize,
    ) -> impl Iterator<Item = (&'static str, usize)> + 's {
        let w = sc.word(k);
        let start = if self.may_start(w) {
            self.phrases.partition_point(|p| p.first < w)
        } else {
            self.phrases.len()
        };
        self.phrases[start..]
            .iter()
            .take_while(move |p| p.first == w)
            .filter_map(move |p| {
                let fits = p
                    .rest
                    .iter()
                    .enumerate()
                    .all(|(j, r)| k + 1 + j < sc.words.len() && sc.word(k + 1 + j) == *r);
                fits.then_some((p.text, k + p.rest.len()))
            })
    }
}

fn sets() -> &'static [PhraseSet; 5] {
    static SETS: OnceLock<[PhraseSet; 5]> = OnceLock::new();
    SETS.get_or_init(|| {
        [
            PhraseSet::new(&[LEANS_ON]),
            PhraseSet::new(&[OPEN_ENDED]),
            PhraseSet::new(&[VAGUE_CHECKS]),
            PhraseSet::new(&[EXISTS]),
            PhraseSet::new(&[COMMANDS, OBSERVABLE]),
        ]
    })
}

/// Splits text into lower-case words, reusing its buffers between texts.
#[derive(Default)]
pub(crate) struct Scanner {
    lower: String,
    /// Byte ranges of the words in `lower` (and in the original text).
    words: Vec<(u32, u32)>,
}

impl Scanner {
    fn load(&mut self, text: &str) {
        self.lower.clear();
        self.lower.push_str(text);
        self.lower.make_ascii_lowercase();
        self.words.clear();
        let bytes = self.lower.as_bytes();
        let mut start = None;
        for (i, &b) in bytes.iter().enumerate() {
            let inside = b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b >= 0x80;
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    self.words.push((s as u32, i as u32));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            self.words.push((s as u32, bytes.len() as u32));
        }
    }

    fn word(&self, k: usize) -> &str {
        let (a, b) = self.words[k];
        &self.lower[a as usize..b as usize]
    }

    fn find_all(&self, set: &PhraseSet, mut each: impl FnMut(&'static str, usize) -> bool) {
        for k in 0..self.words.len() {
            for (text, last) in set.at(self, k) {
                if !each(text, last) {
                    return;
                }
            }
        }
    }

    fn first(&self, set: &PhraseSet) -> Option<&'static str> {
        let mut found = None;
        self.find_all(set, |t, _| {
            found = Some(t);
            false
        });
        found
    }

    /// Phrases in `text` that lean on what the text does not name.
    pub fn unnamed_references(&mut self, text: &str, out: &mut Vec<&'static str>) {
        self.load(text);
        let [leans, open, ..] = sets();
        let mut found: Vec<&'static str> = Vec::new();
        self.find_all(leans, |phrase, last| {
            let end = self.words[last].1 as usize;
            if !names_something(sentence_after(text, end)) && !found.contains(&phrase) {
                found.push(phrase);
            }
            true
        });
        self.find_all(open, |phrase, _| {
            // "wire everything together" also contains "everything together".
            if !found.iter().any(|f| f.contains(phrase)) {
                found.push(phrase);
            }
            true
        });
        out.extend(found);
    }

    /// Why a verification is too vague to check, or `None` when it is concrete.
    pub fn vague_verification(&mut self, text: &str) -> Option<String> {
        self.load(text);
        let [.., vague, exists, concrete] = sets();
        let has_command =
            text.contains('`') || self.first(concrete).is_some() || self.has_status_code();
        if let Some(phrase) = self.first(exists)
            && !has_command
        {
            return Some(format!(
                "only checks that something {}",
                phrase.trim_start_matches("is ")
            ));
        }
        if has_command || has_path(text) {
            return None;
        }
        if let Some(phrase) = self.first(vague) {
            return Some(format!("says \"{phrase}\" but not how to tell"));
        }
        if self.words.len() < 4 {
            return Some("is too short to check".to_string());
        }
        None
    }

    fn has_status_code(&self) -> bool {
        (0..self.words.len()).any(|k| {
            let w = self.word(k);
            w.len() == 3
                && w.bytes().all(|b| b.is_ascii_digit())
                && (b'1'..=b'5').contains(&w.as_bytes()[0])
        })
    }
}

/// The rest of the sentence that starts at byte `from`.
fn sentence_after(text: &str, from: usize) -> &str {
    let rest = text.get(from..).unwrap_or("");
    let b = rest.as_bytes();
    let end = (0..b.len())
        .find(|&i| {
            matches!(b[i], b'\n' | b';' | b'!' | b'?')
                || (b[i] == b'.' && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()))
        })
        .unwrap_or(b.len());
    &rest[..end]
}

/// A `code` span, a path, or a task id such as `T3`.
fn names_something(s: &str) -> bool {
    s.contains('`')
        || has_path(s)
        || s.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            w.len() > 1 && w.starts_with('T') && w[1..].bytes().all(|b| b.is_ascii_digit())
        })
}

const EXTENSIONS: &[&str] = &[
    "rs", "ts", "tsx", "js", "jsx", "mjs", "py", "go", "rb", "java", "kt", "cs", "c", "h", "cpp",
    "hpp", "swift", "sql", "toml", "json", "yaml", "yml", "md", "html", "css", "sh", "proto",
    "graphql", "env", "xml", "ex", "exs",
];

/// Whether some token looks like a file path, a module path or a URL path.
fn has_path(s: &str) -> bool {
    s.split_whitespace().any(|tok| {
        let tok = tok
            .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/' && c != '_' && c != '.');
        let tok = tok.trim_end_matches('.');
        if tok.len() < 2 {
            return false;
        }
        if tok.contains("::")
            || (tok.contains('/') && tok.bytes().any(|b| b.is_ascii_alphanumeric()))
        {
            return true;
        }
        match tok.rsplit_once('.') {
            Some((stem, ext)) => {
                !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unnamed(text: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        Scanner::default().unnamed_references(text, &mut out);
        out
    }

    #[test]
    fn finds_phrases_that_lean_on_unnamed_things() {
        assert_eq!(
            unnamed("Integrate with the event bus."),
            vec!["integrate with"]
        );
        assert_eq!(
            unnamed("Wire everything together and add indexes as needed"),
            vec!["wire everything together", "as needed"]
        );
        assert_eq!(
            unnamed("Use the existing queue helper, etc."),
            vec!["use the existing", "etc"]
        );
        assert!(unnamed("Integrate with `bus.on` from src/events/bus.ts.").is_empty());
        assert!(unnamed("Use the existing repository created by T3.").is_empty());
        assert!(unnamed("Wire webhook endpoint 12").is_empty());
        assert!(unnamed("Produces part 3 of the system.").is_empty());
    }

    #[test]
    fn a_name_in_a_later_sentence_does_not_count() {
        assert_eq!(
            unnamed("Integrate with the mailer. Then edit src/mail.ts."),
            vec!["integrate with"]
        );
    }

    fn vague(text: &str) -> Option<String> {
        Scanner::default().vague_verification(text)
    }

    #[test]
    fn vague_verifications() {
        assert_eq!(
            vague("It works").as_deref(),
            Some("says \"works\" but not how to tell")
        );
        assert_eq!(
            vague("Looks good to the team").as_deref(),
            Some("says \"looks good\" but not how to tell")
        );
        assert_eq!(
            vague("Feature is done.").as_deref(),
            Some("says \"is done\" but not how to tell")
        );
        assert_eq!(
            vague("The file exists").as_deref(),
            Some("only checks that something exists")
        );
        assert_eq!(
            vague("src/jobs/deliver.ts exists").as_deref(),
            Some("only checks that something exists")
        );
        assert_eq!(
            vague("All tests pass").as_deref(),
            Some("is too short to check")
        );
    }

    #[test]
    fn concrete_verifications() {
        assert_eq!(vague("cargo test part_3"), None);
        assert_eq!(
            vague("npm test -- src/services/webhooks/signature.test.ts"),
            None
        );
        assert_eq!(
            vague("POST /admin/webhooks with an 11th endpoint answers 422"),
            None
        );
        assert_eq!(
            vague("`npm run migrate` works and the table is listed by psql"),
            None
        );
        assert_eq!(vague("signature.test.ts passes"), None);
        assert_eq!(
            vague("The admin page shows the delivery as failed after the last retry"),
            None
        );
    }
}

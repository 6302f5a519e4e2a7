//! Warnings about how a plan is written: verification, vague wording,
//! requirement coverage, open ambiguities and files with two owners (in a
//! set order or not).
use std::borrow::Cow;

use super::fast_hash::{FastMap, map_with_capacity};
use super::finding::{Code, Finding};
use super::graph::Graph;
use super::names::Names;
use super::wording::Scanner;
use crate::plan::Session;

pub(crate) fn findings(
    s: &Session,
    g: &Graph,
    names: &Names,
    opts: &super::Options,
    out: &mut Vec<Finding>,
) {
    let covered = per_task(s, names, out);
    coverage(s, &covered, names, out);
    ambiguities(s, g, names, out);
    shared_outputs(s, g, names, out);
    super::substance::findings(s, names, !opts.no_outputs, out);
}

/// How a requirement is covered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cover {
    None,
    /// Only by tasks that produce nothing; the position of the first.
    Hollow(usize),
    Real,
}

/// Lints each task; returns how each requirement (by index) is covered.
fn per_task(s: &Session, names: &Names, out: &mut Vec<Finding>) -> Vec<Cover> {
    let mut sc = Scanner::default();
    let mut phrases = Vec::new();
    let known: FastMap<&str, usize> = s
        .spec
        .requirements
        .iter()
        .enumerate()
        .map(|(k, r)| (r.id.as_str(), k))
        .collect();
    // Per requirement: covered by a task that produces something, or only by
    // tasks that produce nothing.
    let mut covered = vec![Cover::None; s.spec.requirements.len()];
    let has_requirements = !s.spec.requirements.is_empty();
    for (i, t) in s.tasks.iter().enumerate() {
        match t.verification.as_deref().map(str::trim) {
            // A draft is checked once it is broken down.
            None | Some("") if t.draft => {}
            None | Some("") => out.push(Finding::new(
                Code::MissingVerification,
                format!(
                    "{} has no verification: add a command to run, a test path, or a result someone can observe.",
                    names.named(i)
                ),
                vec![names.at(i)],
            )),
            Some(v) => {
                if let Some(why) = sc.vague_verification(v) {
                    out.push(Finding::new(
                        Code::VagueVerification,
                        format!(
                            "{} is verified by \"{}\", which {why}: give a command to run, a test path, or a result \
                             someone can observe (a status code, a row, a log line).",
                            names.named(i),
                            v
                        ),
                        vec![names.at(i)],
                    ));
                }
            }
        }
        phrases.clear();
        sc.unnamed_references(&t.title, &mut phrases);
        if !t.description.is_empty() {
            sc.unnamed_references(&t.description, &mut phrases);
        }
        if !phrases.is_empty() {
            let mut seen: Vec<&str> = Vec::with_capacity(phrases.len());
            for p in &phrases {
                if !seen.contains(p) {
                    seen.push(p);
                }
            }
            let quoted: Vec<String> = seen.iter().map(|p| format!("\"{p}\"")).collect();
            out.push(Finding::new(
                Code::VagueIntegration,
                format!(
                    "{} leans on things it does not name ({}): name the files, types or tasks it needs and add \
                     them as dependencies, or they become hidden dependencies.",
                    names.named(i),
                    quoted.join(", ")
                ),
                vec![names.at(i)],
            ));
        }
        if has_requirements {
            if t.covers.is_empty() {
                out.push(Finding::new(
                    Code::TaskCoversNothing,
                    format!(
                        "{} covers no requirement: say which requirement it serves, or ask whether the plan needs it.",
                        names.named(i)
                    ),
                    vec![names.at(i)],
                ));
            }
            let hollow = super::substance::produces_nothing(t);
            for r in &t.covers {
                if let Some(&k) = known.get(r.as_str()) {
                    let req = &s.spec.requirements[k];
                    if let Some(was) = &req.was
                        && !t
                            .reviewed
                            .iter()
                            .any(|seen| seen.id == req.id && seen.text == req.text)
                    {
                        out.push(changed_requirement(s, i, t, req, was, names));
                    }
                    covered[k] = match (covered[k], hollow) {
                        (_, false) | (Cover::Real, _) => Cover::Real,
                        _ => Cover::Hollow(i),
                    };
                    continue;
                }
                let mut f = Finding::new(
                    Code::UnknownRequirement,
                    format!(
                        "{} claims to cover {r}, which is not a requirement of the spec.",
                        names.named(i)
                    ),
                    vec![names.at(i)],
                );
                f.requirements.push(r.clone());
                out.push(f);
            }
        }
    }
    covered
}

/// `requirement-changed`: the task at `i` covers `req`, whose text changed
/// from `was`; the fix confirms the task against the new text.
fn changed_requirement(
    s: &Session,
    i: usize,
    t: &crate::plan::Task,
    req: &crate::plan::Requirement,
    was: &str,
    names: &Names,
) -> Finding {
    let mut confirmed = t.clone();
    confirmed.mark_reviewed(&s.spec.requirements);
    let mut f = Finding::new(
        Code::RequirementChanged,
        format!(
            "{} covers {}, which changed in the spec (was \"{}\", now \"{}\"): check the task still does \
             what it asks, then edit the task or confirm it.",
            names.named(i),
            req.id,
            short(was, 80),
            short(&req.text, 80)
        ),
        vec![names.at(i)],
    )
    .with_fix(
        format!("Confirm {} against {} as it reads now", t.id, req.id),
        vec![crate::plan::Edit::UpdateTask { task: confirmed }],
    );
    f.requirements.push(req.id.clone());
    f
}

fn coverage(s: &Session, covered: &[Cover], names: &Names, out: &mut Vec<Finding>) {
    for (r, c) in s.spec.requirements.iter().zip(covered) {
        let (message, tasks) = match *c {
            Cover::Real => continue,
            Cover::None => (
                format!(
                    "{} (spec line {}), \"{}\", is covered by no task: add a task for it, or mark an existing task \
                     as covering it.",
                    r.id,
                    r.line,
                    short(&r.text, 100)
                ),
                Vec::new(),
            ),
            Cover::Hollow(p) => (
                format!(
                    "{} (spec line {}), \"{}\", is covered only by tasks that produce nothing ({} among them), so \
                     nothing in the plan builds it: give that task its output, or add a task that has one.",
                    r.id,
                    r.line,
                    short(&r.text, 100),
                    names.label(p)
                ),
                vec![names.at(p)],
            ),
        };
        let mut f = Finding::new(Code::UncoveredRequirement, message, tasks);
        f.requirements.push(r.id.clone());
        out.push(f);
    }
}

fn ambiguities(s: &Session, g: &Graph, names: &Names, out: &mut Vec<Finding>) {
    for a in s.ambiguities.iter().filter(|a| a.is_open()) {
        let positions: Vec<usize> = a
            .affects
            .iter()
            .filter_map(|&id| g.position(id))
            .map(|p| p as usize)
            .collect();
        if positions.is_empty() {
            continue;
        }
        let listed: Vec<String> = positions
            .iter()
            .map(|&p| names.named(p).to_string())
            .collect();
        let mut f = Finding::new(
            Code::OpenAmbiguity,
            format!(
                "{} ({}) \"{}\" is still open and affects {}: resolve or defer it before relying on {}.",
                a.id,
                a.category.as_str(),
                short(&a.summary, 100),
                listed.join(", "),
                if positions.len() == 1 {
                    "that task"
                } else {
                    "these tasks"
                }
            ),
            positions.iter().map(|&p| names.at(p)).collect(),
        );
        f.ambiguities.push(a.id);
        out.push(f);
    }
}

/// The form of a produced file name used for comparison.
fn normalise(p: &str) -> Cow<'_, str> {
    let t = p.trim().trim_matches(|c| c == '`' || c == '"' || c == '\'');
    let t = t.strip_prefix("./").unwrap_or(t);
    if t.contains('\\') {
        Cow::Owned(t.replace('\\', "/"))
    } else {
        Cow::Borrowed(t)
    }
}

fn shared_outputs(s: &Session, g: &Graph, names: &Names, out: &mut Vec<Finding>) {
    let mut owner: FastMap<Cow<str>, u32> = map_with_capacity(s.tasks.len());
    // (first owner, later owner, file) for every file with two owners.
    let mut clashes: Vec<(u32, u32, Cow<str>)> = Vec::new();
    for (i, t) in s.tasks.iter().enumerate() {
        for p in &t.produces {
            let key = normalise(p);
            if key.is_empty() {
                continue;
            }
            match owner.get(&key) {
                Some(&first) if first != i as u32 => clashes.push((first, i as u32, key)),
                Some(_) => {}
                None => {
                    owner.insert(key, i as u32);
                }
            }
        }
    }
    if clashes.is_empty() {
        return;
    }
    clashes.sort_by(|a, b| (a.0, &a.2, a.1).cmp(&(b.0, &b.2, b.1)));
    let mut reach = Reach::new(g.n);
    let mut k = 0;
    while k < clashes.len() {
        let (first, _, ref file) = clashes[k];
        let mut owners = vec![first as usize];
        while k < clashes.len() && clashes[k].0 == first && clashes[k].2 == *file {
            if !owners.contains(&(clashes[k].1 as usize)) {
                owners.push(clashes[k].1 as usize);
            }
            k += 1;
        }
        let listed: Vec<String> = owners.iter().map(|&p| names.named(p).to_string()).collect();
        // Owners that can run at the same time: neither needs the other.
        let unordered: Vec<(usize, usize)> = owners
            .iter()
            .enumerate()
            .flat_map(|(x, &a)| owners[x + 1..].iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| !reach.ordered(g, a, b))
            .collect();
        let f = if let Some(&(a, b)) = unordered.first() {
            Finding::new(
                Code::ConflictingOutput,
                format!(
                    "{file} is written by {} tasks ({}), and {} and {} do not depend on each other, so they can \
                     run at the same time and overwrite each other's work: make one depend on the other, or give \
                     the file one owner.",
                    owners.len(),
                    listed.join(", "),
                    names.label(a),
                    names.label(b)
                ),
                owners.iter().map(|&p| names.at(p)).collect(),
            )
        } else {
            Finding::new(
                Code::SharedOutput,
                format!(
                    "{file} is produced by {} tasks ({}): they run one after the other, but say what each \
                     changes, or give the file one owner.",
                    owners.len(),
                    listed.join(", ")
                ),
                owners.iter().map(|&p| names.at(p)).collect(),
            )
        };
        out.push(f);
    }
}

/// Whether one task needs another, through any chain of dependencies: a
/// walk over prerequisites that reuses its marks between questions.
struct Reach {
    mark: Vec<u32>,
    stamp: u32,
    stack: Vec<u32>,
}

impl Reach {
    fn new(n: usize) -> Self {
        Reach {
            mark: vec![0; n],
            stamp: 0,
            stack: Vec::new(),
        }
    }

    /// Whether `a` needs `b` or `b` needs `a`.
    fn ordered(&mut self, g: &Graph, a: usize, b: usize) -> bool {
        self.needs(g, a, b) || self.needs(g, b, a)
    }

    fn needs(&mut self, g: &Graph, from: usize, target: usize) -> bool {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.fill(0);
            self.stamp = 1;
        }
        self.stack.clear();
        self.stack.push(from as u32);
        self.mark[from] = self.stamp;
        while let Some(i) = self.stack.pop() {
            for &p in g.deps_of(i as usize) {
                if p as usize == target {
                    return true;
                }
                if self.mark[p as usize] != self.stamp {
                    self.mark[p as usize] = self.stamp;
                    self.stack.push(p);
                }
            }
        }
        false
    }
}

/// At most `max` characters, on one line.
fn short(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

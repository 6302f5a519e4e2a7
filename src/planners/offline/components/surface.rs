//! Drafts for what users and other systems call: API routes and commands.
use super::*;

impl Builder<'_> {
    /// How existing data is read when the plan stores none of its own: the
    /// context's function for it (`with Store::list(filter) from src/store/mod.rs`).
    pub(super) fn data_source(&self) -> Option<String> {
        if !self.names.repos.is_empty() {
            return None;
        }
        let p = self.layout.pieces.iter().find(|p| {
            !p.api.is_empty() && matches!(p.role, PieceRole::Other | PieceRole::Database)
        })?;
        Some(format!("with {} from {}", code(&p.api[0]), p.path))
    }

    pub(super) fn api_files(
        &self,
        route_words: &[String],
        controller_words: &[String],
    ) -> (String, String) {
        let routes = self
            .layout
            .routes_dir
            .clone()
            .unwrap_or_else(|| self.layout.dir(Layer::Api));
        let controllers = self
            .layout
            .controllers_dir
            .clone()
            .unwrap_or_else(|| self.layout.dir(Layer::Api));
        (
            self.layout.module_file(&routes, route_words),
            self.layout.class_file(&controllers, controller_words),
        )
    }

    pub(super) fn registration_apis(&mut self) {
        if self.facts.any(Trait::Cli) && !self.facts.any(Trait::Api) {
            return;
        }
        for e in self.facts.entities.clone() {
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| r.entities.contains(&e) && r.has(Trait::Register))
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let ew = entity_words(&self.names.prefix, &e);
            let mut rw = ew.clone();
            if let Some(l) = rw.last_mut() {
                *l = plural(l);
            }
            let cw: Vec<String> = ew.iter().cloned().chain(ws(&["controller"])).collect();
            let (routes, controller) = self.api_files(&rw, &cw);
            let callee = self
                .names
                .service(&e)
                .or(self.names.repo(&e))
                .unwrap_or("the repository")
                .to_string();
            let noun = plural(&ew.join(" "));
            self.flow
                .push((0, format!("register {} through {routes}", a(&ew.join(" ")))));
            self.push(Draft {
                layer: Layer::Api,
                title: format!("Add the API to register {noun}"),
                description: format!(
                    "Routes in {routes} and {} in {controller} let an account create, list and delete its {noun} by calling {}; a refused registration answers with a 4xx status and the reason.",
                    code(&pascal(&cw)),
                    code(&callee)
                ),
                produces: vec![routes, controller],
                covers: ids(reqs),
                unit: rw,
                check: Some(format!("requests to create, list and delete {noun} get the expected status codes and bodies")),
            });
        }
    }

    pub(super) fn read_apis(&mut self) {
        let mut covered: Vec<RequirementId> = Vec::new();
        for e in self.facts.entities.clone() {
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| r.entities.contains(&e) && r.has(Trait::Read) && r.has(Trait::Api))
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let admin = reqs.iter().any(|r| r.words.iter().any(|w| w == "admin"));
            let ew = entity_words(&self.names.prefix, &e);
            let mut rw: Vec<String> = if admin { ws(&["admin"]) } else { Vec::new() };
            rw.extend(ew.iter().cloned());
            if let Some(l) = rw.last_mut() {
                *l = plural(l);
            }
            let cw: Vec<String> = ew.iter().cloned().chain(ws(&["controller"])).collect();
            let (routes, controller) = self.api_files(&rw, &cw);
            let repo = self.names.repo(&e).unwrap_or("the repository").to_string();
            let noun = plural(&ew.join(" "));
            let with_status = reqs
                .iter()
                .any(|r| r.enums.iter().any(|(f, _)| f == "status"));
            let access = match (&self.layout.admin, admin) {
                (Some(line), true) => format!(
                    " Access follows the context's rule: {}.",
                    admin_clause(line)
                ),
                _ => String::new(),
            };
            covered.extend(ids(reqs.iter().copied()));
            self.flow.push((
                4,
                format!(
                    "read the {}{} through {routes}",
                    ew.join(" "),
                    if with_status { " and its status" } else { "" }
                ),
            ));
            self.push(Draft {
                layer: Layer::Api,
                title: format!(
                    "Expose {noun}{} through the {}API",
                    if with_status { " and their status" } else { "" },
                    if admin { "admin " } else { "" }
                ),
                description: format!(
                    "Routes in {routes} and {} in {controller} list {noun} and show one by id{}, reading through {}.{access}",
                    code(&pascal(&cw)),
                    if with_status { " with its status" } else { "" },
                    code(&repo)
                ),
                produces: vec![routes, controller],
                covers: ids(reqs),
                unit: rw,
                check: Some(format!("a request with the right access lists {noun}; one without it is refused")),
            });
        }
    }

    pub(super) fn commands(&mut self) {
        let own = programs(self.facts);
        let names_own = |r: &Req| {
            command_name(&r.text).is_some_and(|n| {
                n.split_whitespace()
                    .next()
                    .is_some_and(|p| own.iter().any(|o| o == p))
            })
        };
        // A requirement is about a command when it says so, or when it
        // runs one of the spec's own programs (`portzilla ls`).
        let reqs: Vec<&Req> = self
            .facts
            .reqs
            .iter()
            .filter(|r| r.has(Trait::Cli) || names_own(r))
            .collect();
        if reqs.is_empty() {
            return;
        }
        let mut groups: Vec<(String, Vec<&Req>)> = Vec::new();
        let mut unnamed: Vec<&Req> = Vec::new();
        for r in reqs {
            let Some(name) = command_name(&r.text).filter(|n| {
                n.split_whitespace()
                    .next()
                    .is_some_and(|p| own.iter().any(|o| o == p))
            }) else {
                unnamed.push(r);
                continue;
            };
            match groups.iter_mut().find(|g| g.0 == name) {
                Some(g) => g.1.push(r),
                None => groups.push((name, vec![r])),
            }
        }
        // A requirement that names no command belongs to the first one that is
        // named; with none named, there is no command to build.
        match groups.first_mut() {
            Some(g) => g.1.extend(unnamed),
            None => return,
        }
        for (name, reqs) in groups {
            let w = crate::planners::offline::text::words(&name);
            let file = self.layout.module_file(&self.layout.dir(Layer::Api), &w);
            let flags: Vec<String> = reqs.iter().flat_map(|r| flags(&r.text)).collect::<Vec<_>>();
            let mut uniq: Vec<String> = Vec::new();
            for f in flags {
                if !uniq.contains(&f) {
                    uniq.push(f);
                }
            }
            self.flow.push((0, format!("run `{name}` on sample data")));
            let flag_text = if uniq.is_empty() {
                String::new()
            } else {
                format!(
                    ", with {}",
                    and_list(&uniq.iter().map(|f| code(f)).collect::<Vec<_>>())
                )
            };
            self.push(Draft {
                layer: Layer::Api,
                title: format!("Add the `{name}` command"),
                description: format!(
                    "{file} parses the `{name}` command{flag_text}{}{}; usage errors print a message and exit with a non-zero code. Behaviour: {}.",
                    self.data_source().map_or(String::new(), |d| format!(", reads {d}")),
                    self.formatter.as_ref().map_or(String::new(), |f| format!(" and writes the result with {}", code(f))),
                    reqs.iter().map(|r| format!("{} ({})", r.id, shorten(&r.text, 60))).collect::<Vec<_>>().join("; ")
                ),
                produces: vec![file],
                covers: ids(reqs),
                unit: w,
                check: Some(format!("running `{name}` with good and bad arguments gives the expected output and exit codes")),
            });
        }
    }
}

/// The part of a context line that is about admin access.
fn admin_clause(line: &str) -> String {
    line.split([';', '.'])
        .map(str::trim)
        .find(|p| {
            crate::planners::offline::text::words(p)
                .iter()
                .any(|w| w == "admin")
        })
        .unwrap_or(line)
        .trim_end_matches('.')
        .to_string()
}

/// Tools every project uses: a command that starts with one runs the tool, it
/// is not one the spec asks for.
const TOOLS: &[&str] = &[
    "npm",
    "npx",
    "yarn",
    "pnpm",
    "bun",
    "bunx",
    "node",
    "deno",
    "cargo",
    "rustc",
    "go",
    "python",
    "python3",
    "pip",
    "pipx",
    "uv",
    "poetry",
    "mypy",
    "pytest",
    "ruff",
    "black",
    "git",
    "gh",
    "docker",
    "kubectl",
    "helm",
    "make",
    "brew",
    "apt",
    "apt-get",
    "curl",
    "wget",
    "ssh",
    "tmux",
    "bash",
    "sh",
    "zsh",
    "swift",
    "xcodebuild",
    "dotnet",
    "java",
    "mvn",
    "gradle",
    "rails",
    "rake",
    "bundle",
    "php",
    "composer",
    "artisan",
    "terraform",
    "aws",
    "gcloud",
    "az",
    "jq",
    "sed",
    "awk",
    "grep",
    "ls",
    "cat",
    "cd",
    "echo",
    "sudo",
    "chmod",
    "open",
    "code",
    "vim",
    "nano",
    "eslint",
    "prettier",
    "tsc",
    "jest",
    "vitest",
    "playwright",
    "flutter",
    "dart",
    "expo",
    "pod",
    "gem",
];

/// The programs the spec is about: the first word of commands it writes in
/// backticks at least twice, or a word of the feature's name, never a
/// general tool and never an all-capitals code (`EADDRINUSE`).
fn programs(facts: &SpecFacts) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in &facts.reqs {
        for q in r.text.split('`').skip(1).step_by(2) {
            let Some(first) = q.split_whitespace().next() else {
                continue;
            };
            if !first
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                || !first.starts_with(|c: char| c.is_ascii_lowercase())
                || TOOLS.contains(&first)
                || (q.split_whitespace().count() < 2 && !facts.feature.iter().any(|f| f == first))
            {
                continue;
            }
            match counts.iter_mut().find(|c| c.0 == first) {
                Some(c) => c.1 += 1,
                None => counts.push((first.to_string(), 1)),
            }
        }
    }
    counts
        .into_iter()
        .filter(|(p, n)| *n >= 2 || facts.feature.iter().any(|f| f == p))
        .map(|(p, _)| p)
        .collect()
}

/// A command name given in backticks: the words before the first flag (`notes export`).
fn command_name(text: &str) -> Option<String> {
    text.split('`').skip(1).step_by(2).find_map(|q| {
        let words: Vec<&str> = q
            .split_whitespace()
            .take_while(|w| {
                !w.starts_with('-')
                    && w.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            })
            .collect();
        (!words.is_empty() && !q.trim_start().starts_with('-')).then(|| words.join(" "))
    })
}

/// Flags a text mentions (`--format`).
fn flags(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | '(' | ')' | '='))
        .filter(|t| t.starts_with("--") && t.len() > 2)
        .map(|t| t.trim_end_matches(['.', ':']).to_string())
        .collect()
}

//! What the context says about the existing system: its language, the folder
//! each layer lives in, the existing pieces a plan can use (files with a
//! role such as the queue, the mailer or the event bus, and the functions the
//! context names for them), and the technologies it runs on. Layers the
//! context does not place get the usual folders for the language.
use std::collections::BTreeMap;

use super::layers::{self, Layer};
use super::tech::{self, Tech};
use super::text::{camel, is_path, pascal, snake, split_ident, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    TypeScript,
    JavaScript,
    Python,
    Rust,
    Go,
    Ruby,
    Java,
    Kotlin,
    /// PHP, laid out the Laravel way.
    Php,
    CSharp,
    Swift,
    /// Nothing in the documents says: no file can be named with confidence.
    Unknown,
}

impl Lang {
    /// The language the texts point at clearly: a framework or build tool
    /// counts two, the language's own name or a file extension one, and the
    /// winner needs two and a lead over the next. A cross-platform UI
    /// framework (Flutter, React Native, ...) has a layout of its own that
    /// the planner does not know, and platforms (`iOS`, `macOS`) say nothing
    /// about the language; either way the answer is `Unknown`.
    fn detect(text: &str) -> Lang {
        let ws = words(text);
        let count = |names: &[&str]| ws.iter().filter(|w| names.contains(&w.as_str())).count();
        let lower = text.to_lowercase();
        let cross_platform = count(&[
            "flutter",
            "dart",
            "expo",
            "xamarin",
            "maui",
            "ionic",
            "capacitor",
        ]) > 0
            || lower.contains("react native")
            || lower.contains("react-native");
        if cross_platform {
            return Lang::Unknown;
        }
        let score = |own: &[&str], tools: &[&str]| count(own) + 2 * count(tools);
        let scores = [
            (
                Lang::TypeScript,
                score(&["typescript", "ts", "tsx"], &["tsc", "nestjs", "angular"]),
            ),
            (
                Lang::JavaScript,
                score(
                    &["javascript", "js", "jsx", "node", "nodejs"],
                    &["npm", "express"],
                ),
            ),
            (
                Lang::Python,
                score(
                    &["python", "py"],
                    &[
                        "django", "fastapi", "flask", "pytest", "celery", "pip", "poetry",
                    ],
                ),
            ),
            (
                Lang::Rust,
                score(&["rust", "rs"], &["cargo", "tokio", "crate", "crates"]),
            ),
            // "go" alone is too common an English word to count.
            (
                Lang::Go,
                score(&["golang"], &["goroutine", "goroutines", "gomod"]),
            ),
            (
                Lang::Ruby,
                score(&["ruby", "rb"], &["rails", "sidekiq", "rspec", "gem"]),
            ),
            (
                Lang::Java,
                score(
                    &["java"],
                    &["spring", "gradle", "maven", "jpa", "hibernate"],
                ),
            ),
            (Lang::Kotlin, score(&["kotlin", "kt"], &["ktor"])),
            (
                Lang::Php,
                score(
                    &["php"],
                    &[
                        "laravel", "artisan", "eloquent", "blade", "composer", "symfony",
                    ],
                ),
            ),
            (
                Lang::CSharp,
                score(&["csharp", "cs"], &["dotnet", "aspnet", "nuget", "blazor"]),
            ),
            (
                Lang::Swift,
                score(&["swift"], &["swiftui", "xcode", "appkit", "uikit"]),
            ),
        ];
        let mut sorted = scores;
        sorted.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
        let (best, top) = sorted[0];
        let second = sorted[1].1;
        // TypeScript code is also JavaScript: a TypeScript lead is enough.
        let leads = top > second || (best == Lang::TypeScript && top == second);
        if top >= 2 && leads {
            best
        } else {
            Lang::Unknown
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Lang::TypeScript => ".ts",
            Lang::JavaScript => ".js",
            Lang::Python => ".py",
            Lang::Rust => ".rs",
            Lang::Go => ".go",
            Lang::Ruby => ".rb",
            Lang::Java => ".java",
            Lang::Kotlin => ".kt",
            Lang::Php => ".php",
            Lang::CSharp => ".cs",
            Lang::Swift => ".swift",
            Lang::Unknown => "",
        }
    }

    fn default_dir(self, layer: Layer) -> &'static str {
        let i = layer as usize;
        let table: [&str; 9] = match self {
            Lang::TypeScript | Lang::JavaScript | Lang::Unknown => [
                "src/types/",
                "src/migrations/",
                "src/repositories/",
                "src/services/",
                "src/jobs/",
                "src/api/",
                "src/services/",
                "src/",
                "tests/",
            ],
            Lang::Python => [
                "app/models/",
                "app/migrations/",
                "app/repositories/",
                "app/services/",
                "app/tasks/",
                "app/api/",
                "app/services/",
                "app/",
                "tests/",
            ],
            Lang::Rust => [
                "src/model/",
                "migrations/",
                "src/store/",
                "src/service/",
                "src/jobs/",
                "src/api/",
                "src/service/",
                "src/",
                "tests/",
            ],
            Lang::Go => [
                "internal/model/",
                "migrations/",
                "internal/store/",
                "internal/service/",
                "internal/jobs/",
                "internal/api/",
                "internal/service/",
                "internal/",
                "internal/",
            ],
            Lang::Ruby => [
                "app/models/",
                "db/migrate/",
                "app/repositories/",
                "app/services/",
                "app/jobs/",
                "app/controllers/",
                "app/mailers/",
                "config/",
                "spec/",
            ],
            Lang::Java => [
                "src/main/java/model/",
                "src/main/resources/db/migration/",
                "src/main/java/repository/",
                "src/main/java/service/",
                "src/main/java/jobs/",
                "src/main/java/api/",
                "src/main/java/service/",
                "src/main/java/",
                "src/test/java/",
            ],
            Lang::Kotlin => [
                "src/main/kotlin/model/",
                "src/main/resources/db/migration/",
                "src/main/kotlin/repository/",
                "src/main/kotlin/service/",
                "src/main/kotlin/jobs/",
                "src/main/kotlin/api/",
                "src/main/kotlin/service/",
                "src/main/kotlin/",
                "src/test/kotlin/",
            ],
            Lang::Php => [
                "app/Models/",
                "database/migrations/",
                "app/Models/",
                "app/Services/",
                "app/Jobs/",
                "app/Http/Controllers/",
                "app/Notifications/",
                "config/",
                "tests/Feature/",
            ],
            Lang::CSharp => [
                "src/Models/",
                "src/Migrations/",
                "src/Repositories/",
                "src/Services/",
                "src/Jobs/",
                "src/Controllers/",
                "src/Services/",
                "src/",
                "tests/",
            ],
            Lang::Swift => [
                "Sources/Models/",
                "Sources/Storage/",
                "Sources/Storage/",
                "Sources/Services/",
                "Sources/Services/",
                "Sources/Views/",
                "Sources/Services/",
                "Sources/",
                "Tests/",
            ],
        };
        table[i]
    }
}

/// What an existing piece of the system is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PieceRole {
    Queue,
    Email,
    Events,
    Auth,
    Logger,
    Config,
    Database,
    Other,
}

/// An existing file the context names, with the functions it mentions for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub path: String,
    /// The file's stem (`EmailService`, `queue`, `bus`).
    pub name: String,
    pub role: PieceRole,
    /// Call signatures the context gives (`getQueue(name: string)`).
    pub api: Vec<String>,
    /// A technology it wraps, named on the same line (`SendGrid`).
    pub wraps: Option<&'static Tech>,
    /// The role comes from the path itself (`app/mail.py`), not only from the line around it.
    role_from_path: bool,
}

impl Piece {
    /// The callable names of its API (`getQueue`, `bus.on`).
    pub fn api_names(&self) -> Vec<String> {
        self.api
            .iter()
            .map(|a| a.split('(').next().unwrap_or(a).trim().to_string())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub lang: Lang,
    dirs: BTreeMap<Layer, String>,
    pub routes_dir: Option<String>,
    pub controllers_dir: Option<String>,
    pub pieces: Vec<Piece>,
    /// Technologies the context names.
    pub techs: Vec<&'static Tech>,
    /// The context's line about admin access, if any (without its bullet).
    pub admin: Option<String>,
    /// Services live in a folder per feature (`src/services/email/EmailService.ts`).
    pub grouped_services: bool,
    /// Every path the context names.
    pub paths: Vec<String>,
}

impl Layout {
    pub fn from_context(context: &str, spec: &str) -> Layout {
        let lang = Lang::detect(&format!("{context}\n{spec}"));
        let mut l = Layout {
            lang,
            dirs: BTreeMap::new(),
            routes_dir: None,
            controllers_dir: None,
            pieces: Vec::new(),
            techs: tech::named_in(context),
            admin: None,
            grouped_services: false,
            paths: Vec::new(),
        };
        for line in context.lines() {
            l.read_line(line);
        }
        l
    }

    fn read_line(&mut self, line: &str) {
        let bare = line.trim().trim_start_matches(['-', '*', '+']).trim();
        if bare.is_empty() {
            return;
        }
        if self.admin.is_none() && words(bare).iter().any(|w| w == "admin") {
            self.admin = Some(bare.to_string());
        }
        let (paths, api) = tokens(bare);
        let wraps = tech::named_in(bare)
            .into_iter()
            .find(|t| t.role.can_be_down());
        for p in paths {
            let norm = p
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_string();
            if self.paths.contains(&norm) {
                continue;
            }
            self.paths.push(norm.clone());
            let file = norm.rsplit('/').next().unwrap_or(&norm);
            if file.contains('.') && !norm.ends_with('/') {
                let name = file.split('.').next().unwrap_or(file).to_string();
                let from_path = piece_role(&norm);
                let role = if from_path == PieceRole::Other {
                    piece_role(&format!("{norm} {bare}"))
                } else {
                    from_path
                };
                if norm.contains("/services/") && norm.split('/').count() >= 4 {
                    self.grouped_services = true;
                }
                self.pieces.push(Piece {
                    path: norm,
                    name,
                    role,
                    api: api.clone(),
                    wraps,
                    role_from_path: from_path != PieceRole::Other,
                });
                continue;
            }
            let dir = if norm.ends_with('/') {
                norm.clone()
            } else {
                format!("{norm}/")
            };
            let lower = dir.to_lowercase();
            if lower.contains("routes") {
                self.routes_dir.get_or_insert(dir.clone());
            }
            if lower.contains("controllers") {
                self.controllers_dir.get_or_insert(dir.clone());
            }
            if let Some(layer) = layers::of_path(&dir) {
                self.dirs.entry(layer).or_insert(dir);
            }
        }
    }

    /// The folder a layer's new files go in.
    pub fn dir(&self, layer: Layer) -> String {
        if let Some(d) = self.dirs.get(&layer) {
            return d.clone();
        }
        match layer {
            Layer::Alerting | Layer::Ops => self.dir(Layer::Services),
            _ => self.lang.default_dir(layer).to_string(),
        }
    }

    /// Was the folder for `layer` given by the context (rather than guessed)?
    pub fn knows(&self, layer: Layer) -> bool {
        self.dirs.contains_key(&layer)
    }

    /// A file for a class-like unit (`WebhookSigner.ts`, `webhook_signer.py`).
    pub fn class_file(&self, dir: &str, ws: &[String]) -> String {
        let stem = match self.lang {
            Lang::TypeScript
            | Lang::JavaScript
            | Lang::Java
            | Lang::Kotlin
            | Lang::Php
            | Lang::CSharp
            | Lang::Swift => pascal(ws),
            _ => snake(ws),
        };
        format!("{dir}{stem}{}", self.lang.ext())
    }

    /// A file for a module of functions (`webhookDelivery.ts`, `webhook_delivery.py`).
    pub fn module_file(&self, dir: &str, ws: &[String]) -> String {
        let stem = match self.lang {
            Lang::TypeScript | Lang::JavaScript => camel(ws),
            Lang::Java | Lang::Kotlin | Lang::Php | Lang::CSharp | Lang::Swift => pascal(ws),
            _ => snake(ws),
        };
        format!("{dir}{stem}{}", self.lang.ext())
    }

    /// The existing piece with this role, if the context names one.
    /// Pieces whose path says their role come before ones only their line does.
    pub fn piece(&self, role: PieceRole) -> Option<&Piece> {
        self.pieces
            .iter()
            .find(|p| p.role == role && p.role_from_path)
            .or_else(|| self.pieces.iter().find(|p| p.role == role))
    }

    /// The technology with this role the context names, if any.
    pub fn tech(&self, role: tech::Role) -> Option<&'static Tech> {
        self.techs.iter().copied().find(|t| t.role == role)
    }

    /// Where the tests for a unit go, and the command that runs them. The
    /// unit is its file when it has one (the test mirrors its name and
    /// folder), else the words `ws`; a file that is itself a test is its own test.
    pub fn test_for(&self, layer: Layer, ws: &[String], file: Option<&str>) -> (String, String) {
        let kind = match layer {
            Layer::Api | Layer::Checks => "integration",
            _ => "unit",
        };
        let file = file
            .map(|f| f.trim_start_matches('/'))
            .filter(|f| f.contains('.'));
        let stem_of = |f: &str| {
            let name = f.rsplit('/').next().unwrap_or(f);
            name.split('.').next().unwrap_or(name).to_string()
        };
        if let Some(f) = file
            && layers::of_path(f) == Some(Layer::Checks)
        {
            let stem = stem_of(f);
            let cmd = match self.lang {
                Lang::TypeScript | Lang::JavaScript => format!("npm test -- {stem}"),
                Lang::Python => format!("pytest {f}"),
                Lang::Rust => format!("cargo test --test {stem}"),
                Lang::Go => format!("go test ./{}", f.rsplit_once('/').map_or(".", |(d, _)| d)),
                Lang::Ruby => format!("bundle exec rspec {f}"),
                Lang::Java | Lang::Kotlin => format!("./gradlew test --tests {stem}"),
                Lang::Php => format!("php artisan test {f}"),
                Lang::CSharp => format!("dotnet test --filter {stem}"),
                Lang::Swift => format!("swift test --filter {stem}"),
                Lang::Unknown => format!("the tests in {f}"),
            };
            return (f.to_string(), cmd);
        }
        let (stem, sub, words_) = match file {
            Some(f) => {
                let stem = stem_of(f);
                // The test mirrors the file's folder below the source root: tests/unit/services/webhooks/.
                let dir = f.rsplit_once('/').map_or("", |(d, _)| d);
                let sub = match dir.split_once('/') {
                    Some((root, rest))
                        if ["src", "app", "lib", "internal", "pkg"].contains(&root) =>
                    {
                        rest.to_string()
                    }
                    _ if ["src", "app", "lib", "internal", "pkg"].contains(&dir) => String::new(),
                    _ => dir.to_string(),
                };
                let w = split_ident(&stem);
                (stem, sub, w)
            }
            None => {
                let stem = match layer {
                    Layer::Api | Layer::Jobs | Layer::Checks => camel(ws),
                    _ => pascal(ws),
                };
                let sub = if layer == Layer::Checks {
                    String::new()
                } else {
                    self.dir(layer)
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .to_string()
                };
                (stem, sub, ws.to_vec())
            }
        };
        let tests = self
            .dirs
            .get(&Layer::Checks)
            .cloned()
            .unwrap_or_else(|| self.lang.default_dir(Layer::Checks).to_string());
        match self.lang {
            Lang::TypeScript | Lang::JavaScript => {
                let ext = if self.lang == Lang::TypeScript {
                    "ts"
                } else {
                    "js"
                };
                let path = if sub.is_empty() || sub == "src" {
                    format!("{tests}{kind}/{stem}.test.{ext}")
                } else {
                    format!("{tests}{kind}/{sub}/{stem}.test.{ext}")
                };
                (path, format!("npm test -- {stem}"))
            }
            Lang::Python => {
                let path = format!("{tests}test_{}.py", snake(&words_));
                let cmd = format!("pytest {path}");
                (path, cmd)
            }
            Lang::Rust => {
                let path = format!("{tests}{}.rs", snake(&words_));
                (path, format!("cargo test --test {}", snake(&words_)))
            }
            Lang::Go => {
                let dir = file
                    .and_then(|f| f.rsplit_once('/').map(|(d, _)| format!("{d}/")))
                    .unwrap_or_else(|| self.dir(layer));
                (
                    format!("{dir}{}_test.go", snake(&words_)),
                    format!(
                        "go test ./{} -run Test{}",
                        dir.trim_end_matches('/'),
                        pascal(&words_)
                    ),
                )
            }
            Lang::Ruby => {
                let path = format!("{tests}{}_spec.rb", snake(&words_));
                let cmd = format!("bundle exec rspec {path}");
                (path, cmd)
            }
            Lang::Java | Lang::Kotlin => {
                let ext = if self.lang == Lang::Java {
                    "java"
                } else {
                    "kt"
                };
                let path = format!("{tests}{}Test.{ext}", pascal(&words_));
                (
                    path,
                    format!("./gradlew test --tests {}Test", pascal(&words_)),
                )
            }
            Lang::Php => {
                let path = format!("{tests}{}Test.php", pascal(&words_));
                let cmd = format!("php artisan test {path}");
                (path, cmd)
            }
            Lang::CSharp => {
                let path = format!("{tests}{}Tests.cs", pascal(&words_));
                (
                    path,
                    format!("dotnet test --filter {}Tests", pascal(&words_)),
                )
            }
            Lang::Swift => {
                let path = format!("{tests}{}Tests.swift", pascal(&words_));
                (
                    path,
                    format!("swift test --filter {}Tests", pascal(&words_)),
                )
            }
            Lang::Unknown => {
                let path = format!("{tests}{}", snake(&words_));
                (path.clone(), format!("the tests in {path}"))
            }
        }
    }

    /// The command that type-checks or compiles the project.
    pub fn check_command(&self) -> &'static str {
        match self.lang {
            Lang::TypeScript => "npx tsc --noEmit",
            Lang::JavaScript => "npm run lint",
            Lang::Python => "mypy .",
            Lang::Rust => "cargo check --all-targets",
            Lang::Go => "go vet ./...",
            Lang::Ruby => "bundle exec rubocop",
            Lang::Java => "./gradlew compileJava",
            Lang::Kotlin => "./gradlew compileKotlin",
            Lang::Php => "php artisan test",
            Lang::CSharp => "dotnet build",
            Lang::Swift => "swift build",
            Lang::Unknown => "the project's build",
        }
    }
}

/// The paths and call signatures on one context line: backticked tokens, and
/// bare tokens that contain a `/`.
fn tokens(line: &str) -> (Vec<String>, Vec<String>) {
    let mut paths = Vec::new();
    let mut api = Vec::new();
    for (i, part) in line.split('`').enumerate() {
        let quoted = i % 2 == 1;
        if quoted {
            let t = part.trim();
            if t.contains('(') {
                api.push(t.to_string());
            } else if let Some(p) =
                bare_path(t).or_else(|| (is_path(t) && !t.contains('/')).then(|| t.to_string()))
            {
                paths.push(p);
            }
            continue;
        }
        for raw in part.split_whitespace() {
            if let Some(t) = bare_path(raw) {
                paths.push(t);
            }
        }
        api.extend(calls(part));
    }
    (paths, api)
}

/// Call signatures written without backticks: `getQueue(name: string)`.
fn calls(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '(' {
            continue;
        }
        let start = (0..i)
            .rev()
            .take_while(|&j| chars[j].is_alphanumeric() || matches!(chars[j], '_' | '.'))
            .last();
        let Some(start) = start else { continue };
        let Some(close) = (i..chars.len()).find(|&j| chars[j] == ')') else {
            continue;
        };
        let name: String = chars[start..i].iter().collect();
        if name.chars().filter(|c| c.is_alphanumeric()).count() >= 2
            && name.chars().next().is_some_and(char::is_alphabetic)
        {
            out.push(chars[start..=close].iter().collect());
        }
    }
    out
}

/// A path written without backticks: `src/jobs/`, `/src/repositories/`,
/// `app/models.py`; not `and/or` or a URL path such as `/admin`.
fn bare_path(raw: &str) -> Option<String> {
    let core = raw
        .trim_end_matches(['.', ',', ';', ':', ')', '"', '\''])
        .trim_start_matches(['(', '"', '\'']);
    if !core.contains('/') || !is_path(core) {
        return None;
    }
    let first = core.trim_start_matches('/').split('/').next().unwrap_or("");
    let roots = [
        "src",
        "app",
        "lib",
        "internal",
        "cmd",
        "pkg",
        "tests",
        "test",
        "db",
        "config",
        "migrations",
        "spec",
    ];
    let has_ext = core.rsplit('/').next().is_some_and(|f| f.contains('.'));
    (has_ext || core.ends_with('/') || roots.contains(&first)).then(|| core.to_string())
}

fn piece_role(text: &str) -> PieceRole {
    let ws: Vec<String> = words(text)
        .into_iter()
        .flat_map(|w| split_ident(&w))
        .collect();
    let has = |list: &[&str]| ws.iter().any(|w| list.contains(&w.as_str()));
    if has(&["queue", "queues", "bullmq", "sidekiq", "celery"]) {
        PieceRole::Queue
    } else if has(&["email", "mail", "mailer", "sendgrid", "smtp"]) {
        PieceRole::Email
    } else if has(&["bus", "events", "event", "emitter", "publish"]) {
        PieceRole::Events
    } else if has(&["auth", "token", "session", "login"]) {
        PieceRole::Auth
    } else if has(&["logger", "logging", "log"]) {
        PieceRole::Logger
    } else if has(&["config", "settings", "env"]) {
        PieceRole::Config
    } else if has(&["db", "database", "connection", "datasource"]) {
        PieceRole::Database
    } else {
        PieceRole::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: &str = include_str!("../../../assets/examples/webhooks-context.md");

    #[test]
    fn reads_the_example_context() {
        let l = Layout::from_context(CONTEXT, "");
        assert_eq!(l.lang, Lang::TypeScript);
        assert_eq!(l.dir(Layer::Storage), "src/repositories/");
        assert_eq!(l.dir(Layer::Schema), "src/migrations/");
        assert_eq!(l.dir(Layer::Jobs), "src/jobs/");
        assert_eq!(l.dir(Layer::Types), "src/types/");
        assert_eq!(l.routes_dir.as_deref(), Some("src/api/routes/"));
        assert_eq!(l.controllers_dir.as_deref(), Some("src/api/controllers/"));
        let queue = l.piece(PieceRole::Queue).unwrap();
        assert_eq!(
            (queue.path.as_str(), queue.api_names()),
            ("src/infrastructure/queue.ts", vec!["getQueue".to_string()])
        );
        let email = l.piece(PieceRole::Email).unwrap();
        assert_eq!(email.name, "EmailService");
        assert_eq!(email.wraps.map(|t| t.name), Some("SendGrid"));
        assert!(email.api.is_empty());
        let bus = l.piece(PieceRole::Events).unwrap();
        assert_eq!(bus.api_names(), ["bus.on"]);
        assert!(l.grouped_services);
        assert!(l.admin.as_deref().is_some_and(|a| a.contains("/admin")));
        assert_eq!(l.tech(tech::Role::Queue).map(|t| t.name), Some("BullMQ"));
    }

    #[test]
    fn languages_and_defaults() {
        let l = Layout::from_context("A Django app with Celery workers.", "");
        assert_eq!(l.lang, Lang::Python);
        assert_eq!(l.dir(Layer::Jobs), "app/tasks/");
        assert_eq!(
            l.class_file("app/services/", &["invoice".into(), "service".into()]),
            "app/services/invoice_service.py"
        );
        let (path, cmd) = l.test_for(Layer::Services, &["invoice".into(), "service".into()], None);
        assert_eq!(path, "tests/test_invoice_service.py");
        assert_eq!(cmd, "pytest tests/test_invoice_service.py");
        assert_eq!(Layout::from_context("", "").lang, Lang::Unknown);
    }

    #[test]
    fn a_language_is_named_clearly_or_not_at_all() {
        let lang = |spec: &str| Layout::from_context("", spec).lang;
        // Platforms and cross-platform frameworks name no language.
        assert_eq!(lang("An iOS and macOS app."), Lang::Unknown);
        assert_eq!(
            lang("A Flutter app for iOS, written in Dart."),
            Lang::Unknown
        );
        assert_eq!(
            lang("A React Native app built with Expo for iOS."),
            Lang::Unknown
        );
        // One passing mention is not enough; a framework is.
        assert_eq!(lang("Unlike the old PHP site, ..."), Lang::Unknown);
        assert_eq!(lang("A Laravel application."), Lang::Php);
        assert_eq!(
            lang("Built with SwiftUI; the Swift package ..."),
            Lang::Swift
        );
        // Two languages named alike: no winner.
        assert_eq!(lang("python or ruby, python or ruby"), Lang::Unknown);
    }
}

//! Configuration: `config.toml` in the config directory (or `--config PATH`,
//! or `$PLANNER_TUI_CONFIG`), overridden by environment variables, over the
//! defaults embedded from `assets/config.default.toml`.
//!
//! [`Config::from_toml`] is pure; [`Config::load`] reads the file and never
//! fails. One bad value costs only itself: every problem is reported with
//! its line, the key (or provider table) it is in falls back to its
//! default, and everything else in the file is used.
mod lenient;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::llm::ProviderConfig;
use crate::tui::KeyOverrides;

/// The defaults, embedded at build time.
pub const DEFAULT_TOML: &str = include_str!("../../assets/config.default.toml");

/// Environment variables that override values (name, what it sets).
pub const ENV_OVERRIDES: [(&str, &str); 5] = [
    ("PLANNER_TUI_PROVIDER", "default_provider"),
    ("PLANNER_TUI_DATA_DIR", "data_dir"),
    ("PLANNER_TUI_EXPORT_DIR", "export_dir"),
    ("PLANNER_TUI_AUTOSAVE", "autosave"),
    ("PLANNER_TUI_LOG", "log_level"),
];
/// Where to find the config file instead of the config directory.
pub const CONFIG_ENV: &str = "PLANNER_TUI_CONFIG";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Sessions live in `<data_dir>/sessions/`.
    pub data_dir: PathBuf,
    /// Save on every accepted change (debounced).
    pub autosave: bool,
    /// How long typing may pause before an autosave.
    pub autosave_delay_ms: u64,
    /// The terminal app takes the mouse (clicks and the wheel); `false`
    /// leaves it to the terminal, for selecting and copying text.
    pub mouse: bool,
    /// Where exports go when no `-o` is given.
    pub export_dir: PathBuf,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub log_level: String,
    /// The provider used when no `--provider` is given; `None` means offline.
    pub default_provider: Option<String>,
    /// `[providers.NAME]` tables.
    pub providers: BTreeMap<String, ProviderConfig>,
    /// `[keys.<mode>]` tables: key → command name, merged over the built-in
    /// key map when the terminal app starts (checked there, so a bad binding
    /// is shown in the app and the defaults run).
    pub keys: KeyOverrides,
    /// `[providers.NAME]` tables that were in the file but could not be
    /// read, with why: naming one says so instead of "no such table".
    pub unusable_providers: BTreeMap<String, String>,
    /// The config file looked for (whether or not it exists), to name it
    /// in messages about what it lacks.
    pub file: Option<PathBuf>,
}

/// The name under which the built-in offline planner can always be chosen.
pub const OFFLINE: &str = "offline";

/// The file as written: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    data_dir: Option<String>,
    autosave: Option<bool>,
    autosave_delay_ms: Option<u64>,
    mouse: Option<bool>,
    export_dir: Option<String>,
    log_level: Option<String>,
    default_provider: Option<String>,
    #[serde(default)]
    providers: BTreeMap<String, ProviderConfig>,
    #[serde(default)]
    keys: KeyOverrides,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{source_name}: {message}")]
    Parse {
        source_name: String,
        /// Where it is, when known (the message says it too).
        line: Option<usize>,
        message: String,
    },
    #[error("{source_name}: {}", self.detail())]
    Value {
        source_name: String,
        /// Where the value is, when it came from a file.
        line: Option<usize>,
        key: String,
        value: String,
        message: String,
    },
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
}

/// The platform directories planner-tui uses.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    /// Logs and kept raw model answers.
    pub state_dir: PathBuf,
}

impl Dirs {
    /// From `directories`; falls back to `./.planner-tui` when the platform
    /// has no home directory (a bare container, say).
    pub fn platform() -> Dirs {
        match directories::ProjectDirs::from("", "", "planner-tui") {
            Some(p) => Dirs {
                config_dir: p.config_dir().to_path_buf(),
                data_dir: p.data_dir().to_path_buf(),
                state_dir: p
                    .state_dir()
                    .unwrap_or_else(|| p.data_local_dir())
                    .to_path_buf(),
            },
            None => {
                let base = PathBuf::from(".planner-tui");
                Dirs {
                    config_dir: base.clone(),
                    data_dir: base.clone(),
                    state_dir: base,
                }
            }
        }
    }
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
}

impl ConfigError {
    /// The line of the file it is about, if it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Parse { line, .. } | ConfigError::Value { line, .. } => *line,
            ConfigError::Read { .. } => None,
        }
    }

    /// The message without where it came from: `line 3, column 1: ...`.
    pub fn detail(&self) -> String {
        match self {
            ConfigError::Parse { message, .. } => message.clone(),
            ConfigError::Value {
                line,
                key,
                value,
                message,
                ..
            } => {
                let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
                format!("{at}{key} = {value:?}: {message}")
            }
            ConfigError::Read { path, message } => {
                format!("cannot read {}: {message}", path.display())
            }
        }
    }
}

impl Config {
    /// Merge `user` over `default`, keeping every valid part of both. The
    /// problems come back with the config that runs: each with its line,
    /// each costing only the key (or provider table) it is in, which keeps
    /// its default. Paths that are relative or empty in the defaults are
    /// filled from `dirs` by [`Config::resolve`].
    pub fn from_toml(default: &str, user: Option<&str>) -> (Config, Vec<ConfigError>) {
        let mut problems = Vec::new();
        let (base, _, _) = read_raw("built-in defaults", default, &mut problems);
        let (user, lines, unusable_providers) = match user {
            Some(text) => read_raw("config.toml", text, &mut problems),
            None => (RawConfig::default(), Vec::new(), BTreeMap::new()),
        };
        let line_of = |key: &str| lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
        let mut providers = base.providers;
        providers.extend(user.providers);
        let mut keys = base.keys;
        for (mode, bindings) in user.keys {
            keys.entry(mode).or_default().extend(bindings);
        }
        let known = |name: &String| {
            name == OFFLINE || providers.contains_key(name) || unusable_providers.contains_key(name)
        };
        let base_provider = base.default_provider.filter(|p| !p.is_empty() && known(p));
        let default_provider = match user.default_provider.filter(|p| !p.is_empty()) {
            Some(name) if known(&name) => Some(name),
            Some(name) => {
                let mut known: Vec<&str> = providers.keys().map(String::as_str).collect();
                known.push(OFFLINE);
                problems.push(ConfigError::Value {
                    source_name: "config.toml".into(),
                    line: line_of("default_provider"),
                    key: "default_provider".into(),
                    value: name.clone(),
                    message: format!(
                        "no [providers.{name}] table (known: {}); it keeps its default",
                        known.join(", ")
                    ),
                });
                base_provider
            }
            None => base_provider,
        };
        let base_level = base
            .log_level
            .and_then(|l| check_level("built-in defaults", l).ok())
            .unwrap_or_else(|| "info".into());
        let log_level = match user.log_level {
            Some(level) => match check_level("config.toml", level) {
                Ok(level) => level,
                Err(ConfigError::Value {
                    source_name,
                    key,
                    value,
                    message,
                    ..
                }) => {
                    problems.push(ConfigError::Value {
                        source_name,
                        line: line_of("log_level"),
                        key,
                        value,
                        message: format!("{message}; it keeps its default"),
                    });
                    base_level
                }
                Err(other) => {
                    problems.push(other);
                    base_level
                }
            },
            None => base_level,
        };
        let config = Config {
            default_provider,
            providers,
            keys,
            unusable_providers,
            data_dir: PathBuf::from(user.data_dir.or(base.data_dir).unwrap_or_default()),
            autosave: user.autosave.or(base.autosave).unwrap_or(true),
            mouse: user.mouse.or(base.mouse).unwrap_or(true),
            autosave_delay_ms: user
                .autosave_delay_ms
                .or(base.autosave_delay_ms)
                .unwrap_or(1000),
            export_dir: PathBuf::from(
                user.export_dir
                    .or(base.export_dir)
                    .unwrap_or_else(|| ".".into()),
            ),
            log_level,
            file: None,
        };
        // In the order of the file, as a user reads it.
        problems.sort_by_key(|p| p.line().unwrap_or(usize::MAX));
        (config, problems)
    }

    /// Apply environment overrides (`get` is `std::env::var` in the app; a
    /// map in tests).
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let src = |name: &str| format!("environment variable {name}");
        if let Some(v) = get("PLANNER_TUI_DATA_DIR").filter(|v| !v.is_empty()) {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("PLANNER_TUI_EXPORT_DIR").filter(|v| !v.is_empty()) {
            self.export_dir = PathBuf::from(v);
        }
        if let Some(v) = get("PLANNER_TUI_AUTOSAVE") {
            self.autosave = match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                _ => {
                    return Err(ConfigError::Value {
                        source_name: src("PLANNER_TUI_AUTOSAVE"),
                        line: None,
                        key: "autosave".into(),
                        value: v,
                        message: "expected true or false".into(),
                    });
                }
            };
        }
        if let Some(v) = get("PLANNER_TUI_PROVIDER").filter(|v| !v.is_empty()) {
            self.check_provider_name(&src("PLANNER_TUI_PROVIDER"), &v)?;
            self.default_provider = Some(v);
        }
        if let Some(v) = get("PLANNER_TUI_LOG") {
            self.log_level = check_level(&src("PLANNER_TUI_LOG"), v)?;
        }
        Ok(())
    }

    /// Fill in what depends on the machine: an empty `data_dir` becomes the
    /// platform data directory; `~/` is expanded.
    pub fn resolve(&mut self, dirs: &Dirs) {
        if self.data_dir.as_os_str().is_empty() {
            self.data_dir = dirs.data_dir.clone();
        }
        self.data_dir = expand_home(&self.data_dir);
        self.export_dir = expand_home(&self.export_dir);
    }

    /// Everything the app needs at start: the file (if any) over the
    /// defaults, then the environment. Never fails; problems come back as
    /// messages to show, and the defaults (or the file without the bad
    /// environment value) are used.
    pub fn load(explicit: Option<&Path>, dirs: &Dirs) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        let (path, must_exist) = config_file(explicit, dirs);
        let user = match crate::input::read(&path, crate::input::Limit::config()) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    warnings.push(format!(
                        "{} is not UTF-8 text; using the default settings",
                        path.display()
                    ));
                    None
                }
            },
            Err(e) if e.io_kind() == Some(std::io::ErrorKind::NotFound) && !must_exist => None,
            Err(e) => {
                warnings.push(format!("{e}; using the default settings"));
                None
            }
        };
        let (mut config, problems) = Config::from_toml(DEFAULT_TOML, user.as_deref());
        config.file = Some(path.clone());
        if !problems.is_empty() {
            let n = problems.len();
            let list: Vec<String> = problems.iter().map(ConfigError::detail).collect();
            warnings.push(format!(
                "{} has {n} problem{}; everything else in it is used:\n  {}",
                path.display(),
                if n == 1 { "" } else { "s" },
                list.join("\n  ")
            ));
        }
        if let Err(e) = config.apply_env(|k| std::env::var(k).ok()) {
            warnings.push(format!("{e}; ignoring it"));
        }
        config.resolve(dirs);
        (config, warnings)
    }

    /// The provider to use: `choice` (from `--provider`) or the default.
    /// `None` as the config means the built-in offline planner.
    pub fn provider(
        &self,
        choice: Option<&str>,
    ) -> Result<(String, Option<ProviderConfig>), ConfigError> {
        let (name, source) = match (choice, &self.default_provider) {
            (Some(c), _) => (c.to_string(), "--provider"),
            (None, Some(d)) => (d.clone(), "default_provider"),
            (None, None) => return Ok((OFFLINE.to_string(), None)),
        };
        self.check_provider_name(source, &name)?;
        match self.providers.get(&name) {
            Some(cfg) if !cfg.is_offline() => Ok((name, Some(cfg.clone()))),
            _ => Ok((name, None)),
        }
    }

    /// `name` is a provider that can be used: the offline planner or a
    /// `[providers.NAME]` table that was read. A table that was in the file
    /// but could not be read says why.
    fn check_provider_name(&self, source_name: &str, name: &str) -> Result<(), ConfigError> {
        let error = |message: String| ConfigError::Value {
            source_name: source_name.to_string(),
            line: None,
            key: "provider".into(),
            value: name.to_string(),
            message,
        };
        if let Some(problem) = self.unusable_providers.get(name) {
            return Err(error(format!(
                "[providers.{name}] is in the config file but could not be read ({problem}); fix it there"
            )));
        }
        if name == OFFLINE || self.providers.contains_key(name) {
            return Ok(());
        }
        let mut known: Vec<&str> = self.providers.keys().map(String::as_str).collect();
        known.push(OFFLINE);
        let place = match &self.file {
            Some(f) if f.is_file() => format!(" in {}", f.display()),
            Some(f) => format!(" (there is no config file at {})", f.display()),
            None => String::new(),
        };
        Err(error(format!(
            "no [providers.{name}] table{place}; known: {}",
            known.join(", ")
        )))
    }

    /// The embedded defaults alone (tested to read without a problem).
    pub fn defaults() -> Config {
        Config::from_toml(DEFAULT_TOML, None).0
    }
}

/// The config file to read: `--config PATH`, else `$PLANNER_TUI_CONFIG`,
/// else `config.toml` in the config directory; and whether it must exist
/// (only the last may be missing).
pub fn config_file(explicit: Option<&Path>, dirs: &Dirs) -> (PathBuf, bool) {
    let env_path = std::env::var_os(CONFIG_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    match (explicit, env_path) {
        (Some(p), _) => (p.to_path_buf(), true),
        (None, Some(p)) => (p, true),
        (None, None) => (dirs.config_file(), false),
    }
}

/// Every valid part of `text`; its problems go to `problems`. Also the line
/// of each top-level key and the provider tables that could not be read.
fn read_raw(
    source_name: &str,
    text: &str,
    problems: &mut Vec<ConfigError>,
) -> (RawConfig, lenient::Lines, BTreeMap<String, String>) {
    let (raw, found, lines) = lenient::read::<RawConfig>(text);
    let mut unusable = BTreeMap::new();
    for p in found {
        if let Some([table, name]) = p.dropped.as_deref()
            && table == "providers"
        {
            unusable.insert(name.clone(), p.message.clone());
        }
        problems.push(ConfigError::Parse {
            source_name: source_name.to_string(),
            line: p.line,
            message: p.message,
        });
    }
    (raw, lines, unusable)
}

/// `line 3, column 1: unknown field `colour`, expected one of ...`
pub fn toml_error_message(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn check_level(source_name: &str, level: String) -> Result<String, ConfigError> {
    let l = level.trim().to_ascii_lowercase();
    if ["error", "warn", "info", "debug", "trace"].contains(&l.as_str()) {
        Ok(l)
    } else {
        Err(ConfigError::Value {
            source_name: source_name.to_string(),
            line: None,
            key: "log_level".into(),
            value: level,
            message: "expected error, warn, info, debug or trace".into(),
        })
    }
}

fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(b)) => b.home_dir().join(rest),
        _ => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config and the problems' details (without "config.toml: ").
    fn read(user: &str) -> (Config, Vec<String>) {
        let (c, problems) = Config::from_toml(DEFAULT_TOML, Some(user));
        (c, problems.iter().map(ConfigError::detail).collect())
    }

    /// The config, which must read without a problem.
    #[test]
    fn the_mouse_is_taken_unless_the_config_says_no() {
        assert!(Config::defaults().mouse);
        assert!(!clean("mouse = false\n").mouse);
    }

    fn clean(user: &str) -> Config {
        let (c, problems) = read(user);
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    #[test]
    fn defaults_parse() {
        let (c, problems) = Config::from_toml(DEFAULT_TOML, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(c.autosave);
        assert_eq!(c.autosave_delay_ms, 1000);
        assert_eq!(c.export_dir, PathBuf::from("."));
        assert_eq!(
            c.data_dir,
            PathBuf::new(),
            "empty means the platform data dir"
        );
        assert_eq!(c, Config::defaults());
    }

    #[test]
    fn the_documented_example_is_a_valid_config() {
        let example = include_str!("../../config.example.toml");
        assert_eq!(clean(example), Config::defaults());
    }

    #[test]
    fn the_commented_out_provider_examples_are_valid_too() {
        let example: String = include_str!("../../config.example.toml")
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with("[providers")
                        || rest.starts_with("[keys")
                        || rest
                            .split_once(" = ")
                            .is_some_and(|(k, _)| !k.contains(' ')) =>
                {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = clean(&example);
        assert_eq!(c.default_provider.as_deref(), Some("local"));
        assert_eq!(
            c.providers.keys().map(String::as_str).collect::<Vec<_>>(),
            ["claude", "local", "offline"]
        );
        assert_eq!(c.keys["tasks"]["x"], "delete_task");
        crate::tui::Keymap::from_toml(crate::tui::keymap::DEFAULT_KEYMAP, &c.keys)
            .unwrap_or_else(|e| panic!("the [keys] example is a valid key map: {e}"));
    }

    #[test]
    fn user_values_override_defaults() {
        let c = clean("autosave = false\nexport_dir = \"plans\"\n");
        assert!(!c.autosave);
        assert_eq!(c.export_dir, PathBuf::from("plans"));
        assert_eq!(c.autosave_delay_ms, 1000);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line_and_the_rest_is_kept() {
        let (c, problems) = read("autosave = false\n\ncolour = \"red\"\nexport_dir = \"plans\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("line 3, column 1: unknown field `colour`"),
            "{problems:?}"
        );
        assert!(problems[0].ends_with("; ignored"), "{problems:?}");
        assert!(!c.autosave, "the keys around it are kept");
        assert_eq!(c.export_dir, PathBuf::from("plans"));
    }

    #[test]
    fn a_bad_value_falls_back_to_its_default_alone() {
        let (c, problems) = read("autosave = \"sometimes\"\nexport_dir = \"plans\"\n");
        assert_eq!(
            problems,
            [
                "line 1, column 12: invalid type: string \"sometimes\", expected a boolean; `autosave` keeps its default"
            ]
        );
        assert!(c.autosave, "the default");
        assert_eq!(c.export_dir, PathBuf::from("plans"));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let user = concat!(
            "autosave = \"sometimes\"\n",    // 1: wrong type
            "autosave_delay_ms = 300\n",     // 2: fine
            "colour = \"red\"\n",            // 3: unknown
            "log_level = \"loud\"\n",        // 4: not a level
            "default_provider = \"gone\"\n", // 5: no such table
            "export_dir = tru\n",            // 6: not TOML
            "\n",
            "[providers.local]\n", // 8
            "kind = \"openai\"\n",
            "model = \"m\"\n",
            "modle = \"m\"\n", // 11: unknown, inside a provider
            "\n",
            "[providers.broken]\n", // 13: no kind
            "model = \"m\"\n",
            "\n",
            "[keys.tasks]\n",
            "x = \"delete_task\"\n",
            "y = 3\n", // 18: not a command name
        );
        let (c, problems) = read(user);
        let lines: Vec<&str> = problems
            .iter()
            .map(|p| p.split([',', ':']).next().unwrap_or(""))
            .collect();
        assert_eq!(
            lines,
            [
                "line 1", "line 3", "line 4", "line 5", "line 6", "line 11", "line 13", "line 18"
            ],
            "in the order of the file: {problems:#?}"
        );
        // Everything else is used.
        assert!(c.autosave);
        assert_eq!(c.autosave_delay_ms, 300);
        assert_eq!(c.log_level, "info");
        assert_eq!(c.default_provider, None);
        assert_eq!(c.export_dir, PathBuf::from("."));
        assert_eq!(
            c.providers.get("local").and_then(|p| p.model.as_deref()),
            Some("m")
        );
        assert!(!c.providers.contains_key("broken"));
        assert_eq!(c.keys["tasks"]["x"], "delete_task");
        assert!(!c.keys["tasks"].contains_key("y"));
        // A table that is in the file is found by --provider, and a broken
        // one says why it cannot be used.
        assert_eq!(
            c.provider(Some("local")).map(|(n, _)| n).ok().as_deref(),
            Some("local")
        );
        let err = c.provider(Some("broken")).unwrap_err().to_string();
        assert!(
            err.contains("[providers.broken] is in the config file but could not be read (line 13, column 1: missing field `kind`"),
            "{err}"
        );
    }

    #[test]
    fn providers_and_the_default_provider() {
        let user = "default_provider = \"local\"\n[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\n";
        let c = clean(user);
        let (name, cfg) = c.provider(None).unwrap();
        assert_eq!(name, "local");
        assert_eq!(cfg.and_then(|c| c.model), Some("m".to_string()));
        assert_eq!(
            c.provider(Some("offline")).unwrap(),
            ("offline".to_string(), None)
        );
        let err = c.provider(Some("gpt")).unwrap_err().to_string();
        assert_eq!(
            err,
            "--provider: provider = \"gpt\": no [providers.gpt] table; known: local, offline"
        );
        // No provider configured: offline.
        assert_eq!(
            Config::defaults().provider(None).unwrap(),
            ("offline".to_string(), None)
        );
        // A default that names nothing is reported where it is, and runs offline.
        let (c, problems) = read("\ndefault_provider = \"x\"\n");
        assert_eq!(
            problems,
            [
                "line 2: default_provider = \"x\": no [providers.x] table (known: offline); it keeps its default"
            ]
        );
        assert_eq!(c.provider(None).unwrap(), ("offline".to_string(), None));
        // An unknown key inside a provider table costs only that key.
        let (c, problems) = read("[providers.a]\nkind = \"openai\"\nmodle = \"m\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("line 3, column 1: unknown field `modle`"),
            "{problems:?}"
        );
        assert!(c.providers.contains_key("a"));
    }

    #[test]
    fn a_syntax_error_costs_the_entry_it_is_in() {
        let (c, problems) = read("autosave = tru\nexport_dir = \"plans\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("line 1, column 12:"),
            "{problems:?}"
        );
        assert!(
            problems[0].ends_with("; `autosave` keeps its default"),
            "{problems:?}"
        );
        assert!(c.autosave, "the default, not the parser's guess");
        assert_eq!(c.export_dir, PathBuf::from("plans"));
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut c = clean("autosave = true\n");
        let env: BTreeMap<&str, &str> = [
            ("PLANNER_TUI_AUTOSAVE", "off"),
            ("PLANNER_TUI_DATA_DIR", "/tmp/x"),
            ("PLANNER_TUI_LOG", "debug"),
        ]
        .into();
        c.apply_env(|k| env.get(k).map(|v| v.to_string())).unwrap();
        assert!(!c.autosave);
        assert_eq!(c.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(c.log_level, "debug");
        let err = c
            .apply_env(|k| (k == "PLANNER_TUI_AUTOSAVE").then(|| "maybe".to_string()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable PLANNER_TUI_AUTOSAVE: autosave = \"maybe\": expected true or false"
        );
    }

    #[test]
    fn key_tables_merge_over_the_defaults_per_key() {
        let (c, problems) = Config::from_toml(
            "[keys.tasks]\nx = \"delete_task\"\ny = \"undo\"\n",
            Some("[keys.tasks]\ny = \"redo\"\n[keys.global]\nQ = \"quit\"\n"),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.keys["tasks"]["x"], "delete_task");
        assert_eq!(c.keys["tasks"]["y"], "redo");
        assert_eq!(c.keys["global"]["Q"], "quit");
        // The wrong shape is a problem with its line; the rest of the file stays.
        let (c, problems) = read("[keys]\ntasks = 3\n[keys.global]\nQ = \"quit\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("line 2"), "{problems:?}");
        assert_eq!(c.keys["global"]["Q"], "quit");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncdé\nx", 7), (2, 4));
        assert_eq!(line_col("ab\ncdé\nx", 6), (2, 3), "inside a character");
        assert_eq!(line_col("ab\ncdé\nx", 8), (3, 1));
        assert_eq!(line_col("", 10), (1, 1));
    }
}

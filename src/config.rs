//! Configuration: `config.toml` in the config directory (or `--config PATH`,
//! or `$PLANNER_TUI_CONFIG`), overridden by environment variables, over the
//! defaults embedded from `assets/config.default.toml`.
//!
//! [`Config::from_toml`] is pure; [`Config::load`] reads the file and never
//! fails: a bad file is reported and the defaults run.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::llm::ProviderConfig;
use crate::tui::KeyOverrides;

/// The defaults, embedded at build time.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.default.toml");

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
        message: String,
    },
    #[error("{source_name}: {key} = {value:?}: {message}")]
    Value {
        source_name: String,
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

impl Config {
    /// Merge `user` over `default`. Paths that are relative or empty in the
    /// defaults are filled from `dirs` by [`Config::resolve`].
    pub fn from_toml(default: &str, user: Option<&str>) -> Result<Config, ConfigError> {
        let base = parse_raw("built-in defaults", default)?;
        let user = match user {
            Some(text) => parse_raw("config.toml", text)?,
            None => RawConfig::default(),
        };
        let mut providers = base.providers;
        providers.extend(user.providers);
        let mut keys = base.keys;
        for (mode, bindings) in user.keys {
            keys.entry(mode).or_default().extend(bindings);
        }
        let default_provider = user
            .default_provider
            .or(base.default_provider)
            .filter(|p| !p.is_empty());
        if let Some(name) = &default_provider {
            check_provider_name("config.toml", name, &providers)?;
        }
        Ok(Config {
            default_provider,
            providers,
            keys,
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
            log_level: check_level(
                "config.toml",
                user.log_level
                    .or(base.log_level)
                    .unwrap_or_else(|| "info".into()),
            )?,
        })
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
                        key: "autosave".into(),
                        value: v,
                        message: "expected true or false".into(),
                    });
                }
            };
        }
        if let Some(v) = get("PLANNER_TUI_PROVIDER").filter(|v| !v.is_empty()) {
            check_provider_name(&src("PLANNER_TUI_PROVIDER"), &v, &self.providers)?;
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
        let user = match std::fs::read(&path) {
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
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => None,
            Err(e) => {
                warnings.push(format!(
                    "cannot read {}: {e}; using the default settings",
                    path.display()
                ));
                None
            }
        };
        let mut config = match Config::from_toml(DEFAULT_TOML, user.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                let msg = e
                    .to_string()
                    .replacen("config.toml", &path.display().to_string(), 1);
                warnings.push(format!("{msg}\nusing the default settings"));
                Config::defaults()
            }
        };
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
        let name = choice
            .map(str::to_string)
            .or_else(|| self.default_provider.clone());
        let Some(name) = name else {
            return Ok((OFFLINE.to_string(), None));
        };
        check_provider_name("--provider", &name, &self.providers)?;
        match self.providers.get(&name) {
            Some(cfg) if !cfg.is_offline() => Ok((name, Some(cfg.clone()))),
            _ => Ok((name, None)),
        }
    }

    /// The embedded defaults alone.
    pub fn defaults() -> Config {
        // The embedded defaults are tested to parse; fall back field by field if not.
        Config::from_toml(DEFAULT_TOML, None).unwrap_or(Config {
            data_dir: PathBuf::new(),
            autosave: true,
            mouse: true,
            autosave_delay_ms: 1000,
            export_dir: PathBuf::from("."),
            log_level: "info".into(),
            default_provider: None,
            providers: BTreeMap::new(),
            keys: KeyOverrides::new(),
        })
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

fn parse_raw(source_name: &str, text: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str::<RawConfig>(text).map_err(|e| ConfigError::Parse {
        source_name: source_name.to_string(),
        message: toml_error_message(text, &e),
    })
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

fn check_provider_name(
    source_name: &str,
    name: &str,
    providers: &BTreeMap<String, ProviderConfig>,
) -> Result<(), ConfigError> {
    if name == OFFLINE || providers.contains_key(name) {
        return Ok(());
    }
    let mut known: Vec<&str> = providers.keys().map(String::as_str).collect();
    known.push(OFFLINE);
    Err(ConfigError::Value {
        source_name: source_name.to_string(),
        key: "provider".into(),
        value: name.to_string(),
        message: format!("no [providers.{name}] table; known: {}", known.join(", ")),
    })
}

fn check_level(source_name: &str, level: String) -> Result<String, ConfigError> {
    let l = level.trim().to_ascii_lowercase();
    if ["error", "warn", "info", "debug", "trace"].contains(&l.as_str()) {
        Ok(l)
    } else {
        Err(ConfigError::Value {
            source_name: source_name.to_string(),
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

    #[test]
    fn the_mouse_is_taken_unless_the_config_says_no() {
        assert!(Config::from_toml(DEFAULT_TOML, None).unwrap().mouse);
        let c = Config::from_toml(DEFAULT_TOML, Some("mouse = false\n")).unwrap();
        assert!(!c.mouse);
    }

    #[test]
    fn defaults_parse() {
        let c = Config::from_toml(DEFAULT_TOML, None).unwrap();
        assert!(c.autosave);
        assert_eq!(c.autosave_delay_ms, 1000);
        assert_eq!(c.export_dir, PathBuf::from("."));
        assert_eq!(
            c.data_dir,
            PathBuf::new(),
            "empty means the platform data dir"
        );
    }

    #[test]
    fn the_documented_example_is_a_valid_config() {
        let example = include_str!("../config.example.toml");
        assert_eq!(
            Config::from_toml(DEFAULT_TOML, Some(example)),
            Config::from_toml(DEFAULT_TOML, None)
        );
    }

    #[test]
    fn the_commented_out_provider_examples_are_valid_too() {
        let example: String = include_str!("../config.example.toml")
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
        let c = Config::from_toml(DEFAULT_TOML, Some(&example))
            .unwrap_or_else(|e| panic!("{e}\n{example}"));
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
        let c = Config::from_toml(
            DEFAULT_TOML,
            Some("autosave = false\nexport_dir = \"plans\"\n"),
        )
        .unwrap();
        assert!(!c.autosave);
        assert_eq!(c.export_dir, PathBuf::from("plans"));
        assert_eq!(c.autosave_delay_ms, 1000);
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let err = Config::from_toml(DEFAULT_TOML, Some("autosave = true\n\ncolour = \"red\"\n"))
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("config.toml: line 3, column 1: unknown field `colour`"),
            "{msg}"
        );
    }

    #[test]
    fn wrong_types_are_reported_where_they_are() {
        let msg = Config::from_toml(DEFAULT_TOML, Some("autosave = \"sometimes\"\n"))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("line 1, column 12"), "{msg}");
        assert!(msg.contains("invalid type"), "{msg}");
    }

    #[test]
    fn providers_and_the_default_provider() {
        let user = "default_provider = \"local\"\n[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\n";
        let c = Config::from_toml(DEFAULT_TOML, Some(user)).unwrap();
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
        // A default that names nothing is a config error, not a surprise later.
        let err = Config::from_toml(DEFAULT_TOML, Some("default_provider = \"x\"\n")).unwrap_err();
        assert!(err.to_string().contains("no [providers.x] table"), "{err}");
        // Unknown keys inside a provider table are named too.
        let err = Config::from_toml(
            DEFAULT_TOML,
            Some("[providers.a]\nkind = \"openai\"\nmodle = \"m\"\n"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("line 3") && err.to_string().contains("modle"),
            "{err}"
        );
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut c = Config::from_toml(DEFAULT_TOML, Some("autosave = true\n")).unwrap();
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
        let c = Config::from_toml(
            "[keys.tasks]\nx = \"delete_task\"\ny = \"undo\"\n",
            Some("[keys.tasks]\ny = \"redo\"\n[keys.global]\nQ = \"quit\"\n"),
        )
        .unwrap();
        assert_eq!(c.keys["tasks"]["x"], "delete_task");
        assert_eq!(c.keys["tasks"]["y"], "redo");
        assert_eq!(c.keys["global"]["Q"], "quit");
        // The wrong shape is a config error with its line.
        let err = Config::from_toml(DEFAULT_TOML, Some("[keys]\ntasks = 3\n")).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncdé\nx", 7), (2, 4));
        assert_eq!(line_col("ab\ncdé\nx", 6), (2, 3), "inside a character");
        assert_eq!(line_col("ab\ncdé\nx", 8), (3, 1));
        assert_eq!(line_col("", 10), (1, 1));
    }
}

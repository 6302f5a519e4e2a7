//! The `[providers.NAME]` tables of `config.toml`: which kind of server, where
//! it is, which model, where the key comes from, and the network tunables.
use std::collections::BTreeMap;

use serde::Deserialize;

pub const DEFAULT_CONNECT_TIMEOUT_S: u64 = 10;
pub const DEFAULT_TIMEOUT_S: u64 = 300;
pub const DEFAULT_MAX_RETRIES: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenAI-compatible Chat Completions server.
    #[serde(rename = "openai")]
    OpenAi,
    /// The Anthropic Messages API.
    Anthropic,
    /// The built-in heuristic planner; needs no other key.
    #[default]
    Offline,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Offline => "offline",
        }
    }
}

/// How an OpenAI-compatible server is asked for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StructuredMode {
    /// `response_format: {type: json_schema, json_schema: {name, strict: true, schema}}`.
    #[default]
    JsonSchema,
    /// `response_format: {type: json_object}`, with the schema in the system message.
    JsonObject,
    /// No `response_format`; the schema goes in the system message.
    Prompt,
}

/// One `[providers.NAME]` table. Every key but `kind` is optional; what a
/// missing key means is documented on the field and in docs/providers.md.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// openai: default `https://api.openai.com/v1`; anthropic: default
    /// `https://api.anthropic.com`. A trailing `/` or a doubled `/v1` is fine.
    pub base_url: Option<String>,
    /// Required for openai and anthropic.
    pub model: Option<String>,
    /// The name of the environment variable holding the key. anthropic:
    /// default `ANTHROPIC_API_KEY`; openai: `OPENAI_API_KEY` when `base_url`
    /// is unset, otherwise none (local servers need no key).
    pub api_key_env: Option<String>,
    /// A shell command printing the key (e.g. `pass show openai`), run once
    /// when the variable in `api_key_env` is not set.
    pub api_key_cmd: Option<String>,
    /// Extra HTTP headers sent with every request.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub temperature: Option<f32>,
    /// Answer length limit; anthropic needs one and uses 8192 when unset.
    /// Every request also gets an answer budget sized to what it asks for,
    /// never above this.
    pub max_tokens: Option<u32>,
    /// The model's context window in tokens (prompt and answer together).
    /// Unset: asked of the server once per run (llama.cpp `/props`, Ollama
    /// `/api/show`, a LiteLLM proxy's `/model/info`), else a safe default.
    pub context_window: Option<u32>,
    /// Requests of one step that may run at once. Default 1; hosted
    /// providers may raise it (429 / Retry-After are still obeyed).
    pub max_concurrency: Option<u32>,
    /// openai only; default `json_schema`.
    pub structured: Option<StructuredMode>,
    /// Unset: the application's shared client (10 s). Set: this provider
    /// gets its own connection pool with this connect timeout.
    pub connect_timeout_s: Option<u64>,
    /// The whole of one attempt, from connecting to the last streamed byte.
    #[serde(default = "default_timeout_s")]
    pub timeout_s: u64,
    /// Further attempts after a connect error, 408, 409, 429 or 5xx.
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
    /// anthropic only; default `2023-06-01`.
    pub anthropic_version: Option<String>,
}

fn default_timeout_s() -> u64 {
    DEFAULT_TIMEOUT_S
}

fn default_max_retries() -> u32 {
    DEFAULT_MAX_RETRIES
}

impl Default for ProviderConfig {
    /// `kind = "offline"` with every other key at its documented default.
    fn default() -> Self {
        ProviderConfig {
            kind: ProviderKind::Offline,
            base_url: None,
            model: None,
            api_key_env: None,
            api_key_cmd: None,
            headers: BTreeMap::new(),
            temperature: None,
            max_tokens: None,
            context_window: None,
            max_concurrency: None,
            structured: None,
            connect_timeout_s: None,
            timeout_s: DEFAULT_TIMEOUT_S,
            max_retries: DEFAULT_MAX_RETRIES,
            anthropic_version: None,
        }
    }
}

impl ProviderConfig {
    /// The offline planner is not a network provider: `Provider::new`
    /// refuses it, so callers check this first and build the offline planner.
    pub fn is_offline(&self) -> bool {
        self.kind == ProviderKind::Offline
    }

    /// A config for an OpenAI-compatible server, with every other key at its default.
    pub fn openai(base_url: &str, model: &str) -> Self {
        ProviderConfig {
            kind: ProviderKind::OpenAi,
            base_url: Some(base_url.to_string()),
            model: Some(model.to_string()),
            ..ProviderConfig::default()
        }
    }

    /// A config for the Anthropic Messages API, with every other key at its default.
    pub fn anthropic(model: &str) -> Self {
        ProviderConfig {
            kind: ProviderKind::Anthropic,
            model: Some(model.to_string()),
            ..ProviderConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<BTreeMap<String, ProviderConfig>, toml::de::Error> {
        #[derive(Deserialize)]
        struct File {
            providers: BTreeMap<String, ProviderConfig>,
        }
        toml::from_str::<File>(text).map(|f| f.providers)
    }

    #[test]
    fn the_documented_example_parses_with_defaults() {
        let providers = parse(
            r#"
            [providers.local]
            kind = "openai"
            base_url = "http://localhost:11434/v1"
            model = "qwen2.5-coder:14b"
            structured = "json_object"
            [providers.claude]
            kind = "anthropic"
            model = "claude-sonnet-4-5"
            api_key_env = "ANTHROPIC_API_KEY"
            headers = { "x-team" = "planning" }
            [providers.heuristic]
            kind = "offline"
            "#,
        )
        .expect("valid config");
        let local = &providers["local"];
        assert_eq!(local.kind, ProviderKind::OpenAi);
        assert_eq!(local.structured, Some(StructuredMode::JsonObject));
        assert_eq!(local.timeout_s, DEFAULT_TIMEOUT_S);
        assert_eq!(local.max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(local.connect_timeout_s, None);
        let claude = &providers["claude"];
        assert_eq!(claude.kind, ProviderKind::Anthropic);
        assert_eq!(claude.headers["x-team"], "planning");
        assert!(providers["heuristic"].is_offline());
    }

    #[test]
    fn unknown_keys_and_kinds_are_rejected_with_their_name() {
        let err = parse("[providers.x]\nkind = \"openai\"\nmodle = \"m\"\n").unwrap_err();
        assert!(err.to_string().contains("modle"), "{err}");
        let err = parse("[providers.x]\nkind = \"gemini\"\n").unwrap_err();
        assert!(err.to_string().contains("gemini"), "{err}");
        let err = parse("[providers.x]\nkind = \"openai\"\nstructured = \"xml\"\n").unwrap_err();
        assert!(err.to_string().contains("xml"), "{err}");
    }
}

//! A configured model endpoint: builds requests for its dialect, sends them
//! with the key, reads the streamed answer, and retries what is worth
//! retrying — all of it cancellable and bounded in time.
use std::error::Error as _;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, Url};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::anthropic::{self, Anthropic, AnthropicDecoder};
use super::config::{DEFAULT_CONNECT_TIMEOUT_S, ProviderConfig, ProviderKind, StructuredMode};
use super::endpoint::{
    ANTHROPIC_DEFAULT_BASE, OPENAI_DEFAULT_BASE, anthropic_messages_url, openai_chat_url,
};
use super::error::{LlmError, TimeoutPhase};
use super::openai::{OpenAi, OpenAiDecoder};
use super::request::{ChatRequest, Completion, StreamEvent};
use super::retry::{Retries, pause};
use super::secret::KeySource;
use super::sse::{Stop, read_stream};
use super::status::{Target, http_error};
use super::window::{
    ANTHROPIC_CONTEXT_WINDOW, DEFAULT_CONTEXT_WINDOW, MIN_CONTEXT_WINDOW, OPENAI_CONTEXT_WINDOW,
    Probe, ServerFacts, WindowSource, server_root,
};

/// Error bodies are read up to this size; the rest is not worth showing.
const ERROR_BODY_LIMIT: usize = 64 * 1024;
/// A non-streamed JSON answer larger than this is refused.
const ANSWER_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The HTTP client the whole application shares: rustls, the system's
/// proxy settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY), and a
/// connect timeout (use `Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_S)`).
pub fn http_client(connect_timeout: Duration) -> Result<Client, LlmError> {
    Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(concat!("planner-tui/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| LlmError::BadConfig {
            provider: "(all)".to_string(),
            field: "HTTP client".to_string(),
            reason: format!(
                "it could not be set up: {}; check the HTTP_PROXY / HTTPS_PROXY / NO_PROXY values",
                chain(&e)
            ),
        })
}

enum Dialect {
    OpenAi(OpenAi),
    Anthropic(Anthropic),
}

struct Inner {
    name: String,
    kind: ProviderKind,
    model: String,
    client: Client,
    url: Url,
    /// `url` without credentials or query, for messages and logs.
    shown_url: String,
    headers: HeaderMap,
    key: KeySource,
    dialect: Dialect,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    /// `context_window` from the config.
    window: Option<u32>,
    /// `max_tokens` from the config: the cap on every answer budget.
    max_tokens: Option<u32>,
    max_concurrency: u32,
    /// What the server said about its window and tokenizer, asked once.
    facts: tokio::sync::OnceCell<ServerFacts>,
}

/// One configured model. Cheap to clone; clones share the key cache and
/// what was learned about the server (e.g. that it rejects `stream_options`).
#[derive(Clone)]
pub struct Provider {
    inner: Arc<Inner>,
}

impl fmt::Debug for Provider {
    /// Never shows headers or keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provider")
            .field("name", &self.inner.name)
            .field("kind", &self.inner.kind)
            .field("model", &self.inner.model)
            .field("url", &self.inner.shown_url)
            .finish_non_exhaustive()
    }
}

impl Provider {
    /// Checks the config and prepares the provider; reads no key yet (a
    /// missing key is reported by the first request). `kind = "offline"` is
    /// refused: check `ProviderConfig::is_offline()` first. A config that
    /// sets `connect_timeout_s` gets its own client; otherwise `client` is used.
    pub fn new(name: &str, cfg: &ProviderConfig, client: Client) -> Result<Provider, LlmError> {
        let bad = |field: &str, reason: String| LlmError::BadConfig {
            provider: name.to_string(),
            field: field.to_string(),
            reason,
        };
        let model = match cfg.model.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => m.to_string(),
            _ if cfg.kind == ProviderKind::Offline => String::new(),
            _ => {
                return Err(bad(
                    "model",
                    "missing; set model = \"...\" to the name the server knows the model by".into(),
                ));
            }
        };
        check_numbers(cfg).map_err(|(field, reason)| bad(field, reason))?;
        let (url, dialect, key_env) = match cfg.kind {
            ProviderKind::Offline => {
                return Err(bad(
                    "kind",
                    "`offline` is the built-in planner, not a network provider; it needs no provider object".into(),
                ));
            }
            ProviderKind::OpenAi => {
                if cfg.anthropic_version.is_some() {
                    return Err(bad(
                        "anthropic_version",
                        "only applies to kind = \"anthropic\"; remove it".into(),
                    ));
                }
                let base = cfg.base_url.as_deref().unwrap_or(OPENAI_DEFAULT_BASE);
                let url = openai_chat_url(base).map_err(|e| bad("base_url", e))?;
                let key_env = cfg.api_key_env.clone().or_else(|| {
                    (cfg.base_url.is_none() && cfg.api_key_cmd.is_none())
                        .then(|| "OPENAI_API_KEY".to_string())
                });
                let structured = cfg.structured.unwrap_or_default();
                (
                    url,
                    Dialect::OpenAi(OpenAi::new(
                        model.clone(),
                        structured,
                        cfg.temperature,
                        cfg.max_tokens,
                    )),
                    key_env,
                )
            }
            ProviderKind::Anthropic => {
                if cfg.structured.is_some() {
                    return Err(bad(
                        "structured",
                        "anthropic always answers through a forced tool call; remove `structured`"
                            .into(),
                    ));
                }
                let base = cfg.base_url.as_deref().unwrap_or(ANTHROPIC_DEFAULT_BASE);
                let url = anthropic_messages_url(base).map_err(|e| bad("base_url", e))?;
                let key_env = cfg.api_key_env.clone().or_else(|| {
                    cfg.api_key_cmd
                        .is_none()
                        .then(|| "ANTHROPIC_API_KEY".to_string())
                });
                let dialect = Anthropic {
                    model: model.clone(),
                    version: cfg
                        .anthropic_version
                        .clone()
                        .unwrap_or_else(|| anthropic::DEFAULT_VERSION.to_string()),
                    temperature: cfg.temperature,
                    max_tokens: cfg.max_tokens,
                };
                (url, Dialect::Anthropic(dialect), key_env)
            }
        };
        let mut headers = HeaderMap::new();
        for (field, value) in &cfg.headers {
            let name = HeaderName::from_bytes(field.as_bytes()).map_err(|_| {
                bad(
                    &format!("headers.{field}"),
                    "is not a valid HTTP header name".into(),
                )
            })?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                bad(
                    &format!("headers.{field}"),
                    "holds characters not allowed in an HTTP header".into(),
                )
            })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        if let Dialect::Anthropic(a) = &dialect {
            let version = HeaderValue::from_str(&a.version).map_err(|_| {
                bad(
                    "anthropic_version",
                    "holds characters not allowed in an HTTP header".into(),
                )
            })?;
            headers.insert("anthropic-version", version);
        }
        if let Dialect::OpenAi(d) = &dialect
            && url.host_str() == Some("api.openai.com")
        {
            d.use_max_completion_tokens();
        }
        let connect_timeout =
            Duration::from_secs(cfg.connect_timeout_s.unwrap_or(DEFAULT_CONNECT_TIMEOUT_S));
        let client = match cfg.connect_timeout_s {
            Some(_) => http_client(connect_timeout)?,
            None => client,
        };
        Ok(Provider {
            inner: Arc::new(Inner {
                name: name.to_string(),
                kind: cfg.kind,
                model,
                client,
                shown_url: shown(&url),
                url,
                headers,
                key: KeySource::new(name, key_env, cfg.api_key_cmd.clone()),
                dialect,
                timeout: Duration::from_secs(cfg.timeout_s),
                connect_timeout,
                max_retries: cfg.max_retries,
                window: cfg.context_window,
                max_tokens: cfg.max_tokens,
                max_concurrency: cfg.max_concurrency.unwrap_or(1).max(1),
                facts: tokio::sync::OnceCell::new(),
            }),
        })
    }

    /// `local · qwen2.5-coder:14b`, for the status bar.
    pub fn label(&self) -> String {
        format!("{} · {}", self.inner.name, self.inner.model)
    }

    pub fn name(&self) -> &str {
        &self.inner.name
    }

    pub fn kind(&self) -> ProviderKind {
        self.inner.kind
    }

    pub fn model(&self) -> &str {
        &self.inner.model
    }

    /// The endpoint requests go to, after `base_url` normalisation (shown
    /// without any credentials or query string it holds).
    pub fn endpoint(&self) -> &str {
        &self.inner.shown_url
    }

    /// `max_tokens` from the config: no answer budget goes above it.
    pub fn max_tokens(&self) -> Option<u32> {
        self.inner.max_tokens
    }

    /// Requests of one step that may run at once (`max_concurrency`, default 1).
    pub fn max_concurrency(&self) -> usize {
        self.inner.max_concurrency as usize
    }

    /// openai: the configured `structured` mode (`json_schema`, ...); `None` for anthropic.
    pub fn structured(&self) -> Option<&'static str> {
        self.target().structured
    }

    /// The context window and whether the server can count tokens: from
    /// the config, else asked of the server (once per provider object, a
    /// few seconds at most), else a documented default. Never fails.
    pub async fn facts(&self, cancel: &CancellationToken) -> ServerFacts {
        if let Some(known) = self.inner.facts.get() {
            return known.clone();
        }
        let found = self.find_facts(cancel).await;
        // A cancelled probe learned nothing; the next step asks again.
        if !cancel.is_cancelled() {
            let _ = self.inner.facts.set(found.clone());
        }
        found
    }

    async fn find_facts(&self, cancel: &CancellationToken) -> ServerFacts {
        let inner = &self.inner;
        let official = match &inner.dialect {
            Dialect::Anthropic(_) => Some(ANTHROPIC_CONTEXT_WINDOW),
            Dialect::OpenAi(_) if inner.url.host_str() == Some("api.openai.com") => {
                Some(OPENAI_CONTEXT_WINDOW)
            }
            Dialect::OpenAi(_) => None,
        };
        if let Some(window) = official {
            // Hosted APIs have no tokenizer endpoint and no window endpoint.
            let source = match inner.window {
                Some(_) => WindowSource::Config,
                None => WindowSource::Default(format!(
                    "the documented window of {}",
                    if inner.kind == ProviderKind::Anthropic {
                        "Anthropic's models"
                    } else {
                        "OpenAI's chat models"
                    }
                )),
            };
            return ServerFacts {
                window: inner.window.unwrap_or(window),
                source,
                tokenizer: false,
            };
        }
        let probe = self.probe(cancel).await;
        match inner.window {
            Some(window) => ServerFacts {
                window,
                source: WindowSource::Config,
                tokenizer: probe.tokenize("a").await.is_some(),
            },
            None => match probe.window().await {
                Some((window, from, tokenizer)) => ServerFacts {
                    window,
                    source: WindowSource::Server(from),
                    tokenizer: tokenizer && probe.tokenize("a").await.is_some(),
                },
                None => ServerFacts {
                    window: DEFAULT_CONTEXT_WINDOW,
                    source: WindowSource::Default(format!(
                        "{} answered none of /props, /api/show, /model/info; set context_window in [providers.{}]",
                        probe.root, inner.name
                    )),
                    tokenizer: false,
                },
            },
        }
    }

    /// Tokens the server's tokenizer makes of `text` (llama.cpp `/tokenize`);
    /// `None` when it has none or did not answer.
    pub async fn count_tokens(&self, text: &str, cancel: &CancellationToken) -> Option<u64> {
        self.probe(cancel).await.tokenize(text).await
    }

    async fn probe<'a>(&'a self, cancel: &'a CancellationToken) -> Probe<'a> {
        let inner = &self.inner;
        let key = inner.key.key().await.ok().flatten();
        let mut headers = inner.headers.clone();
        if let Ok(auth) = self.auth(key.as_ref()) {
            headers.extend(auth);
        }
        Probe {
            client: &inner.client,
            root: server_root(&inner.url),
            headers,
            model: &inner.model,
            cancel,
        }
    }

    /// Asks the model. `on_event` receives answer text as it streams and the
    /// usage once known. Transient failures are retried (with backoff, or as
    /// long as the server's `Retry-After` asks, up to 120 s) only while no
    /// text has reached `on_event`. Cancelling `cancel` ends the request at
    /// once with `LlmError::Cancelled`, wherever it is.
    pub async fn complete(
        &self,
        req: &ChatRequest,
        cancel: &CancellationToken,
        on_event: &mut (dyn FnMut(StreamEvent) + Send),
    ) -> Result<Completion, LlmError> {
        let inner = &self.inner;
        let key = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(LlmError::Cancelled),
            key = inner.key.key() => key?,
        };
        let mut retries = Retries::new(inner.max_retries);
        loop {
            let mut delivered = false;
            let error = match self
                .attempt(req, key.as_ref(), cancel, &mut delivered, on_event)
                .await
            {
                Ok(done) => {
                    tracing::debug!(provider = %inner.name, usage = ?done.usage, chars = done.text.len(), "answer complete");
                    return Ok(done);
                }
                Err(error) => error,
            };
            if !delivered
                && let Dialect::OpenAi(dialect) = &inner.dialect
                && dialect.adapt_to(&error)
            {
                continue;
            }
            retries.failed();
            let Some(wait) = retries.wait_before_next(&error, delivered) else {
                tracing::debug!(provider = %inner.name, %error, "request failed");
                return Err(error.after_attempts(retries.attempts()));
            };
            tracing::warn!(provider = %inner.name, %error, wait_ms = wait.as_millis() as u64, "retrying");
            pause(wait, cancel).await?;
        }
    }

    async fn attempt(
        &self,
        req: &ChatRequest,
        key: Option<&SecretString>,
        cancel: &CancellationToken,
        delivered: &mut bool,
        on_event: &mut (dyn FnMut(StreamEvent) + Send),
    ) -> Result<Completion, LlmError> {
        let inner = &self.inner;
        let deadline = Instant::now() + inner.timeout;
        let stop = || Stop {
            cancel,
            deadline,
            timeout: self.timeout(TimeoutPhase::Total),
        };
        let (body, limit) = match &inner.dialect {
            Dialect::OpenAi(d) => (d.body(req), d.limit(req)),
            Dialect::Anthropic(d) => (d.body(req), Some(d.limit(req))),
        };
        let request = inner
            .client
            .post(inner.url.clone())
            .headers(inner.headers.clone())
            .headers(self.auth(key)?)
            .json(&body);
        tracing::debug!(provider = %inner.name, url = %inner.shown_url, model = %inner.model, "sending request");
        let response = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(LlmError::Cancelled),
            _ = tokio::time::sleep_until(deadline) => return Err(self.timeout(TimeoutPhase::Total)),
            response = request.send() => response.map_err(|e| self.transport_error(&e))?,
        };
        let status = response.status();
        tracing::debug!(provider = %inner.name, status = status.as_u16(), "response");
        if !status.is_success() {
            let headers = response.headers().clone();
            let body = match read_body(&inner.name, response, ERROR_BODY_LIMIT, stop()).await {
                Err(LlmError::Cancelled) => return Err(LlmError::Cancelled),
                // The status alone still says what went wrong.
                Err(_) => String::new(),
                Ok(body) => body,
            };
            return Err(http_error(
                &self.target(),
                status.as_u16(),
                &headers,
                &body,
                key,
            ));
        }
        let is_json = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        let key = key.cloned();
        let name = inner.name.as_str();
        if is_json {
            let body = read_body(name, response, ANSWER_BODY_LIMIT, stop()).await?;
            let mut emit = |event: StreamEvent| {
                *delivered |= matches!(&event, StreamEvent::Delta(t) if !t.is_empty());
                on_event(event);
            };
            return match &inner.dialect {
                Dialect::OpenAi(_) => OpenAiDecoder::new(name, key, limit).whole(&body, &mut emit),
                Dialect::Anthropic(_) => {
                    AnthropicDecoder::new(name, key, limit.unwrap_or(anthropic::DEFAULT_MAX_TOKENS))
                        .whole(&body, &mut emit)
                }
            };
        }
        let bytes = response.bytes_stream();
        match &inner.dialect {
            Dialect::OpenAi(_) => {
                read_stream(
                    bytes,
                    OpenAiDecoder::new(name, key, limit),
                    stop(),
                    delivered,
                    on_event,
                )
                .await
            }
            Dialect::Anthropic(_) => {
                let decoder = AnthropicDecoder::new(
                    name,
                    key,
                    limit.unwrap_or(anthropic::DEFAULT_MAX_TOKENS),
                );
                read_stream(bytes, decoder, stop(), delivered, on_event).await
            }
        }
    }

    fn auth(&self, key: Option<&SecretString>) -> Result<HeaderMap, LlmError> {
        let mut headers = HeaderMap::new();
        let Some(key) = key else { return Ok(headers) };
        let (name, text) = match self.inner.dialect {
            Dialect::OpenAi(_) => (
                reqwest::header::AUTHORIZATION,
                format!("Bearer {}", key.expose_secret()),
            ),
            Dialect::Anthropic(_) => (
                HeaderName::from_static("x-api-key"),
                key.expose_secret().to_string(),
            ),
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| LlmError::BadConfig {
            provider: self.inner.name.clone(),
            field: self
                .inner
                .key
                .env_name()
                .map(|v| format!("api key in {v}"))
                .unwrap_or_else(|| "api_key_cmd".into()),
            reason:
                "the key holds characters not allowed in an HTTP header (a stray newline or quote?)"
                    .into(),
        })?;
        value.set_sensitive(true);
        headers.insert(name, value);
        Ok(headers)
    }

    fn target(&self) -> Target {
        let inner = &self.inner;
        Target {
            provider: inner.name.clone(),
            url: inner.shown_url.clone(),
            model: inner.model.clone(),
            key_from: inner.key.origin(),
            structured: match &inner.dialect {
                Dialect::OpenAi(d) => Some(match d.structured {
                    StructuredMode::JsonSchema => "json_schema",
                    StructuredMode::JsonObject => "json_object",
                    StructuredMode::Prompt => "prompt",
                }),
                Dialect::Anthropic(_) => None,
            },
        }
    }

    fn timeout(&self, phase: TimeoutPhase) -> LlmError {
        let inner = &self.inner;
        let (seconds, hint) = match phase {
            TimeoutPhase::Connect => (
                inner.connect_timeout.as_secs(),
                "check base_url, the network and any HTTP(S)_PROXY setting, or raise connect_timeout_s".to_string(),
            ),
            TimeoutPhase::Total => (
                inner.timeout.as_secs(),
                format!("the model may be slow or stalled; raise timeout_s in [providers.{}] or try a smaller model", inner.name),
            ),
        };
        LlmError::Timeout {
            provider: inner.name.clone(),
            url: inner.shown_url.clone(),
            phase,
            seconds,
            hint,
        }
    }

    fn transport_error(&self, error: &reqwest::Error) -> LlmError {
        if error.is_timeout() {
            let phase = if error.is_connect() {
                TimeoutPhase::Connect
            } else {
                TimeoutPhase::Total
            };
            return self.timeout(phase);
        }
        LlmError::Connect {
            provider: self.inner.name.clone(),
            url: self.inner.shown_url.clone(),
            reason: chain(error),
        }
    }
}

fn shown(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.to_string()
}

fn check_numbers(cfg: &ProviderConfig) -> Result<(), (&'static str, String)> {
    if cfg.timeout_s == 0 {
        return Err(("timeout_s", "must be at least 1 (seconds)".into()));
    }
    if cfg.connect_timeout_s == Some(0) {
        return Err(("connect_timeout_s", "must be at least 1 (seconds)".into()));
    }
    if cfg.max_tokens == Some(0) {
        return Err(("max_tokens", "must be at least 1".into()));
    }
    if let Some(w) = cfg.context_window
        && w < MIN_CONTEXT_WINDOW
    {
        return Err((
            "context_window",
            format!(
                "{w} tokens is too small to plan with; give the model's real window (at least {MIN_CONTEXT_WINDOW})"
            ),
        ));
    }
    if cfg.max_concurrency == Some(0) {
        return Err(("max_concurrency", "must be at least 1".into()));
    }
    if let Some(t) = cfg.temperature
        && !(t.is_finite() && (0.0..=2.0).contains(&t))
    {
        return Err(("temperature", format!("{t} is outside 0.0 to 2.0")));
    }
    Ok(())
}

/// The causes of a transport error, without reqwest's leading
/// "error sending request for url (...)", which the caller already names.
fn chain(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

/// Reads a whole body up to `limit` bytes, stoppable like a stream.
async fn read_body(
    provider: &str,
    response: reqwest::Response,
    limit: usize,
    stop: Stop<'_>,
) -> Result<String, LlmError> {
    let mut bytes = Vec::new();
    let mut stream = response.bytes_stream();
    let deadline = tokio::time::sleep_until(stop.deadline);
    tokio::pin!(deadline);
    loop {
        let next = tokio::select! {
            biased;
            _ = stop.cancel.cancelled() => return Err(LlmError::Cancelled),
            _ = &mut deadline => return Err(stop.timeout),
            next = stream.next() => next,
        };
        match next {
            None => break,
            Some(Ok(chunk)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() >= limit {
                    bytes.truncate(limit);
                    break;
                }
            }
            Some(Err(e)) => {
                return Err(LlmError::Stream {
                    provider: provider.to_string(),
                    reason: format!(
                        "the connection failed while reading the answer: {}",
                        chain(&e)
                    ),
                    retryable: true,
                });
            }
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        http_client(Duration::from_secs(1)).expect("client")
    }

    #[test]
    fn configs_are_checked_and_errors_name_the_field() {
        let error = |cfg: ProviderConfig| {
            Provider::new("p", &cfg, client())
                .map(|_| ())
                .unwrap_err()
                .to_string()
        };
        let mut cfg = ProviderConfig::openai("http://127.0.0.1:9/v1", "m");
        cfg.model = None;
        assert!(error(cfg).contains("provider `p`: model: missing"));
        let mut cfg = ProviderConfig::openai("ftp://x", "m");
        cfg.timeout_s = 5;
        assert!(error(cfg).contains("base_url"));
        let mut cfg = ProviderConfig::anthropic("c");
        cfg.structured = Some(StructuredMode::Prompt);
        assert!(error(cfg).contains("structured"));
        let mut cfg = ProviderConfig::openai("http://h/v1", "m");
        cfg.headers.insert("bad header".into(), "x".into());
        assert!(error(cfg).contains("headers.bad header"));
        let mut cfg = ProviderConfig::openai("http://h/v1", "m");
        cfg.temperature = Some(9.0);
        assert!(error(cfg).contains("temperature"));
        assert!(error(ProviderConfig::default()).contains("built-in planner"));
    }

    /// The worker spawns requests onto the runtime, so the future must be `Send`.
    #[test]
    fn a_request_can_run_on_a_spawned_task() {
        fn spawnable<F: std::future::Future + Send + 'static>(_: F) {}
        let provider = Provider::new(
            "p",
            &ProviderConfig::openai("http://127.0.0.1:9/v1", "m"),
            client(),
        )
        .expect("valid");
        let request = ChatRequest {
            messages: vec![],
            schema_name: "a".into(),
            schema: serde_json::json!({"type": "object"}),
            max_tokens: None,
        };
        spawnable(async move {
            let cancel = CancellationToken::new();
            let mut sink = |_: StreamEvent| {};
            provider.complete(&request, &cancel, &mut sink).await
        });
    }

    #[tokio::test]
    async fn hosted_apis_have_their_documented_windows_without_asking() {
        let cancel = CancellationToken::new();
        let openai = Provider::new(
            "o",
            &ProviderConfig::openai("https://api.openai.com/v1", "gpt"),
            client(),
        )
        .expect("valid");
        let facts = openai.facts(&cancel).await;
        assert_eq!(
            (facts.window, facts.tokenizer),
            (OPENAI_CONTEXT_WINDOW, false)
        );
        let claude =
            Provider::new("c", &ProviderConfig::anthropic("claude"), client()).expect("valid");
        assert_eq!(claude.facts(&cancel).await.window, ANTHROPIC_CONTEXT_WINDOW);
        let mut cfg = ProviderConfig::anthropic("claude");
        cfg.context_window = Some(100_000);
        let claude = Provider::new("c", &cfg, client()).expect("valid");
        let facts = claude.facts(&cancel).await;
        assert_eq!(
            (facts.window, facts.source),
            (100_000, WindowSource::Config)
        );
        let mut cfg = ProviderConfig::openai("http://h/v1", "m");
        cfg.context_window = Some(100);
        assert!(
            Provider::new("p", &cfg, client()).is_err(),
            "a window too small to plan with"
        );
        cfg.context_window = None;
        cfg.max_concurrency = Some(0);
        assert!(Provider::new("p", &cfg, client()).is_err());
    }

    #[test]
    fn label_and_endpoint_describe_the_provider() {
        let provider = Provider::new(
            "local",
            &ProviderConfig::openai("http://localhost:11434/v1/", "qwen"),
            client(),
        )
        .expect("valid");
        assert_eq!(provider.label(), "local · qwen");
        assert_eq!(
            provider.endpoint(),
            "http://localhost:11434/v1/chat/completions"
        );
        let claude = Provider::new(
            "claude",
            &ProviderConfig::anthropic("claude-sonnet-4-5"),
            client(),
        )
        .expect("valid");
        assert_eq!(claude.endpoint(), "https://api.anthropic.com/v1/messages");
        assert!(!format!("{claude:?}").contains("anthropic-version"));
        let proxied = ProviderConfig::openai("https://user:pw@gw.example/v1?key=s3cret", "m");
        let proxied = Provider::new("gw", &proxied, client()).expect("valid");
        assert_eq!(proxied.endpoint(), "https://gw.example/v1/chat/completions");
    }
}

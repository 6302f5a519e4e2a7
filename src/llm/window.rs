//! How big a model's context window is and how the server counts tokens:
//! what the config says, else what the server says when asked once per run
//! (llama.cpp `GET /props`, Ollama `POST /api/show`, a LiteLLM proxy's
//! `GET /model/info`), else a documented default. Also the llama.cpp
//! tokenizer endpoint (`POST /tokenize`), for counting a prompt exactly.
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Client, Url};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

/// The window assumed for an OpenAI-compatible server that does not say.
pub const DEFAULT_CONTEXT_WINDOW: u32 = 8192;
/// Anthropic's current models all take 200k tokens.
pub const ANTHROPIC_CONTEXT_WINDOW: u32 = 200_000;
/// OpenAI's own API: the smallest window of its current chat models.
pub const OPENAI_CONTEXT_WINDOW: u32 = 128_000;
/// A configured window below this is refused as a typo.
pub const MIN_CONTEXT_WINDOW: u32 = 1024;
/// Each probe gets this long; a server that is slower is not a local one.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// Probe answers are small; anything bigger is not what we asked for.
const PROBE_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Where the window in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowSource {
    /// `context_window` in the provider's table.
    Config,
    /// The server said so; names the endpoint that answered.
    Server(String),
    /// Nothing said; why the default was taken.
    Default(String),
}

/// What is known about a provider's server for sizing requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFacts {
    /// Context window in tokens: prompt and answer together.
    pub window: u32,
    pub source: WindowSource,
    /// The server has a llama.cpp-style `/tokenize` endpoint.
    pub tokenizer: bool,
}

impl ServerFacts {
    /// One line for the user: `8192 tokens (from llama.cpp /props)`.
    pub fn describe(&self) -> String {
        let from = match &self.source {
            WindowSource::Config => "context_window in the config".to_string(),
            WindowSource::Server(what) => format!("the server's {what}"),
            WindowSource::Default(why) => format!("default; {why}"),
        };
        format!("{} tokens ({from})", group(self.window as u64))
    }
}

/// `12345` as `12,345`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The server's root (the chat URL without `/chat/completions` and `/v1`),
/// where llama.cpp, Ollama and LiteLLM keep their own endpoints.
pub fn server_root(chat_url: &Url) -> Url {
    let mut root = chat_url.clone();
    let path = root.path().trim_end_matches('/');
    let path = path.strip_suffix("/chat/completions").unwrap_or(path);
    let path = path.strip_suffix("/v1").unwrap_or(path).to_string();
    root.set_path(&path);
    root.set_query(None);
    root
}

fn endpoint(root: &Url, path: &str) -> Option<Url> {
    let base = root.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/{path}")).ok()
}

/// What a probe needs: the client, the server's root, the auth headers.
pub struct Probe<'a> {
    pub client: &'a Client,
    pub root: Url,
    pub headers: HeaderMap,
    pub model: &'a str,
    pub cancel: &'a CancellationToken,
}

impl Probe<'_> {
    async fn get(&self, path: &str) -> Option<Value> {
        let url = endpoint(&self.root, path)?;
        self.send(self.client.get(url)).await
    }

    async fn post(&self, path: &str, body: &Value) -> Option<Value> {
        let url = endpoint(&self.root, path)?;
        self.send(self.client.post(url).json(body)).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Option<Value> {
        let request = request.headers(self.headers.clone()).timeout(PROBE_TIMEOUT);
        let read = async {
            let response = request.send().await.ok()?;
            if !response.status().is_success() {
                return None;
            }
            let bytes = response.bytes().await.ok()?;
            if bytes.len() > PROBE_BODY_LIMIT {
                return None;
            }
            serde_json::from_slice::<Value>(&bytes).ok()
        };
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => None,
            v = read => v,
        }
    }

    /// The window the server reports, and which endpoint said so; `None`
    /// when no known endpoint answered with one.
    pub async fn window(&self) -> Option<(u32, String, bool)> {
        if let Some(props) = self.get("props").await
            && let Some(n) = llama_n_ctx(&props)
        {
            return Some((n, "llama.cpp /props".into(), true));
        }
        if let Some(show) = self.post("api/show", &json!({"model": self.model})).await
            && let Some(n) = ollama_window(&show)
        {
            return Some((n, "Ollama /api/show".into(), false));
        }
        if let Some(info) = self.get("model/info").await
            && let Some(n) = litellm_window(&info, self.model)
        {
            return Some((n, "LiteLLM /model/info".into(), false));
        }
        None
    }

    /// How many tokens the server's tokenizer makes of `text`.
    pub async fn tokenize(&self, text: &str) -> Option<u64> {
        let v = self.post("tokenize", &json!({"content": text})).await?;
        v.get("tokens")?.as_array().map(|t| t.len() as u64)
    }
}

fn positive(v: Option<&Value>) -> Option<u32> {
    let n = v?.as_u64()?;
    (n > 0).then(|| n.min(u32::MAX as u64) as u32)
}

/// llama.cpp: `default_generation_settings.n_ctx`, or `n_ctx` at the top
/// level on newer servers.
pub fn llama_n_ctx(props: &Value) -> Option<u32> {
    positive(props.pointer("/default_generation_settings/n_ctx"))
        .or_else(|| positive(props.get("n_ctx")))
}

/// Ollama: `num_ctx` in the model's parameters (what the server runs it
/// with), else the model's own `*.context_length`.
pub fn ollama_window(show: &Value) -> Option<u32> {
    let from_parameters = show
        .get("parameters")
        .and_then(Value::as_str)
        .and_then(|p| {
            p.lines().find_map(|line| {
                let mut words = line.split_whitespace();
                (words.next() == Some("num_ctx"))
                    .then(|| words.next()?.parse::<u32>().ok())
                    .flatten()
            })
        })
        .filter(|n| *n > 0);
    from_parameters.or_else(|| {
        show.get("model_info")?
            .as_object()?
            .iter()
            .find(|(k, _)| k.ends_with(".context_length"))
            .and_then(|(_, v)| positive(Some(v)))
    })
}

/// LiteLLM: the entry of `data[]` whose `model_name` is the model,
/// `model_info.max_input_tokens`, else `model_info.max_tokens`.
pub fn litellm_window(info: &Value, model: &str) -> Option<u32> {
    let entry = info
        .get("data")?
        .as_array()?
        .iter()
        .find(|e| e.get("model_name").and_then(Value::as_str) == Some(model))?;
    let m = entry.get("model_info")?;
    positive(m.get("max_input_tokens")).or_else(|| positive(m.get("max_tokens")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_say_their_window_in_their_own_words() {
        assert_eq!(
            llama_n_ctx(&json!({"default_generation_settings": {"n_ctx": 4096}})),
            Some(4096)
        );
        assert_eq!(llama_n_ctx(&json!({"n_ctx": 8192})), Some(8192));
        assert_eq!(llama_n_ctx(&json!({"n_ctx": 0})), None);
        assert_eq!(
            ollama_window(
                &json!({"parameters": "stop \"x\"\nnum_ctx 16384", "model_info": {"llama.context_length": 131072}})
            ),
            Some(16384)
        );
        assert_eq!(
            ollama_window(&json!({"model_info": {"qwen2.context_length": 32768}})),
            Some(32768)
        );
        let info = json!({"data": [
            {"model_name": "other", "model_info": {"max_input_tokens": 1}},
            {"model_name": "m", "model_info": {"max_input_tokens": null, "max_tokens": 65536}}
        ]});
        assert_eq!(litellm_window(&info, "m"), Some(65536));
        assert_eq!(litellm_window(&info, "absent"), None);
    }

    #[test]
    fn the_root_drops_the_chat_path_and_v1() {
        let url = Url::parse("http://h:8080/v1/chat/completions").expect("url");
        assert_eq!(server_root(&url).as_str(), "http://h:8080/");
        let url = Url::parse("http://h/api/v1/chat/completions?x=1").expect("url");
        assert_eq!(server_root(&url).as_str(), "http://h/api");
        assert_eq!(group(1234567), "1,234,567");
        assert_eq!(group(12), "12");
    }
}

//! Turning a configured `base_url` into the endpoint a request goes to,
//! forgiving the usual ways people write it.
use reqwest::Url;

pub const OPENAI_DEFAULT_BASE: &str = "https://api.openai.com/v1";
pub const ANTHROPIC_DEFAULT_BASE: &str = "https://api.anthropic.com";

/// `.../v1/chat/completions` for an OpenAI-compatible server.
///
/// Rules: trailing slashes are dropped; a pasted `/chat/completions` is
/// dropped; repeated `/v1/v1` collapses to one `/v1`; a base with no path
/// gets `/v1`; any other path is kept as written (OpenRouter's `/api/v1`,
/// Gemini's `/v1beta/openai`). The query string is kept.
pub fn openai_chat_url(base: &str) -> Result<Url, String> {
    let mut url = parse(base)?;
    let mut path = trimmed_path(&url);
    if let Some(rest) = path.strip_suffix("/chat/completions") {
        path = rest.trim_end_matches('/').to_string();
    }
    path = collapse_v1(&path);
    if path.is_empty() {
        path = "/v1".to_string();
    }
    url.set_path(&format!("{path}/chat/completions"));
    Ok(url)
}

/// `.../v1/messages` for the Anthropic Messages API; a base that already
/// ends in `/v1` (or `/v1/messages`) is not doubled.
pub fn anthropic_messages_url(base: &str) -> Result<Url, String> {
    let mut url = parse(base)?;
    let mut path = trimmed_path(&url);
    if let Some(rest) = path.strip_suffix("/messages") {
        path = rest.trim_end_matches('/').to_string();
    }
    path = collapse_v1(&path);
    let path = path.strip_suffix("/v1").unwrap_or(&path);
    url.set_path(&format!("{path}/v1/messages"));
    Ok(url)
}

fn parse(base: &str) -> Result<Url, String> {
    let url = Url::parse(base.trim()).map_err(|e| {
        format!("`{base}` is not a URL ({e}); write it like http://localhost:11434/v1")
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!(
            "`{base}` uses `{other}:`; only http and https are supported"
        )),
    }
}

fn trimmed_path(url: &Url) -> String {
    url.path().trim_end_matches('/').to_string()
}

fn collapse_v1(path: &str) -> String {
    let mut path = path.to_string();
    while path.ends_with("/v1/v1") {
        path.truncate(path.len() - 3);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openai(base: &str) -> String {
        openai_chat_url(base)
            .map(String::from)
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn openai_bases_written_in_every_usual_way_reach_chat_completions() {
        let want = "http://h:1/v1/chat/completions";
        for base in [
            "http://h:1",
            "http://h:1/",
            "http://h:1/v1",
            "http://h:1/v1/",
            "http://h:1/v1/v1",
            "http://h:1/v1/v1/",
            "http://h:1/v1/chat/completions",
            " http://h:1/v1 ",
        ] {
            assert_eq!(openai(base), want, "base {base:?}");
        }
    }

    #[test]
    fn openai_bases_with_their_own_path_keep_it() {
        assert_eq!(
            openai("https://openrouter.ai/api/v1/"),
            "https://openrouter.ai/api/v1/chat/completions"
        );
        assert_eq!(
            openai("https://generativelanguage.googleapis.com/v1beta/openai/"),
            "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions"
        );
        assert_eq!(
            openai("https://example.com/deploy?api-version=2024-10-21"),
            "https://example.com/deploy/chat/completions?api-version=2024-10-21"
        );
    }

    #[test]
    fn anthropic_bases_reach_v1_messages_once() {
        for base in [
            "https://api.anthropic.com",
            "https://api.anthropic.com/",
            "https://api.anthropic.com/v1",
            "https://api.anthropic.com/v1/v1/",
            "https://api.anthropic.com/v1/messages",
        ] {
            assert_eq!(
                anthropic_messages_url(base).map(String::from),
                Ok("https://api.anthropic.com/v1/messages".to_string()),
                "base {base:?}"
            );
        }
    }

    #[test]
    fn bad_bases_say_what_is_wrong() {
        assert!(openai("localhost:11434").contains("http"));
        assert!(openai("not a url").contains("is not a URL"));
        assert!(openai("ftp://h/v1").contains("only http and https"));
    }
}

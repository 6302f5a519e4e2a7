//! Everything that can go wrong talking to a model, each with what happened
//! and what to check. Texts from the server arrive here already trimmed and
//! stripped of control characters and of the key.
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection took longer than `connect_timeout_s`.
    Connect,
    /// One attempt, up to the last streamed byte, took longer than `timeout_s`.
    Total,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::Total => "the request",
        })
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    #[error(
        "provider `{provider}`: the environment variable {var} (api_key_env) is not set or is empty; \
         export {var}=<your key> before starting planner-tui, or set api_key_cmd"
    )]
    MissingKey { provider: String, var: String },

    #[error(
        "provider `{provider}`: api_key_cmd `{command}` failed: {reason}; \
         run it in a shell and check that it prints the key"
    )]
    KeyCommand {
        provider: String,
        command: String,
        reason: String,
    },

    #[error(
        "provider `{provider}`: could not connect to {url}: {reason}; \
         check base_url, that the server is running, and any HTTP(S)_PROXY setting"
    )]
    Connect {
        provider: String,
        url: String,
        reason: String,
    },

    #[error("provider `{provider}`: {phase} timed out after {seconds} s ({url}); {hint}")]
    Timeout {
        provider: String,
        url: String,
        phase: TimeoutPhase,
        seconds: u64,
        hint: String,
    },

    #[error("provider `{provider}`: {url} answered HTTP {status}: {body}; {hint}")]
    Http {
        provider: String,
        url: String,
        status: u16,
        /// The server's error message, trimmed and sanitised.
        body: String,
        hint: String,
        /// What `Retry-After` / `retry-after-ms` asked for, if anything.
        retry_after: Option<Duration>,
    },

    #[error(
        "provider `{provider}`: the request does not fit the model's context window \
         ({url} answered HTTP {status}: {body}); set context_window in [providers.{provider}] \
         to the window the server really runs with, use a model with a bigger window, \
         or shorten the spec and context"
    )]
    ContextExceeded {
        provider: String,
        url: String,
        status: u16,
        body: String,
    },

    #[error(
        "provider `{provider}`: quota or billing limit reached (HTTP {status}): {body}; \
         check the account's credits and plan, or switch provider with --provider"
    )]
    Quota {
        provider: String,
        status: u16,
        body: String,
    },

    #[error("provider `{provider}`: the answer stream broke off: {reason}")]
    Stream {
        provider: String,
        reason: String,
        /// Whether asking again could help (an overloaded server, a dropped
        /// connection), as opposed to a malformed stream.
        retryable: bool,
    },

    #[error(
        "provider `{provider}`: the answer was cut off at the token limit{} after {} characters; \
         raise max_tokens in [providers.{provider}] or ask for less",
        limit.map(|n| format!(" ({n} tokens)")).unwrap_or_default(),
        partial.chars().count()
    )]
    Truncated {
        provider: String,
        limit: Option<u32>,
        /// The text received before the cut, for showing to the user.
        partial: String,
    },

    #[error("provider `{provider}`: the model declined to answer: {message}")]
    Refused { provider: String, message: String },

    #[error("the request was cancelled")]
    Cancelled,

    #[error("provider `{provider}`: {field}: {reason}")]
    BadConfig {
        provider: String,
        field: String,
        reason: String,
    },
}

impl LlmError {
    /// Whether the same request may succeed if sent again: connect errors
    /// (including connect timeouts), 408, 409, 429 and 5xx, and streams that
    /// broke off for a reason on the server's side. Never 400, 401, 403,
    /// quota, cancellation, configuration or key problems.
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::Connect { .. } => true,
            LlmError::Timeout { phase, .. } => *phase == TimeoutPhase::Connect,
            LlmError::Http { status, .. } => retryable_status(*status),
            LlmError::Stream { retryable, .. } => *retryable,
            LlmError::MissingKey { .. }
            | LlmError::KeyCommand { .. }
            | LlmError::Quota { .. }
            | LlmError::ContextExceeded { .. }
            | LlmError::Truncated { .. }
            | LlmError::Refused { .. }
            | LlmError::Cancelled
            | LlmError::BadConfig { .. } => false,
        }
    }

    /// How long the server asked us to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            LlmError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Adds to the message how many attempts were made, once retries ran out.
    pub(crate) fn after_attempts(self, attempts: u32) -> Self {
        if attempts <= 1 {
            return self;
        }
        let note = format!(" (gave up after {attempts} attempts)");
        match self {
            LlmError::Http {
                provider,
                url,
                status,
                body,
                mut hint,
                retry_after,
            } => {
                hint.push_str(&note);
                LlmError::Http {
                    provider,
                    url,
                    status,
                    body,
                    hint,
                    retry_after,
                }
            }
            LlmError::Connect {
                provider,
                url,
                mut reason,
            } => {
                reason.push_str(&note);
                LlmError::Connect {
                    provider,
                    url,
                    reason,
                }
            }
            LlmError::Timeout {
                provider,
                url,
                phase,
                seconds,
                mut hint,
            } => {
                hint.push_str(&note);
                LlmError::Timeout {
                    provider,
                    url,
                    phase,
                    seconds,
                    hint,
                }
            }
            LlmError::Stream {
                provider,
                mut reason,
                retryable,
            } => {
                reason.push_str(&note);
                LlmError::Stream {
                    provider,
                    reason,
                    retryable,
                }
            }
            other => other,
        }
    }
}

pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || (500..=599).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> LlmError {
        LlmError::Http {
            provider: "p".into(),
            url: "http://h/v1/chat/completions".into(),
            status,
            body: "nope".into(),
            hint: "check things".into(),
            retry_after: None,
        }
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for status in [408, 409, 429, 500, 502, 503, 529] {
            assert!(http(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 413, 422] {
            assert!(!http(status).is_retryable(), "{status}");
        }
        let quota = LlmError::Quota {
            provider: "p".into(),
            status: 429,
            body: "b".into(),
        };
        assert!(!quota.is_retryable());
        assert!(!LlmError::Cancelled.is_retryable());
    }

    #[test]
    fn messages_say_what_happened_and_what_to_check() {
        let text = http(404).after_attempts(3).to_string();
        assert_eq!(
            text,
            "provider `p`: http://h/v1/chat/completions answered HTTP 404: nope; \
             check things (gave up after 3 attempts)"
        );
        let cut = LlmError::Truncated {
            provider: "p".into(),
            limit: Some(100),
            partial: "{\"a\":".into(),
        };
        assert!(
            cut.to_string()
                .contains("cut off at the token limit (100 tokens) after 5 characters")
        );
        assert!(
            cut.to_string()
                .contains("raise max_tokens in [providers.p]")
        );
    }
}

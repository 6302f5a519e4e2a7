//! Session ids: file names in the sessions directory, made from a title.
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// Longest slug kept from a title, in bytes (ids stay readable in a listing).
const MAX_SLUG: usize = 40;
const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Whether `s` can be a session id: `[a-z0-9-]`, not empty, not starting with `-`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `Webhook delivery (v2)!` → `webhook-delivery-v2`; `session` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if out.len() > MAX_SLUG {
        let cut = out[..=MAX_SLUG]
            .rfind('-')
            .filter(|&i| i > 0)
            .unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    if out.is_empty() {
        "session".to_string()
    } else {
        out
    }
}

/// `len` random characters from `[a-z0-9]`.
pub fn suffix(len: usize) -> String {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    // Each RandomState is freshly seeded; hashing a call counter makes
    // successive suffixes differ even within one process.
    let mut bits = RandomState::new().hash_one(CALLS.fetch_add(1, Ordering::Relaxed));
    (0..len)
        .map(|_| {
            let c = ALPHABET[(bits % 36) as usize] as char;
            bits /= 36;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_ascii_words() {
        assert_eq!(slug("Webhook delivery (v2)!"), "webhook-delivery-v2");
        assert_eq!(slug("  --Rate   limits--  "), "rate-limits");
        assert_eq!(slug("日本語"), "session");
        assert_eq!(slug(""), "session");
        let long = slug("a very long title that keeps going well past the limit of forty bytes");
        assert!(long.len() <= MAX_SLUG && !long.ends_with('-'), "{long}");
        assert_eq!(long, "a-very-long-title-that-keeps-going-well");
        assert!(
            is_valid_id(&slug("Ünïcode & Co")),
            "{}",
            slug("Ünïcode & Co")
        );
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("webhook-delivery-k3f9"));
        assert!(!is_valid_id("Webhooks"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn suffixes_vary() {
        let all: std::collections::HashSet<String> = (0..50).map(|_| suffix(4)).collect();
        assert!(all.len() > 45, "{all:?}");
        assert!(all.iter().all(|s| s.len() == 4 && is_valid_id(s)));
    }
}

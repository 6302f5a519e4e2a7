//! When and how long to wait before asking again: exponential backoff with
//! jitter (backon), overridden by the server's `retry-after-ms` /
//! `Retry-After`, and always cut short by cancellation.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use reqwest::header::HeaderMap;
use tokio_util::sync::CancellationToken;

use super::error::LlmError;
use crate::plan::Timestamp;

/// The longest server-requested wait we honour; asked for more, we give up
/// and say so rather than hang.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
const FIRST_DELAY: Duration = Duration::from_millis(500);
const LONGEST_DELAY: Duration = Duration::from_secs(30);

/// The retry budget of one request.
#[derive(Debug)]
pub struct Retries {
    backoff: ExponentialBackoff,
    attempts: u32,
}

impl Retries {
    pub fn new(max_retries: u32) -> Self {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(FIRST_DELAY)
            .with_max_delay(LONGEST_DELAY)
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(max_retries as usize)
            .build();
        Retries {
            backoff,
            attempts: 0,
        }
    }

    /// Records a failed attempt.
    pub fn failed(&mut self) {
        self.attempts += 1;
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long to wait before the next attempt, or `None` to give up: the
    /// error is not transient, answer text already reached the caller, the
    /// budget is spent, or the server asks for longer than `MAX_RETRY_AFTER`.
    pub fn wait_before_next(&mut self, error: &LlmError, delivered: bool) -> Option<Duration> {
        if delivered || !error.is_retryable() {
            return None;
        }
        let backoff = self.backoff.next()?;
        match error.retry_after() {
            Some(asked) if asked > MAX_RETRY_AFTER => None,
            Some(asked) => Some(asked),
            None => Some(backoff),
        }
    }
}

/// Sleeps for `wait` unless the request is cancelled first.
pub async fn pause(wait: Duration, cancel: &CancellationToken) -> Result<(), LlmError> {
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(LlmError::Cancelled),
        _ = tokio::time::sleep(wait) => Ok(()),
    }
}

/// The wait a server asked for: `retry-after-ms` (OpenAI's, milliseconds),
/// else `Retry-After` as seconds or as an HTTP date.
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    let value = header("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(Duration::from_secs(at.0.saturating_sub(now).max(0) as u64))
}

fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)))
}

/// IMF-fixdate, the form HTTP requires: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<Timestamp> {
    let mut parts = value.split_whitespace();
    let _weekday = parts.next()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u32>().ok());
    let (h, mi, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mo = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    if !(1..=31).contains(&day) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(Timestamp::from_civil(year, mo, day, h, mi, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn retry_after_is_read_in_all_three_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after(
                &headers(&[("retry-after-ms", "250"), ("retry-after", "7")]),
                now
            ),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            parse_retry_after(
                &headers(&[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
                now
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after(
                &headers(&[("retry-after", "Sun, 06 Nov 1994 08:00:00 GMT")]),
                now
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(&headers(&[("retry-after", "soon")]), now),
            None
        );
        assert_eq!(
            parse_retry_after(&headers(&[("retry-after", "-3")]), now),
            None
        );
        assert_eq!(parse_retry_after(&HeaderMap::new(), now), None);
    }

    fn busy(retry_after: Option<Duration>) -> LlmError {
        LlmError::Http {
            provider: "p".into(),
            url: "u".into(),
            status: 503,
            body: "b".into(),
            hint: "h".into(),
            retry_after,
        }
    }

    #[test]
    fn the_budget_runs_out_and_backoff_grows() {
        let mut retries = Retries::new(3);
        let waits: Vec<_> = (0..4)
            .map(|_| retries.wait_before_next(&busy(None), false))
            .collect();
        assert!(waits[..3].iter().all(Option::is_some));
        assert_eq!(waits[3], None);
        assert!(
            waits[0] >= Some(FIRST_DELAY)
                && waits[0] < Some(FIRST_DELAY * 2 + Duration::from_millis(1))
        );
    }

    #[test]
    fn server_waits_override_backoff_up_to_the_limit() {
        let mut retries = Retries::new(5);
        assert_eq!(
            retries.wait_before_next(&busy(Some(Duration::from_secs(2))), false),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            retries.wait_before_next(&busy(Some(Duration::from_secs(121))), false),
            None
        );
    }

    #[test]
    fn nothing_is_retried_once_text_was_delivered_or_for_permanent_errors() {
        let mut retries = Retries::new(5);
        assert_eq!(retries.wait_before_next(&busy(None), true), None);
        assert_eq!(retries.wait_before_next(&LlmError::Cancelled, false), None);
    }

    #[tokio::test]
    async fn cancellation_cuts_a_pause_short() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let started = std::time::Instant::now();
        assert_eq!(
            pause(Duration::from_secs(60), &cancel).await,
            Err(LlmError::Cancelled)
        );
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}

//! The token budget of one request: the model's window, the cap on an
//! answer, and how prompt text is counted — with the server's tokenizer
//! when it has one (a bytes-per-token ratio measured once on the part every
//! piece shares), otherwise conservatively at three bytes a token. Every
//! estimate adds a margin, so a request that fits here fits the server.
use crate::planners::Step;

/// Tokens a chat template adds around each message (role markers, separators).
const PER_MESSAGE: u32 = 8;
/// Tokens added to every request (the template's preamble, the answer's start).
const PER_REQUEST: u32 = 32;
/// Bytes per token assumed without a tokenizer: English prose runs near
/// four, code and JSON near three; three keeps the estimate above the truth.
const BYTES_PER_TOKEN: f64 = 3.0;
/// A measured ratio is trusted to within this factor.
const MEASURED_MARGIN: f64 = 1.15;
/// The window is never filled to its last token.
const WINDOW_RESERVE: u32 = 64;

/// What a request may take, and how its prompt is counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// The model's context window: prompt and answer together.
    pub window: u32,
    /// `max_tokens` from the config: no answer budget goes above it.
    pub answer_cap: Option<u32>,
    /// Bytes per token, as measured with the server's tokenizer; `None` for
    /// the conservative default.
    pub measured: Option<f64>,
}

impl Budget {
    pub fn new(window: u32, answer_cap: Option<u32>) -> Self {
        Budget {
            window,
            answer_cap,
            measured: None,
        }
    }

    /// Learn the server's ratio from a text and its token count.
    pub fn calibrate(&mut self, bytes: usize, tokens: u64) {
        if bytes >= 200 && tokens > 0 {
            self.measured = Some((bytes as f64 / tokens as f64).max(1.0));
        }
    }

    /// Tokens in `text`, rounded up, with the margin.
    pub fn tokens(&self, text: &str) -> u32 {
        self.tokens_of_bytes(text.len())
    }

    pub fn tokens_of_bytes(&self, bytes: usize) -> u32 {
        let raw = match self.measured {
            Some(ratio) => bytes as f64 / ratio * MEASURED_MARGIN,
            None => bytes as f64 / BYTES_PER_TOKEN,
        };
        raw.ceil() as u32
    }

    /// Bytes of text that surely take no more than `tokens`.
    pub fn bytes_for(&self, tokens: u32) -> usize {
        let ratio = self
            .measured
            .map_or(BYTES_PER_TOKEN, |r| r / MEASURED_MARGIN);
        (tokens as f64 * ratio).floor() as usize
    }

    /// The prompt of a request: its messages and the schema text (counted
    /// even where the server turns it into a grammar, to stay on the safe side).
    pub fn prompt_tokens(&self, messages: &[&str], schema_bytes: usize) -> u32 {
        let text: u32 = messages.iter().map(|m| self.tokens(m) + PER_MESSAGE).sum();
        text + self.tokens_of_bytes(schema_bytes) + PER_REQUEST
    }

    /// What may be spent on prompt and answer together.
    pub fn usable(&self) -> u32 {
        self.window.saturating_sub(WINDOW_RESERVE)
    }

    /// The largest answer budget a prompt of `prompt` tokens leaves.
    pub fn room_for_answer(&self, prompt: u32) -> u32 {
        let room = self.usable().saturating_sub(prompt);
        self.answer_cap.map_or(room, |cap| room.min(cap))
    }

    /// Answer tokens a request about `items` of `step` may need; capped by
    /// the configured `max_tokens`.
    pub fn answer_for(&self, step: Step, items: usize) -> u32 {
        let want = answer_size(step).base + answer_size(step).per_item * items as u32;
        self.answer_cap.map_or(want, |cap| want.min(cap))
    }

    /// How the token count was made, for the user.
    pub fn counting(&self) -> String {
        match self.measured {
            Some(r) => format!("counted with the server's tokenizer ({r:.2} bytes a token, +15%)"),
            None => "estimated at 3 bytes a token (the server has no tokenizer endpoint)".into(),
        }
    }
}

/// Answer tokens per request and per item the request is about.
#[derive(Debug, Clone, Copy)]
pub struct AnswerSize {
    pub base: u32,
    pub per_item: u32,
}

/// Sized on real answers: a verification is one or two sentences, a task
/// of a task list is a title, a description, files, dependencies and a
/// check; an ambiguity list does not grow with the number of tasks shown.
pub fn answer_size(step: Step) -> AnswerSize {
    let (base, per_item) = match step {
        Step::Verify => (200, 90),
        Step::Dependencies => (300, 60),
        Step::Integration => (300, 70),
        Step::Completeness => (300, 90),
        Step::Ambiguities => (1600, 0),
        Step::Decompose => (400, 450),
        Step::Revise => (300, 250),
    };
    AnswerSize { base, per_item }
}

/// Most items one request is about, so that a small model keeps up and the
/// answer's schema stays small whatever the window.
pub fn items_per_piece(step: Step) -> usize {
    match step {
        Step::Verify | Step::Integration => 40,
        Step::Dependencies => 25,
        Step::Completeness => 30,
        Step::Ambiguities => 15,
        Step::Decompose => 6,
        Step::Revise => 15,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_stay_above_the_text_and_answers_under_the_cap() {
        let b = Budget::new(8192, Some(1000));
        assert_eq!(b.tokens("abcdef"), 2);
        assert_eq!(b.answer_for(Step::Verify, 100), 1000);
        assert_eq!(b.answer_for(Step::Verify, 2), 380);
        assert_eq!(b.room_for_answer(8000), 128);
        let mut m = Budget::new(8192, None);
        m.calibrate(4000, 1000);
        assert_eq!(m.tokens_of_bytes(4000), 1150);
        m.calibrate(10, 1);
        assert_eq!(m.tokens_of_bytes(4000), 1150, "tiny samples are ignored");
    }
}

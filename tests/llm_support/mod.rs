//! Test servers for the provider tests, all on 127.0.0.1: a scripted
//! wiremock responder that records when each request arrived, and a raw TCP
//! server that sends part of an answer and then stalls.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use planner_tui::llm::{ChatRequest, Message, StreamEvent};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use wiremock::{Request, Respond, ResponseTemplate};

/// Answers with `replies` in order (the last one repeats) and records the
/// arrival time and the request itself.
#[derive(Clone)]
pub struct Script {
    replies: Arc<Mutex<VecDeque<ResponseTemplate>>>,
    pub arrivals: Arc<Mutex<Vec<(Instant, Request)>>>,
    arrived: Arc<Notify>,
}

impl Script {
    pub fn new(replies: Vec<ResponseTemplate>) -> Self {
        Script {
            replies: Arc::new(Mutex::new(replies.into())),
            arrivals: Arc::default(),
            arrived: Arc::default(),
        }
    }

    /// Waits (at most 10 s) until `n` requests have arrived.
    pub async fn wait_for(&self, n: usize) {
        while self.count() < n {
            tokio::time::timeout(Duration::from_secs(10), self.arrived.notified())
                .await
                .unwrap_or_else(|_| panic!("{n} requests did not arrive; got {}", self.count()));
        }
    }

    pub fn count(&self) -> usize {
        self.arrivals.lock().map(|a| a.len()).unwrap_or(0)
    }

    /// Time between the first and the second request.
    pub fn gap(&self) -> Duration {
        let arrivals = self.arrivals.lock().expect("arrivals lock");
        assert!(
            arrivals.len() >= 2,
            "expected two requests, got {}",
            arrivals.len()
        );
        arrivals[1].0 - arrivals[0].0
    }

    pub fn body(&self, n: usize) -> serde_json::Value {
        let arrivals = self.arrivals.lock().expect("arrivals lock");
        arrivals[n].1.body_json().expect("request body is JSON")
    }

    pub fn header(&self, n: usize, name: &str) -> Option<String> {
        let arrivals = self.arrivals.lock().expect("arrivals lock");
        arrivals[n]
            .1
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

impl Respond for Script {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Ok(mut arrivals) = self.arrivals.lock() {
            arrivals.push((Instant::now(), request.clone()));
        }
        self.arrived.notify_one();
        let mut replies = self.replies.lock().expect("replies lock");
        if replies.len() > 1 {
            replies.pop_front().expect("non-empty")
        } else {
            replies
                .front()
                .cloned()
                .unwrap_or_else(|| ResponseTemplate::new(500))
        }
    }
}

pub fn sse(body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), "text/event-stream")
}

/// An OpenAI-style chat stream that sends `text` in pieces of `piece`
/// characters, then a stop with a usage count, then `[DONE]`.
pub fn openai_stream(text: &str, piece: usize) -> ResponseTemplate {
    let mut body = String::new();
    for chunk in text.chars().collect::<Vec<_>>().chunks(piece.max(1)) {
        let s: String = chunk.iter().collect();
        body.push_str(&format!(
            "data: {}\n\n",
            serde_json::json!({"choices": [{"delta": {"content": s}}]})
        ));
    }
    body.push_str(&format!(
        "data: {}\n\ndata: [DONE]\n\n",
        serde_json::json!({"choices": [{"delta": {}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 10, "completion_tokens": 5}})
    ));
    sse(body)
}

pub fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![
            Message::system("You break specs into tasks."),
            Message::user("Spec: a webhook relay."),
        ],
        schema_name: "task_decomposition".into(),
        schema: json!({
            "type": "object",
            "properties": {"tasks": {"type": "array", "items": {"type": "string"}}},
            "required": ["tasks"],
            "additionalProperties": false
        }),
        max_tokens: None,
    }
}

/// Collected events of one request.
#[derive(Default)]
pub struct Events(pub Vec<StreamEvent>);

impl Events {
    pub fn text(&self) -> String {
        self.0
            .iter()
            .filter_map(|e| match e {
                StreamEvent::Delta(t) => Some(t.as_str()),
                StreamEvent::Usage(_) | StreamEvent::Piece(_) => None,
            })
            .collect()
    }

    pub fn deltas(&self) -> usize {
        self.0
            .iter()
            .filter(|e| matches!(e, StreamEvent::Delta(_)))
            .count()
    }
}

/// A server that reads each request, writes `reply` (if any) and then holds
/// the connection open without another byte. Returns its base URL.
pub async fn stalling_server(reply: Option<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            read_request(&mut socket).await;
            if let Some(reply) = &reply {
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.flush().await;
            }
            held.push(socket);
        }
    });
    format!("http://{addr}/v1")
}

async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return;
            }
        }
    }
}

/// The head of a streamed 200 answer that ends when the connection closes.
pub fn stream_head() -> String {
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n".to_string()
}

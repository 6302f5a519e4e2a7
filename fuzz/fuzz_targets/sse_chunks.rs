//! Streamed answers: the first bytes choose the dialect and where to cut;
//! the rest is the server's byte stream, fed in those pieces through the
//! SSE reader and the decoder. Every chunking of the same bytes must give
//! the same answer as the bytes in one piece.
#![no_main]
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use planner_tui::llm::{ProviderKind, replay_stream, replay_whole};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let kind = if data[0] & 1 == 0 {
        ProviderKind::OpenAi
    } else {
        ProviderKind::Anthropic
    };
    let step = usize::from(data[1] % 16) + 1;
    let body = &data[2..];
    let mut chunks = Vec::new();
    let mut at = 0;
    let mut size = step;
    while at < body.len() {
        let end = (at + size).min(body.len());
        chunks.push(Bytes::copy_from_slice(&body[at..end]));
        at = end;
        size = size % 7 + step % 5 + 1;
    }
    let (pieces, _) = runtime().block_on(replay_stream(kind, chunks));
    let (whole, _) = runtime().block_on(replay_stream(kind, vec![Bytes::copy_from_slice(body)]));
    match (&pieces, &whole) {
        (Ok(a), Ok(b)) => assert_eq!(a.text, b.text, "the chunking changed the answer"),
        (Err(_), Err(_)) => {}
        _ => panic!("the chunking changed the outcome: {pieces:?} vs {whole:?}"),
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = replay_whole(kind, text);
    }
});

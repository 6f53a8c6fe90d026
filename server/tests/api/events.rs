//! The change feed: listeners hear about pushes as they commit.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;

use crate::support::{create_order, on_both_backends, Desk};

on_both_backends! {
    async fn a_connected_listener_hears_changed_after_a_push(h) {
        let token = h.token("viewer").await;
        let listener = h.get("/v1/events", &token).await;
        assert_eq!(listener.status(), StatusCode::OK);
        assert_eq!(
            listener.headers().get("content-type").and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );

        let writer = h.token("processor").await;
        let mut desk = Desk::new();
        let (_, create) = create_order("K7QM-00001");
        h.push(&writer, desk.id, &[desk.next(create)]).await;
        let cursor = h.pull(&writer, 0, None).await.cursor;

        let mut stream = listener.bytes_stream();
        let mut received = String::new();
        let expected = format!("event: changed\ndata: {{\"cursor\":{cursor}}}\n");
        let heard = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(chunk) = stream.next().await {
                received.push_str(&String::from_utf8_lossy(&chunk.expect("stream stays open")));
                if received.contains(&expected) {
                    return true;
                }
            }
            false
        })
        .await;
        assert_eq!(heard, Ok(true), "got instead: {received:?}");
    }

    async fn the_change_feed_needs_a_token(h) {
        let response = h.client.get(h.url("/v1/events")).send().await.expect("server answers");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

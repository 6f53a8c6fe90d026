//! `GET /v1/events`: a Server-Sent Events stream telling desks to pull now
//! instead of polling.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use packdesk_domain::Permission;
use tokio_stream::wrappers::BroadcastStream;

use super::session::SignedIn;
use super::{ApiError, AppState};

/// Proxies and load balancers drop connections that stay silent; a comment
/// line this often keeps the stream open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn events(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    signed_in.require(Permission::ViewOrders)?;
    let mut closing = state.closing.subscribe();
    let shutdown = async move {
        // An error means the sender is gone: the server is stopping anyway.
        let _stopped = closing.wait_for(|closed| *closed).await;
    };
    let changes = BroadcastStream::new(state.changes.subscribe())
        .filter_map(|notice| async move {
            // A lagging listener skips to newer notices; each says only
            // "something changed", so nothing is lost by skipping.
            let cursor = notice.ok()?;
            let data = serde_json::json!({ "cursor": cursor }).to_string();
            Some(Ok(Event::default().event("changed").data(data)))
        })
        .take_until(Box::pin(shutdown));
    Ok(Sse::new(changes).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

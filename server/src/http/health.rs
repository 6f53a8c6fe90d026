//! `GET /healthz`, for load balancers and the desk's "server reachable" dot.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use packdesk_domain::sync::Health;

use super::AppState;

/// A database slower than this counts as down: a health check that hangs
/// is worse than one that says no.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(3);

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = state.storage.backend_name().to_owned();
    let answer = tokio::time::timeout(HEALTH_TIMEOUT, state.storage.health()).await;
    let (status, word) = match answer {
        Ok(Ok(())) => (StatusCode::OK, "ok"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: database failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer in time");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    let health = Health {
        status: word.to_owned(),
        database,
    };
    (status, Json(health))
}

//! The HTTP API: routes, shared state, and running the server.

mod error;
mod events;
mod health;
mod login;
mod session;
mod sync;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};

use crate::auth::LoginLimiter;
use crate::storage::Storage;

pub use error::ApiError;

/// A full push (500 commands with large drafts) is several megabytes of
/// JSON; axum's 2 MB default would refuse honest desks.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// How many change notices may wait for a slow event listener. A listener
/// that falls further behind skips to newer ones, which is harmless: each
/// notice only says "pull now".
const CHANGE_BACKLOG: usize = 256;

/// Settings a deployment (or a test) may change.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How long a session token stays valid.
    pub token_ttl: chrono::Duration,
    /// Failed sign-ins allowed per user name within `login_window`.
    pub max_login_failures: usize,
    pub login_window: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            token_ttl: chrono::Duration::days(30),
            max_login_failures: 5,
            login_window: Duration::from_secs(5 * 60),
        }
    }
}

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    storage: Arc<dyn Storage>,
    config: Arc<ServerConfig>,
    limiter: Arc<LoginLimiter>,
    /// The cursor of each committed push that applied something.
    changes: broadcast::Sender<u64>,
    /// Flips to `true` on shutdown so open event streams end and graceful
    /// shutdown does not wait on them forever.
    closing: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, config: ServerConfig) -> AppState {
        let limiter = LoginLimiter::new(config.max_login_failures, config.login_window);
        AppState {
            storage,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            changes: broadcast::channel(CHANGE_BACKLOG).0,
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/v1/login", post(login::login))
        .route("/v1/logout", post(login::logout))
        .route("/v1/push", post(sync::push))
        .route("/v1/pull", get(sync::pull))
        .route("/v1/desk-prefixes", post(sync::claim_prefix))
        .route("/v1/events", get(events::events))
        .fallback(|| async { ApiError::NoSuchEndpoint })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes, then lets requests in
/// flight finish and closes event streams.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = Arc::clone(&state.closing);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            shutdown.await;
            closing.send_replace(true);
        })
        .await
}

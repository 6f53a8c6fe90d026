//! Sync commands: the desk's link to the Packdesk server.
//!
//! The desk answers `sync_status` from SQLite, so asking often is cheap; only
//! `sync_now` and `sign_in` reach the network, and an `unavailable` error from
//! them means the server could not be reached while the desk keeps working.

use packdesk_domain::api::ErrorBody;
use packdesk_domain::sync::{Resolution, SyncConflict, SyncStatus};
use serde::Serialize;
use uuid::Uuid;

use super::{invoke_with, NoInput};

#[derive(Serialize)]
struct SignInInput<'a> {
    server_url: &'a str,
    username: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
struct ResolveInput {
    command_id: Uuid,
    resolution: Resolution,
}

pub async fn sync_status() -> Result<SyncStatus, ErrorBody> {
    invoke_with("sync_status", NoInput {}).await
}

/// One push and pull round; answers with the status after it.
pub async fn sync_now() -> Result<SyncStatus, ErrorBody> {
    invoke_with("sync_now", NoInput {}).await
}

/// Field errors name `server_url` and `username`; a wrong password is a
/// `forbidden` error with a message.
pub async fn sign_in(
    server_url: &str,
    username: &str,
    password: &str,
) -> Result<SyncStatus, ErrorBody> {
    invoke_with(
        "sign_in",
        SignInInput {
            server_url,
            username,
            password,
        },
    )
    .await
}

pub async fn sign_out() -> Result<SyncStatus, ErrorBody> {
    invoke_with("sign_out", NoInput {}).await
}

/// Commands the server refused, waiting for someone to decide.
pub async fn sync_conflicts() -> Result<Vec<SyncConflict>, ErrorBody> {
    invoke_with("sync_conflicts", NoInput {}).await
}

/// Settles one conflict; answers with the ones still open.
pub async fn resolve_conflict(
    command_id: Uuid,
    resolution: Resolution,
) -> Result<Vec<SyncConflict>, ErrorBody> {
    invoke_with(
        "resolve_conflict",
        ResolveInput {
            command_id,
            resolution,
        },
    )
    .await
}

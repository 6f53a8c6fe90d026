//! Window commands for sync: status, "Sync now", sign in and out, conflicts.

use packdesk_desk::with_desk;
use packdesk_domain::sync::{Resolution, SyncConflict, SyncStatus};
use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use crate::commands::{answer, decode, Answer};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    server_url: String,
    username: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolve {
    command_id: Uuid,
    resolution: Resolution,
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Answer<SyncStatus> {
    let sync = state.sync.clone();
    answer(
        tauri::async_runtime::spawn_blocking(move || sync.status())
            .await
            .unwrap_or_else(|e| Err(packdesk_desk::DeskError::External(e.to_string()))),
    )
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Answer<SyncStatus> {
    answer(state.sync.sync_now().await)?;
    answer(state.sync.status())
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, input: Value) -> Answer<SyncStatus> {
    let SignIn {
        server_url,
        username,
        password,
    } = decode(input)?;
    answer(state.sync.sign_in(&server_url, &username, &password).await)?;
    // The first round runs now, so the window shows what the server has.
    if let Err(error) = state.sync.sync_now().await {
        tracing::info!(%error, "first sync after sign-in failed");
    }
    answer(state.sync.status())
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Answer<SyncStatus> {
    answer(state.sync.sign_out().await)?;
    answer(state.sync.status())
}

#[tauri::command]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Answer<Vec<SyncConflict>> {
    answer(state.sync.conflicts())
}

#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    input: Value,
) -> Answer<Vec<SyncConflict>> {
    let Resolve {
        command_id,
        resolution,
    } = decode(input)?;
    let actor = answer(with_desk(&state.desk, |desk| desk.operator()))?;
    answer(state.sync.resolve(&actor, command_id, resolution))?;
    answer(state.sync.conflicts())
}

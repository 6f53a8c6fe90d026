//! `POST /v1/push` and `GET /v1/pull`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use packdesk_domain::sync::{
    PullResponse, PushRequest, PushResponse, PushedCommand, MAX_PULL_PAGE, MAX_PUSH_BATCH,
};
use packdesk_domain::Permission;
use serde::Deserialize;

use super::session::SignedIn;
use super::{ApiError, AppState};

/// Applies a desk's commands one by one, each in its own transaction, so
/// a refused command never holds back the ones behind it.
pub async fn push(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let request = json_body(body)?;
    check_batch(&request.commands)?;
    let user = &signed_in.session.user;
    let mut acks = Vec::with_capacity(request.commands.len());
    let mut newest = None;
    let mut failure = None;
    for command in &request.commands {
        match state.storage.push_one(request.desk_id, user, command).await {
            Ok(pushed) => {
                newest = pushed.cursor.or(newest);
                acks.push(pushed.ack);
            }
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    // Announce even when a later command failed: what did commit is real.
    if let Some(cursor) = newest {
        // An error only means nobody is listening right now.
        let _nobody_listening = state.changes.send(cursor);
    }
    tracing::info!(
        desk = %request.desk_id,
        username = %user.username,
        commands = request.commands.len(),
        answered = acks.len(),
        "push"
    );
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(Json(PushResponse { acks })),
    }
}

/// The outbox contract: bounded, and in strictly increasing `seq` order
/// (which also rules out the same slot twice in one request).
fn check_batch(commands: &[PushedCommand]) -> Result<(), ApiError> {
    if commands.len() > MAX_PUSH_BATCH {
        return Err(ApiError::BadRequest(format!(
            "a push may carry at most {MAX_PUSH_BATCH} commands, not {}",
            commands.len()
        )));
    }
    if commands.windows(2).any(|pair| pair[0].seq >= pair[1].seq) {
        return Err(ApiError::BadRequest(
            "commands must be in increasing seq order".into(),
        ));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct PullParams {
    #[serde(default)]
    after: u64,
    limit: Option<u32>,
}

pub async fn pull(
    State(state): State<AppState>,
    signed_in: SignedIn,
    params: Result<Query<PullParams>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    signed_in.require(Permission::ViewOrders)?;
    let Query(params) = params.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = params
        .limit
        .unwrap_or(MAX_PULL_PAGE)
        .clamp(1, MAX_PULL_PAGE);
    Ok(Json(state.storage.pull(params.after, limit).await?))
}

/// A JSON body, or a 400 in our error shape instead of axum's plain text.
pub fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(value)| value)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}

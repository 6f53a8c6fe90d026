//! `POST /v1/push` and `GET /v1/pull`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use packdesk_domain::desk_prefix;
use packdesk_domain::sync::{
    PrefixAnswer, PrefixClaim, PullResponse, PushRequest, PushResponse, PushedCommand,
    MAX_PULL_PAGE, MAX_PUSH_BATCH,
};
use packdesk_domain::Permission;
use serde::Deserialize;

use super::session::SignedIn;
use super::{ApiError, AppState};

/// Applies a desk's commands in order, in one transaction: a refused
/// command gets its verdict and never holds back the ones behind it.
pub async fn push(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let request = json_body(body)?;
    check_batch(&request.commands)?;
    let user = &signed_in.session.user;
    let outcome = state
        .storage
        .push(request.desk_id, user, &request.commands)
        .await?;
    if let Some(cursor) = outcome.newest_cursor {
        // An error only means nobody is listening right now.
        let _nobody_listening = state.changes.send(cursor);
    }
    tracing::info!(
        desk = %request.desk_id,
        username = %user.username,
        commands = request.commands.len(),
        "push"
    );
    Ok(Json(PushResponse { acks: outcome.acks }))
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

/// Records which desk holds an order-number prefix (see
/// `packdesk_domain::desk_prefix`); any signed-in desk may ask.
pub async fn claim_prefix(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Result<Json<PrefixClaim>, JsonRejection>,
) -> Result<Json<PrefixAnswer>, ApiError> {
    let PrefixClaim { desk_id, prefix } = json_body(body)?;
    if !desk_prefix::is_valid(&prefix) {
        return Err(ApiError::BadRequest(format!(
            "prefix: {prefix:?} is not {} characters from {}",
            desk_prefix::LENGTH,
            String::from_utf8_lossy(desk_prefix::ALPHABET)
        )));
    }
    let granted = state.storage.claim_prefix(desk_id, &prefix).await?;
    tracing::info!(desk = %desk_id, prefix, granted, username = %signed_in.session.user.username, "prefix claim");
    Ok(Json(PrefixAnswer { granted }))
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

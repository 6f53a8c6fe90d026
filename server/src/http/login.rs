//! `POST /v1/login` and `POST /v1/logout`.

use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use packdesk_domain::sync::{LoginRequest, LoginResponse};

use super::session::SignedIn;
use super::sync::json_body;
use super::{ApiError, AppState};
use crate::auth::{password, SessionToken};

pub async fn login(
    State(state): State<AppState>,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let LoginRequest { username, password } = json_body(body)?;
    let attempt = state
        .limiter
        .begin(&username, Instant::now())
        .map_err(ApiError::TooManyAttempts)?;
    let record = state.storage.find_user(&username).await?;
    let stored = record.as_ref().map(|r| r.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU on purpose: keep it off the
    // threads that serve other requests.
    let matched =
        tokio::task::spawn_blocking(move || password::verify(&password, stored.as_deref()))
            .await
            .map_err(|e| ApiError::Worker(e.to_string()))?;
    let Some(record) = record.filter(|_| matched) else {
        tracing::info!(username = %username, "sign-in refused");
        return Err(ApiError::WrongCredentials);
    };
    attempt.succeeded();

    let token = SessionToken::generate();
    let expires_at = Utc::now() + state.config.token_ttl;
    state
        .storage
        .insert_token(&token.hash(), record.id, expires_at)
        .await?;
    tracing::info!(username = %record.user.username, role = record.user.role.as_str(), "signed in");
    Ok(Json(LoginResponse {
        token: token.as_str().to_owned(),
        expires_at,
        user: record.user,
    }))
}

pub async fn logout(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<StatusCode, ApiError> {
    state.storage.delete_token(&signed_in.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

//! The bearer-token check in front of every endpoint but login and health.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::Utc;
use packdesk_domain::Permission;

use super::{ApiError, AppState};
use crate::auth::SessionToken;
use crate::storage::{Session, TokenHash};

/// A request from a signed-in user, looked up afresh on every request so a
/// deleted token or a changed role counts at once.
pub struct SignedIn {
    pub session: Session,
    pub token: TokenHash,
}

impl SignedIn {
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        let role = self.session.user.role;
        if role.permits(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden { role, permission })
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(ApiError::SignInRequired)?;
        let presented = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::SignInRequired)?;
        let token =
            SessionToken::hash_presented(presented.trim()).ok_or(ApiError::SessionInvalid)?;
        let session = state
            .storage
            .find_session(&token, Utc::now())
            .await?
            .ok_or(ApiError::SessionInvalid)?;
        Ok(SignedIn { session, token })
    }
}

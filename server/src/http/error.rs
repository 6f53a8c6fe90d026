//! Every failure an endpoint can answer with, as an [`ErrorBody`].

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::{Permission, Role};

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in first")]
    SignInRequired,
    #[error("your session has ended: sign in again")]
    SessionInvalid,
    /// The same words for an unknown user and a wrong password, so the
    /// answer does not reveal which user names exist.
    #[error("wrong user name or password")]
    WrongCredentials,
    #[error("too many failed sign-ins for this user: try again in {} seconds", retry_seconds(*.0))]
    TooManyAttempts(Duration),
    #[error("a {} may not {}", .role.label(), .permission.describe())]
    Forbidden { role: Role, permission: Permission },
    #[error("{0}")]
    BadRequest(String),
    #[error("no such endpoint")]
    NoSuchEndpoint,
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("a worker thread failed: {0}")]
    Worker(String),
}

impl ApiError {
    fn status_and_kind(&self) -> (StatusCode, ErrorKind) {
        match self {
            ApiError::SignInRequired | ApiError::SessionInvalid | ApiError::WrongCredentials => {
                (StatusCode::UNAUTHORIZED, ErrorKind::Forbidden)
            }
            ApiError::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorKind::Forbidden),
            ApiError::Forbidden { .. } => (StatusCode::FORBIDDEN, ErrorKind::Forbidden),
            ApiError::BadRequest(_) | ApiError::Storage(StorageError::OutOfRange(_)) => {
                (StatusCode::BAD_REQUEST, ErrorKind::Invalid)
            }
            ApiError::NoSuchEndpoint => (StatusCode::NOT_FOUND, ErrorKind::NotFound),
            ApiError::Storage(_) | ApiError::Worker(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind) = self.status_and_kind();
        let message = if kind == ErrorKind::Internal {
            // The details are for the log, not for whoever is on the other end.
            tracing::error!(error = %self, "request failed");
            "the server could not do this; the problem has been logged".to_owned()
        } else {
            self.to_string()
        };
        let body = ErrorBody {
            kind,
            message,
            fields: Vec::new(),
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::TooManyAttempts(wait) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_seconds(wait)));
        }
        response
    }
}

/// Whole seconds, rounded up, and never 0 (which would invite a retry storm).
fn retry_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0).max(u64::from(wait.as_secs() == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_and_is_never_zero() {
        assert_eq!(retry_seconds(Duration::from_secs(290)), 290);
        assert_eq!(retry_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(retry_seconds(Duration::ZERO), 1);
    }
}

//! The fake's raw material: recorded EasyPost bodies and reply builders.

use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum FakeError {
    #[error("fixture {path}: {message}")]
    Fixture { path: PathBuf, message: String },
    #[error("cannot listen on 127.0.0.1: {0}")]
    Listen(std::io::Error),
    #[error("the fake has no tracker for tracking code {tracking_code:?}")]
    NoTracker { tracking_code: String },
}

/// EasyPost's recorded replies, as loaded from the fixtures directory.
pub(super) struct Fixtures {
    pub(super) verified_address: Value,
    pub(super) unverifiable_address: Value,
    pub(super) created_shipment: Value,
    pub(super) bought_shipment: Value,
    pub(super) tracker: Value,
    /// A batch with every field EasyPost sends, used as the template of the
    /// fake's batches.
    pub(super) batch: Value,
}

impl Fixtures {
    pub(super) fn load(dir: &Path) -> Result<Fixtures, FakeError> {
        let read = |name: &str| -> Result<Value, FakeError> {
            let path = dir.join(name);
            let text = std::fs::read(&path).map_err(|e| FakeError::Fixture {
                path: path.clone(),
                message: e.to_string(),
            })?;
            serde_json::from_slice(&text).map_err(|e| FakeError::Fixture {
                path,
                message: e.to_string(),
            })
        };
        Ok(Fixtures {
            verified_address: read("addresses/addresses-verify.json")?,
            unverifiable_address: read("addresses/addresses-create-and-verify.json")?,
            created_shipment: read("shipments/shipments-create.json")?,
            bought_shipment: read("shipments/shipments-buy.json")?,
            tracker: read("trackers/trackers-create.json")?,
            batch: read("batches/batches-label.json")?,
        })
    }
}

pub(super) fn json_reply(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// EasyPost's error shape: `{"error": {"code", "message", "errors": []}}`.
pub(super) fn error_reply(status: StatusCode, code: &str, message: &str) -> Response {
    field_error_reply(status, code, message, &[])
}

/// EasyPost's error shape with per-field `errors`, given as `(field, message)`.
pub(super) fn field_error_reply(
    status: StatusCode,
    code: &str,
    message: &str,
    errors: &[(String, String)],
) -> Response {
    let errors: Vec<Value> = errors
        .iter()
        .map(|(field, message)| json!({ "field": field, "message": message, "suggestion": null }))
        .collect();
    json_reply(
        status,
        &json!({ "error": { "code": code, "message": message, "errors": errors } }),
    )
}

pub(super) fn raw_reply(status: u16, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A label file, with the content type EasyPost's file store gives it.
pub(super) fn file_reply(content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = raw_reply(200, bytes);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A reply whose body fails before its first byte: hyper then closes the
/// connection without sending anything, which the client sees as a dropped
/// connection.
pub(super) fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other(
            "fake EasyPost dropped the connection",
        ))
    });
    Response::new(Body::from_stream(failing))
}

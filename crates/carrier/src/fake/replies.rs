//! The fake's raw material: recorded EasyPost bodies and reply builders.

use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum FakeError {
    #[error("fixture {path}: {message}")]
    Fixture { path: PathBuf, message: String },
    #[error("cannot listen on 127.0.0.1: {0}")]
    Listen(std::io::Error),
}

/// EasyPost's recorded replies, as loaded from the fixtures directory.
pub(super) struct Fixtures {
    pub(super) verified_address: Value,
    pub(super) unverifiable_address: Value,
    pub(super) created_shipment: Value,
    pub(super) bought_shipment: Value,
    pub(super) tracker: Value,
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
    json_reply(
        status,
        &json!({ "error": { "code": code, "message": message, "errors": [] } }),
    )
}

pub(super) fn raw_reply(status: u16, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
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

/// A 1×1 PNG, so a label "image" really decodes.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Small but well-formed label files in each format, naming the shipment.
pub(super) fn label_file(file: &str) -> Response {
    let Some((shipment, extension)) = file.rsplit_once('.') else {
        return error_reply(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file");
    };
    let (content_type, bytes) = match extension {
        "png" => (
            "image/png",
            base64::engine::general_purpose::STANDARD
                .decode(PNG_1X1)
                .unwrap_or_default(),
        ),
        "pdf" => (
            "application/pdf",
            format!("%PDF-1.4\n% label for {shipment}\ntrailer<<>>\n%%EOF\n").into_bytes(),
        ),
        "zpl" => (
            "application/zpl",
            format!("^XA^FO50,50^A0N,40,40^FD{shipment}^FS^XZ\n").into_bytes(),
        ),
        _ => return error_reply(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file"),
    };
    let mut response = raw_reply(200, bytes);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

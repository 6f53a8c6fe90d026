//! The fake's endpoints. Each one goes through [`handle`], which counts the
//! request, checks the API key and applies a queued fault before doing the work.
//! Shipments, addresses and label files are here; batches and trackers have
//! their own files.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::labels::{self, LabelFacts};
use super::replies::{dropped_connection, error_reply, file_reply, json_reply, raw_reply};
use super::{batches, trackers, BatchLabel, Fault, Route, Shared, State as FakeState};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v2/addresses/create_and_verify", post(verify_address))
        .route("/v2/shipments", post(create_shipment))
        .route("/v2/shipments/{id}", get(retrieve_shipment))
        .route("/v2/shipments/{id}/buy", post(buy))
        .route("/v2/shipments/{id}/label", get(label))
        .route("/v2/shipments/{id}/refund", post(refund))
        .route("/v2/trackers", post(trackers::create))
        .route("/v2/trackers/{id}", get(trackers::retrieve))
        .route("/v2/batches", post(batches::create))
        .route("/v2/batches/{id}", get(batches::retrieve))
        .route("/v2/batches/{id}/label", post(batches::label))
        .route("/labels/{file}", get(download))
        .with_state(shared)
}

pub(super) async fn handle(
    shared: &Shared,
    route: Route,
    headers: &HeaderMap,
    work: impl FnOnce(&Shared, &mut FakeState) -> Response,
) -> Response {
    let fault = {
        let mut state = shared.lock();
        *state.requests.entry(route).or_default() += 1;
        state
            .faults
            .get_mut(&route)
            .and_then(|queue| queue.pop_front())
    };
    let authorized = headers
        .get("authorization")
        .is_some_and(|value| value.as_bytes() == shared.expected_auth.as_bytes());
    // Label files are on EasyPost's public file store: no key needed there.
    if route != Route::LabelFile && !authorized || fault == Some(Fault::BadKey) {
        return error_reply(
            StatusCode::UNAUTHORIZED,
            "APIKEY.INACTIVE",
            "This api key is no longer active. Please use a different api key or reactivate this key.",
        );
    }
    match fault {
        None | Some(Fault::BadKey) => work(shared, &mut shared.lock()),
        Some(Fault::BadAddress) => json_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            &shared.fixtures.unverifiable_address,
        ),
        Some(Fault::RateLimited { retry_after_secs }) => {
            let mut reply = error_reply(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "You have exceeded the rate limit. Please try again later.",
            );
            if let Some(seconds) = retry_after_secs {
                reply
                    .headers_mut()
                    .insert("retry-after", HeaderValue::from(seconds));
            }
            reply
        }
        Some(Fault::ServerError) => error_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "We're sorry, something went wrong. If the problem persists please contact us.",
        ),
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            work(shared, &mut shared.lock())
        }
        Some(Fault::Drop) => dropped_connection(),
        Some(Fault::CommitThenDrop) => {
            work(shared, &mut shared.lock());
            dropped_connection()
        }
        Some(Fault::Raw { status, body }) => raw_reply(status, body),
    }
}

pub(super) fn not_found() -> Response {
    error_reply(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "The requested resource could not be found.",
    )
}

pub(super) fn request_json(body: &Bytes) -> Value {
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

fn unpurchased() -> Response {
    error_reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        "SHIPMENT.POSTAGE.MISSING",
        "This shipment has no postage.",
    )
}

/// The recorded `incorrect` address of EasyPost's client fixtures
/// (`000 unknown street`) fails verification, like it did when recorded.
async fn verify_address(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::VerifyAddress, &headers, |shared, _| {
        let request = request_json(&body);
        let street = request["address"]["street1"].as_str().unwrap_or_default();
        if street.to_ascii_lowercase().contains("unknown street") {
            json_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                &shared.fixtures.unverifiable_address,
            )
        } else {
            json_reply(StatusCode::OK, &shared.fixtures.verified_address)
        }
    })
    .await
}

async fn create_shipment(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::CreateShipment, &headers, |shared, state| {
        let request = request_json(&body);
        state.created += 1;
        let id = format!("shp_{:032x}", state.created);
        let mut shipment = shared.fixtures.created_shipment.clone();
        shipment["id"] = json!(id);
        shipment["reference"] = request["shipment"]["reference"].clone();
        match &state.no_rates {
            Some(messages) => {
                shipment["rates"] = json!([]);
                shipment["messages"] = json!(messages);
            }
            None => {
                for rate in shipment["rates"].as_array_mut().into_iter().flatten() {
                    rate["shipment_id"] = json!(id);
                }
            }
        }
        state.shipments.insert(id, shipment.clone());
        json_reply(StatusCode::CREATED, &shipment)
    })
    .await
}

async fn retrieve_shipment(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    handle(
        &shared,
        Route::RetrieveShipment,
        &headers,
        |_, state| match state.shipments.get(&id) {
            Some(shipment) => json_reply(StatusCode::OK, shipment),
            None => not_found(),
        },
    )
    .await
}

/// Buys like EasyPost: once. The purchase gets a tracking code of its own and
/// a tracker, as EasyPost starts one for every label; the label URL points
/// back at this fake.
async fn buy(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::Buy, &headers, |shared, state| {
        let request = request_json(&body);
        let Some(shipment) = state.shipments.get(&id) else {
            return not_found();
        };
        if !shipment["postage_label"].is_null() {
            return error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "SHIPMENT.POSTAGE.EXISTS",
                "Postage already exists for this shipment.",
            );
        }
        let wanted = request["rate"]["id"].as_str();
        let rate = shipment["rates"]
            .as_array()
            .and_then(|rates| rates.iter().find(|rate| rate["id"].as_str() == wanted))
            .cloned();
        let Some(rate) = rate else {
            return error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "SHIPMENT.RATE.NOT_FOUND",
                "The rate is not one of this shipment's rates.",
            );
        };
        let recorded = &shared.fixtures.bought_shipment;
        let tracking_code = trackers::issue_tracking_code(state, recorded);
        let tracker = trackers::start_for_purchase(shared, state, &tracking_code, &id, &rate);
        let mut label = recorded["postage_label"].clone();
        label["label_url"] = json!(format!("{}/labels/{id}.png", shared.base_url));
        // The fake's PNG is drawn for a 203 dpi printer (see labels.rs).
        label["label_resolution"] = json!(labels::DPI);
        let Some(shipment) = state.shipments.get_mut(&id) else {
            return not_found();
        };
        shipment["postage_label"] = label;
        shipment["selected_rate"] = rate;
        shipment["tracking_code"] = json!(tracking_code);
        shipment["tracker"] = tracker;
        shipment["fees"] = recorded["fees"].clone();
        let reply = json_reply(StatusCode::OK, shipment);
        *state.buys.entry(id.clone()).or_default() += 1;
        reply
    })
    .await
}

#[derive(Deserialize)]
struct LabelQuery {
    file_format: Option<String>,
}

async fn label(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<LabelQuery>,
    headers: HeaderMap,
) -> Response {
    handle(&shared, Route::Label, &headers, |shared, state| {
        let Some(shipment) = state.shipments.get_mut(&id) else {
            return not_found();
        };
        if shipment["postage_label"].is_null() {
            return unpurchased();
        }
        let format = query.file_format.unwrap_or_default().to_ascii_lowercase();
        let field = match format.as_str() {
            "png" => "label_url",
            "pdf" => "label_pdf_url",
            "zpl" => "label_zpl_url",
            _ => {
                return error_reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "SHIPMENT.LABEL.INVALID_FORMAT",
                    "file_format must be PNG, PDF or ZPL.",
                )
            }
        };
        shipment["postage_label"][field] =
            json!(format!("{}/labels/{id}.{format}", shared.base_url));
        json_reply(StatusCode::OK, shipment)
    })
    .await
}

async fn refund(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    handle(&shared, Route::Refund, &headers, |_, state| {
        let Some(shipment) = state.shipments.get_mut(&id) else {
            return not_found();
        };
        if shipment["postage_label"].is_null() {
            return unpurchased();
        }
        shipment["refund_status"] = json!("submitted");
        json_reply(StatusCode::OK, shipment)
    })
    .await
}

async fn download(
    State(shared): State<Arc<Shared>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let with_auth = headers.contains_key("authorization");
    handle(&shared, Route::LabelFile, &headers, |_, state| {
        if with_auth {
            state.label_files_with_auth += 1;
        }
        label_file(state, &file)
    })
    .await
}

fn no_file() -> Response {
    error_reply(StatusCode::NOT_FOUND, "NOT_FOUND", "No such file.")
}

/// `shp_….png|pdf|zpl`: a bought shipment's label, in any format (EasyPost
/// converts on request). `batch_….pdf|zpl`: a batch's combined file, only
/// once generated and only in the format generated: every shipment's label
/// in batch order, one PDF page each, or the ZPL labels one after another.
fn label_file(state: &FakeState, file: &str) -> Response {
    let Some((name, extension)) = file.rsplit_once('.') else {
        return no_file();
    };
    let facts_of = |id: &str| state.shipments.get(id).and_then(LabelFacts::of_shipment);
    if let Some(batch) = state.batches.get(name) {
        let generated = matches!(batch.label, BatchLabel::Generated { file } if file == extension);
        let every: Option<Vec<LabelFacts>> =
            batch.shipment_ids.iter().map(|id| facts_of(id)).collect();
        return match (generated, every, extension) {
            (true, Some(every), "pdf") => file_reply("application/pdf", labels::pdf(&every)),
            (true, Some(every), "zpl") => file_reply(
                "application/zpl",
                every
                    .iter()
                    .map(labels::zpl)
                    .collect::<String>()
                    .into_bytes(),
            ),
            _ => no_file(),
        };
    }
    let Some(facts) = facts_of(name) else {
        return no_file();
    };
    match extension {
        "png" => match labels::png(&facts) {
            Ok(bytes) => file_reply("image/png", bytes),
            Err(e) => error_reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                &format!("could not draw the label: {e}"),
            ),
        },
        "pdf" => file_reply("application/pdf", labels::pdf(std::slice::from_ref(&facts))),
        "zpl" => file_reply("application/zpl", labels::zpl(&facts).into_bytes()),
        _ => no_file(),
    }
}

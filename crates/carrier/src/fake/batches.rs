//! `/v2/batches`: grouping bought shipments and generating one label file for
//! them, in the background like EasyPost. A batch's JSON is drawn afresh from
//! the recorded template on every reply, so it always shows its shipments'
//! current tracking codes and its label's current state.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::replies::{error_reply, field_error_reply, json_reply};
use super::routes::{handle, not_found, request_json};
use super::{Batch, BatchLabel, Route, Shared, State as FakeState};

/// The batch as EasyPost shows it: `created`, `label_generating` or
/// `label_generated` with a `label_url` on this fake's file server.
fn batch_json(shared: &Shared, state: &FakeState, id: &str, batch: &Batch) -> Value {
    let mut json = shared.fixtures.batch.clone();
    let mut bought = 0;
    let rows: Vec<Value> = batch
        .shipment_ids
        .iter()
        .map(|shipment_id| {
            let shipment = state.shipments.get(shipment_id);
            let tracking_code = shipment.map_or(Value::Null, |s| s["tracking_code"].clone());
            let has_postage = shipment.is_some_and(|s| !s["postage_label"].is_null());
            bought += usize::from(has_postage);
            json!({
                "batch_status": if has_postage { "postage_purchased" } else { "created" },
                "batch_message": null,
                "reference": shipment.map_or(Value::Null, |s| s["reference"].clone()),
                "tracking_code": tracking_code,
                "id": shipment_id,
            })
        })
        .collect();
    json["id"] = json!(id);
    json["num_shipments"] = json!(rows.len());
    json["status"] = json!({
        "created": rows.len() - bought,
        "queued_for_purchase": 0,
        "creation_failed": 0,
        "postage_purchased": bought,
        "postage_purchase_failed": 0,
    });
    json["shipments"] = Value::Array(rows);
    let (state_name, label_url) = match batch.label {
        BatchLabel::None => ("created", Value::Null),
        BatchLabel::Generating { .. } => ("label_generating", Value::Null),
        BatchLabel::Generated { file } => (
            "label_generated",
            json!(format!("{}/labels/{id}.{file}", shared.base_url)),
        ),
    };
    json["state"] = json!(state_name);
    json["label_url"] = label_url;
    json
}

/// `POST /v2/batches` with `{"batch": {"shipments": [{"id": …}]}}`. Answers
/// like the recorded reply: `creating`, no shipments listed yet; the batch is
/// built by the next request. Shipments the fake does not know are refused,
/// all of them named, with nothing created.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::BatchCreate, &headers, |shared, state| {
        let request = request_json(&body);
        let Some(entries) = request["batch"]["shipments"].as_array() else {
            return error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "BATCH.SHIPMENTS.INVALID",
                "batch.shipments must be a list of shipments.",
            );
        };
        let mut shipment_ids = Vec::with_capacity(entries.len());
        let mut missing = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let field = format!("shipments[{i}].id");
            match entry["id"].as_str() {
                Some(id) if state.shipments.contains_key(id) => shipment_ids.push(id.to_owned()),
                Some(id) => missing.push((field, format!("{id} could not be found"))),
                None => missing.push((field, "is missing".to_owned())),
            }
        }
        if !missing.is_empty() {
            let which: Vec<&str> = missing.iter().map(|(_, m)| m.as_str()).collect();
            return field_error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "BATCH.SHIPMENTS.INVALID",
                &format!("Some shipments cannot be batched: {}.", which.join("; ")),
                &missing,
            );
        }
        state.issued += 1;
        let id = format!("batch_{:032x}", state.issued);
        let batch = Batch {
            shipment_ids,
            label: BatchLabel::None,
        };
        let mut reply = batch_json(shared, state, &id, &batch);
        reply["state"] = json!("creating");
        reply["shipments"] = json!([]);
        for count in ["created", "postage_purchased"] {
            reply["status"][count] = json!(0);
        }
        state.batches.insert(id, batch);
        json_reply(StatusCode::CREATED, &reply)
    })
    .await
}

/// `GET /v2/batches/:id`: each look brings a generating label closer to done.
pub(super) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    handle(&shared, Route::BatchRetrieve, &headers, |shared, state| {
        let Some(batch) = state.batches.get_mut(&id) else {
            return not_found();
        };
        if let BatchLabel::Generating {
            file,
            gets_left: Some(left),
        } = batch.label
        {
            batch.label = if left <= 1 {
                BatchLabel::Generated { file }
            } else {
                BatchLabel::Generating {
                    file,
                    gets_left: Some(left - 1),
                }
            };
        }
        match state.batches.get(&id) {
            Some(batch) => json_reply(StatusCode::OK, &batch_json(shared, state, &id, batch)),
            None => not_found(),
        }
    })
    .await
}

/// `POST /v2/batches/:id/label` with `{"file_format": "PDF"|"ZPL"}`: starts
/// generating one file of every shipment's label. EasyPost merges PDF and ZPL
/// (and EPL2) only: PNG labels are separate images, so PNG is refused.
pub(super) async fn label(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::BatchLabel, &headers, |shared, state| {
        let request = request_json(&body);
        let format = request["file_format"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(batch) = state.batches.get(&id) else {
            return not_found();
        };
        let file = match format.as_str() {
            "pdf" => "pdf",
            "zpl" => "zpl",
            _ => {
                return field_error_reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "BATCH.LABEL.INVALID_FORMAT",
                    "Batch labels can be generated as PDF or ZPL only.",
                    &[(
                        "file_format".to_owned(),
                        format!("{format:?} is not PDF or ZPL; PNG labels are not combined"),
                    )],
                )
            }
        };
        if batch.shipment_ids.is_empty() {
            return error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "BATCH.LABEL.EMPTY",
                "This batch has no shipments to label.",
            );
        }
        let unbought: Vec<(String, String)> = batch
            .shipment_ids
            .iter()
            .filter(|s| {
                state
                    .shipments
                    .get(*s)
                    .is_none_or(|s| s["postage_label"].is_null())
            })
            .map(|s| ("shipments".to_owned(), format!("{s} has no postage")))
            .collect();
        if !unbought.is_empty() {
            return field_error_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                "BATCH.LABEL.POSTAGE_MISSING",
                "Every shipment of a batch needs postage before its label is generated.",
                &unbought,
            );
        }
        let label = match state.batch_label_pace.0 {
            Some(0) => BatchLabel::Generated { file },
            gets_left => BatchLabel::Generating { file, gets_left },
        };
        let Some(batch) = state.batches.get_mut(&id) else {
            return not_found();
        };
        batch.label = label;
        match state.batches.get(&id) {
            Some(batch) => json_reply(StatusCode::OK, &batch_json(shared, state, &id, batch)),
            None => not_found(),
        }
    })
    .await
}

//! Tracking codes and trackers. Like EasyPost, the fake keeps one tracker per
//! tracking code: a purchase starts one (status `unknown`, no events yet),
//! `POST /v2/trackers` for a known code returns it, and tests move it along
//! with [`super::FakeEasyPost::advance_tracker`].

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::replies::{json_reply, FakeError};
use super::routes::{handle, not_found, request_json};
use super::{Route, Shared, State as FakeState};
use crate::model::TrackingStatus;

/// A new tracking code shaped like the recorded USPS one (22 digits): its
/// first 13 digits, an 8-digit serial and the USPS mod-10 check digit, so
/// every purchase has its own code, as the desk stores one per order.
pub(super) fn issue_tracking_code(state: &mut FakeState, recorded_shipment: &Value) -> String {
    state.issued += 1;
    let recorded = recorded_shipment["tracking_code"].as_str().unwrap_or("");
    let mut digits: String = recorded
        .chars()
        .filter(char::is_ascii_digit)
        .take(13)
        .collect();
    while digits.len() < 13 {
        digits.push('0');
    }
    digits.push_str(&format!("{:08}", state.issued % 100_000_000));
    let check = usps_check_digit(&digits);
    digits.push(char::from(b'0' + check));
    digits
}

/// Weights 3 and 1 alternating from the rightmost digit; the check digit
/// brings the sum to a multiple of 10.
fn usps_check_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

/// The tracker EasyPost starts for a purchase, shaped like the one embedded
/// in the recorded bought shipment. Returns its JSON for the shipment.
pub(super) fn start_for_purchase(
    shared: &Shared,
    state: &mut FakeState,
    tracking_code: &str,
    shipment_id: &str,
    rate: &Value,
) -> Value {
    let mut tracker = shared.fixtures.bought_shipment["tracker"].clone();
    tracker["id"] = json!(format!("trk_{:032x}", state.issued));
    tracker["tracking_code"] = json!(tracking_code);
    tracker["shipment_id"] = json!(shipment_id);
    tracker["carrier"] = rate["carrier"].clone();
    remember(state, tracker.clone());
    tracker
}

fn remember(state: &mut FakeState, tracker: Value) {
    if let (Some(id), Some(code)) = (tracker["id"].as_str(), tracker["tracking_code"].as_str()) {
        state.tracker_ids.insert(code.to_owned(), id.to_owned());
        state.trackers.insert(id.to_owned(), tracker);
    }
}

/// `POST /v2/trackers`. A code the fake knows gets its existing tracker. A
/// new one gets the recorded tracker's history (EasyPost's test codes come
/// with canned events); the recorded code keeps the recorded id, others get
/// ids of their own so each can be retrieved.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&shared, Route::CreateTracker, &headers, |shared, state| {
        let request = request_json(&body);
        let recorded = &shared.fixtures.tracker;
        let code = request["tracker"]["tracking_code"]
            .as_str()
            .or(recorded["tracking_code"].as_str())
            .unwrap_or_default();
        let existing = state
            .tracker_ids
            .get(code)
            .and_then(|id| state.trackers.get(id));
        if let Some(tracker) = existing {
            return json_reply(StatusCode::OK, tracker);
        }
        let mut tracker = recorded.clone();
        if recorded["tracking_code"].as_str() != Some(code) {
            state.issued += 1;
            tracker["id"] = json!(format!("trk_{:032x}", state.issued));
            tracker["tracking_code"] = json!(code);
        }
        if let Some(carrier) = request["tracker"]["carrier"].as_str() {
            tracker["carrier"] = json!(carrier);
        }
        remember(state, tracker.clone());
        json_reply(StatusCode::CREATED, &tracker)
    })
    .await
}

/// `GET /v2/trackers/:id`.
pub(super) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    handle(
        &shared,
        Route::RetrieveTracker,
        &headers,
        |_, state| match state.trackers.get(&id) {
            Some(tracker) => json_reply(StatusCode::OK, tracker),
            None => not_found(),
        },
    )
    .await
}

/// What a carrier scan says at each status.
fn scan_message(status: TrackingStatus) -> &'static str {
    match status {
        TrackingStatus::PreTransit => "Shipping Label Created, USPS Awaiting Item",
        TrackingStatus::InTransit => "Arrived at USPS Regional Origin Facility",
        TrackingStatus::OutForDelivery => "Out for Delivery",
        TrackingStatus::Delivered => "Delivered, In/At Mailbox",
        TrackingStatus::AvailableForPickup => "Available for Pickup",
        TrackingStatus::ReturnToSender => "Return to Sender Processed",
        TrackingStatus::Failure => "Delivery Attempted - No Access to Delivery Location",
        TrackingStatus::Cancelled => "Shipment Cancelled",
        TrackingStatus::Error => "Tracking Information Unavailable",
        TrackingStatus::Unknown => "Status Not Available",
    }
}

/// Where the scan happened: the sender's town before the parcel travels,
/// the recipient's once it is there; nowhere for statuses without a scan.
/// Without a shipment, the recorded tracker's origin and destination.
fn scan_location(status: TrackingStatus, shipment: Option<&Value>) -> Value {
    let town = |address: Option<&Value>, fallback: (&str, &str, &str)| {
        let part = |key: &str, default: &str| {
            address
                .and_then(|a| a[key].as_str())
                .map_or_else(|| default.to_owned(), str::to_ascii_uppercase)
        };
        json!({
            "object": "TrackingLocation",
            "city": part("city", fallback.0),
            "state": part("state", fallback.1),
            "country": null,
            "zip": part("zip", fallback.2),
        })
    };
    let origin = || {
        town(
            shipment.map(|s| &s["from_address"]),
            ("HOUSTON", "TX", "77063"),
        )
    };
    let destination = || {
        town(
            shipment.map(|s| &s["to_address"]),
            ("CHARLESTON", "SC", "29401"),
        )
    };
    match status {
        TrackingStatus::PreTransit | TrackingStatus::InTransit => origin(),
        TrackingStatus::OutForDelivery
        | TrackingStatus::Delivered
        | TrackingStatus::AvailableForPickup
        | TrackingStatus::ReturnToSender
        | TrackingStatus::Failure => destination(),
        TrackingStatus::Cancelled | TrackingStatus::Error | TrackingStatus::Unknown => json!({
            "object": "TrackingLocation", "city": null, "state": null, "country": null, "zip": null
        }),
    }
}

fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// See [`super::FakeEasyPost::advance_tracker`].
pub(super) fn advance(
    state: &mut FakeState,
    tracking_code: &str,
    status: TrackingStatus,
) -> Result<(), FakeError> {
    let no_tracker = || FakeError::NoTracker {
        tracking_code: tracking_code.to_owned(),
    };
    let id = state
        .tracker_ids
        .get(tracking_code)
        .cloned()
        .ok_or_else(no_tracker)?;
    let shipment_id = state
        .trackers
        .get(&id)
        .and_then(|t| t["shipment_id"].as_str())
        .map(str::to_owned);
    let location = scan_location(
        status,
        shipment_id.as_ref().and_then(|s| state.shipments.get(s)),
    );
    let tracker = state.trackers.get_mut(&id).ok_or_else(no_tracker)?;
    let previous = tracker["tracking_details"]
        .as_array()
        .and_then(|details| details.last())
        .and_then(|last| parse_time(&last["datetime"]))
        .or_else(|| parse_time(&tracker["created_at"]))
        .unwrap_or(DateTime::UNIX_EPOCH);
    let at = (previous + Duration::hours(6))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let detail = json!({
        "object": "TrackingDetail",
        "message": scan_message(status),
        "description": "",
        "status": status.code(),
        "status_detail": "status_update",
        "datetime": at,
        "source": tracker["carrier"].clone(),
        "carrier_code": "",
        "tracking_location": location,
        "est_delivery_date": null,
    });
    match tracker["tracking_details"].as_array_mut() {
        Some(details) => details.push(detail),
        None => tracker["tracking_details"] = json!([detail]),
    }
    tracker["status"] = json!(status.code());
    tracker["status_detail"] = json!("status_update");
    tracker["updated_at"] = json!(at);
    let tracker = tracker.clone();
    if let Some(shipment) = shipment_id.and_then(|s| state.shipments.get_mut(&s)) {
        shipment["tracker"] = tracker;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_usps_code_passes_the_check_the_fake_issues_codes_with() {
        let recorded = "9434600208303109842228";
        let (body, check) = recorded.split_at(21);
        assert_eq!(usps_check_digit(body).to_string(), check);
    }

    #[test]
    fn issued_codes_keep_the_recorded_shape_and_never_repeat() {
        let mut state = FakeState::default();
        let recorded = json!({ "tracking_code": "9434600208303109842228" });
        let first = issue_tracking_code(&mut state, &recorded);
        let second = issue_tracking_code(&mut state, &recorded);
        assert_eq!(first, "9434600208303000000017");
        assert_ne!(first, second);
        assert_eq!(second.len(), 22);
        assert!(second.starts_with("9434600208303"));
    }
}

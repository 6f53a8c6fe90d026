//! Shared set-up for the integration tests: a fake EasyPost, a client aimed at
//! it with a manual clock (back-off costs no real time), and sample requests.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use packdesk_carrier::clock::ManualClock;
use packdesk_carrier::fake::{FakeEasyPost, API_KEY};
use packdesk_carrier::{
    AddressInput, BreakerPolicy, EasyPostClient, EasyPostConfig, Parcel, RetryPolicy,
    ShipmentRequest,
};
use serde_json::Value;

pub const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/easypost"
);

pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(FIXTURES).join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

pub async fn fake() -> FakeEasyPost {
    FakeEasyPost::start(FIXTURES).await.unwrap()
}

pub fn config(fake: &FakeEasyPost, clock: &ManualClock) -> EasyPostConfig {
    EasyPostConfig {
        base_url: fake.base_url().to_owned(),
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(30),
        },
        breaker: BreakerPolicy {
            failure_threshold: 100,
            cool_down: Duration::from_secs(30),
        },
        clock: Arc::new(clock.clone()),
        ..EasyPostConfig::new(API_KEY)
    }
}

pub fn client_with(config: EasyPostConfig) -> EasyPostClient {
    EasyPostClient::new(config).unwrap()
}

/// A client for `fake` and the clock it sleeps on.
pub fn client(fake: &FakeEasyPost) -> (EasyPostClient, ManualClock) {
    let clock = ManualClock::new();
    (client_with(config(fake, &clock)), clock)
}

/// `ca_address_1` of EasyPost's client-library fixtures.
pub fn warehouse() -> AddressInput {
    address(&fixture("client-library-fixtures.json")["addresses"]["ca_address_1"])
}

/// `ca_address_2` of EasyPost's client-library fixtures.
pub fn customer() -> AddressInput {
    address(&fixture("client-library-fixtures.json")["addresses"]["ca_address_2"])
}

/// `incorrect` of EasyPost's client-library fixtures: fails verification.
pub fn unknown_street() -> AddressInput {
    address(&fixture("client-library-fixtures.json")["addresses"]["incorrect"])
}

fn address(json: &Value) -> AddressInput {
    let text = |key: &str| json[key].as_str().map(str::to_owned);
    AddressInput {
        name: text("name"),
        company: text("company"),
        street1: text("street1").unwrap(),
        street2: text("street2"),
        city: text("city").unwrap(),
        state: text("state"),
        zip: text("zip").unwrap(),
        country: text("country").unwrap(),
        phone: text("phone"),
        email: text("email"),
    }
}

/// The `basic` parcel of EasyPost's client-library fixtures: 10 × 8 × 4 in, 15.4 oz.
pub fn parcel() -> Parcel {
    Parcel {
        length_in: "10".parse().unwrap(),
        width_in: "8".parse().unwrap(),
        height_in: "4".parse().unwrap(),
        weight_oz: "15.4".parse().unwrap(),
    }
}

pub fn shipment_request() -> ShipmentRequest {
    ShipmentRequest {
        to: customer(),
        from: warehouse(),
        parcel: parcel(),
        reference: Some("PD-1042".to_owned()),
    }
}

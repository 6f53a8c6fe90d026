//! Shared set-up for the integration tests: a fake EasyPost, a client aimed at
//! it with a manual clock (back-off costs no real time), and sample requests.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use packdesk_carrier::clock::ManualClock;
use packdesk_carrier::fake::{FakeEasyPost, API_KEY};
use packdesk_carrier::{
    AddressInput, BreakerPolicy, Carrier, EasyPostClient, EasyPostConfig, Parcel, PurchasedLabel,
    RateChoice, RetryPolicy, ShipmentRequest,
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

/// A shipment created and bought at its cheapest rate.
pub async fn bought(client: &impl Carrier) -> PurchasedLabel {
    let shipment = client.create_shipment(&shipment_request()).await.unwrap();
    let rate = shipment.choose(&RateChoice::Cheapest).unwrap();
    client.buy(&shipment.id, &rate.id).await.unwrap()
}

/// Checks a PDF's file structure the way a reader finds its way in: header,
/// `startxref` pointing at the `xref` table, every entry pointing at the start
/// of its object, every stream's `/Length` matching its bytes, `%%EOF` last.
/// Returns the page objects' numbers in the page tree's order (`/Kids`).
pub fn check_pdf(pdf: &[u8]) -> Vec<usize> {
    let text = ascii(pdf);
    assert!(pdf.starts_with(b"%PDF-1."), "header");
    assert!(pdf.ends_with(b"%%EOF\n"), "trailer end");

    let startxref = text.rfind("startxref\n").expect("startxref");
    let xref_at: usize = text[startxref + 10..]
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        text[xref_at..].starts_with("xref\n0 "),
        "startxref points at the xref table"
    );
    let mut lines = text[xref_at..].lines().skip(1);
    let count: usize = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let entries: Vec<&str> = lines.take(count).collect();
    assert_eq!(entries[0], "0000000000 65535 f ");
    for (number, entry) in entries.iter().enumerate().skip(1) {
        assert_eq!(
            entry.len(),
            19,
            "entry {number} is 20 bytes with its newline"
        );
        let offset: usize = entry[..10].parse().unwrap();
        let header = format!("{number} 0 obj\n");
        assert!(
            text[offset..].starts_with(&header),
            "xref entry {number} points at {:?}",
            &text[offset..offset + 12]
        );
    }
    assert!(text.contains(&format!("/Size {count} ")), "trailer /Size");

    let mut searched = 0;
    while let Some(at) = text[searched..].find("/Length ") {
        let start = searched + at + 8;
        let length: usize = text[start..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let data = start + text[start..].find("stream\n").unwrap() + 7;
        assert!(
            text[data + length..].starts_with("\nendstream"),
            "stream at {data} is {length} bytes long"
        );
        searched = data + length;
    }

    let kids_at = text.find("/Kids [").expect("page tree") + 7;
    let kids = &text[kids_at..kids_at + text[kids_at..].find(']').unwrap()];
    let pages: Vec<usize> = kids
        .split(" 0 R")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(text.contains(&format!("/Count {}", pages.len())));
    assert_eq!(
        text.matches("/Type /Page ").count(),
        pages.len(),
        "one page object per kid"
    );
    pages
}

/// The text of object `number` of a PDF whose structure [`check_pdf`] passed.
pub fn pdf_object(pdf: &[u8], number: usize) -> String {
    let text = ascii(pdf);
    let start = text.find(&format!("\n{number} 0 obj\n")).unwrap() + 1;
    let end = start + text[start..].find("endobj").unwrap();
    text[start..end].to_owned()
}

/// The bytes as text, one character per byte (non-ASCII as `?`), so that
/// offsets in the text are byte offsets in the file.
fn ascii(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| if b.is_ascii() { char::from(b) } else { '?' })
        .collect()
}

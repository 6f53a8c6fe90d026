//! EasyPost's v2 JSON, as it comes off the wire, and its mapping into our types.
//!
//! Wire structs accept what EasyPost actually sends (most fields nullable,
//! unknown fields ignored) and are never shown outside this module; the
//! mapping functions are where a surprise becomes [`CarrierError::Malformed`]
//! instead of a panic or a wrong number.

use std::time::Duration;

use chrono::{DateTime, Utc};
use packdesk_domain::money::Minor;
use packdesk_domain::Currency;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::CarrierError;
use crate::model::{
    AddressInput, Batch, BatchShipment, BatchShipmentStatus, BatchState, CarrierMessage,
    FieldError, LabelFormat, LabelRef, Money, Parcel, PurchasedLabel, Rate, RefundStatus, Shipment,
    ShipmentRequest, Tenths, Tracker, TrackingEvent, TrackingStatus, VerifiedAddress,
};

// ---- requests ----------------------------------------------------------------

#[derive(Debug, Serialize)]
pub(crate) struct AddressBody<'a> {
    address: WireAddressIn<'a>,
}

impl<'a> AddressBody<'a> {
    pub(crate) fn new(address: &'a AddressInput) -> Self {
        AddressBody {
            address: WireAddressIn::from(address),
        }
    }
}

#[derive(Debug, Serialize)]
struct WireAddressIn<'a> {
    name: Option<&'a str>,
    company: Option<&'a str>,
    street1: &'a str,
    street2: Option<&'a str>,
    city: &'a str,
    state: Option<&'a str>,
    zip: &'a str,
    country: &'a str,
    phone: Option<&'a str>,
    email: Option<&'a str>,
}

impl<'a> From<&'a AddressInput> for WireAddressIn<'a> {
    fn from(a: &'a AddressInput) -> Self {
        WireAddressIn {
            name: a.name.as_deref(),
            company: a.company.as_deref(),
            street1: &a.street1,
            street2: a.street2.as_deref(),
            city: &a.city,
            state: a.state.as_deref(),
            zip: &a.zip,
            country: &a.country,
            phone: a.phone.as_deref(),
            email: a.email.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ShipmentBody<'a> {
    shipment: WireShipmentIn<'a>,
}

#[derive(Debug, Serialize)]
struct WireShipmentIn<'a> {
    to_address: WireAddressIn<'a>,
    from_address: WireAddressIn<'a>,
    parcel: WireParcelIn,
    reference: Option<&'a str>,
}

/// EasyPost wants JSON numbers here. Tenths become a float only at this edge,
/// and `n / 10.0` prints as exactly the decimal we hold (`154` → `15.4`).
#[derive(Debug, Serialize)]
struct WireParcelIn {
    length: f64,
    width: f64,
    height: f64,
    weight: f64,
}

fn wire_decimal(value: Tenths) -> f64 {
    f64::from(value.0) / 10.0
}

impl From<&Parcel> for WireParcelIn {
    fn from(p: &Parcel) -> Self {
        WireParcelIn {
            length: wire_decimal(p.length_in),
            width: wire_decimal(p.width_in),
            height: wire_decimal(p.height_in),
            weight: wire_decimal(p.weight_oz),
        }
    }
}

impl<'a> ShipmentBody<'a> {
    pub(crate) fn new(request: &'a ShipmentRequest) -> Self {
        ShipmentBody {
            shipment: WireShipmentIn {
                to_address: WireAddressIn::from(&request.to),
                from_address: WireAddressIn::from(&request.from),
                parcel: WireParcelIn::from(&request.parcel),
                reference: request.reference.as_deref(),
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct BuyBody<'a> {
    rate: IdIn<'a>,
}

#[derive(Debug, Serialize)]
struct IdIn<'a> {
    id: &'a str,
}

impl<'a> BuyBody<'a> {
    pub(crate) fn new(rate_id: &'a str) -> Self {
        BuyBody {
            rate: IdIn { id: rate_id },
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct TrackerBody<'a> {
    tracker: TrackerIn<'a>,
}

#[derive(Debug, Serialize)]
struct TrackerIn<'a> {
    tracking_code: &'a str,
    carrier: &'a str,
}

impl<'a> TrackerBody<'a> {
    pub(crate) fn new(tracking_code: &'a str, carrier: &'a str) -> Self {
        TrackerBody {
            tracker: TrackerIn {
                tracking_code,
                carrier,
            },
        }
    }
}

/// `{"batch": {"shipments": [{"id": "shp_…"}, …]}}`: existing shipments are
/// referred to by id only, so EasyPost adds them as they are (bought or not).
#[derive(Debug, Serialize)]
pub(crate) struct BatchBody<'a> {
    batch: BatchIn<'a>,
}

#[derive(Debug, Serialize)]
struct BatchIn<'a> {
    shipments: Vec<IdIn<'a>>,
}

impl<'a> BatchBody<'a> {
    pub(crate) fn new(shipment_ids: &'a [String]) -> Self {
        BatchBody {
            batch: BatchIn {
                shipments: shipment_ids.iter().map(|id| IdIn { id }).collect(),
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct BatchLabelBody {
    file_format: &'static str,
}

impl BatchLabelBody {
    pub(crate) fn new(format: LabelFormat) -> Self {
        BatchLabelBody {
            file_format: format.code(),
        }
    }
}

// ---- responses ---------------------------------------------------------------

/// Parses a success body, naming what we expected if it does not fit.
pub(crate) fn decode<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, CarrierError> {
    serde_json::from_slice(body).map_err(|e| CarrierError::Malformed(format!("{what}: {e}")))
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddressEnvelope {
    address: WireAddress,
}

#[derive(Debug, Deserialize)]
struct WireAddress {
    id: String,
    name: Option<String>,
    company: Option<String>,
    street1: Option<String>,
    street2: Option<String>,
    city: Option<String>,
    state: Option<String>,
    zip: Option<String>,
    country: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    residential: Option<bool>,
    verifications: Option<WireVerifications>,
}

#[derive(Debug, Deserialize)]
struct WireVerifications {
    zip4: Option<WireVerification>,
    delivery: Option<WireVerification>,
}

#[derive(Debug, Deserialize)]
struct WireVerification {
    success: bool,
    #[serde(default)]
    errors: Vec<WireFieldError>,
}

/// EasyPost's `errors` items are objects on most endpoints and bare strings on a few.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireFieldError {
    Field {
        field: Option<String>,
        message: String,
        suggestion: Option<String>,
    },
    Text(String),
}

impl From<WireFieldError> for FieldError {
    fn from(e: WireFieldError) -> Self {
        match e {
            WireFieldError::Field {
                field,
                message,
                suggestion,
            } => FieldError {
                field: field.unwrap_or_default(),
                message,
                suggestion,
            },
            WireFieldError::Text(message) => FieldError {
                field: String::new(),
                message,
                suggestion: None,
            },
        }
    }
}

impl AddressEnvelope {
    /// Failed checks are kept once each (ZIP+4 and delivery often report the
    /// same problem). The address is delivery-verified only if `delivery` said so.
    pub(crate) fn into_verified(self) -> VerifiedAddress {
        let a = self.address;
        let checks = a
            .verifications
            .map(|v| [v.delivery, v.zip4])
            .unwrap_or_default();
        let deliverable = checks[0].as_ref().is_some_and(|d| d.success);
        let mut warnings: Vec<FieldError> = Vec::new();
        for error in checks.into_iter().flatten().flat_map(|c| c.errors) {
            let error = FieldError::from(error);
            if !warnings.contains(&error) {
                warnings.push(error);
            }
        }
        VerifiedAddress {
            id: a.id,
            address: AddressInput {
                name: a.name,
                company: a.company,
                street1: a.street1.unwrap_or_default(),
                street2: a.street2.filter(|s| !s.is_empty()),
                city: a.city.unwrap_or_default(),
                state: a.state,
                zip: a.zip.unwrap_or_default(),
                country: a.country.unwrap_or_default(),
                phone: a.phone,
                email: a.email,
            },
            residential: a.residential,
            deliverable,
            warnings,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireShipment {
    id: String,
    #[serde(default)]
    rates: Vec<WireRate>,
    #[serde(default)]
    messages: Vec<WireMessage>,
    tracking_code: Option<String>,
    postage_label: Option<WirePostageLabel>,
    selected_rate: Option<WireRate>,
    refund_status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireRate {
    id: String,
    carrier: String,
    service: String,
    rate: String,
    currency: String,
    delivery_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct WireMessage {
    carrier: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    message: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct WirePostageLabel {
    label_file_type: Option<String>,
    label_url: Option<String>,
    label_pdf_url: Option<String>,
    label_zpl_url: Option<String>,
}

/// EasyPost money is decimal text, sometimes with more places than the currency
/// has (fees come as `"8.20000"`). Extra zeros are dropped; extra non-zero
/// digits are refused rather than rounded.
fn parse_money(amount: &str, currency: &str) -> Result<Money, String> {
    let currency: Currency = currency
        .parse()
        .map_err(|e| format!("currency {currency:?} {e}"))?;
    let exponent = usize::from(currency.exponent());
    let trimmed = match amount.split_once('.') {
        Some((whole, fraction))
            if fraction.len() > exponent
                && fraction.bytes().all(|b| b.is_ascii_digit())
                && fraction.as_bytes()[exponent..].iter().all(|b| *b == b'0') =>
        {
            let kept = &amount[..whole.len() + 1 + exponent];
            kept.strip_suffix('.').unwrap_or(kept)
        }
        _ => amount,
    };
    let minor: Minor = currency
        .parse_amount(trimmed)
        .map_err(|e| format!("amount {amount:?} {e}"))?;
    Ok(Money { minor, currency })
}

impl WireRate {
    fn into_rate(self) -> Result<Rate, String> {
        let cost = parse_money(&self.rate, &self.currency)?;
        Ok(Rate {
            id: self.id,
            carrier: self.carrier,
            service: self.service,
            cost,
            delivery_days: self.delivery_days,
        })
    }
}

impl WireMessage {
    fn into_message(self) -> CarrierMessage {
        let message = match self.message {
            Some(serde_json::Value::String(text)) => text,
            Some(other) => other.to_string(),
            None => String::new(),
        };
        CarrierMessage {
            carrier: self.carrier.unwrap_or_default(),
            kind: self.kind.unwrap_or_default(),
            message,
        }
    }
}

impl WireShipment {
    /// A rate we cannot price exactly (unknown currency, odd amount) is left out
    /// and explained in `messages`: one odd carrier must not block the others.
    pub(crate) fn into_shipment(self) -> Shipment {
        let mut messages: Vec<CarrierMessage> = self
            .messages
            .into_iter()
            .map(WireMessage::into_message)
            .collect();
        let mut rates = Vec::with_capacity(self.rates.len());
        for wire in self.rates {
            let carrier = wire.carrier.clone();
            match wire.into_rate() {
                Ok(rate) => rates.push(rate),
                Err(problem) => messages.push(CarrierMessage {
                    carrier,
                    kind: "unreadable_rate".to_owned(),
                    message: format!("rate left out: {problem}"),
                }),
            }
        }
        Shipment {
            id: self.id,
            rates,
            messages,
        }
    }

    /// The purchase this shipment already carries, if postage was bought.
    pub(crate) fn purchase(self) -> Result<Option<PurchasedLabel>, CarrierError> {
        let (Some(tracking_code), Some(label), Some(rate)) =
            (self.tracking_code, self.postage_label, self.selected_rate)
        else {
            return Ok(None);
        };
        let format = label
            .label_file_type
            .as_deref()
            .and_then(format_of_file_type)
            .unwrap_or(LabelFormat::Png);
        let url = label.label_url.ok_or_else(|| {
            CarrierError::Malformed("bought shipment has no label_url".to_owned())
        })?;
        let cost = parse_money(&rate.rate, &rate.currency).map_err(CarrierError::Malformed)?;
        Ok(Some(PurchasedLabel {
            shipment_id: self.id,
            rate_id: rate.id,
            tracking_code,
            carrier: rate.carrier,
            service: rate.service,
            cost,
            label: LabelRef { format, url },
        }))
    }

    /// The URL of the label in `format`, after `GET …/label?file_format=` made it.
    pub(crate) fn label(self, format: LabelFormat) -> Result<LabelRef, CarrierError> {
        let label = self
            .postage_label
            .ok_or_else(|| CarrierError::Malformed("shipment has no postage_label".to_owned()))?;
        let primary = label.label_url.filter(|_| {
            label
                .label_file_type
                .as_deref()
                .and_then(format_of_file_type)
                == Some(format)
        });
        let url = match format {
            LabelFormat::Png => primary,
            LabelFormat::Pdf => label.label_pdf_url.or(primary),
            LabelFormat::Zpl => label.label_zpl_url.or(primary),
        };
        url.map(|url| LabelRef { format, url }).ok_or_else(|| {
            CarrierError::Malformed(format!("no {} label URL in the reply", format.code()))
        })
    }

    pub(crate) fn refund_status(self) -> Result<RefundStatus, CarrierError> {
        match self.refund_status.as_deref() {
            Some("submitted") => Ok(RefundStatus::Submitted),
            Some("refunded") => Ok(RefundStatus::Refunded),
            Some("rejected") => Ok(RefundStatus::Rejected),
            Some("not_applicable") => Ok(RefundStatus::NotApplicable),
            other => Err(CarrierError::Malformed(format!("refund_status {other:?}"))),
        }
    }
}

fn format_of_file_type(mime: &str) -> Option<LabelFormat> {
    match mime {
        "image/png" => Some(LabelFormat::Png),
        "application/pdf" => Some(LabelFormat::Pdf),
        "application/zpl" => Some(LabelFormat::Zpl),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireTracker {
    id: String,
    tracking_code: String,
    carrier: Option<String>,
    status: String,
    est_delivery_date: Option<DateTime<Utc>>,
    #[serde(default)]
    tracking_details: Vec<WireTrackingDetail>,
}

#[derive(Debug, Deserialize)]
struct WireTrackingDetail {
    status: String,
    message: Option<String>,
    datetime: Option<DateTime<Utc>>,
    tracking_location: Option<WireLocation>,
}

#[derive(Debug, Deserialize)]
struct WireLocation {
    city: Option<String>,
    state: Option<String>,
    zip: Option<String>,
}

impl WireLocation {
    /// `HOUSTON, TX 77063`; `None` when the carrier gave no part of it.
    fn describe(self) -> Option<String> {
        let place = [self.city, self.state]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let text = [Some(place), self.zip]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!text.is_empty()).then_some(text)
    }
}

impl WireTracker {
    pub(crate) fn into_tracker(self) -> Tracker {
        Tracker {
            id: self.id,
            tracking_code: self.tracking_code,
            carrier: self.carrier.unwrap_or_default(),
            status: TrackingStatus::from_code(&self.status),
            est_delivery: self.est_delivery_date,
            details: self
                .tracking_details
                .into_iter()
                .map(|d| TrackingEvent {
                    status: TrackingStatus::from_code(&d.status),
                    message: d.message.unwrap_or_default(),
                    at: d.datetime,
                    location: d.tracking_location.and_then(WireLocation::describe),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireBatch {
    id: String,
    state: String,
    #[serde(default)]
    shipments: Vec<WireBatchShipment>,
    label_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireBatchShipment {
    id: String,
    batch_status: Option<String>,
    batch_message: Option<String>,
    tracking_code: Option<String>,
}

impl WireBatch {
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn state(&self) -> BatchState {
        BatchState::from_code(&self.state)
    }

    /// The combined label once it exists: EasyPost leaves `label_url` empty
    /// while it is `label_generating`, and a URL seen then could be an older
    /// file, so only a `label_generated` batch counts as labelled.
    pub(crate) fn label_url(&self) -> Option<&str> {
        self.label_url
            .as_deref()
            .filter(|url| !url.is_empty() && self.state() == BatchState::LabelGenerated)
    }

    /// The combined label file, checked against the format asked for: a PDF
    /// sent to a ZPL printer prints garbage, so a mismatch is refused here.
    pub(crate) fn label(&self, format: LabelFormat) -> Result<LabelRef, CarrierError> {
        let url = self.label_url().ok_or_else(|| {
            CarrierError::Malformed("generated batch has no label_url".to_owned())
        })?;
        match format_of_url(url) {
            Some(found) if found != format => Err(CarrierError::Malformed(format!(
                "asked for a {} batch label, got {url}",
                format.code()
            ))),
            _ => Ok(LabelRef {
                format,
                url: url.to_owned(),
            }),
        }
    }

    /// A batch's `label_url` carries no file type, so the format is read off
    /// the file name; EasyPost's batch default, PDF, when the name says nothing.
    pub(crate) fn into_batch(self) -> Batch {
        let label = self.label_url().map(|url| LabelRef {
            format: format_of_url(url).unwrap_or(LabelFormat::Pdf),
            url: url.to_owned(),
        });
        Batch {
            id: self.id,
            state: BatchState::from_code(&self.state),
            shipments: self
                .shipments
                .into_iter()
                .map(|s| BatchShipment {
                    shipment_id: s.id,
                    status: BatchShipmentStatus::from_code(s.batch_status.as_deref().unwrap_or("")),
                    message: s.batch_message.filter(|m| !m.is_empty()),
                    tracking_code: s.tracking_code.filter(|c| !c.is_empty()),
                })
                .collect(),
            label,
        }
    }
}

/// The label format a file URL names by its extension (query string ignored).
fn format_of_url(url: &str) -> Option<LabelFormat> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let (_, extension) = path.rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
        "png" => Some(LabelFormat::Png),
        "pdf" => Some(LabelFormat::Pdf),
        "zpl" => Some(LabelFormat::Zpl),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
struct ErrorEnvelope {
    error: WireError,
}

#[derive(Debug, Deserialize)]
struct WireError {
    code: Option<String>,
    message: Option<String>,
    #[serde(default)]
    errors: Vec<WireFieldError>,
}

/// Maps a non-2xx reply. The body is only used for 4xx detail; a body that is
/// not EasyPost's error shape still yields an error with the HTTP status.
pub(crate) fn error_from_reply(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
) -> CarrierError {
    match status {
        401 => CarrierError::Unauthorized,
        429 => CarrierError::RateLimited { retry_after },
        500..=599 => CarrierError::Server { status },
        _ => {
            let detail = serde_json::from_slice::<ErrorEnvelope>(body)
                .ok()
                .map(|e| e.error);
            let (code, message, errors) = match detail {
                Some(e) => (e.code, e.message, e.errors),
                None => (None, None, Vec::new()),
            };
            CarrierError::Invalid {
                status,
                code: code.unwrap_or_default(),
                message: message.unwrap_or_else(|| format!("HTTP {status}")),
                errors: errors.into_iter().map(FieldError::from).collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn money_keeps_exact_minor_units() {
        let usd = |minor| {
            Ok(Money {
                minor,
                currency: Currency::USD,
            })
        };
        assert_eq!(parse_money("8.20", "USD"), usd(820));
        assert_eq!(parse_money("8.20000", "USD"), usd(820));
        assert_eq!(parse_money("8", "USD"), usd(800));
        assert!(parse_money("8.205", "USD").is_err());
        assert!(parse_money("8.20", "XXX").is_err());
        assert!(parse_money("-1.00", "USD").is_err());
        assert!(parse_money("8.2.0", "USD").is_err());
    }

    #[test]
    fn a_batch_label_format_is_read_off_the_file_name() {
        assert_eq!(
            format_of_url("https://f/x/batch_1.pdf"),
            Some(LabelFormat::Pdf)
        );
        assert_eq!(
            format_of_url("https://f/x/batch_1.ZPL?sig=a.b"),
            Some(LabelFormat::Zpl)
        );
        assert_eq!(format_of_url("https://f/x/batch_1.epl2"), None);
        assert_eq!(format_of_url("https://f/x/batch_1"), None);
    }

    #[test]
    fn a_batch_label_of_another_format_than_asked_is_refused() {
        let batch: WireBatch = decode(
            "batch",
            br#"{"id":"batch_1","state":"label_generated","label_url":"http://f/batch_1.pdf"}"#,
        )
        .unwrap();
        assert!(matches!(
            batch.label(LabelFormat::Zpl),
            Err(CarrierError::Malformed(_))
        ));
        assert_eq!(
            batch.label(LabelFormat::Pdf).map(|l| l.url),
            Ok("http://f/batch_1.pdf".to_owned())
        );
    }

    #[test]
    fn a_url_left_over_while_generating_is_not_the_label() {
        let batch: WireBatch = decode(
            "batch",
            br#"{"id":"batch_1","state":"label_generating","label_url":"http://f/old.pdf"}"#,
        )
        .unwrap();
        assert_eq!(batch.into_batch().label, None);
    }

    fn read_everything(status: u16, body: &[u8]) {
        let _ = error_from_reply(status, None, body);
        if let Ok(shipment) = decode::<WireShipment>("shipment", body) {
            let _ = shipment.into_shipment();
        }
        if let Ok(shipment) = decode::<WireShipment>("shipment", body) {
            let _ = shipment.purchase();
        }
        for format in [LabelFormat::Png, LabelFormat::Pdf, LabelFormat::Zpl] {
            if let Ok(shipment) = decode::<WireShipment>("shipment", body) {
                let _ = shipment.label(format);
            }
        }
        if let Ok(shipment) = decode::<WireShipment>("shipment", body) {
            let _ = shipment.refund_status();
        }
        if let Ok(address) = decode::<AddressEnvelope>("address", body) {
            let _ = address.into_verified();
        }
        if let Ok(tracker) = decode::<WireTracker>("tracker", body) {
            let _ = tracker.into_tracker();
        }
        if let Ok(batch) = decode::<WireBatch>("batch", body) {
            let _ = batch.label(LabelFormat::Zpl);
            let _ = batch.into_batch();
        }
    }

    const BOUGHT: &str = r#"{"id":"shp_1","tracking_code":"9400","rates":[{"id":"rate_1","carrier":"USPS",
        "service":"Priority","rate":"11.01","currency":"USD","delivery_days":2}],"messages":[],
        "selected_rate":{"id":"rate_1","carrier":"USPS","service":"Priority","rate":"11.01","currency":"USD"},
        "postage_label":{"label_file_type":"image/png","label_url":"http://x/l.png"},"refund_status":null,
        "error":{"code":"E","message":"m","errors":[{"field":"zip","message":"bad"},"text"]},
        "address":{"id":"adr_1","verifications":{"delivery":{"success":false,"errors":[]}}},
        "status":"in_transit","tracking_details":[{"status":"delivered","datetime":"2025-04-10T09:17:17Z"}]}"#;

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..512)) {
            read_everything(status, &body);
        }

        #[test]
        fn damaged_replies_never_panic(cut in 0..BOUGHT.len(), at in 0..BOUGHT.len(), byte in any::<u8>()) {
            let mut body = BOUGHT.as_bytes().to_vec();
            body[at] = byte;
            body.truncate(cut.max(at + 1));
            read_everything(422, &body);
            read_everything(200, &BOUGHT.as_bytes()[..cut]);
        }
    }
}

//! Carrier-neutral types the desk and UI see. EasyPost's wire format lives in
//! `easypost::wire` and is mapped into these, so a second carrier (Shippo,
//! ShipEngine) only has to produce the same shapes.
//!
//! No floats: money is [`Money`] (integer minor units), sizes and weights are
//! [`Tenths`] (integer tenths of an inch or an ounce).

use std::fmt;

use chrono::{DateTime, Utc};
use packdesk_domain::money::Minor;
use packdesk_domain::Currency;
use serde::{Deserialize, Serialize};

/// An address as the desk knows it, before or after a carrier checked it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    pub name: Option<String>,
    pub company: Option<String>,
    pub street1: String,
    pub street2: Option<String>,
    pub city: String,
    pub state: Option<String>,
    pub zip: String,
    /// ISO 3166 alpha-2, e.g. `US`.
    pub country: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One problem a carrier found with one field, with its suggested fix if it gave one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub suggestion: Option<String>,
}

/// The carrier's normalised form of an address. `deliverable` is the carrier's
/// delivery check; `warnings` lists every check that failed (e.g. no ZIP+4
/// found), so the UI can show them and let the user decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedAddress {
    pub id: String,
    pub address: AddressInput,
    pub residential: Option<bool>,
    pub deliverable: bool,
    pub warnings: Vec<FieldError>,
}

/// Sizes and parcels are the domain's: the desk hands the carrier the very
/// `Parcel` the packer entered (inches and ounces in integer tenths).
pub use packdesk_domain::shipping::{Parcel, Tenths, TenthsError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentRequest {
    pub to: AddressInput,
    pub from: AddressInput,
    pub parcel: Parcel,
    /// Our order number, echoed by the carrier so its dashboard can be searched by it.
    pub reference: Option<String>,
}

/// An amount in integer minor units of `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: Minor,
    pub currency: Currency,
}

/// A price one carrier quoted for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub id: String,
    pub carrier: String,
    pub service: String,
    pub cost: Money,
    /// Business days in transit when the carrier says; many services do not.
    pub delivery_days: Option<u32>,
}

/// Why a carrier gave no rate (bad credentials, parcel too heavy, no service to
/// that country…). Shown to the user when there is nothing to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierMessage {
    pub carrier: String,
    pub kind: String,
    pub message: String,
}

impl fmt::Display for CarrierMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.carrier, self.message)
    }
}

/// A carrier-side shipment: the rates to choose from and the carriers' remarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub id: String,
    pub rates: Vec<Rate>,
    pub messages: Vec<CarrierMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelFormat {
    Png,
    Pdf,
    Zpl,
}

impl LabelFormat {
    /// The spelling EasyPost's `file_format` parameter wants.
    pub fn code(self) -> &'static str {
        match self {
            LabelFormat::Png => "PNG",
            LabelFormat::Pdf => "PDF",
            LabelFormat::Zpl => "ZPL",
        }
    }
}

/// Where a label file can be downloaded from (the carrier's file store, not its API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelRef {
    pub format: LabelFormat,
    pub url: String,
}

/// The result of buying postage: what the desk records against the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchasedLabel {
    pub shipment_id: String,
    /// The rate actually bought. After a retried or repeated `buy` this is the
    /// purchase that exists, which the desk should compare with the rate it asked for.
    pub rate_id: String,
    pub tracking_code: String,
    pub carrier: String,
    pub service: String,
    pub cost: Money,
    pub label: LabelRef,
}

/// EasyPost's tracker statuses, which Shippo and ShipEngine map onto closely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrackingStatus {
    Unknown,
    PreTransit,
    InTransit,
    OutForDelivery,
    Delivered,
    AvailableForPickup,
    ReturnToSender,
    Failure,
    Cancelled,
    Error,
}

impl TrackingStatus {
    /// Unrecognised codes become `Unknown`: a carrier adding a status must not
    /// make a whole tracker unreadable.
    pub fn from_code(code: &str) -> TrackingStatus {
        match code {
            "pre_transit" => TrackingStatus::PreTransit,
            "in_transit" => TrackingStatus::InTransit,
            "out_for_delivery" => TrackingStatus::OutForDelivery,
            "delivered" => TrackingStatus::Delivered,
            "available_for_pickup" => TrackingStatus::AvailableForPickup,
            "return_to_sender" => TrackingStatus::ReturnToSender,
            "failure" => TrackingStatus::Failure,
            "cancelled" => TrackingStatus::Cancelled,
            "error" => TrackingStatus::Error,
            _ => TrackingStatus::Unknown,
        }
    }

    /// EasyPost's spelling, the inverse of [`TrackingStatus::from_code`].
    pub fn code(self) -> &'static str {
        match self {
            TrackingStatus::Unknown => "unknown",
            TrackingStatus::PreTransit => "pre_transit",
            TrackingStatus::InTransit => "in_transit",
            TrackingStatus::OutForDelivery => "out_for_delivery",
            TrackingStatus::Delivered => "delivered",
            TrackingStatus::AvailableForPickup => "available_for_pickup",
            TrackingStatus::ReturnToSender => "return_to_sender",
            TrackingStatus::Failure => "failure",
            TrackingStatus::Cancelled => "cancelled",
            TrackingStatus::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub status: TrackingStatus,
    pub message: String,
    pub at: Option<DateTime<Utc>>,
    /// `CITY, ST ZIP` as far as the carrier gave it.
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    pub id: String,
    pub tracking_code: String,
    pub carrier: String,
    pub status: TrackingStatus,
    pub est_delivery: Option<DateTime<Utc>>,
    pub details: Vec<TrackingEvent>,
}

/// Where a carrier-side batch stands. EasyPost works on batches in the
/// background, so a batch passes through `Creating` and `LabelGenerating`
/// before the desk can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BatchState {
    Creating,
    CreationFailed,
    Created,
    Purchasing,
    PurchaseFailed,
    Purchased,
    LabelGenerating,
    LabelGenerated,
    /// A state this build does not know: a carrier adding one must not make
    /// the whole batch unreadable.
    Unknown,
}

impl BatchState {
    pub fn from_code(code: &str) -> BatchState {
        match code {
            "creating" => BatchState::Creating,
            "creation_failed" => BatchState::CreationFailed,
            "created" => BatchState::Created,
            "purchasing" => BatchState::Purchasing,
            "purchase_failed" => BatchState::PurchaseFailed,
            "purchased" => BatchState::Purchased,
            "label_generating" => BatchState::LabelGenerating,
            "label_generated" => BatchState::LabelGenerated,
            _ => BatchState::Unknown,
        }
    }
}

/// How one shipment fared inside a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BatchShipmentStatus {
    Created,
    QueuedForPurchase,
    CreationFailed,
    PostagePurchased,
    PostagePurchaseFailed,
    /// Unrecognised, for the same reason as [`BatchState::Unknown`].
    Unknown,
}

impl BatchShipmentStatus {
    pub fn from_code(code: &str) -> BatchShipmentStatus {
        match code {
            "created" => BatchShipmentStatus::Created,
            "queued_for_purchase" => BatchShipmentStatus::QueuedForPurchase,
            "creation_failed" => BatchShipmentStatus::CreationFailed,
            "postage_purchased" => BatchShipmentStatus::PostagePurchased,
            "postage_purchase_failed" => BatchShipmentStatus::PostagePurchaseFailed,
            _ => BatchShipmentStatus::Unknown,
        }
    }
}

/// One shipment of a batch, in the batch's order (which is the order the
/// combined label file prints in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchShipment {
    pub shipment_id: String,
    pub status: BatchShipmentStatus,
    /// The carrier's reason when this shipment failed inside the batch.
    pub message: Option<String>,
    /// Known once the shipment has postage.
    pub tracking_code: Option<String>,
}

/// A group of bought shipments the carrier prints as one label file, so a
/// morning's labels go to the printer as one job instead of fifty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub id: String,
    pub state: BatchState,
    pub shipments: Vec<BatchShipment>,
    /// The combined label file, once the carrier has generated one.
    pub label: Option<LabelRef>,
}

/// Where a label refund stands. Carriers refund asynchronously: `Submitted` is
/// the normal answer to a refund request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefundStatus {
    Submitted,
    Refunded,
    Rejected,
    NotApplicable,
}

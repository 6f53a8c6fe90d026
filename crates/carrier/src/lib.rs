//! Carrier APIs behind one trait: address checks, rates, labels, batches of
//! labels printed as one file, trackers and refunds. EasyPost first; Shippo or
//! ShipEngine implement the same [`Carrier`].
//!
//! The desk sees only the types in [`model`]: money in integer minor units,
//! sizes in integer tenths, typed [`CarrierError`]s. Every call goes through
//! retries with jittered back-off and a circuit breaker, so a slow or dead
//! carrier costs the packing screen seconds, not minutes; and `buy` never pays
//! twice for one shipment.
//!
//! With the `fake` feature, [`fake::FakeEasyPost`] is a local EasyPost
//! look-alike for tests.

mod breaker;
mod carrier;
mod choice;
pub mod clock;
mod easypost;
mod error;
pub mod model;
mod poll;
mod retry;

#[cfg(feature = "fake")]
pub mod fake;

pub use breaker::{BreakerPolicy, BreakerState};
pub use carrier::{Carrier, CarrierFuture};
pub use choice::{NoRate, RateChoice};
pub use easypost::{EasyPostClient, EasyPostConfig};
pub use error::CarrierError;
pub use model::{
    AddressInput, Batch, BatchShipment, BatchShipmentStatus, BatchState, CarrierMessage,
    FieldError, LabelFormat, LabelRef, Money, Parcel, PurchasedLabel, Rate, RefundStatus, Shipment,
    ShipmentRequest, Tenths, Tracker, TrackingEvent, TrackingStatus, VerifiedAddress,
};
pub use poll::PollPolicy;
pub use retry::RetryPolicy;

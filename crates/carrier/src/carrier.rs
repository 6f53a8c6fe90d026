//! The one interface the desk talks to, whichever carrier API is behind it.

use std::future::Future;
use std::pin::Pin;

use crate::error::CarrierError;
use crate::model::{
    AddressInput, LabelFormat, LabelRef, PurchasedLabel, RefundStatus, Shipment, ShipmentRequest,
    Tracker, VerifiedAddress,
};

/// A boxed, `Send` future of a carrier call.
pub type CarrierFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CarrierError>> + Send + 'a>>;

/// A shipping API: EasyPost now, Shippo or ShipEngine later.
///
/// Methods return boxed futures rather than being `async fn` because:
/// * the desk picks the carrier from settings at run time, so it holds a
///   `Box<dyn Carrier>` / `Arc<dyn Carrier>`, and `async fn` in traits is not
///   dyn-compatible;
/// * Tauri runs commands on a multi-threaded runtime, so the futures must be
///   `Send`, which `async fn` in a trait cannot promise to generic callers.
///
/// One allocation per network call is noise next to the call itself.
pub trait Carrier: Send + Sync {
    /// Checks and normalises an address. An address the carrier cannot verify
    /// is [`CarrierError::Invalid`] with the carrier's per-field errors.
    fn verify_address<'a>(
        &'a self,
        address: &'a AddressInput,
    ) -> CarrierFuture<'a, VerifiedAddress>;

    /// Creates a shipment and returns its rates. No rates is not an error here
    /// (the carriers' `messages` say why); [`Shipment::choose`] turns it into one.
    fn create_shipment<'a>(&'a self, request: &'a ShipmentRequest) -> CarrierFuture<'a, Shipment>;

    /// Buys postage for `rate_id`, and never twice for one shipment: safe to
    /// call again after a timeout, a dropped connection or a crash. When the
    /// shipment already has postage, that purchase is returned instead of
    /// buying again, so the label may be for another rate than `rate_id`
    /// (compare [`PurchasedLabel::rate_id`]). The desk journals the purchase
    /// before and after this call; that journal is not this crate's job.
    fn buy<'a>(
        &'a self,
        shipment_id: &'a str,
        rate_id: &'a str,
    ) -> CarrierFuture<'a, PurchasedLabel>;

    /// The label of a bought shipment in `format`, converting it if needed.
    fn label<'a>(
        &'a self,
        shipment_id: &'a str,
        format: LabelFormat,
    ) -> CarrierFuture<'a, LabelRef>;

    /// The label file's bytes, ready for the printer.
    fn download_label<'a>(&'a self, label: &'a LabelRef) -> CarrierFuture<'a, Vec<u8>>;

    fn create_tracker<'a>(
        &'a self,
        tracking_code: &'a str,
        carrier: &'a str,
    ) -> CarrierFuture<'a, Tracker>;

    /// Asks for the postage of a bought, unused label back.
    fn refund<'a>(&'a self, shipment_id: &'a str) -> CarrierFuture<'a, RefundStatus>;
}

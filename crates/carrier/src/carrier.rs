//! The one interface the desk talks to, whichever carrier API is behind it.

use std::future::Future;
use std::pin::Pin;

use crate::error::CarrierError;
use crate::model::{
    AddressInput, Batch, LabelFormat, LabelRef, PurchasedLabel, RefundStatus, Shipment,
    ShipmentRequest, Tracker, VerifiedAddress,
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

    /// Starts tracking a parcel. Carriers de-duplicate by code and carrier, so
    /// asking twice gives the same tracker.
    fn create_tracker<'a>(
        &'a self,
        tracking_code: &'a str,
        carrier: &'a str,
    ) -> CarrierFuture<'a, Tracker>;

    /// The tracker as it stands now, its events oldest first: how the desk
    /// notices a parcel went out for delivery or arrived.
    fn retrieve_tracker<'a>(&'a self, tracker_id: &'a str) -> CarrierFuture<'a, Tracker>;

    /// Asks for the postage of a bought, unused label back.
    fn refund<'a>(&'a self, shipment_id: &'a str) -> CarrierFuture<'a, RefundStatus>;

    /// Groups shipments, in this order, so their labels can be fetched as one
    /// file. The desk buys each shipment itself first (through [`Carrier::buy`],
    /// which never pays twice), so batches here are for printing, not buying.
    ///
    /// Carriers build batches in the background; this waits (bounded, see
    /// [`crate::PollPolicy`]) until the batch is built, so the returned batch
    /// lists its shipments with their per-shipment status (a batch the
    /// carrier could not build comes back as `CreationFailed`, with its
    /// reasons in the shipments' `message`). A shipment the carrier does not
    /// know is [`CarrierError::Invalid`] naming it. Retrying after a lost
    /// reply may leave an extra, unused batch at the carrier, which costs
    /// nothing.
    fn create_batch<'a>(&'a self, shipment_ids: &'a [String]) -> CarrierFuture<'a, Batch>;

    /// One label file holding every shipment's label, in batch order, ready
    /// for one print job. Carriers generate it in the background; this waits
    /// for it (bounded) and reports [`CarrierError::StillProcessing`] if it is
    /// not ready in time, after which [`Carrier::retrieve_batch`] can pick it up.
    fn batch_label<'a>(
        &'a self,
        batch_id: &'a str,
        format: LabelFormat,
    ) -> CarrierFuture<'a, LabelRef>;

    /// The batch as it stands now, without waiting for anything.
    fn retrieve_batch<'a>(&'a self, batch_id: &'a str) -> CarrierFuture<'a, Batch>;
}

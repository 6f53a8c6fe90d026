//! Shipping commands: the Shipping tab, the packing bench, batches and the
//! store's shipping setup.
//!
//! Buying and voiding take a `command_id` made where the user clicked, so a
//! retry after a lost answer is recognised by the desk and never pays twice.

use packdesk_domain::api::{
    AddressCheck, BatchProgress, ErrorBody, RatePick, ShipmentView, ShippingSettings,
    ShippingSettingsUpdate, ShippingView,
};
use packdesk_domain::shipping::ParcelDraft;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{internal, invoke_with, NoInput, OrderRef, ShipmentRef};

#[derive(Serialize)]
struct QuoteInput<'a> {
    order_id: Uuid,
    parcel: &'a ParcelDraft,
}

#[derive(Serialize)]
struct BuyInput<'a> {
    order_id: Uuid,
    shipment_id: Uuid,
    pick: &'a RatePick,
    command_id: Uuid,
    print: bool,
}

#[derive(Serialize)]
struct QueueInput<'a> {
    order_id: Uuid,
    parcel: &'a ParcelDraft,
    pick: &'a RatePick,
}

#[derive(Serialize)]
struct QueuedLabel {
    order_id: Uuid,
    shipment_id: Uuid,
}

#[derive(Serialize)]
struct VoidInput<'a> {
    order_id: Uuid,
    shipment_id: Uuid,
    reason: &'a str,
    command_id: Uuid,
}

#[derive(Serialize)]
struct BatchInput<'a> {
    order_ids: &'a [Uuid],
    pick: &'a RatePick,
    print: bool,
}

#[derive(Serialize)]
struct SettingsUpdateInput<'a> {
    update: &'a ShippingSettingsUpdate,
}

#[derive(Deserialize)]
struct LabelImage {
    data_url: String,
}

pub async fn shipping_view(order_id: Uuid) -> Result<ShippingView, ErrorBody> {
    invoke_with("shipping_view", OrderRef { order_id }).await
}

pub async fn check_address(order_id: Uuid) -> Result<AddressCheck, ErrorBody> {
    invoke_with("check_address", OrderRef { order_id }).await
}

pub async fn quote_rates(order_id: Uuid, parcel: &ParcelDraft) -> Result<ShipmentView, ErrorBody> {
    invoke_with("quote_rates", QuoteInput { order_id, parcel }).await
}

pub async fn buy_label(
    order_id: Uuid,
    shipment_id: Uuid,
    pick: &RatePick,
    command_id: Uuid,
    print: bool,
) -> Result<ShipmentView, ErrorBody> {
    let input = BuyInput {
        order_id,
        shipment_id,
        pick,
        command_id,
        print,
    };
    invoke_with("buy_label", input).await
}

/// Drops a label queued for when the carrier is back, before it is bought.
pub async fn cancel_queued_label(
    order_id: Uuid,
    shipment_id: Uuid,
) -> Result<ShippingView, ErrorBody> {
    invoke_with(
        "cancel_queued_label",
        QueuedLabel {
            order_id,
            shipment_id,
        },
    )
    .await
}

/// Buys (and prints) once the carrier answers again; for when it cannot now.
pub async fn queue_buy(
    order_id: Uuid,
    parcel: &ParcelDraft,
    pick: &RatePick,
) -> Result<ShipmentView, ErrorBody> {
    invoke_with(
        "queue_buy",
        QueueInput {
            order_id,
            parcel,
            pick,
        },
    )
    .await
}

pub async fn void_label(
    order_id: Uuid,
    shipment_id: Uuid,
    reason: &str,
    command_id: Uuid,
) -> Result<ShipmentView, ErrorBody> {
    let input = VoidInput {
        order_id,
        shipment_id,
        reason,
        command_id,
    };
    invoke_with("void_label", input).await
}

pub async fn refresh_tracking(order_id: Uuid) -> Result<ShippingView, ErrorBody> {
    invoke_with("refresh_tracking", OrderRef { order_id }).await
}

/// The stored label as a `data:image/…` URL for an `<img>`. Anything else is
/// refused here, so a surprising reply never becomes an image source.
pub async fn label_image(shipment_id: Uuid) -> Result<String, ErrorBody> {
    let image: LabelImage = invoke_with("label_image", ShipmentRef { shipment_id }).await?;
    if image.data_url.starts_with("data:image/") {
        Ok(image.data_url)
    } else {
        Err(internal(
            "The desk sent a label preview that is not an image.",
        ))
    }
}

/// Runs the whole batch and answers with the final progress; the steps
/// arrive meanwhile as `batch-progress` events (see [`super::events`]).
pub async fn batch_ship(
    order_ids: &[Uuid],
    pick: &RatePick,
    print: bool,
) -> Result<BatchProgress, ErrorBody> {
    invoke_with(
        "batch_ship",
        BatchInput {
            order_ids,
            pick,
            print,
        },
    )
    .await
}

pub async fn get_shipping_settings() -> Result<ShippingSettings, ErrorBody> {
    invoke_with("get_shipping_settings", NoInput {}).await
}

pub async fn save_shipping_settings(
    update: &ShippingSettingsUpdate,
) -> Result<ShippingSettings, ErrorBody> {
    invoke_with("save_shipping_settings", SettingsUpdateInput { update }).await
}

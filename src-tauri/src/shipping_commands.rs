//! Window commands for shipping, printers and the print queue. Same rules as
//! `commands`: one `input`, decoded here so bad fields are named, one desk
//! call, an [`ErrorBody`] on failure.

use base64::Engine;
use packdesk_desk::{with_desk, DeskResult, BATCH_PROGRESS_EVENT};
use packdesk_domain::api::{
    AddressCheck, BatchProgress, PrintJobView, PrinterView, RatePick, ShipmentView,
    ShippingSettings, ShippingSettingsUpdate, ShippingView,
};
use packdesk_domain::shipping::{ParcelDraft, PrinterDraft};
use packdesk_domain::Actor;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{AppHandle, Emitter, State};
use uuid::Uuid;

use crate::commands::{answer, decode, Answer, OrderRef};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteRates {
    order_id: Uuid,
    parcel: ParcelDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyLabel {
    order_id: Uuid,
    shipment_id: Uuid,
    pick: RatePick,
    command_id: Uuid,
    #[serde(default)]
    print: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueBuy {
    order_id: Uuid,
    parcel: ParcelDraft,
    pick: RatePick,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoidLabel {
    order_id: Uuid,
    shipment_id: Uuid,
    reason: String,
    command_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueuedLabel {
    order_id: Uuid,
    shipment_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipmentRef {
    shipment_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderIds {
    order_ids: Vec<Uuid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchShip {
    order_ids: Vec<Uuid>,
    pick: RatePick,
    #[serde(default)]
    print: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRef {
    job_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterRef {
    id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavePrinter {
    #[serde(default)]
    id: Option<Uuid>,
    printer: PrinterDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveShippingSettings {
    update: ShippingSettingsUpdate,
}

#[derive(Serialize)]
pub struct LabelImage {
    data_url: String,
}

fn operator(state: &AppState) -> DeskResult<Actor> {
    with_desk(&state.desk, |desk| desk.operator())
}

/// Runs quick, blocking desk work (SQLite, the keyring) off the event loop.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> DeskResult<T> + Send + 'static,
) -> Answer<T> {
    match tauri::async_runtime::spawn_blocking(work).await {
        Ok(result) => answer(result),
        Err(join_error) => answer(Err(packdesk_desk::DeskError::External(format!(
            "a shipping command stopped unexpectedly: {join_error}"
        )))),
    }
}

#[tauri::command]
pub async fn shipping_view(state: State<'_, AppState>, input: Value) -> Answer<ShippingView> {
    let OrderRef { order_id } = decode(input)?;
    let shipping = state.shipping.clone();
    blocking(move || shipping.view(order_id)).await
}

#[tauri::command]
pub async fn check_address(state: State<'_, AppState>, input: Value) -> Answer<AddressCheck> {
    let OrderRef { order_id } = decode(input)?;
    answer(state.shipping.check_address(order_id).await)
}

#[tauri::command]
pub async fn quote_rates(state: State<'_, AppState>, input: Value) -> Answer<ShipmentView> {
    let QuoteRates { order_id, parcel } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(state.shipping.quote(&actor, order_id, &parcel).await)
}

#[tauri::command]
pub async fn buy_label(state: State<'_, AppState>, input: Value) -> Answer<ShipmentView> {
    let BuyLabel {
        order_id,
        shipment_id,
        pick,
        command_id,
        print,
    } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(
        state
            .shipping
            .buy(&actor, order_id, shipment_id, &pick, command_id, print)
            .await,
    )
}

#[tauri::command]
pub async fn queue_buy(state: State<'_, AppState>, input: Value) -> Answer<ShipmentView> {
    let QueueBuy {
        order_id,
        parcel,
        pick,
    } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(state.shipping.queue_buy(&actor, order_id, &parcel, &pick))
}

#[tauri::command]
pub async fn cancel_queued_label(state: State<'_, AppState>, input: Value) -> Answer<ShippingView> {
    let QueuedLabel {
        order_id,
        shipment_id,
    } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(state.shipping.cancel_queued(&actor, order_id, shipment_id))
}

#[tauri::command]
pub async fn void_label(state: State<'_, AppState>, input: Value) -> Answer<ShipmentView> {
    let VoidLabel {
        order_id,
        shipment_id,
        reason,
        command_id,
    } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(
        state
            .shipping
            .void(&actor, order_id, shipment_id, &reason, command_id)
            .await,
    )
}

#[tauri::command]
pub async fn refresh_tracking(state: State<'_, AppState>, input: Value) -> Answer<ShippingView> {
    let OrderRef { order_id } = decode(input)?;
    answer(state.shipping.refresh_tracking(order_id).await)
}

#[tauri::command]
pub async fn label_image(state: State<'_, AppState>, input: Value) -> Answer<LabelImage> {
    let ShipmentRef { shipment_id } = decode(input)?;
    let png = answer(state.shipping.label_png(shipment_id).await)?;
    Ok(LabelImage {
        data_url: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
    })
}

#[tauri::command]
pub async fn print_label(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let ShipmentRef { shipment_id } = decode(input)?;
    let actor = answer(operator(&state))?;
    answer(state.shipping.print_label(&actor, shipment_id).await)
}

#[tauri::command]
pub async fn print_packing_slip(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let OrderRef { order_id } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.print_packing_slip(&actor, order_id)).await
}

#[tauri::command]
pub async fn print_pick_list(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let OrderIds { order_ids } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.print_pick_list(&actor, &order_ids)).await
}

#[tauri::command]
pub async fn batch_ship(
    app: AppHandle,
    state: State<'_, AppState>,
    input: Value,
) -> Answer<BatchProgress> {
    let BatchShip {
        order_ids,
        pick,
        print,
    } = decode(input)?;
    let actor = answer(operator(&state))?;
    let report = state
        .shipping
        .batch_ship(&actor, &order_ids, &pick, print, |progress| {
            if let Err(error) = app.emit(BATCH_PROGRESS_EVENT, progress) {
                tracing::warn!(%error, "batch progress not shown");
            }
        })
        .await;
    answer(report)
}

#[tauri::command]
pub async fn print_jobs(state: State<'_, AppState>) -> Answer<Vec<PrintJobView>> {
    let printing = state.printing.clone();
    blocking(move || printing.jobs()).await
}

#[tauri::command]
pub async fn retry_print_job(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let JobRef { job_id } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.retry(&actor, job_id)).await
}

#[tauri::command]
pub async fn reprint_job(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let JobRef { job_id } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.reprint(&actor, job_id)).await
}

#[tauri::command]
pub async fn list_printers(state: State<'_, AppState>) -> Answer<Vec<PrinterView>> {
    let printing = state.printing.clone();
    blocking(move || printing.printers()).await
}

#[tauri::command]
pub async fn save_printer(state: State<'_, AppState>, input: Value) -> Answer<PrinterView> {
    let SavePrinter { id, printer } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.save_printer(&actor, id, &printer)).await
}

#[tauri::command]
pub async fn delete_printer(state: State<'_, AppState>, input: Value) -> Answer<()> {
    let PrinterRef { id } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.delete_printer(&actor, id)).await
}

#[tauri::command]
pub async fn test_printer(state: State<'_, AppState>, input: Value) -> Answer<PrintJobView> {
    let PrinterRef { id } = decode(input)?;
    let printing = state.printing.clone();
    let actor = answer(operator(&state))?;
    blocking(move || printing.test_printer(&actor, id)).await
}

#[tauri::command]
pub async fn get_shipping_settings(state: State<'_, AppState>) -> Answer<ShippingSettings> {
    let shipping = state.shipping.clone();
    blocking(move || shipping.settings()).await
}

#[tauri::command]
pub async fn save_shipping_settings(
    state: State<'_, AppState>,
    input: Value,
) -> Answer<ShippingSettings> {
    let SaveShippingSettings { update } = decode(input)?;
    let shipping = state.shipping.clone();
    let actor = answer(operator(&state))?;
    blocking(move || shipping.save_settings(&actor, &update)).await
}

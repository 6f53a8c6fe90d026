//! The only door to the desk: typed wrappers over Tauri's `invoke`.
//!
//! Every command takes one argument named `input`, and a failure arrives as an
//! [`ErrorBody`]. Anything else that goes wrong on the way (no Tauri host, a
//! reply we cannot read) is turned into an `internal` `ErrorBody` here, so the
//! pages only ever handle one error type.
//!
//! Orders and the desk's own settings are here; shipping, printing, sync and
//! the desk's events have their own files below.

pub mod events;
pub mod printing;
pub mod shipping;
pub mod sync;

use packdesk_domain::api::{
    DeskSettings, ErrorBody, ErrorKind, ListQuery, OrderPage, OrderView, StatusCount,
};
use packdesk_domain::{Currency, OrderDraft, OrderStatus, Role};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `withGlobalTauri` exposes the core API on `window.__TAURI__`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// The `{ "input": … }` wrapper every command expects.
#[derive(Serialize)]
struct Args<T> {
    input: T,
}

#[derive(Serialize)]
struct OrderRef {
    order_id: Uuid,
}

#[derive(Serialize)]
struct ShipmentRef {
    shipment_id: Uuid,
}

#[derive(Serialize)]
struct CreateOrderInput<'a> {
    command_id: Uuid,
    draft: &'a OrderDraft,
}

#[derive(Serialize)]
struct EditOrderInput<'a> {
    command_id: Uuid,
    order_id: Uuid,
    draft: &'a OrderDraft,
}

#[derive(Serialize)]
struct ChangeStatusInput<'a> {
    command_id: Uuid,
    order_id: Uuid,
    to: OrderStatus,
    reason: Option<&'a str>,
}

/// What `save_settings` takes; the read-only parts of [`DeskSettings`] are not sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingsInput {
    pub operator_name: String,
    pub operator_role: Role,
    pub default_currency: Currency,
}

fn internal(message: impl Into<String>) -> ErrorBody {
    ErrorBody {
        kind: ErrorKind::Internal,
        message: message.into(),
        fields: Vec::new(),
    }
}

/// Reads a rejection: normally an `ErrorBody`, but Tauri itself rejects with a
/// plain string (unknown command, bad arguments) and JS throws `Error`s.
fn read_rejection(value: JsValue) -> ErrorBody {
    if let Ok(body) = serde_wasm_bindgen::from_value::<ErrorBody>(value.clone()) {
        return body;
    }
    if let Some(text) = value.as_string() {
        return internal(text);
    }
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return internal(format!(
            "Could not reach the desk: {}",
            String::from(error.message())
        ));
    }
    internal("The desk sent an error Packdesk could not read.")
}

async fn invoke<T: DeserializeOwned>(cmd: &str, args: JsValue) -> Result<T, ErrorBody> {
    let reply = tauri_invoke(cmd, args).await.map_err(read_rejection)?;
    serde_wasm_bindgen::from_value(reply)
        .map_err(|e| internal(format!("The desk's reply to {cmd} could not be read: {e}")))
}

async fn invoke_with<I: Serialize, T: DeserializeOwned>(
    cmd: &str,
    input: I,
) -> Result<T, ErrorBody> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = Args { input }
        .serialize(&serializer)
        .map_err(|e| internal(format!("Could not prepare {cmd}: {e}")))?;
    invoke(cmd, args).await
}

async fn invoke_bare<T: DeserializeOwned>(cmd: &str) -> Result<T, ErrorBody> {
    invoke(cmd, js_sys::Object::new().into()).await
}

/// The `{}` input of commands that need nothing but still take an `input`.
#[derive(Serialize)]
struct NoInput {}

/// A fresh idempotency key for one user submission.
pub fn new_command_id() -> Result<Uuid, ErrorBody> {
    let crypto = web_sys::window()
        .ok_or_else(|| internal("No browser window"))?
        .crypto()
        .map_err(|_| internal("This window has no crypto API to make command ids"))?;
    Uuid::parse_str(&crypto.random_uuid()).map_err(|e| internal(format!("Bad command id: {e}")))
}

/// Date filters are sent with this computer's UTC offset, so the desk reads
/// them as the days the person at the counter means.
pub async fn list_orders(query: &ListQuery) -> Result<OrderPage, ErrorBody> {
    // getTimezoneOffset() is minutes *behind* UTC: 360 in Chicago in winter.
    let behind = js_sys::Date::new_0().get_timezone_offset();
    let query = ListQuery {
        utc_offset_minutes: -(behind as i32),
        ..query.clone()
    };
    invoke_with("list_orders", &query).await
}

pub async fn status_counts() -> Result<Vec<StatusCount>, ErrorBody> {
    invoke_bare("status_counts").await
}

pub async fn get_order(order_id: Uuid) -> Result<OrderView, ErrorBody> {
    invoke_with("get_order", OrderRef { order_id }).await
}

pub async fn create_order(command_id: Uuid, draft: &OrderDraft) -> Result<OrderView, ErrorBody> {
    invoke_with("create_order", CreateOrderInput { command_id, draft }).await
}

pub async fn edit_order(
    command_id: Uuid,
    order_id: Uuid,
    draft: &OrderDraft,
) -> Result<OrderView, ErrorBody> {
    invoke_with(
        "edit_order",
        EditOrderInput {
            command_id,
            order_id,
            draft,
        },
    )
    .await
}

pub async fn change_status(
    command_id: Uuid,
    order_id: Uuid,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<OrderView, ErrorBody> {
    invoke_with(
        "change_status",
        ChangeStatusInput {
            command_id,
            order_id,
            to,
            reason,
        },
    )
    .await
}

/// Returns how many demo orders were created.
pub async fn load_demo_data() -> Result<u32, ErrorBody> {
    invoke_bare("load_demo_data").await
}

pub async fn get_settings() -> Result<DeskSettings, ErrorBody> {
    invoke_bare("get_settings").await
}

pub async fn save_settings(input: &SettingsInput) -> Result<DeskSettings, ErrorBody> {
    invoke_with("save_settings", input).await
}

//! Events the desk pushes to the window (e.g. `batch-progress` while a batch
//! of labels is bought), through Tauri's global `event.listen`.

use packdesk_domain::api::ErrorBody;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{internal, read_rejection};

#[wasm_bindgen]
extern "C" {
    /// `listen(event, handler)` resolves to the function that stops listening.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Keeps one listener alive; dropping it stops listening. The handler is
/// owned here, so it cannot be freed while Tauri may still call it.
pub struct Subscription {
    unlisten: js_sys::Function,
    _handler: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Failing to unlisten only leaves a handler that ignores old events.
        let _ = self.unlisten.call0(&JsValue::NULL);
    }
}

/// Calls `on` with each `event`'s payload until the subscription is dropped.
/// Payloads that do not read as `T` are skipped: a progress bar missing one
/// step is better than a batch stopped by it.
pub async fn listen<T, F>(event: &str, mut on: F) -> Result<Subscription, ErrorBody>
where
    T: DeserializeOwned,
    F: FnMut(T) + 'static,
{
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        let payload = js_sys::Reflect::get(&message, &JsValue::from_str("payload"))
            .unwrap_or(JsValue::UNDEFINED);
        if let Ok(value) = serde_wasm_bindgen::from_value::<T>(payload) {
            on(value);
        }
    });
    let unlisten = tauri_listen(event, handler.as_ref().unchecked_ref())
        .await
        .map_err(read_rejection)?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| internal(format!("Listening for {event} gave no way to stop")))?;
    Ok(Subscription {
        unlisten,
        _handler: handler,
    })
}

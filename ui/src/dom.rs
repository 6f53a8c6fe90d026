//! Small DOM helpers the pages share.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::Event;

/// The current value of the input, textarea or select an event came from.
pub fn event_value(event: &Event) -> String {
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// Focuses the first element matching a CSS selector, if there is one.
pub fn focus(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Focuses `selector` once the render that is about to happen has happened.
pub fn focus_soon(selector: String) {
    gloo_timers::callback::Timeout::new(0, move || focus(&selector)).forget();
}

/// Focuses an input once drawn and selects its text, so what is typed or
/// scanned next replaces it.
pub fn select_soon(selector: String) {
    gloo_timers::callback::Timeout::new(0, move || {
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.focus();
            input.select();
        }
    })
    .forget();
}

/// Whether a modal dialog is open anywhere on the page, so Esc closes it
/// rather than leaving the page behind it.
pub fn dialog_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".dialog-backdrop").ok().flatten())
        .is_some()
}

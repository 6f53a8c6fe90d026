//! The dialog that asks why, for actions that must record a reason: holding or
//! cancelling an order, voiding a label.
//!
//! Confirm stays disabled until something is written; Ctrl+Enter confirms and
//! Esc cancels. The reason box has focus from the start. Pages leave Esc to an
//! open dialog (see [`crate::dom::dialog_open`]), so it closes the dialog
//! rather than the page behind it.

use yew::prelude::*;

use crate::dom::{event_value, focus_soon};
use crate::keyboard::{use_shortcuts, Shortcut};

#[derive(Properties, PartialEq)]
pub struct ReasonDialogProps {
    pub title: AttrValue,
    pub confirm_label: AttrValue,
    /// The button classes, e.g. `btn btn-danger` for money decisions.
    pub confirm_class: AttrValue,
    pub placeholder: AttrValue,
    pub busy: bool,
    pub on_cancel: Callback<()>,
    /// Gets the reason, trimmed and never empty.
    pub on_confirm: Callback<String>,
}

#[function_component]
pub fn ReasonDialog(props: &ReasonDialogProps) -> Html {
    let reason = use_state(String::new);
    use_effect_with((), |_| focus_soon("#reason-input".into()));
    {
        let on_cancel = props.on_cancel.clone();
        use_shortcuts(Callback::from(move |shortcut| {
            if shortcut == Shortcut::Back {
                on_cancel.emit(());
            }
        }));
    }
    let ready = !reason.trim().is_empty() && !props.busy;
    let confirm = {
        let reason = reason.clone();
        let on_confirm = props.on_confirm.clone();
        move || {
            let text = reason.trim().to_string();
            if !text.is_empty() {
                on_confirm.emit(text);
            }
        }
    };
    let set_reason = {
        let reason = reason.clone();
        Callback::from(move |text: String| reason.set(text))
    };
    let oninput = set_reason.reform(|e: InputEvent| event_value(&e));
    let onchange = set_reason.reform(|e: Event| event_value(&e));
    let on_textarea_key = {
        let confirm = confirm.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) && ready {
                e.prevent_default();
                confirm();
            }
        })
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="reason-title">
                <h2 id="reason-title">{ props.title.clone() }</h2>
                <label for="reason-input">{ "Reason (recorded in the order's history)" }</label>
                <textarea id="reason-input" class="input" rows="3" value={(*reason).clone()} {oninput} {onchange}
                    onkeydown={on_textarea_key} placeholder={props.placeholder.clone()} />
                <div class="dialog-actions">
                    <button type="button" class="btn btn-secondary" onclick={props.on_cancel.reform(|_: MouseEvent| ())}
                        title="Cancel (Esc)">{ "Cancel" }</button>
                    <button type="button" id="reason-confirm" class={props.confirm_class.clone()} disabled={!ready}
                        onclick={Callback::from(move |_: MouseEvent| confirm())} title="Confirm (Ctrl+Enter)">
                        if props.busy { <span class="spinner" aria-hidden="true"></span> }
                        { props.confirm_label.clone() }
                    </button>
                </div>
            </div>
        </div>
    }
}

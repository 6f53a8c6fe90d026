//! The store's shipping setup: the name and address labels are sent from,
//! and the carrier account.
//!
//! The API key lives in the OS keyring, never in this window: the form only
//! knows whether one is saved. An empty key field keeps it; "Remove key"
//! removes it.

use std::rc::Rc;

use packdesk_domain::api::{ShippingSettings, ShippingSettingsUpdate};
use packdesk_domain::order::AddressDraft;
use packdesk_domain::FieldError;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::fields::{Field, FieldErrors, TextInput};
use crate::toast::use_toaster;

/// The shipping settings as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShippingForm {
    pub store_name: String,
    pub ship_from: AddressDraft,
    pub ship_from_phone: String,
    pub carrier_base_url: String,
    /// A new key; empty keeps the saved one.
    pub api_key: String,
}

impl ShippingForm {
    pub fn from_settings(settings: &ShippingSettings) -> Self {
        ShippingForm {
            store_name: settings.store_name.clone(),
            ship_from: settings.ship_from.clone(),
            ship_from_phone: settings.ship_from_phone.clone(),
            carrier_base_url: settings.carrier_base_url.clone(),
            api_key: String::new(),
        }
    }

    /// What to send: an empty key keeps the stored one (`None`), `remove_key`
    /// removes it (`Some("")`), anything typed replaces it.
    pub fn update(&self, remove_key: bool) -> ShippingSettingsUpdate {
        let typed = self.api_key.trim();
        let api_key = if remove_key {
            Some(String::new())
        } else if typed.is_empty() {
            None
        } else {
            Some(typed.to_string())
        };
        ShippingSettingsUpdate {
            store_name: self.store_name.clone(),
            ship_from: self.ship_from.clone(),
            ship_from_phone: self.ship_from_phone.clone(),
            carrier_base_url: self.carrier_base_url.clone(),
            api_key,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ShippingSettingsCardProps {
    pub may_manage: bool,
}

#[function_component]
pub fn ShippingSettingsCard(props: &ShippingSettingsCardProps) -> Html {
    let saved = use_state(|| None::<Rc<ShippingSettings>>);
    let form = use_state(ShippingForm::default);
    let errors = use_state(Vec::<FieldError>::new);
    let load_error = use_state(|| None::<String>);
    let saving = use_busy();
    let toaster = use_toaster();

    {
        let (saved, form, load_error) = (saved.clone(), form.clone(), load_error.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::shipping::get_shipping_settings().await {
                    Ok(settings) => {
                        form.set(ShippingForm::from_settings(&settings));
                        saved.set(Some(Rc::new(settings)));
                    }
                    Err(error) => load_error.set(Some(error.message)),
                }
            });
        });
    }

    let save = {
        let (saved, form, errors, saving, toaster) = (
            saved.clone(),
            form.clone(),
            errors.clone(),
            saving.clone(),
            toaster.clone(),
        );
        Callback::from(move |remove_key: bool| {
            if !saving.start() {
                return;
            }
            let update = form.update(remove_key);
            let (saved, form, errors, saving, toaster) = (
                saved.clone(),
                form.clone(),
                errors.clone(),
                saving.clone(),
                toaster.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::shipping::save_shipping_settings(&update).await;
                saving.finish();
                match answer {
                    Ok(settings) => {
                        toaster.success(if remove_key {
                            "API key removed"
                        } else {
                            "Shipping settings saved"
                        });
                        errors.set(Vec::new());
                        form.set(ShippingForm::from_settings(&settings));
                        saved.set(Some(Rc::new(settings)));
                    }
                    Err(error) => {
                        toaster.error(error.message);
                        errors.set(error.fields);
                    }
                }
            });
        })
    };

    let Some(settings) = (*saved).clone() else {
        return html! {
            <div class="card">
                <h2>{ "Shipping" }</h2>
                { match &*load_error {
                    Some(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
                    None => html! { <p class="muted"><span class="spinner"></span>{ " Loading…" }</p> },
                } }
            </div>
        };
    };

    let current = (*form).clone();
    let disabled = !props.may_manage;
    let text = |id: &'static str,
                label: &'static str,
                path: &'static str,
                value: &str,
                apply: fn(&mut ShippingForm, String)| {
        let on_change = {
            let form = form.clone();
            let current = current.clone();
            Callback::from(move |value: String| {
                let mut next = current.clone();
                apply(&mut next, value);
                form.set(next);
            })
        };
        html! {
            <Field {id} {label} {path}>
                <TextInput {id} {path} value={value.to_string()} {on_change} {disabled} />
            </Field>
        }
    };
    let key_placeholder = if settings.api_key_set {
        "Saved — type a new key to replace it"
    } else {
        "Paste the carrier API key"
    };
    let set_key = {
        let form = form.clone();
        let current = current.clone();
        Callback::from(move |value: String| {
            form.set(ShippingForm {
                api_key: value,
                ..current.clone()
            })
        })
    };
    let context = FieldErrors {
        shown: Rc::new((*errors).clone()),
        on_blur: Callback::noop(),
    };
    let address = &current.ship_from;

    html! {
        <ContextProvider<FieldErrors> {context}>
        <div id="shipping-settings" class="card">
            <h2>{ "Shipping" }</h2>
            { text("store-name", "Store name (printed on labels)", "store_name", &current.store_name, |f, v| f.store_name = v) }
            <h3 class="subhead">{ "Ship from" }</h3>
            { text("ship-from-line1", "Address line 1", "ship_from.line1", &address.line1, |f, v| f.ship_from.line1 = v) }
            { text("ship-from-line2", "Address line 2", "ship_from.line2", &address.line2, |f, v| f.ship_from.line2 = v) }
            <div class="field-row">
                { text("ship-from-city", "City", "ship_from.city", &address.city, |f, v| f.ship_from.city = v) }
                { text("ship-from-region", "State / region", "ship_from.region", &address.region, |f, v| f.ship_from.region = v) }
            </div>
            <div class="field-row">
                { text("ship-from-postal_code", "Postal code", "ship_from.postal_code", &address.postal_code, |f, v| f.ship_from.postal_code = v) }
                { text("ship-from-country", "Country (2 letters)", "ship_from.country", &address.country, |f, v| f.ship_from.country = v) }
                { text("ship-from-phone", "Phone", "ship_from_phone", &current.ship_from_phone, |f, v| f.ship_from_phone = v) }
            </div>
            <h3 class="subhead">{ "Carrier account" }</h3>
            { text("carrier-base-url", "Carrier API address", "carrier_base_url", &current.carrier_base_url, |f, v| f.carrier_base_url = v) }
            <Field id="api-key" label="API key" path="api_key">
                <TextInput id="api-key" path="api_key" kind="password" autocomplete="off" value={current.api_key.clone()}
                    placeholder={key_placeholder} on_change={set_key} {disabled} />
            </Field>
            <p class="muted small" id="api-key-state">
                { if settings.api_key_set { "A key is saved in this computer's keyring." } else { "No key saved yet." } }
            </p>
            if disabled {
                <p class="muted">{ "Only an admin can change shipping settings." }</p>
            }
            <div class="page-actions">
                if settings.api_key_set {
                    <button type="button" id="remove-api-key" class="btn btn-danger" disabled={disabled || saving.get()}
                        onclick={save.reform(|_: MouseEvent| true)}>{ "Remove key" }</button>
                }
                <button type="button" id="save-shipping-settings" class="btn btn-primary" disabled={disabled || saving.get()}
                    onclick={save.reform(|_: MouseEvent| false)}>
                    if saving.get() { <span class="spinner" aria-hidden="true"></span> }
                    { "Save shipping settings" }
                </button>
            </div>
        </div>
        </ContextProvider<FieldErrors>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(api_key_set: bool) -> ShippingSettings {
        ShippingSettings {
            store_name: "Harbour Tailors".into(),
            ship_from: AddressDraft {
                line1: "1 Main St".into(),
                city: "Holland".into(),
                postal_code: "49423".into(),
                country: "US".into(),
                ..AddressDraft::default()
            },
            ship_from_phone: "616 555 0100".into(),
            carrier_base_url: "https://api.easypost.com".into(),
            api_key_set,
        }
    }

    #[test]
    fn an_empty_key_field_keeps_the_saved_key() {
        let form = ShippingForm::from_settings(&settings(true));
        assert_eq!(form.api_key, "");
        let update = form.update(false);
        assert_eq!(update.api_key, None);
        assert_eq!(update.store_name, "Harbour Tailors");
        assert_eq!(update.ship_from.city, "Holland");
    }

    #[test]
    fn a_typed_key_replaces_and_remove_sends_an_empty_one() {
        let mut form = ShippingForm::from_settings(&settings(true));
        form.api_key = "  EZTK123  ".into();
        assert_eq!(form.update(false).api_key.as_deref(), Some("EZTK123"));
        assert_eq!(form.update(true).api_key.as_deref(), Some(""));
    }
}

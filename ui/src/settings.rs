//! Who is at this desk and the default currency; signing in to the sync
//! server; the store's shipping setup and printers; where the data lives; the
//! keyboard shortcuts.

mod printer_form;
mod printers;
mod shipping;
mod sync;

use std::rc::Rc;

use packdesk_domain::api::DeskSettings;
use packdesk_domain::{Currency, FieldError, Permission, Role};
use yew::prelude::*;

use crate::bridge::{self, SettingsInput};
use crate::busy::use_busy;
use crate::fields::{currency_options, role_options, Field, FieldErrors, SelectInput, TextInput};
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::toast::use_toaster;

use printers::PrintersCard;
use shipping::ShippingSettingsCard;
use sync::SyncSettingsCard;

#[derive(Properties, PartialEq)]
pub struct SettingsPageProps {
    pub settings: Option<Rc<DeskSettings>>,
    pub on_saved: Callback<DeskSettings>,
    pub on_back: Callback<()>,
}

fn input_from(settings: &DeskSettings) -> SettingsInput {
    SettingsInput {
        operator_name: settings.operator_name.clone(),
        operator_role: settings.operator_role,
        default_currency: settings.default_currency,
    }
}

/// The only check the form makes itself; the desk checks the rest.
fn check(input: &SettingsInput) -> Vec<FieldError> {
    if input.operator_name.trim().is_empty() {
        vec![FieldError {
            field: "operator_name".into(),
            reason: "is required".into(),
        }]
    } else {
        Vec::new()
    }
}

#[function_component]
pub fn SettingsPage(props: &SettingsPageProps) -> Html {
    let input = use_state(|| props.settings.as_deref().map(input_from));
    let errors = use_state(Vec::<FieldError>::new);
    let saving = use_busy();
    let toaster = use_toaster();

    // Settings may arrive after the page opens.
    {
        let input = input.clone();
        use_effect_with(props.settings.clone(), move |settings| {
            if input.is_none() {
                input.set(settings.as_deref().map(input_from));
            }
        });
    }

    let save = {
        let input = input.clone();
        let errors = errors.clone();
        let saving = saving.clone();
        let on_saved = props.on_saved.clone();
        Callback::from(move |_: ()| {
            let Some(current) = (*input).clone() else {
                return;
            };
            let problems = check(&current);
            if !problems.is_empty() {
                return errors.set(problems);
            }
            if !saving.start() {
                return;
            }
            errors.set(Vec::new());
            let (errors, saving, on_saved, toaster) = (
                errors.clone(),
                saving.clone(),
                on_saved.clone(),
                toaster.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = bridge::save_settings(&current).await;
                saving.finish();
                match result {
                    Ok(saved) => {
                        toaster.success("Settings saved");
                        on_saved.emit(saved);
                    }
                    Err(error) => {
                        toaster.error(error.message);
                        errors.set(error.fields);
                    }
                }
            });
        })
    };
    {
        let save = save.clone();
        let on_back = props.on_back.clone();
        use_shortcuts(Callback::from(move |shortcut| match shortcut {
            Shortcut::Save => save.emit(()),
            Shortcut::Back => on_back.emit(()),
            _ => {}
        }));
    }

    let (Some(current), Some(settings)) = ((*input).clone(), props.settings.clone()) else {
        return html! {
            <section class="page"><div class="panel panel-loading"><span class="spinner"></span>{ "Loading settings…" }</div></section>
        };
    };
    // The desk refuses role and currency changes from anyone but an admin;
    // the saved role decides, not the one being picked.
    let may_manage = settings.operator_role.permits(Permission::ManageSettings);
    let update = |apply: fn(&mut SettingsInput, String)| {
        let input = input.clone();
        let current = current.clone();
        Callback::from(move |value: String| {
            let mut next = current.clone();
            apply(&mut next, value);
            input.set(Some(next));
        })
    };
    let context = FieldErrors {
        shown: Rc::new((*errors).clone()),
        on_blur: Callback::noop(),
    };
    let read_only = |label: &str, value: &str| {
        html! {
            <><dt>{ label.to_string() }</dt><dd class="mono">{ value.to_string() }</dd></>
        }
    };

    html! {
        <ContextProvider<FieldErrors> {context}>
        <section class="page settings-page">
            <header class="page-header"><h1>{ "Settings" }</h1></header>
            <div class="card">
                <h2>{ "This desk" }</h2>
                <Field id="operator-name" label="Operator name" path="operator_name" required=true>
                    <TextInput id="operator-name" path="operator_name" value={current.operator_name.clone()}
                        on_change={update(|s, v| s.operator_name = v)} />
                </Field>
                <div class="field-row">
                    <Field id="operator-role" label="Role" path="operator_role">
                        <SelectInput id="operator-role" path="operator_role" options={role_options()}
                            value={current.operator_role.as_str()} disabled={!may_manage}
                            on_change={update(|s, v| if let Ok(role) = v.parse::<Role>() { s.operator_role = role })} />
                    </Field>
                    <Field id="default-currency" label="Default currency" path="default_currency">
                        <SelectInput id="default-currency" path="default_currency" options={currency_options()}
                            value={current.default_currency.code()} disabled={!may_manage}
                            on_change={update(|s, v| if let Ok(c) = v.parse::<Currency>() { s.default_currency = c })} />
                    </Field>
                </div>
                if !may_manage {
                    <p class="muted">{ "Only an admin can change this desk's role and currency." }</p>
                }
                <div class="page-actions">
                    <button type="button" id="save-settings" class="btn btn-primary" disabled={saving.get()}
                        onclick={save.reform(|_: MouseEvent| ())} title="Save (Ctrl+S)">
                        if saving.get() { <span class="spinner" aria-hidden="true"></span>{ "Saving…" } } else { { "Save settings" } }
                    </button>
                </div>
            </div>
            <SyncSettingsCard />
            <ShippingSettingsCard {may_manage} />
            <PrintersCard {may_manage} />
            <div class="card">
                <h2>{ "Data" }</h2>
                <dl class="facts">
                    { read_only("Order number prefix", &settings.desk_prefix) }
                    { read_only("Database", &settings.database_path) }
                    { read_only("Log file", &settings.log_path) }
                </dl>
            </div>
            <div class="card">
                <h2>{ "Keyboard shortcuts" }</h2>
                <dl class="facts shortcuts">
                    { for Shortcut::ALL.iter().map(|s| html! {
                        <><dt><kbd>{ s.hint() }</kbd></dt><dd>{ s.describe() }</dd></>
                    }) }
                    <dt><kbd>{ "Enter" }</kbd></dt><dd>{ "Open the selected order; in the last item row, add a line; in the bench's scan box, open the scanned order; in a parcel field, get rates" }</dd>
                </dl>
            </div>
        </section>
        </ContextProvider<FieldErrors>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operator_must_have_a_name() {
        let mut input = SettingsInput {
            operator_name: "  ".into(),
            operator_role: Role::Manager,
            default_currency: Currency::USD,
        };
        assert_eq!(check(&input)[0].field, "operator_name");
        input.operator_name = "Ann".into();
        assert!(check(&input).is_empty());
    }
}

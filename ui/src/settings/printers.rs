//! The printers this desk prints to: the label printer on the bench and the
//! paper printer for packing slips and pick lists. Test, edit, delete.

use std::rc::Rc;

use packdesk_domain::api::{ErrorBody, PrinterView};
use packdesk_domain::shipping::PrinterDraft;
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::print_report;
use crate::settings::printer_form::PrinterForm;
use crate::toast::use_toaster;

/// `Thermal printer on TCP port 9100 · 192.168.1.50:9100 · ZPL · 203 dpi · 4.0 × 6.0 in`.
pub fn printer_summary(printer: &PrinterView) -> String {
    let s = &printer.settings;
    format!(
        "{} · {} · {} · {} dpi · {} × {} in",
        s.kind.label(),
        s.address,
        s.language.as_str().to_uppercase(),
        s.dpi,
        s.label_width_in,
        s.label_height_in
    )
}

/// Which form is open: a new printer, or the one with this id.
#[derive(Clone, PartialEq)]
struct Editing {
    id: Option<Uuid>,
    draft: PrinterDraft,
}

#[derive(Properties, PartialEq)]
pub struct PrintersCardProps {
    pub may_manage: bool,
}

#[function_component]
pub fn PrintersCard(props: &PrintersCardProps) -> Html {
    let printers = use_state(|| None::<Result<Rc<Vec<PrinterView>>, ErrorBody>>);
    let reload = use_state(|| 0u32);
    let editing = use_state(|| None::<Editing>);
    // Delete asks once more, in place, before removing a printer.
    let confirming = use_state(|| None::<Uuid>);
    let toaster = use_toaster();

    {
        let printers = printers.clone();
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                printers.set(Some(bridge::printing::list_printers().await.map(Rc::new)));
            });
        });
    }
    let refresh = {
        let reload = reload.clone();
        move || reload.set(*reload + 1)
    };

    let open = |id: Option<Uuid>, draft: PrinterDraft| {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| {
            editing.set(Some(Editing {
                id,
                draft: draft.clone(),
            }))
        })
    };
    let test = |id: Uuid| {
        let toaster = toaster.clone();
        Callback::from(move |_: MouseEvent| {
            let toaster = toaster.clone();
            wasm_bindgen_futures::spawn_local(async move {
                print_report::report(&toaster, bridge::printing::test_printer(id).await);
            });
        })
    };
    let delete = |id: Uuid| {
        let confirming = confirming.clone();
        let toaster = toaster.clone();
        let refresh = refresh.clone();
        Callback::from(move |_: MouseEvent| {
            if *confirming != Some(id) {
                return confirming.set(Some(id));
            }
            confirming.set(None);
            let (toaster, refresh) = (toaster.clone(), refresh.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::printing::delete_printer(id).await {
                    Ok(()) => {
                        toaster.success("Printer removed");
                        refresh();
                    }
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };

    let row = |printer: &PrinterView| {
        let id = printer.id;
        let confirm = *confirming == Some(id);
        html! {
            <li key={id.to_string()} class="printer" data-printer-id={id.to_string()} data-printer-name={printer.settings.name.clone()}>
                <div class="printer-info">
                    <div class="strong">
                        { &printer.settings.name }
                        <span class="badge badge-outline">{ printer.settings.used_for.label() }</span>
                    </div>
                    <div class="muted small">{ printer_summary(printer) }</div>
                </div>
                <div class="row-actions">
                    <button type="button" class="btn btn-secondary btn-small test-printer" onclick={test(id)}>{ "Test" }</button>
                    <button type="button" class="btn btn-ghost btn-small edit-printer" disabled={!props.may_manage}
                        onclick={open(Some(id), PrinterDraft::from(&printer.settings))}>{ "Edit" }</button>
                    <button type="button" class={classes!("btn", "btn-small", "delete-printer", if confirm { "btn-danger" } else { "btn-ghost" })}
                        disabled={!props.may_manage} onclick={delete(id)}>{ if confirm { "Really delete?" } else { "Delete" } }</button>
                </div>
            </li>
        }
    };

    let list = match &*printers {
        None => {
            html! { <p class="muted"><span class="spinner"></span>{ " Loading printers…" }</p> }
        }
        Some(Err(error)) => {
            html! { <p class="field-error" role="alert">{ error.message.clone() }</p> }
        }
        Some(Ok(list)) if list.is_empty() => html! {
            <p id="no-printers" class="muted">
                { "No printers yet. Add the label printer on this bench, and a paper printer for packing slips and pick lists." }
            </p>
        },
        Some(Ok(list)) => {
            html! { <ul id="printer-list" class="compact-list printer-list">{ for list.iter().map(row) }</ul> }
        }
    };

    let form = (*editing).clone().map(|Editing { id, draft }| {
        let on_done = {
            let editing = editing.clone();
            let refresh = refresh.clone();
            move || {
                editing.set(None);
                refresh();
            }
        };
        let close = editing.clone();
        html! {
            <PrinterForm key={id.map_or_else(|| "new".to_string(), |id| id.to_string())} {id} {draft}
                may_manage={props.may_manage} on_saved={Callback::from(move |_| on_done())}
                on_cancel={Callback::from(move |_| close.set(None))} />
        }
    });

    html! {
        <div id="printers" class="card">
            <div class="section-head">
                <h2>{ "Printers" }</h2>
                if editing.is_none() {
                    <button type="button" id="add-printer" class="btn btn-secondary btn-small" disabled={!props.may_manage}
                        onclick={open(None, PrinterDraft::default())}>{ "Add printer" }</button>
                }
            </div>
            { list }
            { form.unwrap_or_default() }
            if !props.may_manage {
                <p class="muted">{ "Only an admin can add or change printers." }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::shipping::PrinterDraft;

    use super::*;

    #[test]
    fn a_printer_reads_on_one_line() {
        let settings = PrinterDraft {
            name: "Bench Zebra".into(),
            address: "192.168.1.50:9100".into(),
            ..PrinterDraft::default()
        }
        .validate()
        .expect("valid printer");
        let printer = PrinterView {
            id: Uuid::nil(),
            settings,
        };
        assert_eq!(
            printer_summary(&printer),
            "Thermal printer on TCP port 9100 · 192.168.1.50:9100 · ZPL · 203 dpi · 4.0 × 6.0 in"
        );
    }
}

//! Adding or editing one printer.
//!
//! The form keeps a [`PrinterDraft`] (text, as typed) and checks it with the
//! domain's `validate`, so its errors name the same fields the desk's do.
//! Choosing a kind or a use adjusts the fields that must follow it, so the
//! usual printers need nothing but a name and an address.

use std::rc::Rc;

use packdesk_domain::api::PrinterView;
use packdesk_domain::shipping::{PrinterDraft, PrinterKind, PrinterLanguage, PrinterUse};
use packdesk_domain::FieldError;
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::dom::focus_soon;
use crate::fields::{Field, FieldErrors, Options, SelectInput, TextInput};
use crate::toast::use_toaster;

/// A 4x6 in thermal label and US letter paper, the two sizes benches use.
const LABEL_SIZE: (&str, &str) = ("4.0", "6.0");
const PAPER_SIZE: (&str, &str) = ("8.5", "11.0");

/// What the address looks like for each way of reaching a printer.
pub fn address_placeholder(kind: &str) -> &'static str {
    match kind.parse::<PrinterKind>() {
        Ok(PrinterKind::RawTcp) => "192.168.1.50:9100",
        Ok(PrinterKind::Ipp) => "ipp://printer.local/ipp/print",
        Ok(PrinterKind::WindowsSpooler) => "The printer's name in Windows, e.g. ZDesigner GK420d",
        Err(_) => "",
    }
}

/// The draft with another kind. A raw TCP printer only takes ZPL.
pub fn with_kind(draft: &PrinterDraft, kind: String) -> PrinterDraft {
    let raw = kind == PrinterKind::RawTcp.as_str();
    PrinterDraft {
        language: if raw {
            PrinterLanguage::Zpl.as_str().into()
        } else {
            draft.language.clone()
        },
        kind,
        ..draft.clone()
    }
}

/// The draft with another use. Labels come 4x6 in ZPL; documents on letter
/// paper as PDF (unless the printer only takes ZPL). Sizes the operator
/// typed themselves are left alone.
pub fn with_use(draft: &PrinterDraft, used_for: String) -> PrinterDraft {
    let size = (
        draft.label_width_in.as_str(),
        draft.label_height_in.as_str(),
    );
    let raw = draft.kind == PrinterKind::RawTcp.as_str();
    let mut next = PrinterDraft {
        used_for: used_for.clone(),
        ..draft.clone()
    };
    let (new_size, language) = match used_for.parse::<PrinterUse>() {
        Ok(PrinterUse::Documents) if size == LABEL_SIZE => (PAPER_SIZE, PrinterLanguage::Pdf),
        Ok(PrinterUse::Labels) if size == PAPER_SIZE => (LABEL_SIZE, PrinterLanguage::Zpl),
        _ => return next,
    };
    next.label_width_in = new_size.0.into();
    next.label_height_in = new_size.1.into();
    if !raw {
        next.language = language.as_str().into();
    }
    next
}

fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Options {
    Rc::new(
        all.iter()
            .map(|v| (value(*v).into(), label(*v).into()))
            .collect(),
    )
}

fn dpi_options() -> Options {
    Rc::new(vec![
        ("203".into(), "203 dpi".into()),
        ("300".into(), "300 dpi".into()),
    ])
}

#[derive(Properties, PartialEq)]
pub struct PrinterFormProps {
    /// `None` adds a printer.
    pub id: Option<Uuid>,
    pub draft: PrinterDraft,
    pub may_manage: bool,
    pub on_saved: Callback<PrinterView>,
    pub on_cancel: Callback<()>,
}

#[function_component]
pub fn PrinterForm(props: &PrinterFormProps) -> Html {
    let draft = use_state(|| props.draft.clone());
    let errors = use_state(Vec::<FieldError>::new);
    let saving = use_busy();
    let toaster = use_toaster();

    use_effect_with((), |_| focus_soon("#printer-name".into()));

    let save = {
        let (draft, errors, saving, toaster) = (
            draft.clone(),
            errors.clone(),
            saving.clone(),
            toaster.clone(),
        );
        let on_saved = props.on_saved.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| {
            let current = (*draft).clone();
            if let Err(found) = current.validate() {
                errors.set(found.0);
                return focus_soon("#printer-form [aria-invalid='true']".into());
            }
            if !saving.start() {
                return;
            }
            let (errors, saving, toaster, on_saved) = (
                errors.clone(),
                saving.clone(),
                toaster.clone(),
                on_saved.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::printing::save_printer(id, &current).await;
                saving.finish();
                match answer {
                    Ok(printer) => {
                        toaster.success(format!("Printer {} saved", printer.settings.name));
                        on_saved.emit(printer);
                    }
                    Err(error) => {
                        toaster.error(error.message);
                        errors.set(error.fields);
                    }
                }
            });
        })
    };

    let current = (*draft).clone();
    let disabled = !props.may_manage;
    let change = |apply: fn(&PrinterDraft, String) -> PrinterDraft| {
        let draft = draft.clone();
        let current = current.clone();
        Callback::from(move |value: String| draft.set(apply(&current, value)))
    };
    let text = |field: &'static str,
                label: &'static str,
                value: &str,
                apply: fn(&PrinterDraft, String) -> PrinterDraft| {
        let id = format!("printer-{field}");
        html! {
            <Field id={id.clone()} {label} path={field}>
                <TextInput {id} path={field} value={value.to_string()} on_change={change(apply)} {disabled}
                    placeholder={(field == "address").then(|| address_placeholder(&current.kind))} />
            </Field>
        }
    };
    let select = |field: &'static str,
                  label: &'static str,
                  value: &str,
                  options: Options,
                  apply: fn(&PrinterDraft, String) -> PrinterDraft| {
        let id = format!("printer-{field}");
        html! {
            <Field id={id.clone()} {label} path={field}>
                <SelectInput {id} path={field} value={value.to_string()} {options} on_change={change(apply)} {disabled} />
            </Field>
        }
    };
    let context = FieldErrors {
        shown: Rc::new((*errors).clone()),
        on_blur: Callback::noop(),
    };
    let title = if props.id.is_some() {
        "Edit printer"
    } else {
        "Add a printer"
    };

    html! {
        <ContextProvider<FieldErrors> {context}>
        <div id="printer-form" class="subcard">
            <h3>{ title }</h3>
            { text("name", "Name", &current.name, |d, v| PrinterDraft { name: v, ..d.clone() }) }
            <div class="field-row">
                { select("kind", "Connection", &current.kind, options(PrinterKind::ALL, PrinterKind::as_str, PrinterKind::label), with_kind) }
                { select("used_for", "Used for", &current.used_for, options(PrinterUse::ALL, PrinterUse::as_str, PrinterUse::label), with_use) }
            </div>
            { text("address", "Address", &current.address, |d, v| PrinterDraft { address: v, ..d.clone() }) }
            <div class="field-row">
                { select("language", "Language", &current.language, options(PrinterLanguage::ALL, PrinterLanguage::as_str, PrinterLanguage::label), |d, v| PrinterDraft { language: v, ..d.clone() }) }
                { select("dpi", "Resolution", &current.dpi, dpi_options(), |d, v| PrinterDraft { dpi: v, ..d.clone() }) }
                { text("label_width_in", "Width (in)", &current.label_width_in, |d, v| PrinterDraft { label_width_in: v, ..d.clone() }) }
                { text("label_height_in", "Height (in)", &current.label_height_in, |d, v| PrinterDraft { label_height_in: v, ..d.clone() }) }
            </div>
            <div class="page-actions">
                <button type="button" id="cancel-printer" class="btn btn-secondary"
                    onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button type="button" id="save-printer" class="btn btn-primary" disabled={disabled || saving.get()} onclick={save}>
                    if saving.get() { <span class="spinner" aria-hidden="true"></span> }
                    { "Save printer" }
                </button>
            </div>
        </div>
        </ContextProvider<FieldErrors>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_placeholder_follows_the_kind() {
        assert_eq!(address_placeholder("raw_tcp"), "192.168.1.50:9100");
        assert!(address_placeholder("ipp").starts_with("ipp://"));
        assert!(address_placeholder("windows_spooler").contains("Windows"));
        assert_eq!(address_placeholder("fax"), "");
    }

    #[test]
    fn a_raw_tcp_printer_is_switched_to_zpl() {
        let paper = PrinterDraft {
            kind: "ipp".into(),
            language: "pdf".into(),
            ..PrinterDraft::default()
        };
        assert_eq!(with_kind(&paper, "raw_tcp".into()).language, "zpl");
        assert_eq!(with_kind(&paper, "windows_spooler".into()).language, "pdf");
    }

    #[test]
    fn a_use_brings_its_usual_size_and_language_unless_sizes_were_typed() {
        let office = PrinterDraft {
            kind: "ipp".into(),
            ..PrinterDraft::default()
        };
        let documents = with_use(&office, "documents".into());
        assert_eq!(
            (
                documents.label_width_in.as_str(),
                documents.label_height_in.as_str(),
                documents.language.as_str()
            ),
            ("8.5", "11.0", "pdf")
        );
        let back = with_use(&documents, "labels".into());
        assert_eq!(
            (back.label_width_in.as_str(), back.language.as_str()),
            ("4.0", "zpl")
        );

        let custom = PrinterDraft {
            label_width_in: "2.25".into(),
            ..office
        };
        assert_eq!(with_use(&custom, "documents".into()).label_width_in, "2.25");
        let zebra = with_use(&PrinterDraft::default(), "documents".into());
        assert_eq!(zebra.language, "zpl", "a raw TCP printer stays on ZPL");
    }
}

//! The parcel: a box template and the four numbers carriers quote on.
//!
//! The form keeps the text as typed ([`ParcelDraft`], checked by the
//! domain's own `validate`, so errors name the same `parcel.*` fields the desk
//! does). Which template is chosen is read back from the sizes, so editing a
//! size by hand shows "Custom size" rather than a box that no longer matches.

use std::rc::Rc;

use packdesk_domain::api::ShippingView;
use packdesk_domain::shipping::{PackageSuggestion, PackageTemplate, Parcel, ParcelDraft, Tenths};
use yew::prelude::*;

use crate::fields::{Field, Options, SelectInput, TextInput};
use crate::shipping::model::open_quote;

/// The template whose sizes the draft has, if any (the first, when two match).
pub fn matching_template(templates: &[PackageTemplate], draft: &ParcelDraft) -> Option<usize> {
    let read = |text: &str| text.parse::<Tenths>().ok();
    let sizes = (
        read(&draft.length_in)?,
        read(&draft.width_in)?,
        read(&draft.height_in)?,
    );
    templates
        .iter()
        .position(|t| (t.length_in, t.width_in, t.height_in) == sizes)
}

/// The parcel in template `index`: its sizes, and the weight of what goes in
/// it (known from the desk's suggestion, which weighed the items in its own
/// box) plus the new box's own weight.
pub fn fill_from_template(
    templates: &[PackageTemplate],
    suggestion: Option<&PackageSuggestion>,
    index: usize,
) -> Option<ParcelDraft> {
    let template = templates.get(index)?;
    let contents = suggestion.map_or(0, |s| {
        let box_weight = templates.get(s.template).map_or(0, |t| t.empty_weight_oz.0);
        s.parcel.weight_oz.0.saturating_sub(box_weight)
    });
    Some(ParcelDraft::from(Parcel {
        length_in: template.length_in,
        width_in: template.width_in,
        height_in: template.height_in,
        weight_oz: Tenths(contents.saturating_add(template.empty_weight_oz.0)),
    }))
}

/// What the form starts with: the open quote's parcel when coming back to
/// it, else the desk's suggestion, else nothing.
pub fn initial_parcel(view: &ShippingView) -> ParcelDraft {
    open_quote(view)
        .map(|quote| ParcelDraft::from(quote.parcel))
        .or_else(|| {
            view.suggestion
                .as_ref()
                .map(|s| ParcelDraft::from(s.parcel))
        })
        .unwrap_or_default()
}

fn template_options(templates: &[PackageTemplate]) -> Options {
    Rc::new(
        templates
            .iter()
            .enumerate()
            .map(|(i, t)| (i.to_string().into(), t.name.clone().into()))
            .collect(),
    )
}

#[derive(Properties, PartialEq)]
pub struct ParcelFieldsProps {
    pub view: Rc<ShippingView>,
    pub draft: ParcelDraft,
    pub on_change: Callback<ParcelDraft>,
    /// Enter in any field: scales end a reading with Enter, so a weighed
    /// parcel is quoted without reaching for the mouse.
    pub on_enter: Callback<()>,
    pub disabled: bool,
}

/// The template select and the four inputs, errors shown inline under each.
#[function_component]
pub fn ParcelFields(props: &ParcelFieldsProps) -> Html {
    let view = props.view.clone();
    let draft = props.draft.clone();
    let choose_template = {
        let on_change = props.on_change.clone();
        let view = view.clone();
        Callback::from(move |value: String| {
            let filled = value.parse::<usize>().ok().and_then(|index| {
                fill_from_template(&view.templates, view.suggestion.as_ref(), index)
            });
            if let Some(filled) = filled {
                on_change.emit(filled);
            }
        })
    };
    let onkeydown = {
        let on_enter = props.on_enter.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_enter.emit(());
            }
        })
    };
    let input = |field: &'static str,
                 label: &'static str,
                 value: &str,
                 apply: fn(&mut ParcelDraft, String)| {
        let id = format!("parcel-{field}");
        let path = format!("parcel.{field}");
        let on_change = {
            let on_change = props.on_change.clone();
            let draft = draft.clone();
            Callback::from(move |text: String| {
                let mut next = draft.clone();
                apply(&mut next, text);
                on_change.emit(next);
            })
        };
        let weight = field == "weight_oz";
        html! {
            <Field id={id.clone()} label={label} path={path.clone()} required=true>
                <TextInput {id} {path} value={value.to_string()} {on_change} inputmode="decimal" class="num"
                    autocomplete="off" disabled={props.disabled} select_on_focus={weight}
                    onkeydown={onkeydown.clone()} />
            </Field>
        }
    };
    let chosen = matching_template(&view.templates, &draft)
        .map(|i| i.to_string())
        .unwrap_or_default();
    html! {
        <div class="parcel-fields">
            <Field id="parcel-template" label="Box" path="parcel.template">
                <SelectInput id="parcel-template" path="parcel.template" options={template_options(&view.templates)}
                    empty_label="Custom size" value={chosen} on_change={choose_template} disabled={props.disabled} />
            </Field>
            <div class="field-row parcel-sizes">
                { input("length_in", "Length (in)", &draft.length_in, |d, v| d.length_in = v) }
                { input("width_in", "Width (in)", &draft.width_in, |d, v| d.width_in = v) }
                { input("height_in", "Height (in)", &draft.height_in, |d, v| d.height_in = v) }
                { input("weight_oz", "Weight (oz)", &draft.weight_oz, |d, v| d.weight_oz = v) }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::api::ShipmentState;
    use packdesk_domain::shipping::standard_templates;
    use packdesk_domain::OrderStatus;

    use super::*;
    use crate::shipping::model::tests::{shipment, view};

    fn draft(l: &str, w: &str, h: &str, oz: &str) -> ParcelDraft {
        ParcelDraft {
            length_in: l.into(),
            width_in: w.into(),
            height_in: h.into(),
            weight_oz: oz.into(),
        }
    }

    /// The shirt box suggested for one 10 oz shirt: 6 oz of box, 16 oz in all.
    fn shirt_suggestion() -> PackageSuggestion {
        PackageSuggestion {
            template: 1,
            parcel: Parcel {
                length_in: Tenths(120),
                width_in: Tenths(90),
                height_in: Tenths(30),
                weight_oz: Tenths(160),
            },
        }
    }

    #[test]
    fn the_template_is_read_back_from_the_sizes_however_typed() {
        let templates = standard_templates();
        assert_eq!(
            matching_template(&templates, &draft("12", "9.0", "3", "")),
            Some(1)
        );
        assert_eq!(
            matching_template(&templates, &draft("12", "9", "3.5", "16")),
            None
        );
        assert_eq!(
            matching_template(&templates, &draft("", "9", "3", "16")),
            None
        );
    }

    #[test]
    fn a_new_box_keeps_the_contents_weight_and_adds_its_own() {
        let templates = standard_templates();
        let suggestion = shirt_suggestion();
        let suit_box = fill_from_template(&templates, Some(&suggestion), 2).expect("suit box");
        // 10 oz of shirt + the suit box's 16 oz.
        assert_eq!(suit_box, draft("24.0", "14.0", "4.0", "26.0"));
        let without = fill_from_template(&templates, None, 0).expect("mailer");
        assert_eq!(without, draft("10.0", "7.0", "2.0", "3.0"));
        assert_eq!(fill_from_template(&templates, None, 9), None);
    }

    #[test]
    fn the_form_starts_from_the_open_quote_then_the_suggestion() {
        let mut v = view(OrderStatus::Packaging, Vec::new());
        assert_eq!(initial_parcel(&v), ParcelDraft::default());
        v.suggestion = Some(shirt_suggestion());
        assert_eq!(initial_parcel(&v), draft("12.0", "9.0", "3.0", "16.0"));
        let mut quoted = shipment(1, ShipmentState::Quoted);
        quoted.parcel.weight_oz = Tenths(171);
        v.shipments = vec![quoted];
        assert_eq!(initial_parcel(&v).weight_oz, "17.1");
        assert_eq!(
            matching_template(&v.templates, &initial_parcel(&v)),
            Some(1)
        );
    }
}

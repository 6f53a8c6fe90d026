//! Labelled inputs with inline errors, shared by the order form and settings.
//!
//! A form provides a [`FieldErrors`] context; every input looks up the errors
//! whose path it owns, marks itself `aria-invalid`, and reports blur so the
//! form can start showing that field's errors.

use std::rc::Rc;

use packdesk_domain::{Currency, FieldError, Priority, Role};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::dom::event_value;
use crate::form_model::owns;

/// The errors a form currently shows, and who to tell when a field loses focus.
#[derive(Clone, PartialEq, Default)]
pub struct FieldErrors {
    pub shown: Rc<Vec<FieldError>>,
    pub on_blur: Callback<AttrValue>,
}

/// Errors for one path (and, when `nested`, its elements such as `tags[2]`),
/// first reason per path only.
fn errors_for(errors: &[FieldError], path: &str, nested: bool) -> Vec<FieldError> {
    let mut found: Vec<FieldError> = Vec::new();
    for error in errors {
        let matches = if nested {
            owns(path, &error.field)
        } else {
            error.field == path
        };
        if matches && !found.iter().any(|f| f.field == error.field) {
            found.push(error.clone());
        }
    }
    found
}

#[hook]
fn use_field_errors() -> FieldErrors {
    use_context::<FieldErrors>().unwrap_or_default()
}

/// `(value, label)` pairs for a `<select>`.
pub type Options = Rc<Vec<(AttrValue, AttrValue)>>;

pub fn priority_options() -> Options {
    Rc::new(
        Priority::ALL
            .iter()
            .map(|p| (p.as_str().into(), p.label().into()))
            .collect(),
    )
}

pub fn currency_options() -> Options {
    Rc::new(
        Currency::all()
            .map(|c| (c.code().into(), c.code().into()))
            .collect(),
    )
}

pub fn role_options() -> Options {
    Rc::new(
        Role::ALL
            .iter()
            .map(|r| (r.as_str().into(), r.label().into()))
            .collect(),
    )
}

#[derive(Properties, PartialEq)]
pub struct ErrorTextProps {
    /// The id of the input described, for `aria-describedby`.
    pub for_id: AttrValue,
    pub path: AttrValue,
    #[prop_or_default]
    pub nested: bool,
}

/// The `.field-error` lines under an input.
#[function_component]
pub fn ErrorText(props: &ErrorTextProps) -> Html {
    let context = use_field_errors();
    let errors = errors_for(&context.shown, &props.path, props.nested);
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="field-errors" id={format!("{}-error", props.for_id)}>
            { for errors.into_iter().map(|e| html! {
                <p class="field-error" data-field={e.field}>{ e.reason }</p>
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub path: AttrValue,
    #[prop_or_default]
    pub nested: bool,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub class: Classes,
    pub children: Html,
}

/// A label, its input (the children) and the input's errors.
#[function_component]
pub fn Field(props: &FieldProps) -> Html {
    html! {
        <div class={classes!("field", props.class.clone())}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="required" aria-hidden="true">{ " *" }</span> }
            </label>
            { props.children.clone() }
            <ErrorText for_id={props.id.clone()} path={props.path.clone()} nested={props.nested} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextInputProps {
    pub id: AttrValue,
    pub path: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// For inputs without a visible `<label>` (item table cells).
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub multiline: bool,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub onkeydown: Option<Callback<KeyboardEvent>>,
    #[prop_or_default]
    pub disabled: bool,
    /// Select the whole value on focus, so what is typed next (by a person
    /// or by a USB scale acting as a keyboard) replaces it.
    #[prop_or_default]
    pub select_on_focus: bool,
}

/// A text input (or textarea) wired to the form's errors and blur tracking.
#[function_component]
pub fn TextInput(props: &TextInputProps) -> Html {
    let context = use_field_errors();
    // Set when a click is about to focus the input, so that click's mouseup
    // does not drop the selection the focus made; later clicks place the
    // caret as usual.
    let clicked_in = use_mut_ref(|| false);
    let onfocus = props.select_on_focus.then(|| {
        Callback::from(|e: FocusEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                input.select();
            }
        })
    });
    let onmousedown = props.select_on_focus.then(|| {
        let clicked_in = clicked_in.clone();
        Callback::from(move |e: MouseEvent| {
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let target = e.target_dyn_into::<web_sys::Element>();
            *clicked_in.borrow_mut() = focused != target;
        })
    });
    let onmouseup = props.select_on_focus.then(|| {
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut *clicked_in.borrow_mut()) {
                e.prevent_default();
            }
        })
    });
    let invalid = context.shown.iter().any(|e| owns(&props.path, &e.field));
    let oninput = props.on_change.reform(|e: InputEvent| event_value(&e));
    // Also on `change`: programmatic clears (WebDriver's among them) fire no `input`.
    let onchange = props.on_change.reform(|e: Event| event_value(&e));
    let onblur = {
        let path = props.path.clone();
        context.on_blur.reform(move |_: FocusEvent| path.clone())
    };
    let described = invalid.then(|| format!("{}-error", props.id));
    let class = classes!("input", props.class.clone());
    if props.multiline {
        return html! {
            <textarea id={props.id.clone()} {class} value={props.value.clone()} {oninput} {onchange} {onblur}
                placeholder={props.placeholder.clone()} aria-label={props.aria_label.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={described} rows="3"
                onkeydown={props.onkeydown.clone()} disabled={props.disabled} />
        };
    }
    html! {
        <input id={props.id.clone()} {class} type={props.kind.clone()} value={props.value.clone()}
            {oninput} {onchange} {onblur} placeholder={props.placeholder.clone()}
            autocomplete={props.autocomplete.clone()} inputmode={props.inputmode.clone()}
            aria-label={props.aria_label.clone()} aria-invalid={invalid.to_string()}
            aria-describedby={described} onkeydown={props.onkeydown.clone()}
            disabled={props.disabled} {onfocus} {onmousedown} {onmouseup} />
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectInputProps {
    pub id: AttrValue,
    pub path: AttrValue,
    pub value: AttrValue,
    pub options: Options,
    pub on_change: Callback<String>,
    /// A first option with an empty value, e.g. "Any priority".
    #[prop_or_default]
    pub empty_label: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub disabled: bool,
}

/// A `<select>`; its value is also set through the DOM, because the `selected`
/// attribute alone stops steering a select once the user has changed it.
#[function_component]
pub fn SelectInput(props: &SelectInputProps) -> Html {
    let context = use_field_errors();
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(select) = node.cast::<HtmlSelectElement>() {
                select.set_value(value);
            }
        });
    }
    let invalid = context.shown.iter().any(|e| owns(&props.path, &e.field));
    let onchange = props.on_change.reform(|e: Event| event_value(&e));
    let onblur = {
        let path = props.path.clone();
        context.on_blur.reform(move |_: FocusEvent| path.clone())
    };
    let option = |value: &AttrValue, label: &AttrValue| {
        html! { <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option> }
    };
    html! {
        <select ref={node} id={props.id.clone()} class={classes!("input", props.class.clone())} {onchange} {onblur}
            aria-label={props.aria_label.clone()} aria-invalid={invalid.to_string()} disabled={props.disabled}>
            if let Some(label) = &props.empty_label { { option(&AttrValue::Static(""), label) } }
            { for props.options.iter().map(|(value, label)| option(value, label)) }
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str, reason: &str) -> FieldError {
        FieldError {
            field: field.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn one_reason_per_path_and_nesting_only_when_asked() {
        let errors = [
            error("tags", "a"),
            error("tags[1]", "b"),
            error("tags", "c"),
        ];
        let flat: Vec<_> = errors_for(&errors, "tags", false)
            .into_iter()
            .map(|e| e.reason)
            .collect();
        assert_eq!(flat, ["a"]);
        let nested: Vec<_> = errors_for(&errors, "tags", true)
            .into_iter()
            .map(|e| e.reason)
            .collect();
        assert_eq!(nested, ["a", "b"]);
    }
}

//! The new-order form, also used to edit an order that has not shipped.
//!
//! The form keeps text ([`OrderForm`]); every render re-checks it with the
//! domain's validation, and errors show once a field has been left or the
//! form submitted. Totals are recomputed as the user types.

use std::collections::HashSet;
use std::rc::Rc;

use packdesk_domain::api::OrderView;
use packdesk_domain::order::{EventKind, MeasurementDraft};
use packdesk_domain::{Currency, FieldError, OrderDraft};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::dom::focus_soon;
use crate::fields::{
    currency_options, priority_options, ErrorText, Field, FieldErrors, Options, SelectInput,
    TextInput,
};
use crate::form_model::{
    field_id, has_measurement_errors, owns, visible_errors, ItemForm, OrderForm,
};
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::toast::use_toaster;

/// Creating a new order, or editing a saved one.
#[derive(Clone, PartialEq)]
pub enum FormMode {
    New,
    Edit(Rc<OrderView>),
}

#[derive(Properties, PartialEq)]
pub struct OrderFormProps {
    pub mode: FormMode,
    pub default_currency: Currency,
    pub on_saved: Callback<OrderView>,
    pub on_cancel: Callback<()>,
}

/// The form's text plus what decides which errors show.
#[derive(Clone, PartialEq)]
struct FormState {
    form: OrderForm,
    touched: HashSet<String>,
    submitted: bool,
    /// Field errors the desk answered with on the last save.
    server: Vec<FieldError>,
}

type Edit = Rc<dyn Fn(&mut OrderForm)>;
type ItemEdit = Rc<dyn Fn(&mut ItemForm)>;
type MeasurementsEdit = Rc<dyn Fn(&mut Vec<MeasurementDraft>)>;

enum FormAction {
    Edit(Edit),
    Touch(String),
    Submit,
    Server(Vec<FieldError>),
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::Edit(edit) => edit(&mut next.form),
            FormAction::Touch(path) => {
                next.server.retain(|e| !owns(&path, &e.field));
                next.touched.insert(path);
            }
            FormAction::Submit => next.submitted = true,
            FormAction::Server(errors) => next.server = errors,
        }
        Rc::new(next)
    }
}

fn event_kind_options() -> Options {
    let label = |kind: EventKind| {
        if kind == EventKind::Other {
            "Other event"
        } else {
            kind.label()
        }
    };
    Rc::new(
        EventKind::ALL
            .iter()
            .map(|k| (k.as_str().into(), label(*k).into()))
            .collect(),
    )
}

fn unit_options() -> Options {
    Rc::new(vec![("in".into(), "in".into()), ("cm".into(), "cm".into())])
}

/// Focuses the first input the form marks invalid, once it is drawn.
fn focus_first_error() {
    focus_soon("#order-form [aria-invalid='true']".into());
}

#[function_component]
pub fn OrderFormPage(props: &OrderFormProps) -> Html {
    let state = {
        let mode = props.mode.clone();
        let currency = props.default_currency;
        use_reducer(move || {
            let form = match &mode {
                FormMode::New => OrderForm::new(currency),
                FormMode::Edit(view) => OrderForm::from_draft(&view.order.details.to_draft()),
            };
            FormState {
                form,
                touched: HashSet::new(),
                submitted: false,
                server: Vec::new(),
            }
        })
    };
    let saving = use_busy();
    // The command id of the last attempt, reused while the draft is unchanged
    // so a retry after a failure is recognised by the desk as the same one.
    let last_attempt = use_mut_ref(|| None::<(OrderDraft, Uuid)>);
    let toaster = use_toaster();

    let checked = state.form.check();
    let found: &[FieldError] = checked
        .as_ref()
        .err()
        .map(|e| e.0.as_slice())
        .unwrap_or_default();
    let shown = Rc::new(visible_errors(
        found,
        &state.touched,
        state.submitted,
        &state.server,
    ));

    let save = {
        let state = state.clone();
        let saving = saving.clone();
        let mode = props.mode.clone();
        let on_saved = props.on_saved.clone();
        let toaster = toaster.clone();
        Callback::from(move |_: ()| {
            state.dispatch(FormAction::Submit);
            let draft = match state.form.check() {
                Ok(draft) => draft,
                Err(_) => return focus_first_error(),
            };
            let reused = last_attempt
                .borrow()
                .as_ref()
                .filter(|(sent, _)| *sent == draft)
                .map(|(_, id)| *id);
            let command_id = match reused.map(Ok).unwrap_or_else(bridge::new_command_id) {
                Ok(id) => id,
                Err(error) => return toaster.error(error.message),
            };
            *last_attempt.borrow_mut() = Some((draft.clone(), command_id));
            if !saving.start() {
                return;
            }
            let (state, saving, mode, on_saved, toaster) = (
                state.clone(),
                saving.clone(),
                mode.clone(),
                on_saved.clone(),
                toaster.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = match &mode {
                    FormMode::New => bridge::create_order(command_id, &draft).await,
                    FormMode::Edit(view) => {
                        bridge::edit_order(command_id, view.order.id, &draft).await
                    }
                };
                match result {
                    Ok(view) => {
                        let verb = if mode == FormMode::New {
                            "created"
                        } else {
                            "updated"
                        };
                        toaster.success(format!("Order {} {verb}", view.order.order_number));
                        on_saved.emit(view);
                    }
                    // On success the page is left, so the button stays disabled.
                    Err(error) => {
                        saving.finish();
                        toaster.error(error.message);
                        if !error.fields.is_empty() {
                            state.dispatch(FormAction::Server(error.fields));
                            focus_first_error();
                        }
                    }
                }
            });
        })
    };

    {
        let save = save.clone();
        let on_cancel = props.on_cancel.clone();
        use_shortcuts(Callback::from(move |shortcut| match shortcut {
            Shortcut::Save => save.emit(()),
            Shortcut::Back => on_cancel.emit(()),
            _ => {}
        }));
    }

    let dispatcher = state.dispatcher();
    let edit = {
        let dispatcher = dispatcher.clone();
        move |apply: fn(&mut OrderForm, String)| {
            let dispatcher = dispatcher.clone();
            Callback::from(move |value: String| {
                dispatcher.dispatch(FormAction::Edit(Rc::new(move |form: &mut OrderForm| {
                    apply(form, value.clone())
                })))
            })
        }
    };
    let on_blur = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |path: AttrValue| {
            dispatcher.dispatch(FormAction::Touch(path.to_string()))
        })
    };
    let context = FieldErrors {
        shown: shown.clone(),
        on_blur,
    };

    let form = &state.form;
    let currency = form.currency();
    let item_count = form.items.len();
    let add_item = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: ()| {
            dispatcher.dispatch(FormAction::Edit(Rc::new(|form: &mut OrderForm| {
                form.items.push(ItemForm::blank())
            })));
            focus_soon(format!("#item-{item_count}-name"));
        })
    };
    // Enter in the last row adds a line; in another row it moves down one.
    let row_keydown = |index: usize| {
        let add_item = add_item.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" || e.ctrl_key() || e.meta_key() {
                return;
            }
            e.prevent_default();
            if index + 1 == item_count {
                add_item.emit(());
            } else {
                focus_soon(format!("#item-{}-name", index + 1));
            }
        })
    };

    let (title, save_label) = match &props.mode {
        FormMode::New => ("New order".to_string(), "Create order"),
        FormMode::Edit(view) => (
            format!("Edit order {}", view.order.order_number),
            "Save changes",
        ),
    };
    let unplaced: Vec<&FieldError> = shown
        .iter()
        .filter(|e| field_id(&e.field).is_none() && e.field != "total")
        .collect();
    let totals = form.live_totals();
    let money =
        |minor: Option<i64>| minor.map_or_else(|| "—".to_string(), |m| currency.format_display(m));
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let submit = save.reform(|e: SubmitEvent| e.prevent_default());
    let save_click = save.reform(|_: MouseEvent| ());

    let text = |id: &'static str,
                label: &'static str,
                path: &'static str,
                value: &str,
                apply: fn(&mut OrderForm, String),
                required: bool| {
        html! {
            <Field id={id} label={label} path={path} required={required}>
                <TextInput id={id} path={path} value={value.to_string()} on_change={edit(apply)} />
            </Field>
        }
    };

    html! {
        <ContextProvider<FieldErrors> context={context}>
        <form id="order-form" class="page order-form" novalidate=true onsubmit={submit}>
            <header class="page-header">
                <div>
                    <h1>{ title }</h1>
                    <p class="muted">{ "Fields marked * are required. Enter in the last item row adds a line." }</p>
                </div>
                <div class="page-actions">
                    <button type="button" class="btn btn-secondary" onclick={cancel.clone()} title="Cancel (Esc)">{ "Cancel" }</button>
                    <SaveButton saving={saving.get()} label={save_label} onclick={save_click.clone()} />
                </div>
            </header>

            if state.submitted && !shown.is_empty() {
                <div class="banner banner-error" role="alert">
                    <strong>{ format!("Please check {} highlighted.", crate::format::plural(shown.len() as i64, "field", "fields")) }</strong>
                    { for unplaced.iter().map(|e| html! {
                        <p class="field-error" data-field={e.field.clone()}>{ format!("{}: {}", e.field, e.reason) }</p>
                    }) }
                </div>
            }

            <div class="form-grid">
                <section class="card">
                    <h2>{ "Customer" }</h2>
                    { text("customer-name", "Name", "customer.name", &form.customer.name, |f, v| f.customer.name = v, true) }
                    <Field id="customer-email" label="Email" path="customer.email" required=true>
                        <TextInput id="customer-email" path="customer.email" kind="email" autocomplete="off"
                            value={form.customer.email.clone()} on_change={edit(|f, v| f.customer.email = v)} />
                    </Field>
                    <Field id="customer-phone" label="Phone" path="customer.phone">
                        <TextInput id="customer-phone" path="customer.phone" kind="tel"
                            value={form.customer.phone.clone()} on_change={edit(|f, v| f.customer.phone = v)} />
                    </Field>
                </section>

                <section class="card">
                    <h2>{ "Shipping address" }</h2>
                    { text("address-line1", "Address line 1", "shipping_address.line1", &form.address.line1, |f, v| f.address.line1 = v, true) }
                    { text("address-line2", "Address line 2", "shipping_address.line2", &form.address.line2, |f, v| f.address.line2 = v, false) }
                    <div class="field-row">
                        { text("address-city", "City", "shipping_address.city", &form.address.city, |f, v| f.address.city = v, true) }
                        { text("address-region", "State / region", "shipping_address.region", &form.address.region, |f, v| f.address.region = v, false) }
                    </div>
                    <div class="field-row">
                        { text("address-postal-code", "Postal code", "shipping_address.postal_code", &form.address.postal_code, |f, v| f.address.postal_code = v, true) }
                        { text("address-country", "Country (2 letters)", "shipping_address.country", &form.address.country, |f, v| f.address.country = v, true) }
                    </div>
                </section>

                <section class="card">
                    <h2>{ "Order" }</h2>
                    <div class="field-row">
                        <Field id="priority" label="Priority" path="priority">
                            <SelectInput id="priority" path="priority" value={form.priority.clone()}
                                options={priority_options()} on_change={edit(|f, v| f.priority = v)} />
                        </Field>
                        <Field id="currency" label="Currency" path="currency">
                            <SelectInput id="currency" path="currency" value={form.currency.clone()}
                                options={currency_options()} on_change={edit(|f, v| f.currency = v)} />
                        </Field>
                    </div>
                    <div class="field-row">
                        <Field id="event-kind" label="Event" path="event_kind">
                            <SelectInput id="event-kind" path="event_kind" value={form.event_kind.clone()}
                                options={event_kind_options()} empty_label="No event" on_change={edit(|f, v| f.event_kind = v)} />
                        </Field>
                        <Field id="event-date" label="Event date" path="event_date">
                            <TextInput id="event-date" path="event_date" kind="date"
                                value={form.event_date.clone()} on_change={edit(|f, v| f.event_date = v)} />
                        </Field>
                    </div>
                    <Field id="tags" label="Tags" path="tags" nested=true>
                        <TextInput id="tags" path="tags" placeholder="groom, rush, vip" value={form.tags.clone()}
                            on_change={edit(|f, v| f.tags = v)} />
                    </Field>
                    <Field id="notes" label="Notes" path="notes">
                        <TextInput id="notes" path="notes" multiline=true value={form.notes.clone()}
                            on_change={edit(|f, v| f.notes = v)} />
                    </Field>
                </section>
            </div>

            <section class="card">
                <h2>{ "Items" }</h2>
                <div class="table-wrap">
                <table class="table items-table">
                    <thead>
                        <tr>
                            <th>{ "Product *" }</th><th>{ "SKU" }</th><th>{ "Size" }</th><th>{ "Colour" }</th>
                            <th class="num">{ "Qty *" }</th><th class="num">{ format!("Unit price ({}) *", currency.code()) }</th>
                            <th class="num">{ "Line total" }</th><th><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    { for form.items.iter().enumerate().map(|(index, item)| html! {
                        <ItemRows key={index} {index} item={item.clone()} count={item_count}
                            line_total={money(form.line_total(index))}
                            force_open={has_measurement_errors(&shown, index)}
                            dispatcher={dispatcher.clone()} onkeydown={row_keydown(index)} />
                    }) }
                </table>
                </div>
                <div class="items-footer">
                    <button type="button" id="add-item" class="btn btn-secondary" onclick={add_item.reform(|_: MouseEvent| ())}
                        title="Add a line (Enter in the last row)">{ "+ Add item" }</button>
                    <ErrorText for_id="add-item" path="items" />
                </div>
            </section>

            <section class="card totals-card">
                <h2>{ "Totals" }</h2>
                <dl class="totals">
                    <dt>{ "Subtotal" }</dt>
                    <dd>{ money(totals.map(|t| t.subtotal)) }</dd>
                    { for [
                        ("tax", "Tax", form.tax.clone(), edit(|f, v| f.tax = v)),
                        ("shipping", "Shipping", form.shipping.clone(), edit(|f, v| f.shipping = v)),
                        ("discount", "Discount", form.discount.clone(), edit(|f, v| f.discount = v)),
                    ].into_iter().map(|(id, label, value, on_change)| html! {
                        <>
                            <dt><label for={id}>{ label }</label></dt>
                            <dd>
                                <TextInput {id} path={id} {value} {on_change} inputmode="decimal" placeholder={currency.format_plain(0)} class="amount" />
                                <ErrorText for_id={id} path={id} />
                            </dd>
                        </>
                    }) }
                    <dt class="grand">{ "Total" }</dt>
                    <dd class="grand" id="total-amount">{ money(totals.map(|t| t.total)) }</dd>
                </dl>
                <ErrorText for_id="total-amount" path="total" />
                <div class="page-actions">
                    <button type="button" class="btn btn-secondary" onclick={cancel} title="Cancel (Esc)">{ "Cancel" }</button>
                    <SaveButton id="save-order" saving={saving.get()} label={save_label} onclick={save_click} />
                </div>
            </section>
        </form>
        </ContextProvider<FieldErrors>>
    }
}

#[derive(Properties, PartialEq)]
struct SaveButtonProps {
    #[prop_or_default]
    id: Option<AttrValue>,
    saving: bool,
    label: AttrValue,
    onclick: Callback<MouseEvent>,
}

/// The primary save button: disabled with a spinner while a save is in flight.
#[function_component]
fn SaveButton(props: &SaveButtonProps) -> Html {
    html! {
        <button type="button" id={props.id.clone()} class="btn btn-primary" disabled={props.saving}
            aria-busy={props.saving.to_string()} onclick={props.onclick.clone()} title="Save (Ctrl+S)">
            if props.saving { <span class="spinner" aria-hidden="true"></span>{ "Saving…" } } else { { props.label.clone() } }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct ItemRowsProps {
    index: usize,
    item: ItemForm,
    count: usize,
    line_total: AttrValue,
    /// Open the measurements because one of them is wrong.
    force_open: bool,
    dispatcher: UseReducerDispatcher<FormState>,
    onkeydown: Callback<KeyboardEvent>,
}

/// One item line and, when open, its measurements.
#[function_component]
fn ItemRows(props: &ItemRowsProps) -> Html {
    let index = props.index;
    let item = &props.item;
    let dispatch = {
        let dispatcher = props.dispatcher.clone();
        move |apply: ItemEdit| {
            dispatcher.dispatch(FormAction::Edit(Rc::new(move |form: &mut OrderForm| {
                if let Some(item) = form.items.get_mut(index) {
                    apply(item);
                }
            })))
        }
    };
    let edit = |apply: fn(&mut ItemForm, String)| {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| {
            dispatch(Rc::new(move |item: &mut ItemForm| {
                apply(item, value.clone())
            }))
        })
    };
    let cell = |part: &str,
                field: &str,
                label: &str,
                value: &str,
                apply: fn(&mut ItemForm, String),
                extra: Classes| {
        let id = format!("item-{index}-{part}");
        html! {
            <td class={extra.clone()}>
                <TextInput id={id.clone()} path={format!("items[{index}].{field}")} value={value.to_string()}
                    aria_label={format!("{label}, line {}", index + 1)} on_change={edit(apply)}
                    onkeydown={props.onkeydown.clone()} class={extra} />
                <ErrorText for_id={id} path={format!("items[{index}].{field}")} />
            </td>
        }
    };
    let open = item.show_measurements || props.force_open;
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch(Rc::new(move |item: &mut ItemForm| {
                item.show_measurements = !open
            }))
        })
    };
    let remove = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(FormAction::Edit(Rc::new(move |form: &mut OrderForm| {
                if index < form.items.len() {
                    form.items.remove(index);
                }
            })))
        })
    };
    let measurement_count = item.measurements.len();
    html! {
        <tbody class="item">
            <tr>
                { cell("name", "product_name", "Product", &item.product_name, |i, v| i.product_name = v, classes!("wide")) }
                { cell("sku", "sku", "SKU", &item.sku, |i, v| i.sku = v, classes!()) }
                { cell("size", "size", "Size", &item.size, |i, v| i.size = v, classes!("narrow")) }
                { cell("colour", "colour", "Colour", &item.colour, |i, v| i.colour = v, classes!()) }
                { cell("quantity", "quantity", "Quantity", &item.quantity, |i, v| i.quantity = v, classes!("num", "narrow")) }
                { cell("price", "unit_price", "Unit price", &item.unit_price, |i, v| i.unit_price = v, classes!("num", "amount")) }
                <td class="num line-total">{ props.line_total.clone() }</td>
                <td class="row-actions">
                    <button type="button" id={format!("item-{index}-measurements")} class="btn btn-ghost btn-small"
                        aria-expanded={open.to_string()} onclick={toggle}>
                        { format!("Measurements ({measurement_count})") }
                    </button>
                    <button type="button" class="btn btn-ghost btn-small btn-icon" disabled={props.count <= 1}
                        aria-label={format!("Remove line {}", index + 1)} title="Remove line" onclick={remove}>{ "×" }</button>
                </td>
            </tr>
            if open {
                <tr class="measurements-row">
                    <td colspan="8">
                        <Measurements {index} measurements={item.measurements.clone()} dispatcher={props.dispatcher.clone()} />
                    </td>
                </tr>
            }
        </tbody>
    }
}

#[derive(Properties, PartialEq)]
struct MeasurementsProps {
    index: usize,
    measurements: Vec<MeasurementDraft>,
    dispatcher: UseReducerDispatcher<FormState>,
}

/// Name / value / unit rows for one item.
#[function_component]
fn Measurements(props: &MeasurementsProps) -> Html {
    let index = props.index;
    let update = {
        let dispatcher = props.dispatcher.clone();
        move |apply: MeasurementsEdit| {
            let dispatcher = dispatcher.clone();
            move || {
                let apply = apply.clone();
                dispatcher.dispatch(FormAction::Edit(Rc::new(move |form: &mut OrderForm| {
                    if let Some(item) = form.items.get_mut(index) {
                        apply(&mut item.measurements);
                    }
                })))
            }
        }
    };
    let edit = |m: usize, apply: fn(&mut MeasurementDraft, String)| {
        let update = update.clone();
        Callback::from(move |value: String| {
            update(Rc::new(move |list: &mut Vec<MeasurementDraft>| {
                if let Some(measurement) = list.get_mut(m) {
                    apply(measurement, value.clone());
                }
            }))()
        })
    };
    let add = {
        let run = update(Rc::new(|list: &mut Vec<MeasurementDraft>| {
            list.push(MeasurementDraft {
                unit: "in".into(),
                ..Default::default()
            })
        }));
        let next = props.measurements.len();
        Callback::from(move |_: MouseEvent| {
            run();
            focus_soon(format!("#item-{index}-m{next}-name"));
        })
    };
    html! {
        <div class="measurements">
            { for props.measurements.iter().enumerate().map(|(m, measurement)| {
                let id = |part: &str| format!("item-{index}-m{m}-{part}");
                let path = |part: &str| format!("items[{index}].measurements[{m}].{part}");
                let remove = update(Rc::new(move |list: &mut Vec<MeasurementDraft>| {
                    if m < list.len() {
                        list.remove(m);
                    }
                }));
                html! {
                    <div class="measurement">
                        <div class="measurement-field">
                            <TextInput id={id("name")} path={path("name")} value={measurement.name.clone()}
                                placeholder="Chest" aria_label="Measurement name" on_change={edit(m, |d, v| d.name = v)} />
                            <ErrorText for_id={id("name")} path={path("name")} />
                        </div>
                        <div class="measurement-field">
                            <TextInput id={id("value")} path={path("value")} value={measurement.value.clone()} inputmode="decimal"
                                placeholder="42.5" aria_label="Measurement value" on_change={edit(m, |d, v| d.value = v)} class="num" />
                            <ErrorText for_id={id("value")} path={path("value")} />
                        </div>
                        <div class="measurement-field">
                            <SelectInput id={id("unit")} path={path("unit")} value={measurement.unit.clone()} options={unit_options()}
                                aria_label="Unit" on_change={edit(m, |d, v| d.unit = v)} />
                            <ErrorText for_id={id("unit")} path={path("unit")} />
                        </div>
                        <button type="button" class="btn btn-ghost btn-small btn-icon" aria-label="Remove measurement"
                            onclick={Callback::from(move |_: MouseEvent| remove())}>{ "×" }</button>
                    </div>
                }
            }) }
            <button type="button" class="btn btn-ghost btn-small" onclick={add}>{ "+ Add measurement" }</button>
            <ErrorText for_id={format!("item-{index}-measurements")} path={format!("items[{index}].measurements")} />
        </div>
    }
}

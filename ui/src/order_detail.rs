//! One order: its details, its history, and the status moves the operator may
//! make; its Shipping tab buys and tracks the label.

use std::rc::Rc;

use packdesk_domain::api::{ErrorBody, ErrorKind, OrderView};
use packdesk_domain::order::{Item, LengthUnit, OrderDetails};
use packdesk_domain::{HistorySource, Role, StatusChange};
use uuid::Uuid;
use yew::prelude::*;

use crate::actions::{can_edit, status_actions, StatusAction};
use crate::badges::{PriorityBadge, StatusBadge};
use crate::bridge;
use crate::busy::use_busy;
use crate::dom::dialog_open;
use crate::format;
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::reason_dialog::ReasonDialog;
use crate::shipping::ShippingPanel;
use crate::toast::use_toaster;

#[derive(Properties, PartialEq)]
pub struct OrderDetailProps {
    pub order_id: Uuid,
    /// `None` until the settings have loaded: no actions are offered until then.
    pub role: Option<Role>,
    pub on_back: Callback<()>,
    pub on_edit: Callback<Rc<OrderView>>,
    pub on_open_settings: Callback<()>,
}

/// The page's two tabs. Details is where an order opens: its history is
/// what people look for first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Details,
    Shipping,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Rc<OrderView>),
    Failed(ErrorBody),
}

#[function_component]
pub fn OrderDetail(props: &OrderDetailProps) -> Html {
    let load = use_state(|| Load::Loading);
    // The move waiting for a reason, while the dialog is open.
    let asking = use_state(|| None::<StatusAction>);
    let tab = use_state(|| Tab::Details);
    let busy = use_busy();
    let toaster = use_toaster();

    {
        let load = load.clone();
        use_effect_with(props.order_id, move |order_id| {
            let order_id = *order_id;
            load.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match bridge::get_order(order_id).await {
                    Ok(view) => Load::Loaded(Rc::new(view)),
                    Err(error) => Load::Failed(error),
                });
            });
        });
    }

    {
        let on_back = props.on_back.clone();
        use_shortcuts(Callback::from(move |shortcut| {
            // An open dialog closes itself on Esc; only then does Esc leave.
            if shortcut == Shortcut::Back && !dialog_open() {
                on_back.emit(());
            }
        }));
    }

    let move_to = {
        let load = load.clone();
        let busy = busy.clone();
        let asking = asking.clone();
        let toaster = toaster.clone();
        let order_id = props.order_id;
        Callback::from(move |(action, reason): (StatusAction, Option<String>)| {
            let command_id = match bridge::new_command_id() {
                Ok(id) => id,
                Err(error) => return toaster.error(error.message),
            };
            if !busy.start() {
                return;
            }
            let (load, busy, asking, toaster) =
                (load.clone(), busy.clone(), asking.clone(), toaster.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result =
                    bridge::change_status(command_id, order_id, action.to, reason.as_deref()).await;
                busy.finish();
                match result {
                    Ok(view) => {
                        asking.set(None);
                        toaster.success(format!(
                            "Order {} is now {}",
                            view.order.order_number,
                            view.order.status.label()
                        ));
                        load.set(Load::Loaded(Rc::new(view)));
                    }
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };

    // Buying or voiding a label moves the order: reload it in place, without
    // the loading screen, so the Shipping tab stays where it was.
    let refresh = {
        let load = load.clone();
        let toaster = toaster.clone();
        let order_id = props.order_id;
        Callback::from(move |_: ()| {
            let (load, toaster) = (load.clone(), toaster.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::get_order(order_id).await {
                    Ok(view) => load.set(Load::Loaded(Rc::new(view))),
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };

    let back = props.on_back.reform(|_: MouseEvent| ());
    let back_button = html! {
        <button type="button" id="back" class="btn btn-ghost" onclick={back} title="Back to orders (Esc)">{ "← Orders" }</button>
    };
    let view = match &*load {
        Load::Loading => {
            return html! {
                <section class="page">{ back_button }<div class="panel panel-loading"><span class="spinner"></span>{ "Loading order…" }</div></section>
            }
        }
        Load::Failed(error) => {
            let title = if error.kind == ErrorKind::NotFound {
                "Order not found"
            } else {
                "The order could not be loaded"
            };
            return html! {
                <section class="page">{ back_button }
                    <div class="panel panel-error" role="alert"><h2>{ title }</h2><p>{ error.message.clone() }</p></div>
                </section>
            };
        }
        Load::Loaded(view) => view.clone(),
    };

    let order = &view.order;
    let actions = props
        .role
        .map(|role| status_actions(order.lifecycle(), role))
        .unwrap_or_default();
    let editable = props.role.is_some_and(|role| can_edit(order, role));
    let action_button = |action: &StatusAction| {
        let onclick = {
            let action = action.clone();
            let asking = asking.clone();
            let move_to = move_to.clone();
            Callback::from(move |_: MouseEvent| {
                if action.needs_reason {
                    asking.set(Some(action.clone()));
                } else {
                    move_to.emit((action.clone(), None));
                }
            })
        };
        html! {
            <button type="button" id={format!("move-{}", action.to.as_str())} class={action.style.class()}
                disabled={busy.get()} {onclick}>{ action.label.clone() }</button>
        }
    };
    let no_actions_note = if order.status.is_terminal() {
        "This order is closed: its status cannot change."
    } else if props.role.is_none() {
        "Loading your permissions…"
    } else {
        "Your role cannot change this order's status."
    };
    let edit = {
        let on_edit = props.on_edit.clone();
        let view = view.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(view.clone()))
    };
    let details = &order.details;

    html! {
        <section id="order-detail" class="page order-detail" data-order-number={order.order_number.clone()}>
            { back_button }
            <header class="page-header">
                <div class="title-block">
                    <h1 class="mono">{ &order.order_number }</h1>
                    <div class="badges">
                        <StatusBadge id="order-status" status={order.status} />
                        <PriorityBadge priority={details.priority} />
                    </div>
                    <p class="muted">{ format!("Created {} · updated {}", format::local_date_time(order.created_at), format::local_date_time(order.updated_at)) }</p>
                </div>
                if editable {
                    <div class="page-actions">
                        <button type="button" id="edit-order" class="btn btn-secondary" onclick={edit}>{ "Edit order" }</button>
                    </div>
                }
            </header>

            <div class="card actions-card">
                <h2>{ "Next steps" }</h2>
                if actions.is_empty() {
                    <p class="muted">{ no_actions_note }</p>
                } else {
                    <div class="action-buttons">{ for actions.iter().map(action_button) }</div>
                }
            </div>

            <div class="tabs" role="tablist" aria-label="Order sections">
                { tab_button("tab-details", "Details", Tab::Details, &tab) }
                { tab_button("tab-shipping", "Shipping", Tab::Shipping, &tab) }
            </div>

            if *tab == Tab::Details {
                <div id="panel-details" class="detail-grid" role="tabpanel" aria-labelledby="tab-details">
                    <div class="detail-main">
                        { summary_cards(details) }
                        { items_card(details) }
                    </div>
                    <aside class="detail-side">
                        { timeline(&view.history) }
                    </aside>
                </div>
            } else {
                <div id="panel-shipping" role="tabpanel" aria-labelledby="tab-shipping">
                    <ShippingPanel order_id={order.id} order_status={order.status} role={props.role}
                        on_changed={refresh} on_open_settings={props.on_open_settings.clone()} />
                </div>
            }

            if let Some(action) = (*asking).clone() {
                <ReasonDialog title={action.label.clone()} confirm_label={action.label.clone()}
                    confirm_class={action.style.class()} placeholder="e.g. Customer asked to wait for fabric"
                    busy={busy.get()}
                    on_cancel={let asking = asking.clone(); Callback::from(move |_| asking.set(None))}
                    on_confirm={move_to.reform(move |reason| (action.clone(), Some(reason)))} />
            }
        </section>
    }
}

fn tab_button(
    id: &'static str,
    label: &'static str,
    this: Tab,
    current: &UseStateHandle<Tab>,
) -> Html {
    let selected = **current == this;
    let onclick = {
        let current = current.clone();
        Callback::from(move |_: MouseEvent| current.set(this))
    };
    html! {
        <button type="button" {id} role="tab" class={classes!("tab", selected.then_some("active"))}
            aria-selected={selected.to_string()} {onclick}>{ label }</button>
    }
}

fn summary_cards(details: &OrderDetails) -> Html {
    let address = &details.shipping_address;
    let region_line = [
        address.city.as_str(),
        address.region.as_str(),
        address.postal_code.as_str(),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    html! {
        <div class="card-grid">
            <div class="card">
                <h2>{ "Customer" }</h2>
                <p class="strong">{ &details.customer.name }</p>
                <p><a href={format!("mailto:{}", details.customer.email)}>{ &details.customer.email }</a></p>
                if !details.customer.phone.is_empty() { <p>{ &details.customer.phone }</p> }
            </div>
            <div class="card">
                <h2>{ "Ship to" }</h2>
                <address>
                    <div>{ &address.line1 }</div>
                    if !address.line2.is_empty() { <div>{ &address.line2 }</div> }
                    <div>{ region_line }</div>
                    <div>{ &address.country }</div>
                </address>
            </div>
            <div class="card">
                <h2>{ "Event & notes" }</h2>
                <p>
                    { match details.event {
                        Some(event) => format!("{} · {}", event.kind.label(), format::date(event.date)),
                        None => "No event".into(),
                    } }
                </p>
                if !details.tags.is_empty() {
                    <div class="tags">{ for details.tags.iter().map(|t| html! { <span class="tag">{ t }</span> }) }</div>
                }
                if details.notes.is_empty() { <p class="muted">{ "No notes" }</p> } else { <p class="notes">{ &details.notes }</p> }
            </div>
        </div>
    }
}

fn measurement_text(item: &Item) -> String {
    item.measurements
        .iter()
        .map(|m| {
            let unit = match m.unit {
                LengthUnit::In => "in",
                LengthUnit::Cm => "cm",
            };
            format!("{} {} {unit}", m.name, m.value)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn items_card(details: &OrderDetails) -> Html {
    let money = |minor| details.currency.format_display(minor);
    let totals = details.totals;
    let dash = |text: &str| {
        if text.is_empty() {
            "—".to_string()
        } else {
            text.to_string()
        }
    };
    html! {
        <div class="card">
            <h2>{ "Items" }</h2>
            <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th>{ "Product" }</th><th>{ "SKU" }</th><th>{ "Size" }</th><th>{ "Colour" }</th>
                        <th class="num">{ "Qty" }</th><th class="num">{ "Unit price" }</th><th class="num">{ "Line total" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for details.items.iter().map(|item| html! {
                        <tr>
                            <td>
                                <div class="strong">{ &item.product_name }</div>
                                if !item.measurements.is_empty() { <div class="muted small">{ measurement_text(item) }</div> }
                            </td>
                            <td class="mono">{ dash(&item.sku) }</td>
                            <td>{ dash(&item.size) }</td>
                            <td>{ dash(&item.colour) }</td>
                            <td class="num">{ item.quantity }</td>
                            <td class="num">{ money(item.unit_price) }</td>
                            <td class="num">{ money(item.line_total) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <dl class="totals">
                <dt>{ "Subtotal" }</dt><dd>{ money(totals.subtotal) }</dd>
                <dt>{ "Tax" }</dt><dd>{ money(totals.tax) }</dd>
                <dt>{ "Shipping" }</dt><dd>{ money(totals.shipping) }</dd>
                <dt>{ "Discount" }</dt><dd>{ money(-totals.discount) }</dd>
                <dt class="grand">{ "Total" }</dt><dd class="grand">{ money(totals.total) }</dd>
            </dl>
        </div>
    }
}

/// History newest first; entries at the same instant keep their recorded order reversed.
fn timeline(history: &[StatusChange]) -> Html {
    let mut entries: Vec<&StatusChange> = history.iter().collect();
    entries.reverse();
    entries.sort_by_key(|change| std::cmp::Reverse(change.at));
    html! {
        <div class="card">
            <h2>{ "History" }</h2>
            <ol id="timeline" class="timeline">
                { for entries.into_iter().map(|change| html! {
                    <li class="timeline-entry">
                        <div class="timeline-move">
                            { match change.from {
                                Some(from) => html! { <><StatusBadge status={from} /><span class="arrow" aria-label="to">{ "→" }</span></> },
                                None => html! { <span class="muted">{ "Created as" }</span> },
                            } }
                            <StatusBadge status={change.to} />
                        </div>
                        <div class="timeline-meta muted small">
                            { format!("{} · {}", format::local_date_time(change.at), change.by) }
                            if change.source != HistorySource::User {
                                <span class="source">{ format!(" · {}", change.source.as_str()) }</span>
                            }
                        </div>
                        if let Some(reason) = &change.reason {
                            <blockquote class="timeline-reason">{ reason }</blockquote>
                        }
                    </li>
                }) }
            </ol>
        </div>
    }
}

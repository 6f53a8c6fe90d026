//! The Shipping panel: the order detail's Shipping tab and the packing
//! bench's working area. Setup gaps, the address check, parcel and rates,
//! buying (or queueing while offline), and once bought the label, its
//! reprint and void, and tracking.

mod actions;
mod address;
mod history;
mod label;
mod model;
mod parcel;
mod quote;
mod rates;
mod state;

use std::rc::Rc;

use packdesk_domain::api::ShipmentState;
use packdesk_domain::{OrderStatus, Permission, Role};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::dom::select_soon;
use crate::fields::FieldErrors;
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::reason_dialog::ReasonDialog;
use crate::toast::use_toaster;

use actions::use_actions;
use address::AddressCheckCard;
use history::history_card;
use label::{pending_card, LabelSection};
use model::{
    active_shipment, buy_blocker, may_quote, offers_parcel, past_packing, queued_pick, voided,
    CARRIER_OFFLINE,
};
use quote::QuoteCard;
use state::{PanelAction, PanelState};

/// Where the scale types; focused on the bench once an order is scanned.
const WEIGHT_FIELD: &str = "#parcel-weight_oz";

#[derive(Properties, PartialEq)]
pub struct ShippingPanelProps {
    pub order_id: Uuid,
    /// The order's status as its page last loaded it: a move made on the page
    /// changes it, and the panel reloads to match.
    pub order_status: OrderStatus,
    /// `None` until the settings have loaded: nothing is offered until then.
    pub role: Option<Role>,
    /// Told after a label is bought, queued or voided: the order has changed.
    pub on_changed: Callback<()>,
    pub on_open_settings: Callback<()>,
    /// On the bench: focus the weight field once the panel is ready, for the scale.
    #[prop_or_default]
    pub focus_weight: bool,
}

#[function_component]
pub fn ShippingPanel(props: &ShippingPanelProps) -> Html {
    let state = use_reducer(PanelState::default);
    let order_id = props.order_id;
    let actions = use_actions(order_id, state.dispatcher(), props.on_changed.clone());
    let toaster = use_toaster();

    {
        let dispatcher = state.dispatcher();
        let (role, focus_weight) = (props.role, props.focus_weight);
        let first_load = state.view.is_none();
        use_effect_with((order_id, props.order_status), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::shipping::shipping_view(order_id).await {
                    Ok(view) => {
                        let weigh = focus_weight && offers_parcel(&view) && may_quote(&view, role);
                        dispatcher.dispatch(PanelAction::Loaded(view));
                        if weigh {
                            select_soon(WEIGHT_FIELD.into());
                        }
                    }
                    // Later reloads keep what is on screen and just say why.
                    Err(error) if first_load => dispatcher.dispatch(PanelAction::LoadFailed(error)),
                    Err(error) => toaster.error(error.message),
                }
            });
        });
    }

    let bought_id = state
        .view
        .as_deref()
        .and_then(active_shipment)
        .filter(|s| s.state == ShipmentState::Bought)
        .map(|s| s.id);
    let print_slip = {
        let actions = actions.clone();
        Callback::from(move |_: ()| {
            actions.print(move || bridge::printing::print_packing_slip(order_id))
        })
    };
    let print_label = {
        let actions = actions.clone();
        Callback::from(move |_: ()| {
            if let Some(shipment_id) = bought_id {
                actions.print(move || bridge::printing::print_label(shipment_id));
            }
        })
    };
    {
        let (print_slip, print_label) = (print_slip.clone(), print_label.clone());
        use_shortcuts(Callback::from(move |shortcut| match shortcut {
            Shortcut::PrintPackingSlip => print_slip.emit(()),
            Shortcut::ReprintLabel => print_label.emit(()),
            _ => {}
        }));
    }

    let Some(view) = state.view.clone() else {
        return match &state.load_error {
            Some(error) => html! {
                <div class="panel panel-error" role="alert">
                    <h2>{ "Shipping could not be loaded" }</h2><p>{ error.message.clone() }</p>
                </div>
            },
            None => html! {
                <div class="panel panel-loading"><span class="spinner"></span>{ "Loading shipping…" }</div>
            },
        };
    };

    let active = active_shipment(&view).cloned().map(Rc::new);
    let blocker = buy_blocker(&view, props.role);
    let busy = actions.busy.get();

    let quote = {
        let (actions, state) = (actions.clone(), state.clone());
        Callback::from(move |_: ()| actions.quote(state.parcel.clone()))
    };
    let buy = {
        let (actions, state, view) = (actions.clone(), state.clone(), view.clone());
        Callback::from(move |_: ()| {
            if let (Some(quote), Some(rate_id)) = (&state.quote, &state.selected) {
                actions.buy(quote.id, rate_id.clone(), view.label_printer.is_some());
            }
        })
    };
    let queue = {
        let (actions, state) = (actions.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let chosen = state.quote.as_ref().and_then(|q| {
                q.rates
                    .iter()
                    .find(|r| state.selected.as_ref() == Some(&r.id))
            });
            actions.queue(state.parcel.clone(), queued_pick(chosen));
        })
    };
    let void = {
        let actions = actions.clone();
        let shipment_id = active.as_ref().map(|s| s.id);
        Callback::from(move |reason: String| {
            if let Some(shipment_id) = shipment_id {
                actions.void(shipment_id, reason);
            }
        })
    };
    let ask_void = |open: bool| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(PanelAction::AskVoid(open)))
    };

    let setup = (!view.missing_setup.is_empty()).then(|| html! {
        <div id="missing-setup" class="banner banner-warning" role="status">
            <strong>{ "Before labels can be bought on this desk:" }</strong>
            <ul>{ for view.missing_setup.iter().map(|item| html! { <li>{ item }</li> }) }</ul>
            <button type="button" id="open-settings" class="btn btn-secondary btn-small"
                onclick={props.on_open_settings.reform(|_: MouseEvent| ())}>{ "Open Settings" }</button>
        </div>
    });
    let offline = (state.offline && active.is_none()).then(|| html! {
        <div id="carrier-offline" class="banner banner-error" role="alert">
            <p>{ CARRIER_OFFLINE }</p>
            if blocker.is_none() {
                <button type="button" id="queue-buy" class="btn btn-secondary btn-small" disabled={busy}
                    onclick={queue}>{ "Buy when back online" }</button>
            }
        </div>
    });

    let postage = match &active {
        Some(shipment) if shipment.state == ShipmentState::Bought => html! {
            <LabelSection shipment={shipment.clone()} order_number={view.order_number.clone()}
                may_void={props.role.is_some_and(|r| r.permits(Permission::VoidLabels))}
                busy={busy || actions.printing.get()} refreshing={actions.refreshing.get()}
                on_print={print_label} on_void={ask_void(true)}
                on_refresh_tracking={{ let actions = actions.clone(); Callback::from(move |_| actions.refresh_tracking()) }} />
        },
        Some(shipment) => {
            let (actions, shipment_id) = (actions.clone(), shipment.id);
            pending_card(
                shipment,
                busy,
                Callback::from(move |_: ()| actions.cancel_queued(shipment_id)),
            )
        }
        None => match past_packing(view.status) {
            Some(note) => html! {
                <div class="card"><p id="buy-blocked" class="muted">{ note }</p></div>
            },
            None => html! {
                <QuoteCard view={view.clone()} parcel={state.parcel.clone()} quote={state.quote.clone()}
                    quote_current={state.quote_is_current()} selected={state.selected.clone()}
                    may_quote={may_quote(&view, props.role)} {blocker} {busy}
                    on_parcel={{ let d = state.dispatcher(); Callback::from(move |p| d.dispatch(PanelAction::Parcel(p))) }}
                    on_select={{ let d = state.dispatcher(); Callback::from(move |id| d.dispatch(PanelAction::Select(id))) }}
                    on_quote={quote} on_buy={buy} />
            },
        },
    };

    let context = FieldErrors {
        shown: Rc::new(state.errors.clone()),
        on_blur: Callback::noop(),
    };
    let printer_note = match &view.label_printer {
        Some(name) => format!("Labels print on {name}"),
        None => "No label printer set up: labels are saved, not printed".into(),
    };

    html! {
        <ContextProvider<FieldErrors> {context}>
        <section id="shipping" class="shipping-panel" data-order-number={view.order_number.clone()}>
            <div class="section-head">
                <p class="muted small">{ printer_note }</p>
                <button type="button" id="print-packing-slip" class="btn btn-secondary btn-small" disabled={actions.printing.get()}
                    onclick={print_slip.reform(|_: MouseEvent| ())} title="Print the packing slip (Ctrl+P)">{ "Print packing slip" }</button>
            </div>
            { setup.unwrap_or_default() }
            { offline.unwrap_or_default() }
            <div class="detail-grid">
                <div class="detail-main">{ postage }</div>
                <aside class="detail-side">
                    <AddressCheckCard {order_id} />
                    { history_card(&voided(&view)) }
                </aside>
            </div>
            if state.asking_void {
                <ReasonDialog title="Void label" confirm_label="Void label" confirm_class="btn btn-danger"
                    placeholder="e.g. Wrong box size, re-packing" {busy}
                    on_cancel={ask_void(false)} on_confirm={void} />
            }
        </section>
        </ContextProvider<FieldErrors>>
    }
}

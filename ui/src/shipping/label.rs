//! The bought label: its picture, what was bought, reprint and void, and the
//! parcel's tracking. Also the card for a label still on its way (being
//! bought, or waiting for the network).

use std::rc::Rc;

use packdesk_domain::api::{ShipmentState, ShipmentView};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::format;
use crate::shipping::model::{tracking_newest_first, tracking_status_label};

#[derive(Properties, PartialEq)]
pub struct LabelSectionProps {
    pub shipment: Rc<ShipmentView>,
    pub order_number: AttrValue,
    pub may_void: bool,
    pub busy: bool,
    pub refreshing: bool,
    pub on_print: Callback<()>,
    pub on_void: Callback<()>,
    pub on_refresh_tracking: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Preview {
    Loading,
    Shown(AttrValue),
    Missing(String),
}

/// Loads the stored label picture for `shipment_id` (stored on this desk, so
/// it shows offline too).
#[hook]
fn use_label_preview(shipment_id: Uuid) -> Preview {
    let preview = use_state(|| Preview::Loading);
    {
        let preview = preview.clone();
        use_effect_with(shipment_id, move |shipment_id| {
            let shipment_id = *shipment_id;
            preview.set(Preview::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                preview.set(match bridge::shipping::label_image(shipment_id).await {
                    Ok(url) => Preview::Shown(url.into()),
                    Err(error) => Preview::Missing(error.message),
                });
            });
        });
    }
    (*preview).clone()
}

#[function_component]
pub fn LabelSection(props: &LabelSectionProps) -> Html {
    let shipment = &props.shipment;
    let preview = use_label_preview(shipment.id);
    let Some(label) = &shipment.label else {
        return html! {
            <div id="label-section" class="card" role="alert">
                <p>{ "The label was bought but its details are missing. Refresh tracking to reload them." }</p>
            </div>
        };
    };
    let picture = match preview {
        Preview::Loading => {
            html! { <div class="label-placeholder muted"><span class="spinner"></span></div> }
        }
        Preview::Shown(src) => html! {
            <img id="label-preview" class="label-preview" {src} alt={format!("Shipping label for {}", props.order_number)} />
        },
        Preview::Missing(why) => html! {
            <div class="label-placeholder muted small">{ format!("No preview: {why}") }</div>
        },
    };
    let est = shipment
        .est_delivery
        .map(format::local_date)
        .unwrap_or_else(|| "—".into());
    let events = tracking_newest_first(&shipment.tracking_events);
    html! {
        <div id="label-section" class="card label-card" data-shipment-id={shipment.id.to_string()}>
            <div class="label-layout">
                <div class="label-picture">{ picture }</div>
                <div class="label-facts">
                    <h2>{ "Label" }</h2>
                    <dl class="facts">
                        <dt>{ "Carrier" }</dt><dd id="label-carrier">{ &label.carrier }</dd>
                        <dt>{ "Service" }</dt><dd id="label-service">{ &label.service }</dd>
                        <dt>{ "Postage" }</dt><dd id="label-cost">{ label.currency.format_display(label.cost) }</dd>
                        <dt>{ "Tracking" }</dt><dd id="tracking-code" class="mono">{ &label.tracking_code }</dd>
                        <dt>{ "Status" }</dt><dd id="tracking-status">{ shipment.tracking_status.as_deref().map_or_else(|| "—".into(), tracking_status_label) }</dd>
                        <dt>{ "Expected" }</dt><dd>{ est }</dd>
                    </dl>
                    <div class="action-buttons">
                        <button type="button" id="print-label" class="btn btn-secondary" disabled={props.busy}
                            onclick={props.on_print.reform(|_: MouseEvent| ())} title="Reprint the label (Ctrl+L)">{ "Reprint label" }</button>
                        if props.may_void {
                            <button type="button" id="void-label" class="btn btn-danger" disabled={props.busy}
                                onclick={props.on_void.reform(|_: MouseEvent| ())}>{ "Void label" }</button>
                        }
                    </div>
                </div>
            </div>
            <div class="tracking">
                <div class="section-head">
                    <h3>{ "Tracking" }</h3>
                    <button type="button" id="refresh-tracking" class="btn btn-ghost btn-small" disabled={props.refreshing}
                        onclick={props.on_refresh_tracking.reform(|_: MouseEvent| ())}>
                        if props.refreshing { <span class="spinner" aria-hidden="true"></span> }
                        { "Refresh" }
                    </button>
                </div>
                if events.is_empty() {
                    <p class="muted small">{ "No tracking events yet: the carrier has not scanned the parcel." }</p>
                }
                <ol id="tracking-timeline" class="timeline">
                    { for events.into_iter().map(|event| html! {
                        <li class="timeline-entry tracking-event" data-status={event.status.clone()}>
                            <div class="strong">{ &event.message }</div>
                            <div class="timeline-meta muted small">
                                { [event.at.map(format::local_date_time), event.location.clone()]
                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ") }
                            </div>
                        </li>
                    }) }
                </ol>
            </div>
        </div>
    }
}

/// A label not bought yet but on its way: the desk resumes it by itself.
/// One queued for the network can still be cancelled (`on_cancel`).
pub fn pending_card(shipment: &ShipmentView, busy: bool, on_cancel: Callback<()>) -> Html {
    let waiting = shipment.state == ShipmentState::Waiting;
    let note = if waiting {
        "Waiting for the network: the label will be bought and printed as soon as the carrier can be reached."
    } else {
        "The carrier has not confirmed this purchase yet. Packdesk checks before asking again, so it is never bought twice."
    };
    html! {
        <div id="shipment-pending" class="card" data-state={shipment.state.as_str()}>
            <h2>{ shipment.state.label() }</h2>
            <p>{ note }</p>
            if let Some(error) = &shipment.error {
                <p class="muted small">{ format!("Last attempt: {error}") }</p>
            }
            if waiting {
                <div class="panel-actions">
                    <button type="button" id="cancel-queued-label" class="btn btn-secondary" disabled={busy}
                        onclick={on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel queued label" }</button>
                </div>
            }
        </div>
    }
}

//! The parcel card: the box, getting rates, choosing one, and buying it.

use std::rc::Rc;

use packdesk_domain::api::{ShipmentView, ShippingView};
use packdesk_domain::shipping::ParcelDraft;
use yew::prelude::*;

use crate::shipping::model::buy_label_text;
use crate::shipping::parcel::ParcelFields;
use crate::shipping::rates::RateTable;

/// Said when the rates on screen were quoted for a parcel since changed.
const STALE_QUOTE: &str = "The parcel changed since these rates: get rates again.";

#[derive(Properties, PartialEq)]
pub struct QuoteCardProps {
    pub view: Rc<ShippingView>,
    pub parcel: ParcelDraft,
    pub quote: Option<Rc<ShipmentView>>,
    /// Whether `quote` was made for `parcel` as it is now.
    pub quote_current: bool,
    pub selected: Option<String>,
    pub may_quote: bool,
    /// Why buying is not possible now, if it is not.
    pub blocker: Option<&'static str>,
    pub busy: bool,
    pub on_parcel: Callback<ParcelDraft>,
    pub on_select: Callback<String>,
    pub on_quote: Callback<()>,
    pub on_buy: Callback<()>,
}

#[function_component]
pub fn QuoteCard(props: &QuoteCardProps) -> Html {
    let busy = props.busy;
    let spinner = busy.then(|| html! { <span class="spinner" aria-hidden="true"></span> });
    let rates = props.quote.as_ref().map(|quote| {
        let note = if props.quote_current {
            props.blocker
        } else {
            Some(STALE_QUOTE)
        };
        let can_buy = note.is_none() && props.selected.is_some() && !busy;
        html! {
            <>
                if quote.rates.is_empty() {
                    <div id="rate-messages" class="banner banner-warning" role="status">
                        <strong>{ "No rates for this parcel." }</strong>
                        { for quote.messages.iter().map(|m| html! { <p>{ m }</p> }) }
                    </div>
                } else {
                    <RateTable rates={Rc::new(quote.rates.clone())} selected={props.selected.clone()}
                        on_select={props.on_select.clone()} />
                    if !quote.messages.is_empty() {
                        <ul id="rate-messages" class="muted small">
                            { for quote.messages.iter().map(|m| html! { <li>{ m }</li> }) }
                        </ul>
                    }
                }
                if let Some(error) = &quote.error { <p class="field-error">{ error }</p> }
                <div class="buy-row">
                    if let Some(note) = note { <p id="buy-blocked" class="muted">{ note }</p> }
                    <button type="button" id="buy-label" class="btn btn-primary" disabled={!can_buy}
                        onclick={props.on_buy.reform(|_: MouseEvent| ())}>
                        { spinner.clone() }
                        { buy_label_text(props.view.label_printer.as_deref()) }
                    </button>
                </div>
            </>
        }
    });
    html! {
        <div class="card parcel-card">
            <h2>{ "Parcel" }</h2>
            <ParcelFields view={props.view.clone()} draft={props.parcel.clone()} disabled={!props.may_quote}
                on_change={props.on_parcel.clone()} on_enter={props.on_quote.clone()} />
            <div class="page-actions left">
                <button type="button" id="quote-rates" class="btn btn-secondary" disabled={!props.may_quote || busy}
                    onclick={props.on_quote.reform(|_: MouseEvent| ())} title="Get rates (Enter in a parcel field)">
                    { spinner }
                    { if props.quote.is_some() { "Get rates again" } else { "Get rates" } }
                </button>
            </div>
            { match (rates, props.blocker) {
                (Some(rates), _) => rates,
                (None, Some(note)) => html! { <p id="buy-blocked" class="muted">{ note }</p> },
                (None, None) => html! {},
            } }
        </div>
    }
}

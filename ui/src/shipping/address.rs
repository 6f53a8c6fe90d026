//! Asking the carrier whether the ship-to address is deliverable, before
//! paying for a label that would come back.

use packdesk_domain::api::{AddressCheck, ErrorBody};
use packdesk_domain::order::AddressDraft;
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::shipping::model::{is_offline, CARRIER_OFFLINE};

/// The address as lines, skipping the empty ones.
pub fn address_lines(address: &AddressDraft) -> Vec<String> {
    let city_line = [&address.city, &address.region, &address.postal_code]
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    [
        address.line1.trim().to_string(),
        address.line2.trim().to_string(),
        city_line,
        address.country.trim().to_string(),
    ]
    .into_iter()
    .filter(|line| !line.is_empty())
    .collect()
}

#[derive(Properties, PartialEq)]
pub struct AddressCheckCardProps {
    pub order_id: Uuid,
}

#[function_component]
pub fn AddressCheckCard(props: &AddressCheckCardProps) -> Html {
    let result = use_state(|| None::<Result<AddressCheck, ErrorBody>>);
    let busy = use_busy();
    let check = {
        let result = result.clone();
        let busy = busy.clone();
        let order_id = props.order_id;
        Callback::from(move |_: MouseEvent| {
            if !busy.start() {
                return;
            }
            let (result, busy) = (result.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::shipping::check_address(order_id).await;
                busy.finish();
                result.set(Some(answer));
            });
        })
    };
    let body = match &*result {
        None => {
            html! { <p class="muted small">{ "Ask the carrier whether the ship-to address is deliverable." }</p> }
        }
        Some(Err(error)) => {
            let text = if is_offline(error) {
                CARRIER_OFFLINE.to_string()
            } else {
                error.message.clone()
            };
            html! { <p class="field-error" role="alert">{ text }</p> }
        }
        Some(Ok(check)) => html! {
            <div id="address-check" data-deliverable={check.deliverable.to_string()}>
                if check.deliverable {
                    <p><span class="badge status-done address-deliverable">{ "Deliverable" }</span></p>
                } else {
                    <p><span class="badge status-attention address-deliverable">{ "Not deliverable as written" }</span></p>
                }
                if !check.warnings.is_empty() {
                    <ul class="address-warnings">
                        { for check.warnings.iter().map(|w| html! {
                            <li class="address-warning" data-field={w.field.clone()}>
                                { &w.message }
                                if let Some(suggestion) = &w.suggestion {
                                    <span class="muted">{ format!(" — suggested: {suggestion}") }</span>
                                }
                            </li>
                        }) }
                    </ul>
                }
                <div class="small muted">{ "Suggested address" }</div>
                <address id="suggested-address">
                    { for address_lines(&check.suggested).into_iter().map(|line| html! { <div>{ line }</div> }) }
                </address>
            </div>
        },
    };
    html! {
        <div class="card">
            <div class="section-head">
                <h2>{ "Ship-to address" }</h2>
                <button type="button" id="check-address" class="btn btn-secondary btn-small" disabled={busy.get()} onclick={check}>
                    if busy.get() { <span class="spinner" aria-hidden="true"></span> }
                    { "Check address" }
                </button>
            </div>
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_parts_leave_no_blank_lines() {
        let address = AddressDraft {
            line1: "44 Harbour Road".into(),
            line2: " ".into(),
            city: "Holland".into(),
            region: String::new(),
            postal_code: "49423".into(),
            country: "US".into(),
        };
        assert_eq!(
            address_lines(&address),
            ["44 Harbour Road", "Holland, 49423", "US"]
        );
    }
}

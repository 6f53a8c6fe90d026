//! Labels bought and voided for an order, one line each, so a re-shipped
//! order still shows what was refunded.

use packdesk_domain::api::ShipmentView;
use yew::prelude::*;

use crate::format;

/// `USPS Priority · 9405… · $7.90`, or the state when no label was recorded.
pub fn shipment_line(shipment: &ShipmentView) -> String {
    match &shipment.label {
        Some(label) => format!(
            "{} {} · {} · {}",
            label.carrier,
            label.service,
            label.tracking_code,
            label.currency.format_display(label.cost)
        ),
        None => shipment.state.label().to_string(),
    }
}

/// Nothing at all when no label was ever voided.
pub fn history_card(voided: &[&ShipmentView]) -> Html {
    if voided.is_empty() {
        return html! {};
    }
    html! {
        <div class="card">
            <h2>{ "Voided labels" }</h2>
            <ul id="shipment-history" class="compact-list">
                { for voided.iter().map(|s| html! {
                    <li class="shipment-entry" data-state={s.state.as_str()}>
                        <span class="badge status-closed">{ s.state.label() }</span>
                        <span>{ shipment_line(s) }</span>
                        <span class="muted small">{ format::local_date(s.updated_at) }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::api::ShipmentState;
    use packdesk_domain::shipping::ShippingLabel;
    use packdesk_domain::Currency;

    use super::*;
    use crate::shipping::model::tests::shipment;

    #[test]
    fn a_voided_label_reads_on_one_line() {
        let mut voided = shipment(1, ShipmentState::Voided);
        assert_eq!(shipment_line(&voided), "Label voided");
        voided.label = Some(ShippingLabel {
            carrier_shipment_id: "shp_1".into(),
            carrier: "USPS".into(),
            service: "Priority".into(),
            cost: 790,
            currency: Currency::USD,
            tracking_code: "9405500000000000000001".into(),
        });
        assert_eq!(
            shipment_line(&voided),
            "USPS Priority · 9405500000000000000001 · $7.90"
        );
    }
}

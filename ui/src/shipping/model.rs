//! What the Shipping panel shows and offers, decided from the desk's
//! [`ShippingView`] without touching the screen (so it is tested on the host).

use packdesk_domain::api::{
    ErrorBody, ErrorKind, RatePick, RateView, ShipmentState, ShipmentView, ShippingView,
    TrackingEventView,
};
use packdesk_domain::{OrderStatus, Permission, Role};

/// Said when the carrier cannot be reached; the desk guarantees the last part.
pub const CARRIER_OFFLINE: &str =
    "The carrier can't be reached — you're offline or it is down. Nothing was bought.";

/// The shipment that holds the order's postage: bought, being bought, or
/// waiting for the network. Newest first, so a re-bought label wins.
pub fn active_shipment(view: &ShippingView) -> Option<&ShipmentView> {
    view.shipments.iter().find(|s| {
        matches!(
            s.state,
            ShipmentState::Bought | ShipmentState::Buying | ShipmentState::Waiting
        )
    })
}

/// The quote still open from an earlier visit, so coming back to the tab
/// shows the rates already fetched. Only when nothing is bought yet.
pub fn open_quote(view: &ShippingView) -> Option<&ShipmentView> {
    if active_shipment(view).is_some() {
        return None;
    }
    view.shipments
        .first()
        .filter(|s| s.state == ShipmentState::Quoted)
}

/// Voided labels, newest first, for the compact history.
pub fn voided(view: &ShippingView) -> Vec<&ShipmentView> {
    view.shipments
        .iter()
        .filter(|s| s.state == ShipmentState::Voided)
        .collect()
}

/// The view with `shipment` as the desk now sees it: replaced in place when
/// known, otherwise added as the newest.
pub fn with_shipment(view: &ShippingView, shipment: ShipmentView) -> ShippingView {
    let mut next = view.clone();
    match next.shipments.iter_mut().find(|s| s.id == shipment.id) {
        Some(known) => *known = shipment,
        None => next.shipments.insert(0, shipment),
    }
    next
}

/// Why postage is no longer this order's next step, once shipped or closed.
pub fn past_packing(status: OrderStatus) -> Option<&'static str> {
    use OrderStatus::*;
    match status {
        Shipped | OutForDelivery | Delivered | Completed => Some("This order has already shipped."),
        Cancelled | Refunded => Some("This order is closed."),
        _ => None,
    }
}

/// Whether the parcel form is offered at all: not once the order has left.
pub fn offers_parcel(view: &ShippingView) -> bool {
    active_shipment(view).is_none() && past_packing(view.status).is_none()
}

/// Why the operator cannot buy a label now, or `None` when they can.
pub fn buy_blocker(view: &ShippingView, role: Option<Role>) -> Option<&'static str> {
    let Some(role) = role else {
        return Some("Loading your permissions…");
    };
    if !role.permits(Permission::BuyLabels) {
        return Some("Your role cannot buy labels.");
    }
    if !view.missing_setup.is_empty() {
        return Some("Finish the shipping setup first.");
    }
    match view.status {
        OrderStatus::Packaging => None,
        status => past_packing(status).or(Some("Move the order to Packaging to buy a label.")),
    }
}

/// Whether rates may be asked for: a quote buys nothing, so any order still
/// being prepared may be quoted by someone allowed to buy.
pub fn may_quote(view: &ShippingView, role: Option<Role>) -> bool {
    role.is_some_and(|r| r.permits(Permission::BuyLabels)) && view.missing_setup.is_empty()
}

/// The buy button says whether it prints, so nobody waits at a silent printer.
pub fn buy_label_text(label_printer: Option<&str>) -> &'static str {
    if label_printer.is_some() {
        "Buy label & print"
    } else {
        "Buy label"
    }
}

/// What to buy when the carrier is back: the same carrier and service as the
/// rate chosen (rate ids expire; the service does not), else the cheapest.
pub fn queued_pick(chosen: Option<&RateView>) -> RatePick {
    match chosen {
        Some(rate) => RatePick::Service {
            carrier: rate.carrier.clone(),
            service: rate.service.clone(),
        },
        None => RatePick::Cheapest,
    }
}

/// Whether a refusal means "the carrier cannot be reached": offer to buy later.
pub fn is_offline(error: &ErrorBody) -> bool {
    error.kind == ErrorKind::Unavailable
}

/// EasyPost's `out_for_delivery` as people read it: `Out for delivery`.
pub fn tracking_status_label(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Tracking events newest first; events without a time keep their order at the end.
pub fn tracking_newest_first(events: &[TrackingEventView]) -> Vec<&TrackingEventView> {
    let mut sorted: Vec<&TrackingEventView> = events.iter().collect();
    sorted.sort_by_key(|event| std::cmp::Reverse(event.at));
    sorted
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};
    use packdesk_domain::api::RateView;
    use packdesk_domain::shipping::{Parcel, Tenths};
    use packdesk_domain::Currency;
    use uuid::Uuid;

    use super::*;

    pub(crate) fn rate(id: &str, cost: i64, days: Option<u32>) -> RateView {
        RateView {
            id: id.into(),
            carrier: "USPS".into(),
            service: format!("Service {id}"),
            cost,
            currency: Currency::USD,
            delivery_days: days,
        }
    }

    pub(crate) fn shipment(n: u128, state: ShipmentState) -> ShipmentView {
        let at = Utc
            .with_ymd_and_hms(2027, 6, 2, 9, 0, 0)
            .single()
            .expect("date");
        ShipmentView {
            id: Uuid::from_u128(n),
            state,
            parcel: Parcel {
                length_in: Tenths(120),
                width_in: Tenths(90),
                height_in: Tenths(30),
                weight_oz: Tenths(160),
            },
            rates: vec![rate("a", 790, Some(3))],
            messages: Vec::new(),
            label: None,
            label_formats: Vec::new(),
            tracking_status: None,
            tracking_events: Vec::new(),
            est_delivery: None,
            error: None,
            created_at: at,
            updated_at: at,
        }
    }

    pub(crate) fn view(status: OrderStatus, shipments: Vec<ShipmentView>) -> ShippingView {
        ShippingView {
            order_id: Uuid::nil(),
            order_number: "K7QM-00042".into(),
            status,
            templates: packdesk_domain::shipping::standard_templates(),
            suggestion: None,
            shipments,
            missing_setup: Vec::new(),
            label_printer: Some("Bench Zebra".into()),
        }
    }

    #[test]
    fn the_newest_live_shipment_holds_the_postage() {
        use ShipmentState::*;
        let v = view(
            OrderStatus::Shipped,
            vec![
                shipment(3, Bought),
                shipment(2, Voided),
                shipment(1, Bought),
            ],
        );
        assert_eq!(active_shipment(&v).map(|s| s.id), Some(Uuid::from_u128(3)));
        assert_eq!(voided(&v).len(), 1);
        assert!(open_quote(&v).is_none());
        assert!(!offers_parcel(&v));

        let quoted = view(
            OrderStatus::Packaging,
            vec![shipment(5, Quoted), shipment(4, Voided)],
        );
        assert!(active_shipment(&quoted).is_none());
        assert_eq!(open_quote(&quoted).map(|s| s.id), Some(Uuid::from_u128(5)));
        assert!(offers_parcel(&quoted));
    }

    #[test]
    fn an_answered_shipment_replaces_its_old_self_or_comes_first() {
        let v = view(
            OrderStatus::Packaging,
            vec![shipment(1, ShipmentState::Quoted)],
        );
        let bought = with_shipment(&v, shipment(1, ShipmentState::Bought));
        assert_eq!(bought.shipments.len(), 1);
        assert_eq!(bought.shipments[0].state, ShipmentState::Bought);
        let added = with_shipment(&v, shipment(2, ShipmentState::Waiting));
        assert_eq!(added.shipments[0].id, Uuid::from_u128(2));
        assert_eq!(added.shipments.len(), 2);
    }

    #[test]
    fn only_a_packaging_order_can_buy_and_the_reason_says_what_to_do() {
        let mut v = view(OrderStatus::Packaging, Vec::new());
        assert_eq!(buy_blocker(&v, Some(Role::Processor)), None);
        assert_eq!(
            buy_blocker(&v, Some(Role::Viewer)),
            Some("Your role cannot buy labels.")
        );
        assert!(!may_quote(&v, Some(Role::Viewer)));
        assert!(buy_blocker(&v, None).is_some());
        v.status = OrderStatus::QualityCheck;
        assert_eq!(
            buy_blocker(&v, Some(Role::Admin)),
            Some("Move the order to Packaging to buy a label.")
        );
        assert!(may_quote(&v, Some(Role::Admin)), "a quote buys nothing");
        v.status = OrderStatus::Delivered;
        assert_eq!(
            buy_blocker(&v, Some(Role::Admin)),
            Some("This order has already shipped.")
        );
        assert!(!offers_parcel(&v));
        v.status = OrderStatus::Refunded;
        assert_eq!(
            buy_blocker(&v, Some(Role::Admin)),
            Some("This order is closed.")
        );
        v.status = OrderStatus::Packaging;
        v.missing_setup = vec!["No carrier API key".into()];
        assert_eq!(
            buy_blocker(&v, Some(Role::Admin)),
            Some("Finish the shipping setup first.")
        );
        assert!(!may_quote(&v, Some(Role::Admin)));
    }

    #[test]
    fn the_buy_button_says_whether_it_prints() {
        assert_eq!(buy_label_text(Some("Bench Zebra")), "Buy label & print");
        assert_eq!(buy_label_text(None), "Buy label");
    }

    #[test]
    fn a_queued_buy_keeps_the_chosen_service_not_the_rate_id() {
        let chosen = rate("rate_1", 790, Some(2));
        assert_eq!(
            queued_pick(Some(&chosen)),
            RatePick::Service {
                carrier: "USPS".into(),
                service: "Service rate_1".into()
            }
        );
        assert_eq!(queued_pick(None), RatePick::Cheapest);
    }

    #[test]
    fn tracking_codes_read_as_words() {
        assert_eq!(
            tracking_status_label("out_for_delivery"),
            "Out for delivery"
        );
        assert_eq!(tracking_status_label("delivered"), "Delivered");
        assert_eq!(tracking_status_label(""), "");
    }

    #[test]
    fn tracking_reads_newest_first() {
        let event = |status: &str, hour: Option<u32>| TrackingEventView {
            status: status.into(),
            message: status.into(),
            at: hour.and_then(|h| Utc.with_ymd_and_hms(2027, 6, 2, h, 0, 0).single()),
            location: None,
        };
        let events = [
            event("pre_transit", Some(8)),
            event("in_transit", Some(12)),
            event("unknown", None),
        ];
        let order: Vec<_> = tracking_newest_first(&events)
            .iter()
            .map(|e| e.status.as_str())
            .collect();
        assert_eq!(order, ["in_transit", "pre_transit", "unknown"]);
    }
}

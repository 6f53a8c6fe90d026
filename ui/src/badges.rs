//! Status and priority badges. Statuses share a colour by group so the list
//! reads at a glance: six colours, not fourteen.

use packdesk_domain::{OrderStatus, Priority};
use yew::prelude::*;

/// The colour group a status is drawn in (`status-<group>` in styles.css).
pub fn status_group(status: OrderStatus) -> &'static str {
    use OrderStatus::*;
    match status {
        PendingPayment => "pending",
        PaymentConfirmed | Processing | InProduction | QualityCheck | Packaging => "active",
        Shipped | OutForDelivery => "transit",
        Delivered | Completed => "done",
        OnHold | Exception => "attention",
        Cancelled | Refunded => "closed",
    }
}

/// The colour group a priority is drawn in (`priority-<group>` in styles.css).
pub fn priority_group(priority: Priority) -> &'static str {
    use Priority::*;
    match priority {
        Low | Normal => "calm",
        High => "high",
        Urgent | Rush => "urgent",
        WeddingParty | PromGroup | VipCustomer => "special",
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    pub status: OrderStatus,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[function_component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let class = classes!("badge", format!("status-{}", status_group(props.status)));
    html! { <span id={props.id.clone()} {class} data-status={props.status.as_str()}>{ props.status.label() }</span> }
}

#[derive(Properties, PartialEq)]
pub struct PriorityBadgeProps {
    pub priority: Priority,
}

#[function_component]
pub fn PriorityBadge(props: &PriorityBadgeProps) -> Html {
    let class = classes!(
        "badge",
        "badge-outline",
        format!("priority-{}", priority_group(props.priority))
    );
    html! { <span {class}>{ props.priority.label() }</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_priority_has_a_group() {
        let groups: std::collections::BTreeSet<_> =
            OrderStatus::ALL.iter().map(|s| status_group(*s)).collect();
        assert_eq!(groups.len(), 6);
        assert_eq!(priority_group(Priority::VipCustomer), "special");
    }
}

//! Which buttons the order detail offers. The desk enforces the rules; these
//! only keep the screen from offering a move the operator could not make.

use packdesk_domain::order::Order;
use packdesk_domain::status::Lifecycle;
use packdesk_domain::{OrderStatus, Permission, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionStyle {
    /// The order's natural next step.
    Primary,
    Secondary,
    /// Cancelling or refunding: money decisions, shown last and in red.
    Danger,
}

impl ActionStyle {
    pub fn class(self) -> &'static str {
        match self {
            ActionStyle::Primary => "btn btn-primary",
            ActionStyle::Secondary => "btn btn-secondary",
            ActionStyle::Danger => "btn btn-danger",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusAction {
    pub to: OrderStatus,
    pub label: String,
    pub style: ActionStyle,
    pub needs_reason: bool,
}

/// The legal next statuses the `role` may choose, primary first, danger last.
pub fn status_actions(lifecycle: Lifecycle, role: Role) -> Vec<StatusAction> {
    let allowed: Vec<OrderStatus> = lifecycle
        .next_statuses()
        .into_iter()
        .filter(|to| role.permits(Permission::to_move_to(*to)))
        .collect();
    let primary = natural_next(lifecycle, &allowed);
    let mut actions: Vec<StatusAction> = allowed
        .into_iter()
        .map(|to| {
            let style = if is_money_decision(to) {
                ActionStyle::Danger
            } else if Some(to) == primary {
                ActionStyle::Primary
            } else {
                ActionStyle::Secondary
            };
            StatusAction {
                to,
                label: label_for(lifecycle, to),
                style,
                needs_reason: to.needs_reason(),
            }
        })
        .collect();
    // Stable: lifecycle order is kept within each style.
    actions.sort_by_key(|action| action.style);
    actions
}

fn is_money_decision(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Cancelled | OrderStatus::Refunded)
}

/// The step an order usually takes next: back to where it was when suspended,
/// otherwise the nearest ordinary status ahead of it (statuses are declared in
/// lifecycle order), so a failed inspection's way back is not the default.
fn natural_next(lifecycle: Lifecycle, allowed: &[OrderStatus]) -> Option<OrderStatus> {
    if lifecycle.status.is_suspension() {
        return lifecycle.return_to.filter(|back| allowed.contains(back));
    }
    allowed
        .iter()
        .copied()
        .filter(|to| *to > lifecycle.status && !to.is_suspension() && !is_money_decision(*to))
        .min()
}

fn label_for(lifecycle: Lifecycle, to: OrderStatus) -> String {
    match to {
        OrderStatus::OnHold => "Put on hold".into(),
        OrderStatus::Exception => "Flag exception".into(),
        OrderStatus::Cancelled => "Cancel order".into(),
        OrderStatus::Refunded => "Refund order".into(),
        _ if lifecycle.return_to == Some(to) => format!("Resume: {}", to.label()),
        _ => format!("Move to {}", to.label()),
    }
}

/// Whether the Edit button shows: the role may edit and the order has not shipped.
pub fn can_edit(order: &Order, role: Role) -> bool {
    role.permits(Permission::EditOrders) && order.is_editable()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    fn at(status: OrderStatus) -> Lifecycle {
        Lifecycle {
            status,
            return_to: None,
        }
    }

    fn summary(actions: &[StatusAction]) -> Vec<(OrderStatus, &str, ActionStyle)> {
        actions
            .iter()
            .map(|a| (a.to, a.label.as_str(), a.style))
            .collect()
    }

    #[test]
    fn a_manager_sees_every_legal_move_with_danger_last() {
        let actions = status_actions(at(QualityCheck), Role::Manager);
        assert_eq!(
            summary(&actions),
            [
                (Packaging, "Move to Packaging", ActionStyle::Primary),
                (
                    InProduction,
                    "Move to In production",
                    ActionStyle::Secondary
                ),
                (OnHold, "Put on hold", ActionStyle::Secondary),
                (Exception, "Flag exception", ActionStyle::Secondary),
                (Cancelled, "Cancel order", ActionStyle::Danger),
                (Refunded, "Refund order", ActionStyle::Danger),
            ]
        );
        assert!(actions
            .iter()
            .filter(|a| a.needs_reason)
            .all(|a| a.to.needs_reason()));
        assert_eq!(actions.iter().filter(|a| a.needs_reason).count(), 4);
    }

    #[test]
    fn a_processor_cannot_cancel_or_refund_and_a_viewer_sees_nothing() {
        let tos: Vec<_> = status_actions(at(PendingPayment), Role::Processor)
            .iter()
            .map(|a| a.to)
            .collect();
        assert_eq!(tos, [PaymentConfirmed, OnHold, Exception]);
        assert!(status_actions(at(PendingPayment), Role::Viewer).is_empty());
    }

    #[test]
    fn a_held_order_offers_to_resume_where_it_was() {
        let held = Lifecycle {
            status: OnHold,
            return_to: Some(InProduction),
        };
        let actions = status_actions(held, Role::Admin);
        assert_eq!(actions[0].label, "Resume: In production");
        assert_eq!(actions[0].style, ActionStyle::Primary);
    }

    #[test]
    fn the_first_step_forward_is_primary() {
        let primary = |status| {
            status_actions(at(status), Role::Manager)
                .into_iter()
                .find(|a| a.style == ActionStyle::Primary)
                .map(|a| a.to)
        };
        assert_eq!(primary(PendingPayment), Some(PaymentConfirmed));
        assert_eq!(primary(Processing), Some(InProduction));
        assert_eq!(primary(Shipped), Some(OutForDelivery));
        assert_eq!(primary(Delivered), Some(Completed));
    }

    #[test]
    fn finished_orders_offer_nothing() {
        for status in [Completed, Cancelled, Refunded] {
            assert!(status_actions(at(status), Role::Admin).is_empty());
        }
    }
}

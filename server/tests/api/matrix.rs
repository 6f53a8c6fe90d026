//! Every role against every kind of command, on both back-ends: the server
//! applies a command exactly when the signed-in user's role permits it,
//! whatever role the desk's envelope claims.

use packdesk_domain::api::ErrorKind;
use packdesk_domain::shipping::ShippingLabel;
use packdesk_domain::sync::Verdict;
use packdesk_domain::{Command, Currency, OrderStatus, Role};
use uuid::Uuid;

use crate::support::{create_order, move_to, on_both_backends, verdicts, Desk, Harness};

/// The moves that bring a new order to where `command` is legal.
fn path_to(status: OrderStatus) -> &'static [OrderStatus] {
    use OrderStatus::*;
    match status {
        PendingPayment => &[],
        PaymentConfirmed => &[PaymentConfirmed],
        Packaging => &[PaymentConfirmed, Processing, Packaging],
        Shipped => &[PaymentConfirmed, Processing, Packaging, Shipped],
        _ => &[],
    }
}

/// One case: the state the order must be in, and the command to try there.
fn cases(order_id: Uuid) -> Vec<(&'static str, OrderStatus, Command)> {
    let label = ShippingLabel {
        carrier_shipment_id: "shp_1".into(),
        carrier: "USPS".into(),
        service: "Priority".into(),
        cost: 1101,
        currency: Currency::USD,
        tracking_code: "9400100000000000000000".into(),
    };
    vec![
        (
            "move",
            OrderStatus::PendingPayment,
            move_to(order_id, OrderStatus::PaymentConfirmed, None),
        ),
        (
            "hold",
            OrderStatus::PendingPayment,
            move_to(order_id, OrderStatus::OnHold, Some("fabric")),
        ),
        (
            "cancel",
            OrderStatus::PendingPayment,
            move_to(order_id, OrderStatus::Cancelled, Some("asked")),
        ),
        (
            "refund",
            OrderStatus::PaymentConfirmed,
            move_to(order_id, OrderStatus::Refunded, Some("asked")),
        ),
        (
            "edit",
            OrderStatus::PendingPayment,
            Command::EditOrder {
                order_id,
                draft: packdesk_domain::OrderDraft {
                    notes: "gift wrap".into(),
                    ..crate::support::valid_draft()
                },
            },
        ),
        (
            "ship",
            OrderStatus::Packaging,
            Command::ShipOrder {
                order_id,
                label: label.clone(),
            },
        ),
        (
            "void",
            OrderStatus::Shipped,
            Command::VoidLabel {
                order_id,
                tracking_code: label.tracking_code,
                reason: "wrong box".into(),
            },
        ),
    ]
}

async fn check(h: &Harness) {
    let admin = h.token("admin").await;
    let mut setup = Desk::new();
    let mut number = 0;
    for role in Role::ALL {
        let token = h.token(role.as_str()).await;
        let mut desk = Desk::new();
        for (name, at, _) in cases(Uuid::nil()) {
            number += 1;
            let (order_id, create) = create_order(&format!("MTRX-{number:05}"));
            let mut prepare = vec![setup.next(create)];
            for step in path_to(at) {
                prepare.push(setup.next(move_to(order_id, *step, None)));
            }
            let prepared = h.push(&admin, setup.id, &prepare).await;
            assert!(
                verdicts(&prepared).iter().all(|v| *v == Verdict::Applied),
                "{name}: setup"
            );

            let command = cases(order_id)
                .into_iter()
                .find(|c| c.0 == name)
                .map(|c| c.2);
            let command = command.expect("case");
            let permitted = role.permits(command.permission());
            let pushed = h.push(&token, desk.id, &[desk.next(command)]).await;
            match (&pushed.acks[0].verdict, permitted) {
                (Verdict::Applied, true) => {}
                (
                    Verdict::Rejected {
                        kind: ErrorKind::Forbidden,
                        ..
                    },
                    false,
                ) => {}
                (verdict, _) => panic!(
                    "{} {name}: permitted={permitted}, got {verdict:?}",
                    role.as_str()
                ),
            }
        }
    }
}

on_both_backends! {
    async fn each_role_may_do_exactly_what_its_permissions_say(h) {
        check(&h).await;
    }
}

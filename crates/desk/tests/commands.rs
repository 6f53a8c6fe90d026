//! How the desk applies commands: durably, with history, once, and only when allowed.

mod common;

use common::{actor, admin, assert_consistent, fingerprint, new_desk};
use packdesk_desk::demo::synthetic_draft;
use packdesk_desk::DeskError;
use packdesk_domain::api::ListQuery;
use packdesk_domain::{
    Command, CommandEnvelope, HistorySource, OrderStatus, Role, TransitionError,
};
use proptest::prelude::*;
use uuid::Uuid;

#[test]
fn creating_an_order_records_it_with_its_first_history_entry() {
    let mut t = new_desk();
    let view = t
        .desk
        .create_order(Uuid::now_v7(), &admin(), synthetic_draft(1))
        .unwrap();
    let prefix = t.desk.settings().unwrap().desk_prefix;
    assert_eq!(view.order.order_number, format!("{prefix}-00001"));
    assert_eq!(view.order.status, OrderStatus::PendingPayment);
    assert_eq!(view.history.len(), 1);
    assert_eq!(view.history[0].from, None);
    assert_eq!(view.history[0].by, "test admin");
    assert_eq!(view.history[0].source, HistorySource::User);
    assert_eq!(t.desk.order(view.order.id).unwrap(), view);
    assert_eq!(
        t.desk.order_by_number(&view.order.order_number).unwrap(),
        view
    );
    let second = t
        .desk
        .create_order(Uuid::now_v7(), &admin(), synthetic_draft(2))
        .unwrap();
    assert_eq!(second.order.order_number, format!("{prefix}-00002"));
}

#[test]
fn a_retried_command_is_answered_not_applied_twice() {
    let mut t = new_desk();
    let command_id = Uuid::now_v7();
    let first = t
        .desk
        .create_order(command_id, &admin(), synthetic_draft(1))
        .unwrap();
    let again = t
        .desk
        .create_order(command_id, &admin(), synthetic_draft(1))
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(
        t.desk.list(&ListQuery::default()).unwrap().total_matching,
        1
    );

    let move_id = Uuid::now_v7();
    let pay = Command::ChangeStatus {
        order_id: first.order.id,
        to: OrderStatus::PaymentConfirmed,
        reason: None,
    };
    t.desk.run(move_id, &admin(), pay.clone()).unwrap();
    let before = fingerprint(&t.db());
    let answered = t.desk.run(move_id, &admin(), pay).unwrap();
    assert_eq!(answered.history.len(), 2);
    assert_eq!(fingerprint(&t.db()), before);
}

#[test]
fn a_command_id_reused_for_a_different_change_is_refused() {
    let mut t = new_desk();
    let create_id = Uuid::now_v7();
    t.desk
        .create_order(create_id, &admin(), synthetic_draft(1))
        .unwrap();
    let other_draft = t.desk.create_order(create_id, &admin(), synthetic_draft(2));
    assert!(
        matches!(other_draft, Err(DeskError::Conflict(_))),
        "{other_draft:?}"
    );

    let order = t.desk.list(&ListQuery::default()).unwrap().rows[0].clone();
    let id = Uuid::now_v7();
    t.desk
        .run(
            id,
            &admin(),
            Command::ChangeStatus {
                order_id: order.id,
                to: OrderStatus::PaymentConfirmed,
                reason: None,
            },
        )
        .unwrap();
    let reused = t.desk.run(
        id,
        &admin(),
        Command::ChangeStatus {
            order_id: order.id,
            to: OrderStatus::Cancelled,
            reason: Some("x".into()),
        },
    );
    assert!(matches!(reused, Err(DeskError::Conflict(_))), "{reused:?}");
}

#[test]
fn status_moves_follow_the_table_and_write_history() {
    let mut t = new_desk();
    let id = t.new_order(1).id;
    let mut move_to = |to, reason: Option<&str>| {
        t.desk.run(
            Uuid::now_v7(),
            &admin(),
            Command::ChangeStatus {
                order_id: id,
                to,
                reason: reason.map(Into::into),
            },
        )
    };
    move_to(OrderStatus::PaymentConfirmed, None).unwrap();
    move_to(OrderStatus::Processing, None).unwrap();
    let held = move_to(OrderStatus::OnHold, Some("fabric delayed")).unwrap();
    assert_eq!(held.order.return_to, Some(OrderStatus::Processing));
    let illegal = move_to(OrderStatus::Shipped, None).unwrap_err();
    assert!(
        matches!(
            illegal,
            DeskError::Transition(TransitionError::Illegal { .. })
        ),
        "{illegal:?}"
    );
    let back = move_to(OrderStatus::Processing, None).unwrap();
    assert!(back.order.processed_at.is_some());
    let statuses: Vec<_> = back.history.iter().map(|h| h.to).collect();
    assert_eq!(
        statuses,
        [
            OrderStatus::PendingPayment,
            OrderStatus::PaymentConfirmed,
            OrderStatus::Processing,
            OrderStatus::OnHold,
            OrderStatus::Processing
        ]
    );
    assert_eq!(back.history[3].reason.as_deref(), Some("fabric delayed"));
    assert_consistent(&t.db());
}

#[test]
fn cancel_hold_and_exception_need_a_reason() {
    let mut t = new_desk();
    let id = t.new_order(1).id;
    for to in [
        OrderStatus::Cancelled,
        OrderStatus::OnHold,
        OrderStatus::Exception,
    ] {
        let before = fingerprint(&t.db());
        for reason in [None, Some("   ".to_string())] {
            let err = t
                .desk
                .run(
                    Uuid::now_v7(),
                    &admin(),
                    Command::ChangeStatus {
                        order_id: id,
                        to,
                        reason,
                    },
                )
                .unwrap_err();
            let DeskError::Invalid(errors) = err else {
                panic!("{to}: {err:?}")
            };
            assert!(errors
                .reason_for("reason")
                .unwrap()
                .starts_with("is required"));
        }
        assert_eq!(fingerprint(&t.db()), before);
    }
}

#[test]
fn roles_are_enforced_by_the_desk_not_just_the_ui() {
    let mut t = new_desk();
    let id = t.new_order(1).id;
    let before = fingerprint(&t.db());
    let viewer = actor(Role::Viewer);
    assert!(matches!(
        t.desk
            .create_order(Uuid::now_v7(), &viewer, synthetic_draft(2)),
        Err(DeskError::Forbidden { .. })
    ));
    let pay = Command::ChangeStatus {
        order_id: id,
        to: OrderStatus::PaymentConfirmed,
        reason: None,
    };
    assert!(matches!(
        t.desk.run(Uuid::now_v7(), &viewer, pay.clone()),
        Err(DeskError::Forbidden { .. })
    ));
    let processor = actor(Role::Processor);
    let cancel = Command::ChangeStatus {
        order_id: id,
        to: OrderStatus::Cancelled,
        reason: Some("changed mind".into()),
    };
    assert!(matches!(
        t.desk.run(Uuid::now_v7(), &processor, cancel.clone()),
        Err(DeskError::Forbidden { .. })
    ));
    let edit = Command::EditOrder {
        order_id: id,
        draft: synthetic_draft(3),
    };
    assert!(matches!(
        t.desk.run(Uuid::now_v7(), &processor, edit.clone()),
        Err(DeskError::Forbidden { .. })
    ));
    assert_eq!(fingerprint(&t.db()), before, "refusals write nothing");

    t.desk.run(Uuid::now_v7(), &processor, pay).unwrap();
    t.desk
        .create_order(Uuid::now_v7(), &processor, synthetic_draft(4))
        .unwrap();
    let manager = actor(Role::Manager);
    t.desk.run(Uuid::now_v7(), &manager, edit).unwrap();
    let cancelled = t.desk.run(Uuid::now_v7(), &manager, cancel).unwrap();
    assert_eq!(cancelled.order.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.history.last().unwrap().by, "test manager");
}

#[test]
fn editing_recomputes_totals_and_reindexes_search() {
    let mut t = new_desk();
    let order = t.new_order(1);
    let mut draft = order.details.to_draft();
    draft.items[0].quantity = 5;
    draft.items[0].sku = "ZEPHYR-77".into();
    let edited = t
        .desk
        .run(
            Uuid::now_v7(),
            &admin(),
            Command::EditOrder {
                order_id: order.id,
                draft,
            },
        )
        .unwrap()
        .order;
    let expected_subtotal: i64 = edited
        .details
        .items
        .iter()
        .map(|i| i.quantity * i.unit_price)
        .sum();
    assert_eq!(edited.details.totals.subtotal, expected_subtotal);
    assert_ne!(edited.details.totals.total, order.details.totals.total);
    let found = t
        .desk
        .list(&ListQuery {
            search: "zephyr".into(),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_consistent(&t.db());
}

#[test]
fn shipped_orders_cannot_be_edited() {
    let mut t = new_desk();
    let order = t.new_order(1);
    for to in [
        OrderStatus::PaymentConfirmed,
        OrderStatus::Processing,
        OrderStatus::Packaging,
        OrderStatus::Shipped,
    ] {
        t.desk
            .run(
                Uuid::now_v7(),
                &admin(),
                Command::ChangeStatus {
                    order_id: order.id,
                    to,
                    reason: None,
                },
            )
            .unwrap();
    }
    let edit = Command::EditOrder {
        order_id: order.id,
        draft: order.details.to_draft(),
    };
    assert!(matches!(
        t.desk.run(Uuid::now_v7(), &admin(), edit),
        Err(DeskError::Conflict(_))
    ));
}

#[test]
fn unknown_orders_are_not_found() {
    let mut t = new_desk();
    let missing = Uuid::now_v7();
    let err = t.desk.run(
        Uuid::now_v7(),
        &admin(),
        Command::ChangeStatus {
            order_id: missing,
            to: OrderStatus::Processing,
            reason: None,
        },
    );
    assert!(matches!(err, Err(DeskError::NotFound(_))));
    assert!(matches!(
        t.desk.order_by_number("NOPE-00001"),
        Err(DeskError::NotFound(_))
    ));
}

#[test]
fn bad_drafts_name_the_field_and_write_nothing() {
    let mut t = new_desk();
    t.desk
        .create_order(Uuid::now_v7(), &admin(), synthetic_draft(1))
        .unwrap();
    let before = fingerprint(&t.db());
    type Spoil = Box<dyn Fn(&mut packdesk_domain::OrderDraft)>;
    let cases: Vec<(&str, Spoil)> = vec![
        (
            "customer.name",
            Box::new(|d| d.customer.name = String::new()),
        ),
        (
            "customer.name",
            Box::new(|d| d.customer.name = "x".repeat(201)),
        ),
        (
            "customer.email",
            Box::new(|d| d.customer.email = "jane.example.com".into()),
        ),
        ("items[0].quantity", Box::new(|d| d.items[0].quantity = 0)),
        ("items[1].quantity", Box::new(|d| d.items[1].quantity = -3)),
        (
            "items[2].unit_price",
            Box::new(|d| d.items[2].unit_price = i64::MAX),
        ),
        ("items", Box::new(|d| d.items.clear())),
        ("priority", Box::new(|d| d.priority = "whenever".into())),
        ("currency", Box::new(|d| d.currency = "XXX".into())),
        (
            "shipping_address.country",
            Box::new(|d| d.shipping_address.country = "Narnia".into()),
        ),
        ("discount", Box::new(|d| d.discount = 999_999_999)),
    ];
    for (field, spoil) in cases {
        let mut draft = synthetic_draft(2);
        spoil(&mut draft);
        match t.desk.create_order(Uuid::now_v7(), &admin(), draft) {
            Err(DeskError::Invalid(errors)) => {
                assert!(errors.reason_for(field).is_some(), "{field}: {errors}")
            }
            other => panic!("{field}: {other:?}"),
        }
        assert_eq!(fingerprint(&t.db()), before, "{field}");
    }
}

#[test]
fn a_hand_made_create_command_with_a_taken_number_is_refused() {
    let mut t = new_desk();
    let taken = t.new_order(1).order_number;
    let command = Command::CreateOrder {
        order_id: Uuid::now_v7(),
        order_number: taken,
        draft: synthetic_draft(2),
    };
    let envelope = CommandEnvelope::new(Uuid::now_v7(), chrono::Utc::now(), admin(), command);
    assert!(matches!(
        t.desk.apply(&envelope, HistorySource::Sync),
        Err(DeskError::Conflict(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random JSON thrown at the command decoder and the desk never panics,
    /// and whatever is refused leaves the database as it was.
    #[test]
    fn random_payloads_never_panic_and_refusals_write_nothing(
        quantity in any::<i64>(), price in any::<i64>(), name in "\\PC{0,250}", email in "\\PC{0,30}",
        status in "[a-z_]{0,20}", junk in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut t = new_desk();
        let before = fingerprint(&t.db());
        let mut draft = synthetic_draft(9);
        draft.items[0].quantity = quantity;
        draft.items[0].unit_price = price;
        draft.customer.name = name;
        draft.customer.email = email;
        let valid = draft.validate().is_ok();
        let result = t.desk.create_order(Uuid::now_v7(), &admin(), draft);
        prop_assert_eq!(result.is_ok(), valid);
        if !valid {
            prop_assert_eq!(fingerprint(&t.db()), before.clone());
        }
        let json = serde_json::json!({"type": "change_status", "order_id": Uuid::nil(), "to": status});
        if let Ok(command) = serde_json::from_value::<Command>(json) {
            prop_assert!(t.desk.run(Uuid::now_v7(), &admin(), command).is_err());
        }
        let _ = serde_json::from_slice::<Command>(&junk);
    }
}

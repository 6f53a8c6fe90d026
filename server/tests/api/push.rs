//! Pushing commands: re-run as the signed-in user, recorded, never doubled.

use packdesk_domain::api::ErrorKind;
use packdesk_domain::command::COMMAND_VERSION;
use packdesk_domain::sync::Verdict;
use packdesk_domain::{HistorySource, OrderStatus};

use crate::support::{create_order, move_to, on_both_backends, verdicts, Desk};

fn rejected_kind(verdict: &Verdict) -> Option<ErrorKind> {
    match verdict {
        Verdict::Rejected { kind, .. } => Some(*kind),
        Verdict::Applied => None,
    }
}

fn message(verdict: &Verdict) -> &str {
    match verdict {
        Verdict::Rejected { message, .. } => message,
        Verdict::Applied => "",
    }
}

on_both_backends! {
    async fn a_pushed_order_comes_back_from_pull_with_its_history(h) {
        let token = h.token("processor").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        let confirm = move_to(order_id, OrderStatus::PaymentConfirmed, None);
        let commands = [desk.next(create), desk.next(confirm)];
        let pushed = h.push(&token, desk.id, &commands).await;
        assert_eq!(verdicts(&pushed), vec![Verdict::Applied, Verdict::Applied]);
        assert_eq!(pushed.acks[1].seq, 2);
        assert_eq!(pushed.acks[1].command_id, commands[1].envelope.id);

        let pulled = h.pull(&token, 0, None).await;
        assert_eq!(pulled.changes.len(), 1);
        let change = &pulled.changes[0];
        assert_eq!(change.order.id, order_id);
        assert_eq!(change.order.order_number, "K7QM-00001");
        assert_eq!(change.order.status, OrderStatus::PaymentConfirmed);
        let moves: Vec<_> = change.history.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(moves, vec![
            (None, OrderStatus::PendingPayment),
            (Some(OrderStatus::PendingPayment), OrderStatus::PaymentConfirmed),
        ]);
        // Signed by the server's user, not by what the envelope claimed.
        assert!(change.history.iter().all(|c| c.by == "processor" && c.source == HistorySource::User));
        assert_eq!(pulled.cursor, change.cursor);
        assert!(!pulled.more);
    }

    async fn the_same_push_twice_gets_the_same_acks_and_applies_once(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        let commands = [desk.next(create), desk.next(move_to(order_id, OrderStatus::PaymentConfirmed, None))];
        let first = h.push(&token, desk.id, &commands).await;
        let again = h.push(&token, desk.id, &commands).await;
        assert_eq!(first, again);
        let pulled = h.pull(&token, 0, None).await;
        assert_eq!(pulled.changes.len(), 1);
        assert_eq!(pulled.changes[0].history.len(), 2);
    }

    async fn a_different_command_in_a_taken_slot_is_rejected_as_a_conflict(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (_, create) = create_order("K7QM-00001");
        let first = desk.next(create);
        h.push(&token, desk.id, std::slice::from_ref(&first)).await;

        let (_, other) = create_order("K7QM-00002");
        let mut impostor = Desk::new().next(other);
        impostor.seq = first.seq;
        let answer = h.push(&token, desk.id, &[impostor]).await;
        assert_eq!(rejected_kind(&answer.acks[0].verdict), Some(ErrorKind::Conflict));
        let numbers: Vec<_> = h.pull(&token, 0, None).await.changes.into_iter().map(|c| c.order.order_number).collect();
        assert_eq!(numbers, vec!["K7QM-00001"]);
    }

    async fn a_command_resent_from_another_slot_gets_its_recorded_verdict(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        let confirm = move_to(order_id, OrderStatus::PaymentConfirmed, None);
        let commands = [desk.next(create), desk.next(confirm)];
        h.push(&token, desk.id, &commands).await;

        let mut elsewhere = Desk::new();
        let mut resent = commands[1].clone();
        resent.seq = elsewhere.next(move_to(order_id, OrderStatus::OnHold, None)).seq;
        let answer = h.push(&token, elsewhere.id, &[resent]).await;
        assert_eq!(verdicts(&answer), vec![Verdict::Applied]);
        let pulled = h.pull(&token, 0, None).await;
        assert_eq!(pulled.changes[0].history.len(), 2, "the move must not apply twice");
    }

    async fn an_illegal_move_is_rejected_and_the_commands_behind_it_still_apply(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        let commands = [
            desk.next(create),
            desk.next(move_to(order_id, OrderStatus::Delivered, None)),
            desk.next(move_to(order_id, OrderStatus::PaymentConfirmed, None)),
        ];
        let answer = h.push(&token, desk.id, &commands).await;
        let verdicts = verdicts(&answer);
        assert_eq!(verdicts[0], Verdict::Applied);
        assert_eq!(rejected_kind(&verdicts[1]), Some(ErrorKind::Conflict));
        assert_eq!(message(&verdicts[1]), "cannot move from Pending payment to Delivered");
        assert_eq!(verdicts[2], Verdict::Applied);
        let pulled = h.pull(&token, 0, None).await;
        assert_eq!(pulled.changes[0].order.status, OrderStatus::PaymentConfirmed);
    }

    async fn a_viewer_cannot_change_status_even_when_the_envelope_claims_admin(h) {
        let admin = h.token("admin").await;
        let viewer = h.token("viewer").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        h.push(&admin, desk.id, &[desk.next(create)]).await;
        let answer = h.push(&viewer, desk.id, &[desk.next(move_to(order_id, OrderStatus::PaymentConfirmed, None))]).await;
        assert_eq!(rejected_kind(&answer.acks[0].verdict), Some(ErrorKind::Forbidden));
        assert_eq!(message(&answer.acks[0].verdict), "a Viewer may not change order status");
        let pulled = h.pull(&viewer, 0, None).await;
        assert_eq!(pulled.changes[0].order.status, OrderStatus::PendingPayment);
    }

    async fn a_processor_cannot_cancel_but_a_manager_can(h) {
        let processor = h.token("processor").await;
        let manager = h.token("manager").await;
        let mut desk = Desk::new();
        let (order_id, create) = create_order("K7QM-00001");
        h.push(&processor, desk.id, &[desk.next(create)]).await;
        let cancel = move_to(order_id, OrderStatus::Cancelled, Some("customer changed their mind"));
        let refused = h.push(&processor, desk.id, &[desk.next(cancel.clone())]).await;
        assert_eq!(rejected_kind(&refused.acks[0].verdict), Some(ErrorKind::Forbidden));
        let allowed = h.push(&manager, desk.id, &[desk.next(cancel)]).await;
        assert_eq!(verdicts(&allowed), vec![Verdict::Applied]);
    }

    async fn a_taken_order_number_is_rejected_as_a_conflict(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (_, first) = create_order("K7QM-00001");
        let (_, copy) = create_order("K7QM-00001");
        let answer = h.push(&token, desk.id, &[desk.next(first), desk.next(copy)]).await;
        assert_eq!(answer.acks[0].verdict, Verdict::Applied);
        assert_eq!(rejected_kind(&answer.acks[1].verdict), Some(ErrorKind::Conflict));
        assert_eq!(h.pull(&token, 0, None).await.changes.len(), 1);
    }

    async fn commands_from_a_newer_desk_are_rejected_not_dropped(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (_, create) = create_order("K7QM-00001");
        let mut future = desk.next(create);
        future.envelope.version = COMMAND_VERSION + 1;
        let answer = h.push(&token, desk.id, &[future]).await;
        assert_eq!(answer.acks.len(), 1);
        assert_eq!(rejected_kind(&answer.acks[0].verdict), Some(ErrorKind::Invalid));
        assert!(message(&answer.acks[0].verdict).contains("upgrade the server"));
        assert!(h.pull(&token, 0, None).await.changes.is_empty());
    }

    async fn invalid_drafts_are_rejected_with_their_fields(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (_, mut create) = create_order("K7QM-00001");
        if let packdesk_domain::Command::CreateOrder { draft, .. } = &mut create {
            draft.items.clear();
        }
        let answer = h.push(&token, desk.id, &[desk.next(create)]).await;
        match &answer.acks[0].verdict {
            Verdict::Rejected { kind, fields, .. } => {
                assert_eq!(*kind, ErrorKind::Invalid);
                assert!(fields.iter().any(|f| f.field.starts_with("items")), "{fields:?}");
            }
            Verdict::Applied => panic!("an order without items must not apply"),
        }
    }

    async fn out_of_order_batches_are_refused_whole(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let (_, a) = create_order("K7QM-00001");
        let (_, b) = create_order("K7QM-00002");
        let (first, second) = (desk.next(a), desk.next(b));
        let response = h
            .client
            .post(h.url("/v1/push"))
            .bearer_auth(&token)
            .json(&packdesk_domain::sync::PushRequest { desk_id: desk.id, commands: vec![second, first] })
            .send()
            .await
            .expect("server answers");
        assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
        assert!(h.pull(&token, 0, None).await.changes.is_empty());
    }
}

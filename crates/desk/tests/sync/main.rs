//! Offline desks syncing through the server: nothing lost, nothing doubled,
//! every refusal visible. Each spec runs on the server's SQLite and
//! PostgreSQL back-ends.

mod harness;

use packdesk_desk::DeskError;
use packdesk_domain::api::ErrorKind;
use packdesk_domain::sync::Resolution;
use packdesk_domain::{Command, OrderStatus, Priority};

use harness::{on_both_backends, TestDesk};

on_both_backends! {
    async fn desks_that_worked_offline_agree_after_syncing_in_any_order(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let b = TestDesk::signed_in(&server, "processor").await;
        let c = TestDesk::signed_in(&server, "admin").await;

        // Offline work on two desks.
        let first = a.create(1);
        let second = a.create(2);
        a.move_to(first.id, OrderStatus::PaymentConfirmed, None);
        let third = b.create(3);
        b.move_to(third.id, OrderStatus::PaymentConfirmed, None);
        assert_eq!(a.sync.status().unwrap().waiting, 3);

        // Sync in an interleaved order; the third desk only pulls.
        b.sync.sync_now().await.unwrap();
        a.sync.sync_now().await.unwrap();
        b.sync.sync_now().await.unwrap();
        c.sync.sync_now().await.unwrap();

        assert_eq!(a.sync.status().unwrap().waiting, 0);
        assert_eq!(a.state().len(), 3);
        assert_eq!(a.state(), b.state());
        assert_eq!(b.state(), c.state());
        // Each desk's commands were applied once: one history line per move.
        assert_eq!(c.order(first.id).history.len(), 2);
        assert_eq!(c.order(second.id).history.len(), 1);
        assert_eq!(c.order(third.id).history.len(), 2);
        // Order numbers made offline on different desks never collide.
        assert_ne!(first.order_number[..4], third.order_number[..4]);
    }

    async fn three_desks_agree_whatever_order_they_sync_in(server) {
        let desks = [
            TestDesk::signed_in(&server, "admin").await,
            TestDesk::signed_in(&server, "manager").await,
            TestDesk::signed_in(&server, "processor").await,
        ];
        let shared = desks[0].create(100);
        for desk in &desks {
            desk.sync.sync_now().await.unwrap();
        }
        let orders = [0usize, 1, 2];
        let permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        for (round, order) in permutations.iter().enumerate() {
            // Everyone works offline: a new order each, and a note on the shared one.
            for (i, desk) in desks.iter().enumerate() {
                let made = desk.create(200 + (round * 3 + i) as u64);
                desk.move_to(made.id, OrderStatus::PaymentConfirmed, None);
            }
            let holder = &desks[orders[round % 3]];
            let _ = holder.run(Command::ChangeStatus {
                order_id: shared.id,
                to: if round % 2 == 0 { OrderStatus::OnHold } else { OrderStatus::PendingPayment },
                reason: Some(format!("round {round}")),
            });
            for &i in order {
                desks[i].sync.sync_now().await.unwrap();
            }
            for desk in &desks {
                desk.sync.sync_now().await.unwrap();
            }
            assert_eq!(desks[0].state(), desks[1].state(), "round {round}");
            assert_eq!(desks[1].state(), desks[2].state(), "round {round}");
        }
        assert_eq!(desks[0].state().len(), 1 + 6 * 3);
    }

    async fn a_full_resync_changes_nothing_and_doubles_nothing(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        for n in 0..5 {
            let order = a.create(300 + n);
            a.move_to(order.id, OrderStatus::PaymentConfirmed, None);
        }
        a.sync.sync_now().await.unwrap();
        let before = a.state();
        let report = a.sync.full_resync().await.unwrap();
        assert_eq!(report.pulled, 5);
        assert_eq!(a.state(), before);
    }

    async fn the_sync_token_lives_in_the_keyring_never_in_the_database(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        a.create(400);
        a.sync.sync_now().await.unwrap();
        let (path, scope) = packdesk_desk::with_desk(&a.desk, |desk| {
            desk.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
            Ok((desk.path().to_owned(), desk.keyring_scope()?))
        })
        .unwrap();
        let token = harness::test_secrets()
            .get(&format!("sync-token/{scope}"))
            .unwrap()
            .expect("token in the keyring");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend(std::fs::read(path.with_extension("sqlite3-wal")).unwrap_or_default());
        assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()));
        a.sync.sign_out().await.unwrap();
        assert!(a.sync.status().unwrap().signed_in_as.is_none());
        assert!(harness::test_secrets().get(&format!("sync-token/{scope}")).unwrap().is_none());
    }

    async fn a_session_the_server_ended_signs_the_desk_out_and_keeps_its_changes(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        a.create(500);
        a.sync.sync_now().await.unwrap();
        server.end_all_sessions().await;
        let made_meanwhile = a.create(501);

        let error = a.sync.sync_now().await.expect_err("the token no longer opens the API");
        assert!(matches!(error, DeskError::SignedOut(_)), "{error}");
        let status = a.sync.status().unwrap();
        assert_eq!(status.signed_in_as, None, "shown as signed out, not as synced");
        assert_eq!(status.waiting, 1, "the change made meanwhile is kept");
        let reason = status.last_error.unwrap_or_default();
        assert!(reason.starts_with("sign in to the Packdesk server again"), "{reason}");
        let scope = packdesk_desk::with_desk(&a.desk, |desk| desk.keyring_scope())
            .unwrap();
        assert!(
            harness::test_secrets().get(&format!("sync-token/{scope}")).unwrap().is_none(),
            "the dead token left the keyring"
        );

        a.sync.sign_in(&server.base, "manager", harness::PASSWORD).await.unwrap();
        a.sync.sync_now().await.unwrap();
        assert_eq!(a.sync.status().unwrap().waiting, 0);
        let b = TestDesk::signed_in(&server, "viewer").await;
        b.sync.sync_now().await.unwrap();
        assert_eq!(b.order(made_meanwhile.id).order.order_number, made_meanwhile.order_number);
        assert_eq!(a.state(), b.state());
    }

    async fn pulled_orders_are_found_by_search_with_their_latest_details(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let b = TestDesk::signed_in(&server, "manager").await;
        let orders: Vec<_> = (600..640).map(|n| a.create(n)).collect();
        a.sync.sync_now().await.unwrap();
        b.sync.sync_now().await.unwrap();
        let renamed = &orders[7];
        let mut draft = packdesk_desk::demo::synthetic_draft(607);
        draft.customer.name = "Zebedee Quartermaine".into();
        draft.customer.email = "zq@example.com".into();
        a.run(Command::EditOrder { order_id: renamed.id, draft }).unwrap();
        let old_name = renamed.details.customer.name.clone();
        a.sync.sync_now().await.unwrap();
        b.sync.sync_now().await.unwrap();

        // What B finds is what A finds: every pulled order is indexed, and
        // the edit replaced the old entry rather than adding to it.
        assert_eq!(b.search("Zebedee"), vec![renamed.order_number.clone()]);
        assert_eq!(b.search("quarterm"), vec![renamed.order_number.clone()]);
        assert!(!b.search(&old_name).contains(&renamed.order_number));
        for order in &orders {
            assert!(b.search(&order.order_number).contains(&order.order_number));
        }
        assert_eq!(b.search(&old_name), a.search(&old_name));
        assert_eq!(b.search("example.com").len(), orders.len());
    }

    async fn a_desk_that_drew_a_prefix_another_desk_holds_moves_to_a_new_one(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let a_first = a.create(700);
        a.sync.sync_now().await.unwrap();
        let taken = a.prefix();

        // B drew the same prefix (1 in ~920k) and numbered one order offline
        // before its first sync: that number is A's too.
        let b = TestDesk::signed_in(&server, "manager").await;
        b.execute_sql(&format!(
            "UPDATE desk_settings SET value = '{taken}' WHERE key = 'desk_prefix'"
        ));
        let clash = b.create(701);
        assert_eq!(clash.order_number, a_first.order_number);
        b.sync.sync_now().await.unwrap();

        let moved_to = b.prefix();
        assert_ne!(moved_to, taken, "B moved to another prefix");
        // The clashing create is a conflict, not a stuck sync: B shows A's
        // order under that number, and B's own lives on in the conflict.
        assert_eq!(b.order(a_first.id).order.order_number, a_first.order_number);
        let conflicts = b.sync.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].order_number.as_deref(), Some(clash.order_number.as_str()));
        assert!(!conflicts[0].on_desk);
        b.sync
            .resolve(&TestDesk::admin(), conflicts[0].command_id, Resolution::ApplyMineAgain)
            .unwrap();
        let after = b.create(702);
        assert!(after.order_number.starts_with(&format!("{moved_to}-")), "{}", after.order_number);
        b.sync.sync_now().await.unwrap();
        a.sync.sync_now().await.unwrap();

        assert!(b.sync.conflicts().unwrap().is_empty());
        assert_eq!(a.state(), b.state());
        let names: Vec<String> = a.state().into_iter().map(|(number, ..)| number).collect();
        assert_eq!(names.len(), 3, "A's order, B's made again under its new prefix, B's next: {names:?}");
        assert_eq!(names.iter().filter(|n| n.starts_with(&format!("{moved_to}-"))).count(), 2);
        // Its keyring entries keep their names: the token is still found.
        let scope = packdesk_desk::with_desk(&b.desk, |desk| desk.keyring_scope()).unwrap();
        assert!(harness::test_secrets().get(&format!("sync-token/{scope}")).unwrap().is_some());
    }

    async fn an_order_only_this_desk_has_gives_its_number_to_one_from_the_server(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let a_first = a.create(710);
        a.sync.sync_now().await.unwrap();
        let b = TestDesk::signed_in(&server, "manager").await;
        b.execute_sql(&format!(
            "UPDATE desk_settings SET value = '{}' WHERE key = 'desk_prefix'",
            a.prefix()
        ));
        let clash = b.create(711);
        assert_eq!(clash.order_number, a_first.order_number);
        // A label was bought for it before B ever synced: money spent, so
        // the refused order stays on B.
        b.execute_sql(&format!(
            "INSERT INTO shipments (id, order_row_id, state, length_tenths, width_tenths,
                 height_tenths, weight_tenths, created_at, updated_at)
             SELECT '{}', row_id, 'bought', 120, 90, 30, 160, 0, 0 FROM orders WHERE id = '{}'",
            uuid::Uuid::now_v7(),
            clash.id
        ));

        b.sync.sync_now().await.expect("the pull is not stopped by the shared number");
        assert_eq!(b.order(a_first.id).order.order_number, a_first.order_number);
        let kept = b.order(clash.id).order;
        assert!(kept.order_number.starts_with(&format!("{}-", b.prefix())), "{}", kept.order_number);
        assert_eq!(b.search(&kept.order_number), vec![kept.order_number.clone()]);
        assert_eq!(b.search(&a_first.order_number), vec![a_first.order_number.clone()]);
        let conflicts = b.sync.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert!(conflicts[0].on_desk);
    }

    async fn a_change_the_server_refuses_is_a_conflict_that_blocks_nothing(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let b = TestDesk::signed_in(&server, "manager").await;
        let order = a.create(10);
        a.sync.sync_now().await.unwrap();
        b.sync.sync_now().await.unwrap();

        // Both offline: B cancels, A confirms the payment and takes a new order.
        b.move_to(order.id, OrderStatus::Cancelled, Some("customer called"));
        a.move_to(order.id, OrderStatus::PaymentConfirmed, None);
        let later = a.create(11);
        b.sync.sync_now().await.unwrap();
        let report = a.sync.sync_now().await.unwrap();

        assert_eq!(report.rejected, 1);
        let conflicts = a.sync.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].order_number.as_deref(), Some(order.order_number.as_str()));
        assert_eq!(conflicts[0].kind, ErrorKind::Conflict);
        assert_eq!(conflicts[0].summary, "Move to Payment confirmed");
        // A shows the server's state, and the order behind the refusal went up.
        assert_eq!(a.order(order.id).order.status, OrderStatus::Cancelled);
        b.sync.sync_now().await.unwrap();
        assert_eq!(b.order(later.id).order.order_number, later.order_number);
        assert_eq!(a.state(), b.state());

        a.sync.resolve(&TestDesk::admin(), conflicts[0].command_id, Resolution::KeepServer).unwrap();
        assert!(a.sync.conflicts().unwrap().is_empty());
        assert_eq!(a.sync.status().unwrap().conflicts, 0);
    }

    async fn the_server_decides_roles_and_apply_mine_again_reissues_the_change(server) {
        let clerk = TestDesk::signed_in(&server, "processor").await;
        let order = clerk.create(20);
        // The desk's local role is admin, so it lets the cancel through;
        // the server knows this user is a processor.
        clerk.move_to(order.id, OrderStatus::Cancelled, Some("duplicate order"));
        clerk.sync.sync_now().await.unwrap();
        let conflicts = clerk.sync.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].kind, ErrorKind::Forbidden);
        assert_eq!(clerk.order(order.id).order.status, OrderStatus::PendingPayment);

        // A manager signs in at the same desk and applies the change again.
        clerk.sync.sign_in(&server.base, "manager", harness::PASSWORD).await.unwrap();
        clerk
            .sync
            .resolve(&TestDesk::admin(), conflicts[0].command_id, Resolution::ApplyMineAgain)
            .unwrap();
        clerk.sync.sync_now().await.unwrap();
        assert!(clerk.sync.conflicts().unwrap().is_empty());
        let other = TestDesk::signed_in(&server, "viewer").await;
        other.sync.sync_now().await.unwrap();
        assert_eq!(other.order(order.id).order.status, OrderStatus::Cancelled);
    }

    async fn an_answer_lost_after_the_server_committed_is_resent_and_applied_once(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let order = a.create(30);
        a.move_to(order.id, OrderStatus::PaymentConfirmed, None);
        a.move_to(order.id, OrderStatus::Processing, None);

        server.cut_next_push_answers(1);
        let error = a.sync.sync_now().await.unwrap_err();
        assert!(matches!(error, DeskError::Unavailable(_)), "{error}");
        assert_eq!(a.sync.status().unwrap().waiting, 3, "nothing deleted without an answer");
        assert!(!a.sync.status().unwrap().online);

        // The same push again: the server answers from its record.
        a.sync.sync_now().await.unwrap();
        assert_eq!(a.sync.status().unwrap().waiting, 0);
        assert!(a.sync.conflicts().unwrap().is_empty());
        let b = TestDesk::signed_in(&server, "viewer").await;
        b.sync.sync_now().await.unwrap();
        assert_eq!(b.order(order.id).history.len(), 3, "applied once each");
        assert_eq!(b.order(order.id).order.status, OrderStatus::Processing);
    }

    async fn a_server_killed_mid_push_and_restarted_applies_everything_once(server) {
        let mut server = server;
        let a = TestDesk::signed_in(&server, "manager").await;
        let order = a.create(60);
        a.move_to(order.id, OrderStatus::PaymentConfirmed, None);

        // Killed while the push is in flight, before it is handled.
        server.hold_pushes(300);
        let pushing = {
            let sync = a.sync.clone();
            tokio::spawn(async move { sync.sync_now().await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        server.kill();
        assert!(pushing.await.unwrap().is_err());
        assert_eq!(a.sync.status().unwrap().waiting, 2);
        server.hold_pushes(0);
        server.restart().await;

        // Killed right after committing, before answering.
        a.move_to(order.id, OrderStatus::Processing, None);
        server.cut_next_push_answers(1);
        assert!(a.sync.sync_now().await.is_err());
        server.restart().await;

        a.sync.sync_now().await.unwrap();
        assert_eq!(a.sync.status().unwrap().waiting, 0);
        let b = TestDesk::signed_in(&server, "viewer").await;
        b.sync.sync_now().await.unwrap();
        assert_eq!(b.order(order.id).history.len(), 3, "every change applied once");
        assert_eq!(a.state(), b.state());
    }

    async fn a_local_change_lands_on_top_of_what_another_desk_did(server) {
        let a = TestDesk::signed_in(&server, "manager").await;
        let b = TestDesk::signed_in(&server, "manager").await;
        let order = a.create(40);
        a.sync.sync_now().await.unwrap();
        b.sync.sync_now().await.unwrap();

        // B moves it on the server; A holds it locally, unpushed.
        b.move_to(order.id, OrderStatus::PaymentConfirmed, None);
        b.sync.sync_now().await.unwrap();
        a.move_to(order.id, OrderStatus::OnHold, Some("fabric late"));
        // The hold was made on the state A knew; the server applies it on top
        // of B's move, and A ends with both.
        a.sync.sync_now().await.unwrap();
        let mine = a.order(order.id);
        assert_eq!(mine.order.status, OrderStatus::OnHold);
        assert_eq!(mine.order.return_to, Some(OrderStatus::PaymentConfirmed));
        b.sync.sync_now().await.unwrap();
        assert_eq!(a.state(), b.state());
    }

    async fn urgent_orders_from_other_desks_are_announced_once(server) {
        let counter = TestDesk::signed_in(&server, "manager").await;
        let bench = TestDesk::signed_in(&server, "processor").await;
        let mut wedding = packdesk_desk::demo::synthetic_draft(50);
        wedding.priority = Priority::WeddingParty.as_str().into();
        let announced = packdesk_desk::with_desk(&counter.desk, |desk| {
            desk.create_order(uuid::Uuid::now_v7(), &TestDesk::admin(), wedding)
        })
        .unwrap()
        .order;
        let mut plain = packdesk_desk::demo::synthetic_draft(51);
        plain.priority = Priority::Normal.as_str().into();
        packdesk_desk::with_desk(&counter.desk, |desk| {
            desk.create_order(uuid::Uuid::now_v7(), &TestDesk::admin(), plain)
        })
        .unwrap();
        counter.sync.sync_now().await.unwrap();
        bench.sync.sync_now().await.unwrap();
        bench.sync.sync_now().await.unwrap();
        assert_eq!(*bench.alerts.lock().unwrap(), vec![announced.order_number]);
        assert!(counter.alerts.lock().unwrap().is_empty(), "its own orders are not news");
        assert!(bench.run(Command::ChangeStatus {
            order_id: announced.id,
            to: OrderStatus::PaymentConfirmed,
            reason: None,
        }).is_ok());
    }
}

//! Pulling changes: in cursor order, in pages, and never skipping one.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use uuid::Uuid;

use crate::support::{create_order, on_both_backends, Desk};

const PUSHERS: usize = 8;
const ORDERS_PER_PUSHER: usize = 12;

on_both_backends! {
    async fn pull_pages_through_six_orders_in_three_pages_of_two(h) {
        let token = h.token("admin").await;
        let mut desk = Desk::new();
        let mut created = Vec::new();
        let mut commands = Vec::new();
        for n in 1..=6 {
            let (id, create) = create_order(&format!("K7QM-{n:05}"));
            created.push(id);
            commands.push(desk.next(create));
        }
        h.push(&token, desk.id, &commands).await;

        let mut seen = Vec::new();
        let mut cursor = 0;
        let mut pages = 0;
        loop {
            let page = h.pull(&token, cursor, Some(2)).await;
            pages += 1;
            assert!(page.changes.len() <= 2);
            assert!(page.changes.windows(2).all(|w| w[0].cursor < w[1].cursor));
            seen.extend(page.changes.iter().map(|c| c.order.id));
            cursor = page.cursor;
            if !page.more {
                break;
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, created, "oldest change first");
        let after_all = h.pull(&token, cursor, Some(2)).await;
        assert!(after_all.changes.is_empty());
        assert_eq!(after_all.cursor, cursor, "the cursor stays put when nothing is new");
    }

    async fn cursors_never_skip_an_order_under_concurrent_pushers(h) {
        let h = Arc::new(h);
        let token = h.token("processor").await;
        let done = Arc::new(AtomicBool::new(false));

        let puller = {
            let (h, token, done) = (Arc::clone(&h), token.clone(), Arc::clone(&done));
            tokio::spawn(async move {
                let mut seen = BTreeSet::new();
                let mut cursor = 0;
                loop {
                    // Read the flag first: a pull that starts after every
                    // pusher finished and returns nothing new is the end.
                    let finished = done.load(Ordering::SeqCst);
                    let page = h.pull(&token, cursor, None).await;
                    seen.extend(page.changes.iter().map(|c| c.order.id));
                    cursor = page.cursor;
                    if finished && page.changes.is_empty() {
                        return seen;
                    }
                }
            })
        };

        let mut pushers = Vec::new();
        for pusher in 0..PUSHERS {
            let (h, token) = (Arc::clone(&h), token.clone());
            pushers.push(tokio::spawn(async move {
                let mut desk = Desk::new();
                let mut created = Vec::new();
                for n in 0..ORDERS_PER_PUSHER {
                    let (id, create) = create_order(&format!("P{pusher}-{n:05}"));
                    h.push(&token, desk.id, &[desk.next(create)]).await;
                    created.push(id);
                }
                created
            }));
        }
        let mut created: BTreeSet<Uuid> = BTreeSet::new();
        for pusher in pushers {
            created.extend(pusher.await.expect("pusher finished"));
        }
        done.store(true, Ordering::SeqCst);
        let seen = puller.await.expect("puller finished");
        assert_eq!(created.len(), PUSHERS * ORDERS_PER_PUSHER);
        let missed: Vec<_> = created.difference(&seen).collect();
        assert!(missed.is_empty(), "the puller never saw {} orders: {missed:?}", missed.len());
    }
}

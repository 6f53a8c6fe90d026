//! The SQLite store: migrations, search and listing, concurrent writers, crashes.

mod common;

use std::process::Command as Process;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use common::{admin, assert_consistent, new_desk};
use packdesk_desk::demo::{load_demo_data, synthetic_draft};
use packdesk_desk::store::{migrate, migrate_to, open_connection, MIGRATIONS};
use packdesk_desk::{Desk, DeskError};
use packdesk_domain::api::{ListQuery, SortKey};
use packdesk_domain::{Command, OrderStatus, Priority};
use rusqlite::Connection;
use uuid::Uuid;

#[test]
fn a_new_file_gets_every_migration() {
    let t = new_desk();
    let version: i64 = t
        .db()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
    let mode: String = t
        .db()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// A desk left at any earlier schema version upgrades without losing orders,
/// and what it had becomes searchable.
#[test]
fn every_earlier_version_upgrades_with_its_data() {
    for start in 1..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        let mut conn = open_connection(&path).unwrap();
        migrate_to(&mut conn, start).unwrap();
        insert_order_by_hand(&conn);
        migrate(&mut conn).unwrap();
        drop(conn);

        let desk = Desk::open(&path).unwrap();
        let found = desk
            .list(&ListQuery {
                search: "hand".into(),
                ..ListQuery::default()
            })
            .unwrap();
        assert_eq!(found.rows.len(), 1, "from version {start}");
        assert_eq!(found.rows[0].order_number, "OLD-00001");
        assert_eq!(
            desk.order_by_number("OLD-00001")
                .unwrap()
                .order
                .details
                .items[0]
                .sku,
            "OLD-SKU-1"
        );
        assert_consistent(&Connection::open(&path).unwrap());
    }
}

/// An order written with plain SQL against the version-1 schema, as an old
/// build of Packdesk would have left it (with its search row, once builds
/// had search).
fn insert_order_by_hand(conn: &Connection) {
    let has_search: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'order_search'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    conn.execute_batch(
        "INSERT INTO orders VALUES (1, '0190b6a8-0000-7000-8000-000000000001', 'OLD-00001', 'processing', NULL,
            'normal', 1, 'Harold Handley', 'harold@example.com', '', '1 Old Road', '', 'Lansing', 'MI', '48933', 'US',
            'USD', 10000, 0, 0, 0, 10000, 1, '', '[]', NULL, NULL, 1700000000000, 1700000000000, NULL, NULL, NULL);
         INSERT INTO order_items VALUES (1, 0, 'Old suit', 'OLD-SKU-1', '', '', '[]', 1, 10000, 10000);
         INSERT INTO order_status_history VALUES (1, 1, NULL, 'processing', 1700000000000, 'old desk', NULL, 'user');",
    )
    .unwrap();
    if has_search {
        conn.execute_batch(
            "INSERT INTO order_search (rowid, order_number, customer_name, customer_email, skus)
             VALUES (1, 'OLD-00001', 'Harold Handley', 'harold@example.com', 'OLD-SKU-1');",
        )
        .unwrap();
    }
}

#[test]
fn a_database_from_a_newer_packdesk_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    let conn = open_connection(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(matches!(Desk::open(&path), Err(DeskError::Unusable { .. })));
}

#[test]
fn search_finds_orders_by_number_name_email_and_sku_prefixes() {
    let mut t = new_desk();
    load_demo_data(&mut t.desk, &admin(), Utc::now()).unwrap();
    let search = |text: &str| {
        t.desk
            .list(&ListQuery {
                search: text.into(),
                page_size: 100,
                ..ListQuery::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.customer_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(search("ashford"), ["William Ashford"]);
    assert_eq!(search("Ash"), ["William Ashford"]);
    assert_eq!(search("eleanor@whit"), ["Eleanor Whitfield"]);
    assert_eq!(search("COAT-CASH").len(), 2);
    assert_eq!(
        search("tux-blk").len(),
        6,
        "a SKU prefix across the wedding party, prom and more"
    );
    assert_eq!(search("james carter"), ["James Carter"]);
    assert!(search("zzzz").is_empty());
    let prefix = t.desk.settings().unwrap().desk_prefix;
    let by_number = t
        .desk
        .order_by_number(&format!("{prefix}-00003"))
        .unwrap()
        .order;
    assert_eq!(
        search(&by_number.order_number),
        std::slice::from_ref(&by_number.details.customer.name)
    );
    assert_eq!(search("\"unbalanced (quote* OR"), Vec::<String>::new());
}

#[test]
fn listing_filters_sorts_and_pages() {
    let mut t = new_desk();
    let actor = admin();
    let day = |d: u32| {
        Utc.from_utc_datetime(
            &NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        )
    };
    for n in 0..120u64 {
        t.desk
            .create_orders(&actor, vec![synthetic_draft(n)], day(1 + (n % 28) as u32))
            .unwrap();
    }
    let all = t
        .desk
        .list(&ListQuery {
            page_size: 50,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!((all.rows.len(), all.total_matching), (50, 120));
    assert!(
        all.rows
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    let last = t
        .desk
        .list(&ListQuery {
            page: 2,
            page_size: 50,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(last.rows.len(), 20);

    let rush = t
        .desk
        .list(&ListQuery {
            priorities: vec![Priority::Rush],
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(rush.total_matching, 15);
    assert!(rush.rows.iter().all(|r| r.priority == Priority::Rush));

    let march_first_week = ListQuery {
        created_from: NaiveDate::from_ymd_opt(2026, 3, 1),
        created_to: NaiveDate::from_ymd_opt(2026, 3, 7),
        page_size: 500,
        ..ListQuery::default()
    };
    let week = t.desk.list(&march_first_week).unwrap();
    assert_eq!(week.total_matching as usize, week.rows.len());
    assert!(week
        .rows
        .iter()
        .all(|r| r.created_at >= day(1) && r.created_at <= day(7)));
    assert_eq!(week.total_matching, 35);

    let by_total = t
        .desk
        .list(&ListQuery {
            sort: SortKey::Total,
            descending: false,
            ..ListQuery::default()
        })
        .unwrap();
    assert!(by_total.rows.windows(2).all(|w| w[0].total <= w[1].total));
    let by_name = t
        .desk
        .list(&ListQuery {
            sort: SortKey::CustomerName,
            descending: false,
            ..ListQuery::default()
        })
        .unwrap();
    assert!(by_name
        .rows
        .windows(2)
        .all(|w| w[0].customer_name.to_lowercase() <= w[1].customer_name.to_lowercase()));
}

/// A search matching thousands of orders takes the index-walking path; it must
/// page and sort exactly like a plain listing of the same orders.
#[test]
fn broad_searches_page_and_sort_like_plain_listings() {
    let mut t = new_desk();
    let drafts = (0..2_100u64)
        .map(|n| {
            let mut draft = synthetic_draft(n);
            draft.customer.name = format!("Ann Carter {n}");
            draft
        })
        .collect();
    t.desk.create_orders(&admin(), drafts, Utc::now()).unwrap();
    for sort in [SortKey::CreatedAt, SortKey::CustomerName, SortKey::Total] {
        for page in [0, 3, 41, 42] {
            let plain = ListQuery {
                sort,
                page,
                descending: page % 2 == 0,
                ..ListQuery::default()
            };
            let searched = ListQuery {
                search: "carter".into(),
                ..plain.clone()
            };
            let (plain, searched) = (
                t.desk.list(&plain).unwrap(),
                t.desk.list(&searched).unwrap(),
            );
            assert_eq!(searched.total_matching, 2_100);
            assert_eq!(searched.rows, plain.rows, "{sort:?} page {page}");
        }
    }
}

/// "Created on the 1st" means the asker's 1st: an order made at 03:00 UTC on
/// 1 March was made on 28 February in Chicago.
#[test]
fn date_filters_use_the_askers_days() {
    let mut t = new_desk();
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 3, 0, 0).unwrap();
    t.desk
        .create_orders(&admin(), vec![synthetic_draft(1)], at)
        .unwrap();
    let on = |day: u32, utc_offset_minutes: i32| {
        let date = NaiveDate::from_ymd_opt(2026, if day == 28 { 2 } else { 3 }, day);
        let query = ListQuery {
            created_from: date,
            created_to: date,
            utc_offset_minutes,
            ..ListQuery::default()
        };
        t.desk.list(&query).unwrap().total_matching
    };
    assert_eq!((on(1, 0), on(28, 0)), (1, 0), "in UTC");
    assert_eq!((on(1, -360), on(28, -360)), (0, 1), "in Chicago");
    assert_eq!((on(1, 60), on(28, 60)), (1, 0), "in Paris");
}

#[test]
fn status_counts_follow_every_move() {
    let mut t = new_desk();
    load_demo_data(&mut t.desk, &admin(), Utc::now()).unwrap();
    let count = |desk: &Desk, status| {
        desk.status_counts()
            .unwrap()
            .iter()
            .find(|c| c.status == status)
            .map_or(0, |c| c.count)
    };
    let pending = count(&t.desk, OrderStatus::PendingPayment);
    let order = t
        .desk
        .list(&ListQuery {
            statuses: vec![OrderStatus::PendingPayment],
            ..ListQuery::default()
        })
        .unwrap()
        .rows[0]
        .id;
    t.desk
        .run(
            Uuid::now_v7(),
            &admin(),
            Command::ChangeStatus {
                order_id: order,
                to: OrderStatus::PaymentConfirmed,
                reason: None,
            },
        )
        .unwrap();
    assert_eq!(count(&t.desk, OrderStatus::PendingPayment), pending - 1);
    let filtered = t
        .desk
        .list(&ListQuery {
            statuses: vec![OrderStatus::PendingPayment],
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(filtered.total_matching, pending - 1);
    assert_consistent(&t.db());
}

#[test]
fn demo_data_loads_once_and_only_into_an_empty_desk() {
    let mut t = new_desk();
    let loaded = load_demo_data(&mut t.desk, &admin(), Utc::now()).unwrap();
    assert!(loaded >= 15);
    assert!(matches!(
        load_demo_data(&mut t.desk, &admin(), Utc::now()),
        Err(DeskError::Conflict(_))
    ));
    let wedding = t
        .desk
        .list(&ListQuery {
            priorities: vec![Priority::WeddingParty],
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(wedding.total_matching, 5);
    assert_consistent(&t.db());
}

/// Two desks' worth of writers on one file: every order lands, numbers never collide.
#[test]
fn two_writers_at_once_lose_nothing() {
    let t = new_desk();
    let path = t.desk.path().to_owned();
    let writers: Vec<_> = (0..2u64)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut desk = Desk::open(&path).unwrap();
                for n in 0..40 {
                    desk.create_order(Uuid::now_v7(), &admin(), synthetic_draft(w * 1000 + n))
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let page = t
        .desk
        .list(&ListQuery {
            page_size: 500,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(page.total_matching, 80);
    let mut numbers: Vec<_> = page.rows.iter().map(|r| r.order_number.clone()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 80);
    assert_consistent(&t.db());
}

const CHILD_DB: &str = "PACKDESK_TEST_CHILD_DB";
const BATCH: usize = 25;

/// Run as a child process by `a_writer_killed_mid_write_leaves_a_consistent_database`:
/// writes batches of orders until it is killed.
#[test]
#[ignore = "run only as the child of the crash test"]
fn child_writer_until_killed() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let mut desk = Desk::open(std::path::Path::new(&path)).unwrap();
    for round in 0u64.. {
        let drafts = (0..BATCH as u64)
            .map(|n| synthetic_draft(round * 100 + n))
            .collect();
        desk.create_orders(&admin(), drafts, Utc::now()).unwrap();
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_a_consistent_database() {
    let t = new_desk();
    let path = t.desk.path().to_owned();
    for attempt in 0..3 {
        let mut child = Process::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_writer_until_killed",
                "--ignored",
                "--nocapture",
            ])
            .env(CHILD_DB, &path)
            .spawn()
            .unwrap();
        let started = Instant::now();
        let target = (attempt + 1) * 4 * BATCH as i64;
        while count_orders(&t.db()) < target && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no rollback, mid-transaction
        child.wait().unwrap();

        let desk = Desk::open(&path).unwrap();
        let orders = count_orders(&t.db());
        assert!(orders >= target, "the child wrote {orders} orders");
        assert_eq!(orders as usize % BATCH, 0, "a batch is all or nothing");
        assert_eq!(
            desk.list(&ListQuery::default()).unwrap().total_matching,
            orders as u64
        );
        assert_consistent(&t.db());
    }
}

fn count_orders(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap_or(0)
}

//! Helpers shared by the desk's integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use packdesk_desk::demo::synthetic_draft;
use packdesk_desk::Desk;
use packdesk_domain::{Actor, Order, Role};
use rusqlite::Connection;
use tempfile::TempDir;

pub struct TestDesk {
    pub desk: Desk,
    pub dir: TempDir,
}

impl TestDesk {
    /// A new order made by an admin from synthetic draft `n`.
    pub fn new_order(&mut self, n: u64) -> Order {
        self.desk
            .create_order(uuid::Uuid::now_v7(), &admin(), synthetic_draft(n))
            .expect("create order")
            .order
    }

    /// A second connection to the desk's file, as another process would see it.
    pub fn db(&self) -> Connection {
        Connection::open(self.desk.path()).expect("open database")
    }
}

pub fn new_desk() -> TestDesk {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(&dir.path().join("desk.sqlite3")).expect("open desk");
    TestDesk { desk, dir }
}

pub fn actor(role: Role) -> Actor {
    Actor {
        name: format!("test {}", role.as_str()),
        role,
    }
}

pub fn admin() -> Actor {
    actor(Role::Admin)
}

/// Every row of every table, as text: equal fingerprints mean nothing was written.
pub fn fingerprint(conn: &Connection) -> String {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'order_search_%' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| t != "sqlite_sequence");
    let mut out = String::new();
    for table in tables {
        let mut select = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let columns = select.column_count();
        let rows = select
            .query_map([], |row| {
                (0..columns)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        out.push_str(&table);
        for row in rows {
            out.push_str(&row.unwrap().join("|"));
            out.push('\n');
        }
    }
    out
}

/// Cross-table invariants that must hold after any sequence of commits.
pub fn assert_consistent(conn: &Connection) {
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let scalar = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let orders = scalar("SELECT count(*) FROM orders");
    assert_eq!(
        scalar("SELECT count(*) FROM order_search"),
        orders,
        "every order is searchable"
    );
    assert_eq!(
        scalar("SELECT coalesce(sum(count), 0) FROM status_counts"),
        orders,
        "status counts add up"
    );
    assert_eq!(
        scalar("SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_row_id = o.row_id)"),
        0,
        "every order has items"
    );
    assert_eq!(
        scalar("SELECT count(*) FROM orders o WHERE (SELECT to_status FROM order_status_history h WHERE h.order_row_id = o.row_id ORDER BY id DESC LIMIT 1) IS NOT o.status"),
        0,
        "every order's last history entry is its status"
    );
    assert_eq!(
        scalar("SELECT count(*) FROM orders o WHERE item_count <> (SELECT sum(quantity) FROM order_items i WHERE i.order_row_id = o.row_id)"),
        0
    );
}

//! The desk's speed, measured: `cargo bench -p packdesk-desk [-- --orders 100000,1000000]`.
//!
//! Prints a Markdown table (copied into BENCHMARKS.md). Latencies are p50/p99
//! over many single operations, because a person waits for one save, not for
//! an average. The durable order create is shown beside a bare durable SQLite
//! insert on the same disk in the same run: their ratio is what Packdesk adds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;
use packdesk_desk::demo::synthetic_draft;
use packdesk_desk::store::open_connection;
use packdesk_desk::Desk;
use packdesk_domain::api::{ListQuery, SortKey};
use packdesk_domain::{Actor, Command, OrderStatus, Role};
use uuid::Uuid;

#[path = "common/samples.rs"]
mod samples;
use samples::Samples;

const WRITE_SAMPLES: usize = 400;
const READ_SAMPLES: usize = 60;
const BUILD_CHUNK: u64 = 5_000;

fn main() {
    let sizes = dataset_sizes();
    let data_dir = bench_data_dir();
    let actor = Actor {
        name: "bench".into(),
        role: Role::Admin,
    };
    let mut report = Report::default();

    // Writes, on a fresh file beside a bare-SQLite file on the same disk.
    let scratch = tempfile::tempdir_in(&data_dir).expect("scratch dir");
    let bare = bare_insert(&scratch.path().join("bare.sqlite3"));
    let mut desk = Desk::open(&scratch.path().join("desk.sqlite3")).expect("open desk");
    let mut created = Vec::with_capacity(WRITE_SAMPLES);
    let create = measure(WRITE_SAMPLES, |n| {
        let view = desk
            .create_order(Uuid::now_v7(), &actor, synthetic_draft(n as u64))
            .expect("create");
        created.push(view.order.id);
    });
    let mut ids = created.iter();
    let status = measure(WRITE_SAMPLES, |_| {
        let order_id = *ids.next().expect("an order per sample");
        let command = Command::ChangeStatus {
            order_id,
            to: OrderStatus::PaymentConfirmed,
            reason: None,
        };
        desk.run(Uuid::now_v7(), &actor, command)
            .expect("status change");
    });
    report.row(
        "bare durable SQLite insert (1 row, own transaction)",
        &bare,
        None,
    );
    report.row("create order, 3 items, durable", &create, Some(&bare));
    report.row("change status, durable", &status, Some(&bare));

    for &size in &sizes {
        let path = dataset(&data_dir, size, &actor);
        let desk = Desk::open(&path).expect("open dataset");
        let label = |what: &str| format!("{what} — {} orders", thousands(size));
        let page =
            |query: ListQuery| measure(READ_SAMPLES, |_| drop(desk.list(&query).expect("list")));
        report.row(
            &label("first page, newest first"),
            &page(ListQuery::default()),
            None,
        );
        report.row(
            &label("page 100, newest first"),
            &page(ListQuery {
                page: 99,
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("first page, one status"),
            &page(ListQuery {
                statuses: vec![OrderStatus::PendingPayment],
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("first page, sorted by customer"),
            &page(ListQuery {
                sort: SortKey::CustomerName,
                descending: false,
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("search a common surname (\"carter\")"),
            &page(ListQuery {
                search: "carter".into(),
                ..ListQuery::default()
            }),
            None,
        );
        let number = desk
            .list(&ListQuery {
                page: 7,
                ..ListQuery::default()
            })
            .expect("list")
            .rows[0]
            .order_number
            .clone();
        report.row(
            &label("search an order number"),
            &page(ListQuery {
                search: number,
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("search a SKU prefix (\"tux-mid-peak-4\")"),
            &page(ListQuery {
                search: "tux-mid-peak-4".into(),
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("search a name nobody has"),
            &page(ListQuery {
                search: "zebedee".into(),
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("search \"carter\" within one status"),
            &page(ListQuery {
                search: "carter".into(),
                statuses: vec![OrderStatus::PendingPayment],
                ..ListQuery::default()
            }),
            None,
        );
        report.row(
            &label("status counts"),
            &measure(READ_SAMPLES, |_| {
                drop(desk.status_counts().expect("counts"))
            }),
            None,
        );
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        report.note(format!(
            "{} orders: database file {} MB ({} bytes per order)",
            thousands(size),
            bytes / 1_000_000,
            bytes / size
        ));
    }
    report.print();
}

#[derive(Default)]
struct Report {
    rows: Vec<String>,
    notes: Vec<String>,
}

impl Report {
    fn row(&mut self, what: &str, samples: &Samples, baseline: Option<&Samples>) {
        let ratio = baseline
            .map(|b| {
                format!(
                    "{:.1}×",
                    samples.p50().as_secs_f64() / b.p50().as_secs_f64()
                )
            })
            .unwrap_or_default();
        self.rows.push(format!(
            "| {what} | {} | {} | {ratio} |",
            ms(samples.p50()),
            ms(samples.p99())
        ));
        eprintln!(
            "{what}: p50 {} p99 {}",
            ms(samples.p50()),
            ms(samples.p99())
        );
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn print(&self) {
        println!("| operation | p50 | p99 | vs bare insert (p50) |\n|---|---|---|---|");
        for row in &self.rows {
            println!("{row}");
        }
        println!();
        for note in &self.notes {
            println!("- {note}");
        }
    }
}

fn measure(samples: usize, mut operation: impl FnMut(usize)) -> Samples {
    operation(usize::MAX / 2); // warm caches and prepared statements
    let times: Vec<Duration> = (0..samples)
        .map(|n| {
            let start = Instant::now();
            operation(n);
            start.elapsed()
        })
        .collect();
    Samples::new(times)
}

/// One row per transaction with the desk's own durability settings.
fn bare_insert(path: &Path) -> Samples {
    let conn = open_connection(path).expect("bare db");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .expect("table");
    let mut insert = conn
        .prepare("INSERT INTO t (body) VALUES (?1)")
        .expect("prepare");
    measure(WRITE_SAMPLES, |n| {
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        insert.execute([format!("row {n}")]).expect("insert");
        conn.execute_batch("COMMIT").expect("commit");
    })
}

/// A database of `size` synthetic orders, built once and kept under
/// `target/bench-data/` (about 2 minutes per million on the reference machine).
fn dataset(dir: &Path, size: u64, actor: &Actor) -> PathBuf {
    let path = dir.join(format!("orders-{size}.sqlite3"));
    let mut desk = Desk::open(&path).expect("open dataset");
    let have = desk
        .list(&ListQuery::default())
        .expect("count")
        .total_matching;
    let started = Instant::now();
    let mut next = have;
    while next < size {
        let end = (next + BUILD_CHUNK).min(size);
        let drafts = (next..end).map(synthetic_draft).collect();
        // Spread creation times over a year so date sorting is realistic.
        let at = Utc::now() - chrono::Duration::minutes(((size - next) / 2) as i64);
        desk.create_orders(actor, drafts, at)
            .expect("build dataset");
        next = end;
    }
    if have < size {
        eprintln!(
            "built {} orders in {:.0?}",
            thousands(size - have),
            started.elapsed()
        );
    }
    path
}

fn dataset_sizes() -> Vec<u64> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--orders")
        .and_then(|i| args.get(i + 1))
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

fn bench_data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data dir");
    dir
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1_000.0)
}

fn thousands(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

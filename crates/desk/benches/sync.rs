//! Sync, measured on both server back-ends:
//! `scripts/with-keyring.sh cargo bench -p packdesk-desk --bench sync
//! [-- --orders 100000 --pg-orders 20000 --backends sqlite,postgres]`.
//!
//! Everything is real: the Packdesk server on loopback (the sync tests'
//! harness, so SQLite in a temp dir or a throwaway PostgreSQL 15 cluster,
//! both durable), HTTP pushes and pulls, desks with their own SQLite and
//! their sync token in the OS keyring. Three things are timed:
//!
//! 1. the server's apply rate with 1, 10 and 50 desks pushing at once
//!    (batches of 100 commands: 25 new orders, each created and moved three
//!    times), with each push request's latency;
//! 2. a brand-new desk's first sync (`sign_in` + `sync_now`) of a server
//!    already holding N orders (filled over HTTP first, untimed);
//! 3. a status change on desk A until desk B's database shows it, both
//!    desks running `SyncEngine::run_background`, B polled every 1 ms; once
//!    through the Desk API alone (A's change waits for the loop's next
//!    500 ms outbox poll) and once followed by `SyncEngine::nudge`, as the
//!    app's window commands do after every write.

#[path = "common/samples.rs"]
mod samples;

#[path = "../tests/sync/harness.rs"]
#[allow(unused_imports, unused_macros)] // its test macro is for the sync tests
mod harness;

use std::time::{Duration, Instant};

use chrono::Utc;
use packdesk_desk::demo::synthetic_draft;
use packdesk_desk::{with_desk, Secrets};
use packdesk_domain::api::ListQuery;
use packdesk_domain::sync::{
    LoginResponse, PushRequest, PushResponse, PushedCommand, Verdict, MAX_PUSH_BATCH,
};
use packdesk_domain::{Actor, Command, CommandEnvelope, OrderStatus, Role};
use reqwest::header::CONTENT_TYPE;
use uuid::Uuid;

use harness::{Backend, Server, TestDesk, PASSWORD};
use samples::Samples;

/// Commands in one measured push.
const BATCH: usize = 100;
/// New orders per measured batch; each is created and moved three times.
const ORDERS_PER_BATCH: usize = BATCH / 4;
/// (desks pushing at once, batches each).
const LEVELS: &[(usize, usize)] = &[(1, 40), (10, 6), (50, 2)];
/// Desks filling the server for the first-sync measurement.
const FILLERS: usize = 4;
/// Status changes timed from desk A to desk B, per variant.
const CHANGES: usize = 50;
/// How often the bench looks at desk B's database.
const POLL: Duration = Duration::from_millis(1);
/// Longest a change may take to reach desk B before the bench gives up.
const ARRIVAL_LIMIT: Duration = Duration::from_secs(20);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = Args::parse();
    let started = Instant::now();
    let mut columns = Vec::new();
    for &backend in &args.backends {
        let name = match backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        };
        let orders = match backend {
            Backend::Sqlite => args.orders,
            Backend::Postgres => args.pg_orders,
        };
        eprintln!("== {name} ==");
        let rates = {
            let server = Server::start(backend).await;
            let mut rates = Vec::new();
            for &(desks, batches) in LEVELS {
                rates.push(apply_rate(&server, desks, batches).await);
            }
            rates
        };
        let first = first_sync(Server::start(backend).await, orders).await;
        let arrival = change_to_arrival(Server::start(backend).await).await;
        columns.push(Column {
            name,
            rates,
            first,
            arrival,
        });
    }
    print_report(&columns);
    eprintln!("bench run time {:.0?}", started.elapsed());
}

// ---------------------------------------------------------------- 1. apply

struct Rate {
    commands: usize,
    wall: Duration,
    latencies: Samples,
}

impl Rate {
    fn per_second(&self) -> f64 {
        self.commands as f64 / self.wall.as_secs_f64()
    }
}

/// `desks` simulated desks, each with its own id and connection, push
/// `batches` batches of [`BATCH`] commands each, all at once.
async fn apply_rate(server: &Server, desks: usize, batches: usize) -> Rate {
    let tokens = login_all(server).await;
    let url = format!("{}/v1/push", server.base);
    // Requests are serialised before the clock starts: the bench's own JSON
    // work would otherwise compete with the server for the two cores.
    let plans: Vec<(String, Vec<Vec<u8>>)> = (0..desks)
        .map(|d| {
            let mut desk = SimDesk::new(format!("D{desks}X{d}"));
            let bodies = (0..batches).map(|_| desk.mixed_batch()).collect();
            (tokens[d % tokens.len()].clone(), bodies)
        })
        .collect();
    let start = Instant::now();
    let tasks: Vec<_> = plans
        .into_iter()
        .map(|(token, bodies)| {
            let url = url.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut latencies = Vec::with_capacity(bodies.len());
                for body in bodies {
                    let sent = Instant::now();
                    let response = push(&client, &url, &token, body).await;
                    latencies.push(sent.elapsed());
                    let applied = response
                        .acks
                        .iter()
                        .filter(|a| a.verdict == Verdict::Applied)
                        .count();
                    assert_eq!(applied, BATCH, "every command applies: {:?}", response.acks);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("pusher"));
    }
    let wall = start.elapsed();
    let rate = Rate {
        commands: desks * batches * BATCH,
        wall,
        latencies: Samples::new(latencies),
    };
    eprintln!(
        "{desks} desk(s): {} commands in {:.2?}: {:.0} commands/s, push p50 {} p99 {}",
        rate.commands,
        wall,
        rate.per_second(),
        ms(rate.latencies.p50()),
        ms(rate.latencies.p99())
    );
    rate
}

/// A desk as the server sees it: an id, an outbox numbering, order numbers
/// of its own.
struct SimDesk {
    id: Uuid,
    prefix: String,
    next_seq: u64,
    next_number: u64,
}

impl SimDesk {
    fn new(prefix: String) -> SimDesk {
        SimDesk {
            id: Uuid::now_v7(),
            prefix,
            next_seq: 1,
            next_number: 1,
        }
    }

    fn pushed(&mut self, command: Command) -> PushedCommand {
        let seq = self.next_seq;
        self.next_seq += 1;
        let actor = Actor {
            name: "bench desk".into(),
            role: Role::Admin,
        };
        PushedCommand {
            seq,
            envelope: CommandEnvelope::new(Uuid::now_v7(), Utc::now(), actor, command),
        }
    }

    fn create(&mut self) -> (Uuid, PushedCommand) {
        let order_id = Uuid::now_v7();
        let n = self.next_number;
        self.next_number += 1;
        let command = Command::CreateOrder {
            order_id,
            order_number: format!("{}-{n:06}", self.prefix),
            draft: synthetic_draft(n),
        };
        (order_id, self.pushed(command))
    }

    /// [`ORDERS_PER_BATCH`] orders, each created then moved to payment
    /// confirmed, processing and in production, as a desk's outbox has them.
    fn mixed_batch(&mut self) -> Vec<u8> {
        let mut commands = Vec::with_capacity(BATCH);
        for _ in 0..ORDERS_PER_BATCH {
            let (order_id, created) = self.create();
            commands.push(created);
            for to in [
                OrderStatus::PaymentConfirmed,
                OrderStatus::Processing,
                OrderStatus::InProduction,
            ] {
                commands.push(self.pushed(Command::ChangeStatus {
                    order_id,
                    to,
                    reason: None,
                }));
            }
        }
        self.body(commands)
    }

    fn creates(&mut self, count: usize) -> Vec<u8> {
        let commands = (0..count).map(|_| self.create().1).collect();
        self.body(commands)
    }

    fn body(&self, commands: Vec<PushedCommand>) -> Vec<u8> {
        serde_json::to_vec(&PushRequest {
            desk_id: self.id,
            commands,
        })
        .expect("push body")
    }
}

async fn push(client: &reqwest::Client, url: &str, token: &str, body: Vec<u8>) -> PushResponse {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("server answers");
    assert!(
        response.status().is_success(),
        "push: {}",
        response.status()
    );
    response.json().await.expect("push response")
}

/// One sign-in per user that may create and move orders.
async fn login_all(server: &Server) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut tokens = Vec::new();
    for username in ["admin", "manager", "processor"] {
        let response = client
            .post(format!("{}/v1/login", server.base))
            .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
            .send()
            .await
            .expect("server answers");
        assert!(response.status().is_success(), "login {username}");
        let login: LoginResponse = response.json().await.expect("login response");
        tokens.push(login.token);
    }
    tokens
}

// ------------------------------------------------------------ 2. first sync

struct FirstSync {
    orders: usize,
    fill: Duration,
    sign_in: Duration,
    total: Duration,
    db_bytes: u64,
}

/// Fills `server` with `orders` new orders ([`FILLERS`] desks pushing full
/// batches, untimed), then times a new desk's sign-in and first sync.
async fn first_sync(server: Server, orders: usize) -> FirstSync {
    let tokens = login_all(&server).await;
    let url = format!("{}/v1/push", server.base);
    let fill_start = Instant::now();
    let fillers: Vec<_> = (0..FILLERS)
        .map(|f| {
            let (url, token) = (url.clone(), tokens[f % tokens.len()].clone());
            let share = orders / FILLERS + usize::from(f < orders % FILLERS);
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut desk = SimDesk::new(format!("FILL{f}"));
                let mut left = share;
                while left > 0 {
                    let count = left.min(MAX_PUSH_BATCH);
                    let response = push(&client, &url, &token, desk.creates(count)).await;
                    assert!(response.acks.iter().all(|a| a.verdict == Verdict::Applied));
                    left -= count;
                }
            })
        })
        .collect();
    for filler in fillers {
        filler.await.expect("filler");
    }
    let fill = fill_start.elapsed();
    eprintln!(
        "filled {} orders in {fill:.1?} ({:.0} creates/s, batches of {MAX_PUSH_BATCH}, {FILLERS} desks)",
        thousands(orders as u64),
        orders as f64 / fill.as_secs_f64()
    );

    let start = Instant::now();
    let desk = TestDesk::signed_in(&server, "processor").await;
    let sign_in = start.elapsed();
    let report = desk.sync.sync_now().await.expect("first sync");
    let total = start.elapsed();
    assert_eq!(report.pulled, orders, "every order pulled");
    let listed = with_desk(&desk.desk, |d| d.list(&ListQuery::default()))
        .expect("list")
        .total_matching;
    assert_eq!(listed, orders as u64, "every order on the new desk");
    let db_bytes = with_desk(&desk.desk, |d| {
        Ok(d.connection()
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |row| row.get::<_, i64>(0),
            )
            .unwrap_or(0) as u64)
    })
    .expect("size");
    eprintln!(
        "first sync of {} orders: {total:.2?} ({:.0} orders/s; sign-in {sign_in:.0?})",
        thousands(orders as u64),
        orders as f64 / total.as_secs_f64()
    );
    FirstSync {
        orders,
        fill,
        sign_in,
        total,
        db_bytes,
    }
}

// ------------------------------------------------------ 3. change → arrival

struct Arrival {
    as_is: Samples,
    nudged: Samples,
    /// One read of a token from the OS keyring, as every sync round does.
    keyring: Samples,
}

async fn change_to_arrival(server: Server) -> Arrival {
    let a = TestDesk::signed_in(&server, "manager").await;
    let b = TestDesk::signed_in(&server, "processor").await;
    let orders: Vec<Uuid> = (0..2 * CHANGES as u64).map(|n| a.create(n).id).collect();
    a.sync.sync_now().await.expect("A's orders up");
    b.sync.sync_now().await.expect("B has them");
    let loops = [
        tokio::spawn(a.sync.clone().run_background()),
        tokio::spawn(b.sync.clone().run_background()),
    ];
    // Both loops' first round, and their event streams open.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let mut as_is = Vec::with_capacity(CHANGES);
    let mut at_once = Vec::with_capacity(CHANGES);
    for (n, &order_id) in orders.iter().enumerate() {
        let immediate = n >= CHANGES;
        // Changes land at a random moment of A's 500 ms outbox poll, as a
        // person's click would.
        let gap = if immediate {
            20 + rand::random::<u64>() % 50
        } else {
            rand::random::<u64>() % 500
        };
        tokio::time::sleep(Duration::from_millis(gap)).await;
        let start = Instant::now();
        a.move_to(order_id, OrderStatus::PaymentConfirmed, None);
        if immediate {
            // What the app's window commands do after every desk write.
            a.sync.nudge();
        }
        loop {
            if b.order(order_id).order.status == OrderStatus::PaymentConfirmed {
                break;
            }
            assert!(
                start.elapsed() < ARRIVAL_LIMIT,
                "change {n} did not reach desk B"
            );
            tokio::time::sleep(POLL).await;
        }
        let took = start.elapsed();
        if immediate {
            at_once.push(took);
        } else {
            as_is.push(took);
        }
    }
    for task in loops {
        task.abort();
    }
    let arrival = Arrival {
        as_is: Samples::new(as_is),
        nudged: Samples::new(at_once),
        keyring: keyring_reads(),
    };
    eprintln!(
        "A → B: Desk API only p50 {} p99 {}; write + nudge p50 {} p99 {}; keyring read p50 {}",
        ms(arrival.as_is.p50()),
        ms(arrival.as_is.p99()),
        ms(arrival.nudged.p50()),
        ms(arrival.nudged.p99()),
        ms(arrival.keyring.p50())
    );
    arrival
}

/// Reads a token from the OS keyring [`CHANGES`] times: `SyncEngine` does
/// it at every round (`credentials`), and the background loop also on each
/// wake-up, so it sits on the path from A to B several times.
fn keyring_reads() -> Samples {
    let secrets = Secrets::new(format!("com.packdesk.bench.sync.{}", std::process::id()));
    secrets
        .set("probe", "a token-sized secret, 43 chars, like ours..")
        .expect("keyring set");
    let reads = (0..CHANGES)
        .map(|_| {
            let start = Instant::now();
            secrets.get("probe").expect("keyring get").expect("stored");
            start.elapsed()
        })
        .collect();
    secrets.delete("probe").expect("keyring delete");
    Samples::new(reads)
}

// ---------------------------------------------------------------- report

struct Column {
    name: &'static str,
    rates: Vec<Rate>,
    first: FirstSync,
    arrival: Arrival,
}

fn print_report(columns: &[Column]) {
    let header: Vec<&str> = columns.iter().map(|c| c.name).collect();
    println!(
        "| measurement | {} |\n|---|{}",
        header.join(" | "),
        "---|".repeat(columns.len())
    );
    let row = |what: String, cell: &dyn Fn(&Column) -> String| {
        let cells: Vec<String> = columns.iter().map(cell).collect();
        println!("| {what} | {} |", cells.join(" | "));
    };
    for (i, &(desks, _)) in LEVELS.iter().enumerate() {
        let plural = if desks == 1 { "desk" } else { "desks" };
        row(
            format!("server apply, {desks} {plural} pushing (commands/s)"),
            &|c| {
                let r = &c.rates[i];
                format!(
                    "**{}/s** ({} in {:.2} s)",
                    thousands(r.per_second().round() as u64),
                    thousands(r.commands as u64),
                    r.wall.as_secs_f64()
                )
            },
        );
        row(
            format!("push of {BATCH} commands, {desks} {plural}: p50 / p99"),
            &|c| {
                let r = &c.rates[i];
                format!(
                    "{} / {} (n={})",
                    ms(r.latencies.p50()),
                    ms(r.latencies.p99()),
                    r.latencies.len()
                )
            },
        );
    }
    row(
        "first sync of a new desk (`sign_in` + `sync_now`), orders/s".into(),
        &|c| {
            let f = &c.first;
            format!(
                "**{}/s** ({} orders in {:.2} s)",
                thousands((f.orders as f64 / f.total.as_secs_f64()).round() as u64),
                thousands(f.orders as u64),
                f.total.as_secs_f64()
            )
        },
    );
    row(
        "status change on A → on B's disk, Desk API only (500 ms poll): p50 / p99".into(),
        &|c| {
            format!(
                "**{}** / {}",
                ms(c.arrival.as_is.p50()),
                ms(c.arrival.as_is.p99())
            )
        },
    );
    row(
        "same, write followed by `SyncEngine::nudge` (the app's path): p50 / p99".into(),
        &|c| {
            format!(
                "{} / {}",
                ms(c.arrival.nudged.p50()),
                ms(c.arrival.nudged.p99())
            )
        },
    );
    row(
        "one OS keyring read of the sync token (Secret Service): p50 / p99".into(),
        &|c| {
            format!(
                "{} / {}",
                ms(c.arrival.keyring.p50()),
                ms(c.arrival.keyring.p99())
            )
        },
    );
    println!();
    println!(
        "- Apply: each desk has its own id and connection; a batch is {ORDERS_PER_BATCH} orders \
         × (create, 3 status moves), all applied; each push is one durable transaction on the server (a verdict per command). \
         Latency is per push request (n = requests)."
    );
    for c in columns {
        let f = &c.first;
        println!(
            "- {}: server filled with {} orders ({FILLERS} desks, batches of {MAX_PUSH_BATCH} creates) \
             in {:.1} s = {}/s; the new desk's sign-in took {} of the first sync, its database is {} MB \
             ({} bytes an order).",
            c.name,
            thousands(f.orders as u64),
            f.fill.as_secs_f64(),
            thousands((f.orders as f64 / f.fill.as_secs_f64()).round() as u64),
            ms(f.sign_in),
            f.db_bytes / 1_000_000,
            f.db_bytes / f.orders.max(1) as u64
        );
    }
    println!(
        "- A → B: {CHANGES} changes each way, B polled every {} ms, both desks running \
         `run_background`. \"Desk API only\": `Desk::run` writes the outbox and nothing wakes \
         the loop, so the change waits for A's next 500 ms outbox poll (changes land 0–500 ms \
         apart, at a random moment of it). \"Nudge\": the same write, then \
         `SyncEngine::nudge()`. The sync token is read from the keyring once per engine and \
         then kept in memory (the keyring row shows what each read would cost).",
        POLL.as_millis()
    );
    let slowest = |f: &dyn Fn(&Column) -> f64| columns.iter().map(f).fold(f64::MAX, f64::min);
    let upload = slowest(&|c| {
        c.rates
            .iter()
            .map(Rate::per_second)
            .fold(f64::MAX, f64::min)
    });
    let download = slowest(&|c| c.first.orders as f64 / c.first.total.as_secs_f64());
    let worst = |f: &dyn Fn(&Column) -> Duration| columns.iter().map(f).max().unwrap_or_default();
    let polled = worst(&|c| c.arrival.as_is.p50());
    let polled_p99 = worst(&|c| c.arrival.as_is.p99());
    let nudged = worst(&|c| c.arrival.nudged.p99());
    println!(
        "- Against the targets: applying pushes at {}/s or more and a first sync at {}/s or \
         more (slowest back-end) are far above the seed's 100 orders/s; beside PowerSync's \
         published 2k–4k ops/s upload and 2k–20k ops/s download, see each column. A status \
         update reaches another desk in {} p50 / {} p99 through the Desk API alone, against the \
         seed's 200 ms, and within {} p99 when the write nudges the loop.",
        thousands(upload.round() as u64),
        thousands(download.round() as u64),
        ms(polled),
        ms(polled_p99),
        ms(nudged)
    );
}

// ---------------------------------------------------------------- helpers

struct Args {
    orders: usize,
    pg_orders: usize,
    backends: Vec<Backend>,
}

impl Args {
    fn parse() -> Args {
        let args: Vec<String> = std::env::args().collect();
        let value = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let number = |flag: &str, default: usize| {
            value(flag)
                .map(|v| v.replace('_', "").parse().expect("a number"))
                .unwrap_or(default)
        };
        let backends = value("--backends")
            .unwrap_or_else(|| "sqlite,postgres".into())
            .split(',')
            .map(|name| match name.trim() {
                "sqlite" => Backend::Sqlite,
                "postgres" => Backend::Postgres,
                other => panic!("unknown back-end {other:?}"),
            })
            .collect();
        Args {
            orders: number("--orders", 100_000),
            pg_orders: number("--pg-orders", 20_000),
            backends,
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1_000.0)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

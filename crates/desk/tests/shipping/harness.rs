//! A desk wired to real parts: the fake EasyPost over HTTP (the only fake:
//! carriers' servers cannot run here), the OS keyring (Secret Service), a
//! TCP 9100 printer that records every byte, and the real queue worker.
#![allow(dead_code)] // shared with the shipping bench, which uses a different part

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use packdesk_carrier::fake::{FakeEasyPost, API_KEY};
use packdesk_carrier::{BreakerPolicy, RetryPolicy};
use packdesk_desk::{
    share, with_desk, Desk, PrintOptions, Printing, Secrets, SharedDesk, Shipping, ShippingOptions,
};
use packdesk_domain::api::{
    PrintJobState, PrinterView, RatePick, ShipmentView, ShippingSettingsUpdate,
};
use packdesk_domain::order::AddressDraft;
use packdesk_domain::shipping::{ParcelDraft, PrinterDraft};
use packdesk_domain::{Actor, Command, Order, OrderStatus, Role};
use tempfile::TempDir;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use uuid::Uuid;

pub fn admin() -> Actor {
    actor(Role::Admin)
}

pub fn actor(role: Role) -> Actor {
    Actor {
        name: format!("test {}", role.as_str()),
        role,
    }
}

/// Keys go under a service of their own per run, so tests never touch a
/// developer's real Packdesk key.
pub fn test_secrets() -> Secrets {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "the shipping tests use the OS keyring: run them under scripts/with-keyring.sh"
    );
    Secrets::new(format!("com.packdesk.test.{}", std::process::id()))
}

pub struct Bench {
    pub desk: SharedDesk,
    pub shipping: Shipping,
    pub printing: Printing,
    pub carrier: FakeEasyPost,
    pub dir: TempDir,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Bench {
    fn drop(&mut self) {
        for worker in &self.workers {
            worker.abort();
        }
    }
}

/// Fast retries so a test of an outage takes milliseconds, not minutes.
pub fn quick_options() -> (ShippingOptions, PrintOptions) {
    (
        ShippingOptions {
            retry: RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
                max_retry_after: Duration::from_millis(50),
            },
            breaker: BreakerPolicy {
                failure_threshold: 50,
                cool_down: Duration::from_millis(100),
            },
            request_timeout: Duration::from_secs(2),
            resume_every: Duration::from_secs(3600),
            track_every: Duration::from_secs(3600),
        },
        PrintOptions {
            send_timeout: Duration::from_millis(500),
            retry_delay: Duration::from_millis(50),
            max_retry_delay: Duration::from_millis(200),
        },
    )
}

impl Bench {
    /// A desk with the store set up, the key in the keyring and the print
    /// queue running; no printers yet.
    pub async fn start() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = share(Desk::open(&dir.path().join("desk.sqlite3")).expect("open desk"));
        let carrier = FakeEasyPost::start(FakeEasyPost::fixtures_dir())
            .await
            .expect("fake EasyPost");
        let (shipping_options, print_options) = quick_options();
        let printing = Printing::new(desk.clone(), print_options);
        let shipping = Shipping::new(
            desk.clone(),
            printing.clone(),
            test_secrets(),
            shipping_options,
        );
        shipping
            .save_settings(&admin(), &store_settings(carrier.base_url(), Some(API_KEY)))
            .expect("save shipping settings");
        let workers = vec![tokio::spawn(printing.clone().run_queue())];
        Bench {
            desk,
            shipping,
            printing,
            carrier,
            dir,
            workers,
        }
    }

    /// Points the desk at a port nothing listens on: the carrier is away.
    pub fn take_carrier_offline(&self) {
        let nowhere = format!("http://127.0.0.1:{}", free_port());
        self.shipping
            .save_settings(&admin(), &store_settings(&nowhere, None))
            .expect("save shipping settings");
    }

    /// Points the desk back at the fake carrier (the key stays as it was).
    pub fn bring_carrier_back(&self) {
        self.shipping
            .save_settings(&admin(), &store_settings(self.carrier.base_url(), None))
            .expect("save shipping settings");
    }

    /// The shipping service as a freshly started app would make it: nothing
    /// cached, the key read from the keyring.
    pub fn restarted_shipping(&self) -> Shipping {
        Shipping::new(
            self.desk.clone(),
            self.printing.clone(),
            test_secrets(),
            quick_options().0,
        )
    }

    /// A new order moved along to packaging, ready for a label.
    pub fn packaging_order(&self, n: u64) -> Order {
        let order = with_desk(&self.desk, |desk| {
            desk.create_order(
                Uuid::now_v7(),
                &admin(),
                packdesk_desk::demo::synthetic_draft(n),
            )
        })
        .expect("create order")
        .order;
        for to in [
            OrderStatus::PaymentConfirmed,
            OrderStatus::Processing,
            OrderStatus::Packaging,
        ] {
            self.run(Command::ChangeStatus {
                order_id: order.id,
                to,
                reason: None,
            });
        }
        self.order(order.id)
    }

    pub fn run(&self, command: Command) {
        with_desk(&self.desk, |desk| {
            desk.run(Uuid::now_v7(), &admin(), command)
        })
        .expect("run command");
    }

    pub fn order(&self, id: Uuid) -> Order {
        with_desk(&self.desk, |desk| desk.order(id))
            .expect("order")
            .order
    }

    pub fn history_reasons(&self, id: Uuid) -> Vec<(OrderStatus, Option<String>)> {
        with_desk(&self.desk, |desk| desk.order(id))
            .expect("order")
            .history
            .into_iter()
            .map(|change| (change.to, change.reason))
            .collect()
    }

    pub fn add_printer(
        &self,
        name: &str,
        address: &str,
        language: &str,
        used_for: &str,
    ) -> PrinterView {
        let kind = if address.starts_with("ipp") {
            "ipp"
        } else {
            "raw_tcp"
        };
        self.printing
            .save_printer(
                &admin(),
                None,
                &PrinterDraft {
                    name: name.into(),
                    kind: kind.into(),
                    address: address.into(),
                    language: language.into(),
                    used_for: used_for.into(),
                    ..PrinterDraft::default()
                },
            )
            .expect("save printer")
    }

    /// Quotes the default parcel for a packaging order and buys the
    /// cheapest rate, as an admin.
    pub async fn buy_cheapest(&self, order_id: Uuid, print: bool) -> ShipmentView {
        let quoted = self
            .shipping
            .quote(&admin(), order_id, &parcel())
            .await
            .expect("quote");
        self.shipping
            .buy(
                &admin(),
                order_id,
                quoted.id,
                &RatePick::Cheapest,
                Uuid::now_v7(),
                print,
            )
            .await
            .expect("buy")
    }

    /// Waits until every print job has left the queue, or panics.
    pub async fn wait_for_jobs(&self, state: PrintJobState, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let jobs = self.printing.jobs().expect("jobs");
            if jobs.iter().filter(|j| j.state == state).count() >= count {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} {state:?} jobs, have {jobs:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The seed's default parcel: 12x9x3 in, 16 oz.
pub fn parcel() -> ParcelDraft {
    ParcelDraft {
        length_in: "12".into(),
        width_in: "9".into(),
        height_in: "3".into(),
        weight_oz: "16".into(),
    }
}

pub fn store_settings(base_url: &str, key: Option<&str>) -> ShippingSettingsUpdate {
    ShippingSettingsUpdate {
        store_name: "Harbor Tailors".into(),
        ship_from: AddressDraft {
            line1: "417 Montgomery St".into(),
            line2: String::new(),
            city: "San Francisco".into(),
            region: "CA".into(),
            postal_code: "94104".into(),
            country: "US".into(),
        },
        ship_from_phone: "415-555-0100".into(),
        carrier_base_url: base_url.into(),
        api_key: key.map(str::to_owned),
    }
}

/// A thermal printer on a TCP port: records each connection's bytes.
pub struct TcpPrinter {
    pub port: u16,
    pub jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TcpPrinter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TcpPrinter {
    pub async fn start() -> TcpPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::serve(listener)
    }

    /// Switched on at a port chosen earlier (the printer was "off").
    pub async fn start_on(port: u16) -> TcpPrinter {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind printer port");
        Self::serve(listener)
    }

    fn serve(listener: TcpListener) -> TcpPrinter {
        let port = listener.local_addr().expect("address").port();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&jobs);
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut bytes = Vec::new();
                if socket.read_to_end(&mut bytes).await.is_ok() {
                    sink.lock().expect("jobs").push(bytes);
                }
            }
        });
        TcpPrinter { port, jobs, task }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Vec<u8>> {
        self.jobs.lock().expect("jobs").clone()
    }
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

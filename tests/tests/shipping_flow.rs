//! A packer's morning, in the real app: set up the store and the bench's
//! label printer in Settings, buy the cheapest label for an order on its
//! Shipping tab, and watch it come out of the printer; then scan the next
//! order at the packing bench. The carrier is the fake EasyPost (its real
//! servers cannot be reached from here); the printer is a TCP 9100 listener
//! recording every byte; the API key goes to the real OS keyring.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use packdesk_carrier::fake::{FakeEasyPost, API_KEY};
use packdesk_e2e::{App, Result};
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread")]
async fn a_label_bought_on_the_shipping_tab_comes_out_of_the_bench_printer() -> Result<()> {
    let carrier = FakeEasyPost::start(FakeEasyPost::fixtures_dir())
        .await
        .expect("fake EasyPost");
    let printer = RecordingPrinter::start().await;
    let dir = tempfile::tempdir()?;
    let app = App::launch(&dir.path().join("desk.sqlite3")).await?;

    // Settings: the store, the carrier and the printer, typed in like a person.
    app.click("#nav-settings").await?;
    app.type_into("#store-name", "Harbor Tailors").await?;
    app.type_into("#ship-from-line1", "417 Montgomery St")
        .await?;
    app.type_into("#ship-from-city", "San Francisco").await?;
    app.type_into("#ship-from-region", "CA").await?;
    app.type_into("#ship-from-postal_code", "94104").await?;
    app.type_into("#ship-from-country", "US").await?;
    app.type_into("#carrier-base-url", carrier.base_url())
        .await?;
    app.type_into("#api-key", API_KEY).await?;
    app.click("#save-shipping-settings").await?;
    app.wait_for(".toast.toast-success").await?;
    let settings = app.invoke("get_shipping_settings", json!({})).await?;
    assert_eq!(settings["ok"]["api_key_set"], true, "{settings}");

    app.click("#add-printer").await?;
    app.type_into("#printer-name", "Bench Zebra").await?;
    app.type_into("#printer-address", &printer.address())
        .await?;
    app.click("#save-printer").await?;
    app.wait_for(".printer[data-printer-name='Bench Zebra']")
        .await?;
    app.screenshot("10-printers").await?;

    // An order at packaging (entered and moved along through the bridge:
    // the order form and the status buttons have their own test).
    let first = packaging_order(&app, "Theodore Okafor").await?;
    let second = packaging_order(&app, "Marcus Bell").await?;

    // Its Shipping tab: the suggested box, the rates, buy and print.
    app.click("#nav-orders").await?;
    app.click(&format!(".order-row[data-order-number='{first}']"))
        .await?;
    app.wait_for("#order-detail").await?;
    app.click("#tab-shipping").await?;
    app.wait_for("#parcel-weight_oz").await?;
    let weight = app.find("#parcel-weight_oz").await?.prop("value").await?;
    assert!(weight.is_some_and(|w| !w.is_empty()), "a suggested weight");
    app.click("#quote-rates").await?;
    app.wait_for(".rate-row").await?;
    let rates = app.count(".rate-row").await?;
    assert!(rates > 1, "the recorded shipment quotes several rates");
    app.screenshot("11-rates").await?;
    let cheapest = app.find(".rate-row .badge-cheapest").await?;
    cheapest.click().await?;
    app.click("#buy-label").await?;
    app.wait_for("#label-section").await?;
    app.wait_for("#label-preview").await?;
    let tracking = app.wait_for("#tracking-code").await?.text().await?;
    assert!(!tracking.trim().is_empty());
    let preview = app.find("#label-preview").await?.attr("src").await?;
    assert!(preview.is_some_and(|src| src.starts_with("data:image/png;base64,")));
    app.screenshot("12-label-preview").await?;

    let received = printer.wait_for(1).await;
    let zpl = String::from_utf8_lossy(&received[0]).into_owned();
    assert!(
        zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"),
        "{zpl}"
    );
    assert!(
        zpl.contains(tracking.trim()),
        "the printed label is this order's"
    );
    assert_eq!(carrier.requests(packdesk_carrier::fake::Route::Buy), 1);

    app.click("#tab-details").await?;
    app.wait_text("#order-status", "Shipped").await?;
    app.wait_text("#timeline", "Label bought").await?;
    app.screenshot("13-label-in-history").await?;

    // The print queue shows it printed; a reprint sends the same bytes again.
    app.click("#nav-print-queue").await?;
    app.wait_for(".print-job[data-state='printed']").await?;
    app.click(".reprint-job").await?;
    let received = printer.wait_for(2).await;
    assert_eq!(received[0], received[1]);
    app.screenshot("14-print-queue").await?;

    // The packing bench: a scanner types the next order number and Enter.
    app.find("body")
        .await?
        .send_keys(&(Key::Control + "b"))
        .await?;
    app.wait_for("#scan-input").await?;
    let scan = app.find("#scan-input").await?;
    scan.send_keys(&format!("{second}{}", Key::Enter)).await?;
    app.wait_for(&format!("#bench-order[data-order-number='{second}']"))
        .await?;
    app.wait_for("#quote-rates").await?;
    app.screenshot("15-packing-bench").await?;

    // A batch from the list: two orders ticked, bought, printed as one job,
    // with progress arriving as window events.
    let third = packaging_order(&app, "Ada Lin").await?;
    let fourth = packaging_order(&app, "Omar Haddad").await?;
    app.click("#nav-orders").await?;
    app.client
        .execute(
            "window.__progress = [];
             window.__TAURI__.event.listen('batch-progress', e => window.__progress.push(e.payload));",
            vec![],
        )
        .await?;
    for number in [&third, &fourth] {
        app.click(&format!(
            ".order-row[data-order-number='{number}'] .row-select"
        ))
        .await?;
    }
    app.click("#batch-ship").await?;
    app.wait_for("#batch-result[data-failed='0']").await?;
    app.screenshot("16-batch-done").await?;
    let received = printer.wait_for(3).await;
    let combined = String::from_utf8_lossy(&received[2]);
    assert_eq!(combined.matches("^XA").count(), 2, "both labels in one job");
    let progress = app
        .client
        .execute("return window.__progress;", vec![])
        .await?;
    let steps = progress.as_array().cloned().unwrap_or_default();
    assert!(steps.len() >= 3, "progress events: {progress}");
    assert_eq!(steps.last().map(|p| p["done"].clone()), Some(json!(2)));

    // The carrier can't be reached: a label is queued for when it is back,
    // then cancelled before it is bought (the customer collected instead).
    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        format!("http://{}", listener.local_addr()?)
    };
    let bought_before = carrier.requests(packdesk_carrier::fake::Route::Buy);
    app.click("#nav-settings").await?;
    app.type_into("#carrier-base-url", &unreachable).await?;
    app.click("#save-shipping-settings").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let settings = app.invoke("get_shipping_settings", json!({})).await?;
        if settings["ok"]["carrier_base_url"] == unreachable.as_str() {
            break;
        }
        assert!(Instant::now() < deadline, "settings not saved: {settings}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let fifth = packaging_order(&app, "Ines Duarte").await?;
    app.click("#nav-orders").await?;
    app.click(&format!(".order-row[data-order-number='{fifth}']"))
        .await?;
    app.click("#tab-shipping").await?;
    app.click("#quote-rates").await?;
    app.click("#queue-buy").await?;
    app.wait_for("#shipment-pending[data-state='waiting']")
        .await?;
    app.screenshot("17-label-queued-offline").await?;
    app.click("#cancel-queued-label").await?;
    app.wait_gone("#shipment-pending").await?;
    app.wait_for("#quote-rates").await?;
    assert_eq!(
        carrier.requests(packdesk_carrier::fake::Route::Buy),
        bought_before,
        "nothing more was bought"
    );

    app.quit().await?;
    Ok(())
}

/// Creates an order for `customer` and moves it to packaging; its number.
async fn packaging_order(app: &App, customer: &str) -> Result<String> {
    let draft = json!({
        "customer": {"name": customer, "email": "packer-test@example.com", "phone": ""},
        "shipping_address": {"line1": "44 Harbour Road", "city": "Holland", "region": "MI",
                             "postal_code": "49423", "country": "US"},
        "items": [{"product_name": "Oxford shirt", "sku": "SH-OX-16", "quantity": 1, "unit_price": 8900}]
    });
    let created = app
        .invoke(
            "create_order",
            json!({"command_id": uuid(), "draft": draft}),
        )
        .await?;
    let order: &Value = &created["ok"];
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    for to in ["payment_confirmed", "processing", "packaging"] {
        let moved = app
            .invoke(
                "change_status",
                json!({"command_id": uuid(), "order_id": id, "to": to}),
            )
            .await?;
        assert!(moved.get("ok").is_some(), "{moved}");
    }
    Ok(order["order_number"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A thermal printer on a TCP port, recording each job's bytes.
struct RecordingPrinter {
    port: u16,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl RecordingPrinter {
    async fn start() -> RecordingPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&jobs);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut bytes = Vec::new();
                if socket.read_to_end(&mut bytes).await.is_ok() {
                    sink.lock().expect("jobs").push(bytes);
                }
            }
        });
        RecordingPrinter { port, jobs }
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The jobs received once there are `count`, or a panic after 20 s.
    async fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let jobs = self.jobs.lock().expect("jobs").clone();
            if jobs.len() >= count {
                return jobs;
            }
            assert!(
                Instant::now() < deadline,
                "{} jobs, wanted {count}",
                jobs.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

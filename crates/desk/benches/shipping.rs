//! From "Buy" to the label's bytes at the printer, and a batch of 100 labels:
//! `scripts/with-keyring.sh cargo bench -p packdesk-desk --bench shipping`.
//!
//! Runs the real desk against the fake EasyPost on loopback and a TCP 9100
//! printer that records bytes. The carrier's own share is measured apart (the
//! same buy + label download made straight through the carrier client), so
//! the row that matters, what Packdesk adds, is the difference of the two.

#[path = "common/samples.rs"]
mod samples;

#[path = "../tests/shipping/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use packdesk_carrier::fake::API_KEY;
use packdesk_carrier::{Carrier, EasyPostClient, EasyPostConfig};
use packdesk_domain::api::RatePick;
use uuid::Uuid;

use harness::{admin, parcel, Bench, TcpPrinter};
use samples::Samples;

const SAMPLES: usize = 200;
const BATCH: usize = 100;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let bench = Bench::start().await;
    let printer = TcpPrinter::start().await;
    bench.add_printer("Bench Zebra", &printer.address(), "zpl", "labels");

    // Buy → bytes at the printer, one label at a time.
    let mut to_printer = Vec::with_capacity(SAMPLES);
    for n in 0..SAMPLES {
        let order = bench.packaging_order(n as u64);
        let quoted = bench
            .shipping
            .quote(&admin(), order.id, &parcel())
            .await
            .expect("quote");
        let printed_before = printer.received().len();
        let start = Instant::now();
        bench
            .shipping
            .buy(
                &admin(),
                order.id,
                quoted.id,
                &RatePick::Cheapest,
                Uuid::now_v7(),
                true,
            )
            .await
            .expect("buy");
        while printer.received().len() == printed_before {
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        to_printer.push(start.elapsed());
    }

    // The carrier's own part of that path: buy, ask for the ZPL, download
    // both files, straight through the client.
    let mut config = EasyPostConfig::new(API_KEY);
    config.base_url = bench.carrier.base_url().to_owned();
    let client = EasyPostClient::new(config).expect("client");
    let mut carrier_only = Vec::with_capacity(SAMPLES);
    for n in 0..SAMPLES {
        let order = bench.packaging_order(10_000 + n as u64);
        let quoted = bench
            .shipping
            .quote(&admin(), order.id, &parcel())
            .await
            .expect("quote");
        let shipment = harness_carrier_id(&bench, quoted.id);
        let rate = quoted
            .rates
            .iter()
            .min_by_key(|r| r.cost)
            .expect("rate")
            .id
            .clone();
        let start = Instant::now();
        let bought = client.buy(&shipment, &rate).await.expect("buy");
        client.download_label(&bought.label).await.expect("png");
        let zpl = client
            .label(&shipment, packdesk_carrier::LabelFormat::Zpl)
            .await
            .expect("zpl");
        client.download_label(&zpl).await.expect("zpl file");
        carrier_only.push(start.elapsed());
    }

    // A batch of 100 labels, bought and printed as one job.
    let orders: Vec<Uuid> = (0..BATCH)
        .map(|n| bench.packaging_order(20_000 + n as u64).id)
        .collect();
    let printed_before = printer.received().len();
    let start = Instant::now();
    let report = bench
        .shipping
        .batch_ship(&admin(), &orders, &RatePick::Cheapest, true, |_| {})
        .await
        .expect("batch");
    assert!(report.failed.is_empty(), "{report:?}");
    while printer.received().len() == printed_before {
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    let batch = start.elapsed();
    let combined = printer.received().pop().unwrap_or_default().len();

    let to_printer = Samples::new(to_printer);
    let carrier_only = Samples::new(carrier_only);
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!("| path | p50 | p99 |\n|---|---|---|");
    println!(
        "| Buy → label bytes at the printer (total) | {} | {} |",
        ms(to_printer.p50()),
        ms(to_printer.p99())
    );
    println!(
        "| the carrier's share (buy + label + downloads, loopback fake) | {} | {} |",
        ms(carrier_only.p50()),
        ms(carrier_only.p99())
    );
    println!(
        "| **Packdesk's own share** (total − carrier, p50) | {} | |",
        ms(to_printer.p50().saturating_sub(carrier_only.p50()))
    );
    println!();
    println!(
        "- batch of {BATCH} labels (quote + buy each, one combined {combined}-byte ZPL job): {:.2} s total, {} per label",
        batch.as_secs_f64(),
        ms(batch / BATCH as u32)
    );
}

fn harness_carrier_id(bench: &Bench, shipment_id: Uuid) -> String {
    packdesk_desk::with_desk(&bench.desk, |desk| {
        packdesk_desk::store::shipments::load(desk.connection(), shipment_id)
    })
    .expect("load")
    .and_then(|record| record.carrier_shipment_id)
    .expect("carrier shipment id")
}

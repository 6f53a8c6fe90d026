//! Shipping from the desk, end to end below the window: a real SQLite desk,
//! the fake EasyPost over HTTP, the OS keyring, TCP printers that record
//! every byte, and the real print queue worker.

mod harness;

use std::time::Duration;

use packdesk_carrier::fake::{Fault, Route};
use packdesk_carrier::TrackingStatus;
use packdesk_desk::{with_desk, DeskError};
use packdesk_domain::api::{ErrorKind, PrintJobState, RatePick, ShipmentState};
use packdesk_domain::shipping::ParcelDraft;
use packdesk_domain::{OrderStatus, Role};
use uuid::Uuid;

use harness::{actor, admin, free_port, parcel, store_settings, Bench, TcpPrinter};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buying_a_label_ships_the_order_and_prints_the_carriers_zpl_byte_for_byte() {
    let bench = Bench::start().await;
    let printer = TcpPrinter::start().await;
    bench.add_printer("Bench Zebra", &printer.address(), "zpl", "labels");
    let order = bench.packaging_order(1);

    let quoted = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap();
    assert_eq!(quoted.state, ShipmentState::Quoted);
    assert!(!quoted.rates.is_empty(), "the recorded shipment has rates");
    let cheapest = quoted.rates.iter().map(|r| r.cost).min().unwrap();

    let bought = bench
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
        .unwrap();
    assert_eq!(bought.state, ShipmentState::Bought);
    let label = bought.label.clone().unwrap();
    assert_eq!(label.cost, cheapest);
    assert_eq!(bought.label_formats, vec!["png", "zpl"]);

    let shipped = bench.order(order.id);
    assert_eq!(shipped.status, OrderStatus::Shipped);
    assert!(shipped.shipped_at.is_some());
    let last = bench.history_reasons(order.id).pop().unwrap();
    assert_eq!(last.0, OrderStatus::Shipped);
    assert_eq!(
        last.1.unwrap(),
        format!("Label bought: {}", label.describe())
    );

    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    let stored_zpl = with_desk(&bench.desk, |desk| {
        packdesk_desk::store::shipments::label_file(desk.connection(), bought.id, "zpl")
    })
    .unwrap()
    .unwrap();
    assert_eq!(printer.received(), vec![stored_zpl.clone()]);
    assert!(String::from_utf8_lossy(&stored_zpl).contains(&label.tracking_code));
    assert_eq!(bench.carrier.buys(&label.carrier_shipment_id), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_lost_after_the_carrier_bought_is_resumed_without_buying_again() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(2);
    let quoted = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap();
    let carrier_id = quoted_carrier_id(&bench, quoted.id);

    // The carrier buys, then the connection drops; the check that would
    // find the purchase drops too, so the desk cannot tell what happened.
    bench.carrier.fail(Route::Buy, Fault::CommitThenDrop);
    bench
        .carrier
        .fail_times(Route::RetrieveShipment, Fault::Drop, 10);
    bench.carrier.fail_times(Route::Buy, Fault::Drop, 10);
    let command_id = Uuid::now_v7();
    let error = bench
        .shipping
        .buy(
            &admin(),
            order.id,
            quoted.id,
            &RatePick::Cheapest,
            command_id,
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
    let pending = bench.shipping.shipment(quoted.id).unwrap();
    assert_eq!(
        pending.state,
        ShipmentState::Buying,
        "journaled, not forgotten"
    );
    assert_eq!(bench.order(order.id).status, OrderStatus::Packaging);
    assert_eq!(bench.carrier.buys(&carrier_id), 1);

    // The carrier is back: the background resume finishes the purchase.
    bench.carrier.reset_faults();
    bench.shipping.resume_unfinished().await;
    let done = bench.shipping.shipment(quoted.id).unwrap();
    assert_eq!(done.state, ShipmentState::Bought);
    assert_eq!(bench.carrier.buys(&carrier_id), 1, "never bought twice");
    assert_eq!(bench.order(order.id).status, OrderStatus::Shipped);

    // The user's own retry of the same click is answered, not re-bought.
    let again = bench
        .shipping
        .buy(
            &admin(),
            order.id,
            quoted.id,
            &RatePick::Cheapest,
            command_id,
            false,
        )
        .await
        .unwrap();
    assert_eq!(again.label, done.label);
    assert_eq!(bench.carrier.buys(&carrier_id), 1);
    let shipped_entries = bench
        .history_reasons(order.id)
        .iter()
        .filter(|(to, _)| *to == OrderStatus::Shipped)
        .count();
    assert_eq!(shipped_entries, 1);
}

fn quoted_carrier_id(bench: &Bench, shipment_id: Uuid) -> String {
    with_desk(&bench.desk, |desk| {
        packdesk_desk::store::shipments::load(desk.connection(), shipment_id)
    })
    .unwrap()
    .unwrap()
    .carrier_shipment_id
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_for_a_printer_that_is_off_prints_exactly_once_when_it_comes_back() {
    let bench = Bench::start().await;
    let port = free_port();
    bench.add_printer("Bench Zebra", &format!("127.0.0.1:{port}"), "zpl", "labels");
    let order = bench.packaging_order(3);
    bench.buy_cheapest(order.id, true).await;

    // Off: attempts fail and the job stays queued with the reason.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let job = loop {
        let job = bench.printing.jobs().unwrap().remove(0);
        if job.attempts >= 2 {
            break job;
        }
        assert!(std::time::Instant::now() < deadline, "no attempts: {job:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(matches!(
        job.state,
        PrintJobState::Queued | PrintJobState::Printing
    ));
    assert!(job.last_error.is_some());

    // On again, at the same address.
    let printer = TcpPrinter::start_on(port).await;
    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        printer.received().len(),
        1,
        "printed once, not once per attempt"
    );
    assert_eq!(bench.printing.jobs().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_desk_says_so_and_a_queued_label_is_bought_and_printed_when_back() {
    let bench = Bench::start().await;
    let printer = TcpPrinter::start().await;
    bench.add_printer("Bench Zebra", &printer.address(), "zpl", "labels");
    let order = bench.packaging_order(4);
    bench.take_carrier_offline();

    let error = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert!(
        error.to_string().contains("Can't reach the carrier"),
        "{error}"
    );

    let queued = bench
        .shipping
        .queue_buy(&admin(), order.id, &parcel(), &RatePick::Cheapest)
        .unwrap();
    assert_eq!(queued.state, ShipmentState::Waiting);
    bench.shipping.resume_unfinished().await;
    assert_eq!(
        bench.shipping.shipment(queued.id).unwrap().state,
        ShipmentState::Waiting
    );
    assert!(printer.received().is_empty());

    bench.bring_carrier_back();
    bench.shipping.resume_unfinished().await;
    let bought = bench.shipping.shipment(queued.id).unwrap();
    assert_eq!(bought.state, ShipmentState::Bought, "{:?}", bought.error);
    assert_eq!(bench.order(order.id).status, OrderStatus::Shipped);
    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    assert_eq!(printer.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn carrier_refusals_name_the_field_and_write_nothing() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(5);

    bench.carrier.fail(Route::CreateShipment, Fault::BadKey);
    let error = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_body().fields[0].field, "api_key");

    let error = bench
        .shipping
        .quote(
            &admin(),
            order.id,
            &ParcelDraft {
                weight_oz: "heavy".into(),
                ..parcel()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(error.to_body().fields[0].field, "parcel.weight_oz");

    bench.carrier.fail(Route::VerifyAddress, Fault::BadAddress);
    let error = bench.shipping.check_address(order.id).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    assert!(error
        .to_body()
        .fields
        .iter()
        .all(|f| f.field.starts_with("shipping_address.")));

    assert!(bench.shipping.view(order.id).unwrap().shipments.is_empty());
    assert_eq!(bench.order(order.id).status, OrderStatus::Packaging);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_cannot_buy_and_a_processor_cannot_void() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(6);
    let error = bench
        .shipping
        .quote(&actor(Role::Viewer), order.id, &parcel())
        .await
        .unwrap_err();
    assert!(matches!(error, DeskError::Forbidden { .. }));

    let processor = actor(Role::Processor);
    let quoted = bench
        .shipping
        .quote(&processor, order.id, &parcel())
        .await
        .unwrap();
    let bought = bench
        .shipping
        .buy(
            &processor,
            order.id,
            quoted.id,
            &RatePick::Fastest,
            Uuid::now_v7(),
            false,
        )
        .await
        .unwrap();
    let error = bench
        .shipping
        .void(&processor, order.id, bought.id, "wrong box", Uuid::now_v7())
        .await
        .unwrap_err();
    assert!(matches!(error, DeskError::Forbidden { .. }));
    assert_eq!(bench.order(order.id).status, OrderStatus::Shipped);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voiding_a_label_takes_the_order_back_to_packaging_with_history() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(7);
    let bought = bench.buy_cheapest(order.id, false).await;
    let voided = bench
        .shipping
        .void(
            &admin(),
            order.id,
            bought.id,
            "Wrong box size",
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!(voided.state, ShipmentState::Voided);
    let back = bench.order(order.id);
    assert_eq!(back.status, OrderStatus::Packaging);
    assert_eq!(back.shipped_at, None);
    let (to, reason) = bench.history_reasons(order.id).pop().unwrap();
    assert_eq!(to, OrderStatus::Packaging);
    assert!(reason.unwrap().ends_with("voided: Wrong box size"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracking_moves_the_order_to_out_for_delivery_then_delivered_once_each() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(8);
    let bought = bench.buy_cheapest(order.id, false).await;
    let code = bought.label.unwrap().tracking_code;

    let view = bench.shipping.refresh_tracking(order.id).await.unwrap();
    assert!(view.shipments[0].tracking_status.is_some());
    assert_eq!(bench.order(order.id).status, OrderStatus::Shipped);

    bench
        .carrier
        .advance_tracker(&code, TrackingStatus::OutForDelivery)
        .unwrap();
    bench.shipping.refresh_tracking(order.id).await.unwrap();
    assert_eq!(bench.order(order.id).status, OrderStatus::OutForDelivery);

    bench
        .carrier
        .advance_tracker(&code, TrackingStatus::Delivered)
        .unwrap();
    bench.shipping.track_all().await;
    bench.shipping.track_all().await;
    let delivered = bench.order(order.id);
    assert_eq!(delivered.status, OrderStatus::Delivered);
    assert!(delivered.delivered_at.is_some());
    let moves: Vec<OrderStatus> = bench
        .history_reasons(order.id)
        .into_iter()
        .map(|(to, _)| to)
        .collect();
    assert_eq!(
        moves[moves.len() - 3..],
        [
            OrderStatus::Shipped,
            OrderStatus::OutForDelivery,
            OrderStatus::Delivered
        ]
    );
    let view = bench.shipping.view(order.id).unwrap();
    assert_eq!(
        view.shipments[0].tracking_status.as_deref(),
        Some("delivered")
    );
    assert!(view.shipments[0].tracking_events.len() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_buys_each_order_once_and_prints_one_combined_file_with_progress() {
    let bench = Bench::start().await;
    let printer = TcpPrinter::start().await;
    bench.add_printer("Bench Zebra", &printer.address(), "zpl", "labels");
    let orders: Vec<Uuid> = (10..13).map(|n| bench.packaging_order(n).id).collect();
    let not_ready = with_desk(&bench.desk, |desk| {
        desk.create_order(
            Uuid::now_v7(),
            &admin(),
            packdesk_desk::demo::synthetic_draft(99),
        )
    })
    .unwrap()
    .order
    .id;
    let mut ids = orders.clone();
    ids.push(not_ready);

    let mut seen = Vec::new();
    let report = bench
        .shipping
        .batch_ship(&admin(), &ids, &RatePick::Cheapest, true, |p| {
            seen.push(p.clone())
        })
        .await
        .unwrap();
    assert_eq!((report.done, report.total), (4, 4));
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert!(report.failed[0].message.contains("move it to packaging"));
    assert!(
        seen.windows(2).all(|w| w[0].done <= w[1].done),
        "progress only grows"
    );
    assert_eq!(seen.last().unwrap().done, 4);

    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    let received = printer.received();
    assert_eq!(received.len(), 1, "one combined job");
    let combined = String::from_utf8(received[0].clone()).unwrap();
    let mut expected = String::new();
    for id in &orders {
        let view = bench.shipping.view(*id).unwrap();
        let shipment = &view.shipments[0];
        let label = shipment.label.as_ref().unwrap();
        assert_eq!(bench.carrier.buys(&label.carrier_shipment_id), 1);
        let zpl = with_desk(&bench.desk, |desk| {
            packdesk_desk::store::shipments::label_file(desk.connection(), shipment.id, "zpl")
        })
        .unwrap()
        .unwrap();
        expected.push_str(&String::from_utf8(zpl).unwrap());
    }
    assert_eq!(combined, expected, "the labels in batch order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_key_lives_in_the_keyring_never_in_the_database() {
    let bench = Bench::start().await;
    let settings = bench.shipping.settings().unwrap();
    assert!(settings.api_key_set);
    let path = with_desk(&bench.desk, |desk| Ok(desk.path().to_owned())).unwrap();
    with_desk(&bench.desk, |desk| {
        desk.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    })
    .unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(path.with_extension("sqlite3-wal")).unwrap_or_default());
    let key = packdesk_carrier::fake::API_KEY.as_bytes();
    assert!(!bytes.windows(key.len()).any(|w| w == key));
    // A restarted app finds the key in the keyring.
    assert!(bench.restarted_shipping().settings().unwrap().api_key_set);

    let mut update = store_settings(bench.carrier.base_url(), Some(""));
    bench.shipping.save_settings(&admin(), &update).unwrap();
    assert!(!bench.shipping.settings().unwrap().api_key_set);
    assert!(!bench.restarted_shipping().settings().unwrap().api_key_set);
    update.api_key = Some("has a space".into());
    let error = bench.shipping.save_settings(&admin(), &update).unwrap_err();
    assert_eq!(error.to_body().fields[0].field, "api_key");
    let error = bench
        .shipping
        .save_settings(&actor(Role::Manager), &store_settings("https://x", None))
        .unwrap_err();
    assert!(matches!(error, DeskError::Forbidden { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_packing_slip_goes_to_the_paper_printer_and_a_reprint_sends_the_same_bytes() {
    let bench = Bench::start().await;
    let paper = TcpPrinter::start().await;
    bench.add_printer("Office", &paper.address(), "zpl", "documents");
    let order = bench.packaging_order(20);
    let job = bench
        .printing
        .print_packing_slip(&admin(), order.id)
        .unwrap();
    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    bench.printing.reprint(&admin(), job.id).unwrap();
    bench.wait_for_jobs(PrintJobState::Printed, 2).await;
    let received = paper.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0], received[1]);
    let slip = String::from_utf8(received[0].clone()).unwrap();
    assert!(slip.starts_with("^XA"));
    assert!(slip.contains(&order.order_number));
    assert!(slip.contains("Harbor Tailors"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_packing_slip_reaches_a_real_ipp_printer_byte_for_byte() {
    let bench = Bench::start().await;
    let printer = packdesk_printing::test_printer::IppPrinter::start("packdesk-desk-office");
    bench.add_printer("Office laser", &printer.uri(), "pdf", "documents");
    let order = bench.packaging_order(21);
    let job = bench
        .printing
        .print_packing_slip(&admin(), order.id)
        .unwrap();
    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    let sent = with_desk(&bench.desk, |desk| {
        packdesk_desk::store::print_jobs::document(desk.connection(), job.id)
    })
    .unwrap()
    .unwrap();
    assert!(sent.bytes.starts_with(b"%PDF-"));
    assert_eq!(printer.jobs(), vec![sent.bytes]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_dpi_printer_gets_the_label_redrawn_in_its_own_dots() {
    let bench = Bench::start().await;
    let printer = TcpPrinter::start().await;
    bench
        .printing
        .save_printer(
            &admin(),
            None,
            &packdesk_domain::shipping::PrinterDraft {
                name: "Bench Zebra 300".into(),
                address: printer.address(),
                dpi: "300".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let order = bench.packaging_order(30);
    bench.buy_cheapest(order.id, true).await;
    bench.wait_for_jobs(PrintJobState::Printed, 1).await;
    let zpl = String::from_utf8(printer.received().remove(0)).unwrap();
    // The carrier's ZPL is laid out for 203 dpi (^PW812): at 300 dpi it would
    // print two-thirds size, so the desk redraws the PNG at 1200 dots wide.
    assert!(zpl.contains("^PW1200"), "{}", &zpl[..zpl.len().min(200)]);
    assert!(zpl.contains("^GF"), "a graphic field from the PNG");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_label_is_bought_for_an_order_cancelled_after_its_quote() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(31);
    let quoted = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap();
    bench.run(packdesk_domain::Command::ChangeStatus {
        order_id: order.id,
        to: OrderStatus::Cancelled,
        reason: Some("customer called".into()),
    });
    let error = bench
        .shipping
        .buy(
            &admin(),
            order.id,
            quoted.id,
            &RatePick::Cheapest,
            Uuid::now_v7(),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(bench.carrier.requests(Route::Buy), 0);
    assert_eq!(
        bench.shipping.shipment(quoted.id).unwrap().state,
        ShipmentState::Quoted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_bought_while_the_order_was_being_cancelled_is_kept_and_flagged() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(32);
    let quoted = bench
        .shipping
        .quote(&admin(), order.id, &parcel())
        .await
        .unwrap();
    bench
        .carrier
        .fail(Route::Buy, Fault::Slow(Duration::from_millis(400)));
    let shipping = bench.shipping.clone();
    let buying = tokio::spawn(async move {
        shipping
            .buy(
                &admin(),
                order.id,
                quoted.id,
                &RatePick::Cheapest,
                Uuid::now_v7(),
                false,
            )
            .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    bench.run(packdesk_domain::Command::ChangeStatus {
        order_id: order.id,
        to: OrderStatus::Cancelled,
        reason: Some("customer called".into()),
    });
    let bought = buying.await.unwrap().unwrap();
    assert_eq!(
        bought.state,
        ShipmentState::Bought,
        "the postage is paid for"
    );
    assert!(bought.error.unwrap().contains("Void the label"));
    assert_eq!(bench.order(order.id).status, OrderStatus::Cancelled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_label_can_be_cancelled_until_the_desk_starts_buying_it() {
    let bench = Bench::start().await;
    let order = bench.packaging_order(6);
    bench.take_carrier_offline();
    let queued = bench
        .shipping
        .queue_buy(&admin(), order.id, &parcel(), &RatePick::Cheapest)
        .unwrap();

    let refused = bench
        .shipping
        .cancel_queued(&actor(Role::Viewer), order.id, queued.id)
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
    let view = bench
        .shipping
        .cancel_queued(&actor(Role::Processor), order.id, queued.id)
        .unwrap();
    assert!(view.shipments.iter().all(|s| s.id != queued.id));
    bench.bring_carrier_back();
    bench.shipping.resume_unfinished().await;
    assert_eq!(bench.carrier.requests(Route::CreateShipment), 0);
    assert_eq!(bench.carrier.requests(Route::Buy), 0);
    assert_eq!(bench.order(order.id).status, OrderStatus::Packaging);

    // Cancelled while the desk is asking the carrier for rates: still
    // nothing is bought.
    let queued = bench
        .shipping
        .queue_buy(&admin(), order.id, &parcel(), &RatePick::Cheapest)
        .unwrap();
    bench.carrier.fail(
        Route::CreateShipment,
        Fault::Slow(Duration::from_millis(400)),
    );
    let cancel = async {
        while bench.carrier.requests(Route::CreateShipment) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        bench.shipping.cancel_queued(&admin(), order.id, queued.id)
    };
    let ((), cancelled) = tokio::join!(bench.shipping.resume_unfinished(), cancel);
    cancelled.unwrap();
    assert_eq!(bench.carrier.requests(Route::CreateShipment), 1);
    assert_eq!(bench.carrier.requests(Route::Buy), 0);
    assert!(
        bench.shipping.shipment(queued.id).is_err(),
        "the queued label is gone"
    );
    bench.carrier.reset_faults();

    // A bought label is voided, not cancelled.
    let bought = bench.buy_cheapest(order.id, false).await;
    let error = bench
        .shipping
        .cancel_queued(&admin(), order.id, bought.id)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert!(error.to_string().contains("label bought"), "{error}");
    assert_eq!(bench.order(order.id).status, OrderStatus::Shipped);
}

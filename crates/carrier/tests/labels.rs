//! Buying postage, fetching the label in each printer format, tracking and
//! refunding: everything after a rate has been chosen.

mod common;

use common::{bought, client, fake, fixture, shipment_request};
use packdesk_carrier::fake::Route;
use packdesk_carrier::{Carrier, CarrierError, LabelFormat, Money, RefundStatus, TrackingStatus};
use packdesk_domain::Currency;

#[tokio::test]
async fn buying_returns_the_label_the_tracking_code_and_the_cost() {
    let fake = fake().await;
    let (client, _) = client(&fake);

    let purchase = bought(&client).await;

    let recorded = fixture("shipments/shipments-buy.json")["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(purchase.tracking_code.len(), recorded.len());
    assert_eq!(
        purchase.tracking_code[..13],
        recorded[..13],
        "a USPS code like the recorded one"
    );
    assert_eq!(purchase.rate_id, "rate_76e0cae29e294e6db279c76bbe2f27e9");
    assert_eq!(
        (purchase.carrier.as_str(), purchase.service.as_str()),
        ("USPS", "GroundAdvantage")
    );
    assert_eq!(
        purchase.cost,
        Money {
            minor: 820,
            currency: Currency::USD
        }
    );
    assert_eq!(purchase.label.format, LabelFormat::Png);
    assert_eq!(
        purchase.label.url,
        format!("{}/labels/{}.png", fake.base_url(), purchase.shipment_id)
    );
    assert_eq!(fake.buys(&purchase.shipment_id), 1);
}

#[tokio::test]
async fn every_purchase_gets_its_own_tracking_code() {
    // The desk stores the code per order: two orders must never share one.
    let fake = fake().await;
    let (client, _) = client(&fake);

    let first = bought(&client).await;
    let second = bought(&client).await;

    assert_ne!(first.tracking_code, second.tracking_code);
    let again = client
        .buy(&first.shipment_id, &first.rate_id)
        .await
        .unwrap();
    assert_eq!(
        again.tracking_code, first.tracking_code,
        "a shipment keeps its code"
    );
}

#[tokio::test]
async fn a_label_can_be_had_and_downloaded_in_each_printer_format() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;

    let zpl = client
        .label(&purchase.shipment_id, LabelFormat::Zpl)
        .await
        .unwrap();
    assert_eq!(zpl.format, LabelFormat::Zpl);
    let bytes = client.download_label(&zpl).await.unwrap();
    assert!(
        bytes.starts_with(b"^XA") && bytes.ends_with(b"^XZ\n"),
        "{bytes:?}"
    );

    let pdf = client
        .label(&purchase.shipment_id, LabelFormat::Pdf)
        .await
        .unwrap();
    assert!(client
        .download_label(&pdf)
        .await
        .unwrap()
        .starts_with(b"%PDF-"));

    let png = client
        .label(&purchase.shipment_id, LabelFormat::Png)
        .await
        .unwrap();
    assert_eq!(png, purchase.label);
    assert!(client
        .download_label(&png)
        .await
        .unwrap()
        .starts_with(b"\x89PNG\r\n\x1a\n"));

    assert_eq!(fake.requests(Route::LabelFile), 3);
    assert_eq!(
        fake.label_files_with_auth(),
        0,
        "the API key never goes to the file store"
    );
}

#[tokio::test]
async fn a_label_of_an_unbought_shipment_is_refused() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let shipment = client.create_shipment(&shipment_request()).await.unwrap();

    let error = client
        .label(&shipment.id, LabelFormat::Zpl)
        .await
        .unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 422, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_tracker_reports_its_status_and_history() {
    let fake = fake().await;
    let (client, _) = client(&fake);

    let tracker = client.create_tracker("EZ1000000001", "USPS").await.unwrap();

    assert_eq!(tracker.id, "trk_9135862729734d96ad2f9ed0f0565a27");
    assert_eq!(
        (tracker.tracking_code.as_str(), tracker.carrier.as_str()),
        ("EZ1000000001", "USPS")
    );
    assert_eq!(tracker.status, TrackingStatus::PreTransit);
    assert_eq!(tracker.details.len(), 2);
    let created = &tracker.details[1];
    assert_eq!(created.status, TrackingStatus::PreTransit);
    assert_eq!(created.message, "Shipping Label Created");
    assert_eq!(created.location.as_deref(), Some("HOUSTON, TX 77063"));
    assert_eq!(
        created.at.unwrap().to_rfc3339(),
        "2025-04-10T09:17:17+00:00"
    );
    assert_eq!(tracker.details[0].location, None);
}

#[test]
fn every_easypost_tracking_status_is_known() {
    use TrackingStatus::*;
    let codes = [
        ("unknown", Unknown),
        ("pre_transit", PreTransit),
        ("in_transit", InTransit),
        ("out_for_delivery", OutForDelivery),
        ("delivered", Delivered),
        ("available_for_pickup", AvailableForPickup),
        ("return_to_sender", ReturnToSender),
        ("failure", Failure),
        ("cancelled", Cancelled),
        ("error", Error),
        ("something_new", Unknown),
    ];
    for (code, status) in codes {
        assert_eq!(TrackingStatus::from_code(code), status, "{code}");
    }
}

#[tokio::test]
async fn a_refund_is_submitted() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;

    assert_eq!(
        client.refund(&purchase.shipment_id).await,
        Ok(RefundStatus::Submitted)
    );
}

//! Trackers after the label is bought: the desk polls `retrieve_tracker` to
//! learn that a parcel moved, went out for delivery, or arrived.

mod common;

use common::{bought, client, fake};
use packdesk_carrier::fake::{FakeError, Route};
use packdesk_carrier::{Carrier, CarrierError, TrackingStatus};

#[tokio::test]
async fn a_parcel_moves_from_pre_transit_to_delivered_and_each_scan_is_kept_in_order() {
    use TrackingStatus::*;
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    let tracker = client
        .create_tracker(&purchase.tracking_code, &purchase.carrier)
        .await
        .unwrap();
    assert_eq!(tracker.status, Unknown, "no scan yet");
    assert!(tracker.details.is_empty());

    let journey = [PreTransit, InTransit, OutForDelivery, Delivered];
    for (scans, status) in journey.into_iter().enumerate() {
        fake.advance_tracker(&purchase.tracking_code, status)
            .unwrap();

        let now = client.retrieve_tracker(&tracker.id).await.unwrap();
        assert_eq!(now.status, status);
        let seen: Vec<TrackingStatus> = now.details.iter().map(|d| d.status).collect();
        assert_eq!(seen, journey[..=scans], "after {status:?}");
    }

    let delivered = client.retrieve_tracker(&tracker.id).await.unwrap();
    assert_eq!(delivered.id, tracker.id);
    assert_eq!(delivered.tracking_code, purchase.tracking_code);
    assert_eq!(delivered.carrier, "USPS");
    let messages: Vec<&str> = delivered
        .details
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "Shipping Label Created, USPS Awaiting Item",
            "Arrived at USPS Regional Origin Facility",
            "Out for Delivery",
            "Delivered, In/At Mailbox",
        ]
    );
    let places: Vec<Option<&str>> = delivered
        .details
        .iter()
        .map(|d| d.location.as_deref())
        .collect();
    assert_eq!(
        places,
        [
            Some("SAN FRANCISCO, CA 94104"),
            Some("SAN FRANCISCO, CA 94104"),
            Some("REDONDO BEACH, CA 90277"),
            Some("REDONDO BEACH, CA 90277"),
        ],
        "sent from the warehouse, delivered to the customer"
    );
    let times: Vec<_> = delivered.details.iter().map(|d| d.at.unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
}

#[tokio::test]
async fn the_tracker_of_a_purchase_is_found_again_by_code_and_by_id() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let first = bought(&client).await;
    let second = bought(&client).await;

    let tracker = client
        .create_tracker(&first.tracking_code, "USPS")
        .await
        .unwrap();
    let again = client
        .create_tracker(&first.tracking_code, "USPS")
        .await
        .unwrap();
    let other = client
        .create_tracker(&second.tracking_code, "USPS")
        .await
        .unwrap();

    assert_eq!(
        again, tracker,
        "one tracker per code, as EasyPost keeps them"
    );
    assert_ne!(other.id, tracker.id);
    assert_eq!(client.retrieve_tracker(&tracker.id).await.unwrap(), tracker);
    assert_eq!(client.retrieve_tracker(&other.id).await.unwrap(), other);
    assert_eq!(fake.requests(Route::RetrieveTracker), 2);
}

#[tokio::test]
async fn a_tracker_for_a_code_from_elsewhere_can_be_retrieved_and_advanced() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let created = client.create_tracker("EZ2000000002", "USPS").await.unwrap();
    assert_ne!(
        created.id, "trk_9135862729734d96ad2f9ed0f0565a27",
        "not the recorded code"
    );
    assert_eq!(created.details.len(), 2, "the recorded history");

    fake.advance_tracker("EZ2000000002", TrackingStatus::InTransit)
        .unwrap();
    let tracker = client.retrieve_tracker(&created.id).await.unwrap();

    assert_eq!(tracker.status, TrackingStatus::InTransit);
    assert_eq!(tracker.details.len(), 3);
    assert_eq!(
        tracker.details[2].at.unwrap().to_rfc3339(),
        "2025-04-10T15:17:17+00:00",
        "six hours after the recorded last scan"
    );
}

#[tokio::test]
async fn an_unknown_tracker_id_is_not_found() {
    let fake = fake().await;
    let (client, _) = client(&fake);

    let error = client.retrieve_tracker("trk_nope").await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 404, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn advancing_a_code_nobody_tracks_is_a_typed_error() {
    let fake = fake().await;

    let error = fake
        .advance_tracker("9400000000000000000000", TrackingStatus::Delivered)
        .unwrap_err();

    assert!(
        matches!(&error, FakeError::NoTracker { tracking_code } if tracking_code == "9400000000000000000000"),
        "{error:?}"
    );
}

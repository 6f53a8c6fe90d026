//! How the client behaves when the carrier misbehaves: what is retried, how
//! long it waits, and what is reported without a retry.

mod common;

use std::time::Duration;

use common::{bought, client, client_with, config, fake, shipment_request, warehouse};
use packdesk_carrier::clock::ManualClock;
use packdesk_carrier::fake::{Fault, Route};
use packdesk_carrier::{
    BatchState, Carrier, CarrierError, EasyPostClient, EasyPostConfig, LabelFormat,
};

#[tokio::test]
async fn a_wrong_api_key_is_unauthorized_and_not_retried() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        api_key: "EZTKwrong".to_owned(),
        ..config(&fake, &clock)
    });

    let error = client
        .create_shipment(&shipment_request())
        .await
        .unwrap_err();

    assert_eq!(error, CarrierError::Unauthorized);
    assert_eq!(fake.requests(Route::CreateShipment), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_bad_key_fault_is_unauthorized_too() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail(Route::CreateTracker, Fault::BadKey);

    assert_eq!(
        client
            .create_tracker("EZ1000000001", "USPS")
            .await
            .unwrap_err(),
        CarrierError::Unauthorized
    );
    assert_eq!(fake.requests(Route::CreateTracker), 1);
}

#[tokio::test]
async fn a_rate_limit_is_retried_after_the_time_the_carrier_asked_for() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    fake.fail(
        Route::CreateShipment,
        Fault::RateLimited {
            retry_after_secs: Some(7),
        },
    );

    let shipment = client.create_shipment(&shipment_request()).await.unwrap();

    assert_eq!(shipment.rates.len(), 3);
    assert_eq!(fake.requests(Route::CreateShipment), 2);
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn a_rate_limit_without_retry_after_backs_off_by_itself() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    fake.fail(
        Route::CreateShipment,
        Fault::RateLimited {
            retry_after_secs: None,
        },
    );

    client.create_shipment(&shipment_request()).await.unwrap();

    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(
        sleeps[0] <= Duration::from_millis(100),
        "first back-off is at most base_delay: {sleeps:?}"
    );
}

#[tokio::test]
async fn a_retry_after_longer_than_we_wait_is_reported_at_once() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    fake.fail(
        Route::CreateShipment,
        Fault::RateLimited {
            retry_after_secs: Some(3600),
        },
    );

    let error = client
        .create_shipment(&shipment_request())
        .await
        .unwrap_err();

    assert_eq!(
        error,
        CarrierError::RateLimited {
            retry_after: Some(Duration::from_secs(3600))
        }
    );
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn two_server_errors_then_success_is_a_success() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    fake.fail_times(Route::CreateShipment, Fault::ServerError, 2);

    client.create_shipment(&shipment_request()).await.unwrap();

    assert_eq!(fake.requests(Route::CreateShipment), 3);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(
        sleeps[0] <= Duration::from_millis(100) && sleeps[1] <= Duration::from_millis(200),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn server_errors_past_the_last_attempt_are_reported() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail_times(Route::CreateShipment, Fault::ServerError, 10);

    let error = client
        .create_shipment(&shipment_request())
        .await
        .unwrap_err();

    assert_eq!(error, CarrierError::Server { status: 500 });
    assert_eq!(fake.requests(Route::CreateShipment), 4, "max_attempts");
}

#[tokio::test]
async fn a_slow_reply_times_out_and_the_retry_succeeds() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        request_timeout: Duration::from_millis(200),
        ..config(&fake, &clock)
    });
    fake.fail(Route::VerifyAddress, Fault::Slow(Duration::from_secs(2)));

    let started = std::time::Instant::now();
    let verified = client.verify_address(&warehouse()).await.unwrap();

    assert!(verified.deliverable);
    assert_eq!(fake.requests(Route::VerifyAddress), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "did not wait for the slow reply"
    );
}

#[tokio::test]
async fn a_reply_that_never_comes_is_a_timeout() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        request_timeout: Duration::from_millis(100),
        ..config(&fake, &clock)
    });
    fake.fail_times(Route::VerifyAddress, Fault::Slow(Duration::from_secs(2)), 4);

    assert_eq!(
        client.verify_address(&warehouse()).await.unwrap_err(),
        CarrierError::Timeout
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail(Route::CreateTracker, Fault::Drop);

    client.create_tracker("EZ1000000001", "USPS").await.unwrap();

    assert_eq!(fake.requests(Route::CreateTracker), 2);
}

#[tokio::test]
async fn a_dropped_connection_every_time_is_a_network_error() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail_times(Route::CreateTracker, Fault::Drop, 4);

    let error = client
        .create_tracker("EZ1000000001", "USPS")
        .await
        .unwrap_err();

    assert!(matches!(error, CarrierError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn nobody_listening_is_a_network_error() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let config = config(&fake, &clock);
    drop(fake);
    let client = client_with(config);

    let error = client
        .create_tracker("EZ1000000001", "USPS")
        .await
        .unwrap_err();

    assert!(matches!(error, CarrierError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn a_malformed_reply_is_reported_not_retried_and_does_not_panic() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let bodies: [&[u8]; 5] = [
        b"",
        b"<html>Bad Gateway</html>",
        b"{\"id\": 12}",
        b"{\"id\":\"shp_1\",\"rates\":[{\"id\":\"r\",\"carrier\":\"USPS\"}]}",
        b"\xff\xfe\x00garbage",
    ];
    for body in bodies {
        fake.fail(
            Route::CreateShipment,
            Fault::Raw {
                status: 200,
                body: body.to_vec(),
            },
        );
        let error = client
            .create_shipment(&shipment_request())
            .await
            .unwrap_err();
        assert!(
            matches!(error, CarrierError::Malformed(_)),
            "{body:?} gave {error:?}"
        );
    }
    assert_eq!(fake.requests(Route::CreateShipment), bodies.len());
}

#[tokio::test]
async fn an_unknown_currency_leaves_that_rate_out_with_a_message() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let body = br#"{"id":"shp_1","messages":[],"rates":[
        {"id":"rate_a","carrier":"USPS","service":"Priority","rate":"11.01","currency":"USD","delivery_days":2},
        {"id":"rate_b","carrier":"Odd","service":"Post","rate":"1.00","currency":"XXX","delivery_days":1}]}"#;
    fake.fail(
        Route::CreateShipment,
        Fault::Raw {
            status: 201,
            body: body.to_vec(),
        },
    );

    let shipment = client.create_shipment(&shipment_request()).await.unwrap();

    assert_eq!(shipment.rates.len(), 1);
    assert_eq!(shipment.messages.len(), 1);
    assert_eq!(shipment.messages[0].carrier, "Odd");
    assert_eq!(shipment.messages[0].kind, "unreadable_rate");
}

#[tokio::test]
async fn an_error_body_that_is_not_easyposts_still_gives_the_status() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail(
        Route::CreateTracker,
        Fault::Raw {
            status: 404,
            body: b"not json".to_vec(),
        },
    );

    let error = client
        .create_tracker("EZ1000000001", "USPS")
        .await
        .unwrap_err();

    assert_eq!(
        error,
        CarrierError::Invalid {
            status: 404,
            code: String::new(),
            message: "HTTP 404".to_owned(),
            errors: vec![],
        }
    );
}

#[tokio::test]
async fn server_errors_and_dropped_connections_creating_a_batch_are_retried() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    fake.fail(Route::BatchCreate, Fault::ServerError);
    fake.fail(Route::BatchCreate, Fault::Drop);
    fake.fail(Route::BatchRetrieve, Fault::ServerError);

    let batch = client.create_batch(&[purchase.shipment_id]).await.unwrap();

    assert_eq!(batch.state, BatchState::Created);
    assert_eq!(fake.requests(Route::BatchCreate), 3);
    assert_eq!(fake.requests(Route::BatchRetrieve), 2);
}

#[tokio::test]
async fn server_errors_and_dropped_connections_while_labelling_a_batch_are_retried() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    let batch = client.create_batch(&[purchase.shipment_id]).await.unwrap();
    fake.fail(Route::BatchLabel, Fault::Drop);
    fake.fail(Route::BatchLabel, Fault::ServerError);
    fake.fail(Route::BatchRetrieve, Fault::Drop);
    fake.fail(Route::BatchRetrieve, Fault::ServerError);
    fake.fail(Route::LabelFile, Fault::ServerError);

    let label = client
        .batch_label(&batch.id, LabelFormat::Zpl)
        .await
        .unwrap();
    let bytes = client.download_label(&label).await.unwrap();

    assert!(bytes.starts_with(b"^XA"));
    assert_eq!(fake.requests(Route::BatchLabel), 3);
    assert_eq!(fake.requests(Route::BatchRetrieve), 1 + 3);
    assert_eq!(fake.requests(Route::LabelFile), 2);
}

#[tokio::test]
async fn a_batch_label_that_keeps_failing_is_a_server_error_not_a_wait() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    let purchase = bought(&client).await;
    let batch = client.create_batch(&[purchase.shipment_id]).await.unwrap();
    fake.fail_times(Route::BatchRetrieve, Fault::ServerError, 10);
    let before = clock.sleeps().len();

    let error = client
        .batch_label(&batch.id, LabelFormat::Pdf)
        .await
        .unwrap_err();

    assert_eq!(error, CarrierError::Server { status: 500 });
    assert_eq!(
        fake.requests(Route::BatchRetrieve),
        1 + 4,
        "one look, max_attempts tries"
    );
    assert_eq!(
        clock.sleeps().len() - before,
        1 + 3,
        "one poll pause, three back-offs"
    );
}

#[tokio::test]
async fn server_errors_and_dropped_connections_retrieving_a_tracker_are_retried() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let tracker = client.create_tracker("EZ1000000001", "USPS").await.unwrap();
    fake.fail(Route::RetrieveTracker, Fault::ServerError);
    fake.fail(Route::RetrieveTracker, Fault::Drop);

    assert_eq!(client.retrieve_tracker(&tracker.id).await.unwrap(), tracker);
    assert_eq!(fake.requests(Route::RetrieveTracker), 3);
}

#[test]
fn a_base_url_that_is_not_http_is_a_settings_error() {
    let error = EasyPostClient::new(EasyPostConfig {
        base_url: "ftp://api.easypost.com".to_owned(),
        ..EasyPostConfig::new("key")
    })
    .unwrap_err();
    assert!(matches!(error, CarrierError::Config(_)), "{error:?}");
}

#[test]
fn the_api_key_is_kept_out_of_debug_output() {
    let config = EasyPostConfig::new("EZAKsecret");
    assert!(!format!("{config:?}").contains("EZAKsecret"));
}

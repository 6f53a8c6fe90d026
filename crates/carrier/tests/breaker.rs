//! The circuit breaker: after repeated outages the client stops waiting on a
//! dead carrier and fails fast, then tries one call after the cool-down.

mod common;

use std::time::Duration;

use common::{client_with, config, fake, shipment_request, warehouse};
use packdesk_carrier::clock::ManualClock;
use packdesk_carrier::fake::{FakeEasyPost, Fault, Route};
use packdesk_carrier::{
    BreakerPolicy, BreakerState, Carrier, CarrierError, EasyPostClient, EasyPostConfig, RetryPolicy,
};

/// Opens after 3 outages, cools down for 30 s; no retries, to count exactly.
fn fragile_client(fake: &FakeEasyPost) -> (EasyPostClient, ManualClock) {
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        breaker: BreakerPolicy {
            failure_threshold: 3,
            cool_down: Duration::from_secs(30),
        },
        ..config(fake, &clock)
    });
    (client, clock)
}

async fn open_the_breaker(fake: &FakeEasyPost, client: &EasyPostClient) {
    fake.fail_times(Route::CreateShipment, Fault::ServerError, 3);
    for _ in 0..3 {
        let error = client
            .create_shipment(&shipment_request())
            .await
            .unwrap_err();
        assert_eq!(error, CarrierError::Server { status: 500 });
    }
}

#[tokio::test]
async fn it_opens_after_consecutive_outages_and_then_fails_fast() {
    let fake = fake().await;
    let (client, _) = fragile_client(&fake);
    open_the_breaker(&fake, &client).await;
    assert_eq!(client.breaker_state(), BreakerState::Open);

    let error = client.verify_address(&warehouse()).await.unwrap_err();

    assert_eq!(error, CarrierError::Unavailable);
    assert_eq!(
        fake.requests(Route::VerifyAddress),
        0,
        "the carrier was not called"
    );
    assert_eq!(fake.requests(Route::CreateShipment), 3);
}

#[tokio::test]
async fn after_the_cool_down_one_successful_call_closes_it() {
    let fake = fake().await;
    let (client, clock) = fragile_client(&fake);
    open_the_breaker(&fake, &client).await;

    clock.advance(Duration::from_secs(29));
    assert_eq!(
        client.verify_address(&warehouse()).await.unwrap_err(),
        CarrierError::Unavailable
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(client.breaker_state(), BreakerState::HalfOpen);

    client.verify_address(&warehouse()).await.unwrap();

    assert_eq!(client.breaker_state(), BreakerState::Closed);
    assert_eq!(fake.requests(Route::VerifyAddress), 1);
}

#[tokio::test]
async fn a_failed_probe_opens_it_for_another_cool_down() {
    let fake = fake().await;
    let (client, clock) = fragile_client(&fake);
    open_the_breaker(&fake, &client).await;
    clock.advance(Duration::from_secs(30));
    fake.fail(Route::VerifyAddress, Fault::Drop);

    assert!(matches!(
        client.verify_address(&warehouse()).await,
        Err(CarrierError::Network(_))
    ));

    assert_eq!(client.breaker_state(), BreakerState::Open);
    assert_eq!(
        client.verify_address(&warehouse()).await.unwrap_err(),
        CarrierError::Unavailable
    );
    assert_eq!(fake.requests(Route::VerifyAddress), 1);
}

#[tokio::test]
async fn refusals_do_not_count_as_outages() {
    let fake = fake().await;
    let (client, _) = fragile_client(&fake);
    fake.fail_times(Route::VerifyAddress, Fault::BadAddress, 5);

    for _ in 0..5 {
        let error = client.verify_address(&warehouse()).await.unwrap_err();
        assert!(matches!(error, CarrierError::Invalid { .. }));
    }

    assert_eq!(client.breaker_state(), BreakerState::Closed);
}

#[tokio::test]
async fn retries_stop_as_soon_as_the_breaker_opens() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        breaker: BreakerPolicy {
            failure_threshold: 2,
            cool_down: Duration::from_secs(30),
        },
        ..config(&fake, &clock)
    });
    fake.fail_times(Route::CreateShipment, Fault::ServerError, 10);

    let error = client
        .create_shipment(&shipment_request())
        .await
        .unwrap_err();

    assert_eq!(error, CarrierError::Unavailable);
    assert_eq!(fake.requests(Route::CreateShipment), 2);
}

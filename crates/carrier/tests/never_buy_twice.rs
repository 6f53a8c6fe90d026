//! `buy` is safe to retry: whatever happens on the wire, one shipment is paid
//! for at most once, and the caller gets the purchase that exists.

mod common;

use std::time::Duration;

use common::{client, client_with, config, fake, shipment_request};
use packdesk_carrier::clock::ManualClock;
use packdesk_carrier::fake::{FakeEasyPost, Fault, Route};
use packdesk_carrier::{Carrier, CarrierError, EasyPostClient, EasyPostConfig, RateChoice};

/// A quoted shipment's id and its cheapest rate's id.
async fn quote(client: &EasyPostClient) -> (String, String) {
    let shipment = client.create_shipment(&shipment_request()).await.unwrap();
    let rate = shipment.choose(&RateChoice::Cheapest).unwrap().id.clone();
    (shipment.id, rate)
}

#[tokio::test]
async fn a_connection_dropped_before_the_buy_is_checked_then_bought_once() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    fake.fail(Route::Buy, Fault::Drop);

    let purchase = client.buy(&shipment, &rate).await.unwrap();

    assert_eq!(purchase.rate_id, rate);
    assert_eq!(
        fake.requests(Route::RetrieveShipment),
        1,
        "looked before buying again"
    );
    assert_eq!(fake.requests(Route::Buy), 2);
    assert_eq!(fake.buys(&shipment), 1);
}

#[tokio::test]
async fn a_buy_committed_then_dropped_returns_the_existing_purchase() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    fake.fail(Route::Buy, Fault::CommitThenDrop);

    let purchase = client.buy(&shipment, &rate).await.unwrap();

    assert_eq!(fake.requests(Route::Buy), 1, "no second buy was sent");
    assert_eq!(fake.buys(&shipment), 1);
    assert_eq!(purchase.shipment_id, shipment);
    assert_eq!(purchase.rate_id, rate);
    assert_eq!(purchase.cost.minor, 820);
    assert!(!purchase.tracking_code.is_empty());
}

#[tokio::test]
async fn a_buy_that_timed_out_after_committing_is_not_bought_again() {
    let fake = fake().await;
    let clock = ManualClock::new();
    let client = client_with(EasyPostConfig {
        request_timeout: Duration::from_millis(200),
        ..config(&fake, &clock)
    });
    let (shipment, rate) = quote(&client).await;
    fake.fail(Route::Buy, Fault::Slow(Duration::from_millis(600)));

    let purchase = client.buy(&shipment, &rate).await.unwrap();

    // The slow reply commits after the client gave up; the check may come
    // before or after that, so either way there must be exactly one buy.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(purchase.rate_id, rate);
    assert_eq!(fake.buys(&shipment), 1);
}

#[tokio::test]
async fn server_errors_on_buy_are_checked_before_each_retry() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    fake.fail_times(Route::Buy, Fault::ServerError, 2);

    client.buy(&shipment, &rate).await.unwrap();

    assert_eq!(fake.requests(Route::RetrieveShipment), 2);
    assert_eq!(fake.requests(Route::Buy), 3);
    assert_eq!(fake.buys(&shipment), 1);
}

#[tokio::test]
async fn buying_an_already_bought_shipment_returns_that_purchase() {
    // E.g. the desk crashed after the buy and calls `buy` again on restart.
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    let first = client.buy(&shipment, &rate).await.unwrap();

    let again = client.buy(&shipment, &rate).await.unwrap();

    assert_eq!(again, first);
    assert_eq!(
        fake.requests(Route::Buy),
        2,
        "EasyPost refused the second buy"
    );
    assert_eq!(fake.buys(&shipment), 1);
}

#[tokio::test]
async fn a_second_buy_reports_the_rate_that_was_actually_bought() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let shipment = client.create_shipment(&shipment_request()).await.unwrap();
    let cheapest = &shipment.choose(&RateChoice::Cheapest).unwrap().id;
    let fastest = &shipment.choose(&RateChoice::Fastest).unwrap().id;
    client.buy(&shipment.id, cheapest).await.unwrap();

    let purchase = client.buy(&shipment.id, fastest).await.unwrap();

    assert_eq!(
        &purchase.rate_id, cheapest,
        "the caller can see it is not the rate it asked for"
    );
    assert_eq!(fake.buys(&shipment.id), 1);
}

#[tokio::test]
async fn a_refused_buy_is_not_retried() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, _) = quote(&client).await;

    let error = client.buy(&shipment, "rate_not_offered").await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 422, .. }),
        "{error:?}"
    );
    assert_eq!(fake.requests(Route::Buy), 1);
    assert_eq!(fake.requests(Route::RetrieveShipment), 0);
    assert_eq!(fake.buys(&shipment), 0);
}

#[tokio::test]
async fn when_the_check_itself_fails_nothing_is_bought_blindly() {
    let fake: FakeEasyPost = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    fake.fail(Route::Buy, Fault::CommitThenDrop);
    fake.fail_times(Route::RetrieveShipment, Fault::ServerError, 2);

    let purchase = client.buy(&shipment, &rate).await.unwrap();

    assert_eq!(purchase.rate_id, rate);
    assert_eq!(fake.requests(Route::Buy), 1);
    assert_eq!(fake.buys(&shipment), 1);
}

#[tokio::test]
async fn an_already_bought_answer_contradicted_by_the_shipment_is_reported_not_looped() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (shipment, rate) = quote(&client).await;
    let exists = br#"{"error":{"code":"SHIPMENT.POSTAGE.EXISTS","message":"Postage already exists for this shipment.","errors":[]}}"#;
    fake.fail_times(
        Route::Buy,
        Fault::Raw {
            status: 422,
            body: exists.to_vec(),
        },
        5,
    );

    let error = client.buy(&shipment, &rate).await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { ref code, .. } if code == "SHIPMENT.POSTAGE.EXISTS")
    );
    assert_eq!(fake.requests(Route::RetrieveShipment), 1);
    assert_eq!(fake.requests(Route::Buy), 2);
    assert_eq!(fake.buys(&shipment), 0);
}

//! Batches: the desk buys each shipment on its own, then groups them to get
//! one label file for one print job. EasyPost builds batches and their label
//! files in the background, so the client waits, within a bound.

mod common;

use std::time::Duration;

use common::{bought, check_pdf, client, fake, pdf_object, shipment_request};
use packdesk_carrier::fake::{FakeEasyPost, Route};
use packdesk_carrier::{
    BatchShipment, BatchShipmentStatus, BatchState, Carrier, CarrierError, EasyPostClient,
    FieldError, LabelFormat, PurchasedLabel,
};

/// Three bought shipments and their ids in the order to batch them: not the
/// order they were bought in, so "batch order" is observable.
async fn three_bought(client: &EasyPostClient) -> (Vec<PurchasedLabel>, Vec<String>) {
    let mut purchases = Vec::new();
    for _ in 0..3 {
        purchases.push(bought(client).await);
    }
    purchases.reverse();
    let ids = purchases.iter().map(|p| p.shipment_id.clone()).collect();
    (purchases, ids)
}

async fn download(client: &EasyPostClient, shipment_id: &str, format: LabelFormat) -> Vec<u8> {
    let label = client.label(shipment_id, format).await.unwrap();
    client.download_label(&label).await.unwrap()
}

#[tokio::test]
async fn a_new_batch_lists_its_shipments_in_order_with_their_tracking_codes() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    let (purchases, ids) = three_bought(&client).await;

    let batch = client.create_batch(&ids).await.unwrap();

    assert!(batch.id.starts_with("batch_"), "{}", batch.id);
    assert_eq!(batch.state, BatchState::Created);
    let expected: Vec<BatchShipment> = purchases
        .iter()
        .map(|p| BatchShipment {
            shipment_id: p.shipment_id.clone(),
            status: BatchShipmentStatus::PostagePurchased,
            message: None,
            tracking_code: Some(p.tracking_code.clone()),
        })
        .collect();
    assert_eq!(batch.shipments, expected);
    assert_eq!(batch.label, None);
    // EasyPost answered `creating` with no shipments; one look found it built.
    assert_eq!(fake.requests(Route::BatchRetrieve), 1);
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
    assert_eq!(client.retrieve_batch(&batch.id).await.unwrap(), batch);
}

#[tokio::test]
async fn the_combined_zpl_label_is_each_shipments_zpl_label_in_batch_order() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (_, ids) = three_bought(&client).await;
    let batch = client.create_batch(&ids).await.unwrap();

    let label = client
        .batch_label(&batch.id, LabelFormat::Zpl)
        .await
        .unwrap();
    let combined = client.download_label(&label).await.unwrap();

    assert_eq!(label.format, LabelFormat::Zpl);
    assert_eq!(
        label.url,
        format!("{}/labels/{}.zpl", fake.base_url(), batch.id)
    );
    let mut expected = Vec::new();
    for id in &ids {
        expected.extend(download(&client, id, LabelFormat::Zpl).await);
    }
    assert_eq!(combined, expected);
    assert_eq!(
        String::from_utf8(combined).unwrap().matches("^XA").count(),
        3
    );
}

#[tokio::test]
async fn the_combined_pdf_label_has_one_page_per_shipment_in_batch_order() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let (purchases, ids) = three_bought(&client).await;
    let batch = client.create_batch(&ids).await.unwrap();

    let label = client
        .batch_label(&batch.id, LabelFormat::Pdf)
        .await
        .unwrap();
    let pdf = client.download_label(&label).await.unwrap();

    let pages = check_pdf(&pdf);
    assert_eq!(pages.len(), 3);
    for (page, purchase) in pages.iter().zip(&purchases) {
        let contents: usize = pdf_object(&pdf, *page)
            .split("/Contents ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            pdf_object(&pdf, contents)
                .contains(&format!("({})", purchase.shipment_id.to_uppercase())),
            "page {page} is the label of {}",
            purchase.shipment_id
        );
    }
    // Each page draws exactly what the shipment's own PDF label draws.
    let single = download(&client, &ids[0], LabelFormat::Pdf).await;
    let single_page = pdf_object(&single, 6);
    let stream = |object: &str| object[object.find("stream").unwrap()..].to_owned();
    assert_eq!(stream(&pdf_object(&pdf, 6)), stream(&single_page));
}

#[tokio::test]
async fn a_shipment_the_carrier_does_not_know_is_refused_by_name() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    let ids = [purchase.shipment_id, "shp_not_ours".to_owned()];

    let error = client.create_batch(&ids).await.unwrap_err();

    assert_eq!(
        error,
        CarrierError::Invalid {
            status: 422,
            code: "BATCH.SHIPMENTS.INVALID".to_owned(),
            message: "Some shipments cannot be batched: shp_not_ours could not be found."
                .to_owned(),
            errors: vec![FieldError {
                field: "shipments[1].id".to_owned(),
                message: "shp_not_ours could not be found".to_owned(),
                suggestion: None,
            }],
        }
    );
    assert!(error.to_string().contains("shp_not_ours"), "{error}");
    assert_eq!(
        fake.requests(Route::BatchCreate),
        1,
        "a refusal is not retried"
    );
    assert_eq!(fake.requests(Route::BatchRetrieve), 0);
}

#[tokio::test]
async fn a_label_that_takes_several_looks_is_waited_for_with_growing_pauses() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    let (_, ids) = three_bought(&client).await;
    let batch = client.create_batch(&ids).await.unwrap();
    fake.batch_label_ready_after(Some(3));

    let label = client
        .batch_label(&batch.id, LabelFormat::Pdf)
        .await
        .unwrap();

    assert_eq!(fake.requests(Route::BatchLabel), 1);
    assert_eq!(fake.requests(Route::BatchRetrieve), 1 + 3);
    let ms: Vec<u128> = clock.sleeps().iter().map(Duration::as_millis).collect();
    assert_eq!(
        ms,
        [500, 500, 1000, 2000],
        "one pause for the batch, three for its label"
    );
    let retrieved = client.retrieve_batch(&batch.id).await.unwrap();
    assert_eq!(retrieved.state, BatchState::LabelGenerated);
    assert_eq!(retrieved.label, Some(label));
}

#[tokio::test]
async fn a_label_that_never_comes_is_given_up_on_after_the_bounded_wait() {
    let fake = fake().await;
    let (client, clock) = client(&fake);
    let purchase = bought(&client).await;
    let batch = client.create_batch(&[purchase.shipment_id]).await.unwrap();
    fake.batch_label_ready_after(None);
    let before = clock.sleeps().len();

    let started = std::time::Instant::now();
    let error = client
        .batch_label(&batch.id, LabelFormat::Zpl)
        .await
        .unwrap_err();

    assert_eq!(
        error,
        CarrierError::StillProcessing {
            what: "batch label".to_owned(),
            waited: Duration::from_secs(60),
        }
    );
    let waited: Duration = clock.sleeps()[before..].iter().sum();
    assert_eq!(
        waited,
        Duration::from_secs(60),
        "the default bound, not a second more"
    );
    // Pauses of 0.5, 1, 2 and 4 s, ten of 5 s, and 2.5 s to end on the
    // minute: a look after each, 15 in all.
    assert_eq!(fake.requests(Route::BatchRetrieve), 1 + 15);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "no real time spent"
    );
    let retrieved = client.retrieve_batch(&batch.id).await.unwrap();
    assert_eq!(retrieved.state, BatchState::LabelGenerating);
    assert_eq!(retrieved.label, None);
}

#[tokio::test]
async fn png_labels_are_not_combined_and_the_refusal_says_so() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    let batch = client.create_batch(&[purchase.shipment_id]).await.unwrap();

    let error = client
        .batch_label(&batch.id, LabelFormat::Png)
        .await
        .unwrap_err();

    let CarrierError::Invalid {
        status,
        code,
        errors,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*status, code.as_str()),
        (422, "BATCH.LABEL.INVALID_FORMAT")
    );
    assert_eq!(errors[0].field, "file_format");
    assert_eq!(
        fake.requests(Route::BatchRetrieve),
        1,
        "no waiting on a refusal"
    );
}

#[tokio::test]
async fn a_batch_with_an_unbought_shipment_gets_no_label() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    let purchase = bought(&client).await;
    let unbought = client.create_shipment(&shipment_request()).await.unwrap();
    let ids = [purchase.shipment_id, unbought.id.clone()];

    let batch = client.create_batch(&ids).await.unwrap();
    assert_eq!(batch.shipments[1].status, BatchShipmentStatus::Created);
    assert_eq!(batch.shipments[1].tracking_code, None);
    let error = client
        .batch_label(&batch.id, LabelFormat::Pdf)
        .await
        .unwrap_err();

    assert!(
        matches!(&error, CarrierError::Invalid { status: 422, code, .. } if code == "BATCH.LABEL.POSTAGE_MISSING"),
        "{error:?}"
    );
    assert!(error.to_string().contains(&unbought.id), "{error}");
}

#[tokio::test]
async fn an_unknown_batch_is_not_found() {
    let fake: FakeEasyPost = fake().await;
    let (client, _) = client(&fake);

    let error = client.retrieve_batch("batch_nope").await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 404, .. }),
        "{error:?}"
    );
}

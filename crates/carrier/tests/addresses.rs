//! Address verification: a good address comes back normalised; a bad one is a
//! typed `Invalid` error carrying EasyPost's per-field errors.

mod common;

use common::{client, fake, unknown_street, warehouse};
use packdesk_carrier::fake::{Fault, Route};
use packdesk_carrier::{Carrier, CarrierError, FieldError};

#[tokio::test]
async fn a_deliverable_address_comes_back_normalised() {
    let fake = fake().await;
    let (client, _) = client(&fake);

    let verified = client.verify_address(&warehouse()).await.unwrap();

    // EasyPost's recorded answer for its own office.
    assert_eq!(verified.id, "adr_7cac5ead2d1511f08839ac1f6bc539ae");
    assert_eq!(verified.address.street1, "417 MONTGOMERY ST FL 5");
    assert_eq!(verified.address.zip, "94104-1129");
    assert_eq!(
        verified.address.street2, None,
        "EasyPost's empty street2 is no street2"
    );
    assert_eq!(verified.residential, Some(false));
    assert!(verified.deliverable);
    assert!(verified.warnings.is_empty());
}

#[tokio::test]
async fn an_unknown_street_is_invalid_with_the_field_errors() {
    let fake = fake().await;
    let (client, _) = client(&fake);

    let error = client.verify_address(&unknown_street()).await.unwrap_err();

    assert_eq!(
        error,
        CarrierError::Invalid {
            status: 422,
            code: "ADDRESS.VERIFY.FAILURE".to_owned(),
            message: "Unable to verify address.".to_owned(),
            errors: vec![FieldError {
                field: "address".to_owned(),
                message: "Address not found".to_owned(),
                suggestion: None,
            }],
        }
    );
    assert_eq!(
        error.to_string(),
        "the carrier refused the request: Unable to verify address. (address: Address not found)"
    );
    assert_eq!(
        fake.requests(Route::VerifyAddress),
        1,
        "a 422 is not retried"
    );
}

#[tokio::test]
async fn a_bad_address_fault_is_the_same_422() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.fail(Route::VerifyAddress, Fault::BadAddress);

    let error = client.verify_address(&warehouse()).await.unwrap_err();

    assert!(
        matches!(error, CarrierError::Invalid { status: 422, ref errors, .. } if errors.len() == 1)
    );
}

//! Creating a shipment and choosing a rate: prices are exact minor units, and
//! "no rates" explains itself with the carriers' messages.

mod common;

use common::{client, fake, fixture, shipment_request};
use packdesk_carrier::{
    Carrier, CarrierError, CarrierMessage, Money, NoRate, RateChoice, Shipment,
};
use packdesk_domain::Currency;

async fn quoted_shipment() -> Shipment {
    let fake = fake().await;
    let (client, _) = client(&fake);
    client.create_shipment(&shipment_request()).await.unwrap()
}

#[tokio::test]
async fn rates_are_parsed_exactly_into_minor_units() {
    let shipment = quoted_shipment().await;

    let recorded = fixture("shipments/shipments-create.json");
    assert_eq!(recorded["rates"][2]["rate"], "8.20");
    let ground = shipment
        .rates
        .iter()
        .find(|rate| rate.id == "rate_76e0cae29e294e6db279c76bbe2f27e9")
        .unwrap();
    assert_eq!(ground.carrier, "USPS");
    assert_eq!(ground.service, "GroundAdvantage");
    assert_eq!(
        ground.cost,
        Money {
            minor: 820,
            currency: Currency::USD
        }
    );
    assert_eq!(ground.delivery_days, Some(3));

    let prices: Vec<i64> = shipment.rates.iter().map(|rate| rate.cost.minor).collect();
    assert_eq!(prices, [5120, 1101, 820]);
    assert!(shipment.id.starts_with("shp_"));
    assert!(shipment.messages.is_empty());
}

#[tokio::test]
async fn cheapest_is_the_lowest_price() {
    let shipment = quoted_shipment().await;
    let rate = shipment.choose(&RateChoice::Cheapest).unwrap();
    assert_eq!(
        (rate.service.as_str(), rate.cost.minor),
        ("GroundAdvantage", 820)
    );
}

#[tokio::test]
async fn fastest_is_the_fewest_days_and_a_tie_goes_to_the_cheaper() {
    // Express and Priority both take 2 days; Priority costs 11.01, Express 51.20.
    let shipment = quoted_shipment().await;
    let rate = shipment.choose(&RateChoice::Fastest).unwrap();
    assert_eq!((rate.service.as_str(), rate.cost.minor), ("Priority", 1101));
}

#[tokio::test]
async fn fastest_puts_rates_without_a_day_count_last() {
    let mut shipment = quoted_shipment().await;
    for rate in &mut shipment.rates {
        if rate.service != "GroundAdvantage" {
            rate.delivery_days = None;
        }
    }
    assert_eq!(
        shipment.choose(&RateChoice::Fastest).unwrap().service,
        "GroundAdvantage"
    );
}

#[tokio::test]
async fn a_carrier_service_is_matched_ignoring_case() {
    let shipment = quoted_shipment().await;
    let choice = RateChoice::CarrierService {
        carrier: "usps".to_owned(),
        service: "express".to_owned(),
    };
    assert_eq!(shipment.choose(&choice).unwrap().cost.minor, 5120);

    let missing = RateChoice::CarrierService {
        carrier: "UPS".to_owned(),
        service: "Ground".to_owned(),
    };
    assert_eq!(
        shipment.choose(&missing),
        Err(NoRate {
            choice: missing.clone(),
            messages: vec![]
        })
    );
}

#[tokio::test]
async fn no_rates_is_an_error_that_says_why() {
    let fake = fake().await;
    let (client, _) = client(&fake);
    fake.quote_no_rates(&[
        ("FedEx", "Account is not activated."),
        ("USPS", "Parcel weight exceeds the maximum of 70 lb."),
    ]);

    let shipment = client.create_shipment(&shipment_request()).await.unwrap();
    assert!(shipment.rates.is_empty());
    let error: CarrierError = shipment.choose(&RateChoice::Cheapest).unwrap_err().into();

    let messages = vec![
        CarrierMessage {
            carrier: "FedEx".to_owned(),
            kind: "rate_error".to_owned(),
            message: "Account is not activated.".to_owned(),
        },
        CarrierMessage {
            carrier: "USPS".to_owned(),
            kind: "rate_error".to_owned(),
            message: "Parcel weight exceeds the maximum of 70 lb.".to_owned(),
        },
    ];
    assert_eq!(error, CarrierError::NoRates { messages });
    assert_eq!(
        error.to_string(),
        "no shipping rates are available: FedEx: Account is not activated.; \
         USPS: Parcel weight exceeds the maximum of 70 lb."
    );
}

//! Carrier failures in the desk's terms: bad input names its field, an
//! unreachable carrier says so plainly (and that nothing was bought).

use packdesk_carrier::CarrierError;
use packdesk_domain::ValidationErrors;

use crate::error::DeskError;

pub fn carrier_error(error: CarrierError) -> DeskError {
    match error {
        CarrierError::Unauthorized => DeskError::invalid("api_key", error.to_string()),
        CarrierError::Invalid { ref errors, .. } if !errors.is_empty() => {
            let mut fields = ValidationErrors::default();
            for e in errors {
                fields.add(address_field(&e.field), e.message.clone());
            }
            DeskError::Invalid(fields)
        }
        CarrierError::Invalid { .. } | CarrierError::NoRates { .. } => {
            DeskError::Conflict(error.to_string())
        }
        CarrierError::Config(_) => DeskError::invalid("carrier_base_url", error.to_string()),
        CarrierError::RateLimited { .. }
        | CarrierError::Server { .. }
        | CarrierError::Timeout
        | CarrierError::Network(_)
        | CarrierError::Unavailable
        | CarrierError::StillProcessing { .. } => DeskError::Unavailable(format!(
            "Can't reach the carrier ({error}). Nothing was bought; you can queue the label to buy and print when the carrier is back."
        )),
        CarrierError::Malformed(_) => DeskError::External(error.to_string()),
    }
}

/// The order field a carrier's address field corresponds to.
pub fn address_field(carrier_field: &str) -> String {
    let ours = match carrier_field {
        "street1" => "line1",
        "street2" => "line2",
        "city" => "city",
        "state" => "region",
        "zip" => "postal_code",
        "country" => "country",
        other => return format!("shipping_address.{other}"),
    };
    format!("shipping_address.{ours}")
}

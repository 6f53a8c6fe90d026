//! Picking one rate out of a shipment's quotes, the way the packing screen asks
//! for it: cheapest, fastest, or a named carrier service.

use serde::{Deserialize, Serialize};

use crate::model::{CarrierMessage, Rate, Shipment};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateChoice {
    Cheapest,
    /// Fewest delivery days; rates without a day count come last (a guess is
    /// not a promise), and equal days go to the cheaper rate.
    Fastest,
    /// Exact carrier and service, compared case-insensitively because carriers
    /// are not consistent about `USPS`/`usps`.
    CarrierService {
        carrier: String,
        service: String,
    },
}

/// No rate matched. Carries the carriers' own explanations so the UI can say why
/// ("FedEx: account not activated") instead of just "no rates".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no rate matches {choice:?}")]
pub struct NoRate {
    pub choice: RateChoice,
    pub messages: Vec<CarrierMessage>,
}

impl Shipment {
    pub fn choose(&self, choice: &RateChoice) -> Result<&Rate, NoRate> {
        // Rates of another currency than the first cannot be compared without an
        // exchange rate, so cheapest/fastest only compare like with like.
        let comparable = |rate: &&Rate| {
            self.rates
                .first()
                .is_some_and(|first| first.cost.currency == rate.cost.currency)
        };
        let by_price = |rate: &&Rate| rate.cost.minor;
        let chosen = match choice {
            RateChoice::Cheapest => self.rates.iter().filter(comparable).min_by_key(by_price),
            RateChoice::Fastest => self
                .rates
                .iter()
                .filter(comparable)
                .min_by_key(|rate| (rate.delivery_days.unwrap_or(u32::MAX), rate.cost.minor)),
            RateChoice::CarrierService { carrier, service } => self.rates.iter().find(|rate| {
                rate.carrier.eq_ignore_ascii_case(carrier)
                    && rate.service.eq_ignore_ascii_case(service)
            }),
        };
        chosen.ok_or_else(|| NoRate {
            choice: choice.clone(),
            messages: self.messages.clone(),
        })
    }
}

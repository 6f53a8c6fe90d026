//! What can go wrong talking to a carrier, worded for the person at the desk.

use std::time::Duration;

use crate::choice::NoRate;
use crate::model::{CarrierMessage, FieldError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CarrierError {
    #[error("the carrier rejected the API key; check it in Settings → Shipping")]
    Unauthorized,
    /// The carrier understood the request and refused it (4xx). `code` is the
    /// carrier's machine-readable reason, e.g. `ADDRESS.VERIFY.FAILURE`.
    #[error("the carrier refused the request: {message}{}", list_fields(errors))]
    Invalid {
        status: u16,
        code: String,
        message: String,
        errors: Vec<FieldError>,
    },
    #[error("the carrier is rate-limiting us; try again in a minute")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the carrier had an internal error (HTTP {status}); try again shortly")]
    Server { status: u16 },
    #[error("the carrier did not answer in time")]
    Timeout,
    #[error("could not reach the carrier: {0}")]
    Network(String),
    /// The circuit breaker is open: recent calls failed, so we do not wait on
    /// another one until the cool-down has passed.
    #[error("the carrier is unavailable right now; shipping will retry after a short pause")]
    Unavailable,
    /// The carrier accepted the work but had not finished it when we stopped
    /// waiting (see [`crate::PollPolicy`]). Nothing is lost: asking again later
    /// (e.g. [`crate::Carrier::retrieve_batch`]) picks up the result. Not
    /// transient, so no retry loop multiplies an already long wait.
    #[error("the carrier is still working on the {what} after {} s; try again in a minute", waited.as_secs())]
    StillProcessing { what: String, waited: Duration },
    #[error("no shipping rates are available{}", list_messages(messages))]
    NoRates { messages: Vec<CarrierMessage> },
    /// Our own settings are unusable (e.g. a base URL that is not http/https).
    #[error("the shipping settings are invalid: {0}")]
    Config(String),
    #[error("the carrier sent a reply we could not read: {0}")]
    Malformed(String),
}

impl CarrierError {
    /// Worth another attempt: the carrier is busy or we could not tell what happened.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CarrierError::RateLimited { .. }
                | CarrierError::Server { .. }
                | CarrierError::Timeout
                | CarrierError::Network(_)
        )
    }

    /// The request may have reached the carrier and taken effect even though we
    /// saw no success. A rate limit is not ambiguous: it was refused before work.
    pub fn is_ambiguous(&self) -> bool {
        self.is_transient() && !matches!(self, CarrierError::RateLimited { .. })
    }
}

impl From<NoRate> for CarrierError {
    fn from(no_rate: NoRate) -> Self {
        CarrierError::NoRates {
            messages: no_rate.messages,
        }
    }
}

fn list_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!(" ({}: {})", e.field, e.message))
        .collect()
}

fn list_messages(messages: &[CarrierMessage]) -> String {
    if messages.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = messages.iter().map(ToString::to_string).collect();
    format!(": {}", joined.join("; "))
}

//! The EasyPost client: authentication, timeouts, retries, the circuit breaker
//! and the never-buy-twice rule.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;

use super::wire::{
    self, AddressBody, AddressEnvelope, BatchBody, BatchLabelBody, BuyBody, ShipmentBody,
    TrackerBody, WireBatch, WireShipment, WireTracker,
};
use crate::breaker::{BreakerPolicy, BreakerState, CircuitBreaker};
use crate::carrier::{Carrier, CarrierFuture};
use crate::clock::{Clock, SystemClock};
use crate::error::CarrierError;
use crate::model::{
    AddressInput, Batch, BatchState, LabelFormat, LabelRef, PurchasedLabel, RefundStatus, Shipment,
    ShipmentRequest, Tracker, VerifiedAddress,
};
use crate::poll::{poll_until, PollPolicy};
use crate::retry::{retry, Attempts, RetryPolicy};

/// EasyPost's answer when a shipment already has postage.
const POSTAGE_EXISTS: &str = "SHIPMENT.POSTAGE.EXISTS";

/// How to reach EasyPost. `new` fills in production defaults.
#[derive(Clone)]
pub struct EasyPostConfig {
    pub base_url: String,
    pub api_key: String,
    pub connect_timeout: Duration,
    /// The whole exchange, connect to last byte. Buying a label can take EasyPost
    /// several seconds, so this is generous; the breaker guards against outages.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub breaker: BreakerPolicy,
    /// How long to wait for work EasyPost does in the background (batches).
    pub poll: PollPolicy,
    pub clock: Arc<dyn Clock>,
}

impl EasyPostConfig {
    pub fn new(api_key: impl Into<String>) -> Self {
        EasyPostConfig {
            base_url: "https://api.easypost.com".to_owned(),
            api_key: api_key.into(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            breaker: BreakerPolicy::default(),
            poll: PollPolicy::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// Keeps the API key out of logs.
impl fmt::Debug for EasyPostConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EasyPostConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("breaker", &self.breaker)
            .field("poll", &self.poll)
            .finish_non_exhaustive()
    }
}

pub struct EasyPostClient {
    base_url: Url,
    api_key: String,
    http: reqwest::Client,
    policy: RetryPolicy,
    breaker: CircuitBreaker,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for EasyPostClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EasyPostClient")
            .field("base_url", &self.base_url.as_str())
            .field("breaker", &self.breaker.state())
            .finish_non_exhaustive()
    }
}

impl EasyPostClient {
    pub fn new(config: EasyPostConfig) -> Result<Self, CarrierError> {
        let base_url = Url::parse(&config.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| {
                CarrierError::Config(format!("{:?} is not an http(s) URL", config.base_url))
            })?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("packdesk-carrier/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CarrierError::Config(format!("could not set up HTTPS: {e}")))?;
        Ok(EasyPostClient {
            base_url,
            api_key: config.api_key,
            http,
            policy: config.retry,
            breaker: CircuitBreaker::new(config.breaker, Arc::clone(&config.clock)),
            poll: config.poll,
            clock: config.clock,
        })
    }

    /// Whether calls are currently going through, for a status line.
    pub fn breaker_state(&self) -> BreakerState {
        self.breaker.state()
    }

    /// `base_url` + `/v2/…`, each segment percent-encoded so an id can never
    /// turn into another path or a query.
    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        // http(s) URLs, the only ones `new` accepts, always have path segments.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push("v2").extend(segments);
        }
        url
    }

    fn api(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .basic_auth(&self.api_key, None::<&str>)
    }

    /// One logical API call, retried on transient failures.
    async fn call<T: DeserializeOwned>(
        &self,
        what: &str,
        request: impl Fn() -> RequestBuilder,
    ) -> Result<T, CarrierError> {
        retry(&self.policy, &*self.clock, || self.attempt(what, &request)).await
    }

    /// One HTTP exchange with the API, through the circuit breaker.
    async fn attempt<T: DeserializeOwned>(
        &self,
        what: &str,
        request: &impl Fn() -> RequestBuilder,
    ) -> Result<T, CarrierError> {
        let permit = self.breaker.permit()?;
        let reply = exchange(request()).await;
        permit.record(matches!(&reply, Err(e) if e.is_ambiguous()));
        wire::decode(what, &reply?)
    }

    async fn shipment(&self, shipment_id: &str) -> Result<WireShipment, CarrierError> {
        let url = self.endpoint(&["shipments", shipment_id]);
        self.call("shipment", || self.api(Method::GET, url.clone()))
            .await
    }

    async fn batch(&self, batch_id: &str) -> Result<WireBatch, CarrierError> {
        let url = self.endpoint(&["batches", batch_id]);
        self.call("batch", || self.api(Method::GET, url.clone()))
            .await
    }

    /// Looks at the batch again until `done` holds, within [`PollPolicy`].
    async fn wait_for_batch(
        &self,
        what: &str,
        reply: WireBatch,
        done: impl Fn(&WireBatch) -> bool,
    ) -> Result<WireBatch, CarrierError> {
        let batch_id = reply.id().to_owned();
        poll_until(
            &self.poll,
            &*self.clock,
            what,
            reply,
            || self.batch(&batch_id),
            done,
        )
        .await
    }

    /// One buy request, not retried: retrying a buy is `buy`'s decision.
    async fn buy_once(
        &self,
        shipment_id: &str,
        rate_id: &str,
    ) -> Result<PurchasedLabel, CarrierError> {
        let url = self.endpoint(&["shipments", shipment_id, "buy"]);
        let body = BuyBody::new(rate_id);
        let shipment: WireShipment = self
            .attempt("bought shipment", &|| {
                self.api(Method::POST, url.clone()).json(&body)
            })
            .await?;
        shipment.purchase()?.ok_or_else(|| {
            CarrierError::Malformed("buy reply has no label or tracking code".to_owned())
        })
    }

    /// How [`Carrier::buy`] keeps its promise with EasyPost. A buy whose
    /// outcome we did not see (timeout, dropped connection, 5xx) may have gone
    /// through, so before sending it again we `GET /v2/shipments/:id` and, if it
    /// has postage, return that purchase. If that check fails too, we keep
    /// checking (within the retry budget) rather than buy blindly. A buy EasyPost
    /// refuses with `SHIPMENT.POSTAGE.EXISTS` (e.g. the desk calling again after
    /// a crash) is answered with the existing purchase the same way.
    async fn buy_safely(
        &self,
        shipment_id: &str,
        rate_id: &str,
    ) -> Result<PurchasedLabel, CarrierError> {
        let mut attempts = Attempts::new(&self.policy, &*self.clock);
        let mut maybe_bought = false;
        let mut told_exists = false;
        loop {
            let existing = if maybe_bought {
                self.shipment(shipment_id)
                    .await
                    .and_then(WireShipment::purchase)
            } else {
                Ok(None)
            };
            let outcome = match existing {
                Ok(Some(purchase)) => {
                    tracing::info!(
                        shipment_id,
                        "buy had gone through; returning the existing purchase"
                    );
                    return Ok(purchase);
                }
                Ok(None) => self.buy_once(shipment_id, rate_id).await,
                Err(error) => Err(error),
            };
            match outcome {
                Ok(purchase) => return Ok(purchase),
                // Look once; if the shipment still shows no purchase, EasyPost
                // contradicts itself and the refusal is reported as it is.
                Err(CarrierError::Invalid { ref code, .. })
                    if code == POSTAGE_EXISTS && !told_exists =>
                {
                    told_exists = true;
                    maybe_bought = true;
                }
                Err(error) => {
                    maybe_bought |= error.is_ambiguous();
                    attempts.after_failure(error).await?;
                }
            }
        }
    }
}

impl Carrier for EasyPostClient {
    fn verify_address<'a>(
        &'a self,
        address: &'a AddressInput,
    ) -> CarrierFuture<'a, VerifiedAddress> {
        Box::pin(async move {
            let url = self.endpoint(&["addresses", "create_and_verify"]);
            let body = AddressBody::new(address);
            let reply: AddressEnvelope = self
                .call("verified address", || {
                    self.api(Method::POST, url.clone()).json(&body)
                })
                .await?;
            Ok(reply.into_verified())
        })
    }

    fn create_shipment<'a>(&'a self, request: &'a ShipmentRequest) -> CarrierFuture<'a, Shipment> {
        Box::pin(async move {
            // A retried create after a lost reply can leave an extra, unbought
            // shipment at EasyPost. That costs nothing, so it is retried freely.
            let url = self.endpoint(&["shipments"]);
            let body = ShipmentBody::new(request);
            let reply: WireShipment = self
                .call("shipment", || {
                    self.api(Method::POST, url.clone()).json(&body)
                })
                .await?;
            Ok(reply.into_shipment())
        })
    }

    fn buy<'a>(
        &'a self,
        shipment_id: &'a str,
        rate_id: &'a str,
    ) -> CarrierFuture<'a, PurchasedLabel> {
        Box::pin(self.buy_safely(shipment_id, rate_id))
    }

    fn label<'a>(
        &'a self,
        shipment_id: &'a str,
        format: LabelFormat,
    ) -> CarrierFuture<'a, LabelRef> {
        Box::pin(async move {
            let mut url = self.endpoint(&["shipments", shipment_id, "label"]);
            url.query_pairs_mut()
                .append_pair("file_format", format.code());
            let reply: WireShipment = self
                .call("label", || self.api(Method::GET, url.clone()))
                .await?;
            reply.label(format)
        })
    }

    /// Label files live on EasyPost's file store, not the API: the API key is
    /// not sent there, and a file-store hiccup does not count against the
    /// API's circuit breaker.
    fn download_label<'a>(&'a self, label: &'a LabelRef) -> CarrierFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let url = Url::parse(&label.url)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .ok_or_else(|| CarrierError::Malformed(format!("label URL {:?}", label.url)))?;
            retry(&self.policy, &*self.clock, || {
                exchange(self.http.get(url.clone()))
            })
            .await
        })
    }

    fn create_tracker<'a>(
        &'a self,
        tracking_code: &'a str,
        carrier: &'a str,
    ) -> CarrierFuture<'a, Tracker> {
        Box::pin(async move {
            // EasyPost de-duplicates trackers by code and carrier, so a retry is harmless.
            let url = self.endpoint(&["trackers"]);
            let body = TrackerBody::new(tracking_code, carrier);
            let reply: WireTracker = self
                .call("tracker", || {
                    self.api(Method::POST, url.clone()).json(&body)
                })
                .await?;
            Ok(reply.into_tracker())
        })
    }

    fn retrieve_tracker<'a>(&'a self, tracker_id: &'a str) -> CarrierFuture<'a, Tracker> {
        Box::pin(async move {
            let url = self.endpoint(&["trackers", tracker_id]);
            let reply: WireTracker = self
                .call("tracker", || self.api(Method::GET, url.clone()))
                .await?;
            Ok(reply.into_tracker())
        })
    }

    fn refund<'a>(&'a self, shipment_id: &'a str) -> CarrierFuture<'a, RefundStatus> {
        Box::pin(async move {
            // Asking twice for the same refund is refused by EasyPost, never paid twice.
            let url = self.endpoint(&["shipments", shipment_id, "refund"]);
            let reply: WireShipment = self
                .call("refund", || self.api(Method::POST, url.clone()))
                .await?;
            reply.refund_status()
        })
    }

    fn create_batch<'a>(&'a self, shipment_ids: &'a [String]) -> CarrierFuture<'a, Batch> {
        Box::pin(async move {
            let url = self.endpoint(&["batches"]);
            let body = BatchBody::new(shipment_ids);
            let reply: WireBatch = self
                .call("batch", || self.api(Method::POST, url.clone()).json(&body))
                .await?;
            // EasyPost answers `creating` with no shipments listed yet.
            let built = self
                .wait_for_batch("batch", reply, |batch| {
                    batch.state() != BatchState::Creating
                })
                .await?;
            Ok(built.into_batch())
        })
    }

    fn batch_label<'a>(
        &'a self,
        batch_id: &'a str,
        format: LabelFormat,
    ) -> CarrierFuture<'a, LabelRef> {
        Box::pin(async move {
            // Asking again only regenerates the same file, so a retry is harmless.
            let url = self.endpoint(&["batches", batch_id, "label"]);
            let body = BatchLabelBody::new(format);
            let reply: WireBatch = self
                .call("batch label", || {
                    self.api(Method::POST, url.clone()).json(&body)
                })
                .await?;
            let generated = self
                .wait_for_batch("batch label", reply, |batch| batch.label_url().is_some())
                .await?;
            generated.label(format)
        })
    }

    fn retrieve_batch<'a>(&'a self, batch_id: &'a str) -> CarrierFuture<'a, Batch> {
        Box::pin(async move { Ok(self.batch(batch_id).await?.into_batch()) })
    }
}

/// Sends a request and reads the whole reply. Non-2xx becomes a typed error.
async fn exchange(request: RequestBuilder) -> Result<Vec<u8>, CarrierError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let retry_after = retry_after(response.headers());
    let body = response.bytes().await.map_err(transport_error)?;
    if status.is_success() {
        Ok(Vec::from(body))
    } else {
        Err(wire::error_from_reply(status.as_u16(), retry_after, &body))
    }
}

/// `Retry-After` in seconds. The HTTP-date form is ignored (we fall back to our
/// own back-off): EasyPost sends seconds, and parsing dates is not worth a crate.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

fn transport_error(error: reqwest::Error) -> CarrierError {
    if error.is_timeout() {
        return CarrierError::Timeout;
    }
    // reqwest's own message is only "error sending request"; the cause is in the chain.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    CarrierError::Network(message)
}

//! A local EasyPost look-alike for tests (feature `fake`).
//!
//! It answers with EasyPost's recorded replies (see `shared/fixtures/easypost`),
//! keeps state like the real API (a bought shipment stays bought, a second buy
//! is refused with `SHIPMENT.POSTAGE.EXISTS`), counts requests and buys, and can
//! be told to misbehave on the next request(s) of a route — including the
//! ambiguous "bought, then the connection dropped" case.
//!
//! Like EasyPost it builds batches and their combined label files in the
//! background: a new batch answers `creating` and is built by the next
//! request; a batch label answers `label_generating` and appears after
//! [`FakeEasyPost::batch_label_ready_after`] looks. Each purchase gets its own
//! tracking code and tracker, which tests move along with
//! [`FakeEasyPost::advance_tracker`]. Label files are real 4×6 labels (see
//! `labels.rs`), the same bytes every time for one shipment.

mod batches;
mod labels;
mod replies;
mod routes;
mod trackers;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

pub use replies::FakeError;

use crate::model::TrackingStatus;

/// The only API key the fake accepts.
pub const API_KEY: &str = "EZTKfake0000test";

/// An endpoint of the fake, to aim faults at and count requests of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    VerifyAddress,
    CreateShipment,
    RetrieveShipment,
    Buy,
    Label,
    LabelFile,
    CreateTracker,
    RetrieveTracker,
    Refund,
    /// `POST /v2/batches`
    BatchCreate,
    /// `GET /v2/batches/:id`
    BatchRetrieve,
    /// `POST /v2/batches/:id/label`
    BatchLabel,
}

/// One way to misbehave, used up by one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 401 as if the API key were wrong.
    BadKey,
    /// 422 with EasyPost's recorded `ADDRESS.VERIFY.FAILURE` body.
    BadAddress,
    /// 429, with a `Retry-After` header when given.
    RateLimited { retry_after_secs: Option<u64> },
    /// 500 with EasyPost's error shape.
    ServerError,
    /// Answers normally (doing the work) after this delay.
    Slow(Duration),
    /// Closes the connection without answering and without doing anything.
    Drop,
    /// Does the work (e.g. records the buy), then closes without answering.
    CommitThenDrop,
    /// Answers with exactly this status and body.
    Raw { status: u16, body: Vec<u8> },
}

pub struct FakeEasyPost {
    base_url: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    base_url: String,
    expected_auth: String,
    fixtures: replies::Fixtures,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    faults: HashMap<Route, VecDeque<Fault>>,
    requests: HashMap<Route, usize>,
    shipments: HashMap<String, Value>,
    buys: HashMap<String, usize>,
    created: u64,
    /// When set, new shipments get no rates and these `messages`.
    no_rates: Option<Vec<Value>>,
    label_files_with_auth: usize,
    /// Numbers tracking codes, trackers and batches, so none repeats.
    issued: u64,
    /// Trackers by id, and their ids by tracking code (EasyPost keeps one
    /// tracker per code).
    trackers: HashMap<String, Value>,
    tracker_ids: HashMap<String, String>,
    batches: HashMap<String, Batch>,
    batch_label_pace: LabelPace,
}

/// A batch as the fake keeps it; its JSON is drawn afresh for each reply.
struct Batch {
    shipment_ids: Vec<String>,
    label: BatchLabel,
}

enum BatchLabel {
    None,
    /// `file` is the extension (`pdf`, `zpl`); `gets_left` counts the looks at
    /// the batch before the file appears, `None` for never.
    Generating {
        file: &'static str,
        gets_left: Option<usize>,
    },
    Generated {
        file: &'static str,
    },
}

/// How many `GET /v2/batches/:id` a batch label takes; see
/// [`FakeEasyPost::batch_label_ready_after`].
struct LabelPace(Option<usize>);

impl Default for LabelPace {
    fn default() -> Self {
        LabelPace(Some(1))
    }
}

impl FakeEasyPost {
    /// Where this repository's recorded EasyPost replies live (the repository
    /// sits beside `shared/`, in development and in CI).
    pub fn fixtures_dir() -> PathBuf {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/easypost"
        ))
    }

    /// Loads the fixtures and listens on `127.0.0.1` on a free port. Needs a
    /// tokio runtime; the server stops when this value is dropped.
    pub async fn start(fixtures_dir: impl AsRef<Path>) -> Result<FakeEasyPost, FakeError> {
        let fixtures = replies::Fixtures::load(fixtures_dir.as_ref())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(FakeError::Listen)?;
        let address = listener.local_addr().map_err(FakeError::Listen)?;
        let base_url = format!("http://{address}");
        let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{API_KEY}:"));
        let shared = Arc::new(Shared {
            base_url: base_url.clone(),
            expected_auth: format!("Basic {credentials}"),
            fixtures,
            state: Mutex::new(State::default()),
        });
        let app = routes::router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            // Ends only when the task is aborted on drop; an accept error has
            // nobody to report to but the test that then sees no answer.
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeEasyPost {
            base_url,
            shared,
            server,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The next request on `route` misbehaves as `fault`.
    pub fn fail(&self, route: Route, fault: Fault) {
        self.fail_times(route, fault, 1);
    }

    /// The next `times` requests on `route` misbehave as `fault`, after any
    /// faults already queued for it.
    pub fn fail_times(&self, route: Route, fault: Fault, times: usize) {
        let mut state = self.shared.lock();
        let queue = state.faults.entry(route).or_default();
        queue.extend(std::iter::repeat_n(fault, times));
    }

    /// Drops every fault still queued: the carrier is healthy again.
    pub fn reset_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Requests received on `route`, faulty or not.
    pub fn requests(&self, route: Route) -> usize {
        self.shared
            .lock()
            .requests
            .get(&route)
            .copied()
            .unwrap_or(0)
    }

    /// Postage purchases recorded for one shipment.
    pub fn buys(&self, shipment_id: &str) -> usize {
        self.shared
            .lock()
            .buys
            .get(shipment_id)
            .copied()
            .unwrap_or(0)
    }

    /// From now on shipments are created without rates, with one EasyPost
    /// `rate_error` message per `(carrier, message)`.
    pub fn quote_no_rates(&self, messages: &[(&str, &str)]) {
        let messages = messages
            .iter()
            .map(|(carrier, message)| {
                serde_json::json!({
                    "carrier": carrier,
                    "carrier_account_id": "ca_fake",
                    "type": "rate_error",
                    "message": message,
                })
            })
            .collect();
        self.shared.lock().no_rates = Some(messages);
    }

    /// Label downloads that carried an `Authorization` header (should be none:
    /// the API key must not travel to the file store).
    pub fn label_files_with_auth(&self) -> usize {
        self.shared.lock().label_files_with_auth
    }

    /// A batch label requested from now on appears on the `gets`-th look at
    /// the batch (`GET /v2/batches/:id`) after the request: 1 by default, as
    /// if EasyPost were quick; `None` keeps it `label_generating` for ever,
    /// to test a client that must stop waiting.
    pub fn batch_label_ready_after(&self, gets: Option<usize>) {
        self.shared.lock().batch_label_pace = LabelPace(gets);
    }

    /// Moves the tracker of `tracking_code` on to `status`, as a carrier scan
    /// would: appends a `tracking_details` entry shaped like EasyPost's (a
    /// message, the status, a time six hours after the previous event, and
    /// the sender's or the recipient's town depending on the leg), so the
    /// next `GET /v2/trackers/:id` reports it. The tracker must exist: a
    /// bought shipment has one; other codes get one from `POST /v2/trackers`.
    pub fn advance_tracker(
        &self,
        tracking_code: &str,
        status: TrackingStatus,
    ) -> Result<(), FakeError> {
        trackers::advance(&mut self.shared.lock(), tracking_code, status)
    }
}

impl Drop for FakeEasyPost {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Handlers never leave `State` half-written, so a poisoned lock is usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

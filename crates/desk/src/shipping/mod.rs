//! Shipping from the desk: address checks, rates, buying labels, voiding them,
//! tracking, and batches, against a [`Carrier`] (EasyPost today).
//!
//! The rule that shapes this module: **never pay twice for one label**. A
//! shipment's row is the purchase journal. `buying` is committed before the
//! carrier is asked; the purchase, the order's move to shipped (the
//! `ShipOrder` command with its history) and the label files are committed
//! together after. Anything in between (a timeout, a crash, a dropped
//! connection) leaves `buying`, which is finished by asking the carrier
//! again: the carrier crate's `buy` answers an existing purchase instead of
//! buying another.

mod batch;
mod carrier_errors;
mod labels;
pub mod settings;
mod tracking;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use packdesk_carrier::{
    AddressInput, BreakerPolicy, Carrier, EasyPostClient, EasyPostConfig, RetryPolicy,
};
use packdesk_domain::api::{
    AddressCheck, AddressWarning, ShipmentView, ShippingSettings, ShippingSettingsUpdate,
    ShippingView,
};
use packdesk_domain::order::AddressDraft;
use packdesk_domain::shipping::{standard_templates, suggest_package, PrinterUse};
use packdesk_domain::{Actor, Order};
use uuid::Uuid;

use crate::error::{DeskError, DeskResult};
use crate::printing::Printing;
use crate::secrets::Secrets;
use crate::shared::{with_desk, SharedDesk};
use crate::store::{orders, printers, shipments};

pub use batch::BATCH_PROGRESS_EVENT;
pub use carrier_errors::carrier_error;

/// How hard to try the carrier, and how often to look for unfinished work.
#[derive(Debug, Clone)]
pub struct ShippingOptions {
    pub retry: RetryPolicy,
    pub breaker: BreakerPolicy,
    pub request_timeout: Duration,
    /// How often unfinished purchases (`buying`, `waiting`) are retried.
    pub resume_every: Duration,
    /// How often parcels in transit are tracked.
    pub track_every: Duration,
}

impl Default for ShippingOptions {
    fn default() -> Self {
        ShippingOptions {
            retry: RetryPolicy::default(),
            breaker: BreakerPolicy::default(),
            request_timeout: Duration::from_secs(20),
            resume_every: Duration::from_secs(30),
            track_every: Duration::from_secs(15 * 60),
        }
    }
}

/// The carrier client is kept while its settings stand, so its circuit
/// breaker remembers an outage across calls.
struct CachedCarrier {
    base_url: String,
    api_key: String,
    carrier: Arc<dyn Carrier>,
}

#[derive(Clone)]
pub struct Shipping {
    desk: SharedDesk,
    printing: Printing,
    secrets: Secrets,
    options: ShippingOptions,
    carrier: Arc<Mutex<Option<CachedCarrier>>>,
    /// The API key once read from the keyring (outer `None` until then): a
    /// read is ~5 ms of D-Bus, and every shipping call needs the key.
    api_key: Arc<Mutex<Option<Option<String>>>>,
}

impl Shipping {
    pub fn new(
        desk: SharedDesk,
        printing: Printing,
        secrets: Secrets,
        options: ShippingOptions,
    ) -> Self {
        Shipping {
            desk,
            printing,
            secrets,
            options,
            carrier: Arc::new(Mutex::new(None)),
            api_key: Arc::new(Mutex::new(None)),
        }
    }

    /// The keyring account of this store's carrier API key.
    fn key_account(&self) -> DeskResult<String> {
        let scope = with_desk(&self.desk, |desk| desk.keyring_scope())?;
        Ok(format!("carrier-api-key/{scope}"))
    }

    /// This store's carrier API key, if one is set.
    fn api_key(&self) -> DeskResult<Option<String>> {
        let mut cached = self.api_key.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = cached.as_ref() {
            return Ok(key.clone());
        }
        let key = self.secrets.get(&self.key_account()?)?;
        *cached = Some(key.clone());
        Ok(key)
    }

    // ------------------------------------------------------------ settings

    pub fn settings(&self) -> DeskResult<ShippingSettings> {
        let stored = with_desk(&self.desk, |desk| settings::load(desk.conn()))?;
        Ok(stored.with_key_state(self.api_key()?.is_some()))
    }

    /// Saves the setup; the key goes to the keyring first, so a keyring
    /// failure leaves the old settings whole.
    pub fn save_settings(
        &self,
        actor: &Actor,
        update: &ShippingSettingsUpdate,
    ) -> DeskResult<ShippingSettings> {
        let (stored, key) = settings::validate(actor, update)?;
        let account = self.key_account()?;
        match key.as_deref() {
            Some("") => {
                self.secrets.delete(&account)?;
                *self.api_key.lock().unwrap_or_else(|p| p.into_inner()) = Some(None);
            }
            Some(key) => {
                self.secrets.set(&account, key)?;
                *self.api_key.lock().unwrap_or_else(|p| p.into_inner()) = Some(Some(key.into()));
            }
            None => {}
        }
        with_desk(&self.desk, |desk| {
            desk.write(|tx| settings::save(tx, &stored))
        })?;
        tracing::info!(
            base_url = stored.carrier_base_url,
            key_changed = key.is_some(),
            "shipping settings saved"
        );
        self.settings()
    }

    /// The carrier client for the current settings, or why there is none.
    fn carrier(&self) -> DeskResult<Arc<dyn Carrier>> {
        let base_url = with_desk(&self.desk, |desk| {
            Ok(settings::load(desk.conn())?.carrier_base_url)
        })?;
        let api_key = self.api_key()?.ok_or_else(|| {
            DeskError::invalid(
                "api_key",
                "no carrier API key is set: add it in Settings → Shipping",
            )
        })?;
        let mut cached = self.carrier.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(current) = cached
            .as_ref()
            .filter(|c| c.base_url == base_url && c.api_key == api_key)
        {
            return Ok(Arc::clone(&current.carrier));
        }
        let mut config = EasyPostConfig::new(api_key.clone());
        config.base_url = base_url.clone();
        config.retry = self.options.retry.clone();
        config.breaker = self.options.breaker;
        config.request_timeout = self.options.request_timeout;
        let carrier: Arc<dyn Carrier> =
            Arc::new(EasyPostClient::new(config).map_err(carrier_error)?);
        *cached = Some(CachedCarrier {
            base_url,
            api_key,
            carrier: Arc::clone(&carrier),
        });
        Ok(carrier)
    }

    // --------------------------------------------------------------- views

    /// Everything the Shipping tab shows for one order.
    pub fn view(&self, order_id: Uuid) -> DeskResult<ShippingView> {
        let key_set = self.api_key()?.is_some();
        with_desk(&self.desk, |desk| {
            let conn = desk.conn();
            let (row_id, order) = orders::load(conn, order_id)?
                .ok_or_else(|| DeskError::NotFound(order_id.to_string()))?;
            let stored = settings::load(conn)?;
            let mut missing_setup = Vec::new();
            if !key_set {
                missing_setup.push("Add the carrier API key in Settings → Shipping.".to_owned());
            }
            if !stored.ship_from_is_set() {
                missing_setup
                    .push("Enter the ship-from address in Settings → Shipping.".to_owned());
            }
            let templates = standard_templates();
            Ok(ShippingView {
                order_id,
                order_number: order.order_number.clone(),
                status: order.status,
                suggestion: suggest_package(&order.details.items, &templates),
                templates,
                shipments: shipments::for_order(conn, row_id)?,
                missing_setup,
                label_printer: printers::first_for(conn, PrinterUse::Labels)?
                    .map(|p| p.settings.name),
            })
        })
    }

    pub fn shipment(&self, shipment_id: Uuid) -> DeskResult<ShipmentView> {
        with_desk(&self.desk, |desk| {
            shipments::load(desk.conn(), shipment_id)?
                .map(|record| record.view)
                .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))
        })
    }

    // ------------------------------------------------------------ addresses

    /// Asks the carrier whether the order's address is deliverable.
    pub async fn check_address(&self, order_id: Uuid) -> DeskResult<AddressCheck> {
        let order = self.order(order_id)?;
        let carrier = self.carrier()?;
        let verified = carrier
            .verify_address(&ship_to(&order))
            .await
            .map_err(carrier_error)?;
        let a = verified.address;
        Ok(AddressCheck {
            deliverable: verified.deliverable,
            suggested: AddressDraft {
                line1: a.street1,
                line2: a.street2.unwrap_or_default(),
                city: a.city,
                region: a.state.unwrap_or_default(),
                postal_code: a.zip,
                country: a.country,
            },
            warnings: verified
                .warnings
                .into_iter()
                .map(|w| AddressWarning {
                    field: carrier_errors::address_field(&w.field),
                    message: w.message,
                    suggestion: w.suggestion,
                })
                .collect(),
        })
    }

    fn order(&self, order_id: Uuid) -> DeskResult<Order> {
        with_desk(&self.desk, |desk| Ok(desk.order(order_id)?.order))
    }

    // ---------------------------------------------------------- background

    /// Finishes unfinished purchases and tracks parcels, forever. Spawn once.
    pub async fn run_background(self) {
        let mut resume = tokio::time::interval(self.options.resume_every);
        let mut track = tokio::time::interval(self.options.track_every);
        loop {
            tokio::select! {
                _ = resume.tick() => self.resume_unfinished().await,
                _ = track.tick() => self.track_all().await,
            }
        }
    }

    /// The operator at this desk, for work the desk does on their behalf.
    fn operator(&self) -> DeskResult<Actor> {
        with_desk(&self.desk, |desk| desk.operator())
    }
}

/// The order's ship-to address as a carrier wants it.
fn ship_to(order: &Order) -> AddressInput {
    let a = &order.details.shipping_address;
    let c = &order.details.customer;
    AddressInput {
        name: non_empty(&c.name),
        company: None,
        street1: a.line1.clone(),
        street2: non_empty(&a.line2),
        city: a.city.clone(),
        state: non_empty(&a.region),
        zip: a.postal_code.clone(),
        country: a.country.clone(),
        phone: non_empty(&c.phone),
        email: non_empty(&c.email),
    }
}

/// The store's ship-from address as a carrier wants it.
fn ship_from(stored: &settings::StoredSettings) -> AddressInput {
    let a = &stored.ship_from;
    AddressInput {
        name: None,
        company: non_empty(&stored.store_name),
        street1: a.line1.clone(),
        street2: non_empty(&a.line2),
        city: a.city.clone(),
        state: non_empty(&a.region),
        zip: a.postal_code.clone(),
        country: a.country.clone(),
        phone: non_empty(&stored.ship_from_phone),
        email: None,
    }
}

/// An optional address part: blank means absent to a carrier.
fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}

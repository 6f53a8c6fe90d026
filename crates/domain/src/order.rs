//! An order and the draft it is made from.
//!
//! A [`OrderDraft`] is what a form, a JSON file or a CSV row says: plain text
//! and integers, trusted for nothing. [`OrderDraft::validate`] turns it into
//! [`OrderDetails`] or into every [`FieldError`](crate::FieldError) at once.
//! Totals are always computed here, never taken from the input.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Minor, MAX_AMOUNT};
use crate::status::{Lifecycle, OrderStatus, Priority};
use crate::validate::{self, multi_line, single_line, ValidationErrors};

pub const MAX_NAME: usize = 200;
pub const MAX_EMAIL: usize = 254;
pub const MAX_NOTES: usize = 5_000;
pub const MAX_ITEMS: usize = 200;
pub const MAX_QUANTITY: i64 = 9_999;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 32;
pub const MAX_MEASUREMENTS: usize = 30;

// ---------------------------------------------------------------- the draft

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrderDraft {
    pub customer: CustomerDraft,
    pub shipping_address: AddressDraft,
    /// One of [`Priority`]'s names; empty means `normal`.
    pub priority: String,
    /// ISO-4217; empty means USD.
    pub currency: String,
    pub items: Vec<ItemDraft>,
    /// Minor units.
    pub tax: i64,
    pub shipping: i64,
    pub discount: i64,
    pub notes: String,
    pub tags: Vec<String>,
    /// `wedding`, `prom` or `other`; needs `event_date`.
    pub event_kind: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerDraft {
    pub name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddressDraft {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItemDraft {
    pub product_name: String,
    pub sku: String,
    pub size: String,
    pub colour: String,
    pub measurements: Vec<MeasurementDraft>,
    pub quantity: i64,
    /// Minor units.
    pub unit_price: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasurementDraft {
    pub name: String,
    /// A decimal such as `42.5`; kept as text so it is never rounded.
    pub value: String,
    /// `in` or `cm`.
    pub unit: String,
}

// ---------------------------------------------------------- validated parts

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthUnit {
    In,
    Cm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurement {
    pub name: String,
    pub value: String,
    pub unit: LengthUnit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub product_name: String,
    pub sku: String,
    pub size: String,
    pub colour: String,
    pub measurements: Vec<Measurement>,
    pub quantity: i64,
    pub unit_price: Minor,
    pub line_total: Minor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Wedding,
    Prom,
    Other,
}

impl EventKind {
    pub const ALL: &'static [EventKind] = &[EventKind::Wedding, EventKind::Prom, EventKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Wedding => "wedding",
            EventKind::Prom => "prom",
            EventKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Wedding => "Wedding",
            EventKind::Prom => "Prom",
            EventKind::Other => "Event",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal: Minor,
    pub tax: Minor,
    pub shipping: Minor,
    pub discount: Minor,
    pub total: Minor,
}

/// Why totals could not be computed; `field` is the input to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsError {
    pub field: String,
    pub reason: &'static str,
}

impl Totals {
    /// Sums `(quantity, unit_price)` lines and the order-level amounts with
    /// checked arithmetic. Every amount must lie in `0..=MAX_AMOUNT`, and the
    /// discount may not push the total below zero.
    pub fn compute(
        lines: impl IntoIterator<Item = (i64, Minor)>,
        tax: Minor,
        shipping: Minor,
        discount: Minor,
    ) -> Result<Totals, TotalsError> {
        let err = |field: String, reason| TotalsError { field, reason };
        let in_range = |amount: Minor| (0..=MAX_AMOUNT).contains(&amount);
        let mut subtotal: Minor = 0;
        for (index, (quantity, unit_price)) in lines.into_iter().enumerate() {
            if quantity < 1 {
                return Err(err(
                    format!("items[{index}].quantity"),
                    "must be at least 1",
                ));
            }
            if unit_price < 0 {
                return Err(err(
                    format!("items[{index}].unit_price"),
                    "must not be negative",
                ));
            }
            let line = quantity
                .checked_mul(unit_price)
                .filter(|line| in_range(*line))
                .ok_or_else(|| {
                    err(
                        format!("items[{index}].unit_price"),
                        "makes the line total larger than the largest amount accepted",
                    )
                })?;
            subtotal = subtotal
                .checked_add(line)
                .filter(|s| in_range(*s))
                .ok_or_else(|| {
                    err(
                        "items".into(),
                        "add up to more than the largest amount accepted",
                    )
                })?;
        }
        for (field, amount) in [("tax", tax), ("shipping", shipping), ("discount", discount)] {
            if amount < 0 {
                return Err(err(field.into(), "must not be negative"));
            }
            if amount > MAX_AMOUNT {
                return Err(err(
                    field.into(),
                    "is larger than the largest amount accepted",
                ));
            }
        }
        // Each part is at most MAX_AMOUNT, so this sum cannot overflow i64.
        let before_discount = subtotal + tax + shipping;
        if discount > before_discount {
            return Err(err(
                "discount".into(),
                "must not be more than the subtotal, tax and shipping together",
            ));
        }
        let total = before_discount - discount;
        if total > MAX_AMOUNT {
            return Err(err(
                "total".into(),
                "is larger than the largest amount accepted",
            ));
        }
        Ok(Totals {
            subtotal,
            tax,
            shipping,
            discount,
            total,
        })
    }
}

/// Everything about an order that a person enters; validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub customer: Customer,
    pub shipping_address: Address,
    pub priority: Priority,
    pub currency: Currency,
    pub items: Vec<Item>,
    pub totals: Totals,
    pub notes: String,
    pub tags: Vec<String>,
    pub event: Option<OrderEvent>,
}

impl OrderDraft {
    /// Checks every field and computes the totals. On failure, every problem
    /// found is returned, each naming its field.
    pub fn validate(&self) -> Result<OrderDetails, ValidationErrors> {
        let mut errors = ValidationErrors::default();

        let customer = Customer {
            name: single_line(
                &mut errors,
                "customer.name",
                &self.customer.name,
                true,
                MAX_NAME,
            ),
            email: single_line(
                &mut errors,
                "customer.email",
                &self.customer.email,
                true,
                MAX_EMAIL,
            ),
            phone: single_line(
                &mut errors,
                "customer.phone",
                &self.customer.phone,
                false,
                32,
            ),
        };
        if !customer.email.is_empty()
            && errors.reason_for("customer.email").is_none()
            && !validate::is_plausible_email(&customer.email)
        {
            errors.add("customer.email", "is not a valid email address");
        }
        if !customer.phone.is_empty()
            && errors.reason_for("customer.phone").is_none()
            && !validate::is_plausible_phone(&customer.phone)
        {
            errors.add("customer.phone", "is not a valid phone number");
        }

        let shipping_address = self.shipping_address.validate(&mut errors);

        let priority = match self.priority.trim() {
            "" => Priority::Normal,
            name => name.parse().unwrap_or_else(|_| {
                errors.add("priority", "is not a known priority");
                Priority::Normal
            }),
        };
        let currency = match self.currency.trim() {
            "" => Currency::USD,
            code => code.parse().unwrap_or_else(|e: crate::MoneyError| {
                errors.add("currency", e.to_string());
                Currency::USD
            }),
        };

        if self.items.is_empty() {
            errors.add("items", "an order needs at least one item");
        } else if self.items.len() > MAX_ITEMS {
            errors.add(
                "items",
                format!("an order may have at most {MAX_ITEMS} items"),
            );
        }
        let items: Vec<Item> = self
            .items
            .iter()
            .take(MAX_ITEMS)
            .enumerate()
            .map(|(index, item)| item.validate(&mut errors, index))
            .collect();

        let totals = if errors.0.iter().any(|e| e.field.starts_with("items")) {
            Totals::default()
        } else {
            Totals::compute(
                items.iter().map(|i| (i.quantity, i.unit_price)),
                self.tax,
                self.shipping,
                self.discount,
            )
            .unwrap_or_else(|e| {
                errors.add(e.field, e.reason);
                Totals::default()
            })
        };
        let items = items
            .into_iter()
            .map(|item| Item {
                line_total: item.quantity.saturating_mul(item.unit_price),
                ..item
            })
            .collect();

        let notes = multi_line(&mut errors, "notes", &self.notes, MAX_NOTES);
        let tags = validate_tags(&mut errors, &self.tags);
        let event = self.validate_event(&mut errors);

        errors.finish(OrderDetails {
            customer,
            shipping_address,
            priority,
            currency,
            items,
            totals,
            notes,
            tags,
            event,
        })
    }

    fn validate_event(&self, errors: &mut ValidationErrors) -> Option<OrderEvent> {
        let kind = match self.event_kind.trim() {
            "" => None,
            name => match EventKind::ALL.iter().find(|k| k.as_str() == name) {
                Some(kind) => Some(*kind),
                None => {
                    errors.add("event_kind", "must be wedding, prom or other");
                    None
                }
            },
        };
        let date = match self.event_date.trim() {
            "" => None,
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    errors.add("event_date", "must be a date such as 2027-06-12");
                    None
                }
            },
        };
        match (kind, date) {
            (_, Some(date)) => Some(OrderEvent {
                kind: kind.unwrap_or(EventKind::Other),
                date,
            }),
            (Some(_), None) if errors.reason_for("event_date").is_none() => {
                errors.add("event_date", "is required when an event is chosen");
                None
            }
            _ => None,
        }
    }
}

impl AddressDraft {
    fn validate(&self, errors: &mut ValidationErrors) -> Address {
        let field = |name: &str| format!("shipping_address.{name}");
        let address = Address {
            line1: single_line(errors, &field("line1"), &self.line1, true, MAX_NAME),
            line2: single_line(errors, &field("line2"), &self.line2, false, MAX_NAME),
            city: single_line(errors, &field("city"), &self.city, true, 100),
            region: single_line(errors, &field("region"), &self.region, false, 100),
            postal_code: single_line(errors, &field("postal_code"), &self.postal_code, true, 20),
            country: single_line(errors, &field("country"), &self.country, true, 2)
                .to_ascii_uppercase(),
        };
        if errors.reason_for("shipping_address.country").is_none()
            && !(address.country.len() == 2
                && address.country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            errors.add(
                field("country"),
                "must be a two-letter country code such as US",
            );
        }
        address
    }
}

impl ItemDraft {
    fn validate(&self, errors: &mut ValidationErrors, index: usize) -> Item {
        let field = |name: &str| format!("items[{index}].{name}");
        if self.quantity <= 0 {
            errors.add(field("quantity"), "must be at least 1");
        } else if self.quantity > MAX_QUANTITY {
            errors.add(field("quantity"), format!("must be at most {MAX_QUANTITY}"));
        }
        if self.unit_price < 0 {
            errors.add(field("unit_price"), "must not be negative");
        } else if self.unit_price > MAX_AMOUNT {
            errors.add(
                field("unit_price"),
                "is larger than the largest amount accepted",
            );
        }
        if self.measurements.len() > MAX_MEASUREMENTS {
            errors.add(
                field("measurements"),
                format!("at most {MAX_MEASUREMENTS} per item"),
            );
        }
        let measurements = self
            .measurements
            .iter()
            .take(MAX_MEASUREMENTS)
            .enumerate()
            .filter_map(|(m, draft)| draft.validate(errors, &field(&format!("measurements[{m}]"))))
            .collect();
        Item {
            product_name: single_line(
                errors,
                &field("product_name"),
                &self.product_name,
                true,
                MAX_NAME,
            ),
            sku: single_line(errors, &field("sku"), &self.sku, false, 64),
            size: single_line(errors, &field("size"), &self.size, false, 20),
            colour: single_line(errors, &field("colour"), &self.colour, false, 50),
            measurements,
            quantity: self.quantity,
            unit_price: self.unit_price,
            line_total: 0,
        }
    }
}

impl MeasurementDraft {
    fn validate(&self, errors: &mut ValidationErrors, prefix: &str) -> Option<Measurement> {
        let before = errors.0.len();
        let name = single_line(errors, &format!("{prefix}.name"), &self.name, true, 40);
        if name.contains([';', '=']) {
            // They separate measurements in CSV exports (`chest=42 in;waist=36 in`).
            errors.add(format!("{prefix}.name"), "must not contain ; or =");
        }
        let value = self.value.trim();
        let decimal_ok = {
            let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
            !whole.is_empty()
                && whole.len() <= 4
                && fraction.len() <= 3
                && !(value.contains('.') && fraction.is_empty())
                && whole
                    .bytes()
                    .chain(fraction.bytes())
                    .all(|b| b.is_ascii_digit())
                && value.bytes().any(|b| (b'1'..=b'9').contains(&b))
        };
        if !decimal_ok {
            errors.add(
                format!("{prefix}.value"),
                "must be a positive number such as 42.5",
            );
        }
        let unit = match self.unit.trim() {
            "in" => Some(LengthUnit::In),
            "cm" => Some(LengthUnit::Cm),
            _ => {
                errors.add(format!("{prefix}.unit"), "must be in or cm");
                None
            }
        };
        if errors.0.len() > before {
            return None;
        }
        Some(Measurement {
            name,
            value: value.to_owned(),
            unit: unit?,
        })
    }
}

fn validate_tags(errors: &mut ValidationErrors, tags: &[String]) -> Vec<String> {
    if tags.len() > MAX_TAGS {
        errors.add("tags", format!("at most {MAX_TAGS} tags"));
    }
    let mut clean: Vec<String> = Vec::new();
    for (index, tag) in tags.iter().take(MAX_TAGS).enumerate() {
        let field = format!("tags[{index}]");
        let tag = single_line(errors, &field, tag, true, MAX_TAG);
        if tag.contains([',', ';']) {
            errors.add(field, "must not contain commas or semicolons");
        } else if !tag.is_empty() && !clean.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            clean.push(tag);
        }
    }
    clean
}

impl OrderDetails {
    /// Back to a draft, to prefill an edit form or re-validate elsewhere.
    pub fn to_draft(&self) -> OrderDraft {
        OrderDraft {
            customer: CustomerDraft {
                name: self.customer.name.clone(),
                email: self.customer.email.clone(),
                phone: self.customer.phone.clone(),
            },
            shipping_address: AddressDraft {
                line1: self.shipping_address.line1.clone(),
                line2: self.shipping_address.line2.clone(),
                city: self.shipping_address.city.clone(),
                region: self.shipping_address.region.clone(),
                postal_code: self.shipping_address.postal_code.clone(),
                country: self.shipping_address.country.clone(),
            },
            priority: self.priority.as_str().to_owned(),
            currency: self.currency.code().to_owned(),
            items: self
                .items
                .iter()
                .map(|item| ItemDraft {
                    product_name: item.product_name.clone(),
                    sku: item.sku.clone(),
                    size: item.size.clone(),
                    colour: item.colour.clone(),
                    measurements: item
                        .measurements
                        .iter()
                        .map(|m| MeasurementDraft {
                            name: m.name.clone(),
                            value: m.value.clone(),
                            unit: match m.unit {
                                LengthUnit::In => "in".into(),
                                LengthUnit::Cm => "cm".into(),
                            },
                        })
                        .collect(),
                    quantity: item.quantity,
                    unit_price: item.unit_price,
                })
                .collect(),
            tax: self.totals.tax,
            shipping: self.totals.shipping,
            discount: self.totals.discount,
            notes: self.notes.clone(),
            tags: self.tags.clone(),
            event_kind: self
                .event
                .map(|e| e.kind.as_str().to_owned())
                .unwrap_or_default(),
            event_date: self
                .event
                .map(|e| e.date.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        }
    }

    pub fn item_count(&self) -> i64 {
        self.items.iter().map(|i| i.quantity).sum()
    }
}

// ----------------------------------------------------------------- an order

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: Uuid,
    pub order_number: String,
    pub status: OrderStatus,
    /// Set only while on hold or in exception: where the order goes back to.
    pub return_to: Option<OrderStatus>,
    #[serde(flatten)]
    pub details: OrderDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl Order {
    pub fn new(id: Uuid, order_number: String, details: OrderDetails, now: DateTime<Utc>) -> Order {
        Order {
            id,
            order_number,
            status: Lifecycle::NEW.status,
            return_to: None,
            details,
            created_at: now,
            updated_at: now,
            processed_at: None,
            shipped_at: None,
            delivered_at: None,
        }
    }

    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status,
            return_to: self.return_to,
        }
    }

    /// Applies a legal move and stamps the milestone times the first time
    /// each milestone is reached.
    pub fn move_to(
        &mut self,
        to: OrderStatus,
        now: DateTime<Utc>,
    ) -> Result<(), crate::TransitionError> {
        let next = self.lifecycle().move_to(to)?;
        self.status = next.status;
        self.return_to = next.return_to;
        self.updated_at = now;
        let stamp = match to {
            OrderStatus::Processing => &mut self.processed_at,
            OrderStatus::Shipped => &mut self.shipped_at,
            OrderStatus::Delivered => &mut self.delivered_at,
            _ => return Ok(()),
        };
        stamp.get_or_insert(now);
        Ok(())
    }

    /// A voided label takes a shipped order back to packaging: the parcel
    /// never left. Only from shipped; once the carrier has it, it is gone.
    pub fn unship(&mut self, now: DateTime<Utc>) -> Result<(), crate::TransitionError> {
        if self.status != OrderStatus::Shipped {
            return Err(crate::TransitionError::Illegal {
                from: self.status,
                to: OrderStatus::Packaging,
            });
        }
        self.status = OrderStatus::Packaging;
        self.shipped_at = None;
        self.updated_at = now;
        Ok(())
    }

    /// Details may change until the order leaves the building.
    pub fn is_editable(&self) -> bool {
        let place = if self.status.is_suspension() {
            self.return_to
        } else {
            Some(self.status)
        };
        place.is_some_and(|s| s <= OrderStatus::Packaging)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn draft() -> OrderDraft {
        OrderDraft {
            customer: CustomerDraft {
                name: "James Carter".into(),
                email: "james@example.com".into(),
                phone: "+1 555 010 4477".into(),
            },
            shipping_address: AddressDraft {
                line1: "12 Elm St".into(),
                city: "Kalamazoo".into(),
                region: "MI".into(),
                postal_code: "49007".into(),
                country: "us".into(),
                ..Default::default()
            },
            priority: "wedding_party".into(),
            items: vec![
                ItemDraft {
                    product_name: "Navy suit".into(),
                    sku: "SUIT-NAVY-40R".into(),
                    quantity: 2,
                    unit_price: 49_999,
                    measurements: vec![MeasurementDraft {
                        name: "chest".into(),
                        value: "40.5".into(),
                        unit: "in".into(),
                    }],
                    ..Default::default()
                },
                ItemDraft {
                    product_name: "Silk tie".into(),
                    quantity: 1,
                    unit_price: 4_500,
                    ..Default::default()
                },
            ],
            tax: 6_000,
            shipping: 1_500,
            discount: 2_000,
            event_kind: "wedding".into(),
            event_date: "2027-06-12".into(),
            tags: vec!["groom".into(), "Groom".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_good_draft_validates_with_computed_totals() {
        let details = draft().validate().unwrap();
        assert_eq!(
            details.totals,
            Totals {
                subtotal: 104_498,
                tax: 6_000,
                shipping: 1_500,
                discount: 2_000,
                total: 109_998
            }
        );
        assert_eq!(details.items[0].line_total, 99_998);
        assert_eq!(details.shipping_address.country, "US");
        assert_eq!(details.priority, Priority::WeddingParty);
        assert_eq!(details.tags, vec!["groom".to_string()]);
        assert_eq!(details.event.unwrap().kind, EventKind::Wedding);
        assert_eq!(details.to_draft().validate().unwrap(), details);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut bad = draft();
        bad.customer.email = "not-an-email".into();
        bad.customer.name = " ".into();
        bad.items[1].quantity = 0;
        bad.items[0].measurements[0].unit = "furlong".into();
        bad.priority = "yesterday".into();
        bad.currency = "DOGE".into();
        bad.shipping_address.country = "USA".into();
        let errors = bad.validate().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "customer.name",
                "customer.email",
                "shipping_address.country",
                "priority",
                "currency",
                "items[0].measurements[0].unit",
                "items[1].quantity",
            ]
        );
        assert_eq!(
            errors.reason_for("items[1].quantity"),
            Some("must be at least 1")
        );
    }

    #[test]
    fn money_overflow_is_an_error_not_a_wrap() {
        let mut bad = draft();
        bad.items[0].unit_price = i64::MAX;
        assert_eq!(
            bad.validate()
                .unwrap_err()
                .reason_for("items[0].unit_price"),
            Some("is larger than the largest amount accepted")
        );
        bad.items[0].unit_price = MAX_AMOUNT;
        assert!(bad
            .validate()
            .unwrap_err()
            .reason_for("items[0].unit_price")
            .unwrap()
            .contains("line total"));
        let mut discount = draft();
        discount.discount = 10_000_000;
        assert!(discount
            .validate()
            .unwrap_err()
            .reason_for("discount")
            .is_some());
    }

    #[test]
    fn milestones_are_stamped_once() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let t1 = DateTime::from_timestamp(1_700_000_100, 0).unwrap();
        let mut order = Order::new(Uuid::nil(), "A-1".into(), draft().validate().unwrap(), t0);
        order.move_to(OrderStatus::PaymentConfirmed, t0).unwrap();
        order.move_to(OrderStatus::Processing, t0).unwrap();
        order.move_to(OrderStatus::OnHold, t1).unwrap();
        order.move_to(OrderStatus::Processing, t1).unwrap();
        assert_eq!(order.processed_at, Some(t0));
        assert!(order.is_editable());
        for to in [OrderStatus::Packaging, OrderStatus::Shipped] {
            order.move_to(to, t1).unwrap();
        }
        assert_eq!(order.shipped_at, Some(t1));
        assert!(!order.is_editable());
    }

    proptest! {
        /// Totals either come out exactly as the sum says or name a field; no panic.
        #[test]
        fn totals_are_exact_or_refused(
            lines in proptest::collection::vec((-5i64..20_000, -5i64..=MAX_AMOUNT), 0..8),
            tax in -5i64..=MAX_AMOUNT, shipping in 0i64..1_000_000, discount in 0i64..1_000_000,
        ) {
            match Totals::compute(lines.clone(), tax, shipping, discount) {
                Ok(t) => {
                    let exact: i128 = lines.iter().map(|(q, p)| i128::from(*q) * i128::from(*p)).sum();
                    prop_assert_eq!(i128::from(t.subtotal), exact);
                    prop_assert_eq!(t.total, t.subtotal + tax + shipping - discount);
                    prop_assert!((0..=MAX_AMOUNT).contains(&t.total));
                }
                Err(e) => prop_assert!(!e.field.is_empty()),
            }
        }

        #[test]
        fn validate_never_panics(
            name in "\\PC{0,300}", email in "\\PC{0,40}", qty in any::<i64>(), price in any::<i64>(),
            country in "\\PC{0,4}", value in "\\PC{0,8}", date in "\\PC{0,12}",
        ) {
            let mut d = draft();
            d.customer.name = name;
            d.customer.email = email;
            d.items[0].quantity = qty;
            d.items[0].unit_price = price;
            d.shipping_address.country = country;
            d.items[0].measurements[0].value = value;
            d.event_date = date;
            if let Ok(details) = d.validate() {
                prop_assert!(details.totals.total >= 0);
            }
        }
    }
}

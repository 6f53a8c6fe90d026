//! The order form as typed: text in, [`OrderDraft`] out.
//!
//! People type quantities and prices as text ("129.99"), so the form keeps
//! text and turns it into a draft here, with money parsed in the order's
//! currency (never through a float). Parse problems are reported with the same
//! field paths [`OrderDraft::validate`] uses, so one error list drives the form.

use std::collections::HashSet;

use packdesk_domain::money::Minor;
use packdesk_domain::order::{AddressDraft, CustomerDraft, ItemDraft, MeasurementDraft};
use packdesk_domain::{Currency, FieldError, OrderDraft, Totals, ValidationErrors};

/// One line item as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemForm {
    pub product_name: String,
    pub sku: String,
    pub size: String,
    pub colour: String,
    pub quantity: String,
    pub unit_price: String,
    pub measurements: Vec<MeasurementDraft>,
    /// Whether the measurements panel is open; purely presentational.
    pub show_measurements: bool,
}

impl ItemForm {
    /// A fresh line: one piece, nothing else filled in.
    pub fn blank() -> Self {
        ItemForm {
            quantity: "1".into(),
            ..Default::default()
        }
    }
}

/// The whole order form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderForm {
    pub customer: CustomerDraft,
    pub address: AddressDraft,
    pub priority: String,
    pub currency: String,
    pub event_kind: String,
    pub event_date: String,
    pub notes: String,
    /// Comma-separated, as typed.
    pub tags: String,
    pub tax: String,
    pub shipping: String,
    pub discount: String,
    pub items: Vec<ItemForm>,
}

impl OrderForm {
    /// An empty order in `currency`, shipping to the US, with one blank line.
    pub fn new(currency: Currency) -> Self {
        OrderForm {
            customer: CustomerDraft::default(),
            address: AddressDraft {
                country: "US".into(),
                ..Default::default()
            },
            priority: "normal".into(),
            currency: currency.code().into(),
            event_kind: String::new(),
            event_date: String::new(),
            notes: String::new(),
            tags: String::new(),
            tax: String::new(),
            shipping: String::new(),
            discount: String::new(),
            items: vec![ItemForm::blank()],
        }
    }

    /// Prefills the form from a saved order's draft (for editing).
    pub fn from_draft(draft: &OrderDraft) -> Self {
        let currency = currency_or_usd(&draft.currency);
        let amount = |minor: Minor| {
            if minor == 0 {
                String::new()
            } else {
                currency.format_plain(minor)
            }
        };
        OrderForm {
            customer: draft.customer.clone(),
            address: draft.shipping_address.clone(),
            priority: draft.priority.clone(),
            currency: currency.code().into(),
            event_kind: draft.event_kind.clone(),
            event_date: draft.event_date.clone(),
            notes: draft.notes.clone(),
            tags: draft.tags.join(", "),
            tax: amount(draft.tax),
            shipping: amount(draft.shipping),
            discount: amount(draft.discount),
            items: draft
                .items
                .iter()
                .map(|item| ItemForm {
                    product_name: item.product_name.clone(),
                    sku: item.sku.clone(),
                    size: item.size.clone(),
                    colour: item.colour.clone(),
                    quantity: item.quantity.to_string(),
                    unit_price: currency.format_plain(item.unit_price),
                    measurements: item.measurements.clone(),
                    show_measurements: false,
                })
                .collect(),
        }
    }

    pub fn currency(&self) -> Currency {
        currency_or_usd(&self.currency)
    }

    /// The draft the text describes, plus every field whose text could not be
    /// read (those fields are zero in the draft).
    pub fn to_draft(&self) -> (OrderDraft, ValidationErrors) {
        let currency = self.currency();
        let mut errors = ValidationErrors::default();
        let tax = take(&mut errors, "tax", parse_money(currency, &self.tax, false));
        let shipping = take(
            &mut errors,
            "shipping",
            parse_money(currency, &self.shipping, false),
        );
        let discount = take(
            &mut errors,
            "discount",
            parse_money(currency, &self.discount, false),
        );
        let items = self
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| ItemDraft {
                product_name: item.product_name.clone(),
                sku: item.sku.clone(),
                size: item.size.clone(),
                colour: item.colour.clone(),
                measurements: item.measurements.clone(),
                unit_price: take(
                    &mut errors,
                    format!("items[{index}].unit_price"),
                    parse_money(currency, &item.unit_price, true),
                ),
                quantity: take(
                    &mut errors,
                    format!("items[{index}].quantity"),
                    parse_quantity(&item.quantity),
                ),
            })
            .collect();
        let draft = OrderDraft {
            customer: self.customer.clone(),
            shipping_address: self.address.clone(),
            priority: self.priority.clone(),
            currency: currency.code().into(),
            items,
            tax,
            shipping,
            discount,
            notes: self.notes.clone(),
            tags: parse_tags(&self.tags),
            event_kind: self.event_kind.clone(),
            event_date: self.event_date.clone(),
        };
        (draft, errors)
    }

    /// The draft ready to send, or every problem: unreadable text first, then
    /// what [`OrderDraft::validate`] finds in the fields that could be read.
    pub fn check(&self) -> Result<OrderDraft, ValidationErrors> {
        let (draft, mut errors) = self.to_draft();
        if let Err(found) = draft.validate() {
            let fresh: Vec<FieldError> = found
                .0
                .into_iter()
                .filter(|e| errors.reason_for(&e.field).is_none())
                .collect();
            errors.0.extend(fresh);
        }
        errors.finish(draft)
    }

    /// `quantity × price` for one line, when both read and fit.
    pub fn line_total(&self, index: usize) -> Option<Minor> {
        let item = self.items.get(index)?;
        let quantity = parse_quantity(&item.quantity).ok()?;
        let price = parse_money(self.currency(), &item.unit_price, true).ok()?;
        quantity.checked_mul(price)
    }

    /// Totals as the user types: lines that do not read yet are left out and
    /// unreadable order-level amounts count as zero, so the numbers move with
    /// every keystroke. `None` when even that does not add up (e.g. a discount
    /// larger than the rest).
    pub fn live_totals(&self) -> Option<Totals> {
        let currency = self.currency();
        let lines = self.items.iter().filter_map(|item| {
            let quantity = parse_quantity(&item.quantity).ok()?;
            let price = parse_money(currency, &item.unit_price, true).ok()?;
            Some((quantity, price))
        });
        let amount = |text: &str| parse_money(currency, text, false).unwrap_or(0);
        Totals::compute(
            lines,
            amount(&self.tax),
            amount(&self.shipping),
            amount(&self.discount),
        )
        .ok()
    }
}

/// The parsed value, or zero with the reason recorded under `field`.
fn take(
    errors: &mut ValidationErrors,
    field: impl Into<String>,
    parsed: Result<i64, String>,
) -> i64 {
    parsed.unwrap_or_else(|reason| {
        errors.add(field, reason);
        0
    })
}

fn currency_or_usd(code: &str) -> Currency {
    code.parse().unwrap_or(Currency::USD)
}

/// An amount typed in `currency`; empty means zero unless `required`.
fn parse_money(currency: Currency, text: &str, required: bool) -> Result<Minor, String> {
    if text.trim().is_empty() {
        return if required {
            Err("is required".into())
        } else {
            Ok(0)
        };
    }
    currency.parse_amount(text).map_err(|e| e.to_string())
}

fn parse_quantity(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is required".into());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be a whole number such as 2".into());
    }
    text.parse().map_err(|_| "is too large".into())
}

/// `"groom, vip ,, rush"` → `["groom", "vip", "rush"]`.
pub fn parse_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The DOM id of the input that owns an error path, so a submit can focus it.
/// `None` for paths no single input owns.
pub fn field_id(path: &str) -> Option<String> {
    let fixed = match path {
        "customer.name" => "customer-name",
        "customer.email" => "customer-email",
        "customer.phone" => "customer-phone",
        "shipping_address.line1" => "address-line1",
        "shipping_address.line2" => "address-line2",
        "shipping_address.city" => "address-city",
        "shipping_address.region" => "address-region",
        "shipping_address.postal_code" => "address-postal-code",
        "shipping_address.country" => "address-country",
        "event_kind" => "event-kind",
        "event_date" => "event-date",
        "items" => "add-item",
        "priority" | "currency" | "notes" | "tax" | "shipping" | "discount" | "tags" => path,
        _ => {
            return item_field_id(path).or_else(|| path.starts_with("tags[").then(|| "tags".into()))
        }
    };
    Some(fixed.into())
}

/// `items[2].unit_price` → `item-2-price`; measurement paths map to their row.
fn item_field_id(path: &str) -> Option<String> {
    let rest = path.strip_prefix("items[")?;
    let (index, rest) = rest.split_once("].")?;
    let index: usize = index.parse().ok()?;
    let part = match rest {
        "product_name" => "name",
        "sku" => "sku",
        "size" => "size",
        "colour" => "colour",
        "quantity" => "quantity",
        "unit_price" => "price",
        "measurements" => "measurements",
        _ => {
            let rest = rest.strip_prefix("measurements[")?;
            let (m, field) = rest.split_once("].")?;
            let m: usize = m.parse().ok()?;
            return matches!(field, "name" | "value" | "unit")
                .then(|| format!("item-{index}-m{m}-{field}"));
        }
    };
    Some(format!("item-{index}-{part}"))
}

/// Whether error `path` belongs to the input at `owner`: the same path, or an
/// element of it (`tags[3]` belongs to `tags`).
pub fn owns(owner: &str, path: &str) -> bool {
    path.strip_prefix(owner)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
}

/// What the form shows now: once submitted, every problem; before that, only
/// problems in fields the user has left. Errors from the desk always show
/// (they are dropped field by field as the user revisits them).
pub fn visible_errors(
    found: &[FieldError],
    touched: &HashSet<String>,
    submitted: bool,
    server: &[FieldError],
) -> Vec<FieldError> {
    found
        .iter()
        .filter(|e| submitted || touched.iter().any(|t| owns(t, &e.field)))
        .chain(server)
        .cloned()
        .collect()
}

/// Whether item `index` has a problem in its measurements (so its panel opens).
pub fn has_measurement_errors(errors: &[FieldError], index: usize) -> bool {
    let owner = format!("items[{index}].measurements");
    errors.iter().any(|e| owns(&owner, &e.field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::USD
    }

    fn filled() -> OrderForm {
        let mut form = OrderForm::new(usd());
        form.customer = CustomerDraft {
            name: "Ann Lee".into(),
            email: "ann@example.com".into(),
            phone: String::new(),
        };
        form.address.line1 = "1 Main St".into();
        form.address.city = "Springfield".into();
        form.address.postal_code = "12345".into();
        form.items[0].product_name = "Navy suit".into();
        form.items[0].quantity = "2".into();
        form.items[0].unit_price = "129.99".into();
        form.tax = "10".into();
        form.tags = "groom, vip ,, rush".into();
        form
    }

    #[test]
    fn a_filled_form_becomes_a_valid_draft() {
        let draft = filled().check().expect("valid");
        assert_eq!(draft.items[0].unit_price, 12_999);
        assert_eq!(draft.items[0].quantity, 2);
        assert_eq!(draft.tax, 1_000);
        assert_eq!(draft.shipping, 0);
        assert_eq!(draft.tags, ["groom", "vip", "rush"]);
        assert_eq!(draft.currency, "USD");
        assert_eq!(draft.validate().expect("valid").totals.total, 26_998);
    }

    #[test]
    fn money_is_parsed_in_the_order_currency() {
        let mut form = filled();
        form.currency = "JPY".into();
        form.items[0].unit_price = "1200".into();
        assert_eq!(form.check().expect("valid").items[0].unit_price, 1_200);
        form.items[0].unit_price = "12.50".into();
        let errors = form.check().expect_err("yen has no decimals");
        assert_eq!(
            errors.reason_for("items[0].unit_price"),
            Some("has more than 0 decimal places")
        );
    }

    #[test]
    fn unreadable_text_is_named_once_by_its_path() {
        let mut form = filled();
        form.items[0].quantity = "two".into();
        form.items[0].unit_price = "12,50".into();
        form.discount = "-5".into();
        form.customer.email = "nope".into();
        let errors = form.check().expect_err("invalid");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "discount",
                "items[0].unit_price",
                "items[0].quantity",
                "customer.email"
            ]
        );
        assert_eq!(
            errors.reason_for("items[0].quantity"),
            Some("must be a whole number such as 2")
        );
        assert_eq!(errors.reason_for("discount"), Some("must not be negative"));
    }

    #[test]
    fn prices_are_required_but_order_amounts_are_not() {
        let mut form = filled();
        form.items[0].unit_price = " ".into();
        form.tax = String::new();
        let errors = form.check().expect_err("invalid");
        assert_eq!(
            errors.reason_for("items[0].unit_price"),
            Some("is required")
        );
        assert_eq!(errors.reason_for("tax"), None);
    }

    #[test]
    fn live_totals_follow_typing_and_skip_unfinished_lines() {
        let mut form = filled();
        form.items.push(ItemForm {
            unit_price: "5.".into(),
            ..ItemForm::blank()
        });
        let totals = form.live_totals().expect("adds up");
        assert_eq!(
            (totals.subtotal, totals.tax, totals.total),
            (25_998, 1_000, 26_998)
        );
        assert_eq!(form.line_total(0), Some(25_998));
        assert_eq!(form.line_total(1), None);
        form.discount = "999999".into();
        assert_eq!(form.live_totals(), None);
    }

    #[test]
    fn editing_round_trips_through_the_form() {
        let mut draft = filled().check().expect("valid");
        draft.items[0].measurements.push(MeasurementDraft {
            name: "Chest".into(),
            value: "42".into(),
            unit: "in".into(),
        });
        draft.event_kind = "wedding".into();
        draft.event_date = "2027-06-12".into();
        let form = OrderForm::from_draft(&draft);
        assert_eq!(form.items[0].unit_price, "129.99");
        assert_eq!(form.tax, "10.00");
        assert_eq!(form.shipping, "");
        assert_eq!(form.tags, "groom, vip, rush");
        assert_eq!(form.check().expect("valid"), draft);
    }

    #[test]
    fn error_paths_map_to_input_ids() {
        assert_eq!(
            field_id("customer.email").as_deref(),
            Some("customer-email")
        );
        assert_eq!(
            field_id("shipping_address.postal_code").as_deref(),
            Some("address-postal-code")
        );
        assert_eq!(
            field_id("items[3].unit_price").as_deref(),
            Some("item-3-price")
        );
        assert_eq!(
            field_id("items[0].product_name").as_deref(),
            Some("item-0-name")
        );
        assert_eq!(
            field_id("items[1].measurements[2].unit").as_deref(),
            Some("item-1-m2-unit")
        );
        assert_eq!(field_id("tags[4]").as_deref(), Some("tags"));
        assert_eq!(field_id("items").as_deref(), Some("add-item"));
        assert_eq!(field_id("total"), None);
        assert_eq!(field_id("items[x].sku"), None);
    }

    #[test]
    fn errors_show_after_blur_or_submit() {
        let found = vec![
            FieldError {
                field: "customer.name".into(),
                reason: "is required".into(),
            },
            FieldError {
                field: "tags[1]".into(),
                reason: "bad".into(),
            },
        ];
        let server = vec![FieldError {
            field: "customer.email".into(),
            reason: "taken".into(),
        }];
        let touched: HashSet<String> = ["tags".to_string()].into();
        let fields =
            |shown: Vec<FieldError>| shown.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(
            fields(visible_errors(&found, &HashSet::new(), false, &[])),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(visible_errors(&found, &touched, false, &server)),
            ["tags[1]", "customer.email"]
        );
        assert_eq!(
            fields(visible_errors(&found, &touched, true, &[])),
            ["customer.name", "tags[1]"]
        );
    }

    #[test]
    fn ownership_of_error_paths() {
        assert!(owns("tags", "tags"));
        assert!(owns("tags", "tags[2]"));
        assert!(!owns("tax", "taxes"));
        assert!(!owns("items[1].sku", "items[10].sku"));
        let errors = vec![FieldError {
            field: "items[1].measurements[0].unit".into(),
            reason: "x".into(),
        }];
        assert!(has_measurement_errors(&errors, 1));
        assert!(!has_measurement_errors(&errors, 0));
    }
}

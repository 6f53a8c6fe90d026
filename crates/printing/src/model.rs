//! The plain data documents are made from.
//!
//! The desk fills these from its orders; nothing here knows about the
//! database. There are no prices: packing slips travel with gifts and pick
//! lists go to the warehouse, and neither should show what was paid.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What goes in the box with one order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackingSlip {
    pub store_name: String,
    /// Return address, one line per entry.
    pub ship_from: Vec<String>,
    pub order_number: String,
    pub ordered_on: NaiveDate,
    pub customer_name: String,
    /// Delivery address, one line per entry (the name is `customer_name`).
    pub ship_to: Vec<String>,
    pub lines: Vec<SlipLine>,
    /// Gift message or instructions; may hold line breaks.
    pub notes: String,
    pub tracking_code: Option<String>,
    /// e.g. "USPS Priority Mail".
    pub carrier_service: Option<String>,
}

impl PackingSlip {
    /// Total number of pieces, so a packer can count the box.
    pub fn total_quantity(&self) -> i64 {
        self.lines
            .iter()
            .fold(0i64, |sum, line| sum.saturating_add(line.quantity))
    }
}

/// One ordered item. Size and colour are separate so a pick list can add up
/// the same SKU in the same size and colour across orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlipLine {
    pub sku: String,
    pub product_name: String,
    pub size: String,
    pub colour: String,
    pub quantity: i64,
}

impl SlipLine {
    /// "Linen shirt, M, Navy": the product with whichever of size and colour
    /// are set.
    pub fn description(&self) -> String {
        let mut description = self.product_name.trim().to_owned();
        for part in [&self.size, &self.colour] {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if !description.is_empty() {
                description.push_str(", ");
            }
            description.push_str(part);
        }
        description
    }
}

impl From<&packdesk_domain::Item> for SlipLine {
    fn from(item: &packdesk_domain::Item) -> Self {
        SlipLine {
            sku: item.sku.clone(),
            product_name: item.product_name.clone(),
            size: item.size.clone(),
            colour: item.colour.clone(),
            quantity: item.quantity,
        }
    }
}

/// One warehouse walk covering several orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PickList {
    pub title: String,
    /// Already formatted in the desk's local time; printed as given.
    pub generated_at: String,
    pub orders: Vec<PickOrder>,
}

/// An order as the pick list sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PickOrder {
    pub order_number: String,
    pub customer_name: String,
    pub lines: Vec<SlipLine>,
}

/// One shelf stop: a SKU in one size and colour, how many to take and which
/// orders they are for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickLine {
    pub sku: String,
    pub product_name: String,
    pub size: String,
    pub colour: String,
    pub quantity: i64,
    /// Each order once, in the order the pick list lists them.
    pub order_numbers: Vec<String>,
}

impl PickLine {
    /// Same shape as [`SlipLine::description`].
    pub fn description(&self) -> String {
        SlipLine {
            sku: String::new(),
            product_name: self.product_name.clone(),
            size: self.size.clone(),
            colour: self.colour.clone(),
            quantity: 0,
        }
        .description()
    }
}

impl PickList {
    /// Lines added up by SKU + size + colour, sorted by SKU (stable, so within
    /// one SKU the variants keep the order they were first seen in).
    pub fn lines(&self) -> Vec<PickLine> {
        let mut picks: Vec<PickLine> = Vec::new();
        let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for order in &self.orders {
            for line in &order.lines {
                let key = (line.sku.as_str(), line.size.as_str(), line.colour.as_str());
                match index.get(&key) {
                    Some(&at) => {
                        let pick = &mut picks[at];
                        pick.quantity = pick.quantity.saturating_add(line.quantity);
                        if !pick.order_numbers.contains(&order.order_number) {
                            pick.order_numbers.push(order.order_number.clone());
                        }
                    }
                    None => {
                        index.insert(key, picks.len());
                        picks.push(PickLine {
                            sku: line.sku.clone(),
                            product_name: line.product_name.clone(),
                            size: line.size.clone(),
                            colour: line.colour.clone(),
                            quantity: line.quantity,
                            order_numbers: vec![order.order_number.clone()],
                        });
                    }
                }
            }
        }
        picks.sort_by(|a, b| a.sku.cmp(&b.sku));
        picks
    }

    /// Total pieces to pick.
    pub fn total_quantity(&self) -> i64 {
        self.orders
            .iter()
            .flat_map(|order| &order.lines)
            .fold(0i64, |sum, line| sum.saturating_add(line.quantity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, size: &str, quantity: i64) -> SlipLine {
        SlipLine {
            sku: sku.into(),
            product_name: "Tee".into(),
            size: size.into(),
            colour: "Black".into(),
            quantity,
        }
    }

    fn order(number: &str, lines: Vec<SlipLine>) -> PickOrder {
        PickOrder {
            order_number: number.into(),
            customer_name: String::new(),
            lines,
        }
    }

    #[test]
    fn a_pick_list_adds_up_a_variant_once_per_order_and_sorts_by_sku() {
        let list = PickList {
            orders: vec![
                order("A-1", vec![line("TEE", "M", 1), line("CAP", "", 1)]),
                // The same variant twice in one order names the order once.
                order(
                    "A-2",
                    vec![
                        line("TEE", "M", 2),
                        line("TEE", "M", 1),
                        line("TEE", "L", 4),
                    ],
                ),
            ],
            ..PickList::default()
        };
        let summary: Vec<(String, String, i64, Vec<String>)> = list
            .lines()
            .into_iter()
            .map(|p| (p.sku, p.size, p.quantity, p.order_numbers))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("CAP".into(), "".into(), 1, vec!["A-1".into()]),
                (
                    "TEE".into(),
                    "M".into(),
                    4,
                    vec!["A-1".into(), "A-2".into()]
                ),
                ("TEE".into(), "L".into(), 4, vec!["A-2".into()]),
            ]
        );
        assert_eq!(list.total_quantity(), 9);
    }

    #[test]
    fn a_description_names_only_the_parts_that_are_set() {
        assert_eq!(line("TEE", "M", 1).description(), "Tee, M, Black");
        assert_eq!(line("TEE", " ", 1).description(), "Tee, Black");
        let bare = SlipLine {
            size: "XL".into(),
            ..SlipLine::default()
        };
        assert_eq!(bare.description(), "XL");
    }
}

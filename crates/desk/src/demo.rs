//! Demo data for a first run, and synthetic orders for benchmarks.
//!
//! Demo orders are made through the same commands a person would issue, so
//! they carry real histories: a wedding party of five, a prom group, rush and
//! VIP orders, and orders in every part of the lifecycle.

use chrono::{DateTime, Duration, Utc};
use packdesk_domain::order::{AddressDraft, CustomerDraft, ItemDraft, MeasurementDraft};
use packdesk_domain::{
    Actor, Command, CommandEnvelope, HistorySource, OrderDraft, OrderStatus, Permission,
};
use uuid::Uuid;

use crate::desk::{apply_in, create_in};
use crate::error::{DeskError, DeskResult};
use crate::Desk;

struct Product {
    name: &'static str,
    sku: &'static str,
    price: i64,
    tailored: bool,
}

const CATALOGUE: &[Product] = &[
    Product {
        name: "Navy wool suit",
        sku: "SUIT-NAVY",
        price: 59_900,
        tailored: true,
    },
    Product {
        name: "Charcoal three-piece suit",
        sku: "SUIT-CHAR-3P",
        price: 79_900,
        tailored: true,
    },
    Product {
        name: "Black shawl-lapel tuxedo",
        sku: "TUX-BLK-SHAWL",
        price: 89_900,
        tailored: true,
    },
    Product {
        name: "Midnight blue tuxedo",
        sku: "TUX-MID-PEAK",
        price: 94_900,
        tailored: true,
    },
    Product {
        name: "Ivory dinner jacket",
        sku: "JKT-IVORY",
        price: 49_900,
        tailored: true,
    },
    Product {
        name: "White poplin dress shirt",
        sku: "SHIRT-WHT",
        price: 8_900,
        tailored: false,
    },
    Product {
        name: "Silk bow tie",
        sku: "TIE-BOW-SILK",
        price: 4_500,
        tailored: false,
    },
    Product {
        name: "Burgundy silk tie",
        sku: "TIE-BURG",
        price: 5_500,
        tailored: false,
    },
    Product {
        name: "Satin waistcoat",
        sku: "VEST-SATIN",
        price: 12_900,
        tailored: true,
    },
    Product {
        name: "Cashmere overcoat",
        sku: "COAT-CASH",
        price: 149_900,
        tailored: true,
    },
    Product {
        name: "Patent oxford shoes",
        sku: "SHOE-OXF-PAT",
        price: 19_900,
        tailored: false,
    },
    Product {
        name: "Pocket square",
        sku: "ACC-POCKET",
        price: 2_500,
        tailored: false,
    },
];

struct DemoOrder {
    customer: (&'static str, &'static str, &'static str),
    city: (&'static str, &'static str, &'static str, &'static str),
    priority: &'static str,
    /// Catalogue index, size, colour, quantity.
    lines: &'static [(usize, &'static str, &'static str, i64)],
    event: Option<(&'static str, &'static str)>,
    tags: &'static [&'static str],
    notes: &'static str,
    days_ago: i64,
    /// The statuses it went through after creation, with reasons where needed.
    path: &'static [(OrderStatus, Option<&'static str>)],
}

use OrderStatus::*;

const THROUGH_PRODUCTION: &[(OrderStatus, Option<&str>)] = &[
    (PaymentConfirmed, None),
    (Processing, None),
    (InProduction, None),
];
const TO_PACKAGING: &[(OrderStatus, Option<&str>)] = &[
    (PaymentConfirmed, None),
    (Processing, None),
    (InProduction, None),
    (QualityCheck, None),
    (Packaging, None),
];
const DELIVERED: &[(OrderStatus, Option<&str>)] = &[
    (PaymentConfirmed, None),
    (Processing, None),
    (Packaging, None),
    (Shipped, None),
    (OutForDelivery, None),
    (Delivered, None),
];
const COMPLETED: &[(OrderStatus, Option<&str>)] = &[
    (PaymentConfirmed, None),
    (Processing, None),
    (InProduction, None),
    (QualityCheck, None),
    (Packaging, None),
    (Shipped, None),
    (Delivered, None),
    (Completed, None),
];

const WEDDING: Option<(&str, &str)> = Some(("wedding", "2027-06-12"));
const PROM: Option<(&str, &str)> = Some(("prom", "2027-05-08"));
const KALAMAZOO: (&str, &str, &str, &str) = ("Kalamazoo", "MI", "49007", "US");
const CHICAGO: (&str, &str, &str, &str) = ("Chicago", "IL", "60614", "US");
const DETROIT: (&str, &str, &str, &str) = ("Detroit", "MI", "48226", "US");
const GRAND_RAPIDS: (&str, &str, &str, &str) = ("Grand Rapids", "MI", "49503", "US");

const DEMO_ORDERS: &[DemoOrder] = &[
    // The Carter–Nguyen wedding party: groom and four groomsmen.
    DemoOrder {
        customer: (
            "James Carter",
            "james.carter@example.com",
            "+1 269 555 0141",
        ),
        city: KALAMAZOO,
        priority: "wedding_party",
        lines: &[
            (3, "40R", "Midnight blue", 1),
            (8, "M", "Ivory", 1),
            (6, "", "Black", 1),
        ],
        event: WEDDING,
        tags: &["carter-nguyen wedding", "groom"],
        notes: "Groom. Final fitting two weeks before the wedding.",
        days_ago: 21,
        path: TO_PACKAGING,
    },
    DemoOrder {
        customer: (
            "Daniel Nguyen",
            "daniel.nguyen@example.com",
            "+1 269 555 0172",
        ),
        city: KALAMAZOO,
        priority: "wedding_party",
        lines: &[(2, "42R", "Black", 1), (6, "", "Black", 1)],
        event: WEDDING,
        tags: &["carter-nguyen wedding", "best man"],
        notes: "",
        days_ago: 20,
        path: THROUGH_PRODUCTION,
    },
    DemoOrder {
        customer: ("Marcus Bell", "marcus.bell@example.com", ""),
        city: GRAND_RAPIDS,
        priority: "wedding_party",
        lines: &[(2, "44L", "Black", 1), (6, "", "Black", 1)],
        event: WEDDING,
        tags: &["carter-nguyen wedding"],
        notes: "",
        days_ago: 20,
        path: &[(PaymentConfirmed, None), (Processing, None)],
    },
    DemoOrder {
        customer: (
            "Owen Fischer",
            "owen.fischer@example.com",
            "+1 616 555 0119",
        ),
        city: GRAND_RAPIDS,
        priority: "wedding_party",
        lines: &[(2, "38S", "Black", 1), (6, "", "Black", 1)],
        event: WEDDING,
        tags: &["carter-nguyen wedding"],
        notes: "",
        days_ago: 19,
        path: &[
            (PaymentConfirmed, None),
            (Processing, None),
            (InProduction, None),
            (
                OnHold,
                Some("Waiting for his measurements from the Chicago store"),
            ),
        ],
    },
    DemoOrder {
        customer: ("Luis Ortega", "luis.ortega@example.com", ""),
        city: CHICAGO,
        priority: "wedding_party",
        lines: &[(2, "40L", "Black", 1), (6, "", "Black", 1)],
        event: WEDDING,
        tags: &["carter-nguyen wedding"],
        notes: "",
        days_ago: 18,
        path: &[],
    },
    // Lincoln High prom group.
    DemoOrder {
        customer: (
            "Tyler Brooks",
            "tyler.brooks@example.com",
            "+1 313 555 0190",
        ),
        city: DETROIT,
        priority: "prom_group",
        lines: &[(2, "38R", "Black", 1), (7, "", "Burgundy", 1)],
        event: PROM,
        tags: &["lincoln prom"],
        notes: "Rental return due the Monday after prom.",
        days_ago: 12,
        path: &[(PaymentConfirmed, None)],
    },
    DemoOrder {
        customer: ("Jordan Ellis", "jordan.ellis@example.com", ""),
        city: DETROIT,
        priority: "prom_group",
        lines: &[(4, "36S", "Ivory", 1), (6, "", "Black", 1)],
        event: PROM,
        tags: &["lincoln prom"],
        notes: "",
        days_ago: 11,
        path: &[],
    },
    DemoOrder {
        customer: ("Evan Price", "evan.price@example.com", ""),
        city: DETROIT,
        priority: "prom_group",
        lines: &[(3, "40R", "Midnight blue", 1), (11, "", "White", 1)],
        event: PROM,
        tags: &["lincoln prom"],
        notes: "",
        days_ago: 10,
        path: TO_PACKAGING,
    },
    // Rush and VIP.
    DemoOrder {
        customer: ("Robert Hale", "robert.hale@example.com", "+1 312 555 0133"),
        city: CHICAGO,
        priority: "rush",
        lines: &[(0, "42L", "Navy", 1), (5, "16/34", "White", 2)],
        event: None,
        tags: &["interview"],
        notes: "Needs it by Friday: job interview.",
        days_ago: 3,
        path: THROUGH_PRODUCTION,
    },
    DemoOrder {
        customer: (
            "Aisha Rahman",
            "aisha.rahman@example.com",
            "+1 312 555 0188",
        ),
        city: CHICAGO,
        priority: "rush",
        lines: &[(4, "38R", "Ivory", 1)],
        event: Some(("other", "2027-01-15")),
        tags: &["gala"],
        notes: "Charity gala.",
        days_ago: 2,
        path: &[(PaymentConfirmed, None)],
    },
    DemoOrder {
        customer: (
            "William Ashford",
            "w.ashford@example.com",
            "+1 269 555 0100",
        ),
        city: KALAMAZOO,
        priority: "vip_customer",
        lines: &[
            (1, "44R", "Charcoal", 1),
            (9, "XL", "Camel", 1),
            (11, "", "Navy", 2),
        ],
        event: None,
        tags: &["bespoke"],
        notes: "Long-standing client. Hand-finished buttonholes.",
        days_ago: 9,
        path: COMPLETED,
    },
    DemoOrder {
        customer: ("Eleanor Whitfield", "eleanor@whitfield.example", ""),
        city: GRAND_RAPIDS,
        priority: "vip_customer",
        lines: &[(9, "L", "Charcoal", 1)],
        event: None,
        tags: &["gift"],
        notes: "Gift for her husband; wrap it.",
        days_ago: 6,
        path: DELIVERED,
    },
    // Everyday orders across the lifecycle.
    DemoOrder {
        customer: ("Samuel Ortiz", "sam.ortiz@example.com", ""),
        city: DETROIT,
        priority: "normal",
        lines: &[(5, "15/33", "White", 3), (7, "", "Burgundy", 1)],
        event: None,
        tags: &[],
        notes: "",
        days_ago: 15,
        path: DELIVERED,
    },
    DemoOrder {
        customer: ("Henry Park", "henry.park@example.com", "+1 616 555 0150"),
        city: GRAND_RAPIDS,
        priority: "high",
        lines: &[(0, "40R", "Navy", 1)],
        event: None,
        tags: &[],
        notes: "",
        days_ago: 8,
        path: &[
            (PaymentConfirmed, None),
            (Processing, None),
            (InProduction, None),
            (QualityCheck, None),
            (
                Exception,
                Some("Sleeve length cut 1 in short; recut ordered"),
            ),
        ],
    },
    DemoOrder {
        customer: ("Noah Schmidt", "noah.schmidt@example.com", ""),
        city: CHICAGO,
        priority: "low",
        lines: &[(10, "10", "Black", 1)],
        event: None,
        tags: &[],
        notes: "",
        days_ago: 14,
        path: &[(Cancelled, Some("Customer found shoes elsewhere"))],
    },
    DemoOrder {
        customer: ("Grace Lee", "grace.lee@example.com", ""),
        city: KALAMAZOO,
        priority: "normal",
        lines: &[(11, "", "Burgundy", 4)],
        event: None,
        tags: &["groomsmen gifts"],
        notes: "",
        days_ago: 1,
        path: &[],
    },
    DemoOrder {
        customer: ("Isaac Turner", "isaac.turner@example.com", ""),
        city: DETROIT,
        priority: "urgent",
        lines: &[(2, "46R", "Black", 1), (10, "11", "Black", 1)],
        event: Some(("other", "2026-12-05")),
        tags: &[],
        notes: "Opera opening night.",
        days_ago: 4,
        path: &[
            (PaymentConfirmed, None),
            (Processing, None),
            (Packaging, None),
            (Shipped, None),
        ],
    },
];

/// Loads the demo orders into an empty desk. Refuses a desk that already has
/// orders, so a stray click never mixes demo data into real work.
pub fn load_demo_data(desk: &mut Desk, actor: &Actor, now: DateTime<Utc>) -> DeskResult<usize> {
    if !actor.role.permits(Permission::CreateOrders) {
        return Err(DeskError::Forbidden {
            role: actor.role,
            permission: Permission::CreateOrders,
        });
    }
    if desk.status_counts()?.iter().any(|c| c.count > 0) {
        return Err(DeskError::Conflict(
            "demo data can only be loaded into an empty desk".into(),
        ));
    }
    desk.write(|tx| {
        for demo in DEMO_ORDERS {
            let mut at = now - Duration::days(demo.days_ago);
            let order_id = create_in(tx, Uuid::now_v7(), actor, demo.draft(), at)?;
            for (to, reason) in demo.path {
                at += Duration::hours(5);
                let command = Command::ChangeStatus {
                    order_id,
                    to: *to,
                    reason: reason.map(str::to_owned),
                };
                apply_in(
                    tx,
                    &CommandEnvelope::new(Uuid::now_v7(), at, actor.clone(), command),
                    HistorySource::User,
                )?;
            }
        }
        Ok(DEMO_ORDERS.len())
    })
}

impl DemoOrder {
    fn draft(&self) -> OrderDraft {
        let (name, email, phone) = self.customer;
        let (city, region, postal_code, country) = self.city;
        let items = self
            .lines
            .iter()
            .map(|&(index, size, colour, quantity)| {
                let product = &CATALOGUE[index];
                ItemDraft {
                    product_name: product.name.into(),
                    sku: format!("{}-{}", product.sku, size.replace('/', "-"))
                        .trim_end_matches('-')
                        .into(),
                    size: size.into(),
                    colour: colour.into(),
                    measurements: if product.tailored {
                        measurements(size)
                    } else {
                        Vec::new()
                    },
                    quantity,
                    unit_price: product.price,
                }
            })
            .collect();
        let subtotal: i64 = self
            .lines
            .iter()
            .map(|&(i, _, _, q)| CATALOGUE[i].price * q)
            .sum();
        OrderDraft {
            customer: CustomerDraft {
                name: name.into(),
                email: email.into(),
                phone: phone.into(),
            },
            shipping_address: AddressDraft {
                line1: format!("{} Main Street", 100 + name.len() * 7),
                line2: String::new(),
                city: city.into(),
                region: region.into(),
                postal_code: postal_code.into(),
                country: country.into(),
            },
            priority: self.priority.into(),
            currency: "USD".into(),
            items,
            // 6% sales tax, rounded down to the cent; free shipping over $500.
            tax: subtotal * 6 / 100,
            shipping: if subtotal >= 50_000 { 0 } else { 1_500 },
            discount: 0,
            notes: self.notes.into(),
            tags: self.tags.iter().map(|t| (*t).into()).collect(),
            event_kind: self.event.map(|e| e.0.into()).unwrap_or_default(),
            event_date: self.event.map(|e| e.1.into()).unwrap_or_default(),
        }
    }
}

/// Chest, waist and sleeve for a jacket size such as `42L`.
fn measurements(size: &str) -> Vec<MeasurementDraft> {
    let chest: u32 = size
        .trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .unwrap_or(40);
    let sleeve = match size.chars().last() {
        Some('S') => "32.5",
        Some('L') => "35",
        _ => "33.5",
    };
    [
        ("chest", chest.to_string()),
        ("waist", (chest - 6).to_string()),
        ("sleeve", sleeve.to_string()),
    ]
    .into_iter()
    .map(|(name, value)| MeasurementDraft {
        name: name.into(),
        value,
        unit: "in".into(),
    })
    .collect()
}

const FIRST_NAMES: &[&str] = &[
    "James", "Oliver", "Liam", "Noah", "Ethan", "Lucas", "Mason", "Logan", "Henry", "Owen",
    "Samuel", "Jack", "Leo", "Isaac", "Miles", "Adrian", "Felix", "Hugo", "Arthur", "Theo",
    "Amara", "Grace", "Priya", "Sofia",
];
const LAST_NAMES: &[&str] = &[
    "Carter", "Nguyen", "Bell", "Fischer", "Ortega", "Brooks", "Ellis", "Price", "Hale", "Rahman",
    "Ashford", "Park", "Schmidt", "Lee", "Turner", "Okafor", "Kowalski", "Moreau", "Jensen",
    "Silva", "Tanaka", "Walsh",
];

/// A varied, valid order with three items, deterministic in `n`: the
/// benchmarks' workload.
pub fn synthetic_draft(n: u64) -> OrderDraft {
    let pick = |list: &[&'static str], salt: u64| {
        list[((n.wrapping_mul(2_654_435_761) ^ salt) % list.len() as u64) as usize]
    };
    let first = pick(FIRST_NAMES, 1);
    let last = pick(LAST_NAMES, 7);
    let items = (0..3u64)
        .map(|k| {
            let product = &CATALOGUE[((n + k * 5) % CATALOGUE.len() as u64) as usize];
            ItemDraft {
                product_name: product.name.into(),
                sku: format!("{}-{}", product.sku, 36 + (n + k) % 12 * 2),
                size: format!("{}R", 36 + (n + k) % 12 * 2),
                colour: pick(&["Navy", "Black", "Charcoal", "Ivory", "Burgundy"], k).into(),
                measurements: Vec::new(),
                quantity: 1 + ((n + k) % 3) as i64,
                unit_price: product.price,
            }
        })
        .collect();
    OrderDraft {
        customer: CustomerDraft {
            name: format!("{first} {last}"),
            email: format!(
                "{}.{}{}@example.com",
                first.to_lowercase(),
                last.to_lowercase(),
                n % 10_000
            ),
            phone: String::new(),
        },
        shipping_address: AddressDraft {
            line1: format!("{} Main Street", 1 + n % 900),
            line2: String::new(),
            city: "Kalamazoo".into(),
            region: "MI".into(),
            postal_code: "49007".into(),
            country: "US".into(),
        },
        priority: packdesk_domain::Priority::ALL[(n % 8) as usize]
            .as_str()
            .into(),
        currency: "USD".into(),
        items,
        tax: 1_000,
        shipping: 1_500,
        ..OrderDraft::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_and_synthetic_draft_is_valid() {
        for demo in DEMO_ORDERS {
            if let Err(errors) = demo.draft().validate() {
                panic!("{}: {errors}", demo.customer.0);
            }
        }
        for n in 0..500 {
            synthetic_draft(n).validate().unwrap();
        }
    }
}

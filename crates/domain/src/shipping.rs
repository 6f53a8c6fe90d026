//! Parcels, package templates, bought labels and printer settings: the
//! shipping rules the desk, the UI and (later) the server share.
//!
//! Sizes and weights are [`Tenths`] (inches and ounces to one decimal, as
//! carriers want them), never floats, so a weight read back is the weight sent.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Minor};
use crate::order::Item;
use crate::status::string_enum;
use crate::validate::{single_line, ValidationErrors};

/// A non-negative decimal with one digit after the point, stored as an integer
/// count of tenths: `15.4` oz is `Tenths(154)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tenths(pub u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a plain number with at most one decimal, such as 15.4")]
pub struct TenthsError;

impl FromStr for Tenths {
    type Err = TenthsError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), "0"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(fraction) || fraction.len() > 1 {
            return Err(TenthsError);
        }
        let whole: u32 = whole.parse().map_err(|_| TenthsError)?;
        let tenth: u32 = fraction.parse().map_err(|_| TenthsError)?;
        whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(tenth))
            .map(Tenths)
            .ok_or(TenthsError)
    }
}

impl TryFrom<String> for Tenths {
    type Error = TenthsError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Tenths> for String {
    fn from(value: Tenths) -> Self {
        value.to_string()
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// The largest box and heaviest parcel the desk accepts: beyond this no parcel
/// carrier quotes, so it is a typing slip.
pub const MAX_DIMENSION: Tenths = Tenths(1080);
pub const MAX_WEIGHT_OZ: Tenths = Tenths(24_000);

/// A box: dimensions in inches, weight in ounces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parcel {
    pub length_in: Tenths,
    pub width_in: Tenths,
    pub height_in: Tenths,
    pub weight_oz: Tenths,
}

/// A parcel as typed into the Shipping tab (or filled by a scale).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParcelDraft {
    pub length_in: String,
    pub width_in: String,
    pub height_in: String,
    pub weight_oz: String,
}

impl ParcelDraft {
    pub fn validate(&self) -> Result<Parcel, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut read = |field: &str, text: &str, max: Tenths| match text.parse::<Tenths>() {
            Ok(Tenths(0)) => {
                errors.add(format!("parcel.{field}"), "must be more than 0");
                Tenths(0)
            }
            Ok(value) if value > max => {
                errors.add(format!("parcel.{field}"), format!("must be at most {max}"));
                value
            }
            Ok(value) => value,
            Err(e) => {
                errors.add(format!("parcel.{field}"), e.to_string());
                Tenths(0)
            }
        };
        let parcel = Parcel {
            length_in: read("length_in", &self.length_in, MAX_DIMENSION),
            width_in: read("width_in", &self.width_in, MAX_DIMENSION),
            height_in: read("height_in", &self.height_in, MAX_DIMENSION),
            weight_oz: read("weight_oz", &self.weight_oz, MAX_WEIGHT_OZ),
        };
        errors.finish(parcel)
    }
}

impl From<Parcel> for ParcelDraft {
    fn from(parcel: Parcel) -> Self {
        ParcelDraft {
            length_in: parcel.length_in.to_string(),
            width_in: parcel.width_in.to_string(),
            height_in: parcel.height_in.to_string(),
            weight_oz: parcel.weight_oz.to_string(),
        }
    }
}

/// A box the store keeps on the shelf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageTemplate {
    pub name: String,
    pub length_in: Tenths,
    pub width_in: Tenths,
    pub height_in: Tenths,
    /// The empty box and its packing.
    pub empty_weight_oz: Tenths,
    /// Holds up to this many garments (accessories go anywhere); `None` for
    /// a box sized by hand.
    pub holds_garments: Option<u32>,
}

/// The boxes a menswear shop ships in. The seed's default parcel (12x9x3 in,
/// 16 oz) is the shirt box.
pub fn standard_templates() -> Vec<PackageTemplate> {
    let template = |name: &str, l, w, h, empty, holds| PackageTemplate {
        name: name.into(),
        length_in: Tenths(l),
        width_in: Tenths(w),
        height_in: Tenths(h),
        empty_weight_oz: Tenths(empty),
        holds_garments: holds,
    };
    vec![
        template("Accessory mailer 10x7x2", 100, 70, 20, 30, Some(0)),
        template("Shirt box 12x9x3", 120, 90, 30, 60, Some(2)),
        template("Suit box 24x14x4", 240, 140, 40, 160, Some(3)),
        template(
            "Wedding party carton 24x18x12",
            240,
            180,
            120,
            400,
            Some(12),
        ),
    ]
}

/// What an item weighs packed, guessed from its name: ties weigh ounces,
/// suits pounds. Unknown products weigh like a shirt.
fn item_weight_oz(product_name: &str) -> u32 {
    let name = product_name.to_lowercase();
    let heavy = [
        ("tuxedo", 560),
        ("suit", 560),
        ("overcoat", 640),
        ("coat", 480),
        ("blazer", 320),
        ("jacket", 320),
        ("vest", 120),
        ("waistcoat", 120),
        ("trouser", 200),
        ("pants", 200),
        ("shoe", 400),
        ("tie", 30),
        ("bow", 20),
        ("pocket square", 10),
        ("cufflink", 10),
        ("belt", 60),
        ("suspender", 40),
        ("shirt", 100),
    ];
    heavy
        .iter()
        .find(|(word, _)| name.contains(word))
        .map_or(100, |(_, tenths)| *tenths)
}

fn is_accessory(product_name: &str) -> bool {
    item_weight_oz(product_name) <= 60
}

fn is_tailored(product_name: &str) -> bool {
    item_weight_oz(product_name) >= 320
}

/// The box and weight the desk proposes for an order: the smallest template
/// that fits its items, and the items' weight plus the box's. The packer can
/// change both; a scale can fill the weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSuggestion {
    /// Index into the templates offered.
    pub template: usize,
    pub parcel: Parcel,
}

pub fn suggest_package(items: &[Item], templates: &[PackageTemplate]) -> Option<PackageSuggestion> {
    let garments: u32 = items
        .iter()
        .filter(|item| !is_accessory(&item.product_name))
        .map(|item| u32::try_from(item.quantity).unwrap_or(u32::MAX))
        .fold(0u32, u32::saturating_add);
    let tailored = items.iter().any(|item| is_tailored(&item.product_name));
    let weight: u32 = items
        .iter()
        .map(|item| {
            item_weight_oz(&item.product_name)
                .saturating_mul(u32::try_from(item.quantity).unwrap_or(u32::MAX))
        })
        .fold(0u32, u32::saturating_add);
    // Tailored garments travel flat in a suit-length box, never folded small.
    let min_length = if tailored { Tenths(240) } else { Tenths(0) };
    let fits = |t: &PackageTemplate| {
        t.length_in >= min_length && t.holds_garments.is_some_and(|n| n >= garments)
    };
    let volume = |t: &PackageTemplate| {
        u64::from(t.length_in.0) * u64::from(t.width_in.0) * u64::from(t.height_in.0)
    };
    let (index, template) = templates
        .iter()
        .enumerate()
        .filter(|(_, t)| fits(t))
        .min_by_key(|(_, t)| volume(t))
        .or_else(|| templates.iter().enumerate().max_by_key(|(_, t)| volume(t)))?;
    Some(PackageSuggestion {
        template: index,
        parcel: Parcel {
            length_in: template.length_in,
            width_in: template.width_in,
            height_in: template.height_in,
            weight_oz: Tenths(
                weight
                    .saturating_add(template.empty_weight_oz.0)
                    .min(MAX_WEIGHT_OZ.0),
            ),
        },
    })
}

/// The postage bought for an order: what the `ShipOrder` command records and
/// sync sends on. The label file itself stays on the desk that bought it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingLabel {
    /// The carrier API's shipment id (`shp_…`).
    pub carrier_shipment_id: String,
    pub carrier: String,
    pub service: String,
    pub cost: Minor,
    pub currency: Currency,
    pub tracking_code: String,
}

impl ShippingLabel {
    /// `USPS Priority 9405…` for history lines and toasts.
    pub fn describe(&self) -> String {
        format!("{} {} {}", self.carrier, self.service, self.tracking_code)
    }
}

// ------------------------------------------------------------------ printers

string_enum! {
    /// How the desk reaches a printer.
    PrinterKind {
        RawTcp = "raw_tcp" / "Thermal printer on TCP port 9100",
        Ipp = "ipp" / "IPP / CUPS printer",
        WindowsSpooler = "windows_spooler" / "Windows printer",
    }
}

string_enum! {
    /// What a printer understands.
    PrinterLanguage {
        Zpl = "zpl" / "ZPL (thermal labels)",
        Pdf = "pdf" / "PDF (paper)",
    }
}

string_enum! {
    /// What a printer is for on this desk: labels (4x6 thermal) or paper
    /// (packing slips and pick lists).
    PrinterUse {
        Labels = "labels" / "Shipping labels",
        Documents = "documents" / "Packing slips and pick lists",
    }
}

/// A printer as stored and shown: every field checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterSettings {
    pub name: String,
    pub kind: PrinterKind,
    /// `host:port` for raw TCP, an `ipp://` URI for IPP, the
    /// installed name for the Windows spooler.
    pub address: String,
    pub language: PrinterLanguage,
    /// 203 or 300; ZPL is laid out in this printer's dots.
    pub dpi: u32,
    pub label_width_in: Tenths,
    pub label_height_in: Tenths,
    pub used_for: PrinterUse,
}

/// A printer as typed into Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterDraft {
    pub name: String,
    pub kind: String,
    pub address: String,
    pub language: String,
    pub dpi: String,
    pub label_width_in: String,
    pub label_height_in: String,
    pub used_for: String,
}

impl Default for PrinterDraft {
    fn default() -> Self {
        PrinterDraft {
            name: String::new(),
            kind: "raw_tcp".into(),
            address: String::new(),
            language: "zpl".into(),
            dpi: "203".into(),
            label_width_in: "4.0".into(),
            label_height_in: "6.0".into(),
            used_for: "labels".into(),
        }
    }
}

impl PrinterDraft {
    pub fn validate(&self) -> Result<PrinterSettings, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = single_line(&mut errors, "name", &self.name, true, 60);
        let kind = self.kind.parse::<PrinterKind>().ok();
        if kind.is_none() {
            errors.add("kind", "must be raw_tcp, ipp or windows_spooler");
        }
        let address = single_line(&mut errors, "address", &self.address, true, 300);
        match kind {
            Some(PrinterKind::RawTcp) if !address.is_empty() => {
                let port_ok = address.rsplit_once(':').is_some_and(|(host, port)| {
                    !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0)
                });
                if !port_ok {
                    errors.add("address", "must be host:port, such as 192.168.1.50:9100");
                }
            }
            Some(PrinterKind::Ipp) if !(address.is_empty() || address.starts_with("ipp://")) => {
                // ipps:// would need a TLS stack in the printing crate; CUPS
                // queues and bench printers on the LAN speak plain ipp://.
                errors.add(
                    "address",
                    "must be an ipp:// address, such as ipp://localhost:631/printers/Office",
                );
            }
            _ => {}
        }
        let language = self.language.parse::<PrinterLanguage>().ok();
        if language.is_none() {
            errors.add("language", "must be zpl or pdf");
        }
        if kind == Some(PrinterKind::RawTcp) && language == Some(PrinterLanguage::Pdf) {
            errors.add("language", "a raw TCP printer takes ZPL");
        }
        let dpi = match self.dpi.trim() {
            "203" => 203,
            "300" => 300,
            _ => {
                errors.add("dpi", "must be 203 or 300");
                0
            }
        };
        let mut size = |field: &str, text: &str| match text.parse::<Tenths>() {
            Ok(value) if value.0 >= 10 && value <= Tenths(170) => value,
            _ => {
                errors.add(field, "must be between 1 and 17 inches");
                Tenths(0)
            }
        };
        let label_width_in = size("label_width_in", &self.label_width_in);
        let label_height_in = size("label_height_in", &self.label_height_in);
        let used_for = self.used_for.parse::<PrinterUse>().ok();
        if used_for.is_none() {
            errors.add("used_for", "must be labels or documents");
        }
        match (kind, language, used_for) {
            (Some(kind), Some(language), Some(used_for)) => errors.finish(PrinterSettings {
                name,
                kind,
                address,
                language,
                dpi,
                label_width_in,
                label_height_in,
                used_for,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&PrinterSettings> for PrinterDraft {
    fn from(printer: &PrinterSettings) -> Self {
        PrinterDraft {
            name: printer.name.clone(),
            kind: printer.kind.as_str().into(),
            address: printer.address.clone(),
            language: printer.language.as_str().into(),
            dpi: printer.dpi.to_string(),
            label_width_in: printer.label_width_in.to_string(),
            label_height_in: printer.label_height_in.to_string(),
            used_for: printer.used_for.as_str().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::tests::draft;

    #[test]
    fn tenths_read_and_print_one_decimal() {
        assert_eq!("15.4".parse(), Ok(Tenths(154)));
        assert_eq!("10".parse(), Ok(Tenths(100)));
        assert_eq!(Tenths(154).to_string(), "15.4");
        assert_eq!(Tenths(50).to_string(), "5.0");
        for bad in ["", ".", "1.", ".5", "1.25", "-1", "1e3", "4294967296"] {
            assert_eq!(bad.parse::<Tenths>(), Err(TenthsError), "{bad:?}");
        }
    }

    #[test]
    fn a_parcel_names_every_bad_field() {
        let bad = ParcelDraft {
            length_in: "12".into(),
            width_in: "0".into(),
            height_in: "three".into(),
            weight_oz: "99999".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert_eq!(
            errors.reason_for("parcel.width_in"),
            Some("must be more than 0")
        );
        assert!(errors.reason_for("parcel.height_in").is_some());
        assert_eq!(
            errors.reason_for("parcel.weight_oz"),
            Some("must be at most 2400.0")
        );
        assert_eq!(errors.reason_for("parcel.length_in"), None);
    }

    fn items(names: &[(&str, i64)]) -> Vec<Item> {
        let mut order = draft();
        order.items = names
            .iter()
            .map(|(name, quantity)| crate::order::ItemDraft {
                product_name: (*name).into(),
                sku: "SKU-1".into(),
                quantity: *quantity,
                unit_price: 1000,
                ..Default::default()
            })
            .collect();
        order.validate().unwrap().items
    }

    #[test]
    fn a_shirt_goes_in_the_seed_default_box() {
        let templates = standard_templates();
        let suggestion = suggest_package(&items(&[("Oxford shirt", 1)]), &templates).unwrap();
        assert_eq!(templates[suggestion.template].name, "Shirt box 12x9x3");
        // 10 oz of shirt + 6 oz of box: the seed's 12x9x3 in, 16 oz parcel.
        assert_eq!(
            suggestion.parcel,
            Parcel {
                length_in: Tenths(120),
                width_in: Tenths(90),
                height_in: Tenths(30),
                weight_oz: Tenths(160),
            }
        );
    }

    #[test]
    fn suits_travel_flat_and_accessories_in_a_mailer() {
        let templates = standard_templates();
        let suit =
            suggest_package(&items(&[("Navy suit", 1), ("Silk tie", 2)]), &templates).unwrap();
        assert_eq!(templates[suit.template].name, "Suit box 24x14x4");
        assert_eq!(suit.parcel.weight_oz, Tenths(560 + 2 * 30 + 160));
        let ties = suggest_package(&items(&[("Silk tie", 3)]), &templates).unwrap();
        assert_eq!(templates[ties.template].name, "Accessory mailer 10x7x2");
        let party = suggest_package(&items(&[("Tuxedo", 5)]), &templates).unwrap();
        assert_eq!(
            templates[party.template].name,
            "Wedding party carton 24x18x12"
        );
        let too_many = suggest_package(&items(&[("Tuxedo", 40)]), &templates).unwrap();
        assert_eq!(
            templates[too_many.template].name, "Wedding party carton 24x18x12",
            "nothing fits: the biggest box is proposed"
        );
        assert_eq!(suggest_package(&items(&[("Tie", 1)]), &[]), None);
    }

    #[test]
    fn printers_are_checked_field_by_field() {
        let good = PrinterDraft {
            name: "Bench Zebra".into(),
            address: "192.168.1.50:9100".into(),
            ..PrinterDraft::default()
        };
        let printer = good.validate().unwrap();
        assert_eq!(printer.kind, PrinterKind::RawTcp);
        assert_eq!(printer.dpi, 203);
        assert_eq!(
            (printer.label_width_in, printer.label_height_in),
            (Tenths(40), Tenths(60))
        );
        assert_eq!(PrinterDraft::from(&printer), good);

        let bad = PrinterDraft {
            name: String::new(),
            address: "192.168.1.50".into(),
            language: "pdf".into(),
            dpi: "600".into(),
            label_width_in: "0.5".into(),
            used_for: "coffee".into(),
            ..PrinterDraft::default()
        };
        let errors = bad.validate().unwrap_err();
        for field in [
            "name",
            "address",
            "language",
            "dpi",
            "label_width_in",
            "used_for",
        ] {
            assert!(errors.reason_for(field).is_some(), "{field}: {errors}");
        }
        let ipp = PrinterDraft {
            name: "Office laser".into(),
            kind: "ipp".into(),
            address: "http://printer".into(),
            language: "pdf".into(),
            used_for: "documents".into(),
            ..PrinterDraft::default()
        };
        assert_eq!(
            ipp.validate().unwrap_err().reason_for("address"),
            Some("must be an ipp:// address, such as ipp://localhost:631/printers/Office")
        );
    }
}

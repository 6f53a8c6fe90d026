//! Sample documents and PNG images built in code.

use chrono::NaiveDate;
use packdesk_printing::{
    Dpi, LabelSize, PackingSlip, PickList, PickOrder, PrinterLanguage, PrinterSpec, SlipLine,
};

pub fn line(sku: &str, product: &str, size: &str, colour: &str, quantity: i64) -> SlipLine {
    SlipLine {
        sku: sku.into(),
        product_name: product.into(),
        size: size.into(),
        colour: colour.into(),
        quantity,
    }
}

pub fn slip() -> PackingSlip {
    PackingSlip {
        store_name: "Thread & Needle Tailors".into(),
        ship_from: vec!["12 Mill Lane".into(), "Portland, OR 97201".into()],
        order_number: "K7QX-00042".into(),
        ordered_on: NaiveDate::from_ymd_opt(2025, 3, 14).expect("valid date"),
        customer_name: "Zoë Martín".into(),
        ship_to: vec![
            "48 Harbour Road".into(),
            "Seattle, WA 98101".into(),
            "US".into(),
        ],
        lines: vec![
            line("SUIT-NVY-40R", "Wedding suit", "40R", "Navy", 1),
            line("TIE-SLK-BLU", "Silk tie", "", "Blue", 2),
        ],
        notes: "Happy wedding day! Love, Gran".into(),
        tracking_code: Some("9400111899223344556677".into()),
        carrier_service: Some("USPS Priority Mail".into()),
    }
}

pub fn spec(dpi: Dpi) -> PrinterSpec {
    PrinterSpec {
        language: PrinterLanguage::Zpl,
        dpi,
        label: LabelSize::default(),
    }
}

/// Three orders that all want the same black tee in M (1 + 2 + 3) plus one
/// in L, and a pair of socks.
pub fn pick_list() -> PickList {
    let order = |number: &str, customer: &str, lines: Vec<SlipLine>| PickOrder {
        order_number: number.into(),
        customer_name: customer.into(),
        lines,
    };
    PickList {
        title: "Morning pick".into(),
        generated_at: "2025-03-14 08:30".into(),
        orders: vec![
            order(
                "A-1",
                "Ann",
                vec![
                    line("TEE-BLK", "Tee", "M", "Black", 1),
                    line("SOCK-GRY", "Socks", "", "Grey", 1),
                ],
            ),
            order(
                "A-2",
                "Bob",
                vec![
                    line("TEE-BLK", "Tee", "M", "Black", 2),
                    line("TEE-BLK", "Tee", "L", "Black", 1),
                ],
            ),
            order("A-3", "Cat", vec![line("TEE-BLK", "Tee", "M", "Black", 3)]),
        ],
    }
}

/// A pick list of `lines` distinct SKUs (`SKU-0000`..) spread over ten orders.
pub fn long_pick_list(lines: usize) -> PickList {
    let mut orders: Vec<PickOrder> = (0..10)
        .map(|n| PickOrder {
            order_number: format!("B-{n}"),
            customer_name: format!("Customer {n}"),
            lines: Vec::new(),
        })
        .collect();
    for i in 0..lines {
        orders[i % 10]
            .lines
            .push(line(&format!("SKU-{i:04}"), "Linen shirt", "M", "White", 1));
    }
    PickList {
        title: "Big pick".into(),
        generated_at: "today".into(),
        orders,
    }
}

/// Encodes a PNG with the given layout; `data` is in that layout's samples.
pub fn png(
    width: u32,
    height: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    palette: Option<&[u8]>,
    data: &[u8],
) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if let Some(palette) = palette {
            encoder.set_palette(palette.to_vec());
        }
        let mut writer = encoder.write_header().expect("png header");
        writer.write_image_data(data).expect("png data");
    }
    out
}

/// An 8-bit gray PNG drawn by `black(x, y)`.
pub fn gray_png(width: u32, height: u32, black: impl Fn(u32, u32) -> bool) -> Vec<u8> {
    let data: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| if black(x, y) { 0 } else { 255 })
        .collect();
    png(
        width,
        height,
        png::ColorType::Grayscale,
        png::BitDepth::Eight,
        None,
        &data,
    )
}

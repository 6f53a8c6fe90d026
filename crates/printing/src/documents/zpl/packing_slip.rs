//! The packing slip as thermal labels.

use super::layout::{one_line, wrapped, Item, Pages, Scale};
use crate::{PackingSlip, PrinterSpec};

const TITLE: f32 = 16.0;
const HEADING: f32 = 11.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;

pub(crate) fn render(slip: &PackingSlip, spec: &PrinterSpec) -> String {
    let scale = Scale::new(spec);
    let width = scale.content_width();
    let order = format!("Order {}", slip.order_number.trim());

    let mut first_header = vec![
        one_line(&scale, HEADING, 0, width, &slip.store_name),
        one_line(&scale, TITLE, 0, width, &order),
        one_line(
            &scale,
            SMALL,
            0,
            width,
            &format!(
                "Packing slip - ordered {}",
                slip.ordered_on.format("%-d %b %Y")
            ),
        ),
    ];
    let number = slip.order_number.trim();
    if is_scannable(number) && scale.code128_width(number.len()) <= width {
        first_header.push(Item::Gap(4.0));
        first_header.push(Item::Barcode {
            data: number.to_owned(),
            height: 28.0,
        });
    }
    first_header.push(Item::Gap(4.0));
    first_header.push(one_line(&scale, SMALL, 0, width, "SHIP TO"));
    first_header.push(one_line(&scale, BODY, 0, width, &slip.customer_name));
    for line in &slip.ship_to {
        first_header.push(one_line(&scale, BODY, 0, width, line));
    }
    let shipping = [
        slip.carrier_service.as_deref(),
        slip.tracking_code.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" - ");
    if !shipping.is_empty() {
        first_header.push(one_line(
            &scale,
            SMALL,
            0,
            width,
            &format!("Shipped: {shipping}"),
        ));
    }
    first_header.push(Item::Rule);

    let next_header = vec![
        one_line(&scale, HEADING, 0, width, &format!("{order} (continued)")),
        Item::Rule,
    ];

    let indent = scale.pt(BODY) * 3;
    let mut blocks: Vec<Vec<Item>> = slip
        .lines
        .iter()
        .map(|line| {
            let mut block = vec![one_line(
                &scale,
                BODY,
                0,
                width,
                &format!("{} x {}", line.quantity, line.sku),
            )];
            block.extend(wrapped(&scale, SMALL, indent, width, &line.description()));
            block.push(Item::Gap(2.0));
            block
        })
        .collect();
    blocks.push(vec![
        Item::Rule,
        one_line(
            &scale,
            BODY,
            0,
            width,
            &format!("Total items: {}", slip.total_quantity()),
        ),
    ]);
    let notes = wrapped(&scale, BODY, 0, width, &slip.notes);
    if !notes.is_empty() {
        blocks.push(vec![
            Item::Gap(6.0),
            one_line(&scale, SMALL, 0, width, "NOTES"),
        ]);
        blocks.extend(notes.into_iter().map(|line| vec![line]));
    }

    Pages {
        first_header,
        next_header,
        blocks,
        footer: order,
    }
    .render(spec)
}

/// Order numbers are `PREFIX-NNNNN`; anything else (a typed-in number with
/// spaces or symbols) gets no barcode rather than one a scanner misreads.
fn is_scannable(number: &str) -> bool {
    !number.is_empty()
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_order_numbers_get_a_barcode() {
        assert!(is_scannable("K7QX-00042"));
        assert!(!is_scannable(""));
        assert!(!is_scannable("A 1"));
        assert!(!is_scannable("A^XZ"));
    }
}

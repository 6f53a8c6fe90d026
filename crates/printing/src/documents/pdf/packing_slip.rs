//! The packing slip on Letter paper.

use super::doc::LETTER;
use super::flow::{self, leading, Cell, Column, Flow, Table, BODY, MARGIN, SMALL};
use super::text::{self, Font};
use crate::PackingSlip;

const STORE: f32 = 18.0;
/// Where the right-hand blocks (order, shipping) start.
const RIGHT_COLUMN: f32 = 340.0;

pub(crate) fn render(slip: &PackingSlip) -> Vec<u8> {
    let order = format!("Order {}", slip.order_number.trim());
    let mut flow = Flow::new(
        &format!("Packing slip \u{2013} {order}"),
        &format!("Packing slip \u{2013} {order} (continued)"),
    );
    header(&mut flow, slip);
    addresses(&mut flow, slip);

    let table = Table {
        columns: vec![
            Column {
                title: "",
                width: 20.0,
                cell: Cell::Checkbox,
            },
            Column {
                title: "Qty",
                width: 40.0,
                cell: Cell::Right,
            },
            Column {
                title: "SKU",
                width: 130.0,
                cell: Cell::Wrap,
            },
            Column {
                title: "Item",
                width: flow::content_width() - 190.0,
                cell: Cell::Wrap,
            },
        ],
    };
    flow.begin_table(&table);
    for line in &slip.lines {
        let quantity = line.quantity.to_string();
        let description = line.description();
        flow.row(&table, &["", &quantity, &line.sku, &description]);
    }
    flow.end_table();

    flow.reserve(leading(BODY) + 6.0);
    flow.advance(6.0);
    let total = text::encode(&format!("Total items: {}", slip.total_quantity()));
    let baseline = flow.y() + BODY;
    flow.page()
        .text(Font::Bold, BODY, MARGIN + 24.0, baseline, &total);
    flow.advance(leading(BODY));

    if !slip.notes.trim().is_empty() {
        flow.advance(12.0);
        flow.reserve(leading(SMALL) + leading(BODY));
        flow.line(Font::Bold, SMALL, 0.0, b"NOTES");
        flow.paragraph(Font::Regular, BODY, &slip.notes);
    }
    flow.finish(&order)
}

/// Store name and return address on the left, the order on the right.
fn header(flow: &mut Flow, slip: &PackingSlip) {
    let top = flow.y();
    let page = flow.page();
    let store = text::truncate(
        Font::Bold,
        STORE,
        &text::encode(&slip.store_name),
        RIGHT_COLUMN - MARGIN - 12.0,
    );
    page.text(Font::Bold, STORE, MARGIN, top + STORE, &store);
    let mut left_y = top + leading(STORE);
    for line in &slip.ship_from {
        let line = text::truncate(
            Font::Regular,
            SMALL,
            &text::encode(line),
            RIGHT_COLUMN - MARGIN - 12.0,
        );
        page.text(Font::Regular, SMALL, MARGIN, left_y + SMALL, &line);
        left_y += leading(SMALL);
    }

    let right_width = LETTER.0 - MARGIN - RIGHT_COLUMN;
    let right = LETTER.0 - MARGIN;
    page.text_right(Font::Bold, 12.0, right, top + 12.0, b"PACKING SLIP");
    let number = text::truncate(
        Font::Bold,
        12.0,
        &text::encode(&slip.order_number),
        right_width,
    );
    let date = text::encode(&slip.ordered_on.format("%-d %b %Y").to_string());
    let mut right_y = top + leading(12.0) + 6.0;
    page.text_right(Font::Regular, SMALL, right, right_y + SMALL, b"Order");
    right_y += leading(SMALL);
    page.text_right(Font::Bold, 12.0, right, right_y + 12.0, &number);
    right_y += leading(12.0);
    page.text_right(Font::Regular, SMALL, right, right_y + SMALL, b"Ordered on");
    right_y += leading(SMALL);
    page.text_right(Font::Regular, BODY, right, right_y + BODY, &date);
    right_y += leading(BODY);

    let bottom = left_y.max(right_y) + 14.0;
    page.line((MARGIN, bottom), (right, bottom), 0.8);
    flow.set_y(bottom + 14.0);
}

/// "Ship to" on the left, carrier and tracking on the right.
fn addresses(flow: &mut Flow, slip: &PackingSlip) {
    let top = flow.y();
    let left_width = RIGHT_COLUMN - MARGIN - 12.0;
    let page = flow.page();
    page.text(Font::Bold, SMALL, MARGIN, top + SMALL, b"SHIP TO");
    let mut y = top + leading(SMALL) + 2.0;
    let name = text::truncate(
        Font::Bold,
        11.0,
        &text::encode(&slip.customer_name),
        left_width,
    );
    page.text(Font::Bold, 11.0, MARGIN, y + 11.0, &name);
    y += leading(11.0);
    for line in &slip.ship_to {
        let line = text::truncate(Font::Regular, BODY, &text::encode(line), left_width);
        page.text(Font::Regular, BODY, MARGIN, y + BODY, &line);
        y += leading(BODY);
    }

    let mut right_y = top;
    let shipping = [
        ("SHIPPED WITH", slip.carrier_service.as_deref()),
        ("TRACKING", slip.tracking_code.as_deref()),
    ];
    let right_width = LETTER.0 - MARGIN - RIGHT_COLUMN;
    for (label, value) in shipping {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        page.text(
            Font::Bold,
            SMALL,
            RIGHT_COLUMN,
            right_y + SMALL,
            label.as_bytes(),
        );
        right_y += leading(SMALL) + 2.0;
        let value = text::truncate(Font::Regular, BODY, &text::encode(value), right_width);
        page.text(Font::Regular, BODY, RIGHT_COLUMN, right_y + BODY, &value);
        right_y += leading(BODY) + 6.0;
    }
    flow.set_y(y.max(right_y) + 18.0);
}

//! The pick list on Letter paper: one line per shelf stop, then the orders.

use super::flow::{self, leading, Cell, Column, Flow, Table, BODY, MARGIN, SMALL};
use super::text::{self, Font};
use crate::PickList;

const TITLE: f32 = 18.0;

pub(crate) fn render(list: &PickList) -> Vec<u8> {
    let title = if list.title.trim().is_empty() {
        "Pick list".to_owned()
    } else {
        list.title.trim().to_owned()
    };
    let mut flow = Flow::new(&title, &format!("{title} (continued)"));

    let top = flow.y();
    let page = flow.page();
    let heading = text::truncate(
        Font::Bold,
        TITLE,
        &text::encode(&title),
        flow::content_width(),
    );
    page.text(Font::Bold, TITLE, MARGIN, top + TITLE, &heading);
    let counts = format!(
        "{} orders \u{b7} {} pieces",
        list.orders.len(),
        list.total_quantity()
    );
    let summary = match list.generated_at.trim() {
        "" => counts,
        at => format!("{at} \u{b7} {counts}"),
    };
    let summary = text::truncate(
        Font::Regular,
        BODY,
        &text::encode(&summary),
        flow::content_width(),
    );
    page.text(
        Font::Regular,
        BODY,
        MARGIN,
        top + leading(TITLE) + BODY,
        &summary,
    );
    flow.set_y(top + leading(TITLE) + leading(BODY) + 16.0);

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
                width: 110.0,
                cell: Cell::Wrap,
            },
            Column {
                title: "Item",
                width: 190.0,
                cell: Cell::Wrap,
            },
            Column {
                title: "For orders",
                width: flow::content_width() - 360.0,
                cell: Cell::Wrap,
            },
        ],
    };
    flow.begin_table(&table);
    for pick in list.lines() {
        let quantity = pick.quantity.to_string();
        let description = pick.description();
        let orders = pick.order_numbers.join(", ");
        flow.row(&table, &["", &quantity, &pick.sku, &description, &orders]);
    }
    flow.end_table();

    flow.advance(16.0);
    flow.reserve(leading(SMALL) + leading(BODY));
    flow.line(Font::Bold, SMALL, 0.0, b"ORDERS IN THIS PICK");
    for order in &list.orders {
        let pieces: i64 = order
            .lines
            .iter()
            .fold(0i64, |sum, line| sum.saturating_add(line.quantity));
        let entry = format!(
            "{} \u{2013} {} ({pieces} pcs)",
            order.order_number, order.customer_name
        );
        let entry = text::truncate(
            Font::Regular,
            BODY,
            &text::encode(&entry),
            flow::content_width(),
        );
        flow.line(Font::Regular, BODY, 0.0, &entry);
    }
    flow.finish(&title)
}

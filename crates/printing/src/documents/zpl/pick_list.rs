//! The pick list as thermal labels: one block per shelf stop.

use super::layout::{one_line, wrapped, Item, Pages, Scale};
use crate::{PickList, PrinterSpec};

const HEADING: f32 = 12.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;

pub(crate) fn render(list: &PickList, spec: &PrinterSpec) -> String {
    let scale = Scale::new(spec);
    let width = scale.content_width();
    let title = match list.title.trim() {
        "" => "Pick list",
        title => title,
    };
    let counts = format!(
        "{} orders - {} pieces",
        list.orders.len(),
        list.total_quantity()
    );
    let summary = match list.generated_at.trim() {
        "" => counts,
        at => format!("{at} - {counts}"),
    };
    let first_header = vec![
        one_line(&scale, HEADING, 0, width, title),
        one_line(&scale, SMALL, 0, width, &summary),
        Item::Rule,
    ];
    let next_header = vec![
        one_line(&scale, HEADING, 0, width, &format!("{title} (continued)")),
        Item::Rule,
    ];

    let indent = scale.pt(BODY) * 3;
    let blocks = list
        .lines()
        .into_iter()
        .map(|pick| {
            let mut block = vec![one_line(
                &scale,
                BODY,
                0,
                width,
                &format!("[ ] {} x {}", pick.quantity, pick.sku),
            )];
            block.extend(wrapped(&scale, SMALL, indent, width, &pick.description()));
            block.extend(wrapped(
                &scale,
                SMALL,
                indent,
                width,
                &format!("for {}", pick.order_numbers.join(", ")),
            ));
            block.push(Item::Gap(3.0));
            block
        })
        .collect();

    Pages {
        first_header,
        next_header,
        blocks,
        footer: title.to_owned(),
    }
    .render(spec)
}

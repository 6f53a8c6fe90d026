//! The packing bench: scan an order, weigh it, buy and print its label, scan
//! the next one, without touching the mouse.
//!
//! A barcode scanner acting as a keyboard types the order number and Enter
//! into the scan box. The order opens with the Shipping panel ready and the
//! weight field focused for the scale; after the label is bought, focus goes
//! back to the scan box for the next parcel. F2 returns there at any time.

use std::rc::Rc;

use packdesk_domain::api::{ListQuery, OrderSummary, OrderView};
use packdesk_domain::order::Item;
use packdesk_domain::Role;
use uuid::Uuid;
use yew::prelude::*;

use crate::badges::StatusBadge;
use crate::bridge;
use crate::dom::{event_value, select_soon};
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::shipping::ShippingPanel;

const SCAN_INPUT: &str = "#scan-input";
/// Enough rows to find the exact number among prefix matches (`…-0004`
/// also matches `…-00040` to `…-00049`).
const SCAN_PAGE_SIZE: u32 = 20;

/// The order a scan names: the row whose number is exactly what was scanned,
/// ignoring case and surrounding blanks (scanners differ on both).
pub fn scanned_order<'a>(rows: &'a [OrderSummary], scanned: &str) -> Option<&'a OrderSummary> {
    let scanned = scanned.trim();
    rows.iter()
        .find(|row| row.order_number.eq_ignore_ascii_case(scanned))
}

/// `2 × Navy suit · 42R · Navy`: what the packer checks against the box.
pub fn item_line(item: &Item) -> String {
    let mut parts = vec![format!("{} × {}", item.quantity, item.product_name)];
    parts.extend(
        [&item.size, &item.colour]
            .into_iter()
            .filter(|part| !part.is_empty())
            .cloned(),
    );
    parts.join(" · ")
}

#[derive(Properties, PartialEq)]
pub struct PackingBenchProps {
    pub role: Option<Role>,
    pub on_open_order: Callback<Uuid>,
    pub on_open_settings: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Scan {
    Idle,
    Looking,
    /// Nothing matched, or the lookup failed: said under the scan box.
    Missed(String),
}

#[function_component]
pub fn PackingBench(props: &PackingBenchProps) -> Html {
    let text = use_state(String::new);
    let scan = use_state(|| Scan::Idle);
    let order = use_state(|| None::<Rc<OrderView>>);
    // Only the newest scan may open an order: scans can outrun lookups.
    let latest_scan = use_mut_ref(|| 0u64);

    // `autofocus` is ignored on elements added after the page loaded.
    use_effect_with((), |_| select_soon(SCAN_INPUT.into()));
    use_shortcuts(Callback::from(move |shortcut| {
        if shortcut == Shortcut::FocusScan {
            select_soon(SCAN_INPUT.into());
        }
    }));

    let look_up = {
        let text = text.clone();
        let scan = scan.clone();
        let order = order.clone();
        Callback::from(move |scanned: String| {
            let scanned = scanned.trim().to_string();
            if scanned.is_empty() {
                return;
            }
            let request = {
                let mut latest = latest_scan.borrow_mut();
                *latest += 1;
                *latest
            };
            scan.set(Scan::Looking);
            let (text, scan, order, latest_scan) = (
                text.clone(),
                scan.clone(),
                order.clone(),
                latest_scan.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let query = ListQuery {
                    search: scanned.clone(),
                    page_size: SCAN_PAGE_SIZE,
                    ..ListQuery::default()
                };
                let found = match bridge::list_orders(&query).await {
                    Ok(page) => match scanned_order(&page.rows, &scanned) {
                        Some(row) => bridge::get_order(row.id).await.map(Some),
                        None => Ok(None),
                    },
                    Err(error) => Err(error),
                };
                if *latest_scan.borrow() != request {
                    return;
                }
                match found {
                    Ok(Some(view)) => {
                        scan.set(Scan::Idle);
                        // Cleared, so the next scan never lands after this one.
                        text.set(String::new());
                        order.set(Some(Rc::new(view)));
                    }
                    Ok(None) => {
                        scan.set(Scan::Missed(format!("No order {scanned}")));
                        select_soon(SCAN_INPUT.into());
                    }
                    Err(error) => {
                        scan.set(Scan::Missed(error.message));
                        select_soon(SCAN_INPUT.into());
                    }
                }
            });
        })
    };

    let onkeydown = {
        let look_up = look_up.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                look_up.emit(event_value(&e));
            }
        })
    };
    let set_text = {
        let text = text.clone();
        Callback::from(move |value: String| text.set(value))
    };
    let open_click = {
        let look_up = look_up.clone();
        let text = text.clone();
        Callback::from(move |_: MouseEvent| look_up.emit((*text).clone()))
    };

    // After a label is bought, queued or voided: show the order's new status
    // and get ready for the next scan.
    let on_changed = {
        let order = order.clone();
        let scan = scan.clone();
        Callback::from(move |_: ()| {
            let Some(order_id) = order.as_ref().map(|o| o.order.id) else {
                return;
            };
            let (order, scan) = (order.clone(), scan.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::get_order(order_id).await {
                    Ok(view) => order.set(Some(Rc::new(view))),
                    Err(error) => scan.set(Scan::Missed(error.message)),
                }
            });
            select_soon(SCAN_INPUT.into());
        })
    };

    let message = match &*scan {
        Scan::Missed(text) => {
            html! { <p id="scan-message" class="field-error" role="alert">{ text }</p> }
        }
        Scan::Looking => {
            html! { <p class="muted small"><span class="spinner"></span>{ " Looking up…" }</p> }
        }
        Scan::Idle => html! {},
    };

    html! {
        <section id="bench" class="page bench-page">
            <header class="page-header">
                <div>
                    <h1>{ "Packing bench" }</h1>
                    <p class="muted">{ "Scan an order's barcode or type its number and press Enter. F2 returns to the scan box." }</p>
                </div>
            </header>
            <div class="card scan-card">
                <label for="scan-input" class="filter-label">{ "Order number" }</label>
                <div class="scan-row">
                    <input id="scan-input" class="input scan-input" type="text" autocomplete="off"
                        spellcheck="false" value={(*text).clone()} placeholder="K7QM-00042"
                        oninput={set_text.reform(|e: InputEvent| event_value(&e))}
                        onchange={set_text.reform(|e: Event| event_value(&e))} {onkeydown} />
                    <button type="button" id="scan-open" class="btn btn-secondary" onclick={open_click}>{ "Open" }</button>
                </div>
                { message }
            </div>
            if let Some(view) = (*order).clone() {
                { order_card(&view, &props.on_open_order) }
                <ShippingPanel key={view.order.id.to_string()} order_id={view.order.id} order_status={view.order.status}
                    role={props.role} {on_changed} on_open_settings={props.on_open_settings.clone()} focus_weight=true />
            } else {
                <div class="panel panel-empty">
                    <h2>{ "Ready to scan" }</h2>
                    <p class="muted">{ "The scanned order's items and shipping appear here." }</p>
                </div>
            }
        </section>
    }
}

fn order_card(view: &OrderView, on_open_order: &Callback<Uuid>) -> Html {
    let order = &view.order;
    let id = order.id;
    html! {
        <div id="bench-order" class="card bench-order" data-order-number={order.order_number.clone()}>
            <div class="section-head">
                <div class="title-block">
                    <h2 class="mono">{ &order.order_number }</h2>
                    <div class="badges"><StatusBadge id="bench-order-status" status={order.status} /></div>
                </div>
                <button type="button" id="bench-open-order" class="btn btn-ghost btn-small"
                    onclick={on_open_order.reform(move |_: MouseEvent| id)}>{ "Open order →" }</button>
            </div>
            <p class="strong">{ &order.details.customer.name }</p>
            <ul class="compact-list bench-items">
                { for order.details.items.iter().map(|item| html! {
                    <li class="bench-item">
                        <span>{ item_line(item) }</span>
                        if !item.sku.is_empty() { <span class="mono muted small">{ &item.sku }</span> }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use packdesk_domain::{Currency, OrderStatus, Priority};

    use super::*;

    fn row(number: &str) -> OrderSummary {
        OrderSummary {
            id: Uuid::nil(),
            order_number: number.into(),
            status: OrderStatus::Packaging,
            priority: Priority::Normal,
            customer_name: "Ann".into(),
            customer_email: "ann@example.com".into(),
            item_count: 1,
            total: 1000,
            currency: Currency::USD,
            created_at: Utc
                .with_ymd_and_hms(2027, 6, 2, 9, 0, 0)
                .single()
                .expect("date"),
            event_date: None,
        }
    }

    #[test]
    fn a_scan_opens_only_the_exact_number() {
        let rows = [row("K7QM-00042"), row("K7QM-00420")];
        assert_eq!(
            scanned_order(&rows, " k7qm-00420\r").map(|r| r.order_number.as_str()),
            Some("K7QM-00420")
        );
        assert!(
            scanned_order(&rows, "K7QM-0004").is_none(),
            "a prefix is not a match"
        );
        assert!(scanned_order(&[], "K7QM-00042").is_none());
    }

    #[test]
    fn items_read_as_quantity_name_size_colour() {
        let mut item = Item {
            product_name: "Navy suit".into(),
            sku: String::new(),
            size: "42R".into(),
            colour: String::new(),
            measurements: Vec::new(),
            quantity: 2,
            unit_price: 1000,
            line_total: 2000,
        };
        assert_eq!(item_line(&item), "2 × Navy suit · 42R");
        item.colour = "Navy".into();
        assert_eq!(item_line(&item), "2 × Navy suit · 42R · Navy");
    }
}

//! Packing slips and pick lists made on the desk from its orders: PDF for a
//! paper printer, ZPL for a thermal one.

use chrono::Local;
use packdesk_domain::api::{PrintJobKind, PrintJobView, PrinterView, ShipmentState};
use packdesk_domain::shipping::{PrinterLanguage, PrinterUse};
use packdesk_domain::{Actor, Order, Permission};
use packdesk_printing::{
    packing_slip_pdf, packing_slip_zpl, pick_list_pdf, pick_list_zpl, Document, PackingSlip,
    PickList, PickOrder, SlipLine,
};
use rusqlite::Connection as Db;
use uuid::Uuid;

use super::{printer_spec, require, Printing};
use crate::error::{DeskError, DeskResult};
use crate::shared::with_desk;
use crate::shipping::settings;
use crate::store::{orders, printers, shipments};

/// The most orders one pick list covers: a walk, not a stock-take.
const MAX_PICK_ORDERS: usize = 500;

impl Printing {
    pub fn print_packing_slip(&self, actor: &Actor, order_id: Uuid) -> DeskResult<PrintJobView> {
        require(actor, Permission::ViewOrders)?;
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let printer = document_printer(tx)?;
                let (row_id, order) = orders::load(tx, order_id)?
                    .ok_or_else(|| DeskError::NotFound(order_id.to_string()))?;
                let slip = packing_slip(tx, row_id, &order)?;
                let name = format!("Packing slip {}", order.order_number);
                let document = match printer.settings.language {
                    PrinterLanguage::Pdf => Document::pdf(name, packing_slip_pdf(&slip)),
                    PrinterLanguage::Zpl => {
                        Document::zpl(name, packing_slip_zpl(&slip, &printer_spec(&printer)))
                    }
                };
                Self::enqueue_in(
                    tx,
                    &printer,
                    PrintJobKind::PackingSlip,
                    &[order.order_number],
                    &document,
                )
            })
        })?;
        self.wake();
        Ok(job)
    }

    pub fn print_pick_list(&self, actor: &Actor, order_ids: &[Uuid]) -> DeskResult<PrintJobView> {
        require(actor, Permission::ViewOrders)?;
        if order_ids.is_empty() || order_ids.len() > MAX_PICK_ORDERS {
            return Err(DeskError::invalid(
                "order_ids",
                format!("choose 1 to {MAX_PICK_ORDERS} orders"),
            ));
        }
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let printer = document_printer(tx)?;
                let mut list = PickList {
                    title: format!("Pick list: {} orders", order_ids.len()),
                    generated_at: Local::now().format("%Y-%m-%d %H:%M").to_string(),
                    orders: Vec::new(),
                };
                for id in order_ids {
                    let (_, order) = orders::load(tx, *id)?
                        .ok_or_else(|| DeskError::NotFound(id.to_string()))?;
                    list.orders.push(PickOrder {
                        order_number: order.order_number.clone(),
                        customer_name: order.details.customer.name.clone(),
                        lines: order.details.items.iter().map(SlipLine::from).collect(),
                    });
                }
                let numbers: Vec<String> =
                    list.orders.iter().map(|o| o.order_number.clone()).collect();
                let name = list.title.clone();
                let document = match printer.settings.language {
                    PrinterLanguage::Pdf => Document::pdf(name, pick_list_pdf(&list)),
                    PrinterLanguage::Zpl => {
                        Document::zpl(name, pick_list_zpl(&list, &printer_spec(&printer)))
                    }
                };
                Self::enqueue_in(tx, &printer, PrintJobKind::PickList, &numbers, &document)
            })
        })?;
        self.wake();
        Ok(job)
    }
}

/// Paper documents go to the documents printer, or to the label printer
/// (as ZPL) on a bench that only has one.
fn document_printer(tx: &Db) -> DeskResult<PrinterView> {
    match printers::first_for(tx, PrinterUse::Documents)? {
        Some(printer) => Ok(printer),
        None => printers::first_for(tx, PrinterUse::Labels)?.ok_or_else(|| {
            DeskError::Conflict("no printer is set up: add one in Settings → Printers".into())
        }),
    }
}

fn packing_slip(tx: &Db, row_id: i64, order: &Order) -> DeskResult<PackingSlip> {
    let stored = settings::load(tx)?;
    let from = &stored.ship_from;
    let to = &order.details.shipping_address;
    let lines = |parts: &[&str]| -> Vec<String> {
        parts
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    };
    let city_line = |city: &str, region: &str, postal: &str| {
        format!("{city} {region} {postal}")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let label = shipments::for_order(tx, row_id)?
        .into_iter()
        .find(|s| s.state == ShipmentState::Bought)
        .and_then(|s| s.label);
    Ok(PackingSlip {
        store_name: stored.store_name.clone(),
        ship_from: lines(&[
            &from.line1,
            &from.line2,
            &city_line(&from.city, &from.region, &from.postal_code),
            &from.country,
        ]),
        order_number: order.order_number.clone(),
        ordered_on: order.created_at.with_timezone(&Local).date_naive(),
        customer_name: order.details.customer.name.clone(),
        ship_to: lines(&[
            &to.line1,
            &to.line2,
            &city_line(&to.city, &to.region, &to.postal_code),
            &to.country,
        ]),
        lines: order.details.items.iter().map(SlipLine::from).collect(),
        notes: order.details.notes.clone(),
        tracking_code: label.as_ref().map(|l| l.tracking_code.clone()),
        carrier_service: label.map(|l| format!("{} {}", l.carrier, l.service)),
    })
}

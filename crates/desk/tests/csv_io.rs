//! CSV export and import against real desks in temporary folders.

use chrono::Utc;
use packdesk_desk::csv_io::{export, import, MAX_IMPORT_BYTES, MAX_IMPORT_ORDERS};
use packdesk_desk::demo::load_demo_data;
use packdesk_desk::{Desk, DeskError};
use packdesk_domain::api::{ListQuery, SortKey, StatusCount};
use packdesk_domain::order::{AddressDraft, CustomerDraft, ItemDraft, MeasurementDraft};
use packdesk_domain::{Actor, OrderDraft, OrderStatus, Role, ValidationErrors};
use tempfile::TempDir;

fn open() -> (TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("desk.sqlite3")).unwrap();
    (dir, desk)
}

fn admin() -> Actor {
    Actor {
        name: "Ada".into(),
        role: Role::Admin,
    }
}

fn oldest_first() -> ListQuery {
    ListQuery {
        sort: SortKey::CreatedAt,
        descending: false,
        page_size: 500,
        ..ListQuery::default()
    }
}

/// Every order's entered details, oldest first.
fn drafts(desk: &Desk) -> Vec<OrderDraft> {
    let page = desk.list(&oldest_first()).unwrap();
    assert!(page.total_matching < 500, "helper reads one page only");
    page.rows
        .iter()
        .map(|row| desk.order(row.id).unwrap().order.details.to_draft())
        .collect()
}

fn snapshot(desk: &Desk) -> (u64, Vec<StatusCount>) {
    (
        desk.list(&ListQuery::default()).unwrap().total_matching,
        desk.status_counts().unwrap(),
    )
}

fn export_all(desk: &Desk) -> String {
    let mut out = Vec::new();
    export(desk, &oldest_first(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Orders that stress the format: quotes, commas, line breaks, unicode,
/// currencies with 0 and 3 decimals, measurements, tags and events.
fn awkward_drafts() -> Vec<OrderDraft> {
    let item = |name: &str, quantity, unit_price| ItemDraft {
        product_name: name.into(),
        quantity,
        unit_price,
        ..ItemDraft::default()
    };
    let customer = |name: &str, email: &str| CustomerDraft {
        name: name.into(),
        email: email.into(),
        phone: "+44 20 7946 0000".into(),
    };
    let address = AddressDraft {
        line1: "1 Rue de l'Église, \"Bâtiment B\"".into(),
        line2: "Étage 3; porte 2".into(),
        city: "Zürich".into(),
        region: "ZH".into(),
        postal_code: "8001".into(),
        country: "CH".into(),
    };
    vec![
        OrderDraft {
            customer: customer("Jörg Müller, Jr.", "jorg@example.ch"),
            shipping_address: address.clone(),
            priority: "vip_customer".into(),
            currency: "CHF".into(),
            items: vec![
                ItemDraft {
                    sku: "SUIT-1".into(),
                    size: "52\"L".into(),
                    colour: "Bleu nuit".into(),
                    measurements: vec![
                        MeasurementDraft {
                            name: "chest".into(),
                            value: "42.5".into(),
                            unit: "in".into(),
                        },
                        MeasurementDraft {
                            name: "inside leg".into(),
                            value: "81".into(),
                            unit: "cm".into(),
                        },
                    ],
                    ..item("Anzug \"Zürich\", 3-teilig 🎩", 2, 129_999)
                },
                item("Pocket square", 3, 0),
            ],
            tax: 1_050,
            shipping: 2_000,
            discount: 999,
            notes: "Line one, with a comma\nLine \"two\"\r\nLine 三".into(),
            tags: vec!["vip".into(), "repeat customer".into()],
            event_kind: "wedding".into(),
            event_date: "2027-06-12".into(),
        },
        OrderDraft {
            customer: customer("山田 太郎", "taro@example.jp"),
            shipping_address: AddressDraft {
                country: "JP".into(),
                postal_code: "100-0001".into(),
                ..address.clone()
            },
            currency: "JPY".into(),
            items: vec![item("Hakama", 1, 120_000)],
            ..OrderDraft::default()
        },
        OrderDraft {
            customer: customer("Noor", "noor@example.kw"),
            shipping_address: AddressDraft {
                country: "KW".into(),
                ..address
            },
            currency: "KWD".into(),
            priority: "rush".into(),
            items: vec![item("Bisht", 1, 1_005)],
            shipping: 5,
            event_kind: "other".into(),
            event_date: "2026-12-31".into(),
            ..OrderDraft::default()
        },
    ]
}

fn invalid(result: Result<impl std::fmt::Debug, DeskError>) -> ValidationErrors {
    match result {
        Err(DeskError::Invalid(errors)) => errors,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// A small hand-written file's header: every column the importer needs, plus a few optional ones.
const HEADER: &str = "order_number,customer_name,customer_email,ship_line1,ship_city,ship_postal_code,ship_country,currency,tax,total,notes,item_product_name,item_measurements,item_quantity,item_unit_price";

fn row(number: &str, name: &str, quantity: &str, price: &str) -> String {
    format!("{number},{name},ann@example.com,1 Main St,Springfield,12345,US,USD,,,,Suit,,{quantity},{price}")
}

fn import_text(
    desk: &mut Desk,
    text: &str,
) -> Result<packdesk_desk::csv_io::ImportReport, DeskError> {
    import(desk, &admin(), text.as_bytes())
}

#[test]
fn export_then_import_preserves_every_entered_field() {
    let (_a, mut source) = open();
    load_demo_data(&mut source, &admin(), Utc::now()).unwrap();
    source
        .create_orders(&admin(), awkward_drafts(), Utc::now())
        .unwrap();
    let csv = export_all(&source);

    let (_b, mut target) = open();
    let report = import_text(&mut target, &csv).unwrap();

    let expected = drafts(&source);
    assert_eq!(report.imported, expected.len());
    assert_eq!(drafts(&target), expected);
    let numbers: Vec<String> = target
        .list(&oldest_first())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.order_number)
        .collect();
    assert_eq!(report.order_numbers, numbers);
    // New orders start at the beginning of the lifecycle, whatever the file said.
    let counts = target.status_counts().unwrap();
    assert_eq!(
        counts,
        vec![StatusCount {
            status: OrderStatus::PendingPayment,
            count: expected.len() as u64
        }]
    );
    // And exporting the copy gives the same details again.
    assert_eq!(export_all(&target).lines().count(), csv.lines().count());
}

#[test]
fn importing_the_same_file_twice_does_not_double_the_orders() {
    let (_dir, mut desk) = open();
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        row("A1", "Ann Lee", "1", "10.00"),
        row("B2", "Bo Park", "2", "5.00")
    );
    let first = import_text(&mut desk, &csv).unwrap();
    assert_eq!((first.imported, first.already_imported), (2, 0));
    let before = snapshot(&desk);

    let again = import_text(&mut desk, &csv).unwrap();
    assert_eq!((again.imported, again.already_imported), (0, 2));
    assert_eq!(again.order_numbers, first.order_numbers);
    assert_eq!(snapshot(&desk), before);

    // A changed file is a new import.
    let edited = csv.replace("Bo Park", "Bo Parker");
    let third = import_text(&mut desk, &edited).unwrap();
    assert_eq!((third.imported, third.already_imported), (2, 0));
}

#[test]
fn export_writes_one_row_per_item_with_plain_money() {
    let (_a, mut desk) = open();
    desk.create_orders(&admin(), awkward_drafts()[..1].to_vec(), Utc::now())
        .unwrap();
    let text = export_all(&desk);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let get = |row: &csv::StringRecord, column: &str| {
        row[header.iter().position(|h| h == column).unwrap()].to_owned()
    };
    assert_eq!(get(&rows[0], "item_unit_price"), "1299.99");
    assert_eq!(
        get(&rows[0], "item_measurements"),
        "chest=42.5 in;inside leg=81 cm"
    );
    assert_eq!(get(&rows[0], "tags"), "vip;repeat customer");
    assert_eq!(get(&rows[0], "subtotal"), "2599.98");
    assert_eq!(get(&rows[0], "total"), "2620.49");
    assert_eq!(get(&rows[1], "item_unit_price"), "0.00");
    assert_eq!(get(&rows[1], "customer_name"), "Jörg Müller, Jr.");
}

#[test]
fn export_streams_past_one_page() {
    let (_a, mut desk) = open();
    let drafts: Vec<OrderDraft> = (0..501).map(packdesk_desk::demo::synthetic_draft).collect();
    desk.create_orders(&admin(), drafts, Utc::now()).unwrap();
    let mut out = Vec::new();
    assert_eq!(
        export(
            &desk,
            &ListQuery {
                page_size: 3,
                page: 7,
                ..ListQuery::default()
            },
            &mut out
        )
        .unwrap(),
        501
    );
}

#[test]
fn one_bad_row_among_many_writes_nothing() {
    let (_a, mut source) = open();
    load_demo_data(&mut source, &admin(), Utc::now()).unwrap();
    let csv = export_all(&source);
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    assert!(lines.len() > 20);
    // Line 15 of the file: quantity is the second-to-last column.
    let mut cells: Vec<String> = lines[14].split(',').map(str::to_owned).collect();
    let quantity = cells.len() - 2;
    cells[quantity] = "0".into();
    lines[14] = cells.join(",");

    let (_b, mut target) = open();
    target
        .create_orders(&admin(), awkward_drafts(), Utc::now())
        .unwrap();
    let before = snapshot(&target);
    let errors = invalid(import_text(&mut target, &lines.join("\n")));
    assert_eq!(
        errors.reason_for("row 15: item_quantity"),
        Some("must be at least 1"),
        "{errors}"
    );
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(snapshot(&target), before);
}

#[test]
fn problems_name_their_row_and_column() {
    let text = [
        HEADER.to_owned(),
        // Order A: bad email on its first row, a zero quantity on its second
        // (whose order columns are left empty, as people do by hand).
        row("A", "Ann", "1", "10").replace("ann@example.com", "not-an-email"),
        "A,,,,,,,,,,,Tie,,0,10".to_owned(),
        // Order B: a measurement with a bad unit, and a later row naming another customer.
        row("B", "Bob", "1", "10").replace("Suit,,", "Suit,chest=42 ft,"),
        row("B", "Rob", "1", "10"),
        // Order C: the stated total disagrees with the items.
        row("C", "Cy", "2", "10").replace("USD,,,", "USD,1.50,99.00,"),
        // Order D: an unknown currency, a quantity that is no number.
        row("D", "Di", "two", "10").replace("USD", "XYZ"),
        // A row that belongs to no order.
        row("", "Nobody", "1", "10"),
    ]
    .join("\n");
    let (_a, mut desk) = open();
    let errors = invalid(import_text(&mut desk, &text));
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "row 5: customer_name",
            "row 7: currency",
            "row 7: item_quantity",
            "row 8: order_number",
            "row 2: customer_email",
            "row 3: item_quantity",
            "row 4: item_measurements",
            "row 6: total",
        ],
        "{errors}"
    );
    assert_eq!(
        errors.reason_for("row 4: item_measurements"),
        Some("measurement 1 unit: must be in or cm")
    );
    assert_eq!(
        errors.reason_for("row 6: total"),
        Some("is 99.00 but the items, tax, shipping and discount add up to 21.50")
    );
    assert!(errors
        .reason_for("row 5: customer_name")
        .unwrap()
        .contains("row 4"));
    assert_eq!(snapshot(&desk).0, 0);
}

#[test]
fn quoted_fields_keep_commas_line_breaks_and_unicode() {
    let text = format!(
        "{HEADER}\n{}\n{}\n",
        "X1,\"Åsa Öberg, PhD\",asa@example.se,\"1 \"\"Quoted\"\" Way\",Göteborg,41101,SE,SEK,,,\"Fragile,\nhandle with care\n— thanks 🙏\",\"Kavaj, ull\",,1,1000",
        // Line 5, after the three-line notes field: the row number counts lines, not records.
        row("X2", "Ola", "0", "5"),
    );
    let (_a, mut desk) = open();
    let errors = invalid(import_text(&mut desk, &text));
    assert_eq!(
        errors
            .0
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        vec!["row 5: item_quantity"]
    );

    let report = import_text(&mut desk, &text.replace(",0,5\n", ",1,5\n")).unwrap();
    let first = desk
        .order_by_number(&report.order_numbers[0])
        .unwrap()
        .order
        .details;
    assert_eq!(first.customer.name, "Åsa Öberg, PhD");
    assert_eq!(first.shipping_address.line1, "1 \"Quoted\" Way");
    assert_eq!(first.notes, "Fragile,\nhandle with care\n— thanks 🙏");
    assert_eq!(first.items[0].product_name, "Kavaj, ull");
    assert_eq!(first.items[0].unit_price, 100_000);
}

#[test]
fn money_must_be_plain_decimal_text() {
    let (_a, mut desk) = open();
    for (bad, reason) in [
        ("\"1,000.00\"", "must be a plain amount such as 129.99"),
        ("12.345", "has more than 2 decimal places"),
        ("-5", "must not be negative"),
        ("1e3", "must be a plain amount such as 129.99"),
        (
            "9223372036854775807",
            "is larger than the largest amount accepted",
        ),
    ] {
        let errors = invalid(import_text(
            &mut desk,
            &format!("{HEADER}\n{}", row("A", "Ann", "1", bad)),
        ));
        assert_eq!(
            errors.reason_for("row 2: item_unit_price"),
            Some(reason),
            "{bad}: {errors}"
        );
    }
    let errors = invalid(import_text(
        &mut desk,
        &format!(
            "{HEADER}\n{}",
            row("A", "Ann", "1", "5").replace("USD,,", "USD,0.5.0,")
        ),
    ));
    assert!(errors.reason_for("row 2: tax").is_some(), "{errors}");
    // Yen have no minor unit.
    let errors = invalid(import_text(
        &mut desk,
        &format!(
            "{HEADER}\n{}",
            row("A", "Ann", "1", "12.50").replace("USD", "JPY")
        ),
    ));
    assert_eq!(
        errors.reason_for("row 2: item_unit_price"),
        Some("has more than 0 decimal places")
    );
    assert_eq!(snapshot(&desk).0, 0);
}

#[test]
fn the_header_is_checked_by_name() {
    let (_a, mut desk) = open();
    let unknown = format!("{HEADER},colour\n{},Red", row("A", "Ann", "1", "5"));
    let errors = invalid(import_text(&mut desk, &unknown));
    assert!(errors
        .reason_for("row 1: colour")
        .unwrap()
        .starts_with("is not a known column"));

    let missing = format!(
        "{}\n{}",
        HEADER.replace("currency,", ""),
        row("A", "Ann", "1", "5").replace("USD,", "")
    );
    let errors = invalid(import_text(&mut desk, &missing));
    assert_eq!(
        errors.reason_for("row 1: currency"),
        Some("is a required column and is missing from the header")
    );

    let twice = format!("{HEADER},tax\n{},1", row("A", "Ann", "1", "5"));
    assert_eq!(
        invalid(import_text(&mut desk, &twice)).reason_for("row 1: tax"),
        Some("appears twice")
    );

    assert!(invalid(import_text(&mut desk, ""))
        .reason_for("file")
        .is_some());
    // A byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
    let report = import_text(
        &mut desk,
        &format!("\u{feff}{HEADER}\n{}", row("A", "Ann", "1", "5")),
    )
    .unwrap();
    assert_eq!(report.imported, 1);
}

#[test]
fn malformed_csv_names_the_line() {
    let (_a, mut desk) = open();
    let unclosed = format!(
        "{HEADER}\n{}\n{}\n{}",
        row("A", "Ann", "1", "5"),
        row("B", "\"Bob", "1", "5"),
        row("C", "Cy", "1", "5")
    );
    let errors = invalid(import_text(&mut desk, &unclosed));
    assert_eq!(
        errors.reason_for("row 3"),
        Some("opens a quoted field that is never closed")
    );

    let short = format!("{HEADER}\n{}\nA,Ann,too,few\n", row("A", "Ann", "1", "5"));
    let errors = invalid(import_text(&mut desk, &short));
    assert!(
        errors
            .reason_for("row 3")
            .unwrap()
            .starts_with("has 4 fields but the header has 15"),
        "{errors}"
    );

    // "Jörg" saved as Latin-1.
    let mut latin1 = format!("{HEADER}\n{}", row("A", "J?rg", "1", "5")).into_bytes();
    let at = latin1.iter().position(|b| *b == b'?').unwrap();
    latin1[at] = 0xF6;
    let errors = invalid(import(&mut desk, &admin(), latin1.as_slice()));
    assert!(
        errors.reason_for("row 2").unwrap().contains("UTF-8"),
        "{errors}"
    );
    assert_eq!(snapshot(&desk).0, 0);
}

#[test]
fn orders_may_be_split_across_the_file() {
    let text = [
        HEADER.to_owned(),
        row("A", "Ann", "1", "5"),
        row("B", "Bob", "1", "7"),
        row("A", "", "2", "3"),
    ]
    .join("\n");
    let (_a, mut desk) = open();
    let report = import_text(&mut desk, &text).unwrap();
    assert_eq!(report.imported, 2);
    let first = desk
        .order_by_number(&report.order_numbers[0])
        .unwrap()
        .order
        .details;
    assert_eq!(first.customer.name, "Ann");
    assert_eq!(
        first
            .items
            .iter()
            .map(|i| (i.quantity, i.unit_price))
            .collect::<Vec<_>>(),
        vec![(1, 500), (2, 300)]
    );
    assert_eq!(first.totals.total, 1_100);
}

#[test]
fn size_limits_are_refused_with_a_reason() {
    let (_a, mut desk) = open();
    let huge = std::io::Read::take(std::io::repeat(b'a'), MAX_IMPORT_BYTES as u64 + 1);
    let errors = invalid(import(&mut desk, &admin(), huge));
    assert!(
        errors.reason_for("file").unwrap().contains("50 MB"),
        "{errors}"
    );

    let mut many = String::from(HEADER);
    for n in 0..=MAX_IMPORT_ORDERS {
        many.push('\n');
        many.push_str(&row(&n.to_string(), "Ann", "1", "5"));
    }
    let errors = invalid(import_text(&mut desk, &many));
    assert!(
        errors
            .reason_for("file")
            .unwrap()
            .contains("more than 100000 orders"),
        "{errors}"
    );
}

#[test]
fn viewers_may_not_import() {
    let (_a, mut desk) = open();
    let viewer = Actor {
        name: "Val".into(),
        role: Role::Viewer,
    };
    let result = import(
        &mut desk,
        &viewer,
        format!("{HEADER}\n{}", row("A", "Ann", "1", "5")).as_bytes(),
    );
    assert!(
        matches!(result, Err(DeskError::Forbidden { .. })),
        "{result:?}"
    );
}

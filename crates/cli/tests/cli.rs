//! The built `packdesk` binary against databases in temporary folders.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use tempfile::TempDir;

/// One desk database and the binary pointed at it.
struct Desk {
    dir: TempDir,
    db: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        packdesk_desk::Desk::open(&db).unwrap();
        Desk { dir, db }
    }

    fn run(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_packdesk"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("PACKDESK_DB")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        Run {
            code: output.status.code().unwrap(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs a command that must succeed and returns its JSON.
    fn ok(&self, args: &[&str], stdin: &str) -> Value {
        let run = self.run(args, stdin);
        assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?} printed non-JSON ({e}): {}", run.stdout))
    }

    /// Runs a command that must fail with `code` and returns its one-line error body.
    fn fails(&self, args: &[&str], stdin: &str, code: i32) -> Value {
        let run = self.run(args, stdin);
        assert_eq!(
            run.code, code,
            "{args:?}: stdout {} stderr {}",
            run.stdout, run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
        serde_json::from_str(&run.stderr).unwrap()
    }

    /// Everything a failed command must leave as it was.
    fn state(&self) -> (Value, Value) {
        (
            self.ok(&["orders", "counts"], ""),
            self.ok(&["orders", "list", "--page-size", "500"], ""),
        )
    }
}

fn draft(name: &str) -> Value {
    json!({
        "customer": {"name": name, "email": "ann@example.com", "phone": "+1 269 555 0141"},
        "shipping_address": {"line1": "1 Main St", "line2": "Apt 2, rear", "city": "Kalamazoo", "region": "MI",
                             "postal_code": "49007", "country": "US"},
        "priority": "wedding_party",
        "currency": "USD",
        "items": [
            {"product_name": "Navy suit, \"slim\"", "sku": "SUIT-NAVY", "size": "40R", "colour": "Navy",
             "measurements": [{"name": "chest", "value": "42", "unit": "in"}, {"name": "waist", "value": "91.5", "unit": "cm"}],
             "quantity": 2, "unit_price": 59900},
            {"product_name": "Pocket square", "quantity": 1, "unit_price": 2500},
        ],
        "tax": 1000, "shipping": 1500, "discount": 500,
        "notes": "Fitting on Friday,\nthen pick-up ☺",
        "tags": ["groom", "rush"],
        "event_kind": "wedding", "event_date": "2027-06-12",
    })
}

fn with(mut value: Value, pointer: &str, replacement: Value) -> String {
    *value.pointer_mut(pointer).unwrap() = replacement;
    value.to_string()
}

/// The fields a person entered, as `orders show` prints them.
fn entered(view: &Value) -> Value {
    let keys = [
        "customer",
        "shipping_address",
        "priority",
        "currency",
        "items",
        "totals",
        "notes",
        "tags",
        "event",
    ];
    keys.iter()
        .map(|k| (k.to_string(), view[k].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn field_names(error: &Value) -> Vec<String> {
    error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn create_show_move_list_export_and_import() {
    let desk = Desk::new();
    let created = desk.ok(&["orders", "create"], &draft("Ann Carter").to_string());
    let number = created["order_number"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "pending_payment");
    assert_eq!(created["totals"]["total"], 124_300);

    assert_eq!(desk.ok(&["orders", "show", &number], ""), created);
    assert_eq!(desk.ok(&["orders", "show", &id], ""), created);

    let moved = desk.ok(
        &[
            "--as",
            "Bo",
            "orders",
            "status",
            &number,
            "payment_confirmed",
        ],
        "",
    );
    assert_eq!(moved["status"], "payment_confirmed");
    assert_eq!(moved["history"][1]["by"], "Bo");
    desk.ok(
        &[
            "orders",
            "status",
            &id,
            "on_hold",
            "--reason",
            "fabric late",
        ],
        "",
    );
    desk.ok(&["orders", "status", &number, "payment_confirmed"], "");
    let before = desk.state();
    let illegal = desk.fails(&["orders", "status", &number, "delivered"], "", 5);
    assert_eq!(illegal["kind"], "conflict");
    assert_eq!(
        illegal["message"],
        "cannot move from Payment confirmed to Delivered"
    );
    let reasonless = desk.fails(&["orders", "status", &number, "cancelled"], "", 2);
    assert_eq!(field_names(&reasonless), ["reason"]);
    assert_eq!(desk.state(), before);

    desk.ok(&["orders", "create"], &draft("Zed Other").to_string());
    let found = desk.ok(&["orders", "list", "--search", "carte"], "");
    assert_eq!(found["total_matching"], 1);
    assert_eq!(found["rows"][0]["order_number"], number.as_str());
    let filtered = desk.ok(
        &[
            "orders",
            "list",
            "--status",
            "pending_payment",
            "--priority",
            "wedding_party",
            "--sort",
            "customer_name",
            "--asc",
        ],
        "",
    );
    assert_eq!(filtered["rows"][0]["customer_name"], "Zed Other");
    assert_eq!(filtered["total_matching"], 1);

    // Export to a file and to stdout: the same CSV.
    let file = desk.dir.path().join("orders.csv");
    let exported = desk.ok(
        &["orders", "export", "--csv", "--out", file.to_str().unwrap()],
        "",
    );
    assert_eq!(exported["exported"], 2);
    let csv = std::fs::read_to_string(&file).unwrap();
    let streamed = desk.run(&["orders", "export", "--csv"], "");
    assert_eq!((streamed.code, &streamed.stdout), (0, &csv));
    let prefix = &number[..number.find('-').unwrap() + 1];
    assert_eq!(
        csv.lines().filter(|line| line.starts_with(prefix)).count(),
        2 + 2,
        "a row per item"
    );

    let copy = Desk::new();
    let report = copy.ok(&["orders", "import", "--csv", file.to_str().unwrap()], "");
    assert_eq!(report["imported"], 2);
    let from_stdin = Desk::new();
    assert_eq!(
        from_stdin.ok(&["orders", "import", "--csv", "-"], &csv)["imported"],
        2
    );

    let originals = desk.ok(&["orders", "list", "--asc"], "")["rows"]
        .as_array()
        .unwrap()
        .clone();
    for (original, new_number) in originals
        .iter()
        .zip(report["order_numbers"].as_array().unwrap())
    {
        let original = desk.ok(
            &["orders", "show", original["order_number"].as_str().unwrap()],
            "",
        );
        let imported = copy.ok(&["orders", "show", new_number.as_str().unwrap()], "");
        assert_eq!(entered(&imported), entered(&original));
        assert_eq!(imported["status"], "pending_payment");
    }
}

#[test]
fn arrays_files_and_retries() {
    let desk = Desk::new();
    let both = json!([draft("Ann"), draft("Bob")]).to_string();
    let created = desk.ok(&["orders", "create"], &both);
    assert_eq!(created.as_array().unwrap().len(), 2);

    let file = desk.dir.path().join("draft.json");
    std::fs::write(&file, draft("Cy").to_string()).unwrap();
    let command_id = "0190c5a8-7d2e-7a3b-9c4d-5e6f7a8b9c0d";
    let create = [
        "orders",
        "create",
        "--file",
        file.to_str().unwrap(),
        "--command-id",
        command_id,
    ];
    let first = desk.ok(&create, "");
    let again = desk.ok(&create, "");
    assert_eq!(first["id"], again["id"]);
    assert_eq!(
        desk.ok(&["orders", "counts"], ""),
        json!([{"status": "pending_payment", "count": 3}])
    );

    let before = desk.state();
    let error = desk.fails(&["orders", "create", "--command-id", command_id], &both, 2);
    assert_eq!(field_names(&error), ["--command-id"]);
    // One bad draft in an array: none are created, and the error says which.
    let error = desk.fails(
        &["orders", "create"],
        &json!([draft("Di"), draft("")]).to_string(),
        2,
    );
    assert_eq!(field_names(&error), ["[1].customer.name"]);
    let error = desk.fails(&["orders", "create", "--file", "/no/such/file.json"], "", 2);
    assert_eq!(field_names(&error), ["file"]);
    assert_eq!(desk.state(), before);
}

#[test]
fn bad_input_exits_2_names_the_field_and_writes_nothing() {
    let desk = Desk::new();
    desk.ok(&["orders", "create"], &draft("Ann").to_string());
    let before = desk.state();
    let good = draft("Ann");
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "{\"customer\": {\"name\": \"Ann\",".into(),
            "customer.?",
            "EOF while parsing",
        ),
        ("[1, 2".into(), "[0]", "invalid type"),
        (
            with(good.clone(), "/items/0/quantity", json!("two")),
            "items[0].quantity",
            "invalid type: string \"two\", expected i64",
        ),
        (
            with(good.clone(), "/items/0/quantity", json!(0)),
            "items[0].quantity",
            "must be at least 1",
        ),
        (
            with(good.clone(), "/items/1/quantity", json!(-3)),
            "items[1].quantity",
            "must be at least 1",
        ),
        (
            with(good.clone(), "/items/0/unit_price", json!(i64::MAX)),
            "items[0].unit_price",
            "larger than the largest amount",
        ),
        (
            with(good.clone(), "/items/0/unit_price", json!(0))
                .replace("\"unit_price\":0", "\"unit_price\":92233720368547758070"),
            "items[0].unit_price",
            "expected i64",
        ),
        (
            with(good.clone(), "/customer/name", json!("")),
            "customer.name",
            "is required",
        ),
        (
            with(good.clone(), "/customer/name", json!("x".repeat(300))),
            "customer.name",
            "at most 200 characters",
        ),
        (
            with(good.clone(), "/customer/email", json!("ann@example")),
            "customer.email",
            "not a valid email",
        ),
        ("{\"colour\": 1}".into(), "colour", "unknown field"),
    ];
    for (input, field, reason) in cases {
        let error = desk.fails(&["orders", "create"], &input, 2);
        assert_eq!(error["kind"], "invalid");
        let fields = error["fields"].as_array().unwrap();
        assert!(
            fields
                .iter()
                .any(|f| f["field"] == field && f["reason"].as_str().unwrap().contains(reason)),
            "{input}: {error}"
        );
        assert_eq!(desk.state(), before, "{input}");
    }

    let number = before.1["rows"][0]["order_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = desk.fails(&["orders", "status", &number, "shipped!"], "", 2);
    assert_eq!(field_names(&error), ["<STATUS>"]);
    let error = desk.fails(&["orders", "list", "--status", "lost"], "", 2);
    assert_eq!(field_names(&error), ["--status <STATUS>"]);
    desk.fails(&["orders", "list", "--from", "2026-13-01"], "", 2);
    desk.fails(&["--role", "owner", "orders", "counts"], "", 2);
    desk.fails(&["--as", " ", "orders", "counts"], "", 2);

    let csv = "order_number,customer_name,customer_email,ship_line1,ship_city,ship_postal_code,ship_country,currency,item_product_name,item_quantity,item_unit_price\n\
               A,Ann,ann@example.com,1 Main,Kalamazoo,49007,US,USD,Suit,1,10\n\
               A,,,,,,,,Tie,1,\"1,000.00\"\n";
    let error = desk.fails(&["orders", "import", "--csv"], csv, 2);
    assert_eq!(field_names(&error), ["row 3: item_unit_price"]);
    assert_eq!(desk.state(), before);
}

#[test]
fn unknown_orders_exit_4_and_viewers_exit_3() {
    let desk = Desk::new();
    let error = desk.fails(&["orders", "show", "NOPE-00001"], "", 4);
    assert_eq!(error["kind"], "not_found");
    desk.fails(
        &[
            "orders",
            "status",
            "0190c5a8-7d2e-7a3b-9c4d-5e6f7a8b9c0d",
            "processing",
        ],
        "",
        4,
    );

    let error = desk.fails(
        &["--role", "viewer", "orders", "create"],
        &draft("Ann").to_string(),
        3,
    );
    assert_eq!(error["kind"], "forbidden");
    assert_eq!(error["message"], "a Viewer may not create orders");
    desk.fails(
        &["--role", "viewer", "orders", "import", "--csv"],
        "order_number\n",
        3,
    );
    let created = desk.ok(&["orders", "create"], &draft("Ann").to_string());
    let number = created["order_number"].as_str().unwrap();
    desk.fails(
        &[
            "--role",
            "processor",
            "orders",
            "status",
            number,
            "cancelled",
            "--reason",
            "changed mind",
        ],
        "",
        3,
    );
    assert_eq!(
        desk.ok(&["orders", "counts"], ""),
        json!([{"status": "pending_payment", "count": 1}])
    );
}

#[test]
fn a_mistyped_database_path_is_refused_not_created() {
    let desk = Desk::new();
    let missing = desk.dir.path().join("typo.sqlite3");
    let run = Command::new(env!("CARGO_BIN_EXE_packdesk"))
        .args([
            "--db".as_ref(),
            missing.as_os_str(),
            "orders".as_ref(),
            "list".as_ref(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&run.stderr).unwrap();
    assert_eq!(error["fields"][0]["field"], "--db");
    assert!(!missing.exists());
}

#[test]
fn help_documents_the_exit_codes() {
    let desk = Desk::new();
    let help = desk.run(&["--help"], "");
    assert_eq!(help.code, 0);
    for line in [
        "2  bad input",
        "3  forbidden",
        "4  not found",
        "5  conflict",
        "1  internal failure",
    ] {
        assert!(help.stdout.contains(line), "{line}");
    }
    assert_eq!(desk.run(&[], "").code, 2);
}

#[test]
fn demo_data_loads_once() {
    let desk = Desk::new();
    let loaded = desk.ok(&["demo", "load"], "");
    assert!(loaded["loaded"].as_u64().unwrap() > 10);
    desk.fails(&["demo", "load"], "", 5);
}

//! A person's day at the desk, in the real app: enter an order with the
//! keyboard, find it, move it along, be refused an illegal move, restart the
//! app and find it again.

use fantoccini::key::Key;
use packdesk_e2e::{App, Result};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn an_order_entered_in_the_window_survives_its_lifecycle_and_a_restart() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let database = dir.path().join("desk.sqlite3");

    let app = App::launch(&database).await?;
    // A new desk greets with an empty state offering demo data.
    app.wait_for("#empty-state").await?;
    app.wait_for("#load-demo").await?;
    app.screenshot("01-empty-desk").await?;

    // Enter an order through the form.
    app.click("#new-order").await?;
    app.wait_for("#order-form").await?;
    app.type_into("#customer-name", "Theodore Okafor").await?;
    app.type_into("#customer-email", "not-an-email").await?;
    app.type_into("#address-line1", "44 Harbour Road").await?;
    app.type_into("#address-city", "Holland").await?;
    app.type_into("#address-region", "MI").await?;
    app.type_into("#address-postal-code", "49423").await?;
    app.type_into("#item-0-name", "Midnight blue tuxedo")
        .await?;
    app.type_into("#item-0-sku", "TUX-MID-42R").await?;
    app.type_into("#item-0-size", "42R").await?;
    app.type_into("#item-0-quantity", "2").await?;
    app.type_into("#item-0-price", "949.00").await?;
    // Enter on the last line adds another.
    app.find("#item-0-price")
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    app.wait_for("#item-1-name").await?;
    app.type_into("#item-1-name", "Silk bow tie").await?;
    app.type_into("#item-1-quantity", "2").await?;
    app.type_into("#item-1-price", "45").await?;
    app.wait_text("#total-amount", "$1,988.00").await?;

    // A bad email is refused inline, by field, and nothing is saved.
    app.find("#notes")
        .await?
        .send_keys(&(Key::Control + "s"))
        .await?;
    app.wait_for(".field-error[data-field='customer.email']")
        .await?;
    app.screenshot("02-form-with-error").await?;
    assert_eq!(
        count_orders(&app).await?,
        0,
        "an invalid form writes nothing"
    );

    app.type_into("#customer-email", "theo.okafor@example.com")
        .await?;
    app.find("#notes")
        .await?
        .send_keys(&(Key::Control + "s"))
        .await?;
    let detail = app.wait_for("#order-detail").await?;
    let order_number = detail.attr("data-order-number").await?.unwrap_or_default();
    assert!(!order_number.is_empty());
    app.wait_for(".toast.toast-success").await?;
    app.wait_text("#order-status", "Pending payment").await?;

    // Move it along: only legal next statuses are offered.
    assert_eq!(
        app.count("#move-shipped").await?,
        0,
        "cannot ship an unpaid order"
    );
    app.click("#move-payment_confirmed").await?;
    app.wait_text("#order-status", "Payment confirmed").await?;
    app.click("#move-processing").await?;
    app.wait_text("#order-status", "Processing").await?;

    // Holding needs a reason.
    app.click("#move-on_hold").await?;
    app.wait_for("#reason-input").await?;
    assert!(
        !app.find("#reason-confirm").await?.is_enabled().await?,
        "no reason, no hold"
    );
    app.type_into("#reason-input", "Waiting for fabric").await?;
    app.click("#reason-confirm").await?;
    app.wait_text("#order-status", "On hold").await?;
    app.click("#move-processing").await?;
    app.wait_text("#order-status", "Processing").await?;
    assert_eq!(app.count("#timeline li.timeline-entry").await?, 5);
    app.wait_text("#timeline", "Waiting for fabric").await?;
    app.screenshot("03-order-detail").await?;

    // A manager-level edit before it ships: totals are recomputed by the desk.
    app.click("#edit-order").await?;
    app.wait_for("#order-form").await?;
    app.type_into("#item-1-quantity", "3").await?;
    app.wait_text("#total-amount", "$2,033.00").await?;
    app.find("#notes")
        .await?
        .send_keys(&(Key::Control + "s"))
        .await?;
    app.wait_for("#order-detail").await?;
    app.wait_text("#order-detail", "$2,033.00").await?;
    assert_eq!(
        app.count("#timeline li.timeline-entry").await?,
        5,
        "an edit is not a status change"
    );

    // The desk itself refuses an illegal move sent through the window's bridge.
    let order_id = order_id_of(&app, &order_number).await?;
    let refused = app
        .invoke(
            "change_status",
            json!({"command_id": "0193a5c0-0000-7000-8000-00000000e2e0", "order_id": order_id, "to": "delivered"}),
        )
        .await?;
    assert_eq!(refused["err"]["kind"], "conflict", "{refused}");
    assert_eq!(
        refused["err"]["message"],
        "cannot move from Processing to Delivered"
    );

    // Find it again by searching for the customer's surname.
    app.click("#back").await?;
    app.type_into("#search", "okafor").await?;
    app.wait_for(&format!("tr.order-row[data-order-number='{order_number}']"))
        .await?;
    app.wait_text("#result-count", "1").await?;
    app.screenshot("04-search").await?;
    app.quit().await?;

    // Restart: the order and its history are still there.
    let app = App::launch(&database).await?;
    app.type_into("#search", &order_number).await?;
    app.click(&format!("tr.order-row[data-order-number='{order_number}']"))
        .await?;
    app.wait_text("#order-status", "Processing").await?;
    assert_eq!(app.count("#timeline li.timeline-entry").await?, 5);
    app.screenshot("05-after-restart").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_data_fills_the_list_with_counts_per_status() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::launch(&dir.path().join("demo.sqlite3")).await?;
    app.click("#load-demo").await?;
    app.wait_for(".toast.toast-success").await?;
    app.wait_for("#orders-table tr.order-row").await?;
    app.wait_text("#status-filter-on_hold", "1").await?;
    app.click("#status-filter-on_hold").await?;
    app.wait_text("#result-count", "1").await?;
    assert_eq!(app.count("tr.order-row").await?, 1);
    app.click("#status-filter-all").await?;
    app.wait_for("tr.order-row").await?;
    app.screenshot("06-demo-orders").await?;

    // An admin hands the desk to a processor, who may move orders along but
    // not cancel them, and cannot hand the desk back.
    app.click("#nav-settings").await?;
    app.wait_for("#operator-role")
        .await?
        .select_by_value("processor")
        .await?;
    app.type_into("#operator-name", "Priya (bench 2)").await?;
    app.click("#save-settings").await?;
    app.wait_text(".toast.toast-success", "Settings saved")
        .await?;
    assert!(
        !app.find("#operator-role").await?.is_enabled().await?,
        "only an admin changes roles"
    );
    app.screenshot("07-settings-processor").await?;
    app.click("#nav-orders").await?;
    app.click("#status-filter-pending_payment").await?;
    app.click("tr.order-row").await?;
    app.wait_for("#move-payment_confirmed").await?;
    assert_eq!(
        app.count("#move-cancelled").await?,
        0,
        "a processor is not offered cancel"
    );
    let cancel = app
        .invoke(
            "change_status",
            json!({"command_id": "0193a5c0-0000-7000-8000-00000000e2e1",
            "order_id": current_order_id(&app).await?, "to": "cancelled", "reason": "try anyway"}),
        )
        .await?;
    assert_eq!(cancel["err"]["kind"], "forbidden", "{cancel}");
    app.click("#move-payment_confirmed").await?;
    app.wait_text("#timeline", "Priya (bench 2)").await?;
    app.quit().await?;
    Ok(())
}

/// The id of the order shown in the detail view.
async fn current_order_id(app: &App) -> Result<String> {
    let number = app
        .find("#order-detail")
        .await?
        .attr("data-order-number")
        .await?
        .unwrap_or_default();
    order_id_of(app, &number).await
}

async fn count_orders(app: &App) -> Result<u64> {
    let page = app.invoke("list_orders", json!({})).await?;
    Ok(page["ok"]["total_matching"].as_u64().unwrap_or(u64::MAX))
}

async fn order_id_of(app: &App, order_number: &str) -> Result<String> {
    let page = app
        .invoke("list_orders", json!({"search": order_number}))
        .await?;
    Ok(page["ok"]["rows"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

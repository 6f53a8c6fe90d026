//! The Tauri shell. Deliberately thin: it opens the desk, sets up logging and
//! maps each window command onto one desk call (see `commands`). Everything
//! worth testing lives in `packdesk-desk`, which needs no window.

mod commands;
mod logging;
mod notifications;
mod shipping_commands;
mod sync_commands;

use std::sync::Arc;

use packdesk_desk::{
    paths, share, Desk, PrintOptions, Printing, Secrets, SharedDesk, Shipping, ShippingOptions,
    SyncEngine,
};

/// What every command can reach: the one open desk and its services.
pub struct AppState {
    desk: SharedDesk,
    shipping: Shipping,
    printing: Printing,
    sync: SyncEngine,
}

pub fn run() {
    let database = paths::default_database_path();
    let _log_guard = logging::init(&paths::log_dir_for(&database));
    tracing::info!(database = %database.display(), version = env!("CARGO_PKG_VERSION"), "Packdesk starting");

    let desk = match Desk::open(&database) {
        Ok(desk) => desk,
        Err(error) => {
            tracing::error!(%error, "cannot open the desk database");
            eprintln!("Packdesk cannot start: {error}");
            std::process::exit(1);
        }
    };

    let desk = share(desk);
    let printing = Printing::new(desk.clone(), PrintOptions::default());
    let shipping = Shipping::new(
        desk.clone(),
        printing.clone(),
        Secrets::new(paths::APP_IDENTIFIER),
        ShippingOptions::default(),
    );
    let sync = match SyncEngine::new(
        desk.clone(),
        Secrets::new(paths::APP_IDENTIFIER),
        Arc::new(notifications::announce),
    ) {
        Ok(sync) => sync,
        Err(error) => {
            tracing::error!(%error, "sync cannot start");
            eprintln!("Packdesk cannot start: {error}");
            std::process::exit(1);
        }
    };
    let workers = (printing.clone(), shipping.clone(), sync.clone());

    let result = tauri::Builder::default()
        .manage(AppState {
            desk,
            shipping,
            printing,
            sync,
        })
        .setup(move |_app| {
            // The print queue and the shipping worker (unfinished purchases,
            // tracking) live as long as the window.
            let (printing, shipping, sync) = workers;
            tauri::async_runtime::spawn(printing.run_queue());
            tauri::async_runtime::spawn(shipping.run_background());
            tauri::async_runtime::spawn(sync.run_background());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_orders,
            commands::status_counts,
            commands::get_order,
            commands::create_order,
            commands::edit_order,
            commands::change_status,
            commands::load_demo_data,
            commands::get_settings,
            commands::save_settings,
            shipping_commands::shipping_view,
            shipping_commands::check_address,
            shipping_commands::quote_rates,
            shipping_commands::buy_label,
            shipping_commands::queue_buy,
            shipping_commands::cancel_queued_label,
            shipping_commands::void_label,
            shipping_commands::refresh_tracking,
            shipping_commands::label_image,
            shipping_commands::print_label,
            shipping_commands::print_packing_slip,
            shipping_commands::print_pick_list,
            shipping_commands::batch_ship,
            shipping_commands::print_jobs,
            shipping_commands::retry_print_job,
            shipping_commands::reprint_job,
            shipping_commands::list_printers,
            shipping_commands::save_printer,
            shipping_commands::delete_printer,
            shipping_commands::test_printer,
            shipping_commands::get_shipping_settings,
            shipping_commands::save_shipping_settings,
            sync_commands::sync_status,
            sync_commands::sync_now,
            sync_commands::sign_in,
            sync_commands::sign_out,
            sync_commands::sync_conflicts,
            sync_commands::resolve_conflict,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!(%error, "the window could not run");
        eprintln!("Packdesk stopped: {error}");
        std::process::exit(1);
    }
}

//! The Tauri shell. Deliberately thin: it opens the desk, sets up logging and
//! maps each window command onto one desk call (see `commands`). Everything
//! worth testing lives in `packdesk-desk`, which needs no window.

mod commands;
mod logging;

use std::sync::{Arc, Mutex};

use packdesk_desk::{paths, Desk};

/// What every command can reach: the one open desk.
pub struct AppState {
    desk: Arc<Mutex<Desk>>,
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

    let result = tauri::Builder::default()
        .manage(AppState {
            desk: Arc::new(Mutex::new(desk)),
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
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!(%error, "the window could not run");
        eprintln!("Packdesk stopped: {error}");
        std::process::exit(1);
    }
}

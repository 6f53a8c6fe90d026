//! Where a desk keeps its files.

use std::path::{Path, PathBuf};

/// The Tauri bundle identifier; the OS app-data folder is named after it, so
/// the app and the CLI find the same database.
pub const APP_IDENTIFIER: &str = "com.packdesk.desk";
pub const DATABASE_FILE: &str = "packdesk.sqlite3";
/// Overrides the database location (tests, support, a second desk on one machine).
pub const DATABASE_ENV: &str = "PACKDESK_DB";

/// `$PACKDESK_DB`, else the OS app-data folder: `~/.local/share/com.packdesk.desk`
/// on Linux, `~/Library/Application Support/com.packdesk.desk` on macOS,
/// `%APPDATA%\com.packdesk.desk` on Windows.
pub fn default_database_path() -> PathBuf {
    if let Some(path) = std::env::var_os(DATABASE_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join(DATABASE_FILE)
}

/// Logs live beside the database they describe.
pub fn log_dir_for(database: &Path) -> PathBuf {
    database
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("logs")
}

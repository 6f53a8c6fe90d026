//! A readable log file: one line per event, local-time stamps, no colour codes,
//! rotated daily, beside the database (`logs/packdesk.log.YYYY-MM-DD`).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::fmt::time::ChronoLocal;
use tracing_subscriber::EnvFilter;

/// Starts logging to `dir` (and stderr in debug builds). Keep the guard alive:
/// dropping it flushes and stops the writer thread.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("logging to {} is unavailable: {error}", dir.display());
        return None;
    }
    let filter = EnvFilter::try_from_env("PACKDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let appender = match tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("packdesk.log")
        .max_log_files(14)
        .build(dir)
    {
        Ok(appender) => appender,
        Err(error) => {
            eprintln!("logging to {} is unavailable: {error}", dir.display());
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_timer(ChronoLocal::new("%Y-%m-%d %H:%M:%S%.3f".into()))
        .with_ansi(false)
        .with_target(false)
        .with_writer(writer)
        .try_init();
    if installed.is_err() {
        return None;
    }
    std::panic::set_hook(Box::new(
        |info| tracing::error!(panic = %info, "internal error"),
    ));
    Some(guard)
}

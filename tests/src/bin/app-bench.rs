//! App start to first paint, and resident memory, on a given database:
//! `xvfb-run -a dbus-run-session -- cargo run -p packdesk-e2e --bin app-bench -- DB [RUNS]`
//!
//! "First paint" is the first orders page rendered (`data-ready="true"`),
//! timed from the WebDriver new-session request that starts the process, so
//! it includes process start, WebKit start, wasm load and the first query.

use std::path::{Path, PathBuf};
use std::time::Instant;

use packdesk_e2e::{app_binary, App};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let database = PathBuf::from(args.get(1).ok_or("usage: app-bench DATABASE [RUNS]")?);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);

    let mut starts = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let app = App::launch(&database).await?;
        starts.push(started.elapsed());
        memory.push(resident_memory(&app_binary()));
        app.quit().await?;
    }
    starts.sort();
    let (main, web) = memory.last().copied().unwrap_or_default();
    println!(
        "| app start to first paint (median of {runs}) | {:.0} ms |",
        starts[runs / 2].as_secs_f64() * 1e3
    );
    println!(
        "| app start to first paint (slowest) | {:.0} ms |",
        starts[runs - 1].as_secs_f64() * 1e3
    );
    println!("| resident memory, app process | {} MB |", main / 1024);
    println!(
        "| resident memory, WebKit web process | {} MB |",
        web / 1024
    );
    Ok(())
}

/// VmRSS in KiB of the app process and of the WebKit processes it started.
fn resident_memory(app: &Path) -> (u64, u64) {
    let app = std::fs::canonicalize(app).unwrap_or_else(|_| app.to_owned());
    let processes: Vec<(u32, u32, String, u64)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default()
            };
            let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
            let rss = field("VmRSS:")
                .trim_end_matches(" kB")
                .trim()
                .parse()
                .unwrap_or(0);
            let ppid = field("PPid:").parse().unwrap_or(0);
            let name = if exe == app {
                "app".to_owned()
            } else {
                field("Name:")
            };
            Some((pid, ppid, name, rss))
        })
        .collect();
    let Some(&(app_pid, _, _, app_rss)) = processes.iter().find(|p| p.2 == "app") else {
        return (0, 0);
    };
    let web = processes
        .iter()
        .filter(|p| p.1 == app_pid && p.2.starts_with("WebKit"))
        .map(|p| p.3)
        .sum();
    (app_rss, web)
}

//! A throwaway PostgreSQL cluster for the test binary, started once.
//!
//! With `PACKDESK_TEST_POSTGRES=postgres://…` the tests use that server
//! instead (each test still makes its own database there, and leaves it).
//! Otherwise this needs root and PostgreSQL 15's binaries in
//! `/usr/lib/postgresql/15/bin` (Debian's `postgresql-15` package): the
//! cluster runs as the `postgres` user on a free port, in a temp dir.
//!
//! Clean-up: postgres runs under a small `sh` watchdog whose stdin is a
//! pipe held open by this process. When the test binary exits, however it
//! exits, the pipe closes, and the watchdog stops postgres and deletes the
//! directory.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tokio_postgres::NoTls;
use uuid::Uuid;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// Runs postgres ($1 binary, $2 data dir, $3 port) until stdin closes,
/// then stops it and removes $4.
const WATCHDOG: &str = r#"
"$1" -D "$2" -p "$3" -k "$2" -c listen_addresses=127.0.0.1 -c fsync=on </dev/null &
pg=$!
read -r _closed
kill -INT "$pg"
wait "$pg"
rm -rf "$4"
"#;

struct Cluster {
    config: tokio_postgres::Config,
    /// Never dropped: its stdin pipe is what keeps the cluster alive.
    _watchdog: Option<Child>,
}

/// Connection settings for a new, empty database on the shared cluster.
pub async fn fresh_database() -> tokio_postgres::Config {
    let cluster = match cluster() {
        Ok(cluster) => cluster,
        Err(reason) => panic!(
            "PostgreSQL tests cannot run: {reason}\n\
             Run the tests as root with postgresql-15 installed, or set \
             PACKDESK_TEST_POSTGRES=postgres://user@host:port/db"
        ),
    };
    let (client, connection) = match cluster.config.connect(NoTls).await {
        Ok(pair) => pair,
        Err(error) => panic!("cannot connect to the test PostgreSQL: {error}"),
    };
    tokio::spawn(connection);
    let name = format!("t_{}", Uuid::new_v4().simple());
    if let Err(error) = client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
    {
        panic!("cannot create test database {name}: {error}");
    }
    let mut config = cluster.config.clone();
    config.dbname(&name);
    config
}

fn cluster() -> &'static Result<Cluster, String> {
    static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
    CLUSTER.get_or_init(|| match std::env::var("PACKDESK_TEST_POSTGRES") {
        Ok(url) => url
            .parse()
            .map(|config| Cluster {
                config,
                _watchdog: None,
            })
            .map_err(|e| format!("PACKDESK_TEST_POSTGRES is not a PostgreSQL URL: {e}")),
        Err(_) => start_cluster(),
    })
}

fn start_cluster() -> Result<Cluster, String> {
    let root = std::env::temp_dir().join(format!("packdesk-pg-{}", Uuid::new_v4().simple()));
    std::fs::create_dir(&root).map_err(|e| format!("cannot make {}: {e}", root.display()))?;
    run(Command::new("chown").arg("postgres:postgres").arg(&root))?;
    let data = root.join("data");
    run(Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(Path::new(PG_BIN).join("initdb"))
        .arg("-D")
        .arg(&data)
        .args(["-A", "trust", "-U", "postgres", "--no-sync"]))?;

    let port = free_port()?;
    let log_path = root.join("postgres.log");
    let log = File::create(&log_path).map_err(|e| format!("cannot make the log file: {e}"))?;
    let mut watchdog = Command::new("runuser")
        .args(["-u", "postgres", "--", "sh", "-c", WATCHDOG, "sh"])
        .arg(Path::new(PG_BIN).join("postgres"))
        .arg(&data)
        .arg(port.to_string())
        .arg(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start postgres: {e}"))?;
    wait_until_ready(port, &mut watchdog, &log_path)?;

    let mut config = tokio_postgres::Config::new();
    config
        .host("127.0.0.1")
        .port(port)
        .user("postgres")
        .dbname("postgres");
    Ok(Cluster {
        config,
        _watchdog: Some(watchdog),
    })
}

fn wait_until_ready(port: u16, watchdog: &mut Child, log: &PathBuf) -> Result<(), String> {
    let deadline = Instant::now() + STARTUP_LIMIT;
    loop {
        let ready = Command::new(Path::new(PG_BIN).join("pg_isready"))
            .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
            .status()
            .map_err(|e| format!("cannot run pg_isready: {e}"))?;
        if ready.success() {
            return Ok(());
        }
        let exited = watchdog.try_wait().map_err(|e| e.to_string())?.is_some();
        if exited || Instant::now() > deadline {
            let tail = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("postgres did not start on port {port}:\n{tail}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| e.to_string())
}

//! `packdesk sync` as its own process: killed with SIGKILL mid-push or
//! mid-pull and run again, every order reaches the server (or the desk)
//! exactly once; signed in at a terminal, the password is never shown.

#[path = "../../desk/tests/sync/harness.rs"]
mod harness;
#[cfg(unix)]
#[path = "../../../server/tests/cli/terminal.rs"]
mod terminal;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use harness::{on_both_backends, Backend, Server, TestDesk, PASSWORD};
use packdesk_desk::with_desk;

const ORDERS: u64 = 1_200;

fn packdesk(db: &Path, args: &[&str], stdin: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_packdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PACKDESK_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("packdesk runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child
}

fn ok(db: &Path, args: &[&str], stdin: &str) -> Value {
    let output = packdesk(db, args, stdin).wait_with_output().expect("exit");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON out")
}

on_both_backends! {
    async fn a_desk_killed_mid_sync_and_restarted_loses_nothing_and_doubles_nothing(server) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("desk.sqlite3");
        let drafts: Vec<_> = (0..ORDERS).map(packdesk_desk::demo::synthetic_draft).collect();
        ok(&db, &["orders", "create"], &serde_json::to_string(&drafts).expect("JSON"));
        ok(&db, &["sync", "sign-in", "--server", &server.base, "--user", "manager"], PASSWORD);
        let waiting = ok(&db, &["sync", "status"], "")["waiting"].as_u64();
        assert_eq!(waiting, Some(ORDERS));

        // Pushes go in batches of 500; kill the process while the second is
        // in flight, after the first was acknowledged and written.
        server.hold_pushes(400);
        let mut syncing = packdesk(&db, &["sync", "now"], "");
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while ok(&db, &["sync", "status"], "")["waiting"].as_u64() == Some(ORDERS) {
            assert!(std::time::Instant::now() < deadline, "the first batch never went up");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // The second batch is now held by the server for 400 ms.
        syncing.kill().expect("SIGKILL");
        syncing.wait().expect("reaped");
        let left = ok(&db, &["sync", "status"], "")["waiting"].as_u64().unwrap_or(0);
        assert!(left > 0 && left < ORDERS, "killed mid-sync: {left} of {ORDERS} still waiting");

        server.hold_pushes(0);
        ok(&db, &["sync", "now"], "");
        assert_eq!(ok(&db, &["sync", "status"], "")["waiting"].as_u64(), Some(0));

        let other = TestDesk::signed_in(&server, "viewer").await;
        other.sync.sync_now().await.expect("pull");
        let state = other.state();
        assert_eq!(state.len() as u64, ORDERS, "every order arrived");
        assert!(state.iter().all(|(_, _, history)| history.len() == 1), "none applied twice");
    }
}

/// Counts rows on the desk's database, as another process may while the
/// desk runs (WAL lets readers in).
fn count(db: &Path, sql: &str) -> u64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("desk database");
    conn.query_row(sql, [], |row| row.get::<_, i64>(0))
        .map(|n| n as u64)
        .unwrap_or(0)
}

on_both_backends! {
    async fn a_desk_killed_mid_first_sync_resumes_and_ends_with_every_order_once(server) {
        let source = TestDesk::signed_in(&server, "manager").await;
        let drafts: Vec<_> = (0..ORDERS).map(packdesk_desk::demo::synthetic_draft).collect();
        with_desk(&source.desk, |desk| {
            for draft in drafts {
                desk.create_order(uuid::Uuid::now_v7(), &TestDesk::admin(), draft)?;
            }
            Ok(())
        })
        .expect("orders made");
        source.sync.sync_now().await.expect("pushed");

        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("desk.sqlite3");
        ok(&db, &["sync", "sign-in", "--server", &server.base, "--user", "viewer"], PASSWORD);
        // Pages come 500 at a time; kill the process while the second is
        // held, after the first was written.
        server.hold_later_pulls(400);
        let mut syncing = packdesk(&db, &["sync", "now"], "");
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while count(&db, "SELECT COUNT(*) FROM orders") == 0 {
            assert!(std::time::Instant::now() < deadline, "the first page never arrived");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        syncing.kill().expect("SIGKILL");
        syncing.wait().expect("reaped");
        let stored = count(&db, "SELECT COUNT(*) FROM orders");
        assert!(stored > 0 && stored < ORDERS, "killed mid-sync: {stored} of {ORDERS} stored");

        server.hold_later_pulls(0);
        let report = ok(&db, &["sync", "now"], "");
        assert_eq!(report["pulled"].as_u64(), Some(ORDERS - stored), "resumed where it stopped: {report}");
        for (what, sql) in [
            ("orders", "SELECT COUNT(*) FROM orders"),
            ("distinct numbers", "SELECT COUNT(DISTINCT order_number) FROM orders"),
            ("history rows", "SELECT COUNT(*) FROM order_status_history"),
            ("search rows", "SELECT COUNT(*) FROM order_search"),
            ("server bases", "SELECT COUNT(*) FROM server_orders"),
        ] {
            assert_eq!(count(&db, sql), ORDERS, "{what}");
        }
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_typed_at_a_terminal_signs_in_without_being_shown() {
    let server = Server::start(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.sqlite3");
    let mut sign_in = Command::new(env!("CARGO_BIN_EXE_packdesk"));
    sign_in
        .arg("--db")
        .arg(&db)
        .args([
            "sync",
            "sign-in",
            "--server",
            &server.base,
            "--user",
            "manager",
        ])
        .env_remove("PACKDESK_DB");
    let mut terminal = terminal::Terminal::run(sign_in);
    terminal.wait_for("Password: ");
    terminal.wait_for_echo_off();
    terminal.type_line(PASSWORD);
    let (succeeded, screen) = terminal.finish();
    assert!(succeeded, "{screen}");
    assert!(
        !screen.contains(PASSWORD),
        "the password was echoed: {screen:?}"
    );
    let status = ok(&db, &["sync", "status"], "");
    assert_eq!(status["signed_in_as"]["username"], "manager", "{status}");
}

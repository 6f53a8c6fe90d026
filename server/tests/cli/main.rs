//! `packdesk-server user add` as its own process: the password is taken
//! from a pipe or typed at a terminal without echo, and only its hash is
//! stored.

#[cfg(unix)]
mod terminal;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use packdesk_domain::Role;
use packdesk_server::auth::password;
use packdesk_server::storage::{SqliteStorage, Storage};

#[cfg(unix)]
use terminal::Terminal;

const PASSWORD: &str = "correct horse battery";

fn user_add(db: &Path, name: &str, role: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_packdesk-server"));
    command
        .args(["user", "add", name, "--role", role, "--database"])
        .arg(db)
        .env_remove("PACKDESK_DATABASE");
    command
}

async fn stored_hash(db: &Path, name: &str) -> (Role, String) {
    let storage = SqliteStorage::open(db.to_path_buf())
        .await
        .expect("database opens");
    let user = storage
        .find_user(name)
        .await
        .expect("query runs")
        .expect("the user was added");
    (user.user.role, user.password_hash)
}

#[tokio::test]
async fn a_piped_password_is_stored_only_as_its_hash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("server.sqlite3");
    let mut child = user_add(&db, "dana", "manager")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("exits");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "added dana as manager"
    );

    let (role, hash) = stored_hash(&db, "dana").await;
    assert_eq!(role, Role::Manager);
    assert!(password::verify(PASSWORD, Some(&hash)));
    assert!(!password::verify("correct horse", Some(&hash)));
    let file = std::fs::read(&db).expect("database file");
    let needle = PASSWORD.as_bytes();
    assert!(
        !file.windows(needle.len()).any(|w| w == needle),
        "the plain password is in the database file"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_password_typed_at_a_terminal_is_not_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("server.sqlite3");
    let mut terminal = Terminal::run(user_add(&db, "erin", "processor"));
    terminal.wait_for("Password: ");
    terminal.wait_for_echo_off();
    terminal.type_line(PASSWORD);
    let (succeeded, screen) = terminal.finish();
    assert!(succeeded, "{screen}");
    assert!(screen.contains("added erin as processor"), "{screen}");
    assert!(
        !screen.contains(PASSWORD),
        "the password was echoed: {screen:?}"
    );

    let (role, hash) = stored_hash(&db, "erin").await;
    assert_eq!(role, Role::Processor);
    assert!(password::verify(PASSWORD, Some(&hash)));
}

#[test]
fn an_empty_password_adds_nobody() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("server.sqlite3");
    let output = user_add(&db, "finn", "viewer")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "packdesk-server: the password is empty"
    );
    assert!(!db.exists(), "nothing was created");
}

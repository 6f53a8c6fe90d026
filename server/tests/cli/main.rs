//! `packdesk-server user …` as its own process: the password is taken
//! from a pipe or typed at a terminal without echo, and only its hash is
//! stored; users are listed, given new roles and removed with their sessions.

#[cfg(unix)]
mod terminal;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use packdesk_domain::Role;
use packdesk_server::auth::password;
use packdesk_server::storage::{SqliteStorage, Storage, TokenHash};

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

fn user(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_packdesk-server"))
        .arg("user")
        .args(args)
        .arg("--database")
        .arg(db)
        .env_remove("PACKDESK_DATABASE")
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn add(db: &Path, name: &str, role: &str) {
    let mut child = user_add(db, name, role)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("written");
    assert!(child.wait().expect("exits").success());
}

#[tokio::test]
async fn users_are_listed_given_new_roles_and_removed_with_their_sessions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("server.sqlite3");
    add(&db, "bob", "viewer");
    add(&db, "ann", "manager");
    let listed = user(&db, &["list"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "ann\tmanager\nbob\tviewer\n"
    );

    let storage = SqliteStorage::open(db.clone())
        .await
        .expect("database opens");
    let bob = storage.find_user("bob").await.unwrap().expect("bob").id;
    let token = TokenHash([7; 32]);
    let now = chrono::Utc::now();
    storage
        .insert_token(&token, bob, now + chrono::Duration::days(1))
        .await
        .unwrap();

    let promoted = user(&db, &["set-role", "bob", "--role", "processor"]);
    assert!(promoted.status.success(), "{promoted:?}");
    let session = storage
        .find_session(&token, now)
        .await
        .unwrap()
        .expect("still signed in");
    assert_eq!(
        session.user.role,
        Role::Processor,
        "the new role applies at once"
    );

    let removed = user(&db, &["remove", "bob"]);
    assert!(removed.status.success(), "{removed:?}");
    assert_eq!(
        storage.find_session(&token, now).await.unwrap(),
        None,
        "bob's session ended"
    );
    let listed = user(&db, &["list"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "ann\tmanager\n");

    for args in [
        &["remove", "bob"][..],
        &["set-role", "zed", "--role", "admin"][..],
    ] {
        let refused = user(&db, args);
        assert!(!refused.status.success());
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("there is no user named"),
            "{refused:?}"
        );
    }
}

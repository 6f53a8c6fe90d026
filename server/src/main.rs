//! `packdesk-server serve` and `packdesk-server user add|list|set-role|remove`.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use packdesk_domain::Role;
use packdesk_server::auth::password;
use packdesk_server::http::{self, AppState, ServerConfig};
use packdesk_server::storage::{self, DatabaseUrl, StorageError};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "packdesk-server", version, about = "Packdesk's sync server")]
struct Cli {
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Serve the sync API.
    Serve {
        /// `sqlite:///path/server.sqlite3`, a plain path, or `postgres://user@host:port/db`.
        #[arg(long, env = "PACKDESK_DATABASE")]
        database: DatabaseUrl,
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        /// How long a sign-in lasts.
        #[arg(long, default_value_t = 30)]
        token_days: u32,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Add a user; the password is asked for (or read from a pipe) so it
    /// never lands in shell history.
    Add {
        name: String,
        #[arg(long)]
        role: Role,
        #[arg(long, env = "PACKDESK_DATABASE")]
        database: DatabaseUrl,
    },
    /// List users and their roles.
    List {
        #[arg(long, env = "PACKDESK_DATABASE")]
        database: DatabaseUrl,
    },
    /// Change a user's role; it applies to their next request.
    SetRole {
        name: String,
        #[arg(long)]
        role: Role,
        #[arg(long, env = "PACKDESK_DATABASE")]
        database: DatabaseUrl,
    },
    /// Remove a user; their sessions end at once. What they synced stays.
    Remove {
        name: String,
        #[arg(long, env = "PACKDESK_DATABASE")]
        database: DatabaseUrl,
    },
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Hash(#[from] password::HashError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the password is empty")]
    EmptyPassword,
    #[error("there is no user named {0:?}")]
    NoSuchUser(String),
    #[error("a worker thread failed: {0}")]
    Worker(String),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Action::Serve {
            database,
            listen,
            token_days,
        } => serve(database, listen, token_days).await,
        Action::User { action } => manage_users(action).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("packdesk-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(database: DatabaseUrl, listen: SocketAddr, token_days: u32) -> Result<(), CliError> {
    let storage = storage::open(&database).await?;
    let config = ServerConfig {
        token_ttl: chrono::Duration::days(i64::from(token_days)),
        ..ServerConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!(address = %listener.local_addr()?, database = storage.backend_name(), "serving");
    let state = AppState::new(storage, config);
    http::run(listener, state, async {
        // If the signal cannot be installed, keep serving until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    })
    .await?;
    Ok(())
}

async fn manage_users(action: UserAction) -> Result<(), CliError> {
    match action {
        UserAction::Add {
            name,
            role,
            database,
        } => add_user(database, name, role).await,
        UserAction::List { database } => {
            let storage = storage::open(&database).await?;
            for user in storage.list_users().await? {
                println!("{}\t{}", user.username, user.role.as_str());
            }
            Ok(())
        }
        UserAction::SetRole {
            name,
            role,
            database,
        } => {
            let storage = storage::open(&database).await?;
            let name = name.trim();
            if !storage.set_role(name, role).await? {
                return Err(CliError::NoSuchUser(name.to_owned()));
            }
            eprintln!("{name} is now {}", role.as_str());
            Ok(())
        }
        UserAction::Remove { name, database } => {
            let storage = storage::open(&database).await?;
            let name = name.trim();
            if !storage.remove_user(name).await? {
                return Err(CliError::NoSuchUser(name.to_owned()));
            }
            eprintln!("removed {name}; their sessions have ended");
            Ok(())
        }
    }
}

async fn add_user(database: DatabaseUrl, name: String, role: Role) -> Result<(), CliError> {
    let password = read_password()?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| CliError::Worker(e.to_string()))??;
    let storage = storage::open(&database).await?;
    storage.create_user(name.trim(), role, &hash).await?;
    eprintln!("added {} as {}", name.trim(), role.as_str());
    Ok(())
}

/// The password: typed at a terminal without echo, or the first line of
/// stdin when it is piped in (`… < file`, a secret manager).
fn read_password() -> Result<String, CliError> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        eprint!("Password: ");
        std::io::stderr().flush()?;
        rpassword::read_password()?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    if password.is_empty() {
        return Err(CliError::EmptyPassword);
    }
    Ok(password)
}

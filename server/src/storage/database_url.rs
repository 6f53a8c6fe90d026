//! The `--database` argument: which backend, and where.

use std::path::PathBuf;
use std::str::FromStr;

use super::StorageError;

/// `postgres://…` / `postgresql://…` selects PostgreSQL; `sqlite://PATH` or
/// a plain path selects SQLite, so the default setup needs no server at all.
#[derive(Debug, Clone)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    /// Parsed up front so a typo fails at start, not on the first request.
    /// `tokio_postgres::Config`'s `Debug` redacts the password.
    Postgres(Box<tokio_postgres::Config>),
}

impl FromStr for DatabaseUrl {
    type Err = StorageError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            let config = text
                .parse::<tokio_postgres::Config>()
                .map_err(|e| StorageError::Open(format!("bad PostgreSQL URL: {e}")))?;
            return Ok(DatabaseUrl::Postgres(Box::new(config)));
        }
        let path = text.strip_prefix("sqlite://").unwrap_or(text);
        if path.is_empty() {
            return Err(StorageError::Open("no SQLite file path given".into()));
        }
        if path.contains("://") {
            return Err(StorageError::Open(
                "unknown database URL scheme: use postgres://… or sqlite://PATH".into(),
            ));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_path(text: &str) -> PathBuf {
        match text.parse::<DatabaseUrl>() {
            Ok(DatabaseUrl::Sqlite(path)) => path,
            other => panic!("{text} should be a SQLite path, got {other:?}"),
        }
    }

    #[test]
    fn sqlite_urls_and_plain_paths_name_a_file() {
        assert_eq!(
            sqlite_path("sqlite:///var/lib/packdesk/server.sqlite3"),
            PathBuf::from("/var/lib/packdesk/server.sqlite3")
        );
        assert_eq!(
            sqlite_path("data/server.sqlite3"),
            PathBuf::from("data/server.sqlite3")
        );
    }

    #[test]
    fn postgres_urls_select_postgres() {
        let url = "postgres://packdesk@db.internal:5433/packdesk"
            .parse::<DatabaseUrl>()
            .expect("a valid URL");
        let DatabaseUrl::Postgres(config) = url else {
            panic!("expected PostgreSQL");
        };
        assert_eq!(config.get_dbname(), Some("packdesk"));
        assert_eq!(config.get_ports(), &[5433]);
    }

    #[test]
    fn unknown_schemes_and_empty_paths_are_refused() {
        assert!("mysql://db/packdesk".parse::<DatabaseUrl>().is_err());
        assert!("sqlite://".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn postgres_passwords_never_reach_debug_output() {
        let url = "postgres://packdesk:hunter2@db/packdesk"
            .parse::<DatabaseUrl>()
            .expect("a valid URL");
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}

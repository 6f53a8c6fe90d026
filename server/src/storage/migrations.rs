//! Forward-only schema migrations, embedded in the binary.
//!
//! Each backend has its own numbered SQL files (the dialects differ); both
//! record what ran in a `schema_version` table. Landed files are never
//! edited: a change is a new file. A database written by a newer server is
//! refused rather than half-understood.

use super::{StorageError, StorageResult};

pub(crate) struct Migration {
    pub version: i64,
    pub sql: &'static str,
}

pub(crate) const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/sqlite/0002_desk_prefixes.sql"),
    },
];

pub(crate) const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/postgres/0002_desk_prefixes.sql"),
    },
];

/// The migrations still to run on a database at version `current`.
pub(crate) fn pending(
    all: &'static [Migration],
    current: i64,
) -> StorageResult<&'static [Migration]> {
    let known = all.last().map_or(0, |m| m.version);
    if current > known {
        return Err(StorageError::SchemaTooNew {
            found: current,
            known,
        });
    }
    Ok(&all[all.partition_point(|m| m.version <= current)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_in_both_backends() {
        for list in [SQLITE, POSTGRES] {
            let versions: Vec<i64> = list.iter().map(|m| m.version).collect();
            let expected: Vec<i64> = (1..=list.len() as i64).collect();
            assert_eq!(versions, expected);
        }
    }

    #[test]
    fn a_fresh_database_runs_everything_and_a_current_one_nothing() {
        assert_eq!(pending(SQLITE, 0).map(|p| p.len()).ok(), Some(SQLITE.len()));
        let latest = SQLITE.len() as i64;
        assert_eq!(pending(SQLITE, latest).map(|p| p.len()).ok(), Some(0));
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused() {
        let newer = POSTGRES.len() as i64 + 1;
        assert!(matches!(
            pending(POSTGRES, newer),
            Err(StorageError::SchemaTooNew { found, .. }) if found == newer
        ));
    }
}

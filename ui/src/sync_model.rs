//! What the sync indicator says, decided from a [`SyncStatus`] and the time
//! now, so every wording can be tested on the host without a window.

use chrono::{DateTime, Utc};
use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::sync::SyncStatus;

/// The one thing the header says about sync; also its colour (`sync-<state>`
/// in styles.css) and `data-state`, so tests need not parse the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    SignedOut,
    /// The last attempt did not reach the server.
    Offline,
    /// Reached the server, but changes made here are not acknowledged yet.
    Waiting,
    Synced,
}

impl SyncState {
    pub fn of(status: &SyncStatus) -> Self {
        if status.signed_in_as.is_none() {
            SyncState::SignedOut
        } else if !status.online {
            SyncState::Offline
        } else if status.waiting > 0 {
            SyncState::Waiting
        } else {
            SyncState::Synced
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SyncState::SignedOut => "signed-out",
            SyncState::Offline => "offline",
            SyncState::Waiting => "waiting",
            SyncState::Synced => "synced",
        }
    }
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1 change waiting`, `3 changes waiting`.
fn waiting(n: u64) -> String {
    format!("{} waiting", count(n, "change", "changes"))
}

/// `2 conflicts`, for the badge's accessible name.
pub fn conflicts(n: u64) -> String {
    count(n, "conflict", "conflicts")
}

/// `just now`, `5 min ago`, `1 hour ago`, `3 days ago`. A time a little in
/// the future (the clocks of the desk and the window disagree) is `just now`.
fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes();
    if minutes < 1 {
        "just now".into()
    } else if minutes < 60 {
        format!("{minutes} min ago")
    } else if minutes < 60 * 24 {
        format!("{} ago", count((minutes / 60) as u64, "hour", "hours"))
    } else {
        format!("{} ago", count((minutes / (60 * 24)) as u64, "day", "days"))
    }
}

/// The header's sync line: `Synced 2 min ago`, `3 changes waiting`,
/// `Offline — 3 changes waiting`, `Not signed in`, `Not signed in — 3
/// changes waiting` (signed out of a server: what was made here is kept).
pub fn label(status: &SyncStatus, now: DateTime<Utc>) -> String {
    match SyncState::of(status) {
        // Only for a desk that has a server: one that never synced is not
        // "waiting" for anything.
        SyncState::SignedOut if status.waiting > 0 && !status.server_url.is_empty() => {
            format!("Not signed in — {}", waiting(status.waiting))
        }
        SyncState::SignedOut => "Not signed in".into(),
        SyncState::Offline if status.waiting > 0 => {
            format!("Offline — {}", waiting(status.waiting))
        }
        SyncState::Offline => "Offline".into(),
        SyncState::Waiting => waiting(status.waiting),
        SyncState::Synced => match status.last_sync {
            Some(at) => format!("Synced {}", ago(at, now)),
            None => "Not synced yet".into(),
        },
    }
}

/// `Signed in to https://… as ann (Manager)`, or `None` when signed out.
pub fn signed_in_as(status: &SyncStatus) -> Option<String> {
    status.signed_in_as.as_ref().map(|user| {
        format!(
            "Signed in to {} as {} ({})",
            status.server_url,
            user.username,
            user.role.label()
        )
    })
}

/// The toast for a failed Sync now. An unreachable server is the normal
/// offline case, so it says the desk carries on rather than sounding broken.
pub fn sync_failure(error: &ErrorBody) -> String {
    match error.kind {
        ErrorKind::Unavailable => {
            "The sync server could not be reached. This desk keeps working; changes go up once it is back.".into()
        }
        _ => format!("Sync failed: {}", error.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use packdesk_domain::sync::SignedInUser;
    use packdesk_domain::Role;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 6, 2, 12, 0, 0)
            .single()
            .expect("valid time")
    }

    fn status(online: bool, waiting: u64, synced_minutes_ago: Option<i64>) -> SyncStatus {
        SyncStatus {
            server_url: "https://packdesk.example.com".into(),
            signed_in_as: Some(SignedInUser {
                username: "ann".into(),
                role: Role::Manager,
            }),
            waiting,
            conflicts: 0,
            last_sync: synced_minutes_ago.map(|m| now() - Duration::minutes(m)),
            online,
            last_error: None,
        }
    }

    #[test]
    fn synced_says_how_long_ago() {
        assert_eq!(label(&status(true, 0, Some(0)), now()), "Synced just now");
        assert_eq!(label(&status(true, 0, Some(1)), now()), "Synced 1 min ago");
        assert_eq!(label(&status(true, 0, Some(2)), now()), "Synced 2 min ago");
        assert_eq!(
            label(&status(true, 0, Some(59)), now()),
            "Synced 59 min ago"
        );
        assert_eq!(
            label(&status(true, 0, Some(60)), now()),
            "Synced 1 hour ago"
        );
        assert_eq!(
            label(&status(true, 0, Some(185)), now()),
            "Synced 3 hours ago"
        );
        assert_eq!(
            label(&status(true, 0, Some(60 * 24)), now()),
            "Synced 1 day ago"
        );
        assert_eq!(
            label(&status(true, 0, Some(60 * 72)), now()),
            "Synced 3 days ago"
        );
        assert_eq!(label(&status(true, 0, None), now()), "Not synced yet");
    }

    #[test]
    fn a_clock_ahead_of_the_window_reads_just_now() {
        assert_eq!(ago(now() + Duration::minutes(3), now()), "just now");
    }

    #[test]
    fn waiting_changes_are_counted() {
        assert_eq!(label(&status(true, 1, Some(5)), now()), "1 change waiting");
        assert_eq!(label(&status(true, 3, Some(5)), now()), "3 changes waiting");
        assert_eq!(SyncState::of(&status(true, 3, Some(5))), SyncState::Waiting);
    }

    #[test]
    fn offline_says_what_is_waiting() {
        assert_eq!(
            label(&status(false, 3, Some(5)), now()),
            "Offline — 3 changes waiting"
        );
        assert_eq!(
            label(&status(false, 1, None), now()),
            "Offline — 1 change waiting"
        );
        assert_eq!(label(&status(false, 0, Some(5)), now()), "Offline");
    }

    #[test]
    fn signed_out_says_so_and_what_waits_whatever_else() {
        let signed_out = SyncStatus {
            signed_in_as: None,
            ..status(false, 0, Some(3))
        };
        assert_eq!(label(&signed_out, now()), "Not signed in");
        assert_eq!(SyncState::of(&signed_out), SyncState::SignedOut);
        assert_eq!(signed_in_as(&signed_out), None);

        let ended_with_work_waiting = SyncStatus {
            signed_in_as: None,
            ..status(true, 4, Some(1))
        };
        assert_eq!(
            label(&ended_with_work_waiting, now()),
            "Not signed in — 4 changes waiting"
        );
        let never_synced = SyncStatus {
            server_url: String::new(),
            ..ended_with_work_waiting
        };
        assert_eq!(label(&never_synced, now()), "Not signed in");
    }

    #[test]
    fn who_is_signed_in_where() {
        assert_eq!(
            signed_in_as(&status(true, 0, None)).as_deref(),
            Some("Signed in to https://packdesk.example.com as ann (Manager)")
        );
    }

    #[test]
    fn conflicts_are_counted() {
        assert_eq!(conflicts(1), "1 conflict");
        assert_eq!(conflicts(2), "2 conflicts");
    }

    #[test]
    fn an_unreachable_server_is_not_alarming() {
        let error = |kind| ErrorBody {
            kind,
            message: "token expired".into(),
            fields: Vec::new(),
        };
        assert!(sync_failure(&error(ErrorKind::Unavailable)).contains("keeps working"));
        assert_eq!(
            sync_failure(&error(ErrorKind::Forbidden)),
            "Sync failed: token expired"
        );
    }
}

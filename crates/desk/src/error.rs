//! The desk's one error type. Every variant maps onto an [`ErrorBody`] kind, so
//! the UI and the CLI can tell bad input from a refusal from a failure.

use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::apply::Refusal;
use packdesk_domain::{Permission, Role, TransitionError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("a {} may not {}", .role.label(), .permission.describe())]
    Forbidden { role: Role, permission: Permission },
    #[error("no order {0}")]
    NotFound(String),
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("{0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the database at {path} cannot be used: {reason}")]
    Unusable { path: String, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A carrier or printer cannot be reached; nothing was bought or printed.
    #[error("{0}")]
    Unavailable(String),
    /// The sync server no longer accepts this desk's token.
    #[error("sign in to the Packdesk server again: {0}")]
    SignedOut(String),
    /// A carrier or printer answered with something we cannot use.
    #[error("{0}")]
    External(String),
}

impl DeskError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        DeskError::Invalid(ValidationErrors::single(field, reason))
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            DeskError::Invalid(_) => ErrorKind::Invalid,
            DeskError::Forbidden { .. } | DeskError::SignedOut(_) => ErrorKind::Forbidden,
            DeskError::NotFound(_) => ErrorKind::NotFound,
            DeskError::Transition(_) | DeskError::Conflict(_) => ErrorKind::Conflict,
            DeskError::Unavailable(_) => ErrorKind::Unavailable,
            DeskError::Database(_)
            | DeskError::Unusable { .. }
            | DeskError::Io(_)
            | DeskError::External(_) => ErrorKind::Internal,
        }
    }

    pub fn to_body(&self) -> ErrorBody {
        let fields = match self {
            DeskError::Invalid(errors) => errors.0.clone(),
            _ => Vec::new(),
        };
        let message = match self {
            DeskError::Invalid(errors) if errors.0.len() > 1 => {
                format!("{} fields need attention: {errors}", errors.0.len())
            }
            other => other.to_string(),
        };
        ErrorBody {
            kind: self.kind(),
            message,
            fields,
        }
    }
}

impl From<Refusal> for DeskError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(errors) => DeskError::Invalid(errors),
            Refusal::Forbidden { role, permission } => DeskError::Forbidden { role, permission },
            Refusal::NotFound(what) => DeskError::NotFound(what),
            Refusal::Transition(error) => DeskError::Transition(error),
            Refusal::Conflict(message) => DeskError::Conflict(message),
        }
    }
}

impl From<ValidationErrors> for DeskError {
    fn from(errors: ValidationErrors) -> Self {
        DeskError::Invalid(errors)
    }
}

pub type DeskResult<T> = Result<T, DeskError>;

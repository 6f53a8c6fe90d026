//! What leaves the process: JSON on stdout, and on failure an `ErrorBody`
//! line on stderr with the exit code for its kind (see the crate docs).

use std::io::Write;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind as ClapKind};
use packdesk_desk::{DeskError, DeskResult};
use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::FieldError;
use serde::Serialize;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> DeskResult<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    stdout.flush()?;
    Ok(())
}

pub fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Internal => 1,
        ErrorKind::Invalid => 2,
        ErrorKind::Forbidden => 3,
        ErrorKind::NotFound => 4,
        ErrorKind::Conflict => 5,
        ErrorKind::Unavailable => 6,
    }
}

/// Reports a refused or failed command.
pub fn failure(error: &DeskError) -> ExitCode {
    emit(&error.to_body())
}

/// Reports what clap made of the arguments: help and version are answers,
/// anything else is bad input, reported like any other.
pub fn usage(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ClapKind::DisplayHelp | ClapKind::DisplayVersion => {
            // Nothing useful can be done if even this print fails.
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ClapKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(exit_code(ErrorKind::Invalid))
        }
        _ => {
            let rendered = error.to_string();
            let message = rendered
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with("For more information"))
                .collect::<Vec<_>>()
                .join(" ");
            let message = message
                .strip_prefix("error: ")
                .unwrap_or(&message)
                .to_owned();
            let fields = usage_fields(error, &message);
            emit(&ErrorBody {
                kind: ErrorKind::Invalid,
                message,
                fields,
            })
        }
    }
}

/// The arguments clap blames, each with a short reason.
fn usage_fields(error: &clap::Error, message: &str) -> Vec<FieldError> {
    let args = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => vec![arg.clone()],
        Some(ContextValue::Strings(args)) => args.clone(),
        _ => return Vec::new(),
    };
    let reason = match (
        error.kind(),
        error.get(ContextKind::InvalidValue),
        error.get(ContextKind::ValidValue),
    ) {
        (ClapKind::MissingRequiredArgument, ..) => "is required".to_owned(),
        (_, Some(ContextValue::String(value)), Some(ContextValue::Strings(valid))) => {
            format!("`{value}` is not one of {}", valid.join(", "))
        }
        _ => message.to_owned(),
    };
    args.into_iter()
        .map(|field| FieldError {
            field,
            reason: reason.clone(),
        })
        .collect()
}

fn emit(body: &ErrorBody) -> ExitCode {
    let line = serde_json::to_string(body).unwrap_or_else(|_| {
        format!(
            "{{\"kind\":\"internal\",\"message\":{:?},\"fields\":[]}}",
            body.message
        )
    });
    // stderr is the last resort: if writing it fails there is no one left to tell.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    ExitCode::from(exit_code(body.kind))
}

//! What the user hands in: stdin or a named file, bounded in size, and
//! order drafts parsed from JSON with every error naming its field path.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use packdesk_desk::csv_io::read_limited;
use packdesk_desk::{DeskError, DeskResult};
use packdesk_domain::{OrderDraft, ValidationErrors};
use serde::de::DeserializeOwned;

/// The file at `path`, or stdin when there is none or it is `-`.
pub fn open(path: Option<&Path>) -> DeskResult<Box<dyn Read>> {
    match path.filter(|p| p.as_os_str() != "-") {
        None => Ok(Box::new(std::io::stdin().lock())),
        Some(path) => File::open(path)
            .map(|file| Box::new(file) as Box<dyn Read>)
            .map_err(|e| {
                DeskError::invalid("file", format!("cannot read {}: {e}", path.display()))
            }),
    }
}

/// Reads all of `input` as text, refusing more than the import limit.
pub fn read_text(input: impl Read) -> DeskResult<String> {
    let bytes = read_limited(input, "input")?;
    String::from_utf8(bytes).map_err(|_| DeskError::invalid("input", "is not UTF-8 text"))
}

/// One draft or several: `create` accepts either.
pub enum Drafts {
    One(Box<OrderDraft>),
    Many(Vec<OrderDraft>),
}

/// Parses one `OrderDraft` object or an array of them. Array drafts are also
/// validated here, each error prefixed with its index (`[2].customer.email`),
/// because the desk's all-or-nothing create stops at the first bad draft and
/// cannot say which one it was.
pub fn drafts(text: &str) -> DeskResult<Drafts> {
    if !text.trim_start().starts_with('[') {
        return parse(text).map(|draft| Drafts::One(Box::new(draft)));
    }
    let drafts: Vec<OrderDraft> = parse(text)?;
    if drafts.is_empty() {
        return Err(DeskError::invalid(
            "input",
            "is an empty array: there are no orders to create",
        ));
    }
    let mut errors = ValidationErrors::default();
    for (index, draft) in drafts.iter().enumerate() {
        if let Err(invalid) = draft.validate() {
            for error in invalid.0 {
                errors.add(format!("[{index}].{}", error.field), error.reason);
            }
        }
    }
    Ok(Drafts::Many(errors.finish(drafts)?))
}

/// JSON into `T`; an error names the path of the offending value.
fn parse<T: DeserializeOwned>(text: &str) -> DeskResult<T> {
    let mut json = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let field = match e.path().to_string() {
            root if root == "." => "input".to_owned(),
            path => path,
        };
        DeskError::invalid(field, e.into_inner().to_string())
    })?;
    json.end()
        .map_err(|e| DeskError::invalid("input", e.to_string()))?;
    Ok(value)
}

/// The password: the first line of stdin when it is piped in
/// (`printf '%s' "$PW" | packdesk sync sign-in …`), or typed at a terminal
/// after a prompt, without echo.
pub fn password_from_stdin() -> DeskResult<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        eprint!("Password: ");
        std::io::stderr().flush()?;
        rpassword::read_password()?
    } else {
        let mut line = String::new();
        stdin.read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.is_empty() {
        return Err(DeskError::invalid("password", "give the password on stdin"));
    }
    Ok(password)
}

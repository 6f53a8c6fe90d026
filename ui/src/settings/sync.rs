//! The Sync card: sign this desk in to a Packdesk server, or out.
//!
//! This is the person's own account, not the desk's setup, so it needs no
//! `ManageSettings`: anyone at the desk may sign in. The password goes
//! straight to the desk (which keeps only the server's token, in the OS
//! keyring) and is dropped from the form once signed in.

use std::rc::Rc;

use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::FieldError;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::fields::{Field, FieldErrors, TextInput};
use crate::format;
use crate::sync_context::use_sync;
use crate::sync_model::signed_in_as;
use crate::toast::use_toaster;

/// The sign-in form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInForm {
    pub server_url: String,
    pub username: String,
    pub password: String,
}

fn required(field: &str) -> FieldError {
    FieldError {
        field: field.into(),
        reason: "is required".into(),
    }
}

impl SignInForm {
    /// Empty fields are caught here, without a round trip; the desk checks
    /// the address itself and the server the password.
    pub fn check(&self) -> Vec<FieldError> {
        [
            ("server_url", &self.server_url),
            ("username", &self.username),
            ("password", &self.password),
        ]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(field, _)| required(field))
        .collect()
    }
}

/// The errors to show under the fields for a refused sign-in, or `None` when
/// the refusal belongs in a toast (the server could not be reached, say). A
/// wrong password names no field, but it is the password that is wrong.
pub fn inline_errors(error: &ErrorBody) -> Option<Vec<FieldError>> {
    if !error.fields.is_empty() {
        Some(error.fields.clone())
    } else if error.kind == ErrorKind::Forbidden {
        Some(vec![FieldError {
            field: "password".into(),
            reason: error.message.clone(),
        }])
    } else {
        None
    }
}

#[function_component]
pub fn SyncSettingsCard() -> Html {
    let sync = use_sync();
    let form = use_state(SignInForm::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_busy();
    let toaster = use_toaster();

    // The address last used, once the status arrives, so signing in again
    // after signing out is a username and a password.
    {
        let form = form.clone();
        let known = sync.status.as_ref().map(|s| s.server_url.clone());
        use_effect_with(known, move |known| {
            let unused = form.server_url.is_empty();
            if let Some(url) = known.as_ref().filter(|url| unused && !url.is_empty()) {
                form.set(SignInForm {
                    server_url: url.clone(),
                    ..(*form).clone()
                });
            }
        });
    }

    let sign_in = {
        let (form, errors, busy, toaster, set) = (
            form.clone(),
            errors.clone(),
            busy.clone(),
            toaster.clone(),
            sync.set.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let current = (*form).clone();
            let problems = current.check();
            if !problems.is_empty() {
                return errors.set(problems);
            }
            if !busy.start() {
                return;
            }
            errors.set(Vec::new());
            let (form, errors, busy, toaster, set) = (
                form.clone(),
                errors.clone(),
                busy.clone(),
                toaster.clone(),
                set.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::sync::sign_in(
                    current.server_url.trim(),
                    current.username.trim(),
                    &current.password,
                )
                .await;
                busy.finish();
                match answer {
                    Ok(status) => {
                        toaster.success("Signed in");
                        form.set(SignInForm {
                            password: String::new(),
                            ..current
                        });
                        set.emit(status);
                    }
                    Err(error) => match inline_errors(&error) {
                        Some(fields) => errors.set(fields),
                        None => toaster.error(error.message),
                    },
                }
            });
        })
    };
    let sign_out = {
        let (busy, toaster, set) = (busy.clone(), toaster.clone(), sync.set.clone());
        Callback::from(move |_: MouseEvent| {
            if !busy.start() {
                return;
            }
            let (busy, toaster, set) = (busy.clone(), toaster.clone(), set.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::sync::sign_out().await;
                busy.finish();
                match answer {
                    Ok(status) => {
                        toaster.success("Signed out");
                        set.emit(status);
                    }
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };

    let Some(status) = sync.status.clone() else {
        return html! {
            <div id="sync-settings" class="card">
                <h2>{ "Sync" }</h2>
                { match &sync.error {
                    Some(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
                    None => html! { <p class="muted"><span class="spinner"></span>{ " Loading…" }</p> },
                } }
            </div>
        };
    };

    if let Some(who) = signed_in_as(&status) {
        let last_sync = status
            .last_sync
            .map_or_else(|| "Not yet".to_string(), format::local_date_time);
        return html! {
            <div id="sync-settings" class="card">
                <h2>{ "Sync" }</h2>
                <p id="signed-in-as">{ who }</p>
                <dl class="facts">
                    <dt>{ "Last sync" }</dt><dd id="sync-last">{ last_sync }</dd>
                    <dt>{ "Changes waiting" }</dt><dd id="sync-waiting">{ status.waiting }</dd>
                </dl>
                if let Some(error) = &status.last_error {
                    <p class="muted small sync-last-error">{ format!("Last attempt: {error}") }</p>
                }
                <div class="page-actions">
                    <button type="button" id="sign-out" class="btn btn-secondary" disabled={busy.get()} onclick={sign_out}>
                        if busy.get() { <span class="spinner" aria-hidden="true"></span> }{ "Sign out" }
                    </button>
                </div>
            </div>
        };
    }

    let current = (*form).clone();
    let update = |apply: fn(&mut SignInForm, String)| {
        let form = form.clone();
        let current = current.clone();
        Callback::from(move |value: String| {
            let mut next = current.clone();
            apply(&mut next, value);
            form.set(next);
        })
    };
    let context = FieldErrors {
        shown: Rc::new((*errors).clone()),
        on_blur: Callback::noop(),
    };

    html! {
        <ContextProvider<FieldErrors> {context}>
        <form id="sync-settings" class="card" onsubmit={sign_in} novalidate=true>
            <h2>{ "Sync" }</h2>
            <p class="muted">{ "Sign in to share orders with the other desks. This desk keeps working while offline." }</p>
            <Field id="server-url" label="Server address" path="server_url" required=true>
                <TextInput id="server-url" path="server_url" kind="url" value={current.server_url.clone()}
                    placeholder="https://packdesk.example.com" autocomplete="url"
                    on_change={update(|f, v| f.server_url = v)} />
            </Field>
            <div class="field-row">
                <Field id="sync-username" label="Username" path="username" required=true>
                    <TextInput id="sync-username" path="username" value={current.username.clone()}
                        autocomplete="username" on_change={update(|f, v| f.username = v)} />
                </Field>
                <Field id="sync-password" label="Password" path="password" required=true>
                    <TextInput id="sync-password" path="password" kind="password" value={current.password.clone()}
                        autocomplete="current-password" on_change={update(|f, v| f.password = v)} />
                </Field>
            </div>
            <div class="page-actions">
                <button type="submit" id="sign-in" class="btn btn-primary" disabled={busy.get()}>
                    if busy.get() { <span class="spinner" aria-hidden="true"></span>{ "Signing in…" } } else { { "Sign in" } }
                </button>
            </div>
        </form>
        </ContextProvider<FieldErrors>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> SignInForm {
        SignInForm {
            server_url: "https://packdesk.example.com".into(),
            username: "ann".into(),
            password: "secret".into(),
        }
    }

    #[test]
    fn every_field_is_required() {
        assert!(filled().check().is_empty());
        let blank = SignInForm {
            username: "  ".into(),
            ..SignInForm::default()
        };
        let fields: Vec<_> = blank.check().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["server_url", "username", "password"]);
    }

    #[test]
    fn a_wrong_password_shows_under_the_password() {
        let refused = ErrorBody {
            kind: ErrorKind::Forbidden,
            message: "Wrong username or password".into(),
            fields: Vec::new(),
        };
        let shown = inline_errors(&refused).expect("shown inline");
        assert_eq!(shown[0].field, "password");
        assert_eq!(shown[0].reason, "Wrong username or password");
    }

    #[test]
    fn named_fields_show_under_them_and_the_rest_is_toasted() {
        let invalid = ErrorBody {
            kind: ErrorKind::Invalid,
            message: "Check the form".into(),
            fields: vec![FieldError {
                field: "server_url".into(),
                reason: "must start with https://".into(),
            }],
        };
        assert_eq!(
            inline_errors(&invalid)
                .map(|f| f[0].field.clone())
                .as_deref(),
            Some("server_url")
        );
        let offline = ErrorBody {
            kind: ErrorKind::Unavailable,
            message: "The server could not be reached".into(),
            fields: Vec::new(),
        };
        assert_eq!(inline_errors(&offline), None);
    }
}

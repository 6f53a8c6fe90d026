//! Window commands. Each one decodes its `input`, makes one desk call on a
//! blocking thread (SQLite must not stall the UI's event loop) and answers
//! with the desk's value or an [`ErrorBody`]. Inputs are decoded here rather
//! than by Tauri so a malformed payload names its field like any other error.

use std::sync::Arc;

use chrono::Utc;
use packdesk_desk::{demo, Desk, DeskError, SettingsUpdate, SharedDesk};
use packdesk_domain::api::{
    DeskSettings, ErrorBody, ErrorKind, ListQuery, OrderPage, OrderView, StatusCount,
};
use packdesk_domain::{Command, OrderDraft, OrderStatus};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use crate::AppState;

pub type Answer<T> = Result<T, ErrorBody>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRef {
    pub order_id: Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    command_id: Uuid,
    draft: OrderDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditOrder {
    command_id: Uuid,
    order_id: Uuid,
    draft: OrderDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeStatus {
    command_id: Uuid,
    order_id: Uuid,
    to: OrderStatus,
    #[serde(default)]
    reason: Option<String>,
}

#[tauri::command]
pub async fn list_orders(state: State<'_, AppState>, input: Value) -> Answer<OrderPage> {
    let query: ListQuery = decode(input)?;
    with_desk(&state, move |desk| desk.list(&query)).await
}

#[tauri::command]
pub async fn status_counts(state: State<'_, AppState>) -> Answer<Vec<StatusCount>> {
    with_desk(&state, |desk| desk.status_counts()).await
}

#[tauri::command]
pub async fn get_order(state: State<'_, AppState>, input: Value) -> Answer<OrderView> {
    let OrderRef { order_id } = decode(input)?;
    with_desk(&state, move |desk| desk.order(order_id)).await
}

#[tauri::command]
pub async fn create_order(state: State<'_, AppState>, input: Value) -> Answer<OrderView> {
    let CreateOrder { command_id, draft } = decode(input)?;
    let created = with_desk(&state, move |desk| {
        let operator = desk.operator()?;
        desk.create_order(command_id, &operator, draft)
    })
    .await;
    state.sync.nudge();
    created
}

#[tauri::command]
pub async fn edit_order(state: State<'_, AppState>, input: Value) -> Answer<OrderView> {
    let EditOrder {
        command_id,
        order_id,
        draft,
    } = decode(input)?;
    run_command(&state, command_id, Command::EditOrder { order_id, draft }).await
}

#[tauri::command]
pub async fn change_status(state: State<'_, AppState>, input: Value) -> Answer<OrderView> {
    let ChangeStatus {
        command_id,
        order_id,
        to,
        reason,
    } = decode(input)?;
    run_command(
        &state,
        command_id,
        Command::ChangeStatus {
            order_id,
            to,
            reason,
        },
    )
    .await
}

#[tauri::command]
pub async fn load_demo_data(state: State<'_, AppState>) -> Answer<usize> {
    let loaded = with_desk(&state, |desk| {
        let operator = desk.operator()?;
        demo::load_demo_data(desk, &operator, Utc::now())
    })
    .await;
    state.sync.nudge();
    loaded
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Answer<DeskSettings> {
    with_desk(&state, |desk| desk.settings()).await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, input: Value) -> Answer<DeskSettings> {
    let update: SettingsUpdate = decode(input)?;
    with_desk(&state, move |desk| {
        let operator = desk.operator()?;
        desk.save_settings(&operator, &update)
    })
    .await
}

async fn run_command(
    state: &State<'_, AppState>,
    command_id: Uuid,
    command: Command,
) -> Answer<OrderView> {
    let applied = with_desk(state, move |desk| {
        let operator = desk.operator()?;
        desk.run(command_id, &operator, command)
    })
    .await;
    state.sync.nudge();
    applied
}

/// Runs `work` against the desk on a blocking thread and turns any failure,
/// a panic included, into an answer the window can show.
async fn with_desk<T, F>(state: &State<'_, AppState>, work: F) -> Answer<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Desk) -> Result<T, DeskError> + Send + 'static,
{
    let desk: SharedDesk = Arc::clone(&state.desk);
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        // A panic while holding the lock rolled its transaction back, so the
        // desk is still sound: keep serving rather than failing every call.
        let mut desk = desk.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut desk)
    })
    .await;
    match outcome {
        Ok(result) => answer(result),
        Err(join_error) => {
            tracing::error!(error = %join_error, "command panicked");
            Err(ErrorBody {
                kind: ErrorKind::Internal,
                message: "Something went wrong inside Packdesk; nothing was saved. The log file has details.".into(),
                fields: Vec::new(),
            })
        }
    }
}

/// The desk's answer as the window gets it; refusals and failures are logged.
pub fn answer<T>(result: Result<T, DeskError>) -> Answer<T> {
    result.map_err(|error| {
        if error.kind() == ErrorKind::Internal {
            tracing::error!(%error, "command failed");
        } else {
            tracing::info!(%error, "command refused");
        }
        error.to_body()
    })
}

/// Decodes a command's input, naming the offending field on failure.
pub fn decode<T: DeserializeOwned>(input: Value) -> Answer<T> {
    serde_path_to_error::deserialize(input).map_err(|error| {
        let field = error.path().to_string();
        let reason = error.into_inner().to_string();
        let error = DeskError::invalid(if field == "." { "input".into() } else { field }, reason);
        error.to_body()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn a_malformed_payload_names_its_field() {
        let bad = json!({"command_id": "not-a-uuid", "order_id": Uuid::nil(), "to": "processing"});
        let error = decode::<ChangeStatus>(bad).err().unwrap();
        assert_eq!(error.kind, ErrorKind::Invalid);
        assert_eq!(error.fields[0].field, "command_id");

        let bad = json!({"command_id": Uuid::nil(), "draft": {"items": [{"quantity": "two"}]}});
        let error = decode::<CreateOrder>(bad).err().unwrap();
        assert_eq!(error.fields[0].field, "draft.items[0].quantity");

        let bad = json!({"command_id": Uuid::nil(), "order_id": Uuid::nil(), "to": "teleported"});
        assert_eq!(
            decode::<ChangeStatus>(bad).err().unwrap().fields[0].field,
            "to"
        );

        let error = decode::<ListQuery>(json!("just a string")).err().unwrap();
        assert_eq!(error.fields[0].field, "input");
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| json!(f)),
            "\\PC{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::hash_map(
                    proptest::sample::select(vec![
                        "command_id",
                        "order_id",
                        "to",
                        "reason",
                        "draft",
                        "items",
                        "search",
                        "x"
                    ]),
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        /// Whatever the window sends, decoding answers; a refusal names a field.
        #[test]
        fn random_payloads_never_panic(input in any_json()) {
            for error in [
                decode::<ChangeStatus>(input.clone()).err(),
                decode::<CreateOrder>(input.clone()).err(),
                decode::<ListQuery>(input.clone()).err(),
                decode::<SettingsUpdate>(input).err(),
            ]
            .into_iter()
            .flatten()
            {
                prop_assert_eq!(error.kind, ErrorKind::Invalid);
                prop_assert!(!error.fields.is_empty() && !error.fields[0].field.is_empty());
            }
        }
    }
}

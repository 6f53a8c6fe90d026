//! What a pushed batch comes to, decided without I/O.
//!
//! Both backends run the same steps inside one transaction per push: load
//! what the batch may touch ([`Known`]: records of its slots and command
//! ids, the orders it names, the owners of the order numbers it claims),
//! ask [`decide_batch`], then write what it says. Keeping the rules here
//! means SQLite and PostgreSQL cannot drift apart.

use std::collections::HashMap;

use packdesk_domain::api::ErrorKind;
use packdesk_domain::apply::{apply, Refusal};
use packdesk_domain::command::COMMAND_VERSION;
use packdesk_domain::sync::{Ack, PushedCommand, SignedInUser, Verdict};
use packdesk_domain::{Actor, Command, HistorySource, Order, StatusChange};
use uuid::Uuid;

/// An order as stored: the domain document and its whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredOrder {
    pub order: Order,
    pub history: Vec<StatusChange>,
}

/// A row of the `applied` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub desk_id: Uuid,
    pub seq: u64,
    pub command_id: Uuid,
    pub verdict: Verdict,
}

/// What to write for a command that has no record yet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    /// Store this order (with its grown history) and record `Applied`.
    Apply(Box<StoredOrder>),
    /// Change nothing but the record of this verdict.
    Reject(Verdict),
}

/// What storage holds that a batch's commands may depend on, loaded before
/// deciding (one query each on PostgreSQL, instead of several per command).
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Rows of `applied` matching any of the batch's `(desk, seq)` slots or
    /// command ids.
    pub records: Vec<Recorded>,
    /// The orders the batch's commands name, as stored.
    pub orders: HashMap<Uuid, StoredOrder>,
    /// Which order holds each order number the batch's creates claim.
    pub number_owners: HashMap<String, Uuid>,
}

/// What a batch comes to: an answer per command and the rows that make it so.
#[derive(Debug, Default)]
pub(crate) struct BatchDecision {
    /// One per pushed command, in order.
    pub acks: Vec<Ack>,
    /// How many commands were applied; each takes the next change cursor.
    pub applied: u64,
    /// Every order the batch changed, in its final state, with the 1-based
    /// position (among applied commands) of the last command that changed
    /// it (see [`BatchDecision::cursored_orders`]).
    orders: Vec<(StoredOrder, u64)>,
    /// New rows for `applied`, one per command not answered from the record.
    pub records: Vec<Recorded>,
}

impl BatchDecision {
    /// Each changed order with its change cursor, once the push has taken
    /// the `applied` cursors ending at `last`: the cursor of the last
    /// command that changed it, so cursors stay distinct and in order.
    pub fn cursored_orders(&self, last: u64) -> impl Iterator<Item = (&StoredOrder, u64)> {
        let before_first = last - self.applied;
        self.orders
            .iter()
            .map(move |(stored, position)| (stored, before_first + position))
    }
}

/// Decides a whole push in order, as if each command ran alone after the
/// ones before it: a later command sees the orders, order numbers and
/// records the earlier ones made. The push commits as one transaction, so
/// a failure writes nothing and the desk's resend is answered afresh.
pub(crate) fn decide_batch(
    desk_id: Uuid,
    user: &SignedInUser,
    commands: &[PushedCommand],
    mut known: Known,
) -> BatchDecision {
    let mut batch = BatchDecision::default();
    let mut last_change: HashMap<Uuid, u64> = HashMap::new();
    for pushed in commands {
        if let Some(ack) = recorded_answer(desk_id, pushed, &known.records) {
            batch.acks.push(ack);
            continue;
        }
        let order_id = pushed.envelope.command.order_id();
        let number_owner =
            claimed_order_number(pushed).and_then(|n| known.number_owners.get(n).copied());
        let verdict = match decide(user, pushed, known.orders.get(&order_id), number_owner) {
            Decision::Apply(stored) => {
                batch.applied += 1;
                last_change.insert(order_id, batch.applied);
                known
                    .number_owners
                    .insert(stored.order.order_number.clone(), order_id);
                known.orders.insert(order_id, *stored);
                Verdict::Applied
            }
            Decision::Reject(verdict) => verdict,
        };
        let record = Recorded {
            desk_id,
            seq: pushed.seq,
            command_id: pushed.envelope.id,
            verdict: verdict.clone(),
        };
        known.records.push(record.clone());
        batch.records.push(record);
        batch.acks.push(ack(pushed, verdict));
    }
    let mut changed: Vec<(Uuid, u64)> = last_change.into_iter().collect();
    changed.sort_by_key(|&(_, position)| position);
    batch.orders = changed
        .into_iter()
        .filter_map(|(id, position)| known.orders.remove(&id).map(|order| (order, position)))
        .collect();
    batch
}

/// The order ids, slots and claimed numbers a batch needs looked up.
pub(crate) struct Lookups<'a> {
    pub order_ids: Vec<Uuid>,
    pub seqs: Vec<u64>,
    pub command_ids: Vec<Uuid>,
    pub numbers: Vec<&'a str>,
}

pub(crate) fn lookups(commands: &[PushedCommand]) -> Lookups<'_> {
    let mut order_ids: Vec<Uuid> = commands
        .iter()
        .map(|c| c.envelope.command.order_id())
        .collect();
    order_ids.sort_unstable();
    order_ids.dedup();
    let mut numbers: Vec<&str> = commands.iter().filter_map(claimed_order_number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    Lookups {
        order_ids,
        seqs: commands.iter().map(|c| c.seq).collect(),
        command_ids: commands.iter().map(|c| c.envelope.id).collect(),
        numbers,
    }
}

/// The answer owed from earlier records (the rows matching this command's
/// `(desk_id, seq)` or its id), or `None` when the command is new.
///
/// The desk's slot wins: a re-sent `(desk, seq)` gets its recorded verdict,
/// and a different command in a taken slot is refused rather than
/// overwriting history. A command id seen from another slot (a desk that
/// lost its outbox numbering, say) gets the verdict it already has.
fn recorded_answer(desk_id: Uuid, pushed: &PushedCommand, records: &[Recorded]) -> Option<Ack> {
    let command_id = pushed.envelope.id;
    if let Some(slot) = records
        .iter()
        .find(|r| r.desk_id == desk_id && r.seq == pushed.seq)
    {
        let verdict = if slot.command_id == command_id {
            slot.verdict.clone()
        } else {
            rejected(
                ErrorKind::Conflict,
                format!(
                    "this desk already pushed command {} as number {}; command {command_id} cannot take its place",
                    slot.command_id, pushed.seq
                ),
            )
        };
        return Some(ack(pushed, verdict));
    }
    records
        .iter()
        .find(|r| r.command_id == command_id)
        .map(|r| ack(pushed, r.verdict.clone()))
}

/// The order number a command claims, which the caller must look up
/// (uniqueness is a storage fact the domain cannot see).
fn claimed_order_number(pushed: &PushedCommand) -> Option<&str> {
    match &pushed.envelope.command {
        Command::CreateOrder { order_number, .. } => Some(order_number.trim()),
        _ => None,
    }
}

/// Re-runs `pushed` as `user` against the server's `current` state.
///
/// The envelope's actor is replaced by the signed-in user: the desk's claim
/// about who acted (and with which role) is not evidence. `number_owner` is
/// the order that already holds [`claimed_order_number`], if any.
fn decide(
    user: &SignedInUser,
    pushed: &PushedCommand,
    current: Option<&StoredOrder>,
    number_owner: Option<Uuid>,
) -> Decision {
    let envelope = &pushed.envelope;
    if envelope.version > COMMAND_VERSION {
        return Decision::Reject(rejected(
            ErrorKind::Invalid,
            format!(
                "command version {} is newer than this server understands ({COMMAND_VERSION}): upgrade the server",
                envelope.version
            ),
        ));
    }
    let mut envelope = envelope.clone();
    envelope.actor = Actor {
        name: user.username.clone(),
        role: user.role,
    };
    let outcome = match apply(
        &envelope,
        current.map(|stored| &stored.order),
        HistorySource::User,
    ) {
        Ok(outcome) => outcome,
        Err(refusal) => return Decision::Reject(verdict_for(refusal)),
    };
    if let Some(owner) = number_owner.filter(|owner| *owner != outcome.order.id) {
        return Decision::Reject(rejected(
            ErrorKind::Conflict,
            format!(
                "order number {} is already used by order {owner}",
                outcome.order.order_number
            ),
        ));
    }
    let mut history = current.map(|s| s.history.clone()).unwrap_or_default();
    history.extend(outcome.change);
    Decision::Apply(Box::new(StoredOrder {
        order: outcome.order,
        history,
    }))
}

/// How a domain refusal travels to the desk.
fn verdict_for(refusal: Refusal) -> Verdict {
    let message = refusal.to_string();
    match refusal {
        Refusal::Invalid(errors) => Verdict::Rejected {
            kind: ErrorKind::Invalid,
            message,
            fields: errors.0,
        },
        Refusal::Forbidden { .. } => rejected(ErrorKind::Forbidden, message),
        Refusal::NotFound(_) => rejected(ErrorKind::NotFound, message),
        Refusal::Transition(_) | Refusal::Conflict(_) => rejected(ErrorKind::Conflict, message),
    }
}

fn rejected(kind: ErrorKind, message: String) -> Verdict {
    Verdict::Rejected {
        kind,
        message,
        fields: Vec::new(),
    }
}

fn ack(pushed: &PushedCommand, verdict: Verdict) -> Ack {
    Ack {
        seq: pushed.seq,
        command_id: pushed.envelope.id,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use packdesk_domain::order::{AddressDraft, CustomerDraft, ItemDraft, OrderDraft};
    use packdesk_domain::{CommandEnvelope, OrderStatus, Role};

    use super::*;

    fn user(role: Role) -> SignedInUser {
        SignedInUser {
            username: "dana".into(),
            role,
        }
    }

    fn draft() -> OrderDraft {
        OrderDraft {
            customer: CustomerDraft {
                name: "Ada Byron".into(),
                email: "ada@example.com".into(),
                ..Default::default()
            },
            shipping_address: AddressDraft {
                line1: "1 Main St".into(),
                city: "Springfield".into(),
                region: "IL".into(),
                postal_code: "62701".into(),
                country: "US".into(),
                ..Default::default()
            },
            items: vec![ItemDraft {
                product_name: "Linen shirt".into(),
                quantity: 1,
                unit_price: 5_000,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn pushed(seq: u64, command: Command) -> PushedCommand {
        let claimed = Actor {
            name: "someone else".into(),
            role: Role::Admin,
        };
        let at = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).single();
        PushedCommand {
            seq,
            envelope: CommandEnvelope::new(
                Uuid::new_v4(),
                at.unwrap_or_default(),
                claimed,
                command,
            ),
        }
    }

    fn create(order_id: Uuid, number: &str) -> PushedCommand {
        pushed(
            1,
            Command::CreateOrder {
                order_id,
                order_number: number.into(),
                draft: draft(),
            },
        )
    }

    fn applied(decision: Decision) -> StoredOrder {
        match decision {
            Decision::Apply(stored) => *stored,
            Decision::Reject(verdict) => panic!("expected the command to apply: {verdict:?}"),
        }
    }

    fn kind_of(decision: &Decision) -> Option<ErrorKind> {
        match decision {
            Decision::Reject(Verdict::Rejected { kind, .. }) => Some(*kind),
            _ => None,
        }
    }

    #[test]
    fn history_is_signed_by_the_signed_in_user_not_the_envelope() {
        let stored = applied(decide(
            &user(Role::Processor),
            &create(Uuid::new_v4(), "K7QM-00001"),
            None,
            None,
        ));
        assert_eq!(stored.history.len(), 1);
        assert_eq!(stored.history[0].by, "dana");
    }

    #[test]
    fn the_role_comes_from_the_server_so_a_viewer_claiming_admin_is_refused() {
        let decision = decide(
            &user(Role::Viewer),
            &create(Uuid::new_v4(), "K7QM-00001"),
            None,
            None,
        );
        assert_eq!(kind_of(&decision), Some(ErrorKind::Forbidden));
    }

    #[test]
    fn a_taken_order_number_is_a_conflict() {
        let decision = decide(
            &user(Role::Admin),
            &create(Uuid::new_v4(), "K7QM-00001"),
            None,
            Some(Uuid::new_v4()),
        );
        assert_eq!(kind_of(&decision), Some(ErrorKind::Conflict));
    }

    #[test]
    fn a_status_change_appends_to_the_stored_history() {
        let order_id = Uuid::new_v4();
        let created = applied(decide(
            &user(Role::Admin),
            &create(order_id, "K7QM-00001"),
            None,
            None,
        ));
        let confirm = pushed(
            2,
            Command::ChangeStatus {
                order_id,
                to: OrderStatus::PaymentConfirmed,
                reason: None,
            },
        );
        let moved = applied(decide(&user(Role::Admin), &confirm, Some(&created), None));
        assert_eq!(moved.order.status, OrderStatus::PaymentConfirmed);
        assert_eq!(moved.history.len(), 2);
    }

    #[test]
    fn invalid_drafts_carry_their_field_errors() {
        let mut command = create(Uuid::new_v4(), "K7QM-00001");
        if let Command::CreateOrder { draft, .. } = &mut command.envelope.command {
            draft.customer.name.clear();
        }
        match decide(&user(Role::Admin), &command, None, None) {
            Decision::Reject(Verdict::Rejected { kind, fields, .. }) => {
                assert_eq!(kind, ErrorKind::Invalid);
                assert!(
                    fields.iter().any(|f| f.field.contains("name")),
                    "{fields:?}"
                );
            }
            other => panic!("expected an invalid verdict, got {other:?}"),
        }
    }

    #[test]
    fn commands_from_a_newer_desk_are_rejected_with_a_reason() {
        let mut command = create(Uuid::new_v4(), "K7QM-00001");
        command.envelope.version = COMMAND_VERSION + 1;
        match decide(&user(Role::Admin), &command, None, None) {
            Decision::Reject(Verdict::Rejected { message, .. }) => {
                assert!(message.contains("upgrade the server"), "{message}");
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_resent_slot_gets_its_recorded_verdict_and_a_new_command_there_is_refused() {
        let desk = Uuid::new_v4();
        let first = create(Uuid::new_v4(), "K7QM-00001");
        let record = Recorded {
            desk_id: desk,
            seq: first.seq,
            command_id: first.envelope.id,
            verdict: Verdict::Applied,
        };
        let again = recorded_answer(desk, &first, std::slice::from_ref(&record));
        assert_eq!(again.map(|a| a.verdict), Some(Verdict::Applied));

        let intruder = create(Uuid::new_v4(), "K7QM-00002");
        let answer = recorded_answer(desk, &intruder, &[record]).map(|a| a.verdict);
        assert!(matches!(
            answer,
            Some(Verdict::Rejected {
                kind: ErrorKind::Conflict,
                ..
            })
        ));
    }

    #[test]
    fn a_known_command_id_from_another_slot_gets_its_verdict() {
        let command = create(Uuid::new_v4(), "K7QM-00001");
        let record = Recorded {
            desk_id: Uuid::new_v4(),
            seq: 40,
            command_id: command.envelope.id,
            verdict: Verdict::Applied,
        };
        let answer = recorded_answer(Uuid::new_v4(), &command, &[record]);
        assert_eq!(answer.map(|a| a.verdict), Some(Verdict::Applied));
        assert_eq!(recorded_answer(Uuid::new_v4(), &command, &[]), None);
    }

    fn status(seq: u64, order_id: Uuid, to: OrderStatus) -> PushedCommand {
        pushed(
            seq,
            Command::ChangeStatus {
                order_id,
                to,
                reason: None,
            },
        )
    }

    #[test]
    fn a_batch_sees_its_own_earlier_commands_and_writes_each_order_once() {
        let order_id = Uuid::new_v4();
        let mut created = create(order_id, "K7QM-00001");
        created.seq = 1;
        let commands = [
            created,
            status(2, order_id, OrderStatus::PaymentConfirmed),
            status(3, order_id, OrderStatus::Processing),
        ];
        let batch = decide_batch(
            Uuid::new_v4(),
            &user(Role::Admin),
            &commands,
            Known::default(),
        );
        assert!(batch.acks.iter().all(|a| a.verdict == Verdict::Applied));
        assert_eq!(batch.applied, 3);
        assert_eq!(batch.records.len(), 3);
        assert_eq!(
            batch.orders.len(),
            1,
            "one row per order, in its final state"
        );
        let (stored, position) = &batch.orders[0];
        assert_eq!(stored.order.status, OrderStatus::Processing);
        assert_eq!(stored.history.len(), 3);
        assert_eq!(*position, 3, "its cursor is that of its last change");
        let cursors: Vec<u64> = batch.cursored_orders(40).map(|(_, c)| c).collect();
        assert_eq!(
            cursors,
            vec![40],
            "cursors 38, 39, 40 were taken; the order's is 40"
        );
    }

    #[test]
    fn a_number_claimed_earlier_in_the_same_batch_is_taken() {
        let mut first = create(Uuid::new_v4(), "K7QM-00001");
        first.seq = 1;
        let mut second = create(Uuid::new_v4(), "K7QM-00001");
        second.seq = 2;
        let batch = decide_batch(
            Uuid::new_v4(),
            &user(Role::Admin),
            &[first, second],
            Known::default(),
        );
        assert_eq!(batch.acks[0].verdict, Verdict::Applied);
        assert!(matches!(
            batch.acks[1].verdict,
            Verdict::Rejected {
                kind: ErrorKind::Conflict,
                ..
            }
        ));
        assert_eq!(batch.applied, 1);
        assert_eq!(batch.orders.len(), 1);
        assert_eq!(batch.records.len(), 2, "the refusal is recorded too");
    }

    #[test]
    fn a_command_repeated_within_a_batch_is_applied_once() {
        let order_id = Uuid::new_v4();
        let mut created = create(order_id, "K7QM-00001");
        created.seq = 1;
        let confirm = status(2, order_id, OrderStatus::PaymentConfirmed);
        let mut resent = confirm.clone();
        resent.seq = 3;
        let batch = decide_batch(
            Uuid::new_v4(),
            &user(Role::Admin),
            &[created, confirm, resent],
            Known::default(),
        );
        assert_eq!(batch.acks.len(), 3);
        assert_eq!(batch.acks[2].verdict, Verdict::Applied);
        assert_eq!(batch.applied, 2);
        assert_eq!(
            batch.records.len(),
            2,
            "the repeat is answered, not recorded"
        );
        assert_eq!(batch.orders[0].0.history.len(), 2);
    }

    #[test]
    fn stored_state_and_records_are_where_a_batch_starts() {
        let desk = Uuid::new_v4();
        let order_id = Uuid::new_v4();
        let created = applied(decide(
            &user(Role::Admin),
            &create(order_id, "K7QM-00001"),
            None,
            None,
        ));
        let earlier = status(2, order_id, OrderStatus::PaymentConfirmed);
        let confirmed = applied(decide(&user(Role::Admin), &earlier, Some(&created), None));
        let known = Known {
            records: vec![Recorded {
                desk_id: desk,
                seq: 2,
                command_id: earlier.envelope.id,
                verdict: Verdict::Applied,
            }],
            orders: HashMap::from([(order_id, confirmed)]),
            number_owners: HashMap::from([("K7QM-00001".to_owned(), order_id)]),
        };
        let mut retake = create(Uuid::new_v4(), "K7QM-00001");
        retake.seq = 4;
        let commands = [
            earlier,
            status(3, order_id, OrderStatus::Processing),
            retake,
        ];
        let batch = decide_batch(desk, &user(Role::Admin), &commands, known);
        assert_eq!(batch.acks[0].verdict, Verdict::Applied, "from the record");
        assert_eq!(batch.acks[1].verdict, Verdict::Applied);
        assert!(
            matches!(batch.acks[2].verdict, Verdict::Rejected { .. }),
            "the stored order holds that number"
        );
        assert_eq!(batch.applied, 1);
        assert_eq!(batch.orders[0].0.order.status, OrderStatus::Processing);
        assert_eq!(batch.orders[0].0.history.len(), 3);
    }
}

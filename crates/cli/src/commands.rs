//! Each subcommand: open the desk, act as the chosen actor, print the answer.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::Utc;
use std::sync::Arc;

use packdesk_desk::{csv_io, demo, paths, share, Desk, DeskError, DeskResult, Secrets, SyncEngine};
use packdesk_domain::api::{OrderView, SortKey};
use packdesk_domain::{Actor, Command, OrderStatus};
use uuid::Uuid;

use crate::args::{Area, Cli, DemoCommand, OrdersCommand, SyncCommand};
use crate::input::{self, Drafts};
use crate::output::print_json;

/// Longest `--as` name, as for the operator name in Settings.
const MAX_ACTOR_NAME: usize = 100;

pub fn run(cli: Cli) -> DeskResult<()> {
    let path = cli.db.clone().unwrap_or_else(paths::default_database_path);
    // Only commands that add orders may start a new database: a mistyped
    // --db for `list` or `status` must not answer from an empty one.
    // (A new desk's first sync fills it from the server.)
    let adds_orders = matches!(
        cli.command,
        Area::Demo(_)
            | Area::Sync(_)
            | Area::Orders(OrdersCommand::Create { .. } | OrdersCommand::Import { .. })
    );
    if !adds_orders && !path.exists() {
        return Err(DeskError::invalid(
            "--db",
            format!("there is no database at {}; check the path", path.display()),
        ));
    }
    let mut desk = Desk::open(&path)?;
    let actor = actor(&desk, &cli)?;
    match cli.command {
        Area::Orders(command) => orders(&mut desk, &actor, command),
        Area::Demo(DemoCommand::Load) => {
            let loaded = demo::load_demo_data(&mut desk, &actor, Utc::now())?;
            print_json(&serde_json::json!({ "loaded": loaded }))
        }
        Area::Sync(command) => sync(desk, command),
    }
}

/// Sync runs on a small runtime of its own: the rest of the CLI is blocking.
fn sync(desk: Desk, command: SyncCommand) -> DeskResult<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let engine = SyncEngine::new(
        share(desk),
        Secrets::new(paths::APP_IDENTIFIER),
        Arc::new(|_: &packdesk_domain::Order| {}),
    )?;
    runtime.block_on(async {
        match command {
            SyncCommand::SignIn { server, user } => {
                let password = input::password_from_stdin()?;
                print_json(&engine.sign_in(&server, &user, &password).await?)
            }
            SyncCommand::Now => {
                let report = engine.sync_now().await?;
                print_json(&serde_json::json!({
                    "pushed": report.pushed,
                    "rejected": report.rejected,
                    "pulled": report.pulled,
                }))
            }
            SyncCommand::Status => print_json(&engine.status()?),
            SyncCommand::Conflicts => print_json(&engine.conflicts()?),
            SyncCommand::SignOut => {
                engine.sign_out().await?;
                print_json(&engine.status()?)
            }
        }
    })
}

/// The desk's operator, with `--as` and `--role` overriding their parts.
fn actor(desk: &Desk, cli: &Cli) -> DeskResult<Actor> {
    let operator = desk.operator()?;
    let name = match &cli.as_name {
        None => operator.name,
        Some(name) => {
            let name = name.trim();
            if name.is_empty()
                || name.chars().count() > MAX_ACTOR_NAME
                || name.chars().any(char::is_control)
            {
                return Err(DeskError::invalid(
                    "--as",
                    format!("must be 1 to {MAX_ACTOR_NAME} characters"),
                ));
            }
            name.to_owned()
        }
    };
    Ok(Actor {
        name,
        role: cli.role.unwrap_or(operator.role),
    })
}

fn orders(desk: &mut Desk, actor: &Actor, command: OrdersCommand) -> DeskResult<()> {
    match command {
        OrdersCommand::Create { file, command_id } => {
            create(desk, actor, file.as_deref(), command_id)
        }
        OrdersCommand::List {
            filters,
            sort,
            asc,
            page,
            page_size,
        } => {
            let query = packdesk_domain::api::ListQuery {
                page,
                page_size,
                ..filters.query(sort, !asc)
            };
            print_json(&desk.list(&query)?)
        }
        OrdersCommand::Show { order } => print_json(&find(desk, &order)?),
        OrdersCommand::Status {
            order,
            status,
            reason,
        } => change_status(desk, actor, &order, status, reason),
        OrdersCommand::Export {
            csv: _,
            out,
            filters,
        } => {
            // Oldest first: importing the file then numbers the copies in the same order.
            let query = filters.query(SortKey::CreatedAt, false);
            match out {
                None => csv_io::export(desk, &query, std::io::stdout().lock()).map(drop),
                Some(path) => {
                    let file = File::create(&path).map_err(|e| {
                        DeskError::invalid("--out", format!("cannot write {}: {e}", path.display()))
                    })?;
                    let mut writer = BufWriter::new(file);
                    let exported = csv_io::export(desk, &query, &mut writer)?;
                    writer.flush()?;
                    print_json(&serde_json::json!({ "exported": exported, "file": path }))
                }
            }
        }
        OrdersCommand::Import { csv: _, file } => {
            let report = csv_io::import(desk, actor, input::open(file.as_deref())?)?;
            print_json(&report)
        }
        OrdersCommand::Counts => print_json(&desk.status_counts()?),
    }
}

fn create(
    desk: &mut Desk,
    actor: &Actor,
    file: Option<&Path>,
    command_id: Option<Uuid>,
) -> DeskResult<()> {
    match input::drafts(&input::read_text(input::open(file)?)?)? {
        Drafts::One(draft) => print_json(&desk.create_order(
            command_id.unwrap_or_else(Uuid::now_v7),
            actor,
            *draft,
        )?),
        Drafts::Many(_) if command_id.is_some() => Err(DeskError::invalid(
            "--command-id",
            "applies to a single order, not an array",
        )),
        Drafts::Many(drafts) => {
            let ids = desk.create_orders(actor, drafts, Utc::now())?;
            let views = ids
                .into_iter()
                .map(|id| desk.order(id))
                .collect::<DeskResult<Vec<_>>>()?;
            print_json(&views)
        }
    }
}

fn change_status(
    desk: &mut Desk,
    actor: &Actor,
    order: &str,
    to: OrderStatus,
    reason: Option<String>,
) -> DeskResult<()> {
    let order_id = find(desk, order)?.order.id;
    let view = desk.run(
        Uuid::now_v7(),
        actor,
        Command::ChangeStatus {
            order_id,
            to,
            reason,
        },
    )?;
    print_json(&view)
}

/// An order by its id, or else by its number.
fn find(desk: &Desk, reference: &str) -> DeskResult<OrderView> {
    match Uuid::parse_str(reference.trim()) {
        Ok(id) => desk.order(id),
        Err(_) => desk.order_by_number(reference),
    }
}

//! The orders list: search, filters, sorting, paging, the empty states, and
//! selecting orders for a batch (labels, pick list).
//!
//! The query lives in the app (so filters survive a visit to an order); this
//! page fetches the page and the per-status counts whenever it changes. The
//! selection is of the rows on screen, so it is cleared when the query changes.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use gloo_timers::callback::Timeout;
use packdesk_domain::api::{ErrorBody, ListQuery, OrderPage, OrderSummary, SortKey, StatusCount};
use packdesk_domain::{OrderStatus, Permission, Priority, Role};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::badges::{PriorityBadge, StatusBadge};
use crate::batch::BatchBar;
use crate::bridge;
use crate::dom::event_value;
use crate::fields::{priority_options, Options, SelectInput};
use crate::format;
use crate::toast::use_toaster;

/// How long typing must pause before the search runs.
const SEARCH_DEBOUNCE_MS: u32 = 200;

#[derive(Properties, PartialEq)]
pub struct OrdersListProps {
    pub query: ListQuery,
    pub on_query: Callback<ListQuery>,
    pub on_open: Callback<Uuid>,
    pub on_new: Callback<()>,
    pub can_create: bool,
    /// `None` until the settings have loaded.
    pub role: Option<Role>,
    /// Told after every load, so the app can mark itself ready.
    pub on_loaded: Callback<()>,
}

#[derive(Clone, PartialEq, Default)]
struct Loaded {
    page: Option<Rc<OrderPage>>,
    counts: Rc<Vec<StatusCount>>,
    error: Option<ErrorBody>,
    loading: bool,
}

/// Whether the query narrows the list at all.
fn is_filtered(query: &ListQuery) -> bool {
    !query.search.trim().is_empty()
        || !query.statuses.is_empty()
        || !query.priorities.is_empty()
        || query.created_from.is_some()
        || query.created_to.is_some()
}

/// The same query with no filters, keeping sort and page size.
fn cleared(query: &ListQuery) -> ListQuery {
    ListQuery {
        sort: query.sort,
        descending: query.descending,
        page_size: query.page_size,
        ..ListQuery::default()
    }
}

fn count_for(counts: &[StatusCount], status: OrderStatus) -> u64 {
    counts
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.count)
        .sum()
}

/// The selection after ticking (`true`) or unticking `id`, in ticking order.
fn toggled(selected: &[Uuid], id: Uuid, ticked: bool) -> Vec<Uuid> {
    let mut next: Vec<Uuid> = selected.iter().copied().filter(|s| *s != id).collect();
    if ticked {
        next.push(id);
    }
    next
}

/// Every row on the page, or none when they all are already.
fn toggled_all(selected: &[Uuid], rows: &[OrderSummary]) -> Vec<Uuid> {
    if !rows.is_empty() && rows.iter().all(|r| selected.contains(&r.id)) {
        Vec::new()
    } else {
        rows.iter().map(|r| r.id).collect()
    }
}

fn sort_options() -> Options {
    Rc::new(
        SortKey::ALL
            .iter()
            .map(|k| (k.as_str().into(), k.label().into()))
            .collect(),
    )
}

#[function_component]
pub fn OrdersList(props: &OrdersListProps) -> Html {
    let loaded = use_state(Loaded::default);
    let reload = use_state(|| 0u32);
    // Only the newest request may fill the table; older answers are dropped.
    let latest_request = use_mut_ref(|| 0u64);
    let search_text = use_state(|| props.query.search.clone());
    let search_timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let selected = use_state(|| Rc::new(Vec::<Uuid>::new()));
    let toaster = use_toaster();

    {
        let loaded = loaded.clone();
        let on_loaded = props.on_loaded.clone();
        let selected = selected.clone();
        use_effect_with((props.query.clone(), *reload), move |(query, _)| {
            selected.set(Rc::default());
            let request = {
                let mut latest = latest_request.borrow_mut();
                *latest += 1;
                *latest
            };
            loaded.set(Loaded {
                loading: true,
                ..(*loaded).clone()
            });
            let query = query.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Both at once: the first paint waits for whichever is slower, not their sum.
                let (page, counts) =
                    futures::future::join(bridge::list_orders(&query), bridge::status_counts())
                        .await;
                let result = page.and_then(|page| counts.map(|counts| (page, counts)));
                if *latest_request.borrow() != request {
                    return;
                }
                loaded.set(match result {
                    Ok((page, counts)) => Loaded {
                        page: Some(Rc::new(page)),
                        counts: Rc::new(counts),
                        error: None,
                        loading: false,
                    },
                    Err(error) => Loaded {
                        error: Some(error),
                        loading: false,
                        ..(*loaded).clone()
                    },
                });
                on_loaded.emit(());
            });
        });
    }

    let set_query = {
        let on_query = props.on_query.clone();
        let query = props.query.clone();
        move |change: fn(&mut ListQuery, String)| {
            let on_query = on_query.clone();
            let query = query.clone();
            Callback::from(move |value: String| {
                let mut next = query.clone();
                change(&mut next, value);
                next.page = 0;
                on_query.emit(next);
            })
        }
    };

    let on_search = {
        let search_timer = search_timer.clone();
        let search_text = search_text.clone();
        let run = set_query(|q, text| q.search = text);
        Callback::from(move |text: String| {
            if text == *search_text {
                return;
            }
            search_text.set(text.clone());
            let run = run.clone();
            // Replacing the timer drops (and so cancels) the previous one.
            *search_timer.borrow_mut() =
                Some(Timeout::new(SEARCH_DEBOUNCE_MS, move || run.emit(text)));
        })
    };

    let clear_filters = {
        let on_query = props.on_query.clone();
        let query = props.query.clone();
        let search_text = search_text.clone();
        Callback::from(move |_: MouseEvent| {
            // A search still waiting to run would bring the old text back.
            search_timer.borrow_mut().take();
            search_text.set(String::new());
            on_query.emit(cleared(&query));
        })
    };

    let load_demo = {
        let reload = reload.clone();
        let toaster = toaster.clone();
        Callback::from(move |_: MouseEvent| {
            let reload = reload.clone();
            let toaster = toaster.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::load_demo_data().await {
                    Ok(count) => {
                        toaster.success(format!(
                            "Loaded {}",
                            format::plural(i64::from(count), "demo order", "demo orders")
                        ));
                        reload.set(*reload + 1);
                    }
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(*reload + 1))
    };

    let query = &props.query;
    let counts = loaded.counts.clone();
    let total_orders: u64 = counts.iter().map(|c| c.count).sum();
    let status_chip = |id: String, label: &str, count: u64, statuses: Vec<OrderStatus>| {
        let active = query.statuses == statuses;
        let onclick = {
            let on_query = props.on_query.clone();
            let query = query.clone();
            Callback::from(move |_: MouseEvent| {
                on_query.emit(ListQuery {
                    statuses: statuses.clone(),
                    page: 0,
                    ..query.clone()
                })
            })
        };
        html! {
            <button type="button" {id} class={classes!("chip", active.then_some("chip-active"), (count == 0).then_some("chip-empty"))}
                aria-pressed={active.to_string()} {onclick}>
                { label.to_string() }<span class="chip-count">{ count }</span>
            </button>
        }
    };
    let date_input = |id: &'static str,
                      label: &'static str,
                      value: Option<NaiveDate>,
                      change: fn(&mut ListQuery, String)| {
        let onchange = set_query(change).reform(|e: Event| event_value(&e));
        html! {
            <label class="filter">
                <span class="filter-label">{ label }</span>
                <input {id} class="input" type="date" value={value.map(|d| d.to_string()).unwrap_or_default()} {onchange} />
            </label>
        }
    };
    let toggle_direction = {
        let on_query = props.on_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            on_query.emit(ListQuery {
                descending: !query.descending,
                ..query.clone()
            })
        })
    };
    let go_to_page = |page: u32| {
        let on_query = props.on_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            on_query.emit(ListQuery {
                page,
                ..query.clone()
            })
        })
    };

    let body = match (&loaded.page, &loaded.error) {
        (_, Some(error)) => html! {
            <div class="panel panel-error" role="alert">
                <h2>{ "Orders could not be loaded" }</h2>
                <p>{ error.message.clone() }</p>
                <button type="button" class="btn btn-secondary" onclick={retry}>{ "Try again" }</button>
            </div>
        },
        (None, None) => {
            html! { <div class="panel panel-loading"><span class="spinner"></span>{ "Loading orders…" }</div> }
        }
        (Some(_), None) if total_orders == 0 && !is_filtered(query) => html! {
            <div id="empty-state" class="panel panel-empty">
                <h2>{ "No orders yet" }</h2>
                <p>{ "Create your first order, or load a set of demo orders to look around." }</p>
                <div class="panel-actions">
                    <button type="button" class="btn btn-primary" disabled={!props.can_create}
                        onclick={props.on_new.reform(|_: MouseEvent| ())}>{ "Create order" }</button>
                    <button type="button" id="load-demo" class="btn btn-secondary" onclick={load_demo}>{ "Load demo data" }</button>
                </div>
            </div>
        },
        (Some(page), None) if page.rows.is_empty() => html! {
            <div id="no-matches" class="panel panel-empty">
                <h2>{ "No orders match" }</h2>
                <p>{ "Try a different search or fewer filters." }</p>
                <button type="button" class="btn btn-secondary" onclick={clear_filters.clone()}>{ "Clear filters" }</button>
            </div>
        },
        (Some(page), None) => html! {
            <OrdersTable page={page.clone()} on_open={props.on_open.clone()} selected={(*selected).clone()}
                on_select={{
                    let selected = selected.clone();
                    Callback::from(move |next: Vec<Uuid>| selected.set(Rc::new(next)))
                }} />
        },
    };

    let pager = loaded.page.as_ref().map(|page| {
        let shown = page.rows.len();
        let has_next = (u64::from(page.page) * u64::from(page.page_size) + shown as u64) < page.total_matching;
        html! {
            <nav class="pager" aria-label="Pages">
                <span id="result-count" class="muted">
                    { format::showing(page.page, page.page_size, shown, page.total_matching) }
                </span>
                <button type="button" id="pager-prev" class="btn btn-secondary btn-small" disabled={page.page == 0}
                    onclick={go_to_page(page.page.saturating_sub(1))}>{ "← Prev" }</button>
                <button type="button" id="pager-next" class="btn btn-secondary btn-small" disabled={!has_next}
                    onclick={go_to_page(page.page + 1)}>{ "Next →" }</button>
            </nav>
        }
    });

    html! {
        <section class="page orders-page" aria-busy={loaded.loading.to_string()}>
            <header class="page-header">
                <h1>{ "Orders" }</h1>
                <div class="search">
                    <input id="search" class="input" type="search" value={(*search_text).clone()}
                        oninput={on_search.reform(|e: InputEvent| event_value(&e))}
                        onchange={on_search.reform(|e: Event| event_value(&e))}
                        placeholder="Search order number, customer, email or SKU" aria-label="Search orders"
                        title="Search (Ctrl+F or /)" autocomplete="off" />
                </div>
            </header>

            <div class="status-filters" role="group" aria-label="Filter by status">
                { status_chip("status-filter-all".into(), "All", total_orders, Vec::new()) }
                { for OrderStatus::ALL.iter().map(|s| status_chip(
                    format!("status-filter-{}", s.as_str()), s.label(), count_for(&counts, *s), vec![*s]))
                }
            </div>

            <div class="toolbar">
                <label class="filter">
                    <span class="filter-label">{ "Priority" }</span>
                    <SelectInput id="filter-priority" path="filter.priority" options={priority_options()} empty_label="All priorities"
                        value={query.priorities.first().map(|p| p.as_str()).unwrap_or_default()}
                        on_change={set_query(|q, v| q.priorities = v.parse::<Priority>().into_iter().collect())} />
                </label>
                { date_input("filter-from", "Created from", query.created_from, |q, v| q.created_from = v.parse().ok()) }
                { date_input("filter-to", "to", query.created_to, |q, v| q.created_to = v.parse().ok()) }
                <span class="toolbar-spacer"></span>
                <label class="filter">
                    <span class="filter-label">{ "Sort by" }</span>
                    <SelectInput id="sort" path="filter.sort" options={sort_options()} value={query.sort.as_str()}
                        on_change={set_query(|q, v| {
                            q.sort = SortKey::ALL.iter().copied().find(|k| k.as_str() == v).unwrap_or_default()
                        })} />
                </label>
                <button type="button" id="sort-direction" class="btn btn-secondary btn-small" onclick={toggle_direction}
                    title="Reverse the order">
                    { if query.descending { "↓ Descending" } else { "↑ Ascending" } }
                </button>
                if is_filtered(query) {
                    <button type="button" id="clear-filters" class="btn btn-ghost btn-small" onclick={clear_filters}>{ "Clear filters" }</button>
                }
            </div>

            <BatchBar selected={(*selected).clone()}
                can_buy={props.role.is_some_and(|r| r.permits(Permission::BuyLabels))}
                on_clear={{ let selected = selected.clone(); Callback::from(move |_| selected.set(Rc::default())) }}
                on_finished={{ let reload = reload.clone(); Callback::from(move |_| reload.set(*reload + 1)) }} />
            { body }
            { pager.unwrap_or_default() }
        </section>
    }
}

/// Header labels and cell classes, in column order after the selection box
/// (see `--orders-columns` in styles.css).
const COLUMNS: [(&str, &str); 8] = [
    ("Order", ""),
    ("Customer", ""),
    ("Status", ""),
    ("Priority", ""),
    ("Items", "num"),
    ("Total", "num"),
    ("Created", ""),
    ("Event", ""),
];

#[derive(Properties, PartialEq)]
struct OrdersTableProps {
    page: Rc<OrderPage>,
    on_open: Callback<Uuid>,
    selected: Rc<Vec<Uuid>>,
    on_select: Callback<Vec<Uuid>>,
}

#[function_component]
fn OrdersTable(props: &OrdersTableProps) -> Html {
    let rows = &props.page.rows;
    let ticked = rows
        .iter()
        .filter(|r| props.selected.contains(&r.id))
        .count();
    let all = !rows.is_empty() && ticked == rows.len();
    // "Some ticked" has no attribute: it is a property set on the element.
    let select_all_ref = use_node_ref();
    {
        let node = select_all_ref.clone();
        use_effect_with((ticked, all), move |(ticked, all)| {
            if let Some(input) = node.cast::<HtmlInputElement>() {
                input.set_indeterminate(*ticked > 0 && !*all);
            }
        });
    }
    let select_all = {
        let on_select = props.on_select.clone();
        let selected = props.selected.clone();
        let page = props.page.clone();
        Callback::from(move |_: MouseEvent| on_select.emit(toggled_all(&selected, &page.rows)))
    };
    html! {
        <div class="table-wrap">
            <table id="orders-table" class="table orders-table" role="table">
                <thead role="rowgroup">
                    <tr role="row">
                        <th role="columnheader" class="select-cell">
                            <input ref={select_all_ref} type="checkbox" id="select-all" class="row-select-all" checked={all}
                                aria-label="Select every order on this page" onclick={select_all} />
                        </th>
                        { for COLUMNS.iter().map(|(label, class)| html! {
                            <th role="columnheader" class={*class}>{ *label }</th>
                        }) }
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    { for rows.iter().map(|row| order_row(row, &props.on_open, &props.selected, &props.on_select)) }
                </tbody>
            </table>
        </div>
    }
}

fn order_row(
    row: &OrderSummary,
    on_open: &Callback<Uuid>,
    selected: &Rc<Vec<Uuid>>,
    on_select: &Callback<Vec<Uuid>>,
) -> Html {
    let id = row.id;
    let ticked = selected.contains(&id);
    // The box toggles the selection; the click must not also open the order.
    let on_tick = {
        let on_select = on_select.clone();
        let selected = selected.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            let now = e
                .target_dyn_into::<HtmlInputElement>()
                .map_or(!ticked, |input| input.checked());
            on_select.emit(toggled(&selected, id, now));
        })
    };
    let keep_row_closed = Callback::from(|e: MouseEvent| e.stop_propagation());
    let onclick = on_open.reform(move |_: MouseEvent| id);
    let onkeydown = {
        let on_open = on_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_open.emit(id);
            }
        })
    };
    html! {
        <tr key={id.to_string()} class={classes!("order-row", ticked.then_some("selected"))} role="row" tabindex="0" data-order-number={row.order_number.clone()}
            aria-label={format!("Open order {}", row.order_number)} {onclick} {onkeydown}>
            <td role="cell" class="select-cell" onclick={keep_row_closed}>
                <input type="checkbox" class="row-select" checked={ticked} onclick={on_tick}
                    aria-label={format!("Select order {}", row.order_number)} />
            </td>
            <td role="cell" class="mono strong">{ &row.order_number }</td>
            <td role="cell" class="truncate" title={row.customer_email.clone()}>
                <div class="strong truncate">{ &row.customer_name }</div>
                <div class="muted small truncate">{ &row.customer_email }</div>
            </td>
            <td role="cell"><StatusBadge status={row.status} /></td>
            <td role="cell"><PriorityBadge priority={row.priority} /></td>
            <td role="cell" class="num">{ row.item_count }</td>
            <td role="cell" class="num strong">{ row.currency.format_display(row.total) }</td>
            <td role="cell">{ format::local_date(row.created_at) }</td>
            <td role="cell">{ row.event_date.map(format::date).unwrap_or_else(|| "—".into()) }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clearing_keeps_the_sort_but_drops_every_filter() {
        let query = ListQuery {
            search: "ann".into(),
            statuses: vec![OrderStatus::OnHold],
            sort: SortKey::Total,
            descending: false,
            page: 3,
            ..ListQuery::default()
        };
        assert!(is_filtered(&query));
        let clean = cleared(&query);
        assert!(!is_filtered(&clean));
        assert_eq!(
            (clean.sort, clean.descending, clean.page),
            (SortKey::Total, false, 0)
        );
    }

    #[test]
    fn ticking_keeps_the_order_ticked_and_select_all_flips() {
        let [a, b, c] = [1, 2, 3].map(Uuid::from_u128);
        assert_eq!(toggled(&[a], b, true), [a, b]);
        assert_eq!(toggled(&[a, b], a, false), [b]);
        assert_eq!(toggled(&[a], a, true), [a], "never twice");

        let row = |id| OrderSummary {
            id,
            order_number: format!("K7QM-0000{id}"),
            status: OrderStatus::Packaging,
            priority: Priority::Normal,
            customer_name: "Ann".into(),
            customer_email: "ann@example.com".into(),
            item_count: 1,
            total: 100,
            currency: packdesk_domain::Currency::USD,
            created_at: chrono::DateTime::UNIX_EPOCH,
            event_date: None,
        };
        let rows = [row(a), row(b)];
        assert_eq!(toggled_all(&[a], &rows), [a, b]);
        assert!(toggled_all(&[b, a, c], &rows).is_empty());
        assert!(toggled_all(&[], &[]).is_empty());
    }

    #[test]
    fn counts_default_to_zero() {
        let counts = vec![StatusCount {
            status: OrderStatus::Shipped,
            count: 4,
        }];
        assert_eq!(count_for(&counts, OrderStatus::Shipped), 4);
        assert_eq!(count_for(&counts, OrderStatus::OnHold), 0);
    }
}

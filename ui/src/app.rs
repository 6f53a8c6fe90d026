//! The shell: header, navigation, the current page, and app-wide state (the
//! list's query, so filters survive a visit to an order, and the settings).
//! Pages: orders, an order (Details and Shipping), the order form, the
//! packing bench, the print queue, sync conflicts and settings. The sync
//! status sits in the header beside the operator.

use std::rc::Rc;

use packdesk_domain::api::{DeskSettings, ListQuery, OrderView};
use packdesk_domain::{Currency, Permission, Role};
use uuid::Uuid;
use yew::prelude::*;

use crate::bench::PackingBench;
use crate::bridge;
use crate::conflicts::ConflictsPage;
use crate::dom::focus_soon;
use crate::keyboard::{use_shortcuts, Shortcut};
use crate::order_detail::OrderDetail;
use crate::order_form::{FormMode, OrderFormPage};
use crate::orders_list::OrdersList;
use crate::print_queue::PrintQueue;
use crate::settings::SettingsPage;
use crate::sync_context::{use_sync, SyncProvider};
use crate::sync_indicator::SyncIndicator;
use crate::toast::{use_toaster, ToastProvider};

/// Where the user is. No URL routing: a desktop window has no address bar.
#[derive(Clone, PartialEq)]
pub enum Route {
    Orders,
    NewOrder,
    Detail(Uuid),
    Edit(Rc<OrderView>),
    Bench,
    PrintQueue,
    Conflicts,
    Settings,
}

/// A callback (for any event) that navigates to `to`.
fn go<E: 'static>(navigate: &Callback<Route>, to: Route) -> Callback<E> {
    navigate.reform(move |_| to.clone())
}

#[function_component]
pub fn App() -> Html {
    html! { <ToastProvider><SyncProvider><Shell /></SyncProvider></ToastProvider> }
}

#[function_component]
fn Shell() -> Html {
    let route = use_state(|| Route::Orders);
    let query = use_state(ListQuery::default);
    let settings = use_state(|| None::<Rc<DeskSettings>>);
    let ready = use_state(|| false);
    let toaster = use_toaster();
    let sync = use_sync();

    {
        let settings = settings.clone();
        let toaster = toaster.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::get_settings().await {
                    Ok(loaded) => settings.set(Some(Rc::new(loaded))),
                    Err(error) => {
                        toaster.error(format!("Settings could not be loaded: {}", error.message))
                    }
                }
            });
        });
    }

    let role: Option<Role> = settings.as_ref().map(|s| s.operator_role);
    let can_create = role.is_some_and(|r| r.permits(Permission::CreateOrders));
    let navigate = {
        let route = route.clone();
        Callback::from(move |to: Route| route.set(to))
    };

    {
        let navigate = navigate.clone();
        let on_orders = *route == Route::Orders;
        // Shortcuts never leave a form: typed work would be lost.
        let on_form = matches!(*route, Route::NewOrder | Route::Edit(_));
        let sync_now = sync.sync_now.clone();
        use_shortcuts(Callback::from(move |shortcut| match shortcut {
            Shortcut::NewOrder if can_create && !on_form => navigate.emit(Route::NewOrder),
            Shortcut::OpenBench if !on_form => navigate.emit(Route::Bench),
            Shortcut::FocusSearch if !on_form => {
                if !on_orders {
                    navigate.emit(Route::Orders);
                }
                focus_soon("#search".into());
            }
            // Syncing leaves the page as it is, so it is safe on a form too.
            Shortcut::SyncNow => sync_now.emit(()),
            _ => {}
        }));
    }

    let page = match (*route).clone() {
        Route::Orders => html! {
            <OrdersList query={(*query).clone()}
                on_query={let query = query.clone(); Callback::from(move |q| query.set(q))}
                on_open={navigate.reform(Route::Detail)}
                on_new={go(&navigate, Route::NewOrder)}
                {can_create} {role}
                on_loaded={let ready = ready.clone(); Callback::from(move |_| if !*ready { ready.set(true) })} />
        },
        Route::NewOrder => html! {
            <OrderFormPage key="new" mode={FormMode::New}
                default_currency={settings.as_ref().map_or(Currency::USD, |s| s.default_currency)}
                on_saved={navigate.reform(|view: OrderView| Route::Detail(view.order.id))}
                on_cancel={go(&navigate, Route::Orders)} />
        },
        Route::Edit(view) => {
            let order_id = view.order.id;
            html! {
                <OrderFormPage key={format!("edit-{order_id}")} mode={FormMode::Edit(view.clone())}
                    default_currency={view.order.details.currency}
                    on_saved={navigate.reform(|view: OrderView| Route::Detail(view.order.id))}
                    on_cancel={go(&navigate, Route::Detail(order_id))} />
            }
        }
        Route::Detail(order_id) => html! {
            <OrderDetail key={order_id.to_string()} {order_id} {role}
                on_back={go(&navigate, Route::Orders)} on_edit={navigate.reform(Route::Edit)}
                on_open_settings={go(&navigate, Route::Settings)} />
        },
        Route::Bench => html! {
            <PackingBench {role} on_open_order={navigate.reform(Route::Detail)}
                on_open_settings={go(&navigate, Route::Settings)} />
        },
        Route::PrintQueue => html! { <PrintQueue /> },
        Route::Conflicts => {
            html! { <ConflictsPage on_open_order={navigate.reform(Route::Detail)} /> }
        }
        Route::Settings => html! {
            <SettingsPage settings={(*settings).clone()}
                on_saved={let settings = settings.clone(); Callback::from(move |s| settings.set(Some(Rc::new(s))))}
                on_back={go(&navigate, Route::Orders)} />
        },
    };

    let nav_button = |id: &'static str,
                      label: &'static str,
                      to: Route,
                      title: &'static str,
                      enabled: bool| {
        let current = *route == to;
        html! {
            <button type="button" {id} class={classes!("nav-link", current.then_some("active"))}
                aria-current={current.then_some("page")} {title} disabled={!enabled} onclick={go(&navigate, to)}>{ label }</button>
        }
    };
    let on_orders_section = matches!(*route, Route::Orders | Route::Detail(_));
    // Conflicts get a nav item only while there are some (or while their page
    // is open, so settling the last one does not pull the tab away).
    let conflicts = sync.conflicts();
    let show_conflicts = conflicts > 0 || *route == Route::Conflicts;
    let new_order_title = if can_create {
        "New order (Ctrl+N)"
    } else {
        "Your role cannot create orders"
    };

    html! {
        <div id="app" class="app" data-ready={ready.to_string()}>
            <header class="app-header">
                <div class="brand"><span class="brand-mark" aria-hidden="true">{ "P" }</span>{ "Packdesk" }</div>
                <nav class="nav" aria-label="Main">
                    <button type="button" id="nav-orders" class={classes!("nav-link", on_orders_section.then_some("active"))}
                        aria-current={on_orders_section.then_some("page")} onclick={go(&navigate, Route::Orders)}>{ "Orders" }</button>
                    { nav_button("new-order", "New order", Route::NewOrder, new_order_title, can_create) }
                    { nav_button("nav-bench", "Packing bench", Route::Bench, "Packing bench (Ctrl+B)", true) }
                    { nav_button("nav-print-queue", "Print queue", Route::PrintQueue, "Print queue", true) }
                    if show_conflicts {
                        <button type="button" id="nav-conflicts"
                            class={classes!("nav-link", (*route == Route::Conflicts).then_some("active"))}
                            aria-current={(*route == Route::Conflicts).then_some("page")}
                            title="Changes the server refused" onclick={go(&navigate, Route::Conflicts)}>
                            { "Conflicts" }
                            if conflicts > 0 { <span class="nav-count">{ conflicts }</span> }
                        </button>
                    }
                    { nav_button("nav-settings", "Settings", Route::Settings, "Settings", true) }
                </nav>
                <div class="operator">
                    <SyncIndicator on_open_settings={go(&navigate, Route::Settings)}
                        on_open_conflicts={go(&navigate, Route::Conflicts)} />
                    { match settings.as_ref() {
                        Some(s) => html! { <>
                            <span class="operator-name">{ &s.operator_name }</span>
                            <span class="badge badge-outline">{ s.operator_role.label() }</span>
                        </> },
                        None => html! { <span class="muted">{ "…" }</span> },
                    } }
                </div>
            </header>
            <main class="app-main">{ page }</main>
        </div>
    }
}

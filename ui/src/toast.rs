//! Toasts: short-lived notes in the top-right corner.
//!
//! [`ToastProvider`] owns the stack; any component below it calls
//! [`use_toaster`] and says `toaster.success("…")` or `toaster.error("…")`.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long a toast stays; errors a little longer, they need reading.
const SUCCESS_MS: u32 = 4_000;
const ERROR_MS: u32 = 6_000;
/// Older toasts beyond this are dropped so the corner never fills up.
const MAX_VISIBLE: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u32,
    kind: ToastKind,
    text: AttrValue,
}

enum ToastAction {
    Push(ToastKind, String),
    Dismiss(u32),
}

#[derive(Default, PartialEq)]
struct Toasts {
    next_id: u32,
    list: Vec<Toast>,
}

impl Reducible for Toasts {
    type Action = ToastAction;

    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        let mut list = self.list.clone();
        let mut next_id = self.next_id;
        match action {
            ToastAction::Push(kind, text) => {
                list.push(Toast {
                    id: next_id,
                    kind,
                    text: text.into(),
                });
                next_id = next_id.wrapping_add(1);
                let excess = list.len().saturating_sub(MAX_VISIBLE);
                list.drain(..excess);
            }
            ToastAction::Dismiss(id) => list.retain(|t| t.id != id),
        }
        Rc::new(Toasts { next_id, list })
    }
}

/// The handle components use to raise a toast.
#[derive(Clone, PartialEq)]
pub struct Toaster(Callback<(ToastKind, String)>);

impl Toaster {
    pub fn success(&self, text: impl Into<String>) {
        self.0.emit((ToastKind::Success, text.into()));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.0.emit((ToastKind::Error, text.into()));
    }
}

/// The toaster from the nearest [`ToastProvider`] (a silent one outside it).
#[hook]
pub fn use_toaster() -> Toaster {
    use_context::<Toaster>().unwrap_or_else(|| Toaster(Callback::noop()))
}

#[derive(Properties, PartialEq)]
pub struct ToastProviderProps {
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn ToastProvider(props: &ToastProviderProps) -> Html {
    let toasts = use_reducer(Toasts::default);
    let toaster = {
        let dispatcher = toasts.dispatcher();
        use_memo((), move |_| {
            Toaster(Callback::from(move |(kind, text)| {
                dispatcher.dispatch(ToastAction::Push(kind, text))
            }))
        })
    };
    let on_dismiss = {
        let dispatcher = toasts.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(ToastAction::Dismiss(id)))
    };
    html! {
        <ContextProvider<Toaster> context={(*toaster).clone()}>
            { props.children.clone() }
            <div class="toast-stack" role="status" aria-live="polite">
                { for toasts.list.iter().map(|toast| html! {
                    <ToastView key={toast.id} toast={toast.clone()} on_dismiss={on_dismiss.clone()} />
                }) }
            </div>
        </ContextProvider<Toaster>>
    }
}

#[derive(Properties, PartialEq)]
struct ToastViewProps {
    toast: Toast,
    on_dismiss: Callback<u32>,
}

#[function_component]
fn ToastView(props: &ToastViewProps) -> Html {
    let Toast { id, kind, text } = props.toast.clone();
    {
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            let delay = if kind == ToastKind::Error {
                ERROR_MS
            } else {
                SUCCESS_MS
            };
            let timer = Timeout::new(delay, move || on_dismiss.emit(id));
            move || drop(timer)
        });
    }
    let (class, icon) = match kind {
        ToastKind::Success => ("toast toast-success", "✓"),
        ToastKind::Error => ("toast toast-error", "!"),
    };
    let close = {
        let on_dismiss = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| on_dismiss.emit(id))
    };
    html! {
        <div {class} role={if kind == ToastKind::Error { "alert" } else { "status" }}>
            <span class="toast-icon" aria-hidden="true">{ icon }</span>
            <span class="toast-text">{ text }</span>
            <button type="button" class="toast-close" aria-label="Dismiss" onclick={close}>{ "×" }</button>
        </div>
    }
}

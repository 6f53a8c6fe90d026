//! App-wide keyboard shortcuts: Ctrl+N, Ctrl+F or `/`, Ctrl+S, Esc, F5 (sync
//! now), and the packing bench's Ctrl+B, F2, Ctrl+P and Ctrl+L.
//!
//! One document listener per subscriber; each page subscribes with
//! [`use_shortcuts`] and ignores the shortcuts it has no use for.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    NewOrder,
    FocusSearch,
    Save,
    Back,
    OpenBench,
    /// Back to the bench's scan box, e.g. to scan the next order.
    FocusScan,
    PrintPackingSlip,
    ReprintLabel,
    SyncNow,
}

impl Shortcut {
    /// How the shortcut is written in hints and titles.
    pub fn hint(self) -> &'static str {
        match self {
            Shortcut::NewOrder => "Ctrl+N",
            Shortcut::FocusSearch => "Ctrl+F or /",
            Shortcut::Save => "Ctrl+S",
            Shortcut::Back => "Esc",
            Shortcut::OpenBench => "Ctrl+B",
            Shortcut::FocusScan => "F2",
            Shortcut::PrintPackingSlip => "Ctrl+P",
            Shortcut::ReprintLabel => "Ctrl+L",
            Shortcut::SyncNow => "F5",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Shortcut::NewOrder => "New order",
            Shortcut::FocusSearch => "Search orders",
            Shortcut::Save => "Save the order or settings",
            Shortcut::Back => "Cancel, close or go back",
            Shortcut::OpenBench => "Open the packing bench",
            Shortcut::FocusScan => "On the packing bench: back to the scan box",
            Shortcut::PrintPackingSlip => {
                "On the Shipping tab or the bench: print the packing slip"
            }
            Shortcut::ReprintLabel => "On the Shipping tab or the bench: reprint the label",
            Shortcut::SyncNow => "Sync with the Packdesk server now",
        }
    }

    pub const ALL: [Shortcut; 9] = [
        Shortcut::NewOrder,
        Shortcut::FocusSearch,
        Shortcut::Save,
        Shortcut::Back,
        Shortcut::OpenBench,
        Shortcut::FocusScan,
        Shortcut::PrintPackingSlip,
        Shortcut::ReprintLabel,
        Shortcut::SyncNow,
    ];
}

/// A key press reduced to what decides a shortcut.
#[derive(Debug, Clone, Copy)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    pub alt: bool,
    /// Focus is in a text field, where `/` is just a character.
    pub typing: bool,
}

pub fn shortcut_for(press: KeyPress<'_>) -> Option<Shortcut> {
    if press.alt {
        return None;
    }
    match (press.command, press.key) {
        (true, "n" | "N") => Some(Shortcut::NewOrder),
        (true, "f" | "F") => Some(Shortcut::FocusSearch),
        (true, "s" | "S") => Some(Shortcut::Save),
        // Ctrl+P would open the window's print dialog, which prints the screen,
        // not the packing slip; it is taken over everywhere for that reason.
        (true, "b" | "B") => Some(Shortcut::OpenBench),
        (true, "p" | "P") => Some(Shortcut::PrintPackingSlip),
        (true, "l" | "L") => Some(Shortcut::ReprintLabel),
        (false, "Escape") => Some(Shortcut::Back),
        // A function key, so it works while a field (even the weight) has focus.
        (false, "F2") => Some(Shortcut::FocusScan),
        // F5 would reload the window, dropping whatever is typed; "refresh
        // with the server" is what a person pressing it means here.
        (false, "F5") => Some(Shortcut::SyncNow),
        (false, "/") if !press.typing => Some(Shortcut::FocusSearch),
        _ => None,
    }
}

fn is_text_entry(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Calls `handler` for every shortcut pressed while the component is mounted.
/// The newest `handler` is always used, so it may capture current state.
#[hook]
pub fn use_shortcuts(handler: Callback<Shortcut>) {
    let latest: Rc<RefCell<Callback<Shortcut>>> = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with((), move |_| {
        let listener = web_sys::window()
            .and_then(|w| w.document())
            .map(|document| {
                gloo_events::EventListener::new(&document, "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let press = KeyPress {
                        key: &event.key(),
                        command: event.ctrl_key() || event.meta_key(),
                        alt: event.alt_key(),
                        typing: is_text_entry(event.target()),
                    };
                    if let Some(shortcut) = shortcut_for(press) {
                        event.prevent_default();
                        latest.borrow().emit(shortcut);
                    }
                })
            });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, command: bool, typing: bool) -> Option<Shortcut> {
        shortcut_for(KeyPress {
            key,
            command,
            alt: false,
            typing,
        })
    }

    #[test]
    fn shortcuts() {
        assert_eq!(press("n", true, true), Some(Shortcut::NewOrder));
        assert_eq!(press("S", true, true), Some(Shortcut::Save));
        assert_eq!(press("f", true, false), Some(Shortcut::FocusSearch));
        assert_eq!(press("Escape", false, true), Some(Shortcut::Back));
        assert_eq!(press("/", false, false), Some(Shortcut::FocusSearch));
        assert_eq!(press("s", false, false), None);
        assert_eq!(
            shortcut_for(KeyPress {
                key: "n",
                command: true,
                alt: true,
                typing: false
            }),
            None
        );
    }

    #[test]
    fn bench_shortcuts_work_while_typing() {
        assert_eq!(press("b", true, true), Some(Shortcut::OpenBench));
        assert_eq!(press("F2", false, true), Some(Shortcut::FocusScan));
        assert_eq!(press("P", true, true), Some(Shortcut::PrintPackingSlip));
        assert_eq!(press("l", true, false), Some(Shortcut::ReprintLabel));
        assert_eq!(press("p", false, false), None);
    }

    #[test]
    fn f5_syncs_instead_of_reloading_even_while_typing() {
        assert_eq!(press("F5", false, true), Some(Shortcut::SyncNow));
        assert_eq!(press("F5", false, false), Some(Shortcut::SyncNow));
    }

    #[test]
    fn every_shortcut_has_a_distinct_hint() {
        let hints: std::collections::BTreeSet<_> = Shortcut::ALL.iter().map(|s| s.hint()).collect();
        assert_eq!(hints.len(), Shortcut::ALL.len());
    }

    #[test]
    fn a_slash_in_a_text_field_is_just_typed() {
        assert_eq!(press("/", false, true), None);
    }
}

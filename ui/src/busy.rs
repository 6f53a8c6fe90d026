//! "A request is in flight" for buttons that send commands.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

/// Rendered (to disable the button and show a spinner) and also checked
/// synchronously, because a double click lands before the re-render that
/// would disable the button.
#[derive(Clone)]
pub struct Busy {
    shown: UseStateHandle<bool>,
    now: Rc<Cell<bool>>,
}

impl Busy {
    /// For rendering.
    pub fn get(&self) -> bool {
        *self.shown
    }

    /// Marks the start of a request; `false` if one is already running.
    pub fn start(&self) -> bool {
        if self.now.replace(true) {
            return false;
        }
        self.shown.set(true);
        true
    }

    pub fn finish(&self) {
        self.now.set(false);
        self.shown.set(false);
    }
}

#[hook]
pub fn use_busy() -> Busy {
    let shown = use_state(|| false);
    let now = use_memo((), |_| Cell::new(false));
    Busy { shown, now }
}

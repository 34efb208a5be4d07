//! DOM event listeners that are removed together: a source listens to the
//! page's visibility and the browser's network state for as long as one of
//! its widgets lives, and must leave nothing behind on the page after.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// A set of listeners; [`Listeners::remove_all`] (or dropping the set)
/// removes every one of them.
///
/// ```ignore
/// let mut listeners = Listeners::default();
/// listeners.add(window.into(), "online", move || poll_soon());
/// // … later, when the last widget goes:
/// listeners.remove_all();
/// ```
#[derive(Default)]
pub struct Listeners {
    added: Vec<Added>,
}

/// One added listener: where, for which event, and the closure to remove.
type Added = (EventTarget, &'static str, Closure<dyn FnMut()>);

impl Listeners {
    /// Calls `f` on every `event` at `target` until removed.
    pub fn add(&mut self, target: EventTarget, event: &'static str, f: impl FnMut() + 'static) {
        let closure = Closure::wrap(Box::new(f) as Box<dyn FnMut()>);
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        self.added.push((target, event, closure));
    }

    /// Removes every listener added so far.
    pub fn remove_all(&mut self) {
        for (target, event, closure) in self.added.drain(..) {
            let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        self.remove_all();
    }
}

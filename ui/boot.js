// Starts the wasm app. A file, not an inline script, so the window's CSP
// (script-src 'self') needs no hashes.
import init from "./packdesk_ui.js";

init();

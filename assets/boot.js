// Starts the app. A separate file (not an inline script) so the page runs under a strict CSP.
// The wasm's URL is resolved against this file, so dist/ works from any host and sub-path.
import init from "./kharita.js";

init({ module_or_path: new URL("kharita_bg.wasm", import.meta.url) });

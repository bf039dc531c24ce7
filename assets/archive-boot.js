// Starts the app in the one-file archive (kharita-atlas.html), whose wasm is in the page, base64,
// as the page holds every file the app reads. `cargo xtask dist` bundles this with the app's glue
// into one module, which the archive's Content-Security-Policy allows by its hash.
import init from "./kharita.js";

const text = atob(document.getElementById("kharita-wasm").textContent);
const bytes = new Uint8Array(text.length);
for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
init({ module_or_path: bytes });

// Starts the app. A separate file (not an inline script) so the page runs under a strict CSP.
// The wasm's URL is resolved against this file, so dist/ works from any host and sub-path.
//
// The map's page holds a shell, written by `cargo xtask dist`: the map's frame in both
// languages, hidden. Shown here first, in the language the app will start in, as
// `UrlState::parse` and `Lang::from_browser` choose it (the URL's `lang`, else the first of the
// browser's languages the app speaks, else Arabic), it is what a reader sees while the wasm
// arrives, and the app replaces it once its data is read. If the app cannot start, the shell
// says so, and why, as text.
const shell = document.getElementById("kharita-shell");
if (shell) {
  const root = document.documentElement;
  const asked = new URLSearchParams(location.search).get("lang");
  const preferred = navigator.languages.map((tag) => tag.split(/[-_]/)[0].toLowerCase());
  root.lang = [asked, ...preferred].find((code) => code === "ar" || code === "en") ?? "ar";
  root.dir = root.lang === "ar" ? "rtl" : "ltr";
  shell.hidden = false;
}

// Imported once the shell is shown, not before: a static import would wait for the app's script.
import("./kharita.js")
  .then(({ default: init }) => init({ module_or_path: new URL("kharita_bg.wasm", import.meta.url) }))
  .catch((error) => {
    if (!shell?.isConnected) throw error;
    const [loading, failed] = shell.querySelectorAll(".status");
    loading.hidden = true;
    // In its own direction (a <bdi>), whatever the page's.
    failed.lastChild.textContent = String(error);
    failed.hidden = false;
    throw error;
  });

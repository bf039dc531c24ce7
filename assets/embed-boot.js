// Starts the embed and, inside a frame, tells the host page its height whenever it changes, so
// embed.js on that page can size the frame. The message carries nothing but the height.
import init from "./kharita.js";

init({ module_or_path: new URL("kharita_bg.wasm", import.meta.url) });

if (window.parent !== window) {
  const post = () =>
    window.parent.postMessage(
      { kharita: "height", height: Math.ceil(document.documentElement.getBoundingClientRect().height) },
      "*",
    );
  new ResizeObserver(post).observe(document.documentElement);
}

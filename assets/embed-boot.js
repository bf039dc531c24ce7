// Starts the embed (boot.js starts the app, which reads the page's data-mode) and, inside a frame,
// tells the host page its height whenever it changes, so embed.js on that page can size the
// frame. The message carries nothing but the height.
import "./boot.js";

if (window.parent !== window) {
  const post = () =>
    window.parent.postMessage(
      { kharita: "height", height: Math.ceil(document.documentElement.getBoundingClientRect().height) },
      "*",
    );
  new ResizeObserver(post).observe(document.documentElement);
}

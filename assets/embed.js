// Kharita on a host page, as one module script (its folder is the map's; send it with CORS):
// - sizes every <iframe data-kharita> to the height its page reports, using only messages from
//   one of those frames, from the frame's own origin, with the expected shape;
// - mounts the map into every <div data-kharita data-site="…" data-lang="ar" …> inside a shadow
//   root (styles isolated both ways; the div's own children, a static fallback, stay hidden
//   behind it). Its data- attributes are read like embed.html's URL query (data-version pins the
//   data as `data=` does); the host page's URL, history, scroll and keys are left alone.
const base = new URL(".", import.meta.url);
const noReferrer = { referrerPolicy: "no-referrer" };

addEventListener("message", (event) => {
  const message = event.data;
  if (typeof message !== "object" || message === null || message.kharita !== "height") return;
  const height = message.height;
  if (typeof height !== "number" || !Number.isFinite(height)) return;
  for (const frame of document.querySelectorAll("iframe[data-kharita]")) {
    if (frame.contentWindow !== event.source) continue;
    if (new URL(frame.src, location.href).origin !== event.origin) return;
    frame.style.height = `${Math.min(Math.max(Math.round(height), 120), 4000)}px`;
    return;
  }
});

const hosts = [...document.querySelectorAll("div[data-kharita]")].filter((host) => !host.shadowRoot);
if (hosts.length > 0) {
  const { default: init, mountEmbed } = await import(new URL("kharita.js", base).href);
  await init({ module_or_path: fetch(new URL("kharita_bg.wasm", base), noReferrer) });
  for (const host of hosts) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(host.dataset)) {
      if (key !== "kharita") query.set(key === "version" ? "data" : key, value);
    }
    const shadow = host.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("kharita.css", base).href;
    style.referrerPolicy = "no-referrer";
    const styled = new Promise((done) => {
      style.addEventListener("load", done);
      style.addEventListener("error", done);
    });
    const root = document.createElement("div");
    shadow.append(style, root);
    // Mounted once styled, so the map never shows unstyled on the host page.
    styled.then(() => mountEmbed(root, base.href, `?${query}`));
  }
}

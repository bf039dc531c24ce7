// Kharita embeds on a host page: sizes every <iframe data-kharita> to the height its page reports.
// Only messages from one of those frames, from the frame's own origin, with the expected shape,
// are used; everything else is ignored.
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

// Benchmark probe (cargo xtask bench), loaded first in the Kharita page and in the Leaflet and
// MapLibre baselines. It records, in milliseconds since navigation start:
// - painted: the animation frame that first draws the sites, timed when its callbacks run
//   (`performance.now()`): the frame's own timestamp is when Chromium began the frame, which
//   can be long before a task that held the frame back ends, and would date the paint too early;
// - interactive: the first frame that shows the response to a click on a site's symbol
//   (Kharita: the marker selected, as an element or among the painted ones; Leaflet and
//   MapLibre: a popup open).
// With "#no-click" in the address it only waits for the paint (for the frame-time run).
(() => {
  "use strict";
  const app = document.currentScript.dataset.app;
  const click = !location.hash.includes("no-click");
  const bench = (window.kharitaBench = { painted: null, interactive: null });
  const hooks = {
    kharita: {
      drawn: () =>
        document.querySelector(".markers > g") !== null ||
        Number(document.querySelector(".painted")?.dataset.painted) > 0,
      target() {
        const marker = document.querySelector(".markers > .marker");
        if (marker) {
          const box = marker.getBoundingClientRect();
          return {
            element: marker,
            x: box.left + box.width / 2,
            y: box.top + box.height / 2,
            responded: () => marker.classList.contains("selected"),
          };
        }
        // Painted markers (large atlases): click where the first painted symbol starts, which
        // is within the map's pick radius of its centre.
        const layer = document.querySelector(".painted[data-painted]");
        const painted = layer && [...layer.querySelectorAll("path.symbol")].find((p) => p.getAttribute("d"));
        const start = painted && /^M(-?[\d.]+) (-?[\d.]+)/.exec(painted.getAttribute("d"));
        if (!start) return null;
        const map = document.querySelector(".map-surface");
        const box = map.getBoundingClientRect();
        return {
          element: map,
          x: box.left + Number(start[1]),
          y: box.top + Number(start[2]),
          responded: () => layer.dataset.selected !== undefined,
        };
      },
      responded: (target) => target.responded(),
    },
    leaflet: {
      drawn: () => bench.leafletDrawn === true,
      target() {
        const map = window.benchMap;
        const first =
          window.benchLayer &&
          window.benchLayer.getLayers().find((layer) => layer instanceof L.CircleMarker);
        if (!first) return null;
        const point = map.latLngToContainerPoint(first.getLatLng());
        const box = map.getContainer().getBoundingClientRect();
        const canvas = map.getContainer().querySelector(".leaflet-overlay-pane canvas");
        return { element: canvas, x: box.left + point.x, y: box.top + point.y };
      },
      responded: () => document.querySelector(".leaflet-popup") !== null,
    },
    maplibre: {
      drawn: () => bench.maplibreDrawn === true,
      target() {
        const map = window.benchMap;
        const [first] = map.queryRenderedFeatures({ layers: ["points", "clusters"] });
        if (!first) return null;
        const point = map.project(first.geometry.coordinates);
        const canvas = map.getCanvas();
        const box = canvas.getBoundingClientRect();
        return { element: canvas, x: box.left + point.x, y: box.top + point.y };
      },
      responded: () => document.querySelector(".maplibregl-popup") !== null,
    },
  }[app];
  let clicked = null;
  const frame = () => {
    if (bench.painted === null && hooks.drawn()) bench.painted = performance.now();
    if (bench.painted !== null && click && bench.interactive === null) {
      if (clicked && hooks.responded(clicked)) bench.interactive = performance.now();
      else {
        clicked = hooks.target();
        if (clicked) {
          const { element, x, y } = clicked;
          for (const type of ["mousedown", "mouseup", "click"]) {
            element.dispatchEvent(
              new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y }),
            );
          }
        }
      }
    }
    if (bench.painted === null || (click && bench.interactive === null)) {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);

  // Frame times while the bench scripts a pan and zoom: for each frame, the main thread's time
  // from the frame's start (input handling included) to the end of its rendering work, measured
  // by a message posted from the frame's animation callback; and the interval between frames.
  bench.startFrames = () => {
    bench.work = [];
    bench.intervals = [];
    bench.recording = true;
    let previous = null;
    const record = (time) => {
      if (!bench.recording) return;
      if (previous !== null) bench.intervals.push(time - previous);
      previous = time;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => bench.work.push(performance.now() - time);
      channel.port2.postMessage(0);
      requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  };
  bench.stopFrames = () => {
    bench.recording = false;
    return { work: bench.work, intervals: bench.intervals };
  };
})();

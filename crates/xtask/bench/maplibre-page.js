// The MapLibre GL baseline (cargo xtask bench): the same atlas.geojson and the same Natural
// Earth basemap as the Kharita page, as GeoJSON sources without tiles, drawn with WebGL; the
// sites clustered by MapLibre's GeoJSON source, which runs supercluster in a web worker (its
// fastest built-in choice for many points). A clustered source holds points only, so the
// regions' outlines are not drawn; cluster sizes are drawn, not written: text needs a glyph
// server, and this page has no network.
(() => {
  "use strict";
  // The CSP build: its worker is a file beside the page, as the policy allows no blob worker.
  maplibregl.setWorkerUrl("maplibre-gl-csp-worker.js");
  // The worker fetches these, and its requests are not in the page's resource timing: the
  // bench counts them from here.
  window.benchWorkerFiles = ["maplibre-gl-csp-worker.js", "basemap.geojson", "atlas.geojson"];
  const map = new maplibregl.Map({
    container: "map",
    style: {
      version: 8,
      sources: {
        basemap: { type: "geojson", data: "basemap.geojson" },
        sites: {
          type: "geojson",
          data: "atlas.geojson",
          cluster: true,
          clusterRadius: 40,
          clusterMaxZoom: 12,
        },
      },
      layers: [
        { id: "sea", type: "background", paint: { "background-color": "#dde8ef" } },
        {
          id: "land",
          type: "fill",
          source: "basemap",
          filter: ["match", ["geometry-type"], ["Polygon", "MultiPolygon"], true, false],
          paint: { "fill-color": "#f3efe6" },
        },
        {
          id: "borders",
          type: "line",
          source: "basemap",
          filter: ["match", ["geometry-type"], ["LineString", "MultiLineString"], true, false],
          paint: { "line-color": "#9aa3ad", "line-width": 1 },
        },
        {
          id: "clusters",
          type: "circle",
          source: "sites",
          filter: ["has", "point_count"],
          paint: {
            "circle-color": "#4b5563",
            "circle-radius": ["step", ["get", "point_count"], 10, 100, 14, 1000, 18],
            "circle-stroke-color": "#fff",
            "circle-stroke-width": 2,
          },
        },
        {
          id: "points",
          type: "circle",
          source: "sites",
          filter: ["all", ["!", ["has", "point_count"]], ["==", ["geometry-type"], "Point"]],
          paint: {
            "circle-color": "#4b5563",
            "circle-radius": 7,
            "circle-stroke-color": "#fff",
            "circle-stroke-width": 2,
          },
        },
      ],
    },
    // The sites' bounds, written beside the page by the bench: Leaflet fits the same ones.
    bounds: window.benchBounds,
    fitBoundsOptions: { padding: 24 },
    attributionControl: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  window.benchMap = map;
  const popup = (event, text) => {
    const element = document.createElement("div");
    element.textContent = text;
    new maplibregl.Popup().setLngLat(event.lngLat).setDOMContent(element).addTo(map);
  };
  map.on("click", "points", (event) => {
    const { name_en: name, claim_count: claims } = event.features[0].properties;
    popup(event, `${name}: ${claims} claims`);
  });
  map.on("click", "clusters", (event) => {
    popup(event, `${event.features[0].properties.point_count} sites`);
  });
  // The sites are drawn in the first frame that renders any of their symbols.
  const drawn = () => {
    if (map.queryRenderedFeatures({ layers: ["clusters", "points"] }).length > 0) {
      window.kharitaBench.maplibreDrawn = true;
      window.kharitaBench.painted = performance.now();
      map.off("render", drawn);
    }
  };
  map.on("render", drawn);
})();

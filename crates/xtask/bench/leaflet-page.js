// The Leaflet baseline (cargo xtask bench): the same atlas.geojson and the same Natural Earth
// basemap as the Kharita page, as GeoJSON layers without tiles, sites as circle markers on
// Leaflet's canvas renderer (its fastest built-in choice for many points).
(async () => {
  "use strict";
  const map = L.map("map", { preferCanvas: true, zoomControl: true });
  window.benchMap = map;
  const [basemap, atlas] = await Promise.all(
    ["basemap.geojson", "atlas.geojson"].map((file) => fetch(file).then((r) => r.json())),
  );
  const label = (text) => {
    const element = document.createElement("span");
    element.textContent = text;
    return L.divIcon({ className: "place-label", html: element, iconSize: null });
  };
  L.geoJSON(basemap, {
    style: (feature) =>
      feature.geometry.type === "MultiPolygon"
        ? { color: "#9aa3ad", weight: 0, fillColor: "#f3efe6", fillOpacity: 1, interactive: false }
        : { color: "#9aa3ad", weight: 1, interactive: false },
    pointToLayer: (feature, at) =>
      L.marker(at, { icon: label(feature.properties.name_en), interactive: false }),
  }).addTo(map);
  const sites = L.geoJSON(atlas, {
    pointToLayer: (feature, at) =>
      L.circleMarker(at, { radius: 7, color: "#fff", weight: 2, fillColor: "#4b5563", fillOpacity: 1 }),
    style: { color: "#4b5563", weight: 1.5, fillOpacity: 0.15 },
  });
  sites.bindPopup((layer) => {
    const element = document.createElement("div");
    const { name_en: name, claim_count: claims } = layer.feature.properties;
    element.textContent = `${name}: ${claims} claims`;
    return element;
  });
  map.fitBounds(sites.getBounds(), { padding: [24, 24] });
  sites.addTo(map);
  window.benchLayer = sites;
  requestAnimationFrame(() => {
    window.kharitaBench.leafletDrawn = true;
    window.kharitaBench.painted = performance.now();
  });
})();

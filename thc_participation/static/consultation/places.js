// Help places on a Leaflet map. The list under the map stays the reference for keyboard
// and screen reader users; the map is a labelled region whose controls and markers (named
// after the place) are reachable by keyboard, never hidden from assistive technologies.
(function () {
  "use strict";
  var container = document.querySelector("[data-places-map]");
  if (!container || typeof L === "undefined") { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-place][data-lat]"));
  if (!items.length) { return; }
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap"
  }).addTo(map);
  var bounds = [];
  items.forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    var popup = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = item.dataset.name;
    popup.appendChild(name);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(item.dataset.address));
    L.marker(point, { title: item.dataset.name, alt: item.dataset.name })
      .addTo(map).bindPopup(popup);
    bounds.push(point);
  });
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
})();

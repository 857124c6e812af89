/* Open maps of the dashboard (Leaflet + OpenStreetMap tiles). The page stays complete
   without them: every map has a list or form fields that carry the same information. */
(function () {
  "use strict";
  var el = document.getElementById("actors-map");
  if (!el || typeof L === "undefined") { return; }
  var data = el.dataset;
  var map = L.map(el).setView([parseFloat(data.lat), parseFloat(data.lon)], parseInt(data.zoom, 10));
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: data.attribution
  }).addTo(map);

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function popup(props) {
    var box = document.createElement("div");
    box.appendChild(text("strong", props.name));
    box.appendChild(text("p", props.kind_label || ""));
    if (props.description) { box.appendChild(text("p", props.description)); }
    if (props.link) {
      var a = text("a", props.link_label || props.name);
      a.href = props.link;
      box.appendChild(a);
    }
    return box;
  }

  if (data.geojson) {
    fetch(data.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        var layer = L.geoJSON(geo, {
          onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
        }).addTo(map);
        if (geo.features.length > 1) { map.fitBounds(layer.getBounds(), { padding: [20, 20] }); }
      });
  }

  if (data.pickLat) {
    var lat = document.getElementById(data.pickLat);
    var lon = document.getElementById(data.pickLon);
    var marker = null;
    var place = function (latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    };
    var parse = function (value) { return parseFloat(String(value).replace(",", ".")); };
    if (lat.value && lon.value && !isNaN(parse(lat.value)) && !isNaN(parse(lon.value))) {
      place([parse(lat.value), parse(lon.value)]);
    }
    map.on("click", function (event) {
      place(event.latlng);
      lat.value = event.latlng.lat.toFixed(6).replace(".", ",");
      lon.value = event.latlng.lng.toFixed(6).replace(".", ",");
    });
  }
}());

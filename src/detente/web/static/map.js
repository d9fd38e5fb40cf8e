// Detente map page: draws the country boundaries (Natural Earth via the vendored world-atlas TopoJSON, decoded
// by the vendored topojson-client) under the server-rendered points, in the same equirectangular projection
// as the server (the SVG's data-* attributes). Builds SVG elements only; no HTML is parsed, nothing leaves the
// server.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function projector(svg) {
    var width = +svg.getAttribute("data-width"), height = +svg.getAttribute("data-height");
    var north = +svg.getAttribute("data-north"), south = +svg.getAttribute("data-south");
    return function (point) {
      var x = (point[0] + 180) / 360 * width;
      var y = (north - point[1]) / (north - south) * height;
      return x.toFixed(1) + "," + y.toFixed(1);
    };
  }

  // A ring crossing the antimeridian (Russia's Chukotka, Fiji) jumps 360 degrees between two points, which
  // would draw a band across the map: make its longitudes continuous, then draw it once more shifted by a
  // full turn so that the part beyond the edge shows at the other side (the SVG clips both).
  function unwrapped(ring) {
    var shift = 0, previous = ring[0][0];
    var points = ring.map(function (point) {
      if (point[0] - previous > 180) { shift -= 360; } else if (previous - point[0] > 180) { shift += 360; }
      previous = point[0];
      return [point[0] + shift, point[1]];
    });
    var lons = points.map(function (point) { return point[0]; });
    var copies = [points];
    if (Math.max.apply(null, lons) > 180) { copies.push(points.map(function (p) { return [p[0] - 360, p[1]]; })); }
    if (Math.min.apply(null, lons) < -180) { copies.push(points.map(function (p) { return [p[0] + 360, p[1]]; })); }
    return copies;
  }

  function pathData(geometry, project) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var parts = [];
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        if (ring.length < 3) { return; }
        unwrapped(ring).forEach(function (points) { parts.push("M" + points.map(project).join("L") + "Z"); });
      });
    });
    return parts.join("");
  }

  function draw(svg, topology) {
    var project = projector(svg);
    var layer = svg.querySelector("g.countries");
    var countries = window.topojson.feature(topology, topology.objects.countries).features;
    countries.forEach(function (country) {
      if (!country.geometry || country.id === "010") { return; }  // Antarctica is off the frame
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("class", "country");
      path.setAttribute("d", pathData(country.geometry, project));
      var title = document.createElementNS(SVG, "title");
      title.textContent = (country.properties && country.properties.name) || "";
      path.appendChild(title);
      layer.appendChild(path);
    });
    svg.classList.add("drawn");
  }

  function setup() {
    var svg = document.querySelector("svg.worldmap");
    if (!svg || !window.topojson) { return; }
    fetch(svg.getAttribute("data-topology"))
      .then(function (response) {
        if (!response.ok) { throw new Error("boundaries: HTTP " + response.status); }
        return response.json();
      })
      .then(function (topology) { draw(svg, topology); })
      .catch(function (error) { console.error("map boundaries could not be drawn:", error); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

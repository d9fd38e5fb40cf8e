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

  function pathData(geometry, project) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var parts = [];
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        if (ring.length > 2) { parts.push("M" + ring.map(project).join("L") + "Z"); }
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

/// The script and style of report.html's interactive maps, on the vendored
/// Leaflet (`LeafletAsset`). Leaflet does the panning, zooming, tooltips and
/// layer switches; written here is only what it has no layer for: firms and
/// grid cells drawn on one canvas (100,000 points redraw in milliseconds, where
/// as many Leaflet markers would take seconds), labels that appear once their
/// unit is large enough on screen, the legend, and the core/city buttons. Maps
/// are built when they come near the viewport. Each map's `div.zf-map` holds
/// its spec (`InteractiveMap.Spec`) as JSON; the page's layers are in
/// `window.ZONEFIT_LAYERS`. Without JavaScript, and in print, the static SVG
/// beside each map shows instead.
enum MapViewerScript {
    static let css = """
        .zf-map { display: none; }
        html.zf-js .zf-map { display: block; width: 100%; height: 560px; border: 1px solid #d0d7de; background: #ffffff; }
        html.zf-js .zf-map.zf-small { height: 340px; max-width: 620px; }
        html.zf-js figure[data-map] > svg { display: none; }
        html.zf-js figure.zf-failed > div.zf-map { display: none; }
        html.zf-js figure.zf-failed > svg { display: block; }
        .leaflet-container { font-family: \(ReportStyle.fontStack); font-size: 12px; background: #ffffff; }
        .zf-label { white-space: nowrap; pointer-events: none; }
        .zf-label span { position: absolute; transform: translate(-50%, -50%); font-size: 11px; color: #111111;
          text-shadow: 0 0 2px #ffffff, 0 0 2px #ffffff, 0 0 3px #ffffff; }
        .zf-ref-label span { position: absolute; transform: translate(-50%, -130%); font-size: 10px; font-style: italic;
          color: #444444; white-space: nowrap; text-shadow: 0 0 2px #ffffff, 0 0 2px #ffffff; }
        .zf-legend, .zf-buttons { background: #ffffff; padding: 6px 8px; border: 1px solid #c8ced6; border-radius: 4px;
          line-height: 1.35; }
        .zf-legend b { display: block; margin-bottom: 3px; }
        .zf-legend i { display: inline-block; width: 16px; height: 11px; margin-right: 6px; vertical-align: -1px;
          border: 1px solid #666666; }
        .zf-legend i.dot { width: 8px; height: 8px; border-radius: 50%; margin: 0 10px 0 4px; }
        .zf-legend i.outline { background: none; border-width: 2px; }
        .zf-legend p { margin: 4px 0 0; max-width: 220px; color: #444444; }
        .zf-buttons button { font: inherit; margin: 0 2px; padding: 1px 8px; cursor: pointer; }
        @media print { html.zf-js .zf-map { display: none; } html.zf-js figure[data-map] > svg { display: block; } }
        """

    static let script = #"""
        (function () {
          "use strict";
          var data = window.ZONEFIT_LAYERS;
          var stats = window.zonefitStats = { built: 0, redraws: [], errors: [] };
          if (!data || !window.L) { return; }
          document.documentElement.classList.add("zf-js");
          var words = data.words;

          // Layer coordinates are metres from the origin; the map's units are kilometres (L.CRS.Simple).
          function latLngs(flat) {
            var out = [];
            for (var i = 0; i + 1 < flat.length; i += 2) { out.push([flat[i + 1] / 1000, flat[i] / 1000]); }
            return out;
          }
          var unitRings = data.units.map(function (u) { return u.rings.map(latLngs); });
          var parkRings = data.parks.map(function (p) { return p.rings.map(latLngs); });
          var cityBounds = L.latLngBounds(unitRings.map(function (r) { return L.latLngBounds(r); })
            .reduce(function (all, b) { return all.concat([b.getSouthWest(), b.getNorthEast()]); }, []));

          function escape(text) {
            return String(text).replace(/[&<>"]/g, function (c) {
              return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
            });
          }

          // Points, counted cells or coloured cells on one canvas over the map, redrawn after each move.
          // Points are split by class once, so a redraw sets each colour once and only moves pixels.
          var Dots = L.Layer.extend({
            initialize: function (source, flat, colours, mode, cell) {
              this._source = source; this._colours = colours; this._mode = mode; this._cell = cell || 0;
              this._flat = flat;
            },
            onAdd: function (map) {
              if (this._mode === "points") { this._byClass = split(this._source, this._colours.length); }
              this._canvas = L.DomUtil.create("canvas", "zf-dots leaflet-zoom-hide");
              this._canvas.style.pointerEvents = "none";
              // Its own pane above the units (overlayPane is z-index 400), whatever order layers are switched on.
              var pane = map.getPane("zf-dots") || map.createPane("zf-dots");
              pane.style.zIndex = 450;
              pane.style.pointerEvents = "none";
              pane.appendChild(this._canvas);
              map.on("moveend zoomend resize viewreset", this._draw, this);
              this._draw();
            },
            onRemove: function (map) {
              L.DomUtil.remove(this._canvas);
              map.off("moveend zoomend resize viewreset", this._draw, this);
            },
            _draw: function () {
              var started = performance.now();
              var map = this._map, size = map.getSize(), canvas = this._canvas;
              L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
              canvas.width = size.x; canvas.height = size.y;
              var g = canvas.getContext("2d");
              var o = map.latLngToContainerPoint([0, 0]), u = map.latLngToContainerPoint([1, 1]);
              var sx = (u.x - o.x) / 1000, sy = (u.y - o.y) / 1000, w = size.x, h = size.y;
              if (this._mode === "points") {
                // Pixels written straight into one image: a canvas call per point is what would cost.
                var image = g.createImageData(w, h), pixels = new Uint32Array(image.data.buffer);
                for (var c = 0; c < this._byClass.length; c++) {
                  var xy = this._byClass[c], rgba = pixel(this._colours[c] || "#000000");
                  for (var i = 0; i < xy.length; i += 2) {
                    var x = Math.round(o.x + xy[i] * sx), y = Math.round(o.y + xy[i + 1] * sy);
                    if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) { continue; }
                    for (var r = y - 1; r <= y + 1; r++) {
                      var at = r * w + x;
                      pixels[at - 1] = rgba; pixels[at] = rgba; pixels[at + 1] = rgba;
                    }
                  }
                }
                g.putImageData(image, 0, 0);
              } else {
                var cell = Array.isArray(this._cell) ? this._cell : [this._cell, this._cell];
                var flat = this._flat, sideX = Math.max(2, cell[0] * sx), sideY = Math.max(2, -cell[1] * sy), most = 1;
                var side = Math.max(sideX, sideY);
                if (this._mode === "counts") { for (var k = 2; k < flat.length; k += 3) { most = Math.max(most, flat[k]); } }
                for (var j = 0; j + 2 < flat.length; j += 3) {
                  var cx = o.x + flat[j] * sx, cy = o.y + flat[j + 1] * sy;
                  if (cx < -side || cy < -side || cx > w + side || cy > h + side) { continue; }
                  g.fillStyle = this._mode === "counts"
                    ? "rgba(128,0,38," + (0.15 + 0.85 * Math.log(1 + flat[j + 2]) / Math.log(1 + most)).toFixed(3) + ")"
                    : this._colours[flat[j + 2]] || "#000000";
                  g.fillRect(cx - sideX / 2, cy - sideY / 2, sideX, sideY);
                }
              }
              stats.redraws.push(performance.now() - started);
            }
          });

          // A layer's points by class, made once per page on first use and shared by every map.
          function split(source, classes) {
            if (source.byClass) { return source.byClass; }
            var flat = source.points, counts = [], filled = [], i;
            for (i = 0; i < classes; i++) { counts.push(0); filled.push(0); }
            for (i = 2; i < flat.length; i += 3) { counts[flat[i]] += 1; }
            var byClass = counts.map(function (n) { return new Float64Array(2 * n); });
            for (i = 0; i + 2 < flat.length; i += 3) {
              var c = flat[i + 2], at = filled[c];
              byClass[c][at] = flat[i]; byClass[c][at + 1] = flat[i + 1]; filled[c] = at + 2;
            }
            source.byClass = byClass;
            return byClass;
          }

          // "#rrggbb" as one opaque pixel in the canvas's byte order (RGBA, little-endian words).
          function pixel(hex) {
            var n = parseInt(hex.slice(1), 16);
            return (0xff000000 | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff)) >>> 0;
          }

          function dots(source, mode) {
            var colours = source.classes.map(function (c) { return c.color; });
            return source.points ? new Dots(source, source.points, colours, "points")
              : new Dots(source, source.cells, colours, mode, source.cell);
          }

          function legendControl(spec) {
            var control = L.control({ position: "bottomright" });
            control.onAdd = function () {
              var div = L.DomUtil.create("div", "zf-legend");
              var html = "<b>" + escape(spec.figure) + "</b>";
              spec.legend.forEach(function (entry) {
                var kind = entry[2] === "dot" ? "dot" : (entry[2] === "outline" ? "outline" : "");
                var style = kind === "outline" ? "border-color:" + entry[0] : "background:" + entry[0];
                html += "<div><i class=\"" + kind + "\" style=\"" + style + "\"></i>" + escape(entry[1]) + "</div>";
              });
              ["firms", "flagged"].forEach(function (id) {
                if (data[id] && data[id].note) { html += "<p data-layer=\"" + id + "\">" + escape(data[id].note) + "</p>"; }
              });
              div.innerHTML = html;
              L.DomEvent.disableClickPropagation(div);
              L.DomEvent.disableScrollPropagation(div);
              return div;
            };
            return control;
          }

          function buttons(map, spec) {
            var control = L.control({ position: "topleft" });
            control.onAdd = function () {
              var div = L.DomUtil.create("div", "zf-buttons");
              var city = L.DomUtil.create("button", "zf-city", div);
              city.type = "button"; city.textContent = words.city;
              L.DomEvent.on(city, "click", function (e) { L.DomEvent.stop(e); map.fitBounds(cityBounds); });
              if (spec.inset) {
                var core = L.DomUtil.create("button", "zf-core", div);
                core.type = "button"; core.textContent = spec.insetButton;
                var box = L.latLngBounds([spec.inset[1] / 1000, spec.inset[0] / 1000], [spec.inset[3] / 1000, spec.inset[2] / 1000]);
                L.DomEvent.on(core, "click", function (e) { L.DomEvent.stop(e); map.fitBounds(box); });
              }
              L.DomEvent.disableClickPropagation(div);
              return div;
            };
            return control;
          }

          function build(div) {
            var spec = JSON.parse(div.getAttribute("data-zonefit-map"));
            var map = L.map(div, {
              crs: L.CRS.Simple, zoomSnap: 0.25, zoomDelta: 0.5, wheelPxPerZoomLevel: 90,
              attributionControl: false, minZoom: -6, maxZoom: 10
            });
            // Above the units (overlayPane, 400) whatever order the layers are switched on in.
            [["zf-parks", 405], ["zf-zones", 410], ["zf-ref", 420]].forEach(function (pane) {
              map.createPane(pane[0]).style.zIndex = pane[1];
            });
            map.fitBounds(cityBounds);
            map.setMinZoom(map.getZoom() - 1);
            map.setMaxZoom(map.getZoom() + 5);
            var emphasised = {};
            spec.emphasised.forEach(function (id) { emphasised[id] = true; });
            var overlays = {}, byID = {};

            var units = L.featureGroup();
            var order = data.units.map(function (u, i) { return i; }).sort(function (a, b) {
              return (emphasised[data.units[a].id] ? 1 : 0) - (emphasised[data.units[b].id] ? 1 : 0);
            });
            order.forEach(function (i) {
              var unit = data.units[i], style = spec.styles[unit.id] || ["#d9d9d9", ""];
              var strong = !!emphasised[unit.id];
              var base = { fillColor: style[0], fillOpacity: 0.92, color: strong ? "#000000" : "#ffffff",
                weight: strong ? 2 : 0.7, className: "zf-unit" };
              var polygon = L.polygon(unitRings[i], base);
              var tip = "<b>" + escape(unit.name) + "</b>" +
                (style[1] ? "<br>" + escape(spec.figure) + ": " + escape(style[1]) : "") +
                "<br><small>" + escape(words.open) + "</small>";
              polygon.bindTooltip(tip, { sticky: true, className: "zf-tip" });
              polygon.on("mouseover", function () { polygon.setStyle({ weight: 3, color: "#333333" }); });
              polygon.on("mouseout", function () { polygon.setStyle({ weight: base.weight, color: base.color }); });
              polygon.on("click", function () { window.location.hash = "unit-" + unit.id; });
              polygon.on("add", function () { polygon.getElement().setAttribute("data-unit", unit.id); });
              units.addLayer(polygon);
              byID[unit.id] = polygon;
            });
            overlays[data.names.units] = units;

            var zoneColour = {};
            data.zones.forEach(function (z) { zoneColour[z.id] = z.color; });
            var zones = L.layerGroup(data.units.map(function (unit, i) {
              return L.polygon(unitRings[i], { fill: false, color: zoneColour[unit.zone], weight: 3, opacity: 0.9,
                interactive: false, className: "zf-zone", pane: "zf-zones" });
            }));
            overlays[data.names.zones] = zones;

            var layers = { units: units, zones: zones };
            if (data.parks.length) {
              layers.parks = L.layerGroup(data.parks.map(function (park, i) {
                var receiving = park.receives > 0;
                var polygon = L.polygon(parkRings[i], { color: "#0072B2", weight: receiving ? 2.5 : 1.2,
                  dashArray: receiving ? null : "3 2", fillOpacity: receiving ? 0.5 : 0.3, className: "zf-park",
                  pane: "zf-parks" });
                polygon.bindTooltip("<b>" + escape(park.name) + "</b>" + (receiving
                  ? "<br>" + escape(words.receives) + ": " + park.receives : ""), { sticky: true });
                return polygon;
              }));
              overlays[data.names.parks] = layers.parks;
            }
            if (data.firms) { layers.firms = dots(data.firms, "counts"); overlays[data.names.firms] = layers.firms; }
            if (data.flagged) { layers.flagged = dots(data.flagged, "counts"); overlays[data.names.flagged] = layers.flagged; }
            if (data.hotSpots) {
              layers.hotSpots = new Dots(data.hotSpots, data.hotSpots.cells,
                data.hotSpots.classes.map(function (c) { return c.color; }), "classes", data.hotSpots.cell);
              overlays[data.names.hotSpots] = layers.hotSpots;
            }
            if (data.basemap) {
              var reference = data.basemap.lines.map(function (line) {
                return L.polyline(latLngs(line), { color: "#333333", weight: 1.2, opacity: 0.8, interactive: false,
                  className: "zf-ref", pane: "zf-ref" });
              }).concat(data.basemap.labels.map(function (label) {
                return L.marker([label.y / 1000, label.x / 1000], { interactive: false, keyboard: false,
                  icon: L.divIcon({ className: "zf-ref-label", html: "<span>" + escape(label.text) + "</span>", iconSize: null }) });
              }));
              layers.basemap = L.layerGroup(reference);
              overlays[data.names.basemap] = layers.basemap;
              layers.basemap.addTo(map);
            }
            spec.show.forEach(function (id) { if (layers[id]) { layers[id].addTo(map); } });
            L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
            if (spec.legend.length) { legendControl(spec).addTo(map); }
            buttons(map, spec).addTo(map);

            // Labels: shown once their unit is wider on screen than the text, the widest units first, none
            // overlapping another.
            var labelled = {};
            spec.labels.forEach(function (id) { labelled[id] = true; });
            var labels = data.units.filter(function (unit) { return labelled[unit.id] && unit.labelText; })
              .map(function (unit) {
                var icon = L.divIcon({ className: "zf-label", html: "<span>" + escape(unit.labelText) + "</span>", iconSize: null });
                var marker = L.marker([unit.label[1] / 1000, unit.label[0] / 1000], { icon: icon, interactive: false, keyboard: false });
                return { unit: unit, marker: marker, width: unit.labelText.length * (data.language === "zh" ? 11.5 : 6.5) + 6 };
              });
            function relabel() {
              var placed = [];
              labels.map(function (label) {
                var box = byID[label.unit.id].getBounds();
                var west = map.latLngToContainerPoint(box.getSouthWest()), east = map.latLngToContainerPoint(box.getNorthEast());
                return { label: label, room: Math.abs(east.x - west.x) };
              }).sort(function (a, b) { return b.room - a.room; }).forEach(function (entry) {
                var label = entry.label;
                var at = map.latLngToContainerPoint(label.marker.getLatLng());
                var box = [at.x - label.width / 2, at.y - 9, at.x + label.width / 2, at.y + 9];
                var free = entry.room > label.width + 10 && map.hasLayer(units) && !placed.some(function (other) {
                  return box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3];
                });
                if (free) { placed.push(box); label.marker.addTo(map); } else { label.marker.remove(); }
              });
            }
            map.on("zoomend overlayadd overlayremove", relabel);
            relabel();
            // A layer's note (binned to cells) shows in the legend while the layer is on.
            function notes() {
              Array.prototype.forEach.call(div.querySelectorAll(".zf-legend p[data-layer]"), function (p) {
                p.style.display = map.hasLayer(layers[p.getAttribute("data-layer")]) ? "" : "none";
              });
            }
            map.on("overlayadd overlayremove", notes);
            notes();
            div.zonefit = { map: map, layers: layers, spec: spec };
            stats.built += 1;
            if (stats.firstBuilt === undefined) { stats.firstBuilt = performance.now(); }
          }

          var pending = Array.prototype.slice.call(document.querySelectorAll("div.zf-map"));
          function buildSafely(div) {
            if (div.zonefit) { return; }
            try {
              build(div);
            } catch (error) {
              // This figure falls back to its static SVG; the error still reaches the console.
              stats.errors.push(String(error));
              div.parentNode.classList.add("zf-failed");
              throw error;
            }
          }
          if ("IntersectionObserver" in window) {
            var observer = new IntersectionObserver(function (entries) {
              entries.forEach(function (entry) {
                if (entry.isIntersecting) { observer.unobserve(entry.target); buildSafely(entry.target); }
              });
            }, { rootMargin: "600px 0px" });
            pending.forEach(function (div) { observer.observe(div); });
          } else {
            pending.forEach(buildSafely);
          }
          window.zonefitBuild = buildSafely;
          stats.ready = performance.now();
        })();
        """#
}

// Huiyin pages: small progressive enhancements only. Everything works without this file.
(function () {
  "use strict";

  // 登记: add another petitioner / representative row (copy of the first row, emptied).
  document.querySelectorAll("button[data-template]").forEach(function (button) {
    button.addEventListener("click", function () {
      var fieldset = button.closest("fieldset");
      var prefix = button.getAttribute("data-template");
      var rows = fieldset.querySelectorAll(".person-row");
      var max = parseInt(button.getAttribute("data-max") || "200", 10);
      if (rows.length >= max) { alert("代表不得超过 " + max + " 人（信访工作条例 第二十条）"); return; }
      var row;
      if (rows.length > 0) {
        row = rows[0].cloneNode(true);
        row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      } else {
        row = document.createElement("div");
        row.className = "person-row";
        [["name", "姓名"], ["id_number", "身份证号码"], ["phone", "联系电话"], ["address", "地址"]].forEach(function (f) {
          var label = document.createElement("label");
          label.textContent = f[1];
          var input = document.createElement("input");
          input.name = prefix + "_" + f[0];
          label.appendChild(input);
          row.appendChild(label);
        });
      }
      fieldset.insertBefore(row, button);
    });
  });

  // 网格地图: the grids' GeoJSON boundaries with Leaflet, coloured by open and overdue cases.
  var mapBox = document.getElementById("grid-map");
  if (mapBox) {
    var note = document.getElementById("map-note");
    if (typeof window.L === "undefined") {
      if (note) { note.textContent = "地图组件未安装（libjs-leaflet），以下为网格列表。"; }
    } else {
      var data = JSON.parse(document.getElementById("grid-data").textContent);
      var map = window.L.map(mapBox, { attributionControl: false, zoomSnap: 0.25 });
      var tiles = mapBox.getAttribute("data-tiles");
      if (tiles) { window.L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
      var colour = function (p) { return p.overdue_cases > 0 ? "#c92a2a" : p.open_cases > 0 ? "#f59f00" : "#2e7d32"; };
      var layer = window.L.geoJSON(data, {
        style: function (f) { return { color: "#1d1d1f", weight: 1, fillColor: colour(f.properties), fillOpacity: 0.45 }; },
        onEachFeature: function (f, l) {
          var p = f.properties;
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = "/staff/grids/" + encodeURIComponent(p.code);
          link.textContent = p.name;
          box.appendChild(link);
          [p.place, "网格员：" + (p.worker_name || "未指派"), "监督电话：" + (p.supervision_phone || "—"),
           "在办 " + p.open_cases + " 件，超期 " + p.overdue_cases + " 件"].forEach(function (t) {
            var line = document.createElement("div");
            line.textContent = t;
            box.appendChild(line);
          });
          l.bindPopup(box);
          l.bindTooltip(p.name.replace(/^.*?(第\d+网格)$/, function (all, g) { return all.slice(0, -g.length) + "\n" + g; }) +
            "\n在办 " + p.open_cases + (p.overdue_cases > 0 ? " · 超期 " + p.overdue_cases : ""),
            { permanent: true, direction: "center", className: "grid-label" });
          if (l.getElement) { l.on("add", function () { var e = l.getElement(); if (e) { e.setAttribute("data-grid", p.code); } }); }
        }
      }).addTo(map);
      if (layer.getLayers().length > 0) { map.fitBounds(layer.getBounds(), { padding: [12, 12] }); } else { map.setView([0, 0], 2); }
      mapBox.setAttribute("data-ready", String(layer.getLayers().length));
    }
  }

  // 统计分析: draw each chart from the table beside it (first column = labels, data-series column = values).
  if (typeof window.Chart === "undefined") { return; }
  var palette = ["#b3261e", "#1f6feb", "#2e7d32", "#f59f00", "#6f42c1", "#0b7285", "#c2255c", "#5c940d", "#e8590c", "#495057"];
  document.querySelectorAll("canvas[data-table]").forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute("data-table"));
    if (!table) { return; }
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var col = headers.findIndex(function (th) { return th.hasAttribute("data-series"); });
    if (col < 0) { return; }
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var cells = tr.querySelectorAll("td");
      labels.push(cells[0].textContent.trim());
      values.push(parseFloat(cells[col].textContent) || 0);
    });
    if (labels.length === 0) { canvas.parentNode.style.display = "none"; return; }
    var type = canvas.getAttribute("data-type") || "bar";
    if (type === "bar" && labels.length > 12) { labels = labels.slice(0, 12); values = values.slice(0, 12); }
    new window.Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: [{ label: headers[col].getAttribute("data-series"), data: values,
        backgroundColor: type === "line" ? "rgba(179,38,30,0.15)" : palette, borderColor: type === "line" ? "#b3261e" : palette,
        fill: type === "line", tension: 0.25 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: type === "doughnut" } },
        indexAxis: type === "bar" ? "y" : "x" }
    });
  });
})();

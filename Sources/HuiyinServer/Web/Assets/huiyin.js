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
